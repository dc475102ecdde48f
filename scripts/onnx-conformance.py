#!/usr/bin/env python3
"""ONNX backend-test conformance of nablac.

Runs every case of Debian's libonnx-testdata (node, simple, pytorch-converted,
pytorch-operator) through nablac and the compiled executable, compares with
ONNX's expected outputs (rtol 1e-3, atol 1e-7) and classifies each case as
pass, fail (wrong numbers, shapes or dtypes), unsupported (nablac refused with
an error message) or crash (a signal, a timeout, an exit without a message).

  onnx-conformance.py --update   regenerate docs/onnx-conformance.md and
                                 test/Frontends/onnx/conformance/passing.txt
  onnx-conformance.py --check    fail if a listed passing case no longer
                                 passes or if any case crashes (CI)

Options: --nablac PATH, --data DIR, --jobs N, --filter REGEX, --passing FILE,
--report FILE.
"""
import argparse
import collections
import concurrent.futures
import importlib.util
import os
import re
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
CATEGORIES = ["node", "simple", "pytorch-converted", "pytorch-operator"]
STATUSES = ["pass", "fail", "unsupported", "crash"]
NODE_TYPES = {TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL}
FLOAT_TYPES = {TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16,
               TensorProto.BFLOAT16}

_spec = importlib.util.spec_from_file_location(
    "onnx_case", os.path.join(os.path.dirname(__file__), "onnx-case.py"))
onnx_case = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(onnx_case)


def io_types(model):
    """Element types of the graph's inputs and outputs (-1: not a tensor)."""
    inits = {i.name for i in model.graph.initializer}
    types = set()
    for v in list(model.graph.input) + list(model.graph.output):
        if v.name in inits:
            continue
        t = v.type
        types.add(t.tensor_type.elem_type if t.HasField("tensor_type") else -1)
    return types


def describe(category, name, data):
    path = os.path.join(data, category, name, "model.onnx")
    model = onnx.load(path, load_external_data=False)
    types = io_types(model)
    ops = sorted({(n.domain + "." if n.domain not in ("", "ai.onnx") else "")
                  + n.op_type for n in model.graph.node})
    return {
        "ops": ops,
        "node_eligible": category == "node" and types <= NODE_TYPES,
        "float_only": category != "node" and types <= FLOAT_TYPES,
    }


def short_reason(detail):
    """The first useful line of nablac's report, without file paths."""
    parts = [p.strip() for p in detail.split(" | ")]
    notes = [p for p in parts if ": note: " in p]
    text = notes[0].split(": note: ", 1)[1] if notes else parts[0]
    text = re.sub(r"^\S+:0:0: (error|warning): ", "", text)
    text = re.sub(r"'/[^']*/([^/']+)'", r"'\1'", text)
    return text[:220]


def test_data_problem(case_dir):
    """What is wrong with a case's own test data, checked from the files:
    input data whose shape is not the declared one, or expected bfloat16
    values that truncate the float32 input instead of rounding it."""
    model = onnx.load(os.path.join(case_dir, "model.onnx"),
                      load_external_data=False)
    inits = {i.name for i in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in inits]
    data = os.path.join(case_dir, "test_data_set_0")
    arrays = []
    for k, value in enumerate(inputs):
        t = onnx.TensorProto()
        with open(os.path.join(data, "input_%d.pb" % k), "rb") as f:
            t.ParseFromString(f.read())
        declared = [d.dim_value if d.HasField("dim_value") else None
                    for d in value.type.tensor_type.shape.dim]
        if len(declared) != len(t.dims) or any(
                d is not None and d != a for d, a in zip(declared, t.dims)):
            return ("test data: input %r has shape %s, the model declares %s"
                    % (value.name, list(t.dims), declared))
        arrays.append(numpy_helper.to_array(t))
    outputs = model.graph.output
    if (len(arrays) == 1 and arrays[0].dtype == np.float32 and len(outputs) == 1
            and outputs[0].type.tensor_type.elem_type == TensorProto.BFLOAT16):
        t = onnx.TensorProto()
        with open(os.path.join(data, "output_0.pb"), "rb") as f:
            t.ParseFromString(f.read())
        expected = numpy_helper.to_array(t).astype(np.uint16).ravel()
        bits = arrays[0].view(np.uint32).ravel()
        truncated = (bits >> 16).astype(np.uint16)
        rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
        finite = np.isfinite(arrays[0].ravel())
        if (np.array_equal(expected[finite], truncated[finite]) and
                not np.array_equal(expected[finite], rounded[finite])):
            return ("test data: the expected bfloat16 values truncate the "
                    "float32 input; nablac rounds to nearest even")
    return None


