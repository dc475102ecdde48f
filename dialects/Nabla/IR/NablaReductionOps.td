//===- NablaReductionOps.td - Reduction ops ----------------*- tablegen -*-===//
//
// Reductions over a set of axes, arg-reductions, and softmax along one axis.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAREDUCTIONOPS_TD
#define NABLA_IR_NABLAREDUCTIONOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

//===----------------------------------------------------------------------===//
// Reductions over axes
//===----------------------------------------------------------------------===//

// A reduction of `$x` over `$axes` (ONNX `Reduce*` with the axes given, and
// `noop_with_empty_axes = 0`). The result keeps the element type of `$x`.
class Nabla_ReduceOp<string mnemonic, Type type, list<Trait> traits = []>
    : Nabla_InferredOp<mnemonic, traits # [Pure]> {
  let arguments = (ins type:$x, DenseI64ArrayAttr:$axes, UnitAttr:$keep_dims);
  let results = (outs type:$result);
  let assemblyFormat = [{
    $x `axes` `=` $axes (`keep_dims` $keep_dims^)? attr-dict `:` type($x) `->`
    type($result)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *,
        std::optional<::mlir::Location> location, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferReductionResult(location, getOperationName(),
          adaptor.getX().getType(), "axes", adaptor.getAxes(),
          adaptor.getKeepDims(),
          ::mlir::getElementTypeOrSelf(adaptor.getX().getType()), inferred);
    }
  }];
}

// The shape rule shared by every reduction, stated once for the docs.
defvar reduceShapeDoc = [{
    `axes` is non-empty, holds distinct axes in `[0, rank)`, and its order does
    not matter. The result drops the reduced axes, or keeps them with size 1
    when `keep_dims` is set (ONNX `keepdims = 1`, ONNX's default). The other
    dimensions, dynamic ones included, carry over.
}];

// A reduction that is the identity on a single element: reducing only
// static size-1 axes with `keep_dims` folds to `$x`.
class Nabla_IdentityOnOneReduceOp<string mnemonic, Type type>
    : Nabla_ReduceOp<mnemonic, type> {
  let hasFolder = 1;
}

def Nabla_ReduceSumOp
    : Nabla_IdentityOnOneReduceOp<"reduce_sum", Nabla_NumericTensor> {
  let summary = "sum over axes";
  let description = [{
    Sums `x` over `axes` (ONNX `ReduceSum`). Integers wrap.
  }] # reduceShapeDoc # [{

    ```mlir
    %s = nabla.reduce_sum %x axes = [1] keep_dims
        : tensor<?x5xf32> -> tensor<?x1xf32>
    ```
  }];
}

def Nabla_ReduceMeanOp
    : Nabla_IdentityOnOneReduceOp<"reduce_mean", Nabla_FloatTensor> {
  let summary = "arithmetic mean over axes";
  let description = [{
    The mean of `x` over `axes`: their sum divided by the number of reduced
    elements (ONNX `ReduceMean`).
  }] # reduceShapeDoc # [{

    ```mlir
    %m = nabla.reduce_mean %x axes = [2, 3]
        : tensor<?x16x8x8xf32> -> tensor<?x16xf32>
    ```
  }];
}

def Nabla_ReduceMaxOp
    : Nabla_IdentityOnOneReduceOp<"reduce_max", Nabla_NumericTensor> {
  let summary = "maximum over axes";
  let description = [{
    The largest element of `x` over `axes` (ONNX `ReduceMax`); a NaN among
    them gives NaN.
  }] # reduceShapeDoc;
}

def Nabla_ReduceMinOp
    : Nabla_IdentityOnOneReduceOp<"reduce_min", Nabla_NumericTensor> {
  let summary = "minimum over axes";
  let description = [{
    The smallest element of `x` over `axes` (ONNX `ReduceMin`); a NaN among
    them gives NaN.
  }] # reduceShapeDoc;
}

def Nabla_ReduceProdOp
    : Nabla_IdentityOnOneReduceOp<"reduce_prod", Nabla_NumericTensor> {
  let summary = "product over axes";
  let description = [{
    The product of `x` over `axes` (ONNX `ReduceProd`). Integers wrap.
  }] # reduceShapeDoc;
}

def Nabla_ReduceL2Op : Nabla_ReduceOp<"reduce_l2", Nabla_FloatTensor> {
  let summary = "Euclidean norm over axes";
  let description = [{
    `sqrt(sum(x^2))` over `axes` (ONNX `ReduceL2`).
  }] # reduceShapeDoc;
}

