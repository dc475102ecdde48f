// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// mean: the squared differences are summed in one reduction to rank 0, then
// divided by the element count.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @mse_mean
func.func @mse_mean(%y: tensor<3x4xf32>, %t: tensor<3x4xf32>) -> tensor<f32> {
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<f32>)
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[SCALAR]]], iterator_types = ["reduction", "reduction"]} ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<f32>)
  // CHECK: %[[D:.*]] = arith.subf
  // CHECK: %[[SQ:.*]] = arith.mulf %[[D]], %[[D]]
  // CHECK: arith.addf %{{.*}}, %[[SQ]]
  // CHECK: linalg.generic {{.*}} iterator_types = []} ins(%[[SUM]] : tensor<f32>)
  // CHECK: %[[N:.*]] = arith.constant 1.200000e+01 : f32
  // CHECK: arith.divf %{{.*}}, %[[N]]
  %l = nabla.mse_loss %y, %t : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @mse_none
func.func @mse_none(%y: tensor<3x4xf32>, %t: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // CHECK: %[[L:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<3x4xf32>) outs(%{{.*}} : tensor<3x4xf32>)
  // CHECK: arith.subf
  // CHECK: arith.mulf
  // CHECK-NOT: arith.addf
  // CHECK: return %[[L]]
  %l = nabla.mse_loss %y, %t reduction = none : tensor<3x4xf32>
  return %l : tensor<3x4xf32>
}

// -----

// f16 losses accumulate in f32; sum needs no division.
// CHECK-LABEL: func.func @mse_sum_f16
func.func @mse_sum_f16(%y: tensor<2x3xf16>, %t: tensor<2x3xf16>) -> tensor<f16> {
  // CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<2x3xf16>, tensor<2x3xf16>) outs(%{{.*}} : tensor<f32>)
  // CHECK: arith.extf
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<f16>)
  // CHECK-NOT: arith.divf
  // CHECK: arith.truncf
  %l = nabla.mse_loss %y, %t reduction = sum : (tensor<2x3xf16>, tensor<2x3xf16>) -> tensor<f16>
  return %l : tensor<f16>
}

// -----

