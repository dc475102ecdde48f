//===- Passes.h - Graph-level passes on the nabla dialect -------*- C++ -*-===//

#ifndef NABLA_TRANSFORMS_PASSES_H
#define NABLA_TRANSFORMS_PASSES_H

#include "dialects/Nabla/IR/NablaDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::nabla {

#define GEN_PASS_DECL
#include "dialects/Nabla/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/Nabla/Transforms/Passes.h.inc"

} // namespace mlir::nabla

#endif // NABLA_TRANSFORMS_PASSES_H
