// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @add_f32
func.func @add_f32(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3xf32>
  // CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
  // CHECK-SAME: ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<2x3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
  // CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
  // CHECK: linalg.yield %[[S]] : f32
  // CHECK: return %[[R]]
  %0 = nabla.add %a, %b : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A lower-rank operand is right-aligned against the result.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_rank_extending_broadcast
func.func @add_rank_extending_broadcast(%a: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<8x16xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]
  // CHECK-SAME: ins(%arg0, %arg1 : tensor<8x16xf32>, tensor<16xf32>) outs(%{{.*}} : tensor<8x16xf32>)
  // CHECK: arith.addf
  %0 = nabla.add %a, %b : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

// Size-1 dimensions stretch by reading index 0, on both sides.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @add_i32_stretch
func.func @add_i32_stretch(%a: tensor<4x1xi32>, %b: tensor<1x5xi32>) -> tensor<4x5xi32> {
  // CHECK: linalg.generic {indexing_maps = [#[[COL]], #[[ROW]], #[[ID]]]
  // CHECK-SAME: outs(%{{.*}} : tensor<4x5xi32>)
  // CHECK: arith.addi %{{.*}}, %{{.*}} : i32
  %0 = nabla.add %a, %b : (tensor<4x1xi32>, tensor<1x5xi32>) -> tensor<4x5xi32>
  return %0 : tensor<4x5xi32>
}

// -----

// A rank-0 operand broadcasts to everything.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1, d2) -> ()>
// CHECK-LABEL: func.func @sub_scalar
func.func @sub_scalar(%a: tensor<2x3x4xf32>, %b: tensor<f32>) -> tensor<2x3x4xf32> {
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}]
  // CHECK: arith.subf
  %0 = nabla.sub %a, %b : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @sub_i64
