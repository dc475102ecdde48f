// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// The default reduction (mean) is elided when printed.
// CHECK-LABEL: func.func @mse_mean
func.func @mse_mean(%y: tensor<?x4xf32>, %t: tensor<?x4xf32>) -> tensor<f32> {
  // CHECK: nabla.mse_loss %arg0, %arg1 : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
  %l = nabla.mse_loss %y, %t reduction = mean : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @mse_none
func.func @mse_none(%y: tensor<?x4xf32>, %t: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // CHECK: nabla.mse_loss %arg0, %arg1 reduction = none : tensor<?x4xf32>
  %l = nabla.mse_loss %y, %t reduction = none : tensor<?x4xf32>
  return %l : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @mse_sum
func.func @mse_sum(%y: tensor<2x3x4xf16>, %t: tensor<2x3x4xf16>) -> tensor<f16> {
  // CHECK: nabla.mse_loss %arg0, %arg1 reduction = sum : (tensor<2x3x4xf16>, tensor<2x3x4xf16>) -> tensor<f16>
  %l = nabla.mse_loss %y, %t reduction = sum : (tensor<2x3x4xf16>, tensor<2x3x4xf16>) -> tensor<f16>
  return %l : tensor<f16>
}

// CHECK-LABEL: func.func @softmax_cross_entropy_indices
func.func @softmax_cross_entropy_indices(%logits: tensor<?x10xf32>, %labels: tensor<?xi64>) -> tensor<f32> {
  // CHECK: nabla.softmax_cross_entropy %arg0, %arg1 : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %l = nabla.softmax_cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @softmax_cross_entropy_weighted
func.func @softmax_cross_entropy_weighted(%logits: tensor<?x10xf32>, %labels: tensor<?xi32>, %w: tensor<10xf32>) -> tensor<f32> {
  // CHECK: nabla.softmax_cross_entropy %arg0, %arg1, %arg2 reduction = sum ignore_index = -100 : (tensor<?x10xf32>, tensor<?xi32>, tensor<10xf32>) -> tensor<f32>
  %l = nabla.softmax_cross_entropy %logits, %labels, %w reduction = sum ignore_index = -100 : (tensor<?x10xf32>, tensor<?xi32>, tensor<10xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @softmax_cross_entropy_spatial_none
func.func @softmax_cross_entropy_spatial_none(%logits: tensor<?x5x7x9xf32>, %labels: tensor<?x7x9xi64>) -> tensor<?x7x9xf32> {
  // CHECK: nabla.softmax_cross_entropy %arg0, %arg1 reduction = none ignore_index = 0 : (tensor<?x5x7x9xf32>, tensor<?x7x9xi64>) -> tensor<?x7x9xf32>
  %l = nabla.softmax_cross_entropy %logits, %labels reduction = none ignore_index = 0 : (tensor<?x5x7x9xf32>, tensor<?x7x9xi64>) -> tensor<?x7x9xf32>
  return %l : tensor<?x7x9xf32>
}

// CHECK-LABEL: func.func @softmax_cross_entropy_probabilities
func.func @softmax_cross_entropy_probabilities(%logits: tensor<?x10xf32>, %probs: tensor<?x10xf32>) -> tensor<?xf32> {
  // CHECK: nabla.softmax_cross_entropy %arg0, %arg1 reduction = none : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?xf32>
  %l = nabla.softmax_cross_entropy %logits, %probs reduction = none : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?xf32>
  return %l : tensor<?xf32>
}

// CHECK-LABEL: func.func @softmax_cross_entropy_probabilities_mean
func.func @softmax_cross_entropy_probabilities_mean(%logits: tensor<4x3x2xbf16>, %probs: tensor<?x3x2xbf16>) -> tensor<bf16> {
  // CHECK: nabla.softmax_cross_entropy %arg0, %arg1 : (tensor<4x3x2xbf16>, tensor<?x3x2xbf16>) -> tensor<bf16>
  %l = nabla.softmax_cross_entropy %logits, %probs : (tensor<4x3x2xbf16>, tensor<?x3x2xbf16>) -> tensor<bf16>
  return %l : tensor<bf16>
}

// CHECK-LABEL: func.func @nll_loss
func.func @nll_loss(%logp: tensor<?x5xf32>, %labels: tensor<?xi64>) -> tensor<f32> {
  // CHECK: nabla.nll_loss %arg0, %arg1 : (tensor<?x5xf32>, tensor<?xi64>) -> tensor<f32>
  %l = nabla.nll_loss %logp, %labels : (tensor<?x5xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @nll_loss_weighted_spatial
func.func @nll_loss_weighted_spatial(%logp: tensor<?x5x7xf64>, %labels: tensor<?x7xi32>, %w: tensor<5xf64>) -> tensor<?x7xf64> {
  // CHECK: nabla.nll_loss %arg0, %arg1, %arg2 reduction = none ignore_index = 4 : (tensor<?x5x7xf64>, tensor<?x7xi32>, tensor<5xf64>) -> tensor<?x7xf64>
  %l = nabla.nll_loss %logp, %labels, %w reduction = none ignore_index = 4 : (tensor<?x5x7xf64>, tensor<?x7xi32>, tensor<5xf64>) -> tensor<?x7xf64>
  return %l : tensor<?x7xf64>
}

// CHECK-LABEL: func.func @nll_loss_dynamic_classes
func.func @nll_loss_dynamic_classes(%logp: tensor<8x?xf32>, %labels: tensor<8xi64>, %w: tensor<12xf32>) -> tensor<f32> {
  // CHECK: nabla.nll_loss %arg0, %arg1, %arg2 reduction = sum : (tensor<8x?xf32>, tensor<8xi64>, tensor<12xf32>) -> tensor<f32>
  %l = nabla.nll_loss %logp, %labels, %w reduction = sum : (tensor<8x?xf32>, tensor<8xi64>, tensor<12xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @binary_cross_entropy
func.func @binary_cross_entropy(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<f32> {
  // CHECK: nabla.binary_cross_entropy %arg0, %arg1 : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  %l = nabla.binary_cross_entropy %p, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @binary_cross_entropy_weighted_none
func.func @binary_cross_entropy_weighted_none(%p: tensor<?x3xf32>, %t: tensor<?x3xf32>, %w: tensor<3xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.binary_cross_entropy %arg0, %arg1, %arg2 reduction = none : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %l = nabla.binary_cross_entropy %p, %t, %w reduction = none : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %l : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @binary_cross_entropy_scalar_weight
func.func @binary_cross_entropy_scalar_weight(%p: tensor<4x3xf32>, %t: tensor<4x3xf32>, %w: tensor<f32>) -> tensor<f32> {
  // CHECK: nabla.binary_cross_entropy %arg0, %arg1, %arg2 reduction = sum : (tensor<4x3xf32>, tensor<4x3xf32>, tensor<f32>) -> tensor<f32>
  %l = nabla.binary_cross_entropy %p, %t, %w reduction = sum : (tensor<4x3xf32>, tensor<4x3xf32>, tensor<f32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @bce_with_logits
func.func @bce_with_logits(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<f32> {
  // CHECK: nabla.binary_cross_entropy_with_logits %arg0, %arg1 : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  %l = nabla.binary_cross_entropy_with_logits %x, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @bce_with_logits_pos_weight
func.func @bce_with_logits_pos_weight(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>, %pw: tensor<3xf32>) -> tensor<f32> {
  // CHECK: nabla.binary_cross_entropy_with_logits %arg0, %arg1 pos_weight(%arg2) : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<3xf32>) -> tensor<f32>
  %l = nabla.binary_cross_entropy_with_logits %x, %t pos_weight(%pw) : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @bce_with_logits_weight
func.func @bce_with_logits_weight(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>, %w: tensor<?x1xf32>) -> tensor<f32> {
  // CHECK: nabla.binary_cross_entropy_with_logits %arg0, %arg1 weight(%arg2) reduction = sum : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x1xf32>) -> tensor<f32>
  %l = nabla.binary_cross_entropy_with_logits %x, %t weight(%w) reduction = sum : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @bce_with_logits_both_weights_none
func.func @bce_with_logits_both_weights_none(%x: tensor<?x3xf16>, %t: tensor<?x3xf16>, %w: tensor<?x3xf16>, %pw: tensor<3xf16>) -> tensor<?x3xf16> {
  // CHECK: nabla.binary_cross_entropy_with_logits %arg0, %arg1 weight(%arg2) pos_weight(%arg3) reduction = none : (tensor<?x3xf16>, tensor<?x3xf16>, tensor<?x3xf16>, tensor<3xf16>) -> tensor<?x3xf16>
  %l = nabla.binary_cross_entropy_with_logits %x, %t weight(%w) pos_weight(%pw) reduction = none : (tensor<?x3xf16>, tensor<?x3xf16>, tensor<?x3xf16>, tensor<3xf16>) -> tensor<?x3xf16>
  return %l : tensor<?x3xf16>
}
