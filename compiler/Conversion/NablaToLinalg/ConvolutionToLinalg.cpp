//===- ConvolutionToLinalg.cpp - Lower nabla convolution and pooling ------===//
//
// Convolutions become linalg's NCHW convolution named ops on a tensor.pad-ed
// input, with the bias broadcast into the initial accumulator:
// conv_2d_nchw_fchw (groups = 1), depthwise_conv_2d_nchw_chw (one filter per
// channel) and conv_2d_ngchw_gfchw (other groups, whose GFCHW filter layout
// is our FCHW one split, so no transpose is needed). A transposed convolution
// is the stride-1 convolution of the zero-stuffed input with the flipped,
// channel-swapped kernel. Pooling uses pooling_nchw_max / pooling_nchw_sum;
// global pooling is pooling with the whole plane as the window.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nabla;

/// The 2 spatial sizes (H, W) of an NCHW tensor type.
static std::array<int64_t, 2> getSpatialSizes(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return {type.getDimSize(2), type.getDimSize(3)};
}

/// The initial accumulator of a convolution: `bias` broadcast along every
/// dimension of `type` but `channelDims`, or zeros without a bias.
static Value createConvInit(OpBuilder &builder, Location loc,
                            RankedTensorType type, Value bias,
                            ArrayRef<int64_t> channelDims) {
  if (!bias) {
    Value zero = createScalarConstant(builder, loc, type.getElementType(), 0);
    return createFilledTensor(builder, loc, type, zero);
  }
  SmallVector<int64_t> biasShape;
  for (int64_t dim : channelDims)
    biasShape.push_back(type.getDimSize(dim));
  bias = convertElements(
      builder, loc, reshapeContiguous(builder, loc, bias, biasShape),
      RankedTensorType::get(biasShape, type.getElementType()));
  SmallVector<int64_t> broadcastDims;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (!llvm::is_contained(channelDims, dim))
      broadcastDims.push_back(dim);
  Value empty = createEmptyTensor(builder, loc, type);
  return linalg::BroadcastOp::create(builder, loc, bias, empty, broadcastDims)
      .getResult()[0];
}

/// The convolution of the already padded NCHW `input` with `weight` in
/// nabla.conv2d's `[F, C / groups, KH, KW]` layout, plus the optional
/// `bias`, accumulated in the accumulator type of `resultType`'s elements.
static Value buildConvolution(OpBuilder &builder, Location loc, Value input,
                              Value weight, Value bias,
                              ArrayRef<int64_t> strides,
                              ArrayRef<int64_t> dilations, int64_t groups,
                              RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  int64_t n = inputType.getDimSize(0), c = inputType.getDimSize(1);
  int64_t h = inputType.getDimSize(2), w = inputType.getDimSize(3);
  int64_t f = weightType.getDimSize(0);
  int64_t kh = weightType.getDimSize(2), kw = weightType.getDimSize(3);
  int64_t oh = resultType.getDimSize(2), ow = resultType.getDimSize(3);
  RankedTensorType accType =
      resultType.clone(getAccumulatorType(resultType.getElementType()));
  Attribute stridesAttr = builder.getI64TensorAttr(strides);
  Attribute dilationsAttr = builder.getI64TensorAttr(dilations);

  Value result;
  if (groups == 1) {
    Value init = createConvInit(builder, loc, accType, bias, {1});
    result = linalg::Conv2DNchwFchwOp::create(
                 builder, loc, TypeRange{accType}, ValueRange{input, weight},
                 ValueRange{init}, stridesAttr, dilationsAttr)
                 .getResult(0);
  } else if (groups == c && f == c) {
    // One filter per channel: [C, 1, KH, KW] is the depthwise [C, KH, KW].
    Value filter = reshapeContiguous(builder, loc, weight, {c, kh, kw});
    Value init = createConvInit(builder, loc, accType, bias, {1});
    result = linalg::DepthwiseConv2DNchwChwOp::create(
                 builder, loc, TypeRange{accType}, ValueRange{input, filter},
                 ValueRange{init}, stridesAttr, dilationsAttr)
                 .getResult(0);
  } else {
    // Split the channels into groups: NGCHW input, GFCHW filter, NGFHW
    // output.
    int64_t cg = c / groups, fg = f / groups;
    Value groupedInput =
        reshapeContiguous(builder, loc, input, {n, groups, cg, h, w});
    Value groupedWeight =
        reshapeContiguous(builder, loc, weight, {groups, fg, cg, kh, kw});
    auto groupedType = RankedTensorType::get({n, groups, fg, oh, ow},
                                             accType.getElementType());
    Value init = createConvInit(builder, loc, groupedType, bias, {1, 2});
    Value grouped = linalg::Conv2DNgchwGfchwOp::create(
                        builder, loc, TypeRange{groupedType},
                        ValueRange{groupedInput, groupedWeight},
                        ValueRange{init}, stridesAttr, dilationsAttr)
                        .getResult(0);
    result = reshapeContiguous(builder, loc, grouped, accType.getShape());
  }
  return convertElements(builder, loc, result, resultType);
}

