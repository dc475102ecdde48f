//===- NablaContractionOps.cpp - Contraction ops: shape inference ---------===//

#include "dialects/Nabla/IR/NablaContractionOps.h"

using namespace mlir;
using namespace mlir::nabla;

/// Whether two dimension sizes may be equal at run time.
static bool dimsAgree(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  RankedTensorType lhsType =
      getRankedOperand(location, opName, adaptor.getLhs().getType());
  if (!lhsType)
    return failure();
  RankedTensorType rhsType =
      getRankedOperand(location, opName, adaptor.getRhs().getType());
  if (!rhsType)
    return failure();
  if (lhsType.getRank() < 1 || rhsType.getRank() < 1)
    return emitInferError(location, opName,
                          "operands must have rank >= 1, got ", lhsType,
                          " and ", rhsType);

  // Promote vectors to matrices: [K] x ... is [1, K], ... x [K] is [K, 1].
  SmallVector<int64_t> lhs(lhsType.getShape()), rhs(rhsType.getShape());
  bool lhsIsVector = lhs.size() == 1, rhsIsVector = rhs.size() == 1;
  if (lhsIsVector)
    lhs.insert(lhs.begin(), 1);
  if (rhsIsVector)
    rhs.push_back(1);

  int64_t lhsK = lhs.back(), rhsK = rhs[rhs.size() - 2];
  if (!dimsAgree(lhsK, rhsK))
    return emitInferError(location, opName,
                          "contracting dimensions differ: lhs has ", lhsK, " (",
                          lhsType, "), rhs has ", rhsK, " (", rhsType, ")");

  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes({ArrayRef(lhs).drop_back(2), ArrayRef(rhs).drop_back(2)});
  if (!shape)
    return emitInferError(location, opName,
                          "batch dimensions do not broadcast: ", lhsType,
                          " and ", rhsType);
  if (!lhsIsVector)
    shape->push_back(lhs[lhs.size() - 2]);
  if (!rhsIsVector)
    shape->push_back(rhs.back());
  inferred.push_back(RankedTensorType::get(*shape, lhsType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// GemmOp
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  RankedTensorType aType =
      getRankedOperand(location, opName, adaptor.getA().getType());
  if (!aType)
    return failure();
  RankedTensorType bType =
      getRankedOperand(location, opName, adaptor.getB().getType());
  if (!bType)
    return failure();
  if (aType.getRank() != 2)
    return emitInferError(location, opName, "a must be 2-D, got ", aType);
  if (bType.getRank() != 2)
    return emitInferError(location, opName, "b must be 2-D, got ", bType);

  bool transA = adaptor.getTransA(), transB = adaptor.getTransB();
  int64_t m = aType.getDimSize(transA ? 1 : 0);
  int64_t aK = aType.getDimSize(transA ? 0 : 1);
  int64_t bK = bType.getDimSize(transB ? 1 : 0);
  int64_t n = bType.getDimSize(transB ? 0 : 1);
  if (!dimsAgree(aK, bK))
    return emitInferError(location, opName,
                          "contracting dimensions differ: a has ", aK, " (",
                          aType, transA ? ", transposed" : "", "), b has ", bK,
                          " (", bType, transB ? ", transposed" : "", ")");

  Type elementType = aType.getElementType();
  auto resultType = RankedTensorType::get({m, n}, elementType);
  Value c = adaptor.getC();
  // The scale factors are f32; integer products need integral ones. `beta`
  // only matters when `c` is present.
  if (isa<IntegerType>(elementType)) {
    if (!adaptor.getAlpha().isInteger())
      return emitInferError(location, opName, "alpha must be integral for ",
                            elementType, " operands, got ",
                            adaptor.getAlpha().convertToFloat());
    if (c && !adaptor.getBeta().isInteger())
      return emitInferError(location, opName, "beta must be integral for ",
                            elementType, " operands, got ",
                            adaptor.getBeta().convertToFloat());
  }

  if (c) {
    RankedTensorType cType = getRankedOperand(location, opName, c.getType());
    if (!cType)
      return failure();
    // Unidirectional broadcast: c has rank <= 2 and each of its dimensions,
    // aligned to the right, is 1 or the result's.
    if (!isBroadcastableTo(cType.getShape(), resultType.getShape()))
      return emitInferError(location, opName, "c ", cType,
                            " does not broadcast to the result type ",
                            resultType);
  }
  inferred.push_back(resultType);
  return success();
}

//===----------------------------------------------------------------------===//
// FusedMatMulOp
//===----------------------------------------------------------------------===//

LogicalResult FusedMatMulOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  RankedTensorType aType =
      getRankedOperand(location, opName, adaptor.getA().getType());
  if (!aType)
    return failure();
  RankedTensorType bType =
      getRankedOperand(location, opName, adaptor.getB().getType());
  if (!bType)
    return failure();
  int64_t aRank = aType.getRank(), bRank = bType.getRank();
  if (aRank < 2 || aRank > 3 || bRank < 2 || bRank > 3)
    return emitInferError(location, opName,
                          "operands must be 2-D or 3-D, got ", aType, " and ",
                          bType);
  if (bRank == 3 && aRank != 3)
    return emitInferError(location, opName, "a 3-D b needs a 3-D a, got ",
                          aType, " and ", bType);
  ArrayRef<int64_t> a = aType.getShape(), b = bType.getShape();
  int64_t m = adaptor.getTransA() ? a[aRank - 1] : a[aRank - 2];
  int64_t aK = adaptor.getTransA() ? a[aRank - 2] : a[aRank - 1];
  int64_t bK = adaptor.getTransB() ? b[bRank - 1] : b[bRank - 2];
  int64_t n = adaptor.getTransB() ? b[bRank - 2] : b[bRank - 1];
  if (!dimsAgree(aK, bK))
    return emitInferError(location, opName,
                          "contracting dimensions differ: a has ", aK, " (",
                          aType, "), b has ", bK, " (", bType, ")");
  if (bRank == 3 && !dimsAgree(a[0], b[0]))
    return emitInferError(location, opName, "batch sizes differ: ", aType,
                          " and ", bType);
  SmallVector<int64_t, 3> shape;
  if (aRank == 3)
    shape.push_back(ShapedType::isDynamic(a[0]) && bRank == 3 ? b[0] : a[0]);
  shape.append({m, n});
  auto resultType = RankedTensorType::get(shape, aType.getElementType());
  if (failed(verifyEpilogue(
          location, opName, resultType, getTypeOrNull(adaptor.getBias()),
          /*checkBias=*/true, getTypeOrNull(adaptor.getResidual()),
          adaptor.getActivation(), adaptor.getActAlpha().convertToFloat(),
          adaptor.getActBeta().convertToFloat())))
    return failure();
  inferred.push_back(resultType);
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaContractionOps.cpp.inc"
