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
    call of the kernel's C function (`convert-nabla-kernel-to-runtime`).
    `convert-nabla-to-kernels` forms them from the `nabla` ops a kernel
    covers.
  }];
}

def Kernel_F32TensorOrMemRef :
    AnyTypeOf<[RankedTensorOf<[F32]>, MemRefOf<[F32]>],
              "f32 ranked tensor or memref">;

// An op in destination-passing style whose `init` operand is the output:
// written whole, never read (a kernel stores each element once), so that
// bufferization needs no copy of its previous contents.
class Kernel_Op<string mnemonic, list<Trait> traits = []>
    : Op<NablaKernel_Dialect, mnemonic, !listconcat(traits, [
        DestinationStyleOpInterface,
        DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
        DeclareOpInterfaceMethods<BufferizableOpInterface, [
            "bufferizesToMemoryRead", "bufferizesToMemoryWrite",
            "getAliasingValues", "bufferize"]>])> {
  let results = (outs Variadic<RankedTensorOf<[F32]>>:$result);
  code kernelClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return getInitMutable();
    }
  }];
  let extraClassDeclaration = kernelClassDeclaration;
  let hasVerifier = 1;
}

def Kernel_SgemmOp : Kernel_Op<"sgemm", [AttrSizedOperandSegments]> {
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
    * With `packed_b`, `b` is `B'` packed ahead of time (weights, by
      `nabla-pack-weights`) in `nabla_sgemm_pack_b`'s layout, the same on
      every CPU: a 1-D `[ceil(N / 32) * K * 32]`, element
      `(p * K + k) * 32 + j` holding `B'[k, 32 p + j]` (0 past column N).
      `trans_b` has been applied, and is not set; a batch shares it.

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
                       UnitAttr:$packed_b, UnitAttr:$bias_per_row,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<Nabla_Activation,
                           "::mlir::nabla::Activation::none">:$activation,
                       DefaultValuedAttr<F32Attr, "0.0">:$act_alpha,
                       DefaultValuedAttr<F32Attr, "0.0">:$act_beta);
  let assemblyFormat = [{
    $a `,` $b (`bias` $bias^)? (`residual` $residual^)? `outs` `(` $init `)`
    (`trans_a` $trans_a^)? (`trans_b` $trans_b^)? (`packed_b` $packed_b^)?
    (`bias_per_row` $bias_per_row^)? (`alpha` `=` $alpha^)?
    (`activation` `=` $activation^)? (`act_alpha` `=` $act_alpha^)?
    (`act_beta` `=` $act_beta^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = kernelClassDeclaration # [{
    /// Whether this is a batch of products (3-D `outs`).
    bool isBatched() {
      return ::llvm::cast<::mlir::ShapedType>(getInit().getType())
                 .getRank() == 3;
    }
    /// Elements of B' (K x N) packed for `packed_b`.
    static int64_t packedSize(int64_t k, int64_t n) {
      return (n + kPackedPanel - 1) / kPackedPanel * k * kPackedPanel;
    }
    /// Columns per panel of a packed B' (NABLA_SGEMM_PANEL).
    static constexpr int64_t kPackedPanel = 32;
  }];
}

