//===- Npy.h - Reading and writing NumPy .npy files -------------*- C++ -*-===//
//
// The executable reads its inputs and writes its outputs as .npy files, the
// format every Python tool can produce and check. Reading accepts what NumPy
// writes (format versions 1.0, 2.0 and 3.0, either byte order, C or Fortran
// order) and hands back one layout only: dense, C order, host byte order,
// 64-byte aligned, ready to pass to generated code. Every failure is a
// message naming the file and what is wrong, never an abort.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_RUNTIME_NPY_H
#define NABLA_RUNTIME_NPY_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace nabla {

/// A dense C-order array in host byte order. Its data is 64-byte aligned
/// (generated code may use aligned vector loads) and never null, even when
/// it holds no elements.
class NpyArray {
public:
  /// Sets dtype and shape and allocates uninitialized data for them. Fails
  /// (returns false) for an unknown dtype, a negative dimension, a size that
  /// overflows, or when memory is exhausted.
  bool allocate(int32_t dtype, std::vector<int64_t> shape);

  int32_t dtype() const { return dtypeValue; }
  const std::vector<int64_t> &shape() const { return shapeValue; }
  size_t numBytes() const { return bytes; }
  void *data() { return storage.get(); }
  const void *data() const { return storage.get(); }

private:
  struct Free {
    void operator()(void *pointer) const { std::free(pointer); }
  };
  int32_t dtypeValue = 0;
  std::vector<int64_t> shapeValue;
  size_t bytes = 0;
  std::unique_ptr<void, Free> storage;
};

/// Parses the .npy file contents `bytes[0..size)` into `array`. `name` (the
/// file name) starts every error message.
bool parseNpy(const void *bytes, size_t size, const std::string &name,
              NpyArray &array, std::string &error);

/// Reads the .npy file at `path` into `array`.
bool readNpy(const std::string &path, NpyArray &array, std::string &error);

/// Files written together, all or nothing: each is written and flushed to
/// a temporary file beside its path, and commit() renames them all into
/// place. Whatever was not committed is removed when the set is destroyed,
/// so a failure at any file leaves none of them behind.
class StagedFiles {
public:
  StagedFiles() = default;
  StagedFiles(const StagedFiles &) = delete;
  StagedFiles &operator=(const StagedFiles &) = delete;
  ~StagedFiles();

  /// Writes head + body to a fresh temporary beside `path` and syncs it.
  bool stage(const std::string &path, const std::string &head,
             const void *body, size_t bodySize, std::string &error);
  /// Renames every staged file to its path, in order; on a failure the
  /// files not yet renamed are removed.
  bool commit(std::string &error);

private:
  struct Entry {
    std::string temp, path;
  };
  std::vector<Entry> entries;
};

/// Stages a dense C-order array in host byte order as a version 1.0 .npy
/// file at `path` (header padded to a multiple of 64 bytes and ended by
/// '\n', as NumPy does) in `files`.
bool stageNpy(StagedFiles &files, const std::string &path, int32_t dtype,
              const int64_t *shape, size_t rank, const void *data,
              std::string &error);

/// Writes one .npy file as stageNpy describes. It appears complete or not at
/// all.
bool writeNpy(const std::string &path, int32_t dtype, const int64_t *shape,
              size_t rank, const void *data, std::string &error);

/// "[2, 3]" ("[]" for a scalar), the spelling used in every message.
std::string formatShape(const int64_t *shape, size_t rank);

} // namespace nabla

#endif // NABLA_RUNTIME_NPY_H
