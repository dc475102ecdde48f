// RUN: nabla-opt %s -split-input-file -nabla-freeze-parameters -verify-diagnostics | FileCheck %s

// CHECK-NOT: nabla.parameter
// CHECK-LABEL: func.func @linear
nabla.parameter @fc.weight trainable : tensor<2x2xf32> = dense<[[1.0, 2.0], [3.0, 4.0]]>
nabla.parameter @fc.bias trainable : tensor<2xf32> = dense<0.5>
nabla.parameter @unused : tensor<3xf32>
func.func @linear(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // CHECK: %[[W:.*]] = nabla.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  // CHECK: %[[B:.*]] = nabla.constant dense<5.000000e-01> : tensor<2xf32>
  // CHECK: nabla.mul %{{.*}}, %[[W]]
  // CHECK: nabla.add %{{.*}}, %[[B]]
  %w = nabla.get_parameter @fc.weight : tensor<2x2xf32>
  %b = nabla.get_parameter @fc.bias : tensor<2xf32>
  %0 = nabla.mul %x, %w : tensor<2x2xf32>
  %1 = nabla.add %0, %b : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}

// -----

nabla.parameter @loaded_at_run_time : tensor<3xf32>
func.func @no_value() -> tensor<3xf32> {
  // expected-error @+1 {{cannot freeze parameter @loaded_at_run_time: it has no initial value}}
  %w = nabla.get_parameter @loaded_at_run_time : tensor<3xf32>
  return %w : tensor<3xf32>
}
