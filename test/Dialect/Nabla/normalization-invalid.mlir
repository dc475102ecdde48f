// RUN: nabla-opt %s -split-input-file -verify-diagnostics

func.func @batch_norm_rank(%x: tensor<3xf32>, %c: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{x must be a tensor of rank at least 2 ([N, C, ...]), got 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.batch_norm %x, %c, %c, %c, %c : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @batch_norm_channel_rank(%x: tensor<2x3xf32>, %c: tensor<3xf32>, %v: tensor<1x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{var must have shape [C], got 'tensor<1x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.batch_norm %x, %c, %c, %c, %v : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_channels(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>, %m: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{mean has 4 channels ('tensor<4xf32>') but x has 3 ('tensor<2x3x4xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.batch_norm %x, %c, %c, %m, %c : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @batch_norm_epsilon(%x: tensor<2x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{epsilon must be non-negative, got -1.000000e-03}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.batch_norm %x, %c, %c, %c, %c epsilon = -1.0e-3 : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_element_types(%x: tensor<2x3xf32>, %c: tensor<3xf32>, %h: tensor<3xf16>) -> tensor<2x3xf32> {
  // expected-error @+1 {{all of {x, scale, bias, mean, var} have same element type}}
  %y = nabla.batch_norm %x, %c, %h, %c, %c : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf16>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_result(%x: tensor<?x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'nabla.batch_norm' op inferred type(s) 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.batch_norm %x, %c, %c, %c, %c : (tensor<?x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_train_rank(%x: tensor<f32>, %c: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+2 {{x must be a tensor of rank at least 2 ([N, C, ...]), got 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %c, %c : (tensor<f32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<f32>
}

// -----

// With x's channel count dynamic, the per-channel operands must still agree.
func.func @batch_norm_train_channels(%x: tensor<2x?xf32>, %c: tensor<3xf32>, %d: tensor<?xf32>, %v: tensor<5xf32>) -> tensor<2x?xf32> {
  // expected-error @+2 {{running_var has 5 channels ('tensor<5xf32>') but scale has 3 ('tensor<3xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %d, %d, %v : (tensor<2x?xf32>, tensor<3xf32>, tensor<?xf32>, tensor<?xf32>, tensor<5xf32>) -> (tensor<2x?xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x?xf32>
}

// -----

func.func @batch_norm_train_momentum(%x: tensor<2x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{momentum must lie in [0, 1], got 1.500000e+00}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %c, %c momentum = 1.5 : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_train_epsilon(%x: tensor<2x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{epsilon must be non-negative, got -2.000000e+00}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %c, %c epsilon = -2.0 : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3xf32>
}

// -----

func.func @batch_norm_train_unbiased(%x: tensor<1x3x1x1xf32>, %c: tensor<3xf32>) -> tensor<1x3x1x1xf32> {
  // expected-error @+2 {{unbiased_running_var needs more than one value per channel, x ('tensor<1x3x1x1xf32>') has 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %c, %c unbiased_running_var : (tensor<1x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<1x3x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<1x3x1x1xf32>
}

// -----

// The statistics are [C] with C known from x, even if the operands do not say.
func.func @batch_norm_train_result(%x: tensor<4x3xf32>, %c: tensor<?xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'nabla.batch_norm_train' op inferred type(s) 'tensor<4x3xf32>', 'tensor<3xf32>', 'tensor<3xf32>', 'tensor<3xf32>', 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<4x3xf32>', 'tensor<?xf32>', 'tensor<?xf32>', 'tensor<?xf32>', 'tensor<?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %rm, %rv, %sm, %si = nabla.batch_norm_train %x, %c, %c, %c, %c : (tensor<4x3xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) -> (tensor<4x3xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>)
  return %y : tensor<4x3xf32>
}

// -----

func.func @layer_norm_axis(%x: tensor<2x3xf32>, %g: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{axis entry 2 is out of range for rank 2 (expected [0, 2))}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.layer_norm %x, %g axis = 2 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @layer_norm_scale(%x: tensor<2x3x4xf32>, %g: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{scale ('tensor<3x4xf32>') does not broadcast to x.shape[2:] of x ('tensor<2x3x4xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.layer_norm %x, %g axis = 2 : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @layer_norm_bias(%x: tensor<?x4xf32>, %g: tensor<4xf32>, %b: tensor<5xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{bias ('tensor<5xf32>') does not broadcast to x.shape[1:] of x ('tensor<?x4xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.layer_norm %x, %g, %b axis = 1 : (tensor<?x4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

func.func @layer_norm_bias_type(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<2x4xf32> {
  // expected-error @+2 {{bias element type 'f16' differs from x's 'f32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.layer_norm %x, %g, %b axis = 1 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @layer_norm_epsilon(%x: tensor<2x4xf32>, %g: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{epsilon must be non-negative, got -1.000000e+00}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.layer_norm %x, %g axis = 1 epsilon = -1.0 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @layer_norm_result(%x: tensor<?x4xf32>, %g: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'nabla.layer_norm' op inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nabla.layer_norm %x, %g axis = 1 : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @dropout_ratio_one(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{ratio must lie in [0, 1), got 1.000000e+00}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %m = nabla.dropout %x mode = train ratio = 1.0 : tensor<4xf32> -> (tensor<4xf32>, tensor<4xi1>)
  return %y : tensor<4xf32>
}

// -----

func.func @dropout_ratio_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{ratio must lie in [0, 1), got -5.000000e-01}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %m = nabla.dropout %x mode = train ratio = -0.5 : tensor<4xf32> -> (tensor<4xf32>, tensor<4xi1>)
  return %y : tensor<4xf32>
}

// -----

func.func @dropout_result(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'nabla.dropout' op inferred type(s) 'tensor<?x4xf32>', 'tensor<?x4xi1>' are incompatible with return type(s) of operation 'tensor<?x4xf32>', 'tensor<4x4xi1>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %m = nabla.dropout %x mode = train : tensor<?x4xf32> -> (tensor<?x4xf32>, tensor<4x4xi1>)
  return %y : tensor<?x4xf32>
}
