#!/usr/bin/env bash
# Exports a PyTorch model (scripts/torch-models.py), runs it with ONNX
# Runtime and with a nablac-compiled executable, and compares the outputs
# (normwise relative error <= 1e-4). Prints the compare line; exit 0 on OK.
# Usage: check-torch-model.sh NAME WORKDIR NABLAC
set -euo pipefail
name=$1 work=$2 nablac=$3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=/usr/bin/python3
# Debian's OpenBLAS misdetects AVX-512 machines (slow but correct); the
# override must not be set where AVX-512 is absent (illegal instruction).
if grep -q avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SKYLAKEX; fi
bash "$root/scripts/setup-ort.sh"
rm -rf "$work" && mkdir -p "$work"
"$python" "$root/scripts/torch-models.py" export "$name" "$work" 2>"$work/export.log" ||
  { cat "$work/export.log" >&2; exit 1; }
node "$root/scripts/ort-reference.js" "$work/model.onnx" "$work/ort" "$work/input.npy"
"$nablac" "$work/model.onnx" -o "$work/model" --shape "$(cat "$work/shape.txt")"
"$work/model" "$work/input.npy" -o "$work/nabla"
"$python" "$root/scripts/torch-models.py" compare "$work/nabla/output.npy" "$work/ort/output.npy"
