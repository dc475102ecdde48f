//===- HostFolding.cpp - Import-time evaluation of small tensors ----------===//

#include "frontends/onnx/HostFolding.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <functional>

using namespace mlir;
using namespace mlir::nabla::onnx_frontend;

namespace {
int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Wraps `v` to the integer type's width and signedness.
int64_t wrapInt(Type type, int64_t v) {
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType || intType.getWidth() >= 64)
    return v;
  unsigned width = intType.getWidth();
  if (width == 1)
    return v != 0;
  uint64_t mask = (uint64_t(1) << width) - 1;
  uint64_t bits = uint64_t(v) & mask;
  if (intType.isUnsigned())
    return int64_t(bits);
  if (bits >> (width - 1))
    return int64_t(bits | ~mask);
  return int64_t(bits);
}

/// Index of the element of `shape` (right-aligned under `outShape`)
/// broadcast to the flat position `flat` of `outShape`.
int64_t broadcastIndex(int64_t flat, ArrayRef<int64_t> outShape,
                       ArrayRef<int64_t> shape) {
  int64_t index = 0, stride = 1;
  int64_t offset = int64_t(outShape.size()) - int64_t(shape.size());
  for (int64_t d = int64_t(outShape.size()) - 1; d >= 0; --d) {
    int64_t coord = flat % outShape[d];
    flat /= outShape[d];
    int64_t sd = d - offset;
    if (sd < 0)
      continue;
    if (shape[sd] != 1)
      index += coord * stride;
    stride *= shape[sd];
  }
  return index;
}
} // namespace

int64_t HostTensor::size() const { return product(shape); }

HostTensor HostTensor::fromAttr(DenseElementsAttr attr) {
  HostTensor t;
  t.elementType = attr.getElementType();
  t.shape = llvm::to_vector(attr.getType().getShape());
  if (isa<FloatType>(t.elementType)) {
    for (APFloat v : attr.getValues<APFloat>()) {
      bool lost;
      v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      t.floats.push_back(v.convertToDouble());
    }
  } else {
    bool isUnsigned = t.elementType.isUnsignedInteger() ||
                      t.elementType.isInteger(1);
    for (APInt v : attr.getValues<APInt>())
      t.ints.push_back(isUnsigned ? int64_t(v.getZExtValue())
                                  : v.getSExtValue());
  }
  return t;
}

HostTensor HostTensor::ofInts(Type elementType, ArrayRef<int64_t> shape,
                              ArrayRef<int64_t> values) {
  HostTensor t = zeros(elementType, shape);
  for (size_t i = 0; i < values.size(); ++i)
    t.set(i, double(values[i]));
  if (!t.isFloat())
    for (size_t i = 0; i < values.size(); ++i)
      t.ints[i] = wrapInt(elementType, values[i]);
  return t;
}

HostTensor HostTensor::zeros(Type elementType, ArrayRef<int64_t> shape) {
  HostTensor t;
  t.elementType = elementType;
  t.shape = llvm::to_vector(shape);
  if (t.isFloat())
    t.floats.assign(t.size(), 0.0);
  else
    t.ints.assign(t.size(), 0);
  return t;
}

void HostTensor::set(int64_t i, double value) {
  if (isFloat()) {
    floats[i] = value;
    return;
  }
  if (elementType.isInteger(1)) {
    ints[i] = value != 0;
    return;
  }
  // Casting NaN or out-of-range floats to integers is undefined in ONNX;
  // saturate like the lowering's fptosi would not crash.
  if (std::isnan(value))
    value = 0;
  value = std::trunc(std::clamp(value, -9.2e18, 9.2e18));
  ints[i] = wrapInt(elementType, int64_t(value));
}

