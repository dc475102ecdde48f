//===- Sgemm.cpp - Single precision GEMM with a fused epilogue ------------===//
//
// Design (the research behind it: ../shared/research/performance.md §1.2,
// §4.1, §8.2; what was measured here: docs/Kernels.md):
//
// * Register tile 12 x 32 on AVX-512: 24 zmm accumulators, and per k two
//   loads of B, twelve broadcasts of A, 24 FMAs. A 16 x 16 tile (IREE's) is
//   load-port bound (17 loads per 16 FMAs); 12 x 32 and 6 x 64 both reach
//   85-95 % of the FMA peak. 12 x 32 is chosen because its 32 columns are
//   one packed panel, so the narrowest N of real layers (32 channels)
//   wastes nothing, while the M edges cost a narrower kernel, not padding.
//   AVX2 (16 registers) and SSE4 run 6 x 16 and 6 x 8 tiles over the same
//   32-column panels (2 and 4 passes). The rows of a block are cut into
//   micro-tiles of equal height (13 = 7 + 6): a tile of 1-3 rows has too
//   few accumulators to cover the FMA latency.
// * B is packed into panels of 32 columns, K-major and zero padded
//   ([ceil(N/32)][K][32]): the kernel reads it with unit stride whatever B's
//   transposition, full vectors even on the last panel, and the layout is
//   the same on every target, so weights can be packed at compile time.
// * Blocking, per thread: A block (144 rows, in L2), K block, panel,
//   micro-tile. K is cut into equal blocks of at most 1024 (256 when B is
//   read in place), from K alone, so the summation order never depends on
//   the thread split. Partial sums between K blocks go through C: the first
//   block stores alpha*AB + beta*C, later ones add alpha*AB, the last also
//   applies bias, residual and activation before its single store.
// * Operands, chosen from the shape (measured, docs/Kernels.md):
//   - B unpacked: read in place when one A block covers M (packing would
//     add a pass over B for a single use; only a partial last panel is
//     packed), else packed per call, in parallel, into thread-local scratch.
//   - A (M x K): read in place with broadcasts (no copy) below 8 panels;
//     packed per block from 8 (reused by every panel; row strides that are
//     multiples of 4 KiB alias in L1). A^T: always read in place (k-major,
//     stride lda; packing it was slower on every shape measured).
//   - A B^T with A the smaller operand filling whole panels (M = 32, 64, 128:
//     training's input gradient dY W^T) and K > 2M runs as C^T = B A^T: B
//     is read in place, only A is packed, the epilogue stores C transposed.
// * Epilogue in registers for full tiles and piecewise-linear activations;
//   partial tiles, exp-based activations and transposed stores go through
//   a 1.5 KiB stack tile and one out-of-line epilogue (24 accumulators leave
//   no registers for exp, and 12 inlined copies would bloat the code).
// * M == 1 or N == 1: matrix-vector code without packing (bandwidth bound).
// * Threads: one output item per thread (a row range of whole micro-tiles,
//   or a panel range, each packing its own panels of B) through
//   nabla::parallelFor, only past 64K multiply-adds per thread; never over
//   K, so C is the same bits for any thread count.
//
//===----------------------------------------------------------------------===//

#include "runtime/kernels/Target.h"

// clang-format off
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "runtime/kernels/Sgemm-inl.h"
#include "hwy/foreach_target.h"
// clang-format on

#include "runtime/kernels/Sgemm-inl.h"

#if HWY_ONCE

