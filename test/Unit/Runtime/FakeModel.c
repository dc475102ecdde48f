/*===- FakeModel.c - Hand-written stand-ins for compiled models -*- C -*-===*
 *
 * Two NablaModelSpecs shaped like what nablac emits, so that the runtime
 * and the executable main are tested without the compiler:
 *
 *   inputs   a: float32 [2, 3], b: float32 [2, 3], k: int64 []
 *   outputs  "sum/0" = a + b (+ weights), computed in the arena
 *            "sum:0" = a * b       (same file name as "sum/0" once sanitized)
 *            "k x2"  = 2 * k
 *            "a>b"   = a > b       (bool)
 *
 * nabla_fake_weights_model adds six float32 weights, read from the external
 * file "nabla_fake_model.weights", to "sum/0". A misaligned arena or a
 * weights pointer that should be NULL but is not makes every float output
 * NaN, so tests notice. Defining NABLA_FAKE_MAIN_MODEL to one of the specs
 * also defines nabla_main_model, as an executable's object does.
 *
 *===----------------------------------------------------------------------===*/

#include "runtime/NablaModel.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

static const int64_t kMatrix[] = {2, 3};

static const NablaTensorSpec kInputs[] = {
    {"a", NABLA_DTYPE_F32, 2, kMatrix, 24},
    {"b", NABLA_DTYPE_F32, 2, kMatrix, 24},
    {"k", NABLA_DTYPE_I64, 0, NULL, 8},
};

static const NablaTensorSpec kOutputs[] = {
    {"sum/0", NABLA_DTYPE_F32, 2, kMatrix, 24},
    {"sum:0", NABLA_DTYPE_F32, 2, kMatrix, 24},
    {"k x2", NABLA_DTYPE_I64, 0, NULL, 8},
    {"a>b", NABLA_DTYPE_BOOL, 2, kMatrix, 6},
};

/* buffers: a, b, k, sum/0, sum:0, k x2, a>b, arena, weights. */
static void compute(void *const *buffers, int expectWeights) {
  const float *a = (const float *)buffers[0];
  const float *b = (const float *)buffers[1];
  const int64_t *k = (const int64_t *)buffers[2];
  float *sum = (float *)buffers[3], *product = (float *)buffers[4];
  int64_t *twice = (int64_t *)buffers[5];
  uint8_t *greater = (uint8_t *)buffers[6];
  float *arena = (float *)buffers[7];
  const float *weights = (const float *)buffers[8];
  int bad = arena == NULL || (uintptr_t)arena % 64 != 0 ||
            (expectWeights ? weights == NULL : weights != NULL);
  for (int i = 0; i < 6; ++i) {
    if (bad) {
      sum[i] = product[i] = NAN;
      continue;
    }
    arena[i] = a[i] + b[i] + (weights ? weights[i] : 0.0f);
    product[i] = a[i] * b[i];
    greater[i] = a[i] > b[i];
  }
  for (int i = 0; i < 6 && !bad; ++i)
    sum[i] = arena[i];
  *twice = 2 * *k;
}

static void plainEntry(void *const *buffers) { compute(buffers, 0); }
static void weightsEntry(void *const *buffers) { compute(buffers, 1); }

const NablaModelSpec nabla_fake_model = {
    NABLA_ABI_VERSION, 3,  4, 0,    "fake",    kInputs,
    kOutputs,          24, 0, NULL, plainEntry};

const NablaModelSpec nabla_fake_weights_model = {
    NABLA_ABI_VERSION, 3,        4,  0,  "fake_weights",
    kInputs,           kOutputs, 24, 24, "nabla_fake_model.weights",
    weightsEntry};

#ifdef NABLA_FAKE_MAIN_MODEL
const NablaModelSpec *const nabla_main_model = &NABLA_FAKE_MAIN_MODEL;
#endif
