// RUN: nabla-opt %s -canonicalize -split-input-file | FileCheck %s

// Expected values were computed independently (Python, rounded to the
// element type), not copied from nabla-opt's output.

//===----------------------------------------------------------------------===//
// Algebraic identities of binary arithmetic
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add_zero
// CHECK-NOT: nabla.add
// CHECK: return %arg0, %arg0, %arg1, %arg2
func.func @add_zero(%x: tensor<2x3xf32>, %i: tensor<4xi32>, %d: tensor<?x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>, tensor<?x3xf32>) {
  %zero = nabla.constant dense<0.0> : tensor<2x3xf32>
  %0 = nabla.add %x, %zero : tensor<2x3xf32>
  // A rank-0 zero broadcasts to x's own shape, so the sum is still x; so is
  // 0 + x, whose constant canonicalization moves to the right.
  %scalar = nabla.constant dense<0.0> : tensor<f32>
  %1 = nabla.add %scalar, %x : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %izero = nabla.constant dense<0> : tensor<4xi32>
  %2 = nabla.add %i, %izero : tensor<4xi32>
  %row = nabla.constant dense<0.0> : tensor<3xf32>
  %3 = nabla.add %d, %row : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xi32>, tensor<?x3xf32>
}

// -----

// The zero would broadcast x to a bigger shape: the add stays.
// CHECK-LABEL: func.func @add_zero_broadcasting
// CHECK: %[[ZERO:.*]] = nabla.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK: %[[SUM:.*]] = nabla.add %arg0, %[[ZERO]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: return %[[SUM]]
func.func @add_zero_broadcasting(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %zero = nabla.constant dense<0.0> : tensor<2x3xf32>
  %0 = nabla.add %x, %zero : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A non-zero constant is not an identity.
// CHECK-LABEL: func.func @add_non_zero
// CHECK: %[[SUM:.*]] = nabla.add %arg0, %{{.*}} : tensor<3xf32>
// CHECK: return %[[SUM]]
func.func @add_non_zero(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c = nabla.constant dense<[0.0, 1.0, 0.0]> : tensor<3xf32>
  %0 = nabla.add %x, %c : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @sub_zero
// CHECK-NOT: nabla.sub
// CHECK: return %arg0, %arg1
func.func @sub_zero(%x: tensor<?x3xf32>, %i: tensor<4xi8>) -> (tensor<?x3xf32>, tensor<4xi8>) {
  %zero = nabla.constant dense<0.0> : tensor<f32>
  %0 = nabla.sub %x, %zero : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  %izero = nabla.constant dense<0> : tensor<4xi8>
  %1 = nabla.sub %i, %izero : tensor<4xi8>
  return %0, %1 : tensor<?x3xf32>, tensor<4xi8>
}

// -----

// 0 - x is -x, not x.
// CHECK-LABEL: func.func @zero_sub
// CHECK: %[[ZERO:.*]] = nabla.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK: %[[DIFF:.*]] = nabla.sub %[[ZERO]], %arg0 : tensor<3xf32>
// CHECK: return %[[DIFF]]
func.func @zero_sub(%x: tensor<3xf32>) -> tensor<3xf32> {
  %zero = nabla.constant dense<0.0> : tensor<3xf32>
  %0 = nabla.sub %zero, %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @mul_one
// CHECK-NOT: nabla.mul
// CHECK: return %arg0, %arg0, %arg1
func.func @mul_one(%x: tensor<2x3xf32>, %i: tensor<4xui16>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xui16>) {
  %one = nabla.constant dense<1.0> : tensor<2x3xf32>
  %0 = nabla.mul %x, %one : tensor<2x3xf32>
  %1 = nabla.mul %one, %x : tensor<2x3xf32>
  %ione = nabla.constant dense<1> : tensor<4xui16>
  %2 = nabla.mul %i, %ione : tensor<4xui16>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xui16>
}

// -----

// x * 0 is not 0 when x is NaN or infinite.
// CHECK-LABEL: func.func @mul_zero
// CHECK: %[[ZERO:.*]] = nabla.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK: %[[PROD:.*]] = nabla.mul %arg0, %[[ZERO]] : tensor<3xf32>
// CHECK: return %[[PROD]]
func.func @mul_zero(%x: tensor<3xf32>) -> tensor<3xf32> {
  %zero = nabla.constant dense<0.0> : tensor<3xf32>
  %0 = nabla.mul %x, %zero : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @mul_one_broadcasting
// CHECK: nabla.mul %arg0, %{{.*}} : (tensor<3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
func.func @mul_one_broadcasting(%x: tensor<3xf32>) -> tensor<4x3xf32> {
  %one = nabla.constant dense<1.0> : tensor<4x3xf32>
  %0 = nabla.mul %x, %one : (tensor<3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @div_one
// CHECK-NOT: nabla.div
// CHECK: return %arg0, %arg1
func.func @div_one(%x: tensor<?x3xf32>, %i: tensor<4xi32>) -> (tensor<?x3xf32>, tensor<4xi32>) {
  %one = nabla.constant dense<1.0> : tensor<3xf32>
  %0 = nabla.div %x, %one : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %ione = nabla.constant dense<1> : tensor<4xi32>
  %1 = nabla.div %i, %ione : tensor<4xi32>
  return %0, %1 : tensor<?x3xf32>, tensor<4xi32>
}

// -----

// 1 / x is not x.
// CHECK-LABEL: func.func @one_div
// CHECK: %[[Q:.*]] = nabla.div %{{.*}}, %arg0 : tensor<3xf32>
// CHECK: return %[[Q]]
func.func @one_div(%x: tensor<3xf32>) -> tensor<3xf32> {
  %one = nabla.constant dense<1.0> : tensor<3xf32>
  %0 = nabla.div %one, %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @pow_one
// CHECK-NOT: nabla.pow
// CHECK: return %arg0
func.func @pow_one(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %one = nabla.constant dense<1.0> : tensor<f32>
  %0 = nabla.pow %x, %one : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @pow_one_broadcasting
// CHECK: nabla.pow %arg0, %{{.*}} : (tensor<f32>, tensor<2xf32>) -> tensor<2xf32>
func.func @pow_one_broadcasting(%x: tensor<f32>) -> tensor<2xf32> {
  %one = nabla.constant dense<1.0> : tensor<2xf32>
  %0 = nabla.pow %x, %one : (tensor<f32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @max_min_same_operand
// CHECK-NOT: nabla.max
// CHECK-NOT: nabla.min
// CHECK: return %arg0, %arg0
func.func @max_min_same_operand(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  %0 = nabla.max %x, %x : tensor<?x3xf32>
  %1 = nabla.min %x, %x : tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @max_different_operands
// CHECK: %[[M:.*]] = nabla.max %arg0, %arg1 : tensor<3xf32>
// CHECK: return %[[M]]
func.func @max_different_operands(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nabla.max %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Constant folding of binary arithmetic
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @fold_binary_f32
// CHECK-DAG: %[[ADD:.*]] = nabla.constant dense<[1.750000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[SUB:.*]] = nabla.constant dense<[1.250000e+00, -6.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[MUL:.*]] = nabla.constant dense<[3.750000e-01, -8.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[DIV:.*]] = nabla.constant dense<[6.000000e+00, -5.000000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[MAX:.*]] = nabla.constant dense<[1.500000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[MIN:.*]] = nabla.constant dense<[2.500000e-01, -2.000000e+00]> : tensor<2xf32>
// CHECK-NOT: nabla.add
// CHECK-NOT: nabla.max
// CHECK: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]], %[[MAX]], %[[MIN]]
func.func @fold_binary_f32() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %a = nabla.constant dense<[1.5, -2.0]> : tensor<2xf32>
  %b = nabla.constant dense<[0.25, 4.0]> : tensor<2xf32>
  %0 = nabla.add %a, %b : tensor<2xf32>
  %1 = nabla.sub %a, %b : tensor<2xf32>
  %2 = nabla.mul %a, %b : tensor<2xf32>
  %3 = nabla.div %a, %b : tensor<2xf32>
  %4 = nabla.max %a, %b : tensor<2xf32>
  %5 = nabla.min %a, %b : tensor<2xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @fold_pow
// CHECK: %[[P:.*]] = nabla.constant dense<[8.000000e+00, 3.000000e+00, 1.41421354, 1.000000e-01]> : tensor<4xf32>
// CHECK-NOT: nabla.pow
// CHECK: return %[[P]]
func.func @fold_pow() -> tensor<4xf32> {
  %a = nabla.constant dense<[2.0, 9.0, 2.0, 10.0]> : tensor<4xf32>
  %b = nabla.constant dense<[3.0, 0.5, 0.5, -1.0]> : tensor<4xf32>
  %0 = nabla.pow %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// max and min propagate NaN; a float division by zero gives infinity.
// CHECK-LABEL: func.func @fold_binary_special_values
// CHECK-DAG: %[[MAX:.*]] = nabla.constant dense<[0x7FC00000, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[MIN:.*]] = nabla.constant dense<[0x7FC00000, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[DIV:.*]] = nabla.constant dense<[0x7FC00000, 0x7F800000]> : tensor<2xf32>
// CHECK: return %[[MAX]], %[[MIN]], %[[DIV]]
func.func @fold_binary_special_values() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %a = nabla.constant dense<[0x7FC00000, 1.0]> : tensor<2xf32>
  %b = nabla.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %zero = nabla.constant dense<0.0> : tensor<2xf32>
  %0 = nabla.max %a, %b : tensor<2xf32>
  %1 = nabla.min %b, %a : tensor<2xf32>
  %2 = nabla.div %a, %zero : tensor<2xf32>
  return %0, %1, %2 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Integer division truncates toward zero.
// CHECK-LABEL: func.func @fold_binary_i32
// CHECK-DAG: %[[ADD:.*]] = nabla.constant dense<[9, -5, 97]> : tensor<3xi32>
// CHECK-DAG: %[[SUB:.*]] = nabla.constant dense<[5, -9, 103]> : tensor<3xi32>
// CHECK-DAG: %[[MUL:.*]] = nabla.constant dense<[14, -14, -300]> : tensor<3xi32>
// CHECK-DAG: %[[DIV:.*]] = nabla.constant dense<[3, -3, -33]> : tensor<3xi32>
// CHECK-DAG: %[[MAX:.*]] = nabla.constant dense<[7, 2, 100]> : tensor<3xi32>
// CHECK-DAG: %[[MIN:.*]] = nabla.constant dense<[2, -7, -3]> : tensor<3xi32>
// CHECK: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]], %[[MAX]], %[[MIN]]
func.func @fold_binary_i32() -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
  %a = nabla.constant dense<[7, -7, 100]> : tensor<3xi32>
  %b = nabla.constant dense<[2, 2, -3]> : tensor<3xi32>
  %0 = nabla.add %a, %b : tensor<3xi32>
  %1 = nabla.sub %a, %b : tensor<3xi32>
  %2 = nabla.mul %a, %b : tensor<3xi32>
  %3 = nabla.div %a, %b : tensor<3xi32>
  %4 = nabla.max %a, %b : tensor<3xi32>
  %5 = nabla.min %a, %b : tensor<3xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>
}

// -----

// Integers wrap; unsigned types divide and compare as unsigned.
// CHECK-LABEL: func.func @fold_binary_wrap_and_unsigned
// CHECK-DAG: %[[WRAP:.*]] = nabla.constant dense<-56> : tensor<2xi8>
// CHECK-DAG: %[[DIV:.*]] = nabla.constant dense<[66, 4]> : tensor<2xui8>
// CHECK-DAG: %[[MAX:.*]] = nabla.constant dense<[200, 9]> : tensor<2xui8>
// CHECK-DAG: %[[MIN:.*]] = nabla.constant dense<[3, 2]> : tensor<2xui8>
// CHECK: return %[[WRAP]], %[[DIV]], %[[MAX]], %[[MIN]]
func.func @fold_binary_wrap_and_unsigned() -> (tensor<2xi8>, tensor<2xui8>, tensor<2xui8>, tensor<2xui8>) {
  %h = nabla.constant dense<100> : tensor<2xi8>
  %0 = nabla.add %h, %h : tensor<2xi8>
  %a = nabla.constant dense<[200, 9]> : tensor<2xui8>
  %b = nabla.constant dense<[3, 2]> : tensor<2xui8>
  %c = nabla.constant dense<[3, 4]> : tensor<2xui8>
  %1 = nabla.div %a, %b : tensor<2xui8>
  %2 = nabla.max %a, %c : tensor<2xui8>
  %3 = nabla.min %a, %b : tensor<2xui8>
  return %0, %1, %2, %3 : tensor<2xi8>, tensor<2xui8>, tensor<2xui8>, tensor<2xui8>
}

// -----

// Integer division by zero is undefined and left to run time, also when only
// one element is zero.
// CHECK-LABEL: func.func @div_int_by_zero
// CHECK: %[[Q0:.*]] = nabla.div %{{.*}}, %{{.*}} : tensor<2xi32>
// CHECK: %[[Q1:.*]] = nabla.div %{{.*}}, %{{.*}} : tensor<2xi32>
// CHECK: return %[[Q0]], %[[Q1]]
func.func @div_int_by_zero() -> (tensor<2xi32>, tensor<2xi32>) {
  %a = nabla.constant dense<[7, 8]> : tensor<2xi32>
  %zero = nabla.constant dense<0> : tensor<2xi32>
  %b = nabla.constant dense<[2, 0]> : tensor<2xi32>
  %0 = nabla.div %a, %zero : tensor<2xi32>
  %1 = nabla.div %a, %b : tensor<2xi32>
  return %0, %1 : tensor<2xi32>, tensor<2xi32>
}

// -----

// Constants of different shapes would need the broadcast materialized: not
// folded.
// CHECK-LABEL: func.func @fold_binary_broadcasting
// CHECK: %[[SUM:.*]] = nabla.add %{{.*}}, %{{.*}} : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
// CHECK: return %[[SUM]]
func.func @fold_binary_broadcasting() -> tensor<3x2xf32> {
  %a = nabla.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = nabla.constant dense<3.0> : tensor<3x2xf32>
  %0 = nabla.add %a, %b : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Involutions and idempotent ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @neg_neg
// CHECK-NOT: nabla.neg
// CHECK: return %arg0
func.func @neg_neg(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nabla.neg %x : tensor<?x3xf32>
  %1 = nabla.neg %0 : tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @single_neg
// CHECK: %[[N:.*]] = nabla.neg %arg0 : tensor<3xi32>
// CHECK: return %[[N]]
func.func @single_neg(%x: tensor<3xi32>) -> tensor<3xi32> {
  %0 = nabla.neg %x : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @abs_abs
// CHECK: %[[A:.*]] = nabla.abs %arg0 : tensor<?x3xf32>
// CHECK-NOT: nabla.abs
// CHECK: return %[[A]]
func.func @abs_abs(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nabla.abs %x : tensor<?x3xf32>
  %1 = nabla.abs %0 : tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}

// -----

// abs is the identity on unsigned integers, but not on signed ones.
// CHECK-LABEL: func.func @abs_unsigned
// CHECK: %[[A:.*]] = nabla.abs %arg1 : tensor<3xi8>
// CHECK: return %arg0, %[[A]]
func.func @abs_unsigned(%x: tensor<3xui8>, %y: tensor<3xi8>) -> (tensor<3xui8>, tensor<3xi8>) {
  %0 = nabla.abs %x : tensor<3xui8>
  %1 = nabla.abs %y : tensor<3xi8>
  return %0, %1 : tensor<3xui8>, tensor<3xi8>
}

// -----

// CHECK-LABEL: func.func @relu_relu
// CHECK: %[[R:.*]] = nabla.relu %arg0 : tensor<?x3xf32>
// CHECK-NOT: nabla.relu
// CHECK: return %[[R]]
func.func @relu_relu(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nabla.relu %x : tensor<?x3xf32>
  %1 = nabla.relu %0 : tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @logical_not_not
// CHECK-NOT: nabla.logical_not
// CHECK: return %arg0
func.func @logical_not_not(%x: tensor<?xi1>) -> tensor<?xi1> {
  %0 = nabla.logical_not %x : tensor<?xi1>
  %1 = nabla.logical_not %0 : tensor<?xi1>
  return %1 : tensor<?xi1>
}

// -----

// CHECK-LABEL: func.func @single_logical_not
// CHECK: %[[N:.*]] = nabla.logical_not %arg0 : tensor<4xi1>
// CHECK: return %[[N]]
func.func @single_logical_not(%x: tensor<4xi1>) -> tensor<4xi1> {
  %0 = nabla.logical_not %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

//===----------------------------------------------------------------------===//
// Constant folding of unary ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @fold_exp_log_sqrt
// CHECK-DAG: %[[EXP:.*]] = nabla.constant dense<[1.64872122, 2.71828175, 7.3890562, 54.5981483]> : tensor<4xf32>
// CHECK-DAG: %[[LOG:.*]] = nabla.constant dense<[-0.693147182, 0.000000e+00, 0.693147182, 1.38629436]> : tensor<4xf32>
// CHECK-DAG: %[[SQRT:.*]] = nabla.constant dense<[0.707106769, 1.000000e+00, 1.41421354, 2.000000e+00]> : tensor<4xf32>
// CHECK-DAG: %[[RSQRT:.*]] = nabla.constant dense<[1.41421354, 1.000000e+00, 0.707106769, 5.000000e-01]> : tensor<4xf32>
// CHECK-DAG: %[[RECIP:.*]] = nabla.constant dense<[2.000000e+00, 1.000000e+00, 5.000000e-01, 2.500000e-01]> : tensor<4xf32>
// CHECK-DAG: %[[ERF:.*]] = nabla.constant dense<[0.520499885, 0.842700779, 0.995322287, 1.000000e+00]> : tensor<4xf32>
// CHECK: return %[[EXP]], %[[LOG]], %[[SQRT]], %[[RSQRT]], %[[RECIP]], %[[ERF]]
func.func @fold_exp_log_sqrt() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %x = nabla.constant dense<[0.5, 1.0, 2.0, 4.0]> : tensor<4xf32>
  %0 = nabla.exp %x : tensor<4xf32>
  %1 = nabla.log %x : tensor<4xf32>
  %2 = nabla.sqrt %x : tensor<4xf32>
  %3 = nabla.rsqrt %x : tensor<4xf32>
  %4 = nabla.reciprocal %x : tensor<4xf32>
  %5 = nabla.erf %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// log(0) is -inf, log of a negative number and sqrt of one are NaN.
// CHECK-LABEL: func.func @fold_log_sqrt_special
// CHECK-DAG: %[[LOG:.*]] = nabla.constant dense<[0xFF800000, 0x{{7FC00000|FFC00000}}]> : tensor<2xf32>
// CHECK-DAG: %[[SQRT:.*]] = nabla.constant dense<[0.000000e+00, 0x{{7FC00000|FFC00000}}]> : tensor<2xf32>
// CHECK: return %[[LOG]], %[[SQRT]]
func.func @fold_log_sqrt_special() -> (tensor<2xf32>, tensor<2xf32>) {
  %x = nabla.constant dense<[0.0, -1.0]> : tensor<2xf32>
  %0 = nabla.log %x : tensor<2xf32>
  %1 = nabla.sqrt %x : tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @fold_floor_ceil
// CHECK-DAG: %[[FLOOR:.*]] = nabla.constant dense<[-2.000000e+00, -1.000000e+00, 0.000000e+00, 2.000000e+00]> : tensor<4xf32>
// CHECK-DAG: %[[CEIL:.*]] = nabla.constant dense<[-1.000000e+00, -0.000000e+00, 1.000000e+00, 3.000000e+00]> : tensor<4xf32>
// CHECK: return %[[FLOOR]], %[[CEIL]]
func.func @fold_floor_ceil() -> (tensor<4xf32>, tensor<4xf32>) {
  %x = nabla.constant dense<[-1.5, -0.5, 0.5, 2.7]> : tensor<4xf32>
  %0 = nabla.floor %x : tensor<4xf32>
  %1 = nabla.ceil %x : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Halves round to even, and -0.5 rounds to -0.
// CHECK-LABEL: func.func @fold_round
// CHECK: %[[R:.*]] = nabla.constant dense<[0.000000e+00, 2.000000e+00, 2.000000e+00, -0.000000e+00, -2.000000e+00, 4.000000e+00]> : tensor<6xf32>
// CHECK: return %[[R]]
func.func @fold_round() -> tensor<6xf32> {
  %x = nabla.constant dense<[0.5, 1.5, 2.5, -0.5, -2.5, 3.7]> : tensor<6xf32>
  %0 = nabla.round %x : tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// CHECK-LABEL: func.func @fold_tanh_sigmoid
// CHECK-DAG: %[[TANH:.*]] = nabla.constant dense<[-0.761594176, 0.000000e+00, 0.462117165, 0.995054781]> : tensor<4xf32>
// CHECK-DAG: %[[SIGMOID:.*]] = nabla.constant dense<[0.268941432, 5.000000e-01, 0.622459352, 0.952574133]> : tensor<4xf32>
// CHECK: return %[[TANH]], %[[SIGMOID]]
func.func @fold_tanh_sigmoid() -> (tensor<4xf32>, tensor<4xf32>) {
  %x = nabla.constant dense<[-1.0, 0.0, 0.5, 3.0]> : tensor<4xf32>
  %0 = nabla.tanh %x : tensor<4xf32>
  %1 = nabla.sigmoid %x : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// The fold works in the element type's own precision.
// CHECK-LABEL: func.func @fold_f16
// CHECK: %[[R:.*]] = nabla.constant dense<[5.000000e-01, 3.000000e+00]> : tensor<2xf16>
// CHECK: return %[[R]]
func.func @fold_f16() -> tensor<2xf16> {
  %x = nabla.constant dense<[2.0, 0.333333]> : tensor<2xf16>
  %0 = nabla.reciprocal %x : tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// CHECK-LABEL: func.func @fold_sign
// CHECK-DAG: %[[F:.*]] = nabla.constant dense<[-1.000000e+00, 0.000000e+00, 1.000000e+00, 0x7FC00000]> : tensor<4xf32>
// CHECK-DAG: %[[I:.*]] = nabla.constant dense<[-1, 0, 1]> : tensor<3xi32>
// CHECK-DAG: %[[U:.*]] = nabla.constant dense<[0, 1]> : tensor<2xui8>
// CHECK: return %[[F]], %[[I]], %[[U]]
func.func @fold_sign() -> (tensor<4xf32>, tensor<3xi32>, tensor<2xui8>) {
  %f = nabla.constant dense<[-2.5, 0.0, 3.0, 0x7FC00000]> : tensor<4xf32>
  %0 = nabla.sign %f : tensor<4xf32>
  %i = nabla.constant dense<[-5, 0, 7]> : tensor<3xi32>
  %1 = nabla.sign %i : tensor<3xi32>
  %u = nabla.constant dense<[0, 200]> : tensor<2xui8>
  %2 = nabla.sign %u : tensor<2xui8>
  return %0, %1, %2 : tensor<4xf32>, tensor<3xi32>, tensor<2xui8>
}

// -----

// CHECK-LABEL: func.func @fold_neg_abs
// CHECK-DAG: %[[NEGF:.*]] = nabla.constant dense<[-1.500000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[ABSF:.*]] = nabla.constant dense<[1.500000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[NEGI:.*]] = nabla.constant dense<[-5, 3]> : tensor<2xi32>
// CHECK-DAG: %[[ABSI:.*]] = nabla.constant dense<[5, 3]> : tensor<2xi32>
// CHECK: return %[[NEGF]], %[[ABSF]], %[[NEGI]], %[[ABSI]]
func.func @fold_neg_abs() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xi32>) {
  %f = nabla.constant dense<[1.5, -2.0]> : tensor<2xf32>
  %0 = nabla.neg %f : tensor<2xf32>
  %1 = nabla.abs %f : tensor<2xf32>
  %i = nabla.constant dense<[5, -3]> : tensor<2xi32>
  %2 = nabla.neg %i : tensor<2xi32>
  %3 = nabla.abs %i : tensor<2xi32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xi32>
}

// -----

// relu(-0) is +0; relu(NaN) is NaN, as max(NaN, 0) is.
// CHECK-LABEL: func.func @fold_relu
// CHECK: %[[R:.*]] = nabla.constant dense<[0.000000e+00, 0.000000e+00, 2.500000e+00, 0.000000e+00, 0x7FC00000]> : tensor<5xf32>
// CHECK: return %[[R]]
func.func @fold_relu() -> tensor<5xf32> {
  %x = nabla.constant dense<[-1.0, 0.0, 2.5, -0.0, 0x7FC00000]> : tensor<5xf32>
  %0 = nabla.relu %x : tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// CHECK-LABEL: func.func @fold_clip
// CHECK-DAG: %[[BOTH:.*]] = nabla.constant dense<[-1.000000e+00, -5.000000e-01, 5.000000e-01, 1.000000e+00, 0x7FC00000]> : tensor<5xf32>
// CHECK-DAG: %[[MIN:.*]] = nabla.constant dense<[0.000000e+00, 0.000000e+00, 5.000000e-01, 3.000000e+00, 0x7FC00000]> : tensor<5xf32>
// CHECK-DAG: %[[MAX:.*]] = nabla.constant dense<[-3.000000e+00, -5.000000e-01, 2.500000e-01, 2.500000e-01, 0x7FC00000]> : tensor<5xf32>
// CHECK: return %[[BOTH]], %[[MIN]], %[[MAX]]
func.func @fold_clip() -> (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) {
  %x = nabla.constant dense<[-3.0, -0.5, 0.5, 3.0, 0x7FC00000]> : tensor<5xf32>
  %0 = nabla.clip %x min = -1.0 max = 1.0 : tensor<5xf32>
  %1 = nabla.clip %x min = 0.0 : tensor<5xf32>
  %2 = nabla.clip %x max = 0.25 : tensor<5xf32>
  return %0, %1, %2 : tensor<5xf32>, tensor<5xf32>, tensor<5xf32>
}

// -----

// A clip without bounds is the identity; one with bounds is not.
// CHECK-LABEL: func.func @clip_unbounded
// CHECK: %[[C:.*]] = nabla.clip %arg0 min = 0.000000e+00 : tensor<?x3xf32>
// CHECK: return %arg0, %[[C]]
func.func @clip_unbounded(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  %0 = nabla.clip %x : tensor<?x3xf32>
  %1 = nabla.clip %x min = 0.0 : tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// -----

// Integer clip constants are left to the lowering's conversion of the bounds.
// CHECK-LABEL: func.func @clip_int_not_folded
// CHECK: %[[C:.*]] = nabla.clip %{{.*}} min = 0.000000e+00 max = 6.000000e+00 : tensor<3xi32>
// CHECK: return %[[C]]
func.func @clip_int_not_folded() -> tensor<3xi32> {
  %x = nabla.constant dense<[-1, 3, 9]> : tensor<3xi32>
  %0 = nabla.clip %x min = 0.0 max = 6.0 : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

//===----------------------------------------------------------------------===//
// Dense-constant size cap: dense constants fold up to 1024 elements, splats
// of any size
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dense_too_large
// CHECK: %[[C:.*]] = nabla.constant dense<
// CHECK: %[[N:.*]] = nabla.neg %[[C]] : tensor<32x64xi32>
// CHECK: return %[[N]]
func.func @dense_too_large() -> tensor<32x64xi32> {
  %x = nabla.constant dense<[
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
    [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]
  ]> : tensor<32x64xi32>
  %0 = nabla.neg %x : tensor<32x64xi32>
  return %0 : tensor<32x64xi32>
}

// -----

// CHECK-LABEL: func.func @large_splat
// CHECK-DAG: %[[EXP:.*]] = nabla.constant dense<1.000000e+00> : tensor<4096xf32>
// CHECK-DAG: %[[SUM:.*]] = nabla.constant dense<5> : tensor<64x64xi32>
// CHECK-NOT: nabla.exp
// CHECK-NOT: nabla.add
// CHECK: return %[[EXP]], %[[SUM]]
func.func @large_splat() -> (tensor<4096xf32>, tensor<64x64xi32>) {
  %x = nabla.constant dense<0.0> : tensor<4096xf32>
  %0 = nabla.exp %x : tensor<4096xf32>
  %a = nabla.constant dense<2> : tensor<64x64xi32>
  %b = nabla.constant dense<3> : tensor<64x64xi32>
  %1 = nabla.add %a, %b : tensor<64x64xi32>
  return %0, %1 : tensor<4096xf32>, tensor<64x64xi32>
}

// -----

//===----------------------------------------------------------------------===//
// where
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @where_splat_condition
// CHECK-NOT: nabla.where
// CHECK: return %arg0, %arg1
func.func @where_splat_condition(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %true = nabla.constant dense<true> : tensor<2x3xi1>
  %false = nabla.constant dense<false> : tensor<i1>
  %0 = nabla.where %true, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = nabla.where %false, %a, %b : (tensor<i1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @where_same_branches
// CHECK-NOT: nabla.where
// CHECK: return %arg1
func.func @where_same_branches(%c: tensor<?x3xi1>, %a: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nabla.where %c, %a, %a : (tensor<?x3xi1>, tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// The picked branch would have to be broadcast to the result shape, and a
// non-splat condition picks per element: neither folds.
// CHECK-LABEL: func.func @where_not_folded
// CHECK: %[[W0:.*]] = nabla.where %{{.*}}, %arg0, %arg1 : (tensor<2x3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: %[[W1:.*]] = nabla.where %{{.*}}, %arg0, %arg0 : (tensor<2x3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: %[[W2:.*]] = nabla.where %{{.*}}, %arg0, %arg1 : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK: return %[[W0]], %[[W1]], %[[W2]]
func.func @where_not_folded(%a: tensor<3xf32>, %b: tensor<3xf32>, %c: tensor<2x3xi1>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>) {
  %true = nabla.constant dense<true> : tensor<2x3xi1>
  %0 = nabla.where %true, %a, %b : (tensor<2x3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nabla.where %c, %a, %a : (tensor<2x3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %mixed = nabla.constant dense<[true, false, true]> : tensor<3xi1>
  %2 = nabla.where %mixed, %a, %b : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// cast
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @cast_same_type
// CHECK-NOT: nabla.cast
// CHECK: return %arg0
func.func @cast_same_type(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nabla.cast %x : tensor<?x3xf32> to f32
  return %0 : tensor<?x3xf32>
}

// -----

// cast(cast(x)) back to x's type is not x: the inner cast may round.
// CHECK-LABEL: func.func @cast_round_trip
// CHECK: %[[H:.*]] = nabla.cast %arg0 : tensor<3xf32> to f16
// CHECK: %[[F:.*]] = nabla.cast %[[H]] : tensor<3xf16> to f32
// CHECK: return %[[F]]
func.func @cast_round_trip(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nabla.cast %x : tensor<3xf32> to f16
  %1 = nabla.cast %0 : tensor<3xf16> to f32
  return %1 : tensor<3xf32>
}

// -----

// Splat constants fold when the target is a float, with one rounding.
// CHECK-LABEL: func.func @cast_splat
// CHECK-DAG: %[[SI:.*]] = nabla.constant dense<-7.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[UI:.*]] = nabla.constant dense<2.550000e+02> : tensor<4xf32>
// CHECK-DAG: %[[B:.*]] = nabla.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[H:.*]] = nabla.constant dense<9.997550e-02> : tensor<4xf16>
// CHECK-DAG: %[[D:.*]] = nabla.constant dense<1.000000e-01> : tensor<4xf32>
// CHECK: return %[[SI]], %[[UI]], %[[B]], %[[H]], %[[D]]
func.func @cast_splat() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf16>, tensor<4xf32>) {
  %i = nabla.constant dense<-7> : tensor<4xi32>
  %0 = nabla.cast %i : tensor<4xi32> to f32
  %u = nabla.constant dense<255> : tensor<4xui8>
  %1 = nabla.cast %u : tensor<4xui8> to f32
  %t = nabla.constant dense<true> : tensor<4xi1>
  %2 = nabla.cast %t : tensor<4xi1> to f32
  %f = nabla.constant dense<0.1> : tensor<4xf32>
  %3 = nabla.cast %f : tensor<4xf32> to f16
  %d = nabla.constant dense<0.1> : tensor<4xf64>
  %4 = nabla.cast %d : tensor<4xf64> to f32
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf16>, tensor<4xf32>
}

// -----

// 2^60 + 2^36 + 1 rounds to 2^60 + 2^37 in f32; through a double it would
// round twice and give 2^60.
// CHECK-LABEL: func.func @cast_splat_i64_rounds_once
// CHECK: %[[C:.*]] = nabla.constant dense<1.15292164{{[eE]}}+18> : tensor<2xf32>
// CHECK: return %[[C]]
func.func @cast_splat_i64_rounds_once() -> tensor<2xf32> {
  %i = nabla.constant dense<1152921573326323713> : tensor<2xi64>
  %0 = nabla.cast %i : tensor<2xi64> to f32
  return %0 : tensor<2xf32>
}

// -----

// Casts to integers, and of non-splat constants, are left to the lowering.
// CHECK-LABEL: func.func @cast_not_folded
// CHECK: %[[I:.*]] = nabla.cast %{{.*}} : tensor<4xf32> to i32
// CHECK: %[[F:.*]] = nabla.cast %{{.*}} : tensor<2xi32> to f32
// CHECK: return %[[I]], %[[F]]
func.func @cast_not_folded() -> (tensor<4xi32>, tensor<2xf32>) {
  %f = nabla.constant dense<2.5> : tensor<4xf32>
  %0 = nabla.cast %f : tensor<4xf32> to i32
  %i = nabla.constant dense<[1, 2]> : tensor<2xi32>
  %1 = nabla.cast %i : tensor<2xi32> to f32
  return %0, %1 : tensor<4xi32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @fold_trigonometric
// CHECK-DAG: %[[SIN:.*]] = nabla.constant dense<[-0.841470957, 0.000000e+00, 0.47942555, 1.411200e-01]> : tensor<4xf32>
// CHECK-DAG: %[[COS:.*]] = nabla.constant dense<[0.540302277, 1.000000e+00, 0.87758255, -0.989992499]> : tensor<4xf32>
// CHECK-DAG: %[[TAN:.*]] = nabla.constant dense<[-1.55740774, 0.000000e+00, 0.546302497, -0.142546549]> : tensor<4xf32>
// CHECK-DAG: %[[ASIN:.*]] = nabla.constant dense<[-1.57079637, 0.000000e+00, 0.52359879, 0x{{[7F]}}FC00000]> : tensor<4xf32>
// CHECK-DAG: %[[ACOS:.*]] = nabla.constant dense<[3.14159274, 1.57079637, 1.04719758, 0x{{[7F]}}FC00000]> : tensor<4xf32>
// CHECK-DAG: %[[ATAN:.*]] = nabla.constant dense<[-0.785398185, 0.000000e+00, 0.463647604, 1.24904573]> : tensor<4xf32>
// CHECK: return %[[SIN]], %[[COS]], %[[TAN]], %[[ASIN]], %[[ACOS]], %[[ATAN]]
func.func @fold_trigonometric() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %x = nabla.constant dense<[-1.0, 0.0, 0.5, 3.0]> : tensor<4xf32>
  %u = nabla.constant dense<[-1.0, 0.0, 0.5, 2.0]> : tensor<4xf32>
  %0 = nabla.sin %x : tensor<4xf32>
  %1 = nabla.cos %x : tensor<4xf32>
  %2 = nabla.tan %x : tensor<4xf32>
  %3 = nabla.asin %u : tensor<4xf32>
  %4 = nabla.acos %u : tensor<4xf32>
  %5 = nabla.atan %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// acosh is NaN below 1, atanh infinite at -1 and NaN beyond 1.
// CHECK-LABEL: func.func @fold_hyperbolic
// CHECK-DAG: %[[SINH:.*]] = nabla.constant dense<[-1.17520118, 0.000000e+00, 0.521095276, 10.0178747]> : tensor<4xf32>
// CHECK-DAG: %[[COSH:.*]] = nabla.constant dense<[1.54308069, 1.000000e+00, 1.12762594, 10.0676622]> : tensor<4xf32>
// CHECK-DAG: %[[ASINH:.*]] = nabla.constant dense<[-0.881373584, 0.000000e+00, 0.481211811, 1.81844652]> : tensor<4xf32>
// CHECK-DAG: %[[ACOSH:.*]] = nabla.constant dense<[0x{{[7F]}}FC00000, 0.000000e+00, 1.31695795, 2.99322295]> : tensor<4xf32>
// CHECK-DAG: %[[ATANH:.*]] = nabla.constant dense<[0xFF800000, 0.000000e+00, 0.549306154, 0x{{[7F]}}FC00000]> : tensor<4xf32>
// CHECK: return %[[SINH]], %[[COSH]], %[[ASINH]], %[[ACOSH]], %[[ATANH]]
func.func @fold_hyperbolic() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %x = nabla.constant dense<[-1.0, 0.0, 0.5, 3.0]> : tensor<4xf32>
  %c = nabla.constant dense<[0.5, 1.0, 2.0, 10.0]> : tensor<4xf32>
  %t = nabla.constant dense<[-1.0, 0.0, 0.5, 2.0]> : tensor<4xf32>
  %0 = nabla.sinh %x : tensor<4xf32>
  %1 = nabla.cosh %x : tensor<4xf32>
  %2 = nabla.asinh %x : tensor<4xf32>
  %3 = nabla.acosh %c : tensor<4xf32>
  %4 = nabla.atanh %t : tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Floored remainders take the divisor's sign, fmod ones the dividend's; a
// float zero remainder is signed like the divisor (floored) or the dividend
// (fmod). Integer remainders by 0 are 0, and INT_MIN mod -1 is 0.
// CHECK-LABEL: func.func @fold_mod
// CHECK-DAG: %[[I:.*]] = nabla.constant dense<[1, 2, -2, -1, 0, 0]> : tensor<6xi32>
// CHECK-DAG: %[[IF:.*]] = nabla.constant dense<[1, -1, 1, -1, 0, 0]> : tensor<6xi32>
// CHECK-DAG: %[[F:.*]] = nabla.constant dense<[1.500000e+00, 5.000000e-01, -5.000000e-01, 0.000000e+00, -0.000000e+00, 0x7FC00000]> : tensor<6xf32>
// CHECK-DAG: %[[FF:.*]] = nabla.constant dense<[1.500000e+00, -1.500000e+00, 1.500000e+00, -0.000000e+00, 0.000000e+00, 0x7FC00000]> : tensor<6xf32>
// CHECK-DAG: %[[U:.*]] = nabla.constant dense<[4, 0, 9]> : tensor<3xui8>
// CHECK-NOT: nabla.mod
// CHECK: return %[[I]], %[[IF]], %[[F]], %[[FF]], %[[U]]
func.func @fold_mod() -> (tensor<6xi32>, tensor<6xi32>, tensor<6xf32>, tensor<6xf32>, tensor<3xui8>) {
  %a = nabla.constant dense<[7, -7, 7, -7, 5, -2147483648]> : tensor<6xi32>
  %b = nabla.constant dense<[3, 3, -3, -3, 0, -1]> : tensor<6xi32>
  %0 = nabla.mod %a, %b : tensor<6xi32>
  %1 = nabla.mod %a, %b fmod : tensor<6xi32>
  %x = nabla.constant dense<[5.5, -5.5, 5.5, -4.0, 4.0, 1.0]> : tensor<6xf32>
  %y = nabla.constant dense<[2.0, 2.0, -2.0, 2.0, -2.0, 0.0]> : tensor<6xf32>
  %2 = nabla.mod %x, %y : tensor<6xf32>
  %3 = nabla.mod %x, %y fmod : tensor<6xf32>
  %u = nabla.constant dense<[200, 7, 9]> : tensor<3xui8>
  %v = nabla.constant dense<[7, 0, 255]> : tensor<3xui8>
  %4 = nabla.mod %u, %v : tensor<3xui8>
  return %0, %1, %2, %3, %4 : tensor<6xi32>, tensor<6xi32>, tensor<6xf32>, tensor<6xf32>, tensor<3xui8>
}

// -----

// Integer powers are exact and wrap (3^39 needs all 63 bits; 3^5 wraps in
// i8); negative exponents give 1 / x^n truncated.
// CHECK-LABEL: func.func @fold_pow_integer
// CHECK-DAG: %[[I64:.*]] = nabla.constant dense<[4052555153018976267, -32, 1, -1, 1, 0]> : tensor<6xi64>
// CHECK-DAG: %[[I8:.*]] = nabla.constant dense<[-13, 13, 0]> : tensor<3xi8>
// CHECK-DAG: %[[U8:.*]] = nabla.constant dense<[161, 128]> : tensor<2xui8>
// CHECK-NOT: nabla.pow
// CHECK: return %[[I64]], %[[I8]], %[[U8]]
func.func @fold_pow_integer() -> (tensor<6xi64>, tensor<3xi8>, tensor<2xui8>) {
  %a = nabla.constant dense<[3, -2, 1, -1, -1, 5]> : tensor<6xi64>
  %b = nabla.constant dense<[39, 5, -7, -3, -4, -1]> : tensor<6xi64>
  %0 = nabla.pow %a, %b : tensor<6xi64>
  %c = nabla.constant dense<[3, -3, 2]> : tensor<3xi8>
  %d = nabla.constant dense<[5, 5, 8]> : tensor<3xi8>
  %1 = nabla.pow %c, %d : tensor<3xi8>
  %e = nabla.constant dense<[3, 2]> : tensor<2xui8>
  %f = nabla.constant dense<[200, 7]> : tensor<2xui8>
  %2 = nabla.pow %e, %f : tensor<2xui8>
  return %0, %1, %2 : tensor<6xi64>, tensor<3xi8>, tensor<2xui8>
}

// -----

// Zero to a negative power is undefined and left to run time.
// CHECK-LABEL: func.func @pow_zero_negative
// CHECK: %[[P:.*]] = nabla.pow
// CHECK: return %[[P]]
func.func @pow_zero_negative() -> tensor<2xi32> {
  %a = nabla.constant dense<[0, 2]> : tensor<2xi32>
  %b = nabla.constant dense<[-1, 3]> : tensor<2xi32>
  %0 = nabla.pow %a, %b : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Float pow folds with C's semantics: negative bases to integral exponents,
// x^0 = 1 (NaN too), NaN for a negative base to a non-integral exponent.
// CHECK-LABEL: func.func @fold_pow_special
// CHECK: %[[P:.*]] = nabla.constant dense<[-8.000000e+00, 4.000000e+00, 0x{{[7F]}}FC00000, 1.000000e+00, 1.000000e+00, 0xFF800000]> : tensor<6xf32>
// CHECK: return %[[P]]
func.func @fold_pow_special() -> tensor<6xf32> {
  %a = nabla.constant dense<[-2.0, -2.0, -2.0, 0.0, 0x7FC00000, -0.0]> : tensor<6xf32>
  %b = nabla.constant dense<[3.0, 2.0, 0.5, 0.0, 0.0, -1.0]> : tensor<6xf32>
  %0 = nabla.pow %a, %b : tensor<6xf32>
  return %0 : tensor<6xf32>
}
