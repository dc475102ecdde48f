// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// CHECK-LABEL: func.func @reshape_inferred
func.func @reshape_inferred(%x: tensor<2x784xf32>) -> tensor<2x28x28xf32> {
  // CHECK: nabla.reshape %{{.*}} shape = [-1, 28, 28] : tensor<2x784xf32> -> tensor<2x28x28xf32>
  %y = nabla.reshape %x shape = [-1, 28, 28] : tensor<2x784xf32> -> tensor<2x28x28xf32>
  return %y : tensor<2x28x28xf32>
}

// CHECK-LABEL: func.func @reshape_static
func.func @reshape_static(%x: tensor<2x3x4xi64>) -> tensor<6x4xi64> {
  // CHECK: nabla.reshape %{{.*}} shape = [6, 4] : tensor<2x3x4xi64> -> tensor<6x4xi64>
  %y = nabla.reshape %x shape = [6, 4] : tensor<2x3x4xi64> -> tensor<6x4xi64>
  return %y : tensor<6x4xi64>
}

// CHECK-LABEL: func.func @reshape_dynamic
func.func @reshape_dynamic(%x: tensor<?x784xf32>) -> tensor<?x28x28xf32> {
  // CHECK: nabla.reshape %{{.*}} shape = [-1, 28, 28] : tensor<?x784xf32> -> tensor<?x28x28xf32>
  %y = nabla.reshape %x shape = [-1, 28, 28] : tensor<?x784xf32> -> tensor<?x28x28xf32>
  return %y : tensor<?x28x28xf32>
}

