//===- NablaElementwiseOps.td - Elementwise ops -------------*- tablegen -*-===//
//
// Unary math and activations, binary arithmetic with NumPy broadcasting,
// comparisons, logical ops, select and cast.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAELEMENTWISEOPS_TD
#define NABLA_IR_NABLAELEMENTWISEOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"
include "dialects/Nabla/IR/NablaInterfaces.td"

// Ops with a reverse-mode derivative rule (`buildVjp` in the .cpp file).
defvar Differentiable = DeclareOpInterfaceMethods<Nabla_DifferentiableOpInterface>;

//===----------------------------------------------------------------------===//
// Classes
//===----------------------------------------------------------------------===//

// A unary elementwise op `$x -> $result` with the type of `$x`; ODS derives
// `inferReturnTypes` from SameOperandsAndResultType.
class Nabla_UnaryOp<string mnemonic, Type type, list<Trait> traits = []>
    : Nabla_Op<mnemonic, traits # [Pure, Elementwise, Nabla_Pointwise,
                                   SameOperandsAndResultType,
                                   InferTypeOpInterface]> {
  let arguments = (ins type:$x);
  let results = (outs type:$result);
  let assemblyFormat = "$x attr-dict `:` type($x)";
}

class Nabla_UnaryFloatOp<string mnemonic, list<Trait> traits = []>
    : Nabla_UnaryOp<mnemonic, Nabla_FloatTensor, traits>;

