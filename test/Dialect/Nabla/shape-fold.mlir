// RUN: nabla-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reshape_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK-NOT: nabla.reshape
// CHECK: return %[[X]]
func.func @reshape_same_type(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = nabla.reshape %x shape = [-1, 4] : tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = nabla.reshape %[[X]] shape = [-1, 2, 2] : tensor<?x3x4xf32> -> tensor<?x2x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @reshape_reshape(%x: tensor<?x3x4xf32>) -> tensor<?x2x2xf32> {
  %a = nabla.reshape %x shape = [-1, 12] : tensor<?x3x4xf32> -> tensor<?x12xf32>
  %b = nabla.reshape %a shape = [-1, 2, 2] : tensor<?x12xf32> -> tensor<?x2x2xf32>
  return %b : tensor<?x2x2xf32>
}

// -----

// The inner reshape made the shape static: a -1 read from the dynamic
// operand would lose that, so the chain stays.
// CHECK-LABEL: func.func @reshape_reshape_keeps_static
// CHECK: nabla.reshape %{{.*}} shape = [2, 4] : tensor<?x4xf32> -> tensor<2x4xf32>
// CHECK: nabla.reshape %{{.*}} shape = [-1] : tensor<2x4xf32> -> tensor<8xf32>
func.func @reshape_reshape_keeps_static(%x: tensor<?x4xf32>) -> tensor<8xf32> {
  %a = nabla.reshape %x shape = [2, 4] : tensor<?x4xf32> -> tensor<2x4xf32>
  %b = nabla.reshape %a shape = [-1] : tensor<2x4xf32> -> tensor<8xf32>
  return %b : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT: %[[C:.*]] = nabla.constant dense<{{\[\[}}1, 2], [3, 4], [5, 6]]> : tensor<3x2xi32>
// CHECK-NEXT: return %[[C]]
func.func @reshape_constant() -> tensor<3x2xi32> {
  %c = nabla.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %y = nabla.reshape %c shape = [3, -1] : tensor<2x3xi32> -> tensor<3x2xi32>
  return %y : tensor<3x2xi32>
}

// -----

// CHECK-LABEL: func.func @reshape_kept
// CHECK: nabla.reshape %{{.*}} shape = [3, 2] : tensor<2x3xf32> -> tensor<3x2xf32>
func.func @reshape_kept(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %y = nabla.reshape %x shape = [3, 2] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @flatten_same_type(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nabla.flatten %x : tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_kept
// CHECK: nabla.flatten %{{.*}} : tensor<?x2x4xf32> -> tensor<?x8xf32>
func.func @flatten_kept(%x: tensor<?x2x4xf32>) -> tensor<?x8xf32> {
  %y = nabla.flatten %x : tensor<?x2x4xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %y = nabla.transpose %x perm = [0, 1] : tensor<?x3xf32> -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

// [1, 2, 0] after [0, 2, 1]: result dim i is x's dim inner[outer[i]].
// CHECK-LABEL: func.func @transpose_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = nabla.transpose %[[X]] perm = [2, 1, 0] : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @transpose_transpose(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %a = nabla.transpose %x perm = [0, 2, 1] : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
  %b = nabla.transpose %a perm = [1, 2, 0] : tensor<2x4x3xf32> -> tensor<4x3x2xf32>
  return %b : tensor<4x3x2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_inverse
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_inverse(%x: tensor<?x3x4xf32>) -> tensor<?x3x4xf32> {
  %a = nabla.transpose %x perm = [2, 0, 1] : tensor<?x3x4xf32> -> tensor<4x?x3xf32>
  %b = nabla.transpose %a perm = [1, 2, 0] : tensor<4x?x3xf32> -> tensor<?x3x4xf32>
  return %b : tensor<?x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_splat
// CHECK-NEXT: %[[C:.*]] = nabla.constant dense<1.500000e+00> : tensor<3x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @transpose_splat() -> tensor<3x2xf32> {
  %c = nabla.constant dense<1.5> : tensor<2x3xf32>
  %y = nabla.transpose %c perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Only splats fold: a dense constant would need its elements permuted.
// CHECK-LABEL: func.func @transpose_dense_kept
// CHECK: nabla.transpose %{{.*}} perm = [1, 0] : tensor<1x2xf32> -> tensor<2x1xf32>
func.func @transpose_dense_kept() -> tensor<2x1xf32> {
  %c = nabla.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %y = nabla.transpose %c perm = [1, 0] : tensor<1x2xf32> -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// -----

// CHECK-LABEL: func.func @squeeze_unsqueeze
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @squeeze_unsqueeze(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %a = nabla.unsqueeze %x axes = [0, 3] : tensor<?x8xf32> -> tensor<1x?x8x1xf32>
  %b = nabla.squeeze %a axes = [3, 0] : tensor<1x?x8x1xf32> -> tensor<?x8xf32>
  return %b : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @squeeze_unsqueeze_other_axes
// CHECK: nabla.unsqueeze
// CHECK: nabla.squeeze %{{.*}} axes = [1] : tensor<1x1x8xf32> -> tensor<1x8xf32>
func.func @squeeze_unsqueeze_other_axes(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %a = nabla.unsqueeze %x axes = [0] : tensor<1x8xf32> -> tensor<1x1x8xf32>
  %b = nabla.squeeze %a axes = [1] : tensor<1x1x8xf32> -> tensor<1x8xf32>
  return %b : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @unsqueeze_squeeze
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @unsqueeze_squeeze(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %a = nabla.squeeze %x axes = [0] : tensor<1x8xf32> -> tensor<8xf32>
  %b = nabla.unsqueeze %a axes = [0] : tensor<8xf32> -> tensor<1x8xf32>
  return %b : tensor<1x8xf32>
}

// -----

// The squeezed dimension was dynamic: the unsqueeze refines it to 1.
// CHECK-LABEL: func.func @unsqueeze_squeeze_dynamic
// CHECK: nabla.squeeze %{{.*}} axes = [0] : tensor<?x8xf32> -> tensor<8xf32>
// CHECK: nabla.unsqueeze %{{.*}} axes = [0] : tensor<8xf32> -> tensor<1x8xf32>
func.func @unsqueeze_squeeze_dynamic(%x: tensor<?x8xf32>) -> tensor<1x8xf32> {
  %a = nabla.squeeze %x axes = [0] : tensor<?x8xf32> -> tensor<8xf32>
  %b = nabla.unsqueeze %a axes = [0] : tensor<8xf32> -> tensor<1x8xf32>
  return %b : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func.func @unsqueeze_no_axes
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @unsqueeze_no_axes(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nabla.unsqueeze %x axes = [] : tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @concat_single
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @concat_single(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %y = nabla.concat %x axis = 1 : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_kept
// CHECK: nabla.concat %{{.*}}, %{{.*}} axis = 0 : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
func.func @concat_kept(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %y = nabla.concat %x, %x axis = 0 : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @slice_whole
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @slice_whole(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nabla.slice %x starts = [0, -8] ends = [9223372036854775807, 100] axes = [0, 1] steps = [1, 1] : tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// The dynamic dimension may be longer than 100.
// CHECK-LABEL: func.func @slice_dynamic_kept
// CHECK: nabla.slice %{{.*}} starts = [0] ends = [100] axes = [0] : tensor<?x8xf32> -> tensor<?x8xf32>
func.func @slice_dynamic_kept(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nabla.slice %x starts = [0] ends = [100] axes = [0] : tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// A whole reversal keeps the type but not the element order.
// CHECK-LABEL: func.func @slice_reverse_kept
// CHECK: nabla.slice %{{.*}} steps = [-1] : tensor<2x8xf32> -> tensor<2x8xf32>
func.func @slice_reverse_kept(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = nabla.slice %x starts = [-1] ends = [-9223372036854775808] axes = [1] steps = [-1] : tensor<2x8xf32> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @pad_zero
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @pad_zero(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nabla.pad %x pads = [0, 0, 0, 0] mode = reflect : tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// Padding and cropping by one keeps the type but shifts the elements.
// CHECK-LABEL: func.func @pad_shift_kept
// CHECK: nabla.pad %{{.*}} pads = [0, 1, 0, -1] : tensor<?x8xf32> -> tensor<?x8xf32>
func.func @pad_shift_kept(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nabla.pad %x pads = [0, 1, 0, -1] : tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @expand_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @expand_same_type(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = nabla.expand %x shape = [1, 4] : tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @expand_kept
// CHECK: nabla.expand %{{.*}} shape = [3, 4] : tensor<1x4xf32> -> tensor<3x4xf32>
func.func @expand_kept(%x: tensor<1x4xf32>) -> tensor<3x4xf32> {
  %y = nabla.expand %x shape = [3, 4] : tensor<1x4xf32> -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @tile_ones
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @tile_ones(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = nabla.tile %x repeats = [1, 1] : tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @tile_kept
// CHECK: nabla.tile %{{.*}} repeats = [1, 2] : tensor<?x4xf32> -> tensor<?x8xf32>
func.func @tile_kept(%x: tensor<?x4xf32>) -> tensor<?x8xf32> {
  %y = nabla.tile %x repeats = [1, 2] : tensor<?x4xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
