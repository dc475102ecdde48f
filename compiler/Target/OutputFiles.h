//===- OutputFiles.h - Files one compilation produces together --*- C++ -*-===//
//
// One nablac command can produce several files (a library, its header, its
// weights). They appear together or not at all: each is first written under
// a unique temporary name beside its final path, and only when every one is
// complete are they renamed into place. Temporaries are removed on every
// error path and on a fatal signal.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_COMPILER_TARGET_OUTPUTFILES_H
#define NABLA_COMPILER_TARGET_OUTPUTFILES_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace mlir::nabla {

/// Fails, with a message naming `path`, if a file cannot be created there:
/// its directory is missing or not writable, or `path` is a directory.
LogicalResult checkWritable(StringRef path, std::string &error);

class OutputFiles {
public:
  OutputFiles() = default;
  OutputFiles(const OutputFiles &) = delete;
  OutputFiles &operator=(const OutputFiles &) = delete;
  /// Removes every temporary not yet committed.
  ~OutputFiles();

  /// Reserves a fresh temporary file that `commit` will rename to `path`,
  /// and returns its name in `temp` (for tools such as the linker that write
  /// it themselves). Unique per call, so parallel runs never collide.
  LogicalResult reserve(StringRef path, SmallVectorImpl<char> &temp,
                        std::string &error);

  /// Writes `contents` to a temporary that `commit` will rename to `path`.
  LogicalResult write(StringRef path, StringRef contents, std::string &error);

  /// Renames every temporary to its final path. Stops at the first failure
  /// and removes the temporaries left.
  LogicalResult commit(std::string &error);

  /// Writes `contents` to a temporary file outside the outputs (an object
  /// file to link, say), named in `temp` and removed with the others; it is
  /// never committed.
  LogicalResult scratch(StringRef prefix, StringRef suffix, StringRef contents,
                        SmallVectorImpl<char> &temp, std::string &error);

private:
  struct Entry {
    std::string temp;
    std::string path; // empty for scratch files
  };
  void track(StringRef temp, StringRef path);
  void removeAll();

  std::vector<Entry> entries;
};

} // namespace mlir::nabla

#endif // NABLA_COMPILER_TARGET_OUTPUTFILES_H
