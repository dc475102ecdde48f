//===- NormalizationToLinalg.cpp - Lower nabla normalization ops ----------===//
//
// Batch and layer normalization as linalg.generic reductions and elementwise
// passes: statistics take two passes (mean, then the mean of squared
// deviations) for stability, and accumulate in f32 for f16 and bf16 inputs.
// Dropout draws its mask from a counter-based hash of the element index, so
// that the lowered code is pure, reproducible and vectorizable.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nabla;

/// `body` evaluated over the iteration space `shape` and summed over the
/// dimensions that `reduced` marks (with none marked, a plain map), as a
/// tensor of `resultElementType` that keeps the other dimensions.
static Value buildSumOrMap(OpBuilder &builder, Location loc,
                           ArrayRef<int64_t> shape, ArrayRef<bool> reduced,
                           ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                           Type resultElementType, ScalarBodyBuilder body) {
  bool isReduction = llvm::is_contained(reduced, true);
  return buildMappedGeneric(
      builder, loc, shape, reduced, inputs, inputMaps, resultElementType, 0.0,
      [&](OpBuilder &b, Location loc, ValueRange args, ValueRange outputs) {
        Value value = body(b, loc, args);
        if (isReduction)
          value = arith::AddFOp::create(b, loc, outputs[0], value);
        return SmallVector<Value>{value};
      })[0];
}

/// The map from a rank-`rank` iteration space to its dimensions `dims`.
static AffineMap getProjection(unsigned rank, ArrayRef<unsigned> dims,
                               MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  for (unsigned dim : dims)
    exprs.push_back(getAffineDimExpr(dim, context));
  return AffineMap::get(rank, 0, exprs, context);
}

/// `1 / sqrt(variance + epsilon)`.
static Value buildInverseStd(OpBuilder &builder, Location loc, Value variance,
                             double epsilon) {
  Type type = variance.getType();
  Value eps = createScalarConstant(builder, loc, type, epsilon);
  Value one = createScalarConstant(builder, loc, type, 1.0);
  Value std = math::SqrtOp::create(
      builder, loc, arith::AddFOp::create(builder, loc, variance, eps));
  return arith::DivFOp::create(builder, loc, one, std);
}

/// `value / count` for a float scalar and a static count.
static Value divideByCount(OpBuilder &builder, Location loc, Value value,
                           int64_t count) {
  Value divisor = createScalarConstant(builder, loc, value.getType(),
                                       static_cast<double>(count));
  return arith::DivFOp::create(builder, loc, value, divisor);
}

/// Per-channel (axis 1) statistics and transforms of an `[N, C, ...]` input.
namespace {
struct ChannelSpace {
  ChannelSpace(Value x, MLIRContext *context)
      : shape(cast<RankedTensorType>(x.getType()).getShape()),
        identity(AffineMap::getMultiDimIdentityMap(shape.size(), context)),
        channel(getProjection(shape.size(), {1}, context)) {
    for (size_t dim = 0; dim < shape.size(); ++dim)
      allButChannel.push_back(dim != 1);
    count = 1;
    for (auto [dim, size] : llvm::enumerate(shape))
      if (dim != 1)
        count *= size;
  }

  ArrayRef<int64_t> shape;
  AffineMap identity, channel;
  SmallVector<bool> allButChannel;
  /// The number of values per channel.
  int64_t count;
};
} // namespace

/// `(x - mean[c]) * factor[c] (* scale[c]) + bias[c]` over the whole input,
/// computed in `computeType`; `scale` may be null.
static Value buildChannelNormalize(OpBuilder &builder, Location loc,
                                   const ChannelSpace &space, Value x,
                                   Value mean, Value factor, Value scale,
                                   Value bias, Type computeType) {
  Type elementType = getElementTypeOrSelf(x.getType());
  SmallVector<Value> inputs = {x, mean, factor, bias};
  SmallVector<AffineMap> maps = {space.identity, space.channel, space.channel,
                                 space.channel};
  if (scale) {
    inputs.push_back(scale);
    maps.push_back(space.channel);
  }
  SmallVector<bool> noReduction(space.shape.size(), false);
  return buildSumOrMap(
      builder, loc, space.shape, noReduction, inputs, maps, elementType,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        auto arg = [&](unsigned i) {
          return castScalar(b, loc, args[i], computeType);
        };
        Value centered = arith::SubFOp::create(b, loc, arg(0), arg(1));
        Value y = arith::MulFOp::create(b, loc, centered, arg(2));
        if (args.size() == 5)
          y = arith::MulFOp::create(b, loc, y, arg(4));
        y = arith::AddFOp::create(b, loc, y, arg(3));
        return castScalar(b, loc, y, elementType);
      });
}