/// The convolution of conv2d or fused_conv2d `op` (its epilogue aside):
/// `x` zero-padded, then buildConvolution.
template <typename OpTy>
static Value buildPaddedConvolution(OpBuilder &builder, OpTy op,
                                    typename OpTy::Adaptor adaptor,
                                    RankedTensorType resultType) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> pads = op.getPads();
  Value zero =
      createScalarConstant(builder, loc, resultType.getElementType(), 0);
  Value input = padSpatial(builder, loc, adaptor.getX(), pads.take_front(2),
                           pads.drop_front(2), zero);
  return buildConvolution(builder, loc, input, adaptor.getW(),
                          adaptor.getBias(), op.getStrides(),
                          op.getDilations(), op.getGroups(), resultType);
}

namespace {

struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildPaddedConvolution(
                rewriter, op, adaptor,
                getConvertedTensorType(*getTypeConverter(), op.getResult())));
    return success();
  }
};

/// The convolution as Conv2dLowering builds it, then the epilogue.
struct FusedConv2dLowering : OpConversionPattern<FusedConv2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FusedConv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    Value conv = buildPaddedConvolution(rewriter, op, adaptor, resultType);
    rewriter.replaceOp(
        op, buildEpilogue(rewriter, loc, resultType, conv, /*alpha=*/1.0,
                          /*bias=*/Value(), adaptor.getResidual(),
                          op.getActivation(), op.getActAlpha().convertToDouble(),
                          op.getActBeta().convertToDouble()));
    return success();
  }
};