def Kernel_Conv2dOp : Kernel_Op<"conv2d", [AttrSizedOperandSegments]> {
  let summary = "2-D convolution over NCHW or NHWC tensors with a fused "
                "epilogue";
  let description = [{
    `outs = act(conv2d(x, w) + bias + residual)`, computed by the runtime's
    `nabla_sconv2d`: the semantics of `nabla.fused_conv2d` on f32.

    * `x` is `[N, C, H, W]`, `w` is `[F, C / groups, KH, KW]`, `outs` is
      `[N, F, OH, OW]` with `OH = (H + top + bottom - dilation_h * (KH - 1)
      - 1) / stride_h + 1` (and `OW` likewise).
    * `bias` is `[F]`; `residual` has the shape of `outs`.
    * `strides`, `pads` (`[top, left, bottom, right]`), `dilations` and
      `groups` mean what they mean for `nabla.conv2d`.

    With `channels_last`, `x` is `[N, H, W, C]` and `outs` (and `residual`)
    `[N, OH, OW, F]`, computed by `nabla_sconv2d_nhwc`; with `nchw_input`
    as well, `x` stays `[N, C, H, W]` (a network's first layer, on its
    input; not for depthwise convolutions). With `packed_weights` (only
    with `channels_last`), `w` is the 1-D result of
    `nabla_sconv2d_nhwc_pack_weights` for this shape (made ahead of time by
    `nabla-pack-weights`), and `kernel_shape` gives `[KH, KW]`: per group of
    a matrix product, `nabla_sgemm_pack_b`'s panels of the group's weights
    as a `[KH * KW * C/groups, F/groups]` matrix whose row
    `(i * KW + j) * C/groups + c` (`(c * KH + i) * KW + j` with
    `nchw_input`) holds tap `(i, j)` of channel `c`; for a depthwise
    convolution (one channel and one filter per group), `[KH * KW, F]`.

    The previous contents of `outs` are not read. On buffers, every operand
    must be contiguous (identity layout).

    ```mlir
    %y = nabla_kernel.conv2d %x, %w bias %b outs(%init) pads = [1, 1, 1, 1]
        groups = 32 activation = clip act_beta = 6.0 : (tensor<1x32x112x112xf32>,
        tensor<32x1x3x3xf32>, tensor<32xf32>, tensor<1x32x112x112xf32>)
        -> tensor<1x32x112x112xf32>
    ```
  }];
  let arguments = (ins Kernel_F32TensorOrMemRef:$x,
                       Kernel_F32TensorOrMemRef:$w,
                       Optional<Kernel_F32TensorOrMemRef>:$bias,
                       Optional<Kernel_F32TensorOrMemRef>:$residual,
                       Kernel_F32TensorOrMemRef:$init,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$groups,
                       UnitAttr:$channels_last, UnitAttr:$nchw_input,
                       UnitAttr:$packed_weights,
                       OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                       DefaultValuedAttr<Nabla_Activation,
                           "::mlir::nabla::Activation::none">:$activation,
                       DefaultValuedAttr<F32Attr, "0.0">:$act_alpha,
                       DefaultValuedAttr<F32Attr, "0.0">:$act_beta);
  let assemblyFormat = [{
    $x `,` $w (`bias` $bias^)? (`residual` $residual^)? `outs` `(` $init `)`
    (`strides` `=` $strides^)? (`pads` `=` $pads^)?
    (`dilations` `=` $dilations^)? (`groups` `=` $groups^)?
    (`channels_last` $channels_last^)? (`nchw_input` $nchw_input^)?
    (`packed_weights` $packed_weights^)?
    (`kernel_shape` `=` $kernel_shape^)?
    (`activation` `=` $activation^)? (`act_alpha` `=` $act_alpha^)?
    (`act_beta` `=` $act_beta^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = kernelClassDeclaration # [{
    /// Elements of the packed weights (`packed_weights`) of a convolution
    /// of `channels` input channels, `filters` filters, `groups` groups and
    /// a kh x kw window (nabla_sconv2d_nhwc_packed_size, in floats).
    static int64_t packedWeightsSize(int64_t channels, int64_t filters,
                                     int64_t groups, int64_t kh, int64_t kw);
  }];
}

def Kernel_MaxPool2dOp : Kernel_Op<"max_pool2d"> {
  let summary = "2-D max pooling over NCHW or NHWC tensors";
  let description = [{
    `outs` = the largest tap inside `x` of each window, computed by the
    runtime's `nabla_spool2d`: the semantics of `nabla.max_pool2d` on f32.
    `x` is `[N, C, H, W]` and `outs` `[N, C, OH, OW]`; `pads` are
    `[top, left, bottom, right]`, and `OH` and `OW` may count windows past
    the padded input (`ceil_mode`), as long as every window has a tap inside
    `x`. On buffers, both must be contiguous. With `channels_last`, both
    are `[N, H, W, C]` (`nabla_spool2d_nhwc`).

    ```mlir
    %y = nabla_kernel.max_pool2d %x outs(%init) kernel_shape = [2, 2]
        strides = [2, 2] : (tensor<64x32x26x26xf32>, tensor<64x32x13x13xf32>)
        -> tensor<64x32x13x13xf32>
    ```
  }];
  let arguments = (ins Kernel_F32TensorOrMemRef:$x,
                       Kernel_F32TensorOrMemRef:$init,
                       DenseI64ArrayAttr:$kernel_shape,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       UnitAttr:$channels_last);
  let assemblyFormat = [{
    $x `outs` `(` $init `)` `kernel_shape` `=` $kernel_shape
    (`strides` `=` $strides^)? (`pads` `=` $pads^)?
    (`dilations` `=` $dilations^)? (`channels_last` $channels_last^)?
    attr-dict `:`
    functional-type(operands, results)
  }];
}

def Kernel_AvgPool2dOp : Kernel_Op<"avg_pool2d"> {
  let summary = "2-D average pooling over NCHW or NHWC tensors";
  let description = [{
    `outs` = the mean of each window, computed by the runtime's
    `nabla_spool2d`: the semantics of `nabla.avg_pool2d` on f32 (with
    `count_include_pad`, the declared `pads` count as zeros). Shapes as for
    `nabla_kernel.max_pool2d` (and `channels_last` likewise), without
    dilation.

    ```mlir
    %y = nabla_kernel.avg_pool2d %x outs(%init) kernel_shape = [3, 3]
        pads = [1, 1, 1, 1] count_include_pad : (tensor<1x8x7x7xf32>,
        tensor<1x8x7x7xf32>) -> tensor<1x8x7x7xf32>
    ```
  }];
  let arguments = (ins Kernel_F32TensorOrMemRef:$x,
                       Kernel_F32TensorOrMemRef:$init,
                       DenseI64ArrayAttr:$kernel_shape,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       UnitAttr:$count_include_pad, UnitAttr:$channels_last);
  let assemblyFormat = [{
    $x `outs` `(` $init `)` `kernel_shape` `=` $kernel_shape
    (`strides` `=` $strides^)? (`pads` `=` $pads^)?
    (`count_include_pad` $count_include_pad^)?
    (`channels_last` $channels_last^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // NABLA_KERNEL_IR_KERNELOPS_TD