namespace {

struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    ChannelSpace space(x, rewriter.getContext());
    Type computeType = getAccumulatorType(getElementTypeOrSelf(x.getType()));
    double epsilon = op.getEpsilon().convertToDouble();

    // factor[c] = scale[c] / sqrt(var[c] + epsilon), once per channel.
    auto channelType = RankedTensorType::get({space.shape[1]}, computeType);
    Value factor = buildElementwise(
        rewriter, loc, channelType,
        ValueRange{adaptor.getScale(), adaptor.getVar()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value inverseStd = buildInverseStd(
              b, loc, castScalar(b, loc, args[1], computeType), epsilon);
          return arith::MulFOp::create(
              b, loc, castScalar(b, loc, args[0], computeType), inverseStd);
        });
    rewriter.replaceOp(
        op, buildChannelNormalize(rewriter, loc, space, x, adaptor.getMean(),
                                  factor, /*scale=*/Value(), adaptor.getBias(),
                                  computeType));
    return success();
  }
};

struct BatchNormTrainLowering : OpConversionPattern<BatchNormTrainOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormTrainOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    ChannelSpace space(x, rewriter.getContext());
    Type elementType = getElementTypeOrSelf(x.getType());
    Type computeType = getAccumulatorType(elementType);
    double epsilon = op.getEpsilon().convertToDouble();
    double momentum = op.getMomentum().convertToDouble();

    // Two passes: the batch mean, then the mean of squared deviations.
    Value sum = buildSumOrMap(rewriter, loc, space.shape, space.allButChannel,
                              x, space.identity, computeType,
                              [&](OpBuilder &b, Location loc, ValueRange args) {
                                return castScalar(b, loc, args[0], computeType);
                              });
    auto channelType = RankedTensorType::get({space.shape[1]}, computeType);
    Value mean =
        buildElementwise(rewriter, loc, channelType, sum,
                         [&](OpBuilder &b, Location loc, ValueRange args) {
                           return divideByCount(b, loc, args[0], space.count);
                         });
    Value squares = buildSumOrMap(
        rewriter, loc, space.shape, space.allButChannel, ValueRange{x, mean},
        {space.identity, space.channel}, computeType,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value deviation = arith::SubFOp::create(
              b, loc, castScalar(b, loc, args[0], computeType), args[1]);
          return arith::MulFOp::create(b, loc, deviation, deviation);
        });
    Value inverseStd = buildElementwise(
        rewriter, loc, channelType, squares,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return buildInverseStd(
              b, loc, divideByCount(b, loc, args[0], space.count), epsilon);
        });
    Value y = buildChannelNormalize(rewriter, loc, space, x, mean, inverseStd,
                                    adaptor.getScale(), adaptor.getBias(),
                                    computeType);

    // running * momentum + batch * (1 - momentum); the variance is the
    // biased one, or squares / (n - 1) with unbiased_running_var.
    int64_t varianceCount =
        op.getUnbiasedRunningVar() ? space.count - 1 : space.count;
    auto outputType = RankedTensorType::get({space.shape[1]}, elementType);
    auto updateRunning = [&](Value running, Value batch,
                             int64_t divisor) -> Value {
      return buildElementwise(
          rewriter, loc, outputType, ValueRange{running, batch},
          [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
            Value keep = createScalarConstant(b, loc, computeType, momentum);
            Value take =
                createScalarConstant(b, loc, computeType, 1.0 - momentum);
            Value statistic = args[1];
            if (divisor != 1)
              statistic = divideByCount(b, loc, statistic, divisor);
            Value result = arith::AddFOp::create(
                b, loc,
                arith::MulFOp::create(
                    b, loc, castScalar(b, loc, args[0], computeType), keep),
                arith::MulFOp::create(b, loc, statistic, take));
            return castScalar(b, loc, result, elementType);
          });
    };
    Value runningMean = updateRunning(adaptor.getRunningMean(), mean, 1);
    Value runningVar =
        updateRunning(adaptor.getRunningVar(), squares, varianceCount);
    rewriter.replaceOp(
        op, {y, runningMean, runningVar,
             convertElements(rewriter, loc, mean, outputType),
             convertElements(rewriter, loc, inverseStd, outputType)});
    return success();
  }
};

