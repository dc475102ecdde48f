//===- FoldBatchNorm.cpp - Inference batch norm into the convolution ------===//
//
// At inference a batch norm is a per-channel affine map,
// y = x * s + (beta - mean * s) with s = gamma / sqrt(var + eps). After a
// convolution with constant weights it folds into them: w'[f] = w[f] * s[f]
// and b' = (b - mean) * s + beta, so the network runs one op where it ran
// two, and the normalization costs nothing. The new weights are computed
// here, in double precision and rounded once to the weights' type: they are
// too large for the dialect's folders, which fold small constants only.
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/IR/NablaOps.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAFOLDBATCHNORM
#include "dialects/Nabla/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {
/// The values of a constant float tensor, in double precision.
std::optional<SmallVector<double>> getValues(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<double> values;
  values.reserve(attr.getNumElements());
  for (APFloat element : attr.getValues<APFloat>()) {
    bool losesInfo;
    element.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    values.push_back(element.convertToDouble());
  }
  return values;
}

/// A constant of `type` holding `values`, each rounded once.
Value createConstant(PatternRewriter &rewriter, Location loc,
                     RankedTensorType type, ArrayRef<double> values) {
  auto elementType = cast<FloatType>(type.getElementType());
  SmallVector<APFloat> elements;
  elements.reserve(values.size());
  for (double value : values) {
    APFloat element(value);
    bool losesInfo;
    element.convert(elementType.getFloatSemantics(),
                    APFloat::rmNearestTiesToEven, &losesInfo);
    elements.push_back(element);
  }
  return ConstantOp::create(rewriter, loc, type,
                            DenseElementsAttr::get(type, elements));
}

struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  FoldIntoConv(MLIRContext *context, bool remarks)
      : OpRewritePattern(context), remarks(remarks) {}

  LogicalResult matchAndRewrite(BatchNormOp norm,
                                PatternRewriter &rewriter) const override {
    auto conv = norm.getX().getDefiningOp<Conv2dOp>();
    if (!conv || !norm.getX().hasOneUse())
      return failure();
    auto w = getValues(conv.getW()), gamma = getValues(norm.getScale()),
         beta = getValues(norm.getBias()), mean = getValues(norm.getMean()),
         var = getValues(norm.getVar());
    std::optional<SmallVector<double>> b =
        conv.getBias() ? getValues(conv.getBias()) : std::nullopt;
    if (!w || !gamma || !beta || !mean || !var || (conv.getBias() && !b))
      return failure();
    auto wType = cast<RankedTensorType>(conv.getW().getType());
    int64_t filters = wType.getDimSize(0);
    if (filters <= 0 || w->size() % filters != 0)
      return failure();

    double epsilon = norm.getEpsilon().convertToDouble();
    int64_t perFilter = w->size() / filters;
    SmallVector<double> bias(filters);
    for (int64_t f = 0; f < filters; ++f) {
      double scale = (*gamma)[f] / std::sqrt((*var)[f] + epsilon);
      for (int64_t i = 0; i < perFilter; ++i)
        (*w)[f * perFilter + i] *= scale;
      bias[f] = ((b ? (*b)[f] : 0.0) - (*mean)[f]) * scale + (*beta)[f];
    }

    if (remarks)
      norm->emitRemark() << "folded " << norm->getName() << " into "
                         << conv->getName();
    Location loc = norm.getLoc();
    Value weights = createConstant(rewriter, loc, wType, *w);
    Value biasValue = createConstant(
        rewriter, loc,
        RankedTensorType::get({filters}, wType.getElementType()), bias);
    rewriter.replaceOpWithNewOp<Conv2dOp>(
        norm, norm.getType(), conv.getX(), weights, biasValue,
        conv.getStridesAttr(), conv.getPadsAttr(), conv.getDilationsAttr(),
        conv.getGroupsAttr());
    rewriter.eraseOp(conv);
    return success();
  }
  bool remarks;
};

struct FoldBatchNormPass
    : public nabla::impl::NablaFoldBatchNormBase<FoldBatchNormPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv>(&getContext(), remarks);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
