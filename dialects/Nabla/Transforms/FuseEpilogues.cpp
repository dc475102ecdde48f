//===- FuseEpilogues.cpp - Contractions absorb the pointwise ops after them -===//
//
// A dense layer is matmul, bias add and activation; a ResNet block ends in
// conv, residual add and relu. Run one after the other, each pointwise op
// reads and writes the whole tensor again. Here they become one
// nabla.fused_matmul or nabla.fused_conv2d, whose epilogue applies them to
// each output element as it is computed, in registers, before its single
// store. Transposes of matmul operands fold into the op as well.
//
// An op is absorbed only when it is the single user of the contraction's
// result, and in the epilogue's order: act(alpha * product + bias +
// residual). The fused op takes the place of the last op it absorbs, where
// every operand it now reads is defined.
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/IR/NablaOps.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAFUSEEPILOGUES
#include "dialects/Nabla/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {
/// Reports each fusion as a remark at the op absorbed when asked to (the
/// pass's `remarks` option, nablac --report-fusion).
struct Reporter {
  bool enabled;
  void operator()(Operation *absorbed, Operation *into) const {
    if (enabled)
      absorbed->emitRemark() << "fused " << absorbed->getName() << " into "
                             << into->getName();
  }
};

/// `value` without a transpose of its last two dimensions, toggling
/// `transposed` when one is removed (and reporting it as absorbed into
/// `into`, the op that will read the transpose's input).
Value foldTranspose(Value value, bool &transposed, Reporter report,
                    Operation *into) {
  auto transpose = value.getDefiningOp<TransposeOp>();
  if (!transpose)
    return value;
  ArrayRef<int64_t> perm = transpose.getPerm();
  int64_t rank = perm.size();
  if (rank < 2)
    return value;
  for (int64_t i = 0; i < rank - 2; ++i)
    if (perm[i] != i)
      return value;
  if (perm[rank - 2] != rank - 1 || perm[rank - 1] != rank - 2)
    return value;
  transposed = !transposed;
  report(transpose, into);
  return transpose.getX();
}

bool isFloatTensor(Value value) {
  return isa<FloatType>(getElementTypeOrSelf(value.getType()));
}

/// matmul of 2-D or 3-D operands, with transposed operands folded in.
struct MatMulToFused : OpRewritePattern<MatMulOp> {
  MatMulToFused(MLIRContext *context, Reporter report)
      : OpRewritePattern(context), report(report) {}

  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    auto aType = dyn_cast<RankedTensorType>(op.getLhs().getType());
    auto bType = dyn_cast<RankedTensorType>(op.getRhs().getType());
    if (!aType || !bType || !isFloatTensor(op.getLhs()))
      return failure();
    int64_t aRank = aType.getRank(), bRank = bType.getRank();
    if (aRank < 2 || aRank > 3 || bRank < 2 || bRank > 3 ||
        (bRank == 3 && (aRank != 3 || aType.getDimSize(0) !=
                                          bType.getDimSize(0))))
      return failure();
    bool transA = false, transB = false;
    Value a = foldTranspose(op.getLhs(), transA, report, op);
    Value b = foldTranspose(op.getRhs(), transB, report, op);
    rewriter.replaceOpWithNewOp<FusedMatMulOp>(
        op, op.getType(), a, b, Value(), Value(), transA, transB,
        APFloat(1.0f), Activation::none, APFloat(0.0f), APFloat(0.0f));
    return success();
  }
  Reporter report;
};

/// gemm: `beta * c` is the bias when beta is 1, or when c is constant.
struct GemmToFused : OpRewritePattern<GemmOp> {
  GemmToFused(MLIRContext *context, Reporter report)
      : OpRewritePattern(context), report(report) {}

  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    if (!isFloatTensor(op.getA()))
      return failure();
    Value bias = op.getC();
    float beta = op.getBeta().convertToFloat();
    if (bias && beta != 1.0f) {
      if (!matchPattern(bias, m_Constant()))
        return failure();
      auto type = cast<RankedTensorType>(bias.getType());
      Value factor = ConstantOp::create(
          rewriter, op.getLoc(), type,
          DenseElementsAttr::get(
              type, FloatAttr::get(type.getElementType(), beta)));
      bias = rewriter.createOrFold<MulOp>(op.getLoc(), type, bias, factor);
    }
    bool transA = op.getTransA(), transB = op.getTransB();
    Value a = foldTranspose(op.getA(), transA, report, op);
    Value b = foldTranspose(op.getB(), transB, report, op);
    rewriter.replaceOpWithNewOp<FusedMatMulOp>(
        op, op.getType(), a, b, bias, Value(), transA, transB, op.getAlpha(),
        Activation::none, APFloat(0.0f), APFloat(0.0f));
    return success();
  }
  Reporter report;
};

