//===- SequenceImporters.cpp - ONNX sequences, resolved at import ---------===//
//
// nabla has no sequence type: a sequence is kept by the importer as the
// list of its element values, so sequence ops whose positions are known at
// import time (SequenceConstruct/Empty/Insert/Erase/At/Length,
// SplitToSequence, ConcatFromSequence) leave only tensor ops behind.
// Positions known only at run time are refused.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/NodeContext.h"

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
/// Elements a sequence may have: each is its own value (one result of a
/// nabla.split), so a long dimension split into parts of 1 would build
/// that many results.
constexpr int64_t kMaxSequenceLength = int64_t(1) << 16;

/// A constant position in [0, size] (`allowEnd`: insertion) or [0, size).
FailureOr<int64_t> position(NodeContext &ctx, unsigned input, int64_t size,
                            bool allowEnd) {
  FailureOr<SmallVector<int64_t>> given = ctx.constantInts(input, "position");
  if (failed(given))
    return failure();
  if (given->size() != 1)
    return (void)ctx.unsupported("position must be a scalar"), failure();
  int64_t pos = (*given)[0];
  if (pos < 0)
    pos += size;
  if (pos < 0 || pos > size || (!allowEnd && pos == size))
    return (void)ctx.unsupported("position " + std::to_string((*given)[0]) +
                                 " is out of range for a sequence of " +
                                 std::to_string(size)),
           failure();
  return pos;
}

LogicalResult importSequenceConstruct(NodeContext &ctx) {
  SmallVector<Value> elements;
  for (unsigned i = 0; i < ctx.numInputs(); ++i) {
    FailureOr<Value> v = ctx.input(i);
    if (failed(v))
      return failure();
    elements.push_back(*v);
  }
  ctx.setSequenceOutput(0, elements);
  return success();
}

LogicalResult importSequenceEmpty(NodeContext &ctx) {
  ctx.setSequenceOutput(0, {});
  return success();
}

LogicalResult importSequenceInsert(NodeContext &ctx) {
  FailureOr<SmallVector<Value>> seq = ctx.sequenceInput(0);
  FailureOr<Value> element = ctx.input(1);
  if (failed(seq) || failed(element))
    return failure();
  int64_t pos = seq->size();
  if (ctx.hasInput(2)) {
    FailureOr<int64_t> given = position(ctx, 2, seq->size(), true);
    if (failed(given))
      return failure();
    pos = *given;
  }
  seq->insert(seq->begin() + pos, *element);
  ctx.setSequenceOutput(0, *seq);
  return success();
}

LogicalResult importSequenceErase(NodeContext &ctx) {
  FailureOr<SmallVector<Value>> seq = ctx.sequenceInput(0);
  if (failed(seq))
    return failure();
  if (seq->empty())
    return ctx.unsupported("erasing from an empty sequence");
  int64_t pos = seq->size() - 1;
  if (ctx.hasInput(1)) {
    FailureOr<int64_t> given = position(ctx, 1, seq->size(), false);
    if (failed(given))
      return failure();
    pos = *given;
  }
  seq->erase(seq->begin() + pos);
  ctx.setSequenceOutput(0, *seq);
  return success();
}

LogicalResult importSequenceAt(NodeContext &ctx) {
  FailureOr<SmallVector<Value>> seq = ctx.sequenceInput(0);
  if (failed(seq))
    return failure();
  FailureOr<int64_t> pos = position(ctx, 1, seq->size(), false);
  if (failed(pos))
    return failure();
  ctx.setOutput(0, (*seq)[*pos]);
  return success();
}

LogicalResult importSequenceLength(NodeContext &ctx) {
  FailureOr<SmallVector<Value>> seq = ctx.sequenceInput(0);
  if (failed(seq))
    return failure();
  ctx.setConstantOutput(
      0, HostTensor::ofInts(ctx.builder().getI64Type(), {},
                            {int64_t(seq->size())})
             .toAttr());
  return success();
}

