// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @reduce_sum_keep_dims
func.func @reduce_sum_keep_dims(%x: tensor<4x5xf32>) -> tensor<4x1xf32> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<4x1xf32>)
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[KEPT]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x5xf32>) outs(%[[INIT]] : tensor<4x1xf32>)
  // CHECK: ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
  // CHECK: %[[ADD:.*]] = arith.addf %[[ACC]], %[[IN]] : f32
  // CHECK: linalg.yield %[[ADD]] : f32
  // CHECK: return %[[SUM]]
  %0 = nabla.reduce_sum %x axes = [1] keep_dims : tensor<4x5xf32> -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

// -----

// Integer sums wrap: a plain addi over the dropped axes.
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @reduce_sum_i32
func.func @reduce_sum_i32(%x: tensor<3x5x6xi32>) -> tensor<3xi32> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[OUT]]], iterator_types = ["parallel", "reduction", "reduction"]}
  // CHECK: arith.addi
  %0 = nabla.reduce_sum %x axes = [2, 1] : tensor<3x5x6xi32> -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// f16 sums accumulate in f32 and are narrowed once at the end.
// CHECK-LABEL: func.func @reduce_sum_f16
func.func @reduce_sum_f16(%x: tensor<4x6xf16>) -> tensor<4xf16> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<4x6xf16>) outs(%{{.*}} : tensor<4xf32>)
  // CHECK: ^bb0(%[[IN:.*]]: f16, %[[ACC:.*]]: f32):
  // CHECK: %[[WIDE:.*]] = arith.extf %[[IN]] : f16 to f32
  // CHECK: arith.addf %[[ACC]], %[[WIDE]] : f32
  // CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<4xf32>) outs(%{{.*}} : tensor<4xf16>)
  // CHECK: arith.truncf %{{.*}} : f32 to f16
  %0 = nabla.reduce_sum %x axes = [1] : tensor<4x6xf16> -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// The mean divides the sum by the number of reduced elements (2 * 8 * 8).
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
// CHECK-LABEL: func.func @reduce_mean
func.func @reduce_mean(%x: tensor<2x16x8x8xf32>) -> tensor<1x16x1x1xf32> {
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[KEPT]]], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
  // CHECK: arith.addf
  // CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x16x1x1xf32>)
  // CHECK: %[[COUNT:.*]] = arith.constant 1.280000e+02 : f32
  // CHECK: arith.divf %{{.*}}, %[[COUNT]] : f32
  %0 = nabla.reduce_mean %x axes = [3, 0, 2] keep_dims : tensor<2x16x8x8xf32> -> tensor<1x16x1x1xf32>
  return %0 : tensor<1x16x1x1xf32>
}

// -----

