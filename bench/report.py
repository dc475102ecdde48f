"""The benchmark report: docs/benchmarks.md (tables) and its chart."""
import math
import os
import re

import harness

RTOL = 1e-4
MIN_ORT_MS = 0.1  # models faster than this in ORT stay out of the mean
PEERS = ("onnxruntime", "pytorch")


def fmt_err(err):
    if err is None:
        return "n/a (outputs differ in count, shape or dtype)"
    return "%.2g" % err


def fmt_ms(ms):
    if ms is None or not math.isfinite(ms):
        return "-"
    if ms >= 100:
        return "%.0f" % ms
    if ms >= 10:
        return "%.1f" % ms
    if ms >= 1:
        return "%.2f" % ms
    return "%.3f" % ms


def fmt_ratio(r):
    if r is None or not math.isfinite(r):
        return "-"
    return "%.1f" % r if r >= 10 else "%.2f" % r


def fmt_mb(mb):
    return "-" if mb is None else ("%.0f" % mb if mb >= 10 else "%.1f" % mb)


def ratio(t, peer):
    try:
        return t["nabla"]["median_ms"] / t[peer]["median_ms"]
    except (KeyError, ZeroDivisionError, TypeError):
        return None


def agrees(err):
    return err is not None and err <= RTOL


def summarize(results):
    """Per thread count: geometric means of Nabla/ORT and Nabla/PyTorch over
    models whose peer takes at least MIN_ORT_MS, and the models left out."""
    summary = {}
    for threads in results["settings"]["threads"]:
        s = {}
        for peer in PEERS:
            included, excluded = [], []
            for m in results["models"]:
                t = m.get("threads", {}).get(threads)
                r = ratio(t, peer) if t else None
                if r is None:
                    continue
                (included if t[peer]["median_ms"] >= MIN_ORT_MS else excluded).append(
                    (m["label"], r))
            s[peer] = {"geomean": harness.geomean([r for _, r in included])
                       if included else None,
                       "models": [l for l, _ in included],
                       "excluded": [l for l, _ in excluded]}
        summary[threads] = s
    return summary


def problems(results):
    out = []
    for m in results["models"]:
        if "error" in m:
            out.append("%s: %s" % (m["label"], m["error"].splitlines()[0]))
        for threads, t in m.get("threads", {}).items():
            for who in ("nabla", "pytorch"):
                err = t.get("error_" + who)
                if not agrees(err):
                    out.append("%s, %s thread(s): %s differs from ONNX Runtime "
                               "(relative error %s > %g)" % (
                                   m["label"], threads,
                                   "Nabla" if who == "nabla" else "PyTorch",
                                   fmt_err(err), RTOL))
    for k in results.get("kernels", []):
        if "error" in k:
            out.append("kernel %s: %s" % (k["name"], k["error"]))
        for backend, err in k.get("errors", {}).items():
            if not agrees(err):
                out.append("kernel %s: %s differs from ONNX Runtime (relative "
                           "error %s > %g)" % (k["name"], backend, fmt_err(err), RTOL))
    for d in results.get("depth", []):
        if d["status"] == "error":
            out.append("depth %s x%d: nablac failed" % (d["chain"], d["depth"]))
    return out


