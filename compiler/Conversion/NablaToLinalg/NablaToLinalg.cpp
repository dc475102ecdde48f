//===- NablaToLinalg.cpp - The convert-nabla-to-linalg pass ---------------===//
//
// Drives the per-family lowering patterns as one dialect conversion: every
// nabla op must go, function signatures follow the type converter.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/Nabla/IR/NablaConvolutionOps.h"
#include "dialects/Nabla/IR/NablaDialect.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_CONVERTNABLATOLINALG
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

void mlir::nabla::populateNablaToLinalgPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  populateCoreToLinalgPatterns(converter, patterns);
  populateElementwiseToLinalgPatterns(converter, patterns);
  populateContractionToLinalgPatterns(converter, patterns);
  populateConvolutionToLinalgPatterns(converter, patterns);
  populateNormalizationToLinalgPatterns(converter, patterns);
  populateReductionToLinalgPatterns(converter, patterns);
  populateShapeToLinalgPatterns(converter, patterns);
  populateRecurrentToLinalgPatterns(converter, patterns);
  populateLossToLinalgPatterns(converter, patterns);
  populateCheckToLinalgPatterns(converter, patterns);
}

/// Refuses upstream elementwise ops (arith, math) applied to whole tensors.
/// Nothing lowers them, so they reached bufferization and failed there
/// ("op was not bufferized"); a model computes on tensors with nabla ops,
/// which carry shape inference, broadcasting and derivatives.
static LogicalResult checkNoElementwiseOnTensors(ModuleOp module) {
  bool found = false;
  module.walk([&](Operation *op) {
    if (isa<NablaDialect>(op->getDialect()) ||
        !op->hasTrait<OpTrait::Elementwise>())
      return;
    auto firstTensor = [](auto types) -> Type {
      for (Type type : types)
        if (isa<TensorType>(type))
          return type;
      return {};
    };
    Type tensor = firstTensor(op->getOperandTypes());
    if (!tensor)
      tensor = firstTensor(op->getResultTypes());
    if (!tensor)
      return;
    op->emitOpError("on ")
        << tensor
        << " is not supported: model functions compute on tensors with "
           "nabla ops (arith and math ops work on scalars only)";
    found = true;
  });
  return failure(found);
}

namespace {
struct ConvertNablaToLinalgPass
    : public nabla::impl::ConvertNablaToLinalgBase<ConvertNablaToLinalgPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();

    // Report every dynamic shape up front rather than a failed legalization.
    bool dynamic = false;
    module.walk([&](Operation *op) {
      if (isa<NablaDialect>(op->getDialect()) && failed(checkStaticShapes(op)))
        dynamic = true;
    });
    if (dynamic)
      return signalPassFailure();
    if (failed(checkNoElementwiseOnTensors(module)))
      return signalPassFailure();
    // Channels-last ops (nabla-channels-last, for the runtime's kernels)
    // are computed as their NCHW forms between transposes.
    IRRewriter rewriter(context);
    module.walk([&](Operation *op) {
      (void)rewriteChannelsLastAsNchw(rewriter, op);
    });

    NablaTypeConverter converter;
    ConversionTarget target(*context);
    target.addIllegalDialect<NablaDialect>();
    // LLVM: the message texts of run-time checks are LLVM string globals.
    target.addLegalDialect<arith::ArithDialect, bufferization::BufferizationDialect,
                           linalg::LinalgDialect, LLVM::LLVMDialect,
                           math::MathDialect, ml_program::MLProgramDialect,
                           scf::SCFDialect, tensor::TensorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });

    RewritePatternSet patterns(context);
    populateNablaToLinalgPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);

    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
