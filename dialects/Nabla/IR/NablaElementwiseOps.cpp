//===- NablaElementwiseOps.cpp - Elementwise ops: folds and verifiers -----===//

#include "dialects/Nabla/IR/NablaElementwiseOps.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// Folding helpers
//===----------------------------------------------------------------------===//

/// Dense constants fold only while small, so folding never blows up compile
/// time or IR size; splats of any size fold.
static constexpr int64_t kMaxFoldedElements = 1024;

static bool isFoldableConstant(Attribute attr, Type resultType) {
  auto elements = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!elements || elements.getType() != resultType)
    return false;
  return elements.isSplat() || elements.getNumElements() <= kMaxFoldedElements;
}

/// Converts to double exactly (every nabla float type fits in a double).
static double toDouble(const APFloat &value) {
  APFloat copy = value;
  bool losesInfo = false;
  (void)copy.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                     &losesInfo);
  return copy.convertToDouble();
}

/// Rounds a double to the semantics of `like`.
static APFloat fromDouble(double value, const APFloat &like) {
  APFloat result(value);
  bool losesInfo = false;
  (void)result.convert(like.getSemantics(), APFloat::rmNearestTiesToEven,
                       &losesInfo);
  return result;
}

/// Evaluates `fn` in double precision and rounds to the element semantics.
static APFloat applyInDouble(const APFloat &value, double (*fn)(double)) {
  return fromDouble(fn(toDouble(value)), value);
}

/// Folds a float unary op on a small constant.
static Attribute foldFloatUnary(Attribute operand, Type resultType,
                                double (*fn)(double)) {
  if (!isFoldableConstant(operand, resultType))
    return {};
  return constFoldUnaryOp<FloatAttr, APFloat, void>(
      {operand}, resultType,
      [fn](const APFloat &value) { return applyInDouble(value, fn); });
}

/// Folds a binary op on two small constants of the result's own type (a
/// broadcast would need the constant materialized at the larger shape).
template <typename FloatFn, typename IntFn>
static Attribute foldBinary(ArrayRef<Attribute> operands, Type resultType,
                            FloatFn floatFn, IntFn intFn) {
  if (!isFoldableConstant(operands[0], resultType) ||
      !isFoldableConstant(operands[1], resultType))
    return {};
  Type elementType = getElementTypeOrSelf(resultType);
  if (isa<FloatType>(elementType))
    return constFoldBinaryOp<FloatAttr, APFloat, void>(operands, resultType,
                                                       floatFn);
  if (isa<IntegerType>(elementType))
    return constFoldBinaryOp<IntegerAttr, APInt, void>(operands, resultType,
                                                       intFn);
  return {};
}

static bool isSplatZero(Attribute attr) {
  return attr &&
         (matchPattern(attr, m_AnyZeroFloat()) || matchPattern(attr, m_Zero()));
}

static bool isSplatOne(Attribute attr) {
  return attr &&
         (matchPattern(attr, m_OneFloat()) || matchPattern(attr, m_One()));
}

static bool isUnsigned(Type type) {
  return getElementTypeOrSelf(type).isUnsignedInteger();
}

//===----------------------------------------------------------------------===//
// Binary arithmetic
//===----------------------------------------------------------------------===//

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + 0 -> x, when no broadcast is involved.
  if (isSplatZero(adaptor.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APFloat &a, const APFloat &b) { return a + b; },
      [](const APInt &a, const APInt &b) { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (isSplatZero(adaptor.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APFloat &a, const APFloat &b) { return a - b; },
      [](const APInt &a, const APInt &b) { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  // x * 1 -> x. (x * 0 is not folded: NaN and inf times 0 are NaN.)
  if (isSplatOne(adaptor.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APFloat &a, const APFloat &b) { return a * b; },
      [](const APInt &a, const APInt &b) { return a * b; });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (isSplatOne(adaptor.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  // Integer division by zero is undefined: leave it to run time.
  if (auto rhs = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getRhs()))
    if (llvm::any_of(rhs.getValues<APInt>(),
                     [](const APInt &v) { return v.isZero(); }))
      return {};
  bool isUnsignedDiv = isUnsigned(getType());
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APFloat &a, const APFloat &b) { return a / b; },
      [isUnsignedDiv](const APInt &a, const APInt &b) {
        return isUnsignedDiv ? a.udiv(b) : a.sdiv(b);
      });
}

/// `base ^ exponent` on integers, wrapping: by squaring for exponents >= 0,
/// the integer part of the reciprocal power for negative ones (the caller
/// excludes a zero base).
static APInt powInt(const APInt &base, const APInt &exponent, bool isSigned) {
  unsigned width = base.getBitWidth();
  if (isSigned && exponent.isNegative()) {
    if (base.isOne())
      return base;
    if (base.isAllOnes())
      return exponent[0] ? base : APInt(width, 1);
    return APInt::getZero(width);
  }
  APInt result(width, 1), square = base;
  for (unsigned bit = 0; bit < width; ++bit) {
    if (exponent[bit])
      result *= square;
    square *= square;
  }
  return result;
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  // x ^ 1 -> x.
  if (isSplatOne(adaptor.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  bool isSigned = !isUnsigned(getType());
  // Zero to a negative power is undefined: leave it to run time.
  auto lhs = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getLhs());
  auto rhs = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getRhs());
  if (isSigned && lhs && rhs &&
      llvm::any_of(lhs.getValues<APInt>(),
                   [](const APInt &v) { return v.isZero(); }) &&
      llvm::any_of(rhs.getValues<APInt>(),
                   [](const APInt &v) { return v.isNegative(); }))
    return {};
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APFloat &a, const APFloat &b) {
        return fromDouble(std::pow(toDouble(a), toDouble(b)), a);
      },
      [isSigned](const APInt &a, const APInt &b) {
        return powInt(a, b, isSigned);
      });
}

