// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// Every elementwise op round-trips; the verifier checks that each written
// result type is the inferred one, so these cases also test shape inference.

//===----------------------------------------------------------------------===//
// Binary arithmetic: compact types, broadcasting, dynamic and rank-0 shapes
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add_same_type
func.func @add_same_type(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: nabla.add %arg0, %arg1 : tensor<2x3xf32>{{$}}
  %0 = nabla.add %a, %b : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// The function-type spelling is printed compactly when all types agree.
// CHECK-LABEL: func.func @add_function_type_all_equal
func.func @add_function_type_all_equal(%a: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: nabla.add %arg0, %arg0 : tensor<4xf32>{{$}}
  %0 = nabla.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @add_broadcast
func.func @add_broadcast(%a: tensor<2x1x3xf32>, %b: tensor<4x1xf32>) -> tensor<2x4x3xf32> {
  // CHECK: nabla.add %arg0, %arg1 : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
  %0 = nabla.add %a, %b : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// CHECK-LABEL: func.func @add_dynamic_batch
func.func @add_dynamic_batch(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.add %arg0, %arg1 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %0 = nabla.add %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// A static size other than 1 fixes a dynamic dimension; 1 broadcasts to it.
// CHECK-LABEL: func.func @add_dynamic_fixed_by_static
func.func @add_dynamic_fixed_by_static(%a: tensor<?x1xf32>, %b: tensor<5x4xf32>) -> tensor<5x4xf32> {
  // CHECK: nabla.add %arg0, %arg1 : (tensor<?x1xf32>, tensor<5x4xf32>) -> tensor<5x4xf32>
  %0 = nabla.add %a, %b : (tensor<?x1xf32>, tensor<5x4xf32>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// CHECK-LABEL: func.func @add_dynamic_both
func.func @add_dynamic_both(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> tensor<?x?xf32> {
  // CHECK: nabla.add %arg0, %arg1 : (tensor<?x1xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  %0 = nabla.add %a, %b : (tensor<?x1xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func.func @add_rank0
func.func @add_rank0(%a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  // CHECK: nabla.add %arg0, %arg1 : tensor<f32>{{$}}
  %0 = nabla.add %a, %b : tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @add_rank0_broadcast
func.func @add_rank0_broadcast(%a: tensor<f32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: nabla.add %arg0, %arg1 : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = nabla.add %a, %b : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @add_i64
func.func @add_i64(%a: tensor<?x4xi64>, %b: tensor<1x4xi64>) -> tensor<?x4xi64> {
  // CHECK: nabla.add %arg0, %arg1 : (tensor<?x4xi64>, tensor<1x4xi64>) -> tensor<?x4xi64>
  %0 = nabla.add %a, %b : (tensor<?x4xi64>, tensor<1x4xi64>) -> tensor<?x4xi64>
  return %0 : tensor<?x4xi64>
}

// CHECK-LABEL: func.func @sub
func.func @sub(%a: tensor<?x3xf16>, %b: tensor<3xf16>) -> tensor<?x3xf16> {
  // CHECK: nabla.sub %arg0, %arg1 : (tensor<?x3xf16>, tensor<3xf16>) -> tensor<?x3xf16>
  %0 = nabla.sub %a, %b : (tensor<?x3xf16>, tensor<3xf16>) -> tensor<?x3xf16>
  return %0 : tensor<?x3xf16>
}

// CHECK-LABEL: func.func @sub_i8
func.func @sub_i8(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // CHECK: nabla.sub %arg0, %arg1 : tensor<4xi8>{{$}}
  %0 = nabla.sub %a, %b : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// CHECK-LABEL: func.func @mul
func.func @mul(%a: tensor<?x8xbf16>, %b: tensor<bf16>) -> tensor<?x8xbf16> {
  // CHECK: nabla.mul %arg0, %arg1 : (tensor<?x8xbf16>, tensor<bf16>) -> tensor<?x8xbf16>
  %0 = nabla.mul %a, %b : (tensor<?x8xbf16>, tensor<bf16>) -> tensor<?x8xbf16>
  return %0 : tensor<?x8xbf16>
}

// CHECK-LABEL: func.func @mul_ui16
func.func @mul_ui16(%a: tensor<2x3xui16>, %b: tensor<2x1xui16>) -> tensor<2x3xui16> {
  // CHECK: nabla.mul %arg0, %arg1 : (tensor<2x3xui16>, tensor<2x1xui16>) -> tensor<2x3xui16>
  %0 = nabla.mul %a, %b : (tensor<2x3xui16>, tensor<2x1xui16>) -> tensor<2x3xui16>
  return %0 : tensor<2x3xui16>
}

// CHECK-LABEL: func.func @div
func.func @div(%a: tensor<?x3xf64>, %b: tensor<?x3xf64>) -> tensor<?x3xf64> {
  // CHECK: nabla.div %arg0, %arg1 : tensor<?x3xf64>{{$}}
  %0 = nabla.div %a, %b : tensor<?x3xf64>
  return %0 : tensor<?x3xf64>
}

// CHECK-LABEL: func.func @div_i32
func.func @div_i32(%a: tensor<4xi32>, %b: tensor<i32>) -> tensor<4xi32> {
  // CHECK: nabla.div %arg0, %arg1 : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %0 = nabla.div %a, %b : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @pow
func.func @pow(%a: tensor<?x3xf32>, %b: tensor<f32>) -> tensor<?x3xf32> {
  // CHECK: nabla.pow %arg0, %arg1 : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  %0 = nabla.pow %a, %b : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @pow_integer
func.func @pow_integer(%a: tensor<4xi64>, %b: tensor<i64>, %u: tensor<2x3xui8>) -> (tensor<4xi64>, tensor<2x3xui8>) {
  // CHECK: nabla.pow %arg0, %arg1 : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %0 = nabla.pow %a, %b : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  // CHECK: nabla.pow %arg2, %arg2 : tensor<2x3xui8>{{$}}
  %1 = nabla.pow %u, %u : tensor<2x3xui8>
  return %0, %1 : tensor<4xi64>, tensor<2x3xui8>
}

// `fmod` prints only when set.
// CHECK-LABEL: func.func @mod
func.func @mod(%a: tensor<?x3xi32>, %b: tensor<3xi32>, %x: tensor<4xf32>, %y: tensor<f32>, %u: tensor<4xui16>) -> (tensor<?x3xi32>, tensor<?x3xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xui16>) {
  // CHECK: nabla.mod %arg0, %arg1 : (tensor<?x3xi32>, tensor<3xi32>) -> tensor<?x3xi32>
  %0 = nabla.mod %a, %b : (tensor<?x3xi32>, tensor<3xi32>) -> tensor<?x3xi32>
  // CHECK: nabla.mod %arg0, %arg1 fmod : (tensor<?x3xi32>, tensor<3xi32>) -> tensor<?x3xi32>
  %1 = nabla.mod %a, %b fmod : (tensor<?x3xi32>, tensor<3xi32>) -> tensor<?x3xi32>
  // CHECK: nabla.mod %arg2, %arg3 fmod : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = nabla.mod %x, %y fmod : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: nabla.mod %arg2, %arg3 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %3 = nabla.mod %x, %y : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: nabla.mod %arg4, %arg4 : tensor<4xui16>{{$}}
  %4 = nabla.mod %u, %u : tensor<4xui16>
  return %0, %1, %2, %3, %4 : tensor<?x3xi32>, tensor<?x3xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xui16>
}

// CHECK-LABEL: func.func @max
func.func @max(%a: tensor<?x3xf32>, %b: tensor<2x1x3xf32>) -> tensor<2x?x3xf32> {
  // CHECK: nabla.max %arg0, %arg1 : (tensor<?x3xf32>, tensor<2x1x3xf32>) -> tensor<2x?x3xf32>
  %0 = nabla.max %a, %b : (tensor<?x3xf32>, tensor<2x1x3xf32>) -> tensor<2x?x3xf32>
  return %0 : tensor<2x?x3xf32>
}

// CHECK-LABEL: func.func @max_ui8
func.func @max_ui8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  // CHECK: nabla.max %arg0, %arg1 : tensor<4xui8>{{$}}
  %0 = nabla.max %a, %b : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// CHECK-LABEL: func.func @min
func.func @min(%a: tensor<?x3xi16>, %b: tensor<3xi16>) -> tensor<?x3xi16> {
  // CHECK: nabla.min %arg0, %arg1 : (tensor<?x3xi16>, tensor<3xi16>) -> tensor<?x3xi16>
  %0 = nabla.min %a, %b : (tensor<?x3xi16>, tensor<3xi16>) -> tensor<?x3xi16>
  return %0 : tensor<?x3xi16>
}

//===----------------------------------------------------------------------===//
// Unary math
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @neg
func.func @neg(%x: tensor<?x3xf32>, %i: tensor<4xi32>) -> (tensor<?x3xf32>, tensor<4xi32>) {
  // CHECK: nabla.neg %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.neg %x : tensor<?x3xf32>
  // CHECK: nabla.neg %arg1 : tensor<4xi32>{{$}}
  %1 = nabla.neg %i : tensor<4xi32>
  return %0, %1 : tensor<?x3xf32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @abs
func.func @abs(%x: tensor<?x3xf32>, %i: tensor<i8>) -> (tensor<?x3xf32>, tensor<i8>) {
  // CHECK: nabla.abs %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.abs %x : tensor<?x3xf32>
  // CHECK: nabla.abs %arg1 : tensor<i8>{{$}}
  %1 = nabla.abs %i : tensor<i8>
  return %0, %1 : tensor<?x3xf32>, tensor<i8>
}

// CHECK-LABEL: func.func @sign
func.func @sign(%x: tensor<?x3xf32>, %i: tensor<?xi64>) -> (tensor<?x3xf32>, tensor<?xi64>) {
  // CHECK: nabla.sign %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.sign %x : tensor<?x3xf32>
  // CHECK: nabla.sign %arg1 : tensor<?xi64>{{$}}
  %1 = nabla.sign %i : tensor<?xi64>
  return %0, %1 : tensor<?x3xf32>, tensor<?xi64>
}

// CHECK-LABEL: func.func @exp
func.func @exp(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.exp %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.exp %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @log
func.func @log(%x: tensor<?x3xf64>) -> tensor<?x3xf64> {
  // CHECK: nabla.log %arg0 : tensor<?x3xf64>{{$}}
  %0 = nabla.log %x : tensor<?x3xf64>
  return %0 : tensor<?x3xf64>
}

// CHECK-LABEL: func.func @sqrt
func.func @sqrt(%x: tensor<?x3xf16>) -> tensor<?x3xf16> {
  // CHECK: nabla.sqrt %arg0 : tensor<?x3xf16>{{$}}
  %0 = nabla.sqrt %x : tensor<?x3xf16>
  return %0 : tensor<?x3xf16>
}

// CHECK-LABEL: func.func @rsqrt
func.func @rsqrt(%x: tensor<?x3xbf16>) -> tensor<?x3xbf16> {
  // CHECK: nabla.rsqrt %arg0 : tensor<?x3xbf16>{{$}}
  %0 = nabla.rsqrt %x : tensor<?x3xbf16>
  return %0 : tensor<?x3xbf16>
}

// CHECK-LABEL: func.func @reciprocal
func.func @reciprocal(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.reciprocal %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.reciprocal %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @erf
func.func @erf(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.erf %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.erf %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @floor
func.func @floor(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.floor %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.floor %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @ceil
func.func @ceil(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.ceil %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.ceil %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @round
func.func @round(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.round %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.round %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

//===----------------------------------------------------------------------===//
// Trigonometric and hyperbolic functions
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @trigonometric
func.func @trigonometric(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: nabla.sin %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.sin %x : tensor<?x3xf32>
  // CHECK: nabla.cos %arg0 : tensor<?x3xf32>{{$}}
  %1 = nabla.cos %x : tensor<?x3xf32>
  // CHECK: nabla.tan %arg0 : tensor<?x3xf32>{{$}}
  %2 = nabla.tan %x : tensor<?x3xf32>
  // CHECK: nabla.asin %arg0 : tensor<?x3xf32>{{$}}
  %3 = nabla.asin %x : tensor<?x3xf32>
  // CHECK: nabla.acos %arg0 : tensor<?x3xf32>{{$}}
  %4 = nabla.acos %x : tensor<?x3xf32>
  // CHECK: nabla.atan %arg0 : tensor<?x3xf32>{{$}}
  %5 = nabla.atan %x : tensor<?x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @hyperbolic
func.func @hyperbolic(%x: tensor<2xf64>, %h: tensor<f16>, %b: tensor<4xbf16>) -> (tensor<2xf64>, tensor<2xf64>, tensor<f16>, tensor<f16>, tensor<4xbf16>) {
  // CHECK: nabla.sinh %arg0 : tensor<2xf64>{{$}}
  %0 = nabla.sinh %x : tensor<2xf64>
  // CHECK: nabla.cosh %arg0 : tensor<2xf64>{{$}}
  %1 = nabla.cosh %x : tensor<2xf64>
  // CHECK: nabla.asinh %arg1 : tensor<f16>{{$}}
  %2 = nabla.asinh %h : tensor<f16>
  // CHECK: nabla.acosh %arg1 : tensor<f16>{{$}}
  %3 = nabla.acosh %h : tensor<f16>
  // CHECK: nabla.atanh %arg2 : tensor<4xbf16>{{$}}
  %4 = nabla.atanh %b : tensor<4xbf16>
  return %0, %1, %2, %3, %4 : tensor<2xf64>, tensor<2xf64>, tensor<f16>, tensor<f16>, tensor<4xbf16>
}

//===----------------------------------------------------------------------===//
// Activations: attributes print only when they differ from the default
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @tanh
func.func @tanh(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.tanh %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.tanh %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @sigmoid
func.func @sigmoid(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.sigmoid %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.sigmoid %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @relu
func.func @relu(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.relu %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.relu %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @leaky_relu
func.func @leaky_relu(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: nabla.leaky_relu %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.leaky_relu %x : tensor<?x3xf32>
  // The default written out is elided.
  // CHECK: nabla.leaky_relu %arg0 : tensor<?x3xf32>{{$}}
  %1 = nabla.leaky_relu %x alpha = 0.01 : tensor<?x3xf32>
  // CHECK: nabla.leaky_relu %arg0 alpha = 2.000000e-01 : tensor<?x3xf32>{{$}}
  %2 = nabla.leaky_relu %x alpha = 0.2 : tensor<?x3xf32>
  return %0, %1, %2 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @elu
func.func @elu(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: nabla.elu %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.elu %x : tensor<?x3xf32>
  // CHECK: nabla.elu %arg0 alpha = 5.000000e-01 : tensor<?x3xf32>{{$}}
  %1 = nabla.elu %x alpha = 0.5 : tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @selu
func.func @selu(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: nabla.selu %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.selu %x : tensor<?x3xf32>
  // CHECK: nabla.selu %arg0 alpha = 2.000000e+00 : tensor<?x3xf32>{{$}}
  %1 = nabla.selu %x alpha = 2.0 : tensor<?x3xf32>
  // CHECK: nabla.selu %arg0 gamma = 1.500000e+00 : tensor<?x3xf32>{{$}}
  %2 = nabla.selu %x gamma = 1.5 : tensor<?x3xf32>
  // CHECK: nabla.selu %arg0 alpha = 2.000000e+00 gamma = 1.500000e+00 : tensor<?x3xf32>{{$}}
  %3 = nabla.selu %x alpha = 2.0 gamma = 1.5 : tensor<?x3xf32>
  return %0, %1, %2, %3 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @gelu
func.func @gelu(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: nabla.gelu %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.gelu %x : tensor<?x3xf32>
  // CHECK: nabla.gelu %arg0 : tensor<?x3xf32>{{$}}
  %1 = nabla.gelu %x approximate = none : tensor<?x3xf32>
  // CHECK: nabla.gelu %arg0 approximate = tanh : tensor<?x3xf32>{{$}}
  %2 = nabla.gelu %x approximate = tanh : tensor<?x3xf32>
  return %0, %1, %2 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @softplus
func.func @softplus(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.softplus %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.softplus %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @hard_sigmoid
func.func @hard_sigmoid(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: nabla.hard_sigmoid %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.hard_sigmoid %x : tensor<?x3xf32>
  // CHECK: nabla.hard_sigmoid %arg0 alpha = 1.250000e-01 beta = 2.500000e-01 : tensor<?x3xf32>{{$}}
  %1 = nabla.hard_sigmoid %x alpha = 0.125 beta = 0.25 : tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @clip
func.func @clip(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  // CHECK: nabla.clip %arg0 : tensor<?x3xf32>{{$}}
  %0 = nabla.clip %x : tensor<?x3xf32>
  // CHECK: nabla.clip %arg0 min = 0.000000e+00 : tensor<?x3xf32>{{$}}
  %1 = nabla.clip %x min = 0.0 : tensor<?x3xf32>
  // CHECK: nabla.clip %arg0 max = 6.000000e+00 : tensor<?x3xf32>{{$}}
  %2 = nabla.clip %x max = 6.0 : tensor<?x3xf32>
  // CHECK: nabla.clip %arg0 min = -1.000000e+00 max = 1.000000e+00 : tensor<?x3xf32>{{$}}
  %3 = nabla.clip %x min = -1.0 max = 1.0 : tensor<?x3xf32>
  return %0, %1, %2, %3 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// Equal bounds are allowed.
// CHECK-LABEL: func.func @clip_i32
func.func @clip_i32(%x: tensor<?xi32>) -> tensor<?xi32> {
  // CHECK: nabla.clip %arg0 min = 3.000000e+00 max = 3.000000e+00 : tensor<?xi32>{{$}}
  %0 = nabla.clip %x min = 3.0 max = 3.0 : tensor<?xi32>
  return %0 : tensor<?xi32>
}

//===----------------------------------------------------------------------===//
// Comparison, logic, select, cast
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @compare
func.func @compare(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> (tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>) {
  // CHECK: nabla.compare eq, %arg0, %arg1 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %0 = nabla.compare eq, %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  // CHECK: nabla.compare ne, %arg0, %arg1 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %1 = nabla.compare ne, %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  // CHECK: nabla.compare lt, %arg0, %arg1 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %2 = nabla.compare lt, %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  // CHECK: nabla.compare le, %arg0, %arg1 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %3 = nabla.compare le, %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  // CHECK: nabla.compare gt, %arg0, %arg1 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %4 = nabla.compare gt, %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  // CHECK: nabla.compare ge, %arg0, %arg1 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %5 = nabla.compare ge, %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>
}

// CHECK-LABEL: func.func @compare_i32_rank0
func.func @compare_i32_rank0(%a: tensor<i32>, %b: tensor<i32>) -> tensor<i1> {
  // CHECK: nabla.compare lt, %arg0, %arg1 : (tensor<i32>, tensor<i32>) -> tensor<i1>
  %0 = nabla.compare lt, %a, %b : (tensor<i32>, tensor<i32>) -> tensor<i1>
  return %0 : tensor<i1>
}

// CHECK-LABEL: func.func @logical_and
func.func @logical_and(%a: tensor<?x3xi1>, %b: tensor<3xi1>) -> tensor<?x3xi1> {
  // CHECK: nabla.logical_and %arg0, %arg1 : (tensor<?x3xi1>, tensor<3xi1>) -> tensor<?x3xi1>
  %0 = nabla.logical_and %a, %b : (tensor<?x3xi1>, tensor<3xi1>) -> tensor<?x3xi1>
  return %0 : tensor<?x3xi1>
}

// CHECK-LABEL: func.func @logical_or
func.func @logical_or(%a: tensor<?x3xi1>, %b: tensor<?x3xi1>) -> tensor<?x3xi1> {
  // CHECK: nabla.logical_or %arg0, %arg1 : tensor<?x3xi1>{{$}}
  %0 = nabla.logical_or %a, %b : tensor<?x3xi1>
  return %0 : tensor<?x3xi1>
}

// CHECK-LABEL: func.func @logical_xor
func.func @logical_xor(%a: tensor<?x3xi1>, %b: tensor<i1>) -> tensor<?x3xi1> {
  // CHECK: nabla.logical_xor %arg0, %arg1 : (tensor<?x3xi1>, tensor<i1>) -> tensor<?x3xi1>
  %0 = nabla.logical_xor %a, %b : (tensor<?x3xi1>, tensor<i1>) -> tensor<?x3xi1>
  return %0 : tensor<?x3xi1>
}

// CHECK-LABEL: func.func @logical_not
func.func @logical_not(%a: tensor<?x3xi1>) -> tensor<?x3xi1> {
  // CHECK: nabla.logical_not %arg0 : tensor<?x3xi1>{{$}}
  %0 = nabla.logical_not %a : tensor<?x3xi1>
  return %0 : tensor<?x3xi1>
}

// CHECK-LABEL: func.func @where
func.func @where(%c: tensor<?x3xi1>, %a: tensor<3xf32>, %b: tensor<f32>) -> tensor<?x3xf32> {
  // CHECK: nabla.where %arg0, %arg1, %arg2 : (tensor<?x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<?x3xf32>
  %0 = nabla.where %c, %a, %b : (tensor<?x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// The condition broadcasts too: it alone can set the result shape.
// CHECK-LABEL: func.func @where_condition_broadcast
func.func @where_condition_broadcast(%c: tensor<2x1xi1>, %a: tensor<3xi64>, %b: tensor<3xi64>) -> tensor<2x3xi64> {
  // CHECK: nabla.where %arg0, %arg1, %arg2 : (tensor<2x1xi1>, tensor<3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  %0 = nabla.where %c, %a, %b : (tensor<2x1xi1>, tensor<3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// CHECK-LABEL: func.func @where_bool
func.func @where_bool(%c: tensor<4xi1>, %a: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: nabla.where %arg0, %arg1, %arg0 : tensor<4xi1>{{$}}
  %0 = nabla.where %c, %a, %c : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @cast
func.func @cast(%x: tensor<?x3xf32>, %i: tensor<4xi1>, %u: tensor<ui8>) -> (tensor<?x3xi64>, tensor<?x3xf16>, tensor<?x3xi1>, tensor<4xf32>, tensor<ui8>, tensor<f64>) {
  // CHECK: nabla.cast %arg0 : tensor<?x3xf32> to i64{{$}}
  %0 = nabla.cast %x : tensor<?x3xf32> to i64
  // CHECK: nabla.cast %arg0 : tensor<?x3xf32> to f16{{$}}
  %1 = nabla.cast %x : tensor<?x3xf32> to f16
  // CHECK: nabla.cast %arg0 : tensor<?x3xf32> to i1{{$}}
  %2 = nabla.cast %x : tensor<?x3xf32> to i1
  // CHECK: nabla.cast %arg1 : tensor<4xi1> to f32{{$}}
  %3 = nabla.cast %i : tensor<4xi1> to f32
  // CHECK: nabla.cast %arg2 : tensor<ui8> to ui8{{$}}
  %4 = nabla.cast %u : tensor<ui8> to ui8
  // CHECK: nabla.cast %arg2 : tensor<ui8> to f64{{$}}
  %5 = nabla.cast %u : tensor<ui8> to f64
  return %0, %1, %2, %3, %4, %5 : tensor<?x3xi64>, tensor<?x3xf16>, tensor<?x3xi1>, tensor<4xf32>, tensor<ui8>, tensor<f64>
}

// The cast's result type is inferred: the function type pins it down.
// CHECK-LABEL: func.func @cast_result_type
// CHECK-SAME: -> tensor<?x3xbf16>
func.func @cast_result_type(%x: tensor<?x3xi32>) -> tensor<?x3xbf16> {
  // CHECK: nabla.cast %arg0 : tensor<?x3xi32> to bf16{{$}}
  %0 = nabla.cast %x : tensor<?x3xi32> to bf16
  return %0 : tensor<?x3xbf16>
}
