#!/usr/bin/env bash
# Sets everything up, builds, and runs every test: the lit/FileCheck suite and
# the GoogleTest units. Ends with one line "N passed, N failed".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NABLA_BUILD_DIR:-$root/build}

start=$(date +%s)
bash "$root/scripts/build.sh"
echo "build: $(( $(date +%s) - start )) s"

# ONNX Runtime for the PyTorch-model tests (npm; outside the clone).
bash "$root/scripts/setup-ort.sh"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
/usr/lib/llvm-22/bin/lit -sv --output "$results/lit.json" "$build/test" || status=1
"$build/bin/NablaUnitTests" --gtest_brief=1 \
  --gtest_output="json:$results/unit.json" || status=1
"$build/bin/NablaRuntimeTests" --gtest_brief=1 \
  --gtest_output="json:$results/runtime.json" || status=1

# The ONNX importer's fuzz target (ASan + UBSan build) replays the committed
# corpus, every regression input and every backend test model once: a
# deterministic gate. Searching for new findings is a separate command,
# scripts/fuzz-onnx.sh SECONDS, whose result differs between machines.
NABLA_FUZZ_JSON="$results/fuzz.json" \
  bash "$root/scripts/fuzz-onnx.sh" --replay || status=1

python3 "$root/scripts/summarize-tests.py" "$results/lit.json" "$results/unit.json" \
  "$results/runtime.json" "$results/fuzz.json" || status=1
exit $status