OpFoldResult ModOp::fold(FoldAdaptor adaptor) {
  bool isUnsignedMod = isUnsigned(getType());
  bool isFmod = getFmod();
  return foldBinary(
      adaptor.getOperands(), getType(),
      [isFmod](const APFloat &a, const APFloat &b) {
        // APFloat::mod is C's fmod, exact, signed like the dividend.
        APFloat r = a;
        (void)r.mod(b);
        if (isFmod || r.isNaN())
          return r;
        if (r.isZero())
          return APFloat::getZero(r.getSemantics(), b.isNegative());
        if (r.isNegative() != b.isNegative())
          (void)r.add(b, APFloat::rmNearestTiesToEven);
        return r;
      },
      [isUnsignedMod, isFmod](const APInt &a, const APInt &b) {
        if (b.isZero())
          return b;
        if (isUnsignedMod)
          return a.urem(b);
        APInt r = a.srem(b);
        if (!isFmod && !r.isZero() && r.isNegative() != b.isNegative())
          r += b;
        return r;
      });
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  bool isUnsignedMax = isUnsigned(getType());
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APFloat &a, const APFloat &b) { return maximum(a, b); },
      [isUnsignedMax](const APInt &a, const APInt &b) {
        return isUnsignedMax ? llvm::APIntOps::umax(a, b)
                             : llvm::APIntOps::smax(a, b);
      });
}

OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  bool isUnsignedMin = isUnsigned(getType());
  return foldBinary(
      adaptor.getOperands(), getType(),
      [](const APFloat &a, const APFloat &b) { return minimum(a, b); },
      [isUnsignedMin](const APInt &a, const APInt &b) {
        return isUnsignedMin ? llvm::APIntOps::umin(a, b)
                             : llvm::APIntOps::smin(a, b);
      });
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

