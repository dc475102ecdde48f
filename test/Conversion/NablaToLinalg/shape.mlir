// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// Splitting a dimension is one expand_shape.
// CHECK-LABEL: func.func @reshape_expand
func.func @reshape_expand(%x: tensor<2x784xf32>) -> tensor<2x28x28xf32> {
  // CHECK: %[[R:.*]] = tensor.expand_shape %arg0 {{\[}}[0], [1, 2]] output_shape [2, 28, 28] : tensor<2x784xf32> into tensor<2x28x28xf32>
  // CHECK: return %[[R]]
  %0 = nabla.reshape %x shape = [-1, 28, 28] : tensor<2x784xf32> -> tensor<2x28x28xf32>
  return %0 : tensor<2x28x28xf32>
}

// -----

// No reassociation maps 2x3 to 3x2: collapse to 1-D, then expand.
// CHECK-LABEL: func.func @reshape_through_1d
func.func @reshape_through_1d(%x: tensor<2x3xi64>) -> tensor<3x2xi64> {
  // CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<2x3xi64> into tensor<6xi64>
  // CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [3, 2] : tensor<6xi64> into tensor<3x2xi64>
  %0 = nabla.reshape %x shape = [3, 2] : tensor<2x3xi64> -> tensor<3x2xi64>
  return %0 : tensor<3x2xi64>
}

// -----

