// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// scale / sqrt(var + epsilon) once per channel, then one elementwise pass
// that reads the per-channel operands along axis 1.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // CHECK: %[[FACTOR:.*]] = linalg.generic {{.*}} ins(%arg1, %arg4 : tensor<3xf32>, tensor<3xf32>) outs(%{{.*}} : tensor<3xf32>)
  // CHECK: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
  // CHECK: %[[ADD:.*]] = arith.addf %{{.*}}, %[[EPS]] : f32
  // CHECK: %[[SQRT:.*]] = math.sqrt %[[ADD]] : f32
  // CHECK: arith.divf %{{.*}}, %[[SQRT]] : f32
  // CHECK: arith.mulf
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0, %arg3, %[[FACTOR]], %arg2 :
  // CHECK: ^bb0(%[[X:.*]]: f32, %[[MEAN:.*]]: f32, %[[F:.*]]: f32, %[[BIAS:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[C:.*]] = arith.subf %[[X]], %[[MEAN]] : f32
  // CHECK: %[[S:.*]] = arith.mulf %[[C]], %[[F]] : f32
  // CHECK: %[[Y:.*]] = arith.addf %[[S]], %[[BIAS]] : f32
  // CHECK: linalg.yield %[[Y]]
  %y = nabla.batch_norm %x, %s, %b, %m, %v epsilon = 1.0e-3 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// f16 inputs are normalized in f32.
// CHECK-LABEL: func.func @batch_norm_f16_rank2
func.func @batch_norm_f16_rank2(%x: tensor<5x3xf16>, %c: tensor<3xf16>) -> tensor<5x3xf16> {
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3xf32>)
  // CHECK: linalg.generic {{.*}} ins(%arg0, %arg1, %{{.*}}, %arg1 : tensor<5x3xf16>, tensor<3xf16>, tensor<3xf32>, tensor<3xf16>) outs(%{{.*}} : tensor<5x3xf16>)
  // CHECK: arith.extf {{.*}} : f16 to f32
  // CHECK: arith.truncf {{.*}} : f32 to f16
  %y = nabla.batch_norm %x, %c, %c, %c, %c : (tensor<5x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>) -> tensor<5x3xf16>
  return %y : tensor<5x3xf16>
}

// -----