struct LayerNormLowering : OpConversionPattern<LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    ArrayRef<int64_t> shape = xType.getShape();
    unsigned rank = shape.size();
    unsigned axis = op.getAxis();
    Type elementType = xType.getElementType();
    Type computeType = getAccumulatorType(elementType);
    double epsilon = op.getEpsilon().convertToDouble();

    // Statistics over [axis, rank), one per position of the outer dims.
    SmallVector<bool> inner;
    SmallVector<unsigned> outerDims;
    SmallVector<int64_t> outerShape;
    int64_t count = 1;
    for (unsigned dim = 0; dim < rank; ++dim) {
      inner.push_back(dim >= axis);
      if (dim >= axis) {
        count *= shape[dim];
      } else {
        outerDims.push_back(dim);
        outerShape.push_back(shape[dim]);
      }
    }
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
    AffineMap outer = getProjection(rank, outerDims, context);
    auto outerType = RankedTensorType::get(outerShape, computeType);

    Value sum =
        buildSumOrMap(rewriter, loc, shape, inner, x, identity, computeType,
                      [&](OpBuilder &b, Location loc, ValueRange args) {
                        return castScalar(b, loc, args[0], computeType);
                      });
    Value mean =
        buildElementwise(rewriter, loc, outerType, sum,
                         [&](OpBuilder &b, Location loc, ValueRange args) {
                           return divideByCount(b, loc, args[0], count);
                         });
    Value squares = buildSumOrMap(
        rewriter, loc, shape, inner, ValueRange{x, mean}, {identity, outer},
        computeType, [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value deviation = arith::SubFOp::create(
              b, loc, castScalar(b, loc, args[0], computeType), args[1]);
          return arith::MulFOp::create(b, loc, deviation, deviation);
        });
    Value inverseStd = buildElementwise(
        rewriter, loc, outerType, squares,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return buildInverseStd(b, loc, divideByCount(b, loc, args[0], count),
                                 epsilon);
        });

    // scale and bias broadcast to x.shape[axis:] by NumPy's rules, which
    // right-align them with x.
    SmallVector<Value> inputs = {x, mean, inverseStd, adaptor.getScale()};
    if (Value bias = adaptor.getBias())
      inputs.push_back(bias);
    SmallVector<AffineMap> maps = {identity, outer, outer};
    for (Value operand : ValueRange(inputs).drop_front(3))
      maps.push_back(getBroadcastIndexingMap(
          cast<RankedTensorType>(operand.getType()).getShape(), shape,
          context));
    SmallVector<bool> noReduction(rank, false);
    rewriter.replaceOp(
        op, buildSumOrMap(
                rewriter, loc, shape, noReduction, inputs, maps, elementType,
                [&](OpBuilder &b, Location loc, ValueRange args) {
                  auto arg = [&](unsigned i) {
                    return castScalar(b, loc, args[i], computeType);
                  };
                  Value centered =
                      arith::SubFOp::create(b, loc, arg(0), args[1]);
                  Value y = arith::MulFOp::create(b, loc, centered, args[2]);
                  y = arith::MulFOp::create(b, loc, y, arg(3));
                  if (args.size() == 5)
                    y = arith::AddFOp::create(b, loc, y, arg(4));
                  return castScalar(b, loc, y, elementType);
                }));
    return success();
  }
};

