// RUN: %nabla_opt %s -split-input-file -nabla-form-kernels | FileCheck %s

// A matmul, its bias and its relu are one kernel; the weight is passed in,
// the small bias is copied into the kernel.
// CHECK-LABEL: func.func private @dense_kernel0_matmul
// CHECK-SAME: (%[[X:.*]]: tensor<4x32xf32>, %[[W:.*]]: tensor<32x8xf32>) -> tensor<4x8xf32>
// CHECK-SAME: attributes {nabla.kernel}
// CHECK: %[[M:.*]] = nabla.matmul %[[X]], %[[W]]
// CHECK: %[[B:.*]] = nabla.constant dense<5.000000e-01> : tensor<8xf32>
// CHECK: %[[A:.*]] = nabla.add %[[M]], %[[B]]
// CHECK: %[[R:.*]] = nabla.relu %[[A]]
// CHECK: return %[[R]]
// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[IN:.*]]: tensor<4x32xf32>)
// CHECK: %[[WEIGHT:.*]] = nabla.constant dense<{{.*}}> : tensor<32x8xf32>
// CHECK: %[[Y:.*]] = call @dense_kernel0_matmul(%[[IN]], %[[WEIGHT]])
// CHECK: return %[[Y]]
func.func @dense(%x: tensor<4x32xf32>) -> tensor<4x8xf32> {
  %w = nabla.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]]> : tensor<32x8xf32>
  %b = nabla.constant dense<0.5> : tensor<8xf32>
  %m = nabla.matmul %x, %w : (tensor<4x32xf32>, tensor<32x8xf32>) -> tensor<4x8xf32>
  %a = nabla.add %m, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %r = nabla.relu %a : tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// A result read twice is computed once: the pointwise consumers start
// kernels of their own. A residual add joins the kernel of its last
// operand; the skip connection comes from an earlier kernel.
// CHECK-LABEL: func.func private @residual_kernel0_softmax
// CHECK-NEXT: nabla.softmax
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @residual_kernel1_exp
// CHECK-NEXT: nabla.exp
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @residual_kernel2_log_softmax
// CHECK-SAME: (%[[T:.*]]: tensor<2x8xf32>, %[[S:.*]]: tensor<2x8xf32>)
// CHECK-NEXT: %[[L:.*]] = nabla.log_softmax %[[T]]
// CHECK-NEXT: %[[SUM:.*]] = nabla.add %[[L]], %[[S]]
// CHECK-NEXT: return %[[SUM]]
// CHECK-LABEL: func.func @residual
// CHECK: %[[S0:.*]] = call @residual_kernel0_softmax(%arg0)
// CHECK: %[[E:.*]] = call @residual_kernel1_exp(%[[S0]])
// CHECK: %[[Y:.*]] = call @residual_kernel2_log_softmax(%[[E]], %[[S0]])
// CHECK: return %[[Y]], %[[E]]
func.func @residual(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %s = nabla.softmax %x axis = 1 : tensor<2x8xf32>
  %e = nabla.exp %s : tensor<2x8xf32>
  %l = nabla.log_softmax %e axis = 1 : tensor<2x8xf32>
  %y = nabla.add %l, %s : tensor<2x8xf32>
  return %y, %e : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Reshapes are read through: each kernel that reads one gets its copy. A
// reshape the model returns is a kernel of its own (its copy into the
// model's output).
// CHECK-LABEL: func.func private @views_kernel0_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[F:.*]] = nabla.reshape %[[X]]
// CHECK-NEXT: return %[[F]]
// CHECK-LABEL: func.func private @views_kernel1_exp
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[T:.*]] = nabla.reshape %[[X]] shape = [3, 2]
// CHECK-NEXT: %[[F:.*]] = nabla.reshape %[[T]] shape = [6]
// CHECK-NEXT: nabla.exp %[[F]]
// CHECK-LABEL: func.func @views
// CHECK-NOT: nabla.reshape
// CHECK: %[[R:.*]] = call @views_kernel0_reshape(%arg0)
// CHECK: %[[E:.*]] = call @views_kernel1_exp(%arg0)
// CHECK: return %[[E]], %[[R]]
func.func @views(%x: tensor<2x3xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %f = nabla.reshape %x shape = [6] : tensor<2x3xf32> -> tensor<6xf32>
  %t = nabla.reshape %x shape = [3, 2] : tensor<2x3xf32> -> tensor<3x2xf32>
  %g = nabla.reshape %t shape = [6] : tensor<3x2xf32> -> tensor<6xf32>
  %e = nabla.exp %g : tensor<6xf32>
  return %e, %f : tensor<6xf32>, tensor<6xf32>
}

// -----

// Identical kernels are merged: a repeated layer is one function called
// once per use.
// CHECK-LABEL: func.func private @repeat_kernel0_softmax
// CHECK-NOT: func.func private
// CHECK-LABEL: func.func @repeat
// CHECK: %[[A:.*]] = call @repeat_kernel0_softmax(%arg0)
// CHECK: %[[B:.*]] = call @repeat_kernel0_softmax(%[[A]])
// CHECK: %[[C:.*]] = call @repeat_kernel0_softmax(%[[B]])
// CHECK: return %[[C]]
func.func @repeat(%x: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %a = nabla.softmax %x axis = 1 : tensor<4x16xf32>
  %b = nabla.softmax %a axis = 1 : tensor<4x16xf32>
  %c = nabla.softmax %b axis = 1 : tensor<4x16xf32>
  return %c : tensor<4x16xf32>
}
