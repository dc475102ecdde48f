/*===- NablaModel.h - ABI between generated code and the runtime -*- C -*-===*
 *
 * Every object nablac emits defines one NablaModelSpec describing the
 * compiled model: its signature, the size of the scratch arena planned at
 * compile time, where its weights live, and the entry point. The runtime
 * (executable main, library API) works only through this struct, so it
 * needs no MLIR, no LLVM and no knowledge of any particular model.
 *
 * Generated code calls back into the runtime only through the nabla_rt_*
 * functions declared at the end, to report errors it finds in the data.
 *
 * Plain C so that it is stable across compilers; bump NABLA_ABI_VERSION on
 * any change to these structs, the status codes or the nabla_rt_* functions.
 *
 *===----------------------------------------------------------------------===*/

#ifndef NABLA_RUNTIME_NABLAMODEL_H
#define NABLA_RUNTIME_NABLAMODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 2: status NABLA_ERROR_INDEX_OUT_OF_RANGE and nabla_rt_index_error. */
#define NABLA_ABI_VERSION 2

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
  NABLA_ERROR_WEIGHTS = 4, /* external weights missing or of the wrong size */
  NABLA_ERROR_INDEX_OUT_OF_RANGE = 5 /* a run met an index out of range */
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
 * weights are embedded). Inputs are only read; outputs are fully written.
 * Errors found in the data are reported through nabla_rt_* calls; the
 * computation still runs to its end, reading no memory outside its
 * buffers, and its outputs are then meaningless. */
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

/* Called by generated code when an index is out of range: `site` names the
 * op (and its node or source position), `index` is the first invalid entry
 * of the indices in row-major order, `position` its position there, and
 * `valid` describes the indexed axis and its valid range. The runtime
 * records the error in the run executing on the calling thread (the first
 * error of a run wins) and nabla_model_run returns
 * NABLA_ERROR_INDEX_OUT_OF_RANGE with the message
 *   "<site>: index <index> (position <position> of the indices) is out of
 *    range for <valid>".
 * Outside nabla_model_run the call does nothing. */
void nabla_rt_index_error(const char *site, int64_t index, int64_t position,
                          const char *valid);

#ifdef __cplusplus
}
#endif

#endif /* NABLA_RUNTIME_NABLAMODEL_H */
