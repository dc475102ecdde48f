//===- LossToLinalg.cpp - Lower nabla loss ops ----------------------------===//
//
// Every loss is a per-element term computed inside the linalg.generic that
// applies the reduction (none: a parallel generic; sum / mean: a full
// reduction to rank 0, with a second accumulator for the weights of a
// weighted mean), so no tensor of per-element losses is materialized for
// sum and mean. Sums accumulate in f32 for f16 and bf16. Softmax
// cross-entropy is log-sum-exp stable: a max pass over the classes, then one
// pass that sums exp(logit - max) and picks the target's shifted logit.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace mlir::nabla;

/// A per-element loss and, for a weighted mean, its weight in the divisor.
struct LossTerm {
  Value loss;
  Value weight;
};
using LossTermBuilder =
    function_ref<LossTerm(OpBuilder &builder, Location loc, ValueRange args)>;

/// Applies `reduction` to the per-element losses that `term` computes (in
/// the accumulator type of `elementType`) over the iteration space `shape`
/// from `inputs` read through `inputMaps`. `mean` divides by the sum of the
/// term weights when `weightedMean` is set, by the number of elements
/// otherwise. The result has element type `elementType`.
static Value buildLoss(OpBuilder &builder, Location loc,
                       LossReduction reduction, ArrayRef<int64_t> shape,
                       ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                       Type elementType, bool weightedMean,
                       LossTermBuilder term) {
  Type accType = getAccumulatorType(elementType);
  if (reduction == LossReduction::none) {
    SmallVector<bool> noReduction(shape.size(), false);
    return buildMappedGeneric(
        builder, loc, shape, noReduction, inputs, inputMaps, elementType, 0.0,
        [&](OpBuilder &b, Location loc, ValueRange args, ValueRange) {
          return SmallVector<Value>{
              castScalar(b, loc, term(b, loc, args).loss, elementType)};
        })[0];
  }

  bool divideByWeights = reduction == LossReduction::mean && weightedMean;
  SmallVector<bool> allReduced(shape.size(), true);
  SmallVector<Type> accTypes(divideByWeights ? 2 : 1, accType);
  SmallVector<double> zeros(accTypes.size(), 0.0);
  SmallVector<Value> sums = buildMappedGeneric(
      builder, loc, shape, allReduced, inputs, inputMaps, accTypes, zeros,
      [&](OpBuilder &b, Location loc, ValueRange args, ValueRange acc) {
        LossTerm value = term(b, loc, args);
        SmallVector<Value> results = {
            arith::AddFOp::create(b, loc, acc[0], value.loss)};
        if (divideByWeights)
          results.push_back(
              arith::AddFOp::create(b, loc, acc[1], value.weight));
        return results;
      });

  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  auto resultType = RankedTensorType::get({}, elementType);
  if (reduction == LossReduction::sum && accType == elementType)
    return sums[0];
  return buildElementwise(
      builder, loc, resultType, sums,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value result = args[0];
        if (reduction == LossReduction::mean) {
          Value divisor =
              divideByWeights
                  ? args[1]
                  : createScalarConstant(b, loc, accType,
                                         static_cast<double>(count));
          result = arith::DivFOp::create(b, loc, result, divisor);
        }
        return castScalar(b, loc, result, elementType);
      });
}

/// The maps reading each of `operands` broadcast (NumPy rules) to `shape`.
static SmallVector<AffineMap> getBroadcastMaps(ValueRange operands,
                                               ArrayRef<int64_t> shape,
                                               MLIRContext *context) {
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(getBroadcastIndexingMap(
        cast<RankedTensorType>(operand.getType()).getShape(), shape, context));
  return maps;
}

