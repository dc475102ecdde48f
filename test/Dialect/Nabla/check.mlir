// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// The default axis (0) is elided when printed.
// CHECK-LABEL: func.func @check_gather_indices
func.func @check_gather_indices(%ids: tensor<?x16xi64>) {
  // CHECK: nabla.check_index %arg0 sizes = [1000] allow_negative site = "nabla.gather" : tensor<?x16xi64>
  nabla.check_index %ids sizes = [1000] axis = 0 allow_negative site = "nabla.gather" : tensor<?x16xi64>
  return
}

// CHECK-LABEL: func.func @check_labels
func.func @check_labels(%labels: tensor<?xi32>) {
  // CHECK: nabla.check_index %arg0 sizes = [10] axis = 1 ignore_index = -100 : tensor<?xi32>
  nabla.check_index %labels sizes = [10] axis = 1 ignore_index = -100 : tensor<?xi32>
  return
}

// One size per entry of the last dimension: index tuples (GatherND).
// CHECK-LABEL: func.func @check_tuples
func.func @check_tuples(%tuples: tensor<?x3x2xi64>) {
  // CHECK: nabla.check_index %arg0 sizes = [4, 5] axis = 1 allow_negative site = "GatherND" : tensor<?x3x2xi64>
  nabla.check_index %tuples sizes = [4, 5] axis = 1 allow_negative site = "GatherND" : tensor<?x3x2xi64>
  return
}

// A scalar index, and a size of 0 (no index is valid).
// CHECK-LABEL: func.func @check_scalar_empty_axis
func.func @check_scalar_empty_axis(%i: tensor<i64>) {
  // CHECK: nabla.check_index %arg0 sizes = [0] : tensor<i64>
  nabla.check_index %i sizes = [0] : tensor<i64>
  return
}
