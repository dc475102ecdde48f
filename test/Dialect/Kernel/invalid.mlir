// RUN: %nabla_opt %s -split-input-file -verify-diagnostics

func.func @mixed(%a: tensor<4x8xf32>, %b: memref<8x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{operands must be all tensors or all memrefs}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) : (tensor<4x8xf32>, memref<8x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @memref_with_result(%a: memref<4x8xf32>, %b: memref<8x5xf32>, %c: memref<4x5xf32>) {
  // expected-error @+1 {{on memrefs, has no result}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) : (memref<4x8xf32>, memref<8x5xf32>, memref<4x5xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @k_mismatch(%a: tensor<4x8xf32>, %b: tensor<7x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{b dimension 0 is 7, expected 8}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) : (tensor<4x8xf32>, tensor<7x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @m_mismatch_transposed(%a: tensor<4x8xf32>, %b: tensor<4x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{a dimension 1 is 8, expected 4}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) trans_a : (tensor<4x8xf32>, tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @bias_per_row_length(%a: tensor<4x8xf32>, %b: tensor<8x5xf32>, %bias: tensor<5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{bias dimension 0 is 5, expected 4}}
  %0 = nabla_kernel.sgemm %a, %b bias %bias outs(%c) bias_per_row : (tensor<4x8xf32>, tensor<8x5xf32>, tensor<5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @bias_per_row_without_bias(%a: tensor<4x8xf32>, %b: tensor<8x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{bias_per_row without a bias}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) bias_per_row : (tensor<4x8xf32>, tensor<8x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @batch_mismatch(%a: tensor<3x4x8xf32>, %b: tensor<8x5xf32>, %c: tensor<2x4x5xf32>) -> tensor<2x4x5xf32> {
  // expected-error @+1 {{a dimension 0 is 3, expected 2}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) : (tensor<3x4x8xf32>, tensor<8x5xf32>, tensor<2x4x5xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

func.func @rank(%a: tensor<4x8xf32>, %b: tensor<8x5xf32>, %c: tensor<20xf32>) -> tensor<20xf32> {
  // expected-error @+1 {{outs must be 2-D or 3-D}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) : (tensor<4x8xf32>, tensor<8x5xf32>, tensor<20xf32>) -> tensor<20xf32>
  return %0 : tensor<20xf32>
}

// -----

func.func @element_type(%a: tensor<4x8xf64>, %b: tensor<8x5xf64>, %c: tensor<4x5xf64>) -> tensor<4x5xf64> {
  // expected-error @+1 {{must be f32 ranked tensor or memref}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) : (tensor<4x8xf64>, tensor<8x5xf64>, tensor<4x5xf64>) -> tensor<4x5xf64>
  return %0 : tensor<4x5xf64>
}

// -----

func.func @conv_groups(%x: tensor<1x6x5x5xf32>, %w: tensor<4x2x3x3xf32>, %y: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+1 {{x channels (6) must be a multiple of groups (4)}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) groups = 4 : (tensor<1x6x5x5xf32>, tensor<4x2x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x6x5x5xf32>, %w: tensor<4x2x3x3xf32>, %y: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+1 {{w must have 6 input channels per group, got 2}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) : (tensor<1x6x5x5xf32>, tensor<4x2x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @conv_output_size(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>, %y: tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xf32> {
  // expected-error @+1 {{outs dimension 2 is 5, expected 3}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xf32>
  return %0 : tensor<1x4x5x3xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<2xf32>, %y: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+1 {{bias must be [4], got 'tensor<2xf32>'}}
  %0 = nabla_kernel.conv2d %x, %w bias %b outs(%y) : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @conv_pads(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>, %y: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+1 {{pads must have 4 entries}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) pads = [1, 1] : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @pool_channels(%x: tensor<1x2x4x4xf32>, %y: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  // expected-error @+1 {{x and outs differ in dimension 1}}
  %0 = nabla_kernel.max_pool2d %x outs(%y) kernel_shape = [2, 2] strides = [2, 2] : (tensor<1x2x4x4xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

// -----

func.func @pool_window_outside(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32> {
  // expected-error @+1 {{outs dimension 2 (3) has windows with no tap inside x}}
  %0 = nabla_kernel.avg_pool2d %x outs(%y) kernel_shape = [2, 2] strides = [2, 2] : (tensor<1x2x4x4xf32>, tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  return %0 : tensor<1x2x3x2xf32>
}

// -----

func.func @pool_kernel_shape(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{kernel_shape entries must be at least 1, got 0}}
  %0 = nabla_kernel.max_pool2d %x outs(%y) kernel_shape = [0, 2] strides = [2, 2] : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @packed_size(%a: tensor<4x8xf32>, %b: tensor<256xf32>, %c: tensor<4x40xf32>) -> tensor<4x40xf32> {
  // expected-error @+1 {{b dimension 0 is 256, expected 512}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) packed_b : (tensor<4x8xf32>, tensor<256xf32>, tensor<4x40xf32>) -> tensor<4x40xf32>
  return %0 : tensor<4x40xf32>
}

// -----

func.func @packed_2d(%a: tensor<4x8xf32>, %b: tensor<8x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{b must have rank 1}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) packed_b : (tensor<4x8xf32>, tensor<8x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @packed_transposed(%a: tensor<4x8xf32>, %b: tensor<256xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{packed_b with trans_b: the packing transposes b}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) trans_b packed_b : (tensor<4x8xf32>, tensor<256xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @channels_last_output_size(%x: tensor<1x5x5x2xf32>, %w: tensor<4x2x3x3xf32>, %y: tensor<1x5x3x4xf32>) -> tensor<1x5x3x4xf32> {
  // expected-error @+1 {{outs dimension 1 is 5, expected 3}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) channels_last : (tensor<1x5x5x2xf32>, tensor<4x2x3x3xf32>, tensor<1x5x3x4xf32>) -> tensor<1x5x3x4xf32>
  return %0 : tensor<1x5x3x4xf32>
}

// -----

func.func @nchw_input_alone(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>, %y: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  // expected-error @+1 {{nchw_input and packed_weights need channels_last}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) nchw_input : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

func.func @packed_size(%x: tensor<1x5x5x2xf32>, %w: tensor<100xf32>, %y: tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  // expected-error @+1 {{packed w must have 576 elements, got 'tensor<100xf32>'}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) channels_last packed_weights kernel_shape = [3, 3] : (tensor<1x5x5x2xf32>, tensor<100xf32>, tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

func.func @packed_without_window(%x: tensor<1x5x5x2xf32>, %w: tensor<576xf32>, %y: tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  // expected-error @+1 {{packed_weights needs a kernel_shape}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) channels_last packed_weights : (tensor<1x5x5x2xf32>, tensor<576xf32>, tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

func.func @depthwise_nchw_input(%x: tensor<1x4x5x5xf32>, %w: tensor<4x1x3x3xf32>, %y: tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  // expected-error @+1 {{nchw_input does not apply to a depthwise convolution}}
  %0 = nabla_kernel.conv2d %x, %w outs(%y) groups = 4 channels_last nchw_input : (tensor<1x4x5x5xf32>, tensor<4x1x3x3xf32>, tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

func.func @pool_channels_last(%x: tensor<1x4x4x2xf32>, %y: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  // expected-error @+1 {{x and outs differ in dimension 1}}
  %0 = nabla_kernel.max_pool2d %x outs(%y) kernel_shape = [2, 2] strides = [2, 2] channels_last : (tensor<1x4x4x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}
