//===- NablaOpsSupport.cpp - Shared shape and assembly helpers ------------===//

#include "dialects/Nabla/IR/NablaOpsSupport.h"

#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::nabla;

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

LogicalResult mlir::nabla::inferBroadcastResult(
    std::optional<Location> loc, StringRef opName, TypeRange operandTypes,
    Type elementType, SmallVectorImpl<Type> &inferred) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Type type : operandTypes) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return emitInferError(loc, opName, "expects ranked tensor operands, got ",
                            type);
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

static void printCompactTypeList(OpAsmPrinter &printer,
                                 ArrayRef<Type> operands, Type result) {
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
