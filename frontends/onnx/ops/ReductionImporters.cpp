//===- ReductionImporters.cpp - ONNX reductions to nabla ------------------===//
//
// Reduce* (axes as an attribute, or as an input from ReduceSum-13), with
// keepdims and noop_with_empty_axes; ReduceL1, ReduceSumSquare and
// ReduceLogSum compose an elementwise op with a reduction. ArgMax/ArgMin map
// one to one.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/NodeContext.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
enum class Pre { None, Abs, Square };
enum class Post { None, Log };

/// The reduced axes, normalized and sorted; std::nullopt means "no-op"
/// (empty axes with noop_with_empty_axes).
FailureOr<std::optional<SmallVector<int64_t>>> reducedAxes(NodeContext &ctx,
                                                           int64_t rank) {
  FailureOr<std::optional<SmallVector<int64_t>>> given =
      ctx.intsFromAttrOrInput("axes", 1);
  if (failed(given))
    return failure();
  SmallVector<int64_t> axes;
  if (!*given || (*given)->empty()) {
    if (ctx.getInt("noop_with_empty_axes", 0))
      return std::optional<SmallVector<int64_t>>();
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
    return std::optional<SmallVector<int64_t>>(axes);
  }
  for (int64_t axis : **given) {
    FailureOr<int64_t> normalized = ctx.normalizeAxis(axis, rank, "axes entry");
    if (failed(normalized))
      return failure();
    if (llvm::is_contained(axes, *normalized))
      return ctx.unsupported("axes repeat axis " + std::to_string(axis));
    axes.push_back(*normalized);
  }
  llvm::sort(axes);
  return std::optional<SmallVector<int64_t>>(axes);
}

template <typename OpTy, Pre pre = Pre::None, Post post = Post::None>
LogicalResult importReduce(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type)
    return ctx.unsupported("input 0 is required");
  int64_t rank = type.getRank();
  FailureOr<std::optional<SmallVector<int64_t>>> axes = reducedAxes(ctx, rank);
  if (failed(axes))
    return failure();
  bool keepDims = ctx.getInt("keepdims", 1) != 0;

  // Folded on the host: plain sums/products/extrema of small constants.
  llvm::StringRef hostOp = llvm::StringSwitch<llvm::StringRef>(ctx.opType())
                               .Case("ReduceSum", "Sum")
                               .Case("ReduceMean", "Mean")
                               .Case("ReduceProd", "Prod")
                               .Case("ReduceMax", "Max")
                               .Case("ReduceMin", "Min")
                               .Default("");
  DenseElementsAttr constant = ctx.constantInput(0);
  if (*axes && !hostOp.empty() && isFoldable(constant) &&
      type.getNumElements() > 0) {
    ctx.setConstantOutput(
        0, foldReduce(hostOp, HostTensor::fromAttr(constant), **axes, keepDims)
               .toAttr());
    return success();
  }

  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  Value value = *x;
  if (pre == Pre::Abs) {
    FailureOr<Value> abs = ctx.create<AbsOp>({value});
    if (failed(abs))
      return failure();
    value = *abs;
  } else if (pre == Pre::Square) {
    FailureOr<Value> square = ctx.create<MulOp>({value, value});
    if (failed(square))
      return failure();
    value = *square;
  }
  // noop_with_empty_axes: the input (after the elementwise part) as is.
  if (!*axes || (*axes)->empty() || rank == 0) {
    if (post == Post::Log) {
      FailureOr<Value> log = ctx.create<LogOp>({value});
      if (failed(log))
        return failure();
      value = *log;
    }
    ctx.setOutput(0, value);
    return success();
  }
  SmallVector<NamedAttribute> attrs{
      ctx.namedAttr("axes", ctx.builder().getDenseI64ArrayAttr(**axes))};
  if (keepDims)
    attrs.push_back(ctx.namedAttr("keep_dims", ctx.builder().getUnitAttr()));
  FailureOr<Value> reduced = ctx.create<OpTy>({value}, attrs);
  if (failed(reduced))
    return failure();
  if (post == Post::Log) {
    reduced = ctx.create<LogOp>({*reduced});
    if (failed(reduced))
      return failure();
  }
  ctx.setOutput(0, *reduced);
  return success();
}

template <typename OpTy>
LogicalResult importArgReduce(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type)
    return ctx.unsupported("input 0 is required");
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.getInt("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = ctx.builder();
  SmallVector<NamedAttribute> attrs{
      ctx.namedAttr("axis", b.getI64IntegerAttr(*axis))};
  if (ctx.getInt("keepdims", 1))
    attrs.push_back(ctx.namedAttr("keep_dims", b.getUnitAttr()));
  if (ctx.getInt("select_last_index", 0))
    attrs.push_back(ctx.namedAttr("select_last_index", b.getUnitAttr()));
  FailureOr<Value> result = ctx.create<OpTy>({*x}, attrs);
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}
} // namespace

void mlir::nabla::onnx_frontend::registerReductionImporters(
    OpImporterRegistry &registry) {
  registry.add("ReduceSum", importReduce<ReduceSumOp>);
  registry.add("ReduceMean", importReduce<ReduceMeanOp>);
  registry.add("ReduceMax", importReduce<ReduceMaxOp>);
  registry.add("ReduceMin", importReduce<ReduceMinOp>);
  registry.add("ReduceProd", importReduce<ReduceProdOp>);
  registry.add("ReduceL2", importReduce<ReduceL2Op>);
  registry.add("ReduceLogSumExp", importReduce<ReduceLogSumExpOp>);
  registry.add("ReduceL1", importReduce<ReduceSumOp, Pre::Abs>);
  registry.add("ReduceSumSquare", importReduce<ReduceSumOp, Pre::Square>);
  registry.add("ReduceLogSum", importReduce<ReduceSumOp, Pre::None, Post::Log>);
  registry.add("ArgMax", importArgReduce<ArgMaxOp>);
  registry.add("ArgMin", importArgReduce<ArgMinOp>);
}
