//===- ElementwiseToLinalg.cpp - Lower nabla elementwise ops --------------===//
//
// Every elementwise op becomes one broadcasting linalg.generic whose body is
// the scalar computation in arith and math. Integer ops pick their signed or
// unsigned form from the original nabla type, which the converted signless
// type no longer carries. Transcendental functions of f16 and bf16 are
// evaluated in f32, where the math approximations are accurate; composite
// activations (sigmoid, softplus) use forms that cannot overflow.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <functional>

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// Scalar helpers
//===----------------------------------------------------------------------===//

static bool isFloat(Value value) { return isa<FloatType>(value.getType()); }

/// Whether the nabla operand `index` of `op` holds unsigned integers.
static bool isUnsignedOperand(Operation *op, unsigned index = 0) {
  return isUnsigned(op->getOperand(index).getType());
}

/// Evaluates `compute` on `args` widened to f32 when they are f16 or bf16
/// and rounds the result back; other types are computed as they are.
static Value
computeWide(OpBuilder &b, Location loc, ValueRange args,
            function_ref<Value(OpBuilder &, Location, ValueRange)> compute) {
  Type type = args.front().getType();
  Type wide = getAccumulatorType(type);
  if (wide == type)
    return compute(b, loc, args);
  SmallVector<Value> widened;
  for (Value arg : args)
    widened.push_back(arith::ExtFOp::create(b, loc, wide, arg));
  Value result = compute(b, loc, widened);
  return arith::TruncFOp::create(b, loc, type, result);
}

static Value constant(OpBuilder &b, Location loc, Value like, double value) {
  return createScalarConstant(b, loc, like.getType(), value);
}

/// `exp(x) - 1`, accurate near zero where the ELU family needs it.
static Value expm1(OpBuilder &b, Location loc, Value x) {
  return math::ExpM1Op::create(b, loc, x);
}

/// `ln(1 + e^x)` as `max(x, 0) + log1p(e^-|x|)`, which never overflows.
static Value softplus(OpBuilder &b, Location loc, Value x) {
  Value zero = constant(b, loc, x, 0.0);
  Value negAbs = arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  Value tail =
      math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs));
  Value head = arith::MaximumFOp::create(b, loc, x, zero);
  return arith::AddFOp::create(b, loc, head, tail);
}

/// -1, 0 or 1 by the sign of `x`; float zeros and NaN are returned as is.
static Value sign(OpBuilder &b, Location loc, Value x, bool unsignedType) {
  Value zero = constant(b, loc, x, 0.0);
  Value one = constant(b, loc, x, 1.0);
  if (isFloat(x)) {
    Value minusOne = constant(b, loc, x, -1.0);
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    Value negative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
    Value other = arith::SelectOp::create(b, loc, negative, minusOne, x);
    return arith::SelectOp::create(b, loc, positive, one, other);
  }
  if (unsignedType) {
    Value nonzero =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
    return arith::SelectOp::create(b, loc, nonzero, one, zero);
  }
  Value positive =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  return arith::SubIOp::create(
      b, loc, arith::ExtUIOp::create(b, loc, x.getType(), positive),
      arith::ExtUIOp::create(b, loc, x.getType(), negative));
}

/// A clip bound in the element type of `like`. Integer bounds round inward
/// (a lower bound up, an upper bound down) and saturate at the type limits,
/// so that the clamped result is the nearest representable value in range.
static Value createBound(OpBuilder &b, Location loc, Value like, double bound,
                         bool lower, bool unsignedType) {
  auto intType = dyn_cast<IntegerType>(like.getType());
  if (!intType)
    return constant(b, loc, like, bound);
  APSInt integer(intType.getWidth(), unsignedType);
  bool exact;
  (void)APFloat(bound).convertToInteger(
      integer, lower ? APFloat::rmTowardPositive : APFloat::rmTowardNegative,
      &exact);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(intType, integer));
}

