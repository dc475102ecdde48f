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

# A bounded libFuzzer run over the ONNX importer (ASan + UBSan build): a
# fixed seed and number of inputs, capped in time on a slow machine. The
# search is not the same on every machine (coverage feedback depends on
# addresses, which vary with the environment), so each CI run also explores a
# little; longer searches with other seeds: scripts/fuzz-onnx.sh SECONDS.
NABLA_FUZZ_JSON="$results/fuzz.json" \
  NABLA_FUZZ_ARGS="-seed=1 -runs=${NABLA_FUZZ_RUNS:-200000} ${NABLA_FUZZ_ARGS:-}" \
  bash "$root/scripts/fuzz-onnx.sh" "${NABLA_FUZZ_SECONDS:-300}" || status=1

python3 "$root/scripts/summarize-tests.py" "$results/lit.json" "$results/unit.json" \
  "$results/runtime.json" "$results/fuzz.json" || status=1
exit $status
