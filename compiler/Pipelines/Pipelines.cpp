//===- Pipelines.cpp - The named pass pipelines of the compiler -----------===//

#include "compiler/Pipelines/Pipelines.h"

#include "compiler/Conversion/Passes.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::nabla;

void mlir::nabla::buildPrepareInferencePipeline(
    OpPassManager &pm, const InferencePipelineOptions &options) {
  NablaRefineShapesOptions refine;
  refine.argShapes.assign(options.argShapes.begin(), options.argShapes.end());
  refine.entry = options.entry;
  pm.addPass(createNablaRefineShapes(refine));
  pm.addPass(createNablaFreezeParameters());
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::nabla::buildFormKernelsPipeline(
    OpPassManager &pm, const InferencePipelineOptions &options) {
  if (options.optLevel >= 1) {
    NablaFoldBatchNormOptions foldBatchNorm;
    foldBatchNorm.remarks = options.reportFusion;
    pm.addNestedPass<func::FuncOp>(createNablaFoldBatchNorm(foldBatchNorm));
    NablaFuseEpiloguesOptions fuseEpilogues;
    fuseEpilogues.remarks = options.reportFusion;
    pm.addNestedPass<func::FuncOp>(createNablaFuseEpilogues(fuseEpilogues));
    pm.addPass(createCanonicalizerPass());
    // The runtime's channels-last convolutions, where kernels run.
    if (options.kernels)
      pm.addNestedPass<func::FuncOp>(createNablaChannelsLast());
  }
  // From here on each kernel is lowered, bufferized and compiled on its own.
  pm.addPass(createNablaFormKernels());
}

void mlir::nabla::buildLowerToLinalgPipeline(
    OpPassManager &pm, const InferencePipelineOptions &options) {
  // Matrix products run in the runtime's kernels, at a large fraction of
  // the machine's peak; loops compiled from linalg stay far below it.
  bool kernels = options.optLevel >= 1 && options.kernels;
  if (kernels)
    pm.addPass(createConvertNablaToKernels());
  pm.addPass(createConvertNablaToLinalg());
  // The products the lowering itself creates (recurrent layers).
  if (kernels) {
    pm.addPass(createConvertNablaToKernels());
    // Constant weights of the products packed once, into the binary.
    pm.addPass(createNablaPackWeights());
  }
  pm.addPass(createCanonicalizerPass());
  // Chains of elementwise generics become one loop nest: one pass over
  // memory instead of one per op, and fewer intermediate buffers.
  if (options.optLevel >= 1)
    pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCSEPass());
}

void mlir::nabla::buildBufferizePipeline(
    OpPassManager &pm, const InferencePipelineOptions &options) {
  pm.addPass(createNablaBufferizeModel());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  pm.addPass(createNablaPlanMemory());
  if (options.externalWeights)
    pm.addPass(createNablaExternalizeWeights());
  // What the arena does not hold (allocations that stay inside loops).
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::nabla::buildLowerToLLVMPipeline(
    OpPassManager &pm, const InferencePipelineOptions &options) {
  pm.addPass(createConvertNablaKernelToRuntime());
  pm.addNestedPass<func::FuncOp>(createNablaLowerStridedCopies());
  pm.addPass(createNablaDetachEmptyArguments());
  if (options.optLevel >= 1) {
    // Large loop nests split over the model's threads, as the kernels are.
    pm.addPass(createNablaParallelizeLoops());
    // Loops along output rows innermost, so that LLVM vectorizes them.
    pm.addNestedPass<func::FuncOp>(createNablaInterchangeReductions());
  }
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createNablaApproximateMath());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  // bf16 conversions as integer arithmetic: LLVM would call __truncsfbf2,
  // which Debian 12's libgcc lacks.
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  // What has neither an LLVM intrinsic nor an approximation (f64 erf, ...).
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  // Static shapes: a memref argument is just its data pointer, which makes
  // the entry point callable from C with plain pointers.
  ConvertFuncToLLVMPassOptions funcToLLVM;
  funcToLLVM.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcToLLVM));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void mlir::nabla::buildInferencePipeline(
    OpPassManager &pm, const InferencePipelineOptions &options) {
  buildPrepareInferencePipeline(pm, options);
  buildFormKernelsPipeline(pm, options);
  buildLowerToLinalgPipeline(pm, options);
  buildBufferizePipeline(pm, options);
  buildLowerToLLVMPipeline(pm, options);
}

void mlir::nabla::registerNablaPipelines() {
  PassPipelineRegistration<InferencePipelineOptions>(
      "nabla-prepare-inference",
      "Pin shapes, freeze parameters, inline and fold a nabla model",
      buildPrepareInferencePipeline);
  PassPipelineRegistration<InferencePipelineOptions>(
      "nabla-form-kernels-stage",
      "Fold batch norms, fuse epilogues and partition the model into kernels",
      buildFormKernelsPipeline);
  PassPipelineRegistration<InferencePipelineOptions>(
      "nabla-lower-to-linalg",
      "Lower nabla to linalg, tensor, arith, math and scf, fusing "
      "elementwise chains",
      buildLowerToLinalgPipeline);
  PassPipelineRegistration<InferencePipelineOptions>(
      "nabla-bufferize",
      "Bufferize, turn outputs into out-params and plan the arena",
      buildBufferizePipeline);
  PassPipelineRegistration<InferencePipelineOptions>(
      "nabla-lower-to-llvm",
      "Lower bufferized linalg to the LLVM dialect with bare-pointer "
      "arguments",
      buildLowerToLLVMPipeline);
  PassPipelineRegistration<InferencePipelineOptions>(
      "nabla-inference-pipeline",
      "The whole inference path from the nabla dialect to the LLVM dialect",
      buildInferencePipeline);
}
