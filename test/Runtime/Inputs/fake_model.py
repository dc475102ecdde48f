#!/usr/bin/env python3
"""Inputs for the fake-model executables and checks of what they write.

The executables (nabla-fake-model, nabla-fake-weights-model) run the
hand-written model of test/Unit/Runtime/FakeModel.c through the runtime's
main; NumPy is the reference for every value they write.

  fake_model.py inputs DIR                writes DIR/{a,b,k}.npy, the same
                                          arrays in other .npy layouts under
                                          DIR/formats/, and bad inputs
  fake_model.py weights FILE [SIZE]       writes the weights (or SIZE zeros)
  fake_model.py check DIR OUTDIR [WEIGHTS] checks OUTDIR holds exactly the
                                          model's four outputs, with the
                                          right names, dtypes and values
  fake_model.py bench FILE                checks the two --bench lines
"""
import os
import re
import sys

import numpy as np

A = np.array([[1, -2, 3.5], [0, 10, -7]], dtype="<f4")
B = np.array([[0.5, 4, -1], [0, 10, 8]], dtype="<f4")
K = np.array(-21, dtype="<i8")
W = np.array([0.5, 1, 1.5, 2, 2.5, 3], dtype="<f4")


def write(path, array, version=None):
    with open(path, "wb") as f:
        if version is None:
            np.save(f, array)
        else:
            np.lib.format.write_array(f, array, version=version)


def inputs(directory):
    write(os.path.join(directory, "a.npy"), A)
    write(os.path.join(directory, "b.npy"), B)
    write(os.path.join(directory, "k.npy"), K)
    # The same values as NumPy may also store them.
    formats = os.path.join(directory, "formats")
    os.makedirs(formats, exist_ok=True)
    write(os.path.join(formats, "a.npy"), np.asfortranarray(A.astype(">f4")))
    write(os.path.join(formats, "b.npy"), B, version=(3, 0))
    write(os.path.join(formats, "k.npy"), K.astype(">i8"), version=(2, 0))
    # Inputs the model must refuse.
    write(os.path.join(directory, "a_f64.npy"), A.astype("f8"))
    write(os.path.join(directory, "b_3x2.npy"), np.ascontiguousarray(B.T))
    write(os.path.join(directory, "k_f4.npy"), np.array([1], dtype="f4"))
    with open(os.path.join(directory, "text.npy"), "w") as f:
        f.write("not an array\n")
    with open(os.path.join(directory, "a.npy"), "rb") as f:
        data = f.read()
    with open(os.path.join(directory, "truncated.npy"), "wb") as f:
        f.write(data[:-4])


def weights(path, size=None):
    with open(path, "wb") as f:
        f.write(W.tobytes() if size is None else bytes(int(size)))


def check(directory, outdir, weights_path=None):
    bias = 0
    if weights_path:
        bias = np.fromfile(weights_path, dtype="<f4").reshape(2, 3)
    a, b, k = (np.load(os.path.join(directory, n + ".npy"))
               for n in ("a", "b", "k"))
    expected = {
        "sum_0.npy": a + b + bias,   # output "sum/0"
        "sum_0_1.npy": a * b,        # output "sum:0", same sanitized name
        "k_x2.npy": 2 * k,           # output "k x2"
        "a_b.npy": a > b,            # output "a>b"
    }
    found = sorted(os.listdir(outdir))
    if found != sorted(expected):
        sys.exit(f"files in {outdir}: {found}, expected {sorted(expected)}")
    for name, want in expected.items():
        got = np.load(os.path.join(outdir, name))
        if got.dtype != want.dtype or got.shape != want.shape:
            sys.exit(f"{name}: {got.dtype} {got.shape}, expected "
                     f"{want.dtype} {want.shape}")
        if not np.array_equal(got, want):
            sys.exit(f"{name}: {got.tolist()}, expected {want.tolist()}")
    print("outputs ok")


def bench(path):
    with open(path) as f:
        lines = f.read().splitlines()
    number = r"([0-9]+(?:\.[0-9]+)?)"
    if len(lines) != 2:
        sys.exit(f"expected 2 lines, got {lines}")
    latency = re.fullmatch(f"latency_ms: median={number} min={number}",
                           lines[0])
    rss = re.fullmatch(f"peak_rss_mb: {number}", lines[1])
    if not latency or not rss:
        sys.exit(f"bad --bench output: {lines}")
    median, minimum = float(latency[1]), float(latency[2])
    if not 0 <= minimum <= median or float(rss[1]) <= 0:
        sys.exit(f"implausible --bench numbers: {lines}")
    print("bench ok")


if __name__ == "__main__":
    commands = {"inputs": inputs, "weights": weights, "check": check,
                "bench": bench}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