def run_one(args, category, name):
    case = os.path.join(args.data, category, name)
    with tempfile.TemporaryDirectory(prefix="nabla-conf-") as work:
        start = time.time()
        try:
            status, detail = onnx_case.run_case(case, args.nablac, work,
                                                timeout=args.timeout)
        except onnx_case.subprocess.TimeoutExpired:
            status, detail = "crash", "timeout after %d s" % args.timeout
        except Exception as e:  # a broken case file, not a nablac verdict
            status, detail = "fail", "runner: %s: %s" % (type(e).__name__, e)
        if "Sanitizer" in detail:
            status = "crash"
        return category, name, status, detail, time.time() - start


def list_cases(args):
    cases = []
    for category in CATEGORIES:
        root = os.path.join(args.data, category)
        if not os.path.isdir(root):
            continue
        for name in sorted(os.listdir(root)):
            if not os.path.exists(os.path.join(root, name, "model.onnx")):
                continue
            key = "%s/%s" % (category, name)
            if args.filter and not re.search(args.filter, key):
                continue
            cases.append((category, name))
    return cases


def run_all(args):
    cases = list_cases(args)
    results = {}
    done = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_one, args, c, n) for c, n in cases]
        for f in concurrent.futures.as_completed(futures):
            category, name, status, detail, seconds = f.result()
            results["%s/%s" % (category, name)] = (status, detail, seconds)
            done += 1
            if args.verbose or status == "crash":
                print("[%d/%d] %s/%s %s: %s" % (done, len(cases), category,
                                                name, status, detail[:200]),
                      flush=True)
    return results