DenseElementsAttr HostTensor::toAttr() const {
  auto type = RankedTensorType::get(shape, elementType);
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    SmallVector<APFloat> values;
    values.reserve(floats.size());
    for (double v : floats) {
      APFloat f(v);
      bool lost;
      f.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      values.push_back(f);
    }
    return DenseElementsAttr::get(type, values);
  }
  if (elementType.isInteger(1)) {
    SmallVector<bool> values(ints.begin(), ints.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(values));
  }
  unsigned width = elementType.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  values.reserve(ints.size());
  for (int64_t v : ints)
    values.push_back(APInt(width, uint64_t(v), /*isSigned=*/true,
                           /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, values);
}

bool mlir::nabla::onnx_frontend::isFoldable(DenseElementsAttr attr) {
  return attr && attr.getType().getNumElements() <= kMaxFoldedElements &&
         attr.getElementType().isIntOrFloat();
}

bool mlir::nabla::onnx_frontend::isFoldableShape(ArrayRef<int64_t> shape) {
  if (llvm::is_contained(shape, 0))
    return true;
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0 || d > kMaxFoldedElements / count)
      return false;
    count *= d;
  }
  return true;
}

FailureOr<SmallVector<int64_t>>
mlir::nabla::onnx_frontend::broadcastShapes(ArrayRef<int64_t> a,
                                            ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return failure();
    out[i] = da == 1 ? db : da;
  }
  return out;
}

FailureOr<HostTensor> mlir::nabla::onnx_frontend::foldBinary(
    llvm::StringRef op, const HostTensor &lhs, const HostTensor &rhs) {
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(lhs.shape, rhs.shape);
  if (failed(shape) || !isFoldableShape(*shape))
    return failure();
  bool comparison = llvm::StringSwitch<bool>(op)
                        .Cases({"Equal", "Less", "LessOrEqual", "Greater",
                                "GreaterOrEqual"},
                               true)
                        .Default(false);
  Type resultType = comparison
                        ? IntegerType::get(lhs.elementType.getContext(), 1)
                        : lhs.elementType;
  HostTensor out = HostTensor::zeros(resultType, *shape);
  bool isFloat = lhs.isFloat();
  bool isUnsigned = lhs.elementType.isUnsignedInteger();
  for (int64_t i = 0, e = out.size(); i < e; ++i) {
    int64_t ia = broadcastIndex(i, *shape, lhs.shape);
    int64_t ib = broadcastIndex(i, *shape, rhs.shape);
    if (isFloat) {
      double a = lhs.floats[ia], b = rhs.floats[ib], r;
      if (op == "Add") r = a + b;
      else if (op == "Sub") r = a - b;
      else if (op == "Mul") r = a * b;
      else if (op == "Div") r = a / b;
      else if (op == "Max") r = std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
      else if (op == "Min") r = std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
      else if (op == "Pow") r = std::pow(a, b);
      else if (op == "Mod") r = std::fmod(a, b);
      else if (op == "Equal") r = a == b;
      else if (op == "Less") r = a < b;
      else if (op == "LessOrEqual") r = a <= b;
      else if (op == "Greater") r = a > b;
      else if (op == "GreaterOrEqual") r = a >= b;
      else return failure();
      out.set(i, r);
      continue;
    }
    int64_t a = lhs.ints[ia], b = rhs.ints[ib], r;
    auto less = [&](int64_t x, int64_t y) {
      return isUnsigned ? uint64_t(x) < uint64_t(y) : x < y;
    };
    if (op == "Add") r = int64_t(uint64_t(a) + uint64_t(b));
    else if (op == "Sub") r = int64_t(uint64_t(a) - uint64_t(b));
    else if (op == "Mul") r = int64_t(uint64_t(a) * uint64_t(b));
    else if (op == "Div" || op == "Mod") {
      if (b == 0 || (b == -1 && a == INT64_MIN))
        return failure();
      if (op == "Div")
        r = isUnsigned ? int64_t(uint64_t(a) / uint64_t(b)) : a / b;
      else {
        // ONNX Mod with fmod=0 takes the sign of the divisor.
        r = isUnsigned ? int64_t(uint64_t(a) % uint64_t(b)) : a % b;
        if (!isUnsigned && r != 0 && ((r < 0) != (b < 0)))
          r += b;
      }
    } else if (op == "Max") r = less(a, b) ? b : a;
    else if (op == "Min") r = less(a, b) ? a : b;
    else if (op == "Equal") r = a == b;
    else if (op == "Less") r = less(a, b);
    else if (op == "LessOrEqual") r = !less(b, a);
    else if (op == "Greater") r = less(b, a);
    else if (op == "GreaterOrEqual") r = !less(a, b);
    else if (op == "And") r = a && b;
    else if (op == "Or") r = a || b;
    else if (op == "Xor") r = (a != 0) != (b != 0);
    else return failure();
    out.ints[i] = wrapInt(resultType, r);
  }
  return out;
}

