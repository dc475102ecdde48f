//===- NablaShapeOps.cpp - Shape ops: shape inference and folds -----------===//

#include "dialects/Nabla/IR/NablaShapeOps.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

namespace {
/// Prints an integer list in brackets in diagnostics: "[2, -1]".
struct Bracketed {
  ArrayRef<int64_t> values;
};

Diagnostic &operator<<(Diagnostic &diag, Bracketed list) {
  return diag << "[" << list.values << "]";
}
} // namespace

/// The ranked tensor type of `value`, or null. ODS constraints make it
/// non-null on verified ops, but C++ builders run inference on anything.
static RankedTensorType getTensorType(Value value) {
  return dyn_cast<RankedTensorType>(value.getType());
}

/// Multiplies sizes (dynamic ones make the product dynamic); std::nullopt
/// when the product of static sizes overflows int64_t.
static std::optional<int64_t> product(ArrayRef<int64_t> sizes) {
  int64_t result = 1;
  for (int64_t size : sizes) {
    if (ShapedType::isDynamic(size))
      return ShapedType::kDynamic;
    if (llvm::MulOverflow(result, size, result))
      return std::nullopt;
  }
  return result;
}

static bool isIdentityPermutation(ArrayRef<int64_t> perm) {
  for (auto [index, axis] : llvm::enumerate(perm))
    if (axis != static_cast<int64_t>(index))
      return false;
  return true;
}

/// Whether two axis lists name the same set of axes.
static bool sameAxes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  SmallVector<int64_t> sortedLhs(lhs), sortedRhs(rhs);
  llvm::sort(sortedLhs);
  llvm::sort(sortedRhs);
  return sortedLhs == sortedRhs;
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> shape = adaptor.getShape();
  SmallVector<int64_t> result(shape);
  std::optional<size_t> inferredIndex;
  SmallVector<int64_t> knownSizes;
  for (auto [index, size] : llvm::enumerate(shape)) {
    if (size == -1) {
      if (inferredIndex)
        return emitInferError(location, getOperationName(), "shape ",
                              Bracketed{shape}, " may contain at most one -1");
      inferredIndex = index;
      continue;
    }
    if (size < 0)
      return emitInferError(location, getOperationName(), "shape ",
                            Bracketed{shape}, " entry ", index, " is ", size,
                            "; expected a size >= 0 or -1");
    knownSizes.push_back(size);
  }
  std::optional<int64_t> known = product(knownSizes);
  std::optional<int64_t> count = product(type.getShape());
  if (!known || !count)
    return emitInferError(location, getOperationName(),
                          "element count overflows: ", type, " to shape ",
                          Bracketed{shape});
  if (inferredIndex) {
    if (*known == 0)
      return emitInferError(location, getOperationName(),
                            "cannot infer the -1 in shape ", Bracketed{shape},
                            " next to a zero size");
    if (ShapedType::isStatic(*count) && *count % *known != 0)
      return emitInferError(location, getOperationName(), "cannot reshape ",
                            type, " (", *count, " elements) to shape ",
                            Bracketed{shape}, ": ", *count,
                            " is not a multiple of ", *known);
    result[*inferredIndex] =
        ShapedType::isDynamic(*count) ? ShapedType::kDynamic : *count / *known;
  } else if (ShapedType::isStatic(*count) && *count != *known) {
    return emitInferError(location, getOperationName(), "cannot reshape ", type,
                          " (", *count, " elements) to shape ",
                          Bracketed{shape}, " (", *known, " elements)");
  }
  inferred.push_back(type.clone(result));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  // Reshaping a dense constant only reinterprets its buffer: no size limit.
  auto resultType = cast<RankedTensorType>(getType());
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getX()))
    if (resultType.hasStaticShape())
      return dense.reshape(resultType);
  return {};
}

LogicalResult ReshapeOp::canonicalize(ReshapeOp op, PatternRewriter &rewriter) {
  // reshape(reshape(x)) -> reshape(x): only the element order matters.
  auto inner = op.getX().getDefiningOp<ReshapeOp>();
  if (!inner)
    return failure();
  // A -1 is inferred from the operand: it would turn dynamic if the inner
  // reshape had made a dynamic operand static.
  if (llvm::is_contained(op.getShape(), -1) &&
      getTensorType(inner.getX()).hasStaticShape() !=
          getTensorType(inner.getResult()).hasStaticShape())
    return failure();
  rewriter.modifyOpInPlace(op, [&] { op.getXMutable().assign(inner.getX()); });
  return success();
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  int64_t axis = static_cast<int64_t>(adaptor.getAxis());
  int64_t rank = type.getRank();
  if (axis < 0 || axis > rank)
    return emitInferError(location, getOperationName(), "axis ", axis,
                          " is out of range for ", type, " (expected [0, ",
                          rank, "])");
  std::optional<int64_t> outer = product(type.getShape().take_front(axis));
  std::optional<int64_t> inner = product(type.getShape().drop_front(axis));
  if (!outer || !inner)
    return emitInferError(location, getOperationName(), "element count of ",
                          type, " overflows");
  inferred.push_back(type.clone({*outer, *inner}));
  return success();
}

