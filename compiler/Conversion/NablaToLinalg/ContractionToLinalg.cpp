//===- ContractionToLinalg.cpp - Lower nabla contraction ops --------------===//
//
// matmul becomes linalg.matmul when the right operand has no batch, so that
// the batch folds into M, and linalg.batch_matmul otherwise; gemm is a
// linalg.matmul whose indexing maps express the transposes, with `beta * c`
// as its initial accumulator or an epilogue when `alpha` scales the product.
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

/// A zero-filled accumulator of `type`.
static Value createZeroTensor(OpBuilder &builder, Location loc,
                              RankedTensorType type) {
  Value zero = createScalarConstant(builder, loc, type.getElementType(), 0);
  return createFilledTensor(builder, loc, type, zero);
}

static int64_t product(ArrayRef<int64_t> sizes) {
  int64_t result = 1;
  for (int64_t size : sizes)
    result *= size;
  return result;
}

namespace {

struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    Type elementType = resultType.getElementType();
    Type accumulatorType = getAccumulatorType(elementType);
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();

    // Promote vectors to matrices: [K] is [1, K] on the left, [K, 1] on the
    // right; the unit dimension leaves the result at the end.
    SmallVector<int64_t> lhsShape(
        cast<RankedTensorType>(lhs.getType()).getShape());
    SmallVector<int64_t> rhsShape(
        cast<RankedTensorType>(rhs.getType()).getShape());
    if (lhsShape.size() == 1) {
      lhsShape.insert(lhsShape.begin(), 1);
      lhs = reshapeContiguous(rewriter, loc, lhs, lhsShape);
    }
    if (rhsShape.size() == 1) {
      rhsShape.push_back(1);
      rhs = reshapeContiguous(rewriter, loc, rhs, rhsShape);
    }
    int64_t m = lhsShape[lhsShape.size() - 2], k = lhsShape.back();
    int64_t n = rhsShape.back();
    ArrayRef<int64_t> lhsBatch = ArrayRef(lhsShape).drop_back(2);
    ArrayRef<int64_t> rhsBatch = ArrayRef(rhsShape).drop_back(2);

    // NumPy broadcast of the batch dimensions.
    size_t batchRank = std::max(lhsBatch.size(), rhsBatch.size());
    SmallVector<int64_t> batch(batchRank, 1);
    for (ArrayRef<int64_t> operandBatch : {lhsBatch, rhsBatch})
      for (auto [i, size] : llvm::enumerate(operandBatch)) {
        int64_t &target = batch[batchRank - operandBatch.size() + i];
        target = size == 1 ? target : size;
      }
    SmallVector<int64_t> fullShape(batch);
    fullShape.append({m, n});

    Value full;
    if (product(rhsBatch) == 1) {
      // The right operand is one matrix: fold the batch into M.
      int64_t rows = product(lhsBatch) * m;
      Value lhs2d = reshapeContiguous(rewriter, loc, lhs, {rows, k});
      Value rhs2d = reshapeContiguous(rewriter, loc, rhs, {k, n});
      auto productType = RankedTensorType::get({rows, n}, accumulatorType);
      Value matmul =
          linalg::MatmulOp::create(
              rewriter, loc, TypeRange{productType}, ValueRange{lhs2d, rhs2d},
              ValueRange{createZeroTensor(rewriter, loc, productType)})
              .getResult(0);
      full = reshapeContiguous(rewriter, loc, matmul, fullShape);
    } else {
      // Materialize the operands broadcast to the full batch, then one
      // batch_matmul over the flattened batch.
      auto broadcastBatch = [&](Value operand, ArrayRef<int64_t> shape,
                                ArrayRef<int64_t> matrix) {
        SmallVector<int64_t> target(batch);
        target.append(matrix.begin(), matrix.end());
        if (ArrayRef<int64_t>(target) == shape)
          return operand;
        return buildElementwise(
            rewriter, loc, RankedTensorType::get(target, elementType), operand,
            [](OpBuilder &, Location, ValueRange args) { return args[0]; });
      };
      int64_t batchSize = product(batch);
      lhs = reshapeContiguous(rewriter, loc,
                              broadcastBatch(lhs, lhsShape, {m, k}),
                              {batchSize, m, k});
      rhs = reshapeContiguous(rewriter, loc,
                              broadcastBatch(rhs, rhsShape, {k, n}),
                              {batchSize, k, n});
      auto productType =
          RankedTensorType::get({batchSize, m, n}, accumulatorType);
      Value matmul =
          linalg::BatchMatmulOp::create(
              rewriter, loc, TypeRange{productType}, ValueRange{lhs, rhs},
              ValueRange{createZeroTensor(rewriter, loc, productType)})
              .getResult(0);
      full = reshapeContiguous(rewriter, loc, matmul, fullShape);
    }
    Value result =
        reshapeContiguous(rewriter, loc, full, resultType.getShape());
    rewriter.replaceOp(op, convertElements(rewriter, loc, result, resultType));
    return success();
  }
};

