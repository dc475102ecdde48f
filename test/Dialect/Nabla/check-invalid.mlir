// RUN: nabla-opt %s -split-input-file -verify-diagnostics

func.func @check_no_sizes(%i: tensor<3xi64>) {
  // expected-error @+2 {{sizes must have at least one entry}}
  // expected-error @+1 {{failed to infer returned types}}
  nabla.check_index %i sizes = [] : tensor<3xi64>
  return
}

// -----

func.func @check_negative_size(%i: tensor<3xi64>) {
  // expected-error @+2 {{sizes must be >= 0, got [4, -1]}}
  // expected-error @+1 {{failed to infer returned types}}
  nabla.check_index %i sizes = [4, -1] : tensor<3xi64>
  return
}

// -----

func.func @check_negative_axis(%i: tensor<3xi64>) {
  // expected-error @+2 {{axis must be >= 0, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  nabla.check_index %i sizes = [4] axis = -1 : tensor<3xi64>
  return
}

// -----

func.func @check_tuple_width(%i: tensor<3x2xi64>) {
  // expected-error @+2 {{sizes has 3 entries, so the last dimension of the indices must be 3, got 'tensor<3x2xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  nabla.check_index %i sizes = [4, 5, 6] : tensor<3x2xi64>
  return
}

// -----

func.func @check_tuple_dynamic_width(%i: tensor<3x?xi64>) {
  // expected-error @+2 {{sizes has 2 entries, so the last dimension of the indices must be 2, got 'tensor<3x?xi64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  nabla.check_index %i sizes = [4, 5] : tensor<3x?xi64>
  return
}

// -----

func.func @check_tuple_scalar(%i: tensor<i64>) {
  // expected-error @+2 {{sizes has 2 entries, so the last dimension of the indices must be 2, got 'tensor<i64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  nabla.check_index %i sizes = [4, 5] : tensor<i64>
  return
}

// -----

func.func @check_float_indices(%i: tensor<3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  nabla.check_index %i sizes = [4] : tensor<3xf32>
  return
}