OpFoldResult FlattenOp::fold(FoldAdaptor) {
  if (getX().getType() == getType())
    return getX();
  return {};
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (failed(verifyArraySize(location, getOperationName(), "perm", perm,
                             type.getRank())) ||
      failed(verifyAxes(location, getOperationName(), "perm", perm,
                        type.getRank())))
    return failure();
  SmallVector<int64_t> shape = llvm::map_to_vector(
      perm, [&](int64_t axis) { return type.getDimSize(axis); });
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (isIdentityPermutation(perm))
    return getX();
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getX()))
    return splat.resizeSplat(cast<ShapedType>(getType()));
  auto inner = getX().getDefiningOp<TransposeOp>();
  if (!inner)
    return {};
  // Result dimension i is dimension perm[i] of the inner result, which is
  // dimension innerPerm[perm[i]] of the inner operand.
  ArrayRef<int64_t> innerPerm = inner.getPerm();
  SmallVector<int64_t> composed =
      llvm::map_to_vector(perm, [&](int64_t axis) { return innerPerm[axis]; });
  if (isIdentityPermutation(composed))
    return inner.getX();
  setPerm(composed);
  getXMutable().assign(inner.getX());
  return getResult();
}

//===----------------------------------------------------------------------===//
// SqueezeOp and UnsqueezeOp
//===----------------------------------------------------------------------===//

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (axes.empty())
    return emitInferError(location, getOperationName(),
                          "axes must not be empty");
  if (failed(verifyAxes(location, getOperationName(), "axes", axes,
                        type.getRank())))
    return failure();
  for (int64_t axis : axes) {
    int64_t size = type.getDimSize(axis);
    if (ShapedType::isStatic(size) && size != 1)
      return emitInferError(location, getOperationName(),
                            "cannot squeeze dimension ", axis, " of ", type,
                            ": its size is ", size, ", not 1");
  }
  SmallVector<int64_t> shape;
  for (auto [axis, size] : llvm::enumerate(type.getShape()))
    if (!llvm::is_contained(axes, static_cast<int64_t>(axis)))
      shape.push_back(size);
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult SqueezeOp::fold(FoldAdaptor) {
  // squeeze(unsqueeze(x)) -> x: the squeezed dimensions are the inserted 1s.
  auto inner = getX().getDefiningOp<UnsqueezeOp>();
  if (inner && sameAxes(getAxes(), inner.getAxes()) &&
      inner.getX().getType() == getType())
    return inner.getX();
  return {};
}

LogicalResult UnsqueezeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> axes = adaptor.getAxes();
  int64_t resultRank = type.getRank() + static_cast<int64_t>(axes.size());
  if (failed(
          verifyAxes(location, getOperationName(), "axes", axes, resultRank)))
    return failure();
  SmallVector<int64_t> shape(resultRank, 1);
  ArrayRef<int64_t> sizes = type.getShape();
  for (int64_t axis = 0; axis < resultRank; ++axis) {
    if (llvm::is_contained(axes, axis))
      continue;
    shape[axis] = sizes.front();
    sizes = sizes.drop_front();
  }
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor) {
  if (getAxes().empty())
    return getX();
  // unsqueeze(squeeze(x)) -> x, unless a squeezed dimension of x was dynamic
  // (then the 1 inserted back refines x's type).
  auto inner = getX().getDefiningOp<SqueezeOp>();
  if (inner && sameAxes(getAxes(), inner.getAxes()) &&
      inner.getX().getType() == getType())
    return inner.getX();
  return {};
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  // The verifier rejects this first (SameOperandsAndResultElementType); a
  // builder may not.
  if (inputs.empty())
    return emitInferError(location, getOperationName(),
                          "expects at least one input");
  RankedTensorType first =
      getRankedOperand(location, getOperationName(), inputs.front().getType());
  if (!first)
    return failure();
  int64_t rank = first.getRank();
  int64_t axis = static_cast<int64_t>(adaptor.getAxis());
  if (failed(verifyAxes(location, getOperationName(), "axis", {axis}, rank)))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  // For each dimension, the input that fixed its static size.
  SmallVector<size_t> source(rank, 0);
  for (auto [index, input] : llvm::enumerate(inputs.drop_front())) {
    size_t inputIndex = index + 1;
    RankedTensorType type =
        getRankedOperand(location, getOperationName(), input.getType());
    if (!type)
      return failure();
    if (type.getRank() != rank)
      return emitInferError(location, getOperationName(), "input ", inputIndex,
                            " has rank ", type.getRank(), " (", type,
                            "), but input 0 has rank ", rank, " (", first, ")");
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t size = type.getDimSize(dim);
      if (dim == axis) {
        shape[dim] =
            ShapedType::isDynamic(shape[dim]) || ShapedType::isDynamic(size)
                ? ShapedType::kDynamic
                : shape[dim] + size;
        continue;
      }
      if (ShapedType::isDynamic(size))
        continue;
      if (ShapedType::isDynamic(shape[dim])) {
        shape[dim] = size;
        source[dim] = inputIndex;
        continue;
      }
      if (shape[dim] != size)
        return emitInferError(
            location, getOperationName(), "inputs differ in dimension ", dim,
            " (not the concat axis ", axis, "): input ", source[dim], " has ",
            shape[dim], " (", inputs[source[dim]].getType(), "), input ",
            inputIndex, " has ", size, " (", type, ")");
    }
  }
  inferred.push_back(first.clone(shape));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  return {};
}