func.func @sub_i64(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  // CHECK: arith.subi %{{.*}}, %{{.*}} : i64
  %0 = nabla.sub %a, %b : tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @mul_f32
func.func @mul_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: arith.mulf
  %0 = nabla.mul %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Unsigned tensors become signless ones of the same width.
// CHECK-LABEL: func.func @mul_ui8
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> tensor<4xi8>
func.func @mul_ui8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  // CHECK: arith.muli %{{.*}}, %{{.*}} : i8
  %0 = nabla.mul %a, %b : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @div_f32
func.func @div_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: arith.divf
  %0 = nabla.div %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Signed division truncates toward zero (ONNX Div).
// CHECK-LABEL: func.func @div_i32
func.func @div_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: arith.divsi %{{.*}}, %{{.*}} : i32
  %0 = nabla.div %a, %b : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @div_ui32
func.func @div_ui32(%a: tensor<4xui32>, %b: tensor<4xui32>) -> tensor<4xui32> {
  // CHECK: arith.divui %{{.*}}, %{{.*}} : i32
  %0 = nabla.div %a, %b : tensor<4xui32>
  return %0 : tensor<4xui32>
}

// -----

// CHECK-LABEL: func.func @pow_f32
func.func @pow_f32(%a: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<3x4xf32> {
  // CHECK: math.powf %{{.*}}, %{{.*}} : f32
  %0 = nabla.pow %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Half-precision transcendental functions are evaluated in f32.
// CHECK-LABEL: func.func @pow_f16
func.func @pow_f16(%a: tensor<4xf16>, %b: tensor<4xf16>) -> tensor<4xf16> {
  // CHECK: ^bb0(%[[X:.*]]: f16, %[[Y:.*]]: f16, %{{.*}}: f16):
  // CHECK: %[[XW:.*]] = arith.extf %[[X]] : f16 to f32
  // CHECK: %[[YW:.*]] = arith.extf %[[Y]] : f16 to f32
  // CHECK: %[[P:.*]] = math.powf %[[XW]], %[[YW]] : f32
  // CHECK: %[[R:.*]] = arith.truncf %[[P]] : f32 to f16
  // CHECK: linalg.yield %[[R]] : f16
  %0 = nabla.pow %a, %b : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Integer powers square and multiply over every exponent bit (8 for i8),
// branch-free; a negative exponent selects 1, +-1 or 0.
// CHECK-LABEL: func.func @pow_i8
func.func @pow_i8(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // CHECK: ^bb0(%[[X:.*]]: i8, %[[Y:.*]]: i8, %{{.*}}: i8):
  // CHECK: %[[ONE:.*]] = arith.constant 1 : i8
  // CHECK: %[[BIT0:.*]] = arith.trunci %[[Y]] : i8 to i1
  // CHECK: %[[P0:.*]] = arith.muli %[[ONE]], %[[X]] : i8
  // CHECK: %[[R0:.*]] = arith.select %[[BIT0]], %[[P0]], %[[ONE]] : i8
  // CHECK: %[[SQ:.*]] = arith.muli %[[X]], %[[X]] : i8
  // CHECK: %[[Y1:.*]] = arith.shrui %[[Y]], %[[ONE]] : i8
  // CHECK: arith.trunci %[[Y1]] : i8 to i1
  // CHECK-COUNT-6: arith.shrui
  // CHECK-NOT: arith.shrui
  // CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[Y]], %{{.*}} : i8
  // CHECK: %[[R:.*]] = arith.select %[[NEG]], %{{.*}}, %{{.*}} : i8
  // CHECK: linalg.yield %[[R]] : i8
  %0 = nabla.pow %a, %b : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Unsigned exponents are never negative.
// CHECK-LABEL: func.func @pow_ui8
func.func @pow_ui8(%a: tensor<4xui8>, %b: tensor<ui8>) -> tensor<4xui8> {
  // CHECK-COUNT-8: arith.trunci
  // CHECK-NOT: arith.cmpi
  // CHECK: linalg.yield
  %0 = nabla.pow %a, %b : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// fmod is C's remainder; the floored remainder adds the divisor when the
// signs differ and signs a zero like the divisor.
// CHECK-LABEL: func.func @mod_f32
func.func @mod_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[F:.*]] = arith.remf %[[X]], %[[Y]] : f32
  // CHECK: linalg.yield %[[F]] : f32
  // CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[R:.*]] = arith.remf %[[X]], %[[Y]] : f32
  // CHECK: %[[NZ:.*]] = arith.cmpf one, %[[R]], %[[ZERO:.*]] : f32
  // CHECK: %[[RNEG:.*]] = arith.cmpf olt, %[[R]], %[[ZERO]] : f32
  // CHECK: %[[YNEG:.*]] = arith.cmpf olt, %[[Y]], %[[ZERO]] : f32
  // CHECK: %[[DIFF:.*]] = arith.xori %[[RNEG]], %[[YNEG]] : i1
  // CHECK: %[[ADJ:.*]] = arith.andi %[[NZ]], %[[DIFF]] : i1
  // CHECK: %[[SUM:.*]] = arith.addf %[[R]], %[[Y]] : f32
  // CHECK: %[[R2:.*]] = arith.select %[[ADJ]], %[[SUM]], %[[R]] : f32
  // CHECK: %[[ISZ:.*]] = arith.cmpf oeq, %[[R2]], %[[ZERO]] : f32
  // CHECK: %[[SZ:.*]] = math.copysign %[[ZERO]], %[[Y]] : f32
  // CHECK: %[[R3:.*]] = arith.select %[[ISZ]], %[[SZ]], %[[R2]] : f32
  // CHECK: linalg.yield %[[R3]] : f32
  %0 = nabla.mod %a, %b fmod : tensor<4xf32>
  %1 = nabla.mod %a, %b : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Divisors 0 and -1 become 1 (remainder 0, no trap on INT_MIN / -1).
// CHECK-LABEL: func.func @mod_i64
func.func @mod_i64(%a: tensor<4xi64>, %b: tensor<i64>) -> (tensor<4xi64>, tensor<4xi64>) {
  // CHECK: ^bb0(%[[X:.*]]: i64, %[[Y:.*]]: i64, %{{.*}}: i64):
  // CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
  // CHECK: %[[ONE:.*]] = arith.constant 1 : i64
  // CHECK: %[[IS0:.*]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : i64
  // CHECK: %[[M1:.*]] = arith.constant -1 : i64
  // CHECK: %[[ISM1:.*]] = arith.cmpi eq, %[[Y]], %[[M1]] : i64
  // CHECK: %[[UNSAFE:.*]] = arith.ori %[[IS0]], %[[ISM1]] : i1
  // CHECK: %[[D:.*]] = arith.select %[[UNSAFE]], %[[ONE]], %[[Y]] : i64
  // CHECK: %[[F:.*]] = arith.remsi %[[X]], %[[D]] : i64
  // CHECK: linalg.yield %[[F]] : i64
  // CHECK: %[[R:.*]] = arith.remsi
  // CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[R]], %{{.*}} : i64
  // CHECK: %[[XOR:.*]] = arith.xori %[[R]], %[[Y2:.*]] : i64
  // CHECK: %[[DIFF:.*]] = arith.cmpi slt, %[[XOR]], %{{.*}} : i64
  // CHECK: %[[ADJ:.*]] = arith.andi %[[NZ]], %[[DIFF]] : i1
  // CHECK: %[[SUM:.*]] = arith.addi %[[R]], %[[Y2]] : i64
  // CHECK: %[[R2:.*]] = arith.select %[[ADJ]], %[[SUM]], %[[R]] : i64
  // CHECK: linalg.yield %[[R2]] : i64
  %0 = nabla.mod %a, %b fmod : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %1 = nabla.mod %a, %b : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  return %0, %1 : tensor<4xi64>, tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @mod_ui8
func.func @mod_ui8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  // CHECK: %[[IS0:.*]] = arith.cmpi eq
  // CHECK-NOT: arith.ori
  // CHECK: %[[D:.*]] = arith.select %[[IS0]]
  // CHECK: %[[R:.*]] = arith.remui %{{.*}}, %[[D]] : i8
  // CHECK: linalg.yield %[[R]] : i8
  %0 = nabla.mod %a, %b : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// NaN-propagating float max and min.
// CHECK-LABEL: func.func @max_min_f32
func.func @max_min_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // CHECK: arith.maximumf
  // CHECK: arith.minimumf
  %0 = nabla.max %a, %b : tensor<4xf32>
  %1 = nabla.min %a, %b : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @max_min_i8
func.func @max_min_i8(%a: tensor<4xi8>, %b: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>) {
  // CHECK: arith.maxsi
  // CHECK: arith.minsi
  %0 = nabla.max %a, %b : tensor<4xi8>
  %1 = nabla.min %a, %b : tensor<4xi8>
  return %0, %1 : tensor<4xi8>, tensor<4xi8>
}

// -----

// CHECK-LABEL: func.func @max_min_ui16
func.func @max_min_ui16(%a: tensor<4xui16>, %b: tensor<4xui16>) -> (tensor<4xui16>, tensor<4xui16>) {
  // CHECK: arith.maxui %{{.*}}, %{{.*}} : i16
  // CHECK: arith.minui %{{.*}}, %{{.*}} : i16
  %0 = nabla.max %a, %b : tensor<4xui16>
  %1 = nabla.min %a, %b : tensor<4xui16>
  return %0, %1 : tensor<4xui16>, tensor<4xui16>
}

// -----

// CHECK-LABEL: func.func @neg_f32
func.func @neg_f32(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: arith.negf
  %0 = nabla.neg %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @neg_i32
func.func @neg_i32(%a: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: ^bb0(%[[X:.*]]: i32, %{{.*}}: i32):
  // CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
  // CHECK: arith.subi %[[ZERO]], %[[X]] : i32
  %0 = nabla.neg %a : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @abs_f32
func.func @abs_f32(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: math.absf
  %0 = nabla.abs %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @abs_i16
func.func @abs_i16(%a: tensor<4xi16>) -> tensor<4xi16> {
  // CHECK: math.absi %{{.*}} : i16
  %0 = nabla.abs %a : tensor<4xi16>
  return %0 : tensor<4xi16>
}

// -----

// Unsigned values are their own absolute value.
// CHECK-LABEL: func.func @abs_ui8
func.func @abs_ui8(%a: tensor<4xui8>) -> tensor<4xui8> {
  // CHECK-NOT: linalg.generic
  // CHECK: return %arg0 : tensor<4xi8>
  %0 = nabla.abs %a : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Zeros and NaN fall through as themselves.
// CHECK-LABEL: func.func @sign_f32
func.func @sign_f32(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK-DAG: %[[MINUS:.*]] = arith.constant -1.000000e+00 : f32
  // CHECK: %[[POS:.*]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f32
  // CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[X]], %[[ZERO]] : f32
  // CHECK: %[[OTHER:.*]] = arith.select %[[NEG]], %[[MINUS]], %[[X]] : f32
  // CHECK: arith.select %[[POS]], %[[ONE]], %[[OTHER]] : f32
  %0 = nabla.sign %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @sign_i32
func.func @sign_i32(%a: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: %[[POS:.*]] = arith.cmpi sgt
  // CHECK: %[[NEG:.*]] = arith.cmpi slt
  // CHECK: %[[P:.*]] = arith.extui %[[POS]] : i1 to i32
  // CHECK: %[[N:.*]] = arith.extui %[[NEG]] : i1 to i32
  // CHECK: arith.subi %[[P]], %[[N]] : i32
  %0 = nabla.sign %a : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @sign_ui8
func.func @sign_ui8(%a: tensor<4xui8>) -> tensor<4xui8> {
  // CHECK: %[[NZ:.*]] = arith.cmpi ne
  // CHECK: arith.select %[[NZ]]
  %0 = nabla.sign %a : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @unary_math_f32
func.func @unary_math_f32(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // CHECK: math.exp %{{.*}} : f32
  // CHECK: math.log %{{.*}} : f32
  // CHECK: math.sqrt %{{.*}} : f32
  // CHECK: math.rsqrt %{{.*}} : f32
  // CHECK: math.erf %{{.*}} : f32
  // CHECK: math.tanh %{{.*}} : f32
  %0 = nabla.exp %a : tensor<4xf32>
  %1 = nabla.log %a : tensor<4xf32>
  %2 = nabla.sqrt %a : tensor<4xf32>
  %3 = nabla.rsqrt %a : tensor<4xf32>
  %4 = nabla.erf %a : tensor<4xf32>
  %5 = nabla.tanh %a : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @trigonometric_f32
func.func @trigonometric_f32(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // CHECK: math.sin %{{.*}} : f32
  // CHECK: math.cos %{{.*}} : f32
  // CHECK: math.tan %{{.*}} : f32
  // CHECK: math.asin %{{.*}} : f32
  // CHECK: math.acos %{{.*}} : f32
  // CHECK: math.atan %{{.*}} : f32
  %0 = nabla.sin %a : tensor<4xf32>
  %1 = nabla.cos %a : tensor<4xf32>
  %2 = nabla.tan %a : tensor<4xf32>
  %3 = nabla.asin %a : tensor<4xf32>
  %4 = nabla.acos %a : tensor<4xf32>
  %5 = nabla.atan %a : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @hyperbolic
func.func @hyperbolic(%a: tensor<4xf64>, %h: tensor<4xf16>) -> (tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf16>) {
  // CHECK: math.sinh %{{.*}} : f64
  // CHECK: math.cosh %{{.*}} : f64
  // CHECK: math.asinh %{{.*}} : f64
  // CHECK: math.acosh %{{.*}} : f64
  // CHECK: %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
  // CHECK: %[[T:.*]] = math.atanh %[[W]] : f32
  // CHECK: arith.truncf %[[T]] : f32 to f16
  %0 = nabla.sinh %a : tensor<4xf64>
  %1 = nabla.cosh %a : tensor<4xf64>
  %2 = nabla.asinh %a : tensor<4xf64>
  %3 = nabla.acosh %a : tensor<4xf64>
  %4 = nabla.atanh %h : tensor<4xf16>
  return %0, %1, %2, %3, %4 : tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @exp_bf16
func.func @exp_bf16(%a: tensor<4xbf16>) -> tensor<4xbf16> {
  // CHECK: %[[W:.*]] = arith.extf %{{.*}} : bf16 to f32
  // CHECK: %[[E:.*]] = math.exp %[[W]] : f32
  // CHECK: arith.truncf %[[E]] : f32 to bf16
  %0 = nabla.exp %a : tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// CHECK-LABEL: func.func @erf_f64
func.func @erf_f64(%a: tensor<4xf64>) -> tensor<4xf64> {
  // CHECK-NOT: arith.truncf
  // CHECK: math.erf %{{.*}} : f64
  %0 = nabla.erf %a : tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// CHECK-LABEL: func.func @reciprocal
func.func @reciprocal(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK: arith.divf %[[ONE]], %[[X]] : f32
  %0 = nabla.reciprocal %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Round is round-half-to-even.
// CHECK-LABEL: func.func @rounding
func.func @rounding(%a: tensor<4xf16>) -> (tensor<4xf16>, tensor<4xf16>, tensor<4xf16>) {
  // CHECK: math.floor %{{.*}} : f16
  // CHECK: math.ceil %{{.*}} : f16
  // CHECK: math.roundeven %{{.*}} : f16
  %0 = nabla.floor %a : tensor<4xf16>
  %1 = nabla.ceil %a : tensor<4xf16>
  %2 = nabla.round %a : tensor<4xf16>
  return %0, %1, %2 : tensor<4xf16>, tensor<4xf16>, tensor<4xf16>
}

// -----

// Sigmoid from e^-|x|, which cannot overflow: 1 / (1 + e) for x >= 0 and
// e / (1 + e) below.
// CHECK-LABEL: func.func @sigmoid_f16
func.func @sigmoid_f16(%a: tensor<4xf16>) -> tensor<4xf16> {
  // CHECK: ^bb0(%[[IN:.*]]: f16, %{{.*}}: f16):
  // CHECK: %[[X:.*]] = arith.extf %[[IN]] : f16 to f32
  // CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[ABS:.*]] = math.absf %[[X]] : f32
  // CHECK: %[[NEG:.*]] = arith.negf %[[ABS]] : f32
  // CHECK: %[[E:.*]] = math.exp %[[NEG]] : f32
  // CHECK: %[[DEN:.*]] = arith.addf %[[ONE]], %[[E]] : f32
  // CHECK: %[[GE:.*]] = arith.cmpf oge, %[[X]], %[[ZERO]] : f32
  // CHECK: %[[NUM:.*]] = arith.select %[[GE]], %[[ONE]], %[[E]] : f32
  // CHECK: %[[S:.*]] = arith.divf %[[NUM]], %[[DEN]] : f32
  // CHECK: arith.truncf %[[S]] : f32 to f16
  %0 = nabla.sigmoid %a : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @relu
func.func @relu(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: arith.maximumf %[[X]], %[[ZERO]] : f32
  %0 = nabla.relu %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu
func.func @leaky_relu(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[ALPHA:.*]] = arith.constant 0.00999999977 : f32
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[GE:.*]] = arith.cmpf oge, %[[X]], %[[ZERO]] : f32
  // CHECK: %[[SCALED:.*]] = arith.mulf %[[ALPHA]], %[[X]] : f32
  // CHECK: arith.select %[[GE]], %[[X]], %[[SCALED]] : f32
  // CHECK: arith.constant 2.000000e-01 : f32
  %0 = nabla.leaky_relu %a : tensor<4xf32>
  %1 = nabla.leaky_relu %a alpha = 0.2 : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @elu
func.func @elu(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[ALPHA:.*]] = arith.constant 5.000000e-01 : f32
  // CHECK: %[[GE:.*]] = arith.cmpf oge, %[[X]], %{{.*}} : f32
  // CHECK: %[[EM1:.*]] = math.expm1 %[[X]] : f32
  // CHECK: %[[NEG:.*]] = arith.mulf %[[ALPHA]], %[[EM1]] : f32
  // CHECK: arith.select %[[GE]], %[[X]], %[[NEG]] : f32
  %0 = nabla.elu %a alpha = 0.5 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @selu
func.func @selu(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[X]], %{{.*}} : f32
  // CHECK: %[[GAMMA:.*]] = arith.constant 1.05070102 : f32
  // CHECK: %[[LIN:.*]] = arith.mulf %[[GAMMA]], %[[X]] : f32
  // CHECK: %[[GA:.*]] = arith.constant 1.75809932 : f32
  // CHECK: %[[EM1:.*]] = math.expm1 %[[X]] : f32
  // CHECK: %[[EXP:.*]] = arith.mulf %[[GA]], %[[EM1]] : f32
  // CHECK: arith.select %[[GT]], %[[LIN]], %[[EXP]] : f32
  // CHECK: arith.constant 2.000000e+00 : f32
  // CHECK: arith.constant 3.000000e+00 : f32
  %0 = nabla.selu %a : tensor<4xf32>
  %1 = nabla.selu %a alpha = 1.5 gamma = 2.0 : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// 0.5 * x * (1 + erf(x / sqrt(2)))
// CHECK-LABEL: func.func @gelu_erf
func.func @gelu_erf(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
  // CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK-DAG: %[[RSQRT2:.*]] = arith.constant 0.707106769 : f32
  // CHECK: %[[S:.*]] = arith.mulf %[[X]], %[[RSQRT2]] : f32
  // CHECK: %[[E:.*]] = math.erf %[[S]] : f32
  // CHECK: %[[F:.*]] = arith.addf %[[ONE]], %[[E]] : f32
  // CHECK: %[[H:.*]] = arith.mulf %[[HALF]], %[[X]] : f32
  // CHECK: arith.mulf %[[H]], %[[F]] : f32
  %0 = nabla.gelu %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
// CHECK-LABEL: func.func @gelu_tanh
func.func @gelu_tanh(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[X2:.*]] = arith.mulf %[[X]], %[[X]] : f32
  // CHECK: %[[X3:.*]] = arith.mulf %[[X]], %[[X2]] : f32
  // CHECK: %[[C:.*]] = arith.constant 4.471500e-02 : f32
  // CHECK: %[[CUBIC:.*]] = arith.mulf %[[C]], %[[X3]] : f32
  // CHECK: %[[SUM:.*]] = arith.addf %[[X]], %[[CUBIC]] : f32
  // CHECK: %[[K:.*]] = arith.constant 0.797884583 : f32
  // CHECK: %[[SCALED:.*]] = arith.mulf %[[K]], %[[SUM]] : f32
  // CHECK: math.tanh %[[SCALED]] : f32
  // CHECK-NOT: math.erf
  %0 = nabla.gelu %a approximate = tanh : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// max(x, 0) + log1p(e^-|x|), which cannot overflow.
// CHECK-LABEL: func.func @softplus
func.func @softplus(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[ABS:.*]] = math.absf %[[X]] : f32
  // CHECK: %[[NEG:.*]] = arith.negf %[[ABS]] : f32
  // CHECK: %[[E:.*]] = math.exp %[[NEG]] : f32
  // CHECK: %[[TAIL:.*]] = math.log1p %[[E]] : f32
  // CHECK: %[[HEAD:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f32
  // CHECK: arith.addf %[[HEAD]], %[[TAIL]] : f32
  %0 = nabla.softplus %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @hard_sigmoid
func.func @hard_sigmoid(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[ALPHA:.*]] = arith.constant 2.000000e-01 : f32
  // CHECK: %[[BETA:.*]] = arith.constant 5.000000e-01 : f32
  // CHECK: %[[AX:.*]] = arith.mulf %[[ALPHA]], %[[X]] : f32
  // CHECK: %[[LIN:.*]] = arith.addf %[[AX]], %[[BETA]] : f32
  // CHECK: %[[UP:.*]] = arith.minimumf %[[LIN]], %{{.*}} : f32
  // CHECK: arith.maximumf %[[UP]], %{{.*}} : f32
  %0 = nabla.hard_sigmoid %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @clip_f32
func.func @clip_f32(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[LO:.*]] = arith.constant -1.000000e+00 : f32
  // CHECK: %[[CLAMPED:.*]] = arith.maximumf %[[X]], %[[LO]] : f32
  // CHECK: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
  // CHECK: arith.minimumf %[[CLAMPED]], %[[HI]] : f32
  // A missing bound is unbounded.
  // CHECK: linalg.generic
  // CHECK-NOT: arith.maximumf
  // CHECK: arith.minimumf
  // CHECK-NOT: arith.maximumf
  // CHECK: return
  %0 = nabla.clip %a min = -1.0 max = 6.0 : tensor<4xf32>
  %1 = nabla.clip %a max = 6.0 : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Integer bounds round inward.
// CHECK-LABEL: func.func @clip_i8
func.func @clip_i8(%a: tensor<4xi8>) -> tensor<4xi8> {
  // CHECK: %[[LO:.*]] = arith.constant -5 : i8
  // CHECK: arith.maxsi %{{.*}}, %[[LO]] : i8
  // CHECK: %[[HI:.*]] = arith.constant 7 : i8
  // CHECK: arith.minsi %{{.*}}, %[[HI]] : i8
  %0 = nabla.clip %a min = -5.5 max = 7.5 : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Unsigned bounds saturate at the type limits (0 and 255).
// CHECK-LABEL: func.func @clip_ui8
func.func @clip_ui8(%a: tensor<4xui8>) -> tensor<4xui8> {
  // CHECK: %[[LO:.*]] = arith.constant 0 : i8
  // CHECK: arith.maxui %{{.*}}, %[[LO]] : i8
  // CHECK: %[[HI:.*]] = arith.constant -1 : i8
  // CHECK: arith.minui %{{.*}}, %[[HI]] : i8
  %0 = nabla.clip %a min = -5.0 max = 300.0 : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Float comparisons are ordered, except `ne`.
// CHECK-LABEL: func.func @compare_f32
func.func @compare_f32(%a: tensor<2x4xf32>, %b: tensor<4xf32>) -> (tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>) {
  // CHECK: outs(%{{.*}} : tensor<2x4xi1>)
  // CHECK: arith.cmpf oeq
  // CHECK: arith.cmpf une
  // CHECK: arith.cmpf olt
  // CHECK: arith.cmpf ole
  // CHECK: arith.cmpf ogt
  // CHECK: arith.cmpf oge
  %0 = nabla.compare eq, %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  %1 = nabla.compare ne, %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  %2 = nabla.compare lt, %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  %3 = nabla.compare le, %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  %4 = nabla.compare gt, %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  %5 = nabla.compare ge, %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>
}

// -----

// CHECK-LABEL: func.func @compare_i32
func.func @compare_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  // CHECK: arith.cmpi eq
  // CHECK: arith.cmpi ne
  // CHECK: arith.cmpi slt
  // CHECK: arith.cmpi sle
  // CHECK: arith.cmpi sgt
  // CHECK: arith.cmpi sge
  %0 = nabla.compare eq, %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %1 = nabla.compare ne, %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %2 = nabla.compare lt, %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %3 = nabla.compare le, %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %4 = nabla.compare gt, %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %5 = nabla.compare ge, %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @compare_ui64
func.func @compare_ui64(%a: tensor<4xui64>, %b: tensor<4xui64>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  // CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i64
  // CHECK: arith.cmpi ule
  // CHECK: arith.cmpi ugt
  // CHECK: arith.cmpi uge
  %0 = nabla.compare lt, %a, %b : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xi1>
  %1 = nabla.compare le, %a, %b : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xi1>
  %2 = nabla.compare gt, %a, %b : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xi1>
  %3 = nabla.compare ge, %a, %b : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xi1>
  return %0, %1, %2, %3 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @logical
func.func @logical(%a: tensor<2x4xi1>, %b: tensor<4xi1>) -> (tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>) {
  // CHECK: arith.andi %{{.*}}, %{{.*}} : i1
  // CHECK: arith.ori %{{.*}}, %{{.*}} : i1
  // CHECK: arith.xori %{{.*}}, %{{.*}} : i1
  // CHECK: ^bb0(%[[X:.*]]: i1, %{{.*}}: i1):
  // CHECK: %[[TRUE:.*]] = arith.constant true
  // CHECK: arith.xori %[[X]], %[[TRUE]] : i1
  %0 = nabla.logical_and %a, %b : (tensor<2x4xi1>, tensor<4xi1>) -> tensor<2x4xi1>
  %1 = nabla.logical_or %a, %b : (tensor<2x4xi1>, tensor<4xi1>) -> tensor<2x4xi1>
  %2 = nabla.logical_xor %a, %b : (tensor<2x4xi1>, tensor<4xi1>) -> tensor<2x4xi1>
  %3 = nabla.logical_not %a : tensor<2x4xi1>
  return %0, %1, %2, %3 : tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>, tensor<2x4xi1>
}

// -----

// All three operands broadcast together.
// CHECK-DAG: #[[COND:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[TRUE:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[FALSE:.*]] = affine_map<(d0, d1, d2) -> ()>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @where
func.func @where(%c: tensor<2x1x4xi1>, %a: tensor<3x1xf32>, %b: tensor<f32>) -> tensor<2x3x4xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[COND]], #[[TRUE]], #[[FALSE]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
  // CHECK: ^bb0(%[[C:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
  // CHECK: arith.select %[[C]], %[[T]], %[[F]] : f32
  %0 = nabla.where %c, %a, %b : (tensor<2x1x4xi1>, tensor<3x1xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @where_ui8
func.func @where_ui8(%c: tensor<4xi1>, %a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  // CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : i8
  %0 = nabla.where %c, %a, %b : (tensor<4xi1>, tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Floats convert to integers by truncation, signed or unsigned by the target.
// CHECK-LABEL: func.func @cast_from_float
func.func @cast_from_float(%a: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xui8>, tensor<4xi1>, tensor<4xf64>, tensor<4xf16>) {
  // CHECK: arith.fptosi %{{.*}} : f32 to i32
  // CHECK: arith.fptoui %{{.*}} : f32 to i8
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i1):
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: arith.cmpf une, %[[X]], %[[ZERO]] : f32
  // CHECK: arith.extf %{{.*}} : f32 to f64
  // CHECK: arith.truncf %{{.*}} : f32 to f16
  %0 = nabla.cast %a : tensor<4xf32> to i32
  %1 = nabla.cast %a : tensor<4xf32> to ui8
  %2 = nabla.cast %a : tensor<4xf32> to i1
  %3 = nabla.cast %a : tensor<4xf32> to f64
  %4 = nabla.cast %a : tensor<4xf32> to f16
  return %0, %1, %2, %3, %4 : tensor<4xi32>, tensor<4xui8>, tensor<4xi1>, tensor<4xf64>, tensor<4xf16>
}

// -----

// Integers convert by their own signedness; booleans are 0 and 1.
// CHECK-LABEL: func.func @cast_from_integer
func.func @cast_from_integer(%a: tensor<4xi8>, %b: tensor<4xui8>, %c: tensor<4xi1>, %d: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi64>, tensor<4xi8>, tensor<4xi8>, tensor<4xi1>) {
  // CHECK: arith.sitofp %{{.*}} : i8 to f32
  // CHECK: arith.uitofp %{{.*}} : i8 to f32
  // CHECK: arith.uitofp %{{.*}} : i1 to f32
  // CHECK: arith.extsi %{{.*}} : i8 to i64
  // CHECK: arith.extui %{{.*}} : i8 to i64
  // CHECK: arith.trunci %{{.*}} : i32 to i8
  // CHECK: arith.cmpi ne, %{{.*}}, %{{.*}} : i32
  // ui8 to i8 keeps the bits: no computation at all.
  // CHECK: return {{.*}}, %arg1, %{{.*}} : tensor
  %0 = nabla.cast %a : tensor<4xi8> to f32
  %1 = nabla.cast %b : tensor<4xui8> to f32
  %2 = nabla.cast %c : tensor<4xi1> to f32
  %3 = nabla.cast %a : tensor<4xi8> to i64
  %4 = nabla.cast %b : tensor<4xui8> to i64
  %5 = nabla.cast %d : tensor<4xi32> to i8
  %6 = nabla.cast %b : tensor<4xui8> to i8
  %7 = nabla.cast %d : tensor<4xi32> to i1
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi64>, tensor<4xi8>, tensor<4xi8>, tensor<4xi1>
}

// -----

// f16 and bf16 have one width: the conversion goes through f32.
// CHECK-LABEL: func.func @cast_f16_to_bf16
func.func @cast_f16_to_bf16(%a: tensor<4xf16>) -> tensor<4xbf16> {
  // CHECK: %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
  // CHECK: arith.truncf %[[W]] : f32 to bf16
  %0 = nabla.cast %a : tensor<4xf16> to bf16
  return %0 : tensor<4xbf16>
}