static Value maximum(OpBuilder &b, Location loc, Value lhs, Value rhs,
                     bool unsignedType) {
  if (isFloat(lhs))
    return arith::MaximumFOp::create(b, loc, lhs, rhs);
  if (unsignedType)
    return arith::MaxUIOp::create(b, loc, lhs, rhs);
  return arith::MaxSIOp::create(b, loc, lhs, rhs);
}

static Value minimum(OpBuilder &b, Location loc, Value lhs, Value rhs,
                     bool unsignedType) {
  if (isFloat(lhs))
    return arith::MinimumFOp::create(b, loc, lhs, rhs);
  if (unsignedType)
    return arith::MinUIOp::create(b, loc, lhs, rhs);
  return arith::MinSIOp::create(b, loc, lhs, rhs);
}

/// `base ^ exponent`. Floats call C's pow (LLVM's pow intrinsic, which folds
/// constant exponents such as 2 and 0.5 into arithmetic); integers compute
/// the exact wrapping power by squaring over every exponent bit, branch-free
/// so that the loop around it still vectorizes.
static Value power(OpBuilder &b, Location loc, Value base, Value exponent,
                   bool unsignedType) {
  if (isFloat(base))
    return computeWide(b, loc, {base, exponent},
                       [](OpBuilder &b, Location loc, ValueRange args) {
                         return Value(
                             math::PowFOp::create(b, loc, args[0], args[1]));
                       });
  Type type = base.getType();
  Type i1 = b.getI1Type();
  Value one = constant(b, loc, base, 1);
  Value result = one, square = base, bits = exponent;
  for (unsigned i = 0, e = type.getIntOrFloatBitWidth(); i < e; ++i) {
    Value bitSet = arith::TruncIOp::create(b, loc, i1, bits);
    Value product = arith::MulIOp::create(b, loc, result, square);
    result = arith::SelectOp::create(b, loc, bitSet, product, result);
    if (i + 1 == e)
      break;
    square = arith::MulIOp::create(b, loc, square, square);
    bits = arith::ShRUIOp::create(b, loc, bits, one);
  }
  if (unsignedType)
    return result;
  // A negative exponent: 1 / base^-exponent truncated, which is 1 for base
  // 1, +-1 for base -1 by the exponent's parity, else 0.
  Value zero = constant(b, loc, base, 0);
  Value minusOne = constant(b, loc, base, -1);
  Value odd = arith::TruncIOp::create(b, loc, i1, exponent);
  Value isOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, base, one);
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, base, minusOne);
  Value minusOnePower = arith::SelectOp::create(b, loc, odd, minusOne, one);
  Value reciprocal = arith::SelectOp::create(
      b, loc, isOne, one,
      arith::SelectOp::create(b, loc, isMinusOne, minusOnePower, zero));
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, exponent, zero);
  return arith::SelectOp::create(b, loc, negative, reciprocal, result);
}

