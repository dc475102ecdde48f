//===- NablaDialect.td - The nabla dialect and its base classes -*- tablegen -*-===//
//
// The dialect every frontend produces and every Nabla pass consumes: tensor-level
// neural-network ops on ranked tensors, with ONNX semantics where an ONNX op exists.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLADIALECT_TD
#define NABLA_IR_NABLADIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Nabla_Dialect : Dialect {
  let name = "nabla";
  let cppNamespace = "::mlir::nabla";
  let summary = "Tensor-level neural-network ops with ONNX semantics";
  let description = [{
    The `nabla` dialect is the single graph-level IR of the Nabla compiler. Every
    op works on ranked tensors (builtin `tensor` types) and states its semantics
    in its description; where ONNX has the same op, the semantics are ONNX's.

    Conventions shared by all ops:
    * Shapes are static, except that any dimension may be dynamic (`?`), as a
      dynamic batch dimension is; result types are always the ones inferred from
      the operands and attributes (every op implements `InferTypeOpInterface`).
    * Axes attributes hold non-negative axes in `[0, rank)`; frontends normalise
      ONNX's negative axes when they import.
    * Binary elementwise ops broadcast their operands with NumPy's rules and
      require one element type; there is no implicit type promotion.
    * Images and feature maps are NCHW; convolution weights are FCHW.
    * Model parameters are module-level `nabla.parameter` symbols, read inside
      functions by `nabla.get_parameter` (see docs/Parameters.md).

    The custom assembly prints the operand and result types as `: T` when all
    of them are the same type, and as a function type `: (T0, T1) -> R`
    otherwise.
  }];
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Nabla_Float : AnyTypeOf<[F16, BF16, F32, F64], "floating-point">;
def Nabla_Int : AnyTypeOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64],
                          "integer">;
def Nabla_Bool : TypeAlias<I1, "bool (i1)">;
def Nabla_Numeric : AnyTypeOf<[Nabla_Float, Nabla_Int], "numeric">;
def Nabla_Element : AnyTypeOf<[Nabla_Float, Nabla_Int, I1], "nabla element">;

def Nabla_Tensor : RankedTensorOf<[Nabla_Element]>;
def Nabla_NumericTensor : RankedTensorOf<[Nabla_Numeric]>;
def Nabla_FloatTensor : RankedTensorOf<[Nabla_Float]>;
def Nabla_BoolTensor : RankedTensorOf<[I1]>;
// Integer indices (class labels, gather indices, token ids).
def Nabla_IndexTensor : RankedTensorOf<[I32, I64]>;

//===----------------------------------------------------------------------===//
// Traits
//===----------------------------------------------------------------------===//

// Each element of the result depends only on the operand elements at its
// own index after broadcasting (elementwise arithmetic, comparisons,
// selects, casts, broadcasts): such an op can join the kernel that computes
// its operand and run in the same loop nest.
def Nabla_Pointwise : NativeOpTrait<"Pointwise"> {
  let cppNamespace = "::mlir::OpTrait::nabla";
}

//===----------------------------------------------------------------------===//
// Base op classes
//===----------------------------------------------------------------------===//

class Nabla_Op<string mnemonic, list<Trait> traits = []>
    : Op<Nabla_Dialect, mnemonic, traits>;

// An op whose result types are inferred by a static `inferReturnTypes` that
// takes the op's adaptor; that function is also the op's shape verifier.
class Nabla_InferredOp<string mnemonic, list<Trait> traits = []>
    : Nabla_Op<mnemonic, traits # [InferTypeOpAdaptor]>;

// The assembly shared by ops whose operands are all tensors:
//   nabla.op %a, %b <keywords> : (T0, T1) -> R   or   : T when all agree.
class Nabla_CompactTypesFormat<string keywords = ""> {
  string format = "operands " # keywords #
      " attr-dict `:` custom<CompactTypes>(type(operands), type(results))";
}

#endif // NABLA_IR_NABLADIALECT_TD
