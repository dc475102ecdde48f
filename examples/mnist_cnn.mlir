// The seeds' MNIST CNN in the nabla dialect:
//   conv 3x3 32 -> relu -> maxpool 2 -> conv 3x3 64 -> relu -> maxpool 2
//   -> conv 3x3 64 -> relu -> flatten -> dense 64 -> relu -> dense 10 -> softmax
// The batch is dynamic; scripts/run-example.sh pins it to 64. Dense layers
// keep PyTorch's [out, in] weight layout (gemm trans_b). The weights are
// placeholders (splats) until the native-code issue brings trained ones.

nabla.parameter @conv1.weight trainable : tensor<32x1x3x3xf32> = dense<0.1>
nabla.parameter @conv1.bias trainable : tensor<32xf32> = dense<0.0>
nabla.parameter @conv2.weight trainable : tensor<64x32x3x3xf32> = dense<0.01>
nabla.parameter @conv2.bias trainable : tensor<64xf32> = dense<0.0>
nabla.parameter @conv3.weight trainable : tensor<64x64x3x3xf32> = dense<0.01>
nabla.parameter @conv3.bias trainable : tensor<64xf32> = dense<0.0>
nabla.parameter @fc1.weight trainable : tensor<64x576xf32> = dense<0.01>
nabla.parameter @fc1.bias trainable : tensor<64xf32> = dense<0.0>
nabla.parameter @fc2.weight trainable : tensor<10x64xf32> = dense<0.01>
nabla.parameter @fc2.bias trainable : tensor<10xf32> = dense<0.0>

func.func @forward(%input: tensor<?x1x28x28xf32> {nabla.name = "input"})
    -> (tensor<?x10xf32> {nabla.name = "probabilities"}) {
  %w1 = nabla.get_parameter @conv1.weight : tensor<32x1x3x3xf32>
  %b1 = nabla.get_parameter @conv1.bias : tensor<32xf32>
  %c1 = nabla.conv2d %input, %w1, %b1
      : (tensor<?x1x28x28xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>) -> tensor<?x32x26x26xf32>
  %r1 = nabla.relu %c1 : tensor<?x32x26x26xf32>
  %p1 = nabla.max_pool2d %r1 kernel_shape = [2, 2] strides = [2, 2]
      : tensor<?x32x26x26xf32> -> tensor<?x32x13x13xf32>

  %w2 = nabla.get_parameter @conv2.weight : tensor<64x32x3x3xf32>
  %b2 = nabla.get_parameter @conv2.bias : tensor<64xf32>
  %c2 = nabla.conv2d %p1, %w2, %b2
      : (tensor<?x32x13x13xf32>, tensor<64x32x3x3xf32>, tensor<64xf32>) -> tensor<?x64x11x11xf32>
  %r2 = nabla.relu %c2 : tensor<?x64x11x11xf32>
  %p2 = nabla.max_pool2d %r2 kernel_shape = [2, 2] strides = [2, 2]
      : tensor<?x64x11x11xf32> -> tensor<?x64x5x5xf32>

  %w3 = nabla.get_parameter @conv3.weight : tensor<64x64x3x3xf32>
  %b3 = nabla.get_parameter @conv3.bias : tensor<64xf32>
  %c3 = nabla.conv2d %p2, %w3, %b3
      : (tensor<?x64x5x5xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>) -> tensor<?x64x3x3xf32>
  %r3 = nabla.relu %c3 : tensor<?x64x3x3xf32>
  %flat = nabla.flatten %r3 axis = 1 : tensor<?x64x3x3xf32> -> tensor<?x576xf32>

  %w4 = nabla.get_parameter @fc1.weight : tensor<64x576xf32>
  %b4 = nabla.get_parameter @fc1.bias : tensor<64xf32>
  %d1 = nabla.gemm %flat, %w4, %b4 trans_b
      : (tensor<?x576xf32>, tensor<64x576xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %r4 = nabla.relu %d1 : tensor<?x64xf32>

  %w5 = nabla.get_parameter @fc2.weight : tensor<10x64xf32>
  %b5 = nabla.get_parameter @fc2.bias : tensor<10xf32>
  %d2 = nabla.gemm %r4, %w5, %b5 trans_b
      : (tensor<?x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %probs = nabla.softmax %d2 axis = 1 : tensor<?x10xf32>
  return %probs : tensor<?x10xf32>
}
