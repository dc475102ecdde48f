"""Writes a backend-style case (no expected outputs: compare with ONNX
Runtime) of a tf_crop_and_resize whose crop box reaches outside the input
along both axes, with inf and NaN at element 0: outputs outside the box
must be the extrapolation value, not inf * 0.

Usage: make-crop-case.py DIR"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

case = sys.argv[1]
os.makedirs(os.path.join(case, "test_data_set_0"), exist_ok=True)
roi = numpy_helper.from_array(
    np.array([0, 0, -0.4, 0.2, 1, 1, 0.9, 1.6], np.float32), "roi")
scales = numpy_helper.from_array(
    np.array([1, 1, 1.5, 1.25], np.float32), "scales")
nodes = [
    helper.make_node("Resize", ["x", "roi", "scales"], [out], mode=mode,
                     coordinate_transformation_mode="tf_crop_and_resize",
                     extrapolation_value=10.0)
    for mode, out in (("linear", "y"), ("nearest", "z"), ("cubic", "w"))]
graph = helper.make_graph(
    nodes, "crop",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 4, 4])],
    [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 1, 6, 5])
     for n in ("y", "z", "w")],
    initializer=[roi, scales])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.checker.check_model(model)
onnx.save(model, os.path.join(case, "model.onnx"))
x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
x[0, 0, 0, 0] = np.inf
x[0, 0, 0, 1] = np.nan
with open(os.path.join(case, "test_data_set_0", "input_0.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x).SerializeToString())
