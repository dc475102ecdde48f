// RUN: %nabla_opt %s -split-input-file -nabla-bufferize-model -canonicalize -verify-diagnostics | FileCheck %s

// A kernel takes its inputs and then one out-param per result, and computes
// its result in place. The model gives each intermediate result a buffer,
// lets the last kernel write into its own out-param, and makes the weight
// a global.
// CHECK-LABEL: func.func private @k_exp
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK-SAME: attributes {nabla.kernel}
// CHECK: linalg.exp ins(%[[X]] : memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @k_add
// CHECK-SAME: (%[[A:.*]]: memref<4xf32>, %[[B:.*]]: memref<4xf32>, %[[C:.*]]: memref<4xf32>)
// CHECK: linalg.add ins(%[[A]], %[[B]] : {{.*}}) outs(%[[C]] : memref<4xf32>)
// CHECK-LABEL: func.func @model
// CHECK-SAME: (%[[IN:.*]]: memref<4xf32> {nabla.name = "x"}, %[[Y:.*]]: memref<4xf32> {nabla.name = "y"})
// CHECK-DAG: %[[W:.*]] = memref.get_global @{{.*}} : memref<4xf32>
// CHECK-DAG: %[[T:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
// CHECK: call @k_exp(%[[IN]], %[[T]])
// CHECK: call @k_add(%[[T]], %[[W]], %[[Y]])
// CHECK-NEXT: return
func.func private @k_exp(%x: tensor<4xf32>) -> tensor<4xf32> attributes {nabla.kernel} {
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func private @k_add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {nabla.kernel} {
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.add ins(%a, %b : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @model(%x: tensor<4xf32> {nabla.name = "x"}) -> (tensor<4xf32> {nabla.name = "y"}) {
  %w = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %t = call @k_exp(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %y = call @k_add(%t, %w) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// What no kernel writes into an out-param is copied there: an input, a
// weight, a result returned twice.
// CHECK-LABEL: func.func @passthrough
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[O0:.*]]: memref<4xf32>, %[[O1:.*]]: memref<4xf32>, %[[O2:.*]]: memref<4xf32>, %[[O3:.*]]: memref<4xf32>)
// CHECK: %[[W:.*]] = memref.get_global
// CHECK: call @k(%[[X]], %[[O0]])
// CHECK-DAG: memref.copy %[[O0]], %[[O1]]
// CHECK-DAG: memref.copy %[[X]], %[[O2]]
// CHECK-DAG: memref.copy %[[W]], %[[O3]]
func.func private @k(%x: tensor<4xf32>) -> tensor<4xf32> attributes {nabla.kernel} {
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @passthrough(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %w = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = call @k(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y, %y, %x, %w : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A kernel without results (a check) is called with its inputs only.
// CHECK-LABEL: func.func private @check
// CHECK-SAME: (%{{.*}}: memref<4xi64>)
// CHECK-LABEL: func.func @checked
// CHECK-SAME: (%[[X:.*]]: memref<4xi64>, %[[Y:.*]]: memref<4xi64>)
// CHECK-NEXT: call @check(%[[X]]) : (memref<4xi64>) -> ()
// CHECK-NEXT: memref.copy %[[X]], %[[Y]]
func.func private @check(%x: tensor<4xi64>) attributes {nabla.kernel} {
  return
}
func.func @checked(%x: tensor<4xi64>) -> tensor<4xi64> {
  call @check(%x) : (tensor<4xi64>) -> ()
  return %x : tensor<4xi64>
}

// -----

// A model function holds only kernel calls and constants.
func.func @not_formed(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{a model function holds only kernel calls and constants here (run nabla-form-kernels first)}}
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.exp ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