// Unsigned maxima start at 0 and compare unsigned.
// CHECK-LABEL: func.func @reduce_max_ui8
// CHECK-SAME: (%[[X:.*]]: tensor<3x7xi8>) -> tensor<3xi8>
func.func @reduce_max_ui8(%x: tensor<3x7xui8>) -> tensor<3xui8> {
  // CHECK: %[[LOWEST:.*]] = arith.constant 0 : i8
  // CHECK: linalg.fill ins(%[[LOWEST]] : i8)
  // CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<3x7xi8>)
  // CHECK: arith.maxui
  %0 = nabla.reduce_max %x axes = [1] : tensor<3x7xui8> -> tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

// Signed maxima start at the smallest integer.
// CHECK-LABEL: func.func @reduce_max_i8
func.func @reduce_max_i8(%x: tensor<3x7xi8>) -> tensor<3xi8> {
  // CHECK: %[[LOWEST:.*]] = arith.constant -128 : i8
  // CHECK: linalg.fill ins(%[[LOWEST]] : i8)
  // CHECK: arith.maxsi
  %0 = nabla.reduce_max %x axes = [1] : tensor<3x7xi8> -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

// Float minima start at +inf and propagate NaN (minimumf); no widening.
// CHECK-LABEL: func.func @reduce_min_f16
func.func @reduce_min_f16(%x: tensor<2x3x4xf16>) -> tensor<2x3xf16> {
  // CHECK: %[[INF:.*]] = arith.constant 0x7C00 : f16
  // CHECK: linalg.fill ins(%[[INF]] : f16) outs(%{{.*}} : tensor<2x3xf16>)
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
  // CHECK: arith.minimumf %{{.*}}, %{{.*}} : f16
  // CHECK-NOT: arith.truncf
  %0 = nabla.reduce_min %x axes = [2] : tensor<2x3x4xf16> -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// CHECK-LABEL: func.func @reduce_min_ui16
func.func @reduce_min_ui16(%x: tensor<3x7xui16>) -> tensor<3xui16> {
  // CHECK: %[[HIGHEST:.*]] = arith.constant -1 : i16
  // CHECK: linalg.fill ins(%[[HIGHEST]] : i16)
  // CHECK: arith.minui
  %0 = nabla.reduce_min %x axes = [1] : tensor<3x7xui16> -> tensor<3xui16>
  return %0 : tensor<3xui16>
}

// -----

// CHECK-LABEL: func.func @reduce_prod
func.func @reduce_prod(%x: tensor<4x3xi64>) -> tensor<4x1xi64> {
  // CHECK: %[[ONE:.*]] = arith.constant 1 : i64
  // CHECK: linalg.fill ins(%[[ONE]] : i64) outs(%{{.*}} : tensor<4x1xi64>)
  // CHECK: arith.muli
  %0 = nabla.reduce_prod %x axes = [1] keep_dims : tensor<4x3xi64> -> tensor<4x1xi64>
  return %0 : tensor<4x1xi64>
}

// -----

// CHECK-LABEL: func.func @reduce_l2
func.func @reduce_l2(%x: tensor<5x3xf64>) -> tensor<f64> {
  // CHECK: %[[SQUARES:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%arg0 : tensor<5x3xf64>) outs(%{{.*}} : tensor<f64>)
  // CHECK: ^bb0(%[[IN:.*]]: f64, %[[ACC:.*]]: f64):
  // CHECK: %[[SQUARE:.*]] = arith.mulf %[[IN]], %[[IN]] : f64
  // CHECK: arith.addf %[[ACC]], %[[SQUARE]] : f64
  // CHECK: linalg.generic {{.*}} ins(%[[SQUARES]] : tensor<f64>)
  // CHECK: math.sqrt
  %0 = nabla.reduce_l2 %x axes = [0, 1] : tensor<5x3xf64> -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

// m + log(sum(exp(x - m))) with an infinite maximum m taken as 0.
// CHECK-LABEL: func.func @reduce_log_sum_exp
func.func @reduce_log_sum_exp(%x: tensor<4x6xf32>) -> tensor<4xf32> {
  // CHECK: %[[MAX:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<4x1xf32>)
  // CHECK: arith.maximumf
  // CHECK: %[[SHIFT:.*]] = linalg.generic {{.*}} ins(%[[MAX]] : tensor<4x1xf32>)
  // CHECK: %[[ABS:.*]] = math.absf
  // CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
  // CHECK: %[[IS_INF:.*]] = arith.cmpf oeq, %[[ABS]], %[[INF]] : f32
  // CHECK: arith.select %[[IS_INF]]
  // CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%arg0, %[[SHIFT]] : tensor<4x6xf32>, tensor<4x1xf32>)
  // CHECK: arith.subf
  // CHECK: math.exp
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] : tensor<4x6xf32>) outs(%{{.*}} : tensor<4x1xf32>)
  // CHECK: arith.addf
  // CHECK-DAG: %[[SHIFT1:.*]] = tensor.collapse_shape %[[SHIFT]] {{\[}}[0, 1]] : tensor<4x1xf32> into tensor<4xf32>
  // CHECK-DAG: %[[SUM1:.*]] = tensor.collapse_shape %[[SUM]] {{\[}}[0, 1]] : tensor<4x1xf32> into tensor<4xf32>
  // CHECK: linalg.generic {{.*}} ins(%[[SUM1]], %[[SHIFT1]] : tensor<4xf32>, tensor<4xf32>)
  // CHECK: %[[LOG:.*]] = math.log
  // CHECK: arith.addf %[[LOG]]
  %0 = nabla.reduce_log_sum_exp %x axes = [1] : tensor<4x6xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// One generic carries the best value and its index; a strictly larger
// element or a NaN over a number replaces them (ties keep the first).
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @argmax
func.func @argmax(%x: tensor<4x6xf32>) -> tensor<4x1xi64> {
  // CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK: %[[VALUES:.*]] = linalg.fill ins(%[[NEG_INF]] : f32) outs(%{{.*}} : tensor<4x1xf32>)
  // CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
  // CHECK: %[[INDICES:.*]] = linalg.fill ins(%[[ZERO]] : i64) outs(%{{.*}} : tensor<4x1xi64>)
  // CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [#{{.*}}, #[[KEPT]], #[[KEPT]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x6xf32>) outs(%[[VALUES]], %[[INDICES]] : tensor<4x1xf32>, tensor<4x1xi64>)
  // CHECK: ^bb0(%[[IN:.*]]: f32, %[[BEST:.*]]: f32, %[[BEST_INDEX:.*]]: i64):
  // CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[IN]], %[[BEST]] : f32
  // CHECK: %[[IN_NAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
  // CHECK: %[[BEST_NUM:.*]] = arith.cmpf ord, %[[BEST]], %[[BEST]] : f32
  // CHECK: %[[NAN_WINS:.*]] = arith.andi %[[IN_NAN]], %[[BEST_NUM]] : i1
  // CHECK: %[[BETTER:.*]] = arith.ori %[[GT]], %[[NAN_WINS]] : i1
  // CHECK: %[[I:.*]] = linalg.index 1 : index
  // CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
  // CHECK: %[[V:.*]] = arith.select %[[BETTER]], %[[IN]], %[[BEST]] : f32
  // CHECK: %[[J:.*]] = arith.select %[[BETTER]], %[[I64]], %[[BEST_INDEX]] : i64
  // CHECK: linalg.yield %[[V]], %[[J]] : f32, i64
  // CHECK: return %[[R]]#1
  %0 = nabla.argmax %x axis = 1 keep_dims : tensor<4x6xf32> -> tensor<4x1xi64>
  return %0 : tensor<4x1xi64>
}

// -----

// select_last_index lets equal elements replace the best.
// CHECK-LABEL: func.func @argmax_i32_last
func.func @argmax_i32_last(%x: tensor<4x10xi32>) -> tensor<4xi64> {
  // CHECK: arith.constant -2147483648 : i32
  // CHECK: linalg.generic
  // CHECK: arith.cmpi sge
  %0 = nabla.argmax %x axis = 1 select_last_index : tensor<4x10xi32> -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @argmin_ui16_last
func.func @argmin_ui16_last(%x: tensor<4x9xui16>) -> tensor<4xi64> {
  // CHECK: %[[HIGHEST:.*]] = arith.constant -1 : i16
  // CHECK: linalg.fill ins(%[[HIGHEST]] : i16)
  // CHECK: linalg.generic
  // CHECK: arith.cmpi ule
  %0 = nabla.argmin %x axis = 1 select_last_index : tensor<4x9xui16> -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @argmin_f16
func.func @argmin_f16(%x: tensor<3x10xf16>) -> tensor<1x10xi64> {
  // CHECK: %[[INF:.*]] = arith.constant 0x7C00 : f16
  // CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
  // CHECK: arith.cmpf olt
  // CHECK: linalg.index 0 : index
  %0 = nabla.argmin %x axis = 0 keep_dims : tensor<3x10xf16> -> tensor<1x10xi64>
  return %0 : tensor<1x10xi64>
}

// -----

// softmax: e = exp(x - max), then e / sum(e).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  // CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x6xf32>)
  // CHECK: arith.maximumf
  // CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%arg0, %[[MAX]] : tensor<4x6xf32>, tensor<4x1xf32>)
  // CHECK: arith.subf
  // CHECK: math.exp
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<4x6xf32>)
  // CHECK: arith.addf
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXP]], %[[SUM]] : tensor<4x6xf32>, tensor<4x1xf32>)
  // CHECK: arith.divf
  %0 = nabla.softmax %x axis = 1 : tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// log_softmax: (x - max) - log(sum(exp(x - max))); f16 computes in f32.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1, d2) -> (0, d1, d2)>
// CHECK-LABEL: func.func @log_softmax_f16
func.func @log_softmax_f16(%x: tensor<2x4x10xf16>) -> tensor<2x4x10xf16> {
  // CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[COL]]], iterator_types = ["reduction", "parallel", "parallel"]} ins(%arg0 : tensor<2x4x10xf16>) outs(%{{.*}} : tensor<1x4x10xf16>)
  // CHECK: %[[EXP:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x4x10xf32>)
  // CHECK: arith.extf
  // CHECK: math.exp %{{.*}} : f32
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] : tensor<2x4x10xf32>) outs(%{{.*}} : tensor<1x4x10xf32>)
  // CHECK: linalg.generic {{.*}} ins(%arg0, %[[MAX]], %[[SUM]] : tensor<2x4x10xf16>, tensor<1x4x10xf16>, tensor<1x4x10xf32>) outs(%{{.*}} : tensor<2x4x10xf16>)
  // CHECK: %[[SHIFTED:.*]] = arith.subf
  // CHECK: %[[LOG:.*]] = math.log %{{.*}} : f32
  // CHECK: %[[OUT:.*]] = arith.subf %[[SHIFTED]], %[[LOG]] : f32
  // CHECK: arith.truncf %[[OUT]] : f32 to f16
  %0 = nabla.log_softmax %x axis = 0 : tensor<2x4x10xf16>
  return %0 : tensor<2x4x10xf16>
}
