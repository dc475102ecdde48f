// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// One pass over the flat indices ORs the invalid flags (index - low >= count,
// unsigned) into an i1; only when it is set, a second pass finds the first
// invalid entry, which goes to the runtime with its position and the texts.
// CHECK-DAG: llvm.mlir.global private constant @[[VALID:.*]]("axis 2 of size 10 (valid: -10..9)\00")
// CHECK-DAG: llvm.mlir.global private constant @[[SITE:.*]]("nabla.gather ({{.*}}check.mlir:{{[0-9]+}}:{{[0-9]+}})\00")
// CHECK-LABEL: func.func @check_index
// CHECK-SAME: (%[[IDS:.*]]: tensor<2x3xi64>)
func.func @check_index(%ids: tensor<2x3xi64>) {
  // CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[IDS]] {{\[\[}}0, 1]] : tensor<2x3xi64> into tensor<6xi64>
  // CHECK-DAG: %[[FALSE:.*]] = arith.constant false
  // CHECK-DAG: %[[LOW:.*]] = arith.constant -10 : i64
  // CHECK-DAG: %[[COUNT:.*]] = arith.constant 20 : i64
  // CHECK: %[[ANY:.*]] = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[FALSE]]) -> (i1) {
  // CHECK-NEXT: %[[X:.*]] = tensor.extract %[[FLAT]][%[[I]]] : tensor<6xi64>
  // CHECK-NEXT: %[[OFF:.*]] = arith.subi %[[X]], %[[LOW]] : i64
  // CHECK-NEXT: %[[BAD:.*]] = arith.cmpi uge, %[[OFF]], %[[COUNT]] : i64
  // CHECK-NEXT: %[[OR:.*]] = arith.ori %[[ACC]], %[[BAD]] : i1
  // CHECK-NEXT: scf.yield %[[OR]] : i1
  // CHECK: scf.if %[[ANY]] {
  // CHECK: %[[FIRST:.*]] = scf.for %[[J:.*]] = {{.*}} iter_args(%[[POS:.*]] = %[[END:.*]]) -> (index) {
  // CHECK: %[[NOTYET:.*]] = arith.cmpi eq, %[[POS]], %[[END]] : index
  // CHECK: %[[TAKE:.*]] = arith.andi %{{.*}}, %[[NOTYET]] : i1
  // CHECK: arith.select %[[TAKE]], %[[J]], %[[POS]] : index
  // CHECK: %[[INDEX:.*]] = tensor.extract %[[FLAT]][%[[FIRST]]] : tensor<6xi64>
  // CHECK: %[[POSITION:.*]] = arith.index_cast %[[FIRST]] : index to i64
  // CHECK-DAG: %[[V:.*]] = llvm.mlir.addressof @[[VALID]] : !llvm.ptr
  // CHECK-DAG: %[[S:.*]] = llvm.mlir.addressof @[[SITE]] : !llvm.ptr
  // CHECK: func.call @nabla_rt_index_error(%[[S]], %[[INDEX]], %[[POSITION]], %[[V]]) : (!llvm.ptr, i64, i64, !llvm.ptr) -> ()
  // CHECK-NEXT: }
  // CHECK-NEXT: return
  nabla.check_index %ids sizes = [10] axis = 2 allow_negative site = "nabla.gather" : tensor<2x3xi64>
  return
}
// CHECK: func.func private @nabla_rt_index_error(!llvm.ptr, i64, i64, !llvm.ptr)

// -----

// Labels: [0, 5) or the ignore_index, read as i64; no site names the check
// itself.
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("axis 1 of size 5 (valid: 0..4, or ignore_index -100)\00")
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("nabla.check_index ({{.*}}check.mlir:{{[0-9]+}}:{{[0-9]+}})\00")
// CHECK-LABEL: func.func @check_labels
func.func @check_labels(%labels: tensor<4xi32>) {
  // CHECK: scf.for
  // CHECK: %[[X:.*]] = arith.extsi %{{.*}} : i32 to i64
  // CHECK: %[[BAD:.*]] = arith.cmpi uge, %{{.*}}, %{{.*}} : i64
  // CHECK: %[[KEPT:.*]] = arith.cmpi ne, %[[X]], %{{.*}} : i64
  // CHECK: arith.andi %[[BAD]], %[[KEPT]] : i1
  nabla.check_index %labels sizes = [5] axis = 1 ignore_index = -100 : tensor<4xi32>
  return
}

// -----

// Index tuples: each row checks entry k against sizes[k], and the text of
// the failing entry's axis is picked by its position in the tuple.
// CHECK-DAG: llvm.mlir.global private constant @[[AXIS1:.*]]("axis 1 of size 4 (valid: -4..3)\00")
// CHECK-DAG: llvm.mlir.global private constant @[[AXIS2:.*]]("axis 2 of size 5 (valid: -5..4)\00")
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("GatherND ({{.*}}check.mlir:{{[0-9]+}}:{{[0-9]+}})\00")
// CHECK-LABEL: func.func @check_tuples
func.func @check_tuples(%tuples: tensor<3x2xi64>) {
  // CHECK: %[[LOW0:.*]] = arith.constant -4 : i64
  // CHECK: %[[COUNT0:.*]] = arith.constant 8 : i64
  // CHECK: %[[LOW1:.*]] = arith.constant -5 : i64
  // CHECK: %[[COUNT1:.*]] = arith.constant 10 : i64
  // CHECK: %[[THREE:.*]] = arith.constant 3 : index
  // CHECK: scf.for %{{.*}} = %{{.*}} to %[[THREE]] step
  // CHECK: arith.subi %{{.*}}, %[[LOW0]] : i64
  // CHECK: arith.cmpi uge, %{{.*}}, %[[COUNT0]] : i64
  // CHECK: arith.subi %{{.*}}, %[[LOW1]] : i64
  // CHECK: arith.cmpi uge, %{{.*}}, %[[COUNT1]] : i64
  // CHECK: scf.if
  // CHECK: %[[K:.*]] = arith.remui %{{.*}}, %{{.*}} : index
  // CHECK: %[[IS1:.*]] = arith.cmpi eq, %[[K]], %{{.*}} : index
  // CHECK: arith.select %[[IS1]], %{{.*}}, %{{.*}} : !llvm.ptr
  nabla.check_index %tuples sizes = [4, 5] axis = 1 allow_negative site = "GatherND" : tensor<3x2xi64>
  return
}

// -----

// Constant valid indices need no code; an axis of size 0 accepts only the
// ignore_index.
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("axis 0 of size 0 (valid: only ignore_index -1)\00")
// CHECK-LABEL: func.func @check_constant_and_empty_axis
func.func @check_constant_and_empty_axis(%i: tensor<i64>) {
  // CHECK-COUNT-2: scf.for
  // CHECK-NOT: scf.for
  %c = nabla.constant dense<[1, -2]> : tensor<2xi64>
  nabla.check_index %c sizes = [2] allow_negative : tensor<2xi64>
  nabla.check_index %i sizes = [0] ignore_index = -1 : tensor<i64>
  return
}
