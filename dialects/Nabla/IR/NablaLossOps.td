//===- NablaLossOps.td - Loss ops --------------------------*- tablegen -*-===//
//
// Training losses: regression, classification over a class axis, and binary
// classification. Every loss has a `reduction` (mean by default) that turns
// the per-element losses into a rank-0 tensor (mean, sum) or keeps them
// (none).
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLALOSSOPS_TD
#define NABLA_IR_NABLALOSSOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

// The labels of a classification loss: class indices, or one probability per
// class (soft targets).
def Nabla_ClassLabelTensor : AnyTypeOf<[Nabla_IndexTensor, Nabla_FloatTensor],
    "class indices (i32 or i64) or class probabilities (float)">;

defvar Nabla_LossReductionAttr = DefaultValuedAttr<Nabla_LossReduction,
    "::mlir::nabla::LossReduction::mean">;

def Nabla_MseLossOp : Nabla_InferredOp<"mse_loss",
    [Pure, AllElementTypesMatch<["input", "target"]>]> {
  let summary = "mean squared error";
  let description = [{
    PyTorch `MSELoss`: `input` and `target` have one shape and element type,
    and the per-element loss is

    ```
    loss[i...] = (input[i...] - target[i...])^2
    ```

    `reduction = mean` (default) returns `sum(loss) / numel(input)` as a
    rank-0 tensor, `sum` returns `sum(loss)`, `none` returns `loss` with the
    shape of `input`.

    ```mlir
    %l = nabla.mse_loss %y, %t
        : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
    %e = nabla.mse_loss %y, %t reduction = none : tensor<?x4xf32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$input, Nabla_FloatTensor:$target,
                       Nabla_LossReductionAttr:$reduction);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $target (`reduction` `=` $reduction^)? attr-dict `:`
    custom<CompactTypes>(type($input), type($target), type($result))
  }];
}

def Nabla_SoftmaxCrossEntropyOp : Nabla_InferredOp<"softmax_cross_entropy",
    [Pure]> {
  let summary = "softmax cross-entropy over the class axis";
  let description = [{
    ONNX `SoftmaxCrossEntropyLoss` (without its optional `log_prob` output),
    extended with PyTorch's probability labels. `logits` is `[N, C]` or
    `[N, C, d1, ..., dk]`; the class axis is 1:

    ```
    log_prob[n, c, d...] =
        logits[n, c, d...] - log(sum_j exp(logits[n, j, d...]))
    ```

    The element type of `labels` chooses their meaning:
    * Integer class indices (i32 or i64) of shape `[N, d1, ..., dk]`, each in
      `[0, C)` or equal to `ignore_index`; any other value fails the run
      with an index error naming the op and the label (see
      `nabla.check_index`). With
      `y = labels[n, d...]` and an optional per-class `weight` of shape `[C]`
      (1 when absent):

      ```
      loss[n, d...] = -weight[y] * log_prob[n, y, d...] (0 if y == ignore_index)
      ```

      `mean` divides `sum(loss)` by the sum of `weight[y]` over the targets
      that are not ignored (their count without `weight`), as ONNX does; it is
      NaN when every target is ignored.
    * Class probabilities of the logits' shape and element type:

      ```
      loss[n, d...] = -sum_c labels[n, c, d...] * log_prob[n, c, d...]
      ```

      `mean` divides `sum(loss)` by `N * d1 * ... * dk` (PyTorch). `weight`
      and `ignore_index` require index labels.

    `reduction = mean` (default) and `sum` return a rank-0 tensor, `none`
    returns `loss` of shape `[N, d1, ..., dk]`. The result has the logits'
    element type.

    ```mlir
    %l = nabla.softmax_cross_entropy %logits, %labels ignore_index = -100
        : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
    %s = nabla.softmax_cross_entropy %logits, %probs reduction = none
        : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$logits,
                       Nabla_ClassLabelTensor:$labels,
                       Optional<Nabla_FloatTensor>:$weight,
                       Nabla_LossReductionAttr:$reduction,
                       OptionalAttr<I64Attr>:$ignore_index);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $labels (`,` $weight^)? (`reduction` `=` $reduction^)?
    (`ignore_index` `=` $ignore_index^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Nabla_NllLossOp : Nabla_InferredOp<"nll_loss", [Pure]> {
  let summary = "negative log-likelihood of class indices";
  let description = [{
    ONNX `NegativeLogLikelihoodLoss` (PyTorch `NLLLoss`). `log_probs` is
    `[N, C]` or `[N, C, d1, ..., dk]` (log-probabilities on axis 1), `labels`
    are class indices (i32 or i64) of shape `[N, d1, ..., dk]`, each in
    `[0, C)` or equal to `ignore_index` (any other value fails the run with
    an index error naming the op and the label, see `nabla.check_index`),
    and the optional `weight` has shape `[C]` (1 when absent). With
    `y = labels[n, d...]`:

    ```
    loss[n, d...] = -weight[y] * log_probs[n, y, d...]  (0 if y == ignore_index)
    ```

    `reduction = mean` (default) returns `sum(loss)` divided by the sum of
    `weight[y]` over the targets that are not ignored (their count without
    `weight`), NaN when every target is ignored; `sum` returns `sum(loss)`;
    both are rank-0 tensors. `none` returns `loss` of shape
    `[N, d1, ..., dk]`.

    ```mlir
    %l = nabla.nll_loss %logp, %labels, %w reduction = sum
        : (tensor<?x5x7xf32>, tensor<?x7xi64>, tensor<5xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$log_probs,
                       Nabla_IndexTensor:$labels,
                       Optional<Nabla_FloatTensor>:$weight,
                       Nabla_LossReductionAttr:$reduction,
                       OptionalAttr<I64Attr>:$ignore_index);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $log_probs `,` $labels (`,` $weight^)? (`reduction` `=` $reduction^)?
    (`ignore_index` `=` $ignore_index^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Nabla_BinaryCrossEntropyOp : Nabla_InferredOp<"binary_cross_entropy",
    [Pure, AllElementTypesMatch<["probs", "targets"]>]> {
  let summary = "binary cross-entropy of probabilities";
  let description = [{
    PyTorch `BCELoss`: `probs` (in `[0, 1]`) and `targets` have one shape and
    element type; the optional `weight` broadcasts to that shape (1 when
    absent). Logarithms are clamped at -100, as PyTorch does, so that a
    probability of exactly 0 or 1 gives a finite loss:

    ```
    loss[i...] = -weight[i...] * (targets[i...] * max(log(probs[i...]), -100)
                 + (1 - targets[i...]) * max(log(1 - probs[i...]), -100))
    ```

    `reduction = mean` (default) returns `sum(loss) / numel(probs)` as a
    rank-0 tensor, `sum` returns `sum(loss)`, `none` returns `loss` with the
    shape of `probs`.

    ```mlir
    %l = nabla.binary_cross_entropy %p, %t, %w
        : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<3xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$probs, Nabla_FloatTensor:$targets,
                       Optional<Nabla_FloatTensor>:$weight,
                       Nabla_LossReductionAttr:$reduction);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $probs `,` $targets (`,` $weight^)? (`reduction` `=` $reduction^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Nabla_BinaryCrossEntropyWithLogitsOp
    : Nabla_InferredOp<"binary_cross_entropy_with_logits",
        [Pure, AttrSizedOperandSegments,
         AllElementTypesMatch<["logits", "targets"]>]> {
  let summary = "binary cross-entropy of logits, numerically stable";
  let description = [{
    PyTorch `BCEWithLogitsLoss`: the binary cross-entropy of
    `sigmoid(logits)`, computed without overflow. `logits` and `targets` have
    one shape and element type; the optional `weight` and `pos_weight` (the
    weight of positive targets, typically `[C]` for the last dimension)
    broadcast to that shape (1 when absent). With `x = logits[i...]`,
    `t = targets[i...]`, `w = weight[i...]`, `p = pos_weight[i...]`:

    ```
    loss[i...] = -w * (p * t * log(sigmoid(x)) + (1 - t) * log(1 - sigmoid(x)))
               = w * ((1 - t) * x
                      + (1 + (p - 1) * t) * (log(1 + exp(-|x|)) + max(-x, 0)))
    ```

    and the second form is the one computed. `reduction = mean` (default)
    returns `sum(loss) / numel(logits)` as a rank-0 tensor, `sum` returns
    `sum(loss)`, `none` returns `loss` with the shape of `logits`.

    ```mlir
    %l = nabla.binary_cross_entropy_with_logits %x, %t pos_weight(%pw)
        : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<3xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$logits, Nabla_FloatTensor:$targets,
                       Optional<Nabla_FloatTensor>:$weight,
                       Optional<Nabla_FloatTensor>:$pos_weight,
                       Nabla_LossReductionAttr:$reduction);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $targets (`weight` `(` $weight^ `)`)?
    (`pos_weight` `(` $pos_weight^ `)`)? (`reduction` `=` $reduction^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

#endif // NABLA_IR_NABLALOSSOPS_TD
