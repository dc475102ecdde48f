//===- ModelEmitter.h - From the LLVM dialect to an object file -*- C++ -*-===//
//
// The last stage of nablac: translate the lowered module to LLVM IR, add the
// model's ABI (the NablaModelSpec the runtime reads, the uniform entry
// point and, for libraries, the exported C API), optimize for the target
// CPU and write an object or assembly file.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_COMPILER_TARGET_MODELEMITTER_H
#define NABLA_COMPILER_TARGET_MODELEMITTER_H

#include "compiler/Target/ModelSignature.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace mlir::nabla {

enum class ArtifactKind { Executable, SharedLibrary, Object };

struct ModelABIOptions {
  /// C identifier prefixing every exported symbol (`<prefix>_run`, ...).
  std::string prefix;
  ArtifactKind kind = ArtifactKind::Executable;
  /// File name of the external weights, empty when they are embedded.
  std::string weightsFile;
  /// The weights blob (getWeightsBlob) when it is embedded in the binary
  /// (no weightsFile): one byte array in read-only data, made straight
  /// from the bytes, which costs no per-element translation or
  /// optimization of the constants.
  StringRef embeddedWeights;
};

struct TargetOptions {
  /// LLVM CPU name; empty means the host CPU.
  std::string cpu;
  /// Comma-separated LLVM features (+avx2,-avx512f); empty means the host's
  /// features when `cpu` is empty and the CPU's own otherwise.
  std::string features;
  unsigned optLevel = 2;
};

/// Creates the x86-64 target machine for `options`; on failure `error`
/// says why (unknown CPU name, unknown target).
std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const TargetOptions &options, std::string &error);

/// Translates the lowered `module` (whose entry is the llvm.func `entry`)
/// into LLVM IR and adds the model ABI described by `signature`.
FailureOr<std::unique_ptr<llvm::Module>>
translateModel(ModuleOp module, llvm::StringRef entry,
               const ModelSignature &signature,
               const ModelABIOptions &options, llvm::LLVMContext &context);

/// Runs LLVM's optimization pipeline for `optLevel` (0-3) with the target's
/// cost model, so loops vectorize for its vector width.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    unsigned optLevel);

/// Writes `module` as an object file or, with `assembly`, as assembly text.
LogicalResult emitCode(llvm::Module &module, llvm::TargetMachine &machine,
                       llvm::raw_pwrite_stream &os, bool assembly);

/// The bytes of the weights blob that -nabla-externalize-weights described
/// in `module`'s attributes (empty if there is none).
FailureOr<std::string> getWeightsBlob(ModuleOp module);

} // namespace mlir::nabla

#endif // NABLA_COMPILER_TARGET_MODELEMITTER_H
