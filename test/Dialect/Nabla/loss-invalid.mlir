// RUN: nabla-opt %s -split-input-file -verify-diagnostics

func.func @mse_shapes_differ(%y: tensor<?x4xf32>, %t: tensor<?x5xf32>) {
  // expected-error @+2 {{target 'tensor<?x5xf32>' must have the shape of input 'tensor<?x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.mse_loss %y, %t : (tensor<?x4xf32>, tensor<?x5xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_element_types_differ(%y: tensor<4xf32>, %t: tensor<4xf16>) {
  // expected-error @+1 {{all of {input, target} have same element type}}
  %l = nabla.mse_loss %y, %t : (tensor<4xf32>, tensor<4xf16>) -> tensor<f32>
  return
}

// -----

func.func @mse_unranked(%y: tensor<*xf32>, %t: tensor<4xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values}}
  %l = nabla.mse_loss %y, %t : (tensor<*xf32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_result_type(%y: tensor<?x4xf32>, %t: tensor<?x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.mse_loss %y, %t reduction = none : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_rank(%logits: tensor<10xf32>, %labels: tensor<i64>) {
  // expected-error @+2 {{logits must have rank >= 2 ([N, C, d1, ...]), got 'tensor<10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %labels : (tensor<10xf32>, tensor<i64>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_labels_shape(%logits: tensor<?x10x4xf32>, %labels: tensor<?x5xi64>) {
  // expected-error @+2 {{labels must have shape [N, d1, ...] = [?, 4], got 'tensor<?x5xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %labels : (tensor<?x10x4xf32>, tensor<?x5xi64>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_labels_i8(%logits: tensor<?x10xf32>, %labels: tensor<?xi8>) {
  // expected-error @+1 {{operand #1 must be class indices (i32 or i64) or class probabilities (float)}}
  %l = nabla.softmax_cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi8>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_weight_shape(%logits: tensor<?x10xf32>, %labels: tensor<?xi64>, %w: tensor<5xf32>) {
  // expected-error @+2 {{weight must have shape [C] = [10], got 'tensor<5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %labels, %w : (tensor<?x10xf32>, tensor<?xi64>, tensor<5xf32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_weight_element_type(%logits: tensor<?x10xf32>, %labels: tensor<?xi64>, %w: tensor<10xf16>) {
  // expected-error @+2 {{weight element type 'f16' differs from logits element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %labels, %w : (tensor<?x10xf32>, tensor<?xi64>, tensor<10xf16>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_probabilities_shape(%logits: tensor<?x10xf32>, %probs: tensor<?x9xf32>) {
  // expected-error @+2 {{probability labels must have shape [N, C, d1, ...] = [?, 10], got 'tensor<?x9xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %probs : (tensor<?x10xf32>, tensor<?x9xf32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_probabilities_element_type(%logits: tensor<?x10xf32>, %probs: tensor<?x10xf16>) {
  // expected-error @+2 {{probability labels element type 'f16' differs from logits element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %probs : (tensor<?x10xf32>, tensor<?x10xf16>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_probabilities_weight(%logits: tensor<?x10xf32>, %probs: tensor<?x10xf32>, %w: tensor<10xf32>) {
  // expected-error @+2 {{weight requires class-index labels, got 'tensor<?x10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %probs, %w : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<10xf32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_probabilities_ignore_index(%logits: tensor<?x10xf32>, %probs: tensor<?x10xf32>) {
  // expected-error @+2 {{ignore_index requires class-index labels, got 'tensor<?x10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %probs ignore_index = -1 : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_cross_entropy_result_type(%logits: tensor<?x10x3xf32>, %labels: tensor<?x3xi64>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<?x10x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.softmax_cross_entropy %logits, %labels reduction = none : (tensor<?x10x3xf32>, tensor<?x3xi64>) -> tensor<?x10x3xf32>
  return
}

// -----

func.func @nll_loss_rank(%logp: tensor<5xf32>, %labels: tensor<i64>) {
  // expected-error @+2 {{log_probs must have rank >= 2 ([N, C, d1, ...]), got 'tensor<5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.nll_loss %logp, %labels : (tensor<5xf32>, tensor<i64>) -> tensor<f32>
  return
}

// -----

func.func @nll_loss_labels_shape(%logp: tensor<8x5xf32>, %labels: tensor<8x1xi64>) {
  // expected-error @+2 {{labels must have shape [N, d1, ...] = [8], got 'tensor<8x1xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.nll_loss %logp, %labels : (tensor<8x5xf32>, tensor<8x1xi64>) -> tensor<f32>
  return
}

// -----

func.func @nll_loss_float_labels(%logp: tensor<8x5xf32>, %labels: tensor<8x5xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %l = nabla.nll_loss %logp, %labels : (tensor<8x5xf32>, tensor<8x5xf32>) -> tensor<f32>
  return
}

// -----

func.func @nll_loss_weight_shape(%logp: tensor<8x5xf32>, %labels: tensor<8xi64>, %w: tensor<1x5xf32>) {
  // expected-error @+2 {{weight must have shape [C] = [5], got 'tensor<1x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.nll_loss %logp, %labels, %w : (tensor<8x5xf32>, tensor<8xi64>, tensor<1x5xf32>) -> tensor<f32>
  return
}

// -----

func.func @nll_loss_result_type(%logp: tensor<8x5xf32>, %labels: tensor<8xi64>) {
  // expected-error @+2 {{inferred type(s) 'tensor<f32>' are incompatible with return type(s) of operation 'tensor<8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.nll_loss %logp, %labels reduction = sum : (tensor<8x5xf32>, tensor<8xi64>) -> tensor<8xf32>
  return
}

// -----

func.func @binary_cross_entropy_shapes_differ(%p: tensor<4x3xf32>, %t: tensor<3xf32>) {
  // expected-error @+2 {{targets 'tensor<3xf32>' must have the shape of probs 'tensor<4x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy %p, %t : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<f32>
  return
}

// -----

func.func @binary_cross_entropy_weight_broadcast(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>, %w: tensor<4xf32>) {
  // expected-error @+2 {{weight 'tensor<4xf32>' does not broadcast to the shape of probs 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy %p, %t, %w : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

// A weight may not grow the input by broadcasting.
func.func @binary_cross_entropy_weight_rank(%p: tensor<3xf32>, %t: tensor<3xf32>, %w: tensor<2x3xf32>) {
  // expected-error @+2 {{weight 'tensor<2x3xf32>' does not broadcast to the shape of probs 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy %p, %t, %w : (tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @binary_cross_entropy_weight_element_type(%p: tensor<4x3xf32>, %t: tensor<4x3xf32>, %w: tensor<3xf64>) {
  // expected-error @+2 {{weight element type 'f64' differs from probs element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy %p, %t, %w : (tensor<4x3xf32>, tensor<4x3xf32>, tensor<3xf64>) -> tensor<f32>
  return
}

// -----

func.func @binary_cross_entropy_result_type(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<f32>' are incompatible with return type(s) of operation 'tensor<1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @bce_with_logits_shapes_differ(%x: tensor<4x3xf32>, %t: tensor<4x2xf32>) {
  // expected-error @+2 {{targets 'tensor<4x2xf32>' must have the shape of logits 'tensor<4x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy_with_logits %x, %t : (tensor<4x3xf32>, tensor<4x2xf32>) -> tensor<f32>
  return
}

// -----

func.func @bce_with_logits_pos_weight_broadcast(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>, %pw: tensor<2xf32>) {
  // expected-error @+2 {{pos_weight 'tensor<2xf32>' does not broadcast to the shape of logits 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy_with_logits %x, %t pos_weight(%pw) : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<2xf32>) -> tensor<f32>
  return
}

// -----

func.func @bce_with_logits_pos_weight_element_type(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>, %w: tensor<3xf32>, %pw: tensor<3xbf16>) {
  // expected-error @+2 {{pos_weight element type 'bf16' differs from logits element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy_with_logits %x, %t weight(%w) pos_weight(%pw) : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<3xf32>, tensor<3xbf16>) -> tensor<f32>
  return
}

// -----

func.func @bce_with_logits_result_type(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nabla.binary_cross_entropy_with_logits %x, %t reduction = none : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  return
}