FailureOr<HostTensor>
mlir::nabla::onnx_frontend::foldUnary(llvm::StringRef op, const HostTensor &x) {
  HostTensor out = x;
  for (int64_t i = 0, e = x.size(); i < e; ++i) {
    if (!x.isFloat()) {
      int64_t v = x.ints[i], r;
      // Negation wraps like the compiled ops (INT64_MIN stays INT64_MIN).
      int64_t negated = int64_t(0 - uint64_t(v));
      if (op == "Neg") r = negated;
      else if (op == "Abs") r = v < 0 ? negated : v;
      else if (op == "Not") r = !v;
      else if (op == "Sign") r = (v > 0) - (v < 0);
      else if (op == "Relu") r = v < 0 ? 0 : v;
      else if (op == "Identity") r = v;
      else return failure();
      out.ints[i] = wrapInt(x.elementType, r);
      continue;
    }
    double v = x.floats[i], r;
    if (op == "Neg") r = -v;
    else if (op == "Abs") r = std::fabs(v);
    else if (op == "Sqrt") r = std::sqrt(v);
    else if (op == "Floor") r = std::floor(v);
    else if (op == "Ceil") r = std::ceil(v);
    else if (op == "Reciprocal") r = 1.0 / v;
    else if (op == "Exp") r = std::exp(v);
    else if (op == "Log") r = std::log(v);
    else if (op == "Relu") r = v < 0 ? 0 : v;
    else if (op == "Sign") r = (v > 0) - (v < 0);
    else if (op == "Identity") r = v;
    else return failure();
    out.floats[i] = r;
  }
  return out;
}

HostTensor mlir::nabla::onnx_frontend::foldCast(const HostTensor &x, Type to) {
  HostTensor out = HostTensor::zeros(to, x.shape);
  for (int64_t i = 0, e = x.size(); i < e; ++i) {
    if (!out.isFloat() && !x.isFloat())
      out.ints[i] = wrapInt(to, x.ints[i]);
    else
      out.set(i, x.at(i));
  }
  return out;
}

HostTensor mlir::nabla::onnx_frontend::foldWhere(const HostTensor &cond,
                                                 const HostTensor &a,
                                                 const HostTensor &b) {
  SmallVector<int64_t> shape = *broadcastShapes(
      *broadcastShapes(cond.shape, a.shape), b.shape);
  HostTensor out = HostTensor::zeros(a.elementType, shape);
  for (int64_t i = 0, e = out.size(); i < e; ++i) {
    bool c = cond.ints[broadcastIndex(i, shape, cond.shape)];
    const HostTensor &src = c ? a : b;
    int64_t j = broadcastIndex(i, shape, src.shape);
    if (out.isFloat())
      out.floats[i] = src.floats[j];
    else
      out.ints[i] = src.ints[j];
  }
  return out;
}

