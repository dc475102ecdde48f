// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// CHECK-LABEL: func.func @conv2d_plain
func.func @conv2d_plain(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // CHECK: nabla.conv2d %{{.*}}, %{{.*}} : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  %0 = nabla.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// Attributes equal to their defaults are elided when printed.
// CHECK-LABEL: func.func @conv2d_defaults
func.func @conv2d_defaults(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // CHECK: nabla.conv2d %{{.*}}, %{{.*}} : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  %0 = nabla.conv2d %x, %w strides = [1, 1] pads = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// CHECK-LABEL: func.func @conv2d_all_attributes
func.func @conv2d_all_attributes(%x: tensor<?x8x32x32xf32>, %w: tensor<16x4x3x3xf32>, %b: tensor<16xf32>) -> tensor<?x16x15x15xf32> {
  // CHECK: nabla.conv2d %{{.*}}, %{{.*}}, %{{.*}} strides = [2, 2] pads = [1, 1, 1, 1] dilations = [2, 2] groups = 2 : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>, tensor<16xf32>) -> tensor<?x16x15x15xf32>
  %0 = nabla.conv2d %x, %w, %b strides = [2, 2] pads = [1, 1, 1, 1] dilations = [2, 2] groups = 2 : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>, tensor<16xf32>) -> tensor<?x16x15x15xf32>
  return %0 : tensor<?x16x15x15xf32>
}

// pads are [top, left, bottom, right].
// CHECK-LABEL: func.func @conv2d_asymmetric
func.func @conv2d_asymmetric(%x: tensor<1x2x8x8xbf16>, %w: tensor<4x2x3x3xbf16>) -> tensor<1x4x4x10xbf16> {
  // CHECK: nabla.conv2d %{{.*}}, %{{.*}} strides = [2, 1] pads = [0, 1, 2, 3] : (tensor<1x2x8x8xbf16>, tensor<4x2x3x3xbf16>) -> tensor<1x4x4x10xbf16>
  %0 = nabla.conv2d %x, %w strides = [2, 1] pads = [0, 1, 2, 3] : (tensor<1x2x8x8xbf16>, tensor<4x2x3x3xbf16>) -> tensor<1x4x4x10xbf16>
  return %0 : tensor<1x4x4x10xbf16>
}

// CHECK-LABEL: func.func @conv2d_depthwise
func.func @conv2d_depthwise(%x: tensor<?x8x5x5xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<?x8x3x3xf32> {
  // CHECK: nabla.conv2d %{{.*}}, %{{.*}} groups = 8 : (tensor<?x8x5x5xf32>, tensor<8x1x3x3xf32>) -> tensor<?x8x3x3xf32>
  %0 = nabla.conv2d %x, %w groups = 8 : (tensor<?x8x5x5xf32>, tensor<8x1x3x3xf32>) -> tensor<?x8x3x3xf32>
  return %0 : tensor<?x8x3x3xf32>
}

// Output sizes that depend on dynamic sizes are dynamic.
// CHECK-LABEL: func.func @conv2d_dynamic
func.func @conv2d_dynamic(%x: tensor<?x?x?x7xf64>, %w: tensor<?x3x3x?xf64>) -> tensor<?x?x?x?xf64> {
  // CHECK: nabla.conv2d %{{.*}}, %{{.*}} : (tensor<?x?x?x7xf64>, tensor<?x3x3x?xf64>) -> tensor<?x?x?x?xf64>
  %0 = nabla.conv2d %x, %w : (tensor<?x?x?x7xf64>, tensor<?x3x3x?xf64>) -> tensor<?x?x?x?xf64>
  return %0 : tensor<?x?x?x?xf64>
}

// CHECK-LABEL: func.func @conv_transpose2d_plain
func.func @conv_transpose2d_plain(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  // CHECK: nabla.conv_transpose2d %{{.*}}, %{{.*}} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  %0 = nabla.conv_transpose2d %x, %w : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// CHECK-LABEL: func.func @conv_transpose2d_defaults
func.func @conv_transpose2d_defaults(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  // CHECK: nabla.conv_transpose2d %{{.*}}, %{{.*}} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  %0 = nabla.conv_transpose2d %x, %w strides = [1, 1] pads = [0, 0, 0, 0] dilations = [1, 1] output_padding = [0, 0] groups = 1 : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// OH = 2 * (8 - 1) + 1 + 1 * (3 - 1) + 1 - 1 - 1 = 16.
// CHECK-LABEL: func.func @conv_transpose2d_upsample
func.func @conv_transpose2d_upsample(%x: tensor<?x16x8x8xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<8xf32>) -> tensor<?x8x16x16xf32> {
  // CHECK: nabla.conv_transpose2d %{{.*}}, %{{.*}}, %{{.*}} strides = [2, 2] pads = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<?x16x8x8xf32>, tensor<16x8x3x3xf32>, tensor<8xf32>) -> tensor<?x8x16x16xf32>
  %0 = nabla.conv_transpose2d %x, %w, %b strides = [2, 2] pads = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<?x16x8x8xf32>, tensor<16x8x3x3xf32>, tensor<8xf32>) -> tensor<?x8x16x16xf32>
  return %0 : tensor<?x8x16x16xf32>
}

// F = w.dim(1) * groups = 6; OH = 1 * (4 - 1) + 1 + 2 * (3 - 1) + 1 = 9,
// OW = 3 * (4 - 1) + 2 + 1 * (2 - 1) + 1 - 0 - 1 = 12.
// CHECK-LABEL: func.func @conv_transpose2d_groups
func.func @conv_transpose2d_groups(%x: tensor<2x4x4x4xf16>, %w: tensor<4x3x3x2xf16>) -> tensor<2x6x9x12xf16> {
  // CHECK: nabla.conv_transpose2d %{{.*}}, %{{.*}} strides = [1, 3] pads = [0, 0, 0, 1] dilations = [2, 1] output_padding = [1, 2] groups = 2 : (tensor<2x4x4x4xf16>, tensor<4x3x3x2xf16>) -> tensor<2x6x9x12xf16>
  %0 = nabla.conv_transpose2d %x, %w strides = [1, 3] pads = [0, 0, 0, 1] dilations = [2, 1] output_padding = [1, 2] groups = 2 : (tensor<2x4x4x4xf16>, tensor<4x3x3x2xf16>) -> tensor<2x6x9x12xf16>
  return %0 : tensor<2x6x9x12xf16>
}

// CHECK-LABEL: func.func @conv_transpose2d_dynamic
func.func @conv_transpose2d_dynamic(%x: tensor<?x4x?x3xf32>, %w: tensor<4x?x3x3xf32>) -> tensor<?x?x?x5xf32> {
  // CHECK: nabla.conv_transpose2d %{{.*}}, %{{.*}} : (tensor<?x4x?x3xf32>, tensor<4x?x3x3xf32>) -> tensor<?x?x?x5xf32>
  %0 = nabla.conv_transpose2d %x, %w : (tensor<?x4x?x3xf32>, tensor<4x?x3x3xf32>) -> tensor<?x?x?x5xf32>
  return %0 : tensor<?x?x?x5xf32>
}

// CHECK-LABEL: func.func @max_pool2d_plain
func.func @max_pool2d_plain(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x3x3xf32> {
  // CHECK: nabla.max_pool2d %{{.*}} kernel_shape = [2, 2] : tensor<1x3x4x4xf32> -> tensor<1x3x3x3xf32>
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] strides = [1, 1] pads = [0, 0, 0, 0] dilations = [1, 1] : tensor<1x3x4x4xf32> -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// CHECK-LABEL: func.func @max_pool2d_resnet
func.func @max_pool2d_resnet(%x: tensor<?x64x112x112xf32>) -> tensor<?x64x56x56xf32> {
  // CHECK: nabla.max_pool2d %{{.*}} kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] : tensor<?x64x112x112xf32> -> tensor<?x64x56x56xf32>
  %0 = nabla.max_pool2d %x kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] : tensor<?x64x112x112xf32> -> tensor<?x64x56x56xf32>
  return %0 : tensor<?x64x56x56xf32>
}

// Floor mode: OH = floor((5 + 2 - 2) / 2) + 1 = 3, OW = floor((5 - 2) / 2) + 1 = 2.
// CHECK-LABEL: func.func @max_pool2d_floor
func.func @max_pool2d_floor(%x: tensor<1x1x5x5xi8>) -> tensor<1x1x3x2xi8> {
  // CHECK: nabla.max_pool2d %{{.*}} kernel_shape = [2, 2] strides = [2, 2] pads = [1, 0, 1, 0] : tensor<1x1x5x5xi8> -> tensor<1x1x3x2xi8>
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] strides = [2, 2] pads = [1, 0, 1, 0] : tensor<1x1x5x5xi8> -> tensor<1x1x3x2xi8>
  return %0 : tensor<1x1x3x2xi8>
}

// Ceil mode: OW = ceil((5 - 2) / 2) + 1 = 3. OH would be ceil((5 + 2 - 2) / 2)
// + 1 = 4, but the last window would start at 3 * 2 = 6 >= 5 + 1 (the input
// plus its top padding), so it is dropped: OH = 3.
// CHECK-LABEL: func.func @max_pool2d_ceil
func.func @max_pool2d_ceil(%x: tensor<1x1x5x5xi8>) -> tensor<1x1x3x3xi8> {
  // CHECK: nabla.max_pool2d %{{.*}} kernel_shape = [2, 2] strides = [2, 2] pads = [1, 0, 1, 0] ceil_mode : tensor<1x1x5x5xi8> -> tensor<1x1x3x3xi8>
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] strides = [2, 2] pads = [1, 0, 1, 0] ceil_mode : tensor<1x1x5x5xi8> -> tensor<1x1x3x3xi8>
  return %0 : tensor<1x1x3x3xi8>
}

// A dilated 3-tap kernel spans 5 positions.
// CHECK-LABEL: func.func @max_pool2d_dilated
func.func @max_pool2d_dilated(%x: tensor<2x3x8x?xf32>) -> tensor<2x3x4x?xf32> {
  // CHECK: nabla.max_pool2d %{{.*}} kernel_shape = [3, 3] pads = [0, 4, 0, 4] dilations = [2, 2] : tensor<2x3x8x?xf32> -> tensor<2x3x4x?xf32>
  %0 = nabla.max_pool2d %x kernel_shape = [3, 3] pads = [0, 4, 0, 4] dilations = [2, 2] : tensor<2x3x8x?xf32> -> tensor<2x3x4x?xf32>
  return %0 : tensor<2x3x4x?xf32>
}

// CHECK-LABEL: func.func @avg_pool2d_plain
func.func @avg_pool2d_plain(%x: tensor<?x16x28x28xf32>) -> tensor<?x16x14x14xf32> {
  // CHECK: nabla.avg_pool2d %{{.*}} kernel_shape = [2, 2] strides = [2, 2] : tensor<?x16x28x28xf32> -> tensor<?x16x14x14xf32>
  %0 = nabla.avg_pool2d %x kernel_shape = [2, 2] strides = [2, 2] pads = [0, 0, 0, 0] : tensor<?x16x28x28xf32> -> tensor<?x16x14x14xf32>
  return %0 : tensor<?x16x14x14xf32>
}

// OH = ceil((6 + 1 + 1 - 3) / 2) + 1 = 4 (last start 6 < 6 + 1, kept);
// OW = ceil((6 - 3) / 2) + 1 = 3.
// CHECK-LABEL: func.func @avg_pool2d_all_attributes
func.func @avg_pool2d_all_attributes(%x: tensor<1x2x6x6xf16>) -> tensor<1x2x4x3xf16> {
  // CHECK: nabla.avg_pool2d %{{.*}} kernel_shape = [3, 3] strides = [2, 2] pads = [1, 0, 1, 0] ceil_mode count_include_pad : tensor<1x2x6x6xf16> -> tensor<1x2x4x3xf16>
  %0 = nabla.avg_pool2d %x kernel_shape = [3, 3] strides = [2, 2] pads = [1, 0, 1, 0] ceil_mode count_include_pad : tensor<1x2x6x6xf16> -> tensor<1x2x4x3xf16>
  return %0 : tensor<1x2x4x3xf16>
}

// CHECK-LABEL: func.func @avg_pool2d_count_include_pad
func.func @avg_pool2d_count_include_pad(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32> {
  // CHECK: nabla.avg_pool2d %{{.*}} kernel_shape = [3, 3] pads = [1, 1, 1, 1] count_include_pad : tensor<1x2x6x6xf32> -> tensor<1x2x6x6xf32>
  %0 = nabla.avg_pool2d %x kernel_shape = [3, 3] pads = [1, 1, 1, 1] count_include_pad : tensor<1x2x6x6xf32> -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// CHECK-LABEL: func.func @global_avg_pool2d
func.func @global_avg_pool2d(%x: tensor<?x512x7x7xf32>) -> tensor<?x512x1x1xf32> {
  // CHECK: nabla.global_avg_pool2d %{{.*}} : tensor<?x512x7x7xf32> -> tensor<?x512x1x1xf32>
  %0 = nabla.global_avg_pool2d %x : tensor<?x512x7x7xf32> -> tensor<?x512x1x1xf32>
  return %0 : tensor<?x512x1x1xf32>
}

// CHECK-LABEL: func.func @global_max_pool2d
func.func @global_max_pool2d(%x: tensor<?x?x?x?xi32>) -> tensor<?x?x1x1xi32> {
  // CHECK: nabla.global_max_pool2d %{{.*}} : tensor<?x?x?x?xi32> -> tensor<?x?x1x1xi32>
  %0 = nabla.global_max_pool2d %x : tensor<?x?x?x?xi32> -> tensor<?x?x1x1xi32>
  return %0 : tensor<?x?x1x1xi32>
}

// CHECK-LABEL: func.func @fused_conv2d_residual
func.func @fused_conv2d_residual(%x: tensor<1x64x56x56xf32>, %w: tensor<64x64x3x3xf32>, %b: tensor<64xf32>, %skip: tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32> {
  // CHECK: nabla.fused_conv2d %{{.*}}, %{{.*}} bias %{{.*}} residual %{{.*}} pads = [1, 1, 1, 1] activation = relu : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  %0 = nabla.fused_conv2d %x, %w bias %b residual %skip pads = [1, 1, 1, 1] activation = relu : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

// A depthwise convolution with relu6, the MobileNet block.
// CHECK-LABEL: func.func @fused_conv2d_depthwise
func.func @fused_conv2d_depthwise(%x: tensor<?x32x16x16xf32>, %w: tensor<32x1x3x3xf32>) -> tensor<?x32x8x8xf32> {
  // CHECK: nabla.fused_conv2d %{{.*}}, %{{.*}} strides = [2, 2] pads = [1, 1, 1, 1] groups = 32 activation = clip act_beta = 6.000000e+00 : (tensor<?x32x16x16xf32>, tensor<32x1x3x3xf32>) -> tensor<?x32x8x8xf32>
  %0 = nabla.fused_conv2d %x, %w strides = [2, 2] pads = [1, 1, 1, 1] groups = 32 activation = clip act_alpha = 0.0 act_beta = 6.0 : (tensor<?x32x16x16xf32>, tensor<32x1x3x3xf32>) -> tensor<?x32x8x8xf32>
  return %0 : tensor<?x32x8x8xf32>
}

// Channels last (set by nabla-channels-last): x and the result are
// [N, H, W, C], or x stays [N, C, H, W] with nchw_input; w is unchanged.
// CHECK-LABEL: func.func @channels_last
func.func @channels_last(%x: tensor<2x9x7x4xf32>, %xn: tensor<2x4x9x7xf32>, %w: tensor<6x4x3x3xf32>, %r: tensor<2x4x3x6xf32>) -> (tensor<2x4x3x6xf32>, tensor<2x4x3x6xf32>, tensor<2x4x3x4xf32>, tensor<2x5x4x4xf32>) {
  // CHECK: nabla.fused_conv2d %{{.*}}, %{{.*}} residual %{{.*}} strides = [2, 2] channels_last activation = relu : (tensor<2x9x7x4xf32>, tensor<6x4x3x3xf32>, tensor<2x4x3x6xf32>) -> tensor<2x4x3x6xf32>
  %0 = nabla.fused_conv2d %x, %w residual %r strides = [2, 2] channels_last activation = relu : (tensor<2x9x7x4xf32>, tensor<6x4x3x3xf32>, tensor<2x4x3x6xf32>) -> tensor<2x4x3x6xf32>
  // CHECK: nabla.fused_conv2d %{{.*}}, %{{.*}} strides = [2, 2] channels_last nchw_input : (tensor<2x4x9x7xf32>, tensor<6x4x3x3xf32>) -> tensor<2x4x3x6xf32>
  %1 = nabla.fused_conv2d %xn, %w strides = [2, 2] channels_last nchw_input : (tensor<2x4x9x7xf32>, tensor<6x4x3x3xf32>) -> tensor<2x4x3x6xf32>
  // CHECK: nabla.max_pool2d %{{.*}} kernel_shape = [3, 3] strides = [2, 2] channels_last : tensor<2x9x7x4xf32> -> tensor<2x4x3x4xf32>
  %2 = nabla.max_pool2d %x kernel_shape = [3, 3] strides = [2, 2] channels_last : tensor<2x9x7x4xf32> -> tensor<2x4x3x4xf32>
  // CHECK: nabla.avg_pool2d %{{.*}} kernel_shape = [2, 2] strides = [2, 2] ceil_mode channels_last : tensor<2x9x7x4xf32> -> tensor<2x5x4x4xf32>
  %3 = nabla.avg_pool2d %x kernel_shape = [2, 2] strides = [2, 2] ceil_mode channels_last : tensor<2x9x7x4xf32> -> tensor<2x5x4x4xf32>
  return %0, %1, %2, %3 : tensor<2x4x3x6xf32>, tensor<2x4x3x6xf32>, tensor<2x4x3x4xf32>, tensor<2x5x4x4xf32>
}
