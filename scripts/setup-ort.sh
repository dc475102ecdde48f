#!/usr/bin/env bash
# Installs ONNX Runtime 1.30 for Node (the reference of the PyTorch-model
# tests) into $ORT_NODE_DIR (default ~/.cache/nabla/ort), outside the clone.
# Idempotent: an existing install of the right version is kept.
set -euo pipefail
dir=${ORT_NODE_DIR:-$HOME/.cache/nabla/ort}
pkg=$dir/node_modules/onnxruntime-node/package.json
mkdir -p "$dir"
# Tests run in parallel: one installs, the others wait for it.
exec 9>"$dir.lock"
flock 9
if [ -f "$pkg" ] && grep -q '"version": "1.30.0"' "$pkg"; then
  exit 0
fi
mkdir -p "$dir"
# The package's install script downloads more and fails here; the native
# library is already inside the package.
# Registry hiccups (seen: a TLS error once, and an install that hung with no
# traffic) are cut short and retried.
for attempt in 1 2 3; do
  if timeout 300 npm install --ignore-scripts --no-audit --no-fund \
       --loglevel=error --fetch-timeout=60000 \
       --prefix "$dir" onnxruntime-node@1.30.0 >&2; then
    exit 0
  fi
  echo "setup-ort: npm install failed (attempt $attempt of 3)" >&2
  sleep $((attempt * 10))
done
exit 1