/// out[o] = sum over h*stride + k*dilation = o + pad of x[h] * w[k] is the
/// stride-1 correlation of z with w flipped, where z holds x[h] at
/// h*stride + dilation*(K-1) - pad and zeros elsewhere (the "zero-stuffed"
/// input), and the kernel's in/out channels are swapped.
struct ConvTranspose2dLowering : OpConversionPattern<ConvTranspose2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConvTranspose2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    Type elementType = resultType.getElementType();
    Value x = adaptor.getX(), w = adaptor.getW();
    auto xType = cast<RankedTensorType>(x.getType());
    auto wType = cast<RankedTensorType>(w.getType());
    int64_t n = xType.getDimSize(0), c = xType.getDimSize(1);
    int64_t groups = op.getGroups(), cg = c / groups;
    int64_t fg = wType.getDimSize(1);
    std::array<int64_t, 2> kernel = {wType.getDimSize(2), wType.getDimSize(3)};
    std::array<int64_t, 2> inputSizes = getSpatialSizes(x);
    std::array<int64_t, 2> outputSizes = {resultType.getDimSize(2),
                                          resultType.getDimSize(3)};
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    ArrayRef<int64_t> pads = op.getPads();

    // Place x[h] at row offset[0] + h * stride[0] of the stuffed input,
    // keeping only the rows that land inside it (large pads crop x).
    SmallVector<int64_t> stuffedShape = {n, c};
    SmallVector<OpFoldResult> sliceOffsets(2, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sliceSizes = {rewriter.getIndexAttr(n),
                                            rewriter.getIndexAttr(c)};
    SmallVector<OpFoldResult> insertOffsets(2, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> insertStrides(2, rewriter.getIndexAttr(1));
    bool empty = xType.getNumElements() == 0, cropped = false;
    for (int i = 0; i < 2; ++i) {
      int64_t extent = dilations[i] * (kernel[i] - 1);
      int64_t length = outputSizes[i] + extent;
      int64_t offset = extent - pads[i];
      int64_t first = offset >= 0 ? 0 : llvm::divideCeil(-offset, strides[i]);
      int64_t last =
          std::min(inputSizes[i] - 1,
                   llvm::divideFloorSigned(length - 1 - offset, strides[i]));
      empty |= last < first;
      cropped |= first != 0 || last != inputSizes[i] - 1;
      stuffedShape.push_back(length);
      sliceOffsets.push_back(rewriter.getIndexAttr(first));
      sliceSizes.push_back(rewriter.getIndexAttr(last - first + 1));
      insertOffsets.push_back(
          rewriter.getIndexAttr(offset + first * strides[i]));
      insertStrides.push_back(rewriter.getIndexAttr(strides[i]));
    }
    Value zero = createScalarConstant(rewriter, loc, elementType, 0);
    Value stuffed = createFilledTensor(
        rewriter, loc, RankedTensorType::get(stuffedShape, elementType), zero);
    if (!empty) {
      SmallVector<OpFoldResult> unitStrides(4, rewriter.getIndexAttr(1));
      Value slice =
          cropped ? tensor::ExtractSliceOp::create(
                        rewriter, loc, x, sliceOffsets, sliceSizes, unitStrides)
                  : x;
      stuffed = tensor::InsertSliceOp::create(rewriter, loc, slice, stuffed,
                                              insertOffsets, sliceSizes,
                                              insertStrides);
    }

    // filter[g * FG + f, c, kh, kw] = w[g * CG + c, f, KH-1-kh, KW-1-kw].
    MLIRContext *context = rewriter.getContext();
    Value groupedW = reshapeContiguous(rewriter, loc, w,
                                       {groups, cg, fg, kernel[0], kernel[1]});
    AffineExpr g, f, ch, kh, kw;
    bindDims(context, g, f, ch, kh, kw);
    SmallVector<AffineMap> maps = {
        AffineMap::get(5, 0, {g, ch, f, kernel[0] - 1 - kh, kernel[1] - 1 - kw},
                       context),
        AffineMap::getMultiDimIdentityMap(5, context)};
    auto flippedType = RankedTensorType::get(
        {groups, fg, cg, kernel[0], kernel[1]}, elementType);
    Value flipped =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{flippedType}, ValueRange{groupedW},
            ValueRange{createEmptyTensor(rewriter, loc, flippedType)}, maps,
            SmallVector<utils::IteratorType>(5, utils::IteratorType::parallel),
            [](OpBuilder &builder, Location loc, ValueRange args) {
              linalg::YieldOp::create(builder, loc, args[0]);
            })
            .getResult(0);
    Value filter = reshapeContiguous(rewriter, loc, flipped,
                                     {groups * fg, cg, kernel[0], kernel[1]});

    rewriter.replaceOp(op, buildConvolution(rewriter, loc, stuffed, filter,
                                            adaptor.getBias(), {1, 1},
                                            dilations, groups, resultType));
    return success();
  }
};

enum class PoolKind { Max, Sum };

/// Pools every `kernel` window of the NCHW `input` (already padded so that
/// every window fits) into a tensor of `resultType`.
static Value buildPool(OpBuilder &builder, Location loc, PoolKind kind,
                       Value input, ArrayRef<int64_t> kernel,
                       ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                       RankedTensorType resultType, bool isUnsignedInt) {
  Type elementType = resultType.getElementType();
  Value identity =
      kind == PoolKind::Max
          ? createLowestValue(builder, loc, elementType, isUnsignedInt)
          : createScalarConstant(builder, loc, elementType, 0);
  Value init = createFilledTensor(builder, loc, resultType, identity);
  Value window = createEmptyTensor(builder, loc,
                                   RankedTensorType::get(kernel, elementType));

  if (kind == PoolKind::Sum)
    return linalg::PoolingNchwSumOp::create(
               builder, loc, TypeRange{resultType}, ValueRange{input, window},
               ValueRange{init}, builder.getI64TensorAttr(strides),
               builder.getI64TensorAttr(dilations))
        .getResult(0);
  if (!isUnsignedInt)
    return linalg::PoolingNchwMaxOp::create(
               builder, loc, TypeRange{resultType}, ValueRange{input, window},
               ValueRange{init}, builder.getI64TensorAttr(strides),
               builder.getI64TensorAttr(dilations))
        .getResult(0);

  // linalg has no unsigned NCHW max pooling: the same loops as a generic,
  // whose window operand gives the kernel loops their bounds.
  MLIRContext *context = builder.getContext();
  AffineExpr n, c, oh, ow, kh, kw;
  bindDims(context, n, c, oh, ow, kh, kw);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0,
                     {n, c, oh * strides[0] + kh * dilations[0],
                      ow * strides[1] + kw * dilations[1]},
                     context),
      AffineMap::get(6, 0, {kh, kw}, context),
      AffineMap::get(6, 0, {n, c, oh, ow}, context)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             builder, loc, TypeRange{resultType}, ValueRange{input, window},
             ValueRange{init}, maps, iterators,
             [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value max =
                   arith::MaxUIOp::create(nested, nestedLoc, args[0], args[2]);
               linalg::YieldOp::create(nested, nestedLoc, max);
             })
      .getResult(0);
}