struct Conv2dToFused : OpRewritePattern<Conv2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2dOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<FusedConv2dOp>(
        op, op.getType(), op.getX(), op.getW(), op.getBias(), Value(),
        op.getStridesAttr(), op.getPadsAttr(), op.getDilationsAttr(),
        op.getGroupsAttr(),
        ActivationAttr::get(op.getContext(), Activation::none),
        rewriter.getF32FloatAttr(0.0f), rewriter.getF32FloatAttr(0.0f),
        /*channels_last=*/UnitAttr(), /*nchw_input=*/UnitAttr());
    return success();
  }
};

/// The fused op that computes `value`, if its only user may join it: the
/// epilogue has no activation yet (anything after the activation would
/// come in the wrong order).
Operation *fusedProducer(Value value) {
  Operation *def = value.getDefiningOp();
  if (!def || !value.hasOneUse())
    return nullptr;
  if (auto matmul = dyn_cast<FusedMatMulOp>(def))
    return matmul.getActivation() == Activation::none ? def : nullptr;
  if (auto conv = dyn_cast<FusedConv2dOp>(def))
    return conv.getActivation() == Activation::none ? def : nullptr;
  return nullptr;
}

/// Clones `fused` at `absorbed`, lets `update` change the clone, and
/// replaces `absorbed` by it.
template <typename FusedOp>
void absorb(PatternRewriter &rewriter, FusedOp fused, Operation *absorbed,
            function_ref<void(FusedOp)> update, Reporter report) {
  rewriter.setInsertionPoint(absorbed);
  auto clone = cast<FusedOp>(rewriter.clone(*fused));
  update(clone);
  report(absorbed, clone);
  rewriter.replaceOp(absorbed, clone->getResults());
  rewriter.eraseOp(fused);
}

/// The activation an op applies and its parameters, if an epilogue can.
std::optional<std::tuple<Activation, float, float>>
getActivation(Operation *op) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  if (isa<ReluOp>(op))
    return std::make_tuple(Activation::relu, 0.0f, 0.0f);
  if (isa<SigmoidOp>(op))
    return std::make_tuple(Activation::sigmoid, 0.0f, 0.0f);
  if (isa<TanhOp>(op))
    return std::make_tuple(Activation::tanh, 0.0f, 0.0f);
  if (auto leaky = dyn_cast<LeakyReluOp>(op))
    return std::make_tuple(Activation::leaky_relu,
                           leaky.getAlpha().convertToFloat(), 0.0f);
  if (auto gelu = dyn_cast<GeluOp>(op))
    return std::make_tuple(gelu.getApproximate() == GeluApproximation::tanh
                               ? Activation::gelu_tanh
                               : Activation::gelu_erf,
                           0.0f, 0.0f);
  if (auto clip = dyn_cast<ClipOp>(op)) {
    // The bounds are f64; the epilogue's are f32, the element type here.
    float low = clip.getMin() ? static_cast<float>(clip.getMin()->convertToDouble())
                              : -inf;
    float high = clip.getMax()
                     ? static_cast<float>(clip.getMax()->convertToDouble())
                     : inf;
    return std::make_tuple(Activation::clip, low, high);
  }
  return std::nullopt;
}

/// An activation after a fused op becomes its epilogue's activation.
struct AbsorbActivation : RewritePattern {
  AbsorbActivation(MLIRContext *context, Reporter report)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context),
        report(report) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    auto activation = getActivation(op);
    if (!activation || op->getNumOperands() != 1 ||
        op->getOperand(0).getType() != op->getResult(0).getType() ||
        !isa<Float32Type>(getElementTypeOrSelf(op->getResult(0).getType())))
      return failure();
    Operation *producer = fusedProducer(op->getOperand(0));
    if (!producer)
      return failure();
    Activation kind = std::get<0>(*activation);
    float alpha = std::get<1>(*activation), beta = std::get<2>(*activation);
    auto set = [&](auto fused) {
      fused.setActivation(kind);
      fused.setActAlpha(APFloat(alpha));
      fused.setActBeta(APFloat(beta));
    };
    if (auto matmul = dyn_cast<FusedMatMulOp>(producer))
      absorb<FusedMatMulOp>(rewriter, matmul, op, set, report);
    else
      absorb<FusedConv2dOp>(rewriter, cast<FusedConv2dOp>(producer), op, set,
                            report);
    return success();
  }
  Reporter report;
};