/// The remainder of `lhs / rhs`: signed like the divisor (floored division),
/// or like the dividend with `fmod` (truncated division). Integer divisors 0
/// (and -1, whose quotient may overflow) divide by 1 instead, so that the
/// remainder is 0 and no division traps.
static Value remainder(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       bool fmod, bool unsignedType) {
  if (isFloat(lhs))
    return computeWide(
        b, loc, {lhs, rhs}, [&](OpBuilder &b, Location loc, ValueRange args) {
          Value x = args[0], y = args[1];
          Value r = arith::RemFOp::create(b, loc, x, y);
          if (fmod)
            return r;
          using P = arith::CmpFPredicate;
          Value zero = constant(b, loc, x, 0.0);
          Value nonzero = arith::CmpFOp::create(b, loc, P::ONE, r, zero);
          Value signsDiffer = arith::XOrIOp::create(
              b, loc, arith::CmpFOp::create(b, loc, P::OLT, r, zero),
              arith::CmpFOp::create(b, loc, P::OLT, y, zero));
          Value adjust = arith::AndIOp::create(b, loc, nonzero, signsDiffer);
          r = arith::SelectOp::create(b, loc, adjust,
                                      arith::AddFOp::create(b, loc, r, y), r);
          Value isZero = arith::CmpFOp::create(b, loc, P::OEQ, r, zero);
          Value signedZero = math::CopySignOp::create(b, loc, zero, y);
          return Value(arith::SelectOp::create(b, loc, isZero, signedZero, r));
        });
  using P = arith::CmpIPredicate;
  Value zero = constant(b, loc, lhs, 0);
  Value one = constant(b, loc, lhs, 1);
  Value unsafe = arith::CmpIOp::create(b, loc, P::eq, rhs, zero);
  if (!unsignedType)
    unsafe = arith::OrIOp::create(
        b, loc, unsafe,
        arith::CmpIOp::create(b, loc, P::eq, rhs, constant(b, loc, lhs, -1)));
  Value divisor = arith::SelectOp::create(b, loc, unsafe, one, rhs);
  if (unsignedType)
    return arith::RemUIOp::create(b, loc, lhs, divisor);
  Value r = arith::RemSIOp::create(b, loc, lhs, divisor);
  if (fmod)
    return r;
  Value nonzero = arith::CmpIOp::create(b, loc, P::ne, r, zero);
  Value signsDiffer = arith::CmpIOp::create(
      b, loc, P::slt, arith::XOrIOp::create(b, loc, r, rhs), zero);
  Value adjust = arith::AndIOp::create(b, loc, nonzero, signsDiffer);
  return arith::SelectOp::create(b, loc, adjust,
                                 arith::AddIOp::create(b, loc, r, rhs), r);
}

