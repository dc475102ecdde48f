//===- NablaCoreOps.td - Constants and model parameters ----*- tablegen -*-===//

#ifndef NABLA_IR_NABLACOREOPS_TD
#define NABLA_IR_NABLACOREOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

def Nabla_ConstantOp : Nabla_InferredOp<"constant", [ConstantLike, Pure]> {
  let summary = "tensor constant";
  let description = [{
    A tensor whose value is known at compile time (ONNX `Constant`). The
    result type is the type of `value`, which may be a dense, splat or
    resource (blob) elements attribute.

    ```mlir
    %c = nabla.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Nabla_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Nabla_ParameterOp : Nabla_Op<"parameter", [Symbol, HasParent<"ModuleOp">]> {
  let summary = "named model parameter or state tensor";
  let description = [{
    Declares a named tensor of the model, at module level: a weight, a bias, or
    state such as batch-norm running statistics. Names are the model's own
    (ONNX initializer names, builder names) so that checkpoints and the C API
    can refer to them. `trainable` marks tensors that training updates from
    their gradient; state without it (running statistics) is carried through a
    train step but never receives a gradient. `initial_value` is optional: a
    parameter without one must be supplied at load time.

    Functions read parameters with `nabla.get_parameter`; within a function a
    parameter is immutable. Inference freezes parameters into constants
    (`-nabla-freeze-parameters`); training turns them into arguments and
    results of the train-step function.

    ```mlir
    nabla.parameter @fc1.weight trainable : tensor<784x128xf32> = dense<0.0>
    nabla.parameter @bn.running_mean : tensor<32xf32> = dense<0.0>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<Nabla_Tensor>:$type,
                       OptionalAttr<ElementsAttr>:$initial_value,
                       UnitAttr:$trainable);
  let assemblyFormat = [{
    $sym_name (`trainable` $trainable^)? attr-dict
    custom<ParameterTypeAndValue>($type, $initial_value)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
  }];
}

def Nabla_GetParameterOp : Nabla_Op<"get_parameter",
    [Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "reads a model parameter";
  let description = [{
    Returns the value of the `nabla.parameter` named `name`. The result type
    must equal the parameter's type; it is written out because it comes from
    the symbol, not from operands.

    ```mlir
    %w = nabla.get_parameter @fc1.weight : tensor<784x128xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$name);
  let results = (outs Nabla_Tensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

#endif // NABLA_IR_NABLACOREOPS_TD
