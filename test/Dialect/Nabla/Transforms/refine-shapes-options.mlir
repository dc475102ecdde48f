// RUN: not nabla-opt %s -nabla-refine-shapes="arg-shapes=input=4xq" 2>&1 | FileCheck %s --check-prefix=BADPIN
// RUN: not nabla-opt %s -nabla-refine-shapes="arg-shapes=7=4x5" 2>&1 | FileCheck %s --check-prefix=BADINDEX
// RUN: not nabla-opt %s -nabla-refine-shapes="arg-shapes=input=4x5 entry=nope" 2>&1 | FileCheck %s --check-prefix=NOENTRY
// RUN: not nabla-opt %s -nabla-refine-shapes="arg-shapes=input=4x5,input=3x5" 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not nabla-opt %s -nabla-refine-shapes="arg-shapes=input=4x5,0=4x5" 2>&1 | FileCheck %s --check-prefix=BYINDEX
// RUN: nabla-opt %s -nabla-refine-shapes="arg-shapes=input=4x5 entry=f" | FileCheck %s

// BADPIN: error: invalid shape pin 'input=4xq': expected NAME=D0xD1x... with non-negative sizes
// BADINDEX: error: shape pin '7=4x5' names no argument of @f
// NOENTRY: error: nabla-refine-shapes: no function body named @nope
// Two pins of one argument, by name or by name and index (the last one won).
// TWICE: error: shape pins 'input=4x5' and 'input=3x5' both pin argument 0 ('input') of @f; give one pin per argument
// BYINDEX: error: shape pins 'input=4x5' and '0=4x5' both pin argument 0 ('input') of @f; give one pin per argument

// CHECK: func.func @f(%{{.*}}: tensor<4x5xf32> {nabla.name = "input"}) -> tensor<4x5xf32>
func.func @f(%x: tensor<?x5xf32> {nabla.name = "input"}) -> tensor<?x5xf32> {
  %0 = nabla.exp %x : tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}
