//===- Passes.h - Graph-level passes on the nabla dialect -------*- C++ -*-===//

#ifndef NABLA_TRANSFORMS_PASSES_H
#define NABLA_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::nabla {

#define GEN_PASS_DECL
#include "dialects/Nabla/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/Nabla/Transforms/Passes.h.inc"

} // namespace mlir::nabla

#endif // NABLA_TRANSFORMS_PASSES_H
