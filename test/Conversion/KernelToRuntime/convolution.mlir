// RUN: %nabla_opt %s -convert-nabla-kernel-to-runtime -cse -split-input-file | FileCheck %s
// The calls lower on to LLVM with the rest of the pipeline.
// RUN: %nabla_opt %s -split-input-file -nabla-lower-to-llvm | FileCheck %s --check-prefix=LLVM

// A grouped convolution with bias, residual and relu: a NablaConv2dShape
// (batch, channels, height, width, filters, out_height, out_width,
// kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left, pad_bottom,
// pad_right, dilation_h, dilation_w, groups) and a NablaEpilogue (bias per
// output channel: kind 2; relu: 1) in the entry block's frame, then one
// call with the buffers' addresses.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[EPI:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(ptr, ptr, i64, i64, i64, f32, f32, f32, i32, i32, i32)>
// CHECK-DAG: %[[SHAPE:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)>
// CHECK-DAG: %[[N:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[C:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[H:.*]] = arith.constant 9 : i64
// CHECK-DAG: %[[F:.*]] = arith.constant 6 : i64
// CHECK-DAG: %[[K:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[S0:.*]] = llvm.insertvalue %[[N]], %{{.*}}[0]
// CHECK: %[[S1:.*]] = llvm.insertvalue %[[C]], %[[S0]][1]
// CHECK: %[[S2:.*]] = llvm.insertvalue %[[H]], %[[S1]][2]
// CHECK: %[[S3:.*]] = llvm.insertvalue %[[H]], %[[S2]][3]
// CHECK: %[[S4:.*]] = llvm.insertvalue %[[F]], %[[S3]][4]
// CHECK: %[[S5:.*]] = llvm.insertvalue %[[C]], %[[S4]][5]
// CHECK: %[[S6:.*]] = llvm.insertvalue %[[C]], %[[S5]][6]
// CHECK: %[[S7:.*]] = llvm.insertvalue %[[K]], %[[S6]][7]
// CHECK: %[[S8:.*]] = llvm.insertvalue %[[K]], %[[S7]][8]
// CHECK: %[[S9:.*]] = llvm.insertvalue %[[N]], %[[S8]][9]
// CHECK: %[[S10:.*]] = llvm.insertvalue %[[N]], %[[S9]][10]
// CHECK: %[[S11:.*]] = llvm.insertvalue %[[ONE]], %[[S10]][11]
// CHECK: %[[S12:.*]] = llvm.insertvalue %[[ONE]], %[[S11]][12]
// CHECK: %[[S13:.*]] = llvm.insertvalue %[[ZERO]], %[[S12]][13]
// CHECK: %[[S14:.*]] = llvm.insertvalue %[[ZERO]], %[[S13]][14]
// CHECK: %[[S15:.*]] = llvm.insertvalue %[[ONE]], %[[S14]][15]
// CHECK: %[[S16:.*]] = llvm.insertvalue %[[ONE]], %[[S15]][16]
// CHECK: %[[S17:.*]] = llvm.insertvalue %[[N]], %[[S16]][17]
// CHECK: llvm.store %[[S17]], %[[SHAPE]]
// CHECK: %[[BIAS:.*]] = llvm.inttoptr
// CHECK: %[[RES:.*]] = llvm.inttoptr
// CHECK-DAG: %[[PER_CHANNEL:.*]] = arith.constant 2 : i32
// CHECK-DAG: %[[RELU:.*]] = arith.constant 1 : i32
// CHECK: %[[E0:.*]] = llvm.insertvalue %[[BIAS]], %{{.*}}[0]
// CHECK: %[[E1:.*]] = llvm.insertvalue %[[RES]], %[[E0]][1]
// CHECK: llvm.insertvalue %[[PER_CHANNEL]], %{{.*}}[8]
// CHECK: llvm.insertvalue %[[RELU]], %{{.*}}[9]
// CHECK: llvm.store %{{.*}}, %[[EPI]]
// CHECK: %[[X:.*]] = llvm.inttoptr
// CHECK: %[[W:.*]] = llvm.inttoptr
// CHECK: %[[Y:.*]] = llvm.inttoptr
// CHECK: call @nabla_sconv2d(%[[SHAPE]], %[[X]], %[[W]], %[[Y]], %[[EPI]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK: func.func private @nabla_sconv2d(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// LLVM-LABEL: llvm.func @conv
// LLVM: llvm.call @nabla_sconv2d
func.func @conv(%x: memref<2x4x9x9xf32>, %w: memref<6x2x3x3xf32>, %b: memref<6xf32>, %r: memref<2x6x4x4xf32>, %y: memref<2x6x4x4xf32>) {
  nabla_kernel.conv2d %x, %w bias %b residual %r outs(%y) strides = [2, 2] pads = [1, 1, 0, 0] groups = 2 activation = relu : (memref<2x4x9x9xf32>, memref<6x2x3x3xf32>, memref<6xf32>, memref<2x6x4x4xf32>, memref<2x6x4x4xf32>) -> ()
  return
}

