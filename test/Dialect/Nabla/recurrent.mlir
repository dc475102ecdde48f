// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// CHECK-LABEL: func.func @lstm_minimal
func.func @lstm_minimal(%x: tensor<5x3x8xf32>, %w: tensor<1x64x8xf32>, %r: tensor<1x64x16xf32>) -> tensor<5x1x3x16xf32> {
  // CHECK: %y, %y_h, %y_c = nabla.lstm %arg0, %arg1, %arg2 hidden_size = 16 : (tensor<5x3x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>) -> (tensor<5x1x3x16xf32>, tensor<1x3x16xf32>, tensor<1x3x16xf32>)
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 16 : (tensor<5x3x8xf32>, tensor<1x64x8xf32>, tensor<1x64x16xf32>) -> (tensor<5x1x3x16xf32>, tensor<1x3x16xf32>, tensor<1x3x16xf32>)
  return %y : tensor<5x1x3x16xf32>
}

// The default direction is elided when printed.
// CHECK-LABEL: func.func @lstm_forward_elided
func.func @lstm_forward_elided(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x1xf32>) -> tensor<1x3x1xf32> {
  // CHECK: nabla.lstm %arg0, %arg1, %arg2 hidden_size = 1 : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> (tensor<5x1x3x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>)
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 1 direction = forward : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> (tensor<5x1x3x1xf32>, tensor<1x3x1xf32>, tensor<1x3x1xf32>)
  return %y_c : tensor<1x3x1xf32>
}

// CHECK-LABEL: func.func @lstm_all_operands
func.func @lstm_all_operands(%x: tensor<10x?x8xf32>, %w: tensor<2x64x8xf32>, %r: tensor<2x64x16xf32>, %b: tensor<2x128xf32>, %lens: tensor<?xi32>, %h0: tensor<2x?x16xf32>, %c0: tensor<2x?x16xf32>, %p: tensor<2x48xf32>) -> tensor<10x2x?x16xf32> {
  // CHECK: %y, %y_h, %y_c = nabla.lstm %arg0, %arg1, %arg2 bias(%arg3) sequence_lens(%arg4) initial_h(%arg5) initial_c(%arg6) peepholes(%arg7) hidden_size = 16 direction = bidirectional clip = 3.000000e+00 input_forget : (tensor<10x?x8xf32>, tensor<2x64x8xf32>, tensor<2x64x16xf32>, tensor<2x128xf32>, tensor<?xi32>, tensor<2x?x16xf32>, tensor<2x?x16xf32>, tensor<2x48xf32>) -> (tensor<10x2x?x16xf32>, tensor<2x?x16xf32>, tensor<2x?x16xf32>)
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r bias(%b) sequence_lens(%lens) initial_h(%h0) initial_c(%c0) peepholes(%p) hidden_size = 16 direction = bidirectional clip = 3.0 input_forget : (tensor<10x?x8xf32>, tensor<2x64x8xf32>, tensor<2x64x16xf32>, tensor<2x128xf32>, tensor<?xi32>, tensor<2x?x16xf32>, tensor<2x?x16xf32>, tensor<2x48xf32>) -> (tensor<10x2x?x16xf32>, tensor<2x?x16xf32>, tensor<2x?x16xf32>)
  return %y : tensor<10x2x?x16xf32>
}

// Some optional operands only: the others keep their positions.
// CHECK-LABEL: func.func @lstm_reverse_initial_c
func.func @lstm_reverse_initial_c(%x: tensor<?x?x8xf16>, %w: tensor<1x16x8xf16>, %r: tensor<1x16x4xf16>, %c0: tensor<1x?x4xf16>) -> tensor<?x1x?x4xf16> {
  // CHECK: nabla.lstm %arg0, %arg1, %arg2 initial_c(%arg3) hidden_size = 4 direction = reverse : (tensor<?x?x8xf16>, tensor<1x16x8xf16>, tensor<1x16x4xf16>, tensor<1x?x4xf16>) -> (tensor<?x1x?x4xf16>, tensor<1x?x4xf16>, tensor<1x?x4xf16>)
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r initial_c(%c0) hidden_size = 4 direction = reverse : (tensor<?x?x8xf16>, tensor<1x16x8xf16>, tensor<1x16x4xf16>, tensor<1x?x4xf16>) -> (tensor<?x1x?x4xf16>, tensor<1x?x4xf16>, tensor<1x?x4xf16>)
  return %y : tensor<?x1x?x4xf16>
}

