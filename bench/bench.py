#!/usr/bin/env python3
"""Nabla's benchmark harness: Nabla against ONNX Runtime 1.30 and PyTorch,
on the same models, in the same run. bench/run.sh builds what it needs and
calls this; the options are the same.

  bench.py [--quick] [--threads 1,2] [--models mlp,resnet18,...]
           [--kernels NAME,...|none] [--depths 25,50,...|none]
           [--depth-timeout S] [--rounds R] [--round-seconds S]
           [--nablac PATH] [--work DIR] [--out-dir DIR] [--no-chart]

For each model (scripts/torch-models.py, fixed seeds): export to ONNX,
compile with nablac (time, peak memory, binary size), then at each thread
count run Nabla's executable, ONNX Runtime (Node) and PyTorch, check their
outputs against ONNX Runtime's (normwise relative error <= 1e-4), and time
them in alternating rounds. Then the kernel microbenchmark (bench/kernels.py)
and compile time against depth (bench/depth.py). Writes OUT_DIR/benchmarks.md,
OUT_DIR/benchmarks.png (OUT_DIR: docs/, or WORK with --quick) and
WORK/results.json (WORK: build/bench/). Exit status 1 when an output
disagrees or a step failed (the report is written anyway); times are never
checked.
"""
import argparse
import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import kernels  # noqa: E402
import depth  # noqa: E402
import report  # noqa: E402

RTOL = 1e-4

# label -> (scripts/torch-models.py name, batch, description)
MODELS = {
    "mlp": ("mlp_bench", 64, "MLP 784-512-512-10"),
    "mnist_cnn": ("mnist_cnn", 64,
                  "MNIST CNN: conv32-pool-conv64-pool-conv64-dense64-dense10 "
                  "(examples/mnist_cnn.mlir's architecture)"),
    "cifar_cnn": ("cifar_cnn_bench", 32,
                  "CIFAR CNN: conv32-pool-conv64-pool-conv128-pool-dense128-dense10"),
    "lstm": ("lstm_bench", 16, "2-layer LSTM (32 -> 128 hidden, 32 steps) + dense 10"),
    "transformer": ("transformer_bench", 8,
                    "2-layer TransformerEncoder (d=128, 4 heads, ffn 256, 32 tokens) "
                    "+ mean + dense 10"),
    "resnet18": ("resnet18", 1, "torchvision resnet18"),
    "mobilenet_v2": ("mobilenet_v2", 1, "torchvision mobilenet_v2"),
    "squeezenet1_1": ("squeezenet1_1", 1, "torchvision squeezenet1_1"),
}

DEFAULT_DEPTHS = [25, 50, 100, 200]
QUICK_DEPTHS = [10, 25]


START = time.monotonic()


def log(message):
    print("[%4.0f s] %s" % (time.monotonic() - START, message), flush=True)


