//===- Linker.cpp - Link objects with the Nabla runtime -------------------===//
//
// A C++ compiler driver knows the platform's crt files, libstdc++ and libm;
// invoking one is more robust than assembling an ld command line ourselves.
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/Linker.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace mlir;
using namespace mlir::nabla;

static std::string findDriver(const LinkOptions &options, std::string &error) {
  if (!options.driver.empty())
    return options.driver;
  if (const char *env = std::getenv("NABLA_CXX"); env && *env)
    return env;
  for (const char *name : {"clang++-22", "clang++", "g++", "c++"})
    if (auto path = llvm::sys::findProgramByName(name))
      return *path;
  error = "no C++ compiler driver found to link with (looked for "
          "clang++-22, clang++, g++, c++; set NABLA_CXX)";
  return "";
}

LogicalResult mlir::nabla::linkModel(StringRef object, StringRef output,
                                     ArtifactKind kind,
                                     const LinkOptions &options,
                                     std::string &error) {
  std::string driver = findDriver(options, error);
  if (driver.empty())
    return failure();
  SmallString<256> runtime(options.runtimeDir);
  llvm::sys::path::append(runtime, "libnabla_runtime.a");
  SmallString<256> runtimeMain(options.runtimeDir);
  llvm::sys::path::append(runtimeMain, "libnabla_runtime_main.a");
  for (StringRef library : {StringRef(runtime), StringRef(runtimeMain)})
    if (!llvm::sys::fs::exists(library)) {
      error = ("the Nabla runtime library " + library +
               " is missing (set NABLA_RUNTIME_DIR to the directory that "
               "holds libnabla_runtime.a)")
                  .str();
      return failure();
    }

  std::vector<std::string> args = {driver};
  if (kind == ArtifactKind::SharedLibrary)
    args.insert(args.end(), {"-shared", "-Wl,--exclude-libs,ALL"});
  args.push_back(object.str());
  if (kind == ArtifactKind::Executable)
    args.push_back(runtimeMain.str().str());
  args.insert(args.end(), {runtime.str().str(), "-lm", "-ldl", "-o",
                           output.str()});

  SmallString<128> log;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("nablac-link", "log", log)) {
    error = "cannot create a temporary file: " + ec.message();
    return failure();
  }
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log),
                                          StringRef(log)};
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string execError;
  int status = llvm::sys::ExecuteAndWait(driver, argRefs, std::nullopt,
                                         redirects, 0, 0, &execError);
  if (status != 0) {
    error = "linking failed: " + llvm::join(argRefs, " ");
    if (!execError.empty())
      error += "\n" + execError;
    if (auto text = llvm::MemoryBuffer::getFile(log))
      error += "\n" + (*text)->getBuffer().str();
  }
  llvm::sys::fs::remove(log);
  return success(status == 0);
}
