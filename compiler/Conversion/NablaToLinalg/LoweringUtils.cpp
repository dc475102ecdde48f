//===- LoweringUtils.cpp - Shared helpers of the nabla lowering -----------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "dialects/Nabla/IR/NablaCheckOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

#include <limits>

using namespace mlir;
using namespace mlir::nabla;

Type mlir::nabla::toSignless(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.clone(toSignless(tensor.getElementType()));
  if (auto integer = dyn_cast<IntegerType>(type);
      integer && !integer.isSignless())
    return IntegerType::get(type.getContext(), integer.getWidth());
  return type;
}

bool mlir::nabla::isUnsigned(Type type) {
  return getElementTypeOrSelf(type).isUnsignedInteger();
}

NablaTypeConverter::NablaTypeConverter() {
  addConversion([](Type type) { return toSignless(type); });
  // Values crossing the boundary keep their bits; only the signedness view
  // changes, which a cast op outside the conversion expresses.
  auto materialize = [](OpBuilder &builder, Type type, ValueRange inputs,
                        Location loc) -> Value {
    if (inputs.size() != 1)
      return Value();
    return UnrealizedConversionCastOp::create(builder, loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(materialize);
  addTargetMaterialization(materialize);
}

RankedTensorType
mlir::nabla::getConvertedTensorType(const TypeConverter &converter,
                                    Value original) {
  return cast<RankedTensorType>(converter.convertType(original.getType()));
}

Value mlir::nabla::createScalarConstant(OpBuilder &builder, Location loc,
                                        Type elementType, double value) {
  elementType = toSignless(elementType);
  if (auto floatType = dyn_cast<FloatType>(elementType))
    return arith::ConstantOp::create(builder, loc,
                                     builder.getFloatAttr(floatType, value));
  auto intType = cast<IntegerType>(elementType);
  return arith::ConstantOp::create(
      builder, loc,
      builder.getIntegerAttr(intType, static_cast<int64_t>(value)));
}

static Value createLimit(OpBuilder &builder, Location loc, Type elementType,
                         bool isUnsignedType, bool highest) {
  elementType = toSignless(elementType);
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    APFloat inf = APFloat::getInf(floatType.getFloatSemantics(), !highest);
    return arith::ConstantOp::create(builder, loc,
                                     builder.getFloatAttr(floatType, inf));
  }
  auto intType = cast<IntegerType>(elementType);
  unsigned width = intType.getWidth();
  APInt limit;
  if (width == 1)
    limit = APInt(1, highest ? 1 : 0);
  else if (isUnsignedType)
    limit = highest ? APInt::getMaxValue(width) : APInt::getMinValue(width);
  else
    limit = highest ? APInt::getSignedMaxValue(width)
                    : APInt::getSignedMinValue(width);
  return arith::ConstantOp::create(builder, loc,
                                   builder.getIntegerAttr(intType, limit));
}

Value mlir::nabla::createLowestValue(OpBuilder &builder, Location loc,
                                     Type elementType, bool isUnsignedType) {
  return createLimit(builder, loc, elementType, isUnsignedType,
                     /*highest=*/false);
}

Value mlir::nabla::createHighestValue(OpBuilder &builder, Location loc,
                                      Type elementType, bool isUnsignedType) {
  return createLimit(builder, loc, elementType, isUnsignedType,
                     /*highest=*/true);
}

Value mlir::nabla::createEmptyTensor(OpBuilder &builder, Location loc,
                                     RankedTensorType type) {
  return tensor::EmptyOp::create(builder, loc, type.getShape(),
                                 type.getElementType());
}

Value mlir::nabla::createFilledTensor(OpBuilder &builder, Location loc,
                                      RankedTensorType type, Value scalar) {
  Value empty = createEmptyTensor(builder, loc, type);
  return linalg::FillOp::create(builder, loc, scalar, empty).getResult(0);
}

AffineMap mlir::nabla::getBroadcastIndexingMap(ArrayRef<int64_t> operandShape,
                                               ArrayRef<int64_t> resultShape,
                                               MLIRContext *context) {
  unsigned offset = resultShape.size() - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandShape)) {
    unsigned resultDim = offset + i;
    if (size == 1 && resultShape[resultDim] != 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(resultDim, context));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, context);
}

