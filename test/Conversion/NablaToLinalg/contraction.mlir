// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// CHECK-LABEL: func.func @matmul_2d
func.func @matmul_2d(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<3x5xf32>)
  // CHECK: %[[MM:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<4x5xf32>) outs(%[[FILL]] : tensor<3x5xf32>)
  // CHECK: return %[[MM]]
  %0 = nabla.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// A batch against one matrix folds the batch into M.
// CHECK-LABEL: func.func @matmul_batch_times_matrix
func.func @matmul_batch_times_matrix(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  // CHECK: %[[LHS:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  // CHECK: %[[MM:.*]] = linalg.matmul ins(%[[LHS]], %arg1 : tensor<6x4xf32>, tensor<4x5xf32>)
  // CHECK: tensor.expand_shape %[[MM]] {{\[}}[0, 1], [2]] output_shape [2, 3, 5] : tensor<6x5xf32> into tensor<2x3x5xf32>
  %0 = nabla.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_batch
func.func @matmul_batch(%a: tensor<2x7x3x4xf32>, %b: tensor<2x7x4x5xf32>) -> tensor<2x7x3x5xf32> {
  // CHECK: %[[LHS:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2], [3]] : tensor<2x7x3x4xf32> into tensor<14x3x4xf32>
  // CHECK: %[[RHS:.*]] = tensor.collapse_shape %arg1 {{\[}}[0, 1], [2], [3]] : tensor<2x7x4x5xf32> into tensor<14x4x5xf32>
  // CHECK: %[[MM:.*]] = linalg.batch_matmul ins(%[[LHS]], %[[RHS]] : tensor<14x3x4xf32>, tensor<14x4x5xf32>)
  // CHECK: tensor.expand_shape %[[MM]] {{\[}}[0, 1], [2], [3]] output_shape [2, 7, 3, 5]
  %0 = nabla.matmul %a, %b : (tensor<2x7x3x4xf32>, tensor<2x7x4x5xf32>) -> tensor<2x7x3x5xf32>
  return %0 : tensor<2x7x3x5xf32>
}

// -----

// Batch dimensions that broadcast are materialized before the batch_matmul.
// CHECK-DAG: #[[LHS_MAP:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>
// CHECK-DAG: #[[RHS_MAP:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>
// CHECK-LABEL: func.func @matmul_batch_broadcast
func.func @matmul_batch_broadcast(%a: tensor<2x1x3x4xf32>, %b: tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[LHS_MAP]], #{{.*}}]{{.*}} ins(%arg0 : tensor<2x1x3x4xf32>) outs(%{{.*}} : tensor<2x5x3x4xf32>)
  // CHECK: linalg.generic {indexing_maps = [#[[RHS_MAP]], #{{.*}}]{{.*}} ins(%arg1 : tensor<5x4x6xf32>) outs(%{{.*}} : tensor<2x5x4x6xf32>)
  // CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<10x3x4xf32>, tensor<10x4x6xf32>)
  // CHECK: tensor.expand_shape %{{.*}} output_shape [2, 5, 3, 6]
  %0 = nabla.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  return %0 : tensor<2x5x3x6xf32>
}

// -----

