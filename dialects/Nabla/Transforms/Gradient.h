//===- Gradient.h - Reverse-mode differentiation of nabla ops ---*- C++ -*-===//
//
// Builds the gradient of one value with respect to others by chaining the
// ops' DifferentiableOpInterface rules in reverse order. The ONNX importer
// uses it for ONNX's `Gradient` op; training builds on it.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_TRANSFORMS_GRADIENT_H
#define NABLA_TRANSFORMS_GRADIENT_H

#include "mlir/IR/Builders.h"

namespace mlir::nabla {

/// Emits, at the builder's insertion point, the gradient of `sum(y)` with
/// respect to each of `xs` (for a scalar `y`, dy/dx), each with its `x`'s
/// type. `y` and `xs` are float tensors of one block, and the insertion
/// point follows `y`'s definition. Values that `y` does not depend on get a
/// zero gradient. Fails, after emitting an error at the op, when an op on a
/// path from `xs` to `y` has no derivative rule.
FailureOr<SmallVector<Value>> buildGradient(OpBuilder &builder, Location loc,
                                            Value y, ArrayRef<Value> xs);

} // namespace mlir::nabla

#endif // NABLA_TRANSFORMS_GRADIENT_H
