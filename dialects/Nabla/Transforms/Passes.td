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

#endif // NABLA_TRANSFORMS_PASSES_TD