// -----

// No epilogue: a null pointer.
// CHECK-LABEL: func.func @plain
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: call @nabla_sconv2d(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[NULL]])
func.func @plain(%x: memref<1x2x5x5xf32>, %w: memref<3x2x1x1xf32>, %y: memref<1x3x5x5xf32>) {
  nabla_kernel.conv2d %x, %w outs(%y) : (memref<1x2x5x5xf32>, memref<3x2x1x1xf32>, memref<1x3x5x5xf32>) -> ()
  return
}

// -----

// A buffer that is not contiguous (here a strided view of the input) is
// copied into one that is; an output likewise, and copied back after the
// call.
// CHECK-LABEL: func.func @strided
// CHECK: %[[XC:.*]] = memref.alloc() : memref<1x2x4x4xf32>
// CHECK: memref.copy %arg0, %[[XC]]
// CHECK: %[[YC:.*]] = memref.alloc() : memref<1x2x2x2xf32>
// CHECK-NOT: memref.copy
// CHECK: call @nabla_spool2d
// CHECK: memref.dealloc %[[XC]]
// CHECK: memref.copy %[[YC]], %arg1
// CHECK: memref.dealloc %[[YC]]
func.func @strided(%x: memref<1x2x4x4xf32, strided<[64, 32, 8, 1]>>, %y: memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>) {
  nabla_kernel.max_pool2d %x outs(%y) kernel_shape = [2, 2] strides = [2, 2] : (memref<1x2x4x4xf32, strided<[64, 32, 8, 1]>>, memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>) -> ()
  return
}

// -----

// The pooling kinds of nabla_spool2d: max 0, average 1, average counting
// the padding 2. The shape's groups field is 1 and dilations come from
// max_pool2d only.
// CHECK-LABEL: func.func @pools
// CHECK: %[[MAX:.*]] = arith.constant 0 : i32
// CHECK: call @nabla_spool2d(%[[MAX]], %{{.*}}, %{{.*}}, %{{.*}}) : (i32, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK: %[[AVG:.*]] = arith.constant 1 : i32
// CHECK: call @nabla_spool2d(%[[AVG]],
// CHECK: %[[AVG_PAD:.*]] = arith.constant 2 : i32
// CHECK: call @nabla_spool2d(%[[AVG_PAD]],
// CHECK: func.func private @nabla_spool2d(i32, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// LLVM-LABEL: llvm.func @pools
// LLVM-COUNT-3: llvm.call @nabla_spool2d
func.func @pools(%x: memref<1x2x8x8xf32>, %a: memref<1x2x3x3xf32>, %b: memref<1x2x4x4xf32>, %c: memref<1x2x5x5xf32>) {
  nabla_kernel.max_pool2d %x outs(%a) kernel_shape = [3, 3] strides = [2, 2] dilations = [2, 2] : (memref<1x2x8x8xf32>, memref<1x2x3x3xf32>) -> ()
  nabla_kernel.avg_pool2d %x outs(%b) kernel_shape = [2, 2] strides = [2, 2] : (memref<1x2x8x8xf32>, memref<1x2x4x4xf32>) -> ()
  nabla_kernel.avg_pool2d %x outs(%c) kernel_shape = [3, 3] strides = [2, 2] pads = [1, 1, 1, 1] count_include_pad : (memref<1x2x8x8xf32>, memref<1x2x5x5xf32>) -> ()
  return
}