def Nabla_ReduceLogSumExpOp
    : Nabla_ReduceOp<"reduce_log_sum_exp", Nabla_FloatTensor> {
  let summary = "log of the sum of exponentials over axes";
  let description = [{
    `log(sum(exp(x)))` over `axes` (ONNX `ReduceLogSumExp`), computed stably
    as `m + log(sum(exp(x - m)))` with `m` the maximum over `axes` (or 0 when
    that maximum is infinite), so that large inputs do not overflow.
  }] # reduceShapeDoc;
}

//===----------------------------------------------------------------------===//
// Arg-reductions
//===----------------------------------------------------------------------===//

// The index of the extreme element of `$x` along `$axis` (ONNX `ArgMax`,
// `ArgMin`), as i64.
class Nabla_ArgReduceOp<string mnemonic, string extreme, string onnxName>
    : Nabla_InferredOp<mnemonic, [Pure]> {
  let summary = "index of the " # extreme # " element along an axis";
  let description = [{
    The index along `axis` of the }] # extreme # [{ element of `x` (ONNX
    `}] # onnxName # [{`), as `i64`. Ties give the first such index, or the
    last with `select_last_index`. `axis` lies in `[0, rank)`; the result
    drops it, or keeps it with size 1 when `keep_dims` is set (ONNX
    `keepdims = 1`, ONNX's default). For floats, NaN counts as the }]
    # extreme # [{ element, as in NumPy.

    ```mlir
    %i = nabla.}] # mnemonic # [{ %x axis = 1 keep_dims select_last_index
        : tensor<?x10xf32> -> tensor<?x1xi64>
    ```
  }];
  let arguments = (ins Nabla_NumericTensor:$x, I64Attr:$axis,
                       UnitAttr:$keep_dims, UnitAttr:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = [{
    $x `axis` `=` $axis (`keep_dims` $keep_dims^)?
    (`select_last_index` $select_last_index^)? attr-dict `:` type($x) `->`
    type($result)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context,
        std::optional<::mlir::Location> location, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferReductionResult(location, getOperationName(),
          adaptor.getX().getType(), "axis",
          {static_cast<int64_t>(adaptor.getAxis())}, adaptor.getKeepDims(),
          ::mlir::IntegerType::get(context, 64), inferred);
    }
  }];
}

def Nabla_ArgMaxOp : Nabla_ArgReduceOp<"argmax", "largest", "ArgMax">;
def Nabla_ArgMinOp : Nabla_ArgReduceOp<"argmin", "smallest", "ArgMin">;

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

// A normalization of `$x` along `$axis`, with the type of `$x`.
class Nabla_SoftmaxLikeOp<string mnemonic>
    : Nabla_InferredOp<mnemonic, [Pure]> {
  let arguments = (ins Nabla_FloatTensor:$x, I64Attr:$axis);
  let results = (outs Nabla_FloatTensor:$result);
  let assemblyFormat = "$x `axis` `=` $axis attr-dict `:` type($x)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *,
        std::optional<::mlir::Location> location, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferSoftmaxResult(location, getOperationName(),
          adaptor.getX().getType(), static_cast<int64_t>(adaptor.getAxis()),
          inferred);
    }
  }];
}

def Nabla_SoftmaxOp : Nabla_SoftmaxLikeOp<"softmax"> {
  let summary = "softmax along one axis";
  let description = [{
    `exp(x) / sum(exp(x))` along `axis` (ONNX `Softmax`, opset 13: one axis,
    not the flattened trailing axes of older opsets), computed stably by
    subtracting the maximum along `axis` first. `axis` lies in `[0, rank)`;
    the result has the type of `x`.

    ```mlir
    %p = nabla.softmax %logits axis = 1 : tensor<?x10xf32>
    ```
  }];
}

def Nabla_LogSoftmaxOp : Nabla_SoftmaxLikeOp<"log_softmax"> {
  let summary = "logarithm of the softmax along one axis";
  let description = [{
    `x - log(sum(exp(x)))` along `axis` (ONNX `LogSoftmax`, opset 13),
    computed stably as `(x - m) - log(sum(exp(x - m)))` with `m` the maximum
    along `axis`. `axis` lies in `[0, rank)`; the result has the type of `x`.

    ```mlir
    %l = nabla.log_softmax %logits axis = 1 : tensor<?x10xf32>
    ```
  }];
}

#endif // NABLA_IR_NABLAREDUCTIONOPS_TD
