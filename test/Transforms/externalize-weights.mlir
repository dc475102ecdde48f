// RUN: %nabla_opt %s -nabla-externalize-weights="min-bytes=16" | FileCheck %s

// Big non-splat constants move to the weights blob at 64-byte aligned
// offsets; small ones and splats stay in the binary.
// CHECK: module attributes {nabla.weights = [{offset = 0 : i64, value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00]> : tensor<5xf32>}, {offset = 64 : i64, value = dense<[1, 2, 3, 4]> : tensor<4xi64>}], nabla.weights_size = 128 : i64}
// CHECK-NOT: memref.global "private" constant @big
// CHECK: memref.global "private" constant @small
// CHECK: memref.global "private" constant @splat
// CHECK-LABEL: func.func @forward
// CHECK-SAME: %[[W:[a-z0-9_]+]]: memref<128xi8> {nabla.weights})
// CHECK: %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK: memref.view %[[W]][%[[C0]]][] : memref<128xi8> to memref<5xf32>
// CHECK: %[[C64:[a-z0-9_]+]] = arith.constant 64 : index
// CHECK: memref.view %[[W]][%[[C64]]][] : memref<128xi8> to memref<4xi64>
// CHECK: memref.get_global @small
// CHECK: memref.get_global @splat
memref.global "private" constant @big : memref<5xf32> = dense<[1.0, 2.0, 3.0, 4.0, 5.0]>
memref.global "private" constant @ints : memref<4xi64> = dense<[1, 2, 3, 4]>
memref.global "private" constant @small : memref<2xf32> = dense<[1.0, 2.0]>
memref.global "private" constant @splat : memref<64xf32> = dense<1.0>
func.func @forward(%out: memref<5xf32>) {
  %0 = memref.get_global @big : memref<5xf32>
  %1 = memref.get_global @ints : memref<4xi64>
  %2 = memref.get_global @small : memref<2xf32>
  %3 = memref.get_global @splat : memref<64xf32>
  memref.copy %0, %out : memref<5xf32> to memref<5xf32>
  return
}