// -----

// Channels last: the shape's sizes come from the NHWC dimensions (x
// [2, 9, 7, 4]: C = 4, H = 9, W = 7; y [2, 4, 3, 6]: F = 6, OH = 4, OW = 3),
// the window from kernel_shape for packed weights, and nabla_sconv2d_nhwc
// gets its flags: packed weights 1, NCHW input 2.
// CHECK-LABEL: func.func @channels_last
// CHECK-DAG: %[[N:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[C:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[H:.*]] = arith.constant 9 : i64
// CHECK-DAG: %[[W:.*]] = arith.constant 7 : i64
// CHECK-DAG: %[[F:.*]] = arith.constant 6 : i64
// CHECK-DAG: %[[K:.*]] = arith.constant 3 : i64
// CHECK: %[[S0:.*]] = llvm.insertvalue %[[N]], %{{.*}}[0]
// CHECK: %[[S1:.*]] = llvm.insertvalue %[[C]], %[[S0]][1]
// CHECK: %[[S2:.*]] = llvm.insertvalue %[[H]], %[[S1]][2]
// CHECK: %[[S3:.*]] = llvm.insertvalue %[[W]], %[[S2]][3]
// CHECK: %[[S4:.*]] = llvm.insertvalue %[[F]], %[[S3]][4]
// CHECK: %[[S5:.*]] = llvm.insertvalue %[[C]], %[[S4]][5]
// CHECK: %[[S6:.*]] = llvm.insertvalue %[[K]], %[[S5]][6]
// CHECK: %[[S7:.*]] = llvm.insertvalue %[[K]], %[[S6]][7]
// CHECK: %[[S8:.*]] = llvm.insertvalue %[[K]], %[[S7]][8]
// CHECK: %[[PACKED:.*]] = arith.constant 1 : i32
// CHECK: call @nabla_sconv2d_nhwc(%[[PACKED]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i32, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK: %[[NCHW:.*]] = arith.constant 2 : i32
// CHECK: call @nabla_sconv2d_nhwc(%[[NCHW]],
// CHECK: call @nabla_spool2d_nhwc(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i32, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK: func.func private @nabla_sconv2d_nhwc(i32, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK: func.func private @nabla_spool2d_nhwc(i32, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// LLVM-LABEL: llvm.func @channels_last
// LLVM-COUNT-2: llvm.call @nabla_sconv2d_nhwc
// LLVM: llvm.call @nabla_spool2d_nhwc
func.func @channels_last(%x: memref<2x9x7x4xf32>, %xn: memref<2x4x9x7xf32>, %p: memref<1152xf32>, %w: memref<6x4x3x3xf32>, %y: memref<2x4x3x6xf32>, %yp: memref<2x4x3x4xf32>) {
  nabla_kernel.conv2d %x, %p outs(%y) strides = [2, 2] channels_last packed_weights kernel_shape = [3, 3] : (memref<2x9x7x4xf32>, memref<1152xf32>, memref<2x4x3x6xf32>) -> ()
  nabla_kernel.conv2d %xn, %w outs(%y) strides = [2, 2] channels_last nchw_input : (memref<2x4x9x7xf32>, memref<6x4x3x3xf32>, memref<2x4x3x6xf32>) -> ()
  nabla_kernel.max_pool2d %x outs(%yp) kernel_shape = [3, 3] strides = [2, 2] channels_last : (memref<2x9x7x4xf32>, memref<2x4x3x4xf32>) -> ()
  return
}