static Value compare(OpBuilder &b, Location loc, ComparePredicate predicate,
                     Value lhs, Value rhs, bool unsignedType) {
  // Indexed by ComparePredicate: eq, ne, lt, le, gt, ge. Float comparisons
  // are ordered, so that NaN compares false, except `ne`, which is true.
  using F = arith::CmpFPredicate;
  using I = arith::CmpIPredicate;
  static constexpr F floatPredicates[] = {F::OEQ, F::UNE, F::OLT,
                                          F::OLE, F::OGT, F::OGE};
  static constexpr I signedPredicates[] = {I::eq,  I::ne,  I::slt,
                                           I::sle, I::sgt, I::sge};
  static constexpr I unsignedPredicates[] = {I::eq,  I::ne,  I::ult,
                                             I::ule, I::ugt, I::uge};
  static_assert(static_cast<unsigned>(ComparePredicate::eq) == 0 &&
                static_cast<unsigned>(ComparePredicate::ge) == 5);
  auto index = static_cast<unsigned>(predicate);
  if (isFloat(lhs))
    return arith::CmpFOp::create(b, loc, floatPredicates[index], lhs, rhs);
  I intPredicate =
      unsignedType ? unsignedPredicates[index] : signedPredicates[index];
  return arith::CmpIOp::create(b, loc, intPredicate, lhs, rhs);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {

/// Lowers `OpTy` to a broadcasting linalg.generic whose scalar body `body`
/// builds from the op (for its attributes and original types) and the scalar
/// operands.
template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using Body = std::function<Value(OpTy, OpBuilder &, Location, ValueRange)>;

  ElementwiseLowering(const TypeConverter &converter, MLIRContext *context,
                      Body body)
      : OpConversionPattern<OpTy>(converter, context), body(std::move(body)) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType =
        getConvertedTensorType(*this->getTypeConverter(), op.getResult());
    ValueRange operands = adaptor.getOperands();
    Value result =
        buildElementwise(rewriter, op.getLoc(), resultType, operands,
                         [&](OpBuilder &b, Location loc, ValueRange args) {
                           return body(op, b, loc, args);
                         });
    // A body that yields its operand unchanged (abs of unsigned values, a
    // cast that only drops signedness) leaves the operand itself.
    auto generic = result.getDefiningOp<linalg::GenericOp>();
    Value yielded = generic.getBody()->getTerminator()->getOperand(0);
    if (operands.size() == 1 && operands[0].getType() == resultType &&
        yielded == generic.getBody()->getArgument(0)) {
      rewriter.eraseOp(generic);
      result = operands[0];
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  Body body;
};

} // namespace

template <typename OpTy>
static void add(const TypeConverter &converter, RewritePatternSet &patterns,
                typename ElementwiseLowering<OpTy>::Body body) {
  patterns.add<ElementwiseLowering<OpTy>>(converter, patterns.getContext(),
                                          std::move(body));
}

/// A binary op that is `ArithOp` whatever its element type.
template <typename OpTy, typename ArithOp>
static void addBinary(const TypeConverter &converter,
                      RewritePatternSet &patterns) {
  add<OpTy>(converter, patterns,
            [](OpTy, OpBuilder &b, Location loc, ValueRange args) -> Value {
              return ArithOp::create(b, loc, args[0], args[1]);
            });
}

/// A binary op that is `FloatOp` on floats and `SignedOp` or `UnsignedOp` on
/// integers.
template <typename OpTy, typename FloatOp, typename SignedOp,
          typename UnsignedOp = SignedOp>
static void addArithmetic(const TypeConverter &converter,
                          RewritePatternSet &patterns) {
  add<OpTy>(converter, patterns,
            [](OpTy op, OpBuilder &b, Location loc, ValueRange args) -> Value {
              if (isFloat(args[0]))
                return FloatOp::create(b, loc, args[0], args[1]);
              if (isUnsignedOperand(op))
                return UnsignedOp::create(b, loc, args[0], args[1]);
              return SignedOp::create(b, loc, args[0], args[1]);
            });
}

/// A float op computed by the math op `MathOp`, in f32 for half types.
template <typename OpTy, typename MathOp>
static void addMath(const TypeConverter &converter,
                    RewritePatternSet &patterns) {
  add<OpTy>(converter, patterns,
            [](OpTy, OpBuilder &b, Location loc, ValueRange args) {
              return computeWide(
                  b, loc, args,
                  [](OpBuilder &b, Location loc, ValueRange args) -> Value {
                    return MathOp::create(b, loc, args);
                  });
            });
}

/// A float op computed by `compute` of the op and its one scalar operand, in
/// f32 for half types.
template <typename OpTy>
static void addWideUnary(const TypeConverter &converter,
                         RewritePatternSet &patterns,
                         Value (*compute)(OpTy, OpBuilder &, Location, Value)) {
  add<OpTy>(converter, patterns,
            [compute](OpTy op, OpBuilder &b, Location loc, ValueRange args) {
              return computeWide(
                  b, loc, args,
                  [&](OpBuilder &b, Location loc, ValueRange wide) {
                    return compute(op, b, loc, wide[0]);
                  });
            });
}

void mlir::nabla::populateElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  // Binary arithmetic. Integer division truncates toward zero (ONNX Div).
  addArithmetic<AddOp, arith::AddFOp, arith::AddIOp>(converter, patterns);
  addArithmetic<SubOp, arith::SubFOp, arith::SubIOp>(converter, patterns);
  addArithmetic<MulOp, arith::MulFOp, arith::MulIOp>(converter, patterns);
  addArithmetic<DivOp, arith::DivFOp, arith::DivSIOp, arith::DivUIOp>(converter,
                                                                      patterns);
  // NaN-propagating, as ONNX Max and Min are.
  addArithmetic<MaxOp, arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(
      converter, patterns);
  addArithmetic<MinOp, arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(
      converter, patterns);
  add<PowOp>(converter, patterns,
             [](PowOp op, OpBuilder &b, Location loc, ValueRange args) {
               return power(b, loc, args[0], args[1], isUnsignedOperand(op));
             });
  add<ModOp>(converter, patterns,
             [](ModOp op, OpBuilder &b, Location loc, ValueRange args) {
               return remainder(b, loc, args[0], args[1], op.getFmod(),
                                isUnsignedOperand(op));
             });

  // Unary math.
  add<NegOp>(converter, patterns,
             [](NegOp, OpBuilder &b, Location loc, ValueRange args) -> Value {
               if (isFloat(args[0]))
                 return arith::NegFOp::create(b, loc, args[0]);
               return arith::SubIOp::create(
                   b, loc, constant(b, loc, args[0], 0), args[0]);
             });
  add<AbsOp>(
      converter, patterns,
      [](AbsOp op, OpBuilder &b, Location loc, ValueRange args) -> Value {
        if (isFloat(args[0]))
          return math::AbsFOp::create(b, loc, args[0]);
        if (isUnsignedOperand(op))
          return args[0];
        return math::AbsIOp::create(b, loc, args[0]);
      });
  add<SignOp>(converter, patterns,
              [](SignOp op, OpBuilder &b, Location loc, ValueRange args) {
                return sign(b, loc, args[0], isUnsignedOperand(op));
              });
  addMath<ExpOp, math::ExpOp>(converter, patterns);
  addMath<LogOp, math::LogOp>(converter, patterns);
  addMath<SqrtOp, math::SqrtOp>(converter, patterns);
  addMath<RsqrtOp, math::RsqrtOp>(converter, patterns);
  addMath<ErfOp, math::ErfOp>(converter, patterns);
  addMath<TanhOp, math::TanhOp>(converter, patterns);
  addMath<SinOp, math::SinOp>(converter, patterns);
  addMath<CosOp, math::CosOp>(converter, patterns);
  addMath<TanOp, math::TanOp>(converter, patterns);
  addMath<AsinOp, math::AsinOp>(converter, patterns);
  addMath<AcosOp, math::AcosOp>(converter, patterns);
  addMath<AtanOp, math::AtanOp>(converter, patterns);
  addMath<SinhOp, math::SinhOp>(converter, patterns);
  addMath<CoshOp, math::CoshOp>(converter, patterns);
  addMath<AsinhOp, math::AsinhOp>(converter, patterns);
  addMath<AcoshOp, math::AcoshOp>(converter, patterns);
  addMath<AtanhOp, math::AtanhOp>(converter, patterns);
  add<ReciprocalOp>(
      converter, patterns,
      [](ReciprocalOp, OpBuilder &b, Location loc, ValueRange args) -> Value {
        return arith::DivFOp::create(b, loc, constant(b, loc, args[0], 1.0),
                                     args[0]);
      });
  add<FloorOp>(
      converter, patterns,
      [](FloorOp, OpBuilder &b, Location loc, ValueRange args) -> Value {
        return math::FloorOp::create(b, loc, args[0]);
      });
  add<CeilOp>(converter, patterns,
              [](CeilOp, OpBuilder &b, Location loc, ValueRange args) -> Value {
                return math::CeilOp::create(b, loc, args[0]);
              });
  // Halves to even, as ONNX Round and NumPy round.
  add<RoundOp>(
      converter, patterns,
      [](RoundOp, OpBuilder &b, Location loc, ValueRange args) -> Value {
        return math::RoundEvenOp::create(b, loc, args[0]);
      });

  // Activations.
  addWideUnary<SigmoidOp>(converter, patterns,
                          [](SigmoidOp, OpBuilder &b, Location loc, Value x) {
                            return createSigmoid(b, loc, x);
                          });
  addWideUnary<SoftplusOp>(converter, patterns,
                           [](SoftplusOp, OpBuilder &b, Location loc, Value x) {
                             return softplus(b, loc, x);
                           });
  addWideUnary<GeluOp>(converter, patterns,
                       [](GeluOp op, OpBuilder &b, Location loc, Value x) {
                         return createGelu(
                             b, loc, x,
                             op.getApproximate() == GeluApproximation::tanh);
                       });
  // max(x, 0) keeps NaN.
  add<ReluOp>(converter, patterns,
              [](ReluOp, OpBuilder &b, Location loc, ValueRange args) -> Value {
                return arith::MaximumFOp::create(
                    b, loc, args[0], constant(b, loc, args[0], 0.0));
              });
  add<LeakyReluOp>(
      converter, patterns,
      [](LeakyReluOp op, OpBuilder &b, Location loc, ValueRange args) -> Value {
        return createLeakyRelu(b, loc, args[0],
                               op.getAlphaAttr().getValueAsDouble());
      });
  addWideUnary<EluOp>(
      converter, patterns, [](EluOp op, OpBuilder &b, Location loc, Value x) {
        Value alpha = constant(b, loc, x, op.getAlphaAttr().getValueAsDouble());
        Value nonNegative = arith::CmpFOp::create(
            b, loc, arith::CmpFPredicate::OGE, x, constant(b, loc, x, 0.0));
        Value negative = arith::MulFOp::create(b, loc, alpha, expm1(b, loc, x));
        return Value(arith::SelectOp::create(b, loc, nonNegative, x, negative));
      });
  addWideUnary<SeluOp>(
      converter, patterns, [](SeluOp op, OpBuilder &b, Location loc, Value x) {
        double alpha = op.getAlphaAttr().getValueAsDouble();
        double gamma = op.getGammaAttr().getValueAsDouble();
        Value positive = arith::CmpFOp::create(
            b, loc, arith::CmpFPredicate::OGT, x, constant(b, loc, x, 0.0));
        Value linear =
            arith::MulFOp::create(b, loc, constant(b, loc, x, gamma), x);
        Value exponential = arith::MulFOp::create(
            b, loc, constant(b, loc, x, gamma * alpha), expm1(b, loc, x));
        return Value(
            arith::SelectOp::create(b, loc, positive, linear, exponential));
      });
  add<HardSigmoidOp>(
      converter, patterns,
      [](HardSigmoidOp op, OpBuilder &b, Location loc,
         ValueRange args) -> Value {
        Value x = args[0];
        Value alpha = constant(b, loc, x, op.getAlphaAttr().getValueAsDouble());
        Value beta = constant(b, loc, x, op.getBetaAttr().getValueAsDouble());
        Value linear = arith::AddFOp::create(
            b, loc, arith::MulFOp::create(b, loc, alpha, x), beta);
        Value upper =
            arith::MinimumFOp::create(b, loc, linear, constant(b, loc, x, 1.0));
        return arith::MaximumFOp::create(b, loc, upper,
                                         constant(b, loc, x, 0.0));
      });
  add<ClipOp>(
      converter, patterns,
      [](ClipOp op, OpBuilder &b, Location loc, ValueRange args) {
        Value result = args[0];
        bool unsignedType = isUnsignedOperand(op);
        if (FloatAttr min = op.getMinAttr())
          result = maximum(b, loc, result,
                           createBound(b, loc, result, min.getValueAsDouble(),
                                       /*lower=*/true, unsignedType),
                           unsignedType);
        if (FloatAttr max = op.getMaxAttr())
          result = minimum(b, loc, result,
                           createBound(b, loc, result, max.getValueAsDouble(),
                                       /*lower=*/false, unsignedType),
                           unsignedType);
        return result;
      });

  // Comparison, logic, select, cast.
  add<CompareOp>(converter, patterns,
                 [](CompareOp op, OpBuilder &b, Location loc, ValueRange args) {
                   return compare(b, loc, op.getPredicate(), args[0], args[1],
                                  isUnsignedOperand(op));
                 });
  addBinary<LogicalAndOp, arith::AndIOp>(converter, patterns);
  addBinary<LogicalOrOp, arith::OrIOp>(converter, patterns);
  addBinary<LogicalXorOp, arith::XOrIOp>(converter, patterns);
  add<LogicalNotOp>(
      converter, patterns,
      [](LogicalNotOp, OpBuilder &b, Location loc, ValueRange args) -> Value {
        return arith::XOrIOp::create(b, loc, args[0],
                                     constant(b, loc, args[0], 1));
      });
  add<WhereOp>(
      converter, patterns,
      [](WhereOp, OpBuilder &b, Location loc, ValueRange args) -> Value {
        return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
      });
  add<CastOp>(converter, patterns,
              [](CastOp op, OpBuilder &b, Location loc, ValueRange args) {
                return castScalar(b, loc, args[0], op.getTo(),
                                  isUnsignedOperand(op),
                                  op.getTo().isUnsignedInteger());
              });
}
