// RUN: %nabla_opt %s -nabla-approximate-math | FileCheck %s

// f32 transcendentals become arithmetic (vectorizable); f64 is left to LLVM.
// CHECK-LABEL: func.func @f32_ops
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK-NOT: math.log
// CHECK: arith.mulf
// CHECK: return
func.func @f32_ops(%x: f32, %y: f32) -> (f32, f32, f32, f32) {
  %0 = math.exp %x : f32
  %1 = math.tanh %x : f32
  %2 = math.erf %x : f32
  %3 = math.log %x : f32
  return %0, %1, %2, %3 : f32, f32, f32, f32
}

// f32 tanh is the rational approximation, which returns x itself for tiny
// |x| (relative accuracy near 0), not the exp expansion 1 - exp(-2x).
// CHECK-LABEL: func.func @tanh_f32
// CHECK-NOT: math.exp
// CHECK: %[[ABS:.*]] = math.absf %arg0 : f32
// CHECK: %[[TINY:.*]] = arith.cmpf olt, %[[ABS]], %{{.*}} : f32
// CHECK: %[[R:.*]] = arith.select %[[TINY]], %{{.*}}, %{{.*}} : f32
// CHECK: return %[[R]]
func.func @tanh_f32(%x: f32) -> f32 {
  %0 = math.tanh %x : f32
  return %0 : f32
}

// Expansions and approximations that would lose C's semantics or accuracy
// are not applied: powf (negative bases, 0^0), sin and cos (absolute error
// near 0, range reduction), tan, atan, sinh, cosh and the inverse
// hyperbolic functions stay for LLVM and libm.
// CHECK-LABEL: func.func @kept_for_libm
// CHECK: math.powf %arg0, %arg1 : f32
// CHECK: math.sin %arg0 : f32
// CHECK: math.cos %arg0 : f32
// CHECK: math.tan %arg0 : f32
// CHECK: math.atan %arg0 : f32
// CHECK: math.sinh %arg0 : f32
// CHECK: math.cosh %arg0 : f32
// CHECK: math.asinh %arg0 : f32
// CHECK: math.acosh %arg0 : f32
// CHECK: math.atanh %arg0 : f32
// CHECK: math.tanh %arg2 : f64
func.func @kept_for_libm(%x: f32, %y: f32, %d: f64) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f64) {
  %0 = math.powf %x, %y : f32
  %1 = math.sin %x : f32
  %2 = math.cos %x : f32
  %3 = math.tan %x : f32
  %4 = math.atan %x : f32
  %5 = math.sinh %x : f32
  %6 = math.cosh %x : f32
  %7 = math.asinh %x : f32
  %8 = math.acosh %x : f32
  %9 = math.atanh %x : f32
  %10 = math.tanh %d : f64
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10 : f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f64
}

// asin and acos are approximated on f32.
// CHECK-LABEL: func.func @inverse_trigonometric_f32
// CHECK-NOT: math.asin
// CHECK-NOT: math.acos
// CHECK: return
func.func @inverse_trigonometric_f32(%x: f32) -> (f32, f32) {
  %0 = math.asin %x : f32
  %1 = math.acos %x : f32
  return %0, %1 : f32, f32
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
