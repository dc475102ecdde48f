#!/usr/bin/env python3
"""Checks that the benchmark harness's results.json is well formed (every
runner measured a positive, finite latency and RSS; outputs agree within
the harness's tolerance) and that the chart is a PNG. Prints one line per
item for FileCheck. No time is compared with anything.
  check-results.py RESULTS.json CHART.png"""
import json
import math
import sys


def positive(x):
    return isinstance(x, (int, float)) and math.isfinite(x) and x > 0


def main():
    results = json.load(open(sys.argv[1]))
    rtol = results["settings"]["rtol"]
    for m in results["models"]:
        assert "error" not in m, m["error"]
        assert positive(m["compile_s"]) and positive(m["compile_peak_mb"])
        assert positive(m["binary_mb"])
        for threads, t in m["threads"].items():
            runners = [n for n in ("nabla", "onnxruntime", "pytorch")
                       if positive(t[n]["median_ms"]) and positive(t[n]["peak_rss_mb"])
                       and len(t[n]["rounds"]) == results["settings"]["rounds"]]
            ok = t["error_nabla"] <= rtol and t["error_pytorch"] <= rtol
            print("model %s: %s measured; agreement %s" % (
                m["label"], " ".join(runners), "OK" if ok else "FAIL"))
    fma = results["fma_peak"]
    if any(positive(v["best"]) for isa in fma.values() for v in isa.values()):
        print("fma peak measured")
    for k in results["kernels"]:
        for threads, r in k["results"].items():
            print("kernel %s: %s measured" % (k["name"], " ".join(
                b for b in results["kernel_backends"] if positive(r[b]["gflops"]))))
    for d in results["depth"]:
        print("depth %s x%d: %s" % (d["chain"], d["depth"], d["status"]))
    with open(sys.argv[2], "rb") as f:
        print("chart: %s" % ("PNG" if f.read(8) == b"\x89PNG\r\n\x1a\n" else "not a PNG"))


if __name__ == "__main__":
    main()
