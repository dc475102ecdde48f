// RUN: %nabla_opt %s -split-input-file -verify-diagnostics -convert-nabla-to-linalg

// What the lowering refuses up front, before rewriting anything: upstream
// elementwise ops on tensors (nothing lowers them: they failed later with
// "op was not bufferized") and dynamic shapes.

func.func @addf_on_tensors(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'arith.addf' op on 'tensor<4xf32>' is not supported: model functions compute on tensors with nabla ops (arith and math ops work on scalars only)}}
  %0 = arith.addf %x, %y : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @exp_on_tensors(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'math.exp' op on 'tensor<2x3xf32>' is not supported}}
  %0 = math.exp %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Every such op is reported, not only the first.
func.func @compare_and_select(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'arith.cmpf' op on 'tensor<4xf32>' is not supported}}
  %c = arith.cmpf olt, %x, %y : tensor<4xf32>
  // expected-error @+1 {{'arith.select' op on 'tensor<4xi1>' is not supported}}
  %0 = arith.select %c, %x, %y : tensor<4xi1>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'nabla.relu' op has an operand of dynamic type 'tensor<?xf32>'; the lowering needs static shapes (pin dynamic dimensions with -nabla-refine-shapes or nablac --shape)}}
  %0 = nabla.relu %x : tensor<?xf32>
  return %0 : tensor<?xf32>
}
