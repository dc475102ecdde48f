//===- NablaOpsSupport.cpp - Shared shape and assembly helpers ------------===//

#include "dialects/Nabla/IR/NablaOpsSupport.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::nabla;

RankedTensorType mlir::nabla::getRankedOperand(std::optional<Location> loc,
                                               StringRef opName, Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    (void)emitInferError(loc, opName, "expects ranked tensor operands, got ",
                         type);
  return tensor;
}

std::optional<SmallVector<int64_t>>
mlir::nabla::broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes) {
  SmallVector<int64_t> result;
  for (ArrayRef<int64_t> shape : shapes) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(result, shape, next))
      return std::nullopt;
    result = std::move(next);
  }
  return result;
}

LogicalResult
mlir::nabla::inferBroadcastResult(std::optional<Location> loc, StringRef opName,
                                  TypeRange operandTypes, Type elementType,
                                  SmallVectorImpl<Type> &inferred) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Type type : operandTypes) {
    RankedTensorType tensor = getRankedOperand(loc, opName, type);
    if (!tensor)
      return failure();
    shapes.push_back(tensor.getShape());
  }
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(shapes);
  if (!shape) {
    if (!loc)
      return failure();
    InFlightDiagnostic diag = emitError(*loc);
    diag << "'" << opName << "' op operand shapes do not broadcast: ";
    llvm::interleaveComma(operandTypes, diag);
    return diag;
  }
  inferred.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

LogicalResult mlir::nabla::verifyAxes(std::optional<Location> loc,
                                      StringRef opName, StringRef what,
                                      ArrayRef<int64_t> axes, int64_t rank,
                                      bool unique) {
  llvm::SmallBitVector seen(std::max<int64_t>(rank, 0));
  for (int64_t axis : axes) {
    if (axis < 0 || axis >= rank)
      return emitInferError(loc, opName, what, " entry ", axis,
                            " is out of range for rank ", rank,
                            " (expected [0, ", rank, "))");
    if (unique && seen.test(axis))
      return emitInferError(loc, opName, what, " repeats axis ", axis);
    seen.set(axis);
  }
  return success();
}

LogicalResult mlir::nabla::verifyArraySize(std::optional<Location> loc,
                                           StringRef opName, StringRef what,
                                           ArrayRef<int64_t> value,
                                           size_t expected) {
  if (value.size() == expected)
    return success();
  return emitInferError(loc, opName, what, " must have ", expected,
                        " entries, got ", value.size());
}

int64_t mlir::nabla::mulDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return ShapedType::kDynamic;
  return a * b;
}

//===----------------------------------------------------------------------===//
// Compact type syntax
//===----------------------------------------------------------------------===//

/// Parses `: T` (every operand and the result are T) or `(T0, ...) -> R`.
static ParseResult parseCompactTypeList(OpAsmParser &parser,
                                        ArrayRef<Type *> operands,
                                        Type &result) {
  if (succeeded(parser.parseOptionalLParen())) {
    for (auto [index, type] : llvm::enumerate(operands)) {
      if (index > 0 && parser.parseComma())
        return failure();
      if (parser.parseType(*type))
        return failure();
    }
    return failure(parser.parseRParen() || parser.parseArrow() ||
                   parser.parseType(result));
  }
  Type type;
  if (parser.parseType(type))
    return failure();
  for (Type *operand : operands)
    *operand = type;
  result = type;
  return success();
}

static void printCompactTypeList(OpAsmPrinter &printer, ArrayRef<Type> operands,
                                 Type result) {
  if (llvm::all_equal(operands) && operands.front() == result) {
    printer << result;
    return;
  }
  printer << "(";
  llvm::interleaveComma(operands, printer);
  printer << ") -> " << result;
}

ParseResult mlir::nabla::parseCompactTypes(OpAsmParser &parser, Type &lhs,
                                           Type &rhs, Type &result) {
  return parseCompactTypeList(parser, {&lhs, &rhs}, result);
}

void mlir::nabla::printCompactTypes(OpAsmPrinter &printer, Operation *,
                                    Type lhs, Type rhs, Type result) {
  printCompactTypeList(printer, {lhs, rhs}, result);
}

ParseResult mlir::nabla::parseCompactTypes(OpAsmParser &parser, Type &first,
                                           Type &second, Type &third,
                                           Type &result) {
  return parseCompactTypeList(parser, {&first, &second, &third}, result);
}

void mlir::nabla::printCompactTypes(OpAsmPrinter &printer, Operation *,
                                    Type first, Type second, Type third,
                                    Type result) {
  printCompactTypeList(printer, {first, second, third}, result);
}

//===----------------------------------------------------------------------===//
// Sliding-window arithmetic
//===----------------------------------------------------------------------===//

/// Returns `dilation * (kernel - 1) + 1`, the span of a dilated kernel.
static std::optional<int64_t> dilatedExtent(int64_t kernel, int64_t dilation) {
  return llvm::checkedMulAdd(dilation, kernel - 1, int64_t(1));
}

