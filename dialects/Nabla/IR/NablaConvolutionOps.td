//===- NablaConvolutionOps.td - Convolution and pooling ops -*- tablegen -*-===//
//
// 2-D convolution, transposed convolution and pooling on NCHW feature maps
// (ONNX Conv, ConvTranspose, MaxPool, AveragePool, GlobalAveragePool,
// GlobalMaxPool).
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLACONVOLUTIONOPS_TD
#define NABLA_IR_NABLACONVOLUTIONOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

// The element type of the optional `bias` is the one of `x`.
def Nabla_BiasElementTypeMatches : OptionalTypesMatchWith<
    "bias has the element type of x", "x", "bias",
    "::mlir::getElementTypeOrSelf($_self)",
    "[](::mlir::Type element, ::mlir::Type bias) {"
    "  return element == ::mlir::getElementTypeOrSelf(bias); }">;

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

def Nabla_Conv2dOp : Nabla_InferredOp<"conv2d",
    [Pure, AllElementTypesMatch<["x", "w"]>,
     Nabla_BiasElementTypeMatches]> {
  let summary = "2-D convolution (ONNX Conv)";
  let description = [{
    The 2-D cross-correlation of an NCHW input with FCHW filters, plus an
    optional per-channel bias (ONNX `Conv` with 2 spatial dimensions).

    * `x`: `[N, C, H, W]`; `w`: `[F, C / groups, KH, KW]`; `bias`: `[F]`.
    * `strides` (2 entries, default `[1, 1]`, each > 0): the step of the
      window along H and W.
    * `pads` (4 entries in ONNX order `[top, left, bottom, right]`, default
      zeros, each >= 0): zeros added around the input. ONNX's `auto_pad` is
      resolved into `pads` by the importer.
    * `dilations` (2 entries, default `[1, 1]`, each > 0): the spacing of the
      kernel taps.
    * `groups` (default 1): input and output channels are split into
      `groups` groups; group `g` of the output only sees group `g` of the
      input. `C` and `F` must be divisible by `groups`; depthwise convolution
      is `groups == C`.

    Result shape: `[N, F, OH, OW]` with
    `OH = floor((H + top + bottom - dilation_h * (KH - 1) - 1) / stride_h) + 1`
    and likewise `OW`; both must be >= 1. A dimension that depends on a
    dynamic input dimension is dynamic.

    ```mlir
    %y = nabla.conv2d %x, %w, %b strides = [2, 2] pads = [1, 1, 1, 1] groups = 2 : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>, tensor<16xf32>) -> tensor<?x16x16x16xf32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$w,
                       Optional<Nabla_FloatTensor>:$bias,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $w (`,` $bias^)? (`strides` `=` $strides^)? (`pads` `=` $pads^)?
    (`dilations` `=` $dilations^)? (`groups` `=` $groups^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Nabla_FusedConv2dOp : Nabla_InferredOp<"fused_conv2d",
    [Pure, AttrSizedOperandSegments, AllElementTypesMatch<["x", "w"]>,
     Nabla_BiasElementTypeMatches]> {
  let summary = "2-D convolution with a fused epilogue";
  let description = [{
    `act(conv2d(x, w, bias) + residual)`: a `nabla.conv2d` (same operands,
    attributes and result shape) whose residual addition and activation
    happen as each output element is computed, in one pass over memory.
    `nabla-fuse-epilogues` forms it from `conv2d` and the pointwise ops that
    follow it (and `nabla-fold-batch-norm` folds an inference batch norm into
    its weights and bias); it has no ONNX counterpart.

    * `residual`, when present, has the result's type.
    * `activation` (default `none`) is applied last, as in
      `nabla.fused_matmul`.
    * `channels_last`: `x` is `[N, H, W, C]` and the result (and
      `residual`) `[N, OH, OW, F]`; with `nchw_input` as well, `x` stays
      `[N, C, H, W]` (not for depthwise convolutions). `nabla-channels-last`
      sets them; `w` stays `[F, C / groups, KH, KW]`.

    ```mlir
    %y = nabla.fused_conv2d %x, %w bias %b residual %skip pads = [1, 1, 1, 1] activation = relu : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = !con((ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$w,
                            Optional<Nabla_FloatTensor>:$bias,
                            Optional<Nabla_FloatTensor>:$residual,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                            DefaultValuedAttr<I64Attr, "1">:$groups),
                       Nabla_EpilogueArgs,
                       (ins UnitAttr:$channels_last, UnitAttr:$nchw_input));
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $w (`bias` $bias^)? (`residual` $residual^)?
    (`strides` `=` $strides^)? (`pads` `=` $pads^)?
    (`dilations` `=` $dilations^)? (`groups` `=` $groups^)?
    (`channels_last` $channels_last^)? (`nchw_input` $nchw_input^)?
    (`activation` `=` $activation^)? (`act_alpha` `=` $act_alpha^)?
    (`act_beta` `=` $act_beta^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Nabla_ConvTranspose2dOp : Nabla_InferredOp<"conv_transpose2d",
    [Pure, AllElementTypesMatch<["x", "w"]>,
     Nabla_BiasElementTypeMatches]> {
  let summary = "2-D transposed convolution (ONNX ConvTranspose)";
  let description = [{
    The transpose (gradient with respect to its input) of `nabla.conv2d`,
    plus an optional per-channel bias (ONNX `ConvTranspose` with 2 spatial
    dimensions): every input pixel scatters `x[n, c, h, w] * w[c, f, :, :]`
    into the output window at `(h * stride_h - top, w * stride_w - left)`.

    * `x`: `[N, C, H, W]`; `w`: `[C, F / groups, KH, KW]`; `bias`: `[F]`,
      where `F = w.dim(1) * groups`. `C` must be divisible by `groups`.
    * `strides`, `dilations` (2 entries, default `[1, 1]`, each > 0) and
      `groups` (default 1) mean what they mean for the convolution this op
      transposes.
    * `pads` (4 entries `[top, left, bottom, right]`, default zeros, each
      >= 0) are removed from the borders of the full output.
    * `output_padding` (2 entries, default zeros, each >= 0 and smaller than
      its stride or its dilation) is added at the bottom and right, to pick
      one of the output sizes that a strided convolution maps to the same
      input size. ONNX's `output_shape` and `auto_pad` are resolved into
      `pads` by the importer.

    Result shape: `[N, F, OH, OW]` with
    `OH = stride_h * (H - 1) + output_padding_h + dilation_h * (KH - 1) + 1
    - top - bottom` and likewise `OW`; both must be >= 1.

    ```mlir
    %y = nabla.conv_transpose2d %x, %w strides = [2, 2] pads = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<?x16x8x8xf32>, tensor<16x8x3x3xf32>) -> tensor<?x8x16x16xf32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$w,
                       Optional<Nabla_FloatTensor>:$bias,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$output_padding,
                       DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $w (`,` $bias^)? (`strides` `=` $strides^)? (`pads` `=` $pads^)?
    (`dilations` `=` $dilations^)?
    (`output_padding` `=` $output_padding^)? (`groups` `=` $groups^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def Nabla_MaxPool2dOp : Nabla_InferredOp<"max_pool2d", [Pure]> {
  let summary = "2-D max pooling (ONNX MaxPool)";
  let description = [{
    The maximum over each `kernel_shape` window of every channel of an NCHW
    input (ONNX `MaxPool` with 2 spatial dimensions, without the `Indices`
    output). Padded positions are ignored: a window's maximum is taken over
    its taps inside the input only.

    * `kernel_shape` (2 entries `[KH, KW]`, required, each > 0).
    * `strides` (2 entries, default `[1, 1]`, each > 0).
    * `pads` (4 entries `[top, left, bottom, right]`, default zeros, each
      >= 0 and smaller than the dilated kernel extent
      `dilation * (K - 1) + 1` of its dimension, so that no window lies
      entirely in the padding).
    * `dilations` (2 entries, default `[1, 1]`, each > 0).
    * `ceil_mode`: round the number of windows up instead of down; a last
      window that would start past the input plus its top (left) padding is
      dropped (the PyTorch and ONNX rule).
    * `channels_last`: `x` and the result are `[N, H, W, C]` (set by
      `nabla-channels-last`).

    Result shape: `[N, C, OH, OW]` with
    `OH = floor((H + top + bottom - dilation_h * (KH - 1) - 1) / stride_h) + 1`
    (`ceil` instead of `floor` with `ceil_mode`, less the dropped window) and
    likewise `OW`; both must be >= 1.

    ```mlir
    %y = nabla.max_pool2d %x kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] ceil_mode : tensor<?x64x112x112xf32> -> tensor<?x64x57x57xf32>
    ```
  }];
  let arguments = (ins Nabla_NumericTensor:$x,
                       DenseI64ArrayAttr:$kernel_shape,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       UnitAttr:$ceil_mode, UnitAttr:$channels_last);
  let results = (outs Nabla_NumericTensor:$result);
  let assemblyFormat = [{
    $x `kernel_shape` `=` $kernel_shape (`strides` `=` $strides^)?
    (`pads` `=` $pads^)? (`dilations` `=` $dilations^)?
    (`ceil_mode` $ceil_mode^)? (`channels_last` $channels_last^)? attr-dict
    `:` type($x) `->` type($result)
  }];
}

def Nabla_AvgPool2dOp : Nabla_InferredOp<"avg_pool2d", [Pure]> {
  let summary = "2-D average pooling (ONNX AveragePool)";
  let description = [{
    The mean over each `kernel_shape` window of every channel of an NCHW
    input (ONNX `AveragePool` with 2 spatial dimensions and no dilation).

    * `kernel_shape` (2 entries `[KH, KW]`, required, each > 0).
    * `strides` (2 entries, default `[1, 1]`, each > 0).
    * `pads` (4 entries `[top, left, bottom, right]`, default zeros, each
      >= 0 and smaller than the kernel size of its dimension, so that every
      window holds at least one input element).
    * `ceil_mode`: as for `nabla.max_pool2d`.
    * `count_include_pad`: divide by the number of window positions inside
      the padded input (the declared `pads` count as zeros); without it,
      divide by the number of positions inside the unpadded input. Positions
      past the padded input, which only `ceil_mode` creates, are never
      counted.
    * `channels_last`: as for `nabla.max_pool2d`.

    Result shape: as for `nabla.max_pool2d` with dilations `[1, 1]`.

    ```mlir
    %y = nabla.avg_pool2d %x kernel_shape = [2, 2] strides = [2, 2] count_include_pad : tensor<?x16x28x28xf32> -> tensor<?x16x14x14xf32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x,
                       DenseI64ArrayAttr:$kernel_shape,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       UnitAttr:$ceil_mode, UnitAttr:$count_include_pad,
                       UnitAttr:$channels_last);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $x `kernel_shape` `=` $kernel_shape (`strides` `=` $strides^)?
    (`pads` `=` $pads^)? (`ceil_mode` $ceil_mode^)?
    (`count_include_pad` $count_include_pad^)?
    (`channels_last` $channels_last^)? attr-dict `:` type($x) `->`
    type($result)
  }];
}

// A pooling over the whole H x W plane: [N, C, H, W] -> [N, C, 1, 1].
class Nabla_GlobalPool2dOp<string mnemonic, Type type>
    : Nabla_InferredOp<mnemonic, [Pure]> {
  let arguments = (ins type:$x);
  let results = (outs type:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
}

def Nabla_GlobalAvgPool2dOp
    : Nabla_GlobalPool2dOp<"global_avg_pool2d", Nabla_FloatTensor> {
  let summary = "mean over each channel's H x W plane (ONNX GlobalAveragePool)";
  let description = [{
    The mean of every `[H, W]` plane of an NCHW input (ONNX
    `GlobalAveragePool` with 2 spatial dimensions). `x` is `[N, C, H, W]`;
    the result is `[N, C, 1, 1]`.

    ```mlir
    %y = nabla.global_avg_pool2d %x : tensor<?x512x7x7xf32> -> tensor<?x512x1x1xf32>
    ```
  }];
}

def Nabla_GlobalMaxPool2dOp
    : Nabla_GlobalPool2dOp<"global_max_pool2d", Nabla_NumericTensor> {
  let summary = "maximum over each channel's H x W plane (ONNX GlobalMaxPool)";
  let description = [{
    The maximum of every `[H, W]` plane of an NCHW input (ONNX
    `GlobalMaxPool` with 2 spatial dimensions). `x` is `[N, C, H, W]`; the
    result is `[N, C, 1, 1]`.

    ```mlir
    %y = nabla.global_max_pool2d %x : tensor<?x512x7x7xf32> -> tensor<?x512x1x1xf32>
    ```
  }];
}

#endif // NABLA_IR_NABLACONVOLUTIONOPS_TD
