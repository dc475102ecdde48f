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

#endif // NABLA_CONVERSION_PASSES_TD
