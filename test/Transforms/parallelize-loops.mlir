// RUN: %nabla_opt %s -nabla-parallelize-loops -split-input-file | FileCheck %s
// The outlined functions lower to LLVM with the rest of the pipeline (the
// descriptor casts fold away).
// RUN: %nabla_opt %s -split-input-file -nabla-lower-to-llvm | FileCheck %s --check-prefix=LLVM

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// An elementwise op of 64 x 1024 iterations: outlined into a function of
// (context, begin, end) that rebuilds both buffers from the addresses in
// the context and runs the op on rows [begin, end); the op becomes a call
// of nabla_parallel_for over the 64 rows, 16 rows (16384 iterations) at
// least per chunk. The constant the body uses is cloned into it.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: memref<64x1024xf32>, %[[Y:.*]]: memref<64x1024xf32>)
// CHECK: %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.array<2 x ptr>
// CHECK: memref.extract_aligned_pointer_as_index %[[X]]
// CHECK: %[[XPTR:.*]] = llvm.inttoptr
// CHECK: %[[SLOT0:.*]] = llvm.getelementptr %[[CTX]][0, 0]
// CHECK: llvm.store %[[XPTR]], %[[SLOT0]]
// CHECK: memref.extract_aligned_pointer_as_index %[[Y]]
// CHECK: %[[YPTR:.*]] = llvm.inttoptr
// CHECK: %[[SLOT1:.*]] = llvm.getelementptr %[[CTX]][0, 1]
// CHECK: llvm.store %[[YPTR]], %[[SLOT1]]
// CHECK: %[[FN:.*]] = constant @elementwise_parallel0 : (!llvm.ptr, i64, i64) -> ()
// CHECK-DAG: %[[COUNT:.*]] = arith.constant 64 : i64
// CHECK-DAG: %[[GRAIN:.*]] = arith.constant 16 : i64
// CHECK: call @nabla_parallel_for(%[[COUNT]], %[[GRAIN]], %[[FN]], %[[CTX]])
// CHECK-NOT: linalg.generic
// CHECK: return
// CHECK: func.func private @nabla_parallel_for(i64, i64, (!llvm.ptr, i64, i64) -> (), !llvm.ptr)
// CHECK: func.func private @elementwise_parallel0(%[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK-DAG: %[[B:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK-DAG: %[[E:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK: %[[N:.*]] = arith.subi %[[E]], %[[B]]
// CHECK: %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: llvm.getelementptr %[[C]][0, 0]
// CHECK: %[[XD:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<64x1024xf32, strided<[1024, 1]>>
// CHECK: %[[XS:.*]] = memref.subview %[[XD]][%[[B]], 0] [%[[N]], 1024] [1, 1]
// CHECK: llvm.getelementptr %[[C]][0, 1]
// CHECK: %[[YD:.*]] = builtin.unrealized_conversion_cast
// CHECK: %[[YS:.*]] = memref.subview %[[YD]][%[[B]], 0] [%[[N]], 1024] [1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[XS]] : {{.*}}) outs(%[[YS]] : {{.*}})
// CHECK: arith.mulf %{{.*}}, %[[TWO]]
// LLVM-LABEL: llvm.func @elementwise
// LLVM: %[[FN:.*]] = llvm.mlir.addressof @elementwise_parallel0 : !llvm.ptr
// LLVM: llvm.call @nabla_parallel_for(%{{.*}}, %{{.*}}, %[[FN]], %{{.*}})
// LLVM: llvm.func @nabla_parallel_for(i64, i64, !llvm.ptr, !llvm.ptr)
// LLVM: llvm.func @elementwise_parallel0(%{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// LLVM-NOT: unrealized_conversion_cast
// LLVM-LABEL: llvm.func @rows
func.func @elementwise(%x: memref<64x1024xf32>, %y: memref<64x1024xf32>) {
  %c = arith.constant 2.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<64x1024xf32>) outs(%y : memref<64x1024xf32>) {
  ^bb0(%a: f32, %b: f32):
    %e = math.exp %a : f32
    %m = arith.mulf %e, %c : f32
    linalg.yield %m : f32
  }
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#col = affine_map<(d0, d1) -> (d1)>

