//===- Passes.h - Graph-level passes on the nabla dialect -------*- C++ -*-===//

#ifndef NABLA_TRANSFORMS_PASSES_H
#define NABLA_TRANSFORMS_PASSES_H

#include "dialects/Nabla/IR/NablaDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::nabla {

/// Marks the private functions that nabla-form-kernels outlined: each is
/// called by the model function and computes part of it.
inline constexpr llvm::StringLiteral kKernelAttrName = "nabla.kernel";

#define GEN_PASS_DECL
#include "dialects/Nabla/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/Nabla/Transforms/Passes.h.inc"

} // namespace mlir::nabla

#endif // NABLA_TRANSFORMS_PASSES_H
