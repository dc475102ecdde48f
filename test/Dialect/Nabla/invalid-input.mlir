// Malformed input: nabla-opt reports one diagnostic located at file:line:col
// and exits with a non-zero status (`not` also fails the test on a crash).

// RUN: split-file %s %t
// RUN: not nabla-opt %t/truncated-op.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: not nabla-opt %t/truncated-type.mlir 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: not nabla-opt %t/garbage.mlir 2>&1 | FileCheck %s --check-prefix=GARBAGE
// RUN: not nabla-opt %t/unknown-dialect.mlir 2>&1 | FileCheck %s --check-prefix=DIALECT
// RUN: not nabla-opt %t/unknown-op.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not nabla-opt %t/bad-shapes.mlir 2>&1 | FileCheck %s --check-prefix=SHAPES
// RUN: not nabla-opt %t/missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING

// TRUNCATED: truncated-op.mlir:2:21: error: expected SSA operand
// TRUNCATED-NOT: error:

// TYPE: truncated-type.mlir:2:51: error: expected 'x' in dimension list
// TYPE-NOT: error:

// GARBAGE: garbage.mlir:1:1: error: expected operation name in quotes
// GARBAGE-NOT: error:

// DIALECT: unknown-dialect.mlir:2:8: error: Dialect `foo' not found for custom op 'foo.bar'
// DIALECT-NOT: error:

// UNKNOWN: unknown-op.mlir:2:8: error: custom op 'nabla.frobnicate' is unknown
// UNKNOWN-NOT: error:

// SHAPES: bad-shapes.mlir:2:8: error: 'nabla.add' op operand shapes do not broadcast: 'tensor<2x3xf32>', 'tensor<4xf32>'
// SHAPES: bad-shapes.mlir:2:8: error: 'nabla.add' op failed to infer returned types

// A file that does not exist has no location to point at.
// MISSING: cannot open input file '{{.*}}missing.mlir': No such file or directory

//--- truncated-op.mlir
func.func @f(%a: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nabla.add %a,
//--- truncated-type.mlir
func.func @f(%a: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nabla.add %a, %a : (tensor<3xf32>, tensor<3
}
//--- garbage.mlir
)) @@@ ###
//--- unknown-dialect.mlir
func.func @f(%a: tensor<3xf32>) -> tensor<3xf32> {
  %0 = foo.bar %a : tensor<3xf32>
  return %0 : tensor<3xf32>
}
//--- unknown-op.mlir
func.func @f(%a: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nabla.frobnicate %a : tensor<3xf32>
  return %0 : tensor<3xf32>
}
//--- bad-shapes.mlir
func.func @f(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  %0 = nabla.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
