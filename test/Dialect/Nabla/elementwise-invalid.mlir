// RUN: nabla-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Broadcasting
//===----------------------------------------------------------------------===//

func.func @add_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'nabla.add' op operand shapes do not broadcast: 'tensor<2x3xf32>', 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @compare_not_broadcastable(%a: tensor<2x3xi32>, %b: tensor<2x2xi32>) -> tensor<2x3xi1> {
  // expected-error @+2 {{'nabla.compare' op operand shapes do not broadcast: 'tensor<2x3xi32>', 'tensor<2x2xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.compare eq, %a, %b : (tensor<2x3xi32>, tensor<2x2xi32>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

func.func @logical_or_not_broadcastable(%a: tensor<3xi1>, %b: tensor<5xi1>) -> tensor<3xi1> {
  // expected-error @+2 {{'nabla.logical_or' op operand shapes do not broadcast: 'tensor<3xi1>', 'tensor<5xi1>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.logical_or %a, %b : (tensor<3xi1>, tensor<5xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// The condition takes part in the broadcast.
func.func @where_not_broadcastable(%c: tensor<2xi1>, %a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'nabla.where' op operand shapes do not broadcast: 'tensor<2xi1>', 'tensor<3xf32>', 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.where %c, %a, %b : (tensor<2xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Written result type disagrees with the inferred one
//===----------------------------------------------------------------------===//

func.func @add_wrong_result(%a: tensor<3xf32>, %b: tensor<2x1xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'nabla.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.add %a, %b : (tensor<3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// A result type is the inferred one exactly: a static result is not
// relaxed to a dynamic one.
func.func @sub_result_more_dynamic(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  // expected-error @+2 {{'nabla.sub' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @div_wrong_result(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'nabla.div' op inferred type(s) 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.div %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @min_not_broadcastable(%a: tensor<?x3xi32>, %b: tensor<2xi32>) -> tensor<?x3xi32> {
  // expected-error @+2 {{'nabla.min' op operand shapes do not broadcast: 'tensor<?x3xi32>', 'tensor<2xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.min %a, %b : (tensor<?x3xi32>, tensor<2xi32>) -> tensor<?x3xi32>
  return %0 : tensor<?x3xi32>
}

// -----

func.func @mul_wrong_result_element(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi64> {
  // expected-error @+2 {{'nabla.mul' op inferred type(s) 'tensor<3xi32>' are incompatible with return type(s) of operation 'tensor<3xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.mul %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @compare_wrong_result(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  // expected-error @+2 {{'nabla.compare' op inferred type(s) 'tensor<?x3xi1>' are incompatible with return type(s) of operation 'tensor<2x3xi1>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.compare gt, %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

func.func @logical_and_wrong_result(%a: tensor<2x1xi1>, %b: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+2 {{'nabla.logical_and' op inferred type(s) 'tensor<2x3xi1>' are incompatible with return type(s) of operation 'tensor<3xi1>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.logical_and %a, %b : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @where_wrong_result(%c: tensor<2x1xi1>, %a: tensor<3xf32>, %b: tensor<f32>) -> tensor<3xf32> {
  // expected-error @+2 {{'nabla.where' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.where %c, %a, %b : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @cast_wrong_result(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'nabla.cast' op inferred type(s) 'tensor<3xf16>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "nabla.cast"(%x) <{to = f16}> : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Unary ops keep the operand type (SameOperandsAndResultType).
func.func @exp_wrong_result_shape(%x: tensor<3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nabla.exp' op all non-scalar operands/results must have the same shape and base type}}
  %0 = "nabla.exp"(%x) : (tensor<3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @relu_wrong_result_element(%x: tensor<3xf32>) -> tensor<3xf16> {
  // expected-error @+1 {{'nabla.relu' op requires the same type for all operands and results}}
  %0 = "nabla.relu"(%x) : (tensor<3xf32>) -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

func.func @add_element_mismatch(%a: tensor<3xf32>, %b: tensor<3xf16>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.add' op failed to verify that all of {lhs, rhs} have same element type}}
  %0 = nabla.add %a, %b : (tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// No implicit promotion, not even between signed and unsigned integers.
func.func @max_signedness_mismatch(%a: tensor<3xi8>, %b: tensor<3xui8>) -> tensor<3xi8> {
  // expected-error @+1 {{'nabla.max' op failed to verify that all of {lhs, rhs} have same element type}}
  %0 = nabla.max %a, %b : (tensor<3xi8>, tensor<3xui8>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

func.func @compare_element_mismatch(%a: tensor<3xi32>, %b: tensor<3xi64>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.compare' op failed to verify that all of {lhs, rhs} have same element type}}
  %0 = nabla.compare eq, %a, %b : (tensor<3xi32>, tensor<3xi64>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @where_branch_mismatch(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xf16>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.where' op failed to verify that all of {on_true, on_false, result} have same element type}}
  %0 = nabla.where %c, %a, %b : (tensor<3xi1>, tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @where_result_mismatch(%c: tensor<3xi1>, %a: tensor<3xf32>) -> tensor<3xf64> {
  // expected-error @+1 {{'nabla.where' op failed to verify that all of {on_true, on_false, result} have same element type}}
  %0 = nabla.where %c, %a, %a : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

func.func @exp_integer(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.exp' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi32>'}}
  %0 = nabla.exp %x : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @relu_integer(%x: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error @+1 {{'nabla.relu' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi64>'}}
  %0 = nabla.relu %x : tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @gelu_integer(%x: tensor<3xi8>) -> tensor<3xi8> {
  // expected-error @+1 {{'nabla.gelu' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi8>'}}
  %0 = nabla.gelu %x approximate = tanh : tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

// Float-only math rejects integers, booleans, f8 and complex alike.
func.func @log_integer(%x: tensor<?x3xi32>) -> tensor<?x3xi32> {
  // expected-error @+1 {{'nabla.log' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<?x3xi32>'}}
  %0 = nabla.log %x : tensor<?x3xi32>
  return %0 : tensor<?x3xi32>
}

// -----

func.func @sqrt_f8(%x: tensor<3xf8E5M2>) -> tensor<3xf8E5M2> {
  // expected-error @+1 {{'nabla.sqrt' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xf8E5M2>'}}
  %0 = nabla.sqrt %x : tensor<3xf8E5M2>
  return %0 : tensor<3xf8E5M2>
}

// -----

func.func @rsqrt_integer(%x: tensor<3xui8>) -> tensor<3xui8> {
  // expected-error @+1 {{'nabla.rsqrt' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xui8>'}}
  %0 = nabla.rsqrt %x : tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

func.func @reciprocal_integer(%x: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error @+1 {{'nabla.reciprocal' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi64>'}}
  %0 = nabla.reciprocal %x : tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @erf_bool(%x: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.erf' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi1>'}}
  %0 = nabla.erf %x : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// Rounding ops are float-only, as in ONNX.
func.func @floor_integer(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.floor' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi32>'}}
  %0 = nabla.floor %x : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @ceil_integer(%x: tensor<3xi16>) -> tensor<3xi16> {
  // expected-error @+1 {{'nabla.ceil' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi16>'}}
  %0 = nabla.ceil %x : tensor<3xi16>
  return %0 : tensor<3xi16>
}

// -----

func.func @round_integer(%x: tensor<3xi8>) -> tensor<3xi8> {
  // expected-error @+1 {{'nabla.round' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi8>'}}
  %0 = nabla.round %x : tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

func.func @tanh_complex(%x: tensor<3xcomplex<f32>>) -> tensor<3xcomplex<f32>> {
  // expected-error @+1 {{'nabla.tanh' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xcomplex<f32>>'}}
  %0 = nabla.tanh %x : tensor<3xcomplex<f32>>
  return %0 : tensor<3xcomplex<f32>>
}

// -----

func.func @sin_not_float(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.sin' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi32>'}}
  %0 = nabla.sin %x : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @cos_not_float(%x: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error @+1 {{'nabla.cos' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi64>'}}
  %0 = nabla.cos %x : tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @tan_not_float(%x: tensor<3xi8>) -> tensor<3xi8> {
  // expected-error @+1 {{'nabla.tan' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi8>'}}
  %0 = nabla.tan %x : tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

func.func @asin_not_float(%x: tensor<3xui8>) -> tensor<3xui8> {
  // expected-error @+1 {{'nabla.asin' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xui8>'}}
  %0 = nabla.asin %x : tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

func.func @acos_not_float(%x: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.acos' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi1>'}}
  %0 = nabla.acos %x : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @atan_not_float(%x: tensor<3xi16>) -> tensor<3xi16> {
  // expected-error @+1 {{'nabla.atan' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi16>'}}
  %0 = nabla.atan %x : tensor<3xi16>
  return %0 : tensor<3xi16>
}

// -----

func.func @sinh_not_float(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.sinh' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi32>'}}
  %0 = nabla.sinh %x : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @cosh_not_float(%x: tensor<3xui32>) -> tensor<3xui32> {
  // expected-error @+1 {{'nabla.cosh' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xui32>'}}
  %0 = nabla.cosh %x : tensor<3xui32>
  return %0 : tensor<3xui32>
}

// -----

func.func @asinh_not_float(%x: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error @+1 {{'nabla.asinh' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi64>'}}
  %0 = nabla.asinh %x : tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @acosh_not_float(%x: tensor<3xcomplex<f32>>) -> tensor<3xcomplex<f32>> {
  // expected-error @+1 {{'nabla.acosh' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xcomplex<f32>>'}}
  %0 = nabla.acosh %x : tensor<3xcomplex<f32>>
  return %0 : tensor<3xcomplex<f32>>
}

// -----

func.func @atanh_not_float(%x: tensor<3xf8E4M3FN>) -> tensor<3xf8E4M3FN> {
  // expected-error @+1 {{'nabla.atanh' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xf8E4M3FN>'}}
  %0 = nabla.atanh %x : tensor<3xf8E4M3FN>
  return %0 : tensor<3xf8E4M3FN>
}

// -----

func.func @softplus_integer(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.softplus' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi32>'}}
  %0 = nabla.softplus %x : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @selu_integer(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.selu' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<3xi32>'}}
  %0 = nabla.selu %x gamma = 2.0 : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @pow_bool(%a: tensor<3xi1>, %b: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.pow' op operand #0 must be ranked tensor of numeric values, but got 'tensor<3xi1>'}}
  %0 = nabla.pow %a, %b : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @pow_element_mismatch(%a: tensor<3xf32>, %b: tensor<3xi64>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.pow' op failed to verify that all of {lhs, rhs} have same element type}}
  %0 = nabla.pow %a, %b : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @mod_bool(%a: tensor<3xi1>, %b: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.mod' op operand #0 must be ranked tensor of numeric values, but got 'tensor<3xi1>'}}
  %0 = nabla.mod %a, %b fmod : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @mod_signedness_mismatch(%a: tensor<3xi32>, %b: tensor<3xui32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.mod' op failed to verify that all of {lhs, rhs} have same element type}}
  %0 = nabla.mod %a, %b : (tensor<3xi32>, tensor<3xui32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @mod_not_broadcastable(%a: tensor<2x3xi64>, %b: tensor<2xi64>) -> tensor<2x3xi64> {
  // expected-error @+2 {{'nabla.mod' op operand shapes do not broadcast: 'tensor<2x3xi64>', 'tensor<2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.mod %a, %b : (tensor<2x3xi64>, tensor<2xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

func.func @mod_fmod_with_value(%a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{expected ':'}}
  %0 = nabla.mod %a, %a fmod = true : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Arithmetic is numeric: booleans are not numbers.
func.func @add_bool(%a: tensor<3xi1>, %b: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.add' op operand #0 must be ranked tensor of numeric values, but got 'tensor<3xi1>'}}
  %0 = nabla.add %a, %b : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @abs_bool(%x: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.abs' op operand #0 must be ranked tensor of numeric values, but got 'tensor<3xi1>'}}
  %0 = nabla.abs %x : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @sign_bool(%x: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.sign' op operand #0 must be ranked tensor of numeric values, but got 'tensor<3xi1>'}}
  %0 = nabla.sign %x : tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @neg_index(%x: tensor<3xindex>) -> tensor<3xindex> {
  // expected-error @+1 {{'nabla.neg' op operand #0 must be ranked tensor of numeric values, but got 'tensor<3xindex>'}}
  %0 = nabla.neg %x : tensor<3xindex>
  return %0 : tensor<3xindex>
}

// -----

func.func @logical_and_float(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.logical_and' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = nabla.logical_and %a, %b : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @logical_xor_int(%a: tensor<3xi8>, %b: tensor<3xi8>) -> tensor<3xi8> {
  // expected-error @+1 {{'nabla.logical_xor' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<3xi8>'}}
  %0 = nabla.logical_xor %a, %b : tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

func.func @logical_not_int(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.logical_not' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<3xi32>'}}
  %0 = nabla.logical_not %x : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @logical_or_result_not_bool(%a: tensor<3xi1>, %b: tensor<3xi1>) -> tensor<3xi8> {
  // expected-error @+1 {{'nabla.logical_or' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<3xi8>'}}
  %0 = nabla.logical_or %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

// The compact `: T` form would give compare a non-boolean result.
func.func @compare_result_not_bool(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.compare' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = nabla.compare eq, %a, %b : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @compare_bool_operands(%a: tensor<3xi1>, %b: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'nabla.compare' op operand #0 must be ranked tensor of numeric values, but got 'tensor<3xi1>'}}
  %0 = nabla.compare eq, %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @where_condition_not_bool(%c: tensor<3xf32>, %a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.where' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = nabla.where %c, %a, %b : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

func.func @clip_min_above_max(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.clip' op min 2.000000e+00 is greater than max 1.000000e+00}}
  %0 = nabla.clip %x min = 2.0 max = 1.0 : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @clip_nan_min(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.clip' op bounds must not be NaN}}
  %0 = nabla.clip %x min = 0x7FF8000000000000 : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @clip_nan_max(%x: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'nabla.clip' op bounds must not be NaN}}
  %0 = nabla.clip %x min = 0.0 max = 0x7FF8000000000000 : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// Activation parameters are f32 attributes.
func.func @leaky_relu_integer_alpha(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{invalid properties {alpha = 1 : i32} for op nabla.leaky_relu}}
  %0 = "nabla.leaky_relu"(%x) <{alpha = 1 : i32}> : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @elu_f64_alpha(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.elu' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %0 = "nabla.elu"(%x) <{alpha = 1.0 : f64}> : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @hard_sigmoid_string_alpha(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{custom op 'nabla.hard_sigmoid' invalid kind of attribute specified}}
  %0 = nabla.hard_sigmoid %x alpha = "0.2" : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @compare_bad_predicate(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xi1> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'predicate' [eq, ne, lt, le, gt, ge]}}
  %0 = nabla.compare less, %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @compare_bad_predicate_value(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xi1> {
  // expected-error @+1 {{invalid properties {predicate = 6 : i32} for op nabla.compare}}
  %0 = "nabla.compare"(%a, %b) <{predicate = 6 : i32}> : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @gelu_bad_approximation(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'approximate' [none, tanh]}}
  %0 = nabla.gelu %x approximate = exact : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Cast targets
//===----------------------------------------------------------------------===//

func.func @cast_to_index(%x: tensor<3xf32>) -> tensor<3xindex> {
  // expected-error @+1 {{'nabla.cast' op attribute 'to' failed to satisfy constraint: type attribute of nabla element}}
  %0 = nabla.cast %x : tensor<3xf32> to index
  return %0 : tensor<3xindex>
}

// -----

func.func @cast_to_i4(%x: tensor<3xf32>) -> tensor<3xi4> {
  // expected-error @+1 {{'nabla.cast' op attribute 'to' failed to satisfy constraint: type attribute of nabla element}}
  %0 = nabla.cast %x : tensor<3xf32> to i4
  return %0 : tensor<3xi4>
}

// -----

// Not even a tensor element type: rejected while the result type is inferred.
func.func @cast_to_tensor(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nabla.cast' op cannot cast to 'tensor<2xf32>': not a tensor element type}}
  %0 = nabla.cast %x : tensor<3xf32> to tensor<2xf32>
  return
}

// -----

func.func @cast_to_none(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nabla.cast' op cannot cast to 'none': not a tensor element type}}
  %0 = nabla.cast %x : tensor<3xf32> to none
  return
}

// -----

func.func @cast_without_to(%x: tensor<3xf32>) -> tensor<3xf16> {
  // expected-error @+1 {{'nabla.cast' op requires attribute 'to'}}
  %0 = "nabla.cast"(%x) : (tensor<3xf32>) -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

//===----------------------------------------------------------------------===//
// Operand kinds and unknown ops
//===----------------------------------------------------------------------===//

func.func @add_unranked(%a: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'nabla.add' op operand #0 must be ranked tensor of numeric values, but got 'tensor<*xf32>'}}
  %0 = nabla.add %a, %a : tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @mul_vector(%a: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{'nabla.mul' op operand #0 must be ranked tensor of numeric values, but got 'vector<4xf32>'}}
  %0 = nabla.mul %a, %a : vector<4xf32>
  return %0 : vector<4xf32>
}

// -----

func.func @exp_vector(%x: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'vector<4xf32>'}}
  %0 = nabla.exp %x : vector<4xf32>
  return %0 : vector<4xf32>
}

// -----

func.func @sigmoid_unranked_generic(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'nabla.sigmoid' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<*xf32>'}}
  %0 = "nabla.sigmoid"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @cast_unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = nabla.cast %x : tensor<*xf32> to f16
  return
}

// -----

func.func @cast_unranked_generic(%x: tensor<*xf32>) -> tensor<*xf16> {
  // expected-error @+1 {{'nabla.cast' op operand #0 must be ranked tensor of nabla element values, but got 'tensor<*xf32>'}}
  %0 = "nabla.cast"(%x) <{to = f16}> : (tensor<*xf32>) -> tensor<*xf16>
  return %0 : tensor<*xf16>
}

// -----

func.func @where_missing_operand(%c: tensor<3xi1>, %a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nabla.where' op expected 3 operands, but found 2}}
  %0 = "nabla.where"(%c, %a) : (tensor<3xi1>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @unknown_op(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{custom op 'nabla.foo' is unknown}}
  %0 = nabla.foo %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @unknown_op_generic(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{unregistered operation 'nabla.foo' found in dialect ('nabla') that does not allow unknown operations}}
  %0 = "nabla.foo"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