/// The bottom (right) padding that makes every one of the `outputSize`
/// windows fit: at least what the windows read past the input, none beyond.
static int64_t getPoolHighPad(int64_t inputSize, int64_t outputSize,
                              int64_t kernel, int64_t stride, int64_t dilation,
                              int64_t lowPad) {
  int64_t needed = (outputSize - 1) * stride + dilation * (kernel - 1) + 1;
  return std::max<int64_t>(0, needed - inputSize - lowPad);
}

struct MaxPool2dLowering : OpConversionPattern<MaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    bool isUnsignedInt = isUnsigned(op.getX().getType());
    ArrayRef<int64_t> kernel = op.getKernelShape(), strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations(), pads = op.getPads();
    std::array<int64_t, 2> sizes = getSpatialSizes(adaptor.getX());
    SmallVector<int64_t> high;
    for (int i = 0; i < 2; ++i)
      high.push_back(getPoolHighPad(sizes[i], resultType.getDimSize(2 + i),
                                    kernel[i], strides[i], dilations[i],
                                    pads[i]));
    // Padding never wins a maximum: every window holds an input element.
    Value lowest = createLowestValue(rewriter, loc, resultType.getElementType(),
                                     isUnsignedInt);
    Value input = padSpatial(rewriter, loc, adaptor.getX(), pads.take_front(2),
                             high, lowest);
    rewriter.replaceOp(op, buildPool(rewriter, loc, PoolKind::Max, input,
                                     kernel, strides, dilations, resultType,
                                     isUnsignedInt));
    return success();
  }
};

/// For each output position along one dimension, the number of window
/// positions that the divisor counts: those inside `[-lowPad, size +
/// highPad)` with count_include_pad, inside `[0, size)` otherwise.
static SmallVector<int64_t> getPoolCounts(int64_t inputSize, int64_t outputSize,
                                          int64_t kernel, int64_t stride,
                                          int64_t lowPad, int64_t highPad,
                                          bool countIncludePad) {
  int64_t begin = countIncludePad ? -lowPad : 0;
  int64_t end = countIncludePad ? inputSize + highPad : inputSize;
  SmallVector<int64_t> counts;
  for (int64_t o = 0; o < outputSize; ++o) {
    int64_t start = o * stride - lowPad;
    counts.push_back(std::min(start + kernel, end) - std::max(start, begin));
  }
  return counts;
}

/// `sum / count` in the sum's (accumulator) type, narrowed to the result's
/// element type: the end of every average pool whose windows all hold
/// `count` elements.
Value buildMean(OpBuilder &builder, Location loc, RankedTensorType resultType,
                Value sum, int64_t count) {
  Type accType = cast<RankedTensorType>(sum.getType()).getElementType();
  return buildElementwise(
      builder, loc, resultType, sum,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value divisor = createScalarConstant(nested, nestedLoc, accType,
                                             static_cast<double>(count));
        Value mean = arith::DivFOp::create(nested, nestedLoc, args[0], divisor);
        return castScalar(nested, nestedLoc, mean, resultType.getElementType(),
                          false, false);
      });
}

