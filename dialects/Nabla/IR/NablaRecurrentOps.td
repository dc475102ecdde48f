//===- NablaRecurrentOps.td - Recurrent ops ----------------*- tablegen -*-===//
//
// Sequence-model layers: ONNX's LSTM, GRU and RNN (time-major, layout 0) and
// the embedding lookup that usually feeds them.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLARECURRENTOPS_TD
#define NABLA_IR_NABLARECURRENTOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

// The attributes every recurrent layer has, in ONNX's meaning.
defvar Nabla_RecurrentHiddenSize = I64Attr;
defvar Nabla_RecurrentDirection = DefaultValuedAttr<Nabla_RnnDirection,
    "::mlir::nabla::RnnDirection::forward">;
defvar Nabla_RecurrentClip = OptionalAttr<F32Attr>;

// The assembly of the attributes every recurrent layer has, after its
// keyword-introduced optional operands.
defvar Nabla_RecurrentAttrFormat = [{
  `hidden_size` `=` $hidden_size (`direction` `=` $direction^)?
  (`clip` `=` $clip^)?
}];

def Nabla_LstmOp : Nabla_InferredOp<"lstm",
    [Pure, AttrSizedOperandSegments, AllElementTypesMatch<["x", "w", "r"]>]> {
  let summary = "long short-term memory layer";
  let description = [{
    ONNX `LSTM` with `layout = 0` and the default activations (`f = sigmoid`,
    `g = tanh`, `h = tanh`); other activations are not representable and a
    frontend rejects them. Shapes, with `D = num_directions` (2 for
    `bidirectional`, else 1), `H = hidden_size`:

    | operand / result | shape |
    |---|---|
    | `x` | `[seq_length, batch_size, input_size]` |
    | `w` (gates i, o, f, c stacked) | `[D, 4H, input_size]` |
    | `r` | `[D, 4H, H]` |
    | `bias` (`[Wb_iofc, Rb_iofc]`, default 0) | `[D, 8H]` |
    | `sequence_lens` (i32 or i64, default `seq_length`) | `[batch_size]` |
    | `initial_h`, `initial_c` (default 0) | `[D, batch_size, H]` |
    | `peepholes` (`[P_i, P_o, P_f]`, default 0) | `[D, 3H]` |
    | `y` (every step's hidden state) | `[seq_length, D, batch_size, H]` |
    | `y_h`, `y_c` (last hidden and cell state) | `[D, batch_size, H]` |

    For each direction and step `t` (`*` is a matrix product with the
    transposed weight, `.` elementwise):

    ```
    i_t = sigmoid(X_t * W_i + H_{t-1} * R_i + P_i . C_{t-1} + Wb_i + Rb_i)
    f_t = sigmoid(X_t * W_f + H_{t-1} * R_f + P_f . C_{t-1} + Wb_f + Rb_f)
    c_t = tanh(X_t * W_c + H_{t-1} * R_c + Wb_c + Rb_c)
    C_t = f_t . C_{t-1} + i_t . c_t
    o_t = sigmoid(X_t * W_o + H_{t-1} * R_o + P_o . C_t + Wb_o + Rb_o)
    H_t = o_t . tanh(C_t)
    ```

    `direction` is `forward` (default; steps `0 .. seq_length - 1`),
    `reverse`, or `bidirectional` (direction 0 forward, direction 1 reverse).
    `clip`, when present (> 0), clamps every gate pre-activation to
    `[-clip, clip]` before its activation. `input_forget` couples the input
    and forget gates: `f_t = 1 - i_t` (as ONNX Runtime computes it). For batch
    entry `b` only the first `sequence_lens[b]` steps are computed: their `y`
    is zero after that, and `y_h`, `y_c` hold the state after the last valid
    step (a reverse direction starts at step `sequence_lens[b] - 1`).

    ```mlir
    %y, %y_h, %y_c = nabla.lstm %x, %w, %r bias(%b) hidden_size = 16
        direction = bidirectional
        : (tensor<10x?x8xf32>, tensor<2x64x8xf32>, tensor<2x64x16xf32>,
           tensor<2x128xf32>)
        -> (tensor<10x2x?x16xf32>, tensor<2x?x16xf32>, tensor<2x?x16xf32>)
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$w,
                       Nabla_FloatTensor:$r,
                       Optional<Nabla_FloatTensor>:$bias,
                       Optional<Nabla_IndexTensor>:$sequence_lens,
                       Optional<Nabla_FloatTensor>:$initial_h,
                       Optional<Nabla_FloatTensor>:$initial_c,
                       Optional<Nabla_FloatTensor>:$peepholes,
                       Nabla_RecurrentHiddenSize:$hidden_size,
                       Nabla_RecurrentDirection:$direction,
                       Nabla_RecurrentClip:$clip,
                       UnitAttr:$input_forget);
  let results = (outs Nabla_FloatTensor:$y, Nabla_FloatTensor:$y_h,
                      Nabla_FloatTensor:$y_c);
  let assemblyFormat = !strconcat([{
    $x `,` $w `,` $r (`bias` `(` $bias^ `)`)?
    (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)? (`initial_c` `(` $initial_c^ `)`)?
    (`peepholes` `(` $peepholes^ `)`)? }], Nabla_RecurrentAttrFormat, [{
    (`input_forget` $input_forget^)?
    attr-dict `:` functional-type(operands, results)
  }]);
}

def Nabla_GruOp : Nabla_InferredOp<"gru",
    [Pure, AttrSizedOperandSegments, AllElementTypesMatch<["x", "w", "r"]>]> {
  let summary = "gated recurrent unit layer";
  let description = [{
    ONNX `GRU` with `layout = 0` and the default activations (`f = sigmoid`,
    `g = tanh`); other activations are not representable and a frontend
    rejects them. Shapes, with `D = num_directions` (2 for `bidirectional`,
    else 1), `H = hidden_size`:

    | operand / result | shape |
    |---|---|
    | `x` | `[seq_length, batch_size, input_size]` |
    | `w` (gates z, r, h stacked) | `[D, 3H, input_size]` |
    | `r` | `[D, 3H, H]` |
    | `bias` (`[Wb_zrh, Rb_zrh]`, default 0) | `[D, 6H]` |
    | `sequence_lens` (i32 or i64, default `seq_length`) | `[batch_size]` |
    | `initial_h` (default 0) | `[D, batch_size, H]` |
    | `y` (every step's hidden state) | `[seq_length, D, batch_size, H]` |
    | `y_h` (last hidden state) | `[D, batch_size, H]` |

    For each direction and step `t` (`*` is a matrix product with the
    transposed weight, `.` elementwise):

    ```
    z_t = sigmoid(X_t * W_z + H_{t-1} * R_z + Wb_z + Rb_z)
    r_t = sigmoid(X_t * W_r + H_{t-1} * R_r + Wb_r + Rb_r)
    h_t = tanh(X_t * W_h + (r_t . H_{t-1}) * R_h + Rb_h + Wb_h)
    H_t = (1 - z_t) . h_t + z_t . H_{t-1}
    ```

    With `linear_before_reset`, the reset gate applies after the recurrent
    product: `h_t = tanh(X_t * W_h + r_t . (H_{t-1} * R_h + Rb_h) + Wb_h)`.
    `direction`, `clip` and `sequence_lens` mean what they mean for
    `nabla.lstm`.

    ```mlir
    %y, %y_h = nabla.gru %x, %w, %r initial_h(%h0) hidden_size = 16
        linear_before_reset
        : (tensor<10x?x8xf32>, tensor<1x48x8xf32>, tensor<1x48x16xf32>,
           tensor<1x?x16xf32>)
        -> (tensor<10x1x?x16xf32>, tensor<1x?x16xf32>)
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$w,
                       Nabla_FloatTensor:$r,
                       Optional<Nabla_FloatTensor>:$bias,
                       Optional<Nabla_IndexTensor>:$sequence_lens,
                       Optional<Nabla_FloatTensor>:$initial_h,
                       Nabla_RecurrentHiddenSize:$hidden_size,
                       Nabla_RecurrentDirection:$direction,
                       Nabla_RecurrentClip:$clip,
                       UnitAttr:$linear_before_reset);
  let results = (outs Nabla_FloatTensor:$y, Nabla_FloatTensor:$y_h);
  let assemblyFormat = !strconcat([{
    $x `,` $w `,` $r (`bias` `(` $bias^ `)`)?
    (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)? }], Nabla_RecurrentAttrFormat, [{
    (`linear_before_reset` $linear_before_reset^)?
    attr-dict `:` functional-type(operands, results)
  }]);
}

def Nabla_RnnOp : Nabla_InferredOp<"rnn",
    [Pure, AttrSizedOperandSegments, AllElementTypesMatch<["x", "w", "r"]>]> {
  let summary = "simple (Elman) recurrent layer";
  let description = [{
    ONNX `RNN` with `layout = 0` and one activation `f` for every direction
    (`activation`: `tanh`, the default, `relu` or `sigmoid`). Shapes, with
    `D = num_directions` (2 for `bidirectional`, else 1), `H = hidden_size`:

    | operand / result | shape |
    |---|---|
    | `x` | `[seq_length, batch_size, input_size]` |
    | `w` | `[D, H, input_size]` |
    | `r` | `[D, H, H]` |
    | `bias` (`[Wb, Rb]`, default 0) | `[D, 2H]` |
    | `sequence_lens` (i32 or i64, default `seq_length`) | `[batch_size]` |
    | `initial_h` (default 0) | `[D, batch_size, H]` |
    | `y` (every step's hidden state) | `[seq_length, D, batch_size, H]` |
    | `y_h` (last hidden state) | `[D, batch_size, H]` |

    For each direction and step `t` (`*` is a matrix product with the
    transposed weight):

    ```
    H_t = f(X_t * W + H_{t-1} * R + Wb + Rb)
    ```

    `direction`, `clip` and `sequence_lens` mean what they mean for
    `nabla.lstm`.

    ```mlir
    %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 16 activation = relu
        : (tensor<10x?x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>)
        -> (tensor<10x1x?x16xf32>, tensor<1x?x16xf32>)
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$x, Nabla_FloatTensor:$w,
                       Nabla_FloatTensor:$r,
                       Optional<Nabla_FloatTensor>:$bias,
                       Optional<Nabla_IndexTensor>:$sequence_lens,
                       Optional<Nabla_FloatTensor>:$initial_h,
                       Nabla_RecurrentHiddenSize:$hidden_size,
                       Nabla_RecurrentDirection:$direction,
                       Nabla_RecurrentClip:$clip,
                       DefaultValuedAttr<Nabla_RnnActivation,
                           "::mlir::nabla::RnnActivation::tanh">:$activation);
  let results = (outs Nabla_FloatTensor:$y, Nabla_FloatTensor:$y_h);
  let assemblyFormat = !strconcat([{
    $x `,` $w `,` $r (`bias` `(` $bias^ `)`)?
    (`sequence_lens` `(` $sequence_lens^ `)`)?
    (`initial_h` `(` $initial_h^ `)`)? }], Nabla_RecurrentAttrFormat, [{
    (`activation` `=` $activation^)?
    attr-dict `:` functional-type(operands, results)
  }]);
}

//===----------------------------------------------------------------------===//
// Embedding
//===----------------------------------------------------------------------===//

def Nabla_EmbeddingOp : Nabla_InferredOp<"embedding", [Pure]> {
  let summary = "row lookup in an embedding table";
  let description = [{
    Looks up one row of `table` (`[num_embeddings, embedding_dim]`) for every
    entry of `indices` (i32 or i64, any rank):

    ```
    result[i..., :] = table[indices[i...], :]
    ```

    so the result has shape `indices.shape + [embedding_dim]` and the table's
    element type. This is PyTorch's
    `nn.Embedding` and ONNX `Gather` on axis 0 of a weight: as in ONNX, an
    index in `[-num_embeddings, 0)` counts from the end. An index outside
    `[-num_embeddings, num_embeddings)` fails the run with an index error
    naming the op and the index (see `nabla.check_index`), as PyTorch and
    ONNX Runtime refuse it.

    ```mlir
    %e = nabla.embedding %table, %tokens
        : (tensor<30000x256xf32>, tensor<?x128xi64>) -> tensor<?x128x256xf32>
    ```
  }];
  let arguments = (ins Nabla_FloatTensor:$table, Nabla_IndexTensor:$indices);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = [{
    $table `,` $indices attr-dict `:` functional-type(operands, results)
  }];
}

#endif // NABLA_IR_NABLARECURRENTOPS_TD
