//===- NablaOpsSupport.h - Shared shape and assembly helpers ----*- C++ -*-===//
//
// Helpers shared by the op families: shape inference (which is also each op's
// shape verifier), broadcasting, axis checks, and the compact type syntax.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAOPSSUPPORT_H
#define NABLA_IR_NABLAOPSSUPPORT_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::nabla {

/// Reports a shape or attribute error found while inferring the result types
/// of `opName`. Inference runs both from builders (where `loc` may be absent
/// and nothing is printed) and from the verifier, so this is the op's
/// user-facing diagnostic: "'nabla.op' op <args...>".
template <typename... Args>
LogicalResult emitInferError(std::optional<Location> loc, StringRef opName,
                             Args &&...args) {
  return emitOptionalError(loc, "'", opName, "' op ",
                           std::forward<Args>(args)...);
}

/// Returns the NumPy broadcast of `shapes` (dynamic dimensions stay dynamic
/// unless another operand fixes them), or std::nullopt if they do not
/// broadcast.
std::optional<SmallVector<int64_t>>
broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes);

/// Infers the broadcast result of elementwise operands: a tensor of the
/// broadcast shape with `elementType`. Reports incompatible shapes naming
/// every operand type.
LogicalResult inferBroadcastResult(std::optional<Location> loc,
                                   StringRef opName, TypeRange operandTypes,
                                   Type elementType,
                                   SmallVectorImpl<Type> &inferred);

/// Checks that every axis lies in [0, rank) and, when `unique` is set, that no
/// axis repeats. `what` names the attribute in the diagnostic.
LogicalResult verifyAxes(std::optional<Location> loc, StringRef opName,
                         StringRef what, ArrayRef<int64_t> axes, int64_t rank,
                         bool unique = true);

/// Checks that `value` has exactly `expected` entries.
LogicalResult verifyArraySize(std::optional<Location> loc, StringRef opName,
                              StringRef what, ArrayRef<int64_t> value,
                              size_t expected);

/// Multiplies dimension sizes; any dynamic factor makes the product dynamic.
int64_t mulDims(int64_t a, int64_t b);

//===----------------------------------------------------------------------===//
// Compact type syntax: `: T` when all types agree, `: (T0, T1) -> R` otherwise.
//===----------------------------------------------------------------------===//

ParseResult parseCompactTypes(OpAsmParser &parser, Type &lhs, Type &rhs,
                              Type &result);
void printCompactTypes(OpAsmPrinter &printer, Operation *op, Type lhs,
                       Type rhs, Type result);
ParseResult parseCompactTypes(OpAsmParser &parser, Type &first, Type &second,
                              Type &third, Type &result);
void printCompactTypes(OpAsmPrinter &printer, Operation *op, Type first,
                       Type second, Type third, Type result);

} // namespace mlir::nabla

#endif // NABLA_IR_NABLAOPSSUPPORT_H
