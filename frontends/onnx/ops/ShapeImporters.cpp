//===- ShapeImporters.cpp - ONNX shape and data-movement ops to nabla -----===//
//
// Constants, shape computations and data movement: Shape, Size,
// ConstantOfShape, Range, EyeLike, OneHot, Trilu, Reshape, Flatten,
// Transpose, Squeeze, Unsqueeze, Concat, Split, Slice, Gather,
// GatherElements, GatherND, Pad, Expand, Tile.
//
// Every node whose inputs are known at import time and small is evaluated
// on the host (exporters compute shapes in the graph: Shape -> Gather ->
// Concat -> Reshape must leave a constant target shape). Shapes are static
// after input pinning, so Shape and Size are always constants. A shape-like
// input (Reshape's shape, Squeeze's axes, Split's sizes...) that is only
// known at run time is resolved from ONNX's inferred output type, which
// fixes it for every valid input; positions that the output type does not
// fix (Slice starts, Pad begins, Range start...) are computed at run time
// as index vectors and gathered with.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/Limits.h"
#include "frontends/onnx/NodeContext.h"

#include "onnx/onnx_pb.h"

#include "llvm/Support/MathExtras.h"

#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
using Ints = SmallVector<int64_t>;

std::string str(ArrayRef<int64_t> values) {
  std::string s = "[";
  for (auto [i, v] : llvm::enumerate(values))
    s += (i ? ", " : "") + std::to_string(v);
  return s + "]";
}

std::string str(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  type.print(os);
  return s;
}

/// The element count of a static shape; saturates at INT64_MAX, so that
/// size checks on shapes computed from attributes cannot wrap.
int64_t product(ArrayRef<int64_t> shape) {
  int64_t result = 1;
  for (int64_t dim : shape)
    if (llvm::MulOverflow(result, dim, result))
      return std::numeric_limits<int64_t>::max();
  return result;
}

Ints stridesOf(ArrayRef<int64_t> shape) {
  Ints strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// A shape of ones but `size` at `axis`, to broadcast a vector along it.
Ints unitShapeExcept(int64_t rank, int64_t axis, int64_t size) {
  Ints shape(rank, 1);
  shape[axis] = size;
  return shape;
}

/// Reports a computed shape with a negative dimension or more than 2^40
/// elements (no real model has one, and products of it would overflow).
LogicalResult checkShape(NodeContext &ctx, ArrayRef<int64_t> shape,
                         const llvm::Twine &what) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return ctx.unsupported(what + " " + str(shape) +
                             " has a negative dimension");
    if (d > kMaxTensorElements || (d != 0 && count > kMaxTensorElements / d))
      return ctx.unsupported(what + " " + str(shape) +
                             " has more than 2^40 elements");
    count *= d;
  }
  return success();
}

/// Input `i` as a host tensor when it is known at import time and small.
std::optional<HostTensor> hostInput(NodeContext &ctx, unsigned i) {
  DenseElementsAttr value = ctx.constantInput(i);
  if (!isFoldable(value))
    return std::nullopt;
  return HostTensor::fromAttr(value);
}

/// The integer contents of input `i` when known at import time.
std::optional<Ints> constantIntsInput(NodeContext &ctx, unsigned i) {
  std::optional<HostTensor> t = hostInput(ctx, i);
  if (!t)
    return std::nullopt;
  Ints values;
  for (int64_t k = 0, e = t->size(); k < e; ++k)
    values.push_back(t->intAt(k));
  return values;
}

/// Output `i`'s type when ONNX inferred a fully static one.
RankedTensorType staticOutputType(NodeContext &ctx, unsigned i) {
  RankedTensorType type = ctx.outputType(i);
  return type && type.hasStaticShape() ? type : RankedTensorType();
}

/// Input `i`'s type; reports (and returns null) when it is missing or not
/// static.
RankedTensorType staticInputType(NodeContext &ctx, unsigned i) {
  RankedTensorType type = ctx.inputType(i);
  if (!type) {
    (void)ctx.unsupported("input " + std::to_string(i) + " is required");
    return {};
  }
  if (!type.hasStaticShape()) {
    (void)ctx.unsupported("input " + std::to_string(i) + " has type " +
                          str(type) + ", which is not static");
    return {};
  }
  return type;
}

/// Builds the nabla ops of one node as straight-line code: the first op
/// that fails is reported (by NodeContext) and every later call returns a
/// null Value, so callers check `failed()` once at the end.
class Emitter {
public:
  explicit Emitter(NodeContext &ctx) : ctx(ctx) {}

  bool failed() const { return hasFailed; }
  MLIRContext *context() const { return ctx.context(); }
  Type i64() const { return IntegerType::get(ctx.context(), 64); }

  template <typename OpTy>
  Value op(ArrayRef<Value> operands, ArrayRef<NamedAttribute> attrs = {}) {
    if (hasFailed || llvm::is_contained(operands, Value())) {
      hasFailed = true;
      return {};
    }
    FailureOr<Value> result = ctx.create<OpTy>(operands, attrs);
    if (mlir::failed(result)) {
      hasFailed = true;
      return {};
    }
    return *result;
  }

  Value input(unsigned i) {
    FailureOr<Value> value = ctx.input(i);
    if (mlir::failed(value)) {
      hasFailed = true;
      return {};
    }
    return *value;
  }

  Value constant(DenseElementsAttr value) { return ctx.constant(value); }
  Value ints(ArrayRef<int64_t> shape, ArrayRef<int64_t> values) {
    return constant(HostTensor::ofInts(i64(), shape, values).toAttr());
  }
  Value scalar(Type element, double value) {
    return ctx.scalarConstant(element, value);
  }
  /// `[0, 1, ..., n-1]` as i64, in shape `shape` (one entry of it is n).
  /// Refuses more than 2^24 entries: n can come from a pad, a constant
  /// shape or a declared output type, and the vector is built on the host.
  Value iota(int64_t n, ArrayRef<int64_t> shape) {
    return ramp(n, 1, shape, "an index");
  }
  /// `[0, step, ..., (n-1) * step]` as i64, in shape `shape`; bounded like
  /// iota (n is a dimension of a declared input: 2^30 once).
  Value ramp(int64_t n, int64_t step, ArrayRef<int64_t> shape,
             llvm::StringRef what = "an offset") {
    if (n > kMaxHostVector) {
      if (!hasFailed)
        (void)ctx.unsupported("would build " + what.str() + " vector of " +
                              std::to_string(n) + " entries, more than 2^24");
      hasFailed = true;
      return {};
    }
    Ints values(n);
    for (int64_t i = 0; i < n; ++i)
      values[i] = i * step;
    return ints(shape, values);
  }

  Value add(Value a, Value b) { return op<AddOp>({a, b}); }
  Value sub(Value a, Value b) { return op<SubOp>({a, b}); }
  Value mul(Value a, Value b) { return op<MulOp>({a, b}); }
  Value min(Value a, Value b) { return op<MinOp>({a, b}); }
  Value max(Value a, Value b) { return op<MaxOp>({a, b}); }
  Value logicalAnd(Value a, Value b) { return op<LogicalAndOp>({a, b}); }
  Value where(Value c, Value a, Value b) { return op<WhereOp>({c, a, b}); }
  Value compare(ComparePredicate predicate, Value a, Value b) {
    return op<CompareOp>(
        {a, b}, {attr("predicate", ComparePredicateAttr::get(context(),
                                                             predicate))});
  }
  Value convert(Value x, Type element) {
    if (!x || elementType(x) == element)
      return x;
    return op<CastOp>({x}, {attr("to", TypeAttr::get(element))});
  }
  Value toI64(Value x) { return convert(x, i64()); }
  Value reshape(Value x, ArrayRef<int64_t> shape) {
    if (x && cast<RankedTensorType>(x.getType()).getShape() == shape)
      return x;
    return op<ReshapeOp>({x}, {attr("shape", array(shape))});
  }
  /// `inBounds`: the indices were checked (or built in range) already.
  Value gather(Value data, Value indices, int64_t axis, bool inBounds = false) {
    SmallVector<NamedAttribute> attrs = {attr("axis", i64Attr(axis))};
    if (inBounds)
      attrs.push_back(attr("in_bounds", UnitAttr::get(context())));
    return op<GatherOp>({data, indices}, attrs);
  }
  /// A run-time check that `indices` index the axes from `axis` on of sizes
  /// `sizes` (one size, or one per entry of their last dimension), negative
  /// indices counting from the end; the failure names the node's op type.
  void checkIndices(Value indices, ArrayRef<int64_t> sizes, int64_t axis) {
    if (hasFailed || !indices) {
      hasFailed = true;
      return;
    }
    NamedAttribute attrs[] = {
        attr("sizes", array(sizes)), attr("axis", i64Attr(axis)),
        attr("allow_negative", UnitAttr::get(context())),
        attr("site", StringAttr::get(context(), ctx.opType()))};
    if (mlir::failed(ctx.createOp(CheckIndexOp::getOperationName(), {indices},
                                  attrs, /*numResults=*/0)))
      hasFailed = true;
  }
  /// Element `k` of the 1-D tensor `x`, as a tensor of shape [1].
  Value element(Value x, int64_t k) {
    if (x && cast<RankedTensorType>(x.getType()).getShape() ==
                 ArrayRef<int64_t>{1})
      return x;
    return op<SliceOp>({x}, {attr("starts", array({k})),
                             attr("ends", array({k + 1})),
                             attr("axes", array({0}))});
  }
  Value reduceSum(Value x, ArrayRef<int64_t> axes) {
    return op<ReduceSumOp>({x}, {attr("axes", array(axes))});
  }

