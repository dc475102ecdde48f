//===- NablaOpsSupport.h - Shared shape and assembly helpers ----*- C++ -*-===//
//
// Helpers shared by the op families: shape inference (which is also each op's
// shape verifier), broadcasting, axis checks, and the compact type syntax.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAOPSSUPPORT_H
#define NABLA_IR_NABLAOPSSUPPORT_H

#include "dialects/Nabla/IR/NablaDialect.h"

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

/// Returns `type` as a ranked tensor type, or null after reporting
/// "expects ranked tensor operands". ODS constraints make operands ranked on
/// verified ops, but builders run inference first, so it never casts blindly.
RankedTensorType getRankedOperand(std::optional<Location> loc, StringRef opName,
                                  Type type);

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
void printCompactTypes(OpAsmPrinter &printer, Operation *op, Type lhs, Type rhs,
                       Type result);
ParseResult parseCompactTypes(OpAsmParser &parser, Type &first, Type &second,
                              Type &third, Type &result);
void printCompactTypes(OpAsmPrinter &printer, Operation *op, Type first,
                       Type second, Type third, Type result);

//===----------------------------------------------------------------------===//
// Sliding-window arithmetic (convolution and pooling)
//===----------------------------------------------------------------------===//

/// Returns the number of window positions along one spatial dimension (ONNX
/// Conv, MaxPool, AveragePool):
///   floor((input + padBefore + padAfter - dilation * (kernel - 1) - 1)
///         / stride) + 1,
/// or `ceil` instead of `floor` in `ceilMode`, where a last window that would
/// start past the input plus `padBefore` is dropped (the PyTorch and ONNX
/// rule). Returns ShapedType::kDynamic if `input` or `kernel` is dynamic, and
/// std::nullopt if `stride` or `dilation` is not positive or the arithmetic
/// overflows int64. The size is not positive when the dilated kernel does not
/// fit the padded input; callers report that.
std::optional<int64_t> windowOutputSize(int64_t input, int64_t kernel,
                                        int64_t stride, int64_t dilation,
                                        int64_t padBefore, int64_t padAfter,
                                        bool ceilMode);

/// Returns the output size of a transposed window along one spatial dimension
/// (ONNX ConvTranspose):
///   stride * (input - 1) + outputPadding + dilation * (kernel - 1) + 1
///   - padBefore - padAfter,
/// with the same dynamic and std::nullopt cases as windowOutputSize.
std::optional<int64_t>
transposedWindowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                           int64_t dilation, int64_t padBefore,
                           int64_t padAfter, int64_t outputPadding);

//===----------------------------------------------------------------------===//
// Operand checks shared by ops with fixed operand layouts (recurrent, loss)
//===----------------------------------------------------------------------===//

/// Checks that `type` is a ranked tensor whose shape is compatible with
/// `expected` (a dynamic size on either side matches any size). `what` names
/// the operand and `layout` its dimensions, so that the diagnostic reads
/// "w must have shape [num_directions, 4 * hidden_size, input_size] =
/// [1, 64, 8], got 'tensor<1x60x8xf32>'".
LogicalResult verifyShape(std::optional<Location> loc, StringRef opName,
                          StringRef what, StringRef layout, Type type,
                          ArrayRef<int64_t> expected);

/// Checks that the element type of `type` is `expected`, the element type of
/// the operand named `expectedName`.
LogicalResult verifyElementType(std::optional<Location> loc, StringRef opName,
                                StringRef what, Type type,
                                StringRef expectedName, Type expected);

/// Returns whether a tensor of shape `from` broadcasts (NumPy rules) to
/// `to` without changing it: `from` has no more dimensions and each of its
/// trailing dimensions is 1, equal, or dynamic on either side.
bool isBroadcastableTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to);

/// Checks the epilogue of a fused op whose result is `result`: an optional
/// `bias` that broadcasts to it (when `checkBias`), an optional `residual`
/// of its type, and activation parameters that make sense (a clip range
/// that is not empty or NaN).
LogicalResult verifyEpilogue(std::optional<Location> loc, StringRef opName,
                             RankedTensorType result, Type bias, bool checkBias,
                             Type residual, Activation activation,
                             float actAlpha, float actBeta);

/// The type of an optional operand, or a null type when it is absent.
Type getTypeOrNull(Value value);

} // namespace mlir::nabla

#endif // NABLA_IR_NABLAOPSSUPPORT_H