FailureOr<HostTensor> mlir::nabla::onnx_frontend::foldGather(
    const HostTensor &data, const HostTensor &indices, int64_t axis) {
  SmallVector<int64_t> shape(data.shape.begin(), data.shape.begin() + axis);
  shape.append(indices.shape.begin(), indices.shape.end());
  shape.append(data.shape.begin() + axis + 1, data.shape.end());
  HostTensor out = HostTensor::zeros(data.elementType, shape);
  int64_t outer = product(ArrayRef<int64_t>(data.shape).take_front(axis));
  int64_t inner = product(ArrayRef<int64_t>(data.shape).drop_front(axis + 1));
  int64_t dim = data.shape[axis];
  int64_t count = indices.size();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < count; ++k) {
      int64_t index = indices.ints[k];
      if (index < 0)
        index += dim;
      if (index < 0 || index >= dim)
        return failure();
      for (int64_t in = 0; in < inner; ++in) {
        int64_t src = (o * dim + index) * inner + in;
        int64_t dst = (o * count + k) * inner + in;
        if (out.isFloat())
          out.floats[dst] = data.floats[src];
        else
          out.ints[dst] = data.ints[src];
      }
    }
  return out;
}

HostTensor mlir::nabla::onnx_frontend::foldConcat(ArrayRef<HostTensor> inputs,
                                                  int64_t axis) {
  SmallVector<int64_t> shape = inputs.front().shape;
  shape[axis] = 0;
  for (const HostTensor &t : inputs)
    shape[axis] += t.shape[axis];
  HostTensor out = HostTensor::zeros(inputs.front().elementType, shape);
  int64_t outer = product(ArrayRef<int64_t>(shape).take_front(axis));
  int64_t inner = product(ArrayRef<int64_t>(shape).drop_front(axis + 1));
  int64_t dst = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (const HostTensor &t : inputs) {
      int64_t chunk = t.shape[axis] * inner;
      for (int64_t k = 0; k < chunk; ++k, ++dst) {
        if (out.isFloat())
          out.floats[dst] = t.floats[o * chunk + k];
        else
          out.ints[dst] = t.ints[o * chunk + k];
      }
    }
  return out;
}

HostTensor mlir::nabla::onnx_frontend::foldSlice(const HostTensor &x,
                                                 ArrayRef<int64_t> starts,
                                                 ArrayRef<int64_t> ends,
                                                 ArrayRef<int64_t> axes,
                                                 ArrayRef<int64_t> steps) {
  size_t rank = x.shape.size();
  SmallVector<int64_t> begin(rank, 0), step(rank, 1), shape = x.shape;
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = axes[i], dim = x.shape[axis];
    int64_t s = i < steps.size() ? steps[i] : 1;
    int64_t b = starts[i], e = ends[i];
    if (b < 0) b += dim;
    if (e < 0) e += dim;
    if (s > 0) {
      b = std::clamp<int64_t>(b, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      // ceil((e - b) / s) without adding s, which may be near INT64_MAX.
      shape[axis] = e > b ? (e - b - 1) / s + 1 : 0;
    } else {
      b = std::clamp<int64_t>(b, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      // ceil((b - e) / -s) without negating s, which may be INT64_MIN.
      shape[axis] = b > e ? 1 - (b - e - 1) / s : 0;
    }
    begin[axis] = b;
    step[axis] = s;
  }
  HostTensor out = HostTensor::zeros(x.elementType, shape);
  SmallVector<int64_t> inStrides = stridesOf(x.shape);
  for (int64_t i = 0, e = out.size(); i < e; ++i) {
    int64_t flat = i, src = 0;
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      int64_t coord = flat % shape[d];
      flat /= shape[d];
      src += (begin[d] + coord * step[d]) * inStrides[d];
    }
    if (out.isFloat())
      out.floats[i] = x.floats[src];
    else
      out.ints[i] = x.ints[src];
  }
  return out;
}