  NamedAttribute attr(llvm::StringRef name, Attribute value) const {
    return ctx.namedAttr(name, value);
  }
  DenseI64ArrayAttr array(ArrayRef<int64_t> values) const {
    return DenseI64ArrayAttr::get(context(), values);
  }
  IntegerAttr i64Attr(int64_t v) const {
    return IntegerAttr::get(IntegerType::get(context(), 64), v);
  }
  static Type elementType(Value x) {
    return cast<RankedTensorType>(x.getType()).getElementType();
  }

private:
  NodeContext &ctx;
  bool hasFailed = false;
};

LogicalResult setResult(NodeContext &ctx, const Emitter &e, Value result,
                        unsigned i = 0) {
  if (e.failed() || !result)
    return failure();
  ctx.setOutput(i, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

LogicalResult importConstant(NodeContext &ctx) {
  MLIRContext *context = ctx.context();
  Builder b(context);
  if (ctx.hasAttr("value")) {
    FailureOr<DenseElementsAttr> value = ctx.getTensor("value");
    if (failed(value))
      return failure();
    ctx.setConstantOutput(0, *value);
    return success();
  }
  if (ctx.hasAttr("value_float")) {
    HostTensor t = HostTensor::zeros(b.getF32Type(), {});
    t.set(0, ctx.getFloat("value_float", 0));
    ctx.setConstantOutput(0, t.toAttr());
    return success();
  }
  if (ctx.hasAttr("value_floats")) {
    SmallVector<float> values = ctx.getFloats("value_floats");
    auto type = RankedTensorType::get({int64_t(values.size())}, b.getF32Type());
    ctx.setConstantOutput(0, DenseElementsAttr::get(type, ArrayRef(values)));
    return success();
  }
  if (ctx.hasAttr("value_int")) {
    ctx.setConstantOutput(0, HostTensor::ofInts(b.getI64Type(), {},
                                                {ctx.getInt("value_int", 0)})
                                 .toAttr());
    return success();
  }
  if (ctx.hasAttr("value_ints")) {
    SmallVector<int64_t> values = ctx.getInts("value_ints");
    ctx.setConstantOutput(
        0, HostTensor::ofInts(b.getI64Type(), {int64_t(values.size())}, values)
               .toAttr());
    return success();
  }
  if (ctx.hasAttr("sparse_value"))
    return ctx.unsupported("sparse constants are not supported");
  return ctx.unsupported("string constants are not supported");
}

//===----------------------------------------------------------------------===//
// Shape computations: always constants or iotas
//===----------------------------------------------------------------------===//

LogicalResult importShape(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  auto clampIndex = [&](int64_t v) {
    return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank);
  };
  int64_t start = clampIndex(ctx.getInt("start", 0));
  int64_t end = std::max(start, clampIndex(ctx.getInt("end", rank)));
  ArrayRef<int64_t> dims = type.getShape().slice(start, end - start);
  ctx.setConstantOutput(
      0, HostTensor::ofInts(IntegerType::get(ctx.context(), 64),
                            {int64_t(dims.size())}, dims)
             .toAttr());
  return success();
}

LogicalResult importSize(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  ctx.setConstantOutput(0, HostTensor::ofInts(IntegerType::get(ctx.context(), 64),
                                              {}, {type.getNumElements()})
                               .toAttr());
  return success();
}

LogicalResult importConstantOfShape(NodeContext &ctx) {
  Attribute value = FloatAttr::get(Float32Type::get(ctx.context()), 0.0);
  if (ctx.hasAttr("value")) {
    FailureOr<DenseElementsAttr> tensor = ctx.getTensor("value");
    if (failed(tensor))
      return failure();
    if (tensor->getNumElements() != 1)
      return ctx.unsupported("attribute 'value' has " +
                             std::to_string(tensor->getNumElements()) +
                             " elements, not 1");
    value = *tensor->getValues<Attribute>().begin();
  }
  Ints shape;
  if (std::optional<Ints> given = constantIntsInput(ctx, 0)) {
    shape = *given;
    if (failed(checkShape(ctx, shape, "the shape")))
      return failure();
  } else if (RankedTensorType out = staticOutputType(ctx, 0)) {
    shape = llvm::to_vector(out.getShape());
    if (failed(checkShape(ctx, shape, "the declared output shape")))
      return failure();
  } else {
    return ctx.unsupported("the shape (input 0) must be known at compile "
                           "time or inferred by ONNX");
  }
  auto type =
      RankedTensorType::get(shape, cast<TypedAttr>(value).getType());
  ctx.setConstantOutput(0, DenseElementsAttr::get(
                               type, type.getNumElements() == 0
                                         ? ArrayRef<Attribute>()
                                         : ArrayRef<Attribute>(value)));
  return success();
}

LogicalResult importRange(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  Type element = type.getElementType();
  std::optional<HostTensor> start = hostInput(ctx, 0), limit = hostInput(ctx, 1),
                            delta = hostInput(ctx, 2);
  if (start && limit && delta && start->size() == 1 && limit->size() == 1 &&
      delta->size() == 1) {
    int64_t count;
    if (start->isFloat()) {
      double d = delta->at(0);
      if (d == 0)
        return ctx.unsupported("delta is 0");
      count = int64_t(std::max(
          0.0, std::min(std::ceil((limit->at(0) - start->at(0)) / d), 9e18)));
    } else {
      int64_t s = start->ints[0], l = limit->ints[0], d = delta->ints[0];
      if (d == 0)
        return ctx.unsupported("delta is 0");
      // ceil((l - s) / d) without overflow for the ranges exporters emit.
      __int128 span = __int128(l) - s;
      __int128 n = span / d + ((span % d != 0) && ((span > 0) == (d > 0)));
      count = n > 0 ? int64_t(std::min<__int128>(n, INT64_MAX)) : 0;
    }
    if (count > kMaxHostVector)
      return ctx.unsupported("the range has " + std::to_string(count) +
                             " elements, more than 2^24");
    if (count <= kMaxFoldedElements) {
      HostTensor out = HostTensor::zeros(element, {count});
      for (int64_t i = 0; i < count; ++i) {
        if (out.isFloat())
          out.set(i, start->at(0) + double(i) * delta->at(0));
        else // Wraps like the element type.
          out.ints[i] = HostTensor::ofInts(
                            element, {},
                            {int64_t(uint64_t(start->ints[0]) +
                                     uint64_t(i) * uint64_t(delta->ints[0]))})
                            .ints[0];
      }
      ctx.setConstantOutput(0, out.toAttr());
      return success();
    }
  }
  // output[i] = start + i * delta, with the count from ONNX's output type.
  RankedTensorType out = staticOutputType(ctx, 0);
  if (!out || out.getRank() != 1)
    return ctx.unsupported("start, limit and delta must be known at compile "
                           "time, or the output size inferred by ONNX");
  int64_t count = out.getDimSize(0);
  if (count > kMaxHostVector)
    return ctx.unsupported("the range has " + std::to_string(count) +
                           " elements, more than 2^24");
  Emitter e(ctx);
  HostTensor steps = HostTensor::zeros(element, {count});
  for (int64_t i = 0; i < count; ++i)
    steps.set(i, double(i));
  Value result = e.add(e.input(0), e.mul(e.constant(steps.toAttr()),
                                         e.input(2)));
  return setResult(ctx, e, result);
}

LogicalResult importEyeLike(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  if (type.getRank() != 2)
    return ctx.unsupported("the input has rank " +
                           std::to_string(type.getRank()) + ", not 2");
  Type element = type.getElementType();
  if (ctx.hasAttr("dtype")) {
    int64_t dtype = ctx.getInt("dtype", 0);
    element = convertElementType(ctx.context(), dtype);
    if (!element)
      return ctx.unsupported("dtype " + onnxTypeName(dtype) +
                             " (nabla has no such type)");
  }
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  // Any k outside [-rows, cols] leaves the diagonal out of the matrix, so
  // it is clamped there (a huge k would overflow i + k).
  int64_t k = std::clamp<int64_t>(ctx.getInt("k", 0), -rows, cols);
  if (rows * cols <= kMaxFoldedElements) {
    HostTensor out = HostTensor::zeros(element, type.getShape());
    for (int64_t i = 0; i < rows; ++i)
      if (i + k >= 0 && i + k < cols)
        out.set(i * cols + i + k, 1.0);
    ctx.setConstantOutput(0, out.toAttr());
    return success();
  }
  // Large: compare a column iota with a shifted row iota.
  if (rows > kMaxHostVector || cols > kMaxHostVector)
    return ctx.unsupported("the input " + str(type) +
                           " has a dimension of more than 2^24");
  Emitter e(ctx);
  Ints rowValues(rows);
  std::iota(rowValues.begin(), rowValues.end(), k);
  Value diagonal = e.compare(ComparePredicate::eq, e.ints({rows, 1}, rowValues),
                             e.iota(cols, {1, cols}));
  return setResult(ctx, e, e.convert(diagonal, element));
}

//===----------------------------------------------------------------------===//
// OneHot and Trilu: comparisons against iotas, then where
//===----------------------------------------------------------------------===//

LogicalResult importOneHot(NodeContext &ctx) {
  RankedTensorType indicesType = staticInputType(ctx, 0);
  RankedTensorType valuesType = staticInputType(ctx, 2);
  if (!indicesType || !valuesType)
    return failure();
  if (valuesType.getNumElements() != 2)
    return ctx.unsupported("values (input 2) has " +
                           std::to_string(valuesType.getNumElements()) +
                           " elements, not 2");
  int64_t rank = indicesType.getRank();
  FailureOr<int64_t> axis = ctx.normalizeAxis(ctx.getInt("axis", -1), rank + 1);
  if (failed(axis))
    return failure();
  int64_t depth;
  if (std::optional<HostTensor> given = hostInput(ctx, 1);
      given && given->size() == 1) {
    depth = given->intAt(0);
  } else if (RankedTensorType out = staticOutputType(ctx, 0);
             out && out.getRank() == rank + 1) {
    // A declared output type stands alone when ONNX did not know the
    // indices' rank: its rank is checked before reading the axis.
    depth = out.getDimSize(*axis);
  } else {
    return ctx.unsupported("depth (input 1) must be known at compile time or "
                           "inferred by ONNX");
  }
  if (depth < 0 || depth > kMaxHostVector)
    return ctx.unsupported("depth " + std::to_string(depth) +
                           " is not in [0, 2^24]");
  Ints outShape(indicesType.getShape());
  outShape.insert(outShape.begin() + *axis, depth);
  if (failed(checkShape(ctx, outShape, "the output shape")))
    return failure();

  std::optional<HostTensor> indices = hostInput(ctx, 0), values = hostInput(ctx, 2);
  if (indices && values && product(outShape) <= kMaxFoldedElements) {
    HostTensor out = HostTensor::zeros(values->elementType, outShape);
    Ints outStrides = stridesOf(outShape);
    for (int64_t i = 0, e = out.size(); i < e; ++i) {
      // The index position drops the one-hot axis from the coordinates.
      int64_t hot = (i / outStrides[*axis]) % std::max<int64_t>(depth, 1);
      int64_t inner = i % outStrides[*axis];
      int64_t outer = i / (outStrides[*axis] * std::max<int64_t>(depth, 1));
      // Float indices truncate (saturated: converting a larger one is UB).
      int64_t index = indices->intAt(outer * outStrides[*axis] + inner);
      if (index < 0)
        index += depth;
      if (values->isFloat())
        out.floats[i] = values->floats[index == hot ? 1 : 0];
      else
        out.ints[i] = values->ints[index == hot ? 1 : 0];
    }
    ctx.setConstantOutput(0, out.toAttr());
    return success();
  }

  Emitter e(ctx);
  Value index = e.toI64(e.input(0));
  Value depthValue = e.ints({}, {depth});
  index = e.where(e.compare(ComparePredicate::lt, index, e.ints({}, {0})),
                  e.add(index, depthValue), index);
  Ints expanded(indicesType.getShape());
  expanded.insert(expanded.begin() + *axis, 1);
  Value hot = e.compare(ComparePredicate::eq, e.reshape(index, expanded),
                        e.iota(depth, unitShapeExcept(rank + 1, *axis, depth)));
  Value off, on;
  if (values) {
    off = e.scalar(values->elementType, values->at(0));
    on = e.scalar(values->elementType, values->at(1));
  } else {
    Value all = e.reshape(e.input(2), {2});
    off = e.element(all, 0);
    on = e.element(all, 1);
  }
  return setResult(ctx, e, e.where(hot, on, off));
}

LogicalResult importTrilu(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  if (rank < 2)
    return ctx.unsupported("the input has rank " + std::to_string(rank) +
                           ", less than 2");
  bool upper = ctx.getInt("upper", 1) != 0;
  int64_t rows = type.getDimSize(rank - 2), cols = type.getDimSize(rank - 1);
  std::optional<int64_t> k = 0;
  if (ctx.hasInput(1)) {
    std::optional<Ints> given = constantIntsInput(ctx, 1);
    k = given && given->size() == 1 ? std::optional<int64_t>((*given)[0])
                                    : std::nullopt;
  }
  // Keep x[i][j] where j - i >= k (upper) or j - i <= k (lower).
  auto keep = [&](int64_t i, int64_t j) {
    return upper ? j - i >= *k : j - i <= *k;
  };
  std::optional<HostTensor> x = hostInput(ctx, 0);
  if (k && x) {
    HostTensor out = *x;
    for (int64_t i = 0, e = out.size(); i < e; ++i)
      if (!keep((i / cols) % rows, i % cols))
        out.set(i, 0.0);
    ctx.setConstantOutput(0, out.toAttr());
    return success();
  }
  Emitter e(ctx);
  Value mask;
  if (k && rows * cols <= kMaxFoldedElements) {
    SmallVector<bool> bits;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        bits.push_back(keep(i, j));
    mask = e.constant(DenseElementsAttr::get(
        RankedTensorType::get({rows, cols}, IntegerType::get(ctx.context(), 1)),
        ArrayRef<bool>(bits)));
  } else {
    Value diagonal = e.sub(e.iota(cols, {1, cols}), e.iota(rows, {rows, 1}));
    Value kValue = k ? e.ints({}, {*k}) : e.toI64(e.input(1));
    mask = e.compare(upper ? ComparePredicate::ge : ComparePredicate::le,
                     diagonal, kValue);
  }
  Value result =
      e.where(mask, e.input(0), e.scalar(type.getElementType(), 0.0));
  return setResult(ctx, e, result);
}

//===----------------------------------------------------------------------===//
// Reshapes
//===----------------------------------------------------------------------===//

/// Defines output 0 as `x` (input 0) in `shape`: a constant when `x` is
/// one and small, else a nabla.reshape (none when the shape is unchanged).
LogicalResult reshapeInput(NodeContext &ctx, ArrayRef<int64_t> shape) {
  RankedTensorType type = ctx.inputType(0);
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  // A shape taken from a declared output type is not checked by anyone else
  // (a folded constant of the wrong size would be corrupt).
  if (type.hasStaticShape() && resultType.hasStaticShape() &&
      resultType.getNumElements() != type.getNumElements())
    return ctx.unsupported("cannot reshape " + str(type) + " (" +
                           std::to_string(type.getNumElements()) +
                           " elements) to " + str(resultType));
  if (DenseElementsAttr x = ctx.constantInput(0); isFoldable(x)) {
    ctx.setConstantOutput(0, x.reshape(resultType));
    return success();
  }
  Emitter e(ctx);
  return setResult(ctx, e, e.reshape(e.input(0), shape));
}

LogicalResult importReshape(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  std::optional<Ints> requested;
  if (ctx.hasAttr("shape"))
    requested = ctx.getInts("shape");
  else if (ctx.hasInput(1))
    requested = constantIntsInput(ctx, 1);
  else
    return ctx.unsupported("the shape (input 1) is required");
  if (!requested) {
    // Known only at run time: ONNX's inferred type is the one valid result.
    if (RankedTensorType out = staticOutputType(ctx, 0))
      return reshapeInput(ctx, out.getShape());
    return ctx.unsupported("the shape (input 1) must be known at compile "
                           "time or inferred by ONNX");
  }
  bool allowZero = ctx.getInt("allowzero", 0) != 0;
  Ints shape = *requested;
  int64_t inferred = -1, known = 1;
  int64_t total = type.getNumElements();
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !allowZero) {
      if (int64_t(i) >= type.getRank())
        return ctx.unsupported("shape " + str(*requested) + " copies dimension " +
                               std::to_string(i) + " of a rank-" +
                               std::to_string(type.getRank()) + " input");
      d = type.getDimSize(i);
    }
    if (d == -1) {
      if (inferred >= 0)
        return ctx.unsupported("shape " + str(*requested) +
                               " has more than one -1");
      inferred = i;
      continue;
    }
    if (d < 0)
      return ctx.unsupported("shape " + str(*requested) + " has entry " +
                             std::to_string(d));
    if (d > kMaxTensorElements || (d != 0 && known > kMaxTensorElements / d))
      return ctx.unsupported("cannot reshape " + str(type) + " to " +
                             str(*requested));
    known *= d;
  }
  if (inferred >= 0) {
    if (known == 0)
      return ctx.unsupported("shape " + str(*requested) +
                             " infers a dimension next to a zero-sized one");
    if (total % known != 0)
      return ctx.unsupported("cannot reshape " + str(type) + " to " +
                             str(*requested));
    shape[inferred] = total / known;
    known = total;
  }
  if (known != total)
    return ctx.unsupported("cannot reshape " + str(type) + " (" +
                           std::to_string(total) + " elements) to " +
                           str(*requested));
  return reshapeInput(ctx, shape);
}