//===----------------------------------------------------------------------===//
// SplitOp
//===----------------------------------------------------------------------===//

LogicalResult SplitOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  int64_t axis = static_cast<int64_t>(adaptor.getAxis());
  if (failed(verifyAxes(location, getOperationName(), "axis", {axis},
                        type.getRank())))
    return failure();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  int64_t total = 0;
  bool overflow = false;
  for (int64_t size : sizes) {
    if (size < 0)
      return emitInferError(location, getOperationName(), "sizes ",
                            Bracketed{sizes}, " contain the negative size ",
                            size);
    overflow |= llvm::AddOverflow(total, size, total);
  }
  int64_t dimSize = type.getDimSize(axis);
  if (ShapedType::isStatic(dimSize) && (overflow || total != dimSize))
    return emitInferError(location, getOperationName(), "sizes ",
                          Bracketed{sizes}, " do not sum to dimension ", axis,
                          " of ", type, " (", dimSize, ")");
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t size : sizes) {
    shape[axis] = size;
    inferred.push_back(type.clone(shape));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

/// The number of elements ONNX Slice takes from a static dimension of
/// `size`: negative bounds count from the end, then bounds are clamped to
/// [0, size] for positive steps and to [0, size-1] / [-1, size-1] for
/// negative ones.
static int64_t sliceSize(int64_t size, int64_t start, int64_t end,
                         int64_t step) {
  if (size == 0)
    return 0;
  if (start < 0)
    start += size;
  if (end < 0)
    end += size;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, size);
    end = std::clamp<int64_t>(end, 0, size);
    if (end <= start)
      return 0;
    return (end - start - 1) / step + 1;
  }
  start = std::clamp<int64_t>(start, 0, size - 1);
  end = std::clamp<int64_t>(end, -1, size - 1);
  if (start <= end)
    return 0;
  // -step overflows for INT64_MIN; its magnitude fits in uint64_t.
  uint64_t stride = 0 - static_cast<uint64_t>(step);
  return static_cast<int64_t>(static_cast<uint64_t>(start - end - 1) / stride +
                              1);
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> starts = adaptor.getStarts();
  ArrayRef<int64_t> ends = adaptor.getEnds();
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (starts.size() != axes.size() || ends.size() != axes.size())
    return emitInferError(location, getOperationName(),
                          "starts, ends and axes must have one entry per "
                          "sliced axis, got ",
                          starts.size(), ", ", ends.size(), " and ",
                          axes.size());
  SmallVector<int64_t> steps(axes.size(), 1);
  if (std::optional<ArrayRef<int64_t>> given = adaptor.getSteps()) {
    if (failed(verifyArraySize(location, getOperationName(), "steps", *given,
                               axes.size())))
      return failure();
    steps.assign(given->begin(), given->end());
  }
  if (failed(verifyAxes(location, getOperationName(), "axes", axes,
                        type.getRank())))
    return failure();
  SmallVector<int64_t> shape(type.getShape());
  for (auto [index, axis] : llvm::enumerate(axes)) {
    if (steps[index] == 0)
      return emitInferError(location, getOperationName(), "step for axis ",
                            axis, " must be non-zero");
    if (ShapedType::isStatic(shape[axis]))
      shape[axis] =
          sliceSize(shape[axis], starts[index], ends[index], steps[index]);
  }
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> starts = getStarts(), ends = getEnds();
  std::optional<ArrayRef<int64_t>> steps = getSteps();
  RankedTensorType type = getTensorType(getX());
  RankedTensorType resultType = getTensorType(getResult());
  for (auto [index, axis] : llvm::enumerate(getAxes())) {
    if (steps && (*steps)[index] != 1)
      return {};
    // With step 1, a static dimension is whole iff its size is unchanged; a
    // dynamic one only with the sentinels that clamp to [0, size].
    bool whole = type.isDynamicDim(axis)
                     ? (starts[index] == 0 ||
                        starts[index] == std::numeric_limits<int64_t>::min()) &&
                           ends[index] == std::numeric_limits<int64_t>::max()
                     : resultType.getDimSize(axis) == type.getDimSize(axis);
    if (!whole)
      return {};
  }
  return getX();
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType data = getRankedOperand(location, getOperationName(),
                                           adaptor.getData().getType());
  if (!data)
    return failure();
  RankedTensorType indices = getRankedOperand(location, getOperationName(),
                                              adaptor.getIndices().getType());
  if (!indices)
    return failure();
  int64_t axis = static_cast<int64_t>(adaptor.getAxis());
  if (failed(verifyAxes(location, getOperationName(), "axis", {axis},
                        data.getRank())))
    return failure();
  SmallVector<int64_t> shape(data.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(axis + 1));
  inferred.push_back(data.clone(shape));
  return success();
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> pads = adaptor.getPads();
  int64_t rank = type.getRank();
  if (failed(verifyArraySize(location, getOperationName(), "pads", pads,
                             2 * rank)))
    return failure();
  PadMode mode = adaptor.getMode();
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t size = shape[dim];
    int64_t begin = pads[dim], end = pads[rank + dim];
    if (ShapedType::isDynamic(size))
      continue;
    int64_t padded;
    if (llvm::AddOverflow(size, begin, padded) ||
        llvm::AddOverflow(padded, end, padded))
      return emitInferError(location, getOperationName(), "padding dimension ",
                            dim, " of ", type, " by ", begin, " and ", end,
                            " overflows");
    if (padded < 0)
      return emitInferError(location, getOperationName(), "pads ", begin,
                            " and ", end, " crop dimension ", dim, " of ", type,
                            " below zero (", padded, ")");
    // Reflection mirrors without the edge element: at most size - 1 new ones.
    auto exceedsReflection = [&](int64_t pad) {
      return pad > 0 && pad >= size;
    };
    if (mode == PadMode::reflect &&
        (exceedsReflection(begin) || exceedsReflection(end)))
      return emitInferError(location, getOperationName(),
                            "reflect pads must be smaller than the dimension: "
                            "dimension ",
                            dim, " of ", type, " is padded by ", begin, " and ",
                            end);
    if (mode == PadMode::edge && size == 0 && (begin > 0 || end > 0))
      return emitInferError(location, getOperationName(),
                            "edge padding needs a non-empty dimension: "
                            "dimension ",
                            dim, " of ", type, " is empty");
    shape[dim] = padded;
  }
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t pad) { return pad == 0; }))
    return getX();
  return {};
}

