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
