// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// CHECK-LABEL: func.func @reduce_sum_keep_dims
func.func @reduce_sum_keep_dims(%x: tensor<4x5xf32>) -> tensor<4x1xf32> {
  // CHECK: nabla.reduce_sum %{{.*}} axes = [1] keep_dims : tensor<4x5xf32> -> tensor<4x1xf32>
  %y = nabla.reduce_sum %x axes = [1] keep_dims : tensor<4x5xf32> -> tensor<4x1xf32>
  return %y : tensor<4x1xf32>
}

// CHECK-LABEL: func.func @reduce_sum_int_dynamic
func.func @reduce_sum_int_dynamic(%x: tensor<?x5x6xi32>) -> tensor<?xi32> {
  // CHECK: nabla.reduce_sum %{{.*}} axes = [2, 1] : tensor<?x5x6xi32> -> tensor<?xi32>
  %y = nabla.reduce_sum %x axes = [2, 1] : tensor<?x5x6xi32> -> tensor<?xi32>
  return %y : tensor<?xi32>
}

// Reducing a dynamic dimension with keep_dims gives size 1.
// CHECK-LABEL: func.func @reduce_mean
func.func @reduce_mean(%x: tensor<?x16x8x8xf32>) -> tensor<1x16x1x1xf32> {
  // CHECK: nabla.reduce_mean %{{.*}} axes = [0, 2, 3] keep_dims : tensor<?x16x8x8xf32> -> tensor<1x16x1x1xf32>
  %y = nabla.reduce_mean %x axes = [0, 2, 3] keep_dims : tensor<?x16x8x8xf32> -> tensor<1x16x1x1xf32>
  return %y : tensor<1x16x1x1xf32>
}

// CHECK-LABEL: func.func @reduce_max
func.func @reduce_max(%x: tensor<?x7xui8>) -> tensor<?xui8> {
  // CHECK: nabla.reduce_max %{{.*}} axes = [1] : tensor<?x7xui8> -> tensor<?xui8>
  %y = nabla.reduce_max %x axes = [1] : tensor<?x7xui8> -> tensor<?xui8>
  return %y : tensor<?xui8>
}

// CHECK-LABEL: func.func @reduce_min
func.func @reduce_min(%x: tensor<?x3x?xf16>) -> tensor<?x3xf16> {
  // CHECK: nabla.reduce_min %{{.*}} axes = [2] : tensor<?x3x?xf16> -> tensor<?x3xf16>
  %y = nabla.reduce_min %x axes = [2] : tensor<?x3x?xf16> -> tensor<?x3xf16>
  return %y : tensor<?x3xf16>
}

// CHECK-LABEL: func.func @reduce_prod
func.func @reduce_prod(%x: tensor<?x3xi64>) -> tensor<?x1xi64> {
  // CHECK: nabla.reduce_prod %{{.*}} axes = [1] keep_dims : tensor<?x3xi64> -> tensor<?x1xi64>
  %y = nabla.reduce_prod %x axes = [1] keep_dims : tensor<?x3xi64> -> tensor<?x1xi64>
  return %y : tensor<?x1xi64>
}

// CHECK-LABEL: func.func @reduce_l2
func.func @reduce_l2(%x: tensor<?x3xf64>) -> tensor<f64> {
  // CHECK: nabla.reduce_l2 %{{.*}} axes = [0, 1] : tensor<?x3xf64> -> tensor<f64>
  %y = nabla.reduce_l2 %x axes = [0, 1] : tensor<?x3xf64> -> tensor<f64>
  return %y : tensor<f64>
}

// CHECK-LABEL: func.func @reduce_log_sum_exp
func.func @reduce_log_sum_exp(%x: tensor<?x10xbf16>) -> tensor<?x1xbf16> {
  // CHECK: nabla.reduce_log_sum_exp %{{.*}} axes = [1] keep_dims : tensor<?x10xbf16> -> tensor<?x1xbf16>
  %y = nabla.reduce_log_sum_exp %x axes = [1] keep_dims : tensor<?x10xbf16> -> tensor<?x1xbf16>
  return %y : tensor<?x1xbf16>
}

// CHECK-LABEL: func.func @argmax
func.func @argmax(%x: tensor<?x10xf32>) -> tensor<?xi64> {
  // CHECK: nabla.argmax %{{.*}} axis = 1 : tensor<?x10xf32> -> tensor<?xi64>
  %y = nabla.argmax %x axis = 1 : tensor<?x10xf32> -> tensor<?xi64>
  return %y : tensor<?xi64>
}

// CHECK-LABEL: func.func @argmax_flags
func.func @argmax_flags(%x: tensor<?x10xi32>) -> tensor<?x1xi64> {
  // CHECK: nabla.argmax %{{.*}} axis = 1 keep_dims select_last_index : tensor<?x10xi32> -> tensor<?x1xi64>
  %y = nabla.argmax %x axis = 1 keep_dims select_last_index : tensor<?x10xi32> -> tensor<?x1xi64>
  return %y : tensor<?x1xi64>
}

// CHECK-LABEL: func.func @argmin
func.func @argmin(%x: tensor<?x10xf16>) -> tensor<1x10xi64> {
  // CHECK: nabla.argmin %{{.*}} axis = 0 keep_dims : tensor<?x10xf16> -> tensor<1x10xi64>
  %y = nabla.argmin %x axis = 0 keep_dims : tensor<?x10xf16> -> tensor<1x10xi64>
  return %y : tensor<1x10xi64>
}

// CHECK-LABEL: func.func @argmin_select_last
func.func @argmin_select_last(%x: tensor<4x?xui16>) -> tensor<4xi64> {
  // CHECK: nabla.argmin %{{.*}} axis = 1 select_last_index : tensor<4x?xui16> -> tensor<4xi64>
  %y = nabla.argmin %x axis = 1 select_last_index : tensor<4x?xui16> -> tensor<4xi64>
  return %y : tensor<4xi64>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  // CHECK: %[[Y:.*]] = nabla.softmax %{{.*}} axis = 1 : tensor<?x10xf32>
  // CHECK: return %[[Y]] : tensor<?x10xf32>
  %y = nabla.softmax %x axis = 1 : tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}

// CHECK-LABEL: func.func @log_softmax
func.func @log_softmax(%x: tensor<?x4x10xf16>) -> tensor<?x4x10xf16> {
  // CHECK: %[[Y:.*]] = nabla.log_softmax %{{.*}} axis = 0 : tensor<?x4x10xf16>
  // CHECK: return %[[Y]] : tensor<?x4x10xf16>
  %y = nabla.log_softmax %x axis = 0 : tensor<?x4x10xf16>
  return %y : tensor<?x4x10xf16>
}
