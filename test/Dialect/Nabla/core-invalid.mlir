// RUN: nabla-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{initial value type 'tensor<3xf32>' does not match parameter type 'tensor<2xf32>'}}
"nabla.parameter"() {sym_name = "p", type = tensor<2xf32>, initial_value = dense<0.0> : tensor<3xf32>} : () -> ()

// -----

// expected-error @+1 {{trainable parameter must have a floating-point element type, got 'i64'}}
nabla.parameter @steps trainable : tensor<1xi64>

// -----

func.func @missing() -> tensor<2xf32> {
  // expected-error @+1 {{'missing' does not name a nabla.parameter}}
  %w = nabla.get_parameter @missing : tensor<2xf32>
  return %w : tensor<2xf32>
}

// -----

nabla.parameter @w : tensor<2xf32>
func.func @wrong_type() -> tensor<3xf32> {
  // expected-error @+1 {{result type 'tensor<3xf32>' does not match the type 'tensor<2xf32>' of parameter @w}}
  %w = nabla.get_parameter @w : tensor<3xf32>
  return %w : tensor<3xf32>
}

// -----

func.func @nested() {
  // expected-error @+1 {{expects parent op 'builtin.module'}}
  nabla.parameter @inner : tensor<2xf32>
  return
}

// -----

func.func @constant_not_elements() -> tensor<f32> {
  // expected-error @+1 {{attribute 'value' failed to satisfy constraint: constant vector/tensor attribute}}
  %c = "nabla.constant"() {value = 1.0 : f32} : () -> tensor<f32>
  return %c : tensor<f32>
}

// -----

func.func @constant_vector() -> vector<2xf32> {
  // The parser infers the result type, so this is its only error.
  // expected-error @+1 {{'nabla.constant' op value must be a ranked tensor, got 'vector<2xf32>'}}
  %c = nabla.constant dense<1.0> : vector<2xf32>
  return %c : vector<2xf32>
}

// -----

func.func @constant_wrong_result() -> tensor<3xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = "nabla.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return %c : tensor<3xf32>
}
