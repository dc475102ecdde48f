// RUN: nabla-opt %s -split-input-file -verify-diagnostics

func.func @hidden_size_zero(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x1xf32>) {
  // expected-error @+2 {{hidden_size must lie in [1, 4294967296], got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 0 : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> (tensor<5x1x3x0xf32>, tensor<1x3x0xf32>, tensor<1x3x0xf32>)
  return
}

// -----

func.func @hidden_size_too_large(%x: tensor<5x3x8xf32>, %w: tensor<1x?x8xf32>, %r: tensor<1x?x?xf32>) {
  // expected-error @+2 {{hidden_size must lie in [1, 4294967296], got 4294967297}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 4294967297 : (tensor<5x3x8xf32>, tensor<1x?x8xf32>, tensor<1x?x?xf32>) -> (tensor<5x1x3x4294967297xf32>, tensor<1x3x4294967297xf32>)
  return
}

// -----

func.func @missing_hidden_size(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x1xf32>) {
  // expected-error @+1 {{requires attribute 'hidden_size'}}
  %y, %y_h = "nabla.gru"(%x, %w, %r) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>} : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> (tensor<5x1x3x1xf32>, tensor<1x3x1xf32>)
  return
}

// -----

func.func @clip_not_positive(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+2 {{clip must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 4 clip = 0.0 : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  return
}

// -----

func.func @x_rank(%x: tensor<3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x1xf32>) {
  // expected-error @+2 {{x must have rank 3 ([seq_length, batch_size, input_size]), got 'tensor<3x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 1 : (tensor<3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> (tensor<5x1x3x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>)
  return
}

// -----

func.func @x_integer(%x: tensor<5x3x8xi32>, %w: tensor<1x4x8xi32>, %r: tensor<1x4x1xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 1 : (tensor<5x3x8xi32>, tensor<1x4x8xi32>, tensor<1x4x1xi32>) -> (tensor<5x1x3x1xi32>, tensor<1x3x1xi32>, tensor<1x3x1xi32>)
  return
}

// -----

func.func @element_types_differ(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf16>, %r: tensor<1x4x1xf32>) {
  // expected-error @+1 {{all of {x, w, r} have same element type}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 1 : (tensor<5x3x8xf32>, tensor<1x4x8xf16>, tensor<1x4x1xf32>) -> (tensor<5x1x3x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>)
  return
}

// -----

func.func @w_gate_rows(%x: tensor<5x3x8xf32>, %w: tensor<1x60x8xf32>, %r: tensor<1x64x16xf32>) {
  // expected-error @+2 {{w must have shape [num_directions, 4 * hidden_size, input_size] = [1, 64, 8], got 'tensor<1x60x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 16 : (tensor<5x3x8xf32>, tensor<1x60x8xf32>, tensor<1x64x16xf32>) -> (tensor<5x1x3x16xf32>, tensor<1x3x16xf32>, tensor<1x3x16xf32>)
  return
}

// -----

func.func @w_num_directions(%x: tensor<5x3x8xf32>, %w: tensor<1x48x8xf32>, %r: tensor<2x48x16xf32>) {
  // expected-error @+2 {{w must have shape [num_directions, 3 * hidden_size, input_size] = [2, 48, 8], got 'tensor<1x48x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.gru %x, %w, %r hidden_size = 16 direction = bidirectional : (tensor<5x3x8xf32>, tensor<1x48x8xf32>, tensor<2x48x16xf32>) -> (tensor<5x2x3x16xf32>, tensor<2x3x16xf32>)
  return
}

// -----

func.func @w_input_size(%x: tensor<5x?x8xf32>, %w: tensor<1x16x7xf32>, %r: tensor<1x16x16xf32>) {
  // expected-error @+2 {{w must have shape [num_directions, hidden_size, input_size] = [1, 16, 8], got 'tensor<1x16x7xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 16 : (tensor<5x?x8xf32>, tensor<1x16x7xf32>, tensor<1x16x16xf32>) -> (tensor<5x1x?x16xf32>, tensor<1x?x16xf32>)
  return
}

// -----

func.func @w_rank(%x: tensor<5x3x8xf32>, %w: tensor<16x8xf32>, %r: tensor<1x16x16xf32>) {
  // expected-error @+2 {{w must have shape [num_directions, hidden_size, input_size] = [1, 16, 8], got 'tensor<16x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 16 : (tensor<5x3x8xf32>, tensor<16x8xf32>, tensor<1x16x16xf32>) -> (tensor<5x1x3x16xf32>, tensor<1x3x16xf32>)
  return
}

// -----

func.func @r_shape(%x: tensor<5x3x8xf32>, %w: tensor<1x48x8xf32>, %r: tensor<1x48x8xf32>) {
  // expected-error @+2 {{r must have shape [num_directions, 3 * hidden_size, hidden_size] = [1, 48, 16], got 'tensor<1x48x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.gru %x, %w, %r hidden_size = 16 : (tensor<5x3x8xf32>, tensor<1x48x8xf32>, tensor<1x48x8xf32>) -> (tensor<5x1x3x16xf32>, tensor<1x3x16xf32>)
  return
}

// -----

func.func @bias_shape(%x: tensor<5x3x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>, %b: tensor<1x16xf32>) {
  // expected-error @+2 {{bias must have shape [num_directions, 2 * hidden_size] = [1, 32], got 'tensor<1x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.rnn %x, %w, %r bias(%b) hidden_size = 16 : (tensor<5x3x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>, tensor<1x16xf32>) -> (tensor<5x1x3x16xf32>, tensor<1x3x16xf32>)
  return
}

// -----

func.func @bias_element_type(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x1xf32>, %b: tensor<1x8xf16>) {
  // expected-error @+2 {{bias element type 'f16' differs from x element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r bias(%b) hidden_size = 1 : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>, tensor<1x8xf16>) -> (tensor<5x1x3x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>)
  return
}

// -----

func.func @sequence_lens_shape(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x1xf32>, %lens: tensor<4xi32>) {
  // expected-error @+2 {{sequence_lens must have shape [batch_size] = [3], got 'tensor<4xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r sequence_lens(%lens) hidden_size = 1 : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>, tensor<4xi32>) -> (tensor<5x1x3x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>)
  return
}

// -----

func.func @sequence_lens_float(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x1xf32>, %lens: tensor<3xf32>) {
  // expected-error @+1 {{operand #3 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r sequence_lens(%lens) hidden_size = 1 : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>, tensor<3xf32>) -> (tensor<5x1x3x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>)
  return
}

// -----

func.func @initial_h_shape(%x: tensor<5x3x8xf32>, %w: tensor<2x48x8xf32>, %r: tensor<2x48x16xf32>, %h0: tensor<2x4x16xf32>) {
  // expected-error @+2 {{initial_h must have shape [num_directions, batch_size, hidden_size] = [2, 3, 16], got 'tensor<2x4x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.gru %x, %w, %r initial_h(%h0) hidden_size = 16 direction = bidirectional : (tensor<5x3x8xf32>, tensor<2x48x8xf32>, tensor<2x48x16xf32>, tensor<2x4x16xf32>) -> (tensor<5x2x3x16xf32>, tensor<2x3x16xf32>)
  return
}

// -----

func.func @initial_c_shape(%x: tensor<5x?x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x1xf32>, %c0: tensor<1x?x2xf32>) {
  // expected-error @+2 {{initial_c must have shape [num_directions, batch_size, hidden_size] = [1, ?, 1], got 'tensor<1x?x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r initial_c(%c0) hidden_size = 1 : (tensor<5x?x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>, tensor<1x?x2xf32>) -> (tensor<5x1x?x1xf32>, tensor<1x?x1xf32>, tensor<1x?x1xf32>)
  return
}

// -----

func.func @peepholes_shape(%x: tensor<5x3x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>, %p: tensor<1x64xf32>) {
  // expected-error @+2 {{peepholes must have shape [num_directions, 3 * hidden_size] = [1, 48], got 'tensor<1x64xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r peepholes(%p) hidden_size = 16 : (tensor<5x3x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>, tensor<1x64xf32>) -> (tensor<5x1x3x16xf32>, tensor<1x3x16xf32>, tensor<1x3x16xf32>)
  return
}

// -----

func.func @lstm_result_type(%x: tensor<5x?x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<5x1x?x16xf32>', 'tensor<1x?x16xf32>', 'tensor<1x?x16xf32>' are incompatible with return type(s) of operation 'tensor<5x1x?x16xf32>', 'tensor<1x?x16xf32>', 'tensor<1x3x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 16 : (tensor<5x?x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>) -> (tensor<5x1x?x16xf32>, tensor<1x?x16xf32>, tensor<1x3x16xf32>)
  return
}

// -----

func.func @gru_result_type(%x: tensor<5x3x8xf32>, %w: tensor<2x48x8xf32>, %r: tensor<2x48x16xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<5x2x3x16xf32>', 'tensor<2x3x16xf32>' are incompatible with return type(s) of operation 'tensor<5x1x3x16xf32>', 'tensor<1x3x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.gru %x, %w, %r hidden_size = 16 direction = bidirectional : (tensor<5x3x8xf32>, tensor<2x48x8xf32>, tensor<2x48x16xf32>) -> (tensor<5x1x3x16xf32>, tensor<1x3x16xf32>)
  return
}

// -----

func.func @rnn_result_type(%x: tensor<5x3x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<5x1x3x16xf32>', 'tensor<1x3x16xf32>' are incompatible with return type(s) of operation 'tensor<5x3x16xf32>', 'tensor<1x3x16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 16 : (tensor<5x3x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>) -> (tensor<5x3x16xf32>, tensor<1x3x16xf32>)
  return
}

// -----

func.func @embedding_table_rank(%table: tensor<10x4x2xf32>, %ids: tensor<3xi64>) {
  // expected-error @+2 {{table must have rank 2 ([num_embeddings, embedding_dim]), got 'tensor<10x4x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %e = nabla.embedding %table, %ids : (tensor<10x4x2xf32>, tensor<3xi64>) -> tensor<3x4x2xf32>
  return
}

// -----

func.func @embedding_float_indices(%table: tensor<10x4xf32>, %ids: tensor<3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %e = nabla.embedding %table, %ids : (tensor<10x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @embedding_unranked_indices(%table: tensor<10x4xf32>, %ids: tensor<*xi64>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %e = nabla.embedding %table, %ids : (tensor<10x4xf32>, tensor<*xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @embedding_result_type(%table: tensor<10x4xf32>, %ids: tensor<?x3xi64>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3x4xf32>' are incompatible with return type(s) of operation 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %e = nabla.embedding %table, %ids : (tensor<10x4xf32>, tensor<?x3xi64>) -> tensor<?x3xf32>
  return
}