namespace {

struct MseLossLowering : OpConversionPattern<MseLossOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MseLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    Type accType = getAccumulatorType(inputType.getElementType());
    ValueRange inputs = adaptor.getOperands();
    rewriter.replaceOp(
        op, buildLoss(rewriter, loc, op.getReduction(), inputType.getShape(),
                      inputs,
                      getBroadcastMaps(inputs, inputType.getShape(),
                                       rewriter.getContext()),
                      inputType.getElementType(), /*weightedMean=*/false,
                      [&](OpBuilder &b, Location loc, ValueRange args) {
                        Value difference = arith::SubFOp::create(
                            b, loc, castScalar(b, loc, args[0], accType),
                            castScalar(b, loc, args[1], accType));
                        return LossTerm{arith::MulFOp::create(
                                            b, loc, difference, difference),
                                        Value()};
                      }));
    return success();
  }
};

struct BinaryCrossEntropyLowering : OpConversionPattern<BinaryCrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BinaryCrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto probsType = cast<RankedTensorType>(adaptor.getProbs().getType());
    Type accType = getAccumulatorType(probsType.getElementType());
    SmallVector<Value> inputs = {adaptor.getProbs(), adaptor.getTargets()};
    if (Value weight = adaptor.getWeight())
      inputs.push_back(weight);
    rewriter.replaceOp(
        op, buildLoss(
                rewriter, loc, op.getReduction(), probsType.getShape(), inputs,
                getBroadcastMaps(inputs, probsType.getShape(),
                                 rewriter.getContext()),
                probsType.getElementType(), /*weightedMean=*/false,
                [&](OpBuilder &b, Location loc, ValueRange args) {
                  auto arg = [&](unsigned i) {
                    return castScalar(b, loc, args[i], accType);
                  };
                  Value p = arg(0), t = arg(1);
                  // PyTorch clamps the logarithms at -100.
                  Value floor = createScalarConstant(b, loc, accType, -100.0);
                  Value one = createScalarConstant(b, loc, accType, 1.0);
                  Value logP = arith::MaximumFOp::create(
                      b, loc, math::LogOp::create(b, loc, p), floor);
                  Value log1MinusP = arith::MaximumFOp::create(
                      b, loc,
                      math::Log1pOp::create(b, loc,
                                            arith::NegFOp::create(b, loc, p)),
                      floor);
                  Value likelihood = arith::AddFOp::create(
                      b, loc, arith::MulFOp::create(b, loc, t, logP),
                      arith::MulFOp::create(
                          b, loc, arith::SubFOp::create(b, loc, one, t),
                          log1MinusP));
                  Value loss = arith::NegFOp::create(b, loc, likelihood);
                  if (args.size() == 3)
                    loss = arith::MulFOp::create(b, loc, arg(2), loss);
                  return LossTerm{loss, Value()};
                }));
    return success();
  }
};

