#!/usr/bin/env bash
# Installs missing dependencies, then configures and builds Nabla.
# Usage: scripts/build.sh [ninja targets...]   (build dir: $NABLA_BUILD_DIR or ./build)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NABLA_BUILD_DIR:-$root/build}

extra_packages=()
if [ "${NABLA_SANITIZE:-0}" = 1 ]; then
  extra_packages+=(libclang-rt-22-dev)  # ASan/UBSan runtimes for clang-22
fi
bash "$root/scripts/setup-deps.sh" "${extra_packages[@]}"

cmake_args=(
  -G Ninja -S "$root" -B "$build"
  -DCMAKE_BUILD_TYPE="${NABLA_BUILD_TYPE:-Release}"
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22
  -DLLVM_ENABLE_LLD=ON
)
if command -v ccache >/dev/null; then
  # Paths relative to the clone: fresh clones elsewhere share the cache.
  export CCACHE_BASEDIR=$root
  cmake_args+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache
               -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
if [ "${NABLA_SANITIZE:-0}" = 1 ]; then
  cmake_args+=(-DNABLA_ENABLE_SANITIZERS=ON)
fi
cmake "${cmake_args[@]}" >/dev/null
ninja -C "$build" "$@"
