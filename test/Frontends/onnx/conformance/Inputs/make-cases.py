"""Writes a miniature backend-test tree for the conformance runner's own
tests: DIR/node/{test_good,test_wrong,test_unsupported}, each a model with
one test_data_set. test_wrong's expected output is deliberately off."""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def case(root, name, op, expected_fn, out_shape=(2, 2)):
    d = os.path.join(root, "node", name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    graph = helper.make_graph(
        [helper.make_node(op, ["x"], ["y"])], name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(out_shape))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, os.path.join(d, "model.onnx"))
    x = np.array([[1.0, -2.0], [3.0, -4.0]], dtype=np.float32)
    for fname, arr in (("input_0.pb", x), ("output_0.pb", expected_fn(x))):
        with open(os.path.join(d, "test_data_set_0", fname), "wb") as f:
            f.write(numpy_helper.from_array(arr).SerializeToString())


root = sys.argv[1]
case(root, "test_good", "Relu", lambda x: np.maximum(x, 0))
case(root, "test_wrong", "Relu", lambda x: np.maximum(x, 0) + 1)
case(root, "test_unsupported", "Det",
     lambda x: np.array(np.linalg.det(x), dtype=np.float32), out_shape=())
