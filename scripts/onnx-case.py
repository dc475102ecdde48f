#!/usr/bin/env python3
"""Runs one ONNX backend test case (a directory with model.onnx and
test_data_set_*/{input,output}_*.pb) through nablac and the compiled
executable, and compares with ONNX's expected outputs (rtol 1e-3, atol 1e-7,
ONNX's backend-test tolerances).

Usage: onnx-case.py CASE_DIR [--nablac PATH] [--keep DIR] [-v]
Prints one line: "<case> pass|fail|unsupported|crash: detail"; exit 0 on pass.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

RTOL, ATOL = 1e-3, 1e-7


def sanitize(name, index):
    s = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:200]
    return s or "output%d" % index


def classify_returncode(rc):
    # Negative: killed by a signal (segfault, abort): a crash.
    return "crash" if rc < 0 else None


def run_case(case_dir, nablac, workdir, verbose=False, timeout=300):
    model_path = os.path.join(case_dir, "model.onnx")
    exe = os.path.join(workdir, "model")
    proc = subprocess.run([nablac, model_path, "-o", exe],
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        detail = proc.stderr.strip().splitlines()
        if classify_returncode(proc.returncode):
            return "crash", "nablac: signal %d: %s" % (-proc.returncode,
                                                      " | ".join(detail[-3:]))
        if not any("error" in l for l in detail):
            return "crash", "nablac exit %d without an error message" % proc.returncode
        return "unsupported", " | ".join(detail[:4])
    model = onnx.load(model_path, load_external_data=False)
    inits = {i.name for i in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in inits]
    outputs = list(model.graph.output)
    sets = sorted(d for d in os.listdir(case_dir) if d.startswith("test_data_set_"))
    worst = 0.0
    for s in sets:
        sdir = os.path.join(case_dir, s)
        in_files = []
        for k in range(len(inputs)):
            t = onnx.TensorProto()
            with open(os.path.join(sdir, "input_%d.pb" % k), "rb") as f:
                t.ParseFromString(f.read())
            arr = numpy_helper.to_array(t)
            path = os.path.join(workdir, "%s_in%d.npy" % (s, k))
            np.save(path, arr)
            in_files.append(path)
        outdir = os.path.join(workdir, s + "_out")
        run = subprocess.run([exe, *in_files, "-o", outdir],
                             capture_output=True, text=True, timeout=timeout)
        if run.returncode != 0:
            if run.returncode < 0:
                return "crash", "executable: signal %d" % -run.returncode
            return "fail", "executable exit %d: %s" % (run.returncode,
                                                       run.stderr.strip()[:300])
        for k, out in enumerate(outputs):
            t = onnx.TensorProto()
            with open(os.path.join(sdir, "output_%d.pb" % k), "rb") as f:
                t.ParseFromString(f.read())
            expected = numpy_helper.to_array(t)
            got = np.load(os.path.join(outdir, sanitize(out.name, k) + ".npy"))
            if got.shape != expected.shape:
                return "fail", "%s: output %r shape %s, expected %s" % (
                    s, out.name, got.shape, expected.shape)
            if expected.dtype == object or got.dtype != expected.dtype:
                return "fail", "%s: output %r dtype %s, expected %s" % (
                    s, out.name, got.dtype, expected.dtype)
            if expected.dtype.kind in "fc":
                ok = np.allclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
                with np.errstate(all="ignore"):
                    err = np.abs(got.astype(np.float64) - expected.astype(np.float64))
                    err = float(np.nanmax(err)) if err.size else 0.0
                worst = max(worst, err)
            else:
                ok = np.array_equal(got, expected)
            if not ok:
                return "fail", "%s: output %r differs (max abs error %.3g)" % (
                    s, out.name, worst if expected.dtype.kind in "fc" else float("nan"))
    return "pass", "%d data set(s), max abs error %.3g" % (len(sets), worst)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--nablac", default=os.path.join(
        os.path.dirname(__file__), "..", "build", "bin", "nablac"))
    p.add_argument("--keep")
    p.add_argument("-v", action="store_true")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = a.keep or tmp
        os.makedirs(work, exist_ok=True)
        try:
            status, detail = run_case(a.case.rstrip("/"), a.nablac, work, a.v)
        except subprocess.TimeoutExpired:
            status, detail = "crash", "timeout"
    print("%s %s: %s" % (os.path.basename(a.case.rstrip("/")), status, detail))
    sys.exit(0 if status == "pass" else 1)


if __name__ == "__main__":
    main()
