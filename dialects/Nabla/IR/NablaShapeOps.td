//===- NablaShapeOps.td - Shape ops ------------------------*- tablegen -*-===//
//
// Ops that move, copy or regroup elements without computing on them: reshape,
// flatten, transpose, concat, split, slice, gather, pad, expand, squeeze,
// unsqueeze and tile.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLASHAPEOPS_TD
#define NABLA_IR_NABLASHAPEOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

//===----------------------------------------------------------------------===//
// Classes
//===----------------------------------------------------------------------===//

// A shape op with one tensor operand `$x` and one result of the same element
// type; `keywords` is the attribute part of its assembly.
class Nabla_UnaryShapeOp<string mnemonic, string keywords,
                         list<Trait> traits = []>
    : Nabla_InferredOp<mnemonic,
        traits # [Pure, AllElementTypesMatch<["x", "result"]>]> {
  let results = (outs Nabla_Tensor:$result);
  let assemblyFormat = "$x " # keywords #
      " attr-dict `:` type($x) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Reshaping
//===----------------------------------------------------------------------===//

def Nabla_ReshapeOp : Nabla_UnaryShapeOp<"reshape", "`shape` `=` $shape"> {
  let summary = "reinterprets a tensor with another shape";
  let description = [{
    Returns the elements of `x`, in row-major order, as a tensor of shape
    `shape` (ONNX `Reshape` with `allowzero = 1`). Every entry of `shape` is a
    size `>= 0`, except that at most one entry may be `-1`: that dimension is
    inferred so that the element count is unchanged, and is dynamic when `x`
    has a dynamic dimension. A `-1` next to a zero-sized entry is ambiguous
    and rejected. ONNX's `0` ("copy the input dimension") does not exist
    here: the importer resolves it. When `x` and the result are static, their
    element counts must match.

    Folds: a reshape to the operand's own type is the operand; a reshape of
    a reshape reshapes the original operand; a reshape of a dense constant is
    a constant.

    ```mlir
    %y = nabla.reshape %x shape = [-1, 28, 28] : tensor<?x784xf32> -> tensor<?x28x28xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DenseI64ArrayAttr:$shape);
  let hasFolder = 1;
  let hasCanonicalizeMethod = 1;
}

def Nabla_FlattenOp : Nabla_UnaryShapeOp<"flatten",
                                         "(`axis` `=` $axis^)?"> {
  let summary = "flattens a tensor into a matrix";
  let description = [{
    Reshapes `x` of shape `[d_0, ..., d_(r-1)]` to the 2-D shape
    `[d_0 * ... * d_(axis-1), d_axis * ... * d_(r-1)]` (ONNX `Flatten`); an
    empty product is 1 and a product with a dynamic factor is dynamic. `axis`
    lies in `[0, r]` (inclusive) and defaults to 1, as in ONNX. A flatten to
    the operand's own type folds to the operand.

    ```mlir
    %y = nabla.flatten %x : tensor<?x3x4xf32> -> tensor<?x12xf32>
    %z = nabla.flatten %x axis = 0 : tensor<2x3x4xf32> -> tensor<1x24xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DefaultValuedAttr<I64Attr, "1">:$axis);
  let hasFolder = 1;
}

def Nabla_TransposeOp : Nabla_UnaryShapeOp<"transpose", "`perm` `=` $perm"> {
  let summary = "permutes the dimensions of a tensor";
  let description = [{
    Result dimension `i` is dimension `perm[i]` of `x` (ONNX `Transpose`):
    `result[j_0, ..., j_(r-1)] = x[k]` with `k[perm[i]] = j_i`. `perm` is a
    permutation of `[0, r)`; ONNX's default (reversed dimensions) is written
    out by the importer.

    Folds: the identity permutation is `x`; a transpose of a transpose is one
    transpose by the composed permutation (or its operand, when that is the
    identity); a transpose of a splat constant is a splat.

    ```mlir
    %y = nabla.transpose %x perm = [0, 2, 1] : tensor<?x3x4xf32> -> tensor<?x4x3xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DenseI64ArrayAttr:$perm);
  let hasFolder = 1;
}

def Nabla_SqueezeOp : Nabla_UnaryShapeOp<"squeeze", "`axes` `=` $axes"> {
  let summary = "removes size-1 dimensions";
  let description = [{
    Removes the dimensions `axes` of `x`, each of which must have size 1
    (ONNX `Squeeze`). `axes` is non-empty, unique and in `[0, r)`; ONNX's
    "squeeze every size-1 dimension" (no axes) is resolved by the importer.
    A dynamic dimension may be squeezed: it must be 1 at run time. Fold: a
    squeeze of an unsqueeze by the same axes is the unsqueeze's operand.

    ```mlir
    %y = nabla.squeeze %x axes = [1] : tensor<?x1x8xf32> -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DenseI64ArrayAttr:$axes);
  let hasFolder = 1;
}

def Nabla_UnsqueezeOp : Nabla_UnaryShapeOp<"unsqueeze", "`axes` `=` $axes"> {
  let summary = "inserts size-1 dimensions";
  let description = [{
    Inserts a dimension of size 1 at each of `axes`, which index the result
    (ONNX `Unsqueeze`, opset 13): the result has rank `r + len(axes)`, its
    dimensions `axes` are 1 and its other dimensions are those of `x` in
    order. `axes` is unique and in `[0, r + len(axes))`.

    Folds: an unsqueeze without axes is `x`; an unsqueeze of a squeeze by the
    same axes is the squeeze's operand when the types agree (they do not when
    a squeezed dimension was dynamic).

    ```mlir
    %y = nabla.unsqueeze %x axes = [0, 3] : tensor<?x8xf32> -> tensor<1x?x8x1xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DenseI64ArrayAttr:$axes);
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Joining and splitting
//===----------------------------------------------------------------------===//

def Nabla_ConcatOp : Nabla_InferredOp<"concat",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "concatenates tensors along an axis";
  let description = [{
    Joins one or more tensors along `axis` (ONNX `Concat`; `axis` is
    required, as in ONNX). The inputs have one rank `r >= 1` and one element
    type, and agree on every dimension but `axis`, where a dynamic dimension
    agrees with any size (the result takes the static one). The result's
    `axis` dimension is the sum of the inputs', dynamic if any of them is.
    A concat of a single tensor folds to it.

    ```mlir
    %y = nabla.concat %a, %b axis = 1 : (tensor<?x3xf32>, tensor<?x5xf32>) -> tensor<?x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Nabla_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Nabla_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` `=` $axis attr-dict `:` functional-type($inputs, $result)
  }];
  let hasFolder = 1;
}

def Nabla_SplitOp : Nabla_InferredOp<"split",
    [Pure, SameOperandsAndResultElementType]> {
  let summary = "splits a tensor into parts along an axis";
  let description = [{
    Cuts `x` along `axis` into consecutive parts of sizes `sizes` (ONNX
    `Split` with its `split` input; the importer computes the sizes for
    `num_outputs`). There is one result per entry of `sizes`: result `i` has
    the shape of `x` with dimension `axis` set to `sizes[i]`. `sizes` is
    non-empty, its entries are `>= 0` and, when dimension `axis` is static,
    sum to it. `axis` defaults to 0, as in ONNX.

    ```mlir
    %a, %b = nabla.split %x axis = 1 sizes = [2, 3] : tensor<?x5xf32> -> tensor<?x2xf32>, tensor<?x3xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DefaultValuedAttr<I64Attr, "0">:$axis,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<Nabla_Tensor>:$results);
  let assemblyFormat = [{
    $x (`axis` `=` $axis^)? `sizes` `=` $sizes attr-dict `:` type($x) `->`
    type($results)
  }];
}

def Nabla_SliceOp : Nabla_UnaryShapeOp<"slice",
    "`starts` `=` $starts `ends` `=` $ends `axes` `=` $axes "
    "(`steps` `=` $steps^)?"> {
  let summary = "extracts a strided slice";
  let description = [{
    ONNX `Slice` with constant `starts`, `ends`, `axes` and `steps`, which
    have one entry per sliced axis. `axes` is unique and in `[0, r)` (the
    importer writes out ONNX's default and normalises negative axes); `steps`
    entries are non-zero and default to 1. For each sliced axis of size `d`,
    `start` and `end` are first made non-negative by adding `d` when
    negative, then clamped to `[0, d]` for a positive step and to
    `[0, d - 1]` (start) and `[-1, d - 1]` (end) for a negative one, so
    `INT64_MAX` and `INT64_MIN` mean "to the end" in either direction. The
    slice takes `start, start + step, ...` while before `end`; its size is
    `max(0, ceil((end - start) / step))`, dynamic when `d` is. Unsliced
    dimensions are kept. A slice that keeps every dimension whole with step 1
    folds to `x`.

    ```mlir
    %y = nabla.slice %x starts = [1] ends = [-1] axes = [1] : tensor<?x8xf32> -> tensor<?x6xf32>
    %r = nabla.slice %x starts = [-1] ends = [-9223372036854775808] axes = [1] steps = [-2] : tensor<?x8xf32> -> tensor<?x4xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$axes,
                       OptionalAttr<DenseI64ArrayAttr>:$steps);
  let hasFolder = 1;
}

def Nabla_GatherOp : Nabla_InferredOp<"gather",
    [Pure, AllElementTypesMatch<["data", "result"]>]> {
  let summary = "gathers slices along an axis by index";
  let description = [{
    Picks entries of `data` along `axis` at the positions in `indices` (ONNX
    `Gather`): for `data` of rank `r` and `indices` of any rank `q`, the
    result has shape `data.shape[:axis] + indices.shape +
    data.shape[axis+1:]` (rank `q + r - 1`) and
    `result[i_0..i_(axis-1), j_0..j_(q-1), k...] =
    data[i_0..i_(axis-1), indices[j_0..j_(q-1)], k...]`. Negative indices
    count from the end of dimension `axis` at run time. An index outside
    `[-data.shape[axis], data.shape[axis])` fails the run with an index
    error naming the op and the index (see `nabla.check_index`), as ONNX
    Runtime refuses it. `axis` is in `[0, r)` and defaults to 0, as in ONNX.

    `in_bounds` states that the producer of `indices` guarantees them to be
    in range (it checked them or computed them so): they are not checked
    again, and an index out of range reads an unspecified element of `data`
    (never memory outside it). Frontends set it on the gathers they build
    from already checked indices.

    ```mlir
    %e = nabla.gather %table, %ids : (tensor<1000x64xf32>, tensor<?x16xi64>) -> tensor<?x16x64xf32>
    %f = nabla.gather %flat, %offsets in_bounds : (tensor<60xf32>, tensor<3x4xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$data, Nabla_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       UnitAttr:$in_bounds);
  let results = (outs Nabla_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices (`axis` `=` $axis^)? (`in_bounds` $in_bounds^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Padding and replication
//===----------------------------------------------------------------------===//

def Nabla_PadOp : Nabla_UnaryShapeOp<"pad",
    "`pads` `=` $pads (`mode` `=` $mode^)? (`value` `=` $value^)?"> {
  let summary = "pads (or crops) a tensor";
  let description = [{
    ONNX `Pad` with constant pads over every axis (the importer expands
    ONNX's `axes` input). `pads` has `2 * r` entries in ONNX's order
    `[begin_0, ..., begin_(r-1), end_0, ..., end_(r-1)]`; result dimension
    `i` is `d_i + begin_i + end_i`, dynamic when `d_i` is. A negative entry
    crops instead, and no result dimension may become negative. `mode`
    (default `constant`) says how new elements are made:
    * `constant`: they are `value` (default 0.0, converted to the element
      type; it is ignored by the other modes);
    * `reflect`: `x` is mirrored about its edge, excluding the edge element,
      so each positive pad must be smaller than its dimension;
    * `edge`: the edge element is repeated, so a padded dimension must not
      be empty.
    Padding by all zeros folds to `x`.

    ```mlir
    %y = nabla.pad %x pads = [0, 0, 1, 1, 0, 0, 1, 1] : tensor<?x3x8x8xf32> -> tensor<?x3x10x10xf32>
    %z = nabla.pad %x pads = [0, 2, 0, 2] mode = reflect : tensor<?x8xf32> -> tensor<?x12xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<Nabla_PadMode,
                        "::mlir::nabla::PadMode::constant">:$mode,
      DefaultValuedAttr<F64Attr, "0.0">:$value);
  let hasFolder = 1;
}

def Nabla_ExpandOp : Nabla_UnaryShapeOp<"expand", "`shape` `=` $shape",
                                        [Nabla_Pointwise]> {
  let summary = "broadcasts a tensor to a shape";
  let description = [{
    Broadcasts `x` and a tensor of shape `shape` together with NumPy's rules
    and returns `x` repeated to the broadcast shape (ONNX `Expand`). As in
    ONNX the broadcast is bidirectional: a size-1 entry of `shape` keeps the
    dimension of `x`, and `shape` may have a smaller rank than `x`. Entries
    of `shape` are `>= 0`. An expand to the operand's own type folds to it.

    ```mlir
    %y = nabla.expand %x shape = [4, 1, 3] : tensor<?x1xf32> -> tensor<4x?x3xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DenseI64ArrayAttr:$shape);
  let hasFolder = 1;
}

def Nabla_TileOp : Nabla_UnaryShapeOp<"tile", "`repeats` `=` $repeats"> {
  let summary = "repeats a tensor along each dimension";
  let description = [{
    Concatenates `repeats[i]` copies of `x` along each dimension `i` (ONNX
    `Tile`): result dimension `i` is `d_i * repeats[i]`, dynamic when `d_i`
    is (unless the repeat is 0). `repeats` has one entry `>= 0` per
    dimension. Repeating by all ones folds to `x`.

    ```mlir
    %y = nabla.tile %x repeats = [1, 3] : tensor<?x4xf32> -> tensor<?x12xf32>
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, DenseI64ArrayAttr:$repeats);
  let hasFolder = 1;
}

#endif // NABLA_IR_NABLASHAPEOPS_TD
