"""Kernel microbenchmark: GFLOP/s of GEMM, of each conv layer of the MNIST
and CIFAR CNNs, and of resnet18's kinds of convolution (its stem and one 3x3
layer per stage), next to the machine's FMA peak (bench/fma_peak.cpp).

A kernel is a Kernel spec (shapes, FLOP count, a one-op ONNX model). A
*backend* turns a spec into a runner (bench/harness.py's interface) for a
thread count:

  class Backend:
      name = "..."
      def runner(self, kernel, threads, workdir): ...   # -> runner

Today's backends: NablacBackend (the one-op model compiled by nablac, timed
with the executable's --bench) and OrtBackend (the same model in ONNX
Runtime, for reference). A direct C++ microbenchmark of the runtime's own
kernels is one more Backend class, registered in BACKENDS.
"""
import os

import numpy as np

import harness


class Kernel:
    def __init__(self, name, kind, shape_text, flops, nodes, inputs, params):
        self.name, self.kind, self.shape_text, self.flops = (
            name, kind, shape_text, flops)
        self.nodes = nodes          # [(op_type, inputs, outputs, attributes)]
        self.inputs = inputs        # [(name, shape)]: random run-time inputs
        self.params = params        # [(name, shape)]: random initializers

    def write(self, directory, seed=0):
        """Writes directory/model.onnx and one .npy per input (seeded);
        returns the input paths."""
        import onnx
        from onnx import TensorProto, helper, numpy_helper
        os.makedirs(directory, exist_ok=True)
        rng = np.random.default_rng(seed)
        inits = []
        for name, shape in self.params:
            fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
            value = rng.standard_normal(shape) / np.sqrt(max(fan_in, 1))
            inits.append(numpy_helper.from_array(value.astype(np.float32), name))
        nodes = [helper.make_node(op, ins, outs, **attrs)
                 for op, ins, outs, attrs in self.nodes]
        graph = helper.make_graph(
            nodes, self.name,
            [helper.make_tensor_value_info(n, TensorProto.FLOAT, s)
             for n, s in self.inputs],
            [helper.make_tensor_value_info(self.nodes[-1][2][0],
                                           TensorProto.FLOAT, None)],
            inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        model = onnx.shape_inference.infer_shapes(model)
        onnx.checker.check_model(model)
        onnx.save(model, os.path.join(directory, "model.onnx"))
        paths = []
        for name, shape in self.inputs:
            path = os.path.join(directory, name + ".npy")
            np.save(path, rng.standard_normal(shape).astype(np.float32))
            paths.append(path)
        return paths


def gemm(m, n, k, note):
    """C[m,n] = A[m,k] B[k,n], A an input, B a constant (a dense layer)."""
    return Kernel("gemm_%dx%dx%d" % (m, n, k), "gemm",
                  "M=%d N=%d K=%d%s" % (m, n, k, " (%s)" % note if note else ""),
                  2.0 * m * n * k,
                  [("MatMul", ["a", "b"], ["c"], {})], [("a", [m, k])],
                  [("b", [k, n])])


def conv(name, batch, cin, size, cout, pad, note, kernel=3, stride=1):
    """A square convolution with bias, as in the CNNs (3x3 stride 1 unless
    told otherwise)."""
    out = (size + 2 * pad - kernel) // stride + 1
    flops = 2.0 * batch * cout * out * out * cin * kernel * kernel
    return Kernel(name, "conv",
                  "N=%d C=%d %dx%d -> K=%d %dx%d, %dx%d%s pad %d (%s)" % (
                      batch, cin, size, size, cout, out, out, kernel, kernel,
                      " stride %d" % stride if stride != 1 else "", pad, note),
                  flops,
                  [("Conv", ["x", "w", "bias"], ["y"],
                    {"kernel_shape": [kernel, kernel], "pads": [pad] * 4,
                     "strides": [stride, stride]})],
                  [("x", [batch, cin, size, size])],
                  [("w", [cout, cin, kernel, kernel]), ("bias", [cout])])


KERNELS = [
    gemm(512, 512, 512, "square"),
    gemm(64, 512, 784, "MLP layer 1, batch 64"),
    gemm(64, 512, 512, "MLP layer 2, batch 64"),
    conv("mnist_conv1", 64, 1, 28, 32, 0, "MNIST CNN conv 1"),
    conv("mnist_conv2", 64, 32, 13, 64, 0, "MNIST CNN conv 2"),
    conv("mnist_conv3", 64, 64, 5, 64, 0, "MNIST CNN conv 3"),
    conv("cifar_conv1", 32, 3, 32, 32, 1, "CIFAR CNN conv 1"),
    conv("cifar_conv2", 32, 32, 16, 64, 1, "CIFAR CNN conv 2"),
    conv("cifar_conv3", 32, 64, 8, 128, 1, "CIFAR CNN conv 3"),
    conv("resnet18_conv1", 1, 3, 224, 64, 3, "resnet18 stem", kernel=7,
         stride=2),
    conv("resnet18_layer1", 1, 64, 56, 64, 1, "resnet18 layer 1"),
    conv("resnet18_layer2", 1, 128, 28, 128, 1, "resnet18 layer 2"),
    conv("resnet18_layer3", 1, 256, 14, 256, 1, "resnet18 layer 3"),
    conv("resnet18_layer4", 1, 512, 7, 512, 1, "resnet18 layer 4"),
    conv("resnet18_layer4_down", 1, 256, 14, 512, 1,
         "resnet18 layer 4, first", stride=2),
]


def kernel_names():
    return [k.name for k in KERNELS]


class NablacBackend:
    """The one-op model compiled by nablac, timed with --bench."""
    name = "nabla"

    def __init__(self, nablac):
        self.nablac = nablac
        self.compiled = {}

    def runner(self, kernel, threads, workdir):
        directory = os.path.join(workdir, kernel.name)
        if kernel.name not in self.compiled:
            inputs = kernel.write(directory)
            exe = os.path.join(directory, "nabla-model")
            harness.check_output(
                [self.nablac, os.path.join(directory, "model.onnx"), "-o", exe],
                "nablac on kernel %s" % kernel.name, timeout=600)
            self.compiled[kernel.name] = (exe, inputs)
        exe, inputs = self.compiled[kernel.name]
        return harness.NablaExe(exe, inputs, threads, directory)


class OrtBackend:
    """The same one-op model in ONNX Runtime (reference)."""
    name = "onnxruntime"

    def __init__(self):
        self.written = {}

    def runner(self, kernel, threads, workdir):
        directory = os.path.join(workdir, kernel.name)
        if kernel.name not in self.written:
            self.written[kernel.name] = kernel.write(directory)
        worker = harness.ort_worker(os.path.join(directory, "model.onnx"),
                                    self.written[kernel.name], threads)
        worker.ready()
        return worker


# Backends by name (bench.py --kernel-backends). Every other backend's output
# is checked against REFERENCE's when it runs.
BACKENDS = {
    "nabla": lambda args: NablacBackend(args.nablac),
    "onnxruntime": lambda args: OrtBackend(),
}
REFERENCE = "onnxruntime"


def build_probe(name, workdir, log):
    """Builds bench/NAME.cpp with clang++-22 -O3 -march=native -pthread into
    workdir; returns the executable, or None (with a message)."""
    os.makedirs(workdir, exist_ok=True)
    exe = os.path.join(workdir, name)
    try:
        harness.check_output(["clang++-22", "-O3", "-march=native", "-pthread",
                              os.path.join(harness.HERE, name + ".cpp"), "-o", exe],
                             "building " + name)
    except (harness.BenchError, OSError) as e:
        log("  %s: not built: %s" % (name, e))
        return None
    return exe


def fields_of(line):
    return dict(f.split("=", 1) for f in line.split() if "=" in f)


def fma_peak(workdir, threads_list, quick, log):
    """Runs bench/fma_peak.cpp (zmm and ymm) at each thread count. Returns
    {"zmm": {threads: {"best", "median"}}, "ymm": {...}} ({} when it cannot
    be built; an ISA the machine lacks is left out)."""
    exe = build_probe("fma_peak", workdir, log)
    results = {}
    for isa in ("zmm", "ymm") if exe else ():
        for threads in threads_list:
            cmd = [exe, "--isa", isa, "--threads", str(threads)]
            if quick:
                cmd += ["--repeats", "20"]
            result = harness.run_measured(cmd)
            fields = fields_of(result["stdout"])
            if result["rc"] != 0 or "gflops_best" not in fields:
                log("  fma_peak %s: %s" % (isa, harness.tail(result["stderr"]) or
                                           "exit %s" % result["rc"]))
                break
            results.setdefault(isa, {})[threads] = {
                "best": float(fields["gflops_best"]),
                "median": float(fields["gflops_median"])}
            log("  fma_peak %s, %d thread(s): best %.1f GFLOP/s, median %.1f" % (
                isa, threads, float(fields["gflops_best"]),
                float(fields["gflops_median"])))
    return results


def page_fault_cost(workdir, quick, log):
    """Microseconds per first touch of a fresh 4 KiB page (bench/page_faults.cpp):
    {"best", "median"}, or None."""
    exe = build_probe("page_faults", workdir, log)
    if not exe:
        return None
    result = harness.run_measured([exe] + (["--mb", "16", "--repeats", "3"] if quick else []))
    fields = fields_of(result["stdout"])
    if result["rc"] != 0 or "median" not in fields:
        log("  page_faults: %s" % harness.tail(result["stderr"]))
        return None
    log("  page fault: %s us per 4 KiB page (median)" % fields["median"])
    return {"best": float(fields["best"]), "median": float(fields["median"])}


def run_kernels(names, backends, threads_list, rounds, round_seconds, workdir, log):
    """Returns [{"name", "kind", "shape", "flops", "errors": {backend:
    relative error vs REFERENCE}, "results": {threads: {backend:
    {"median_ms", "gflops"}}}}]."""
    selected = [k for k in KERNELS if k.name in names]
    out = []
    for kernel in selected:
        entry = {"name": kernel.name, "kind": kernel.kind,
                 "shape": kernel.shape_text, "flops": kernel.flops,
                 "results": {}}
        for threads in threads_list:
            log("  %s, %d thread(s)" % (kernel.name, threads))
            runners = {}
            try:
                for backend in backends:
                    runners[backend.name] = backend.runner(kernel, threads, workdir)
                if REFERENCE in runners:
                    outdir = os.path.join(workdir, kernel.name, "outputs-%d" % threads)
                    saved = {n: r.save(os.path.join(outdir, n)) for n, r in runners.items()}
                    for n in runners:
                        if n != REFERENCE:
                            err = harness.compare_outputs(saved[n], saved[REFERENCE])
                            entry.setdefault("errors", {})[n] = max(
                                entry.get("errors", {}).get(n) or 0.0,
                                float("inf") if err is None else err)
                measured = harness.measure_rounds(runners, rounds, round_seconds)
            except harness.BenchError as e:
                log("    failed: %s" % e)
                entry["error"] = str(e).splitlines()[0]
                break
            finally:
                for runner in runners.values():
                    runner.close()
            entry["results"][threads] = {
                name: {"median_ms": m["median_ms"],
                       "gflops": kernel.flops / (m["median_ms"] * 1e6)}
                for name, m in measured.items()}
            log("    " + "  ".join("%s %.1f GFLOP/s" % (n, r["gflops"])
                                   for n, r in entry["results"][threads].items()))
        out.append(entry)
    return out
