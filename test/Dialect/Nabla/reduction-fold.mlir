// RUN: nabla-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reduce_sum_size_one
// CHECK-SAME: (%[[X:.*]]: tensor<?x1x1xf32>)
// CHECK-NOT: nabla.reduce_sum
// CHECK: return %[[X]]
func.func @reduce_sum_size_one(%x: tensor<?x1x1xf32>) -> tensor<?x1x1xf32> {
  %y = nabla.reduce_sum %x axes = [2, 1] keep_dims : tensor<?x1x1xf32> -> tensor<?x1x1xf32>
  return %y : tensor<?x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_mean_max_min_prod_size_one
// CHECK-SAME: (%[[X:.*]]: tensor<4x1xf32>)
// CHECK-NOT: nabla.reduce
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]]
func.func @reduce_mean_max_min_prod_size_one(%x: tensor<4x1xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>) {
  %0 = nabla.reduce_mean %x axes = [1] keep_dims : tensor<4x1xf32> -> tensor<4x1xf32>
  %1 = nabla.reduce_max %x axes = [1] keep_dims : tensor<4x1xf32> -> tensor<4x1xf32>
  %2 = nabla.reduce_min %x axes = [1] keep_dims : tensor<4x1xf32> -> tensor<4x1xf32>
  %3 = nabla.reduce_prod %x axes = [1] keep_dims : tensor<4x1xf32> -> tensor<4x1xf32>
  return %0, %1, %2, %3 : tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>
}

// -----

// Without keep_dims the result drops the axis: not the identity.
// CHECK-LABEL: func.func @reduce_sum_drops_axis
// CHECK: nabla.reduce_sum %{{.*}} axes = [1] : tensor<4x1xf32> -> tensor<4xf32>
func.func @reduce_sum_drops_axis(%x: tensor<4x1xf32>) -> tensor<4xf32> {
  %y = nabla.reduce_sum %x axes = [1] : tensor<4x1xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_not_size_one
// CHECK: nabla.reduce_sum %{{.*}} axes = [0, 1] keep_dims : tensor<4x1xf32> -> tensor<1x1xf32>
func.func @reduce_sum_not_size_one(%x: tensor<4x1xf32>) -> tensor<1x1xf32> {
  %y = nabla.reduce_sum %x axes = [0, 1] keep_dims : tensor<4x1xf32> -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

// A dynamic dimension may be larger than 1.
// CHECK-LABEL: func.func @reduce_max_dynamic
// CHECK: nabla.reduce_max %{{.*}} axes = [0] keep_dims : tensor<?x1xf32> -> tensor<1x1xf32>
func.func @reduce_max_dynamic(%x: tensor<?x1xf32>) -> tensor<1x1xf32> {
  %y = nabla.reduce_max %x axes = [0] keep_dims : tensor<?x1xf32> -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

// sqrt(x^2) is |x| and log(exp(x)) may overflow: neither folds.
// CHECK-LABEL: func.func @reduce_l2_log_sum_exp_size_one
// CHECK: nabla.reduce_l2 %{{.*}} axes = [1] keep_dims : tensor<4x1xf32> -> tensor<4x1xf32>
// CHECK: nabla.reduce_log_sum_exp %{{.*}} axes = [1] keep_dims : tensor<4x1xf32> -> tensor<4x1xf32>
func.func @reduce_l2_log_sum_exp_size_one(%x: tensor<4x1xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>) {
  %0 = nabla.reduce_l2 %x axes = [1] keep_dims : tensor<4x1xf32> -> tensor<4x1xf32>
  %1 = nabla.reduce_log_sum_exp %x axes = [1] keep_dims : tensor<4x1xf32> -> tensor<4x1xf32>
  return %0, %1 : tensor<4x1xf32>, tensor<4x1xf32>
}