// Two passes over x for the statistics (the mean, then the squared
// deviations), one for y, and per-channel updates of the running statistics.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @batch_norm_train
func.func @batch_norm_train(%x: tensor<8x3x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %rm: tensor<3xf32>, %rv: tensor<3xf32>) -> (tensor<8x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]]], iterator_types = ["reduction", "parallel", "reduction"]} ins(%arg0 : tensor<8x3x4xf32>)
  // CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<3xf32>)
  // CHECK: arith.constant 3.200000e+01 : f32
  // CHECK: arith.divf
  // CHECK: %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]]], iterator_types = ["reduction", "parallel", "reduction"]} ins(%arg0, %[[MEAN]] : tensor<8x3x4xf32>, tensor<3xf32>)
  // CHECK: arith.subf
  // CHECK: arith.mulf
  // CHECK: arith.addf
  // CHECK: %[[INV:.*]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<3xf32>)
  // CHECK: math.sqrt
  // CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %[[MEAN]], %[[INV]], %arg2, %arg1 :
  // CHECK: %[[RM:.*]] = linalg.generic {{.*}} ins(%arg3, %[[MEAN]] : tensor<3xf32>, tensor<3xf32>)
  // CHECK: arith.constant 0.899999976 : f32
  // CHECK: arith.constant 0.100000024 : f32
  // The biased batch variance updates the running variance by default.
  // CHECK: %[[RV:.*]] = linalg.generic {{.*}} ins(%arg4, %[[SQ]] : tensor<3xf32>, tensor<3xf32>)
  // CHECK: arith.constant 3.200000e+01 : f32
  // CHECK: return %[[Y]], %[[RM]], %[[RV]], %[[MEAN]], %[[INV]]
  %y, %nrm, %nrv, %sm, %si = nabla.batch_norm_train %x, %s, %b, %rm, %rv : (tensor<8x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<8x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %nrm, %nrv, %sm, %si : tensor<8x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// unbiased_running_var divides the squared deviations by n - 1 for the
// running variance; bf16 statistics are f32 and truncated for the results.
// CHECK-LABEL: func.func @batch_norm_train_unbiased_bf16
func.func @batch_norm_train_unbiased_bf16(%x: tensor<6x5xbf16>, %c: tensor<5xbf16>) -> (tensor<6x5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>) {
  // CHECK: %[[SQ:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%arg0, %{{.*}} : tensor<6x5xbf16>, tensor<5xf32>) outs(%{{.*}} : tensor<5xf32>)
  // CHECK: linalg.generic {{.*}} ins(%arg0, %{{.*}}, %{{.*}}, %arg1, %arg1 : {{.*}}) outs(%{{.*}} : tensor<6x5xbf16>)
  // CHECK: linalg.generic {{.*}} ins(%arg1, %[[SQ]] : tensor<5xbf16>, tensor<5xf32>) outs(%{{.*}} : tensor<5xbf16>)
  // CHECK: arith.constant 9.900000e-01 : f32
  // CHECK: arith.constant 5.000000e+00 : f32
  // CHECK: arith.divf
  // CHECK: arith.truncf {{.*}} : f32 to bf16
  %y, %nrm, %nrv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %c, %c momentum = 0.99 unbiased_running_var : (tensor<6x5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>) -> (tensor<6x5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>)
  return %y, %nrm, %nrv, %sm, %si : tensor<6x5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>, tensor<5xbf16>
}

// -----

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<2x4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x4x8xf32> {
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0 : tensor<2x4x8xf32>) outs(%{{.*}} : tensor<2x4xf32>)
  // CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x4xf32>)
  // CHECK: arith.constant 8.000000e+00 : f32
  // CHECK: %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %[[MEAN]] :
  // CHECK: %[[INV:.*]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<2x4xf32>)
  // CHECK: arith.constant 9.99999974E-6 : f32
  // CHECK: math.sqrt
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[LAST]], #[[LAST]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %[[MEAN]], %[[INV]], %arg1, %arg2 :
  // CHECK: arith.subf
  // CHECK: arith.mulf
  // CHECK: arith.mulf
  // CHECK: arith.addf
  %y = nabla.layer_norm %x, %g, %b axis = 2 : (tensor<2x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// -----

// The scale broadcasts to x.shape[axis:] right-aligned; without a bias
// there is no addition.
// CHECK-DAG: #[[FIRST:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[SCALE:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @layer_norm_no_bias
func.func @layer_norm_no_bias(%x: tensor<2x16x32xf32>, %g: tensor<16x1xf32>) -> tensor<2x16x32xf32> {
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x16x32xf32>) outs(%{{.*}} : tensor<2xf32>)
  // CHECK: arith.constant 5.120000e+02 : f32
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[FIRST]], #[[FIRST]], #[[SCALE]], #{{.*}}], {{.*}} ins(%arg0, %{{.*}}, %{{.*}}, %arg1 :
  // CHECK: arith.mulf
  // CHECK-NEXT: arith.mulf
  // CHECK-NEXT: linalg.yield
  %y = nabla.layer_norm %x, %g axis = 1 epsilon = 1.0e-6 : (tensor<2x16x32xf32>, tensor<16x1xf32>) -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

// axis = 0 gives rank-0 statistics; f16 statistics are computed in f32.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @layer_norm_axis0_f16
func.func @layer_norm_axis0_f16(%x: tensor<3x5xf16>, %g: tensor<f16>, %b: tensor<5xf16>) -> tensor<3x5xf16> {
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]]], iterator_types = ["reduction", "reduction"]} ins(%arg0 : tensor<3x5xf16>) outs(%{{.*}} : tensor<f32>)
  // CHECK: arith.extf
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x5xf16>)
  // CHECK: arith.truncf
  %y = nabla.layer_norm %x, %g, %b axis = 0 : (tensor<3x5xf16>, tensor<f16>, tensor<5xf16>) -> tensor<3x5xf16>
  return %y : tensor<3x5xf16>
}

// -----

