#!/usr/bin/env bash
# Nabla's benchmark harness, one command: installs what is missing
# (scripts/build.sh: Debian packages, then builds nablac; scripts/setup-ort.sh:
# ONNX Runtime 1.30 for Node), then runs bench/bench.py with these options:
#   bench/run.sh [--quick] [--threads 1,2] [--models mlp,resnet18,...]
#                [--kernels NAME,...|none] [--depths 25,50,...|none] ...
# (bench/run.sh --help lists them). Writes docs/benchmarks.md and
# docs/benchmarks.png; raw results in build/bench/results.json.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
for arg in "$@"; do
  if [ "$arg" = -h ] || [ "$arg" = --help ]; then
    exec /usr/bin/python3 bench/bench.py --help
  fi
done
nice bash scripts/build.sh nablac >&2
bash scripts/setup-ort.sh
export NABLA_BENCH_COMMAND="bench/run.sh${*:+ $*}"
exec /usr/bin/python3 bench/bench.py "$@"