LogicalResult importSplitToSequence(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type || type.getRank() == 0)
    return ctx.unsupported("input 0 must be a tensor of rank 1 or more");
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.getInt("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = type.getDimSize(*axis);
  SmallVector<int64_t> sizes;
  bool squeeze = false;
  if (ctx.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> split = ctx.constantInts(1, "split");
    if (failed(split))
      return failure();
    if (ctx.inputType(1).getRank() == 0) {
      int64_t chunk = (*split)[0];
      if (chunk <= 0)
        return ctx.unsupported("split must be positive");
      if (dim / chunk + (dim % chunk != 0) > kMaxSequenceLength)
        return ctx.unsupported("split " + std::to_string(chunk) + " cuts " +
                               std::to_string(dim) +
                               " into more than 2^16 parts");
      for (int64_t done = 0; done < dim; done += chunk)
        sizes.push_back(std::min(chunk, dim - done));
    } else {
      // nabla.split checks that the sizes add up, but an empty list builds
      // no split (ONNX's inference refuses it only when it sees the value).
      if (split->empty())
        return ctx.unsupported("split is empty; its entries must add up to " +
                               std::to_string(dim));
      sizes = *split;
    }
  } else {
    if (dim > kMaxSequenceLength)
      return ctx.unsupported("splitting dimension " + std::to_string(dim) +
                             " into parts of 1 makes more than 2^16 parts");
    sizes.assign(dim, 1);
    squeeze = ctx.getInt("keepdims", 1) == 0;
  }
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = ctx.builder();
  SmallVector<Value> elements;
  if (!sizes.empty()) {
    FailureOr<Operation *> split = ctx.createOp(
        SplitOp::getOperationName(), {*x},
        {ctx.namedAttr("axis", b.getI64IntegerAttr(*axis)),
         ctx.namedAttr("sizes", b.getDenseI64ArrayAttr(sizes))},
        sizes.size());
    if (failed(split))
      return failure();
    for (Value part : (*split)->getResults()) {
      if (squeeze) {
        FailureOr<Value> squeezed = ctx.create<SqueezeOp>(
            {part}, {ctx.namedAttr("axes", b.getDenseI64ArrayAttr({*axis}))});
        if (failed(squeezed))
          return failure();
        part = *squeezed;
      }
      elements.push_back(part);
    }
  }
  ctx.setSequenceOutput(0, elements);
  return success();
}

LogicalResult importConcatFromSequence(NodeContext &ctx) {
  FailureOr<SmallVector<Value>> seq = ctx.sequenceInput(0);
  if (failed(seq))
    return failure();
  if (seq->empty())
    return ctx.unsupported("concatenating an empty sequence");
  bool newAxis = ctx.getInt("new_axis", 0) != 0;
  int64_t rank = cast<RankedTensorType>(seq->front().getType()).getRank();
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.getInt("axis", 0), rank + (newAxis ? 1 : 0));
  if (failed(axis))
    return failure();
  OpBuilder &b = ctx.builder();
  SmallVector<Value> parts;
  for (Value element : *seq) {
    if (newAxis) {
      FailureOr<Value> expanded = ctx.create<UnsqueezeOp>(
          {element}, {ctx.namedAttr("axes", b.getDenseI64ArrayAttr({*axis}))});
      if (failed(expanded))
        return failure();
      element = *expanded;
    }
    parts.push_back(element);
  }
  FailureOr<Value> result = ctx.create<ConcatOp>(
      parts, {ctx.namedAttr("axis", b.getI64IntegerAttr(*axis))});
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}
} // namespace

void mlir::nabla::onnx_frontend::registerSequenceImporters(
    OpImporterRegistry &registry) {
  registry.add("SequenceConstruct", importSequenceConstruct);
  registry.add("SequenceEmpty", importSequenceEmpty);
  registry.add("SequenceInsert", importSequenceInsert);
  registry.add("SequenceErase", importSequenceErase);
  registry.add("SequenceAt", importSequenceAt);
  registry.add("SequenceLength", importSequenceLength);
  registry.add("SplitToSequence", importSplitToSequence);
  registry.add("ConcatFromSequence", importConcatFromSequence);
}