/// `fused + other`: a residual when `other` has the result's type, else a
/// bias when it broadcasts like one (any broadcast for a matmul; one value
/// per channel, [F, 1, 1] or [1, F, 1, 1], for a convolution).
struct AbsorbAdd : OpRewritePattern<AddOp> {
  AbsorbAdd(MLIRContext *context, Reporter report)
      : OpRewritePattern(context), report(report) {}

  LogicalResult matchAndRewrite(AddOp op,
                                PatternRewriter &rewriter) const override {
    for (auto operands : {std::pair(op.getLhs(), op.getRhs()),
                          std::pair(op.getRhs(), op.getLhs())}) {
      Value mine = operands.first, other = operands.second;
      Operation *producer = fusedProducer(mine);
      // The add must not broadcast the product itself.
      if (!producer || mine.getType() != op.getType() || mine == other)
        continue;
      auto otherType = cast<RankedTensorType>(other.getType());
      bool fullShape = otherType == op.getType();
      auto absorbResidual = [&](auto producerOp) {
        using FusedOp = decltype(producerOp);
        absorb<FusedOp>(
            rewriter, producerOp, op,
            [&](FusedOp fused) { fused.getResidualMutable().assign(other); },
            report);
      };
      if (auto matmul = dyn_cast<FusedMatMulOp>(producer)) {
        if (fullShape && !matmul.getResidual()) {
          absorbResidual(matmul);
          return success();
        }
        if (!fullShape && !matmul.getBias()) {
          absorb<FusedMatMulOp>(
              rewriter, matmul, op,
              [&](FusedMatMulOp fused) { fused.getBiasMutable().assign(other); },
              report);
          return success();
        }
        continue;
      }
      auto conv = cast<FusedConv2dOp>(producer);
      if (fullShape && !conv.getResidual()) {
        absorbResidual(conv);
        return success();
      }
      // A per-channel bias: [F, 1, 1] or [1, F, 1, 1].
      int64_t channels = cast<RankedTensorType>(op.getType()).getDimSize(1);
      ArrayRef<int64_t> shape = otherType.getShape();
      bool perChannel =
          (shape.size() == 3 && shape[0] == channels && shape[1] == 1 &&
           shape[2] == 1) ||
          (shape.size() == 4 && shape[0] == 1 && shape[1] == channels &&
           shape[2] == 1 && shape[3] == 1);
      if (fullShape || conv.getBias() || !perChannel)
        continue;
      rewriter.setInsertionPoint(op);
      Value bias = rewriter.createOrFold<ReshapeOp>(
          op.getLoc(), otherType.clone({channels}), other,
          rewriter.getDenseI64ArrayAttr({channels}));
      absorb<FusedConv2dOp>(
          rewriter, conv, op,
          [&](FusedConv2dOp fused) { fused.getBiasMutable().assign(bias); },
          report);
      return success();
    }
    return failure();
  }
  Reporter report;
};

/// A fused matmul times a scalar constant scales its product (alpha), as
/// long as nothing was added to it yet.
struct AbsorbScale : OpRewritePattern<MulOp> {
  AbsorbScale(MLIRContext *context, Reporter report)
      : OpRewritePattern(context), report(report) {}

  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    for (auto operands : {std::pair(op.getLhs(), op.getRhs()),
                          std::pair(op.getRhs(), op.getLhs())}) {
      Value mine = operands.first, other = operands.second;
      auto matmul =
          dyn_cast_or_null<FusedMatMulOp>(fusedProducer(mine));
      SplatElementsAttr factor;
      if (!matmul || matmul.getBias() || matmul.getResidual() ||
          mine.getType() != op.getType() ||
          !matchPattern(other, m_Constant(&factor)) ||
          !isa<Float32Type>(factor.getElementType()))
        continue;
      float scale = factor.getSplatValue<APFloat>().convertToFloat();
      absorb<FusedMatMulOp>(
          rewriter, matmul, op,
          [&](FusedMatMulOp fused) {
            fused.setAlpha(
                APFloat(fused.getAlpha().convertToFloat() * scale));
          },
          report);
      return success();
    }
    return failure();
  }
  Reporter report;
};

struct FuseEpiloguesPass
    : public nabla::impl::NablaFuseEpiloguesBase<FuseEpiloguesPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    Reporter report{remarks};
    RewritePatternSet patterns(context);
    patterns.add<Conv2dToFused>(context);
    patterns.add<MatMulToFused, GemmToFused, AbsorbActivation, AbsorbAdd,
                 AbsorbScale>(context, report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
