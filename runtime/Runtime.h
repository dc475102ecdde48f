/*===- Runtime.h - The runtime's C API over a NablaModelSpec -----*- C -*-===*
 *
 * What generated libraries forward their NAME_create/NAME_run/... functions
 * to, and what the executable main uses. A NablaModel is one instance of a
 * compiled model: its arena, its mapped weights, its library-owned output
 * buffers and its last error message.
 *
 * Thread safety: calls on distinct NablaModel instances may run
 * concurrently; calls on one instance must not overlap (they share its
 * arena and outputs).
 *
 *===----------------------------------------------------------------------===*/

#ifndef NABLA_RUNTIME_RUNTIME_H
#define NABLA_RUNTIME_RUNTIME_H

#include "runtime/NablaModel.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct NablaModel NablaModel;

/* Creates an instance. For a model with external weights, `weights_path`
 * names the weights file; NULL looks for spec->weights_file next to the
 * binary that holds `spec` (the shared library or the executable). The
 * weights are memory-mapped read-only and shared between instances' pages.
 * A model with embedded weights takes no weights file: a non-NULL
 * `weights_path` is refused with NABLA_ERROR_INVALID_ARGUMENT.
 * On failure *out is NULL and, if `error` is non-NULL, a message naming the
 * problem is written into error[0..error_size). */
int nabla_model_create(const NablaModelSpec *spec, const char *weights_path,
                       NablaModel **out, char *error, size_t error_size);

/* Runs the model. inputs[i] points to spec->inputs[i].num_bytes bytes.
 * `outputs` is either NULL (results go to library-owned buffers read with
 * nabla_model_output) or holds one caller-provided buffer per output.
 * NABLA_ERROR_INDEX_OUT_OF_RANGE: the data held an index out of range (the
 * message names the op, the index and the valid range); the outputs'
 * contents are then unspecified. */
int nabla_model_run(NablaModel *model, const void *const *inputs,
                    void *const *outputs);

/* Sets the number of threads runs of `model` use: `threads` >= 1, or 0 for
 * every CPU the process may run on (the default), and never more than
 * those CPUs. The threads are the
 * caller's and threads-1 workers owned by the instance, started here; they
 * spin briefly after each parallel loop and then sleep. Results are the same
 * bits whatever the count. Several instances running at once each use their
 * own threads: give each 1 (or their share of the CPUs) to avoid running
 * more threads than CPUs. */
int nabla_model_set_threads(NablaModel *model, int32_t threads);

/* The library-owned buffer of output `index`, NULL for a bad index or before
 * the first run with outputs = NULL. The buffers are allocated (64-byte
 * aligned) by that first run and reused by later ones: their contents are
 * those of the last such run until nabla_model_destroy. */
const void *nabla_model_output(const NablaModel *model, uint32_t index);

const NablaModelSpec *nabla_model_spec(const NablaModel *model);

/* The message of the last failed call on `model`, "" if none (a later
 * successful call does not clear it). */
const char *nabla_model_error(const NablaModel *model);

void nabla_model_destroy(NablaModel *model);

/* "ok", "invalid argument", ... */
const char *nabla_status_string(int status);

/* Element size in bytes of a NablaDType, 0 if unknown. */
size_t nabla_dtype_size(int32_t dtype);

/* NumPy descr string ("<f4", "|b1", ...) of a NablaDType, NULL if none. */
const char *nabla_dtype_numpy_descr(int32_t dtype);

#ifdef __cplusplus
}
#endif

#endif /* NABLA_RUNTIME_RUNTIME_H */
