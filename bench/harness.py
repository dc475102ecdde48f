"""Process measurement and the round-robin timing loop of the benchmark
harness (bench/bench.py).

A *runner* is anything that can run one workload a given number of times
and report latencies: a nablac-compiled executable (NablaExe), ONNX Runtime
(ort_worker()) or PyTorch (torch_worker()), each in processes of its own.
Every runner has the same interface:

  runner.round(n)        -> {"median_ms", "min_ms"}: min(n, 3) untimed
                            warm-up runs, then n timed runs
  runner.save(dir)       -> the output .npy files of the last run
  runner.peak_rss_mb()   -> getrusage maxrss of the process running it
  runner.close()

measure_rounds() alternates between runners round by round (the order
rotates each round) so that machine noise hits all of them equally. Adding a
backend (e.g. a direct C++ microbenchmark of the runtime's kernels) means
writing one more class with this interface.
"""
import json
import math
import os
import re
import select
import signal
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"


_torch_models = None


def torch_models():
    """scripts/torch-models.py as a module (its models, relative_error)."""
    global _torch_models
    if _torch_models is None:
        import importlib.util
        path = os.path.join(ROOT, "scripts", "torch-models.py")
        spec = importlib.util.spec_from_file_location("torch_models", path)
        _torch_models = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_torch_models)
    return _torch_models


def compare_outputs(got_files, ref_files):
    """Normwise relative error (torch-models.py's: max|got - ref| / max|ref|),
    the worst over the outputs; inf for non-finite outputs, None when they
    cannot be compared (count, shape or dtype differ)."""
    import numpy as np
    if len(got_files) != len(ref_files):
        return None
    worst = 0.0
    for g, r in zip(sorted(got_files), sorted(ref_files)):
        got, ref = np.load(g), np.load(r)
        if got.shape != ref.shape or got.dtype != ref.dtype:
            return None
        err = torch_models().relative_error(got, ref)
        if not np.isfinite(got).all():
            err = float("inf")
        worst = max(worst, err)
    return worst