LogicalResult importFlatten(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank(), axis = ctx.getInt("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank)
    return ctx.unsupported("axis " + std::to_string(ctx.getInt("axis", 1)) +
                           " is out of range for rank " + std::to_string(rank));
  Ints shape = {product(type.getShape().take_front(axis)),
                product(type.getShape().drop_front(axis))};
  if (DenseElementsAttr x = ctx.constantInput(0); isFoldable(x))
    return reshapeInput(ctx, shape);
  Emitter e(ctx);
  return setResult(ctx, e,
                   e.op<FlattenOp>({e.input(0)}, {e.attr("axis", e.i64Attr(axis))}));
}

/// The axes given as attribute `axes` (older opsets) or input 1; nullopt
/// when absent; failure (reported) when malformed. `runtime` is set when
/// they are only known at run time.
FailureOr<std::optional<Ints>> axesOf(NodeContext &ctx, bool &runtime) {
  runtime = false;
  if (ctx.hasAttr("axes"))
    return std::optional<Ints>(ctx.getInts("axes"));
  if (!ctx.hasInput(1))
    return std::optional<Ints>();
  if (std::optional<Ints> axes = constantIntsInput(ctx, 1))
    return std::optional<Ints>(*axes);
  runtime = true;
  return std::optional<Ints>();
}

/// Normalizes `axes` against `rank`; reports out-of-range and repeated ones.
FailureOr<Ints> normalizeAxes(NodeContext &ctx, ArrayRef<int64_t> axes,
                              int64_t rank) {
  Ints normalized;
  for (int64_t axis : axes) {
    FailureOr<int64_t> a = ctx.normalizeAxis(axis, rank);
    if (failed(a))
      return failure();
    if (llvm::is_contained(normalized, *a)) {
      (void)ctx.unsupported("axes " + str(axes) + " repeat axis " +
                            std::to_string(*a));
      return failure();
    }
    normalized.push_back(*a);
  }
  return normalized;
}

LogicalResult importSqueeze(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  bool runtime;
  FailureOr<std::optional<Ints>> given = axesOf(ctx, runtime);
  if (failed(given))
    return failure();
  if (runtime) {
    if (RankedTensorType out = staticOutputType(ctx, 0))
      return reshapeInput(ctx, out.getShape());
    return ctx.unsupported("axes (input 1) must be known at compile time or "
                           "the output type inferred by ONNX");
  }
  Ints axes;
  if (*given) {
    FailureOr<Ints> normalized = normalizeAxes(ctx, **given, type.getRank());
    if (failed(normalized))
      return failure();
    axes = *normalized;
  } else {
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.getDimSize(d) == 1)
        axes.push_back(d);
  }
  llvm::sort(axes);
  Ints shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!llvm::is_contained(axes, d)) {
      shape.push_back(type.getDimSize(d));
      continue;
    }
    if (type.getDimSize(d) != 1)
      return ctx.unsupported("cannot squeeze dimension " + std::to_string(d) +
                             " of " + str(type) + ": its size is not 1");
  }
  if (DenseElementsAttr x = ctx.constantInput(0); isFoldable(x) || axes.empty())
    return reshapeInput(ctx, shape);
  Emitter e(ctx);
  return setResult(ctx, e,
                   e.op<SqueezeOp>({e.input(0)}, {e.attr("axes", e.array(axes))}));
}

