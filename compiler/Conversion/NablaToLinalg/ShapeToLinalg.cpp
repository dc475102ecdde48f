//===- ShapeToLinalg.cpp - Lower nabla shape ops --------------------------===//
//
// Reshapes (reshape, flatten, squeeze, unsqueeze) become
// tensor.collapse_shape / tensor.expand_shape, which bufferize to views;
// transpose is linalg.transpose; concat, split and positive-step slices are
// tensor.insert_slice / tensor.extract_slice; a slice with a negative step is
// a copy whose indexing map walks backwards. expand and tile are
// linalg.broadcast (tile broadcasts into interleaved copy dimensions and
// collapses them). Constant padding is tensor.pad after cropping; reflect and
// edge padding, and gather, are linalg.generic ops that compute the source
// index of each result element and read it with tensor.extract.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::nabla;

/// `value`'s elements in row-major order as a tensor of `shape`: one
/// collapse_shape or expand_shape when the shapes differ by merging or
/// splitting contiguous dimensions, else a collapse to 1-D and an expand.
/// Both bufferize to views of the same buffer.
static Value reshapeTo(OpBuilder &builder, Location loc, Value value,
                       ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape ||
      getReassociationIndicesForReshape(type, type.clone(shape)))
    return reshapeContiguous(builder, loc, value, shape);
  Value flat = reshapeContiguous(builder, loc, value, {type.getNumElements()});
  return reshapeContiguous(builder, loc, flat, shape);
}

static Value createIndexConstant(OpBuilder &builder, Location loc,
                                 int64_t value) {
  return arith::ConstantIndexOp::create(builder, loc, value);
}

/// `min(max(value, low), high)` on indices.
static Value clampIndex(OpBuilder &builder, Location loc, Value value,
                        Value low, Value high) {
  value = arith::MaxSIOp::create(builder, loc, value, low);
  return arith::MinSIOp::create(builder, loc, value, high);
}

/// A linalg.generic without inputs producing `resultType`, whose body reads
/// `source` at the coordinates `sourceIndices` computes from the result's
/// loop indices.
static Value
buildIndexedCopy(OpBuilder &builder, Location loc, RankedTensorType resultType,
                 Value source,
                 function_ref<SmallVector<Value>(OpBuilder &, Location,
                                                 ValueRange resultIndices)>
                     sourceIndices) {
  int64_t rank = resultType.getRank();
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, builder.getContext())};
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{resultType}, ValueRange{},
      ValueRange{createEmptyTensor(builder, loc, resultType)}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange) {
        SmallVector<Value> indices;
        for (int64_t dim = 0; dim < rank; ++dim)
          indices.push_back(linalg::IndexOp::create(
              nested, nestedLoc, nested.getIndexType(), dim));
        Value element = tensor::ExtractOp::create(
            nested, nestedLoc, source,
            sourceIndices(nested, nestedLoc, indices));
        linalg::YieldOp::create(nested, nestedLoc, element);
      });
  return generic.getResult(0);
}

namespace {

/// Lowers a shape op with one result. A result without elements needs no
/// data movement and is a bare tensor.empty; other results come from
/// `lower`, which returns null after reporting an unsupported case.
template <typename OpTy> struct ShapeOpLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  virtual Value lower(OpTy op, OpAdaptor adaptor, RankedTensorType resultType,
                      ConversionPatternRewriter &rewriter) const = 0;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    RankedTensorType resultType =
        getConvertedTensorType(*this->getTypeConverter(), op.getResult());
    Value result = resultType.getNumElements() == 0
                       ? createEmptyTensor(rewriter, op.getLoc(), resultType)
                       : lower(op, adaptor, resultType, rewriter);
    if (!result)
      return failure();
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// reshape, flatten, squeeze and unsqueeze all keep the row-major order of
/// the elements: only the result shape matters.
template <typename OpTy> struct ReshapeLikeLowering : ShapeOpLowering<OpTy> {
  using ShapeOpLowering<OpTy>::ShapeOpLowering;

  Value lower(OpTy op, typename OpTy::Adaptor adaptor,
              RankedTensorType resultType,
              ConversionPatternRewriter &rewriter) const override {
    return reshapeTo(rewriter, op.getLoc(), adaptor.getX(),
                     resultType.getShape());
  }
};

struct TransposeLowering : ShapeOpLowering<TransposeOp> {
  using ShapeOpLowering::ShapeOpLowering;

