// RUN: %nabla_opt %s -convert-nabla-to-kernels -split-input-file | FileCheck %s

// A dense layer: per-column bias, B transposed (ONNX Gemm's weight layout).
// CHECK-LABEL: func.func @dense
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<64x512xf32>
// CHECK: %[[Y:.*]] = nabla_kernel.sgemm %arg0, %arg1 bias %arg2 outs(%[[INIT]]) trans_b activation = relu : (tensor<64x784xf32>, tensor<512x784xf32>, tensor<512xf32>, tensor<64x512xf32>) -> tensor<64x512xf32>
// CHECK: return %[[Y]]
func.func @dense(%x: tensor<64x784xf32>, %w: tensor<512x784xf32>, %b: tensor<512xf32>) -> tensor<64x512xf32> {
  %0 = nabla.fused_matmul %x, %w bias %b trans_b activation = relu : (tensor<64x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<64x512xf32>
  return %0 : tensor<64x512xf32>
}

// -----

// [1, N] is a per-column bias; alpha, the residual and the epilogue's
// parameters carry over.
// CHECK-LABEL: func.func @row_vector_bias
// CHECK: %[[BIAS:.*]] = tensor.collapse_shape %arg2 {{\[}}[0, 1]] : tensor<1x5xf32> into tensor<5xf32>
// CHECK: nabla_kernel.sgemm %arg0, %arg1 bias %[[BIAS]] residual %arg3 outs(%{{.*}}) trans_a alpha = 2.000000e+00 activation = leaky_relu act_alpha = 1.000000e-01 : (tensor<8x3xf32>, tensor<8x5xf32>, tensor<5xf32>, tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
func.func @row_vector_bias(%a: tensor<8x3xf32>, %b: tensor<8x5xf32>, %bias: tensor<1x5xf32>, %r: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = nabla.fused_matmul %a, %b bias %bias residual %r trans_a alpha = 2.0 activation = leaky_relu act_alpha = 0.1 : (tensor<8x3xf32>, tensor<8x5xf32>, tensor<1x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// [M, 1] is a per-row bias.
// CHECK-LABEL: func.func @column_vector_bias
// CHECK: %[[BIAS:.*]] = tensor.collapse_shape %arg2 {{\[}}[0, 1]] : tensor<3x1xf32> into tensor<3xf32>
// CHECK: nabla_kernel.sgemm %arg0, %arg1 bias %[[BIAS]] outs(%{{.*}}) bias_per_row :
func.func @column_vector_bias(%a: tensor<3x8xf32>, %b: tensor<8x5xf32>, %bias: tensor<3x1xf32>) -> tensor<3x5xf32> {
  %0 = nabla.fused_matmul %a, %b bias %bias : (tensor<3x8xf32>, tensor<8x5xf32>, tensor<3x1xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// A full bias is the residual when there is none.
// CHECK-LABEL: func.func @full_bias
// CHECK: nabla_kernel.sgemm %arg0, %arg1 residual %arg2 outs(%{{.*}}) : (tensor<3x8xf32>, tensor<8x5xf32>, tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
func.func @full_bias(%a: tensor<3x8xf32>, %b: tensor<8x5xf32>, %bias: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = nabla.fused_matmul %a, %b bias %bias : (tensor<3x8xf32>, tensor<8x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// A batch sharing B, A not transposed: one product of batch * M rows.
// CHECK-LABEL: func.func @batch_shares_b
// CHECK: %[[A:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<4x16x32xf32> into tensor<64x32xf32>
// CHECK: %[[R:.*]] = tensor.collapse_shape %arg3 {{\[}}[0, 1], [2]] : tensor<4x16x8xf32> into tensor<64x8xf32>
// CHECK: %[[Y:.*]] = nabla_kernel.sgemm %[[A]], %arg1 bias %arg2 residual %[[R]] outs(%{{.*}}) : (tensor<64x32xf32>, tensor<32x8xf32>, tensor<8xf32>, tensor<64x8xf32>, tensor<64x8xf32>) -> tensor<64x8xf32>
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2]] output_shape [4, 16, 8] : tensor<64x8xf32> into tensor<4x16x8xf32>
func.func @batch_shares_b(%a: tensor<4x16x32xf32>, %b: tensor<32x8xf32>, %bias: tensor<8xf32>, %r: tensor<4x16x8xf32>) -> tensor<4x16x8xf32> {
  %0 = nabla.fused_matmul %a, %b bias %bias residual %r : (tensor<4x16x32xf32>, tensor<32x8xf32>, tensor<8xf32>, tensor<4x16x8xf32>) -> tensor<4x16x8xf32>
  return %0 : tensor<4x16x8xf32>
}

// -----

// Attention's scores: a batch of products, B transposed per batch.
// CHECK-LABEL: func.func @batched
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<8x10x10xf32>
// CHECK: nabla_kernel.sgemm %arg0, %arg1 outs(%[[INIT]]) trans_b alpha = 1.250000e-01 : (tensor<8x10x64xf32>, tensor<8x10x64xf32>, tensor<8x10x10xf32>) -> tensor<8x10x10xf32>
func.func @batched(%q: tensor<8x10x64xf32>, %k: tensor<8x10x64xf32>) -> tensor<8x10x10xf32> {
  %0 = nabla.fused_matmul %q, %k trans_b alpha = 0.125 : (tensor<8x10x64xf32>, tensor<8x10x64xf32>) -> tensor<8x10x10xf32>
  return %0 : tensor<8x10x10xf32>
}

// -----

// A per-row bias per product keeps the batch; [B, 1, N] becomes [B, N].
// CHECK-LABEL: func.func @batched_bias
// CHECK: %[[BIAS:.*]] = tensor.collapse_shape %arg2 {{\[}}[0], [1, 2]] : tensor<2x3x1xf32> into tensor<2x3xf32>
// CHECK: nabla_kernel.sgemm %arg0, %arg1 bias %[[BIAS]] outs(%{{.*}}) bias_per_row : (tensor<2x3x4xf32>, tensor<4x5xf32>, tensor<2x3xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
func.func @batched_bias(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %bias: tensor<2x3x1xf32>) -> tensor<2x3x5xf32> {
  %0 = nabla.fused_matmul %a, %b bias %bias : (tensor<2x3x4xf32>, tensor<4x5xf32>, tensor<2x3x1xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// What the kernel does not take stays for convert-nabla-to-linalg: f64, and
// a bias that broadcasts both ways (a scalar).
// CHECK-LABEL: func.func @not_covered
// CHECK-NOT: nabla_kernel.sgemm
// CHECK: nabla.fused_matmul
// CHECK: nabla.fused_matmul
// CHECK-NOT: nabla_kernel.sgemm
func.func @not_covered(%a: tensor<3x8xf64>, %b: tensor<8x5xf64>, %c: tensor<3x8xf32>, %d: tensor<8x5xf32>, %s: tensor<1xf32>) -> (tensor<3x5xf64>, tensor<3x5xf32>) {
  %0 = nabla.fused_matmul %a, %b : (tensor<3x8xf64>, tensor<8x5xf64>) -> tensor<3x5xf64>
  %1 = nabla.fused_matmul %c, %d bias %s : (tensor<3x8xf32>, tensor<8x5xf32>, tensor<1xf32>) -> tensor<3x5xf32>
  return %0, %1 : tensor<3x5xf64>, tensor<3x5xf32>
}

// -----

// linalg's own products (recurrent layers create them in their time
// loops): a zero-filled output is the kernel's outs, the fill dropped...
// CHECK-LABEL: func.func @linalg_matmul_zero_fill
// CHECK-NOT: linalg.matmul
// CHECK: nabla_kernel.sgemm %arg0, %arg1 outs(%arg2) trans_b : (tensor<16x128xf32>, tensor<512x128xf32>, tensor<16x512xf32>) -> tensor<16x512xf32>
#lhs = affine_map<(d0, d1, d2) -> (d0, d2)>
#rhs_t = affine_map<(d0, d1, d2) -> (d1, d2)>
#out = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @linalg_matmul_zero_fill(%h: tensor<16x128xf32>, %w: tensor<512x128xf32>, %buffer: tensor<16x512xf32>) -> tensor<16x512xf32> {
  %zero = arith.constant 0.0 : f32
  %init = linalg.fill ins(%zero : f32) outs(%buffer : tensor<16x512xf32>) -> tensor<16x512xf32>
  %0 = linalg.matmul indexing_maps = [#lhs, #rhs_t, #out] ins(%h, %w : tensor<16x128xf32>, tensor<512x128xf32>) outs(%init : tensor<16x512xf32>) -> tensor<16x512xf32>
  return %0 : tensor<16x512xf32>
}

// -----

// ... any other output is added as the residual (linalg accumulates).
// CHECK-LABEL: func.func @linalg_batch_matmul_accumulates
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3x5xf32>
// CHECK: nabla_kernel.sgemm %arg0, %arg1 residual %arg2 outs(%[[INIT]]) : (tensor<2x3x4xf32>, tensor<2x4x5xf32>, tensor<2x3x5xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
func.func @linalg_batch_matmul_accumulates(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>, %c: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32>) outs(%c : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// A product of other element types stays.
// CHECK-LABEL: func.func @linalg_matmul_f64
// CHECK: linalg.matmul
func.func @linalg_matmul_f64(%a: tensor<3x4xf64>, %b: tensor<4x5xf64>, %c: tensor<3x5xf64>) -> tensor<3x5xf64> {
  %0 = linalg.matmul ins(%a, %b : tensor<3x4xf64>, tensor<4x5xf64>) outs(%c : tensor<3x5xf64>) -> tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}
