"""Compile time and peak compiler memory against graph depth: chains of N
ops that do not fuse with each other (Softmax on a [4,16] tensor, and MatMul
by a different constant [16,16] matrix), built with onnx.helper and compiled
by nablac with a per-compile timeout ("timeout" instead of a hang)."""
import os

import numpy as np

import harness

CHAINS = {
    "softmax": "N x Softmax(axis=1) on a [4,16] input",
    "matmul": "N x MatMul by a constant [16,16] matrix on a [4,16] input",
}


def write_chain(kind, depth, path, seed=0):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(seed)
    nodes, inits, prev = [], [], "x"
    for i in range(depth):
        out = "y" if i == depth - 1 else "t%d" % i
        if kind == "softmax":
            nodes.append(helper.make_node("Softmax", [prev], [out], axis=1))
        else:
            w = (rng.standard_normal((16, 16)) / 4).astype(np.float32)
            inits.append(numpy_helper.from_array(w, "w%d" % i))
            nodes.append(helper.make_node("MatMul", [prev, "w%d" % i], [out]))
        prev = out
    graph = helper.make_graph(
        nodes, "%s_chain_%d" % (kind, depth),
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 16])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def run_depths(nablac, depths, timeout, workdir, log):
    """Returns [{"chain", "depth", "status": ok|timeout|error, "compile_s",
    "peak_mb"}]. Once a chain times out, its deeper models are skipped
    (reported as timeout without running)."""
    os.makedirs(workdir, exist_ok=True)
    results = []
    for kind in CHAINS:
        timed_out = False
        for depth in sorted(depths):
            entry = {"chain": kind, "depth": depth}
            if timed_out:
                entry.update(status="timeout", skipped=True)
                results.append(entry)
                log("  %s x%d: skipped (a shallower chain timed out)" % (kind, depth))
                continue
            model = os.path.join(workdir, "%s_%d.onnx" % (kind, depth))
            write_chain(kind, depth, model)
            r = harness.run_measured(
                [nablac, model, "-o", os.path.join(workdir, "%s_%d" % (kind, depth))],
                timeout=timeout)
            if r["timed_out"]:
                timed_out = True
                entry.update(status="timeout", compile_s=r["wall_s"],
                             peak_mb=r["maxrss_mb"])
            elif r["rc"] != 0:
                entry.update(status="error", compile_s=r["wall_s"],
                             message=harness.tail(r["stderr"], 3))
            else:
                entry.update(status="ok", compile_s=r["wall_s"],
                             peak_mb=r["maxrss_mb"])
            results.append(entry)
            log("  %s x%d: %s, %.1f s, %.0f MB" % (
                kind, depth, entry["status"], r["wall_s"], r["maxrss_mb"]))
    return results