struct BinaryCrossEntropyWithLogitsLowering
    : OpConversionPattern<BinaryCrossEntropyWithLogitsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BinaryCrossEntropyWithLogitsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto logitsType = cast<RankedTensorType>(adaptor.getLogits().getType());
    Type accType = getAccumulatorType(logitsType.getElementType());
    SmallVector<Value> inputs = {adaptor.getLogits(), adaptor.getTargets()};
    Value weight = adaptor.getWeight(), posWeight = adaptor.getPosWeight();
    if (weight)
      inputs.push_back(weight);
    if (posWeight)
      inputs.push_back(posWeight);
    rewriter.replaceOp(
        op, buildLoss(
                rewriter, loc, op.getReduction(), logitsType.getShape(), inputs,
                getBroadcastMaps(inputs, logitsType.getShape(),
                                 rewriter.getContext()),
                logitsType.getElementType(), /*weightedMean=*/false,
                [&](OpBuilder &b, Location loc, ValueRange args) {
                  auto arg = [&](unsigned i) {
                    return castScalar(b, loc, args[i], accType);
                  };
                  Value x = arg(0), t = arg(1);
                  Value zero = createScalarConstant(b, loc, accType, 0.0);
                  Value one = createScalarConstant(b, loc, accType, 1.0);
                  // -log(sigmoid(x)) = log1p(exp(-|x|)) + max(-x, 0), which
                  // neither overflows nor loses the small values.
                  Value negX = arith::NegFOp::create(b, loc, x);
                  Value softplus = arith::AddFOp::create(
                      b, loc,
                      math::Log1pOp::create(
                          b, loc,
                          math::ExpOp::create(
                              b, loc,
                              arith::NegFOp::create(
                                  b, loc, math::AbsFOp::create(b, loc, x)))),
                      arith::MaximumFOp::create(b, loc, negX, zero));
                  // (1 + (p - 1) * t), which is 1 without pos_weight.
                  Value positiveScale = one;
                  if (posWeight) {
                    Value p = arg(args.size() - 1);
                    positiveScale = arith::AddFOp::create(
                        b, loc, one,
                        arith::MulFOp::create(
                            b, loc, arith::SubFOp::create(b, loc, p, one), t));
                  }
                  Value loss = arith::AddFOp::create(
                      b, loc,
                      arith::MulFOp::create(
                          b, loc, arith::SubFOp::create(b, loc, one, t), x),
                      arith::MulFOp::create(b, loc, positiveScale, softplus));
                  if (weight)
                    loss = arith::MulFOp::create(b, loc, arg(2), loss);
                  return LossTerm{loss, Value()};
                }));
    return success();
  }
};

/// The pieces of a class loss over `[N, C, d1, ...]` on axis 1: the
/// per-position iteration space `[N, d1, ...]` and the maps into it.
struct ClassSpace {
  ClassSpace(Value input, MLIRContext *context) {
    auto type = cast<RankedTensorType>(input.getType());
    shape = type.getShape();
    classes = shape[1];
    unsigned rank = shape.size();
    identity = AffineMap::getMultiDimIdentityMap(rank, context);
    SmallVector<AffineExpr> positionExprs;
    for (unsigned dim = 0; dim < rank; ++dim) {
      if (dim == 1)
        continue;
      positionExprs.push_back(getAffineDimExpr(dim, context));
      positionShape.push_back(shape[dim]);
    }
    position = AffineMap::get(rank, 0, positionExprs, context);
    classOnly = AffineMap::get(rank, 0, getAffineDimExpr(1, context));
    positionIdentity =
        AffineMap::getMultiDimIdentityMap(positionShape.size(), context);
    for (unsigned dim = 0; dim < rank; ++dim)
      classReduced.push_back(dim == 1);
  }

  ArrayRef<int64_t> shape;
  int64_t classes;
  SmallVector<int64_t> positionShape;
  /// Maps of the [N, C, d...] space: all dims, the position dims, axis 1.
  AffineMap identity, position, classOnly;
  /// The identity of the [N, d...] space.
  AffineMap positionIdentity;
  SmallVector<bool> classReduced;
};

/// Whether the class-index `label` equals `ignoreIndex`; null without one.
static Value isIgnored(OpBuilder &builder, Location loc, Value label,
                       std::optional<int64_t> ignoreIndex) {
  if (!ignoreIndex)
    return Value();
  Value ignored = arith::ConstantOp::create(
      builder, loc, builder.getIntegerAttr(label.getType(), *ignoreIndex));
  return arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq, label,
                               ignored);
}

/// The loss `-weight * logProb` of a class target and its weight in a
/// weighted mean; a null `weight` is 1, and an `ignored` target (when
/// non-null) has loss and weight 0. The weight is null when both are.
static LossTerm buildClassTerm(OpBuilder &builder, Location loc, Value ignored,
                               Value weight, Value logProb) {
  Value loss =
      weight ? arith::MulFOp::create(builder, loc, weight, logProb) : logProb;
  loss = arith::NegFOp::create(builder, loc, loss);
  if (!ignored)
    return {loss, weight};
  Type type = logProb.getType();
  Value zero = createScalarConstant(builder, loc, type, 0.0);
  if (!weight)
    weight = createScalarConstant(builder, loc, type, 1.0);
  return {arith::SelectOp::create(builder, loc, ignored, zero, loss),
          arith::SelectOp::create(builder, loc, ignored, zero, weight)};
}

