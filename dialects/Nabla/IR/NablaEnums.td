//===- NablaEnums.td - Enumerations used by nabla ops -------*- tablegen -*-===//
//
// Integer-backed enums: in an op's assembly they print as bare keywords
// (`nabla.compare lt, ...`, `reduction = mean`).
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAENUMS_TD
#define NABLA_IR_NABLAENUMS_TD

include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"

def Nabla_ComparePredicate : I32EnumAttr<"ComparePredicate",
    "elementwise comparison predicate", [
      I32EnumAttrCase<"eq", 0>, I32EnumAttrCase<"ne", 1>,
      I32EnumAttrCase<"lt", 2>, I32EnumAttrCase<"le", 3>,
      I32EnumAttrCase<"gt", 4>, I32EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::mlir::nabla";
}

def Nabla_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "approximation used by gelu", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::mlir::nabla";
}

def Nabla_PadMode : I32EnumAttr<"PadMode", "padding mode", [
      I32EnumAttrCase<"constant", 0>, I32EnumAttrCase<"reflect", 1>,
      I32EnumAttrCase<"edge", 2>]> {
  let cppNamespace = "::mlir::nabla";
}

def Nabla_LossReduction : I32EnumAttr<"LossReduction",
    "how a loss reduces its per-element values", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"mean", 1>,
      I32EnumAttrCase<"sum", 2>]> {
  let cppNamespace = "::mlir::nabla";
}

def Nabla_RnnDirection : I32EnumAttr<"RnnDirection",
    "direction of a recurrent layer", [
      I32EnumAttrCase<"forward", 0>, I32EnumAttrCase<"reverse", 1>,
      I32EnumAttrCase<"bidirectional", 2>]> {
  let cppNamespace = "::mlir::nabla";
}

def Nabla_RnnActivation : I32EnumAttr<"RnnActivation",
    "activation of a simple recurrent layer", [
      I32EnumAttrCase<"tanh", 0>, I32EnumAttrCase<"relu", 1>,
      I32EnumAttrCase<"sigmoid", 2>]> {
  let cppNamespace = "::mlir::nabla";
}

def Nabla_Mode : I32EnumAttr<"Mode",
    "whether a mode-dependent op runs for training or for inference", [
      I32EnumAttrCase<"train", 0>, I32EnumAttrCase<"eval", 1>]> {
  let cppNamespace = "::mlir::nabla";
}

// The values match NablaActivation in runtime/kernels/Kernels.h, which the
// compiled code passes them to.
def Nabla_Activation : I32EnumAttr<"Activation",
    "activation applied by the epilogue of a fused op", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"relu", 1>,
      I32EnumAttrCase<"clip", 2>, I32EnumAttrCase<"leaky_relu", 3>,
      I32EnumAttrCase<"sigmoid", 4>, I32EnumAttrCase<"tanh", 5>,
      I32EnumAttrCase<"gelu_erf", 6>, I32EnumAttrCase<"gelu_tanh", 7>]> {
  let cppNamespace = "::mlir::nabla";
}

// The epilogue of a fused op, `act(... + bias + residual)`: the activation
// and its parameters (clip: min = act_alpha, max = act_beta; leaky_relu:
// slope = act_alpha), printed as `activation = clip act_alpha = 0.0
// act_beta = 6.0` after the op's other keywords.
defvar Nabla_EpilogueArgs = (ins
    DefaultValuedAttr<Nabla_Activation, "::mlir::nabla::Activation::none">:$activation,
    DefaultValuedAttr<F32Attr, "0.0">:$act_alpha,
    DefaultValuedAttr<F32Attr, "0.0">:$act_beta);

#endif // NABLA_IR_NABLAENUMS_TD
