#!/usr/bin/env bash
# Regenerates the generated references in docs/ from the ODS sources.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NABLA_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh" nabla-docs
cp "$build/docs/Dialect.md" "$build/docs/KernelDialect.md" "$build/docs/Passes.md" "$build/docs/Interfaces.md" \
   "$build/docs/CompilerConversion.md" "$build/docs/CompilerTransforms.md" \
   "$root/docs/"
echo "updated docs/Dialect.md docs/KernelDialect.md docs/Passes.md docs/Interfaces.md docs/Compiler*.md"
