//===- ShapePins.cpp - The inputs that shape pins name --------------------===//

#include "dialects/Nabla/Transforms/ShapePins.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

using namespace mlir;
using namespace mlir::nabla;

std::optional<ShapePinError>
mlir::nabla::resolveShapePins(ArrayRef<std::string> keys,
                              ArrayRef<std::string> inputNames,
                              SmallVectorImpl<unsigned> &inputs) {
  inputs.clear();
  for (auto [pin, key] : llvm::enumerate(keys)) {
    unsigned input = inputNames.size();
    for (auto [index, name] : llvm::enumerate(inputNames))
      if (!name.empty() && name == key) {
        input = index;
        break;
      }
    if (input == inputNames.size() &&
        llvm::StringRef(key).getAsInteger(10, input))
      input = inputNames.size();
    if (input >= inputNames.size())
      return ShapePinError{static_cast<unsigned>(pin), std::nullopt};
    for (auto [earlier, other] : llvm::enumerate(inputs))
      if (other == input)
        return ShapePinError{static_cast<unsigned>(pin),
                             static_cast<unsigned>(earlier)};
    inputs.push_back(input);
  }
  return std::nullopt;
}
