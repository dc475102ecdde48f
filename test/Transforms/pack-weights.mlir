// RUN: %nabla_opt %s -nabla-pack-weights -split-input-file -mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s

// B^T of a dense layer (B is N x K = 3 x 2), packed: one panel of K = 2
// rows of 32 columns, op(B)[k][n] = B[n][k] then zeros past N = 3. The
// kernel takes the packed tensor and reads it with packed_b, no trans_b.
// CHECK-LABEL: func.func private @kernel_transposed
// CHECK-SAME: (%[[X:.*]]: tensor<4x2xf32>, %[[W:.*]]: tensor<64xf32>) -> tensor<4x3xf32>
// CHECK: nabla_kernel.sgemm %[[X]], %[[W]] outs(%{{.*}}) packed_b activation = relu : (tensor<4x2xf32>, tensor<64xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
// CHECK-LABEL: func.func @forward_transposed
// CHECK: %[[P:.*]] = arith.constant dense<[1.000000e+00, 3.000000e+00, 5.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<64xf32>
// CHECK: call @kernel_transposed(%{{.*}}, %[[P]]) : (tensor<4x2xf32>, tensor<64xf32>) -> tensor<4x3xf32>
func.func private @kernel_transposed(%x: tensor<4x2xf32>, %w: tensor<3x2xf32>) -> tensor<4x3xf32> attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<4x3xf32>
  %0 = nabla_kernel.sgemm %x, %w outs(%init) trans_b activation = relu : (tensor<4x2xf32>, tensor<3x2xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
func.func @forward_transposed(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %0 = call @kernel_transposed(%x, %w) : (tensor<4x2xf32>, tensor<3x2xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// N = 33 columns make two panels: the first full, the second one column
// and 31 zeros, for each of K = 2 rows. Each call gets its own constant;
// a batch of products shares the packed B.
// CHECK-LABEL: func.func private @kernel_panels
// CHECK-SAME: tensor<128xf32>
// CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} outs(%{{.*}}) packed_b : (tensor<3x4x2xf32>, tensor<128xf32>, tensor<3x4x33xf32>)
// CHECK-LABEL: func.func @forward_panels
// CHECK: %[[ONES:.*]] = arith.constant dense<[1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<128xf32>
// CHECK: call @kernel_panels(%{{.*}}, %[[ONES]])
// CHECK: %[[TWOS:.*]] = arith.constant dense<[2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 2.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 2.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<128xf32>
// CHECK: call @kernel_panels(%{{.*}}, %[[TWOS]])
func.func private @kernel_panels(%x: tensor<3x4x2xf32>, %w: tensor<2x33xf32>) -> tensor<3x4x33xf32> attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<3x4x33xf32>
  %0 = nabla_kernel.sgemm %x, %w outs(%init) : (tensor<3x4x2xf32>, tensor<2x33xf32>, tensor<3x4x33xf32>) -> tensor<3x4x33xf32>
  return %0 : tensor<3x4x33xf32>
}
func.func @forward_panels(%x: tensor<3x4x2xf32>) -> (tensor<3x4x33xf32>, tensor<3x4x33xf32>) {
  %ones = arith.constant dense<1.0> : tensor<2x33xf32>
  %twos = arith.constant dense<2.0> : tensor<2x33xf32>
  %0 = call @kernel_panels(%x, %ones) : (tensor<3x4x2xf32>, tensor<2x33xf32>) -> tensor<3x4x33xf32>
  %1 = call @kernel_panels(%x, %twos) : (tensor<3x4x2xf32>, tensor<2x33xf32>) -> tensor<3x4x33xf32>
  return %0, %1 : tensor<3x4x33xf32>, tensor<3x4x33xf32>
}

// -----

// Left alone: a weight that the kernel also reads otherwise, a weight
// that a caller computes, and the A operand.
// CHECK-LABEL: func.func private @kernel_other_use
// CHECK-SAME: tensor<2x3xf32>
// CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} outs(%{{.*}}) :
// CHECK-LABEL: func.func private @kernel_computed
// CHECK-SAME: tensor<2x3xf32>
// CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} outs(%{{.*}}) :
// CHECK-LABEL: func.func private @kernel_a
// CHECK-SAME: (%{{.*}}: tensor<4x2xf32>, %{{.*}}: tensor<2x3xf32>)
// CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} outs(%{{.*}}) :
func.func private @kernel_other_use(%x: tensor<4x2xf32>, %w: tensor<2x3xf32>) -> (tensor<4x3xf32>, tensor<2x3xf32>) attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<4x3xf32>
  %0 = nabla_kernel.sgemm %x, %w outs(%init) : (tensor<4x2xf32>, tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0, %w : tensor<4x3xf32>, tensor<2x3xf32>
}
func.func private @kernel_computed(%x: tensor<4x2xf32>, %w: tensor<2x3xf32>) -> tensor<4x3xf32> attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<4x3xf32>
  %0 = nabla_kernel.sgemm %x, %w outs(%init) : (tensor<4x2xf32>, tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
func.func private @kernel_a(%a: tensor<4x2xf32>, %x: tensor<2x3xf32>) -> tensor<4x3xf32> attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<4x3xf32>
  %0 = nabla_kernel.sgemm %a, %x outs(%init) : (tensor<4x2xf32>, tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
func.func @forward_left_alone(%x: tensor<4x2xf32>, %v: tensor<2x3xf32>) -> (tensor<4x3xf32>, tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x3xf32>
  %a = arith.constant dense<1.0> : tensor<4x2xf32>
  %0:2 = call @kernel_other_use(%x, %w) : (tensor<4x2xf32>, tensor<2x3xf32>) -> (tensor<4x3xf32>, tensor<2x3xf32>)
  %1 = call @kernel_computed(%x, %v) : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %2 = call @kernel_a(%a, %v) : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0#0, %0#1, %1, %2 : tensor<4x3xf32>, tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// Channels-last convolution weights, packed as nabla_sconv2d_nhwc reads
// them. w[f][c][0][j] = 4f + 2c + j + 1 (F = 2, C = 2, a 1 x 2 window): one
// panel of 4 rows, row (j * C + c) holding the weights of tap j, channel c
// for both filters, then zeros to 32 columns; with nchw_input, the rows in
// im2col's order (c * 2 + j). A depthwise convolution's weights are
// [taps, F]: w[f][0][0][j] = 2f + j + 1 becomes [1, 3, 2, 4]. The ops get
// packed_weights and their window.
// CHECK-LABEL: func.func private @kernel_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x3x2xf32>, %[[W:.*]]: tensor<128xf32>)
// CHECK: nabla_kernel.conv2d %[[X]], %[[W]] outs(%{{.*}}) channels_last packed_weights kernel_shape = [1, 2] : (tensor<1x3x3x2xf32>, tensor<128xf32>, tensor<1x3x2x2xf32>)
// CHECK-LABEL: func.func private @kernel_conv_nchw
// CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} outs(%{{.*}}) channels_last nchw_input packed_weights kernel_shape = [1, 2] : (tensor<1x2x3x3xf32>, tensor<128xf32>
// CHECK-LABEL: func.func private @kernel_depthwise
// CHECK: nabla_kernel.conv2d %{{.*}}, %{{.*}} outs(%{{.*}}) groups = 2 channels_last packed_weights kernel_shape = [1, 2] : (tensor<1x3x3x2xf32>, tensor<4xf32>
// CHECK-LABEL: func.func @forward_conv
// CHECK: %[[TAPS:.*]] = arith.constant dense<[1.000000e+00, 5.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 3.000000e+00, 7.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 2.000000e+00, 6.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 4.000000e+00, 8.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<128xf32>
// CHECK: call @kernel_conv(%{{.*}}, %[[TAPS]])
// CHECK: %[[COLUMNS:.*]] = arith.constant dense<[1.000000e+00, 5.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 2.000000e+00, 6.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 3.000000e+00, 7.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 4.000000e+00, 8.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<128xf32>
// CHECK: call @kernel_conv_nchw(%{{.*}}, %[[COLUMNS]])
// CHECK: %[[DW:.*]] = arith.constant dense<[1.000000e+00, 3.000000e+00, 2.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK: call @kernel_depthwise(%{{.*}}, %[[DW]])
func.func private @kernel_conv(%x: tensor<1x3x3x2xf32>, %w: tensor<2x2x1x2xf32>) -> tensor<1x3x2x2xf32> attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<1x3x2x2xf32>
  %0 = nabla_kernel.conv2d %x, %w outs(%init) channels_last : (tensor<1x3x3x2xf32>, tensor<2x2x1x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}
func.func private @kernel_conv_nchw(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x2xf32>) -> tensor<1x3x2x2xf32> attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<1x3x2x2xf32>
  %0 = nabla_kernel.conv2d %x, %w outs(%init) channels_last nchw_input : (tensor<1x2x3x3xf32>, tensor<2x2x1x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}
func.func private @kernel_depthwise(%x: tensor<1x3x3x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x3x2x2xf32> attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<1x3x2x2xf32>
  %0 = nabla_kernel.conv2d %x, %w outs(%init) groups = 2 channels_last : (tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}
func.func @forward_conv(%x: tensor<1x3x3x2xf32>, %xn: tensor<1x2x3x3xf32>) -> (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) {
  %w = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]], [[[5.0, 6.0]], [[7.0, 8.0]]]]> : tensor<2x2x1x2xf32>
  %d = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %0 = call @kernel_conv(%x, %w) : (tensor<1x3x3x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x3x2x2xf32>
  %1 = call @kernel_conv_nchw(%xn, %w) : (tensor<1x2x3x3xf32>, tensor<2x2x1x2xf32>) -> tensor<1x3x2x2xf32>
  %2 = call @kernel_depthwise(%x, %d) : (tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x3x2x2xf32>
  return %0, %1, %2 : tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>
}

// -----

// NCHW convolutions keep their weights (nabla_sconv2d reads them as they
// are).
// CHECK-LABEL: func.func private @kernel_nchw
// CHECK-SAME: tensor<2x2x1x2xf32>
// CHECK-NOT: packed_weights
func.func private @kernel_nchw(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x2xf32>) -> tensor<1x2x3x2xf32> attributes {nabla.kernel} {
  %init = tensor.empty() : tensor<1x2x3x2xf32>
  %0 = nabla_kernel.conv2d %x, %w outs(%init) : (tensor<1x2x3x3xf32>, tensor<2x2x1x2xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  return %0 : tensor<1x2x3x2xf32>
}
func.func @forward_nchw(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x2xf32>
  %0 = call @kernel_nchw(%x, %w) : (tensor<1x2x3x3xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x3x2xf32>
  return %0 : tensor<1x2x3x2xf32>
}
