// RUN: nabla-opt %s -canonicalize -split-input-file | FileCheck %s

// Constant indices that are all valid need no run-time check: negative ones
// with allow_negative, the ignore_index, and tuples checked per entry.
// CHECK-LABEL: func.func @check_valid_constants
// CHECK-NOT: nabla.check_index
// CHECK: return
func.func @check_valid_constants() {
  %i = nabla.constant dense<[0, 9, -10, -1]> : tensor<4xi64>
  nabla.check_index %i sizes = [10] allow_negative : tensor<4xi64>
  %l = nabla.constant dense<[0, 4, -100]> : tensor<3xi32>
  nabla.check_index %l sizes = [5] ignore_index = -100 : tensor<3xi32>
  %t = nabla.constant dense<[[3, 4], [-4, -5]]> : tensor<2x2xi64>
  nabla.check_index %t sizes = [4, 5] allow_negative : tensor<2x2xi64>
  return
}

// -----

// An empty index tensor has nothing to check, even for an axis of size 0.
// CHECK-LABEL: func.func @check_empty
// CHECK-NOT: nabla.check_index
func.func @check_empty(%i: tensor<0x3xi64>) {
  nabla.check_index %i sizes = [0] : tensor<0x3xi64>
  return
}

// -----

// An invalid constant stays: the run fails when it reaches it. Each index
// is invalid only for the check shown: 10 for size 10, -1 without
// allow_negative, 4 for the first entry of a tuple of sizes [4, 5].
// CHECK-LABEL: func.func @check_invalid_constants
// CHECK-COUNT-3: nabla.check_index
func.func @check_invalid_constants() {
  %i = nabla.constant dense<[0, 10]> : tensor<2xi64>
  nabla.check_index %i sizes = [10] allow_negative : tensor<2xi64>
  %l = nabla.constant dense<[-1]> : tensor<1xi64>
  nabla.check_index %l sizes = [5] ignore_index = -100 : tensor<1xi64>
  %t = nabla.constant dense<[[4, 4]]> : tensor<1x2xi64>
  nabla.check_index %t sizes = [4, 5] : tensor<1x2xi64>
  return
}

// -----

// Indices known only at run time are checked at run time.
// CHECK-LABEL: func.func @check_argument
// CHECK: nabla.check_index %arg0 sizes = [10]
func.func @check_argument(%i: tensor<3xi64>) {
  nabla.check_index %i sizes = [10] : tensor<3xi64>
  return
}