Value mlir::nabla::buildElementwise(OpBuilder &builder, Location loc,
                                    RankedTensorType resultType,
                                    ValueRange operands,
                                    ScalarBodyBuilder body) {
  MLIRContext *context = builder.getContext();
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(getBroadcastIndexingMap(
        cast<RankedTensorType>(operand.getType()).getShape(), shape, context));
  maps.push_back(AffineMap::getMultiDimIdentityMap(shape.size(), context));
  SmallVector<utils::IteratorType> iterators(shape.size(),
                                             utils::IteratorType::parallel);
  Value init = createEmptyTensor(builder, loc, resultType);
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{resultType}, operands, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value mlir::nabla::buildReduction(OpBuilder &builder, Location loc, Value input,
                                  ArrayRef<int64_t> axes, bool keepDims,
                                  Value init, ReductionCombiner combine) {
  MLIRContext *context = builder.getContext();
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  llvm::SmallDenseSet<int64_t> reduced(axes.begin(), axes.end());

  SmallVector<int64_t> resultShape;
  SmallVector<AffineExpr> resultExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t dim = 0; dim < rank; ++dim) {
    bool isReduced = reduced.contains(dim);
    iterators.push_back(isReduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
    if (!isReduced) {
      resultShape.push_back(inputType.getDimSize(dim));
      resultExprs.push_back(getAffineDimExpr(dim, context));
    } else if (keepDims) {
      resultShape.push_back(1);
      resultExprs.push_back(getAffineConstantExpr(0, context));
    }
  }
  auto resultType = RankedTensorType::get(resultShape, init.getType());
  Value filled = createFilledTensor(builder, loc, resultType, init);
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, context),
      AffineMap::get(rank, 0, resultExprs, context)};
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{resultType}, ValueRange{input},
      ValueRange{filled}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = combine(nested, nestedLoc, args[1], args[0]);
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value mlir::nabla::castScalar(OpBuilder &builder, Location loc, Value value,
                              Type targetType, bool sourceUnsigned,
                              bool targetUnsigned) {
  Type sourceType = value.getType();
  targetType = toSignless(targetType);
  if (sourceType == targetType)
    return value;
  // Anything to bool: nonzero is true.
  if (targetType.isInteger(1)) {
    Value zero = createScalarConstant(builder, loc, sourceType, 0);
    if (isa<FloatType>(sourceType))
      return arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::UNE,
                                   value, zero);
    return arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ne, value,
                                 zero);
  }
  // Bool is unsigned 0/1.
  if (sourceType.isInteger(1))
    sourceUnsigned = true;

  auto sourceFloat = dyn_cast<FloatType>(sourceType);
  auto targetFloat = dyn_cast<FloatType>(targetType);
  if (sourceFloat && targetFloat) {
    // f16 <-> bf16 share a width, so neither extf nor truncf applies alone.
    if (sourceFloat.getWidth() == targetFloat.getWidth()) {
      value = arith::ExtFOp::create(
          builder, loc, Float32Type::get(builder.getContext()), value);
      sourceFloat = cast<FloatType>(value.getType());
    }
    if (sourceFloat.getWidth() < targetFloat.getWidth())
      return arith::ExtFOp::create(builder, loc, targetType, value);
    return arith::TruncFOp::create(builder, loc, targetType, value);
  }
  if (!sourceFloat && targetFloat) {
    if (sourceUnsigned)
      return arith::UIToFPOp::create(builder, loc, targetType, value);
    return arith::SIToFPOp::create(builder, loc, targetType, value);
  }
  if (sourceFloat && !targetFloat) {
    if (targetUnsigned)
      return arith::FPToUIOp::create(builder, loc, targetType, value);
    return arith::FPToSIOp::create(builder, loc, targetType, value);
  }
  unsigned sourceWidth = sourceType.getIntOrFloatBitWidth();
  unsigned targetWidth = targetType.getIntOrFloatBitWidth();
  if (sourceWidth > targetWidth)
    return arith::TruncIOp::create(builder, loc, targetType, value);
  if (sourceUnsigned)
    return arith::ExtUIOp::create(builder, loc, targetType, value);
  return arith::ExtSIOp::create(builder, loc, targetType, value);
}

