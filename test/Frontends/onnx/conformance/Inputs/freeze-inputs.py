"""Copies backend-test cases whose refusal is a run-time input that Nabla
needs at compile time (Resize's scales and roi, ReduceSum's axes) with those
inputs frozen into initializers from the test data, so that the runner
checks the import of such models against ONNX's expected outputs.

Usage: freeze-inputs.py SRC_DATA DST_DATA CASE_REGEX
Every input but the first is frozen; a case whose data sets disagree on a
frozen input is skipped (it cannot be one compiled model)."""
import glob
import os
import re
import shutil
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def read(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def freeze(src, dst):
    model = onnx.load(os.path.join(src, "model.onnx"))
    graph = model.graph
    sets = sorted(glob.glob(os.path.join(src, "test_data_set_*")))
    frozen = {}
    for i in range(1, len(graph.input)):
        values = [read(os.path.join(s, "input_%d.pb" % i)) for s in sets]
        if any(v.shape != values[0].shape or not np.array_equal(v, values[0])
               for v in values[1:]):
            return False
        frozen[graph.input[i].name] = values[0]
    kept = graph.input[0]
    del graph.input[1:]
    for name, value in frozen.items():
        graph.initializer.append(numpy_helper.from_array(value, name))
    assert graph.input[0] == kept
    os.makedirs(dst, exist_ok=True)
    onnx.save(model, os.path.join(dst, "model.onnx"))
    for s in sets:
        out = os.path.join(dst, os.path.basename(s))
        os.makedirs(out, exist_ok=True)
        shutil.copy(os.path.join(s, "input_0.pb"), out)
        for f in glob.glob(os.path.join(s, "output_*.pb")):
            shutil.copy(f, out)
    return True


src, dst, pattern = sys.argv[1:4]
count = 0
for case in sorted(glob.glob(os.path.join(src, "*", "test_*"))):
    category, name = case.split(os.sep)[-2:]
    if re.search(pattern, category + "/" + name) and freeze(
            case, os.path.join(dst, category, name)):
        count += 1
print("froze %d cases" % count)
