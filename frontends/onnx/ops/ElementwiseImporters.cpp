//===- ElementwiseImporters.cpp - ONNX elementwise ops to nabla -----------===//
//
// Unary and binary math, activations, comparisons, logic, Where and Cast.
// Nodes whose inputs are all known at import time and small are evaluated
// on the host (shape arithmetic), the rest become nabla ops.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/NodeContext.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
/// Evaluates the node on the host when every input is a small constant.
/// Returns true when it did (and defined the output).
bool tryFoldBinary(NodeContext &ctx) {
  DenseElementsAttr lhs = ctx.constantInput(0), rhs = ctx.constantInput(1);
  if (!isFoldable(lhs) || !isFoldable(rhs) ||
      lhs.getElementType() != rhs.getElementType())
    return false;
  FailureOr<HostTensor> folded = foldBinary(
      ctx.opType(), HostTensor::fromAttr(lhs), HostTensor::fromAttr(rhs));
  if (failed(folded))
    return false;
  ctx.setConstantOutput(0, folded->toAttr());
  return true;
}

bool tryFoldUnary(NodeContext &ctx) {
  DenseElementsAttr x = ctx.constantInput(0);
  if (!isFoldable(x))
    return false;
  FailureOr<HostTensor> folded =
      foldUnary(ctx.opType(), HostTensor::fromAttr(x));
  if (failed(folded))
    return false;
  ctx.setConstantOutput(0, folded->toAttr());
  return true;
}