HostTensor mlir::nabla::onnx_frontend::foldTranspose(const HostTensor &x,
                                                     ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(x.shape[p]);
  HostTensor out = HostTensor::zeros(x.elementType, shape);
  SmallVector<int64_t> inStrides = stridesOf(x.shape);
  for (int64_t i = 0, e = out.size(); i < e; ++i) {
    int64_t flat = i, src = 0;
    for (int64_t d = int64_t(perm.size()) - 1; d >= 0; --d) {
      src += (flat % shape[d]) * inStrides[perm[d]];
      flat /= shape[d];
    }
    if (out.isFloat())
      out.floats[i] = x.floats[src];
    else
      out.ints[i] = x.ints[src];
  }
  return out;
}

HostTensor mlir::nabla::onnx_frontend::foldBroadcast(const HostTensor &x,
                                                     ArrayRef<int64_t> shape) {
  HostTensor out = HostTensor::zeros(x.elementType, shape);
  for (int64_t i = 0, e = out.size(); i < e; ++i) {
    int64_t src = broadcastIndex(i, shape, x.shape);
    if (out.isFloat())
      out.floats[i] = x.floats[src];
    else
      out.ints[i] = x.ints[src];
  }
  return out;
}

HostTensor mlir::nabla::onnx_frontend::foldReduce(llvm::StringRef op,
                                                  const HostTensor &x,
                                                  ArrayRef<int64_t> axes,
                                                  bool keepDims) {
  SmallVector<int64_t> keptShape = x.shape;
  for (int64_t a : axes)
    keptShape[a] = 1;
  int64_t count = 1;
  for (int64_t a : axes)
    count *= x.shape[a];
  HostTensor out = HostTensor::zeros(x.elementType, keptShape);
  std::vector<double> acc(out.size(), op == "Prod" ? 1.0 : 0.0);
  std::vector<bool> seen(out.size(), false);
  for (int64_t i = 0, e = x.size(); i < e; ++i) {
    int64_t j = broadcastIndex(i, x.shape, keptShape);
    double v = x.at(i);
    if (op == "Sum" || op == "Mean")
      acc[j] += v;
    else if (op == "Prod")
      acc[j] *= v;
    else if (op == "Max")
      acc[j] = seen[j] ? std::max(acc[j], v) : v;
    else
      acc[j] = seen[j] ? std::min(acc[j], v) : v;
    seen[j] = true;
  }
  for (int64_t j = 0, e = out.size(); j < e; ++j)
    out.set(j, op == "Mean" ? acc[j] / double(count) : acc[j]);
  if (!keepDims) {
    SmallVector<int64_t> shape;
    for (size_t d = 0; d < x.shape.size(); ++d)
      if (!llvm::is_contained(axes, int64_t(d)))
        shape.push_back(x.shape[d]);
    out.shape = shape;
  }
  return out;
}

namespace {
/// Copies element `src` of `from` to element `dst` of `to` (same type).
void copyElement(HostTensor &to, int64_t dst, const HostTensor &from,
                 int64_t src) {
  if (to.isFloat())
    to.floats[dst] = from.floats[src];
  else
    to.ints[dst] = from.ints[src];
}

/// The coordinates of flat position `flat` in `shape`.
SmallVector<int64_t> unflatten(int64_t flat, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> coords(shape.size());
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    coords[d] = flat % shape[d];
    flat /= shape[d];
  }
  return coords;
}
} // namespace

HostTensor mlir::nabla::onnx_frontend::foldTile(const HostTensor &x,
                                                ArrayRef<int64_t> repeats) {
  SmallVector<int64_t> shape;
  for (auto [d, r] : llvm::zip(x.shape, repeats))
    shape.push_back(d * r);
  HostTensor out = HostTensor::zeros(x.elementType, shape);
  SmallVector<int64_t> inStrides = stridesOf(x.shape);
  for (int64_t i = 0, e = out.size(); i < e; ++i) {
    SmallVector<int64_t> coords = unflatten(i, shape);
    int64_t src = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      src += (coords[d] % x.shape[d]) * inStrides[d];
    copyElement(out, i, x, src);
  }
  return out;
}

