/*===- NablaModel.h - ABI between generated code and the runtime -*- C -*-===*
 *
 * Every object nablac emits defines one NablaModelSpec describing the
 * compiled model: its signature, the size of the scratch arena planned at
 * compile time, where its weights live, and the entry point. The runtime
 * (executable main, library API) works only through this struct, so it
 * needs no MLIR, no LLVM and no knowledge of any particular model.
 *
 * Plain C so that it is stable across compilers; bump NABLA_ABI_VERSION on
 * any change to these structs.
 *
 *===----------------------------------------------------------------------===*/

#ifndef NABLA_RUNTIME_NABLAMODEL_H
#define NABLA_RUNTIME_NABLAMODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NABLA_ABI_VERSION 1

/* Element types, with the NumPy dtype each one reads and writes. */
typedef enum NablaDType {
  NABLA_DTYPE_F32 = 1,  /* <f4 */
  NABLA_DTYPE_F64 = 2,  /* <f8 */
  NABLA_DTYPE_I64 = 3,  /* <i8 */
  NABLA_DTYPE_I32 = 4,  /* <i4 */
  NABLA_DTYPE_I8 = 5,   /* |i1 */
  NABLA_DTYPE_U8 = 6,   /* |u1 */
  NABLA_DTYPE_BOOL = 7, /* |b1, one byte per element, 0 or 1 */
  NABLA_DTYPE_I16 = 8,  /* <i2 */
  NABLA_DTYPE_U16 = 9,  /* <u2 */
  NABLA_DTYPE_U32 = 10, /* <u4 */
  NABLA_DTYPE_U64 = 11, /* <u8 */
  NABLA_DTYPE_F16 = 12, /* <f2 */
  NABLA_DTYPE_BF16 = 13 /* no NumPy dtype; raw 2-byte words */
} NablaDType;

/* Status codes of every runtime call. */
typedef enum NablaStatus {
  NABLA_OK = 0,
  NABLA_ERROR_INVALID_ARGUMENT = 1, /* null pointer, bad index, bad ABI */
  NABLA_ERROR_OUT_OF_MEMORY = 2,
  NABLA_ERROR_IO = 3,      /* a file could not be read or written */
  NABLA_ERROR_WEIGHTS = 4  /* external weights missing or of the wrong size */
} NablaStatus;

/* One input or output of the model: static shape, dense row-major. */
typedef struct NablaTensorSpec {
  const char *name;      /* the model's name for it (ONNX name, nabla.name) */
  int32_t dtype;         /* a NablaDType */
  int32_t rank;
  const int64_t *shape;  /* rank entries */
  uint64_t num_bytes;    /* product(shape) * element size */
} NablaTensorSpec;

/* The compiled computation. `buffers` holds, in order: one pointer per
 * input, one per output, the arena (arena_bytes, 64-byte aligned, may be
 * NULL when arena_bytes is 0) and the external weights (NULL when the
 * weights are embedded). Inputs are only read; outputs are fully written. */
typedef void (*NablaEntryFn)(void *const *buffers);

typedef struct NablaModelSpec {
  uint32_t abi_version;  /* NABLA_ABI_VERSION of the compiler */
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t reserved;
  const char *name;      /* the model name nablac was given (C identifier) */
  const NablaTensorSpec *inputs;
  const NablaTensorSpec *outputs;
  uint64_t arena_bytes;  /* scratch memory planned at compile time */
  uint64_t weights_bytes; /* size of the external weights file; 0 if none */
  const char *weights_file; /* file name of external weights, else NULL */
  NablaEntryFn entry;
} NablaModelSpec;

#ifdef __cplusplus
}
#endif

#endif /* NABLA_RUNTIME_NABLAMODEL_H */