std::optional<int64_t>
mlir::nabla::windowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                              int64_t dilation, int64_t padBefore,
                              int64_t padAfter, bool ceilMode) {
  if (stride <= 0 || dilation <= 0)
    return std::nullopt;
  if (ShapedType::isDynamic(input) || ShapedType::isDynamic(kernel))
    return ShapedType::kDynamic;
  std::optional<int64_t> leading = llvm::checkedAdd(input, padBefore);
  std::optional<int64_t> extent = dilatedExtent(kernel, dilation);
  if (!leading || !extent)
    return std::nullopt;
  std::optional<int64_t> span = llvm::checkedAdd(*leading, padAfter);
  if (span)
    span = llvm::checkedSub(*span, *extent);
  if (!span)
    return std::nullopt;
  int64_t steps = ceilMode ? llvm::divideCeilSigned(*span, stride)
                           : llvm::divideFloorSigned(*span, stride);
  std::optional<int64_t> size = llvm::checkedAdd(steps, int64_t(1));
  if (!size)
    return std::nullopt;
  if (!ceilMode || *size <= 0)
    return *size;
  // A product that overflows starts past the input as well.
  std::optional<int64_t> lastStart = llvm::checkedMul(*size - 1, stride);
  if (!lastStart || *lastStart >= *leading)
    return *size - 1;
  return *size;
}

std::optional<int64_t> mlir::nabla::transposedWindowOutputSize(
    int64_t input, int64_t kernel, int64_t stride, int64_t dilation,
    int64_t padBefore, int64_t padAfter, int64_t outputPadding) {
  if (stride <= 0 || dilation <= 0)
    return std::nullopt;
  if (ShapedType::isDynamic(input) || ShapedType::isDynamic(kernel))
    return ShapedType::kDynamic;
  std::optional<int64_t> extent = dilatedExtent(kernel, dilation);
  if (!extent)
    return std::nullopt;
  std::optional<int64_t> size =
      llvm::checkedMulAdd(stride, input - 1, outputPadding);
  if (size)
    size = llvm::checkedAdd(*size, *extent);
  if (size)
    size = llvm::checkedSub(*size, padBefore);
  if (size)
    size = llvm::checkedSub(*size, padAfter);
  return size;
}

//===----------------------------------------------------------------------===//
// Operand checks
//===----------------------------------------------------------------------===//

LogicalResult mlir::nabla::verifyShape(std::optional<Location> loc,
                                       StringRef opName, StringRef what,
                                       StringRef layout, Type type,
                                       ArrayRef<int64_t> expected) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (tensor && succeeded(verifyCompatibleShape(tensor.getShape(), expected)))
    return success();
  if (!loc)
    return failure();
  InFlightDiagnostic diag = emitError(*loc);
  diag << "'" << opName << "' op " << what << " must have shape " << layout
       << " = [";
  llvm::interleaveComma(expected, diag, [&](int64_t size) {
    if (ShapedType::isDynamic(size))
      diag << "?";
    else
      diag << size;
  });
  diag << "], got " << type;
  return diag;
}

LogicalResult mlir::nabla::verifyElementType(std::optional<Location> loc,
                                             StringRef opName, StringRef what,
                                             Type type, StringRef expectedName,
                                             Type expected) {
  Type element = getElementTypeOrSelf(type);
  if (element == expected)
    return success();
  return emitInferError(loc, opName, what, " element type ", element,
                        " differs from ", expectedName, " element type ",
                        expected);
}

bool mlir::nabla::isBroadcastableTo(ArrayRef<int64_t> from,
                                    ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return false;
  return llvm::all_of(
      llvm::zip(llvm::reverse(from), llvm::reverse(to)), [](auto pair) {
        auto [source, target] = pair;
        return source == 1 || source == target ||
               ShapedType::isDynamic(source) || ShapedType::isDynamic(target);
      });
}

LogicalResult mlir::nabla::verifyEpilogue(
    std::optional<Location> loc, StringRef opName, RankedTensorType result,
    Type bias, bool checkBias, Type residual, Activation activation,
    float actAlpha, float actBeta) {
  Type element = result.getElementType();
  if (bias && checkBias) {
    RankedTensorType biasType = getRankedOperand(loc, opName, bias);
    if (!biasType)
      return failure();
    if (!isBroadcastableTo(biasType.getShape(), result.getShape()))
      return emitInferError(loc, opName, "bias ", biasType,
                            " does not broadcast to the result type ", result);
    if (failed(verifyElementType(loc, opName, "bias", biasType, "the result",
                                 element)))
      return failure();
  }
  if (residual && residual != result)
    return emitInferError(loc, opName, "residual ", residual,
                          " must have the result type ", result);
  if (activation == Activation::clip &&
      !(actAlpha <= actBeta)) // also false for NaN
    return emitInferError(loc, opName, "clip range [", actAlpha, ", ", actBeta,
                          "] is empty or NaN");
  return success();
}

Type mlir::nabla::getTypeOrNull(Value value) {
  return value ? value.getType() : Type();
}