struct NllLossLowering : OpConversionPattern<NllLossOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(NllLossOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value logProbs = adaptor.getLogProbs(), weight = adaptor.getWeight();
    ClassSpace space(logProbs, rewriter.getContext());
    Type elementType = getElementTypeOrSelf(logProbs.getType());
    Type accType = getAccumulatorType(elementType);
    std::optional<int64_t> ignoreIndex = op.getIgnoreIndex();
    createIndexCheck(rewriter, op, adaptor.getLabels(), space.classes,
                     /*axis=*/1, /*allowNegative=*/false, ignoreIndex);

    // One read of log_probs per position: a gather at the label's class.
    rewriter.replaceOp(
        op,
        buildLoss(
            rewriter, loc, op.getReduction(), space.positionShape,
            adaptor.getLabels(), space.positionIdentity, elementType,
            /*weightedMean=*/weight || ignoreIndex,
            [&](OpBuilder &b, Location loc, ValueRange args) {
              Value label = args[0];
              Value ignored = isIgnored(b, loc, label, ignoreIndex);
              // Labels outside [0, C) (ignored ones, or invalid ones that
              // failed the check) read class 0 rather than out of bounds.
              Value classes = arith::ConstantOp::create(
                  b, loc, b.getIntegerAttr(label.getType(), space.classes));
              Value inRange = arith::CmpIOp::create(
                  b, loc, arith::CmpIPredicate::ult, label, classes);
              Value index = arith::IndexCastOp::create(
                  b, loc, b.getIndexType(),
                  arith::SelectOp::create(
                      b, loc, inRange, label,
                      arith::ConstantOp::create(
                          b, loc, b.getIntegerAttr(label.getType(), 0))));
              SmallVector<Value> indices;
              for (unsigned dim = 0; dim < space.positionShape.size(); ++dim)
                indices.push_back(linalg::IndexOp::create(b, loc, dim));
              indices.insert(indices.begin() + 1, index);
              Value logProb = castScalar(
                  b, loc, tensor::ExtractOp::create(b, loc, logProbs, indices),
                  accType);
              Value classWeight =
                  weight ? castScalar(
                               b, loc,
                               tensor::ExtractOp::create(b, loc, weight, index),
                               accType)
                         : Value();
              return buildClassTerm(b, loc, ignored, classWeight, logProb);
            }));
    return success();
  }
};

