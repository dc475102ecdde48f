//===- Passes.h - Codegen and memory passes of the compiler -----*- C++ -*-===//

#ifndef NABLA_COMPILER_TRANSFORMS_PASSES_H
#define NABLA_COMPILER_TRANSFORMS_PASSES_H

#include "dialects/Kernel/IR/KernelDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::nabla {

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

/// Attribute names shared by the passes and the emitter.
inline constexpr llvm::StringLiteral kArenaArgAttr = "nabla.arena";
inline constexpr llvm::StringLiteral kArenaSizeAttr = "nabla.arena_size";
inline constexpr llvm::StringLiteral kWeightsArgAttr = "nabla.weights";
inline constexpr llvm::StringLiteral kWeightsSizeAttr = "nabla.weights_size";
inline constexpr llvm::StringLiteral kScratchArgAttr = "nabla.scratch";
inline constexpr llvm::StringLiteral kScratchSizeAttr = "nabla.scratch_size";

/// Alignment of every buffer the compiler places: arena slots, kernel
/// scratch, weights (a cache line, and one AVX-512 vector).
inline constexpr int64_t kBufferAlignment = 64;

} // namespace mlir::nabla

#endif // NABLA_COMPILER_TRANSFORMS_PASSES_H