struct AvgPool2dLowering : OpConversionPattern<AvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    Type elementType = resultType.getElementType();
    Type accType = getAccumulatorType(elementType);
    ArrayRef<int64_t> kernel = op.getKernelShape(), strides = op.getStrides();
    ArrayRef<int64_t> pads = op.getPads();
    std::array<int64_t, 2> sizes = getSpatialSizes(adaptor.getX());
    std::array<int64_t, 2> outputSizes = {resultType.getDimSize(2),
                                          resultType.getDimSize(3)};
    SmallVector<int64_t> high;
    std::array<SmallVector<int64_t>, 2> counts;
    for (int i = 0; i < 2; ++i) {
      high.push_back(getPoolHighPad(sizes[i], outputSizes[i], kernel[i],
                                    strides[i], 1, pads[i]));
      counts[i] = getPoolCounts(sizes[i], outputSizes[i], kernel[i], strides[i],
                                pads[i], pads[2 + i], op.getCountIncludePad());
    }
    Value zero = createScalarConstant(rewriter, loc, elementType, 0);
    Value input = padSpatial(rewriter, loc, adaptor.getX(), pads.take_front(2),
                             high, zero);
    Value sum = buildPool(rewriter, loc, PoolKind::Sum, input, kernel, strides,
                          {1, 1}, resultType.clone(accType),
                          /*isUnsignedInt=*/false);

    // One divisor everywhere, or a row count times a column count.
    auto isUniform = [](ArrayRef<int64_t> values) {
      return llvm::all_equal(values);
    };
    if (isUniform(counts[0]) && isUniform(counts[1])) {
      rewriter.replaceOp(op, buildMean(rewriter, loc, resultType, sum,
                                       counts[0][0] * counts[1][0]));
      return success();
    }
    auto countTensor = [&](ArrayRef<int64_t> values,
                           ArrayRef<int64_t> shape) -> Value {
      auto type = RankedTensorType::get(shape, accType);
      SmallVector<Attribute> attrs;
      for (int64_t value : values)
        attrs.push_back(rewriter.getFloatAttr(accType, value));
      return arith::ConstantOp::create(rewriter, loc,
                                       DenseElementsAttr::get(type, attrs));
    };
    // Rows are [OH, 1] and columns [OW] so that they broadcast along H, W.
    Value rows = countTensor(counts[0], {outputSizes[0], 1});
    Value columns = countTensor(counts[1], {outputSizes[1]});
    rewriter.replaceOp(
        op,
        buildElementwise(
            rewriter, loc, resultType, ValueRange{sum, rows, columns},
            [&](OpBuilder &builder, Location loc, ValueRange args) {
              Value count =
                  arith::MulFOp::create(builder, loc, args[1], args[2]);
              Value mean = arith::DivFOp::create(builder, loc, args[0], count);
              return castScalar(builder, loc, mean, elementType, false, false);
            }));
    return success();
  }
};

struct GlobalAvgPool2dLowering : OpConversionPattern<GlobalAvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalAvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    Type elementType = resultType.getElementType();
    Type accType = getAccumulatorType(elementType);
    std::array<int64_t, 2> sizes = getSpatialSizes(adaptor.getX());
    Value sum = buildPool(rewriter, loc, PoolKind::Sum, adaptor.getX(), sizes,
                          {1, 1}, {1, 1}, resultType.clone(accType),
                          /*isUnsignedInt=*/false);
    rewriter.replaceOp(
        op, buildMean(rewriter, loc, resultType, sum, sizes[0] * sizes[1]));
    return success();
  }
};

struct GlobalMaxPool2dLowering : OpConversionPattern<GlobalMaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalMaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    rewriter.replaceOp(
        op, buildPool(rewriter, op.getLoc(), PoolKind::Max, adaptor.getX(),
                      getSpatialSizes(adaptor.getX()), {1, 1}, {1, 1},
                      resultType, isUnsigned(op.getX().getType())));
    return success();
  }
};

} // namespace

void mlir::nabla::populateConvolutionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns
      .add<Conv2dLowering, FusedConv2dLowering, ConvTranspose2dLowering,
           MaxPool2dLowering,
           AvgPool2dLowering, GlobalAvgPool2dLowering, GlobalMaxPool2dLowering>(
          converter, patterns.getContext());
}