#include "runtime/NablaModel.h"
#include "runtime/RunErrors.h"
#include "runtime/ThreadPool.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/kernels/SgemmInternal.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace nabla::kernels {
namespace {

using SgemmFn = bool (*)(const GemmProblem &);
const SgemmFn kSgemm[kNumTargets] = NABLA_KERNEL_TABLE(Sgemm);
using PackBFn = void (*)(int64_t, int64_t, bool, const float *, int64_t,
                         float *);
const PackBFn kPackB[kNumTargets] = NABLA_KERNEL_TABLE(PackB);

/// A matrix of `rows` x `cols` with row stride ld is addressable.
bool strideOk(int64_t rows, int64_t cols, int64_t ld) {
  return rows <= 1 || ld >= cols;
}

/// Checks one product's arguments and fills `g`; the epilogue's batch
/// strides are checked by the batched entry point.
int32_t makeProblem(int32_t flags, int64_t M, int64_t N, int64_t K, float alpha,
                    const float *A, int64_t lda, const float *B, int64_t ldb,
                    float *C, int64_t ldc, const NablaEpilogue *epilogue,
                    GemmProblem &g) {
  if (M < 0 || N < 0 || K < 0 ||
      (flags &
       ~(NABLA_SGEMM_TRANS_A | NABLA_SGEMM_TRANS_B | NABLA_SGEMM_PACKED_B)))
    return kInvalid;
  g.M = M;
  g.N = N;
  g.K = K;
  g.alpha = alpha;
  g.transA = flags & NABLA_SGEMM_TRANS_A;
  g.packedB = flags & NABLA_SGEMM_PACKED_B;
  g.transB = !g.packedB && (flags & NABLA_SGEMM_TRANS_B);
  if (epilogue)
    g.epilogue = *epilogue;
  const NablaEpilogue &ep = g.epilogue;
  if (ep.bias_kind < NABLA_BIAS_NONE || ep.bias_kind > NABLA_BIAS_PER_ROW ||
      ep.activation < NABLA_ACTIVATION_NONE ||
      ep.activation > NABLA_ACTIVATION_GELU_TANH)
    return kInvalid;
  if (ep.bias_kind == NABLA_BIAS_NONE)
    g.epilogue.bias = nullptr;
  if (M == 0 || N == 0)
    return kOk;
  if (!C || ldc < 0 || !strideOk(M, N, ldc))
    return kInvalid;
  if (ep.bias_kind != NABLA_BIAS_NONE && !ep.bias)
    return kInvalid;
  if (ep.residual && !strideOk(M, N, ep.ldr))
    return kInvalid;
  g.C = C;
  g.ldc = ldc;
  if (K == 0) {
    // Nothing of A or B is read, but kernels still offset the pointers
    // within a panel.
    static const float unused[kPanel] = {};
    g.A = g.B = unused;
    g.lda = g.ldb = 0;
    return kOk;
  }
  if (!A || !B || lda < 0 || ldb < 0)
    return kInvalid;
  if (!(g.transA ? strideOk(K, M, lda) : strideOk(M, K, lda)))
    return kInvalid;
  if (!g.packedB && !(g.transB ? strideOk(N, K, ldb) : strideOk(K, N, ldb)))
    return kInvalid;
  g.A = A;
  g.lda = lda;
  g.B = B;
  g.ldb = ldb;
  return kOk;
}

int32_t run(const GemmProblem &g) {
  return kSgemm[int(currentTarget())](g) ? kOk : kOutOfMemory;
}

} // namespace

int32_t runSgemm(const GemmProblem &g) { return run(g); }

//===----------------------------------------------------------------------===//
// Scratch memory
//===----------------------------------------------------------------------===//

namespace {
/// Buffers above this many floats (32 MiB) are not kept between calls.
constexpr int64_t kMaxCachedFloats = int64_t(8) << 20;

struct ThreadScratch {
  float *buffers[kNumScratchSlots] = {};
  int64_t sizes[kNumScratchSlots] = {};
  ~ThreadScratch() {
    for (float *buffer : buffers)
      std::free(buffer);
  }
};
thread_local ThreadScratch threadScratch;

float *allocateFloats(int64_t floats) {
  // Room for a vector past the end: tails may store a full vector there.
  size_t bytes = (size_t(floats) * sizeof(float) + 64 + 63) & ~size_t(63);
  return static_cast<float *>(std::aligned_alloc(64, bytes));
}
} // namespace

ScratchLease::ScratchLease(ScratchSlot slot, int64_t floats) {
  if (floats <= 0)
    return;
  if (floats > kMaxCachedFloats) {
    ptr = allocateFloats(floats);
    owned = true;
    return;
  }
  ThreadScratch &scratch = threadScratch;
  if (scratch.sizes[slot] < floats) {
    std::free(scratch.buffers[slot]);
    scratch.buffers[slot] = allocateFloats(floats);
    scratch.sizes[slot] = scratch.buffers[slot] ? floats : 0;
  }
  ptr = scratch.buffers[slot];
}

ScratchLease::~ScratchLease() {
  if (owned)
    std::free(ptr);
}

//===----------------------------------------------------------------------===//
// Status reporting (SgemmInternal.h)
//===----------------------------------------------------------------------===//

int32_t reported(int32_t status, const char *function) {
  if (status == kOk)
    return status;
  if (nabla::RunErrors *errors = nabla::currentRunErrors()) {
    char message[128];
    std::snprintf(message, sizeof message, "%s: %s", function,
                  status == kOutOfMemory
                      ? "out of memory for the kernel's scratch"
                      : "invalid argument (a compiler bug)");
    errors->report(status == kOutOfMemory ? NABLA_ERROR_OUT_OF_MEMORY
                                          : NABLA_ERROR_INVALID_ARGUMENT,
                   message);
  }
  return status;
}

} // namespace nabla::kernels

using namespace nabla::kernels;

//===----------------------------------------------------------------------===//
// The C interface
//===----------------------------------------------------------------------===//

