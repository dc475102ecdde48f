// RUN: not nabla-opt %s -nabla-refine-shapes="arg-shapes=input=4xq" 2>&1 | FileCheck %s --check-prefix=BADPIN
// RUN: not nabla-opt %s -nabla-refine-shapes="arg-shapes=7=4x5" 2>&1 | FileCheck %s --check-prefix=BADINDEX
// RUN: not nabla-opt %s -nabla-refine-shapes="arg-shapes=input=4x5 entry=nope" 2>&1 | FileCheck %s --check-prefix=NOENTRY
// RUN: nabla-opt %s -nabla-refine-shapes="arg-shapes=input=4x5 entry=f" | FileCheck %s

// BADPIN: error: invalid shape pin 'input=4xq': expected NAME=D0xD1x... with non-negative sizes
// BADINDEX: error: shape pin '7=4x5' names no argument of @f
// NOENTRY: error: nabla-refine-shapes: no function body named @nope

// CHECK: func.func @f(%{{.*}}: tensor<4x5xf32> {nabla.name = "input"}) -> tensor<4x5xf32>
func.func @f(%x: tensor<?x5xf32> {nabla.name = "input"}) -> tensor<?x5xf32> {
  %0 = nabla.exp %x : tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}
