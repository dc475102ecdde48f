//===- NablaInterfaces.cpp - Interfaces of nabla ops ----------------------===//

#include "dialects/Nabla/IR/NablaInterfaces.h"

#include "dialects/Nabla/IR/NablaCoreOps.h"
#include "dialects/Nabla/IR/NablaReductionOps.h"
#include "dialects/Nabla/IR/NablaShapeOps.h"

using namespace mlir;
using namespace mlir::nabla;

#include "dialects/Nabla/IR/NablaInterfaces.cpp.inc"

Value mlir::nabla::sumToShape(OpBuilder &builder, Location loc, Value grad,
                              RankedTensorType target) {
  auto type = cast<RankedTensorType>(grad.getType());
  if (type.getShape() == target.getShape())
    return grad;
  int64_t leading = type.getRank() - target.getRank();
  SmallVector<int64_t> axes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (i < leading ||
        (target.getDimSize(i - leading) == 1 && type.getDimSize(i) != 1))
      axes.push_back(i);
  Value sum = grad;
  if (!axes.empty())
    sum = ReduceSumOp::create(builder, loc, grad, axes, /*keep_dims=*/true);
  if (cast<RankedTensorType>(sum.getType()).getShape() != target.getShape())
    sum = ReshapeOp::create(builder, loc, sum, target.getShape());
  return sum;
}

Value mlir::nabla::scalarConstant(OpBuilder &builder, Location loc,
                                  Type elementType, double value) {
  auto type = RankedTensorType::get({}, elementType);
  auto attr = DenseElementsAttr::get(
      type, builder.getFloatAttr(elementType, value).getValue());
  return ConstantOp::create(builder, loc, type, attr);
}