def write_chart(results, path, log):
    """Nabla/ORT per model, one bar per thread count, log scale, a line at
    1.0. Returns False (with a message) when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("no chart: python3-matplotlib is not installed "
            "(scripts/setup-deps.sh installs it)")
        return False
    threads_list = results["settings"]["threads"]
    models = [m for m in results["models"] if m.get("threads")]
    labels = [m["label"] for m in models]
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(labels) + 2), 4.2), dpi=110)
    width = 0.8 / max(1, len(threads_list))
    colors = ["#3b6fb6", "#e08a2c", "#4a9a5a", "#b04a4a"]
    for i, threads in enumerate(threads_list):
        xs, ys = [], []
        for j, m in enumerate(models):
            r = ratio(m["threads"].get(threads), "onnxruntime")
            if r:
                xs.append(j + (i - (len(threads_list) - 1) / 2) * width)
                ys.append(r)
        bars = ax.bar(xs, ys, width, label="%d thread%s" % (threads, "s" if threads > 1 else ""),
                      color=colors[i % len(colors)])
        for x, y in zip(xs, ys):
            ax.text(x, y * 1.04, fmt_ratio(y), ha="center", va="bottom", fontsize=7)
        del bars
    ax.axhline(1.0, color="black", linewidth=1, linestyle="--")
    ax.set_yscale("log")
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=20, ha="right")
    ax.set_ylabel("Nabla / ONNX Runtime latency (lower is better)")
    ax.set_title("Nabla vs ONNX Runtime 1.30, median latency ratio (%s, %s)" % (
        results["machine"].get("date", "")[:10], results["machine"].get("commit", "")[:12]),
        fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(axis="y", which="both", alpha=0.25)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


NUMERIC = re.compile(r"^(-|[-+]?[0-9.]+(e[-+]?[0-9]+)?%?( \(.*\))?|> .*|timeout.*|failed)$")


def table(header, rows):
    """A Markdown table; columns whose cells are all numbers align right."""
    rows = [[str(c) for c in row] for row in rows]
    align = []
    for i in range(len(header)):
        cells = [row[i] for row in rows if i < len(row)]
        numeric = cells and i > 0 and all(NUMERIC.match(c) for c in cells)
        align.append("--:" if numeric else "---")
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def write_markdown(results, path, chart):
    m = results["machine"]
    v = results["versions"]
    s = results["settings"]
    threads_list = s["threads"]
    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("<!-- Generated by bench/bench.py (bench/run.sh); do not edit by hand. -->")
    w("")
    w("Nabla against ONNX Runtime %s (Node, onnxruntime-node) and PyTorch %s on "
      "the same models, inputs and machine, in the same run. **These are medians "
      "from one run on a shared, noisy machine** (%d cores shared with other "
      "builds and tests): read the ratios as +-20%%, not as exact figures." % (
          v.get("ort", "1.30"), v.get("torch", "?"), m.get("cores", 0)))
    loads = [float(m[k].split()[0]) for k in ("load_at_start", "load_at_end")
             if m.get(k)]
    if loads and m.get("cores") and max(loads) > m["cores"]:
        w("")
        w("**The machine was overloaded during this run** (1-minute load average %s "
          "at start and end, on %d cores). Figures at %d threads, where each runner "
          "needs every core, suffer most, and unevenly: thread pools that busy-wait "
          "at barriers (PyTorch's OpenMP) collapse when another process takes a "
          "core." % (" and ".join("%.1f" % l for l in loads), m["cores"],
                     max(threads_list)))
    if s.get("quick"):
        w("")
        w("**Quick mode**: %d rounds of ~%.2f s per runner; the numbers are a smoke "
          "test, not measurements." % (s["rounds"], s["round_seconds"]))
    w("")
    w("Command (from the repository root):")
    w("")
    w("```sh")
    w(results["command"])
    w("```")
    w("")
    rows = [("CPU", m.get("cpu", "?")),
            ("cores (online)", m.get("cores", "?")),
            ("ISA flags", m.get("isa", "?")),
            ("memory", "%s GB" % m.get("memory_gb", "?")),
            ("Linux", m.get("kernel", "?")),
            ("load average (1, 5, 15 min) at start / end", "%s / %s" % (
                m.get("load_at_start", "?"), m.get("load_at_end", "?"))),
            ("page fault (first touch of a 4 KiB page)",
             "%.2f us (median; `bench/page_faults.cpp`)" % m["page_fault_us"]["median"]
             if m.get("page_fault_us") else "not measured"),
            ("date", m.get("date", "?")),
            ("commit", "%s (%s)" % (m.get("commit", "?"), m.get("branch", "?"))),
            ("ONNX Runtime", "%s (Node %s)" % (v.get("ort", "?"), v.get("node", "?"))),
            ("PyTorch / torchvision", "%s / %s" % (v.get("torch", "?"), v.get("torchvision", "?"))),
            ("harness run time", "%.0f s (models %.0f s, kernels %.0f s, depth %.0f s)" % (
                results.get("elapsed_s", 0), *(results.get("section_s", {}).get(k, 0)
                                               for k in ("models", "kernels", "depth"))))]
    w(table(["machine", ""], rows))
    w("")

    # Summary.
    w("## Summary")
    w("")
    summary = results["summary"]
    rows = []
    for threads in threads_list:
        sm = summary.get(threads, {})
        o, p = sm.get("onnxruntime", {}), sm.get("pytorch", {})
        rows.append((threads, fmt_ratio(o.get("geomean")), fmt_ratio(p.get("geomean")),
                     len(o.get("models", [])),
                     ", ".join(o.get("excluded", [])) or "none"))
    w(table(["threads", "geomean Nabla/ORT", "geomean Nabla/PyTorch", "models in mean",
             "left out (ORT < %.1f ms)" % MIN_ORT_MS], rows))
    w("")
    w("A ratio above 1 means Nabla is slower. The Nabla/PyTorch mean likewise "
      "leaves out models where PyTorch takes under %.1f ms." % MIN_ORT_MS)
    w("")
    if chart:
        w("![Nabla/ONNX Runtime latency ratio per model](%s)" % os.path.basename(chart))
        w("")

    # Latency.
    w("## Latency")
    w("")
    w("Median latency in ms of one inference (median over %d rounds of each "
      "round's median); Nabla/ORT and Nabla/PyTorch are ratios of those "
      "medians." % s["rounds"])
    for threads in threads_list:
        w("")
        w("### %d thread%s" % (threads, "s" if threads > 1 else ""))
        w("")
        rows = []
        for mo in results["models"]:
            t = mo.get("threads", {}).get(threads)
            if not t:
                rows.append((mo["label"], mo.get("shape", "-"), "failed", "-", "-", "-", "-"))
                continue
            rows.append((mo["label"], mo["shape"], fmt_ms(t["nabla"]["median_ms"]),
                         fmt_ms(t["onnxruntime"]["median_ms"]),
                         fmt_ms(t["pytorch"]["median_ms"]),
                         fmt_ratio(ratio(t, "onnxruntime")), fmt_ratio(ratio(t, "pytorch"))))
        w(table(["model", "input", "Nabla ms", "ORT ms", "PyTorch ms",
                 "Nabla/ORT", "Nabla/PyTorch"], rows))
    w("")
    w("Models:")
    w("")
    for mo in results["models"]:
        w("- `%s`: %s, batch %s%s." % (mo["label"], mo.get("description", ""),
                                       mo.get("batch", "?"),
                                       " -- **failed**: %s" % mo["error"].splitlines()[0]
                                       if "error" in mo else ""))
    w("")

    # Agreement.
    w("## Agreement")
    w("")
    w("Normwise relative error max|x - ort| / max|ort| of each output against ONNX "
      "Runtime's on the same input (worst over thread counts); the check is <= %g." % RTOL)
    w("")
    rows = []
    for mo in results["models"]:
        ts = mo.get("threads", {}).values()
        if not ts:
            continue
        en = [t.get("error_nabla") for t in ts]
        ep = [t.get("error_pytorch") for t in ts]
        worst = lambda es: None if any(e is None for e in es) else max(es)
        ok = all(agrees(e) for e in en + ep)
        rows.append((mo["label"], fmt_err(worst(en)), fmt_err(worst(ep)),
                     "OK" if ok else "FAIL"))
    w(table(["model", "Nabla vs ORT", "PyTorch vs ORT", "check"], rows))
    w("")

    # Memory and compile.
    w("## Memory, compile time and size")
    w("")
    w("Peak RSS (MB) is getrusage's maxrss of a process that runs only that "
      "model (the worst over thread counts): Nabla's from the executable's "
      "`--bench` output, ONNX Runtime's and PyTorch's from their worker process "
      "(which includes Node or the Python interpreter and the framework "
      "libraries). nablac's time and peak memory are for one compile (its "
      "child processes included); the binary embeds the weights.")
    w("")
    rows = []
    for mo in results["models"]:
        ts = list(mo.get("threads", {}).values())
        rss = lambda who: max(t[who]["peak_rss_mb"] for t in ts) if ts else None
        rows.append((mo["label"], fmt_mb(rss("nabla")), fmt_mb(rss("onnxruntime")),
                     fmt_mb(rss("pytorch")),
                     "%.1f" % mo["compile_s"] if "compile_s" in mo else "-",
                     fmt_mb(mo.get("compile_peak_mb")),
                     "%.2f" % mo["binary_mb"] if "binary_mb" in mo else "-",
                     "%.2f" % mo["onnx_mb"] if "onnx_mb" in mo else "-"))
    w(table(["model", "Nabla RSS", "ORT RSS", "PyTorch RSS", "nablac s",
             "nablac peak MB", "binary MB", "ONNX file MB"], rows))
    w("")

    # Kernels.
    if results.get("kernels") or results.get("fma_peak"):
        w("## Kernel microbenchmark")
        w("")
        fp = results.get("fma_peak", {})
        w("FMA peak measured by `bench/fma_peak.cpp` (clang++-22 -O3 -march=native; "
          "24 independent vfmadd chains per thread, no memory operands; GFLOP/s "
          "summed over threads, best and median of 100 runs of 5 ms: on a shared "
          "machine most runs lose part of their time slice, the best is the peak):")
        w("")
        rows = []
        for isa in ("zmm", "ymm"):
            if isa in fp:
                rows.append(["%s (%d-bit)" % (isa, 512 if isa == "zmm" else 256)] + [
                    ("%.0f (median %.0f)" % (fp[isa][t]["best"], fp[isa][t]["median"])
                     if t in fp[isa] else "-") for t in threads_list])
        if rows:
            w(table(["vector", *["%d thread%s" % (t, "s" if t > 1 else "")
                                 for t in threads_list]], rows))
        else:
            w("(not measured: fma_peak could not be built or run)")
        w("")
        peak = {t: fp.get("zmm", fp.get("ymm", {})).get(t, {}).get("best")
                for t in threads_list}
        backends = results.get("kernel_backends", [])
        w("GFLOP/s of one op (FLOPs / median latency), each compiled as a one-op "
          "ONNX model (weights constant, input random): `nabla` is nablac's "
          "executable timed with `--bench`, `onnxruntime` the same model in "
          "ONNX Runtime; in parentheses, the fraction of the best zmm FMA "
          "peak at the same thread count (nT = n threads). The outputs are checked "
          "against ONNX Runtime's like the models' (last column).")
        w("")
        header = ["kernel", "shape", "MFLOP"]
        for t in threads_list:
            for b in backends:
                header.append("%s %dT" % (b, t))
        rows = []
        for k in results["kernels"]:
            row = [k["name"], k["shape"], "%.1f" % (k["flops"] / 1e6)]
            for t in threads_list:
                r = k["results"].get(t, {})
                for b in backends:
                    g = r.get(b, {}).get("gflops")
                    if g is None:
                        row.append("-")
                    elif peak.get(t):
                        row.append("%.1f (%.1f%%)" % (g, 100 * g / peak[t]))
                    else:
                        row.append("%.1f" % g)
            errs = k.get("errors", {})
            row.append(", ".join("%s %s" % (b, fmt_err(e)) for b, e in errs.items()) or "-")
            rows.append(row)
        header.append("error vs ORT")
        w(table(header, rows))
        w("")

    # Depth.
    if results.get("depth"):
        w("## Compile time against depth")
        w("")
        from depth import CHAINS
        w("nablac on chains of N ops that do not fuse: %s. Wall time and peak "
          "memory of one compile; `timeout` after %.0f s (deeper chains of that "
          "kind are then not tried). `--depths 100,200,400,1000` adds the slow ones." % (
              "; ".join("`%s`: %s" % kv for kv in CHAINS.items()),
              s.get("depth_timeout", 0)))
        w("")
        kinds = list(CHAINS)
        depths = sorted({d["depth"] for d in results["depth"]})
        rows = []
        for dep in depths:
            row = [dep]
            for kind in kinds:
                d = next((x for x in results["depth"]
                          if x["chain"] == kind and x["depth"] == dep), None)
                if d is None:
                    row += ["-", "-"]
                elif d["status"] == "ok":
                    row += ["%.1f" % d["compile_s"], fmt_mb(d["peak_mb"])]
                elif d["status"] == "timeout":
                    row += ["timeout" + ("" if d.get("skipped") else " (%.0f s)" % d["compile_s"]),
                            "-" if d.get("skipped") else "> %s" % fmt_mb(d.get("peak_mb"))]
                else:
                    row += ["error", "-"]
            rows.append(row)
        header = ["N"]
        for kind in kinds:
            header += ["%s s" % kind, "%s peak MB" % kind]
        w(table(header, rows))
        w("")

    # Method.
    w("## Method")
    w("")
    w("- Models come from `scripts/torch-models.py` (fixed seeds: the PyTorch "
      "module, its ONNX export and the input are the same in all three), "
      "exported with a static batch at opset 13 (17 for the transformer).")
    w("- Nabla: `nablac model.onnx -o exe --shape input=...`, then "
      "`exe --threads N --bench n input.npy` once per round; `--bench` does "
      "min(n, 3) untimed warm-up runs then n timed ones.")
    w("- ONNX Runtime: `bench/ort_worker.js`, onnxruntime-node, graph "
      "optimization level all, intraOpNumThreads = N, interOpNumThreads = 1, "
      "sequential execution; the same warm-up rule, each latency one "
      "`session.run`.")
    w("- PyTorch: `bench/torch_worker.py`, the original module in eval mode under "
      "`torch.inference_mode()`, `torch.set_num_threads(N)` (and OMP_NUM_THREADS = "
      "OPENBLAS_NUM_THREADS = N, OPENBLAS_CORETYPE=SKYLAKEX on AVX-512 machines); "
      "the same warm-up rule.")
    w("- Each model and thread count: one calibration run each, then %d rounds; in "
      "each round every runner times about %.2f s of runs, in an order that "
      "rotates every round, so that machine noise hits all three equally. The "
      "reported latency is the median of the round medians." % (
          s["rounds"], s["round_seconds"]))
    if s.get("malloc_env"):
        w("- All three runners run with glibc's %s, which keep freed memory for "
          "reuse instead of handing large blocks back to the kernel. PyTorch "
          "allocates its tensors on every run; without these, each run touches "
          "fresh pages, and a page fault is expensive on this machine (see the "
          "machine table): PyTorch's CNNs ran several times slower. `--default-malloc` "
          "measures without them." % " and ".join(
              "`%s=%s`" % kv for kv in sorted(s["malloc_env"].items())))
    else:
        w("- Run with `--default-malloc`: glibc's default malloc thresholds, so "
          "PyTorch's per-run tensors take fresh pages (page faults) on every run.")
    if results.get("nabla_threads_unused"):
        w("- The executables' `--help` says `--threads` is accepted but not yet "
          "used (generated code is single-threaded): Nabla's figures at more "
          "than one thread are single-threaded code.")
    w("- Raw results: `build/bench/results.json` (not committed).")
    w("")
    with open(path, "w") as f:
        f.write("\n".join(out))
