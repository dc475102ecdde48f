//===- LoweringUtils.h - Shared helpers of the nabla lowering ---*- C++ -*-===//
//
// Builders every op family needs: typed scalar constants, filled tensors,
// broadcasting elementwise generics and reductions, signedness-aware casts.
// One home for them so that the families lower alike.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_CONVERSION_NABLATOLINALG_LOWERINGUTILS_H
#define NABLA_CONVERSION_NABLATOLINALG_LOWERINGUTILS_H

#include "dialects/Nabla/IR/NablaDialect.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

#include <optional>

namespace mlir::nabla {

/// Tensors of unsigned integers become tensors of signless integers of the
/// same width; every other type is kept. Function signatures follow.
class NablaTypeConverter : public TypeConverter {
public:
  NablaTypeConverter();
};

/// The signless form of `type` (ui8 -> i8); other types are returned as is.
Type toSignless(Type type);

/// True for unsigned integer element types (and tensors of them). Lowerings
/// ask this of the *original* nabla type, since the converted one is
/// signless.
bool isUnsigned(Type type);

/// The converted result type of `op`'s result `index` as a ranked tensor.
RankedTensorType getConvertedTensorType(const TypeConverter &converter,
                                        Value original);

/// An `arith.constant` holding `value` in `elementType` (float, integer or
/// i1).
Value createScalarConstant(OpBuilder &builder, Location loc, Type elementType,
                           double value);

/// The largest or smallest finite-or-infinite value of `elementType`:
/// -inf/+inf for floats, the integer limits otherwise (signed unless
/// `isUnsignedType`). Used as the identity of max/min reductions.
Value createLowestValue(OpBuilder &builder, Location loc, Type elementType,
                        bool isUnsignedType = false);
Value createHighestValue(OpBuilder &builder, Location loc, Type elementType,
                         bool isUnsignedType = false);

/// `tensor.empty` of `type` (static shapes only).
Value createEmptyTensor(OpBuilder &builder, Location loc,
                        RankedTensorType type);

/// `tensor.empty` filled with `scalar` through `linalg.fill`.
Value createFilledTensor(OpBuilder &builder, Location loc,
                         RankedTensorType type, Value scalar);

/// The indexing map that reads an operand of `operandShape` broadcast to
/// `resultShape` by NumPy rules: dimensions are right-aligned, and size-1
/// dimensions of the operand that the result stretches read index 0.
AffineMap getBroadcastIndexingMap(ArrayRef<int64_t> operandShape,
                                  ArrayRef<int64_t> resultShape,
                                  MLIRContext *context);

/// Builds the scalar computation of an elementwise op from the scalar
/// arguments (one per operand, broadcast already applied).
using ScalarBodyBuilder =
    function_ref<Value(OpBuilder &builder, Location loc, ValueRange args)>;

/// A `linalg.generic` with all-parallel iterators that computes
/// `result[i] = body(operands broadcast to i)`. The operands must be
/// broadcastable to `resultType`.
Value buildElementwise(OpBuilder &builder, Location loc,
                       RankedTensorType resultType, ValueRange operands,
                       ScalarBodyBuilder body);

/// Combines an accumulator and a new element of a reduction.
using ReductionCombiner = function_ref<Value(OpBuilder &builder, Location loc,
                                             Value accumulator, Value element)>;

/// A `linalg.generic` reducing the dimensions `axes` of `input` (sorted,
/// non-negative) from the scalar `init`. The result keeps the reduced
/// dimensions as size 1 when `keepDims` is set and drops them otherwise.
/// Its element type is that of `init`, so a reduction may accumulate in a
/// wider type than `input`'s (the combiner then converts the element).
Value buildReduction(OpBuilder &builder, Location loc, Value input,
                     ArrayRef<int64_t> axes, bool keepDims, Value init,
                     ReductionCombiner combine);

/// A nabla.check_index, at `op`'s location and naming `op`, that fails the
/// run unless every entry of `indices` indexes axis `axis` of size `size`
/// (from the end too with `allowNegative`) or equals `ignoreIndex`. Lowered
/// by the same conversion; lowerings of ops that read through indices call
/// it before reading.
void createIndexCheck(OpBuilder &builder, Operation *op, Value indices,
                      int64_t size, int64_t axis, bool allowNegative,
                      std::optional<int64_t> ignoreIndex);

/// Converts the scalar `value` to `targetType` (any pair of float, integer
/// and i1 types). Integer sources are sign- or zero-extended and converted
/// to float as signed or unsigned according to `sourceUnsigned`; float to
/// integer conversion truncates toward zero (`targetUnsigned` picks
/// fptoui); anything to i1 compares with zero.
Value castScalar(OpBuilder &builder, Location loc, Value value, Type targetType,
                 bool sourceUnsigned = false, bool targetUnsigned = false);

/// `lhs + rhs` and `lhs * rhs` of float or integer scalars (integers wrap).
Value createAdd(OpBuilder &builder, Location loc, Value lhs, Value rhs);
Value createMul(OpBuilder &builder, Location loc, Value lhs, Value rhs);

/// Fails `op` with an error naming its dynamic type if any operand or result
/// has a dynamic dimension; the lowering needs static shapes.
LogicalResult checkStaticShapes(Operation *op);

/// The element type in which sums, products and statistics of `elementType`
/// values accumulate: f32 for f16 and bf16, `elementType` otherwise.
Type getAccumulatorType(Type elementType);

/// `input` (NCHW) padded by `low` before and `high` after H and W with
/// `padValue`; `input` itself without padding.
Value padSpatial(OpBuilder &builder, Location loc, Value input,
                 ArrayRef<int64_t> low, ArrayRef<int64_t> high, Value padValue);

/// `value` reshaped to `shape` by one tensor.collapse_shape or
/// tensor.expand_shape (the shapes must differ by merging or splitting
/// contiguous dimensions, unit dimensions included); `value` itself when the
/// shapes agree, and an empty tensor when it has no elements.
Value reshapeContiguous(OpBuilder &builder, Location loc, Value value,
                        ArrayRef<int64_t> shape);

/// Computes the new output elements of a generic from its input elements
/// and its current output (accumulator) elements.
using GenericBodyBuilder = function_ref<SmallVector<Value>(
    OpBuilder &builder, Location loc, ValueRange inputs, ValueRange outputs)>;

/// A `linalg.generic` over the iteration space `shape` that reads each of
/// `inputs` through its map in `inputMaps` and has one result per entry of
/// `elementTypes`, each keeping the dimensions that `reduced` does not mark
/// (in order). When some dimension is reduced, the results start filled with
/// `identities` (one per result) and `body` combines into them; otherwise
/// they start empty.
SmallVector<Value>
buildMappedGeneric(OpBuilder &builder, Location loc, ArrayRef<int64_t> shape,
                   ArrayRef<bool> reduced, ValueRange inputs,
                   ArrayRef<AffineMap> inputMaps, ArrayRef<Type> elementTypes,
                   ArrayRef<double> identities, GenericBodyBuilder body);

/// `value` (a tensor) with its elements converted by castScalar (as signed
/// integers) to the element type of `type`, which has its shape; `value`
/// itself when the types agree. Narrows f32 accumulators to f16 results.
Value convertElements(OpBuilder &builder, Location loc, Value value,
                      RankedTensorType type);

/// `1 / (1 + e^-x)` of the float scalar `x`, computed from `e^-|x|` so that
/// nothing overflows: `1 / (1 + e)` for `x >= 0` and `e / (1 + e)` below.
Value createSigmoid(OpBuilder &builder, Location loc, Value x);

/// `x/2 * (1 + erf(x / sqrt(2)))`, or with `tanhApproximation`
/// `x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))`, of the float `x`.
Value createGelu(OpBuilder &builder, Location loc, Value x,
                 bool tanhApproximation);

/// `x >= 0 ? x : slope * x` of the float `x`.
Value createLeakyRelu(OpBuilder &builder, Location loc, Value x, double slope);

/// The activation of a fused op's epilogue applied to the float `x` (see
/// Nabla_Activation): `alpha` and `beta` are its parameters.
Value createActivation(OpBuilder &builder, Location loc, Value x,
                       Activation activation, double alpha, double beta);

/// `act(alpha * product + bias + residual)` elementwise, as a fused op's
/// epilogue: `product` has `resultType`'s shape (in the accumulator type),
/// `bias` (optional) broadcasts to it, `residual` (optional) has its type.
Value buildEpilogue(OpBuilder &builder, Location loc,
                    RankedTensorType resultType, Value product, double alpha,
                    Value bias, Value residual, Activation activation,
                    double actAlpha, double actBeta);

} // namespace mlir::nabla

#endif // NABLA_CONVERSION_NABLATOLINALG_LOWERINGUTILS_H