// Dynamic weight dimensions match any size.
// CHECK-LABEL: func.func @lstm_dynamic_weights
func.func @lstm_dynamic_weights(%x: tensor<5x?x?xf32>, %w: tensor<?x?x?xf32>, %r: tensor<?x16x?xf32>) -> tensor<5x1x?x4xf32> {
  // CHECK: nabla.lstm %arg0, %arg1, %arg2 hidden_size = 4 : (tensor<5x?x?xf32>, tensor<?x?x?xf32>, tensor<?x16x?xf32>) -> (tensor<5x1x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>)
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 4 : (tensor<5x?x?xf32>, tensor<?x?x?xf32>, tensor<?x16x?xf32>) -> (tensor<5x1x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>)
  return %y : tensor<5x1x?x4xf32>
}

// CHECK-LABEL: func.func @gru_minimal
func.func @gru_minimal(%x: tensor<10x?x8xf32>, %w: tensor<1x48x8xf32>, %r: tensor<1x48x16xf32>) -> tensor<1x?x16xf32> {
  // CHECK: %y, %y_h = nabla.gru %arg0, %arg1, %arg2 hidden_size = 16 : (tensor<10x?x8xf32>, tensor<1x48x8xf32>, tensor<1x48x16xf32>) -> (tensor<10x1x?x16xf32>, tensor<1x?x16xf32>)
  %y, %y_h = nabla.gru %x, %w, %r hidden_size = 16 : (tensor<10x?x8xf32>, tensor<1x48x8xf32>, tensor<1x48x16xf32>) -> (tensor<10x1x?x16xf32>, tensor<1x?x16xf32>)
  return %y_h : tensor<1x?x16xf32>
}

// CHECK-LABEL: func.func @gru_all_operands
func.func @gru_all_operands(%x: tensor<10x?x8xf32>, %w: tensor<2x48x8xf32>, %r: tensor<2x48x16xf32>, %b: tensor<2x96xf32>, %lens: tensor<?xi64>, %h0: tensor<2x?x16xf32>) -> tensor<10x2x?x16xf32> {
  // CHECK: %y, %y_h = nabla.gru %arg0, %arg1, %arg2 bias(%arg3) sequence_lens(%arg4) initial_h(%arg5) hidden_size = 16 direction = bidirectional clip = 5.000000e-01 linear_before_reset : (tensor<10x?x8xf32>, tensor<2x48x8xf32>, tensor<2x48x16xf32>, tensor<2x96xf32>, tensor<?xi64>, tensor<2x?x16xf32>) -> (tensor<10x2x?x16xf32>, tensor<2x?x16xf32>)
  %y, %y_h = nabla.gru %x, %w, %r bias(%b) sequence_lens(%lens) initial_h(%h0) hidden_size = 16 direction = bidirectional clip = 0.5 linear_before_reset : (tensor<10x?x8xf32>, tensor<2x48x8xf32>, tensor<2x48x16xf32>, tensor<2x96xf32>, tensor<?xi64>, tensor<2x?x16xf32>) -> (tensor<10x2x?x16xf32>, tensor<2x?x16xf32>)
  return %y : tensor<10x2x?x16xf32>
}

// CHECK-LABEL: func.func @gru_reverse_initial_h
func.func @gru_reverse_initial_h(%x: tensor<7x?x3xbf16>, %w: tensor<1x6x3xbf16>, %r: tensor<1x6x2xbf16>, %h0: tensor<1x?x2xbf16>) -> tensor<7x1x?x2xbf16> {
  // CHECK: nabla.gru %arg0, %arg1, %arg2 initial_h(%arg3) hidden_size = 2 direction = reverse : (tensor<7x?x3xbf16>, tensor<1x6x3xbf16>, tensor<1x6x2xbf16>, tensor<1x?x2xbf16>) -> (tensor<7x1x?x2xbf16>, tensor<1x?x2xbf16>)
  %y, %y_h = nabla.gru %x, %w, %r initial_h(%h0) hidden_size = 2 direction = reverse : (tensor<7x?x3xbf16>, tensor<1x6x3xbf16>, tensor<1x6x2xbf16>, tensor<1x?x2xbf16>) -> (tensor<7x1x?x2xbf16>, tensor<1x?x2xbf16>)
  return %y : tensor<7x1x?x2xbf16>
}

