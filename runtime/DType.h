//===- DType.h - The one table of NablaDType facts --------------*- C++ -*-===//
//
// Element size, NumPy descr and readable name of every NablaDType, in one
// place so that the C API, the npy reader/writer and the executable's
// messages cannot disagree.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_RUNTIME_DTYPE_H
#define NABLA_RUNTIME_DTYPE_H

#include "runtime/NablaModel.h"

#include <cstddef>
#include <cstring>

namespace nabla {

struct DTypeInfo {
  int32_t dtype;     ///< a NablaDType
  size_t size;       ///< bytes per element
  const char *descr; ///< NumPy descr as NumPy writes it, nullptr if none
  const char *name;  ///< NumPy's name for it, used in messages
};

inline constexpr DTypeInfo kDTypes[] = {
    {NABLA_DTYPE_F32, 4, "<f4", "float32"},
    {NABLA_DTYPE_F64, 8, "<f8", "float64"},
    {NABLA_DTYPE_I64, 8, "<i8", "int64"},
    {NABLA_DTYPE_I32, 4, "<i4", "int32"},
    {NABLA_DTYPE_I8, 1, "|i1", "int8"},
    {NABLA_DTYPE_U8, 1, "|u1", "uint8"},
    {NABLA_DTYPE_BOOL, 1, "|b1", "bool"},
    {NABLA_DTYPE_I16, 2, "<i2", "int16"},
    {NABLA_DTYPE_U16, 2, "<u2", "uint16"},
    {NABLA_DTYPE_U32, 4, "<u4", "uint32"},
    {NABLA_DTYPE_U64, 8, "<u8", "uint64"},
    {NABLA_DTYPE_F16, 2, "<f2", "float16"},
    {NABLA_DTYPE_BF16, 2, nullptr, "bfloat16"},
};

/// The entry of `dtype`, nullptr for a value that is no NablaDType.
inline const DTypeInfo *lookupDType(int32_t dtype) {
  for (const DTypeInfo &info : kDTypes)
    if (info.dtype == dtype)
      return &info;
  return nullptr;
}

/// The entry whose NumPy type code (the descr without its byte-order mark,
/// e.g. "f4") is `code`, nullptr if NumPy's code has no NablaDType.
inline const DTypeInfo *lookupNumpyCode(const char *code) {
  for (const DTypeInfo &info : kDTypes)
    if (info.descr && std::strcmp(info.descr + 1, code) == 0)
      return &info;
  return nullptr;
}

/// The name of `dtype` for messages ("float32"); never nullptr.
inline const char *dtypeName(int32_t dtype) {
  const DTypeInfo *info = lookupDType(dtype);
  return info ? info->name : "unknown dtype";
}

} // namespace nabla

#endif // NABLA_RUNTIME_DTYPE_H
