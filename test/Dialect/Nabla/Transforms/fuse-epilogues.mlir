// RUN: %nabla_opt %s -split-input-file -nabla-fuse-epilogues="remarks=true" -verify-diagnostics | FileCheck %s

// A dense layer: gemm with a bias, then relu. The transpose of the weight
// is gemm's trans_b already.
// CHECK-LABEL: func.func @dense
// CHECK-NEXT: %[[Y:.*]] = nabla.fused_matmul %arg0, %arg1 bias %arg2 trans_b activation = relu
// CHECK-NEXT: return %[[Y]]
func.func @dense(%x: tensor<4x8xf32>, %w: tensor<16x8xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %g = nabla.gemm %x, %w, %b trans_b : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  // expected-remark @+1 {{fused nabla.relu into nabla.fused_matmul}}
  %r = nabla.relu %g : tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// matmul, a transposed operand, a bias add, a scale, a residual, gelu.
// CHECK-LABEL: func.func @chain
// CHECK-NEXT: %[[Y:.*]] = nabla.fused_matmul %arg0, %arg1 bias %arg2 residual %arg3 trans_b alpha = 5.000000e-01 activation = gelu_tanh
// CHECK-NEXT: return %[[Y]]
func.func @chain(%x: tensor<4x8xf32>, %w: tensor<16x8xf32>, %b: tensor<16xf32>, %r: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-remark @+1 {{fused nabla.transpose into nabla.matmul}}
  %wt = nabla.transpose %w perm = [1, 0] : tensor<16x8xf32> -> tensor<8x16xf32>
  %m = nabla.matmul %x, %wt : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %half = nabla.constant dense<0.5> : tensor<f32>
  // expected-remark @+1 {{fused nabla.mul into nabla.fused_matmul}}
  %s = nabla.mul %m, %half : (tensor<4x16xf32>, tensor<f32>) -> tensor<4x16xf32>
  // expected-remark @+1 {{fused nabla.add into nabla.fused_matmul}}
  %a = nabla.add %b, %s : (tensor<16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  // expected-remark @+1 {{fused nabla.add into nabla.fused_matmul}}
  %c = nabla.add %a, %r : tensor<4x16xf32>
  // expected-remark @+1 {{fused nabla.gelu into nabla.fused_matmul}}
  %g = nabla.gelu %c approximate = tanh : tensor<4x16xf32>
  return %g : tensor<4x16xf32>
}

// -----

// A ResNet block end: conv, per-channel bias [F, 1, 1], skip, relu.
// CHECK-LABEL: func.func @block
// CHECK: %[[B:.*]] = nabla.reshape %arg2 shape = [4]
// CHECK: %[[Y:.*]] = nabla.fused_conv2d %arg0, %arg1 bias %[[B]] residual %arg3 pads = [1, 1, 1, 1] activation = relu
// CHECK-NEXT: return %[[Y]]
func.func @block(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<4x1x1xf32>, %skip: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %c = nabla.conv2d %x, %w pads = [1, 1, 1, 1] : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  // expected-remark @+1 {{fused nabla.add into nabla.fused_conv2d}}
  %a = nabla.add %c, %b : (tensor<1x4x8x8xf32>, tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32>
  // expected-remark @+1 {{fused nabla.add into nabla.fused_conv2d}}
  %s = nabla.add %skip, %a : tensor<1x4x8x8xf32>
  // expected-remark @+1 {{fused nabla.relu into nabla.fused_conv2d}}
  %r = nabla.relu %s : tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// relu6 (clip 0..6) after a depthwise convolution.
// CHECK-LABEL: func.func @relu6
// CHECK: nabla.fused_conv2d %arg0, %arg1 groups = 4 activation = clip act_beta = 6.000000e+00
func.func @relu6(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %c = nabla.conv2d %x, %w groups = 4 : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  // expected-remark @+1 {{fused nabla.clip into nabla.fused_conv2d}}
  %r = nabla.clip %c min = 0.0 max = 6.0 : tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}

// -----

// Nothing joins a result that is read twice, nor comes after the
// activation, nor adds a full tensor when a residual is there already.
// CHECK-LABEL: func.func @kept
// CHECK: %[[M:.*]] = nabla.fused_matmul %arg0, %arg1 :
// CHECK: nabla.relu %[[M]]
// CHECK: nabla.exp %[[M]]
// CHECK: %[[T:.*]] = nabla.fused_matmul %arg0, %arg1 activation = sigmoid
// CHECK: nabla.add %[[T]], %arg2
func.func @kept(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %r: tensor<4x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) {
  %m = nabla.matmul %x, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %a = nabla.relu %m : tensor<4x16xf32>
  %b = nabla.exp %m : tensor<4x16xf32>
  %n = nabla.matmul %x, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  // expected-remark @+1 {{fused nabla.sigmoid into nabla.fused_matmul}}
  %s = nabla.sigmoid %n : tensor<4x16xf32>
  %t = nabla.add %s, %r : tensor<4x16xf32>
  return %a, %b, %t : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>
}

// -----

// A batched matmul (attention scores q k^T) with a scale; a matmul whose
// operands broadcast batches stays as it is.
// CHECK-LABEL: func.func @batched
// CHECK: nabla.fused_matmul %arg0, %arg1 trans_b alpha = 2.500000e-01
// CHECK: nabla.matmul %arg2, %arg3
func.func @batched(%q: tensor<2x5x8xf32>, %k: tensor<2x5x8xf32>, %p: tensor<2x1x5x8xf32>, %v: tensor<3x8x4xf32>) -> (tensor<2x5x5xf32>, tensor<2x3x5x4xf32>) {
  // expected-remark @+1 {{fused nabla.transpose into nabla.matmul}}
  %kt = nabla.transpose %k perm = [0, 2, 1] : tensor<2x5x8xf32> -> tensor<2x8x5xf32>
  %s = nabla.matmul %q, %kt : (tensor<2x5x8xf32>, tensor<2x8x5xf32>) -> tensor<2x5x5xf32>
  %c = nabla.constant dense<0.25> : tensor<f32>
  // expected-remark @+1 {{fused nabla.mul into nabla.fused_matmul}}
  %y = nabla.mul %s, %c : (tensor<2x5x5xf32>, tensor<f32>) -> tensor<2x5x5xf32>
  %z = nabla.matmul %p, %v : (tensor<2x1x5x8xf32>, tensor<3x8x4xf32>) -> tensor<2x3x5x4xf32>
  return %y, %z : tensor<2x5x5xf32>, tensor<2x3x5x4xf32>
}
