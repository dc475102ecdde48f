#!/usr/bin/env python3
"""Writes ONNX backend-style test cases for the `Gradient` operator
(ai.onnx.preview.training): each model computes y from its inputs and asks
for d sum(y) / dx. The expected gradients are central finite differences of
a NumPy float64 evaluation of the same formula, so they check every
derivative rule independently of Nabla.

Usage: make-gradient-cases.py OUT_DIR   (writes OUT_DIR/simple/test_*/, laid out
like the backend test data so that scripts/onnx-conformance.py runs them)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

TRAINING = "ai.onnx.preview.training"


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


# name -> (input shapes, xs (input names), ONNX nodes computing "y",
#          NumPy forward over the inputs (float64), positive inputs?)
CASES = {
    "add_broadcast": (
        {"a": [2, 3], "b": [3]}, ["a", "b"],
        [helper.make_node("Add", ["a", "b"], ["y"])],
        lambda a, b: a + b, False),
    "sub_broadcast": (
        {"a": [2, 1, 3], "b": [4, 1]}, ["a", "b"],
        [helper.make_node("Sub", ["a", "b"], ["y"])],
        lambda a, b: a - b, False),
    "mul_broadcast": (
        {"a": [2, 3], "b": [2, 1]}, ["a", "b"],
        [helper.make_node("Mul", ["a", "b"], ["y"])],
        lambda a, b: a * b, False),
    "div_broadcast": (
        {"a": [3, 4], "b": [1, 4]}, ["a", "b"],
        [helper.make_node("Div", ["a", "b"], ["y"])],
        lambda a, b: a / b, True),
    "neg_exp_log_sqrt": (
        {"a": [2, 3]}, ["a"],
        [helper.make_node("Exp", ["a"], ["e"]),
         helper.make_node("Log", ["a"], ["l"]),
         helper.make_node("Sqrt", ["a"], ["s"]),
         helper.make_node("Neg", ["s"], ["n"]),
         helper.make_node("Mul", ["e", "l"], ["el"]),
         helper.make_node("Add", ["el", "n"], ["y"])],
        lambda a: np.exp(a) * np.log(a) - np.sqrt(a), True),
    "activations": (
        {"a": [3, 4], "b": [4]}, ["a", "b"],
        [helper.make_node("Tanh", ["a"], ["t"]),
         helper.make_node("Sigmoid", ["b"], ["s"]),
         helper.make_node("Mul", ["t", "s"], ["ts"]),
         helper.make_node("Relu", ["ts"], ["y"])],
        lambda a, b: np.maximum(np.tanh(a) * sigmoid(b), 0), False),
    # A value used twice accumulates both contributions.
    "reuse": (
        {"a": [5]}, ["a"],
        [helper.make_node("Mul", ["a", "a"], ["sq"]),
         helper.make_node("Add", ["sq", "a"], ["y"])],
        lambda a: a * a + a, False),
    # y does not depend on b: its gradient is zero; c is a zs input.
    "independent_and_zs": (
        {"a": [2, 2], "b": [2, 2], "c": [2, 2]}, ["a", "b"],
        [helper.make_node("Mul", ["a", "c"], ["y"])],
        lambda a, b, c: a * c, False),
}


def finite_difference(forward, inputs, name, eps=1e-6):
    grad = np.zeros_like(inputs[name])
    flat = grad.reshape(-1)
    for i in range(flat.size):
        plus = {k: v.copy() for k, v in inputs.items()}
        minus = {k: v.copy() for k, v in inputs.items()}
        plus[name].reshape(-1)[i] += eps
        minus[name].reshape(-1)[i] -= eps
        flat[i] = (forward(**plus).sum() - forward(**minus).sum()) / (2 * eps)
    return grad


def write_case(out_dir, name, case, rng):
    shapes, xs, nodes, forward, positive = case
    inputs = {}
    for input_name, shape in shapes.items():
        value = rng.uniform(0.5, 2.0, shape) if positive else \
            rng.uniform(-2.0, 2.0, shape)
        # float32-representable, so NumPy and the model see the same inputs.
        inputs[input_name] = value.astype(np.float32).astype(np.float64)
    y = forward(**inputs)
    zs = [n for n in shapes if n not in xs]
    grad_names = ["d_" + x for x in xs]
    # An empty list attribute has no type in ONNX; leave zs out instead.
    extra = {"zs": zs} if zs else {}
    gradient = helper.make_node("Gradient", xs + zs, grad_names,
                                domain=TRAINING, xs=xs, y="y", **extra)
    graph = helper.make_graph(
        nodes + [gradient], "gradient_" + name,
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s)
         for n, s in shapes.items()],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y.shape)] +
        [helper.make_tensor_value_info(g, TensorProto.FLOAT, shapes[x])
         for g, x in zip(grad_names, xs)])
    model = helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 13), helper.make_opsetid(TRAINING, 1)])
    case_dir = os.path.join(out_dir, "simple", "test_gradient_" + name)
    data_dir = os.path.join(case_dir, "test_data_set_0")
    os.makedirs(data_dir, exist_ok=True)
    onnx.save(model, os.path.join(case_dir, "model.onnx"))
    for i, (input_name, value) in enumerate(inputs.items()):
        tensor = numpy_helper.from_array(value.astype(np.float32), input_name)
        with open(os.path.join(data_dir, "input_%d.pb" % i), "wb") as f:
            f.write(tensor.SerializeToString())
    outputs = [("y", y)] + [
        (g, finite_difference(forward, inputs, x))
        for g, x in zip(grad_names, xs)]
    for i, (output_name, value) in enumerate(outputs):
        tensor = numpy_helper.from_array(value.astype(np.float32), output_name)
        with open(os.path.join(data_dir, "output_%d.pb" % i), "wb") as f:
            f.write(tensor.SerializeToString())


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rng = np.random.default_rng(7)
    for name, case in CASES.items():
        write_case(sys.argv[1], name, case, rng)


if __name__ == "__main__":
    main()
