#!/usr/bin/env bash
# Fuzzes the ONNX importer for a bounded time: builds tools/nabla-onnx-fuzz
# (libFuzzer, ASan, UBSan) in its own build dir, seeds it with ONNX's backend
# test models and the committed regressions (test/Frontends/onnx/fuzz), and
# fails on any finding: crash, sanitizer report, leak, timeout or OOM.
#
# Usage: scripts/fuzz-onnx.sh [SECONDS]        (default 60): a search
#        scripts/fuzz-onnx.sh --replay            every seed once, no search
#   --replay is what the test suite runs: the committed corpus
#   (test/Frontends/onnx/fuzz/corpus), every regression input and every
#   backend test model, each imported once. Deterministic, unlike a search,
#   whose coverage feedback depends on addresses and so differs per machine.
#   NABLA_FUZZ_BUILD_DIR  build dir (default ./build-fuzz); the corpus grown by
#                         earlier runs is kept in it, under fuzz/corpus
#   NABLA_FUZZ_JSON=FILE  also writes the outcome as a one-test GoogleTest
#                         report, for scripts/summarize-tests.py
#   NABLA_FUZZ_ARGS       more libFuzzer flags (e.g. -seed=1)
# A finding is saved as BUILD/fuzz/artifacts/<kind>-<sha1>; replay it with
#   NABLA_FUZZ_VERBOSE=1 BUILD/bin/nabla-onnx-fuzz BUILD/fuzz/artifacts/<file>
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NABLA_FUZZ_BUILD_DIR:-$root/build-fuzz}
replay=0
if [ "${1:-}" = --replay ]; then
  replay=1
  shift
fi
seconds=${1:-60}
testdata=/usr/share/libonnx-testdata/data

bash "$root/scripts/setup-deps.sh" libclang-rt-22-dev  # libFuzzer, ASan, UBSan

start=$(date +%s)
cmake_args=(
  -G Ninja -S "$root" -B "$build"
  -DCMAKE_BUILD_TYPE=Release -DNABLA_BUILD_FUZZERS=ON
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22
  -DLLVM_ENABLE_LLD=ON
)
if command -v ccache >/dev/null; then
  cmake_args+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache
               -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake "${cmake_args[@]}" >/dev/null
ninja -C "$build" nabla-onnx-fuzz
echo "fuzz-onnx: build: $(( $(date +%s) - start )) s"

# Seeds: every backend test model, named after its case, plus the inputs
# that once broke the importer.
work=$build/fuzz
rm -rf "$work/seeds"
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
for model in "$testdata"/*/*/model.onnx; do
  case_dir=$(dirname "$model")
  cp "$model" "$work/seeds/$(basename "$(dirname "$case_dir")")_$(basename "$case_dir").onnx"
done
cp "$root"/test/Frontends/onnx/fuzz/Inputs/*.onnx "$work/seeds/" 2>/dev/null || true
committed=$root/test/Frontends/onnx/fuzz/corpus

# -timeout: an input that takes this long is a hang. -rss_limit_mb also
# bounds single allocations: a small model must not make the importer
# allocate gigabytes.
log=$work/fuzz.log
status=0
limits=(-timeout=25 -rss_limit_mb=2048 -max_len=16384)
if [ "$replay" = 1 ]; then
  # Files, not directories: libFuzzer runs each once and adds nothing to the
  # committed corpus.
  inputs=("$work"/seeds/*)
  if [ -d "$committed" ]; then inputs+=("$committed"/*); fi
  "$build/bin/nabla-onnx-fuzz" "${limits[@]}" "${inputs[@]}" \
    >"$log" 2>&1 || status=$?
  ran=$(grep -c '^Executed ' "$log" || true)
  if [ "$status" -ne 0 ]; then
    echo "fuzz-onnx: FINDING (exit $status) replaying ${#inputs[@]} inputs; the end of $log:"
    tail -n 60 "$log"
  fi
  echo "fuzz-onnx: replayed $ran of ${#inputs[@]} inputs," \
    "$( [ "$status" -eq 0 ] && [ "$ran" -eq "${#inputs[@]}" ] && echo "no findings" || echo "FAILED")"
  if [ "$ran" -ne "${#inputs[@]}" ]; then status=1; fi
else
  # shellcheck disable=SC2086
  "$build/bin/nabla-onnx-fuzz" \
    -max_total_time="$seconds" "${limits[@]}" -print_final_stats=1 \
    -dict="$root/tools/nabla-onnx-fuzz/onnx.dict" \
    -artifact_prefix="$work/artifacts/" \
    ${NABLA_FUZZ_ARGS:-} \
    "$work/corpus" "$work/seeds" $( [ -d "$committed" ] && echo "$committed" ) \
    >"$log" 2>&1 || status=$?
  # libFuzzer writes one line per new input; show the start and the outcome.
  grep -E '^INFO: (Seed|Loaded|[0-9]+ files)|INITED|DONE|^stat::|^Done' "$log" || true
  if [ "$status" -ne 0 ]; then
    echo "fuzz-onnx: FINDING (exit $status); the end of $log:"
    tail -n 60 "$log"
    ls -l "$work/artifacts"
  fi
  echo "fuzz-onnx: $seconds s of fuzzing, corpus $(ls "$work/corpus" | wc -l) inputs," \
    "$( [ "$status" -eq 0 ] && echo "no findings" || echo "FAILED")"
fi

if [ -n "${NABLA_FUZZ_JSON:-}" ]; then
  failures=$(( status != 0 ))
  printf '{"tests": 1, "failures": %d, "errors": 0, "name": "fuzz-onnx"}\n' \
    "$failures" >"$NABLA_FUZZ_JSON"
fi
exit "$status"
