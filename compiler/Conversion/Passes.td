//===- Passes.td - Conversions out of the nabla dialect ----*- tablegen -*-===//

#ifndef NABLA_CONVERSION_PASSES_TD
#define NABLA_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNablaToLinalg : Pass<"convert-nabla-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower the nabla dialect to linalg, tensor, arith, math and scf";
  let description = [{
    Rewrites every `nabla` op into upstream MLIR on tensors: linalg named ops
    where one exists (`linalg.matmul`, `linalg.batch_matmul`,
    `linalg.conv_2d_nchw_fchw`, `linalg.depthwise_conv_2d_nchw_chw`,
    `linalg.pooling_nchw_max`, ...), `linalg.generic` otherwise, and
    `tensor`, `arith`, `math` and `scf` for the rest. Broadcasting becomes
    indexing maps, so no broadcast copy is materialized.

    Unsigned element types (`ui8`...) become signless integers of the same
    width; the ops that depend on signedness (division, comparison,
    max/min, casts) pick their unsigned `arith` form from the original type.

    Parameters lower to `ml_program.global` and `nabla.get_parameter` to
    `ml_program.global_load`; inference pipelines freeze them first.

    Ops that read through indices (gather, embedding, the class labels of
    the losses) first check them with `nabla.check_index`, which becomes a
    vectorizable `scf.for` over the indices and, on an invalid entry, a call
    to the runtime's `nabla_rt_index_error` (texts in LLVM string globals);
    the reading op clamps its indices, so a failed run stays memory safe.

    The lowering needs static shapes (pin dynamic dimensions with
    `-nabla-refine-shapes` or `nablac --shape`); an op with a dynamic
    dimension is reported with its type.

    Upstream elementwise ops (`arith`, `math`) on tensors are refused up
    front, each named with its type: nothing lowers them, and a model
    computes on tensors with nabla ops, which carry shape inference,
    broadcasting and derivatives; `arith` and `math` appear in models only on
    scalars.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::ml_program::MLProgramDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertNablaToKernels
    : Pass<"convert-nabla-to-kernels", "::mlir::ModuleOp"> {
  let summary = "Compute the nabla ops that a runtime kernel covers with it";
  let description = [{
    Rewrites each `nabla` op that one of the runtime's kernels computes into
    the `nabla_kernel` op that calls it, computed into a `tensor.empty` of
    the result's type (which bufferization turns into the output buffer):

    * `nabla.fused_matmul` on static `f32` tensors becomes
      `nabla_kernel.sgemm`. A bias that broadcasts along the rows or the
      columns becomes the kernel's per-column or per-row bias; a full
      `[M, N]` bias becomes its residual when the op has none. A batch of
      products that share `b` and do not transpose `a` becomes one product
      of `batch * M` rows.
    * `nabla.fused_conv2d` on static `f32` tensors with one group becomes
      one `nabla_kernel.sgemm` per image: the weights `[F, C * KH * KW]`
      times the image's columns `[C * KH * KW, OH * OW]`, the bias per row
      (output channel). A 1 x 1 convolution of stride 1 without padding
      reads the image itself as its columns; others copy each window into a
      column first (`linalg.generic` over the padded image, im2col).

    * `linalg.matmul` and `linalg.batch_matmul` on static `f32` tensors
      (with transposes in their indexing maps or not), which the lowering
      of other ops creates (the recurrent layers' time loops), become
      `nabla_kernel.sgemm`: an output filled with zeros is the kernel's
      `outs`, any other output its residual (linalg accumulates into it).
      The pipelines run the pass again after `convert-nabla-to-linalg`
      for these.

    The rest (other element types, dynamic shapes, a bias that broadcasts
    both ways) is left for `convert-nabla-to-linalg`. The pipelines run this
    pass at `-O1` and above.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::nabla_kernel::NablaKernelDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertNablaKernelToRuntime
    : Pass<"convert-nabla-kernel-to-runtime", "::mlir::ModuleOp"> {
  let summary = "Lower nabla_kernel ops on buffers to calls of the runtime";
  let description = [{
    Each bufferized `nabla_kernel` op becomes a `func.call` of its C function
    in `runtime/kernels/Kernels.h` (`nabla_sgemm`, `nabla_sgemm_batched`),
    declared once per module, with `!llvm.ptr` pointers to the first
    elements and `i64` sizes and strides read from the buffers' strided
    metadata. The epilogue goes by pointer to a `NablaEpilogue` that the
    calling function keeps in its entry block's stack frame. A buffer whose
    innermost stride is not 1 is copied into a contiguous one first (an
    output is copied back after the call).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

#endif // NABLA_CONVERSION_PASSES_TD
