// RUN: %nabla_opt %s -convert-nabla-kernel-to-runtime -split-input-file | FileCheck %s
// The calls lower on to LLVM with the rest of the pipeline.
// RUN: %nabla_opt %s -split-input-file -nabla-lower-to-llvm | FileCheck %s --check-prefix=LLVM

// A plain product: no epilogue (a null pointer), sizes and row strides as
// i64, the address of each buffer's first element as a pointer.
// CHECK-LABEL: func.func @plain
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<5x8xf32>, %[[C:.*]]: memref<4x5xf32>)
// CHECK-DAG: %[[M:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[N:.*]] = arith.constant 5 : i64
// CHECK-DAG: %[[K:.*]] = arith.constant 8 : i64
// CHECK: memref.extract_strided_metadata %[[A]]
// CHECK: memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: %[[LDA:.*]] = arith.index_cast %strides#0 : index to i64
// CHECK: %[[APTR:.*]] = llvm.inttoptr %{{.*}} : i64 to !llvm.ptr
// CHECK: memref.extract_strided_metadata %[[B]]
// CHECK: %[[LDB:.*]] = arith.index_cast %strides{{.*}}#0 : index to i64
// CHECK: %[[BPTR:.*]] = llvm.inttoptr
// CHECK: memref.extract_strided_metadata %[[C]]
// CHECK: %[[LDC:.*]] = arith.index_cast %strides{{.*}}#0 : index to i64
// CHECK: %[[CPTR:.*]] = llvm.inttoptr
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-DAG: %[[ALPHA:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 2 : i32
// CHECK: call @nabla_sgemm(%[[FLAGS]], %[[M]], %[[N]], %[[K]], %[[ALPHA]], %[[APTR]], %[[LDA]], %[[BPTR]], %[[LDB]], %[[CPTR]], %[[LDC]], %[[NULL]]) : (i32, i64, i64, i64, f32, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr) -> i32
// CHECK-NOT: nabla_kernel.sgemm
// CHECK: func.func private @nabla_sgemm(i32, i64, i64, i64, f32, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr) -> i32
// LLVM-LABEL: llvm.func @plain
// LLVM: llvm.call @nabla_sgemm
// LLVM: llvm.func @nabla_sgemm(i32, i64, i64, i64, f32, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr) -> i32
func.func @plain(%a: memref<4x8xf32>, %b: memref<5x8xf32>, %c: memref<4x5xf32>) {
  nabla_kernel.sgemm %a, %b outs(%c) trans_b : (memref<4x8xf32>, memref<5x8xf32>, memref<4x5xf32>) -> ()
  return
}

// -----

// The epilogue: a NablaEpilogue in the entry block's frame, filled at the
// call: bias, residual, ldr, the batch strides, beta, act_alpha, act_beta,
// bias kind (per column), activation (clip), reserved.
// CHECK-LABEL: func.func @epilogue
// CHECK: %[[SLOT:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(ptr, ptr, i64, i64, i64, f32, f32, f32, i32, i32, i32)> {alignment = 8 : i64} : (i64) -> !llvm.ptr
// CHECK-COUNT-3: llvm.inttoptr
// CHECK: %[[BIAS:.*]] = llvm.inttoptr
// CHECK: memref.extract_strided_metadata %arg3
// CHECK: %[[LDR:.*]] = arith.index_cast %strides{{.*}}#0 : index to i64
// CHECK: %[[RES:.*]] = llvm.inttoptr
// CHECK-DAG: %[[BETA:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[AA:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-DAG: %[[AB:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[KIND:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[ACT:.*]] = arith.constant 2 : i32
// CHECK-DAG: %[[RESERVED:.*]] = arith.constant 0 : i32
// CHECK: %[[S0:.*]] = llvm.insertvalue %[[BIAS]], %{{.*}}[0]
// CHECK: %[[S1:.*]] = llvm.insertvalue %[[RES]], %[[S0]][1]
// CHECK: %[[S2:.*]] = llvm.insertvalue %[[LDR]], %[[S1]][2]
// CHECK: %[[S3:.*]] = llvm.insertvalue %{{.*}}, %[[S2]][3]
// CHECK: %[[S4:.*]] = llvm.insertvalue %{{.*}}, %[[S3]][4]
// CHECK: %[[S5:.*]] = llvm.insertvalue %[[BETA]], %[[S4]][5]
// CHECK: %[[S6:.*]] = llvm.insertvalue %[[AA]], %[[S5]][6]
// CHECK: %[[S7:.*]] = llvm.insertvalue %[[AB]], %[[S6]][7]
// CHECK: %[[S8:.*]] = llvm.insertvalue %[[KIND]], %[[S7]][8]
// CHECK: %[[S9:.*]] = llvm.insertvalue %[[ACT]], %[[S8]][9]
// CHECK: %[[S10:.*]] = llvm.insertvalue %[[RESERVED]], %[[S9]][10]
// CHECK: llvm.store %[[S10]], %[[SLOT]]
// CHECK: %[[ALPHA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: call @nabla_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ALPHA]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[SLOT]])
func.func @epilogue(%a: memref<4x8xf32>, %b: memref<8x5xf32>, %bias: memref<5xf32>, %r: memref<4x5xf32>, %c: memref<4x5xf32>) {
  nabla_kernel.sgemm %a, %b bias %bias residual %r outs(%c) alpha = 0.5 activation = clip act_alpha = -1.0 act_beta = 6.0 : (memref<4x8xf32>, memref<8x5xf32>, memref<5xf32>, memref<4x5xf32>, memref<4x5xf32>) -> ()
  return
}

// -----

// A batch: A per product (its batch stride), B shared (batch stride 0).
// CHECK-LABEL: func.func @batched
// CHECK: memref.extract_strided_metadata %arg0
// CHECK: %[[ABATCH:.*]] = arith.index_cast %strides#0 : index to i64
// CHECK: %[[LDA:.*]] = arith.index_cast %strides#1 : index to i64
// CHECK: memref.extract_strided_metadata %arg2
// CHECK: %[[CBATCH:.*]] = arith.index_cast %strides{{.*}}#0 : index to i64
// CHECK: %[[LDC:.*]] = arith.index_cast %strides{{.*}}#1 : index to i64
// CHECK-DAG: %[[BATCH:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: call @nabla_sgemm_batched(%{{.*}}, %[[BATCH]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[LDA]], %[[ABATCH]], %{{.*}}, %{{.*}}, %[[ZERO]], %{{.*}}, %[[LDC]], %[[CBATCH]], %{{.*}})
func.func @batched(%a: memref<2x4x8xf32>, %b: memref<8x5xf32>, %c: memref<2x4x5xf32>) {
  nabla_kernel.sgemm %a, %b outs(%c) : (memref<2x4x8xf32>, memref<8x5xf32>, memref<2x4x5xf32>) -> ()
  return
}

// -----

// B packed at compile time: the PACKED_B flag (4) with trans_a (1), ldb 0,
// and a batch shares it (batch stride 0).
// CHECK-LABEL: func.func @packed
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 5 : i32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: call @nabla_sgemm(%[[FLAGS]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ZERO]], %{{.*}}, %{{.*}}, %{{.*}})
// CHECK: %[[LDB:.*]] = arith.constant 0 : i64
// CHECK: %[[BBATCH:.*]] = arith.constant 0 : i64
// CHECK: %[[BFLAGS:.*]] = arith.constant 4 : i32
// CHECK: call @nabla_sgemm_batched(%[[BFLAGS]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[LDB]], %[[BBATCH]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// LLVM-LABEL: llvm.func @packed
// LLVM: llvm.call @nabla_sgemm(
// LLVM: llvm.call @nabla_sgemm_batched(
func.func @packed(%a: memref<8x4xf32>, %b: memref<256xf32>, %c: memref<4x5xf32>, %as: memref<2x4x8xf32>, %cs: memref<2x4x5xf32>) {
  nabla_kernel.sgemm %a, %b outs(%c) trans_a packed_b : (memref<8x4xf32>, memref<256xf32>, memref<4x5xf32>) -> ()
  nabla_kernel.sgemm %as, %b outs(%cs) packed_b : (memref<2x4x8xf32>, memref<256xf32>, memref<2x4x5xf32>) -> ()
  return
}

// -----

// A column-strided buffer is copied into a contiguous one for the call (an
// output is copied back), then freed.
// CHECK-LABEL: func.func @non_contiguous
// CHECK: %[[A:.*]] = memref.alloc() : memref<4x8xf32>
// CHECK: memref.copy %arg0, %[[A]]
// CHECK: %[[C:.*]] = memref.alloc() : memref<4x5xf32>
// CHECK-NOT: memref.copy
// CHECK: call @nabla_sgemm
// CHECK: memref.dealloc %[[A]]
// CHECK: memref.copy %[[C]], %arg2
// CHECK: memref.dealloc %[[C]]
func.func @non_contiguous(%a: memref<4x8xf32, strided<[1, 4]>>, %b: memref<8x5xf32>, %c: memref<4x5xf32, strided<[1, 4]>>) {
  nabla_kernel.sgemm %a, %b outs(%c) : (memref<4x8xf32, strided<[1, 4]>>, memref<8x5xf32>, memref<4x5xf32, strided<[1, 4]>>) -> ()
  return
}
