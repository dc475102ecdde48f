// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// CHECK-LABEL: func.func @matmul_2d
func.func @matmul_2d(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  // CHECK: nabla.matmul %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  %0 = nabla.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// CHECK-LABEL: func.func @matmul_batch_broadcast
func.func @matmul_batch_broadcast(%a: tensor<2x1x3x4xf32>, %b: tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32> {
  // CHECK: nabla.matmul %{{.*}}, %{{.*}} : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  %0 = nabla.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  return %0 : tensor<2x5x3x6xf32>
}

// CHECK-LABEL: func.func @matmul_dynamic_batch
func.func @matmul_dynamic_batch(%a: tensor<?x8x16xf32>, %b: tensor<16x4xf32>) -> tensor<?x8x4xf32> {
  // CHECK: nabla.matmul %{{.*}}, %{{.*}} : (tensor<?x8x16xf32>, tensor<16x4xf32>) -> tensor<?x8x4xf32>
  %0 = nabla.matmul %a, %b : (tensor<?x8x16xf32>, tensor<16x4xf32>) -> tensor<?x8x4xf32>
  return %0 : tensor<?x8x4xf32>
}

// A dynamic batch dimension takes the other operand's static size.
// CHECK-LABEL: func.func @matmul_dynamic_batch_fixed
func.func @matmul_dynamic_batch_fixed(%a: tensor<?x8x16xf32>, %b: tensor<3x16x4xf32>) -> tensor<3x8x4xf32> {
  // CHECK: nabla.matmul %{{.*}}, %{{.*}} : (tensor<?x8x16xf32>, tensor<3x16x4xf32>) -> tensor<3x8x4xf32>
  %0 = nabla.matmul %a, %b : (tensor<?x8x16xf32>, tensor<3x16x4xf32>) -> tensor<3x8x4xf32>
  return %0 : tensor<3x8x4xf32>
}

// CHECK-LABEL: func.func @matmul_dynamic_contracting
func.func @matmul_dynamic_contracting(%a: tensor<3x?xf32>, %b: tensor<5x?xf32>) -> tensor<3x?xf32> {
  // CHECK: nabla.matmul %{{.*}}, %{{.*}} : (tensor<3x?xf32>, tensor<5x?xf32>) -> tensor<3x?xf32>
  %0 = nabla.matmul %a, %b : (tensor<3x?xf32>, tensor<5x?xf32>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// CHECK-LABEL: func.func @matmul_vector_lhs
func.func @matmul_vector_lhs(%a: tensor<4xf32>, %b: tensor<2x4x6xf32>) -> tensor<2x6xf32> {
  // CHECK: nabla.matmul %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<2x4x6xf32>) -> tensor<2x6xf32>
  %0 = nabla.matmul %a, %b : (tensor<4xf32>, tensor<2x4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// CHECK-LABEL: func.func @matmul_vector_rhs
func.func @matmul_vector_rhs(%a: tensor<?x3x4xf32>, %b: tensor<4xf32>) -> tensor<?x3xf32> {
  // CHECK: nabla.matmul %{{.*}}, %{{.*}} : (tensor<?x3x4xf32>, tensor<4xf32>) -> tensor<?x3xf32>
  %0 = nabla.matmul %a, %b : (tensor<?x3x4xf32>, tensor<4xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @matmul_dot
func.func @matmul_dot(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<i32> {
  // CHECK: nabla.matmul %{{.*}}, %{{.*}} : (tensor<4xi32>, tensor<4xi32>) -> tensor<i32>
  %0 = nabla.matmul %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<i32>
  return %0 : tensor<i32>
}

// CHECK-LABEL: func.func @gemm_plain
func.func @gemm_plain(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  // CHECK: nabla.gemm %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  %0 = nabla.gemm %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// Defaults are elided when printed.
// CHECK-LABEL: func.func @gemm_defaults
func.func @gemm_defaults(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  // CHECK: nabla.gemm %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  %0 = nabla.gemm %a, %b alpha = 1.0 beta = 1.0 : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// CHECK-LABEL: func.func @gemm_linear
func.func @gemm_linear(%x: tensor<?x784xf32>, %w: tensor<128x784xf32>, %b: tensor<128xf32>) -> tensor<?x128xf32> {
  // CHECK: nabla.gemm %{{.*}}, %{{.*}}, %{{.*}} trans_b alpha = 5.000000e-01 : (tensor<?x784xf32>, tensor<128x784xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %0 = nabla.gemm %x, %w, %b trans_b alpha = 0.5 : (tensor<?x784xf32>, tensor<128x784xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  return %0 : tensor<?x128xf32>
}

// CHECK-LABEL: func.func @gemm_transposed
func.func @gemm_transposed(%a: tensor<4x3xf16>, %b: tensor<5x4xf16>, %c: tensor<3x1xf16>) -> tensor<3x5xf16> {
  // CHECK: nabla.gemm %{{.*}}, %{{.*}}, %{{.*}} trans_a trans_b alpha = 2.000000e+00 beta = 0.000000e+00 : (tensor<4x3xf16>, tensor<5x4xf16>, tensor<3x1xf16>) -> tensor<3x5xf16>
  %0 = nabla.gemm %a, %b, %c trans_a trans_b alpha = 2.0 beta = 0.0 : (tensor<4x3xf16>, tensor<5x4xf16>, tensor<3x1xf16>) -> tensor<3x5xf16>
  return %0 : tensor<3x5xf16>
}

// CHECK-LABEL: func.func @gemm_scalar_c
func.func @gemm_scalar_c(%a: tensor<3x4xi32>, %b: tensor<4x5xi32>, %c: tensor<i32>) -> tensor<3x5xi32> {
  // CHECK: nabla.gemm %{{.*}}, %{{.*}}, %{{.*}} alpha = 3.000000e+00 : (tensor<3x4xi32>, tensor<4x5xi32>, tensor<i32>) -> tensor<3x5xi32>
  %0 = nabla.gemm %a, %b, %c alpha = 3.0 : (tensor<3x4xi32>, tensor<4x5xi32>, tensor<i32>) -> tensor<3x5xi32>
  return %0 : tensor<3x5xi32>
}

// A static dimension of c is accepted against a dynamic result dimension.
// CHECK-LABEL: func.func @gemm_dynamic_c
func.func @gemm_dynamic_c(%a: tensor<?x4xf32>, %b: tensor<4x?xf32>, %c: tensor<2x?xf32>) -> tensor<?x?xf32> {
  // CHECK: nabla.gemm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x4xf32>, tensor<4x?xf32>, tensor<2x?xf32>) -> tensor<?x?xf32>
  %0 = nabla.gemm %a, %b, %c : (tensor<?x4xf32>, tensor<4x?xf32>, tensor<2x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func.func @fused_matmul_dense
func.func @fused_matmul_dense(%x: tensor<64x784xf32>, %w: tensor<512x784xf32>, %b: tensor<512xf32>) -> tensor<64x512xf32> {
  // CHECK: nabla.fused_matmul %{{.*}}, %{{.*}} bias %{{.*}} trans_b activation = relu : (tensor<64x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<64x512xf32>
  %0 = nabla.fused_matmul %x, %w bias %b trans_b activation = relu : (tensor<64x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<64x512xf32>
  return %0 : tensor<64x512xf32>
}

// Every part of the epilogue, a batch of products sharing b, and a dynamic
// batch.
// CHECK-LABEL: func.func @fused_matmul_full
func.func @fused_matmul_full(%a: tensor<?x16x8xf32>, %b: tensor<16x4xf32>, %bias: tensor<8x1xf32>, %r: tensor<?x8x4xf32>) -> tensor<?x8x4xf32> {
  // CHECK: nabla.fused_matmul %{{.*}}, %{{.*}} bias %{{.*}} residual %{{.*}} trans_a alpha = 5.000000e-01 activation = clip act_beta = 6.000000e+00 : (tensor<?x16x8xf32>, tensor<16x4xf32>, tensor<8x1xf32>, tensor<?x8x4xf32>) -> tensor<?x8x4xf32>
  %0 = nabla.fused_matmul %a, %b bias %bias residual %r trans_a alpha = 0.5 activation = clip act_alpha = 0.0 act_beta = 6.0 : (tensor<?x16x8xf32>, tensor<16x4xf32>, tensor<8x1xf32>, tensor<?x8x4xf32>) -> tensor<?x8x4xf32>
  return %0 : tensor<?x8x4xf32>
}

// A batch of independent products (attention scores: q x k^T).
// CHECK-LABEL: func.func @fused_matmul_batched
func.func @fused_matmul_batched(%q: tensor<4x10x16xf32>, %k: tensor<4x10x16xf32>) -> tensor<4x10x10xf32> {
  // CHECK: nabla.fused_matmul %{{.*}}, %{{.*}} trans_b alpha = 2.500000e-01 : (tensor<4x10x16xf32>, tensor<4x10x16xf32>) -> tensor<4x10x10xf32>
  %0 = nabla.fused_matmul %q, %k trans_b alpha = 0.25 : (tensor<4x10x16xf32>, tensor<4x10x16xf32>) -> tensor<4x10x10xf32>
  return %0 : tensor<4x10x10xf32>
}
