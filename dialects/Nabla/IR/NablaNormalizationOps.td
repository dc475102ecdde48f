//===- NablaNormalizationOps.td - Normalization ops --------*- tablegen -*-===//
//
// Batch and layer normalization, for inference and training, and dropout.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLANORMALIZATIONOPS_TD
#define NABLA_IR_NABLANORMALIZATIONOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

def Nabla_BatchNormOp : Nabla_InferredOp<"batch_norm",
    [Pure, AllElementTypesMatch<["x", "scale", "bias", "mean", "var"]>]> {
  let summary = "batch normalization with given statistics (inference)";
  let description = [{
    Normalizes `x` per channel (axis 1) with the statistics `mean` and `var`
    (ONNX `BatchNormalization` with `training_mode = 0`):

    ```
    y[n, c, ...] = (x[n, c, ...] - mean[c]) / sqrt(var[c] + epsilon)
                   * scale[c] + bias[c]
    ```

    `x` has shape `[N, C, D1, ..., Dk]` (rank at least 2); `scale`, `bias`,
    `mean` and `var` have shape `[C]`. The result has the type of `x`.
    `epsilon` (default 1e-5) must be non-negative.

    ```mlir
    %y = nabla.batch_norm %x, %scale, %bias, %mean, %var epsilon = 1.000000e-03
        : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>) -> tensor<?x16x8x8xf32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$scale,
                       Nabla_FloatTensor:$bias, Nabla_FloatTensor:$mean,
                       Nabla_FloatTensor:$var,
                       DefaultValuedAttr<F32Attr, "1e-5">:$epsilon);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    operands (`epsilon` `=` $epsilon^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Nabla_BatchNormTrainOp : Nabla_InferredOp<"batch_norm_train",
    [Pure, AllElementTypesMatch<["x", "scale", "bias", "running_mean",
                                 "running_var"]>]> {
  let summary = "batch normalization with batch statistics (training)";
  let description = [{
    Normalizes `x` (shape `[N, C, D1, ..., Dk]`, rank at least 2) per channel
    with the statistics of the batch, and updates the running statistics
    (ONNX `BatchNormalization` with `training_mode = 1`, which has the first
    three results only). With `n = N * D1 * ... * Dk` values per channel:

    ```
    mean_b[c]  = sum(x[:, c, ...]) / n
    var_b[c]   = sum((x[:, c, ...] - mean_b[c])^2) / n          (biased)
    inv_std[c] = 1 / sqrt(var_b[c] + epsilon)
    y          = (x - mean_b[c]) * inv_std[c] * scale[c] + bias[c]
    new_running_mean = running_mean * momentum + mean_b * (1 - momentum)
    new_running_var  = running_var * momentum + v * (1 - momentum)
    saved_mean = mean_b,  saved_inv_std = inv_std
    ```

    `v` is `var_b` (ONNX); with `unbiased_running_var` it is the unbiased
    `var_b * n / (n - 1)` (PyTorch), which needs `n > 1`. `momentum`
    (default 0.9, in `[0, 1]`) has ONNX's meaning: PyTorch's momentum is
    `1 - momentum`. `epsilon` (default 1e-5) must be non-negative.
    `saved_mean` and `saved_inv_std` are what the backward pass needs.

    `scale`, `bias`, `running_mean` and `running_var` have shape `[C]`; `y`
    has the type of `x` and the other results have shape `[C]`, with `C`
    static when `x` or any per-channel operand gives it.

    ```mlir
    %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %scale, %bias, %mean,
        %var momentum = 9.900000e-01 unbiased_running_var
        : (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>)
        -> (tensor<?x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
            tensor<16xf32>, tensor<16xf32>)
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$scale,
                       Nabla_FloatTensor:$bias,
                       Nabla_FloatTensor:$running_mean,
                       Nabla_FloatTensor:$running_var,
                       DefaultValuedAttr<F32Attr, "1e-5">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.9">:$momentum,
                       UnitAttr:$unbiased_running_var);
  let results = (outs Nabla_FloatTensor:$y,
                      Nabla_FloatTensor:$new_running_mean,
                      Nabla_FloatTensor:$new_running_var,
                      Nabla_FloatTensor:$saved_mean,
                      Nabla_FloatTensor:$saved_inv_std);
  let assemblyFormat = [{
    operands (`epsilon` `=` $epsilon^)? (`momentum` `=` $momentum^)?
    (`unbiased_running_var` $unbiased_running_var^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Nabla_LayerNormOp : Nabla_InferredOp<"layer_norm",
    [Pure, AllElementTypesMatch<["x", "scale"]>]> {
  let summary = "layer normalization over the trailing axes";
  let description = [{
    Normalizes `x` over the axes `[axis, rank)` (ONNX `LayerNormalization`,
    opset 17):

    ```
    mean = ReduceMean(x, axes = [axis, rank))
    var  = ReduceMean((x - mean)^2, axes = [axis, rank))
    y    = (x - mean) / sqrt(var + epsilon) * scale + bias
    ```

    `axis` is required and lies in `[0, rank)`. `scale` and the optional
    `bias` (zero when absent) broadcast to `x.shape[axis:]` with NumPy's rules
    and never change it. `epsilon` (default 1e-5) must be non-negative. The
    result has the type of `x`; ONNX's optional `Mean` and `InvStdDev`
    results are not produced. As with ONNX's default `stash_type = 1`, the
    statistics of f16 and bf16 inputs are computed in f32.

    ```mlir
    %y = nabla.layer_norm %x, %gamma, %beta axis = 2
        : (tensor<?x128x768xf32>, tensor<768xf32>, tensor<768xf32>)
        -> tensor<?x128x768xf32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$scale,
                       Optional<Nabla_FloatTensor>:$bias, I64Attr:$axis,
                       DefaultValuedAttr<F32Attr, "1e-5">:$epsilon);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $scale (`,` $bias^)? `axis` `=` $axis (`epsilon` `=` $epsilon^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Nabla_DropoutOp : Nabla_InferredOp<"dropout", [Pure]> {
  let summary = "random zeroing of elements during training";
  let description = [{
    ONNX `Dropout`, with the ratio and the mode as attributes. In `train`
    mode, `mask` keeps each element with probability `1 - ratio` and

    ```
    y = x * mask / (1 - ratio)
    ```

    In `eval` mode, or with `ratio = 0`, `y = x` and `mask` is all true.
    `ratio` (default 0.5) lies in `[0, 1)`. The mask comes from a
    deterministic counter-based generator seeded by `seed` (default 0): the
    same seed and shape give the same mask, so the op is pure and two dropouts
    with one seed may be merged; frontends give each dropout its own seed.
    `y` has the type of `x`; `mask` has its shape and element type `i1`.

    Canonicalization replaces `y` by `x` in `eval` mode or with `ratio = 0`,
    and `mask` by a true constant when the shape of `x` is static.

    ```mlir
    %y, %mask = nabla.dropout %x mode = train ratio = 1.000000e-01 seed = 42
        : tensor<?x256xf32> -> (tensor<?x256xf32>, tensor<?x256xi1>)
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_Mode:$mode,
                       DefaultValuedAttr<F32Attr, "0.5">:$ratio,
                       DefaultValuedAttr<I64Attr, "0">:$seed);
  let results = (outs Nabla_FloatTensor:$y, Nabla_BoolTensor:$mask);
  let assemblyFormat = [{
    $x `mode` `=` $mode (`ratio` `=` $ratio^)? (`seed` `=` $seed^)? attr-dict
    `:` type($x) `->` `(` type($y) `,` type($mask) `)`
  }];
  let hasCanonicalizeMethod = 1;
}

#endif // NABLA_IR_NABLANORMALIZATIONOPS_TD