def write_report(args, results, elapsed):
    info = {k: describe(*k.split("/", 1), args.data) for k in results}
    lines = ["# ONNX backend test conformance", "",
             "Generated by `scripts/onnx-conformance.py --update` from Debian's "
             "`libonnx-testdata` (ONNX 1.12): every case is compiled with "
             "`nablac`, run, and compared with ONNX's expected outputs "
             "(rtol 1e-3, atol 1e-7). **pass**: every output matches; "
             "**fail**: wrong numbers, shape or dtype; **unsupported**: "
             "`nablac` refused the model with an error naming the problem; "
             "**crash**: a signal, a timeout or an exit without a message. "
             "CI (`test/Frontends/onnx/conformance`) requires every case in "
             "`passing.txt` to keep passing and no case to crash.", ""]
    node = [k for k in results if info[k]["node_eligible"]]
    node_pass = sum(results[k][0] == "pass" for k in node)
    floats = [k for k in results if info[k]["float_only"]]
    float_pass = sum(results[k][0] == "pass" for k in floats)
    lines += ["## Acceptance figures", "",
              "| set | cases | pass | share |", "|---|---|---|---|",
              "| `node` cases whose inputs and outputs are float32/int64/bool "
              "| %d | %d | %.1f%% |" % (len(node), node_pass,
                                        100.0 * node_pass / max(len(node), 1)),
              "| float-only cases of `simple`, `pytorch-converted`, "
              "`pytorch-operator` | %d | %d | %.1f%% |" % (
                  len(floats), float_pass,
                  100.0 * float_pass / max(len(floats), 1)), ""]
    lines += ["## By category", "",
              "| category | cases | pass | fail | unsupported | crash |",
              "|---|---|---|---|---|---|"]
    for category in CATEGORIES:
        keys = [k for k in results if k.startswith(category + "/")]
        counts = collections.Counter(results[k][0] for k in keys)
        lines.append("| %s | %d | %s |" % (category, len(keys), " | ".join(
            str(counts[s]) for s in STATUSES)))
    total = collections.Counter(r[0] for r in results.values())
    lines.append("| **all** | %d | %s |" % (len(results), " | ".join(
        str(total[s]) for s in STATUSES)))
    lines += ["", "## By op", "",
              "A case counts for every op type its graph uses.", "",
              "| op | cases | pass | fail | unsupported | crash |",
              "|---|---|---|---|---|---|"]
    by_op = collections.defaultdict(collections.Counter)
    for k, (status, _, _) in results.items():
        for op in info[k]["ops"]:
            by_op[op][status] += 1
    for op in sorted(by_op):
        c = by_op[op]
        lines.append("| %s | %d | %s |" % (op, sum(c.values()), " | ".join(
            str(c[s]) for s in STATUSES)))
    lines += ["", "## Cases that do not pass", "",
              "| case | status | reason |", "|---|---|---|"]
    for k in sorted(results):
        status, detail, _ = results[k]
        if status != "pass":
            reason = short_reason(detail)
            if status == "fail":
                problem = test_data_problem(os.path.join(args.data, k))
                if problem:
                    reason = problem + " (" + reason + ")"
            reason = reason.replace("|", "\\|")
            lines.append("| %s | %s | %s |" % (k, status, reason))
    lines += ["", "Run time of the generating run: %d s with %d jobs." % (
        elapsed, args.jobs), ""]
    with open(args.report, "w") as f:
        f.write("\n".join(lines))
    with open(args.passing, "w") as f:
        for k in sorted(k for k, r in results.items() if r[0] == "pass"):
            f.write(k + "\n")
    print("node f32/i64/bool: %d/%d pass (%.1f%%); float-only others: %d/%d"
          % (node_pass, len(node), 100.0 * node_pass / max(len(node), 1),
             float_pass, len(floats)))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--update", action="store_true")
    mode.add_argument("--check", action="store_true")
    p.add_argument("--nablac", default=os.path.join(ROOT, "build", "bin", "nablac"))
    p.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--timeout", type=int, default=300)
    p.add_argument("--filter", help="only cases whose category/name matches")
    p.add_argument("--passing", default=os.path.join(
        ROOT, "test", "Frontends", "onnx", "conformance", "passing.txt"))
    p.add_argument("--report", default=os.path.join(ROOT, "docs",
                                                    "onnx-conformance.md"))
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    if not os.path.exists(args.nablac):
        sys.exit("onnx-conformance: no nablac at %s (build first)" % args.nablac)
    if not os.path.isdir(args.data):
        sys.exit("onnx-conformance: no test data at %s (apt-get install "
                 "libonnx-testdata)" % args.data)

    start = time.time()
    results = run_all(args)
    elapsed = time.time() - start
    counts = collections.Counter(r[0] for r in results.values())
    print("%d cases in %d s: %s" % (len(results), elapsed, ", ".join(
        "%d %s" % (counts[s], s) for s in STATUSES)))

    if args.update:
        if args.filter:
            sys.exit("onnx-conformance: --update needs every case (no --filter)")
        write_report(args, results, elapsed)
        crashes = [k for k, r in results.items() if r[0] == "crash"]
        return 1 if crashes else 0

    listed = []
    if os.path.exists(args.passing):
        with open(args.passing) as f:
            listed = [l.strip() for l in f if l.strip()]
    problems = []
    for k, (status, detail, _) in sorted(results.items()):
        if status == "crash":
            problems.append("CRASH %s: %s" % (k, detail))
    for k in listed:
        if k not in results:
            if not args.filter:
                problems.append("MISSING %s: listed as passing but not found" % k)
            continue
        if results[k][0] != "pass":
            problems.append("REGRESSION %s (%s): %s" % (k, results[k][0],
                                                        results[k][1]))
    newly = sorted(k for k, r in results.items()
                   if r[0] == "pass" and k not in listed)
    if newly:
        print("%d case(s) pass but are not listed; run "
              "scripts/onnx-conformance.py --update: %s" % (
                  len(newly), " ".join(newly[:20])))
    for problem in problems:
        print(problem)
    if problems:
        print("onnx-conformance: FAILED (%d problem(s))" % len(problems))
        return 1
    print("onnx-conformance: OK (%d listed passing cases pass, no crash)"
          % len([k for k in listed if k in results]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