namespace {
int32_t sgemm(int32_t flags, int64_t M, int64_t N, int64_t K, float alpha,
              const float *A, int64_t lda, const float *B, int64_t ldb,
              float *C, int64_t ldc, const NablaEpilogue *epilogue) {
  GemmProblem g;
  if (int32_t status = makeProblem(flags, M, N, K, alpha, A, lda, B, ldb, C,
                                   ldc, epilogue, g))
    return status;
  return run(g);
}
} // namespace

extern "C" int32_t nabla_sgemm(int32_t flags, int64_t M, int64_t N, int64_t K,
                               float alpha, const float *A, int64_t lda,
                               const float *B, int64_t ldb, float *C,
                               int64_t ldc, const NablaEpilogue *epilogue) {
  return reported(
      sgemm(flags, M, N, K, alpha, A, lda, B, ldb, C, ldc, epilogue),
      "nabla_sgemm");
}

namespace {
int32_t sgemmBatched(int32_t flags, int64_t batch, int64_t M, int64_t N,
                     int64_t K, float alpha, const float *A, int64_t lda,
                     int64_t stride_a, const float *B, int64_t ldb,
                     int64_t stride_b, float *C, int64_t ldc, int64_t stride_c,
                     const NablaEpilogue *epilogue) {
  if (batch < 0 || stride_a < 0 || stride_b < 0 || stride_c < 0)
    return kInvalid;
  GemmProblem g;
  if (int32_t status = makeProblem(flags, M, N, K, alpha, A, lda, B, ldb, C,
                                   ldc, epilogue, g))
    return status;
  if (batch == 0 || M == 0 || N == 0)
    return kOk;
  const NablaEpilogue &ep = g.epilogue;
  if (ep.bias_batch_stride < 0 || ep.residual_batch_stride < 0)
    return kInvalid;
  auto problem = [&](int64_t b) {
    GemmProblem gb = g;
    if (K > 0) {
      gb.A = g.A + b * stride_a;
      gb.B = g.B + b * stride_b;
    }
    gb.C = g.C + b * stride_c;
    if (ep.bias)
      gb.epilogue.bias = ep.bias + b * ep.bias_batch_stride;
    if (ep.residual)
      gb.epilogue.residual = ep.residual + b * ep.residual_batch_stride;
    return gb;
  };
  // Whole products are spread over the threads when they are too small to
  // split, or when they divide evenly among the threads (one fork-join per
  // call instead of one per product: a convolution over a batch of small
  // images spent more time waking threads than computing); otherwise each
  // product is split over output tiles. Either way each one is computed by
  // the same code, so the bits do not change.
  const int64_t threads = nabla_parallel_threads();
  const bool perBatch =
      threads > 1 && batch > 1 &&
      threadsFor(M * batch, N, K, threads) > 1 &&
      (threadsFor(M, N, K, threads) == 1 || batch % threads == 0 ||
       batch >= 4 * threads);
  if (!perBatch) {
    for (int64_t b = 0; b < batch; ++b)
      if (int32_t status = run(problem(b)))
        return status;
    return kOk;
  }
  std::atomic<int32_t> status{kOk};
  nabla::parallelFor(batch, 1, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b)
      if (int32_t s = run(problem(b)))
        status.store(s, std::memory_order_relaxed);
  });
  return status.load();
}
} // namespace

extern "C" int32_t nabla_sgemm_batched(int32_t flags, int64_t batch, int64_t M,
                                       int64_t N, int64_t K, float alpha,
                                       const float *A, int64_t lda,
                                       int64_t stride_a, const float *B,
                                       int64_t ldb, int64_t stride_b, float *C,
                                       int64_t ldc, int64_t stride_c,
                                       const NablaEpilogue *epilogue) {
  return reported(sgemmBatched(flags, batch, M, N, K, alpha, A, lda, stride_a,
                               B, ldb, stride_b, C, ldc, stride_c, epilogue),
                  "nabla_sgemm_batched");
}

extern "C" int64_t nabla_sgemm_pack_b_size(int64_t K, int64_t N,
                                           int32_t trans_b) {
  (void)trans_b;
  if (K < 0 || N < 0)
    return -1;
  const int64_t panels = (N + kPanel - 1) / kPanel;
  if (K > 0 && panels > INT64_MAX / int64_t(sizeof(float) * kPanel) / K)
    return -1;
  return panels * K * kPanel * int64_t(sizeof(float));
}

extern "C" int32_t nabla_sgemm_pack_b(int64_t K, int64_t N, int32_t trans_b,
                                      const float *B, int64_t ldb,
                                      float *packed) {
  if (nabla_sgemm_pack_b_size(K, N, trans_b) < 0)
    return kInvalid;
  if (K == 0 || N == 0)
    return kOk;
  if (!B || !packed || ldb < 0 ||
      !(trans_b ? strideOk(N, K, ldb) : strideOk(K, N, ldb)))
    return kInvalid;
  kPackB[int(currentTarget())](K, N, trans_b != 0, B, ldb, packed);
  return kOk;
}

#endif // HWY_ONCE
