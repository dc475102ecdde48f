#!/usr/bin/env python3
"""PyTorch side of the benchmark harness (bench/bench.py): one process per
model and thread count, so that its peak RSS is that model's.

  torch_worker.py NAME BATCH THREADS INPUT.npy

Builds model NAME of scripts/torch-models.py (same seed, so the same weights
as the ONNX export) with the given batch, in eval mode, with
torch.set_num_threads(THREADS), and runs it under torch.inference_mode().
The parent also sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS to THREADS
(Debian's PyTorch calls OpenBLAS, whose own pool set_num_threads leaves
alone). Requests and answers are JSON lines, as for bench/ort_worker.js:
  {"op": "run", "warmup": W, "n": N}  -> {"times_ms": [N latencies]}
  {"op": "save", "dir": D}            -> {"files": [D/output.npy]}
  {"op": "rss"}                       -> {"peak_rss_mb": getrusage maxrss}
  {"op": "quit"}
"""
import importlib.util
import json
import os
import resource
import sys
import time

import numpy as np


def load_torch_models():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "scripts", "torch-models.py")
    spec = importlib.util.spec_from_file_location("torch_models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    name, batch, threads, input_path = (sys.argv[1], int(sys.argv[2]),
                                        int(sys.argv[3]), sys.argv[4])
    start = time.perf_counter()
    import torch
    import torchvision
    torch.set_num_threads(threads)
    model, _, _ = load_torch_models().build(name, batch)
    model.eval()
    x = torch.from_numpy(np.load(input_path))
    load_ms = (time.perf_counter() - start) * 1e3
    reply({"ready": True, "load_ms": load_ms, "torch": torch.__version__,
           "torchvision": torchvision.__version__,
           "threads": torch.get_num_threads()})

    last = None
    with torch.inference_mode():
        for line in sys.stdin:
            try:
                request = json.loads(line)
                op = request.get("op")
                if op == "run":
                    for _ in range(request["warmup"]):
                        last = model(x)
                    times = []
                    for _ in range(request["n"]):
                        t0 = time.perf_counter()
                        last = model(x)
                        times.append((time.perf_counter() - t0) * 1e3)
                    reply({"times_ms": times})
                elif op == "save":
                    if last is None:
                        last = model(x)
                    os.makedirs(request["dir"], exist_ok=True)
                    path = os.path.join(request["dir"], "output.npy")
                    np.save(path, last.numpy())
                    reply({"files": [path]})
                elif op == "rss":
                    usage = resource.getrusage(resource.RUSAGE_SELF)
                    reply({"peak_rss_mb": usage.ru_maxrss / 1024.0})
                elif op == "quit":
                    return 0
                else:
                    reply({"error": "unknown request %r" % line})
            except Exception as e:  # reported to the harness, which stops
                reply({"error": "%s: %s" % (type(e).__name__, e)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