// A binary elementwise op with NumPy broadcasting. Both operands have one
// element type; the result has `resultElement` (a C++ expression over
// `adaptor`) and the broadcast shape.
class Nabla_BinaryOp<string mnemonic, Type operandType, Type resultType,
                     string resultElement, list<Trait> traits = []>
    : Nabla_InferredOp<mnemonic,
        traits # [Pure, Nabla_Pointwise, AllElementTypesMatch<["lhs", "rhs"]>]> {
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs resultType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:`
    custom<CompactTypes>(type($lhs), type($rhs), type($result))
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *context,
        std::optional<::mlir::Location> location, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::nabla::inferBroadcastResult(location, getOperationName(),
          {adaptor.getLhs().getType(), adaptor.getRhs().getType()},
          }] # resultElement # [{, inferred);
    }
  }];
}

class Nabla_ArithmeticOp<string mnemonic, Type type, list<Trait> traits = []>
    : Nabla_BinaryOp<mnemonic, type, type,
        "::mlir::getElementTypeOrSelf(adaptor.getLhs().getType())", traits> {
  let hasFolder = 1;
}

class Nabla_LogicalOp<string mnemonic, list<Trait> traits = []>
    : Nabla_BinaryOp<mnemonic, Nabla_BoolTensor, Nabla_BoolTensor,
        "::mlir::IntegerType::get(context, 1)", traits # [Commutative]>;

//===----------------------------------------------------------------------===//
// Binary arithmetic
//===----------------------------------------------------------------------===//

def Nabla_AddOp : Nabla_ArithmeticOp<"add", Nabla_NumericTensor,
                                     [Commutative, Differentiable]> {
  let summary = "elementwise addition with broadcasting";
  let description = [{
    `lhs + rhs` with NumPy broadcasting (ONNX `Add`). Integers wrap.

    ```mlir
    %y = nabla.add %x, %bias : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    ```
  }];
}

def Nabla_SubOp : Nabla_ArithmeticOp<"sub", Nabla_NumericTensor, [Differentiable]> {
  let summary = "elementwise subtraction with broadcasting";
  let description = [{ `lhs - rhs` with NumPy broadcasting (ONNX `Sub`). }];
}

def Nabla_MulOp : Nabla_ArithmeticOp<"mul", Nabla_NumericTensor,
                                     [Commutative, Differentiable]> {
  let summary = "elementwise multiplication with broadcasting";
  let description = [{ `lhs * rhs` with NumPy broadcasting (ONNX `Mul`). }];
}

def Nabla_DivOp : Nabla_ArithmeticOp<"div", Nabla_NumericTensor, [Differentiable]> {
  let summary = "elementwise division with broadcasting";
  let description = [{
    `lhs / rhs` with NumPy broadcasting (ONNX `Div`). Integer division
    truncates toward zero, as ONNX Runtime does; integer division by zero is
    undefined.
  }];
}

def Nabla_PowOp : Nabla_ArithmeticOp<"pow", Nabla_NumericTensor> {
  let summary = "elementwise power with broadcasting";
  let description = [{
    `lhs ^ rhs` with NumPy broadcasting (ONNX `Pow`). Floats follow C's
    `pow` (and NumPy's `power`): `x ^ 0 = 1` and `1 ^ y = 1` for every `x`
    and `y`, NaN included; a negative base to an integral exponent has the
    sign of the exponent's parity (`(-2) ^ 3 = -8`); a finite negative base
    to a non-integral exponent is NaN; `0 ^ y` is `0` for `y > 0` and `inf`
    for `y < 0`, signed like the base when `y` is an odd integer.

    Integers compute the exact power, wrapping like repeated multiplication.
    A negative exponent gives the integer part of `1 / lhs ^ -rhs`: 1 and -1
    keep their powers, other bases give 0; zero to a negative power is
    undefined, as integer division by zero is.

    ```mlir
    %y = nabla.pow %x, %two : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
    ```
  }];
}

def Nabla_ModOp : Nabla_ArithmeticOp<"mod", Nabla_NumericTensor> {
  let summary = "elementwise remainder with broadcasting";
  let description = [{
    The remainder of `lhs / rhs` with NumPy broadcasting (ONNX `Mod`). By
    default it has the sign of the divisor, as Python's and NumPy's `%`
    (`lhs - floor(lhs / rhs) * rhs`, computed exactly; a float zero
    remainder is signed like the divisor). With `fmod` it has the sign of
    the dividend, as C's `fmod` and integer `%` (ONNX `fmod = 1`). The
    remainder of a float division by zero is NaN, that of an integer
    division by zero is 0 (NumPy's).

    ```mlir
    %r = nabla.mod %a, %b : tensor<4xi64>
    %f = nabla.mod %x, %y fmod : tensor<4xf32>
    ```
  }];
  let arguments = (ins Nabla_NumericTensor:$lhs, Nabla_NumericTensor:$rhs,
                       UnitAttr:$fmod);
  let assemblyFormat = [{
    $lhs `,` $rhs (`fmod` $fmod^)? attr-dict `:`
    custom<CompactTypes>(type($lhs), type($rhs), type($result))
  }];
}

def Nabla_MaxOp : Nabla_ArithmeticOp<"max", Nabla_NumericTensor, [Commutative]> {
  let summary = "elementwise maximum with broadcasting";
  let description = [{
    `max(lhs, rhs)` with NumPy broadcasting (ONNX `Max` of two inputs). A NaN
    operand gives NaN.
  }];
}

def Nabla_MinOp : Nabla_ArithmeticOp<"min", Nabla_NumericTensor, [Commutative]> {
  let summary = "elementwise minimum with broadcasting";
  let description = [{
    `min(lhs, rhs)` with NumPy broadcasting (ONNX `Min` of two inputs). A NaN
    operand gives NaN.
  }];
}

//===----------------------------------------------------------------------===//
// Unary math
//===----------------------------------------------------------------------===//

def Nabla_NegOp : Nabla_UnaryOp<"neg", Nabla_NumericTensor, [Differentiable]> {
  let summary = "elementwise negation";
  let description = [{ `-x` (ONNX `Neg`). }];
  let hasFolder = 1;
}

def Nabla_AbsOp : Nabla_UnaryOp<"abs", Nabla_NumericTensor> {
  let summary = "elementwise absolute value";
  let description = [{ `|x|` (ONNX `Abs`). }];
  let hasFolder = 1;
}

def Nabla_SignOp : Nabla_UnaryOp<"sign", Nabla_NumericTensor> {
  let summary = "elementwise sign";
  let description = [{ -1, 0 or 1 by the sign of `x`; NaN stays NaN (ONNX `Sign`). }];
  let hasFolder = 1;
}

def Nabla_ExpOp : Nabla_UnaryFloatOp<"exp", [Differentiable]> {
  let summary = "elementwise exponential";
  let description = [{ `e^x` (ONNX `Exp`). }];
  let hasFolder = 1;
}

def Nabla_LogOp : Nabla_UnaryFloatOp<"log", [Differentiable]> {
  let summary = "elementwise natural logarithm";
  let description = [{ `ln(x)` (ONNX `Log`); `-inf` at 0, NaN below. }];
  let hasFolder = 1;
}

def Nabla_SqrtOp : Nabla_UnaryFloatOp<"sqrt", [Differentiable]> {
  let summary = "elementwise square root";
  let description = [{ `sqrt(x)` (ONNX `Sqrt`). }];
  let hasFolder = 1;
}

def Nabla_RsqrtOp : Nabla_UnaryFloatOp<"rsqrt"> {
  let summary = "elementwise reciprocal square root";
  let description = [{ `1 / sqrt(x)`. }];
  let hasFolder = 1;
}

def Nabla_ReciprocalOp : Nabla_UnaryFloatOp<"reciprocal"> {
  let summary = "elementwise reciprocal";
  let description = [{ `1 / x` (ONNX `Reciprocal`). }];
  let hasFolder = 1;
}

def Nabla_ErfOp : Nabla_UnaryFloatOp<"erf"> {
  let summary = "elementwise error function";
  let description = [{ `erf(x)` (ONNX `Erf`). }];
  let hasFolder = 1;
}

def Nabla_FloorOp : Nabla_UnaryFloatOp<"floor"> {
  let summary = "elementwise floor";
  let description = [{ Largest integer not greater than `x` (ONNX `Floor`). }];
  let hasFolder = 1;
}

def Nabla_CeilOp : Nabla_UnaryFloatOp<"ceil"> {
  let summary = "elementwise ceiling";
  let description = [{ Smallest integer not less than `x` (ONNX `Ceil`). }];
  let hasFolder = 1;
}

def Nabla_RoundOp : Nabla_UnaryFloatOp<"round"> {
  let summary = "elementwise rounding, halves to even";
  let description = [{
    Nearest integer to `x`, halves rounded to even (ONNX `Round`, NumPy
    `round`).
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Trigonometric and hyperbolic functions
//===----------------------------------------------------------------------===//

def Nabla_SinOp : Nabla_UnaryFloatOp<"sin"> {
  let summary = "elementwise sine";
  let description = [{ `sin(x)`, `x` in radians (ONNX `Sin`). }];
  let hasFolder = 1;
}

def Nabla_CosOp : Nabla_UnaryFloatOp<"cos"> {
  let summary = "elementwise cosine";
  let description = [{ `cos(x)`, `x` in radians (ONNX `Cos`). }];
  let hasFolder = 1;
}

def Nabla_TanOp : Nabla_UnaryFloatOp<"tan"> {
  let summary = "elementwise tangent";
  let description = [{ `tan(x)`, `x` in radians (ONNX `Tan`). }];
  let hasFolder = 1;
}

def Nabla_AsinOp : Nabla_UnaryFloatOp<"asin"> {
  let summary = "elementwise arcsine";
  let description = [{
    `asin(x)` in `[-pi/2, pi/2]` (ONNX `Asin`); NaN outside `[-1, 1]`.
  }];
  let hasFolder = 1;
}

def Nabla_AcosOp : Nabla_UnaryFloatOp<"acos"> {
  let summary = "elementwise arccosine";
  let description = [{
    `acos(x)` in `[0, pi]` (ONNX `Acos`); NaN outside `[-1, 1]`.
  }];
  let hasFolder = 1;
}

def Nabla_AtanOp : Nabla_UnaryFloatOp<"atan"> {
  let summary = "elementwise arctangent";
  let description = [{ `atan(x)` in `[-pi/2, pi/2]` (ONNX `Atan`). }];
  let hasFolder = 1;
}

def Nabla_SinhOp : Nabla_UnaryFloatOp<"sinh"> {
  let summary = "elementwise hyperbolic sine";
  let description = [{ `sinh(x)` (ONNX `Sinh`). }];
  let hasFolder = 1;
}

def Nabla_CoshOp : Nabla_UnaryFloatOp<"cosh"> {
  let summary = "elementwise hyperbolic cosine";
  let description = [{ `cosh(x)` (ONNX `Cosh`). }];
  let hasFolder = 1;
}

def Nabla_AsinhOp : Nabla_UnaryFloatOp<"asinh"> {
  let summary = "elementwise inverse hyperbolic sine";
  let description = [{ `asinh(x)` (ONNX `Asinh`). }];
  let hasFolder = 1;
}

def Nabla_AcoshOp : Nabla_UnaryFloatOp<"acosh"> {
  let summary = "elementwise inverse hyperbolic cosine";
  let description = [{ `acosh(x)` (ONNX `Acosh`); NaN below 1. }];
  let hasFolder = 1;
}

def Nabla_AtanhOp : Nabla_UnaryFloatOp<"atanh"> {
  let summary = "elementwise inverse hyperbolic tangent";
  let description = [{
    `atanh(x)` (ONNX `Atanh`); `-inf` and `inf` at -1 and 1, NaN outside
    `[-1, 1]`.
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def Nabla_TanhOp : Nabla_UnaryFloatOp<"tanh", [Differentiable]> {
  let summary = "elementwise hyperbolic tangent";
  let description = [{ `tanh(x)` (ONNX `Tanh`). }];
  let hasFolder = 1;
}

def Nabla_SigmoidOp : Nabla_UnaryFloatOp<"sigmoid", [Differentiable]> {
  let summary = "elementwise logistic sigmoid";
  let description = [{ `1 / (1 + e^-x)` (ONNX `Sigmoid`). }];
  let hasFolder = 1;
}

def Nabla_ReluOp : Nabla_UnaryFloatOp<"relu", [Differentiable]> {
  let summary = "elementwise rectified linear unit";
  let description = [{
    `max(x, 0)` (ONNX `Relu`), so NaN stays NaN; `relu(relu(x))` folds to
    `relu(x)`.
  }];
  let hasFolder = 1;
}

def Nabla_LeakyReluOp : Nabla_UnaryFloatOp<"leaky_relu"> {
  let summary = "elementwise leaky rectified linear unit";
  let description = [{ `x` if `x >= 0`, else `alpha * x` (ONNX `LeakyRelu`). }];
  let arguments = (ins Nabla_FloatTensor:$x,
                       DefaultValuedAttr<F32Attr, "0.01">:$alpha);
  let assemblyFormat = "$x (`alpha` `=` $alpha^)? attr-dict `:` type($x)";
}

def Nabla_EluOp : Nabla_UnaryFloatOp<"elu"> {
  let summary = "elementwise exponential linear unit";
  let description = [{ `x` if `x >= 0`, else `alpha * (e^x - 1)` (ONNX `Elu`). }];
  let arguments = (ins Nabla_FloatTensor:$x,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha);
  let assemblyFormat = "$x (`alpha` `=` $alpha^)? attr-dict `:` type($x)";
}

def Nabla_SeluOp : Nabla_UnaryFloatOp<"selu"> {
  let summary = "elementwise scaled exponential linear unit";
  let description = [{
    `gamma * x` if `x > 0`, else `gamma * alpha * (e^x - 1)` (ONNX `Selu`;
    defaults are ONNX's).
  }];
  let arguments = (ins Nabla_FloatTensor:$x,
      DefaultValuedAttr<F32Attr, "1.67326319217681884765625">:$alpha,
      DefaultValuedAttr<F32Attr, "1.05070102214813232421875">:$gamma);
  let assemblyFormat = [{
    $x (`alpha` `=` $alpha^)? (`gamma` `=` $gamma^)? attr-dict `:` type($x)
  }];
}

def Nabla_GeluOp : Nabla_UnaryFloatOp<"gelu"> {
  let summary = "elementwise Gaussian error linear unit";
  let description = [{
    `0.5 * x * (1 + erf(x / sqrt(2)))`; with `approximate = tanh`,
    `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))` (ONNX `Gelu`,
    PyTorch `gelu`).
  }];
  let arguments = (ins Nabla_FloatTensor:$x,
      DefaultValuedAttr<Nabla_GeluApproximation,
                        "::mlir::nabla::GeluApproximation::none">:$approximate);
  let assemblyFormat = "$x (`approximate` `=` $approximate^)? attr-dict `:` type($x)";
}

def Nabla_SoftplusOp : Nabla_UnaryFloatOp<"softplus"> {
  let summary = "elementwise softplus";
  let description = [{ `ln(1 + e^x)` (ONNX `Softplus`). }];
}

def Nabla_HardSigmoidOp : Nabla_UnaryFloatOp<"hard_sigmoid"> {
  let summary = "elementwise hard sigmoid";
  let description = [{ `max(0, min(1, alpha * x + beta))` (ONNX `HardSigmoid`). }];
  let arguments = (ins Nabla_FloatTensor:$x,
                       DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5">:$beta);
  let assemblyFormat = [{
    $x (`alpha` `=` $alpha^)? (`beta` `=` $beta^)? attr-dict `:` type($x)
  }];
}

def Nabla_ClipOp : Nabla_UnaryOp<"clip", Nabla_NumericTensor> {
  let summary = "elementwise clamp to [min, max]";
  let description = [{
    `min(max(x, min), max)` (ONNX `Clip`); a missing bound is unbounded. The
    bounds are given as f64 and converted to the element type; `min` must
    not exceed `max`, and neither may be NaN.
  }];
  let arguments = (ins Nabla_NumericTensor:$x, OptionalAttr<F64Attr>:$min,
                       OptionalAttr<F64Attr>:$max);
  let assemblyFormat = [{
    $x (`min` `=` $min^)? (`max` `=` $max^)? attr-dict `:` type($x)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Comparison, logic, select, cast
//===----------------------------------------------------------------------===//

def Nabla_CompareOp : Nabla_BinaryOp<"compare", Nabla_NumericTensor,
    Nabla_BoolTensor, "::mlir::IntegerType::get(context, 1)"> {
  let summary = "elementwise comparison with broadcasting";
  let description = [{
    Compares `lhs` with `rhs` elementwise under NumPy broadcasting and returns
    booleans (ONNX `Equal`, `Less`, `LessOrEqual`, `Greater`,
    `GreaterOrEqual`; `ne` is `Not(Equal)`). Float comparisons are ordered:
    any comparison with NaN is false, except `ne`, which is true.

    ```mlir
    %m = nabla.compare lt, %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins Nabla_ComparePredicate:$predicate,
                       Nabla_NumericTensor:$lhs, Nabla_NumericTensor:$rhs);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:`
    custom<CompactTypes>(type($lhs), type($rhs), type($result))
  }];
}

def Nabla_LogicalAndOp : Nabla_LogicalOp<"logical_and"> {
  let summary = "elementwise logical and with broadcasting";
  let description = [{ ONNX `And`. }];
}

def Nabla_LogicalOrOp : Nabla_LogicalOp<"logical_or"> {
  let summary = "elementwise logical or with broadcasting";
  let description = [{ ONNX `Or`. }];
}

def Nabla_LogicalXorOp : Nabla_LogicalOp<"logical_xor"> {
  let summary = "elementwise logical exclusive or with broadcasting";
  let description = [{ ONNX `Xor`. }];
}

def Nabla_LogicalNotOp : Nabla_UnaryOp<"logical_not", Nabla_BoolTensor> {
  let summary = "elementwise logical negation";
  let description = [{ ONNX `Not`; `logical_not(logical_not(x))` folds to `x`. }];
  let hasFolder = 1;
}

def Nabla_WhereOp : Nabla_InferredOp<"where",
    [Pure, Nabla_Pointwise, AllElementTypesMatch<["on_true", "on_false", "result"]>]> {
  let summary = "elementwise select with broadcasting";
  let description = [{
    `condition ? on_true : on_false`, all three broadcast together with
    NumPy's rules (ONNX `Where`).

    ```mlir
    %y = nabla.where %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Nabla_BoolTensor:$condition, Nabla_Tensor:$on_true,
                       Nabla_Tensor:$on_false);
  let results = (outs Nabla_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:`
    custom<CompactTypes>(type($condition), type($on_true), type($on_false),
                         type($result))
  }];
  let hasFolder = 1;
}

def Nabla_CastOp : Nabla_InferredOp<"cast", [Pure, Nabla_Pointwise]> {
  let summary = "elementwise conversion to another element type";
  let description = [{
    Converts every element to the element type `to` (ONNX `Cast`). Floats
    convert to integers by truncation toward zero, to `i1` by `x != 0`;
    booleans convert to 0 and 1. Out-of-range values are undefined, as in
    ONNX. A cast to the operand's own element type folds away.

    ```mlir
    %i = nabla.cast %x : tensor<4xf32> to i64
    ```
  }];
  let arguments = (ins Nabla_Tensor:$x, TypeAttrOf<Nabla_Element>:$to);
  let results = (outs Nabla_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `to` $to";
  let hasFolder = 1;
}

#endif // NABLA_IR_NABLAELEMENTWISEOPS_TD
