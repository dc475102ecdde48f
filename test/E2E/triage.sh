#!/usr/bin/env bash
# Compiles, runs and checks every output of an E2E model on its own (with only
# the ops it needs), to find which op of a failing model is wrong.
#   test/E2E/triage.sh MODEL [WORKDIR]   (NABLAC=path/to/nablac, default build/bin/nablac)
# Prints one line per output: ok, COMPILE FAIL, RUN FAIL or WRONG (with compare.py's
# worst element). Each output's model, logs and outputs stay in WORKDIR/<output>.
set -u
here=$(cd "$(dirname "$0")" && pwd)
model=${1:?usage: triage.sh MODEL [WORKDIR]}
work=${2:-/tmp/nabla-triage/$model}
nablac=${NABLAC:-$here/../../build/bin/nablac}
python=${PYTHON:-/usr/bin/python3}
outputs=$("$python" - "$here" "$model" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import models
m = models.build(sys.argv[2])
masks = {s["mask"] for s in m.special.values()}
print(" ".join(n for n, _ in m.outputs if n not in masks))
PY
) || exit 1
shopt -s nullglob
for out in $outputs; do
  d=$work/$out
  rm -rf "$d"
  "$python" "$here/models.py" "$model" "$d" --only "$out" > /dev/null || { echo "$out: GEN FAIL"; continue; }
  if ! timeout 600 "$nablac" "$d/model.mlir" -o "$d/model" > "$d/compile.log" 2>&1; then
    echo "$out: COMPILE FAIL: $(grep -m1 -iE 'error|fault|abort|assert' "$d/compile.log" | cut -c1-200)"
    continue
  fi
  mkdir -p "$d/out"
  if ! timeout 120 "$d/model" "$d"/inputs/*.npy -o "$d/out" > "$d/run.log" 2>&1; then
    echo "$out: RUN FAIL: $(tail -1 "$d/run.log" | cut -c1-200)"
    continue
  fi
  if "$python" "$here/compare.py" "$d/out" "$d/expected" > "$d/compare.log" 2>&1; then
    echo "$out: ok"
  else
    echo "$out: WRONG: $(grep -m1 'FAIL' "$d/compare.log" | cut -c1-300)"
  fi
done
