//===- NablaCheckOps.cpp - Run-time checks: verification and folds --------===//

#include "dialects/Nabla/IR/NablaCheckOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// CheckIndexOp
//===----------------------------------------------------------------------===//

LogicalResult CheckIndexOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> location,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &) {
  RankedTensorType indices = getRankedOperand(location, getOperationName(),
                                              adaptor.getIndices().getType());
  if (!indices)
    return failure();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  if (sizes.empty())
    return emitInferError(location, getOperationName(),
                          "sizes must have at least one entry");
  for (int64_t size : sizes)
    if (size < 0)
      return emitInferError(location, getOperationName(),
                            "sizes must be >= 0, got [", sizes, "]");
  if (int64_t axis = static_cast<int64_t>(adaptor.getAxis()); axis < 0)
    return emitInferError(location, getOperationName(),
                          "axis must be >= 0, got ", axis);
  if (sizes.size() > 1 &&
      (indices.getRank() == 0 || indices.getDimSize(indices.getRank() - 1) !=
                                     static_cast<int64_t>(sizes.size())))
    return emitInferError(location, getOperationName(), "sizes has ",
                          sizes.size(),
                          " entries, so the last dimension of the indices "
                          "must be ",
                          sizes.size(), ", got ", indices);
  return success();
}

std::pair<int64_t, int64_t> CheckIndexOp::getValidRange(int64_t component) {
  ArrayRef<int64_t> sizes = getSizes();
  int64_t size = sizes[sizes.size() == 1 ? 0 : component];
  return {getAllowNegative() ? -size : 0, size - 1};
}

bool CheckIndexOp::isValid(int64_t index, int64_t component) {
  if (std::optional<int64_t> ignored = getIgnoreIndex(); ignored == index)
    return true;
  auto [low, high] = getValidRange(component);
  return index >= low && index <= high;
}

bool CheckIndexOp::isKnownValid() {
  auto type = cast<RankedTensorType>(getIndices().getType());
  if (type.hasStaticShape() && type.getNumElements() == 0)
    return true;
  DenseIntElementsAttr values;
  if (!matchPattern(getIndices(), m_Constant(&values)))
    return false;
  int64_t depth = getSizes().size();
  for (auto [position, value] : llvm::enumerate(values.getValues<APInt>()))
    if (!isValid(value.getSExtValue(), position % depth))
      return false;
  return true;
}

namespace {
/// A check of indices known to be valid has nothing left to do.
struct EraseKnownValidCheck : OpRewritePattern<CheckIndexOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CheckIndexOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.isKnownValid())
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void CheckIndexOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                               MLIRContext *context) {
  patterns.add<EraseKnownValidCheck>(context);
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaCheckOps.cpp.inc"
