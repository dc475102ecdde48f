// RUN: %nabla_opt %s -split-input-file -nabla-detach-empty-arguments | FileCheck %s

// A zero-sized buffer argument becomes a 1-D empty memref (one pointer under
// the bare-pointer convention); the body uses an empty local buffer.
// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[X:.*]]: memref<2x3xf32>, %{{.*}}: memref<0xf32>, %{{.*}}: memref<0xi64>)
// CHECK: %[[A:.*]] = memref.alloca() : memref<2x0xf32>
// CHECK: %[[B:.*]] = memref.alloca() : memref<0x4xi64>
// CHECK: memref.copy %[[A]], %[[A]]
// CHECK: memref.copy %[[B]], %[[B]]
// CHECK: memref.load %[[X]]
func.func @forward(%x: memref<2x3xf32>, %out: memref<2x0xf32>, %e: memref<0x4xi64>) {
  memref.copy %out, %out : memref<2x0xf32> to memref<2x0xf32>
  memref.copy %e, %e : memref<0x4xi64> to memref<0x4xi64>
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0, %c0] : memref<2x3xf32>
  return
}

// -----

// Other functions and non-empty buffers are left alone.
// CHECK-LABEL: func.func private @helper(%{{.*}}: memref<2x0xf32>)
// CHECK-NOT: memref.alloca
// CHECK-LABEL: func.func @scalar(%{{.*}}: memref<f32>, %{{.*}}: memref<1x1xf32>)
// CHECK-NOT: memref.alloca
func.func private @helper(%out: memref<2x0xf32>) {
  return
}
func.func @scalar(%a: memref<f32>, %b: memref<1x1xf32>) {
  return
}

// -----

// A kernel loses its empty buffer arguments, and its calls their operands.
// CHECK-LABEL: func.func private @kernel
// CHECK-SAME: (%[[Y:.*]]: memref<4xf32>)
// CHECK-SAME: attributes {nabla.kernel}
// CHECK: %[[E:.*]] = memref.alloca() : memref<3x0xf32>
// CHECK: memref.copy %[[E]], %[[E]]
// CHECK: linalg.fill {{.*}} outs(%[[Y]]
// CHECK-LABEL: func.func @model
// CHECK-SAME: (%[[X:.*]]: memref<0xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK: call @kernel(%[[OUT]]) : (memref<4xf32>) -> ()
func.func private @kernel(%e: memref<3x0xf32>, %y: memref<4xf32>) attributes {nabla.kernel} {
  memref.copy %e, %e : memref<3x0xf32> to memref<3x0xf32>
  %c = arith.constant 1.0 : f32
  linalg.fill ins(%c : f32) outs(%y : memref<4xf32>)
  return
}
func.func @model(%x: memref<3x0xf32>, %out: memref<4xf32>) {
  call @kernel(%x, %out) : (memref<3x0xf32>, memref<4xf32>) -> ()
  return
}
