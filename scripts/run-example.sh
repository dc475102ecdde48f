#!/usr/bin/env bash
# The main job: sets everything up, builds, and runs the bundled model.
# Until the native compiler lands, "running" the model means taking the
# bundled CNN (examples/mnist_cnn.mlir, written in the nabla dialect) through
# the graph-level pipeline: pin the dynamic batch, freeze the parameters into
# constants, canonicalize. Usage: scripts/run-example.sh [MODEL.mlir] [BATCH]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NABLA_BUILD_DIR:-$root/build}
model=${1:-$root/examples/mnist_cnn.mlir}
batch=${2:-64}

bash "$root/scripts/build.sh" nabla-opt >/dev/null
"$build/bin/nabla-opt" "$model" \
  -nabla-refine-shapes="arg-shapes=input=${batch}x1x28x28" \
  -nabla-freeze-parameters -canonicalize
