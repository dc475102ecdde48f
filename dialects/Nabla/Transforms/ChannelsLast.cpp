//===- ChannelsLast.cpp - Conv stacks in the channels-last layout ---------===//
//
// The runtime's channels-last convolutions are products whose rows are
// output positions: no tile is wasted on the edge of a small image, and
// depthwise convolutions and pooling vectorize along the channels
// (docs/Kernels.md measures 1.15-1.5x on the deeper layers, 2-4x on
// depthwise ones). They pay only if activations stay channels last from
// one convolution to the next, so this pass first puts every f32
// convolution in that layout between transposes, then moves the
// transposes back to channels first down through the ops that do not care
// about the layout (elementwise ops, concatenations, pooling, reductions)
// until they meet the next convolution's transpose to channels last, which
// cancels them (nabla.transpose's folder). What is left are transposes at
// the edges of the conv stack: before a flatten or a matrix product, or
// the network's input (none for a first convolution of fewer than 8
// channels per group: it reads the NCHW input itself, `nchw_input`).
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/IR/NablaOps.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLACHANNELSLAST
#include "dialects/Nabla/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {

/// Channels per group below which a convolution on a channels-first input
/// reads it as it is (im2col's columns) rather than transposed: rows of
/// taps of 1-3 channels cost twice the product.
constexpr int64_t kMinChannelsLastInput = 8;

bool isStaticF32(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.hasStaticShape() && ranked.getElementType().isF32();
}

Value transpose(PatternRewriter &rewriter, Location loc, Value value,
                ArrayRef<int64_t> perm) {
  return TransposeOp::create(rewriter, loc, value,
                             rewriter.getDenseI64ArrayAttr(perm));
}

/// The channels-last value that `value` is a channels-first view of, if it
/// is a transpose to channels first.
Value channelsLastSource(Value value) {
  auto t = value.getDefiningOp<TransposeOp>();
  return t && t.getPerm() == ArrayRef<int64_t>(kToChannelsFirst) ? t.getX()
                                                                 : Value();
}

/// Replaces `op` (one result) by a clone of it on `operands`, with
/// `resultType`, followed by a transpose with `perm`; `update` adjusts the
/// clone's attributes.
void replaceTransposed(PatternRewriter &rewriter, Operation *op,
                       ValueRange operands, Type resultType,
                       ArrayRef<int64_t> perm,
                       function_ref<void(Operation *)> update = {}) {
  Operation *clone = rewriter.clone(*op);
  clone->setOperands(operands);
  clone->getResult(0).setType(resultType);
  if (update)
    update(clone);
  rewriter.replaceOp(
      op, transpose(rewriter, op->getLoc(), clone->getResult(0), perm));
}

//===----------------------------------------------------------------------===//
// Putting convolutions channels last
//===----------------------------------------------------------------------===//

/// fused_conv2d -> transpose(fused_conv2d channels_last (transpose x)).
struct ConvToChannelsLast : OpRewritePattern<FusedConv2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FusedConv2dOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getChannelsLast() ||
        !llvm::all_of(op->getOperandTypes(), isStaticF32) ||
        !isStaticF32(op.getType()))
      return rewriter.notifyMatchFailure(op, "not a static f32 NCHW conv");
    Location loc = op.getLoc();
    auto xType = cast<RankedTensorType>(op.getX().getType());
    int64_t channels = xType.getDimSize(1), groups = op.getGroups();
    int64_t filters = op.getType().getDimSize(1);
    bool depthwise = channels == groups && filters == groups;
    // Few channels on an input that is not channels last already: read it
    // as it is.
    bool nchwInput = !depthwise && !channelsLastSource(op.getX()) &&
                     channels / groups < kMinChannelsLastInput;
    SmallVector<Value> operands(op->getOperands());
    if (!nchwInput)
      operands[op.getXMutable().getOperandNumber()] =
          transpose(rewriter, loc, op.getX(), kToChannelsLast);
    if (Value residual = op.getResidual())
      operands[op.getResidualMutable()[0].getOperandNumber()] =
          transpose(rewriter, loc, residual, kToChannelsLast);
    replaceTransposed(rewriter, op, operands,
                      permuteLayout(op.getType(), kToChannelsLast),
                      kToChannelsFirst, [&](Operation *clone) {
                        auto conv = cast<FusedConv2dOp>(clone);
                        conv.setChannelsLast(true);
                        conv.setNchwInput(nchwInput);
                      });
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Moving transposes to channels first down
//===----------------------------------------------------------------------===//

