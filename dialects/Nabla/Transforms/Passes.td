//===- Passes.td - Graph-level passes on the nabla dialect -*- tablegen -*-===//

#ifndef NABLA_TRANSFORMS_PASSES_TD
#define NABLA_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NablaRefineShapes : Pass<"nabla-refine-shapes", "::mlir::ModuleOp"> {
  let summary = "Pin dynamic argument dimensions and re-infer every shape";
  let description = [{
    Replaces the types of the entry function's arguments named in
    `arg-shapes` by the given shapes, then re-infers the result type of every
    op in program order through `InferTypeOpInterface` and sets the
    function's result types to what it returns. This is how a model with a
    dynamic batch dimension is compiled for one batch size
    (`nablac --shape`).

    An argument is named by its `nabla.name` argument attribute (the ONNX
    input name), else by its index: `arg-shapes=input=1x784,1=1x10`; two
    pins of one argument are refused (`ShapePins.h`, the rule the ONNX
    importer's pins follow too). A pin keeps the argument's rank, element
    type and static dimensions; it only fixes dynamic ones. The entry
    function is `entry`, or the module's only public function. Without pins
    the pass re-infers every function. An op that does not infer its types
    stops the pass with an error naming it if one of its operands was
    refined.
  }];
  let options = [
    ListOption<"argShapes", "arg-shapes", "std::string",
               "NAME=D0xD1x... pins of argument shapes (NAME is the argument's "
               "nabla.name attribute, else its index; one pin per argument)">,
    Option<"entry", "entry", "std::string", /*default=*/"\"\"",
           "Function whose arguments are pinned (default: the only public "
           "function)">
  ];
  let dependentDialects = ["::mlir::nabla::NablaDialect"];
}

def NablaFreezeParameters : Pass<"nabla-freeze-parameters", "::mlir::ModuleOp"> {
  let summary = "Turn model parameters into constants for inference";
  let description = [{
    Replaces every `nabla.get_parameter` by a `nabla.constant` holding the
    parameter's initial value and erases the `nabla.parameter` declarations,
    so that inference code sees weights as constants that fold, pack and
    embed. A parameter that is read but has no initial value is an error.
  }];
  let dependentDialects = ["::mlir::nabla::NablaDialect"];
}

def NablaFormKernels : Pass<"nabla-form-kernels", "::mlir::ModuleOp"> {
  let summary = "Partition model functions into kernel functions";
  let description = [{
    Splits every model function (each function with a body that is not
    itself a kernel) into kernels: private functions marked `nabla.kernel`
    that the model calls in program order, and that are lowered, bufferized
    and compiled one by one.

    A kernel computes one op, together with the pointwise ops (the ops with
    the `Pointwise` trait: elementwise arithmetic, comparisons, selects,
    casts, broadcasts) that consume its results when nothing else reads
    those results, so that a matmul, its bias and its activation run in one
    loop nest. Its arguments are what it reads from outside: model
    arguments, results of earlier kernels and weights. Splat constants and
    constants of at most 16 elements, and reshapes (`reshape`, `flatten`,
    `squeeze`, `unsqueeze`), are copied into each kernel that reads them; a
    reshape the model returns becomes a kernel of its own. Constants are
    moved to the start of the model function.

    Kernels with identical bodies and types are merged into one, so that a
    model repeating a layer compiles its code once. The statistics count
    kernels, pointwise ops fused into a producer's kernel, and merged
    kernels (`--mlir-pass-statistics`).

    ```mlir
    // Before:
    func.func @forward(%x: tensor<4x8xf32>) -> tensor<4x2xf32> {
      %w = nabla.constant dense<...> : tensor<8x2xf32>
      %m = nabla.matmul %x, %w : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x2xf32>
      %r = nabla.relu %m : tensor<4x2xf32>
      return %r : tensor<4x2xf32>
    }
    // After:
    func.func @forward(%x: tensor<4x8xf32>) -> tensor<4x2xf32> {
      %w = nabla.constant dense<...> : tensor<8x2xf32>
      %0 = call @forward_kernel0_matmul(%x, %w) : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x2xf32>
      return %0 : tensor<4x2xf32>
    }
    func.func private @forward_kernel0_matmul(%x: tensor<4x8xf32>, %w: tensor<8x2xf32>) -> tensor<4x2xf32> attributes {nabla.kernel} {
      %m = nabla.matmul %x, %w : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x2xf32>
      %r = nabla.relu %m : tensor<4x2xf32>
      return %r : tensor<4x2xf32>
    }
    ```
  }];
  let statistics = [
    Statistic<"numKernels", "kernels", "Kernels formed">,
    Statistic<"numFused", "fused-pointwise",
              "Pointwise ops fused into the kernel of their operand">,
    Statistic<"numMerged", "merged", "Kernels merged with an identical one">
  ];
  let dependentDialects = ["::mlir::nabla::NablaDialect",
                           "::mlir::func::FuncDialect"];
}