// CHECK-LABEL: func.func @reshape_dynamic_to_static
func.func @reshape_dynamic_to_static(%x: tensor<?x4xf32>) -> tensor<2x4xf32> {
  // CHECK: nabla.reshape %{{.*}} shape = [2, 4] : tensor<?x4xf32> -> tensor<2x4xf32>
  %y = nabla.reshape %x shape = [2, 4] : tensor<?x4xf32> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @reshape_scalar
func.func @reshape_scalar(%x: tensor<1x1xf32>) -> tensor<f32> {
  // CHECK: nabla.reshape %{{.*}} shape = [] : tensor<1x1xf32> -> tensor<f32>
  %y = nabla.reshape %x shape = [] : tensor<1x1xf32> -> tensor<f32>
  return %y : tensor<f32>
}

// CHECK-LABEL: func.func @flatten_default
func.func @flatten_default(%x: tensor<?x3x4xf32>) -> tensor<?x12xf32> {
  // CHECK: nabla.flatten %{{.*}} : tensor<?x3x4xf32> -> tensor<?x12xf32>
  %y = nabla.flatten %x : tensor<?x3x4xf32> -> tensor<?x12xf32>
  return %y : tensor<?x12xf32>
}

// CHECK-LABEL: func.func @flatten_axis0
func.func @flatten_axis0(%x: tensor<2x3x4xf32>) -> tensor<1x24xf32> {
  // CHECK: nabla.flatten %{{.*}} axis = 0 : tensor<2x3x4xf32> -> tensor<1x24xf32>
  %y = nabla.flatten %x axis = 0 : tensor<2x3x4xf32> -> tensor<1x24xf32>
  return %y : tensor<1x24xf32>
}

// CHECK-LABEL: func.func @flatten_axis_rank
func.func @flatten_axis_rank(%x: tensor<?x3x4xf32>) -> tensor<?x1xf32> {
  // CHECK: nabla.flatten %{{.*}} axis = 3 : tensor<?x3x4xf32> -> tensor<?x1xf32>
  %y = nabla.flatten %x axis = 3 : tensor<?x3x4xf32> -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// CHECK-LABEL: func.func @flatten_default_written
func.func @flatten_default_written(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  // CHECK: nabla.flatten %{{.*}} : tensor<2x3x4xf32> -> tensor<2x12xf32>
  %y = nabla.flatten %x axis = 1 : tensor<2x3x4xf32> -> tensor<2x12xf32>
  return %y : tensor<2x12xf32>
}

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<?x3x4xf32>) -> tensor<4x?x3xf32> {
  // CHECK: nabla.transpose %{{.*}} perm = [2, 0, 1] : tensor<?x3x4xf32> -> tensor<4x?x3xf32>
  %y = nabla.transpose %x perm = [2, 0, 1] : tensor<?x3x4xf32> -> tensor<4x?x3xf32>
  return %y : tensor<4x?x3xf32>
}

// CHECK-LABEL: func.func @squeeze
func.func @squeeze(%x: tensor<?x1x8x1xf32>) -> tensor<?x8xf32> {
  // CHECK: nabla.squeeze %{{.*}} axes = [3, 1] : tensor<?x1x8x1xf32> -> tensor<?x8xf32>
  %y = nabla.squeeze %x axes = [3, 1] : tensor<?x1x8x1xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// A dynamic dimension may be squeezed: it must be 1 at run time.
// CHECK-LABEL: func.func @squeeze_dynamic
func.func @squeeze_dynamic(%x: tensor<?x8xf32>) -> tensor<8xf32> {
  // CHECK: nabla.squeeze %{{.*}} axes = [0] : tensor<?x8xf32> -> tensor<8xf32>
  %y = nabla.squeeze %x axes = [0] : tensor<?x8xf32> -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// CHECK-LABEL: func.func @unsqueeze
func.func @unsqueeze(%x: tensor<?x8xf32>) -> tensor<1x?x8x1xf32> {
  // CHECK: nabla.unsqueeze %{{.*}} axes = [3, 0] : tensor<?x8xf32> -> tensor<1x?x8x1xf32>
  %y = nabla.unsqueeze %x axes = [3, 0] : tensor<?x8xf32> -> tensor<1x?x8x1xf32>
  return %y : tensor<1x?x8x1xf32>
}

// CHECK-LABEL: func.func @unsqueeze_scalar
func.func @unsqueeze_scalar(%x: tensor<i1>) -> tensor<1xi1> {
  // CHECK: nabla.unsqueeze %{{.*}} axes = [0] : tensor<i1> -> tensor<1xi1>
  %y = nabla.unsqueeze %x axes = [0] : tensor<i1> -> tensor<1xi1>
  return %y : tensor<1xi1>
}

// CHECK-LABEL: func.func @concat
func.func @concat(%a: tensor<?x3xf32>, %b: tensor<?x5xf32>, %c: tensor<2x1xf32>) -> tensor<2x9xf32> {
  // CHECK: nabla.concat %{{.*}}, %{{.*}}, %{{.*}} axis = 1 : (tensor<?x3xf32>, tensor<?x5xf32>, tensor<2x1xf32>) -> tensor<2x9xf32>
  %y = nabla.concat %a, %b, %c axis = 1 : (tensor<?x3xf32>, tensor<?x5xf32>, tensor<2x1xf32>) -> tensor<2x9xf32>
  return %y : tensor<2x9xf32>
}

// CHECK-LABEL: func.func @concat_dynamic_axis
func.func @concat_dynamic_axis(%a: tensor<?x3xi32>, %b: tensor<4x3xi32>) -> tensor<?x3xi32> {
  // CHECK: nabla.concat %{{.*}}, %{{.*}} axis = 0 : (tensor<?x3xi32>, tensor<4x3xi32>) -> tensor<?x3xi32>
  %y = nabla.concat %a, %b axis = 0 : (tensor<?x3xi32>, tensor<4x3xi32>) -> tensor<?x3xi32>
  return %y : tensor<?x3xi32>
}

// CHECK-LABEL: func.func @split
func.func @split(%x: tensor<?x5xf32>) -> (tensor<?x2xf32>, tensor<?x3xf32>) {
  // CHECK: nabla.split %{{.*}} axis = 1 sizes = [2, 3] : tensor<?x5xf32> -> tensor<?x2xf32>, tensor<?x3xf32>
  %a, %b = nabla.split %x axis = 1 sizes = [2, 3] : tensor<?x5xf32> -> tensor<?x2xf32>, tensor<?x3xf32>
  return %a, %b : tensor<?x2xf32>, tensor<?x3xf32>
}

// Splitting a dynamic dimension gives the written sizes.
// CHECK-LABEL: func.func @split_default_axis
func.func @split_default_axis(%x: tensor<?x5xf32>) -> (tensor<1x5xf32>, tensor<0x5xf32>, tensor<3x5xf32>) {
  // CHECK: nabla.split %{{.*}} sizes = [1, 0, 3] : tensor<?x5xf32> -> tensor<1x5xf32>, tensor<0x5xf32>, tensor<3x5xf32>
  %a, %b, %c = nabla.split %x sizes = [1, 0, 3] : tensor<?x5xf32> -> tensor<1x5xf32>, tensor<0x5xf32>, tensor<3x5xf32>
  return %a, %b, %c : tensor<1x5xf32>, tensor<0x5xf32>, tensor<3x5xf32>
}

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<?x8xf32>) -> tensor<?x6xf32> {
  // CHECK: nabla.slice %{{.*}} starts = [1] ends = [-1] axes = [1] : tensor<?x8xf32> -> tensor<?x6xf32>
  %y = nabla.slice %x starts = [1] ends = [-1] axes = [1] : tensor<?x8xf32> -> tensor<?x6xf32>
  return %y : tensor<?x6xf32>
}

// Steps 3: indices 0, 3, 6 of 8; a dynamic sliced dimension stays dynamic.
// CHECK-LABEL: func.func @slice_steps
func.func @slice_steps(%x: tensor<?x8xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.slice %{{.*}} starts = [0, 0] ends = [2, 100] axes = [0, 1] steps = [1, 3] : tensor<?x8xf32> -> tensor<?x3xf32>
  %y = nabla.slice %x starts = [0, 0] ends = [2, 100] axes = [0, 1] steps = [1, 3] : tensor<?x8xf32> -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// Reversal with INT64 sentinels: indices 7, 5, 3, 1.
// CHECK-LABEL: func.func @slice_negative_step
func.func @slice_negative_step(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  // CHECK: nabla.slice %{{.*}} starts = [9223372036854775807] ends = [-9223372036854775808] axes = [1] steps = [-2] : tensor<2x8xf32> -> tensor<2x4xf32>
  %y = nabla.slice %x starts = [9223372036854775807] ends = [-9223372036854775808] axes = [1] steps = [-2] : tensor<2x8xf32> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// Start -3 is index 5 of 8; end -1 is clamped to index -1 (before index 0),
// so the slice takes 5, 4, 3, 2, 1, 0.
// CHECK-LABEL: func.func @slice_negative_bounds
func.func @slice_negative_bounds(%x: tensor<8xf32>) -> tensor<6xf32> {
  // CHECK: nabla.slice %{{.*}} starts = [-3] ends = [-100] axes = [0] steps = [-1] : tensor<8xf32> -> tensor<6xf32>
  %y = nabla.slice %x starts = [-3] ends = [-100] axes = [0] steps = [-1] : tensor<8xf32> -> tensor<6xf32>
  return %y : tensor<6xf32>
}

// CHECK-LABEL: func.func @slice_empty
func.func @slice_empty(%x: tensor<8xf32>) -> tensor<0xf32> {
  // CHECK: nabla.slice %{{.*}} starts = [5] ends = [2] axes = [0] : tensor<8xf32> -> tensor<0xf32>
  %y = nabla.slice %x starts = [5] ends = [2] axes = [0] : tensor<8xf32> -> tensor<0xf32>
  return %y : tensor<0xf32>
}

// CHECK-LABEL: func.func @gather
func.func @gather(%table: tensor<1000x64xf32>, %ids: tensor<?x16xi64>) -> tensor<?x16x64xf32> {
  // CHECK: nabla.gather %{{.*}}, %{{.*}} : (tensor<1000x64xf32>, tensor<?x16xi64>) -> tensor<?x16x64xf32>
  %y = nabla.gather %table, %ids : (tensor<1000x64xf32>, tensor<?x16xi64>) -> tensor<?x16x64xf32>
  return %y : tensor<?x16x64xf32>
}

// CHECK-LABEL: func.func @gather_axis_scalar_index
func.func @gather_axis_scalar_index(%x: tensor<?x5x7xi64>, %i: tensor<i32>) -> tensor<?x7xi64> {
  // CHECK: nabla.gather %{{.*}}, %{{.*}} axis = 1 : (tensor<?x5x7xi64>, tensor<i32>) -> tensor<?x7xi64>
  %y = nabla.gather %x, %i axis = 1 : (tensor<?x5x7xi64>, tensor<i32>) -> tensor<?x7xi64>
  return %y : tensor<?x7xi64>
}

// CHECK-LABEL: func.func @gather_in_bounds
func.func @gather_in_bounds(%flat: tensor<60xf32>, %offsets: tensor<3x4xi64>) -> tensor<3x4xf32> {
  // CHECK: nabla.gather %{{.*}}, %{{.*}} in_bounds : (tensor<60xf32>, tensor<3x4xi64>) -> tensor<3x4xf32>
  %y = nabla.gather %flat, %offsets in_bounds : (tensor<60xf32>, tensor<3x4xi64>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// CHECK-LABEL: func.func @pad_constant
func.func @pad_constant(%x: tensor<?x3x8x8xf32>) -> tensor<?x3x10x10xf32> {
  // CHECK: nabla.pad %{{.*}} pads = [0, 0, 1, 1, 0, 0, 1, 1] : tensor<?x3x8x8xf32> -> tensor<?x3x10x10xf32>
  %y = nabla.pad %x pads = [0, 0, 1, 1, 0, 0, 1, 1] : tensor<?x3x8x8xf32> -> tensor<?x3x10x10xf32>
  return %y : tensor<?x3x10x10xf32>
}

// CHECK-LABEL: func.func @pad_value_crop
func.func @pad_value_crop(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  // CHECK: nabla.pad %{{.*}} pads = [1, 1, 2, -5] value = -1.500000e+00 : tensor<?x8xf32> -> tensor<?x4xf32>
  %y = nabla.pad %x pads = [1, 1, 2, -5] mode = constant value = -1.5 : tensor<?x8xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @pad_reflect
func.func @pad_reflect(%x: tensor<?x8xf32>) -> tensor<?x15xf32> {
  // CHECK: nabla.pad %{{.*}} pads = [0, 7, 0, 0] mode = reflect : tensor<?x8xf32> -> tensor<?x15xf32>
  %y = nabla.pad %x pads = [0, 7, 0, 0] mode = reflect : tensor<?x8xf32> -> tensor<?x15xf32>
  return %y : tensor<?x15xf32>
}

// CHECK-LABEL: func.func @pad_edge
func.func @pad_edge(%x: tensor<?x1xi32>) -> tensor<?x4xi32> {
  // CHECK: nabla.pad %{{.*}} pads = [0, 2, 0, 1] mode = edge : tensor<?x1xi32> -> tensor<?x4xi32>
  %y = nabla.pad %x pads = [0, 2, 0, 1] mode = edge : tensor<?x1xi32> -> tensor<?x4xi32>
  return %y : tensor<?x4xi32>
}

// CHECK-LABEL: func.func @expand
func.func @expand(%x: tensor<?x1xf32>) -> tensor<4x?x3xf32> {
  // CHECK: nabla.expand %{{.*}} shape = [4, 1, 3] : tensor<?x1xf32> -> tensor<4x?x3xf32>
  %y = nabla.expand %x shape = [4, 1, 3] : tensor<?x1xf32> -> tensor<4x?x3xf32>
  return %y : tensor<4x?x3xf32>
}

// ONNX's broadcast is bidirectional: `shape` may have the smaller rank and
// its 1s keep the operand's dimensions.
// CHECK-LABEL: func.func @expand_smaller_shape
func.func @expand_smaller_shape(%x: tensor<2x3x1xf32>) -> tensor<2x3x5xf32> {
  // CHECK: nabla.expand %{{.*}} shape = [1, 5] : tensor<2x3x1xf32> -> tensor<2x3x5xf32>
  %y = nabla.expand %x shape = [1, 5] : tensor<2x3x1xf32> -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// CHECK-LABEL: func.func @tile
func.func @tile(%x: tensor<?x4xf32>) -> tensor<?x12xf32> {
  // CHECK: nabla.tile %{{.*}} repeats = [2, 3] : tensor<?x4xf32> -> tensor<?x12xf32>
  %y = nabla.tile %x repeats = [2, 3] : tensor<?x4xf32> -> tensor<?x12xf32>
  return %y : tensor<?x12xf32>
}

// CHECK-LABEL: func.func @tile_zero
func.func @tile_zero(%x: tensor<?x4xf32>) -> tensor<0x4xf32> {
  // CHECK: nabla.tile %{{.*}} repeats = [0, 1] : tensor<?x4xf32> -> tensor<0x4xf32>
  %y = nabla.tile %x repeats = [0, 1] : tensor<?x4xf32> -> tensor<0x4xf32>
  return %y : tensor<0x4xf32>
}