/// Folds a numeric unary op (float or integer) on a small constant.
template <typename FloatFn, typename IntFn>
static Attribute foldNumericUnary(Attribute operand, Type resultType,
                                  FloatFn floatFn, IntFn intFn) {
  if (!isFoldableConstant(operand, resultType))
    return {};
  if (isa<FloatType>(getElementTypeOrSelf(resultType)))
    return constFoldUnaryOp<FloatAttr, APFloat, void>({operand}, resultType,
                                                      floatFn);
  return constFoldUnaryOp<IntegerAttr, APInt, void>({operand}, resultType,
                                                    intFn);
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  // neg(neg(x)) -> x.
  if (auto inner = getX().getDefiningOp<NegOp>())
    return inner.getX();
  return foldNumericUnary(
      adaptor.getX(), getType(), [](const APFloat &a) { return neg(a); },
      [](const APInt &a) { return -a; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  // abs(abs(x)) -> abs(x); abs is the identity on unsigned integers.
  if (getX().getDefiningOp<AbsOp>() || isUnsigned(getType()))
    return getX();
  return foldNumericUnary(
      adaptor.getX(), getType(), [](const APFloat &a) { return abs(a); },
      [](const APInt &a) { return a.abs(); });
}

OpFoldResult SignOp::fold(FoldAdaptor adaptor) {
  bool isUnsignedSign = isUnsigned(getType());
  return foldNumericUnary(
      adaptor.getX(), getType(),
      [](const APFloat &a) {
        if (a.isNaN() || a.isZero())
          return a;
        return APFloat::getOne(a.getSemantics(), a.isNegative());
      },
      [isUnsignedSign](const APInt &a) {
        unsigned width = a.getBitWidth();
        if (a.isZero())
          return a;
        if (!isUnsignedSign && a.isNegative())
          return APInt::getAllOnes(width);
        return APInt(width, 1);
      });
}

#define NABLA_FLOAT_UNARY_FOLD(OP, FN)                                         \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                 \
    return foldFloatUnary(adaptor.getX(), getType(), FN);                      \
  }

static double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
static double rsqrt(double x) { return 1.0 / std::sqrt(x); }
static double reciprocal(double x) { return 1.0 / x; }
static double roundHalfEven(double x) { return std::nearbyint(x); }

NABLA_FLOAT_UNARY_FOLD(ExpOp, [](double x) { return std::exp(x); })
NABLA_FLOAT_UNARY_FOLD(LogOp, [](double x) { return std::log(x); })
NABLA_FLOAT_UNARY_FOLD(SqrtOp, [](double x) { return std::sqrt(x); })
NABLA_FLOAT_UNARY_FOLD(RsqrtOp, rsqrt)
NABLA_FLOAT_UNARY_FOLD(ReciprocalOp, reciprocal)
NABLA_FLOAT_UNARY_FOLD(ErfOp, [](double x) { return std::erf(x); })
NABLA_FLOAT_UNARY_FOLD(FloorOp, [](double x) { return std::floor(x); })
NABLA_FLOAT_UNARY_FOLD(CeilOp, [](double x) { return std::ceil(x); })
NABLA_FLOAT_UNARY_FOLD(RoundOp, roundHalfEven)
NABLA_FLOAT_UNARY_FOLD(TanhOp, [](double x) { return std::tanh(x); })
NABLA_FLOAT_UNARY_FOLD(SigmoidOp, sigmoid)
NABLA_FLOAT_UNARY_FOLD(SinOp, [](double x) { return std::sin(x); })
NABLA_FLOAT_UNARY_FOLD(CosOp, [](double x) { return std::cos(x); })
NABLA_FLOAT_UNARY_FOLD(TanOp, [](double x) { return std::tan(x); })
NABLA_FLOAT_UNARY_FOLD(AsinOp, [](double x) { return std::asin(x); })
NABLA_FLOAT_UNARY_FOLD(AcosOp, [](double x) { return std::acos(x); })
NABLA_FLOAT_UNARY_FOLD(AtanOp, [](double x) { return std::atan(x); })
NABLA_FLOAT_UNARY_FOLD(SinhOp, [](double x) { return std::sinh(x); })
NABLA_FLOAT_UNARY_FOLD(CoshOp, [](double x) { return std::cosh(x); })
NABLA_FLOAT_UNARY_FOLD(AsinhOp, [](double x) { return std::asinh(x); })
NABLA_FLOAT_UNARY_FOLD(AcoshOp, [](double x) { return std::acosh(x); })
NABLA_FLOAT_UNARY_FOLD(AtanhOp, [](double x) { return std::atanh(x); })

#undef NABLA_FLOAT_UNARY_FOLD

OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  // relu(relu(x)) -> relu(x).
  if (getX().getDefiningOp<ReluOp>())
    return getX();
  // relu is max(x, 0), and max propagates NaN.
  return foldFloatUnary(adaptor.getX(), getType(), [](double x) {
    return std::isnan(x) || x > 0.0 ? x : 0.0;
  });
}

LogicalResult ClipOp::verify() {
  std::optional<APFloat> lo = getMin(), hi = getMax();
  // A NaN bound would make the result depend on how max/min treat NaN.
  if ((lo && lo->isNaN()) || (hi && hi->isNaN()))
    return emitOpError("bounds must not be NaN");
  if (lo && hi && lo->compare(*hi) == APFloat::cmpGreaterThan)
    return emitOpError("min ")
           << lo->convertToDouble() << " is greater than max "
           << hi->convertToDouble();
  return success();
}