def csv_list(text, convert=str):
    if text in ("none", ""):
        return []
    return [convert(item.strip()) for item in text.split(",") if item.strip()]


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="bench/run.sh", description="\n\n".join(__doc__.split("\n\n")[2:]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="2 rounds of ~0.05 s per runner, short depth list "
                        "(a smoke test; the numbers mean little)")
    p.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    p.add_argument("--models", default=",".join(MODELS),
                   help="comma-separated, or none (default: all: %s)" % ", ".join(MODELS))
    p.add_argument("--kernels", default=None,
                   help="kernel microbenchmarks, comma-separated, or none "
                        "(default: all: %s)" % ", ".join(kernels.kernel_names()))
    p.add_argument("--kernel-backends", default=",".join(kernels.BACKENDS),
                   help="backends of the kernel microbenchmark (default: %s)" %
                   ",".join(kernels.BACKENDS))
    p.add_argument("--depths", default=None,
                   help="chain depths for compile time vs depth, or none "
                        "(default %s; quick %s; e.g. 100,200,400,1000 for the "
                        "slow ones)" % (",".join(map(str, DEFAULT_DEPTHS)),
                                        ",".join(map(str, QUICK_DEPTHS))))
    p.add_argument("--depth-timeout", type=float, default=300,
                   help="seconds per depth compile before 'timeout' (default 300)")
    p.add_argument("--rounds", type=int, default=None,
                   help="timing rounds per model and thread count (default 5, quick 2)")
    p.add_argument("--round-seconds", type=float, default=None,
                   help="timed seconds per runner and round (default 0.5, quick 0.05)")
    p.add_argument("--nablac", default=os.path.join(harness.ROOT, "build", "bin", "nablac"))
    p.add_argument("--work", default=os.path.join(harness.ROOT, "build", "bench"),
                   help="scratch directory: models, executables, results.json")
    p.add_argument("--out-dir", default=None,
                   help="where benchmarks.md and benchmarks.png go (default docs/; "
                        "with --quick, the --work directory)")
    p.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    p.add_argument("--default-malloc", action="store_true",
                   help="run the three runners without the glibc malloc settings "
                        "(MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_) that keep "
                        "freed memory for reuse")
    p.add_argument("--compile-timeout", type=float, default=900,
                   help="seconds per model compile (default 900)")
    p.add_argument("--from-results", metavar="RESULTS_JSON",
                   help="measure nothing: rewrite the report (in --out-dir) from "
                        "a results.json of an earlier run")
    args = p.parse_args(argv)
    args.threads = csv_list(args.threads, int)
    if not args.threads or min(args.threads) < 1:
        p.error("--threads needs positive counts")
    args.models = csv_list(args.models)
    for m in args.models:
        if m not in MODELS:
            p.error("unknown model %r (one of %s)" % (m, ", ".join(MODELS)))
    args.kernels = (kernels.kernel_names() if args.kernels is None
                    else csv_list(args.kernels))
    for k in args.kernels:
        if k not in kernels.kernel_names():
            p.error("unknown kernel %r (one of %s)" % (k, ", ".join(kernels.kernel_names())))
    args.kernel_backends = csv_list(args.kernel_backends)
    for b in args.kernel_backends:
        if b not in kernels.BACKENDS:
            p.error("unknown kernel backend %r (one of %s)" % (b, ", ".join(kernels.BACKENDS)))
    if args.depths is None:
        args.depths = QUICK_DEPTHS if args.quick else DEFAULT_DEPTHS
    else:
        args.depths = csv_list(args.depths, int)
    if args.out_dir is None:
        args.out_dir = args.work if args.quick else os.path.join(harness.ROOT, "docs")
    if args.rounds is None:
        args.rounds = 2 if args.quick else 5
    if args.round_seconds is None:
        args.round_seconds = 0.05 if args.quick else 0.5
    return args


# --- machine facts ----------------------------------------------------------

