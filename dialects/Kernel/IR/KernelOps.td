//===- KernelOps.td - The nabla_kernel dialect -------------*- tablegen -*-===//
//
// Calls of the hand-written kernels of runtime/kernels, as ops that take
// tensors (and bufferize like linalg's destination-style ops) or buffers
// (and lower to a call of the kernel's C function).
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_KERNEL_IR_KERNELOPS_TD
#define NABLA_KERNEL_IR_KERNELOPS_TD

include "dialects/Nabla/IR/NablaEnums.td"
include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def NablaKernel_Dialect : Dialect {
  let name = "nabla_kernel";
  let cppNamespace = "::mlir::nabla_kernel";
  let summary = "Calls of Nabla's runtime kernels";
  let description = [{
    Each op is one call of a kernel of Nabla's runtime (`runtime/kernels`,
    `docs/Kernels.md`): a hand-scheduled SIMD routine that generated code
    calls instead of compiling a loop nest of its own. On tensors the ops
    are in destination-passing style (the result is computed into `outs`)
    and bufferize in place; on buffers they have no results and lower to a
    call of the kernel's C function (`nabla-lower-kernel-calls`).
    `convert-nabla-to-kernels` forms them from the `nabla` ops a kernel
    covers.
  }];
}

def Kernel_F32TensorOrMemRef :
    AnyTypeOf<[RankedTensorOf<[F32]>, MemRefOf<[F32]>],
              "f32 ranked tensor or memref">;

def Kernel_SgemmOp : Op<NablaKernel_Dialect, "sgemm", [
    AttrSizedOperandSegments,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    DeclareOpInterfaceMethods<BufferizableOpInterface, [
        "bufferizesToMemoryRead", "bufferizesToMemoryWrite",
        "getAliasingValues", "bufferize"]>]> {
  let summary = "single-precision matrix product with a fused epilogue";
  let description = [{
    `outs = act(alpha * A' x B' + bias + residual)`, computed by the
    runtime's `nabla_sgemm` (`nabla_sgemm_batched` for 3-D `outs`), the
    semantics of `nabla.fused_matmul` restricted to the forms the kernel
    takes:

    * `outs` is `[M, N]`, or `[batch, M, N]`.
    * `A'` is `a`, `[M, K]`, or its transpose when `trans_a` is set
      (`a` is then `[K, M]`). For a batch, `a` is 3-D (one matrix per
      batch) or 2-D (shared by every batch). `B'` and `b` likewise, with
      `[K, N]` and `trans_b`.
    * `bias` is a vector per output column (`[N]`) or, with `bias_per_row`,
      per output row (`[M]`); 2-D (`[batch, N]` or `[batch, M]`) when it
      differs per batch.
    * `residual` is `[M, N]` (shared by every batch) or has the type of
      `outs`.
    * `activation`, `act_alpha` and `act_beta` are those of the `nabla`
      epilogues.

    The previous contents of `outs` are not read. The innermost dimension
    of every buffer must be contiguous (stride 1); the other strides are
    passed to the kernel.

    ```mlir
    %y = nabla_kernel.sgemm %x, %w bias %b outs(%init) trans_b
        activation = relu : (tensor<64x784xf32>, tensor<512x784xf32>,
        tensor<512xf32>, tensor<64x512xf32>) -> tensor<64x512xf32>
    ```
  }];
  let arguments = (ins Kernel_F32TensorOrMemRef:$a,
                       Kernel_F32TensorOrMemRef:$b,
                       Optional<Kernel_F32TensorOrMemRef>:$bias,
                       Optional<Kernel_F32TensorOrMemRef>:$residual,
                       Kernel_F32TensorOrMemRef:$init,
                       UnitAttr:$trans_a, UnitAttr:$trans_b,
                       UnitAttr:$bias_per_row,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<Nabla_Activation,
                           "::mlir::nabla::Activation::none">:$activation,
                       DefaultValuedAttr<F32Attr, "0.0">:$act_alpha,
                       DefaultValuedAttr<F32Attr, "0.0">:$act_beta);
  let results = (outs Variadic<RankedTensorOf<[F32]>>:$result);
  let assemblyFormat = [{
    $a `,` $b (`bias` $bias^)? (`residual` $residual^)? `outs` `(` $init `)`
    (`trans_a` $trans_a^)? (`trans_b` $trans_b^)?
    (`bias_per_row` $bias_per_row^)? (`alpha` `=` $alpha^)?
    (`activation` `=` $activation^)? (`act_alpha` `=` $act_alpha^)?
    (`act_beta` `=` $act_beta^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return getInitMutable();
    }
    /// Whether this is a batch of products (3-D `outs`).
    bool isBatched() {
      return ::llvm::cast<::mlir::ShapedType>(getInit().getType())
                 .getRank() == 3;
    }
  }];
  let hasVerifier = 1;
}

#endif // NABLA_KERNEL_IR_KERNELOPS_TD