LogicalResult importUnsqueeze(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  bool runtime;
  FailureOr<std::optional<Ints>> given = axesOf(ctx, runtime);
  if (failed(given))
    return failure();
  if (runtime) {
    if (RankedTensorType out = staticOutputType(ctx, 0))
      return reshapeInput(ctx, out.getShape());
    return ctx.unsupported("axes (input 1) must be known at compile time or "
                           "the output type inferred by ONNX");
  }
  if (!*given)
    return ctx.unsupported("axes are required");
  int64_t outRank = type.getRank() + int64_t((*given)->size());
  FailureOr<Ints> axes = normalizeAxes(ctx, **given, outRank);
  if (failed(axes))
    return failure();
  llvm::sort(*axes);
  Ints shape;
  for (int64_t d = 0, next = 0; d < outRank; ++d)
    shape.push_back(llvm::is_contained(*axes, d) ? 1
                                                 : type.getDimSize(next++));
  if (DenseElementsAttr x = ctx.constantInput(0); isFoldable(x))
    return reshapeInput(ctx, shape);
  Emitter e(ctx);
  return setResult(
      ctx, e, e.op<UnsqueezeOp>({e.input(0)}, {e.attr("axes", e.array(*axes))}));
}

LogicalResult importTranspose(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  Ints perm;
  if (ctx.hasAttr("perm")) {
    perm = ctx.getInts("perm");
    Ints sorted = perm;
    llvm::sort(sorted);
    Ints identity(rank);
    std::iota(identity.begin(), identity.end(), 0);
    if (sorted != identity)
      return ctx.unsupported("perm " + str(perm) +
                             " is not a permutation of the " +
                             std::to_string(rank) + " dimensions");
  } else {
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  }
  if (std::optional<HostTensor> x = hostInput(ctx, 0)) {
    ctx.setConstantOutput(0, foldTranspose(*x, perm).toAttr());
    return success();
  }
  Emitter e(ctx);
  return setResult(ctx, e,
                   e.op<TransposeOp>({e.input(0)}, {e.attr("perm", e.array(perm))}));
}