Value mlir::nabla::createAdd(OpBuilder &builder, Location loc, Value lhs,
                             Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return arith::AddFOp::create(builder, loc, lhs, rhs);
  return arith::AddIOp::create(builder, loc, lhs, rhs);
}

Value mlir::nabla::createMul(OpBuilder &builder, Location loc, Value lhs,
                             Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return arith::MulFOp::create(builder, loc, lhs, rhs);
  return arith::MulIOp::create(builder, loc, lhs, rhs);
}

LogicalResult mlir::nabla::checkStaticShapes(Operation *op) {
  auto isDynamic = [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return shaped && !shaped.hasStaticShape();
  };
  for (Type type : op->getOperandTypes())
    if (isDynamic(type))
      return op->emitOpError("has an operand of dynamic type ")
             << type
             << "; the lowering needs static shapes (pin dynamic dimensions "
                "with -nabla-refine-shapes or nablac --shape)";
  for (Type type : op->getResultTypes())
    if (isDynamic(type))
      return op->emitOpError("has a result of dynamic type ")
             << type
             << "; the lowering needs static shapes (pin dynamic dimensions "
                "with -nabla-refine-shapes or nablac --shape)";
  return success();
}

Type mlir::nabla::getAccumulatorType(Type elementType) {
  if (elementType.isF16() || elementType.isBF16())
    return Float32Type::get(elementType.getContext());
  return elementType;
}

Value mlir::nabla::reshapeContiguous(OpBuilder &builder, Location loc,
                                     Value value, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  RankedTensorType resultType = type.clone(shape);
  // Without elements there is nothing to move, and the reassociation of
  // zero-sized dimensions is ambiguous.
  if (type.getNumElements() == 0)
    return createEmptyTensor(builder, loc, resultType);
  if (resultType.getRank() < type.getRank())
    return tensor::CollapseShapeOp::create(
        builder, loc, resultType, value,
        *getReassociationIndicesForCollapse(type.getShape(), shape));
  return tensor::ExpandShapeOp::create(
      builder, loc, resultType, value,
      *getReassociationIndicesForCollapse(shape, type.getShape()));
}

SmallVector<Value> mlir::nabla::buildMappedGeneric(
    OpBuilder &builder, Location loc, ArrayRef<int64_t> shape,
    ArrayRef<bool> reduced, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
    ArrayRef<Type> elementTypes, ArrayRef<double> identities,
    GenericBodyBuilder body) {
  MLIRContext *context = builder.getContext();
  SmallVector<int64_t> resultShape;
  SmallVector<AffineExpr> resultExprs;
  SmallVector<utils::IteratorType> iterators;
  bool isReduction = false;
  for (auto [dim, size] : llvm::enumerate(shape)) {
    if (reduced[dim]) {
      iterators.push_back(utils::IteratorType::reduction);
      isReduction = true;
      continue;
    }
    iterators.push_back(utils::IteratorType::parallel);
    resultShape.push_back(size);
    resultExprs.push_back(getAffineDimExpr(dim, context));
  }
  SmallVector<Type> resultTypes;
  SmallVector<Value> inits;
  for (auto [type, identity] : llvm::zip_equal(elementTypes, identities)) {
    auto resultType = RankedTensorType::get(resultShape, type);
    resultTypes.push_back(resultType);
    inits.push_back(isReduction
                        ? createFilledTensor(builder, loc, resultType,
                                             createScalarConstant(
                                                 builder, loc, type, identity))
                        : createEmptyTensor(builder, loc, resultType));
  }
  SmallVector<AffineMap> maps(inputMaps);
  maps.append(elementTypes.size(),
              AffineMap::get(shape.size(), 0, resultExprs, context));
  auto generic = linalg::GenericOp::create(
      builder, loc, resultTypes, inputs, inits, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        SmallVector<Value> results =
            body(nested, nestedLoc, args.take_front(inputs.size()),
                 args.drop_front(inputs.size()));
        linalg::YieldOp::create(nested, nestedLoc, results);
      });
  return llvm::to_vector_of<Value>(generic.getResults());
}

