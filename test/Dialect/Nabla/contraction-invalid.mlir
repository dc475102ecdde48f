// RUN: nabla-opt %s -split-input-file -verify-diagnostics

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{operands must have rank >= 1, got 'tensor<f32>' and 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.matmul %a, %b : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @matmul_contracting(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contracting dimensions differ: lhs has 3 ('tensor<2x3xf32>'), rhs has 4 ('tensor<4x5xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_contracting_vector(%a: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{contracting dimensions differ: lhs has 3 ('tensor<3xf32>'), rhs has 4 ('tensor<4xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.matmul %a, %b : (tensor<3xf32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+2 {{batch dimensions do not broadcast: 'tensor<2x3x4xf32>' and 'tensor<3x4x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @matmul_element_types(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) {
  // expected-error @+1 {{all of {lhs, rhs} have same element type}}
  %0 = nabla.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_result(%a: tensor<?x2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.matmul %a, %b : (tensor<?x2x3xf32>, tensor<3x4xf32>) -> tensor<2x2x4xf32>
  return
}

// -----

func.func @gemm_a_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{a must be 2-D, got 'tensor<2x3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @gemm_b_rank(%a: tensor<3x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{b must be 2-D, got 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.gemm %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @gemm_contracting(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contracting dimensions differ: a has 3 ('tensor<3x4xf32>', transposed), b has 4 ('tensor<4x5xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.gemm %a, %b trans_a : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @gemm_integer_alpha(%a: tensor<3x4xi32>, %b: tensor<4x5xi32>) {
  // expected-error @+2 {{alpha must be integral for 'i32' operands, got 5.000000e-01}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.gemm %a, %b alpha = 0.5 : (tensor<3x4xi32>, tensor<4x5xi32>) -> tensor<3x5xi32>
  return
}

// -----

func.func @gemm_integer_beta(%a: tensor<3x4xi32>, %b: tensor<4x5xi32>, %c: tensor<5xi32>) {
  // expected-error @+2 {{beta must be integral for 'i32' operands, got 2.500000e-01}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.gemm %a, %b, %c beta = 0.25 : (tensor<3x4xi32>, tensor<4x5xi32>, tensor<5xi32>) -> tensor<3x5xi32>
  return
}

// -----

func.func @gemm_c_rank(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<1x3x5xf32>) {
  // expected-error @+2 {{c 'tensor<1x3x5xf32>' does not broadcast to the result type 'tensor<3x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.gemm %a, %b, %c : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<1x3x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @gemm_c_broadcast(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<3xf32>) {
  // expected-error @+2 {{c 'tensor<3xf32>' does not broadcast to the result type 'tensor<3x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.gemm %a, %b, %c : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<3xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @gemm_c_element_type(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<5xf16>) {
  // expected-error @+1 {{failed to verify that c has the element type of a}}
  %0 = nabla.gemm %a, %b, %c : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<5xf16>) -> tensor<3x5xf32>
  return
}

// -----

func.func @gemm_result(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<3x5xf32>' are incompatible with return type(s) of operation 'tensor<4x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.gemm %a, %b trans_a : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @fused_matmul_rank(%a: tensor<8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+2 {{operands must be 2-D or 3-D, got 'tensor<8xf32>' and 'tensor<8x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_matmul %a, %b : (tensor<8xf32>, tensor<8x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @fused_matmul_3d_b(%a: tensor<2x8xf32>, %b: tensor<3x8x4xf32>) {
  // expected-error @+2 {{a 3-D b needs a 3-D a, got 'tensor<2x8xf32>' and 'tensor<3x8x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_matmul %a, %b : (tensor<2x8xf32>, tensor<3x8x4xf32>) -> tensor<3x2x4xf32>
  return
}

// -----

func.func @fused_matmul_contracting(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>) {
  // expected-error @+2 {{contracting dimensions differ: a has 8 ('tensor<2x8xf32>'), b has 4 ('tensor<4x8xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_matmul %a, %b : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @fused_matmul_batch(%a: tensor<2x3x8xf32>, %b: tensor<5x8x4xf32>) {
  // expected-error @+2 {{batch sizes differ: 'tensor<2x3x8xf32>' and 'tensor<5x8x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_matmul %a, %b : (tensor<2x3x8xf32>, tensor<5x8x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @fused_matmul_bias(%a: tensor<2x8xf32>, %b: tensor<8x4xf32>, %bias: tensor<3xf32>) {
  // expected-error @+2 {{bias 'tensor<3xf32>' does not broadcast to the result type 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_matmul %a, %b bias %bias : (tensor<2x8xf32>, tensor<8x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @fused_matmul_bias_type(%a: tensor<2x8xf32>, %b: tensor<8x4xf32>, %bias: tensor<4xf16>) {
  // expected-error @+2 {{bias element type 'f16' differs from the result element type 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_matmul %a, %b bias %bias : (tensor<2x8xf32>, tensor<8x4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @fused_matmul_residual(%a: tensor<2x8xf32>, %b: tensor<8x4xf32>, %r: tensor<4xf32>) {
  // expected-error @+2 {{residual 'tensor<4xf32>' must have the result type 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_matmul %a, %b residual %r : (tensor<2x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @fused_matmul_clip(%a: tensor<2x8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+2 {{clip range [6.000000e+00, 0.000000e+00] is empty or NaN}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nabla.fused_matmul %a, %b activation = clip act_alpha = 6.0 act_beta = 0.0 : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return
}