//===----------------------------------------------------------------------===//
// Concat and Split
//===----------------------------------------------------------------------===//

LogicalResult importConcat(NodeContext &ctx) {
  if (ctx.numInputs() == 0)
    return ctx.unsupported("Concat needs at least one input");
  RankedTensorType first = staticInputType(ctx, 0);
  if (!first)
    return failure();
  int64_t rank = first.getRank();
  if (rank == 0)
    return ctx.unsupported("cannot concatenate scalars");
  if (!ctx.hasAttr("axis") && ctx.opset() >= 4)
    return ctx.unsupported("attribute 'axis' is required");
  FailureOr<int64_t> axis = ctx.normalizeAxis(ctx.getInt("axis", 1), rank);
  if (failed(axis))
    return failure();
  SmallVector<HostTensor> hosts;
  int64_t total = 0;
  for (unsigned i = 0; i < ctx.numInputs(); ++i) {
    std::optional<HostTensor> t = hostInput(ctx, i);
    if (!t || t->elementType != first.getElementType() ||
        t->shape.size() != size_t(rank))
      break;
    total += t->size();
    hosts.push_back(std::move(*t));
  }
  if (hosts.size() == ctx.numInputs() && total <= kMaxFoldedElements) {
    for (const HostTensor &t : hosts)
      for (int64_t d = 0; d < rank; ++d)
        if (d != *axis && t.shape[d] != first.getDimSize(d))
          return ctx.unsupported("inputs of shapes " + str(first.getShape()) +
                                 " and " + str(t.shape) +
                                 " do not concatenate along axis " +
                                 std::to_string(*axis));
    ctx.setConstantOutput(0, foldConcat(hosts, *axis).toAttr());
    return success();
  }
  Emitter e(ctx);
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < ctx.numInputs(); ++i)
    inputs.push_back(e.input(i));
  return setResult(
      ctx, e, e.op<ConcatOp>(inputs, {e.attr("axis", e.i64Attr(*axis))}));
}