  Value lower(TransposeOp op, OpAdaptor adaptor, RankedTensorType resultType,
              ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    return linalg::TransposeOp::create(
               rewriter, loc, adaptor.getX(),
               createEmptyTensor(rewriter, loc, resultType), op.getPerm())
        .getResult()[0];
  }
};

/// Each input is inserted at its offset along `axis` into one tensor.empty,
/// which bufferizes to one buffer and a copy per input.
struct ConcatLowering : ShapeOpLowering<ConcatOp> {
  using ShapeOpLowering::ShapeOpLowering;

  Value lower(ConcatOp op, OpAdaptor adaptor, RankedTensorType resultType,
              ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    int64_t axis = op.getAxis();
    Value result = createEmptyTensor(rewriter, loc, resultType);
    SmallVector<int64_t> offsets(resultType.getRank(), 0);
    SmallVector<int64_t> strides(resultType.getRank(), 1);
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      if (inputType.getDimSize(axis) == 0)
        continue;
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result,
          getAsIndexOpFoldResult(context, offsets),
          getAsIndexOpFoldResult(context, inputType.getShape()),
          getAsIndexOpFoldResult(context, strides));
      offsets[axis] += inputType.getDimSize(axis);
    }
    return result;
  }
};

/// Each part is an extract_slice, a view of `x`.
struct SplitLowering : OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    int64_t axis = op.getAxis();
    SmallVector<Value> parts;
    SmallVector<int64_t> offsets(
        cast<RankedTensorType>(adaptor.getX().getType()).getRank(), 0);
    SmallVector<int64_t> strides(offsets.size(), 1);
    for (Value result : op.getResults()) {
      RankedTensorType partType =
          getConvertedTensorType(*getTypeConverter(), result);
      if (partType.getNumElements() == 0) {
        parts.push_back(createEmptyTensor(rewriter, loc, partType));
        continue;
      }
      parts.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, partType, adaptor.getX(),
          getAsIndexOpFoldResult(context, offsets),
          getAsIndexOpFoldResult(context, partType.getShape()),
          getAsIndexOpFoldResult(context, strides)));
      offsets[axis] += partType.getDimSize(axis);
    }
    rewriter.replaceOp(op, parts);
    return success();
  }
};

/// Positive steps make an extract_slice (a strided view); a negative step
/// makes a copy by a linalg.generic reading `x` at `start + step * i`.
struct SliceLowering : ShapeOpLowering<SliceOp> {
  using ShapeOpLowering::ShapeOpLowering;

  Value lower(SliceOp op, OpAdaptor adaptor, RankedTensorType resultType,
              ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto inputType = cast<RankedTensorType>(adaptor.getX().getType());
    int64_t rank = inputType.getRank();
    // The result type holds the slice sizes; only starts and steps remain.
    SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
    ArrayRef<int64_t> sizes = resultType.getShape();
    std::optional<ArrayRef<int64_t>> opSteps = op.getSteps();
    for (auto [i, axis] : llvm::enumerate(op.getAxes())) {
      int64_t dim = inputType.getDimSize(axis);
      int64_t step = opSteps ? (*opSteps)[i] : 1;
      // ONNX: a negative start counts from the end, then clamps to the
      // range the direction of the step can reach.
      int64_t start = op.getStarts()[i];
      if (start < 0)
        start += dim;
      start = std::clamp<int64_t>(start, 0, step > 0 ? dim : dim - 1);
      starts[axis] = start;
      steps[axis] = step;
    }

    if (llvm::all_of(steps, [](int64_t step) { return step > 0; }))
      return tensor::ExtractSliceOp::create(
          rewriter, loc, resultType, adaptor.getX(),
          getAsIndexOpFoldResult(context, starts),
          getAsIndexOpFoldResult(context, sizes),
          getAsIndexOpFoldResult(context, steps));

    SmallVector<AffineExpr> exprs;
    for (int64_t dim = 0; dim < rank; ++dim)
      exprs.push_back(getAffineDimExpr(dim, context) * steps[dim] +
                      starts[dim]);
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank, 0, exprs, context),
        AffineMap::getMultiDimIdentityMap(rank, context)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    return linalg::GenericOp::create(
               rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getX()},
               ValueRange{createEmptyTensor(rewriter, loc, resultType)}, maps,
               iterators,
               [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                 linalg::YieldOp::create(nested, nestedLoc, args[0]);
               })
        .getResult(0);
  }
};

/// A nabla.check_index of the indices (unless they are `in_bounds`), then a
/// linalg.generic over the result that reads the index from `indices`
/// (negative ones wrap, out-of-range ones clamp so that a failed run cannot
/// read outside `data`) and extracts that element of `data`.
struct GatherLowering : ShapeOpLowering<GatherOp> {
  using ShapeOpLowering::ShapeOpLowering;

