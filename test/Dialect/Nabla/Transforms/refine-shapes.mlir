// RUN: nabla-opt %s -split-input-file -nabla-refine-shapes="arg-shapes=input=4x3" | FileCheck %s
// RUN: nabla-opt %s -split-input-file -nabla-refine-shapes="arg-shapes=0=4x3" | FileCheck %s

// Pinning the dynamic batch of the argument refines every op after it and
// the function's result type.
// CHECK-LABEL: func.func @mlp
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32> {nabla.name = "input"}, %[[B:.*]]: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<4x3xi1>)
func.func @mlp(%x: tensor<?x3xf32> {nabla.name = "input"}, %b: tensor<3xf32>) -> (tensor<?x3xf32>, tensor<?x3xi1>) {
  // CHECK: nabla.add %[[X]], %[[B]] : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %0 = nabla.add %x, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK: nabla.relu %{{.*}} : tensor<4x3xf32>
  %1 = nabla.relu %0 : tensor<?x3xf32>
  // CHECK: nabla.compare gt, %{{.*}}, %[[B]] : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xi1>
  %2 = nabla.compare gt, %1, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  // CHECK: return %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<4x3xi1>
  return %1, %2 : tensor<?x3xf32>, tensor<?x3xi1>
}
