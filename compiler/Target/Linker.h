//===- Linker.h - Link objects with the Nabla runtime -----------*- C++ -*-===//

#ifndef NABLA_COMPILER_TARGET_LINKER_H
#define NABLA_COMPILER_TARGET_LINKER_H

#include "compiler/Target/ModelEmitter.h"

#include <string>

namespace mlir::nabla {

struct LinkOptions {
  /// Directory holding libnabla_runtime.a and libnabla_runtime_main.a.
  std::string runtimeDir;
  /// The C++ compiler driver used as linker; empty finds one ($NABLA_CXX,
  /// clang++-22, clang++, g++, c++).
  std::string driver;
};

/// Links `object` with the runtime into an executable or a shared library
/// at `output`. On failure `error` holds the command and its diagnostics.
LogicalResult linkModel(llvm::StringRef object, llvm::StringRef output,
                        ArtifactKind kind, const LinkOptions &options,
                        std::string &error);

} // namespace mlir::nabla

#endif // NABLA_COMPILER_TARGET_LINKER_H
