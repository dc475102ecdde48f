//===- NablaContractionOps.td - Contraction ops -------------*- tablegen -*-===//
//
// Matrix products: NumPy/ONNX MatMul with batch broadcasting, and ONNX Gemm.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLACONTRACTIONOPS_TD
#define NABLA_IR_NABLACONTRACTIONOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

def Nabla_MatMulOp : Nabla_InferredOp<"matmul",
    [Pure, AllElementTypesMatch<["lhs", "rhs"]>]> {
  let summary = "matrix product with batch broadcasting";
  let description = [{
    The matrix product of `lhs` and `rhs` with NumPy `matmul` semantics (ONNX
    `MatMul`). Both operands have rank >= 1 and one numeric element type,
    which is the result's; integer products wrap.

    * A 1-D `lhs` of shape `[K]` is promoted to `[1, K]` and a 1-D `rhs` of
      shape `[K]` to `[K, 1]`; the promoted dimension is removed from the
      result.
    * The last two dimensions multiply as matrices: `[..., M, K] x [..., K, N]
      -> [..., M, N]`. The contracting dimensions `K` must agree unless one is
      dynamic.
    * The leading (batch) dimensions broadcast with NumPy's rules.

    Result shape: `broadcast(lhs[:-2], rhs[:-2]) ++ [M] ++ [N]`, without `M`
    when `lhs` is 1-D and without `N` when `rhs` is 1-D; a vector times a
    vector gives a rank-0 tensor.

    ```mlir
    %y = nabla.matmul %x, %w : (tensor<?x8x16xf32>, tensor<16x4xf32>) -> tensor<?x8x4xf32>
    %v = nabla.matmul %m, %u : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins Nabla_NumericTensor:$lhs, Nabla_NumericTensor:$rhs);
  let results = (outs Nabla_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Nabla_GemmOp : Nabla_InferredOp<"gemm",
    [Pure, AllElementTypesMatch<["a", "b"]>,
     OptionalTypesMatchWith<"c has the element type of a", "a", "c",
         "::mlir::getElementTypeOrSelf($_self)",
         "[](::mlir::Type element, ::mlir::Type c) {"
         "  return element == ::mlir::getElementTypeOrSelf(c); }">]> {
  let summary = "general matrix multiplication (ONNX Gemm)";
  let description = [{
    `alpha * A' x B' + beta * C` (ONNX `Gemm`), where `A'` is `a` of shape
    `[M, K]`, or its transpose when `trans_a` is set (then `a` is `[K, M]`),
    and `B'` is `b` of shape `[K, N]`, or its transpose when `trans_b` is set
    (then `b` is `[N, K]`). The contracting dimensions must agree unless one
    is dynamic.

    The optional `c` is unidirectionally broadcastable to `[M, N]`: its rank
    is at most 2 and each of its dimensions, aligned to the right, is 1 or
    equals the result's. Without `c`, the `beta * C` term is absent.

    `alpha` and `beta` default to 1.0. All operands have one numeric element
    type, which is the result's; for integer element types `alpha` and
    `beta` must be integral values (products wrap).

    Result shape: `[M, N]`.

    ```mlir
    %y = nabla.gemm %x, %w, %b trans_b alpha = 5.000000e-01 : (tensor<?x784xf32>, tensor<128x784xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins Nabla_NumericTensor:$a, Nabla_NumericTensor:$b,
                       Optional<Nabla_NumericTensor>:$c,
                       UnitAttr:$trans_a, UnitAttr:$trans_b,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0">:$beta);
  let results = (outs Nabla_NumericTensor:$result);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? (`trans_a` $trans_a^)? (`trans_b` $trans_b^)?
    (`alpha` `=` $alpha^)? (`beta` `=` $beta^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Nabla_FusedMatMulOp : Nabla_InferredOp<"fused_matmul",
    [Pure, AttrSizedOperandSegments, AllElementTypesMatch<["a", "b"]>]> {
  let summary = "matrix product with a fused epilogue";
  let description = [{
    `act(alpha * A' x B' + bias + residual)`: a matrix product whose scaling,
    bias, residual addition and activation happen as each output element is
    computed, in one pass over memory. `nabla-fuse-epilogues` forms it from
    `matmul`, `gemm`, `transpose` and the pointwise ops that follow them; it
    has no ONNX counterpart.

    * `A'` is `a` (`[M, K]`, or `[B, M, K]` for a batch of products), or
      its transpose in the last two dimensions when `trans_a` is set. `B'`
      is `b` (`[K, N]`, or `[B, K, N]`), or its transpose when `trans_b` is
      set. A 2-D `b` is shared by every batch of a 3-D `a`; a 3-D `b` needs
      a 3-D `a` with the same batch size.
    * `alpha` (default 1.0) scales the product.
    * `bias`, when present, is added after broadcasting to the result (NumPy
      rules; it may not grow the result): `[N]` is a per-column bias,
      `[M, 1]` a per-row one.
    * `residual`, when present, has the result's type and is added next.
    * `activation` (default `none`) is applied last: `relu`, `clip` to
      `[act_alpha, act_beta]`, `leaky_relu` with slope `act_alpha`,
      `sigmoid`, `tanh`, or `gelu_erf` / `gelu_tanh` (`nabla.gelu` without
      and with its tanh approximation).

    All operands have one float element type, which is the result's. Result
    shape: `[M, N]`, or `[B, M, N]` when `a` or `b` is 3-D.

    ```mlir
    %y = nabla.fused_matmul %x, %w bias %b trans_b activation = relu : (tensor<64x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<64x512xf32>
    ```
  }];
  let arguments = !con((ins Nabla_FloatTensor:$a, Nabla_FloatTensor:$b,
                            Optional<Nabla_FloatTensor>:$bias,
                            Optional<Nabla_FloatTensor>:$residual,
                            UnitAttr:$trans_a, UnitAttr:$trans_b,
                            DefaultValuedAttr<F32Attr, "1.0">:$alpha),
                       Nabla_EpilogueArgs);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $a `,` $b (`bias` $bias^)? (`residual` $residual^)?
    (`trans_a` $trans_a^)? (`trans_b` $trans_b^)? (`alpha` `=` $alpha^)?
    (`activation` `=` $activation^)? (`act_alpha` `=` $act_alpha^)?
    (`act_beta` `=` $act_beta^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // NABLA_IR_NABLACONTRACTIONOPS_TD
