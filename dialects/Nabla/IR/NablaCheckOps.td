//===- NablaCheckOps.td - Run-time checks ------------------*- tablegen -*-===//
//
// Ops that compute nothing: they inspect a value at run time and make the
// run fail with a message when it is invalid for the op that consumes it
// (an index out of range).
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLACHECKOPS_TD
#define NABLA_IR_NABLACHECKOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"

def Nabla_CheckIndexOp : Nabla_InferredOp<"check_index",
    [MemoryEffects<[MemWrite]>]> {
  let summary = "fails the run if an index is out of range";
  let description = [{
    Checks at run time that every entry of `indices` indexes axis `axis`
    of a tensor whose size there is `sizes[0]`: an entry `i` is valid when
    `0 <= i < size`, when `-size <= i < 0` if `allow_negative` is set
    (negative indices count from the end, as in ONNX), or when it equals
    `ignore_index` (a class label that a loss skips). With more than one
    entry in `sizes`, `indices` is a tensor of index tuples (ONNX
    `GatherND`): entry `k` of its last dimension indexes axis `axis + k`,
    of size `sizes[k]`, and `sizes` has one entry per entry of that
    dimension.

    When an entry is invalid, the run fails: the runtime reports an index
    error (`NABLA_ERROR_INDEX_OUT_OF_RANGE`) whose message names the checked
    op (`site`, `nabla.check_index` when absent, and the node or source
    position of the op's location), the first invalid entry in row-major
    order, its position and the valid range. The computation goes on to its
    end, so the consumer of the indices must stay memory safe on its own
    (every nabla op that reads through indices clamps them); the run's
    outputs are then unspecified.

    The ops that read through indices (`nabla.gather`, `nabla.embedding`,
    the class labels of `nabla.nll_loss` and `nabla.softmax_cross_entropy`)
    check them when they are lowered. Frontends add explicit checks where an
    op indexes through derived indices, so that the message names the
    original index: ONNX `GatherElements` and `GatherND` check their
    indices per axis, then gather at flattened offsets marked `in_bounds`.
    A check of constant, valid indices folds away.

    ```mlir
    nabla.check_index %ids sizes = [1000] allow_negative site = "nabla.gather"
        : tensor<?x16xi64>
    nabla.check_index %labels sizes = [10] axis = 1 ignore_index = -100
        : tensor<?xi64>
    nabla.check_index %tuples sizes = [4, 5] axis = 1 allow_negative
        : tensor<?x3x2xi64>
    ```
  }];
  let arguments = (ins Nabla_IndexTensor:$indices,
                       DenseI64ArrayAttr:$sizes,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       UnitAttr:$allow_negative,
                       OptionalAttr<I64Attr>:$ignore_index,
                       OptionalAttr<StrAttr>:$site);
  let assemblyFormat = [{
    $indices `sizes` `=` $sizes (`axis` `=` $axis^)?
    (`allow_negative` $allow_negative^)? (`ignore_index` `=` $ignore_index^)?
    (`site` `=` $site^)? attr-dict `:` type($indices)
  }];
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// Whether `index`, at entry `component` of the last dimension for a
    /// tuple check (0 otherwise), is valid.
    bool isValid(int64_t index, int64_t component);
    /// The valid entries, as `[low, high]`, of component `component`
    /// (ignore_index aside); empty (`low > high`) for a size of 0.
    std::pair<int64_t, int64_t> getValidRange(int64_t component);
    /// Whether the indices are known to be valid at compile time: they have
    /// no entries, or they are a constant whose entries are all valid.
    bool isKnownValid();
  }];
}

#endif // NABLA_IR_NABLACHECKOPS_TD