struct GemmLowering : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    Type elementType = resultType.getElementType();
    Type accumulatorType = getAccumulatorType(elementType);
    RankedTensorType accumulatorTensorType = resultType.clone(accumulatorType);
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    Value c = adaptor.getC();

    // `factor * value` in the accumulator type.
    auto scale = [&](OpBuilder &builder, Location loc, Value value,
                     double factor) -> Value {
      value = castScalar(builder, loc, value, accumulatorType,
                         /*sourceUnsigned=*/false, /*targetUnsigned=*/false);
      if (factor == 1.0)
        return value;
      Value scalar =
          createScalarConstant(builder, loc, accumulatorType, factor);
      return createMul(builder, loc, scalar, value);
    };

    // With alpha = 1, `beta * c` is the initial accumulator; otherwise the
    // product is scaled in an epilogue that also adds `beta * c`.
    bool cIsAccumulator = c && alpha == 1.0;
    Value init =
        cIsAccumulator
            ? buildElementwise(
                  rewriter, loc, accumulatorTensorType, c,
                  [&](OpBuilder &builder, Location loc, ValueRange args) {
                    return scale(builder, loc, args[0], beta);
                  })
            : createZeroTensor(rewriter, loc, accumulatorTensorType);

    AffineExpr m, n, k;
    bindDims(context, m, n, k);
    auto map = [&](AffineExpr d0, AffineExpr d1) {
      return AffineMap::get(3, 0, {d0, d1}, context);
    };
    SmallVector<AffineMap> maps = {op.getTransA() ? map(k, m) : map(m, k),
                                   op.getTransB() ? map(n, k) : map(k, n),
                                   map(m, n)};
    auto matmul = linalg::MatmulOp::create(
        rewriter, loc, TypeRange{accumulatorTensorType},
        ValueRange{adaptor.getA(), adaptor.getB()}, ValueRange{init});
    matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    Value result = matmul.getResult(0);

    if (cIsAccumulator || alpha == 1.0) {
      rewriter.replaceOp(op,
                         convertElements(rewriter, loc, result, resultType));
      return success();
    }
    SmallVector<Value> operands = {result};
    if (c)
      operands.push_back(c);
    result = buildElementwise(
        rewriter, loc, resultType, operands,
        [&](OpBuilder &builder, Location loc, ValueRange args) -> Value {
          Value sum = scale(builder, loc, args[0], alpha);
          if (args.size() == 2)
            sum = createAdd(builder, loc, sum,
                            scale(builder, loc, args[1], beta));
          return castScalar(builder, loc, sum, elementType,
                            /*sourceUnsigned=*/false,
                            /*targetUnsigned=*/false);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The product as one linalg.generic contraction whose indexing maps express
/// the transposes and the shared 2-D `b`, then the epilogue.
struct FusedMatMulLowering : OpConversionPattern<FusedMatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FusedMatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    Type accumulatorType = getAccumulatorType(resultType.getElementType());
    auto productType = resultType.clone(accumulatorType);
    int64_t aRank = cast<RankedTensorType>(adaptor.getA().getType()).getRank();
    int64_t bRank = cast<RankedTensorType>(adaptor.getB().getType()).getRank();
    bool batched = aRank == 3;

    // Loops: [batch,] m, n, k.
    unsigned numLoops = batched ? 4 : 3;
    SmallVector<AffineExpr> dims(numLoops);
    for (unsigned i = 0; i < numLoops; ++i)
      dims[i] = getAffineDimExpr(i, context);
    AffineExpr m = dims[numLoops - 3], n = dims[numLoops - 2],
               k = dims[numLoops - 1];
    auto map = [&](bool withBatch, AffineExpr d0, AffineExpr d1) {
      SmallVector<AffineExpr> results;
      if (withBatch)
        results.push_back(dims[0]);
      results.append({d0, d1});
      return AffineMap::get(numLoops, 0, results, context);
    };
    SmallVector<AffineMap> maps = {
        op.getTransA() ? map(batched, k, m) : map(batched, m, k),
        op.getTransB() ? map(bRank == 3, n, k) : map(bRank == 3, k, n),
        map(batched, m, n)};
    SmallVector<utils::IteratorType> iterators(numLoops - 1,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value product =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{productType},
            ValueRange{adaptor.getA(), adaptor.getB()},
            ValueRange{createZeroTensor(rewriter, loc, productType)}, maps,
            iterators,
            [&](OpBuilder &b, Location loc, ValueRange args) {
              auto widen = [&](Value value) {
                return castScalar(b, loc, value, accumulatorType,
                                  /*sourceUnsigned=*/false,
                                  /*targetUnsigned=*/false);
              };
              Value sum = createAdd(
                  b, loc, args[2],
                  createMul(b, loc, widen(args[0]), widen(args[1])));
              linalg::YieldOp::create(b, loc, sum);
            })
            .getResult(0);
    rewriter.replaceOp(
        op, buildEpilogue(rewriter, loc, resultType, product,
                          op.getAlpha().convertToDouble(), adaptor.getBias(),
                          adaptor.getResidual(), op.getActivation(),
                          op.getActAlpha().convertToDouble(),
                          op.getActBeta().convertToDouble()));
    return success();
  }
};

} // namespace

void mlir::nabla::populateContractionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, GemmLowering, FusedMatMulLowering>(
      converter, patterns.getContext());
}
