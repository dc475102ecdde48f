//===- ReductionToLinalg.cpp - Lower nabla reductions and softmax ---------===//
//
// Reductions are reduction linalg.generic ops (buildReduction) followed by an
// elementwise epilogue (mean's division, l2's square root, the narrowing of
// an f16/bf16 sum accumulated in f32). log-sum-exp and softmax subtract the
// maximum first so that exp cannot overflow. Arg-reductions are one generic
// with two outputs, the best value so far and its i64 index.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::nabla;

/// The larger (`isMax`) or smaller of two scalars; NaN wins, as ONNX's
/// ReduceMax/ReduceMin ask.
static Value extremum(OpBuilder &b, Location loc, bool isMax, bool isUnsigned,
                      Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType())) {
    if (isMax)
      return arith::MaximumFOp::create(b, loc, lhs, rhs);
    return arith::MinimumFOp::create(b, loc, lhs, rhs);
  }
  if (isMax)
    return isUnsigned ? arith::MaxUIOp::create(b, loc, lhs, rhs).getResult()
                      : arith::MaxSIOp::create(b, loc, lhs, rhs).getResult();
  return isUnsigned ? arith::MinUIOp::create(b, loc, lhs, rhs).getResult()
                    : arith::MinSIOp::create(b, loc, lhs, rhs).getResult();
}

/// An elementwise generic producing `resultType` from `operands` (broadcast
/// by NumPy rules): `body` computes in the operands' type and the result is
/// narrowed to the element type of `resultType`.
static Value buildEpilogue(OpBuilder &b, Location loc,
                           RankedTensorType resultType, ValueRange operands,
                           ScalarBodyBuilder body) {
  return buildElementwise(
      b, loc, resultType, operands,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        return castScalar(nested, nestedLoc, body(nested, nestedLoc, args),
                          resultType.getElementType(),
                          /*sourceUnsigned=*/false, /*targetUnsigned=*/false);
      });
}

/// The maximum of `input` over `axes`, with the reduced axes kept as 1 so
/// that it broadcasts against `input`.
static Value buildKeptMax(OpBuilder &b, Location loc, Value input,
                          ArrayRef<int64_t> axes) {
  Type elementType = getElementTypeOrSelf(input.getType());
  return buildReduction(
      b, loc, input, axes, /*keepDims=*/true,
      createLowestValue(b, loc, elementType),
      [](OpBuilder &nested, Location nestedLoc, Value acc, Value element) {
        return extremum(nested, nestedLoc, /*isMax=*/true,
                        /*isUnsigned=*/false, acc, element);
      });
}

/// `exp(input - shift)` in `accType`, `shift` broadcast against `input`.
static Value buildShiftedExp(OpBuilder &b, Location loc, Value input,
                             Value shift, Type accType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  return buildElementwise(
      b, loc, inputType.clone(accType), {input, shift},
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value shifted = arith::SubFOp::create(
            nested, nestedLoc, castScalar(nested, nestedLoc, args[0], accType),
            castScalar(nested, nestedLoc, args[1], accType));
        return math::ExpOp::create(nested, nestedLoc, shifted);
      });
}

/// The float sum of `input` over `axes`, axes kept.
static Value buildKeptSum(OpBuilder &b, Location loc, Value input,
                          ArrayRef<int64_t> axes) {
  Type elementType = getElementTypeOrSelf(input.getType());
  return buildReduction(b, loc, input, axes, /*keepDims=*/true,
                        createScalarConstant(b, loc, elementType, 0),
                        createAdd);
}

