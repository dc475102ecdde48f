//===- NablaInterfaces.h - Interfaces of nabla ops --------------*- C++ -*-===//
//
// The op interfaces, and helpers for the ops that implement them.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAINTERFACES_H
#define NABLA_IR_NABLAINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"

#include "dialects/Nabla/IR/NablaInterfaces.h.inc"

namespace mlir::nabla {

/// The VJP of NumPy broadcasting: sums the cotangent `grad` of a broadcast
/// result down to the operand type `target` (over the leading axes the
/// operand lacks and the axes where it has size 1), then reshapes. Returns
/// `grad` itself when the shapes already agree.
Value sumToShape(OpBuilder &builder, Location loc, Value grad,
                 RankedTensorType target);

/// A rank-0 constant of `elementType` (broadcasts against any tensor).
Value scalarConstant(OpBuilder &builder, Location loc, Type elementType,
                     double value);

} // namespace mlir::nabla

#endif // NABLA_IR_NABLAINTERFACES_H
