"""Runs one backend-test case (data set 0) with ONNX Runtime and with a
nablac-compiled executable, and prints how far each is from the other and,
when the case has them, from its expected outputs.

Usage: against-ort.py NABLAC ORT_REFERENCE_JS CASE_DIR WORKDIR"""
import glob
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

nablac, ort_js, case, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)


def read(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


data = os.path.join(case, "test_data_set_0")
inputs = []
for i, path in enumerate(sorted(glob.glob(os.path.join(data, "input_*.pb")))):
    inputs.append(os.path.join(work, "input_%d.npy" % i))
    np.save(inputs[-1], read(path))
model = os.path.join(case, "model.onnx")
exe = os.path.join(work, "model")
subprocess.run(["node", ort_js, model, os.path.join(work, "ort")] + inputs,
               check=True)
subprocess.run([nablac, model, "-o", exe], check=True)
subprocess.run([exe] + inputs + ["-o", os.path.join(work, "nabla")],
               check=True, stdout=subprocess.DEVNULL)
graph = onnx.load(model).graph
for i, output in enumerate(graph.output):
    ort = np.load(os.path.join(work, "ort", output.name + ".npy"))
    nabla = np.load(os.path.join(work, "nabla", output.name + ".npy"))
    agree = ort.shape == nabla.shape and np.allclose(
        nabla, ort, rtol=1e-5, atol=1e-6, equal_nan=True)
    line = "%s: Nabla and ONNX Runtime %s (max abs difference %.3g)" % (
        output.name, "agree" if agree else "DISAGREE",
        np.nanmax(np.abs(nabla - ort)) if agree else np.abs(nabla - ort).max())
    expected = os.path.join(data, "output_%d.pb" % i)
    if os.path.exists(expected):
        line += "; ONNX's expected output is %.3g away" % np.abs(
            ort - read(expected)).max()
    print(line)
