// RUN: %nabla_opt %s -nabla-approximate-math | FileCheck %s

// f32 transcendentals become arithmetic (vectorizable), composite ops are
// expanded first; f64 is left to LLVM.
// CHECK-LABEL: func.func @f32_ops
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK-NOT: math.log
// CHECK-NOT: math.powf
// CHECK: arith.mulf
// CHECK: return
func.func @f32_ops(%x: f32, %y: f32) -> (f32, f32, f32, f32, f32) {
  %0 = math.exp %x : f32
  %1 = math.tanh %x : f32
  %2 = math.erf %x : f32
  %3 = math.log %x : f32
  %4 = math.powf %x, %y : f32
  return %0, %1, %2, %3, %4 : f32, f32, f32, f32, f32
}

// CHECK-LABEL: func.func @vectors
// CHECK-NOT: math.exp
// CHECK: return
func.func @vectors(%x: vector<16xf32>) -> vector<16xf32> {
  %0 = math.exp %x : vector<16xf32>
  return %0 : vector<16xf32>
}

// CHECK-LABEL: func.func @f64_kept
// CHECK: math.exp %{{.*}} : f64
func.func @f64_kept(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  return %0 : f64
}
