//===- CHeader.h - The C header of a compiled model -------------*- C++ -*-===//

#ifndef NABLA_COMPILER_TARGET_CHEADER_H
#define NABLA_COMPILER_TARGET_CHEADER_H

#include "compiler/Target/ModelSignature.h"

#include <string>

namespace mlir::nabla {

struct CHeaderOptions {
  std::string prefix;       ///< C identifier prefix of every symbol.
  std::string source;       ///< The model file, for the banner.
  int64_t arenaBytes = 0;   ///< Scratch memory each instance allocates.
  std::string weightsFile;  ///< External weights file name, or empty.
  int64_t weightsBytes = 0;
};

/// The text of `<prefix>.h`: the model's signature as constants and the
/// documented create/run/destroy API of a library or object built with
/// `nablac --emit=lib|obj`.
std::string generateCHeader(const ModelSignature &signature,
                            const CHeaderOptions &options);

} // namespace mlir::nabla

#endif // NABLA_COMPILER_TARGET_CHEADER_H