  Value lower(GatherOp op, OpAdaptor adaptor, RankedTensorType resultType,
              ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    int64_t indicesRank = cast<RankedTensorType>(indices.getType()).getRank();
    int64_t axis = op.getAxis();
    int64_t rank = resultType.getRank();
    int64_t axisSize = dataType.getDimSize(axis);
    if (!op.getInBounds())
      createIndexCheck(rewriter, op, indices, axisSize, axis,
                       /*allowNegative=*/true, /*ignoreIndex=*/std::nullopt);

    SmallVector<AffineExpr> indexExprs;
    for (int64_t dim = axis; dim < axis + indicesRank; ++dim)
      indexExprs.push_back(getAffineDimExpr(dim, context));
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank, 0, indexExprs, context),
        AffineMap::getMultiDimIdentityMap(rank, context)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value zero = createIndexConstant(rewriter, loc, 0);
    Value size = createIndexConstant(rewriter, loc, axisSize);
    Value last = createIndexConstant(rewriter, loc, axisSize - 1);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{indices},
        ValueRange{createEmptyTensor(rewriter, loc, resultType)}, maps,
        iterators, [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value index = arith::IndexCastOp::create(b, nestedLoc,
                                                   b.getIndexType(), args[0]);
          Value isNegative = arith::CmpIOp::create(
              b, nestedLoc, arith::CmpIPredicate::slt, index, zero);
          Value wrapped = arith::AddIOp::create(b, nestedLoc, index, size);
          index =
              arith::SelectOp::create(b, nestedLoc, isNegative, wrapped, index);
          index = clampIndex(b, nestedLoc, index, zero, last);

          SmallVector<Value> coordinates;
          auto loopIndex = [&](int64_t dim) -> Value {
            return linalg::IndexOp::create(b, nestedLoc, b.getIndexType(), dim);
          };
          for (int64_t dim = 0; dim < axis; ++dim)
            coordinates.push_back(loopIndex(dim));
          coordinates.push_back(index);
          for (int64_t dim = axis + indicesRank; dim < rank; ++dim)
            coordinates.push_back(loopIndex(dim));
          Value element =
              tensor::ExtractOp::create(b, nestedLoc, data, coordinates);
          linalg::YieldOp::create(b, nestedLoc, element);
        });
    return generic.getResult(0);
  }
};

/// Constant padding crops the negative pads with an extract_slice and adds
/// the positive ones with tensor.pad. Reflect and edge padding compute, per
/// result element, the mirrored or clamped source index in `x`.
struct PadLowering : ShapeOpLowering<PadOp> {
  using ShapeOpLowering::ShapeOpLowering;

  Value lower(PadOp op, OpAdaptor adaptor, RankedTensorType resultType,
              ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> begins = pads.take_front(rank);
    ArrayRef<int64_t> ends = pads.drop_front(rank);

    if (op.getMode() != PadMode::constant)
      return buildIndexedCopy(
          rewriter, loc, resultType, input,
          [&](OpBuilder &b, Location nestedLoc, ValueRange resultIndices) {
            SmallVector<Value> indices;
            for (int64_t dim = 0; dim < rank; ++dim)
              indices.push_back(mapPaddedIndex(
                  b, nestedLoc, op.getMode(), resultIndices[dim], begins[dim],
                  ends[dim], inputType.getDimSize(dim)));
            return indices;
          });

    MLIRContext *context = rewriter.getContext();
    SmallVector<int64_t> cropOffsets, cropSizes, low, high;
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t begin = begins[dim], end = ends[dim];
      cropOffsets.push_back(std::max<int64_t>(0, -begin));
      cropSizes.push_back(inputType.getDimSize(dim) +
                          std::min<int64_t>(0, begin) +
                          std::min<int64_t>(0, end));
      low.push_back(std::max<int64_t>(0, begin));
      high.push_back(std::max<int64_t>(0, end));
    }
    if (ArrayRef<int64_t>(cropSizes) != inputType.getShape())
      input = tensor::ExtractSliceOp::create(
          rewriter, loc, inputType.clone(cropSizes), input,
          getAsIndexOpFoldResult(context, cropOffsets),
          getAsIndexOpFoldResult(context, cropSizes),
          getAsIndexOpFoldResult(context, SmallVector<int64_t>(rank, 1)));
    if (input.getType() == resultType)
      return input;
    Value padValue =
        createScalarConstant(rewriter, loc, resultType.getElementType(),
                             op.getValue().convertToDouble());
    return tensor::PadOp::create(
        rewriter, loc, resultType, input, getAsIndexOpFoldResult(context, low),
        getAsIndexOpFoldResult(context, high), padValue);
  }

  /// The index in a dimension of size `size` that result index `index`
  /// reads, for a dimension padded by `begin` and `end` (negative pads
  /// crop, so the shifted index stays inside on a cropped side).
  static Value mapPaddedIndex(OpBuilder &b, Location loc, PadMode mode,
                              Value index, int64_t begin, int64_t end,
                              int64_t size) {
    if (begin != 0)
      index = arith::SubIOp::create(b, loc, index,
                                    createIndexConstant(b, loc, begin));
    if (begin <= 0 && end <= 0)
      return index;
    if (mode == PadMode::edge)
      return clampIndex(b, loc, index, createIndexConstant(b, loc, 0),
                        createIndexConstant(b, loc, size - 1));
    // Reflection without the edge element: -i reads i, and size - 1 + i
    // reads size - 1 - i. A pad below the size needs one reflection.
    if (begin > 0) {
      Value zero = createIndexConstant(b, loc, 0);
      Value isBefore =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
      Value mirrored = arith::SubIOp::create(b, loc, zero, index);
      index = arith::SelectOp::create(b, loc, isBefore, mirrored, index);
    }
    if (end > 0) {
      Value isAfter =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, index,
                                createIndexConstant(b, loc, size));
      Value mirrored = arith::SubIOp::create(
          b, loc, createIndexConstant(b, loc, 2 * (size - 1)), index);
      index = arith::SelectOp::create(b, loc, isAfter, mirrored, index);
    }
    return index;
  }
};