//===----------------------------------------------------------------------===//
// ExpandOp
//===----------------------------------------------------------------------===//

LogicalResult ExpandOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> shape = adaptor.getShape();
  if (llvm::any_of(shape, [](int64_t size) { return size < 0; }))
    return emitInferError(location, getOperationName(), "shape ",
                          Bracketed{shape}, " must not contain negative sizes");
  std::optional<SmallVector<int64_t>> result =
      broadcastShapes({type.getShape(), shape});
  if (!result)
    return emitInferError(location, getOperationName(), "cannot broadcast ",
                          type, " with shape ", Bracketed{shape});
  inferred.push_back(type.clone(*result));
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor) {
  if (getX().getType() == getType())
    return getX();
  return {};
}

//===----------------------------------------------------------------------===//
// TileOp
//===----------------------------------------------------------------------===//

LogicalResult TileOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getRankedOperand(location, getOperationName(), adaptor.getX().getType());
  if (!type)
    return failure();
  ArrayRef<int64_t> repeats = adaptor.getRepeats();
  if (failed(verifyArraySize(location, getOperationName(), "repeats", repeats,
                             type.getRank())))
    return failure();
  SmallVector<int64_t> shape(type.getShape());
  for (auto [dim, repeat] : llvm::enumerate(repeats)) {
    if (repeat < 0)
      return emitInferError(location, getOperationName(), "repeats ",
                            Bracketed{repeats}, " contain the negative count ",
                            repeat);
    if (repeat == 0)
      shape[dim] = 0;
    else if (ShapedType::isStatic(shape[dim]) &&
             llvm::MulOverflow(shape[dim], repeat, shape[dim]))
      return emitInferError(location, getOperationName(), "tiling ", type,
                            " by ", Bracketed{repeats}, " overflows");
  }
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult TileOp::fold(FoldAdaptor) {
  if (llvm::all_of(getRepeats(), [](int64_t repeat) { return repeat == 1; }))
    return getX();
  return {};
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaShapeOps.cpp.inc"