/// A channels-last convolution reading an NCHW view of channels-last data
/// reads that data instead.
struct ConvReadsChannelsLast : OpRewritePattern<FusedConv2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FusedConv2dOp op,
                                PatternRewriter &rewriter) const override {
    Value source;
    if (!op.getNchwInput() || !(source = channelsLastSource(op.getX())))
      return failure();
    rewriter.modifyOpInPlace(op, [&] {
      op.getXMutable().assign(source);
      op.setNchwInput(false);
    });
    return success();
  }
};

/// pool(transpose(y)) -> transpose(pool channels_last (y)).
template <class PoolOp> struct PoolToChannelsLast : OpRewritePattern<PoolOp> {
  using OpRewritePattern<PoolOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(PoolOp op,
                                PatternRewriter &rewriter) const override {
    Value source = channelsLastSource(op.getX());
    if (op.getChannelsLast() || !source || !isStaticF32(op.getType()))
      return failure();
    replaceTransposed(
        rewriter, op, source, permuteLayout(op.getType(), kToChannelsLast),
        kToChannelsFirst,
        [](Operation *clone) { cast<PoolOp>(clone).setChannelsLast(true); });
    return success();
  }
};

/// A unary elementwise op of transpose(y) -> transpose(op(y)).
struct SinkThroughUnary : RewritePattern {
  SinkThroughUnary(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!op->hasTrait<OpTrait::Elementwise>() ||
        !op->hasTrait<OpTrait::nabla::Pointwise>() ||
        op->getNumOperands() != 1 || op->getNumResults() != 1)
      return failure();
    Value source = channelsLastSource(op->getOperand(0));
    if (!source)
      return failure();
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    replaceTransposed(rewriter, op, source,
                      cast<RankedTensorType>(source.getType())
                          .clone(resultType.getElementType()),
                      kToChannelsFirst);
    return success();
  }
};

/// A binary pointwise op of transposes of the same shape, or of a
/// transpose and a tensor of ones (a broadcast scalar) -> transpose(op).
struct SinkThroughBinary : RewritePattern {
  SinkThroughBinary(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!op->hasTrait<OpTrait::nabla::Pointwise>() ||
        op->getNumOperands() != 2 || op->getNumResults() != 1)
      return failure();
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType || resultType.getRank() != 4)
      return failure();
    SmallVector<Value, 2> operands;
    bool transposed = false;
    for (Value operand : op->getOperands()) {
      if (Value source = channelsLastSource(operand)) {
        if (cast<RankedTensorType>(operand.getType()).getShape() !=
            resultType.getShape())
          return failure();
        operands.push_back(source);
        transposed = true;
        continue;
      }
      auto type = dyn_cast<RankedTensorType>(operand.getType());
      if (!type ||
          !llvm::all_of(type.getShape(), [](int64_t d) { return d == 1; }))
        return failure();
      operands.push_back(operand);
    }
    if (!transposed)
      return failure();
    replaceTransposed(rewriter, op, operands,
                      permuteLayout(resultType, kToChannelsLast),
                      kToChannelsFirst);
    return success();
  }
};

/// concat of transposes along channels (or any axis) -> transpose(concat).
struct SinkThroughConcat : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> sources;
    for (Value input : op.getInputs()) {
      Value source = channelsLastSource(input);
      if (!source)
        return failure();
      sources.push_back(source);
    }
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + 4 : op.getAxis();
    // View axis i is axis kToChannelsFirst[i] of the channels-last data.
    int64_t sourceAxis = kToChannelsFirst[axis];
    replaceTransposed(
        rewriter, op, sources, permuteLayout(op.getType(), kToChannelsLast),
        kToChannelsFirst,
        [&](Operation *clone) { cast<ConcatOp>(clone).setAxis(sourceAxis); });
    return success();
  }
};

