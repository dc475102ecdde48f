// RUN: nabla-opt %s -split-input-file -verify-diagnostics -nabla-refine-shapes="arg-shapes=input=4x5"

// A pin may only fix dynamic dimensions.
// expected-error @+1 {{shape pin 'input=4x5' is incompatible with argument 0 of type 'tensor<?x3xf32>'}}
func.func @static_mismatch(%x: tensor<?x3xf32> {nabla.name = "input"}) -> tensor<?x3xf32> {
  return %x : tensor<?x3xf32>
}

// -----

// expected-error @+1 {{shape pin 'input=4x5' names no argument of @unnamed}}
func.func @unnamed(%x: tensor<?x5xf32>) -> tensor<?x5xf32> {
  return %x : tensor<?x5xf32>
}

// -----

// expected-error @+1 {{nabla-refine-shapes: several public functions; choose one with entry=NAME}}
module {
  func.func @a(%x: tensor<?x5xf32> {nabla.name = "input"}) -> tensor<?x5xf32> {
    return %x : tensor<?x5xf32>
  }
  func.func @b(%x: tensor<?x5xf32> {nabla.name = "input"}) -> tensor<?x5xf32> {
    return %x : tensor<?x5xf32>
  }
}

// -----

func.func @opaque(%x: tensor<?x5xf32> {nabla.name = "input"}) -> tensor<?x5xf32> {
  // expected-error @+1 {{'tensor.cast' op does not infer its result types, so shapes cannot be refined through it}}
  %0 = tensor.cast %x : tensor<?x5xf32> to tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}
