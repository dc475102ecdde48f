// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// The bias is broadcast into the initial accumulator; pads become tensor.pad.
// CHECK-LABEL: func.func @conv2d_bias_pads
func.func @conv2d_bias_pads(%x: tensor<2x3x8x9xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x4xf32> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 2] high[0, 0, 0, 1]
  // CHECK: tensor.yield %[[ZERO]] : f32
  // CHECK: } : tensor<2x3x8x9xf32> to tensor<2x3x9x12xf32>
  // CHECK: %[[INIT:.*]] = linalg.broadcast ins(%arg2 : tensor<4xf32>) outs(%{{.*}} : tensor<2x4x4x4xf32>) dimensions = [0, 2, 3]
  // CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>} ins(%[[PAD]], %arg1 : tensor<2x3x9x12xf32>, tensor<4x3x3x2xf32>) outs(%[[INIT]] : tensor<2x4x4x4xf32>)
  // CHECK: return %[[CONV]]
  %y = nabla.conv2d %x, %w, %b strides = [2, 3] pads = [1, 2, 0, 1] : (tensor<2x3x8x9xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_dilations_no_bias
func.func @conv2d_dilations_no_bias(%x: tensor<1x2x9x9xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x5x3xf32> {
  // CHECK-NOT: tensor.pad
  // CHECK: %[[INIT:.*]] = linalg.fill
  // CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[2, 3]> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%arg0, %arg1 : tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>) outs(%[[INIT]] : tensor<1x3x5x3xf32>)
  %y = nabla.conv2d %x, %w dilations = [2, 3] : (tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x5x3xf32>
  return %y : tensor<1x3x5x3xf32>
}

// -----

// One filter per channel is a depthwise convolution.
// CHECK-LABEL: func.func @conv2d_depthwise
func.func @conv2d_depthwise(%x: tensor<2x4x6x6xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x6x6xf32> {
  // CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
  // CHECK: %[[FILTER:.*]] = tensor.collapse_shape %arg1 {{\[}}[0], [1, 2], [3]] : tensor<4x1x3x3xf32> into tensor<4x3x3xf32>
  // CHECK: %[[INIT:.*]] = linalg.broadcast ins(%arg2 : tensor<4xf32>)
  // CHECK: linalg.depthwise_conv_2d_nchw_chw {{.*}} ins(%[[PAD]], %[[FILTER]] : tensor<2x4x8x8xf32>, tensor<4x3x3xf32>) outs(%[[INIT]] : tensor<2x4x6x6xf32>)
  %y = nabla.conv2d %x, %w, %b pads = [1, 1, 1, 1] groups = 4 : (tensor<2x4x6x6xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// -----

// Other groups split the channels: NGCHW input, GFCHW filter, NGFHW output.
// CHECK-LABEL: func.func @conv2d_groups
func.func @conv2d_groups(%x: tensor<2x6x7x5xf32>, %w: tensor<9x2x3x2xf32>, %b: tensor<9xf32>) -> tensor<2x9x4x4xf32> {
  // CHECK: %[[IN:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 3, 2, 9, 6] : tensor<2x6x9x6xf32> into tensor<2x3x2x9x6xf32>
  // CHECK: %[[FILTER:.*]] = tensor.expand_shape %arg1 {{\[}}[0, 1], [2], [3], [4]] output_shape [3, 3, 2, 3, 2] : tensor<9x2x3x2xf32> into tensor<3x3x2x3x2xf32>
  // CHECK: %[[BIAS:.*]] = tensor.expand_shape %arg2 {{\[}}[0, 1]] output_shape [3, 3] : tensor<9xf32> into tensor<3x3xf32>
  // CHECK: %[[INIT:.*]] = linalg.broadcast ins(%[[BIAS]] : tensor<3x3xf32>) outs(%{{.*}} : tensor<2x3x3x4x4xf32>) dimensions = [0, 3, 4]
  // CHECK: %[[CONV:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%[[IN]], %[[FILTER]] : tensor<2x3x2x9x6xf32>, tensor<3x3x2x3x2xf32>) outs(%[[INIT]] : tensor<2x3x3x4x4xf32>)
  // CHECK: tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3], [4]] : tensor<2x3x3x4x4xf32> into tensor<2x9x4x4xf32>
  %y = nabla.conv2d %x, %w, %b strides = [2, 1] pads = [1, 0, 1, 1] dilations = [1, 2] groups = 3 : (tensor<2x6x7x5xf32>, tensor<9x2x3x2xf32>, tensor<9xf32>) -> tensor<2x9x4x4xf32>
  return %y : tensor<2x9x4x4xf32>
}

// -----

// f16 convolutions accumulate in f32.
// CHECK-LABEL: func.func @conv2d_f16
func.func @conv2d_f16(%x: tensor<1x3x6x6xf16>, %w: tensor<4x3x3x3xf16>, %b: tensor<4xf16>) -> tensor<1x4x4x4xf16> {
  // CHECK: %[[BIAS:.*]] = linalg.generic {{.*}} ins(%arg2 : tensor<4xf16>) outs(%{{.*}} : tensor<4xf32>)
  // CHECK: arith.extf
  // CHECK: %[[INIT:.*]] = linalg.broadcast ins(%[[BIAS]] : tensor<4xf32>)
  // CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%arg0, %arg1 : tensor<1x3x6x6xf16>, tensor<4x3x3x3xf16>) outs(%[[INIT]] : tensor<1x4x4x4xf32>)
  // CHECK: linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x4x4x4xf32>) outs(%{{.*}} : tensor<1x4x4x4xf16>)
  // CHECK: arith.truncf
  %y = nabla.conv2d %x, %w, %b : (tensor<1x3x6x6xf16>, tensor<4x3x3x3xf16>, tensor<4xf16>) -> tensor<1x4x4x4xf16>
  return %y : tensor<1x4x4x4xf16>
}

// -----

// A transposed convolution convolves the zero-stuffed input (x[h] at
// h * stride + dilation * (K - 1) - pad) with the flipped kernel, whose in
// and out channels are swapped.
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK-LABEL: func.func @conv_transpose2d
func.func @conv_transpose2d(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x6x6xf32> {
  // CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x4x8x8xf32>)
  // CHECK: %[[STUFFED:.*]] = tensor.insert_slice %{{.*}} into %[[ZEROS]][0, 0, 1, 1] [1, 4, 3, 3] [1, 1, 2, 2] : tensor<1x4x3x3xf32> into tensor<1x4x8x8xf32>
  // CHECK: %[[W:.*]] = tensor.expand_shape %arg1 {{\[}}[0, 1], [2], [3], [4]] output_shape [1, 4, 2, 3, 3]
  // CHECK: %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], #{{.*}}]{{.*}} ins(%[[W]] : tensor<1x4x2x3x3xf32>) outs(%{{.*}} : tensor<1x2x4x3x3xf32>)
  // CHECK: %[[FILTER:.*]] = tensor.collapse_shape %[[FLIPPED]] {{.*}} into tensor<2x4x3x3xf32>
  // CHECK: %[[INIT:.*]] = linalg.broadcast ins(%arg2 : tensor<2xf32>)
  // CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[STUFFED]], %[[FILTER]] : tensor<1x4x8x8xf32>, tensor<2x4x3x3xf32>) outs(%[[INIT]] : tensor<1x2x6x6xf32>)
  %y = nabla.conv_transpose2d %x, %w, %b strides = [2, 2] pads = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// Pads larger than dilation * (K - 1) crop the input.
// CHECK-LABEL: func.func @conv_transpose2d_crop_groups
func.func @conv_transpose2d_crop_groups(%x: tensor<1x4x6x6xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x2x4x4xf32> {
  // CHECK: %[[SLICE:.*]] = tensor.extract_slice %arg0[0, 0, 1, 1] [1, 4, 5, 5] [1, 1, 1, 1] : tensor<1x4x6x6xf32> to tensor<1x4x5x5xf32>
  // CHECK: tensor.insert_slice %[[SLICE]] into %{{.*}}[0, 0, 0, 0] [1, 4, 5, 5] [1, 1, 1, 1] : tensor<1x4x5x5xf32> into tensor<1x4x8x8xf32>
  // CHECK: linalg.conv_2d_ngchw_gfchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x2x2x8x8xf32>, tensor<2x1x2x3x3xf32>)
  %y = nabla.conv_transpose2d %x, %w pads = [5, 5, 1, 1] dilations = [2, 2] groups = 2 : (tensor<1x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Max pooling pads with -inf, and only as far as the windows read.
// CHECK-LABEL: func.func @max_pool2d_ceil
func.func @max_pool2d_ceil(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32> {
  // CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
  // CHECK: tensor.yield %[[NEG_INF]] : f32
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2x4x4xf32>)
  // CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
  // CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[WINDOW]] : tensor<1x2x9x9xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x2x4x4xf32>)
  %y = nabla.max_pool2d %x kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] ceil_mode : tensor<1x2x7x7xf32> -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool2d_dilations_i32
func.func @max_pool2d_dilations_i32(%x: tensor<1x2x9x9xi32>) -> tensor<1x2x4x3xi32> {
  // CHECK: %[[LOWEST:.*]] = arith.constant -2147483648 : i32
  // CHECK: tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 0]
  // CHECK: linalg.pooling_nchw_max {dilations = dense<2> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>}
  %y = nabla.max_pool2d %x kernel_shape = [3, 2] strides = [2, 3] pads = [1, 1, 2, 0] dilations = [2, 2] : tensor<1x2x9x9xi32> -> tensor<1x2x4x3xi32>
  return %y : tensor<1x2x4x3xi32>
}

// -----

// linalg has no unsigned NCHW max pooling: a generic with arith.maxui.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-LABEL: func.func @max_pool2d_ui8
func.func @max_pool2d_ui8(%x: tensor<1x2x6x6xui8>) -> tensor<1x2x3x3xui8> {
  // CHECK: arith.constant 0 : i8
  // CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
  // CHECK: arith.maxui
  %y = nabla.max_pool2d %x kernel_shape = [2, 2] strides = [2, 2] : tensor<1x2x6x6xui8> -> tensor<1x2x3x3xui8>
  return %y : tensor<1x2x3x3xui8>
}

// -----

// Without padding every window holds K*K elements: one divisor.
// CHECK-LABEL: func.func @avg_pool2d
func.func @avg_pool2d(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  // CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%arg0, %{{.*}} : tensor<1x2x8x8xf32>, tensor<2x2xf32>)
  // CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x4x4xf32>)
  // CHECK: %[[COUNT:.*]] = arith.constant 4.000000e+00 : f32
  // CHECK: arith.divf %{{.*}}, %[[COUNT]] : f32
  %y = nabla.avg_pool2d %x kernel_shape = [2, 2] strides = [2, 2] : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Without count_include_pad the border windows count fewer elements: a row
// count times a column count.
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, 0)>
// CHECK-DAG: #[[COLS:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @avg_pool2d_exclude_pad
func.func @avg_pool2d_exclude_pad(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32> {
  // CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
  // CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {{.*}} ins(%[[PAD]]
  // CHECK-DAG: %[[R:.*]] = arith.constant dense<[{{\[}}2.000000e+00], [3.000000e+00], [3.000000e+00], [2.000000e+00]]> : tensor<4x1xf32>
  // CHECK-DAG: %[[C:.*]] = arith.constant dense<[2.000000e+00, 3.000000e+00, 3.000000e+00, 2.000000e+00]> : tensor<4xf32>
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[ROWS]], #[[COLS]], #{{.*}}]{{.*}} ins(%[[SUM]], %[[R]], %[[C]] :
  // CHECK: arith.mulf
  // CHECK: arith.divf
  %y = nabla.avg_pool2d %x kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] : tensor<1x2x7x7xf32> -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// With count_include_pad and ceil_mode, only the positions past the padded
// input are excluded; f16 sums accumulate in f32.
// CHECK-LABEL: func.func @avg_pool2d_ceil_include_pad_f16
func.func @avg_pool2d_ceil_include_pad_f16(%x: tensor<1x2x6x6xf16>) -> tensor<1x2x3x3xf16> {
  // CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 0, 0] high[0, 0, 1, 1]
  // CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {{.*}} ins(%[[PAD]], %{{.*}} : tensor<1x2x7x7xf16>, tensor<3x3xf32>) outs(%{{.*}} : tensor<1x2x3x3xf32>)
  // CHECK-DAG: arith.constant dense<[{{\[}}3.000000e+00], [3.000000e+00], [2.000000e+00]]> : tensor<3x1xf32>
  // CHECK-DAG: arith.constant dense<[3.000000e+00, 3.000000e+00, 2.000000e+00]> : tensor<3xf32>
  // CHECK: arith.divf
  // CHECK: arith.truncf %{{.*}} : f32 to f16
  %y = nabla.avg_pool2d %x kernel_shape = [3, 3] strides = [2, 2] ceil_mode count_include_pad : tensor<1x2x6x6xf16> -> tensor<1x2x3x3xf16>
  return %y : tensor<1x2x3x3xf16>
}

// -----

// Global pooling is pooling with the whole plane as the window.
// CHECK-LABEL: func.func @global_avg_pool2d
func.func @global_avg_pool2d(%x: tensor<2x3x5x4xf32>) -> tensor<2x3x1x1xf32> {
  // CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {{.*}} ins(%arg0, %{{.*}} : tensor<2x3x5x4xf32>, tensor<5x4xf32>) outs(%{{.*}} : tensor<2x3x1x1xf32>)
  // CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x3x1x1xf32>)
  // CHECK: arith.constant 2.000000e+01 : f32
  // CHECK: arith.divf
  %y = nabla.global_avg_pool2d %x : tensor<2x3x5x4xf32> -> tensor<2x3x1x1xf32>
  return %y : tensor<2x3x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @global_max_pool2d
func.func @global_max_pool2d(%x: tensor<2x3x5x4xf32>) -> tensor<2x3x1x1xf32> {
  // CHECK: arith.constant 0xFF800000 : f32
  // CHECK: linalg.pooling_nchw_max {{.*}} ins(%arg0, %{{.*}} : tensor<2x3x5x4xf32>, tensor<5x4xf32>) outs(%{{.*}} : tensor<2x3x1x1xf32>)
  %y = nabla.global_max_pool2d %x : tensor<2x3x5x4xf32> -> tensor<2x3x1x1xf32>
  return %y : tensor<2x3x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @global_max_pool2d_ui8
func.func @global_max_pool2d_ui8(%x: tensor<1x2x7x7xui8>) -> tensor<1x2x1x1xui8> {
  // CHECK: linalg.generic {{.*}} ins(%arg0, %{{.*}} : tensor<1x2x7x7xi8>, tensor<7x7xi8>) outs(%{{.*}} : tensor<1x2x1x1xi8>)
  // CHECK: arith.maxui
  %y = nabla.global_max_pool2d %x : tensor<1x2x7x7xui8> -> tensor<1x2x1x1xui8>
  return %y : tensor<1x2x1x1xui8>
}

// -----

// An input without elements is all padding: a fill rather than a tensor.pad
// (which would not bufferize).
// CHECK-LABEL: func.func @conv2d_empty_batch
func.func @conv2d_empty_batch(%x: tensor<0x4x9x9xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<0x6x5x5xf32> {
  // CHECK-NOT: tensor.pad
  // CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<0x4x11x11xf32>)
  // CHECK: linalg.conv_2d_ngchw_gfchw
  %y = nabla.conv2d %x, %w strides = [2, 2] pads = [1, 1, 1, 1] groups = 2 : (tensor<0x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<0x6x5x5xf32>
  return %y : tensor<0x6x5x5xf32>
}

// -----

// CHECK-LABEL: func.func @conv_transpose2d_empty_batch
func.func @conv_transpose2d_empty_batch(%x: tensor<0x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<0x2x6x6xf32> {
  // CHECK-NOT: tensor.insert_slice
  // CHECK: linalg.conv_2d_nchw_fchw
  %y = nabla.conv_transpose2d %x, %w strides = [2, 2] pads = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<0x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<0x2x6x6xf32>
  return %y : tensor<0x2x6x6xf32>
}

// -----

// fused_conv2d: the convolution as conv2d lowers it, then the residual and
// the activation in one elementwise epilogue.
// CHECK-LABEL: func.func @fused_conv2d
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[CONV]], %arg3 : tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
func.func @fused_conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %r: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %0 = nabla.fused_conv2d %x, %w bias %b residual %r activation = relu : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Without the kernels, a channels-last convolution and pooling are computed
// as their NCHW forms between transposes (an nchw_input x as it is); the
// transposes between the two cancel.
// CHECK-LABEL: func.func @channels_last
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>)
// CHECK: linalg.transpose ins(%[[CONV]] : tensor<1x4x6x6xf32>) outs(%{{.*}} : tensor<1x6x6x4xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[POOL:.*]] = linalg.pooling_nchw_max {{.*}} ins(%[[CONV]], %{{.*}} : tensor<1x4x6x6xf32>, tensor<2x2xf32>)
// CHECK: linalg.transpose ins(%[[POOL]] : tensor<1x4x3x3xf32>) outs(%{{.*}} : tensor<1x3x3x4xf32>) permutation = [0, 2, 3, 1]
func.func @channels_last(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x3x4xf32> {
  %0 = nabla.fused_conv2d %x, %w channels_last nchw_input : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x6x4xf32>
  %1 = nabla.max_pool2d %0 kernel_shape = [2, 2] strides = [2, 2] channels_last : tensor<1x6x6x4xf32> -> tensor<1x3x3x4xf32>
  return %1 : tensor<1x3x3x4xf32>
}