namespace {

enum class ReduceKind { Sum, Mean, Max, Min, Prod, L2, LogSumExp };

template <typename OpTy, ReduceKind kind>
struct ReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<int64_t> axes(op.getAxes());
    llvm::sort(axes);
    RankedTensorType resultType =
        getConvertedTensorType(*this->getTypeConverter(), op.getResult());
    rewriter.replaceOp(op, lower(rewriter, op.getLoc(), adaptor.getX(), axes,
                                 op.getKeepDims(), resultType,
                                 isUnsigned(op.getX().getType())));
    return success();
  }

  static Value lower(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> axes, bool keepDims,
                     RankedTensorType resultType, bool isUnsignedType) {
    Type elementType = resultType.getElementType();
    // Sums and products of f16/bf16 accumulate in f32.
    Type accType = getAccumulatorType(elementType);
    auto widenThen = [&](auto combine) {
      return
          [=](OpBuilder &nested, Location nestedLoc, Value acc, Value element) {
            return combine(nested, nestedLoc, acc,
                           castScalar(nested, nestedLoc, element, accType));
          };
    };
    auto identity = [](OpBuilder &, Location, ValueRange args) {
      return args[0];
    };

    switch (kind) {
    case ReduceKind::Max:
    case ReduceKind::Min: {
      bool isMax = kind == ReduceKind::Max;
      Value init =
          isMax ? createLowestValue(b, loc, elementType, isUnsignedType)
                : createHighestValue(b, loc, elementType, isUnsignedType);
      return buildReduction(
          b, loc, input, axes, keepDims, init,
          [&](OpBuilder &nested, Location nestedLoc, Value acc, Value element) {
            return extremum(nested, nestedLoc, isMax, isUnsignedType, acc,
                            element);
          });
    }
    case ReduceKind::Sum:
    case ReduceKind::Prod: {
      bool isSum = kind == ReduceKind::Sum;
      Value init = createScalarConstant(b, loc, accType, isSum ? 0 : 1);
      Value reduced = isSum ? buildReduction(b, loc, input, axes, keepDims,
                                             init, widenThen(createAdd))
                            : buildReduction(b, loc, input, axes, keepDims,
                                             init, widenThen(createMul));
      if (accType == elementType)
        return reduced;
      return buildEpilogue(b, loc, resultType, reduced, identity);
    }
    case ReduceKind::Mean: {
      Value sum = buildReduction(b, loc, input, axes, keepDims,
                                 createScalarConstant(b, loc, accType, 0),
                                 widenThen(createAdd));
      auto inputType = cast<RankedTensorType>(input.getType());
      int64_t count = 1;
      for (int64_t axis : axes)
        count *= inputType.getDimSize(axis);
      return buildEpilogue(
          b, loc, resultType, sum,
          [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            Value divisor =
                createScalarConstant(nested, nestedLoc, accType, count);
            return arith::DivFOp::create(nested, nestedLoc, args[0], divisor);
          });
    }
    case ReduceKind::L2: {
      Value sumOfSquares = buildReduction(
          b, loc, input, axes, keepDims,
          createScalarConstant(b, loc, accType, 0),
          widenThen([](OpBuilder &nested, Location nestedLoc, Value acc,
                       Value element) {
            Value square =
                arith::MulFOp::create(nested, nestedLoc, element, element);
            return arith::AddFOp::create(nested, nestedLoc, acc, square);
          }));
      return buildEpilogue(
          b, loc, resultType, sumOfSquares,
          [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            return math::SqrtOp::create(nested, nestedLoc, args[0]);
          });
    }
    case ReduceKind::LogSumExp: {
      // m + log(sum(exp(x - m))), with an infinite maximum m replaced by 0:
      // all -inf then gives log(0) = -inf, and +inf gives +inf, not NaN.
      Value max = buildKeptMax(b, loc, input, axes);
      auto maxType = cast<RankedTensorType>(max.getType());
      Value shift = buildElementwise(
          b, loc, maxType.clone(accType), max,
          [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            Value m = castScalar(nested, nestedLoc, args[0], accType);
            Value absolute = math::AbsFOp::create(nested, nestedLoc, m);
            Value infinity = createHighestValue(nested, nestedLoc, accType);
            Value isInfinite = arith::CmpFOp::create(nested, nestedLoc,
                                                     arith::CmpFPredicate::OEQ,
                                                     absolute, infinity);
            Value zero = createScalarConstant(nested, nestedLoc, accType, 0);
            return arith::SelectOp::create(nested, nestedLoc, isInfinite, zero,
                                           m);
          });
      Value sum = buildKeptSum(
          b, loc, buildShiftedExp(b, loc, input, shift, accType), axes);
      if (!keepDims) {
        shift = reshapeContiguous(b, loc, shift, resultType.getShape());
        sum = reshapeContiguous(b, loc, sum, resultType.getShape());
      }
      return buildEpilogue(
          b, loc, resultType, {sum, shift},
          [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            Value log = math::LogOp::create(nested, nestedLoc, args[0]);
            return arith::AddFOp::create(nested, nestedLoc, log, args[1]);
          });
    }
    }
    llvm_unreachable("unknown reduction kind");
  }
};

