// RUN: %nabla_opt %s -nabla-plan-memory -cse -split-input-file | FileCheck %s

// Buffers live at the same time get distinct offsets; a buffer allocated
// after another's last use reuses its memory.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: %[[ARENA:[a-z0-9_]+]]: memref<512xi8> {nabla.arena}) attributes {nabla.arena_size = 512 : i64}
// CHECK-NOT: memref.alloc
// CHECK: %[[A:[a-z0-9_]+]] = memref.view %[[ARENA]][%[[OFF_A:[a-z0-9_]+]]][] : memref<512xi8> to memref<4x16xf32>
// CHECK: %[[B:[a-z0-9_]+]] = memref.view %[[ARENA]][%[[OFF_B:[a-z0-9_]+]]][] : memref<512xi8> to memref<4x16xf32>
// CHECK: linalg.exp ins(%[[A]] : {{.*}}) outs(%[[B]]
// CHECK: linalg.exp ins(%[[B]] : {{.*}}) outs(%[[A]]
func.func @chain(%in: memref<4x16xf32>, %out: memref<4x16xf32>) {
  %a = memref.alloc() : memref<4x16xf32>
  linalg.exp ins(%in : memref<4x16xf32>) outs(%a : memref<4x16xf32>)
  %b = memref.alloc() : memref<4x16xf32>
  linalg.exp ins(%a : memref<4x16xf32>) outs(%b : memref<4x16xf32>)
  %c = memref.alloc() : memref<4x16xf32>
  linalg.exp ins(%b : memref<4x16xf32>) outs(%c : memref<4x16xf32>)
  linalg.exp ins(%c : memref<4x16xf32>) outs(%out : memref<4x16xf32>)
  memref.dealloc %a : memref<4x16xf32>
  return
}

// -----

// A use through a view keeps the buffer alive; a use inside a loop counts
// as the whole loop; explicit deallocations go.
// CHECK-LABEL: func.func @views_and_loops
// CHECK-SAME: %[[ARENA:[a-z0-9_]+]]: memref<512xi8> {nabla.arena}) attributes {nabla.arena_size = 512 : i64}
// CHECK-NOT: memref.alloc
// CHECK: %[[A:[a-z0-9_]+]] = memref.view %[[ARENA]][%[[OFF_A:[a-z0-9_]+]]][]
// CHECK: memref.expand_shape %[[A]]
// CHECK: memref.view %[[ARENA]][%[[OFF_B:[a-z0-9_]+]]][]
// CHECK: scf.for
// CHECK: linalg.exp
// CHECK: linalg.exp ins(%{{.*}} : memref<64xf32>) outs(%[[A]]
// CHECK-NOT: memref.dealloc
func.func @views_and_loops(%in: memref<64xf32>, %out: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<64xf32>
  %a2 = memref.expand_shape %a [[0, 1]] output_shape [8, 8] : memref<64xf32> into memref<8x8xf32>
  linalg.exp ins(%in : memref<64xf32>) outs(%a : memref<64xf32>)
  %b = memref.alloc() : memref<64xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %a2[%i, %i] : memref<8x8xf32>
    memref.store %v, %b[%i] : memref<64xf32>
  }
  linalg.exp ins(%b : memref<64xf32>) outs(%out : memref<64xf32>)
  %c = memref.alloc() : memref<64xf32>
  linalg.exp ins(%b : memref<64xf32>) outs(%c : memref<64xf32>)
  memref.dealloc %a : memref<64xf32>
  return
}

// -----

// Returned buffers escape and are left alone; dynamic shapes too.
// CHECK-LABEL: func.func @escapes
// CHECK-SAME: memref<0xi8> {nabla.arena}) -> memref<8xf32> attributes {nabla.arena_size = 0 : i64}
// CHECK: memref.alloc() : memref<8xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
func.func @escapes(%n: index) -> memref<8xf32> {
  %a = memref.alloc() : memref<8xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %d : memref<?xf32>
  return %a : memref<8xf32>
}

// -----

// A kernel's scratch buffers become one argument that each call passes: the
// caller places it like a buffer live only during that call, so the two
// calls share one slot (one view after CSE).
// CHECK-LABEL: func.func private @kernel
// CHECK-SAME: (%{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>, %[[S:.*]]: memref<64xi8> {nabla.scratch})
// CHECK-SAME: attributes {nabla.kernel, nabla.scratch_size = 64 : i64}
// CHECK: memref.view %[[S]]
// CHECK-LABEL: func.func @calls
// CHECK-SAME: %[[ARENA:[a-z0-9_]+]]: memref<128xi8> {nabla.arena}) attributes {nabla.arena_size = 128 : i64}
// CHECK: %[[T:.*]] = memref.view %[[ARENA]][%[[C0:.*]]][] : memref<128xi8> to memref<4xf32>
// CHECK: %[[S1:.*]] = memref.view %[[ARENA]][%[[C64:.*]]][] : memref<128xi8> to memref<64xi8>
// CHECK: call @kernel(%{{.*}}, %[[T]], %[[S1]])
// CHECK: call @kernel(%[[T]], %{{.*}}, %[[S1]])
func.func private @kernel(%x: memref<4xf32>, %y: memref<4xf32>) attributes {nabla.kernel} {
  %t = memref.alloc() : memref<4xf32>
  linalg.exp ins(%x : memref<4xf32>) outs(%t : memref<4xf32>)
  linalg.exp ins(%t : memref<4xf32>) outs(%y : memref<4xf32>)
  return
}
func.func @calls(%x: memref<4xf32>, %y: memref<4xf32>) {
  %t = memref.alloc() : memref<4xf32>
  call @kernel(%x, %t) : (memref<4xf32>, memref<4xf32>) -> ()
  call @kernel(%t, %y) : (memref<4xf32>, memref<4xf32>) -> ()
  return
}
