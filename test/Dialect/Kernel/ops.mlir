// RUN: %nabla_opt %s | %nabla_opt | FileCheck %s
// RUN: %nabla_opt %s -mlir-print-op-generic | %nabla_opt | FileCheck %s

// CHECK-LABEL: func.func @sgemm_tensor
func.func @sgemm_tensor(%a: tensor<4x8xf32>, %b: tensor<5x8xf32>, %bias: tensor<5xf32>, %init: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} bias %{{.*}} outs(%{{.*}}) trans_b alpha = 5.000000e-01 activation = clip act_beta = 6.000000e+00 : (tensor<4x8xf32>, tensor<5x8xf32>, tensor<5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %0 = nabla_kernel.sgemm %a, %b bias %bias outs(%init) trans_b alpha = 0.5 activation = clip act_alpha = 0.0 act_beta = 6.0 : (tensor<4x8xf32>, tensor<5x8xf32>, tensor<5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// A batch: a per product, b shared, a per-row bias per product, a residual
// shared by the batch.
// CHECK-LABEL: func.func @sgemm_batched_memref
func.func @sgemm_batched_memref(%a: memref<2x8x4xf32>, %b: memref<8x5xf32>, %bias: memref<2x4xf32>, %r: memref<4x5xf32>, %c: memref<2x4x5xf32>) {
  // CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} bias %{{.*}} residual %{{.*}} outs(%{{.*}}) trans_a bias_per_row : (memref<2x8x4xf32>, memref<8x5xf32>, memref<2x4xf32>, memref<4x5xf32>, memref<2x4x5xf32>) -> ()
  nabla_kernel.sgemm %a, %b bias %bias residual %r outs(%c) trans_a bias_per_row : (memref<2x8x4xf32>, memref<8x5xf32>, memref<2x4xf32>, memref<4x5xf32>, memref<2x4x5xf32>) -> ()
  return
}

// Row strides come from the layout.
// CHECK-LABEL: func.func @sgemm_strided
func.func @sgemm_strided(%a: memref<4x8xf32, strided<[16, 1], offset: 3>>, %b: memref<8x5xf32>, %c: memref<4x5xf32, strided<[8, 1]>>) {
  // CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} outs(%{{.*}}) : (memref<4x8xf32, strided<[16, 1], offset: 3>>, memref<8x5xf32>, memref<4x5xf32, strided<[8, 1]>>) -> ()
  nabla_kernel.sgemm %a, %b outs(%c) : (memref<4x8xf32, strided<[16, 1], offset: 3>>, memref<8x5xf32>, memref<4x5xf32, strided<[8, 1]>>) -> ()
  return
}

// B packed ahead of time: 1-D, ceil(N / 32) * K * 32 = 2 * 8 * 32.
// CHECK-LABEL: func.func @sgemm_packed
func.func @sgemm_packed(%a: tensor<4x8xf32>, %b: tensor<512xf32>, %init: tensor<4x40xf32>) -> tensor<4x40xf32> {
  // CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} outs(%{{.*}}) packed_b : (tensor<4x8xf32>, tensor<512xf32>, tensor<4x40xf32>) -> tensor<4x40xf32>
  %0 = nabla_kernel.sgemm %a, %b outs(%init) packed_b : (tensor<4x8xf32>, tensor<512xf32>, tensor<4x40xf32>) -> tensor<4x40xf32>
  return %0 : tensor<4x40xf32>
}

// A depthwise convolution with bias and relu6, on tensors.
// CHECK-LABEL: func.func @conv2d_tensor
func.func @conv2d_tensor(%x: tensor<1x32x112x112xf32>, %w: tensor<32x1x3x3xf32>, %b: tensor<32xf32>, %init: tensor<1x32x112x112xf32>) -> tensor<1x32x112x112xf32> {
  // CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} bias %{{.*}} outs(%{{.*}}) pads = [1, 1, 1, 1] groups = 32 activation = clip act_beta = 6.000000e+00 : (tensor<1x32x112x112xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>, tensor<1x32x112x112xf32>) -> tensor<1x32x112x112xf32>
  %0 = nabla_kernel.conv2d %x, %w bias %b outs(%init) pads = [1, 1, 1, 1] groups = 32 activation = clip act_beta = 6.0 : (tensor<1x32x112x112xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>, tensor<1x32x112x112xf32>) -> tensor<1x32x112x112xf32>
  return %0 : tensor<1x32x112x112xf32>
}

// A strided, dilated convolution with a residual, on buffers.
// CHECK-LABEL: func.func @conv2d_memref
func.func @conv2d_memref(%x: memref<2x4x9x9xf32>, %w: memref<6x4x3x3xf32>, %r: memref<2x6x3x3xf32>, %y: memref<2x6x3x3xf32>) {
  // CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} residual %{{.*}} outs(%{{.*}}) strides = [2, 2] dilations = [2, 2] : (memref<2x4x9x9xf32>, memref<6x4x3x3xf32>, memref<2x6x3x3xf32>, memref<2x6x3x3xf32>) -> ()
  nabla_kernel.conv2d %x, %w residual %r outs(%y) strides = [2, 2] dilations = [2, 2] : (memref<2x4x9x9xf32>, memref<6x4x3x3xf32>, memref<2x6x3x3xf32>, memref<2x6x3x3xf32>) -> ()
  return
}

// Poolings; the output may count a window past the padded input (ceil_mode).
// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<2x4x8x8xf32>, %i1: tensor<2x4x4x4xf32>, %i2: tensor<2x4x5x5xf32>) -> (tensor<2x4x4x4xf32>, tensor<2x4x5x5xf32>) {
  // CHECK: nabla_kernel.max_pool2d %{{.*}} outs(%{{.*}}) kernel_shape = [2, 2] strides = [2, 2] : (tensor<2x4x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<2x4x4x4xf32>
  %0 = nabla_kernel.max_pool2d %x outs(%i1) kernel_shape = [2, 2] strides = [2, 2] dilations = [1, 1] : (tensor<2x4x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<2x4x4x4xf32>
  // CHECK: nabla_kernel.avg_pool2d %{{.*}} outs(%{{.*}}) kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] count_include_pad : (tensor<2x4x8x8xf32>, tensor<2x4x5x5xf32>) -> tensor<2x4x5x5xf32>
  %1 = nabla_kernel.avg_pool2d %x outs(%i2) kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] count_include_pad : (tensor<2x4x8x8xf32>, tensor<2x4x5x5xf32>) -> tensor<2x4x5x5xf32>
  return %0, %1 : tensor<2x4x4x4xf32>, tensor<2x4x5x5xf32>
}

// Channels last: x and outs [N, H, W, C]; from an NCHW x (nchw_input); with
// weights packed ahead of time (a 1-D w of ceil(6/32) * 32 * 3*3*4 = 1152
// floats, the window in kernel_shape); a depthwise convolution packed as
// [3*3, 8]; poolings.
// CHECK-LABEL: func.func @channels_last
func.func @channels_last(%x: tensor<2x9x9x4xf32>, %xn: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>, %p: tensor<1152xf32>, %xd: tensor<1x5x5x8xf32>, %pd: tensor<72xf32>, %y: tensor<2x7x7x6xf32>, %yd: tensor<1x5x5x8xf32>, %yp: tensor<2x4x4x4xf32>) -> (tensor<2x7x7x6xf32>, tensor<2x7x7x6xf32>, tensor<2x7x7x6xf32>, tensor<1x5x5x8xf32>, tensor<2x4x4x4xf32>, tensor<2x4x4x4xf32>) {
  // CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} outs(%{{.*}}) channels_last : (tensor<2x9x9x4xf32>, tensor<6x4x3x3xf32>, tensor<2x7x7x6xf32>) -> tensor<2x7x7x6xf32>
  %0 = nabla_kernel.conv2d %x, %w outs(%y) channels_last : (tensor<2x9x9x4xf32>, tensor<6x4x3x3xf32>, tensor<2x7x7x6xf32>) -> tensor<2x7x7x6xf32>
  // CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} outs(%{{.*}}) channels_last nchw_input : (tensor<2x4x9x9xf32>
  %1 = nabla_kernel.conv2d %xn, %w outs(%y) channels_last nchw_input : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>, tensor<2x7x7x6xf32>) -> tensor<2x7x7x6xf32>
  // CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} outs(%{{.*}}) channels_last packed_weights kernel_shape = [3, 3] : (tensor<2x9x9x4xf32>, tensor<1152xf32>
  %2 = nabla_kernel.conv2d %x, %p outs(%y) channels_last packed_weights kernel_shape = [3, 3] : (tensor<2x9x9x4xf32>, tensor<1152xf32>, tensor<2x7x7x6xf32>) -> tensor<2x7x7x6xf32>
  // CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} outs(%{{.*}}) pads = [1, 1, 1, 1] groups = 8 channels_last packed_weights kernel_shape = [3, 3] : (tensor<1x5x5x8xf32>, tensor<72xf32>
  %3 = nabla_kernel.conv2d %xd, %pd outs(%yd) pads = [1, 1, 1, 1] groups = 8 channels_last packed_weights kernel_shape = [3, 3] : (tensor<1x5x5x8xf32>, tensor<72xf32>, tensor<1x5x5x8xf32>) -> tensor<1x5x5x8xf32>
  // CHECK: nabla_kernel.max_pool2d %{{.*}} outs(%{{.*}}) kernel_shape = [2, 2] strides = [2, 2] channels_last : (tensor<2x9x9x4xf32>, tensor<2x4x4x4xf32>)
  %4 = nabla_kernel.max_pool2d %x outs(%yp) kernel_shape = [2, 2] strides = [2, 2] channels_last : (tensor<2x9x9x4xf32>, tensor<2x4x4x4xf32>) -> tensor<2x4x4x4xf32>
  // CHECK: nabla_kernel.avg_pool2d %{{.*}} outs(%{{.*}}) kernel_shape = [3, 3] strides = [2, 2] count_include_pad channels_last : (tensor<2x9x9x4xf32>, tensor<2x4x4x4xf32>)
  %5 = nabla_kernel.avg_pool2d %x outs(%yp) kernel_shape = [3, 3] strides = [2, 2] count_include_pad channels_last : (tensor<2x9x9x4xf32>, tensor<2x4x4x4xf32>) -> tensor<2x4x4x4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x7x7x6xf32>, tensor<2x7x7x6xf32>, tensor<2x7x7x6xf32>, tensor<1x5x5x8xf32>, tensor<2x4x4x4xf32>, tensor<2x4x4x4xf32>
}