// The labels are checked first (in [0, 10) or the ignore_index); then
// log-sum-exp: a max pass over the classes, then one pass summing
// exp(logit - max) and picking the target's shifted logit and weight; the
// weighted mean divides by the sum of the non-ignored targets' weights.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[POS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[CLASS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("axis 1 of size 10 (valid: 0..9, or ignore_index -100)\00")
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("nabla.softmax_cross_entropy ({{.*}}loss.mlir:{{[0-9]+}}:{{[0-9]+}})\00")
// CHECK-LABEL: func.func @softmax_cross_entropy_weighted_ignore
func.func @softmax_cross_entropy_weighted_ignore(%logits: tensor<4x10xf32>, %labels: tensor<4xi64>, %w: tensor<10xf32>) -> tensor<f32> {
  // CHECK: scf.for
  // CHECK: func.call @nabla_rt_index_error
  // CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[POS]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x10xf32>)
  // CHECK: arith.maximumf
  // CHECK: %[[SUMS:.*]]:3 = linalg.generic {indexing_maps = [#[[ID]], #[[POS]], #[[POS]], #[[CLASS]], #[[POS]], #[[POS]], #[[POS]]], iterator_types = ["parallel", "reduction"]} ins(%arg0, %[[MAX]], %arg1, %arg2 : tensor<4x10xf32>, tensor<4xf32>, tensor<4xi64>, tensor<10xf32>)
  // CHECK: ^bb0(%[[L:.*]]: f32, %[[M:.*]]: f32, %[[Y:.*]]: i64, %[[W:.*]]: f32, %[[S:.*]]: f32, %[[P:.*]]: f32, %[[PW:.*]]: f32):
  // CHECK: %[[SHIFTED:.*]] = arith.subf %[[L]], %[[M]] : f32
  // CHECK: %[[E:.*]] = math.exp %[[SHIFTED]] : f32
  // CHECK: %[[S2:.*]] = arith.addf %[[S]], %[[E]] : f32
  // CHECK: %[[C:.*]] = linalg.index 1 : index
  // CHECK: %[[CI:.*]] = arith.index_cast %[[C]] : index to i64
  // CHECK: %[[TARGET:.*]] = arith.cmpi eq, %[[CI]], %[[Y]] : i64
  // CHECK: %[[PICK:.*]] = arith.select %[[TARGET]], %[[SHIFTED]], %{{.*}} : f32
  // CHECK: %[[P2:.*]] = arith.addf %[[P]], %[[PICK]] : f32
  // CHECK: %[[PICKW:.*]] = arith.select %[[TARGET]], %[[W]], %{{.*}} : f32
  // CHECK: %[[PW2:.*]] = arith.addf %[[PW]], %[[PICKW]] : f32
  // CHECK: linalg.yield %[[S2]], %[[P2]], %[[PW2]]
  // CHECK: %[[TOTALS:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[SUMS]]#0, %[[SUMS]]#1, %[[SUMS]]#2, %arg1 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>) outs(%{{.*}}, %{{.*}} : tensor<f32>, tensor<f32>)
  // CHECK: math.log
  // CHECK: arith.constant -100 : i64
  // CHECK: %[[IGNORED:.*]] = arith.cmpi eq
  // CHECK: arith.select %[[IGNORED]]
  // CHECK: arith.select %[[IGNORED]]
  // CHECK: linalg.generic {{.*}} ins(%[[TOTALS]]#0, %[[TOTALS]]#1 : tensor<f32>, tensor<f32>)
  // CHECK: arith.divf
  %l = nabla.softmax_cross_entropy %logits, %labels, %w ignore_index = -100 : (tensor<4x10xf32>, tensor<4xi64>, tensor<10xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Spatial logits [N, C, d]: the class axis is 1 and the positions are
// [N, d]; without weight nor ignore_index the mean divides by N * d.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[POS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax_cross_entropy_spatial_i32
func.func @softmax_cross_entropy_spatial_i32(%logits: tensor<2x5x3xf32>, %labels: tensor<2x3xi32>) -> tensor<f32> {
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[POS]]], iterator_types = ["parallel", "reduction", "parallel"]}
  // CHECK: %[[SUMS:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[POS]], #[[POS]], #[[POS]], #[[POS]]], iterator_types = ["parallel", "reduction", "parallel"]}
  // CHECK: arith.index_cast %{{.*}} : index to i32
  // CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%[[SUMS]]#0, %[[SUMS]]#1, %arg1 :
  // CHECK: arith.constant 6.000000e+00 : f32
  %l = nabla.softmax_cross_entropy %logits, %labels : (tensor<2x5x3xf32>, tensor<2x3xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Probability labels: loss = sum(p) * log(sum(exp(s))) - sum(p * s).
// CHECK-LABEL: func.func @softmax_cross_entropy_probs_none
// CHECK-NOT: nabla_rt_index_error
func.func @softmax_cross_entropy_probs_none(%logits: tensor<4x10xf32>, %probs: tensor<4x10xf32>) -> tensor<4xf32> {
  // CHECK: arith.maximumf
  // CHECK: %[[SUMS:.*]]:3 = linalg.generic {{.*}} ins(%arg0, %{{.*}}, %arg1 : tensor<4x10xf32>, tensor<4xf32>, tensor<4x10xf32>)
  // CHECK: math.exp
  // CHECK: arith.mulf
  // CHECK: %[[L:.*]] = linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%[[SUMS]]#0, %[[SUMS]]#1, %[[SUMS]]#2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) outs(%{{.*}} : tensor<4xf32>)
  // CHECK: ^bb0(%[[S:.*]]: f32, %[[PS:.*]]: f32, %[[P:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[LOG:.*]] = math.log %[[S]]
  // CHECK: %[[M:.*]] = arith.mulf %[[P]], %[[LOG]]
  // CHECK: arith.subf %[[M]], %[[PS]]
  // CHECK: return %[[L]]
  %l = nabla.softmax_cross_entropy %logits, %probs reduction = none : (tensor<4x10xf32>, tensor<4x10xf32>) -> tensor<4xf32>
  return %l : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @softmax_cross_entropy_sum_f16
func.func @softmax_cross_entropy_sum_f16(%logits: tensor<4x10xf16>, %labels: tensor<4xi64>) -> tensor<f16> {
  // CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<4x10xf16>) outs(%{{.*}} : tensor<4xf32>)
  // CHECK: arith.extf
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<f32>)
  // CHECK: arith.truncf %{{.*}} : f32 to f16
  %l = nabla.softmax_cross_entropy %logits, %labels reduction = sum : (tensor<4x10xf16>, tensor<4xi64>) -> tensor<f16>
  return %l : tensor<f16>
}

// -----

// nll_loss checks its labels, then gathers log_probs at each label's class
// (labels outside [0, C), which failed the check, read class 0 instead of
// out of bounds).
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("axis 1 of size 5 (valid: 0..4)\00")
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("nabla.nll_loss ({{.*}}loss.mlir:{{[0-9]+}}:{{[0-9]+}})\00")
// CHECK-LABEL: func.func @nll_loss_none
func.func @nll_loss_none(%lp: tensor<2x5x7xf32>, %labels: tensor<2x7xi32>) -> tensor<2x7xf32> {
  // CHECK: tensor.collapse_shape %arg1 {{\[\[}}0, 1]] : tensor<2x7xi32> into tensor<14xi32>
  // CHECK: func.call @nabla_rt_index_error
  // CHECK: %[[L:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg1 : tensor<2x7xi32>) outs(%{{.*}} : tensor<2x7xf32>)
  // CHECK: ^bb0(%[[Y:.*]]: i32, %{{.*}}: f32):
  // CHECK: %[[C:.*]] = arith.constant 5 : i32
  // CHECK: %[[IN:.*]] = arith.cmpi ult, %[[Y]], %[[C]] : i32
  // CHECK: %[[SAFE:.*]] = arith.select %[[IN]], %[[Y]], %{{.*}} : i32
  // CHECK: %[[IDX:.*]] = arith.index_cast %[[SAFE]] : i32 to index
  // CHECK: %[[N:.*]] = linalg.index 0 : index
  // CHECK: %[[D:.*]] = linalg.index 1 : index
  // CHECK: %[[LP:.*]] = tensor.extract %arg0[%[[N]], %[[IDX]], %[[D]]] : tensor<2x5x7xf32>
  // CHECK: %[[NEG:.*]] = arith.negf %[[LP]] : f32
  // CHECK: linalg.yield %[[NEG]]
  // CHECK: return %[[L]]
  %l = nabla.nll_loss %lp, %labels reduction = none : (tensor<2x5x7xf32>, tensor<2x7xi32>) -> tensor<2x7xf32>
  return %l : tensor<2x7xf32>
}

// -----

// CHECK-LABEL: func.func @nll_loss_weighted_mean
func.func @nll_loss_weighted_mean(%lp: tensor<4x10xf32>, %labels: tensor<4xi64>, %w: tensor<10xf32>) -> tensor<f32> {
  // CHECK: %[[SUMS:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%arg1 : tensor<4xi64>) outs(%{{.*}}, %{{.*}} : tensor<f32>, tensor<f32>)
  // CHECK: %[[IGNORED:.*]] = arith.cmpi eq, %{{.*}}, %{{c0_i64[_0-9]*}} : i64
  // CHECK: tensor.extract %arg0
  // CHECK: %[[W:.*]] = tensor.extract %arg2[%{{.*}}] : tensor<10xf32>
  // CHECK: arith.mulf %[[W]]
  // CHECK: arith.select %[[IGNORED]]
  // CHECK: arith.select %[[IGNORED]], %{{.*}}, %[[W]]
  // CHECK: linalg.generic {{.*}} ins(%[[SUMS]]#0, %[[SUMS]]#1 : tensor<f32>, tensor<f32>)
  // CHECK: arith.divf
  %l = nabla.nll_loss %lp, %labels, %w ignore_index = 0 : (tensor<4x10xf32>, tensor<4xi64>, tensor<10xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @nll_loss_sum
func.func @nll_loss_sum(%lp: tensor<4x10xf32>, %labels: tensor<4xi64>) -> tensor<f32> {
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%arg1 : tensor<4xi64>) outs(%{{.*}} : tensor<f32>)
  // CHECK-NOT: linalg.generic
  // CHECK: return %[[SUM]]
  %l = nabla.nll_loss %lp, %labels reduction = sum : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Logarithms are clamped at -100; the weight broadcasts to the input.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @binary_cross_entropy
func.func @binary_cross_entropy(%p: tensor<3x4xf32>, %t: tensor<3x4xf32>, %w: tensor<4xf32>) -> tensor<f32> {
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ROW]], #{{.*}}], iterator_types = ["reduction", "reduction"]} ins(%arg0, %arg1, %arg2 :
  // CHECK: ^bb0(%[[P:.*]]: f32, %[[T:.*]]: f32, %[[W:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[FLOOR:.*]] = arith.constant -1.000000e+02 : f32
  // CHECK: %[[LOG:.*]] = math.log %[[P]]
  // CHECK: arith.maximumf %[[LOG]], %[[FLOOR]]
  // CHECK: %[[NEGP:.*]] = arith.negf %[[P]]
  // CHECK: %[[LOG1P:.*]] = math.log1p %[[NEGP]]
  // CHECK: arith.maximumf %[[LOG1P]], %[[FLOOR]]
  // CHECK: arith.mulf %[[W]]
  // CHECK: arith.addf
  // CHECK: arith.constant 1.200000e+01 : f32
  // CHECK: arith.divf
  %l = nabla.binary_cross_entropy %p, %t, %w : (tensor<3x4xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @binary_cross_entropy_none
func.func @binary_cross_entropy_none(%p: tensor<3x4xf32>, %t: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<3x4xf32>) outs(%{{.*}} : tensor<3x4xf32>)
  // CHECK: math.log
  // CHECK: math.log1p
  %l = nabla.binary_cross_entropy %p, %t reduction = none : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %l : tensor<3x4xf32>
}

// -----

// loss = w * ((1 - t) * x + (1 + (p - 1) * t) * (log1p(exp(-|x|)) + max(-x, 0)))
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @binary_cross_entropy_with_logits
func.func @binary_cross_entropy_with_logits(%x: tensor<2x3x4xf32>, %t: tensor<2x3x4xf32>, %w: tensor<3x1xf32>, %pw: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #[[COL]], #[[LAST]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %arg1, %arg2, %arg3 :
  // CHECK: ^bb0(%[[X:.*]]: f32, %[[T:.*]]: f32, %[[W:.*]]: f32, %[[PW:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[NEGX:.*]] = arith.negf %[[X]]
  // CHECK: %[[ABS:.*]] = math.absf %[[X]]
  // CHECK: %[[NABS:.*]] = arith.negf %[[ABS]]
  // CHECK: %[[EXP:.*]] = math.exp %[[NABS]]
  // CHECK: %[[LOG1P:.*]] = math.log1p %[[EXP]]
  // CHECK: %[[RELU:.*]] = arith.maximumf %[[NEGX]]
  // CHECK: %[[SOFTPLUS:.*]] = arith.addf %[[LOG1P]], %[[RELU]]
  // CHECK: %[[PM1:.*]] = arith.subf %[[PW]]
  // CHECK: %[[PT:.*]] = arith.mulf %[[PM1]], %[[T]]
  // CHECK: %[[SCALE:.*]] = arith.addf %{{.*}}, %[[PT]]
  // CHECK: arith.mulf %[[SCALE]], %[[SOFTPLUS]]
  // CHECK: arith.mulf %[[W]]
  %l = nabla.binary_cross_entropy_with_logits %x, %t weight(%w) pos_weight(%pw) reduction = none : (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<3x1xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %l : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @binary_cross_entropy_with_logits_sum
func.func @binary_cross_entropy_with_logits_sum(%x: tensor<3x4xf32>, %t: tensor<3x4xf32>) -> tensor<f32> {
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<3x4xf32>) outs(%{{.*}} : tensor<f32>)
  // CHECK: math.log1p
  // CHECK-NOT: linalg.generic
  // CHECK: return %[[SUM]]
  %l = nabla.binary_cross_entropy_with_logits %x, %t reduction = sum : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