OpFoldResult ClipOp::fold(FoldAdaptor adaptor) {
  // Unbounded clip is the identity.
  if (!getMin() && !getMax())
    return getX();
  if (!isa<FloatType>(getElementTypeOrSelf(getType())) ||
      !isFoldableConstant(adaptor.getX(), getType()))
    return {};
  double lo = getMin() ? getMin()->convertToDouble() : -INFINITY;
  double hi = getMax() ? getMax()->convertToDouble() : INFINITY;
  return constFoldUnaryOp<FloatAttr, APFloat, void>(
      {adaptor.getX()}, getType(), [lo, hi](const APFloat &a) {
        double x = toDouble(a);
        if (std::isnan(x))
          return a;
        return fromDouble(std::min(std::max(x, lo), hi), a);
      });
}

OpFoldResult LogicalNotOp::fold(FoldAdaptor) {
  // logical_not(logical_not(x)) -> x.
  if (auto inner = getX().getDefiningOp<LogicalNotOp>())
    return inner.getX();
  return {};
}

//===----------------------------------------------------------------------===//
// WhereOp
//===----------------------------------------------------------------------===//

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  return inferBroadcastResult(
      location, getOperationName(),
      {adaptor.getCondition().getType(), adaptor.getOnTrue().getType(),
       adaptor.getOnFalse().getType()},
      getElementTypeOrSelf(adaptor.getOnTrue().getType()), inferred);
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  auto pick = [&](Value value) -> OpFoldResult {
    return value.getType() == getType() ? value : OpFoldResult();
  };
  if (getOnTrue() == getOnFalse())
    return pick(getOnTrue());
  auto condition = dyn_cast_or_null<SplatElementsAttr>(adaptor.getCondition());
  if (!condition)
    return {};
  return pick(condition.getSplatValue<bool>() ? getOnTrue() : getOnFalse());
}

//===----------------------------------------------------------------------===//
// CastOp
//===----------------------------------------------------------------------===//

LogicalResult CastOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getX().getType());
  if (!type)
    return emitInferError(location, getOperationName(),
                          "expects a ranked tensor operand, got ",
                          adaptor.getX().getType());
  // The custom parser infers the result before `to` is verified, so a type
  // that cannot be a tensor element must not reach RankedTensorType::get.
  Type to = adaptor.getTo();
  if (!TensorType::isValidElementType(to))
    return emitInferError(location, getOperationName(), "cannot cast to ", to,
                          ": not a tensor element type");
  inferred.push_back(type.clone(to));
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  // cast(cast(x)) to x's own type is not folded: the inner cast may round.
  auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getX());
  if (!splat)
    return {};
  Type from = splat.getElementType(), to = getTo();
  auto resultType = cast<ShapedType>(getType());
  // Splat constants fold when the target is a float (one correctly rounded
  // conversion); other directions are left to the lowering's semantics.
  auto toFloat = dyn_cast<FloatType>(to);
  if (!toFloat)
    return {};
  // Convert straight to the target semantics: going through double would
  // round 64-bit integers twice.
  APFloat result(toFloat.getFloatSemantics());
  if (isa<FloatType>(from)) {
    result = splat.getSplatValue<APFloat>();
    bool losesInfo = false;
    (void)result.convert(toFloat.getFloatSemantics(),
                         APFloat::rmNearestTiesToEven, &losesInfo);
  } else {
    // Booleans are 0 and 1, so i1 converts as unsigned.
    bool isSigned = !from.isUnsignedInteger() && !from.isInteger(1);
    (void)result.convertFromAPInt(splat.getSplatValue<APInt>(), isSigned,
                                  APFloat::rmNearestTiesToEven);
  }
  return DenseElementsAttr::get(resultType, result);
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaElementwiseOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Reverse-mode derivative rules (DifferentiableOpInterface)
//===----------------------------------------------------------------------===//
//
// `g` is the result's cotangent. Binary ops broadcast, so each operand's
// cotangent is summed back to the operand's shape.

namespace {
/// Sets operand `i`'s cotangent to `make()` summed to its shape, if needed.
template <typename MakeFn>
void setOperandGradient(OpBuilder &b, Operation *op, unsigned i,
                        ArrayRef<bool> needGradient,
                        SmallVectorImpl<Value> &grads, MakeFn make) {
  grads.resize(op->getNumOperands());
  if (!needGradient[i])
    return;
  grads[i] = sumToShape(b, op->getLoc(), make(),
                        cast<RankedTensorType>(op->getOperand(i).getType()));
}
} // namespace

LogicalResult AddOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                              ArrayRef<bool> need,
                              SmallVectorImpl<Value> &grads) {
  Value g = cotangents[0];
  setOperandGradient(b, *this, 0, need, grads, [&] { return g; });
  setOperandGradient(b, *this, 1, need, grads, [&] { return g; });
  return success();
}