/// A global pooling of transpose(y) -> transpose(reduction of y over its
/// H and W).
template <class GlobalOp, class ReduceOp>
struct GlobalPoolToReduction : OpRewritePattern<GlobalOp> {
  using OpRewritePattern<GlobalOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(GlobalOp op,
                                PatternRewriter &rewriter) const override {
    Value source = channelsLastSource(op.getX());
    if (!source || !isStaticF32(op.getType()))
      return failure();
    Value reduced = ReduceOp::create(rewriter, op.getLoc(), source,
                                     rewriter.getDenseI64ArrayAttr({1, 2}),
                                     rewriter.getUnitAttr());
    rewriter.replaceOp(
        op, transpose(rewriter, op.getLoc(), reduced, kToChannelsFirst));
    return success();
  }
};

/// reduce(transpose(y)) over some axes -> the same reduction of y, then the
/// transpose (if any) that puts the kept axes back in order.
template <class ReduceOp>
struct SinkThroughReduction : OpRewritePattern<ReduceOp> {
  using OpRewritePattern<ReduceOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReduceOp op,
                                PatternRewriter &rewriter) const override {
    Value source = channelsLastSource(op.getX());
    if (!source)
      return failure();
    constexpr int64_t rank = 4;
    // View axis i is source axis kToChannelsFirst[i].
    SmallVector<bool, 4> reduced(rank, false);
    for (int64_t axis : op.getAxes())
      reduced[kToChannelsFirst[axis < 0 ? axis + rank : axis]] = true;
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < rank; ++d)
      if (reduced[d])
        axes.push_back(d);
    SmallVector<int64_t> perm;
    if (op.getKeepDims()) {
      perm.assign(std::begin(kToChannelsFirst), std::end(kToChannelsFirst));
    } else {
      // Result axis j is the j-th kept view axis, source axis
      // kToChannelsFirst of it; the reduction of the source keeps its axes
      // in source order.
      SmallVector<int64_t> keptSource;
      for (int64_t d = 0; d < rank; ++d)
        if (!reduced[d])
          keptSource.push_back(d);
      for (int64_t i = 0; i < rank; ++i) {
        int64_t d = kToChannelsFirst[i];
        if (!reduced[d])
          perm.push_back(llvm::find(keptSource, d) - keptSource.begin());
      }
    }
    Location loc = op.getLoc();
    Value result = ReduceOp::create(rewriter, loc, source,
                                    rewriter.getDenseI64ArrayAttr(axes),
                                    op.getKeepDimsAttr());
    bool identity = llvm::all_of(llvm::enumerate(perm), [](auto entry) {
      return int64_t(entry.index()) == entry.value();
    });
    if (!identity)
      result = transpose(rewriter, loc, result, perm);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ChannelsLastPass
    : public nabla::impl::NablaChannelsLastBase<ChannelsLastPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet convert(context);
    convert.add<ConvToChannelsLast>(context);
    if (failed(applyPatternsGreedily(getOperation(), std::move(convert))))
      return signalPassFailure();

    RewritePatternSet sink(context);
    sink.add<
        ConvReadsChannelsLast, PoolToChannelsLast<MaxPool2dOp>,
        PoolToChannelsLast<AvgPool2dOp>, SinkThroughUnary, SinkThroughBinary,
        SinkThroughConcat,
        GlobalPoolToReduction<GlobalAvgPool2dOp, ReduceMeanOp>,
        GlobalPoolToReduction<GlobalMaxPool2dOp, ReduceMaxOp>,
        SinkThroughReduction<ReduceSumOp>, SinkThroughReduction<ReduceMeanOp>,
        SinkThroughReduction<ReduceMaxOp>, SinkThroughReduction<ReduceMinOp>>(
        context);
    TransposeOp::getCanonicalizationPatterns(sink, context);
    if (failed(applyPatternsGreedily(getOperation(), std::move(sink))))
      return signalPassFailure();
  }
};

} // namespace
