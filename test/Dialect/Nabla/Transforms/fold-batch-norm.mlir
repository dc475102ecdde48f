// RUN: %nabla_opt %s -split-input-file -nabla-fold-batch-norm="remarks=true" -verify-diagnostics | FileCheck %s

// w' = w * s, b' = (b - mean) * s + beta, s = scale / sqrt(var + eps):
// with var + eps = 4, s = [1, 0.5]; b' = (1 - 1) * 1 + 10, (2 - 4) * 0.5 + 20.
// CHECK-LABEL: func.func @fold
// CHECK-DAG: %[[W:.*]] = nabla.constant dense<2.000000e+00> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = nabla.constant dense<[1.000000e+01, 1.900000e+01]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nabla.conv2d %arg0, %[[W]], %[[B]] pads = [1, 1, 1, 1]
// CHECK-NOT: batch_norm
// CHECK: return %[[Y]]
func.func @fold(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x6x6xf32> {
  %w = nabla.constant dense<[[[[2.0]]], [[[4.0]]]]> : tensor<2x1x1x1xf32>
  %b = nabla.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %scale = nabla.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = nabla.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %mean = nabla.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %var = nabla.constant dense<[3.5, 3.5]> : tensor<2xf32>
  %c = nabla.conv2d %x, %w, %b pads = [1, 1, 1, 1] : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  // expected-remark @+1 {{folded nabla.batch_norm into nabla.conv2d}}
  %y = nabla.batch_norm %c, %scale, %beta, %mean, %var epsilon = 0.5 : (tensor<1x2x6x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// Not folded: the convolution's result is read elsewhere too, or its
// weights are not constant.
// CHECK-LABEL: func.func @kept
// CHECK-COUNT-2: nabla.batch_norm
func.func @kept(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>, %p: tensor<2xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %k = nabla.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = nabla.conv2d %x, %k : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nabla.batch_norm %c, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %d = nabla.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %z = nabla.batch_norm %d, %p, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y, %z, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
