// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -split-input-file -verify-diagnostics -convert-nabla-to-linalg -one-shot-bufferize="bufferize-function-boundaries" | FileCheck %s --check-prefix=BUFFER

// CHECK-LABEL: func.func @constant_f32
// CHECK-SAME: -> tensor<2x2xf32>
// BUFFER-LABEL: func.func @constant_f32
// BUFFER: memref.get_global
func.func @constant_f32() -> tensor<2x2xf32> {
  // CHECK: %[[C:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  // CHECK: return %[[C]]
  %c = nabla.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  return %c : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @constant_splat_i64
func.func @constant_splat_i64() -> tensor<3xi64> {
  // CHECK: arith.constant dense<7> : tensor<3xi64>
  %c = nabla.constant dense<7> : tensor<3xi64>
  return %c : tensor<3xi64>
}

// -----

// Unsigned constants keep their bits under the signless type.
// CHECK-LABEL: func.func @constant_ui8
// CHECK-SAME: -> tensor<3xi8>
func.func @constant_ui8() -> tensor<3xui8> {
  // CHECK: %[[C:.*]] = arith.constant dense<[-1, 1, -128]> : tensor<3xi8>
  // CHECK: return %[[C]] : tensor<3xi8>
  %c = nabla.constant dense<[255, 1, 128]> : tensor<3xui8>
  return %c : tensor<3xui8>
}

// -----

// CHECK-LABEL: func.func @constant_bool
func.func @constant_bool() -> tensor<2xi1> {
  // CHECK: arith.constant dense<[true, false]> : tensor<2xi1>
  %c = nabla.constant dense<[true, false]> : tensor<2xi1>
  return %c : tensor<2xi1>
}

// -----

// CHECK-LABEL: func.func @constant_sparse_ui8
func.func @constant_sparse_ui8() -> tensor<2x2xui8> {
  // CHECK: arith.constant sparse<{{\[\[}}0, 1]], -56> : tensor<2x2xi8>
  %c = nabla.constant sparse<[[0, 1]], [200]> : tensor<2x2xui8>
  return %c : tensor<2x2xui8>
}

// -----

// Resource-backed constants keep their blob; an unsigned one is retyped.
// CHECK-LABEL: func.func @constant_resource_ui16
func.func @constant_resource_ui16() -> tensor<2xui16> {
  // CHECK: arith.constant dense_resource<weights> : tensor<2xi16>
  %c = nabla.constant dense_resource<weights> : tensor<2xui16>
  return %c : tensor<2xui16>
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x020000000100FFFF"
    }
  }
#-}

// -----

// Trainable parameters are mutable globals, state is immutable; both keep
// their names and are read by global_load.
// CHECK: ml_program.global private mutable @fc.weight(dense<{{\[\[}}1.000000e+00, 2.000000e+00]]> : tensor<1x2xf32>) : tensor<1x2xf32>
// CHECK: ml_program.global private @bn.running_mean(dense<0.000000e+00> : tensor<2xf32>) : tensor<2xf32>
// CHECK: ml_program.global private @steps(dense<[-1, 3]> : tensor<2xi8>) : tensor<2xi8>
// BUFFER: memref.global "private" @fc.weight : memref<1x2xf32>
// BUFFER: memref.global "private" constant @bn.running_mean : memref<2xf32>
// BUFFER: memref.global "private" constant @steps : memref<2xi8>
nabla.parameter @fc.weight trainable : tensor<1x2xf32> = dense<[[1.0, 2.0]]>
nabla.parameter @bn.running_mean : tensor<2xf32> = dense<0.0>
nabla.parameter @steps : tensor<2xui8> = dense<[255, 3]>

// CHECK-LABEL: func.func @parameters
// CHECK-SAME: -> (tensor<1x2xf32>, tensor<2xf32>, tensor<2xi8>)
// BUFFER-LABEL: func.func @parameters
func.func @parameters() -> (tensor<1x2xf32>, tensor<2xf32>, tensor<2xui8>) {
  // CHECK: %[[W:.*]] = ml_program.global_load @fc.weight : tensor<1x2xf32>
  // CHECK: %[[M:.*]] = ml_program.global_load @bn.running_mean : tensor<2xf32>
  // CHECK: %[[S:.*]] = ml_program.global_load @steps : tensor<2xi8>
  // CHECK: return %[[W]], %[[M]], %[[S]]
  // BUFFER: memref.get_global @fc.weight
  // BUFFER: memref.get_global @bn.running_mean
  // BUFFER: memref.get_global @steps
  %w = nabla.get_parameter @fc.weight : tensor<1x2xf32>
  %m = nabla.get_parameter @bn.running_mean : tensor<2xf32>
  %s = nabla.get_parameter @steps : tensor<2xui8>
  return %w, %m, %s : tensor<1x2xf32>, tensor<2xf32>, tensor<2xui8>
}

// -----

// A parameter supplied at load time is an extern global. Bufferization has no
// storage for it (upstream memref.global needs a value), which the second RUN
// line pins down.
// CHECK: #[[EXTERN:.*]] = #ml_program.extern : tensor<3xf32>
// CHECK: ml_program.global private @external(#[[EXTERN]]) : tensor<3xf32>
// expected-error @+1 {{'memref.global' op initial value should be a unit or elements attribute}}
nabla.parameter @external : tensor<3xf32>

// CHECK-LABEL: func.func @external_parameter
func.func @external_parameter() -> tensor<3xf32> {
  // CHECK: ml_program.global_load @external : tensor<3xf32>
  %e = nabla.get_parameter @external : tensor<3xf32>
  return %e : tensor<3xf32>
}