// A sum along rows splits over the rows; a buffer the loop does not index
// (the per-column scale) is passed whole; the unit leading loop of a
// batch-1 tensor is passed over for the first loop longer than 1.
// CHECK-LABEL: func.func @rows
// CHECK: call @nabla_parallel_for
// CHECK-LABEL: func.func @unit_batch
// CHECK: %[[COUNT:.*]] = arith.constant 32 : i64
// CHECK: call @nabla_parallel_for(%[[COUNT]],
// CHECK-LABEL: func.func private @rows_parallel0
// CHECK: memref.subview %{{.*}}[%{{.*}}, 0] [%{{.*}}, 512] [1, 1] : memref<128x512xf32, strided<[512, 1]>> to memref<?x512xf32, strided<[512, 1], offset: ?>>
// CHECK-NOT: memref.subview {{.*}} : memref<512xf32
// CHECK: memref.subview %{{.*}}[%{{.*}}] [%{{.*}}] [1] : memref<128xf32, strided<[1]>> to memref<?xf32, strided<[1], offset: ?>>
// CHECK: linalg.generic
// CHECK-LABEL: func.func private @unit_batch_parallel0
// CHECK: memref.subview %{{.*}}[0, %{{.*}}, 0] [1, %{{.*}}, 3136] [1, 1, 1]
// CHECK: linalg.fill
func.func @rows(%x: memref<128x512xf32>, %scale: memref<512xf32>, %s: memref<128xf32>) {
  linalg.generic {indexing_maps = [#id, #col, #row], iterator_types = ["parallel", "reduction"]} ins(%x, %scale : memref<128x512xf32>, memref<512xf32>) outs(%s : memref<128xf32>) {
  ^bb0(%a: f32, %w: f32, %b: f32):
    %p = arith.mulf %a, %w : f32
    %m = arith.addf %p, %b : f32
    linalg.yield %m : f32
  }
  return
}

func.func @unit_batch(%x: memref<1x32x3136xf32>) {
  %c = arith.constant 0.0 : f32
  linalg.fill ins(%c : f32) outs(%x : memref<1x32x3136xf32>)
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#col = affine_map<(d0, d1) -> (d1)>

// What stays on the calling thread: a small op; an op whose first loop is
// a reduction; one that reads its indices; one that captures a value that
// is not a constant; and a buffer with a dynamic stride.
// CHECK-LABEL: func.func @stays
// CHECK-NOT: nabla_parallel_for
// CHECK-COUNT-5: linalg.generic
// CHECK-NOT: nabla_parallel_for
func.func @stays(%small: memref<16x16xf32>, %x: memref<128x512xf32>, %s: memref<512xf32>, %v: f32, %d: memref<128x512xf32, strided<[?, 1]>>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%small : memref<16x16xf32>) outs(%small : memref<16x16xf32>) {
  ^bb0(%a: f32, %b: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  linalg.generic {indexing_maps = [#id, #col], iterator_types = ["reduction", "parallel"]} ins(%x : memref<128x512xf32>) outs(%s : memref<512xf32>) {
  ^bb0(%a: f32, %b: f32):
    %m = arith.addf %a, %b : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%x : memref<128x512xf32>) {
  ^bb0(%b: f32):
    %i = linalg.index 0 : index
    %j = arith.index_cast %i : index to i32
    %f = arith.sitofp %j : i32 to f32
    linalg.yield %f : f32
  }
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%x : memref<128x512xf32>) {
  ^bb0(%b: f32):
    %m = arith.addf %b, %v : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%d : memref<128x512xf32, strided<[?, 1]>>) outs(%x : memref<128x512xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  }
  return
}
