//===- CoreToLinalg.cpp - Lower nabla core ops ----------------------------===//
//
// Constants become arith.constant; parameters become private ml_program
// globals (mutable when trainable) read by ml_program.global_load, which
// bufferization turns into memref globals. Unsigned element types become
// signless with the same bits.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::nabla;

/// `value` viewed with the element type of `type` (its signless form): the
/// stored bits are kept. Fails for elements attributes other than dense,
/// sparse and resource-backed ones, which no frontend produces.
static FailureOr<ElementsAttr> toSignlessElements(ElementsAttr value,
                                                  RankedTensorType type) {
  if (value.getType() == type)
    return value;
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return cast<ElementsAttr>(dense.bitcast(type.getElementType()));
  if (auto sparse = dyn_cast<SparseElementsAttr>(value))
    return cast<ElementsAttr>(SparseElementsAttr::get(
        type, sparse.getIndices(),
        sparse.getValues().bitcast(type.getElementType())));
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return cast<ElementsAttr>(
        DenseResourceElementsAttr::get(type, resource.getRawHandle()));
  return failure();
}

namespace {

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    FailureOr<ElementsAttr> value = toSignlessElements(op.getValue(), type);
    if (failed(value))
      return op.emitOpError("cannot convert a ")
             << op.getValue().getType()
             << " value that is not dense, sparse or a dense resource to "
                "signless integers";
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, *value);
    return success();
  }
};

struct ParameterLowering : OpConversionPattern<ParameterOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ParameterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getTensorType()));
    // A parameter supplied at load time is ml_program's extern global: its
    // value is found in external storage by symbol name.
    Attribute value = ml_program::ExternAttr::get(getContext(), type);
    if (ElementsAttr initial = op.getInitialValueAttr()) {
      FailureOr<ElementsAttr> converted = toSignlessElements(initial, type);
      if (failed(converted))
        return op.emitOpError("cannot convert an initial value of type ")
               << initial.getType()
               << " that is not dense, sparse or a dense resource to "
                  "signless integers";
      value = *converted;
    }
    // Parameters are visible only through get_parameter, hence private.
    rewriter.replaceOpWithNewOp<ml_program::GlobalOp>(
        op, op.getSymName(), type, op.getTrainable(), value,
        rewriter.getStringAttr("private"));
    return success();
  }
};

struct GetParameterLowering : OpConversionPattern<GetParameterOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GetParameterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // global_load for mutable and immutable globals alike: MLIR 22 has no
    // bufferization model for global_load_const, and global_load bufferizes
    // to a read-only memref.get_global, so immutability is kept by the
    // global itself (a constant memref.global).
    rewriter.replaceOpWithNewOp<ml_program::GlobalLoadOp>(
        op, getConvertedTensorType(*getTypeConverter(), op.getResult()),
        op.getNameAttr());
    return success();
  }
};

} // namespace

void mlir::nabla::populateCoreToLinalgPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ParameterLowering, GetParameterLowering>(
      converter, patterns.getContext());
}