def machine_info():
    info = {"date": datetime.datetime.now(datetime.timezone.utc)
            .strftime("%Y-%m-%d %H:%M UTC"),
            "kernel": platform.release()}
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
        fields = {}
        for line in text.split("\n\n")[0].splitlines():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        info["cpu"] = "%s (family %s, model %s, stepping %s)" % (
            fields.get("model name", "?"), fields.get("cpu family", "?"),
            fields.get("model", "?"), fields.get("stepping", "?"))
        flags = next((l for l in text.splitlines() if l.startswith("flags")), "")
        info["isa"] = " ".join(f for f in ("avx2", "fma", "avx512f", "avx512bw",
                                           "avx512vl", "avx512_bf16", "avx512_fp16",
                                           "amx_tile") if f in flags.split())
    except OSError:
        pass
    info["cores"] = os.cpu_count()
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        info["memory_gb"] = round(kb / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        load = os.getloadavg()
        info["load_at_start"] = "%.2f %.2f %.2f" % load
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", harness.ROOT, "rev-parse", "--short=12", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", harness.ROOT, "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        info["commit"] = commit + (" (with uncommitted changes)" if dirty else "")
        info["branch"] = subprocess.run(
            ["git", "-C", harness.ROOT, "rev-parse", "--abbrev-ref", "HEAD"],
            capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        info["commit"] = "unknown"
    return info


# --- models -------------------------------------------------------------------

def export_model(label, workdir):
    """Exports (scripts/torch-models.py export --batch B --static), reusing a
    previous export made with the same torch-models.py and arguments."""
    name, batch, _ = MODELS[label]
    directory = os.path.join(workdir, "models", label)
    script = os.path.join(harness.ROOT, "scripts", "torch-models.py")
    with open(script, "rb") as f:
        import hashlib
        stamp = hashlib.sha256(f.read() + (" %s %d" % (name, batch)).encode()).hexdigest()
    stamp_file = os.path.join(directory, "export.stamp")
    model = os.path.join(directory, "model.onnx")
    if not (os.path.exists(stamp_file) and open(stamp_file).read() == stamp
            and os.path.exists(model)):
        os.makedirs(directory, exist_ok=True)
        harness.check_output([harness.PYTHON, script, "export", name, directory,
                              "--batch", str(batch), "--static"],
                             "exporting %s" % label, env=harness.torch_env())
        with open(stamp_file, "w") as f:
            f.write(stamp)
    with open(os.path.join(directory, "shape.txt")) as f:
        shape = f.read().strip()
    return directory, model, os.path.join(directory, "input.npy"), shape


def bench_model(label, args, results):
    name, batch, description = MODELS[label]
    entry = {"label": label, "description": description, "batch": batch,
             "threads": {}}
    results["models"].append(entry)
    log("== %s (%s)" % (label, description))
    directory, model, input_path, shape = export_model(label, args.work)
    entry["shape"] = shape.split("=", 1)[1]
    entry["onnx_mb"] = os.path.getsize(model) / 1e6

    exe = os.path.join(directory, "nabla-model")
    r = harness.run_measured([args.nablac, model, "-o", exe, "--shape", shape],
                             timeout=args.compile_timeout)
    entry["compile_s"] = r["wall_s"]
    entry["compile_peak_mb"] = r["maxrss_mb"]
    if r["rc"] != 0:
        entry["error"] = "nablac %s: %s" % (
            "timed out" if r["timed_out"] else "failed",
            harness.tail(r["stderr"], 5))
        log("  " + entry["error"])
        return
    entry["binary_mb"] = os.path.getsize(exe) / 1e6
    if "nabla_threads_unused" not in results:
        usage = harness.run_measured([exe, "--help"])["stdout"]
        results["nabla_threads_unused"] = "single-threaded" in usage
    log("  compiled in %.1f s, peak %.0f MB, binary %.1f MB" % (
        r["wall_s"], r["maxrss_mb"], entry["binary_mb"]))

    for threads in args.threads:
        log("  %d thread(s)" % threads)
        runners = {}
        try:
            # Both peers load in parallel with each other (untimed).
            runners["onnxruntime"] = harness.ort_worker(model, [input_path], threads)
            runners["pytorch"] = harness.torch_worker(name, batch, input_path, threads)
            runners["nabla"] = harness.NablaExe(exe, [input_path], threads, directory)
            for runner in runners.values():
                info = runner.info()
                for key in ("ort", "torch", "torchvision", "node"):
                    if key in info:
                        results["versions"][key] = info[key]
            out = os.path.join(directory, "outputs-%d" % threads)
            saved = {n: runner.save(os.path.join(out, n)) for n, runner in runners.items()}
            t = {"error_nabla": harness.compare_outputs(saved["nabla"], saved["onnxruntime"]),
                 "error_pytorch": harness.compare_outputs(saved["pytorch"], saved["onnxruntime"])}
            log("    relative error vs ONNX Runtime: Nabla %s, PyTorch %s" % (
                report.fmt_err(t["error_nabla"]), report.fmt_err(t["error_pytorch"])))
            order = ["nabla", "onnxruntime", "pytorch"]
            measured = harness.measure_rounds({n: runners[n] for n in order},
                                              args.rounds, args.round_seconds,
                                              log=log)
            for n in order:
                t[n] = measured[n]
                t[n]["peak_rss_mb"] = runners[n].peak_rss_mb()
            entry["threads"][threads] = t
            log("    median: " + "  ".join(
                "%s %.3f ms" % (n, t[n]["median_ms"]) for n in order))
        except harness.BenchError as e:
            entry["error"] = str(e)
            log("    failed: %s" % e)
            return
        finally:
            for runner in runners.values():
                runner.close()


def int_keys(results):
    """results.json stores thread counts as strings (JSON object keys)."""
    for m in results["models"]:
        m["threads"] = {int(k): v for k, v in m.get("threads", {}).items()}
    for k in results.get("kernels", []):
        k["results"] = {int(t): v for t, v in k["results"].items()}
    results["fma_peak"] = {isa: {int(t): v for t, v in by.items()}
                           for isa, by in results.get("fma_peak", {}).items()}
    return results


def write_report(results, out_dir, no_chart):
    results["summary"] = report.summarize(results)
    md = os.path.join(out_dir, "benchmarks.md")
    chart = None if no_chart else os.path.join(out_dir, "benchmarks.png")
    if not any(m.get("threads") for m in results["models"]):
        chart = None
    if chart and not report.write_chart(results, chart, log):
        chart = None
    report.write_markdown(results, md, chart)
    return md, chart


def main(argv):
    args = parse_args(argv)
    if args.from_results:
        with open(args.from_results) as f:
            results = int_keys(json.load(f))
        os.makedirs(args.out_dir, exist_ok=True)
        md, chart = write_report(results, args.out_dir, args.no_chart)
        log("wrote %s%s from %s" % (md, " and " + chart if chart else "",
                                    args.from_results))
        return 1 if report.problems(results) else 0
    command = os.environ.get("NABLA_BENCH_COMMAND") or " ".join(
        ["bench/bench.py"] + [shlex.quote(a) for a in argv])
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out_dir, exist_ok=True)
    start = time.monotonic()
    results = {"command": command, "machine": machine_info(),
               "settings": {"threads": args.threads, "rounds": args.rounds,
                            "round_seconds": args.round_seconds,
                            "quick": args.quick, "rtol": RTOL,
                            "depth_timeout": args.depth_timeout,
                            "malloc_env": {} if args.default_malloc else harness.MALLOC_ENV},
               "versions": {}, "models": [], "fma_peak": {}, "kernels": [],
               "depth": []}
    if not os.access(args.nablac, os.X_OK):
        sys.exit("bench: no nablac at %s (build with scripts/build.sh, or "
                 "run bench/run.sh)" % args.nablac)
    harness.use_malloc_env = not args.default_malloc
    log("== machine")
    results["machine"]["page_fault_us"] = kernels.page_fault_cost(
        os.path.join(args.work, "probes"), args.quick, log)

    sections = results["section_s"] = {}
    mark = time.monotonic()
    for label in args.models:
        try:
            bench_model(label, args, results)
        except harness.BenchError as e:
            results["models"].append({"label": label, "error": str(e),
                                      "threads": {}})
            log("  failed: %s" % e)

    sections["models"] = time.monotonic() - mark
    mark = time.monotonic()
    if args.kernels and args.kernel_backends:
        log("== kernel microbenchmark")
        kdir = os.path.join(args.work, "kernels")
        os.makedirs(kdir, exist_ok=True)
        results["fma_peak"] = kernels.fma_peak(os.path.join(args.work, "probes"),
                                               args.threads, args.quick, log)
        backends = [kernels.BACKENDS[b](args) for b in args.kernel_backends]
        results["kernel_backends"] = [b.name for b in backends]
        results["kernels"] = kernels.run_kernels(
            args.kernels, backends, args.threads,
            max(2, args.rounds - 2) if not args.quick else args.rounds,
            args.round_seconds * 0.6, kdir, log)

    sections["kernels"] = time.monotonic() - mark
    mark = time.monotonic()
    if args.depths:
        log("== compile time against depth")
        results["depth"] = depth.run_depths(args.nablac, args.depths,
                                            args.depth_timeout,
                                            os.path.join(args.work, "depth"), log)

    sections["depth"] = time.monotonic() - mark
    results["elapsed_s"] = time.monotonic() - start
    results["machine"]["load_at_end"] = "%.2f %.2f %.2f" % os.getloadavg()
    results["summary"] = report.summarize(results)
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    md, chart = write_report(results, args.out_dir, args.no_chart)
    log("wrote %s%s and %s (%.0f s)" % (
        md, " and " + chart if chart else "",
        os.path.join(args.work, "results.json"), results["elapsed_s"]))
    problems = report.problems(results)
    for p in problems:
        log("PROBLEM: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
