// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// CHECK: nabla.parameter @fc1.weight trainable : tensor<2x2xf32> = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]>
nabla.parameter @fc1.weight trainable : tensor<2x2xf32> = dense<[[1.0, 2.0], [3.0, 4.0]]>
// CHECK: nabla.parameter @bn.running_mean : tensor<2xf32> = dense<0.000000e+00>
nabla.parameter @bn.running_mean : tensor<2xf32> = dense<0.0>
// CHECK: nabla.parameter @external : tensor<3xf32>{{$}}
nabla.parameter @external : tensor<3xf32>

// CHECK-LABEL: func.func @read
func.func @read() -> tensor<2x2xf32> {
  // CHECK: nabla.get_parameter @fc1.weight : tensor<2x2xf32>
  %w = nabla.get_parameter @fc1.weight : tensor<2x2xf32>
  return %w : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @constant
func.func @constant() -> tensor<2xi64> {
  // CHECK: nabla.constant dense<[1, 2]> : tensor<2xi64>
  %c = nabla.constant dense<[1, 2]> : tensor<2xi64>
  return %c : tensor<2xi64>
}
