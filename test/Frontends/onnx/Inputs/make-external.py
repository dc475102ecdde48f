"""Writes models whose initializer lives in an external data file:
make-external.py DIR  ->  DIR/ok.onnx + DIR/weights.bin, DIR/missing.onnx
(file absent), DIR/escape.onnx (location '../weights.bin'), DIR/short.onnx
(length beyond the file); links and special files: DIR/symlink-out.onnx
(location 'link.bin', a symlink to ../outside/secret.bin beside DIR),
DIR/symlink-in.onnx (a relative symlink to weights.bin), DIR/symlink-abs.onnx
(an absolute symlink to DIR/weights.bin), DIR/fifo.onnx (a FIFO) and
DIR/directory.onnx (a directory)."""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
w = numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), "w")
graph = helper.make_graph(
    [helper.make_node("Add", ["x", "w"], ["y"])], "external",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])], [w])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
onnx.save_model(model, os.path.join(out, "ok.onnx"), save_as_external_data=True,
                all_tensors_to_one_file=True, location="weights.bin",
                size_threshold=0)


def variant(name, location, length=None):
    m = onnx.load(os.path.join(out, "ok.onnx"), load_external_data=False)
    t = m.graph.initializer[0]
    for entry in t.external_data:
        if entry.key == "location":
            entry.value = location
        if entry.key == "length" and length is not None:
            entry.value = str(length)
    with open(os.path.join(out, name), "wb") as f:
        f.write(m.SerializeToString())


variant("missing.onnx", "absent.bin")
variant("escape.onnx", "../weights.bin")
variant("short.onnx", "weights.bin", length=4096)
variant("symlink-out.onnx", "link.bin")
variant("symlink-in.onnx", "inner.bin")
variant("symlink-abs.onnx", "absolute.bin")
variant("fifo.onnx", "fifo.bin")
variant("directory.onnx", "subdir")

outside = os.path.join(os.path.dirname(os.path.abspath(out)), "outside")
os.makedirs(outside, exist_ok=True)
np.full(6, 42.0, dtype=np.float32).tofile(os.path.join(outside, "secret.bin"))
os.symlink("../outside/secret.bin", os.path.join(out, "link.bin"))
os.symlink("weights.bin", os.path.join(out, "inner.bin"))
os.symlink(os.path.abspath(os.path.join(out, "weights.bin")),
           os.path.join(out, "absolute.bin"))
os.mkfifo(os.path.join(out, "fifo.bin"))
os.makedirs(os.path.join(out, "subdir"))