struct SoftmaxCrossEntropyLowering
    : OpConversionPattern<SoftmaxCrossEntropyOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxCrossEntropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value logits = adaptor.getLogits(), labels = adaptor.getLabels();
    Value weight = adaptor.getWeight();
    ClassSpace space(logits, rewriter.getContext());
    Type elementType = getElementTypeOrSelf(logits.getType());
    Type accType = getAccumulatorType(elementType);
    bool indexLabels = isa<IntegerType>(getElementTypeOrSelf(labels.getType()));
    std::optional<int64_t> ignoreIndex = op.getIgnoreIndex();
    // An invalid label matches no class below, which is memory safe.
    if (indexLabels)
      createIndexCheck(rewriter, op, labels, space.classes, /*axis=*/1,
                       /*allowNegative=*/false, ignoreIndex);

    // Pass 1: the largest logit of each position.
    Value max = buildMappedGeneric(
        rewriter, loc, space.shape, space.classReduced, logits, space.identity,
        accType, -std::numeric_limits<double>::infinity(),
        [&](OpBuilder &b, Location loc, ValueRange args, ValueRange acc) {
          return SmallVector<Value>{arith::MaximumFOp::create(
              b, loc, acc[0], castScalar(b, loc, args[0], accType))};
        })[0];

    // Pass 2, with s = logit - max: sum(exp(s)) and, for index labels,
    // s and the weight at the target class; for probability labels,
    // sum(p * s) and sum(p).
    SmallVector<Value> inputs = {logits, max, labels};
    SmallVector<AffineMap> maps = {space.identity, space.position,
                                   indexLabels ? space.position
                                               : space.identity};
    if (weight) {
      inputs.push_back(weight);
      maps.push_back(space.classOnly);
    }
    unsigned numSums = !indexLabels || weight ? 3 : 2;
    SmallVector<Type> sumTypes(numSums, accType);
    SmallVector<double> zeros(numSums, 0.0);
    SmallVector<Value> sums = buildMappedGeneric(
        rewriter, loc, space.shape, space.classReduced, inputs, maps, sumTypes,
        zeros,
        [&](OpBuilder &b, Location loc, ValueRange args, ValueRange acc) {
          Value shifted = arith::SubFOp::create(
              b, loc, castScalar(b, loc, args[0], accType), args[1]);
          SmallVector<Value> results = {arith::AddFOp::create(
              b, loc, acc[0], math::ExpOp::create(b, loc, shifted))};
          if (!indexLabels) {
            Value p = castScalar(b, loc, args[2], accType);
            results.push_back(arith::AddFOp::create(
                b, loc, acc[1], arith::MulFOp::create(b, loc, p, shifted)));
            results.push_back(arith::AddFOp::create(b, loc, acc[2], p));
            return results;
          }
          Value label = args[2];
          Value classIndex = arith::IndexCastOp::create(
              b, loc, label.getType(), linalg::IndexOp::create(b, loc, 1));
          Value isTarget = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::eq, classIndex, label);
          // Picking the target's values is a sum with one nonzero term,
          // which keeps the generic a plain additive reduction.
          Value zero = createScalarConstant(b, loc, accType, 0.0);
          auto pick = [&](Value accumulator, Value value) -> Value {
            return arith::AddFOp::create(
                b, loc, accumulator,
                arith::SelectOp::create(b, loc, isTarget, value, zero));
          };
          results.push_back(pick(acc[1], shifted));
          if (weight)
            results.push_back(
                pick(acc[2], castScalar(b, loc, args[3], accType)));
          return results;
        });

    // The loss of each position from the sums: -w * (s_y - log(sum(exp)))
    // for index labels, sum(p) * log(sum(exp)) - sum(p * s) otherwise.
    SmallVector<Value> termInputs(sums);
    if (indexLabels)
      termInputs.push_back(labels);
    SmallVector<AffineMap> termMaps(termInputs.size(), space.positionIdentity);
    rewriter.replaceOp(
        op, buildLoss(
                rewriter, loc, op.getReduction(), space.positionShape,
                termInputs, termMaps, elementType,
                /*weightedMean=*/indexLabels && (weight || ignoreIndex),
                [&](OpBuilder &b, Location loc, ValueRange args) -> LossTerm {
                  Value logSum = math::LogOp::create(b, loc, args[0]);
                  if (!indexLabels)
                    return {arith::SubFOp::create(
                                b, loc,
                                arith::MulFOp::create(b, loc, args[2], logSum),
                                args[1]),
                            Value()};
                  Value logProb =
                      arith::SubFOp::create(b, loc, args[1], logSum);
                  Value classWeight = weight ? args[2] : Value();
                  Value ignored = isIgnored(b, loc, args.back(), ignoreIndex);
                  return buildClassTerm(b, loc, ignored, classWeight, logProb);
                }));
    return success();
  }
};

} // namespace

void mlir::nabla::populateLossToLinalgPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns
      .add<MseLossLowering, SoftmaxCrossEntropyLowering, NllLossLowering,
           BinaryCrossEntropyLowering, BinaryCrossEntropyWithLogitsLowering>(
          converter, patterns.getContext());
}
