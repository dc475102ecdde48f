// RUN: nabla-opt %s -split-input-file -verify-diagnostics

func.func @reshape_two_inferred(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{shape [-1, 3, -1] may contain at most one -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reshape %x shape = [-1, 3, -1] : tensor<2x6xf32> -> tensor<2x3x2xf32>
  return
}

// -----

func.func @reshape_negative(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{shape [3, -4] entry 1 is -4; expected a size >= 0 or -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reshape %x shape = [3, -4] : tensor<2x6xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @reshape_overflow(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{element count overflows: 'tensor<2x6xf32>' to shape [4611686018427387904, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reshape %x shape = [4611686018427387904, 4] : tensor<2x6xf32> -> tensor<4611686018427387904x4xf32>
  return
}

// -----

func.func @reshape_inferred_next_to_zero(%x: tensor<0x6xf32>) {
  // expected-error @+2 {{cannot infer the -1 in shape [0, -1] next to a zero size}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reshape %x shape = [0, -1] : tensor<0x6xf32> -> tensor<0x6xf32>
  return
}

// -----

func.func @reshape_not_multiple(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{cannot reshape 'tensor<2x6xf32>' (12 elements) to shape [-1, 5]: 12 is not a multiple of 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reshape %x shape = [-1, 5] : tensor<2x6xf32> -> tensor<2x5xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x6xf32>) {
  // expected-error @+2 {{cannot reshape 'tensor<2x6xf32>' (12 elements) to shape [5, 2] (10 elements)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reshape %x shape = [5, 2] : tensor<2x6xf32> -> tensor<5x2xf32>
  return
}

// -----

func.func @reshape_result(%x: tensor<?x6xf32>) {
  // expected-error @+2 {{'nabla.reshape' op inferred type(s) 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<4x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reshape %x shape = [-1, 3] : tensor<?x6xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x6xf32>) {
  // expected-error @+1 {{failed to verify that all of {x, result} have same element type}}
  %y = nabla.reshape %x shape = [12] : tensor<2x6xf32> -> tensor<12xf16>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 3 is out of range for 'tensor<2x3xf32>' (expected [0, 2])}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.flatten %x axis = 3 : tensor<2x3xf32> -> tensor<6x1xf32>
  return
}

// -----

func.func @flatten_overflow(%x: tensor<4611686018427387904x4xf32>) {
  // expected-error @+2 {{element count of 'tensor<4611686018427387904x4xf32>' overflows}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.flatten %x axis = 0 : tensor<4611686018427387904x4xf32> -> tensor<1x?xf32>
  return
}

// -----

func.func @flatten_result(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x12xf32>' are incompatible with return type(s) of operation 'tensor<6x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.flatten %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return
}

// -----

func.func @transpose_perm_size(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{perm must have 3 entries, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.transpose %x perm = [1, 0] : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return
}

// -----

func.func @transpose_perm_range(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{perm entry 2 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.transpose %x perm = [2, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_perm_repeat(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{perm repeats axis 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.transpose %x perm = [0, 0] : tensor<2x3xf32> -> tensor<2x2xf32>
  return
}

// -----

func.func @transpose_result(%x: tensor<?x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<3x?xf32>' are incompatible with return type(s) of operation 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.transpose %x perm = [1, 0] : tensor<?x3xf32> -> tensor<?x3xf32>
  return
}

// -----

func.func @squeeze_empty(%x: tensor<1x3xf32>) {
  // expected-error @+2 {{axes must not be empty}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.squeeze %x axes = [] : tensor<1x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @squeeze_range(%x: tensor<1x3xf32>) {
  // expected-error @+2 {{axes entry 2 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.squeeze %x axes = [2] : tensor<1x3xf32> -> tensor<1x3xf32>
  return
}

// -----

func.func @squeeze_not_one(%x: tensor<1x3xf32>) {
  // expected-error @+2 {{cannot squeeze dimension 1 of 'tensor<1x3xf32>': its size is 3, not 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.squeeze %x axes = [1] : tensor<1x3xf32> -> tensor<1xf32>
  return
}

// -----

func.func @squeeze_result(%x: tensor<?x1xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<1x?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.squeeze %x axes = [1] : tensor<?x1xf32> -> tensor<1x?xf32>
  return
}

// -----

func.func @unsqueeze_range(%x: tensor<3xf32>) {
  // expected-error @+2 {{axes entry 3 is out of range for rank 3 (expected [0, 3))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.unsqueeze %x axes = [0, 3] : tensor<3xf32> -> tensor<1x3x1xf32>
  return
}

// -----

func.func @unsqueeze_repeat(%x: tensor<3xf32>) {
  // expected-error @+2 {{axes repeats axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.unsqueeze %x axes = [1, 1] : tensor<3xf32> -> tensor<3x1x1xf32>
  return
}

// -----

func.func @unsqueeze_result(%x: tensor<?x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3x1xf32>' are incompatible with return type(s) of operation 'tensor<?x1x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.unsqueeze %x axes = [2] : tensor<?x3xf32> -> tensor<?x1x3xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+1 {{expected 1 or more operands, but found 0}}
  %y = nabla.concat axis = 0 : () -> tensor<0xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+2 {{axis entry 2 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.concat %a, %b axis = 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // expected-error @+2 {{input 1 has rank 3 ('tensor<2x3x1xf32>'), but input 0 has rank 2 ('tensor<2x3xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.concat %a, %b axis = 1 : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_dims(%a: tensor<?x3xf32>, %b: tensor<2x3xf32>, %c: tensor<4x3xf32>) {
  // expected-error @+2 {{inputs differ in dimension 0 (not the concat axis 1): input 1 has 2 ('tensor<2x3xf32>'), input 2 has 4 ('tensor<4x3xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.concat %a, %b, %c axis = 1 : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x9xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %y = nabla.concat %a, %b axis = 1 : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_result(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x6xf32>' are incompatible with return type(s) of operation 'tensor<?x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.concat %a, %b axis = 1 : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x5xf32>
  return
}

// -----

func.func @split_axis(%x: tensor<2x5xf32>) {
  // expected-error @+2 {{axis entry 2 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %a = nabla.split %x axis = 2 sizes = [5] : tensor<2x5xf32> -> tensor<2x5xf32>
  return
}

// -----

func.func @split_no_sizes(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{expected 1 or more results}}
  "nabla.split"(%x) <{sizes = array<i64>}> : (tensor<2x5xf32>) -> ()
  return
}

// -----

func.func @split_negative(%x: tensor<2x5xf32>) {
  // expected-error @+2 {{sizes [3, -1] contain the negative size -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %a, %b = nabla.split %x axis = 1 sizes = [3, -1] : tensor<2x5xf32> -> tensor<2x3xf32>, tensor<2x2xf32>
  return
}

// -----

func.func @split_sum(%x: tensor<2x5xf32>) {
  // expected-error @+2 {{sizes [2, 2] do not sum to dimension 1 of 'tensor<2x5xf32>' (5)}}
  // expected-error @+1 {{failed to infer returned types}}
  %a, %b = nabla.split %x axis = 1 sizes = [2, 2] : tensor<2x5xf32> -> tensor<2x2xf32>, tensor<2x2xf32>
  return
}

// -----

func.func @split_result(%x: tensor<?x5xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x2xf32>', 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<?x3xf32>', 'tensor<?x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %a, %b = nabla.split %x axis = 1 sizes = [2, 3] : tensor<?x5xf32> -> tensor<?x3xf32>, tensor<?x2xf32>
  return
}

// -----

func.func @slice_lengths(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{starts, ends and axes must have one entry per sliced axis, got 2, 1 and 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.slice %x starts = [0, 0] ends = [2] axes = [0, 1] : tensor<4x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @slice_steps_length(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{steps must have 1 entries, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.slice %x starts = [0] ends = [2] axes = [0] steps = [1, 1] : tensor<4x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @slice_axes_range(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{axes entry -1 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.slice %x starts = [0] ends = [2] axes = [-1] : tensor<4x8xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_axes_repeat(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{axes repeats axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.slice %x starts = [0, 1] ends = [2, 3] axes = [1, 1] : tensor<4x8xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_zero_step(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{step for axis 1 must be non-zero}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.slice %x starts = [0] ends = [2] axes = [1] steps = [0] : tensor<4x8xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_result(%x: tensor<?x8xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<?x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.slice %x starts = [0] ends = [8] axes = [1] steps = [3] : tensor<?x8xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @gather_axis(%x: tensor<4x8xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{axis entry 2 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.gather %x, %i axis = 2 : (tensor<4x8xf32>, tensor<3xi64>) -> tensor<4x8xf32>
  return
}

// -----

func.func @gather_float_indices(%x: tensor<4x8xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %y = nabla.gather %x, %i : (tensor<4x8xf32>, tensor<3xf32>) -> tensor<3x8xf32>
  return
}

// -----

func.func @gather_result(%x: tensor<4x8xf32>, %i: tensor<?x2xi32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<4x?x2xf32>' are incompatible with return type(s) of operation 'tensor<?x2x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.gather %x, %i axis = 1 : (tensor<4x8xf32>, tensor<?x2xi32>) -> tensor<?x2x8xf32>
  return
}

// -----

func.func @pad_size(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{pads must have 4 entries, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.pad %x pads = [1, 1] : tensor<4x8xf32> -> tensor<5x9xf32>
  return
}

// -----

func.func @pad_overflow(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{padding dimension 1 of 'tensor<4x8xf32>' by 9223372036854775807 and 0 overflows}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.pad %x pads = [0, 9223372036854775807, 0, 0] : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @pad_crop(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{pads -3 and -2 crop dimension 0 of 'tensor<4x8xf32>' below zero (-1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.pad %x pads = [-3, 0, -2, 0] : tensor<4x8xf32> -> tensor<0x8xf32>
  return
}

// -----

func.func @pad_reflect(%x: tensor<?x3xf32>) {
  // expected-error @+2 {{reflect pads must be smaller than the dimension: dimension 1 of 'tensor<?x3xf32>' is padded by 0 and 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.pad %x pads = [0, 0, 0, 3] mode = reflect : tensor<?x3xf32> -> tensor<?x6xf32>
  return
}

// -----

func.func @pad_edge(%x: tensor<?x0xf32>) {
  // expected-error @+2 {{edge padding needs a non-empty dimension: dimension 1 of 'tensor<?x0xf32>' is empty}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.pad %x pads = [0, 1, 0, 0] mode = edge : tensor<?x0xf32> -> tensor<?x1xf32>
  return
}

// -----

func.func @pad_result(%x: tensor<?x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x5xf32>' are incompatible with return type(s) of operation 'tensor<?x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.pad %x pads = [0, 1, 0, 1] : tensor<?x3xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @expand_negative(%x: tensor<3x1xf32>) {
  // expected-error @+2 {{shape [-1, 4] must not contain negative sizes}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.expand %x shape = [-1, 4] : tensor<3x1xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @expand_broadcast(%x: tensor<3x1xf32>) {
  // expected-error @+2 {{cannot broadcast 'tensor<3x1xf32>' with shape [2, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.expand %x shape = [2, 4] : tensor<3x1xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @expand_result(%x: tensor<?x1xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<1x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.expand %x shape = [1, 4] : tensor<?x1xf32> -> tensor<1x4xf32>
  return
}

// -----

func.func @tile_size(%x: tensor<3x4xf32>) {
  // expected-error @+2 {{repeats must have 2 entries, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.tile %x repeats = [2] : tensor<3x4xf32> -> tensor<6x4xf32>
  return
}

// -----

func.func @tile_negative(%x: tensor<3x4xf32>) {
  // expected-error @+2 {{repeats [2, -1] contain the negative count -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.tile %x repeats = [2, -1] : tensor<3x4xf32> -> tensor<6x4xf32>
  return
}

// -----

func.func @tile_overflow(%x: tensor<3x4xf32>) {
  // expected-error @+2 {{tiling 'tensor<3x4xf32>' by [4611686018427387904, 1] overflows}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.tile %x repeats = [4611686018427387904, 1] : tensor<3x4xf32> -> tensor<6x4xf32>
  return
}

// -----

func.func @tile_result(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x8xf32>' are incompatible with return type(s) of operation 'tensor<?x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.tile %x repeats = [3, 2] : tensor<?x4xf32> -> tensor<?x4xf32>
  return
}