// The default activation (tanh) is elided when printed.
// CHECK-LABEL: func.func @rnn_default
func.func @rnn_default(%x: tensor<10x?x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>) -> tensor<10x1x?x16xf32> {
  // CHECK: %y, %y_h = nabla.rnn %arg0, %arg1, %arg2 hidden_size = 16 : (tensor<10x?x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>) -> (tensor<10x1x?x16xf32>, tensor<1x?x16xf32>)
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 16 activation = tanh : (tensor<10x?x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>) -> (tensor<10x1x?x16xf32>, tensor<1x?x16xf32>)
  return %y : tensor<10x1x?x16xf32>
}

// CHECK-LABEL: func.func @rnn_relu
func.func @rnn_relu(%x: tensor<10x?x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x16xf32>) -> tensor<10x1x?x16xf32> {
  // CHECK: nabla.rnn %arg0, %arg1, %arg2 hidden_size = 16 activation = relu : (tensor<10x?x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>) -> (tensor<10x1x?x16xf32>, tensor<1x?x16xf32>)
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 16 activation = relu : (tensor<10x?x8xf32>, tensor<1x16x8xf32>, tensor<1x16x16xf32>) -> (tensor<10x1x?x16xf32>, tensor<1x?x16xf32>)
  return %y : tensor<10x1x?x16xf32>
}

// CHECK-LABEL: func.func @rnn_all_operands
func.func @rnn_all_operands(%x: tensor<4x?x3xf64>, %w: tensor<2x5x3xf64>, %r: tensor<2x5x5xf64>, %b: tensor<2x10xf64>, %lens: tensor<?xi32>, %h0: tensor<2x?x5xf64>) -> tensor<2x?x5xf64> {
  // CHECK: %y, %y_h = nabla.rnn %arg0, %arg1, %arg2 bias(%arg3) sequence_lens(%arg4) initial_h(%arg5) hidden_size = 5 direction = bidirectional clip = 1.000000e+01 activation = sigmoid : (tensor<4x?x3xf64>, tensor<2x5x3xf64>, tensor<2x5x5xf64>, tensor<2x10xf64>, tensor<?xi32>, tensor<2x?x5xf64>) -> (tensor<4x2x?x5xf64>, tensor<2x?x5xf64>)
  %y, %y_h = nabla.rnn %x, %w, %r bias(%b) sequence_lens(%lens) initial_h(%h0) hidden_size = 5 direction = bidirectional clip = 10.0 activation = sigmoid : (tensor<4x?x3xf64>, tensor<2x5x3xf64>, tensor<2x5x5xf64>, tensor<2x10xf64>, tensor<?xi32>, tensor<2x?x5xf64>) -> (tensor<4x2x?x5xf64>, tensor<2x?x5xf64>)
  return %y_h : tensor<2x?x5xf64>
}

// CHECK-LABEL: func.func @embedding
func.func @embedding(%table: tensor<1000x64xf32>, %ids: tensor<?x128xi64>) -> tensor<?x128x64xf32> {
  // CHECK: nabla.embedding %arg0, %arg1 : (tensor<1000x64xf32>, tensor<?x128xi64>) -> tensor<?x128x64xf32>
  %e = nabla.embedding %table, %ids : (tensor<1000x64xf32>, tensor<?x128xi64>) -> tensor<?x128x64xf32>
  return %e : tensor<?x128x64xf32>
}

// CHECK-LABEL: func.func @embedding_scalar_index
func.func @embedding_scalar_index(%table: tensor<?x8xf16>, %id: tensor<i32>) -> tensor<8xf16> {
  // CHECK: nabla.embedding %arg0, %arg1 : (tensor<?x8xf16>, tensor<i32>) -> tensor<8xf16>
  %e = nabla.embedding %table, %id : (tensor<?x8xf16>, tensor<i32>) -> tensor<8xf16>
  return %e : tensor<8xf16>
}

// CHECK-LABEL: func.func @embedding_dynamic_dim
func.func @embedding_dynamic_dim(%table: tensor<10x?xf32>, %ids: tensor<3xi32>) -> tensor<3x?xf32> {
  // CHECK: nabla.embedding %arg0, %arg1 : (tensor<10x?xf32>, tensor<3xi32>) -> tensor<3x?xf32>
  %e = nabla.embedding %table, %ids : (tensor<10x?xf32>, tensor<3xi32>) -> tensor<3x?xf32>
  return %e : tensor<3x?xf32>
}
