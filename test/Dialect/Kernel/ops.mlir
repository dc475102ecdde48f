// RUN: %nabla_opt %s | %nabla_opt | FileCheck %s
// RUN: %nabla_opt %s -mlir-print-op-generic | %nabla_opt | FileCheck %s

// CHECK-LABEL: func.func @sgemm_tensor
func.func @sgemm_tensor(%a: tensor<4x8xf32>, %b: tensor<5x8xf32>, %bias: tensor<5xf32>, %init: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} bias %{{.*}} outs(%{{.*}}) trans_b alpha = 5.000000e-01 activation = clip act_beta = 6.000000e+00 : (tensor<4x8xf32>, tensor<5x8xf32>, tensor<5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  %0 = nabla_kernel.sgemm %a, %b bias %bias outs(%init) trans_b alpha = 0.5 activation = clip act_alpha = 0.0 act_beta = 6.0 : (tensor<4x8xf32>, tensor<5x8xf32>, tensor<5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// A batch: a per product, b shared, a per-row bias per product, a residual
// shared by the batch.
// CHECK-LABEL: func.func @sgemm_batched_memref
func.func @sgemm_batched_memref(%a: memref<2x8x4xf32>, %b: memref<8x5xf32>, %bias: memref<2x4xf32>, %r: memref<4x5xf32>, %c: memref<2x4x5xf32>) {
  // CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} bias %{{.*}} residual %{{.*}} outs(%{{.*}}) trans_a bias_per_row : (memref<2x8x4xf32>, memref<8x5xf32>, memref<2x4xf32>, memref<4x5xf32>, memref<2x4x5xf32>) -> ()
  nabla_kernel.sgemm %a, %b bias %bias residual %r outs(%c) trans_a bias_per_row : (memref<2x8x4xf32>, memref<8x5xf32>, memref<2x4xf32>, memref<4x5xf32>, memref<2x4x5xf32>) -> ()
  return
}

// Row strides come from the layout.
// CHECK-LABEL: func.func @sgemm_strided
func.func @sgemm_strided(%a: memref<4x8xf32, strided<[16, 1], offset: 3>>, %b: memref<8x5xf32>, %c: memref<4x5xf32, strided<[8, 1]>>) {
  // CHECK: nabla_kernel.sgemm %{{.*}}, %{{.*}} outs(%{{.*}}) : (memref<4x8xf32, strided<[16, 1], offset: 3>>, memref<8x5xf32>, memref<4x5xf32, strided<[8, 1]>>) -> ()
  nabla_kernel.sgemm %a, %b outs(%c) : (memref<4x8xf32, strided<[16, 1], offset: 3>>, memref<8x5xf32>, memref<4x5xf32, strided<[8, 1]>>) -> ()
  return
}
