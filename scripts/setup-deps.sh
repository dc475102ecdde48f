#!/usr/bin/env bash
# Installs Nabla's build and test dependencies from Debian's registry.
# Idempotent: packages already present are skipped, so a warm machine costs
# a fraction of a second (no `apt-get update` unless something is missing).
# Usage: setup-deps.sh [extra packages...]
set -euo pipefail

PACKAGES=(
  # Compiler infrastructure.
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  # Build.
  cmake ninja-build ccache g++
  # Runtime kernels and the ONNX frontend.
  libhwy-dev libonnx-dev libprotobuf-dev protobuf-compiler
  # ONNX tests: the backend test data and ONNX's Python package (text models);
  # PyTorch exports and Node (ONNX Runtime's npm package) for the model tests.
  libonnx-testdata python3-onnx
  python3-torch python3-torchvision libopenblas0-pthread nodejs
  # The benchmark harness (bench/): its report's chart, and GNU time to
  # measure child processes' peak memory.
  python3-matplotlib time
  # Tests: GoogleTest units and NumPy references.
  libgtest-dev python3 python3-numpy
  "$@"
)
# Debian's nodejs ships npm separately; NodeSource's includes it.
if ! command -v npm >/dev/null; then PACKAGES+=(npm); fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