/// Size-1 dimensions of `x` that the result stretches, and the leading
/// dimensions it adds, are broadcast dimensions of a linalg.broadcast of
/// `x` with its stretched unit dimensions collapsed away.
struct ExpandLowering : ShapeOpLowering<ExpandOp> {
  using ShapeOpLowering::ShapeOpLowering;

  Value lower(ExpandOp op, OpAdaptor adaptor, RankedTensorType resultType,
              ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    ArrayRef<int64_t> inputShape =
        cast<RankedTensorType>(input.getType()).getShape();
    int64_t offset = resultType.getRank() - inputShape.size();
    SmallVector<int64_t> keptShape, broadcastDims;
    for (int64_t dim = 0; dim < resultType.getRank(); ++dim) {
      int64_t size = resultType.getDimSize(dim);
      if (dim >= offset && inputShape[dim - offset] == size)
        keptShape.push_back(size);
      else
        broadcastDims.push_back(dim);
    }
    if (broadcastDims.empty())
      return reshapeTo(rewriter, loc, input, resultType.getShape());
    input = reshapeContiguous(rewriter, loc, input, keptShape);
    return linalg::BroadcastOp::create(
               rewriter, loc, input,
               createEmptyTensor(rewriter, loc, resultType), broadcastDims)
        .getResult()[0];
  }
};

/// `x` of shape [d0, d1] repeated [r0, r1] times is `x` broadcast to
/// [r0, d0, r1, d1] and collapsed; repeats of 1 add no dimension.
struct TileLowering : ShapeOpLowering<TileOp> {
  using ShapeOpLowering::ShapeOpLowering;

  Value lower(TileOp op, OpAdaptor adaptor, RankedTensorType resultType,
              ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    auto inputType = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> broadcastShape, broadcastDims;
    for (auto [size, repeats] :
         llvm::zip_equal(inputType.getShape(), op.getRepeats())) {
      if (repeats != 1) {
        broadcastDims.push_back(broadcastShape.size());
        broadcastShape.push_back(repeats);
      }
      broadcastShape.push_back(size);
    }
    if (broadcastDims.empty())
      return input;
    Value broadcast =
        linalg::BroadcastOp::create(
            rewriter, loc, input,
            createEmptyTensor(rewriter, loc, inputType.clone(broadcastShape)),
            broadcastDims)
            .getResult()[0];
    return reshapeContiguous(rewriter, loc, broadcast, resultType.getShape());
  }
};

} // namespace

void mlir::nabla::populateShapeToLinalgPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<ReshapeLikeLowering<ReshapeOp>, ReshapeLikeLowering<FlattenOp>,
               ReshapeLikeLowering<SqueezeOp>, ReshapeLikeLowering<UnsqueezeOp>,
               TransposeLowering, ConcatLowering, SplitLowering, SliceLowering,
               GatherLowering, PadLowering, ExpandLowering, TileLowering>(
      converter, patterns.getContext());
}