/// The mask generator: element `i` (row-major linear index) of a dropout
/// with seed `s` draws the 64-bit word
///
///   z = splitmix64_mix(s + (i + 1) * 0x9E3779B97F4A7C15)
///   splitmix64_mix(z): z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
///                      z = (z ^ (z >> 27)) * 0x94D049BB133111EB
///                      z ^ (z >> 31)
///
/// i.e. the (i+1)-th output of SplitMix64 (Steele et al., 2014) seeded with
/// `s`, and keeps the element when z >= floor(ratio * 2^64) as unsigned
/// integers, which happens with probability 1 - ratio. Each element is
/// independent of the others, so the generic stays parallel.
static Value buildDropoutKeep(OpBuilder &builder, Location loc,
                              ArrayRef<int64_t> shape, uint64_t seed,
                              double ratio) {
  Type i64 = builder.getI64Type();
  auto constant = [&](uint64_t value) -> Value {
    return arith::ConstantOp::create(
        builder, loc, builder.getIntegerAttr(i64, APInt(64, value)));
  };
  // Row-major linear index from the loop indices (0 for a rank-0 input).
  Value linear;
  for (auto [dim, size] : llvm::enumerate(shape)) {
    Value index = arith::IndexCastOp::create(
        builder, loc, i64, linalg::IndexOp::create(builder, loc, dim));
    linear =
        dim == 0
            ? index
            : arith::AddIOp::create(
                  builder, loc,
                  arith::MulIOp::create(builder, loc, linear, constant(size)),
                  index);
  }
  if (!linear)
    linear = constant(0);
  Value counter = arith::AddIOp::create(builder, loc, linear, constant(1));
  Value z = arith::AddIOp::create(
      builder, loc, constant(seed),
      arith::MulIOp::create(builder, loc, counter,
                            constant(0x9E3779B97F4A7C15ULL)));
  auto xorShift = [&](Value value, uint64_t shift) -> Value {
    return arith::XOrIOp::create(
        builder, loc, value,
        arith::ShRUIOp::create(builder, loc, value, constant(shift)));
  };
  z = arith::MulIOp::create(builder, loc, xorShift(z, 30),
                            constant(0xBF58476D1CE4E5B9ULL));
  z = arith::MulIOp::create(builder, loc, xorShift(z, 27),
                            constant(0x94D049BB133111EBULL));
  z = xorShift(z, 31);
  // ratio < 1, so ratio * 2^64 < 2^64 for every f32 ratio.
  auto threshold = static_cast<uint64_t>(std::ldexp(ratio, 64));
  return arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::uge, z,
                               constant(threshold));
}

struct DropoutLowering : OpConversionPattern<DropoutOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    auto maskType = getConvertedTensorType(*getTypeConverter(), op.getMask());
    double ratio = op.getRatio().convertToDouble();

    if (op.getMode() == Mode::eval || ratio == 0.0) {
      Value allTrue =
          createScalarConstant(rewriter, loc, rewriter.getI1Type(), 1);
      rewriter.replaceOp(
          op, {x, createFilledTensor(rewriter, loc, maskType, allTrue)});
      return success();
    }

    Type elementType = xType.getElementType();
    Type computeType = getAccumulatorType(elementType);
    unsigned rank = xType.getRank();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{xType, maskType}, ValueRange{x},
        ValueRange{createEmptyTensor(rewriter, loc, xType),
                   createEmptyTensor(rewriter, loc, maskType)},
        SmallVector<AffineMap>(3, identity),
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value keep =
              buildDropoutKeep(b, loc, xType.getShape(),
                               static_cast<uint64_t>(op.getSeed()), ratio);
          Value scale =
              createScalarConstant(b, loc, computeType, 1.0 / (1.0 - ratio));
          Value scaled = castScalar(
              b, loc,
              arith::MulFOp::create(
                  b, loc, castScalar(b, loc, args[0], computeType), scale),
              elementType);
          Value zero = createScalarConstant(b, loc, elementType, 0);
          Value y = arith::SelectOp::create(b, loc, keep, scaled, zero);
          linalg::YieldOp::create(b, loc, ValueRange{y, keep});
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

} // namespace

void mlir::nabla::populateNormalizationToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering, BatchNormTrainLowering, LayerNormLowering,
               DropoutLowering>(converter, patterns.getContext());
}