template <typename OpTy>
LogicalResult importUnary(NodeContext &ctx) {
  if (tryFoldUnary(ctx))
    return success();
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> result = ctx.create<OpTy>({*x});
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

template <typename OpTy>
LogicalResult importBinary(NodeContext &ctx) {
  if (tryFoldBinary(ctx))
    return success();
  FailureOr<Value> lhs = ctx.input(0), rhs = ctx.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> result = ctx.create<OpTy>({*lhs, *rhs});
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

/// Sum, Max, Min, Mean: variadic, folded pairwise left to right.
template <typename OpTy>
LogicalResult importVariadic(NodeContext &ctx) {
  FailureOr<Value> acc = ctx.input(0);
  if (failed(acc))
    return failure();
  for (unsigned i = 1; i < ctx.numInputs(); ++i) {
    FailureOr<Value> next = ctx.input(i);
    if (failed(next))
      return failure();
    acc = ctx.create<OpTy>({*acc, *next});
    if (failed(acc))
      return failure();
  }
  ctx.setOutput(0, *acc);
  return success();
}

LogicalResult importMean(NodeContext &ctx) {
  FailureOr<Value> acc = ctx.input(0);
  if (failed(acc))
    return failure();
  for (unsigned i = 1; i < ctx.numInputs(); ++i) {
    FailureOr<Value> next = ctx.input(i);
    if (failed(next) || failed(acc = ctx.create<AddOp>({*acc, *next})))
      return failure();
  }
  Type element = cast<RankedTensorType>(acc->getType()).getElementType();
  Value count = ctx.scalarConstant(element, ctx.numInputs());
  FailureOr<Value> mean = ctx.create<DivOp>({*acc, count});
  if (failed(mean))
    return failure();
  ctx.setOutput(0, *mean);
  return success();
}

FailureOr<Value> createCompare(NodeContext &ctx, ComparePredicate predicate,
                               Value lhs, Value rhs) {
  return ctx.create<CompareOp>(
      {lhs, rhs}, {ctx.namedAttr("predicate", ComparePredicateAttr::get(
                                                  ctx.context(), predicate))});
}

template <ComparePredicate predicate>
LogicalResult importCompare(NodeContext &ctx) {
  if (tryFoldBinary(ctx))
    return success();
  FailureOr<Value> lhs = ctx.input(0), rhs = ctx.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> result = createCompare(ctx, predicate, *lhs, *rhs);
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

LogicalResult importCast(NodeContext &ctx) {
  int64_t to = ctx.getInt("to", 0);
  Type element = convertElementType(ctx.context(), to);
  if (!element)
    return ctx.unsupported("cast to " + onnxTypeName(to) +
                           " (nabla has no such type)");
  if (DenseElementsAttr x = ctx.constantInput(0); isFoldable(x)) {
    ctx.setConstantOutput(0, foldCast(HostTensor::fromAttr(x), element).toAttr());
    return success();
  }
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  if (cast<RankedTensorType>(x->getType()).getElementType() == element) {
    ctx.setOutput(0, *x);
    return success();
  }
  FailureOr<Value> result =
      ctx.create<CastOp>({*x}, {ctx.namedAttr("to", TypeAttr::get(element))});
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

LogicalResult importIdentity(NodeContext &ctx) {
  if (DenseElementsAttr x = ctx.constantInput(0)) {
    ctx.setConstantOutput(0, x);
    return success();
  }
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  ctx.setOutput(0, *x);
  return success();
}

LogicalResult importWhere(NodeContext &ctx) {
  DenseElementsAttr c = ctx.constantInput(0), a = ctx.constantInput(1),
                    b = ctx.constantInput(2);
  auto foldable = [&] {
    if (!isFoldable(c) || !isFoldable(a) || !isFoldable(b) ||
        a.getElementType() != b.getElementType() ||
        !c.getElementType().isInteger(1))
      return false;
    // Small operands can still broadcast to a huge result.
    FailureOr<SmallVector<int64_t>> ab =
        broadcastShapes(a.getType().getShape(), b.getType().getShape());
    if (failed(ab))
      return false;
    FailureOr<SmallVector<int64_t>> shape =
        broadcastShapes(c.getType().getShape(), *ab);
    return succeeded(shape) && isFoldableShape(*shape);
  };
  if (foldable()) {
    ctx.setConstantOutput(0, foldWhere(HostTensor::fromAttr(c),
                                       HostTensor::fromAttr(a),
                                       HostTensor::fromAttr(b))
                                 .toAttr());
    return success();
  }
  FailureOr<Value> cond = ctx.input(0), onTrue = ctx.input(1),
                   onFalse = ctx.input(2);
  if (failed(cond) || failed(onTrue) || failed(onFalse))
    return failure();
  FailureOr<Value> result = ctx.create<WhereOp>({*cond, *onTrue, *onFalse});
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

/// `value` converted to `element` (itself when it has that type already).
FailureOr<Value> castTo(NodeContext &ctx, Value value, Type element) {
  if (cast<RankedTensorType>(value.getType()).getElementType() == element)
    return value;
  return ctx.create<CastOp>({value},
                            {ctx.namedAttr("to", TypeAttr::get(element))});
}

/// Pow. ONNX lets the exponent's type differ from the base's; then, as
/// NumPy and ONNX Runtime do, the power is computed in a 64-bit type (f64
/// when either operand is a float, so that integer exponents stay exact)
/// and converted to the base's type: floats round, integers truncate
/// toward zero or wrap.
LogicalResult importPow(NodeContext &ctx) {
  RankedTensorType baseType = ctx.inputType(0), exponentType = ctx.inputType(1);
  if (!baseType || !exponentType ||
      baseType.getElementType() == exponentType.getElementType())
    return importBinary<PowOp>(ctx);
  Type base = baseType.getElementType(),
       exponent = exponentType.getElementType();
  Builder &b = ctx.builder();
  Type wide = b.getF64Type();
  // ONNX's integer bases (int32, int64) are signed.
  if (isa<IntegerType>(base) && isa<IntegerType>(exponent)) {
    if (exponent.isUnsignedInteger(64))
      return ctx.unsupported("Pow of an integer base and a uint64 exponent "
                             "(exponents above 2^63 do not convert to int64)");
    wide = b.getI64Type();
  }
  FailureOr<Value> lhs = ctx.input(0), rhs = ctx.input(1);
  if (failed(lhs) || failed(rhs) || failed(lhs = castTo(ctx, *lhs, wide)) ||
      failed(rhs = castTo(ctx, *rhs, wide)))
    return failure();
  FailureOr<Value> result = ctx.create<PowOp>({*lhs, *rhs});
  if (failed(result) || failed(result = castTo(ctx, *result, base)))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

/// Mod: the remainder signed like the divisor, or like the dividend with
/// `fmod = 1` (which ONNX requires for floats; with `fmod = 0` floats get
/// NumPy's `mod`, as ONNX's reference implementation computes).
LogicalResult importMod(NodeContext &ctx) {
  int64_t fmod = ctx.getInt("fmod", 0);
  if (fmod != 0 && fmod != 1)
    return ctx.unsupported("fmod = " + std::to_string(fmod) +
                           " (must be 0 or 1)");
  // The host's Mod is floored on integers and C's fmod on floats.
  RankedTensorType lhsType = ctx.inputType(0);
  if (lhsType && isa<FloatType>(lhsType.getElementType()) == (fmod == 1) &&
      tryFoldBinary(ctx))
    return success();
  FailureOr<Value> lhs = ctx.input(0), rhs = ctx.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  SmallVector<NamedAttribute> attrs;
  if (fmod)
    attrs.push_back(ctx.namedAttr("fmod", ctx.builder().getUnitAttr()));
  FailureOr<Value> result = ctx.create<ModOp>({*lhs, *rhs}, attrs);
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

/// IsNaN as `x != x`: NaN is the only value unequal to itself.
LogicalResult importIsNaN(NodeContext &ctx) {
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> result = createCompare(ctx, ComparePredicate::ne, *x, *x);
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

/// IsInf as a comparison with infinity: `|x| == inf`, `x == inf` or
/// `x == -inf` by `detect_positive` and `detect_negative`; with neither,
/// `x < -inf`, which nothing is.
LogicalResult importIsInf(NodeContext &ctx) {
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  Type element = cast<RankedTensorType>(x->getType()).getElementType();
  if (!isa<FloatType>(element))
    return ctx.unsupported("IsInf of an integer input (ONNX IsInf takes "
                           "floats)");
  bool positive = ctx.getInt("detect_positive", 1) != 0;
  bool negative = ctx.getInt("detect_negative", 1) != 0;
  Value inf = ctx.scalarConstant(element, INFINITY);
  Value minusInf = ctx.scalarConstant(element, -INFINITY);
  FailureOr<Value> result;
  if (positive && negative) {
    FailureOr<Value> magnitude = ctx.create<AbsOp>({*x});
    if (failed(magnitude))
      return failure();
    result = createCompare(ctx, ComparePredicate::eq, *magnitude, inf);
  } else if (positive) {
    result = createCompare(ctx, ComparePredicate::eq, *x, inf);
  } else if (negative) {
    result = createCompare(ctx, ComparePredicate::eq, *x, minusInf);
  } else {
    result = createCompare(ctx, ComparePredicate::lt, *x, minusInf);
  }
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

/// Single-float-attribute activations (LeakyRelu alpha, Elu alpha...).
template <typename OpTy>
LogicalResult importWithFloatAttrs(NodeContext &ctx,
                                   ArrayRef<std::pair<llvm::StringRef, float>>
                                       attrsWithDefaults) {
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  SmallVector<NamedAttribute> attrs;
  for (auto [name, defaultValue] : attrsWithDefaults)
    attrs.push_back(ctx.namedAttr(
        name, ctx.builder().getF32FloatAttr(ctx.getFloat(name, defaultValue))));
  FailureOr<Value> result = ctx.create<OpTy>({*x}, attrs);
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

LogicalResult importLeakyRelu(NodeContext &ctx) {
  return importWithFloatAttrs<LeakyReluOp>(ctx, {{"alpha", 0.01f}});
}
LogicalResult importElu(NodeContext &ctx) {
  return importWithFloatAttrs<EluOp>(ctx, {{"alpha", 1.0f}});
}
LogicalResult importSelu(NodeContext &ctx) {
  return importWithFloatAttrs<SeluOp>(
      ctx, {{"alpha", 1.67326319217681884765625f},
            {"gamma", 1.05070102214813232421875f}});
}
LogicalResult importHardSigmoid(NodeContext &ctx) {
  return importWithFloatAttrs<HardSigmoidOp>(ctx,
                                             {{"alpha", 0.2f}, {"beta", 0.5f}});
}
} // namespace

void mlir::nabla::onnx_frontend::registerElementwiseImporters(
    OpImporterRegistry &registry) {
  registry.add("Add", importBinary<AddOp>);
  registry.add("Sub", importBinary<SubOp>);
  registry.add("Mul", importBinary<MulOp>);
  registry.add("Div", importBinary<DivOp>);
  registry.add("Pow", importPow);
  registry.add("Mod", importMod);
  registry.add("Sum", importVariadic<AddOp>);
  registry.add("Max", importVariadic<MaxOp>);
  registry.add("Min", importVariadic<MinOp>);
  registry.add("Mean", importMean);
  registry.add("And", importBinary<LogicalAndOp>);
  registry.add("Or", importBinary<LogicalOrOp>);
  registry.add("Xor", importBinary<LogicalXorOp>);
  registry.add("Equal", importCompare<ComparePredicate::eq>);
  registry.add("Less", importCompare<ComparePredicate::lt>);
  registry.add("LessOrEqual", importCompare<ComparePredicate::le>);
  registry.add("Greater", importCompare<ComparePredicate::gt>);
  registry.add("GreaterOrEqual", importCompare<ComparePredicate::ge>);

  registry.add("Neg", importUnary<NegOp>);
  registry.add("Abs", importUnary<AbsOp>);
  registry.add("Sign", importUnary<SignOp>);
  registry.add("Exp", importUnary<ExpOp>);
  registry.add("Log", importUnary<LogOp>);
  registry.add("Sqrt", importUnary<SqrtOp>);
  registry.add("Reciprocal", importUnary<ReciprocalOp>);
  registry.add("Erf", importUnary<ErfOp>);
  registry.add("Floor", importUnary<FloorOp>);
  registry.add("Ceil", importUnary<CeilOp>);
  registry.add("Round", importUnary<RoundOp>);
  registry.add("Sin", importUnary<SinOp>);
  registry.add("Cos", importUnary<CosOp>);
  registry.add("Tan", importUnary<TanOp>);
  registry.add("Asin", importUnary<AsinOp>);
  registry.add("Acos", importUnary<AcosOp>);
  registry.add("Atan", importUnary<AtanOp>);
  registry.add("Sinh", importUnary<SinhOp>);
  registry.add("Cosh", importUnary<CoshOp>);
  registry.add("Asinh", importUnary<AsinhOp>);
  registry.add("Acosh", importUnary<AcoshOp>);
  registry.add("Atanh", importUnary<AtanhOp>);
  registry.add("IsNaN", importIsNaN);
  registry.add("IsInf", importIsInf);
  registry.add("Tanh", importUnary<TanhOp>);
  registry.add("Sigmoid", importUnary<SigmoidOp>);
  registry.add("Relu", importUnary<ReluOp>);
  registry.add("Softplus", importUnary<SoftplusOp>);
  registry.add("Not", importUnary<LogicalNotOp>);
  registry.add("LeakyRelu", importLeakyRelu);
  registry.add("Elu", importElu);
  registry.add("Selu", importSelu);
  registry.add("HardSigmoid", importHardSigmoid);

  registry.add("Cast", importCast);
  registry.add("Identity", importIdentity);
  registry.add("Where", importWhere);
}
