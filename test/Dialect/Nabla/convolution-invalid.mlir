// RUN: nabla-opt %s -split-input-file -verify-diagnostics

func.func @conv2d_x_rank(%x: tensor<1x3x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{x must be 4-D [N, C, H, W], got 'tensor<1x3x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w : (tensor<1x3x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3xf32>
  return
}

// -----

func.func @conv2d_w_rank(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+2 {{w must be 4-D [F, C / groups, KH, KW], got 'tensor<4x3x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_strides_size(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{strides must have 2 entries, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w strides = [2] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @conv2d_pads_size(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{pads must have 4 entries, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w pads = [1, 1] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
  return
}

// -----

func.func @conv2d_dilations_size(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{dilations must have 2 entries, got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w dilations = [1, 1, 1] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_strides_zero(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{strides must be positive, got [1, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w strides = [1, 0] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_pads_negative(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{pads must be non-negative, got [0, -1, 0, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w pads = [0, -1, 0, 0] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x2xf32>
  return
}

// -----

func.func @conv2d_dilations_zero(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{dilations must be positive, got [0, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w dilations = [0, 1] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_groups_zero(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{groups must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w groups = 0 : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_groups_channels(%x: tensor<1x3x5x5xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+2 {{input channels 3 ('tensor<1x3x5x5xf32>') are not divisible by groups = 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w groups = 2 : (tensor<1x3x5x5xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_empty_kernel(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x0x3xf32>) {
  // expected-error @+2 {{w has an empty kernel: 'tensor<4x3x0x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x3x0x3xf32>) -> tensor<1x4x6x3xf32>
  return
}

// -----

func.func @conv2d_groups_filters(%x: tensor<1x4x5x5xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+2 {{output channels 6 (w 'tensor<6x1x3x3xf32>') are not divisible by groups = 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w groups = 4 : (tensor<1x4x5x5xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32>
  return
}

// -----

func.func @conv2d_channels(%x: tensor<1x8x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{input channels differ: x has 8 ('tensor<1x8x5x5xf32>'), which is 4 per group with groups = 2, but w has 3 ('tensor<4x3x3x3xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w groups = 2 : (tensor<1x8x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_bias_rank(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+2 {{bias must have shape [F] = [4], got 'tensor<1x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w, %b : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_bias_size(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{bias must have shape [F] = [4], got 'tensor<5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w, %b : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_bias_element_type(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{failed to verify that bias has the element type of x}}
  %0 = nabla.conv2d %x, %w, %b : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>, tensor<4xf16>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_element_types(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf16>) {
  // expected-error @+1 {{all of {x, w} have same element type}}
  %0 = nabla.conv2d %x, %w : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf16>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_kernel_too_large(%x: tensor<1x3x3x5xf32>, %w: tensor<4x3x5x3xf32>) {
  // expected-error @+2 {{output height would be -1 (input 'tensor<1x3x3x5xf32>', kernel height 5); it must be at least 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w : (tensor<1x3x3x5xf32>, tensor<4x3x5x3xf32>) -> tensor<1x4x1x3xf32>
  return
}

// -----

func.func @conv2d_overflow(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{output width overflows int64 (input 'tensor<1x3x5x5xf32>', kernel width 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w pads = [0, 9223372036854775807, 0, 0] : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv2d_result(%x: tensor<?x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x4x3x3xf32>' are incompatible with return type(s) of operation 'tensor<?x4x5x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv2d %x, %w : (tensor<?x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x5x5xf32>
  return
}

// -----

func.func @conv_transpose2d_w_rank(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3xf32>) {
  // expected-error @+2 {{w must be 4-D [C, F / groups, KH, KW], got 'tensor<4x2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv_transpose2d %x, %w : (tensor<1x4x3x3xf32>, tensor<4x2x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @conv_transpose2d_output_padding_size(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{output_padding must have 2 entries, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv_transpose2d %x, %w output_padding = [1] : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @conv_transpose2d_output_padding_large(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{output_padding 2 of the width must be non-negative and smaller than its stride 2 or its dilation 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv_transpose2d %x, %w strides = [2, 2] output_padding = [1, 2] : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x8x9xf32>
  return
}

// -----

func.func @conv_transpose2d_output_padding_negative(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{output_padding -1 of the height must be non-negative and smaller than its stride 1 or its dilation 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv_transpose2d %x, %w output_padding = [-1, 0] : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x4x5xf32>
  return
}

// -----

func.func @conv_transpose2d_channels(%x: tensor<1x4x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+2 {{input channels differ: x has 4 ('tensor<1x4x3x3xf32>'), w has 2 ('tensor<2x2x3x3xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv_transpose2d %x, %w : (tensor<1x4x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @conv_transpose2d_filters_overflow(%x: tensor<1x?x3x3xf32>, %w: tensor<?x4x3x3xf32>) {
  // expected-error @+2 {{output channels 4 per group times groups = 4611686018427387904 overflow int64}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv_transpose2d %x, %w groups = 4611686018427387904 : (tensor<1x?x3x3xf32>, tensor<?x4x3x3xf32>) -> tensor<1x?x5x5xf32>
  return
}

// -----

func.func @conv_transpose2d_pads_too_large(%x: tensor<1x4x1x3xf32>, %w: tensor<4x2x1x3xf32>) {
  // expected-error @+2 {{output height would be -1 (input 'tensor<1x4x1x3xf32>', kernel height 1); it must be at least 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv_transpose2d %x, %w pads = [1, 0, 1, 0] : (tensor<1x4x1x3xf32>, tensor<4x2x1x3xf32>) -> tensor<1x2x1x5xf32>
  return
}

// -----

func.func @conv_transpose2d_result(%x: tensor<?x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x2x5x5xf32>' are incompatible with return type(s) of operation 'tensor<?x4x5x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.conv_transpose2d %x, %w : (tensor<?x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<?x4x5x5xf32>
  return
}

// -----

func.func @max_pool2d_x_rank(%x: tensor<4x4xf32>) {
  // expected-error @+2 {{x must be 4-D [N, C, H, W], got 'tensor<4x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] : tensor<4x4xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @max_pool2d_kernel_size(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{kernel_shape must have 2 entries, got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2, 2] : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_pool2d_kernel_zero(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{kernel_shape must be positive, got [2, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.max_pool2d %x kernel_shape = [2, 0] : tensor<1x1x4x4xf32> -> tensor<1x1x3x5xf32>
  return
}

// -----

func.func @max_pool2d_strides(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{strides must be positive, got [-1, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] strides = [-1, 1] : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_pool2d_pad_extent(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{width pad 3 must be smaller than the dilated kernel extent 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] pads = [0, 0, 0, 3] dilations = [1, 2] : tensor<1x1x4x4xf32> -> tensor<1x1x3x5xf32>
  return
}

// -----

func.func @max_pool2d_kernel_too_large(%x: tensor<1x1x2x2xf32>) {
  // expected-error @+2 {{output height would be 0 (input 'tensor<1x1x2x2xf32>', kernel height 3); it must be at least 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.max_pool2d %x kernel_shape = [3, 3] : tensor<1x1x2x2xf32> -> tensor<1x1x1x1xf32>
  return
}

// -----

func.func @max_pool2d_result(%x: tensor<?x3x5x5xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3x3x3xf32>' are incompatible with return type(s) of operation 'tensor<?x3x2x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.max_pool2d %x kernel_shape = [2, 2] strides = [2, 2] ceil_mode : tensor<?x3x5x5xf32> -> tensor<?x3x2x2xf32>
  return
}

// -----

func.func @avg_pool2d_pad_kernel(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+2 {{height pad 2 must be smaller than the dilated kernel extent 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.avg_pool2d %x kernel_shape = [2, 2] pads = [2, 0, 0, 0] : tensor<1x1x4x4xf32> -> tensor<1x1x5x3xf32>
  return
}

// -----

func.func @avg_pool2d_result(%x: tensor<?x3x5x5xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3x2x2xf32>' are incompatible with return type(s) of operation 'tensor<?x3x3x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.avg_pool2d %x kernel_shape = [2, 2] strides = [2, 2] : tensor<?x3x5x5xf32> -> tensor<?x3x3x3xf32>
  return
}

// -----

func.func @global_avg_pool2d_rank(%x: tensor<1x3x5xf32>) {
  // expected-error @+2 {{x must be 4-D [N, C, H, W], got 'tensor<1x3x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.global_avg_pool2d %x : tensor<1x3x5xf32> -> tensor<1x3x1xf32>
  return
}

// -----

func.func @global_avg_pool2d_result(%x: tensor<?x3x5x5xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3x1x1xf32>' are incompatible with return type(s) of operation 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.global_avg_pool2d %x : tensor<?x3x5x5xf32> -> tensor<?x3xf32>
  return
}

// -----

func.func @global_max_pool2d_result(%x: tensor<?x3x5x5xi32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3x1x1xi32>' are incompatible with return type(s) of operation 'tensor<1x3x1x1xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.global_max_pool2d %x : tensor<?x3x5x5xi32> -> tensor<1x3x1x1xi32>
  return
}

// -----

func.func @fused_conv2d_residual(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %r: tensor<1x4x6x6xf32>) {
  // expected-error @+2 {{residual 'tensor<1x4x6x6xf32>' must have the result type 'tensor<1x6x6x6xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_conv2d %x, %w residual %r : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<1x4x6x6xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @fused_conv2d_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+2 {{groups must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_conv2d %x, %w groups = 0 : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @fused_conv2d_clip(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+2 {{clip range [nan, 6.000000e+00] is empty or NaN}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_conv2d %x, %w activation = clip act_alpha = 0x7FC00000 act_beta = 6.0 : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @nchw_input_alone(%x: tensor<1x3x5x5xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{nchw_input needs channels_last}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "nabla.fused_conv2d"(%x, %w) <{nchw_input, operandSegmentSizes = array<i32: 1, 1, 0, 0>}> : (tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

// Channels last, the residual has the NHWC result's shape.
func.func @channels_last_residual(%x: tensor<1x5x5x3xf32>, %w: tensor<4x3x3x3xf32>, %r: tensor<1x4x3x3xf32>) {
  // expected-error @+2 {{residual}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "nabla.fused_conv2d"(%x, %w, %r) <{channels_last, operandSegmentSizes = array<i32: 1, 1, 0, 1>}> : (tensor<1x5x5x3xf32>, tensor<4x3x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x3x3x4xf32>
  return
}
