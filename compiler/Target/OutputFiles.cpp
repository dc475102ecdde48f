//===- OutputFiles.cpp - Files one compilation produces together ----------===//

#include "compiler/Target/OutputFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::nabla;

static std::string cannotWrite(StringRef path, const Twine &why) {
  return ("cannot write '" + path + "': " + why).str();
}

LogicalResult mlir::nabla::checkWritable(StringRef path, std::string &error) {
  SmallString<256> directory(llvm::sys::path::parent_path(path));
  if (directory.empty())
    directory = ".";
  if (!llvm::sys::fs::is_directory(directory)) {
    error = cannotWrite(path, "directory '" + directory + "' does not exist");
    return failure();
  }
  if (llvm::sys::fs::access(directory, llvm::sys::fs::AccessMode::Write)) {
    error = cannotWrite(path, "directory '" + directory + "' is not writable");
    return failure();
  }
  if (llvm::sys::fs::is_directory(path)) {
    error = cannotWrite(path, "it is a directory");
    return failure();
  }
  return success();
}

OutputFiles::~OutputFiles() { removeAll(); }

void OutputFiles::track(StringRef temp, StringRef path) {
  entries.push_back({temp.str(), path.str()});
  // A Ctrl-C or a crash must not leave temporaries behind either.
  std::string ignored;
  llvm::sys::RemoveFileOnSignal(temp, &ignored);
}

void OutputFiles::removeAll() {
  for (const Entry &entry : entries) {
    llvm::sys::fs::remove(entry.temp);
    llvm::sys::DontRemoveFileOnSignal(entry.temp);
  }
  entries.clear();
}

LogicalResult OutputFiles::reserve(StringRef path, SmallVectorImpl<char> &temp,
                                   std::string &error) {
  // Beside the final path, so that the rename stays on one file system.
  SmallString<256> model(llvm::sys::path::parent_path(path));
  llvm::sys::path::append(model, "." + llvm::sys::path::filename(path) +
                                     ".tmp-%%%%%%%%");
  int fd;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, temp)) {
    error = cannotWrite(path, ec.message());
    return failure();
  }
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  track(StringRef(temp.data(), temp.size()), path);
  return success();
}

/// Writes `contents` to the open descriptor `fd`, which it closes. An I/O
/// error (a full disk, a file-size limit) becomes a message, never LLVM's
/// fatal error for an unchecked stream.
static LogicalResult writeAndClose(int fd, StringRef path, StringRef contents,
                                   std::string &error) {
  llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
  os << contents;
  os.close();
  if (!os.has_error())
    return success();
  error = cannotWrite(path, os.error().message());
  os.clear_error();
  return failure();
}

LogicalResult OutputFiles::write(StringRef path, StringRef contents,
                                 std::string &error) {
  SmallString<256> temp;
  if (failed(reserve(path, temp, error)))
    return failure();
  int fd;
  if (std::error_code ec = llvm::sys::fs::openFileForWrite(temp, fd)) {
    error = cannotWrite(path, ec.message());
    return failure();
  }
  return writeAndClose(fd, path, contents, error);
}

LogicalResult OutputFiles::scratch(StringRef prefix, StringRef suffix,
                                   StringRef contents,
                                   SmallVectorImpl<char> &temp,
                                   std::string &error) {
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile(prefix, suffix, fd, temp)) {
    error = "cannot create a temporary file: " + ec.message();
    return failure();
  }
  StringRef name(temp.data(), temp.size());
  track(name, /*path=*/"");
  return writeAndClose(fd, name, contents, error);
}

LogicalResult OutputFiles::commit(std::string &error) {
  for (const Entry &entry : entries) {
    if (entry.path.empty())
      continue;
    if (std::error_code ec = llvm::sys::fs::rename(entry.temp, entry.path)) {
      error = cannotWrite(entry.path, ec.message());
      removeAll();
      return failure();
    }
    llvm::sys::DontRemoveFileOnSignal(entry.temp);
  }
  // What is left are scratch files and the names of renamed temporaries,
  // which no longer exist.
  removeAll();
  return success();
}