/// One reduction generic with two outputs: the best value so far (starting
/// from the lowest or highest value) and its i64 index (starting at 0). An
/// element replaces the best when strictly better, or also when equal with
/// `select_last_index`; a float NaN beats any number, as in NumPy.
template <typename OpTy, bool isMax>
struct ArgReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value input = adaptor.getX();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type elementType = inputType.getElementType();
    bool isUnsignedType = isUnsigned(op.getX().getType());
    bool selectLast = op.getSelectLastIndex();
    int64_t axis = op.getAxis();
    int64_t rank = inputType.getRank();
    RankedTensorType resultType =
        getConvertedTensorType(*this->getTypeConverter(), op.getResult());

    SmallVector<AffineExpr> resultExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t dim = 0; dim < rank; ++dim) {
      iterators.push_back(dim == axis ? utils::IteratorType::reduction
                                      : utils::IteratorType::parallel);
      if (dim != axis)
        resultExprs.push_back(getAffineDimExpr(dim, context));
      else if (op.getKeepDims())
        resultExprs.push_back(getAffineConstantExpr(0, context));
    }
    AffineMap resultMap = AffineMap::get(rank, 0, resultExprs, context);
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(rank, context), resultMap, resultMap};

    Value initValue =
        isMax ? createLowestValue(rewriter, loc, elementType, isUnsignedType)
              : createHighestValue(rewriter, loc, elementType, isUnsignedType);
    Value bestValues = createFilledTensor(
        rewriter, loc, resultType.clone(elementType), initValue);
    Value bestIndices = createFilledTensor(
        rewriter, loc, resultType,
        createScalarConstant(rewriter, loc, resultType.getElementType(), 0));

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{bestValues.getType(), resultType},
        ValueRange{input}, ValueRange{bestValues, bestIndices}, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value element = args[0], best = args[1], bestIndex = args[2];
          Value isBetter =
              compare(b, nestedLoc, element, best, isUnsignedType, selectLast);
          Value index = arith::IndexCastOp::create(
              b, nestedLoc, b.getI64Type(),
              linalg::IndexOp::create(b, nestedLoc, b.getIndexType(), axis));
          linalg::YieldOp::create(
              b, nestedLoc,
              ValueRange{arith::SelectOp::create(b, nestedLoc, isBetter,
                                                 element, best),
                         arith::SelectOp::create(b, nestedLoc, isBetter, index,
                                                 bestIndex)});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }

  /// Whether `element` replaces `best`.
  static Value compare(OpBuilder &b, Location loc, Value element, Value best,
                       bool isUnsignedType, bool orEqual) {
    if (!isa<FloatType>(element.getType())) {
      arith::CmpIPredicate predicate;
      if (isMax)
        predicate = isUnsignedType ? (orEqual ? arith::CmpIPredicate::uge
                                              : arith::CmpIPredicate::ugt)
                                   : (orEqual ? arith::CmpIPredicate::sge
                                              : arith::CmpIPredicate::sgt);
      else
        predicate = isUnsignedType ? (orEqual ? arith::CmpIPredicate::ule
                                              : arith::CmpIPredicate::ult)
                                   : (orEqual ? arith::CmpIPredicate::sle
                                              : arith::CmpIPredicate::slt);
      return arith::CmpIOp::create(b, loc, predicate, element, best);
    }
    arith::CmpFPredicate predicate =
        isMax
            ? (orEqual ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OGT)
            : (orEqual ? arith::CmpFPredicate::OLE : arith::CmpFPredicate::OLT);
    Value ordered = arith::CmpFOp::create(b, loc, predicate, element, best);
    // A NaN element wins over a number; over an earlier NaN only when the
    // last index is asked for.
    Value elementIsNaN = arith::CmpFOp::create(
        b, loc, arith::CmpFPredicate::UNO, element, element);
    Value nanWins = elementIsNaN;
    if (!orEqual) {
      Value bestIsNumber =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, best, best);
      nanWins = arith::AndIOp::create(b, loc, elementIsNaN, bestIsNumber);
    }
    return arith::OrIOp::create(b, loc, ordered, nanWins);
  }
};

/// softmax: e = exp(x - max), e / sum(e); log_softmax:
/// (x - max) - log(sum(e)).
/// Exponentials and sums of f16/bf16 are computed in f32.
template <typename OpTy, bool isLog>
struct SoftmaxLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    RankedTensorType resultType =
        getConvertedTensorType(*this->getTypeConverter(), op.getResult());
    Type accType = getAccumulatorType(resultType.getElementType());
    int64_t axis = op.getAxis();

    Value max = buildKeptMax(rewriter, loc, input, axis);
    Value exponentials = buildShiftedExp(rewriter, loc, input, max, accType);
    Value sum = buildKeptSum(rewriter, loc, exponentials, axis);
    Value result;
    if (isLog)
      result = buildEpilogue(
          rewriter, loc, resultType, {input, max, sum},
          [&](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
            Value shifted = arith::SubFOp::create(
                b, nestedLoc, castScalar(b, nestedLoc, args[0], accType),
                castScalar(b, nestedLoc, args[1], accType));
            return arith::SubFOp::create(
                b, nestedLoc, shifted,
                math::LogOp::create(b, nestedLoc, args[2]));
          });
    else
      result = buildEpilogue(
          rewriter, loc, resultType, {exponentials, sum},
          [](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
            return arith::DivFOp::create(b, nestedLoc, args[0], args[1]);
          });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::nabla::populateReductionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReduceLowering<ReduceSumOp, ReduceKind::Sum>,
               ReduceLowering<ReduceMeanOp, ReduceKind::Mean>,
               ReduceLowering<ReduceMaxOp, ReduceKind::Max>,
               ReduceLowering<ReduceMinOp, ReduceKind::Min>,
               ReduceLowering<ReduceProdOp, ReduceKind::Prod>,
               ReduceLowering<ReduceL2Op, ReduceKind::L2>,
               ReduceLowering<ReduceLogSumExpOp, ReduceKind::LogSumExp>,
               ArgReduceLowering<ArgMaxOp, /*isMax=*/true>,
               ArgReduceLowering<ArgMinOp, /*isMax=*/false>,
               SoftmaxLowering<SoftmaxOp, /*isLog=*/false>,
               SoftmaxLowering<LogSoftmaxOp, /*isLog=*/true>>(
      converter, patterns.getContext());
}
