// RUN: %nabla_opt %s -convert-nabla-to-kernels -split-input-file | FileCheck %s

// Max pooling: the kernel op takes the windows' attributes; the output
// shape already holds what ceil_mode decided.
// CHECK-LABEL: func.func @max
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x4x5x4xf32>
// CHECK: %[[Y:.*]] = nabla_kernel.max_pool2d %arg0 outs(%[[INIT]]) kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] dilations = [1, 2] : (tensor<2x4x9x9xf32>, tensor<2x4x5x4xf32>) -> tensor<2x4x5x4xf32>
// CHECK: return %[[Y]]
func.func @max(%x: tensor<2x4x9x9xf32>) -> tensor<2x4x5x4xf32> {
  %0 = nabla.max_pool2d %x kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] dilations = [1, 2] ceil_mode : tensor<2x4x9x9xf32> -> tensor<2x4x5x4xf32>
  return %0 : tensor<2x4x5x4xf32>
}

// -----

// CHECK-LABEL: func.func @average
// CHECK: nabla_kernel.avg_pool2d %arg0 outs(%{{.*}}) kernel_shape = [2, 2] strides = [2, 2] : (tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
// CHECK: nabla_kernel.avg_pool2d %arg0 outs(%{{.*}}) kernel_shape = [3, 3] pads = [1, 1, 1, 1] count_include_pad : (tensor<1x3x8x8xf32>, tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
func.func @average(%x: tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x8x8xf32>) {
  %0 = nabla.avg_pool2d %x kernel_shape = [2, 2] strides = [2, 2] : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  %1 = nabla.avg_pool2d %x kernel_shape = [3, 3] pads = [1, 1, 1, 1] count_include_pad : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  return %0, %1 : tensor<1x3x4x4xf32>, tensor<1x3x8x8xf32>
}

// -----

// Integer max pooling stays for convert-nabla-to-linalg.
// CHECK-LABEL: func.func @integer
// CHECK-NOT: nabla_kernel
// CHECK: nabla.max_pool2d
func.func @integer(%x: tensor<1x2x4x4xi32>) -> tensor<1x2x2x2xi32> {
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] strides = [2, 2] : tensor<1x2x4x4xi32> -> tensor<1x2x2x2xi32>
  return %0 : tensor<1x2x2x2xi32>
}

// -----

// Channels last, both kinds.
// CHECK-LABEL: func.func @channels_last
// CHECK: nabla_kernel.max_pool2d %{{.*}} outs(%{{.*}}) kernel_shape = [2, 2] strides = [2, 2] channels_last : (tensor<1x8x8x5xf32>, tensor<1x4x4x5xf32>)
// CHECK: nabla_kernel.avg_pool2d %{{.*}} outs(%{{.*}}) kernel_shape = [2, 2] strides = [2, 2] channels_last : (tensor<1x8x8x5xf32>, tensor<1x4x4x5xf32>)
func.func @channels_last(%x: tensor<1x8x8x5xf32>) -> (tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>) {
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] strides = [2, 2] channels_last : tensor<1x8x8x5xf32> -> tensor<1x4x4x5xf32>
  %1 = nabla.avg_pool2d %x kernel_shape = [2, 2] strides = [2, 2] channels_last : tensor<1x8x8x5xf32> -> tensor<1x4x4x5xf32>
  return %0, %1 : tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>
}