def median(values):
    values = sorted(values)
    n = len(values)
    if n == 0:
        return float("nan")
    return values[n // 2] if n % 2 else 0.5 * (values[n // 2 - 1] + values[n // 2])


def geomean(values):
    values = [v for v in values if v and v > 0 and math.isfinite(v)]
    if not values:
        return float("nan")
    return math.exp(sum(math.log(v) for v in values) / len(values))


def warmups(n):
    """The executable's rule (runtime/ExecutableMain.cpp), used for all."""
    return min(n, 3)


TIME = "/usr/bin/time"


def launched(cmd, rss_file):
    """cmd started through GNU time (a second fork + exec). Linux keeps
    ru_maxrss across fork + exec: a process started straight from this
    harness would report the harness's own RSS (tens of MB, numpy loaded)
    as its floor. time's child starts from time's small image instead, and
    time writes that child's maxrss in KB (covering the children it waited
    for, e.g. the linker nablac runs) to rss_file."""
    if os.access(TIME, os.X_OK):
        return [TIME, "-f", "%M", "-o", rss_file, "--", *cmd]
    return ["/bin/sh", "-c", '"$@"; exit $?', "sh", *cmd]


def read_rss_file(path):
    try:
        with open(path) as f:
            return int(f.read().split()[-1]) / 1024.0
    except (OSError, ValueError, IndexError):
        return None


def run_measured(cmd, timeout=None, env=None, cwd=None):
    """Runs cmd to completion (or until timeout seconds), returning
    {"rc", "wall_s", "maxrss_mb", "stdout", "stderr", "timed_out"}.

    maxrss_mb is the child's getrusage maxrss (see launched(); without GNU
    time, wait4's, which has the harness's RSS as a floor). On timeout the
    child's whole process group is killed and rc is None."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(prefix="rss") as rss:
        start = time.monotonic()
        proc = subprocess.Popen(launched(cmd, rss.name), stdout=out, stderr=err,
                                env=env, cwd=cwd,
                                stdin=subprocess.DEVNULL,
                                start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            if timeout is not None and time.monotonic() - start > timeout:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        maxrss = read_rss_file(rss.name) if not timed_out else None
        return {"rc": None if timed_out else proc.returncode, "wall_s": wall,
                "maxrss_mb": maxrss if maxrss is not None else usage.ru_maxrss / 1024.0,
                "stdout": out.read().decode(errors="replace"),
                "stderr": err.read().decode(errors="replace"),
                "timed_out": timed_out}


def check_output(cmd, what, **kwargs):
    result = run_measured(cmd, **kwargs)
    if result["rc"] != 0:
        raise BenchError("%s failed (%s):\n  %s\n%s" % (
            what, "timeout" if result["timed_out"] else "exit %s" % result["rc"],
            " ".join(cmd), tail(result["stderr"] + result["stdout"])))
    return result


def tail(text, lines=15):
    return "\n".join(text.rstrip().splitlines()[-lines:])


class BenchError(Exception):
    pass


# glibc malloc: keep freed memory for reuse instead of returning large blocks
# to the kernel (mmap threshold and trim threshold far above any model). A
# runtime that allocates its tensors on every run (PyTorch) otherwise takes
# fresh pages, one page fault each, every run; on this project's VMs a fault
# costs tens of microseconds (bench/page_faults.cpp) and PyTorch's MNIST CNN
# ran 4-5x slower. Applied to all three runners alike; --default-malloc
# turns it off.
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": str(1 << 31),
              "MALLOC_TRIM_THRESHOLD_": str(1 << 31)}
use_malloc_env = True


def runner_env(env=None):
    env = dict(os.environ if env is None else env)
    if use_malloc_env:
        env.update(MALLOC_ENV)
    return env


def torch_env(threads=None):
    """Environment of PyTorch processes: Debian's OpenBLAS misdetects
    AVX-512 machines (4-5x slower) unless told the core type; the override
    must not be set where AVX-512 is absent. Thread pools sized to N."""
    env = dict(os.environ)
    try:
        with open("/proc/cpuinfo") as f:
            if "avx512f" in f.read():
                env["OPENBLAS_CORETYPE"] = "SKYLAKEX"
    except OSError:
        pass
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
        env["OPENBLAS_NUM_THREADS"] = str(threads)
    return env


# --- runners ------------------------------------------------------------------

class NablaExe:
    """A nablac-compiled executable: one process per round, `--bench n`."""
    name = "nabla"

    def __init__(self, exe, inputs, threads, workdir):
        self.exe, self.inputs, self.threads = exe, list(inputs), threads
        self.outdir = os.path.join(workdir, "nabla-out")
        self.rss = 0.0
        self.timeout = 1800

    def _run(self, n):
        cmd = [self.exe, "--threads", str(self.threads), "--bench", str(n),
               *self.inputs, "-o", self.outdir]
        result = check_output(cmd, "the Nabla executable", env=runner_env(),
                              timeout=self.timeout)
        m = re.search(r"latency_ms: median=([0-9.eE+-]+) min=([0-9.eE+-]+)",
                      result["stdout"])
        r = re.search(r"peak_rss_mb: ([0-9.eE+-]+)", result["stdout"])
        if not m or not r:
            raise BenchError("unexpected --bench output of %s:\n%s" % (
                self.exe, result["stdout"]))
        self.rss = max(self.rss, float(r.group(1)))
        return {"median_ms": float(m.group(1)), "min_ms": float(m.group(2))}

    def round(self, n):
        return self._run(n)

    def save(self, directory):
        self._run(1)
        files = sorted(os.path.join(self.outdir, f) for f in os.listdir(self.outdir))
        os.makedirs(directory, exist_ok=True)
        saved = []
        for f in files:
            target = os.path.join(directory, os.path.basename(f))
            os.replace(f, target)
            saved.append(target)
        return saved

    def peak_rss_mb(self):
        return self.rss

    def info(self):
        return {}

    def close(self):
        pass


class Worker:
    """A long-lived peer process answering JSON-line requests (ort_worker.js,
    torch_worker.py); it runs only one model, so its maxrss is that model's."""

    def __init__(self, name, cmd, env=None, timeout=900):
        self.name = name
        self.cmd = cmd
        self.stderr = tempfile.TemporaryFile()
        self.rss_file = tempfile.NamedTemporaryFile(prefix="rss")
        self.proc = subprocess.Popen(launched(cmd, self.rss_file.name),
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr,
                                     env=env, text=True, bufsize=1,
                                     start_new_session=True)
        self._info = None
        self.timeout = timeout

    def ready(self):
        if self._info is None:
            self._info = self._read()
        return self._info

    def _read(self):
        # A hung peer must not hang the run: wait at most self.timeout.
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not ready:
            raise BenchError("%s worker: no answer in %d s:\n  %s" % (
                self.name, self.timeout, " ".join(self.cmd)))
        if not line:
            self.proc.wait()
            self.stderr.seek(0)
            raise BenchError("%s worker exited (%s):\n  %s\n%s" % (
                self.name, self.proc.returncode, " ".join(self.cmd),
                tail(self.stderr.read().decode(errors="replace"))))
        answer = json.loads(line)
        if "error" in answer:
            raise BenchError("%s worker: %s" % (self.name, answer["error"]))
        return answer

    def request(self, **req):
        self.ready()
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def round(self, n):
        times = self.request(op="run", warmup=warmups(n), n=n)["times_ms"]
        return {"median_ms": median(times), "min_ms": min(times)}

    def save(self, directory):
        return self.request(op="save", dir=directory)["files"]

    def peak_rss_mb(self):
        return self.request(op="rss")["peak_rss_mb"]

    def info(self):
        return self.ready()

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        self.stderr.close()
        self.rss_file.close()


def ort_worker(model, inputs, threads):
    return Worker("onnxruntime",
                  ["node", os.path.join(HERE, "ort_worker.js"), model,
                   str(threads), *inputs], env=runner_env())


def torch_worker(name, batch, input_path, threads):
    return Worker("pytorch",
                  [PYTHON, os.path.join(HERE, "torch_worker.py"), name,
                   str(batch), str(threads), input_path],
                  env=runner_env(torch_env(threads)))


def measure_rounds(runners, rounds, round_seconds, max_iterations=1000,
                   log=None):
    """Calibrates each runner (one round of 1 run), then runs `rounds`
    rounds, each runner once per round in an order that rotates every round,
    with n chosen so that its timed part lasts about round_seconds.

    Returns {name: {"median_ms": median of the round medians, "min_ms",
    "rounds": [round medians], "iterations": n}}."""
    names = list(runners)
    counts = {}
    for name in names:
        first = runners[name].round(1)["median_ms"]
        counts[name] = max(1, min(max_iterations,
                                  int(round(round_seconds * 1e3 / max(first, 1e-3)))))
    per_round = {name: [] for name in names}
    minima = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            result = runners[name].round(counts[name])
            per_round[name].append(result["median_ms"])
            minima[name].append(result["min_ms"])
        if log:
            log("    round %d/%d: %s" % (r + 1, rounds, "  ".join(
                "%s %.3f ms" % (n, per_round[n][-1]) for n in names)))
    return {name: {"median_ms": median(per_round[name]),
                   "min_ms": min(minima[name]), "rounds": per_round[name],
                   "iterations": counts[name]} for name in names}
