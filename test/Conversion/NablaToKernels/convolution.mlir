// RUN: %nabla_opt %s -convert-nabla-to-kernels -split-input-file | FileCheck %s

// A strided, padded 3x3 convolution with bias, residual and relu: one
// nabla_kernel.conv2d with the same operands and attributes, computed into
// a new tensor.
// CHECK-LABEL: func.func @strided_padded
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x16x5x5xf32>
// CHECK: %[[Y:.*]] = nabla_kernel.conv2d %arg0, %arg1 bias %arg2 residual %arg3 outs(%[[INIT]]) strides = [2, 2] pads = [1, 1, 0, 0] activation = relu : (tensor<2x8x10x10xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<2x16x5x5xf32>, tensor<2x16x5x5xf32>) -> tensor<2x16x5x5xf32>
// CHECK: return %[[Y]]
func.func @strided_padded(%x: tensor<2x8x10x10xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<16xf32>, %r: tensor<2x16x5x5xf32>) -> tensor<2x16x5x5xf32> {
  %0 = nabla.fused_conv2d %x, %w bias %b residual %r strides = [2, 2] pads = [1, 1, 0, 0] activation = relu : (tensor<2x8x10x10xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<2x16x5x5xf32>) -> tensor<2x16x5x5xf32>
  return %0 : tensor<2x16x5x5xf32>
}

// -----

// Dilation and a clip activation carry over.
// CHECK-LABEL: func.func @dilated
// CHECK: nabla_kernel.conv2d %arg0, %arg1 outs(%{{.*}}) dilations = [2, 3] activation = clip act_beta = 6.000000e+00 : (tensor<1x2x9x9xf32>, tensor<3x2x2x2xf32>, tensor<1x3x7x6xf32>) -> tensor<1x3x7x6xf32>
func.func @dilated(%x: tensor<1x2x9x9xf32>, %w: tensor<3x2x2x2xf32>) -> tensor<1x3x7x6xf32> {
  %0 = nabla.fused_conv2d %x, %w dilations = [2, 3] activation = clip act_alpha = 0.0 act_beta = 6.0 : (tensor<1x2x9x9xf32>, tensor<3x2x2x2xf32>) -> tensor<1x3x7x6xf32>
  return %0 : tensor<1x3x7x6xf32>
}

// -----

// Grouped and depthwise convolutions go to the kernel too.
// CHECK-LABEL: func.func @depthwise
// CHECK: nabla_kernel.conv2d %arg0, %arg1 outs(%{{.*}}) groups = 8 : (tensor<1x8x7x7xf32>, tensor<8x1x3x3xf32>, tensor<1x8x5x5xf32>) -> tensor<1x8x5x5xf32>
func.func @depthwise(%x: tensor<1x8x7x7xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x5x5xf32> {
  %0 = nabla.fused_conv2d %x, %w groups = 8 : (tensor<1x8x7x7xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x5x5xf32>
  return %0 : tensor<1x8x5x5xf32>
}

// -----

// Other element types and dynamic shapes stay for convert-nabla-to-linalg.
// CHECK-LABEL: func.func @not_covered
// CHECK-NOT: nabla_kernel
// CHECK: nabla.fused_conv2d {{.*}} -> tensor<1x4x5x5xf64>
// CHECK: nabla.fused_conv2d {{.*}} -> tensor<?x4x5x5xf32>
func.func @not_covered(%x: tensor<1x2x7x7xf64>, %w: tensor<4x2x3x3xf64>, %xd: tensor<?x2x7x7xf32>, %wd: tensor<4x2x3x3xf32>) -> (tensor<1x4x5x5xf64>, tensor<?x4x5x5xf32>) {
  %0 = nabla.fused_conv2d %x, %w : (tensor<1x2x7x7xf64>, tensor<4x2x3x3xf64>) -> tensor<1x4x5x5xf64>
  %1 = nabla.fused_conv2d %xd, %wd : (tensor<?x2x7x7xf32>, tensor<4x2x3x3xf32>) -> tensor<?x4x5x5xf32>
  return %0, %1 : tensor<1x4x5x5xf64>, tensor<?x4x5x5xf32>
}

// -----

// Channels last: the layout attributes pass on to the kernel op.
// CHECK-LABEL: func.func @channels_last
// CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} outs(%{{.*}}) channels_last nchw_input : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<1x6x6x16xf32>) -> tensor<1x6x6x16xf32>
// CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} outs(%{{.*}}) groups = 16 channels_last : (tensor<1x6x6x16xf32>, tensor<16x1x3x3xf32>, tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
func.func @channels_last(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %d: tensor<16x1x3x3xf32>) -> tensor<1x4x4x16xf32> {
  %0 = nabla.fused_conv2d %x, %w channels_last nchw_input : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x6x6x16xf32>
  %1 = nabla.fused_conv2d %0, %d groups = 16 channels_last : (tensor<1x6x6x16xf32>, tensor<16x1x3x3xf32>) -> tensor<1x4x4x16xf32>
  return %1 : tensor<1x4x4x16xf32>
}
