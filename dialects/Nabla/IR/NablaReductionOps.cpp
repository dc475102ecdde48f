//===- NablaReductionOps.cpp - Reduction ops: inference and folds ---------===//

#include "dialects/Nabla/IR/NablaReductionOps.h"

#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// Shape inference
//===----------------------------------------------------------------------===//

/// The shape rule of every reduction and arg-reduction: `axes` (named `what`
/// in diagnostics) are dropped from the shape of `xType`, or kept with size 1
/// under `keepDims`; the result has `elementType`.
static LogicalResult
inferReductionResult(std::optional<Location> loc, StringRef opName, Type xType,
                     StringRef what, ArrayRef<int64_t> axes, bool keepDims,
                     Type elementType, SmallVectorImpl<Type> &inferred) {
  auto x = dyn_cast<RankedTensorType>(xType);
  if (!x)
    return emitInferError(loc, opName, "x must be a ranked tensor, got ",
                          xType);
  if (axes.empty())
    return emitInferError(loc, opName, what, " must not be empty");
  if (failed(verifyAxes(loc, opName, what, axes, x.getRank())))
    return failure();
  llvm::SmallBitVector reduced(x.getRank());
  for (int64_t axis : axes)
    reduced.set(axis);
  SmallVector<int64_t> shape;
  for (auto [axis, size] : llvm::enumerate(x.getShape())) {
    if (!reduced.test(axis))
      shape.push_back(size);
    else if (keepDims)
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

/// The shape rule of softmax and log_softmax: the type of `xType`, with
/// `axis` in range.
static LogicalResult inferSoftmaxResult(std::optional<Location> loc,
                                        StringRef opName, Type xType,
                                        int64_t axis,
                                        SmallVectorImpl<Type> &inferred) {
  auto x = dyn_cast<RankedTensorType>(xType);
  if (!x)
    return emitInferError(loc, opName, "x must be a ranked tensor, got ",
                          xType);
  if (failed(verifyAxes(loc, opName, "axis", {axis}, x.getRank())))
    return failure();
  inferred.push_back(x);
  return success();
}

//===----------------------------------------------------------------------===//
// Folds
//===----------------------------------------------------------------------===//

/// Reducing only static size-1 axes with keep_dims is the identity for the
/// reductions whose value on a single element is that element.
template <typename ReduceOp>
static OpFoldResult foldSingleElementReduction(ReduceOp op) {
  if (!op.getKeepDims() || op.getX().getType() != op.getType())
    return {};
  auto x = cast<RankedTensorType>(op.getX().getType());
  if (llvm::any_of(op.getAxes(),
                   [&](int64_t axis) { return x.getDimSize(axis) != 1; }))
    return {};
  return op.getX();
}

OpFoldResult ReduceSumOp::fold(FoldAdaptor) {
  return foldSingleElementReduction(*this);
}

OpFoldResult ReduceMeanOp::fold(FoldAdaptor) {
  return foldSingleElementReduction(*this);
}

OpFoldResult ReduceMaxOp::fold(FoldAdaptor) {
  return foldSingleElementReduction(*this);
}

OpFoldResult ReduceMinOp::fold(FoldAdaptor) {
  return foldSingleElementReduction(*this);
}

OpFoldResult ReduceProdOp::fold(FoldAdaptor) {
  return foldSingleElementReduction(*this);
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaReductionOps.cpp.inc"
