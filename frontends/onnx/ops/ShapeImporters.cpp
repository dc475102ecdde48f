//===- ShapeImporters.cpp - ONNX shape and data-movement ops to nabla -----===//
//
// Constants, shape computations (folded at import time when their inputs
// are known) and data movement: Reshape, Transpose, Squeeze, Concat, Slice,
// Gather, Pad, Expand, Tile...
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/NodeContext.h"

#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
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
} // namespace

void mlir::nabla::onnx_frontend::registerShapeImporters(
    OpImporterRegistry &registry) {
  registry.add("Constant", importConstant);
}
