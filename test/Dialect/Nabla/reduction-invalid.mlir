// RUN: nabla-opt %s -split-input-file -verify-diagnostics

func.func @reduce_empty_axes(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+2 {{axes must not be empty}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_sum %x axes = [] : tensor<4x5xf32> -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}

// -----

func.func @reduce_axis_range(%x: tensor<4x5xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{axes entry 2 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_mean %x axes = [2] : tensor<4x5xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @reduce_negative_axis(%x: tensor<4x5xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{axes entry -1 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_max %x axes = [-1] : tensor<4x5xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @reduce_repeated_axis(%x: tensor<4x5xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{axes repeats axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_l2 %x axes = [1, 1] : tensor<4x5xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @reduce_sum_result(%x: tensor<?x5xf32>) -> tensor<?x5xf32> {
  // expected-error @+2 {{'nabla.reduce_sum' op inferred type(s) 'tensor<?x1xf32>' are incompatible with return type(s) of operation 'tensor<?x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_sum %x axes = [1] keep_dims : tensor<?x5xf32> -> tensor<?x5xf32>
  return %y : tensor<?x5xf32>
}

// -----

func.func @reduce_mean_result(%x: tensor<?x5xf32>) -> tensor<5xf32> {
  // expected-error @+2 {{'nabla.reduce_mean' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_mean %x axes = [1] : tensor<?x5xf32> -> tensor<5xf32>
  return %y : tensor<5xf32>
}

// -----

func.func @reduce_max_result(%x: tensor<4x5xi32>) -> tensor<4xf32> {
  // expected-error @+2 {{'nabla.reduce_max' op inferred type(s) 'tensor<4xi32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = "nabla.reduce_max"(%x) <{axes = array<i64: 1>}> : (tensor<4x5xi32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @reduce_min_result(%x: tensor<4x5xf32>) -> tensor<4x1xf32> {
  // expected-error @+2 {{'nabla.reduce_min' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<4x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_min %x axes = [1] : tensor<4x5xf32> -> tensor<4x1xf32>
  return %y : tensor<4x1xf32>
}

// -----

func.func @reduce_prod_result(%x: tensor<4x5xf32>) -> tensor<5xf32> {
  // expected-error @+2 {{'nabla.reduce_prod' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_prod %x axes = [1] : tensor<4x5xf32> -> tensor<5xf32>
  return %y : tensor<5xf32>
}

// -----

func.func @reduce_l2_result(%x: tensor<4x5xf32>) -> tensor<f32> {
  // expected-error @+2 {{'nabla.reduce_l2' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_l2 %x axes = [1] : tensor<4x5xf32> -> tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @reduce_log_sum_exp_result(%x: tensor<4x5xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{'nabla.reduce_log_sum_exp' op inferred type(s) 'tensor<4x1xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.reduce_log_sum_exp %x axes = [1] keep_dims : tensor<4x5xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @reduce_mean_int(%x: tensor<4x5xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values}}
  %y = nabla.reduce_mean %x axes = [1] : tensor<4x5xi32> -> tensor<4xi32>
  return %y : tensor<4xi32>
}

// -----

func.func @argmax_axis(%x: tensor<4x5xf32>) -> tensor<4xi64> {
  // expected-error @+2 {{axis entry 2 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.argmax %x axis = 2 : tensor<4x5xf32> -> tensor<4xi64>
  return %y : tensor<4xi64>
}

// -----

func.func @argmax_result(%x: tensor<?x5xf32>) -> tensor<?x1xi64> {
  // expected-error @+2 {{'nabla.argmax' op inferred type(s) 'tensor<?xi64>' are incompatible with return type(s) of operation 'tensor<?x1xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.argmax %x axis = 1 : tensor<?x5xf32> -> tensor<?x1xi64>
  return %y : tensor<?x1xi64>
}

// -----

func.func @argmin_result(%x: tensor<?x5xf32>) -> tensor<?xi32> {
  // expected-error @+1 {{result #0 must be ranked tensor of 64-bit signless integer values}}
  %y = nabla.argmin %x axis = 1 : tensor<?x5xf32> -> tensor<?xi32>
  return %y : tensor<?xi32>
}

// -----

func.func @argmin_shape_result(%x: tensor<?x5xf32>) -> tensor<5xi64> {
  // expected-error @+2 {{'nabla.argmin' op inferred type(s) 'tensor<?xi64>' are incompatible with return type(s) of operation 'tensor<5xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.argmin %x axis = 1 : tensor<?x5xf32> -> tensor<5xi64>
  return %y : tensor<5xi64>
}

// -----

func.func @softmax_axis(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{axis entry 2 is out of range for rank 2 (expected [0, 2))}}
  %y = nabla.softmax %x axis = 2 : tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}

// -----

func.func @softmax_result(%x: tensor<?x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+2 {{'nabla.softmax' op inferred type(s) 'tensor<?x5xf32>' are incompatible with return type(s) of operation 'tensor<4x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = "nabla.softmax"(%x) <{axis = 1 : i64}> : (tensor<?x5xf32>) -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}

// -----

func.func @log_softmax_axis(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{axis entry 0 is out of range for rank 0 (expected [0, 0))}}
  %y = nabla.log_softmax %x axis = 0 : tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @log_softmax_result(%x: tensor<?x5xf32>) -> tensor<?x5xf16> {
  // expected-error @+2 {{'nabla.log_softmax' op inferred type(s) 'tensor<?x5xf32>' are incompatible with return type(s) of operation 'tensor<?x5xf16>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = "nabla.log_softmax"(%x) <{axis = 1 : i64}> : (tensor<?x5xf32>) -> tensor<?x5xf16>
  return %y : tensor<?x5xf16>
}

