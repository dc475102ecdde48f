"""Writes models whose initializer lives in an external data file:
make-external.py DIR  ->  DIR/ok.onnx + DIR/weights.bin, DIR/missing.onnx
(file absent), DIR/escape.onnx (location '../weights.bin'), DIR/short.onnx
(length beyond the file)."""
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