// In train mode each element hashes its linear index with the seed
// (SplitMix64) and is kept when the hash is >= ratio * 2^64.
// CHECK-LABEL: func.func @dropout_train
func.func @dropout_train(%x: tensor<4x256xf32>) -> (tensor<4x256xf32>, tensor<4x256xi1>) {
  // CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<4x256xf32>) outs(%{{.*}}, %{{.*}} : tensor<4x256xf32>, tensor<4x256xi1>)
  // CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32, %{{.*}}: i1):
  // CHECK: %[[I0:.*]] = linalg.index 0 : index
  // CHECK: %[[J0:.*]] = arith.index_cast %[[I0]] : index to i64
  // CHECK: %[[I1:.*]] = linalg.index 1 : index
  // CHECK: %[[J1:.*]] = arith.index_cast %[[I1]] : index to i64
  // CHECK: %[[ROW:.*]] = arith.muli %[[J0]], %c256_i64 : i64
  // CHECK: %[[LINEAR:.*]] = arith.addi %[[ROW]], %[[J1]] : i64
  // CHECK: %[[COUNTER:.*]] = arith.addi %[[LINEAR]], %c1_i64 : i64
  // CHECK: %[[GAMMA:.*]] = arith.muli %[[COUNTER]], %c-7046029254386353131_i64 : i64
  // CHECK: %[[Z0:.*]] = arith.addi %c42_i64, %[[GAMMA]] : i64
  // CHECK: arith.shrui %[[Z0]], %c30_i64 : i64
  // CHECK: arith.xori
  // CHECK: arith.muli %{{.*}}, %c-4658895280553007687_i64 : i64
  // CHECK: arith.shrui %{{.*}}, %c27_i64 : i64
  // CHECK: arith.xori
  // CHECK: arith.muli %{{.*}}, %c-7723592293110705685_i64 : i64
  // CHECK: arith.shrui %{{.*}}, %c31_i64 : i64
  // CHECK: %[[Z:.*]] = arith.xori
  // CHECK: %[[KEEP:.*]] = arith.cmpi uge, %[[Z]], %c1844674434858745856_i64 : i64
  // CHECK: %[[SCALE:.*]] = arith.constant 1.11111116 : f32
  // CHECK: %[[SCALED:.*]] = arith.mulf %[[X]], %[[SCALE]] : f32
  // CHECK: %[[Y:.*]] = arith.select %[[KEEP]], %[[SCALED]], %{{.*}} : f32
  // CHECK: linalg.yield %[[Y]], %[[KEEP]] : f32, i1
  // CHECK: return %[[R]]#0, %[[R]]#1
  %y, %mask = nabla.dropout %x mode = train ratio = 0.1 seed = 42 : tensor<4x256xf32> -> (tensor<4x256xf32>, tensor<4x256xi1>)
  return %y, %mask : tensor<4x256xf32>, tensor<4x256xi1>
}

// -----

// CHECK-LABEL: func.func @dropout_train_default_ratio_f16
func.func @dropout_train_default_ratio_f16(%x: tensor<8xf16>) -> (tensor<8xf16>, tensor<8xi1>) {
  // CHECK: linalg.index 0
  // CHECK: arith.cmpi uge, %{{.*}}, %c-9223372036854775808_i64 : i64
  // CHECK: arith.constant 2.000000e+00 : f32
  // CHECK: arith.extf
  // CHECK: arith.truncf
  // CHECK: arith.select
  %y, %mask = nabla.dropout %x mode = train : tensor<8xf16> -> (tensor<8xf16>, tensor<8xi1>)
  return %y, %mask : tensor<8xf16>, tensor<8xi1>
}

// -----

// In eval mode (or with ratio 0) y is x and the mask is all true.
// CHECK-LABEL: func.func @dropout_eval
func.func @dropout_eval(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xi1>) {
  // CHECK: %[[TRUE:.*]] = arith.constant true
  // CHECK: %[[MASK:.*]] = linalg.fill ins(%[[TRUE]] : i1) outs(%{{.*}} : tensor<4x8xi1>)
  // CHECK: return %arg0, %[[MASK]]
  %y, %mask = nabla.dropout %x mode = eval ratio = 0.5 seed = 3 : tensor<4x8xf32> -> (tensor<4x8xf32>, tensor<4x8xi1>)
  return %y, %mask : tensor<4x8xf32>, tensor<4x8xi1>
}

// -----

// CHECK-LABEL: func.func @dropout_train_ratio_zero
func.func @dropout_train_ratio_zero(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xi1>) {
  // CHECK-NOT: linalg.generic
  // CHECK: %[[MASK:.*]] = linalg.fill
  // CHECK: return %arg0, %[[MASK]]
  %y, %mask = nabla.dropout %x mode = train ratio = 0.0 : tensor<4x8xf32> -> (tensor<4x8xf32>, tensor<4x8xi1>)
  return %y, %mask : tensor<4x8xf32>, tensor<4x8xi1>
}
