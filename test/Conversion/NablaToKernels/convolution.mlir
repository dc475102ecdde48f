// RUN: %nabla_opt %s -convert-nabla-to-kernels -split-input-file | FileCheck %s

// A strided, padded 3x3 convolution with bias, residual and relu: the
// image padded, its windows copied into columns (im2col), then one product
// per image of the weights [F, C*KH*KW] and the columns [C*KH*KW, OH*OW],
// with the bias per row.
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// CHECK-DAG: #[[IDENTITY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @strided_padded
// CHECK: %[[W:.*]] = tensor.collapse_shape %arg1 {{\[}}[0], [1, 2, 3]] : tensor<16x8x3x3xf32> into tensor<16x72xf32>
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 0, 0]
// CHECK: } : tensor<2x8x10x10xf32> to tensor<2x8x11x11xf32>
// CHECK: %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[WINDOW]], #[[IDENTITY]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[PADDED]] : tensor<2x8x11x11xf32>) outs(%{{.*}} : tensor<2x8x3x3x5x5xf32>)
// CHECK: %[[COLS2:.*]] = tensor.collapse_shape %[[COLS]] {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<2x8x3x3x5x5xf32> into tensor<2x72x25xf32>
// CHECK: %[[RES:.*]] = tensor.collapse_shape %arg3 {{\[}}[0], [1], [2, 3]] : tensor<2x16x5x5xf32> into tensor<2x16x25xf32>
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x16x25xf32>
// CHECK: %[[Y:.*]] = nabla_kernel.sgemm %[[W]], %[[COLS2]] bias %arg2 residual %[[RES]] outs(%[[INIT]]) bias_per_row activation = relu : (tensor<16x72xf32>, tensor<2x72x25xf32>, tensor<16xf32>, tensor<2x16x25xf32>, tensor<2x16x25xf32>) -> tensor<2x16x25xf32>
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0], [1], [2, 3]] output_shape [2, 16, 5, 5] : tensor<2x16x25xf32> into tensor<2x16x5x5xf32>
func.func @strided_padded(%x: tensor<2x8x10x10xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<16xf32>, %r: tensor<2x16x5x5xf32>) -> tensor<2x16x5x5xf32> {
  %0 = nabla.fused_conv2d %x, %w bias %b residual %r strides = [2, 2] pads = [1, 1, 0, 0] activation = relu : (tensor<2x8x10x10xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<2x16x5x5xf32>) -> tensor<2x16x5x5xf32>
  return %0 : tensor<2x16x5x5xf32>
}

// -----

// Dilation moves the window's taps.
// CHECK: #[[DILATED:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 + d2 * 2, d5 + d3 * 3)>
// CHECK-LABEL: func.func @dilated
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic {indexing_maps = [#[[DILATED]]
// CHECK: nabla_kernel.sgemm
func.func @dilated(%x: tensor<1x2x9x9xf32>, %w: tensor<3x2x2x2xf32>) -> tensor<1x3x7x6xf32> {
  %0 = nabla.fused_conv2d %x, %w dilations = [2, 3] : (tensor<1x2x9x9xf32>, tensor<3x2x2x2xf32>) -> tensor<1x3x7x6xf32>
  return %0 : tensor<1x3x7x6xf32>
}

// -----

// A 1x1 convolution of stride 1 reads the image as its columns.
// CHECK-LABEL: func.func @pointwise
// CHECK: %[[W:.*]] = tensor.collapse_shape %arg1 {{\[}}[0], [1, 2, 3]] : tensor<4x8x1x1xf32> into tensor<4x8xf32>
// CHECK: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<1x8x7x7xf32> into tensor<1x8x49xf32>
// CHECK-NOT: linalg.generic
// CHECK: nabla_kernel.sgemm %[[W]], %[[X]] outs(%{{.*}}) : (tensor<4x8xf32>, tensor<1x8x49xf32>, tensor<1x4x49xf32>) -> tensor<1x4x49xf32>
func.func @pointwise(%x: tensor<1x8x7x7xf32>, %w: tensor<4x8x1x1xf32>) -> tensor<1x4x7x7xf32> {
  %0 = nabla.fused_conv2d %x, %w : (tensor<1x8x7x7xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// -----

// Grouped (here depthwise) convolutions stay for convert-nabla-to-linalg.
// CHECK-LABEL: func.func @grouped
// CHECK-NOT: nabla_kernel.sgemm
// CHECK: nabla.fused_conv2d
func.func @grouped(%x: tensor<1x8x7x7xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x5x5xf32> {
  %0 = nabla.fused_conv2d %x, %w groups = 8 : (tensor<1x8x7x7xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x5x5xf32>
  return %0 : tensor<1x8x5x5xf32>
}
