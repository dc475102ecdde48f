//===- NablaInterfaces.td - Interfaces of nabla ops ---------*- tablegen -*-===//
//
// Op interfaces that passes and frontends query instead of switching on op
// names.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAINTERFACES_TD
#define NABLA_IR_NABLAINTERFACES_TD

include "mlir/IR/OpBase.td"

def Nabla_DifferentiableOpInterface
    : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::mlir::nabla";
  let description = [{
    An op whose vector-Jacobian product (the reverse-mode derivative rule) is
    known. Given the cotangents of the op's results (the gradient of a scalar
    with respect to each result), `buildVjp` emits nabla ops that compute the
    cotangents of the operands. Reverse-mode differentiation
    (`dialects/Nabla/Transforms/Gradient.h`) visits the ops between the
    differentiated values and the target in reverse order and chains these
    rules; an op without this interface stops it with an error that names
    the op.

    The rule lives beside the op so that a new op brings its own derivative.
    Each rule is checked against central finite differences
    (test/Frontends/onnx/gradient.test).
  }];
  let methods = [
    InterfaceMethod<[{
        Emits the cotangents of the operands. `resultCotangents` has one value
        per result with that result's type. Only the operands whose
        `needGradient` entry is set get a value; the others are left null.
        Returns failure only for a form the rule cannot differentiate.
      }],
      "::llvm::LogicalResult", "buildVjp",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultCotangents,
           "::llvm::ArrayRef<bool>":$needGradient,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandCotangents)>
  ];
}

#endif // NABLA_IR_NABLAINTERFACES_TD