LogicalResult importSplit(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  if (type.getRank() == 0)
    return ctx.unsupported("cannot split a scalar");
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.getInt("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = type.getDimSize(*axis);
  int64_t parts = ctx.numOutputs();
  Ints sizes;
  if (ctx.hasAttr("split")) {
    sizes = ctx.getInts("split");
  } else if (ctx.hasInput(1)) {
    if (std::optional<Ints> given = constantIntsInput(ctx, 1)) {
      sizes = *given;
    } else {
      // Known only at run time: the output types fix the sizes.
      for (int64_t i = 0; i < parts; ++i) {
        RankedTensorType out = staticOutputType(ctx, i);
        if (!out || out.getRank() != type.getRank())
          return ctx.unsupported("split (input 1) must be known at compile "
                                 "time or the output types inferred by ONNX");
        sizes.push_back(out.getDimSize(*axis));
      }
    }
  } else {
    if (ctx.hasAttr("num_outputs"))
      parts = ctx.getInt("num_outputs", parts);
    if (parts <= 0)
      return ctx.unsupported("cannot split into " + std::to_string(parts) +
                             " parts");
    // Equal parts; when they do not divide, the last one is smaller.
    int64_t chunk = (dim + parts - 1) / parts;
    for (int64_t i = 0; i < parts; ++i)
      sizes.push_back(std::max<int64_t>(0, std::min(chunk, dim - i * chunk)));
    if (dim % parts != 0 && dim - (parts - 1) * chunk <= 0)
      return ctx.unsupported("cannot split dimension " + std::to_string(dim) +
                             " into " + std::to_string(parts) + " parts");
  }
  if (int64_t(sizes.size()) != int64_t(ctx.numOutputs()))
    return ctx.unsupported("split " + str(sizes) + " has " +
                           std::to_string(sizes.size()) + " entries for " +
                           std::to_string(ctx.numOutputs()) + " outputs");
  int64_t total = 0;
  bool overflow = false;
  for (int64_t size : sizes)
    overflow |= size < 0 || llvm::AddOverflow(total, size, total);
  if (overflow || total != dim)
    return ctx.unsupported("split " + str(sizes) + " does not add up to " +
                           "dimension " + std::to_string(*axis) + " of " +
                           str(type));
  if (std::optional<HostTensor> x = hostInput(ctx, 0)) {
    int64_t offset = 0;
    for (auto [i, size] : llvm::enumerate(sizes)) {
      ctx.setConstantOutput(i, foldSlice(*x, {offset}, {offset + size}, {*axis},
                                         {1})
                                   .toAttr());
      offset += size;
    }
    return success();
  }
  Emitter e(ctx);
  Value x = e.input(0);
  if (e.failed())
    return failure();
  FailureOr<Operation *> split = ctx.createOp(
      SplitOp::getOperationName(), ValueRange(x),
      {e.attr("axis", e.i64Attr(*axis)), e.attr("sizes", e.array(sizes))},
      sizes.size());
  if (failed(split))
    return failure();
  for (unsigned i = 0; i < sizes.size(); ++i)
    ctx.setOutput(i, (*split)->getResult(i));
  return success();
}

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

/// Indices `start, start + step, ...` (`count` of them) into a dimension of
/// size `dim`, with `start` and `step` known only at run time (tensors of
/// shape [] or [1]; `stepConst` replaces `step` when known). `start` is
/// made non-negative and clamped as ONNX Slice does.
Value sliceIndices(Emitter &e, Value start, Value step,
                   std::optional<int64_t> stepConst, int64_t dim,
                   int64_t count) {
  if (count == 0)
    return e.ints({0}, {});
  Value zero = e.ints({}, {0});
  start = e.where(e.compare(ComparePredicate::lt, start, zero),
                  e.add(start, e.ints({}, {dim})), start);
  Value high;
  if (stepConst)
    high = e.ints({}, {*stepConst > 0 ? dim : dim - 1});
  else
    high = e.where(e.compare(ComparePredicate::lt, step, zero),
                   e.ints({}, {dim - 1}), e.ints({}, {dim}));
  start = e.min(e.max(start, zero), high);
  Value offsets = e.iota(count, {count});
  if (stepConst != 1)
    offsets = e.mul(offsets, stepConst ? e.ints({}, {*stepConst}) : step);
  return e.add(start, offsets);
}

LogicalResult importSlice(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  bool attrForm = ctx.hasAttr("starts");
  std::optional<Ints> starts, ends, axes, steps;
  int64_t count;
  if (attrForm) {
    starts = ctx.getInts("starts");
    ends = ctx.getInts("ends");
    if (ctx.hasAttr("axes"))
      axes = ctx.getInts("axes");
    count = starts->size();
  } else {
    RankedTensorType startsType = ctx.inputType(1);
    if (!startsType || !ctx.hasInput(2))
      return ctx.unsupported("starts and ends (inputs 1 and 2) are required");
    if (startsType.getRank() != 1 || !startsType.hasStaticShape())
      return ctx.unsupported("starts has type " + str(startsType) +
                             ", not a 1-D static tensor");
    count = startsType.getDimSize(0);
    starts = constantIntsInput(ctx, 1);
    ends = constantIntsInput(ctx, 2);
    if (ctx.hasInput(3))
      axes = constantIntsInput(ctx, 3);
    if (ctx.hasInput(4))
      steps = constantIntsInput(ctx, 4);
  }
  // Each entry slices a distinct axis; more entries than axes (a declared
  // 6*10^8 once) would size the vectors below.
  if (count > rank)
    return ctx.unsupported("starts has " + std::to_string(count) +
                           " entries, more than the rank of " + str(type));
  bool axesKnown = axes || attrForm || !ctx.hasInput(3);
  bool stepsKnown = steps || attrForm || !ctx.hasInput(4);
  if (!axes && axesKnown) {
    axes.emplace(count);
    std::iota(axes->begin(), axes->end(), 0);
  }
  if (!steps && stepsKnown)
    steps = Ints(count, 1);
  if (axes) {
    FailureOr<Ints> normalized = normalizeAxes(ctx, *axes, rank);
    if (failed(normalized))
      return failure();
    axes = *normalized;
  }
  for (std::optional<Ints> *list : {&starts, &ends, &axes, &steps})
    if (*list && int64_t((*list)->size()) != count)
      return ctx.unsupported("starts, ends, axes and steps have different "
                             "lengths");
  if (steps && llvm::is_contained(*steps, 0))
    return ctx.unsupported("steps " + str(*steps) + " contain 0");

  if (starts && ends && axes && steps) {
    if (std::optional<HostTensor> x = hostInput(ctx, 0)) {
      ctx.setConstantOutput(0, foldSlice(*x, *starts, *ends, *axes, *steps)
                                   .toAttr());
      return success();
    }
    Emitter e(ctx);
    SmallVector<NamedAttribute> attrs = {e.attr("starts", e.array(*starts)),
                                         e.attr("ends", e.array(*ends)),
                                         e.attr("axes", e.array(*axes))};
    if (llvm::any_of(*steps, [](int64_t s) { return s != 1; }))
      attrs.push_back(e.attr("steps", e.array(*steps)));
    return setResult(ctx, e, e.op<SliceOp>({e.input(0)}, attrs));
  }

  // Starts, steps or axes known only at run time: gather along each sliced
  // axis with indices computed at run time; ONNX's output type gives the
  // sizes (which is all that ends decide).
  RankedTensorType out = staticOutputType(ctx, 0);
  if (!out || out.getRank() != rank)
    return ctx.unsupported("starts, ends, axes and steps must be known at "
                           "compile time, or the output type inferred by "
                           "ONNX");
  Emitter e(ctx);
  Value x = e.input(0);
  Value startsValue = starts ? e.ints({count}, *starts) : e.toI64(e.input(1));
  Value stepsValue;
  if (!steps)
    stepsValue = e.toI64(e.input(4));
  if (axes) {
    for (auto [k, axis] : llvm::enumerate(*axes)) {
      std::optional<int64_t> stepConst =
          steps ? std::optional<int64_t>((*steps)[k]) : std::nullopt;
      Value step = steps ? Value() : e.element(stepsValue, k);
      Value indices = sliceIndices(e, e.element(startsValue, k), step,
                                   stepConst, type.getDimSize(axis),
                                   out.getDimSize(axis));
      x = e.gather(x, indices, axis);
    }
    return setResult(ctx, e, x);
  }
  // Axes known only at run time: every dimension may be sliced; its start
  // and step are the entries whose (normalized) axis matches it.
  Value axesValue = e.toI64(e.input(3));
  Value zero = e.ints({}, {0});
  axesValue = e.where(e.compare(ComparePredicate::lt, axesValue, zero),
                      e.add(axesValue, e.ints({}, {rank})), axesValue);
  for (int64_t d = 0; d < rank; ++d) {
    Value match = e.compare(ComparePredicate::eq, axesValue, e.ints({}, {d}));
    Value start = e.reduceSum(e.where(match, startsValue, zero), {0});
    Value step;
    std::optional<int64_t> stepConst;
    if (steps) {
      // Known steps, unknown axes: pick the step the same way.
      Value stepsConst = e.ints({count}, *steps);
      step = e.reduceSum(e.where(match, stepsConst, zero), {0});
    } else {
      step = e.reduceSum(e.where(match, stepsValue, zero), {0});
    }
    // An unmatched dimension has start 0 and step 1.
    Value matched = e.reduceSum(e.toI64(match), {0});
    step = e.add(step, e.sub(e.ints({}, {1}), matched));
    Value indices = sliceIndices(e, start, step, stepConst, type.getDimSize(d),
                                 out.getDimSize(d));
    x = e.gather(x, indices, d);
  }
  return setResult(ctx, e, x);
}

//===----------------------------------------------------------------------===//
// Gathers
//===----------------------------------------------------------------------===//

LogicalResult importGather(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  RankedTensorType indicesType = staticInputType(ctx, 1);
  if (!type || !indicesType)
    return failure();
  if (type.getRank() == 0)
    return ctx.unsupported("cannot gather from a scalar");
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.getInt("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = type.getDimSize(*axis);
  Emitter e(ctx);
  if (std::optional<HostTensor> indices = hostInput(ctx, 1)) {
    // Known indices: normalized (and checked) here.
    HostTensor normalized = HostTensor::zeros(e.i64(), indices->shape);
    for (int64_t i = 0, n = indices->size(); i < n; ++i) {
      int64_t index = indices->intAt(i);
      if (index < -dim || index >= dim)
        return ctx.unsupported("index " + std::to_string(index) +
                               " is out of range for dimension " +
                               std::to_string(*axis) + " of " + str(type));
      normalized.ints[i] = index < 0 ? index + dim : index;
    }
    std::optional<HostTensor> data = hostInput(ctx, 0);
    if (data && product(type.getShape()) / std::max<int64_t>(dim, 1) *
                        normalized.size() <=
                    kMaxFoldedElements) {
      FailureOr<HostTensor> folded = foldGather(*data, normalized, *axis);
      if (succeeded(folded)) {
        ctx.setConstantOutput(0, folded->toAttr());
        return success();
      }
    }
    return setResult(ctx, e,
                     e.gather(e.input(0), e.constant(normalized.toAttr()), *axis));
  }
  // nabla.gather wraps negative indices at run time itself.
  return setResult(ctx, e, e.gather(e.input(0), e.input(1), *axis));
}

LogicalResult importGatherElements(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  RankedTensorType indicesType = staticInputType(ctx, 1);
  if (!type || !indicesType)
    return failure();
  int64_t rank = type.getRank();
  if (indicesType.getRank() != rank || rank == 0)
    return ctx.unsupported("data " + str(type) + " and indices " +
                           str(indicesType) + " must have one rank >= 1");
  FailureOr<int64_t> axis = ctx.normalizeAxis(ctx.getInt("axis", 0), rank);
  if (failed(axis))
    return failure();
  for (int64_t d = 0; d < rank; ++d)
    if (d != *axis && indicesType.getDimSize(d) > type.getDimSize(d))
      return ctx.unsupported("indices " + str(indicesType) +
                             " are larger than data " + str(type) +
                             " in dimension " + std::to_string(d));
  int64_t dim = type.getDimSize(*axis);
  if (dim == 0 && indicesType.getNumElements() != 0)
    return ctx.unsupported("cannot gather from an empty dimension");
  std::optional<HostTensor> data = hostInput(ctx, 0), indices = hostInput(ctx, 1);
  if (data && indices) {
    FailureOr<HostTensor> folded = foldGatherElements(*data, *indices, *axis);
    if (failed(folded))
      return ctx.unsupported("an index is out of range for dimension " +
                             std::to_string(*axis) + " of " + str(type));
    ctx.setConstantOutput(0, folded->toAttr());
    return success();
  }
  // Gather from the flattened data at idx * stride(axis) + the offsets of
  // the other coordinates (broadcast from one small iota per dimension).
  Emitter e(ctx);
  Ints strides = stridesOf(type.getShape());
  Value index;
  if (indices) {
    HostTensor normalized = HostTensor::zeros(e.i64(), indices->shape);
    for (int64_t i = 0, n = indices->size(); i < n; ++i) {
      int64_t v = indices->intAt(i);
      if (v < -dim || v >= dim)
        return ctx.unsupported("index " + std::to_string(v) +
                               " is out of range for dimension " +
                               std::to_string(*axis) + " of " + str(type));
      normalized.ints[i] = v < 0 ? v + dim : v;
    }
    index = e.constant(normalized.toAttr());
  } else {
    // Checked here, per element: a bad index could still land inside the
    // flattened data.
    e.checkIndices(e.input(1), {dim}, *axis);
    index = e.toI64(e.input(1));
    index = e.where(e.compare(ComparePredicate::lt, index, e.ints({}, {0})),
                    e.add(index, e.ints({}, {dim})), index);
  }
  Value linear = e.mul(index, e.ints({}, {strides[*axis]}));
  for (int64_t d = 0; d < rank; ++d) {
    int64_t n = indicesType.getDimSize(d);
    if (d == *axis || n == 1)
      continue;
    linear = e.add(linear, e.ramp(n, strides[d], unitShapeExcept(rank, d, n)));
  }
  Value flat = e.reshape(e.input(0), {type.getNumElements()});
  return setResult(ctx, e, e.gather(flat, linear, 0, /*inBounds=*/true));
}

LogicalResult importGatherND(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  RankedTensorType indicesType = staticInputType(ctx, 1);
  if (!type || !indicesType)
    return failure();
  int64_t rank = type.getRank(), indexRank = indicesType.getRank();
  int64_t batchDims = ctx.getInt("batch_dims", 0);
  if (indexRank < 1 || rank < 1)
    return ctx.unsupported("data and indices must have rank >= 1");
  int64_t depth = indicesType.getDimSize(indexRank - 1);
  if (batchDims < 0 || batchDims >= std::min(rank, indexRank) ||
      batchDims + depth > rank)
    return ctx.unsupported("batch_dims " + std::to_string(batchDims) +
                           " and index depth " + std::to_string(depth) +
                           " do not fit data " + str(type) + " and indices " +
                           str(indicesType));
  if (type.getShape().take_front(batchDims) !=
      indicesType.getShape().take_front(batchDims))
    return ctx.unsupported("the batch dimensions of data " + str(type) +
                           " and indices " + str(indicesType) + " differ");
  ArrayRef<int64_t> shape = type.getShape();
  Ints rowsShape(indicesType.getShape().drop_back());
  Ints resultShape = rowsShape;
  resultShape.append(shape.begin() + batchDims + depth, shape.end());
  if (failed(checkShape(ctx, resultShape, "the result shape")))
    return failure();
  std::optional<HostTensor> data = hostInput(ctx, 0), indices = hostInput(ctx, 1);
  // Empty index tuples of a large shape gather a large result from small
  // (even empty) inputs.
  if (data && indices && isFoldableShape(resultShape)) {
    FailureOr<HostTensor> folded = foldGatherND(*data, *indices, batchDims);
    if (failed(folded))
      return ctx.unsupported("an index is out of range for data " + str(type));
    ctx.setConstantOutput(0, folded->toAttr());
    return success();
  }
  // Rows of data viewed as [batch * indexed, inner], picked at the linear
  // position of each index tuple (plus its batch's first row).
  ArrayRef<int64_t> indexed = shape.slice(batchDims, depth);
  int64_t inner = product(shape.drop_front(batchDims + depth));
  Emitter e(ctx);
  Value rows;
  if (depth == 0) {
    rows = ctx.scalarConstant(e.i64(), 0, rowsShape);
  } else {
    // Checked per entry of each tuple: a bad entry could still land on a
    // row inside the flattened data.
    e.checkIndices(e.input(1), indexed, batchDims);
    Value index = e.toI64(e.input(1));
    Value dims = e.ints({depth}, indexed);
    index = e.where(e.compare(ComparePredicate::lt, index, e.ints({}, {0})),
                    e.add(index, dims), index);
    rows = e.reduceSum(e.mul(index, e.ints({depth}, stridesOf(indexed))),
                       {indexRank - 1});
  }
  int64_t perBatch = product(indexed);
  Ints batchStrides = stridesOf(shape.take_front(batchDims));
  for (int64_t d = 0; d < batchDims; ++d) {
    if (shape[d] == 1)
      continue;
    rows = e.add(rows, e.ramp(shape[d], batchStrides[d] * perBatch,
                              unitShapeExcept(indexRank - 1, d, shape[d])));
  }
  Value table = e.reshape(
      e.input(0), {product(shape.take_front(batchDims + depth)), inner});
  return setResult(ctx, e,
                   e.reshape(e.gather(table, rows, 0, /*inBounds=*/true),
                             resultShape));
}

//===----------------------------------------------------------------------===//
// Pad, Expand, Tile
//===----------------------------------------------------------------------===//

/// Pad through gathers, for begins or a fill value known only at run time:
/// along each padded axis, output position o reads x at o - begin (mapped
/// back inside by `mode`); in constant mode, positions outside x become
/// `fill` (null in the other modes). `begins[k]` is a tensor of shape [1]
/// for `axes[k]`.
Value padByGather(Emitter &e, Value x, RankedTensorType type,
                  ArrayRef<int64_t> outShape, ArrayRef<int64_t> axes,
                  ArrayRef<Value> begins, llvm::StringRef mode, Value fill) {
  int64_t rank = type.getRank();
  if (type.getNumElements() == 0) {
    // Nothing to read: every element is new (or there are none).
    if (!fill)
      fill = e.scalar(type.getElementType(), 0.0);
    return e.op<ExpandOp>({e.reshape(fill, Ints(rank, 1))},
                          {e.attr("shape", e.array(outShape))});
  }
  Value mask;
  for (auto [axis, begin] : llvm::zip(axes, begins)) {
    int64_t n = type.getDimSize(axis), count = outShape[axis];
    Value zero = e.ints({}, {0}), last = e.ints({}, {n - 1});
    Value j = e.sub(e.iota(count, {count}), begin);
    if (mode == "reflect") {
      j = e.where(e.compare(ComparePredicate::lt, j, zero), e.sub(zero, j), j);
      j = e.where(e.compare(ComparePredicate::gt, j, last),
                  e.sub(e.ints({}, {2 * (n - 1)}), j), j);
    } else if (mode == "constant") {
      Value inside = e.logicalAnd(e.compare(ComparePredicate::ge, j, zero),
                                  e.compare(ComparePredicate::le, j, last));
      inside = e.reshape(inside, unitShapeExcept(rank, axis, count));
      mask = mask ? e.logicalAnd(mask, inside) : inside;
    }
    x = e.gather(x, e.min(e.max(j, zero), last), axis);
  }
  return mask ? e.where(mask, x, fill) : x;
}

LogicalResult importPad(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  std::string mode = ctx.getString("mode", "constant");
  std::optional<PadMode> padMode = symbolizePadMode(mode);
  if (!padMode)
    return ctx.unsupported("mode '" + mode + "' is not supported");

  std::optional<Ints> pads;
  bool attrForm = ctx.hasAttr("pads") || ctx.hasAttr("paddings");
  if (attrForm)
    pads = ctx.getInts(ctx.hasAttr("pads") ? "pads" : "paddings");
  else if (!ctx.hasInput(1))
    return ctx.unsupported("pads (input 1) is required");
  else
    pads = constantIntsInput(ctx, 1);
  // The fill value matters only in constant mode.
  std::optional<double> value = 0.0;
  if (*padMode != PadMode::constant)
    value = 0.0;
  else if (attrForm)
    value = ctx.getFloat("value", 0.0);
  else if (ctx.hasInput(2)) {
    std::optional<HostTensor> given = hostInput(ctx, 2);
    value = given && given->size() == 1 ? std::optional<double>(given->at(0))
                                        : std::nullopt;
  }
  Ints axes(rank);
  std::iota(axes.begin(), axes.end(), 0);
  if (ctx.hasInput(3)) {
    std::optional<Ints> given = constantIntsInput(ctx, 3);
    if (!given)
      return ctx.unsupported("axes (input 3) must be known at compile time");
    FailureOr<Ints> normalized = normalizeAxes(ctx, *given, rank);
    if (failed(normalized))
      return failure();
    axes = *normalized;
  }
  int64_t count = axes.size();
  if (!pads) {
    RankedTensorType padsType = ctx.inputType(1);
    if (!padsType || padsType.getNumElements() != 2 * count)
      return ctx.unsupported("pads (input 1) must have " +
                             std::to_string(2 * count) + " entries");
  } else if (int64_t(pads->size()) != 2 * count) {
    return ctx.unsupported("pads " + str(*pads) + " has " +
                           std::to_string(pads->size()) + " entries, not " +
                           std::to_string(2 * count));
  }

  if (pads) {
    // Every axis, in nabla's [begins..., ends...] order.
    Ints full(2 * rank, 0);
    for (auto [k, axis] : llvm::enumerate(axes)) {
      full[axis] = (*pads)[k];
      full[rank + axis] = (*pads)[count + k];
    }
    Ints outShape;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t n = type.getDimSize(d), begin = full[d], end = full[rank + d];
      // Not std::abs, which is undefined for INT64_MIN.
      if (begin > kMaxTensorElements || begin < -kMaxTensorElements ||
          end > kMaxTensorElements || end < -kMaxTensorElements)
        return ctx.unsupported("pads " + str(*pads) + " are too large");
      int64_t size = n + begin + end;
      if (size < 0)
        return ctx.unsupported("pads " + str(*pads) + " crop dimension " +
                               std::to_string(d) + " of " + str(type) +
                               " below zero");
      if (*padMode == PadMode::reflect &&
          ((begin > 0 && begin >= n) || (end > 0 && end >= n)))
        return ctx.unsupported("reflect pads " + str(*pads) +
                               " must be smaller than dimension " +
                               std::to_string(d) + " of " + str(type));
      if (*padMode == PadMode::edge && n == 0 && size > 0)
        return ctx.unsupported("edge mode cannot pad the empty dimension " +
                               std::to_string(d) + " of " + str(type));
      outShape.push_back(size);
    }
    if (failed(checkShape(ctx, outShape, "the result shape")))
      return failure();
    if (std::optional<HostTensor> x = hostInput(ctx, 0);
        x && value && product(outShape) <= kMaxFoldedElements) {
      FailureOr<HostTensor> folded = foldPad(*x, full, mode, *value);
      if (succeeded(folded)) {
        ctx.setConstantOutput(0, folded->toAttr());
        return success();
      }
    }
    Emitter e(ctx);
    if (value) {
      SmallVector<NamedAttribute> attrs = {e.attr("pads", e.array(full))};
      if (*padMode != PadMode::constant)
        attrs.push_back(
            e.attr("mode", PadModeAttr::get(ctx.context(), *padMode)));
      else if (*value != 0.0)
        attrs.push_back(e.attr("value", FloatAttr::get(Float64Type::get(
                                                           ctx.context()),
                                                       *value)));
      return setResult(ctx, e, e.op<PadOp>({e.input(0)}, attrs));
    }
    // A fill value known only at run time.
    Ints paddedAxes;
    SmallVector<Value> begins;
    for (int64_t d = 0; d < rank; ++d) {
      if (full[d] == 0 && full[rank + d] == 0)
        continue;
      paddedAxes.push_back(d);
      begins.push_back(e.ints({1}, {full[d]}));
    }
    Value fill = e.input(2);
    return setResult(ctx, e, padByGather(e, e.input(0), type, outShape,
                                         paddedAxes, begins, mode, fill));
  }

  // Pads known only at run time: ONNX's output type gives the sizes, the
  // begins are read at run time.
  RankedTensorType out = staticOutputType(ctx, 0);
  if (!out || out.getRank() != rank)
    return ctx.unsupported("pads (input 1) must be known at compile time, or "
                           "the output type inferred by ONNX");
  if (failed(checkShape(ctx, out.getShape(), "the declared output shape")))
    return failure();
  if (*padMode == PadMode::edge || *padMode == PadMode::reflect)
    for (int64_t axis : axes)
      if (type.getDimSize(axis) == 0 && out.getDimSize(axis) > 0)
        return ctx.unsupported(mode + " mode cannot pad the empty dimension " +
                               std::to_string(axis) + " of " + str(type));
  Emitter e(ctx);
  Value padsValue = e.toI64(e.reshape(e.input(1), {2 * count}));
  SmallVector<Value> begins;
  for (int64_t k = 0; k < count; ++k)
    begins.push_back(e.element(padsValue, k));
  Value fill;
  if (*padMode == PadMode::constant)
    fill = value ? e.scalar(type.getElementType(), *value) : e.input(2);
  return setResult(ctx, e, padByGather(e, e.input(0), type, out.getShape(),
                                       axes, begins, mode, fill));
}

LogicalResult importExpand(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  Ints shape;
  if (std::optional<Ints> given = constantIntsInput(ctx, 1)) {
    if (failed(checkShape(ctx, *given, "shape")))
      return failure();
    FailureOr<Ints> broadcast = broadcastShapes(type.getShape(), *given);
    if (failed(broadcast))
      return ctx.unsupported("cannot expand " + str(type) + " to shape " +
                             str(*given));
    shape = *broadcast;
  } else if (RankedTensorType out = staticOutputType(ctx, 0)) {
    shape = llvm::to_vector(out.getShape());
    FailureOr<Ints> broadcast = broadcastShapes(type.getShape(), shape);
    if (failed(broadcast) || *broadcast != shape)
      return ctx.unsupported("cannot expand " + str(type) + " to " +
                             str(out));
  } else {
    return ctx.unsupported("the shape (input 1) must be known at compile time "
                           "or the output type inferred by ONNX");
  }
  if (failed(checkShape(ctx, shape, "the result shape")))
    return failure();
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (DenseElementsAttr x = ctx.constantInput(0)) {
    if (x.isSplat()) {
      ctx.setConstantOutput(0, x.resizeSplat(resultType));
      return success();
    }
    if (isFoldable(x) && product(shape) <= kMaxFoldedElements) {
      ctx.setConstantOutput(
          0, foldBroadcast(HostTensor::fromAttr(x), shape).toAttr());
      return success();
    }
  }
  Emitter e(ctx);
  if (ArrayRef<int64_t>(shape) == type.getShape())
    return setResult(ctx, e, e.input(0));
  return setResult(
      ctx, e, e.op<ExpandOp>({e.input(0)}, {e.attr("shape", e.array(shape))}));
}

LogicalResult importTile(NodeContext &ctx) {
  RankedTensorType type = staticInputType(ctx, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  Ints repeats;
  if (std::optional<Ints> given = constantIntsInput(ctx, 1)) {
    repeats = *given;
    if (int64_t(repeats.size()) != rank ||
        llvm::any_of(repeats, [](int64_t r) { return r < 0; }))
      return ctx.unsupported("repeats " + str(repeats) +
                             " must have one entry >= 0 per dimension of " +
                             str(type));
  } else if (RankedTensorType out = staticOutputType(ctx, 0);
             out && out.getRank() == rank) {
    // Known only at run time: the output type fixes the repeats.
    for (int64_t d = 0; d < rank; ++d) {
      int64_t n = type.getDimSize(d), m = out.getDimSize(d);
      if (n == 0 ? m != 0 : m % n != 0)
        return ctx.unsupported("cannot tile " + str(type) + " to " + str(out));
      repeats.push_back(n == 0 ? 1 : m / n);
    }
  } else {
    return ctx.unsupported("repeats (input 1) must be known at compile time "
                           "or the output type inferred by ONNX");
  }
  Ints shape;
  for (int64_t d = 0; d < rank; ++d) {
    // Repeats folded here (Abs of a constant) escape ONNX's inference guard.
    int64_t size;
    if (repeats[d] > kMaxTensorElements ||
        llvm::MulOverflow(type.getDimSize(d), repeats[d], size))
      return ctx.unsupported("repeats " + str(repeats) + " are too large for " +
                             str(type));
    shape.push_back(size);
  }
  if (failed(checkShape(ctx, shape, "the result shape")))
    return failure();
  if (std::optional<HostTensor> x = hostInput(ctx, 0);
      x && product(shape) <= kMaxFoldedElements) {
    ctx.setConstantOutput(0, foldTile(*x, repeats).toAttr());
    return success();
  }
  Emitter e(ctx);
  return setResult(ctx, e,
                   e.op<TileOp>({e.input(0)},
                                {e.attr("repeats", e.array(repeats))}));
}
} // namespace

void mlir::nabla::onnx_frontend::registerShapeImporters(
    OpImporterRegistry &registry) {
  registry.add("Constant", importConstant);
  registry.add("Shape", importShape);
  registry.add("Size", importSize);
  registry.add("ConstantOfShape", importConstantOfShape);
  registry.add("Range", importRange);
  registry.add("EyeLike", importEyeLike);
  registry.add("OneHot", importOneHot);
  registry.add("Trilu", importTrilu);
  registry.add("Reshape", importReshape);
  registry.add("Flatten", importFlatten);
  registry.add("Squeeze", importSqueeze);
  registry.add("Unsqueeze", importUnsqueeze);
  registry.add("Transpose", importTranspose);
  registry.add("Concat", importConcat);
  registry.add("Split", importSplit);
  registry.add("Slice", importSlice);
  registry.add("Gather", importGather);
  registry.add("GatherElements", importGatherElements);
  registry.add("GatherND", importGatherND);
  registry.add("Pad", importPad);
  registry.add("Expand", importExpand);
  registry.add("Tile", importTile);
}
