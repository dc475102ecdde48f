// RUN: %nabla_opt %s -split-input-file -nabla-channels-last | FileCheck %s

// A conv stack: the first convolution (3 channels) reads the NCHW input as
// it is; everything after it stays channels last (the pool, the
// concatenation along channels, now axis 3, the sigmoid, the global
// average pooling as a reduce_mean over H and W); the only transpose left
// is the tiny one before the flatten.
// CHECK-LABEL: func.func @stack
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x16x16xf32>
// CHECK-NOT: nabla.transpose
// CHECK: %[[C1:.*]] = nabla.fused_conv2d %[[X]], %{{.*}} pads = [1, 1, 1, 1] channels_last nchw_input activation = relu : (tensor<1x3x16x16xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x16x16xf32>
// CHECK: %[[P:.*]] = nabla.max_pool2d %[[C1]] kernel_shape = [2, 2] strides = [2, 2] channels_last : tensor<1x16x16x16xf32> -> tensor<1x8x8x16xf32>
// CHECK: %[[C2:.*]] = nabla.fused_conv2d %[[P]], %{{.*}} channels_last activation = relu
// CHECK: %[[A:.*]] = nabla.fused_conv2d %[[C2]], %{{.*}} channels_last : (tensor<1x8x8x16xf32>, tensor<8x16x1x1xf32>) -> tensor<1x8x8x8xf32>
// CHECK: %[[B:.*]] = nabla.fused_conv2d %[[C2]], %{{.*}} channels_last
// CHECK: %[[CAT:.*]] = nabla.concat %[[A]], %[[B]] axis = 3 : (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x16xf32>
// CHECK: %[[S:.*]] = nabla.sigmoid %[[CAT]] : tensor<1x8x8x16xf32>
// CHECK: %[[M:.*]] = nabla.reduce_mean %[[S]] axes = [1, 2] keep_dims : tensor<1x8x8x16xf32> -> tensor<1x1x1x16xf32>
// CHECK: %[[T:.*]] = nabla.transpose %[[M]] perm = [0, 3, 1, 2] : tensor<1x1x1x16xf32> -> tensor<1x16x1x1xf32>
// CHECK: nabla.flatten %[[T]]
func.func @stack(%x: tensor<1x3x16x16xf32>, %w1: tensor<16x3x3x3xf32>, %w2: tensor<16x16x3x3xf32>, %w3: tensor<8x16x1x1xf32>, %w4: tensor<8x16x1x1xf32>) -> tensor<1x16xf32> {
  %c1 = nabla.fused_conv2d %x, %w1 pads = [1, 1, 1, 1] activation = relu : (tensor<1x3x16x16xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x16x16xf32>
  %p = nabla.max_pool2d %c1 kernel_shape = [2, 2] strides = [2, 2] : tensor<1x16x16x16xf32> -> tensor<1x16x8x8xf32>
  %c2 = nabla.fused_conv2d %p, %w2 pads = [1, 1, 1, 1] activation = relu : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  %a = nabla.fused_conv2d %c2, %w3 : (tensor<1x16x8x8xf32>, tensor<8x16x1x1xf32>) -> tensor<1x8x8x8xf32>
  %b = nabla.fused_conv2d %c2, %w4 : (tensor<1x16x8x8xf32>, tensor<8x16x1x1xf32>) -> tensor<1x8x8x8xf32>
  %cat = nabla.concat %a, %b axis = 1 : (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x16x8x8xf32>
  %s = nabla.sigmoid %cat : tensor<1x16x8x8xf32>
  %g = nabla.global_avg_pool2d %s : tensor<1x16x8x8xf32> -> tensor<1x16x1x1xf32>
  %f = nabla.flatten %g : tensor<1x16x1x1xf32> -> tensor<1x16xf32>
  return %f : tensor<1x16xf32>
}

// -----

// An input of 8 channels is transposed once. The residual and the add of
// two convolutions, and the product with a broadcast scalar, stay channels
// last; the returned tensor is transposed back, and the reduction over H
// and W without keep_dims needs no transpose at all.
// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x6x6xf32>
// CHECK: %[[TWO:.*]] = nabla.constant
// CHECK: %[[T:.*]] = nabla.transpose %[[X]] perm = [0, 2, 3, 1] : tensor<2x8x6x6xf32> -> tensor<2x6x6x8xf32>
// CHECK: %[[C1:.*]] = nabla.fused_conv2d %[[T]], %{{.*}} pads = [1, 1, 1, 1] channels_last :
// CHECK: %[[C2:.*]] = nabla.fused_conv2d %[[C1]], %{{.*}} residual %[[C1]] pads = [1, 1, 1, 1] channels_last activation = relu
// CHECK: %[[SUM:.*]] = nabla.add %[[C1]], %[[C2]] : tensor<2x6x6x8xf32>
// CHECK: %[[S:.*]] = nabla.mul %[[SUM]], %[[TWO]] : (tensor<2x6x6x8xf32>, tensor<1xf32>) -> tensor<2x6x6x8xf32>
// CHECK: %[[BACK:.*]] = nabla.transpose %[[S]] perm = [0, 3, 1, 2] : tensor<2x6x6x8xf32> -> tensor<2x8x6x6xf32>
// CHECK: %[[MEAN:.*]] = nabla.reduce_mean %[[S]] axes = [1, 2] : tensor<2x6x6x8xf32> -> tensor<2x8xf32>
// CHECK: return %[[BACK]], %[[MEAN]]
func.func @residual(%x: tensor<2x8x6x6xf32>, %w: tensor<8x8x3x3xf32>) -> (tensor<2x8x6x6xf32>, tensor<2x8xf32>) {
  %two = nabla.constant dense<2.0> : tensor<1xf32>
  %c1 = nabla.fused_conv2d %x, %w pads = [1, 1, 1, 1] : (tensor<2x8x6x6xf32>, tensor<8x8x3x3xf32>) -> tensor<2x8x6x6xf32>
  %c2 = nabla.fused_conv2d %c1, %w residual %c1 pads = [1, 1, 1, 1] activation = relu : (tensor<2x8x6x6xf32>, tensor<8x8x3x3xf32>, tensor<2x8x6x6xf32>) -> tensor<2x8x6x6xf32>
  %sum = nabla.add %c1, %c2 : (tensor<2x8x6x6xf32>, tensor<2x8x6x6xf32>) -> tensor<2x8x6x6xf32>
  %s = nabla.mul %sum, %two : (tensor<2x8x6x6xf32>, tensor<1xf32>) -> tensor<2x8x6x6xf32>
  %m = nabla.reduce_mean %s axes = [2, 3] : tensor<2x8x6x6xf32> -> tensor<2x8xf32>
  return %s, %m : tensor<2x8x6x6xf32>, tensor<2x8xf32>
}

// -----

// Left alone: convolutions the kernels do not take (f64, a dynamic batch).
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: channels_last
// CHECK-NOT: nabla.transpose
func.func @left_alone(%x: tensor<1x8x6x6xf64>, %w: tensor<8x8x3x3xf64>, %y: tensor<?x8x6x6xf32>, %v: tensor<8x8x3x3xf32>) -> (tensor<1x8x4x4xf64>, tensor<?x8x4x4xf32>) {
  %0 = nabla.fused_conv2d %x, %w : (tensor<1x8x6x6xf64>, tensor<8x8x3x3xf64>) -> tensor<1x8x4x4xf64>
  %1 = nabla.fused_conv2d %y, %v : (tensor<?x8x6x6xf32>, tensor<8x8x3x3xf32>) -> tensor<?x8x4x4xf32>
  return %0, %1 : tensor<1x8x4x4xf64>, tensor<?x8x4x4xf32>
}
