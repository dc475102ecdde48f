// RUN: nabla-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @dropout_eval
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK-NOT: nabla.dropout
// CHECK: return %[[X]]
func.func @dropout_eval(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y, %m = nabla.dropout %x mode = eval ratio = 0.3 : tensor<?x8xf32> -> (tensor<?x8xf32>, tensor<?x8xi1>)
  return %y : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @dropout_ratio_zero
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[MASK:.*]] = nabla.constant dense<true> : tensor<2x8xi1>
// CHECK-NOT: nabla.dropout
// CHECK: return %[[X]], %[[MASK]]
func.func @dropout_ratio_zero(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xi1>) {
  %y, %m = nabla.dropout %x mode = train ratio = 0.0 : tensor<2x8xf32> -> (tensor<2x8xf32>, tensor<2x8xi1>)
  return %y, %m : tensor<2x8xf32>, tensor<2x8xi1>
}

// -----

// A used mask of dynamic shape keeps the op, but y is still x.
// CHECK-LABEL: func.func @dropout_eval_dynamic_mask
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %{{.*}}, %[[MASK:.*]] = nabla.dropout %[[X]] mode = eval
// CHECK: return %[[X]], %[[MASK]]
func.func @dropout_eval_dynamic_mask(%x: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xi1>) {
  %y, %m = nabla.dropout %x mode = eval : tensor<?x8xf32> -> (tensor<?x8xf32>, tensor<?x8xi1>)
  return %y, %m : tensor<?x8xf32>, tensor<?x8xi1>
}

// -----

// CHECK-LABEL: func.func @dropout_train
// CHECK: %[[Y:.*]], %{{.*}} = nabla.dropout %{{.*}} mode = train ratio = 1.000000e-01
// CHECK: return %[[Y]]
func.func @dropout_train(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y, %m = nabla.dropout %x mode = train ratio = 0.1 : tensor<2x8xf32> -> (tensor<2x8xf32>, tensor<2x8xi1>)
  return %y : tensor<2x8xf32>
}