Value mlir::nabla::convertElements(OpBuilder &builder, Location loc,
                                   Value value, RankedTensorType type) {
  if (value.getType() == type)
    return value;
  return buildElementwise(
      builder, loc, type, value,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        return castScalar(nested, nestedLoc, args[0], type.getElementType(),
                          /*sourceUnsigned=*/false, /*targetUnsigned=*/false);
      });
}

Value mlir::nabla::createSigmoid(OpBuilder &builder, Location loc, Value x) {
  Type type = x.getType();
  Value one = createScalarConstant(builder, loc, type, 1.0);
  Value zero = createScalarConstant(builder, loc, type, 0.0);
  Value negAbs = arith::NegFOp::create(builder, loc,
                                       math::AbsFOp::create(builder, loc, x));
  Value e = math::ExpOp::create(builder, loc, negAbs);
  Value denominator = arith::AddFOp::create(builder, loc, one, e);
  Value positive =
      arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::OGE, x, zero);
  Value numerator = arith::SelectOp::create(builder, loc, positive, one, e);
  return arith::DivFOp::create(builder, loc, numerator, denominator);
}

Value mlir::nabla::createGelu(OpBuilder &b, Location loc, Value x,
                              bool tanhApproximation) {
  Type type = x.getType();
  auto constant = [&](double value) {
    return createScalarConstant(b, loc, type, value);
  };
  Value half = constant(0.5), one = constant(1.0);
  Value inner;
  if (tanhApproximation) {
    // sqrt(2 / pi) * (x + 0.044715 * x^3)
    Value x3 =
        arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value cubic = arith::MulFOp::create(b, loc, constant(0.044715), x3);
    Value sum = arith::AddFOp::create(b, loc, x, cubic);
    Value scaled =
        arith::MulFOp::create(b, loc, constant(0.7978845608028654), sum);
    inner = math::TanhOp::create(b, loc, scaled);
  } else {
    Value scaled =
        arith::MulFOp::create(b, loc, x, constant(0.7071067811865476));
    inner = math::ErfOp::create(b, loc, scaled);
  }
  Value factor = arith::AddFOp::create(b, loc, one, inner);
  Value halfX = arith::MulFOp::create(b, loc, half, x);
  return arith::MulFOp::create(b, loc, halfX, factor);
}

Value mlir::nabla::createLeakyRelu(OpBuilder &b, Location loc, Value x,
                                   double slope) {
  Type type = x.getType();
  Value alpha = createScalarConstant(b, loc, type, slope);
  Value nonNegative =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x,
                            createScalarConstant(b, loc, type, 0.0));
  Value scaled = arith::MulFOp::create(b, loc, alpha, x);
  return arith::SelectOp::create(b, loc, nonNegative, x, scaled);
}