def NablaFoldBatchNorm : Pass<"nabla-fold-batch-norm"> {
  let summary = "Fold inference batch norms into the convolutions before them";
  let description = [{
    A `nabla.batch_norm` whose input is a `nabla.conv2d` used only there,
    where the convolution's weights and bias and the norm's scale, bias,
    mean and variance are constants, becomes one `nabla.conv2d` with
    weights `w[f] * s[f]` and bias `(b[f] - mean[f]) * s[f] + beta[f]`,
    `s = scale / sqrt(var + epsilon)`. The new constants are computed in
    double precision and rounded once to the weights' type. With `remarks`,
    each fold is reported as a remark at the batch norm.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Report each fold as a remark">
  ];
  let dependentDialects = ["::mlir::nabla::NablaDialect"];
}

def NablaChannelsLast : Pass<"nabla-channels-last"> {
  let summary = "Run convolutions and pooling channels last, transposing only "
                "at the edges of conv stacks";
  let description = [{
    For the runtime's channels-last kernels: every `fused_conv2d` on static
    f32 tensors becomes `channels_last` (`x`, `residual` and the result
    `[N, H, W, C]`) between `nabla.transpose` ops, then the transposes back
    to channels first move down through the ops that do not depend on the
    layout until they meet the next convolution's transpose, and the two
    cancel:

    - unary elementwise ops, and binary pointwise ops of two transposed
      operands of the result's shape (or of one and a broadcast scalar);
    - `concat` of transposed operands (along the matching axis);
    - `max_pool2d` and `avg_pool2d`, which become `channels_last`;
    - `global_avg_pool2d` / `global_max_pool2d` (a `reduce_mean` /
      `reduce_max` over H and W) and the `reduce_sum`, `reduce_mean`,
      `reduce_max` and `reduce_min` reductions, over the matching axes.

    A convolution with fewer than 8 input channels per group whose input is
    not channels last (a network's first layer) reads it as it is
    (`nchw_input`) instead of transposing it. Run after
    `nabla-fuse-epilogues` (it takes fused convolutions) and only where the
    kernels run: linalg computes a channels-last op as its NCHW form between
    transposes.

    ```mlir
    // Before:
    %c = nabla.fused_conv2d %x, %w activation = relu : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x6x6xf32>
    %p = nabla.max_pool2d %c kernel_shape = [2, 2] strides = [2, 2] : tensor<1x16x6x6xf32> -> tensor<1x16x3x3xf32>
    // After:
    %t = nabla.transpose %x perm = [0, 2, 3, 1] : tensor<1x16x8x8xf32> -> tensor<1x8x8x16xf32>
    %c = nabla.fused_conv2d %t, %w channels_last activation = relu : (tensor<1x8x8x16xf32>, tensor<16x16x3x3xf32>) -> tensor<1x6x6x16xf32>
    %p = nabla.max_pool2d %c kernel_shape = [2, 2] strides = [2, 2] channels_last : tensor<1x6x6x16xf32> -> tensor<1x3x3x16xf32>
    %r = nabla.transpose %p perm = [0, 3, 1, 2] : tensor<1x3x3x16xf32> -> tensor<1x16x3x3xf32>
    ```
  }];
  let dependentDialects = ["::mlir::nabla::NablaDialect"];
}

def NablaFuseEpilogues : Pass<"nabla-fuse-epilogues"> {
  let summary = "Fuse bias, residual, scaling and activation into contractions";
  let description = [{
    Rewrites contractions into their fused form and lets them absorb the
    pointwise ops that follow, so that one kernel applies them to each
    output element before it is stored:

    - `matmul` of 2-D or 3-D float operands (a 3-D right operand needs a
      3-D left one of the same batch) and `gemm` (when `beta` is 1 or `c`
      is constant) become `nabla.fused_matmul`, and `conv2d` becomes
      `nabla.fused_conv2d`. A `transpose` of an operand's last two
      dimensions folds into `trans_a` / `trans_b`.
    - `add` of the result and a tensor of its type sets the residual; of a
      smaller tensor that broadcasts, the bias (for a convolution, only a
      per-channel `[F, 1, 1]` or `[1, F, 1, 1]` one).
    - `mul` of a fused matmul by a splat f32 constant, before any bias or
      residual, scales `alpha`.
    - `relu`, `clip`, `leaky_relu`, `sigmoid`, `tanh` and `gelu` on f32 set
      the activation.

    An op is absorbed only if it is the single user of the fused result and
    the epilogue has no activation yet (the epilogue computes
    `act(alpha * product + bias + residual)`, in that order). The fused op
    replaces the last op it absorbs. With `remarks`, each absorbed op (and
    each folded transpose) is reported as a remark ("fused nabla.relu into
    nabla.fused_conv2d"), which `nablac --report-fusion` prints.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Report each fused op as a remark">
  ];
  let dependentDialects = ["::mlir::nabla::NablaDialect"];
}

#endif // NABLA_TRANSFORMS_PASSES_TD