FailureOr<HostTensor> mlir::nabla::onnx_frontend::foldPad(
    const HostTensor &x, ArrayRef<int64_t> pads, llvm::StringRef mode,
    double value) {
  size_t rank = x.shape.size();
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    int64_t size = x.shape[d] + pads[d] + pads[rank + d];
    if (size < 0)
      return failure();
    if (mode != "constant" && x.shape[d] == 0 && size > 0)
      return failure();
    shape.push_back(size);
  }
  HostTensor out = HostTensor::zeros(x.elementType, shape);
  SmallVector<int64_t> inStrides = stridesOf(x.shape);
  for (int64_t i = 0, e = out.size(); i < e; ++i) {
    SmallVector<int64_t> coords = unflatten(i, shape);
    int64_t src = 0;
    bool outside = false;
    for (size_t d = 0; d < rank; ++d) {
      int64_t j = coords[d] - pads[d], n = x.shape[d];
      if (j < 0 || j >= n) {
        if (mode == "constant") {
          outside = true;
          break;
        }
        if (mode == "edge") {
          j = std::clamp<int64_t>(j, 0, n - 1);
        } else if (n == 1) {
          j = 0;
        } else {
          // NumPy's reflect: mirror without repeating the edge, periodically.
          int64_t period = 2 * (n - 1);
          j = ((j % period) + period) % period;
          if (j >= n)
            j = period - j;
        }
      }
      src += j * inStrides[d];
    }
    if (outside)
      out.set(i, value);
    else
      copyElement(out, i, x, src);
  }
  return out;
}

FailureOr<HostTensor> mlir::nabla::onnx_frontend::foldGatherElements(
    const HostTensor &data, const HostTensor &indices, int64_t axis) {
  HostTensor out = HostTensor::zeros(data.elementType, indices.shape);
  SmallVector<int64_t> dataStrides = stridesOf(data.shape);
  int64_t dim = data.shape[axis];
  for (int64_t i = 0, e = out.size(); i < e; ++i) {
    SmallVector<int64_t> coords = unflatten(i, indices.shape);
    int64_t index = indices.intAt(i);
    if (index < 0)
      index += dim;
    if (index < 0 || index >= dim)
      return failure();
    coords[axis] = index;
    int64_t src = 0;
    for (size_t d = 0; d < coords.size(); ++d) {
      if (coords[d] >= data.shape[d])
        return failure();
      src += coords[d] * dataStrides[d];
    }
    copyElement(out, i, data, src);
  }
  return out;
}

FailureOr<HostTensor> mlir::nabla::onnx_frontend::foldGatherND(
    const HostTensor &data, const HostTensor &indices, int64_t batchDims) {
  ArrayRef<int64_t> dataShape = data.shape, indexShape = indices.shape;
  int64_t depth = indexShape.back();
  SmallVector<int64_t> shape(indexShape.drop_back());
  shape.append(dataShape.begin() + batchDims + depth, dataShape.end());
  HostTensor out = HostTensor::zeros(data.elementType, shape);
  int64_t batch = product(dataShape.take_front(batchDims));
  int64_t perBatch = product(indexShape.drop_back()) / std::max<int64_t>(batch, 1);
  int64_t inner = product(dataShape.drop_front(batchDims + depth));
  int64_t batchStride = product(dataShape.drop_front(batchDims));
  SmallVector<int64_t> dataStrides = stridesOf(dataShape);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t k = 0; k < perBatch; ++k) {
      int64_t row = b * perBatch + k, src = b * batchStride;
      for (int64_t j = 0; j < depth; ++j) {
        int64_t dim = dataShape[batchDims + j];
        int64_t index = indices.intAt(row * depth + j);
        if (index < 0)
          index += dim;
        if (index < 0 || index >= dim)
          return failure();
        src += index * dataStrides[batchDims + j];
      }
      for (int64_t in = 0; in < inner; ++in)
        copyElement(out, row * inner + in, data, src + in);
    }
  return out;
}
