//===- Pipelines.h - The named pass pipelines of the compiler ---*- C++ -*-===//
//
// The inference path from the nabla dialect to the LLVM dialect, as four
// stages that nablac runs one after another (stopping early for --emit)
// and that nabla-opt exposes under the same names:
//
//   nabla-prepare-inference  pin shapes, freeze parameters, inline, fold
//   nabla-form-kernels-stage fold batch norms, fuse epilogues, partition
//                            the model into kernel functions
//   nabla-lower-to-linalg    nabla -> runtime kernel calls (nabla_kernel)
//                            and linalg/tensor/arith/math/scf
//   nabla-bufferize          tensors -> memrefs, outputs as out-params,
//                            intermediates in a static arena
//   nabla-lower-to-llvm      loops, vectorizable math, LLVM dialect with a
//                            bare-pointer calling convention
//
// nabla-inference-pipeline runs all five.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_COMPILER_PIPELINES_PIPELINES_H
#define NABLA_COMPILER_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::nabla {

struct InferencePipelineOptions
    : public PassPipelineOptions<InferencePipelineOptions> {
  ListOption<std::string> argShapes{
      *this, "arg-shapes",
      llvm::cl::desc("NAME=D0xD1... pins of dynamic input dimensions")};
  Option<std::string> entry{
      *this, "entry",
      llvm::cl::desc("The model function (default: the only public one)"),
      llvm::cl::init("")};
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("Optimization level 0-3"),
                            llvm::cl::init(2)};
  Option<bool> externalWeights{
      *this, "external-weights",
      llvm::cl::desc("Gather constant weights into one blob "
                     "(nabla-externalize-weights), which the emitter embeds "
                     "as one byte array or writes to a weights file"),
      llvm::cl::init(false)};
  Option<bool> kernels{
      *this, "kernels",
      llvm::cl::desc("Call the runtime's kernels for the ops they cover "
                     "(at -O1 and above)"),
      llvm::cl::init(true)};
  Option<bool> reportFusion{
      *this, "report-fusion",
      llvm::cl::desc("Report every fused or folded op as a remark"),
      llvm::cl::init(false)};
};

void buildPrepareInferencePipeline(OpPassManager &pm,
                                   const InferencePipelineOptions &options);
void buildFormKernelsPipeline(OpPassManager &pm,
                              const InferencePipelineOptions &options);
void buildLowerToLinalgPipeline(OpPassManager &pm,
                                const InferencePipelineOptions &options);
void buildBufferizePipeline(OpPassManager &pm,
                            const InferencePipelineOptions &options);
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const InferencePipelineOptions &options);

/// All five stages.
void buildInferencePipeline(OpPassManager &pm,
                            const InferencePipelineOptions &options);

/// Registers the pipelines above with the global pass registry.
void registerNablaPipelines();

} // namespace mlir::nabla

#endif // NABLA_COMPILER_PIPELINES_PIPELINES_H
