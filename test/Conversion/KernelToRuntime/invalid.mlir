// RUN: %nabla_opt %s -convert-nabla-kernel-to-runtime -verify-diagnostics

// A kernel op still on tensors has no buffers to pass.
func.func @tensors(%a: tensor<4x8xf32>, %b: tensor<8x5xf32>, %c: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{must be bufferized before it becomes a call}}
  %0 = nabla_kernel.sgemm %a, %b outs(%c) : (tensor<4x8xf32>, tensor<8x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