LogicalResult SubOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                              ArrayRef<bool> need,
                              SmallVectorImpl<Value> &grads) {
  Value g = cotangents[0];
  setOperandGradient(b, *this, 0, need, grads, [&] { return g; });
  setOperandGradient(b, *this, 1, need, grads,
                     [&] { return NegOp::create(b, getLoc(), g); });
  return success();
}

LogicalResult MulOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                              ArrayRef<bool> need,
                              SmallVectorImpl<Value> &grads) {
  Value g = cotangents[0];
  setOperandGradient(b, *this, 0, need, grads,
                     [&] { return MulOp::create(b, getLoc(), g, getRhs()); });
  setOperandGradient(b, *this, 1, need, grads,
                     [&] { return MulOp::create(b, getLoc(), g, getLhs()); });
  return success();
}

LogicalResult DivOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                              ArrayRef<bool> need,
                              SmallVectorImpl<Value> &grads) {
  // d(l / r) = dl / r - dr * (l / r) / r.
  Value g = cotangents[0];
  setOperandGradient(b, *this, 0, need, grads,
                     [&] { return DivOp::create(b, getLoc(), g, getRhs()); });
  setOperandGradient(b, *this, 1, need, grads, [&] {
    Value scaled = MulOp::create(b, getLoc(), g, getResult());
    return NegOp::create(b, getLoc(),
                         DivOp::create(b, getLoc(), scaled, getRhs()));
  });
  return success();
}

LogicalResult NegOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                              ArrayRef<bool> need,
                              SmallVectorImpl<Value> &grads) {
  setOperandGradient(b, *this, 0, need, grads,
                     [&] { return NegOp::create(b, getLoc(), cotangents[0]); });
  return success();
}

LogicalResult ExpOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                              ArrayRef<bool> need,
                              SmallVectorImpl<Value> &grads) {
  setOperandGradient(b, *this, 0, need, grads, [&] {
    return MulOp::create(b, getLoc(), cotangents[0], getResult());
  });
  return success();
}

LogicalResult LogOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                              ArrayRef<bool> need,
                              SmallVectorImpl<Value> &grads) {
  setOperandGradient(b, *this, 0, need, grads, [&] {
    return DivOp::create(b, getLoc(), cotangents[0], getX());
  });
  return success();
}

LogicalResult SqrtOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                               ArrayRef<bool> need,
                               SmallVectorImpl<Value> &grads) {
  // d sqrt(x) = dx / (2 sqrt(x)).
  setOperandGradient(b, *this, 0, need, grads, [&] {
    Value half = scalarConstant(b, getLoc(), getType().getElementType(), 0.5);
    Value scaled = MulOp::create(b, getLoc(), cotangents[0], half);
    return DivOp::create(b, getLoc(), scaled, getResult());
  });
  return success();
}

LogicalResult TanhOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                               ArrayRef<bool> need,
                               SmallVectorImpl<Value> &grads) {
  // d tanh(x) = dx (1 - tanh(x)^2).
  setOperandGradient(b, *this, 0, need, grads, [&] {
    Value one = scalarConstant(b, getLoc(), getType().getElementType(), 1.0);
    Value square = MulOp::create(b, getLoc(), getResult(), getResult());
    Value slope = SubOp::create(b, getLoc(), one, square);
    return MulOp::create(b, getLoc(), cotangents[0], slope);
  });
  return success();
}

LogicalResult SigmoidOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                                  ArrayRef<bool> need,
                                  SmallVectorImpl<Value> &grads) {
  // d sigmoid(x) = dx s (1 - s).
  setOperandGradient(b, *this, 0, need, grads, [&] {
    Value one = scalarConstant(b, getLoc(), getType().getElementType(), 1.0);
    Value complement = SubOp::create(b, getLoc(), one, getResult());
    Value slope = MulOp::create(b, getLoc(), getResult(), complement);
    return MulOp::create(b, getLoc(), cotangents[0], slope);
  });
  return success();
}

LogicalResult ReluOp::buildVjp(OpBuilder &b, ValueRange cotangents,
                               ArrayRef<bool> need,
                               SmallVectorImpl<Value> &grads) {
  // relu(x) is 0 or positive, so its sign is the step function x > 0 (the
  // derivative at 0 is taken as 0, as PyTorch and ONNX Runtime do).
  setOperandGradient(b, *this, 0, need, grads, [&] {
    Value step = SignOp::create(b, getLoc(), getResult());
    return MulOp::create(b, getLoc(), cotangents[0], step);
  });
  return success();
}