Value mlir::nabla::createActivation(OpBuilder &b, Location loc, Value x,
                                    Activation activation, double alpha,
                                    double beta) {
  Type type = x.getType();
  switch (activation) {
  case Activation::none:
    return x;
  case Activation::relu: // max keeps NaN, as nabla.relu does
    return arith::MaximumFOp::create(b, loc, x,
                                     createScalarConstant(b, loc, type, 0.0));
  case Activation::clip: {
    Value low = arith::MaximumFOp::create(
        b, loc, x, createScalarConstant(b, loc, type, alpha));
    return arith::MinimumFOp::create(b, loc, low,
                                     createScalarConstant(b, loc, type, beta));
  }
  case Activation::leaky_relu:
    return createLeakyRelu(b, loc, x, alpha);
  case Activation::sigmoid:
    return createSigmoid(b, loc, x);
  case Activation::tanh:
    return math::TanhOp::create(b, loc, x);
  case Activation::gelu_erf:
    return createGelu(b, loc, x, /*tanhApproximation=*/false);
  case Activation::gelu_tanh:
    return createGelu(b, loc, x, /*tanhApproximation=*/true);
  }
  llvm_unreachable("unknown activation");
}

Value mlir::nabla::buildEpilogue(OpBuilder &builder, Location loc,
                                 RankedTensorType resultType, Value product,
                                 double alpha, Value bias, Value residual,
                                 Activation activation, double actAlpha,
                                 double actBeta) {
  if (!bias && !residual && alpha == 1.0 && activation == Activation::none)
    return convertElements(builder, loc, product, resultType);
  SmallVector<Value> operands = {product};
  if (bias)
    operands.push_back(bias);
  if (residual)
    operands.push_back(residual);
  Type elementType = resultType.getElementType();
  return buildElementwise(
      builder, loc, resultType, operands,
      [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
        // In the accumulator's type (f32 for f16 and bf16).
        Type wide = args[0].getType();
        auto widen = [&](Value value) {
          return castScalar(b, loc, value, wide, /*sourceUnsigned=*/false,
                            /*targetUnsigned=*/false);
        };
        Value sum = args[0];
        if (alpha != 1.0)
          sum = arith::MulFOp::create(
              b, loc, createScalarConstant(b, loc, wide, alpha), sum);
        for (Value arg : args.drop_front())
          sum = arith::AddFOp::create(b, loc, sum, widen(arg));
        Value result = createActivation(b, loc, sum, activation, actAlpha,
                                        actBeta);
        return castScalar(b, loc, result, elementType,
                          /*sourceUnsigned=*/false, /*targetUnsigned=*/false);
      });
}

void mlir::nabla::createIndexCheck(OpBuilder &builder, Operation *op,
                                   Value indices, int64_t size, int64_t axis,
                                   bool allowNegative,
                                   std::optional<int64_t> ignoreIndex) {
  CheckIndexOp::create(
      builder, op->getLoc(), indices, builder.getDenseI64ArrayAttr({size}),
      builder.getI64IntegerAttr(axis),
      allowNegative ? builder.getUnitAttr() : UnitAttr(),
      ignoreIndex ? builder.getI64IntegerAttr(*ignoreIndex) : IntegerAttr(),
      builder.getStringAttr(op->getName().getStringRef()));
}

Value mlir::nabla::padSpatial(OpBuilder &builder, Location loc, Value input,
                              ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                              Value padValue) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lowSizes(2, builder.getIndexAttr(0));
  SmallVector<OpFoldResult> highSizes(2, builder.getIndexAttr(0));
  for (int i = 0; i < 2; ++i) {
    shape[2 + i] += low[i] + high[i];
    lowSizes.push_back(builder.getIndexAttr(low[i]));
    highSizes.push_back(builder.getIndexAttr(high[i]));
  }
  // tensor.pad of an input without elements does not bufferize (its
  // subview would start out of bounds); the result is all padding anyway.
  if (type.getNumElements() == 0)
    return createFilledTensor(builder, loc, type.clone(shape), padValue);
  return tensor::PadOp::create(builder, loc, type.clone(shape), input, lowSizes,
                               highSizes, padValue);
}