// A vector times a vector is a 1x1 matmul collapsed to rank 0; integer
// products use an integer zero.
// CHECK-LABEL: func.func @matmul_dot_i32
func.func @matmul_dot_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<i32> {
  // CHECK-DAG: tensor.expand_shape %arg0 {{\[}}[0, 1]] output_shape [1, 4]
  // CHECK-DAG: tensor.expand_shape %arg1 {{\[}}[0, 1]] output_shape [4, 1]
  // CHECK-DAG: arith.constant 0 : i32
  // CHECK: %[[MM:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x4xi32>, tensor<4x1xi32>) outs(%{{.*}} : tensor<1x1xi32>)
  // CHECK: tensor.collapse_shape %[[MM]] [] : tensor<1x1xi32> into tensor<i32>
  %0 = nabla.matmul %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

// CHECK-LABEL: func.func @matmul_vector_times_batch
func.func @matmul_vector_times_batch(%a: tensor<4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x5xf32> {
  // CHECK: tensor.expand_shape %arg0 {{\[}}[0, 1]] output_shape [1, 4]
  // CHECK: %[[MM:.*]] = linalg.batch_matmul ins(%{{.*}}, %arg1 : tensor<2x1x4xf32>, tensor<2x4x5xf32>)
  // CHECK: tensor.collapse_shape %[[MM]] {{\[}}[0], [1, 2]] : tensor<2x1x5xf32> into tensor<2x5xf32>
  %0 = nabla.matmul %a, %b : (tensor<4xf32>, tensor<2x4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_matrix_times_vector_ui8
func.func @matmul_matrix_times_vector_ui8(%a: tensor<3x4xui8>, %b: tensor<4xui8>) -> tensor<3xui8> {
  // CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<3x4xi8>, tensor<4x1xi8>) outs(%{{.*}} : tensor<3x1xi8>)
  // CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<3x1xi8> into tensor<3xi8>
  %0 = nabla.matmul %a, %b : (tensor<3x4xui8>, tensor<4xui8>) -> tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

// With alpha = 1, beta * c is the initial accumulator of the matmul.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @gemm_trans_a_bias
func.func @gemm_trans_a_bias(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>, %c: tensor<5xf32>) -> tensor<3x5xf32> {
  // CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #{{.*}}]{{.*}} ins(%arg2 : tensor<5xf32>) outs(%{{.*}} : tensor<3x5xf32>)
  // CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT: linalg.yield %[[IN]]
  // CHECK: %[[MM:.*]] = linalg.matmul indexing_maps = [#[[A]], #[[B]], #[[C]]] ins(%arg0, %arg1 : tensor<4x3xf32>, tensor<4x5xf32>) outs(%[[INIT]] : tensor<3x5xf32>)
  // CHECK: return %[[MM]]
  %0 = nabla.gemm %a, %b, %c trans_a : (tensor<4x3xf32>, tensor<4x5xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @gemm_trans_b_beta
func.func @gemm_trans_b_beta(%a: tensor<3x4xf32>, %b: tensor<5x4xf32>, %c: tensor<3x1xf32>) -> tensor<3x5xf32> {
  // CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[COL]], #{{.*}}]{{.*}} ins(%arg2 : tensor<3x1xf32>)
  // CHECK: %[[BETA:.*]] = arith.constant 2.500000e-01 : f32
  // CHECK: arith.mulf %[[BETA]]
  // CHECK: linalg.matmul indexing_maps = [#{{.*}}, #[[B]], #{{.*}}] ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<5x4xf32>) outs(%[[INIT]] : tensor<3x5xf32>)
  %0 = nabla.gemm %a, %b, %c trans_b beta = 0.25 : (tensor<3x4xf32>, tensor<5x4xf32>, tensor<3x1xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// With alpha != 1 an epilogue computes alpha * (a x b) + beta * c.
// CHECK-LABEL: func.func @gemm_alpha_beta
func.func @gemm_alpha_beta(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<3x5xf32>) -> tensor<3x5xf32> {
  // CHECK: %[[MM:.*]] = linalg.matmul indexing_maps = {{.*}} ins(%arg0, %arg1 : tensor<4x3xf32>, tensor<5x4xf32>)
  // CHECK: linalg.generic {{.*}} ins(%[[MM]], %arg2 : tensor<3x5xf32>, tensor<3x5xf32>)
  // CHECK: arith.constant 5.000000e-01 : f32
  // CHECK: arith.mulf
  // CHECK: arith.constant 2.000000e+00 : f32
  // CHECK: arith.mulf
  // CHECK: arith.addf
  %0 = nabla.gemm %a, %b, %c trans_a trans_b alpha = 0.5 beta = 2.0 : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func.func @gemm_alpha_no_c
func.func @gemm_alpha_no_c(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  // CHECK: linalg.fill
  // CHECK: %[[MM:.*]] = linalg.matmul
  // CHECK: linalg.generic {{.*}} ins(%[[MM]] : tensor<3x5xf32>)
  // CHECK: arith.mulf
  // CHECK-NOT: arith.addf
  %0 = nabla.gemm %a, %b alpha = 3.0 : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Integer gemm scales with integer constants; unsigned tensors are signless.
// CHECK-LABEL: func.func @gemm_ui8
func.func @gemm_ui8(%a: tensor<3x4xui8>, %b: tensor<4x5xui8>, %c: tensor<5xui8>) -> tensor<3x5xui8> {
  // CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<5xi8>) outs(%{{.*}} : tensor<3x5xi8>)
  // CHECK: arith.constant 2 : i8
  // CHECK: arith.muli
  // CHECK: linalg.matmul {{.*}} outs(%[[INIT]] : tensor<3x5xi8>)
  %0 = nabla.gemm %a, %b, %c beta = 2.0 : (tensor<3x4xui8>, tensor<4x5xui8>, tensor<5xui8>) -> tensor<3x5xui8>
  return %0 : tensor<3x5xui8>
}

// -----

// f16 products accumulate in f32.
// CHECK-LABEL: func.func @matmul_f16
func.func @matmul_f16(%a: tensor<3x4xf16>, %b: tensor<4x5xf16>) -> tensor<3x5xf16> {
  // CHECK: %[[MM:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<3x4xf16>, tensor<4x5xf16>) outs(%{{.*}} : tensor<3x5xf32>)
  // CHECK: linalg.generic {{.*}} ins(%[[MM]] : tensor<3x5xf32>) outs(%{{.*}} : tensor<3x5xf16>)
  // CHECK: arith.truncf
  %0 = nabla.matmul %a, %b : (tensor<3x4xf16>, tensor<4x5xf16>) -> tensor<3x5xf16>
  return %0 : tensor<3x5xf16>
}

// -----

// CHECK-LABEL: func.func @gemm_bf16_alpha
func.func @gemm_bf16_alpha(%a: tensor<3x4xbf16>, %b: tensor<4x5xbf16>, %c: tensor<5xbf16>) -> tensor<3x5xbf16> {
  // CHECK: %[[MM:.*]] = linalg.matmul {{.*}} outs(%{{.*}} : tensor<3x5xf32>)
  // CHECK: linalg.generic {{.*}} ins(%[[MM]], %arg2 : tensor<3x5xf32>, tensor<5xbf16>) outs(%{{.*}} : tensor<3x5xbf16>)
  // CHECK: arith.mulf {{.*}} : f32
  // CHECK: arith.extf {{.*}} : bf16 to f32
  // CHECK: arith.addf {{.*}} : f32
  // CHECK: arith.truncf {{.*}} : f32 to bf16
  %0 = nabla.gemm %a, %b, %c alpha = 2.0 : (tensor<3x4xbf16>, tensor<4x5xbf16>, tensor<5xbf16>) -> tensor<3x5xbf16>
  return %0 : tensor<3x5xbf16>
}

// -----

// Reshapes of tensors without elements are empty tensors (zero-sized
// dimensions have no well-defined reassociation).
// CHECK-LABEL: func.func @matmul_empty_batch
func.func @matmul_empty_batch(%a: tensor<0x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<0x3x5xf32> {
  // CHECK-NOT: tensor.collapse_shape
  // CHECK: %[[LHS:.*]] = tensor.empty() : tensor<0x4xf32>
  // CHECK: %[[MM:.*]] = linalg.matmul ins(%[[LHS]], %arg1 : tensor<0x4xf32>, tensor<4x5xf32>)
  // CHECK: %[[RESULT:.*]] = tensor.empty() : tensor<0x3x5xf32>
  // CHECK: return %[[RESULT]]
  %0 = nabla.matmul %a, %b : (tensor<0x3x4xf32>, tensor<4x5xf32>) -> tensor<0x3x5xf32>
  return %0 : tensor<0x3x5xf32>
}

// -----

// fused_matmul on the generic path: one contraction whose maps carry the
// transposes, then one elementwise epilogue (alpha, bias, residual, act).
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @fused_matmul
// CHECK: %[[P:.*]] = linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%arg0, %arg1 : tensor<8x3xf32>, tensor<5x8xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[P]], %arg2, %arg3 : tensor<3x5xf32>, tensor<5xf32>, tensor<3x5xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @fused_matmul(%a: tensor<8x3xf32>, %b: tensor<5x8xf32>, %bias: tensor<5xf32>, %r: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = nabla.fused_matmul %a, %b bias %bias residual %r trans_a trans_b alpha = 2.0 activation = clip act_beta = 6.0 : (tensor<8x3xf32>, tensor<5x8xf32>, tensor<5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// A 2-D b is shared by the batch: its map has no batch dimension.
// CHECK-DAG: #[[A3:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[B2:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-LABEL: func.func @fused_matmul_shared
// CHECK: linalg.generic {indexing_maps = [#[[A3]], #[[B2]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @fused_matmul_shared(%a: tensor<2x3x8xf32>, %b: tensor<8x5xf32>) -> tensor<2x3x5xf32> {
  %0 = nabla.fused_matmul %a, %b : (tensor<2x3x8xf32>, tensor<8x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
