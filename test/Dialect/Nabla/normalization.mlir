// RUN: nabla-opt %s | nabla-opt | FileCheck %s

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %c: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // CHECK: nabla.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %y = nabla.batch_norm %x, %c, %c, %c, %c : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// CHECK-LABEL: func.func @batch_norm_epsilon_dynamic
func.func @batch_norm_epsilon_dynamic(%x: tensor<?x3xf16>, %c: tensor<3xf16>, %d: tensor<?xf16>) -> tensor<?x3xf16> {
  // CHECK: nabla.batch_norm %{{.*}} epsilon = 1.000000e-03 : (tensor<?x3xf16>, tensor<3xf16>, tensor<?xf16>, tensor<3xf16>, tensor<3xf16>) -> tensor<?x3xf16>
  %y = nabla.batch_norm %x, %c, %d, %c, %c epsilon = 1.0e-3 : (tensor<?x3xf16>, tensor<3xf16>, tensor<?xf16>, tensor<3xf16>, tensor<3xf16>) -> tensor<?x3xf16>
  return %y : tensor<?x3xf16>
}

// CHECK-LABEL: func.func @batch_norm_train
func.func @batch_norm_train(%x: tensor<8x3x4x4xf32>, %c: tensor<3xf32>) -> (tensor<8x3x4x4xf32>, tensor<3xf32>) {
  // CHECK: nabla.batch_norm_train %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<8x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %c, %c : (tensor<8x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<8x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %rv : tensor<8x3x4x4xf32>, tensor<3xf32>
}

// The channel count comes from a per-channel operand when x's is dynamic.
// CHECK-LABEL: func.func @batch_norm_train_attrs_dynamic
func.func @batch_norm_train_attrs_dynamic(%x: tensor<?x?x5xf32>, %c: tensor<?xf32>, %s: tensor<3xf32>) -> tensor<3xf32> {
  // CHECK: nabla.batch_norm_train %{{.*}} epsilon = 1.000000e-03 momentum = 9.900000e-01 unbiased_running_var : (tensor<?x?x5xf32>, tensor<?xf32>, tensor<?xf32>, tensor<3xf32>, tensor<?xf32>) -> (tensor<?x?x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %s, %c epsilon = 1.0e-3 momentum = 0.99 unbiased_running_var : (tensor<?x?x5xf32>, tensor<?xf32>, tensor<?xf32>, tensor<3xf32>, tensor<?xf32>) -> (tensor<?x?x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %si : tensor<3xf32>
}

// CHECK-LABEL: func.func @batch_norm_train_unknown_channels
func.func @batch_norm_train_unknown_channels(%x: tensor<?x?xbf16>, %c: tensor<?xbf16>) -> tensor<?xbf16> {
  // CHECK: nabla.batch_norm_train {{.*}} -> (tensor<?x?xbf16>, tensor<?xbf16>, tensor<?xbf16>, tensor<?xbf16>, tensor<?xbf16>)
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %c, %c unbiased_running_var : (tensor<?x?xbf16>, tensor<?xbf16>, tensor<?xbf16>, tensor<?xbf16>, tensor<?xbf16>) -> (tensor<?x?xbf16>, tensor<?xbf16>, tensor<?xbf16>, tensor<?xbf16>, tensor<?xbf16>)
  return %rm : tensor<?xbf16>
}

// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<?x16x32xf32>, %g: tensor<32xf32>, %b: tensor<32xf32>) -> tensor<?x16x32xf32> {
  // CHECK: nabla.layer_norm %{{.*}}, %{{.*}}, %{{.*}} axis = 2 : (tensor<?x16x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<?x16x32xf32>
  %y = nabla.layer_norm %x, %g, %b axis = 2 : (tensor<?x16x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<?x16x32xf32>
  return %y : tensor<?x16x32xf32>
}

// CHECK-LABEL: func.func @layer_norm_no_bias
func.func @layer_norm_no_bias(%x: tensor<?x16x32xf32>, %g: tensor<16x1xf32>) -> tensor<?x16x32xf32> {
  // CHECK: nabla.layer_norm %{{[^,]*}}, %{{[^,]*}} axis = 1 epsilon = 9.99999997E-7 : (tensor<?x16x32xf32>, tensor<16x1xf32>) -> tensor<?x16x32xf32>
  %y = nabla.layer_norm %x, %g axis = 1 epsilon = 1.0e-6 : (tensor<?x16x32xf32>, tensor<16x1xf32>) -> tensor<?x16x32xf32>
  return %y : tensor<?x16x32xf32>
}

// CHECK-LABEL: func.func @layer_norm_scalar_scale
func.func @layer_norm_scalar_scale(%x: tensor<4x?xf64>, %g: tensor<f64>, %b: tensor<?xf64>) -> tensor<4x?xf64> {
  // CHECK: nabla.layer_norm %{{.*}} axis = 0 : (tensor<4x?xf64>, tensor<f64>, tensor<?xf64>) -> tensor<4x?xf64>
  %y = nabla.layer_norm %x, %g, %b axis = 0 : (tensor<4x?xf64>, tensor<f64>, tensor<?xf64>) -> tensor<4x?xf64>
  return %y : tensor<4x?xf64>
}

// CHECK-LABEL: func.func @dropout_train
func.func @dropout_train(%x: tensor<?x256xf32>) -> (tensor<?x256xf32>, tensor<?x256xi1>) {
  // CHECK: nabla.dropout %{{.*}} mode = train : tensor<?x256xf32> -> (tensor<?x256xf32>, tensor<?x256xi1>)
  %y, %m = nabla.dropout %x mode = train : tensor<?x256xf32> -> (tensor<?x256xf32>, tensor<?x256xi1>)
  return %y, %m : tensor<?x256xf32>, tensor<?x256xi1>
}

// CHECK-LABEL: func.func @dropout_attrs
func.func @dropout_attrs(%x: tensor<2x3xf16>) -> tensor<2x3xi1> {
  // CHECK: nabla.dropout %{{.*}} mode = eval ratio = 1.000000e-01 seed = 42 : tensor<2x3xf16> -> (tensor<2x3xf16>, tensor<2x3xi1>)
  %y, %m = nabla.dropout %x mode = eval ratio = 0.1 seed = 42 : tensor<2x3xf16> -> (tensor<2x3xf16>, tensor<2x3xi1>)
  return %m : tensor<2x3xi1>
}
