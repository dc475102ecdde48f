#!/usr/bin/env bash
# The main job: sets everything up, builds nablac, compiles the bundled MNIST
# CNN (examples/mnist_cnn.mlir, in the nabla dialect) into a native
# executable for a batch of 64, runs it, checks its probabilities against an
# independent NumPy reference and prints its latency.
#
# The bundled file carries placeholder weights until the training milestone;
# this script gives it seeded random weights (test/E2E/models.py, the same
# generator as the end-to-end test) and a seeded batch of inputs.
# Usage: scripts/run-example.sh   (outputs in $NABLA_BUILD_DIR/examples/mnist_cnn)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NABLA_BUILD_DIR:-$root/build}
out=$build/examples/mnist_cnn
python=/usr/bin/python3  # Debian's, with python3-numpy

bash "$root/scripts/build.sh" nablac >/dev/null
rm -rf "$out" && mkdir -p "$out"
"$python" "$root/test/E2E/models.py" mnist_cnn_example "$out"

echo "== nablac examples/mnist_cnn.mlir --shape input=64x1x28x28 -o mnist_cnn"
"$build/bin/nablac" "$out/model.mlir" --shape input=64x1x28x28 \
  -o "$out/mnist_cnn"

echo "== mnist_cnn --bench 20 input.npy -o outputs"
"$out/mnist_cnn" --bench 20 "$out"/inputs/*.npy -o "$out/outputs"

echo "== compare with NumPy"
"$python" "$root/test/E2E/compare.py" "$out/outputs" "$out/expected"
"$python" - "$out/outputs/probabilities.npy" <<'PY'
import sys
import numpy as np
p = np.load(sys.argv[1])
print(f"probabilities {p.shape} {p.dtype}; rows sum to 1 within "
      f"{np.abs(p.sum(axis=1) - 1).max():.1e}")
print("predicted classes of the first 16 images:", p.argmax(axis=1)[:16].tolist())
PY
