//===- ShapePins.h - The inputs that shape pins name ------------*- C++ -*-===//
//
// A shape pin (`nablac --shape KEY=D0xD1...`, `-nabla-refine-shapes
// arg-shapes=KEY=...`) names a model input by its name or by its index. The
// ONNX importer (on the ONNX graph, before any MLIR exists) and the
// refine-shapes pass resolve pins with this one rule, which also refuses two
// pins of one input: the last one used to win silently.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_TRANSFORMS_SHAPEPINS_H
#define NABLA_TRANSFORMS_SHAPEPINS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir::nabla {

/// Why the keys of shape pins do not resolve.
struct ShapePinError {
  /// The position of the first pin at fault.
  unsigned pin;
  /// The position of an earlier pin of the same input, when that is the
  /// fault; std::nullopt when the key names no input.
  std::optional<unsigned> earlier;
};

/// Resolves each of `keys` to the input it names among `inputNames` (empty
/// for an unnamed input): the input of that name, else the input at that
/// index. On success `inputs` holds one input index per key; otherwise the
/// first key that names no input, or names an input an earlier key already
/// named, is returned.
std::optional<ShapePinError>
resolveShapePins(ArrayRef<std::string> keys, ArrayRef<std::string> inputNames,
                 SmallVectorImpl<unsigned> &inputs);

} // namespace mlir::nabla

#endif // NABLA_TRANSFORMS_SHAPEPINS_H
