//===- HostFolding.h - Import-time evaluation of small tensors --*- C++ -*-===//
//
// Exporters compute shapes in the graph (Shape -> Gather -> Concat ->
// Reshape, ConstantOfShape, Range...). When the inputs of such a node are
// known at import time the importer evaluates it here, on the host, so the
// consumers see constants (a Reshape needs its target shape as an
// attribute). Only small tensors are folded; everything else becomes ops.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_FRONTENDS_ONNX_HOSTFOLDING_H
#define NABLA_FRONTENDS_ONNX_HOSTFOLDING_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace mlir::nabla::onnx_frontend {

/// Tensors with at most this many elements are folded on the host.
constexpr int64_t kMaxFoldedElements = 1 << 16;

/// A dense tensor on the host: integers and booleans in `ints`, floating
/// point in `floats` (exactly one is used, by `elementType`).
struct HostTensor {
  Type elementType;
  SmallVector<int64_t> shape;
  std::vector<int64_t> ints;
  std::vector<double> floats;

  bool isFloat() const { return isa<FloatType>(elementType); }
  int64_t size() const;
  double at(int64_t i) const { return isFloat() ? floats[i] : double(ints[i]); }
  /// Floats convert like `set` does: NaN to 0, out-of-range values
  /// saturated (C++'s conversion would be undefined).
  int64_t intAt(int64_t i) const {
    if (!isFloat())
      return ints[i];
    double v = floats[i];
    return std::isnan(v) ? 0 : int64_t(std::trunc(std::clamp(v, -9.2e18, 9.2e18)));
  }

  static HostTensor fromAttr(DenseElementsAttr attr);
  static HostTensor ofInts(Type elementType, ArrayRef<int64_t> shape,
                           ArrayRef<int64_t> values);
  static HostTensor zeros(Type elementType, ArrayRef<int64_t> shape);
  DenseElementsAttr toAttr() const;
  /// Sets element `i` from a double, rounding/wrapping as the type does.
  void set(int64_t i, double value);
};

/// Whether `attr` is small enough to evaluate on the host.
bool isFoldable(DenseElementsAttr attr);
/// Whether a folded result of `shape` is small enough to build on the host
/// (small inputs can broadcast or gather into a huge result).
bool isFoldableShape(ArrayRef<int64_t> shape);

/// Elementwise with NumPy broadcasting; `op` is the ONNX op type (Add, Sub,
/// Mul, Div, Mod, Max, Min, Pow, Equal, Less, LessOrEqual, Greater,
/// GreaterOrEqual, And, Or, Xor). Fails for an unknown op or shapes that do
/// not broadcast.
FailureOr<HostTensor> foldBinary(llvm::StringRef op, const HostTensor &lhs,
                                 const HostTensor &rhs);
/// Neg, Abs, Not, Sqrt, Floor, Ceil, Reciprocal, Exp, Log, Relu, Sign...
FailureOr<HostTensor> foldUnary(llvm::StringRef op, const HostTensor &x);
HostTensor foldCast(const HostTensor &x, Type to);
HostTensor foldWhere(const HostTensor &cond, const HostTensor &a,
                     const HostTensor &b);
/// Gathers along `axis` (already normalized); indices may be negative.
FailureOr<HostTensor> foldGather(const HostTensor &data,
                                 const HostTensor &indices, int64_t axis);
HostTensor foldConcat(ArrayRef<HostTensor> inputs, int64_t axis);
/// Slice with normalized axes and ONNX's clamping of starts/ends.
HostTensor foldSlice(const HostTensor &x, ArrayRef<int64_t> starts,
                     ArrayRef<int64_t> ends, ArrayRef<int64_t> axes,
                     ArrayRef<int64_t> steps);
HostTensor foldTranspose(const HostTensor &x, ArrayRef<int64_t> perm);
/// Broadcasts `x` to `shape` (already the broadcast result shape).
HostTensor foldBroadcast(const HostTensor &x, ArrayRef<int64_t> shape);
/// Repeats `x` `repeats[d]` times along each dimension `d` (ONNX Tile).
HostTensor foldTile(const HostTensor &x, ArrayRef<int64_t> repeats);
/// ONNX Pad over every axis: `pads` is [begin_0.., end_0..], negative
/// entries crop; `mode` is constant (new elements are `value`), reflect or
/// edge. Fails when reflect or edge must pad an empty dimension.
FailureOr<HostTensor> foldPad(const HostTensor &x, ArrayRef<int64_t> pads,
                              llvm::StringRef mode, double value);
/// ONNX GatherElements along `axis` (normalized); indices may be negative.
/// Fails on an index out of range.
FailureOr<HostTensor> foldGatherElements(const HostTensor &data,
                                         const HostTensor &indices,
                                         int64_t axis);
/// ONNX GatherND with `batchDims` leading batch dimensions; indices may be
/// negative. Fails on an index out of range.
FailureOr<HostTensor> foldGatherND(const HostTensor &data,
                                   const HostTensor &indices,
                                   int64_t batchDims);
/// Reduces `axes` (normalized); `op` is Sum, Prod, Max, Min or Mean.
HostTensor foldReduce(llvm::StringRef op, const HostTensor &x,
                      ArrayRef<int64_t> axes, bool keepDims);

/// The NumPy broadcast of two shapes; fails when they do not broadcast.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                ArrayRef<int64_t> b);

} // namespace mlir::nabla::onnx_frontend

#endif // NABLA_FRONTENDS_ONNX_HOSTFOLDING_H