// CHECK-LABEL: func.func @reshape_to_scalar
func.func @reshape_to_scalar(%x: tensor<1x1xf32>) -> tensor<f32> {
  // CHECK: tensor.collapse_shape %arg0 [] : tensor<1x1xf32> into tensor<f32>
  %0 = nabla.reshape %x shape = [] : tensor<1x1xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @flatten
func.func @flatten(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  // CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<2x3x4xf32> into tensor<2x12xf32>
  %0 = nabla.flatten %x : tensor<2x3x4xf32> -> tensor<2x12xf32>
  return %0 : tensor<2x12xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_axis_0
func.func @flatten_axis_0(%x: tensor<2x3x4xf32>) -> tensor<1x24xf32> {
  // CHECK: %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
  // CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [1, 24]
  %0 = nabla.flatten %x axis = 0 : tensor<2x3x4xf32> -> tensor<1x24xf32>
  return %0 : tensor<1x24xf32>
}

// -----

// Unsigned tensors are signless after the conversion.
// CHECK-LABEL: func.func @squeeze
// CHECK-SAME: (%[[X:.*]]: tensor<5x1x8x1xi8>) -> tensor<5x8xi8>
func.func @squeeze(%x: tensor<5x1x8x1xui8>) -> tensor<5x8xui8> {
  // CHECK: tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2, 3]] : tensor<5x1x8x1xi8> into tensor<5x8xi8>
  %0 = nabla.squeeze %x axes = [3, 1] : tensor<5x1x8x1xui8> -> tensor<5x8xui8>
  return %0 : tensor<5x8xui8>
}

// -----

// CHECK-LABEL: func.func @unsqueeze
func.func @unsqueeze(%x: tensor<4x8xi1>) -> tensor<1x4x8x1xi1> {
  // CHECK: tensor.expand_shape %arg0 {{\[}}[0, 1], [2, 3]] output_shape [1, 4, 8, 1] : tensor<4x8xi1> into tensor<1x4x8x1xi1>
  %0 = nabla.unsqueeze %x axes = [3, 0] : tensor<4x8xi1> -> tensor<1x4x8x1xi1>
  return %0 : tensor<1x4x8x1xi1>
}

// -----

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  // CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x2x3xf32>
  // CHECK: linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
  %0 = nabla.transpose %x perm = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Inputs are inserted at their running offset; empty ones are skipped.
// CHECK-LABEL: func.func @concat
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x0xf32>, %c: tensor<2x5xf32>) -> tensor<2x8xf32> {
  // CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x8xf32>
  // CHECK: %[[A:.*]] = tensor.insert_slice %arg0 into %[[INIT]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x8xf32>
  // CHECK-NOT: %arg1
  // CHECK: %[[C:.*]] = tensor.insert_slice %arg2 into %[[A]][0, 3] [2, 5] [1, 1] : tensor<2x5xf32> into tensor<2x8xf32>
  // CHECK: return %[[C]]
  %0 = nabla.concat %a, %b, %c axis = 1 : (tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @split
func.func @split(%x: tensor<4x5xi32>) -> (tensor<1x5xi32>, tensor<0x5xi32>, tensor<3x5xi32>) {
  // CHECK-DAG: %[[A:.*]] = tensor.extract_slice %arg0[0, 0] [1, 5] [1, 1] : tensor<4x5xi32> to tensor<1x5xi32>
  // CHECK-DAG: %[[B:.*]] = tensor.empty() : tensor<0x5xi32>
  // CHECK-DAG: %[[C:.*]] = tensor.extract_slice %arg0[1, 0] [3, 5] [1, 1] : tensor<4x5xi32> to tensor<3x5xi32>
  // CHECK: return %[[A]], %[[B]], %[[C]]
  %a, %b, %c = nabla.split %x sizes = [1, 0, 3] : tensor<4x5xi32> -> tensor<1x5xi32>, tensor<0x5xi32>, tensor<3x5xi32>
  return %a, %b, %c : tensor<1x5xi32>, tensor<0x5xi32>, tensor<3x5xi32>
}

// -----

// Negative bounds count from the end; an end past the dimension clamps.
// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<4x8xf32>) -> tensor<2x3xf32> {
  // CHECK: tensor.extract_slice %arg0[1, 1] [2, 3] [1, 3] : tensor<4x8xf32> to tensor<2x3xf32>
  %0 = nabla.slice %x starts = [-3, 1] ends = [3, 100] axes = [0, 1] steps = [1, 3] : tensor<4x8xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A negative step walks backwards from the clamped start.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1) -> (d0, d1 * -2 + 7)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @slice_reverse
func.func @slice_reverse(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<2x8xf32>) outs(%{{.*}} : tensor<2x4xf32>)
  // CHECK-NEXT: ^bb0(%[[IN_ELEM:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT: linalg.yield %[[IN_ELEM]] : f32
  %0 = nabla.slice %x starts = [9223372036854775807] ends = [-9223372036854775808] axes = [1] steps = [-2] : tensor<2x8xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// An empty result needs no data.
// CHECK-LABEL: func.func @slice_empty
func.func @slice_empty(%x: tensor<8xf32>) -> tensor<0xf32> {
  // CHECK: %[[E:.*]] = tensor.empty() : tensor<0xf32>
  // CHECK: return %[[E]]
  %0 = nabla.slice %x starts = [5] ends = [2] axes = [0] : tensor<8xf32> -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

// Gather checks its indices first (the check's lowering is in check.mlir),
// then reads the index, wraps a negative one, clamps (a failed run reads
// nothing outside the table) and extracts.
// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: llvm.mlir.global private constant @[[VALID:.*]]("axis 0 of size 10 (valid: -10..9)\00")
// CHECK-DAG: llvm.mlir.global private constant @[[SITE:.*]]("nabla.gather ({{.*}}shape.mlir:{{[0-9]+}}:{{[0-9]+}})\00")
// CHECK-LABEL: func.func @gather
func.func @gather(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  // CHECK: tensor.collapse_shape %arg1 {{\[\[}}0, 1]] : tensor<2x3xi64> into tensor<6xi64>
  // CHECK: scf.for
  // CHECK: scf.if
  // CHECK-DAG: %[[V:.*]] = llvm.mlir.addressof @[[VALID]]
  // CHECK-DAG: %[[S:.*]] = llvm.mlir.addressof @[[SITE]]
  // CHECK: func.call @nabla_rt_index_error(%[[S]], %{{.*}}, %{{.*}}, %[[V]])
  // CHECK-NEXT: }
  // CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
  // CHECK-DAG: %[[C9:.*]] = arith.constant 9 : index
  // CHECK-DAG: %[[C10:.*]] = arith.constant 10 : index
  // CHECK: linalg.generic {indexing_maps = [#[[IDX]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg1 : tensor<2x3xi64>)
  // CHECK: ^bb0(%[[ID_ELEM:.*]]: i64, %{{.*}}: f32):
  // CHECK: %[[I:.*]] = arith.index_cast %[[ID_ELEM]] : i64 to index
  // CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[I]], %[[C0]] : index
  // CHECK: %[[WRAP:.*]] = arith.addi %[[I]], %[[C10]] : index
  // CHECK: %[[SEL:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[I]] : index
  // CHECK: %[[LO:.*]] = arith.maxsi %[[SEL]], %[[C0]] : index
  // CHECK: %[[CLAMPED:.*]] = arith.minsi %[[LO]], %[[C9]] : index
  // CHECK: %[[K:.*]] = linalg.index 2 : index
  // CHECK: %[[E:.*]] = tensor.extract %arg0[%[[CLAMPED]], %[[K]]] : tensor<10x4xf32>
  // CHECK: linalg.yield %[[E]] : f32
  %0 = nabla.gather %table, %ids : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Indices marked in_bounds (checked or built by a frontend) are not checked
// again.
// CHECK-LABEL: func.func @gather_in_bounds
// CHECK-NOT: scf.if
// CHECK: linalg.generic
func.func @gather_in_bounds(%flat: tensor<60xf32>, %offsets: tensor<3x4xi64>) -> tensor<3x4xf32> {
  %0 = nabla.gather %flat, %offsets in_bounds : (tensor<60xf32>, tensor<3x4xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// A scalar index on a middle axis: the outer and inner loops index data.
// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @gather_scalar_index
func.func @gather_scalar_index(%x: tensor<2x5x7xi64>, %i: tensor<i32>) -> tensor<2x7xi64> {
  // CHECK: linalg.generic {indexing_maps = [#[[IDX]], #{{.*}}]{{.*}} ins(%arg1 : tensor<i32>)
  // CHECK: arith.index_cast %{{.*}} : i32 to index
  // CHECK-DAG: %[[OUTER:.*]] = linalg.index 0 : index
  // CHECK-DAG: %[[INNER:.*]] = linalg.index 1 : index
  // CHECK: tensor.extract %arg0[%[[OUTER]], %{{.*}}, %[[INNER]]] : tensor<2x5x7xi64>
  %0 = nabla.gather %x, %i axis = 1 : (tensor<2x5x7xi64>, tensor<i32>) -> tensor<2x7xi64>
  return %0 : tensor<2x7xi64>
}

// -----

// CHECK-LABEL: func.func @pad_constant
func.func @pad_constant(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
  // CHECK: tensor.yield %[[ZERO]] : f32
  // CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
  %0 = nabla.pad %x pads = [0, 0, 1, 1, 0, 0, 1, 1] : tensor<1x3x8x8xf32> -> tensor<1x3x10x10xf32>
  return %0 : tensor<1x3x10x10xf32>
}

// -----

// Negative pads crop with an extract_slice before the positive ones pad.
// CHECK-LABEL: func.func @pad_constant_crop
func.func @pad_constant_crop(%x: tensor<2x8xf32>) -> tensor<4x4xf32> {
  // CHECK: %[[CROP:.*]] = tensor.extract_slice %arg0[0, 0] [2, 3] [1, 1] : tensor<2x8xf32> to tensor<2x3xf32>
  // CHECK: %[[VALUE:.*]] = arith.constant -1.500000e+00 : f32
  // CHECK: tensor.pad %[[CROP]] low[1, 1] high[1, 0]
  // CHECK: tensor.yield %[[VALUE]] : f32
  %0 = nabla.pad %x pads = [1, 1, 1, -5] mode = constant value = -1.5 : tensor<2x8xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// Reflection: i - begin, mirrored about 0 and about size - 1.
// CHECK-LABEL: func.func @pad_reflect
func.func @pad_reflect(%x: tensor<2x8xf32>) -> tensor<2x13xf32> {
  // CHECK: %[[OUT:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x13xf32>)
  // CHECK: %[[I:.*]] = linalg.index 0 : index
  // CHECK: %[[J:.*]] = linalg.index 1 : index
  // CHECK: %[[C2:.*]] = arith.constant 2 : index
  // CHECK: %[[SHIFT:.*]] = arith.subi %[[J]], %[[C2]] : index
  // CHECK: %[[C0:.*]] = arith.constant 0 : index
  // CHECK: %[[BEFORE:.*]] = arith.cmpi slt, %[[SHIFT]], %[[C0]] : index
  // CHECK: %[[NEG:.*]] = arith.subi %[[C0]], %[[SHIFT]] : index
  // CHECK: %[[LOW:.*]] = arith.select %[[BEFORE]], %[[NEG]], %[[SHIFT]] : index
  // CHECK: %[[C8:.*]] = arith.constant 8 : index
  // CHECK: %[[AFTER:.*]] = arith.cmpi sge, %[[LOW]], %[[C8]] : index
  // CHECK: %[[C14:.*]] = arith.constant 14 : index
  // CHECK: %[[BACK:.*]] = arith.subi %[[C14]], %[[LOW]] : index
  // CHECK: %[[SRC:.*]] = arith.select %[[AFTER]], %[[BACK]], %[[LOW]] : index
  // CHECK: tensor.extract %arg0[%[[I]], %[[SRC]]] : tensor<2x8xf32>
  %0 = nabla.pad %x pads = [0, 2, 0, 3] mode = reflect : tensor<2x8xf32> -> tensor<2x13xf32>
  return %0 : tensor<2x13xf32>
}

// -----

// Edge padding clamps the shifted index into the dimension.
// CHECK-LABEL: func.func @pad_edge
func.func @pad_edge(%x: tensor<3x1xi32>) -> tensor<3x4xi32> {
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x4xi32>)
  // CHECK: %[[I:.*]] = linalg.index 0 : index
  // CHECK: %[[J:.*]] = linalg.index 1 : index
  // CHECK: %[[C2:.*]] = arith.constant 2 : index
  // CHECK: %[[SHIFT:.*]] = arith.subi %[[J]], %[[C2]] : index
  // CHECK: %[[C0:.*]] = arith.constant 0 : index
  // CHECK: %[[LAST:.*]] = arith.constant 0 : index
  // CHECK: %[[LO:.*]] = arith.maxsi %[[SHIFT]], %[[C0]] : index
  // CHECK: %[[SRC:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
  // CHECK: tensor.extract %arg0[%[[I]], %[[SRC]]] : tensor<3x1xi32>
  %0 = nabla.pad %x pads = [0, 2, 0, 1] mode = edge : tensor<3x1xi32> -> tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}

// -----

// Stretched unit dimensions are collapsed away and broadcast.
// CHECK-LABEL: func.func @expand
func.func @expand(%x: tensor<3x1xf32>) -> tensor<4x3x5xf32> {
  // CHECK: %[[KEPT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<3x1xf32> into tensor<3xf32>
  // CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x3x5xf32>
  // CHECK: linalg.broadcast ins(%[[KEPT]] : tensor<3xf32>) outs(%[[INIT]] : tensor<4x3x5xf32>) dimensions = [0, 2]
  %0 = nabla.expand %x shape = [4, 1, 5] : tensor<3x1xf32> -> tensor<4x3x5xf32>
  return %0 : tensor<4x3x5xf32>
}

// -----

// CHECK-LABEL: func.func @expand_trailing
func.func @expand_trailing(%x: tensor<2x3x1xi64>) -> tensor<2x3x5xi64> {
  // CHECK: %[[KEPT:.*]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<2x3x1xi64> into tensor<2x3xi64>
  // CHECK: linalg.broadcast ins(%[[KEPT]] : tensor<2x3xi64>) outs(%{{.*}} : tensor<2x3x5xi64>) dimensions = [2]
  %0 = nabla.expand %x shape = [1, 5] : tensor<2x3x1xi64> -> tensor<2x3x5xi64>
  return %0 : tensor<2x3x5xi64>
}

// -----

// Tile broadcasts into a copy dimension before each repeated one, then
// collapses each pair.
// CHECK-LABEL: func.func @tile
func.func @tile(%x: tensor<2x4xf32>) -> tensor<2x12xf32> {
  // CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3x4xf32>
  // CHECK: %[[B:.*]] = linalg.broadcast ins(%arg0 : tensor<2x4xf32>) outs(%[[INIT]] : tensor<2x3x4xf32>) dimensions = [1]
  // CHECK: tensor.collapse_shape %[[B]] {{\[}}[0], [1, 2]] : tensor<2x3x4xf32> into tensor<2x12xf32>
  %0 = nabla.tile %x repeats = [1, 3] : tensor<2x4xf32> -> tensor<2x12xf32>
  return %0 : tensor<2x12xf32>
}

// -----

// CHECK-LABEL: func.func @tile_empty
func.func @tile_empty(%x: tensor<2x4xf32>) -> tensor<0x4xf32> {
  // CHECK: %[[E:.*]] = tensor.empty() : tensor<0x4xf32>
  // CHECK: return %[[E]]
  %0 = nabla.tile %x repeats = [0, 1] : tensor<2x4xf32> -> tensor<0x4xf32>
  return %0 : tensor<0x4xf32>
}
