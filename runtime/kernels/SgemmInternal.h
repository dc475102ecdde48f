//===- SgemmInternal.h - What the SGEMM targets share -----------*- C++ -*-===//
//
// The validated problem handed from the C entry points to the per-target
// code, the blocking constants, the thread split, per-thread scratch memory
// and the status reporting that the convolutions share. Nothing here
// depends on the instruction set.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_RUNTIME_KERNELS_SGEMMINTERNAL_H
#define NABLA_RUNTIME_KERNELS_SGEMMINTERNAL_H

#include "runtime/kernels/Kernels.h"

#include <algorithm>
#include <cstdint>

/// Fully unrolls the next loop (constant trip count): register tiles are
/// arrays of vectors that must become registers.
#if defined(__clang__)
#define NABLA_UNROLL _Pragma("unroll")
#elif defined(__GNUC__)
#define NABLA_UNROLL _Pragma("GCC unroll 32")
#else
#define NABLA_UNROLL
#endif

namespace nabla::kernels {

/// Statuses of the C entry points.
constexpr int32_t kOk = 0;
constexpr int32_t kInvalid = 1;
constexpr int32_t kOutOfMemory = 2;

/// `status`, recorded as the error of the model run that made the call (if
/// any) with a message naming `function`: generated code calls the kernels
/// without reading their status.
int32_t reported(int32_t status, const char *function);

/// Columns per packed B panel (NABLA_SGEMM_PANEL).
constexpr int64_t kPanel = NABLA_SGEMM_PANEL;
/// Largest K block. The K slice of a packed panel is contiguous, and the
/// hardware prefetchers stream it from L2 as fast as L1 would serve it:
/// measured on Zen 5, blocks of 1024 beat 256 by 5-10 % (fewer passes of
/// partial sums through C) on 512^3 and the MLP shapes. B read in place is
/// a slice of rows ldb apart: there, blocks of 640 (one block for the CNNs'
/// columns of 288 and 576 rows) beat 256 by 3-5 % (nabla-kernel-bench nn:
/// 64 x 121 x 288, 128 x 192 x 576, 64 x 512 x 512).
/// K is cut into equal blocks no longer than this, from K alone.
constexpr int64_t kMaxKc = 1024;
constexpr int64_t kMaxKcDirectB = 640;
/// Rows of A per block: 12 micro-tiles; with K blocks of up to 1024 a
/// block is at most 576 KiB, within L2 (1 MiB on Zen 5, 2 MiB on Emerald
/// Rapids) while every panel passes over it.
constexpr int64_t kMaxMc = 144;
/// Panels from which packing A (M x K) pays for itself: the copy is reused
/// by every panel, and it avoids the L1 aliasing of row strides that are
/// multiples of 4 KiB. Fewer panels read A in place (packing measured
/// 10-25 % slower: 1024 x 32 x 288, 175 -> 135 GFLOP/s). A^T is always read
/// in place, k-major with stride lda: packing it measured 5-10 % slower on
/// every shape tried, even with 4 KiB strides (1024 x 256 x 512).
constexpr int64_t kPackAPanels = 8;
/// Multiply-adds per thread below which a GEMM is not split (MLAS's
/// MLAS_SGEMM_THREAD_COMPLEXITY): a fork-join costs about a microsecond.
constexpr int64_t kMinMacsPerThread = 64 * 1024;

/// One product, validated; op(B) is `packed` when packedB.
struct GemmProblem {
  int64_t M = 0, N = 0, K = 0;
  float alpha = 1.0f;
  const float *A = nullptr;
  int64_t lda = 0;
  bool transA = false;
  const float *B = nullptr;
  int64_t ldb = 0;
  bool transB = false;
  bool packedB = false;
  float *C = nullptr;
  int64_t ldc = 0;
  /// C is stored transposed: element (i, j) of this product is
  /// C[j * ldc + i], and the epilogue (bias kinds, residual) is in C's
  /// frame. Set when C = A B^T runs as C^T = B A^T (see Sgemm).
  bool transposedC = false;
  /// An implicit op(B) (a convolution's columns, never built): row k is the
  /// N floats at B + bRows[k] (transB and packedB false, ldb unused). Tiles
  /// read whole panels: up to 31 floats past the N of a row are read (and
  /// never reach C).
  const int64_t *bRows = nullptr;
  /// With cSegment > 0, this product's columns are rows of cSegment of which
  /// the first cValid are C's: column j is C column (j / cSegment) * cValid +
  /// j % cSegment, and is not stored when j % cSegment >= cValid (the
  /// columns of a convolution's padded input rows that hold no output).
  int64_t cSegment = 0, cValid = 0;
  NablaEpilogue epilogue{};
};

/// Runs a validated product on the current target; kOutOfMemory when scratch
/// memory ran out.
int32_t runSgemm(const GemmProblem &g);

/// K blocks: `count` blocks of `size` (the last one shorter), from K alone
/// so that every element sums its products in the same order whatever the
/// thread split.
struct KBlocks {
  int64_t count;
  int64_t size;
};
inline KBlocks kBlocks(int64_t K, int64_t maxKc) {
  if (K <= maxKc)
    return {1, K};
  int64_t count = (K + maxKc - 1) / maxKc;
  int64_t size = (K + count - 1) / count;
  return {(K + size - 1) / size, size};
}

/// How the output is cut into items for the threads: mParts row ranges
/// (of whole micro-tiles) times nParts ranges of whole panels.
struct Split {
  int64_t mParts = 1;
  int64_t nParts = 1;
  int64_t items() const { return mParts * nParts; }
};

/// Units [part * units / parts, (part + 1) * units / parts).
inline int64_t partBegin(int64_t part, int64_t parts, int64_t units) {
  return part * units / parts;
}

/// The split of an M x N output into row ranges of whole `tileRows`-row
/// micro-tiles or ranges of whole 32-column panels, one per thread, along
/// the dimension whose largest part is smallest (rows on a tie: each thread
/// then reads its own rows of A and shares the reads of B). One part per
/// thread measured 5-15 % faster on 2 cores than two (each part re-reads an
/// operand and re-packs A), at the price of no balancing when the OS delays
/// a thread.
inline Split chooseSplit(int64_t M, int64_t N, int64_t tileRows,
                         int64_t threads) {
  Split split;
  if (threads <= 1)
    return split;
  const int64_t rowTiles = (M + tileRows - 1) / tileRows;
  const int64_t panels = (N + kPanel - 1) / kPanel;
  auto partsFor = [&](int64_t units) { return std::min(threads, units); };
  // The work of the busiest thread over a perfect share, when parts are
  // handed out in order: units of `unit` elements, `total` in all.
  auto imbalance = [&](int64_t units, int64_t parts, int64_t unit,
                       int64_t total) {
    int64_t busiest = 0;
    for (int64_t thread = 0; thread < threads; ++thread) {
      int64_t load = 0;
      for (int64_t part = thread; part < parts; part += threads)
        load += std::min(total, partBegin(part + 1, parts, units) * unit) -
                partBegin(part, parts, units) * unit;
      busiest = std::max(busiest, load);
    }
    return double(busiest) * double(threads) / double(total);
  };
  const int64_t mParts = partsFor(rowTiles), nParts = partsFor(panels);
  const double mCost = imbalance(rowTiles, mParts, tileRows, M);
  const double nCost = imbalance(panels, nParts, kPanel, N);
  if (mParts >= threads && mCost <= nCost * 1.02) {
    split.mParts = mParts;
  } else if (nParts >= threads) {
    split.nParts = nParts;
  } else {
    // Neither dimension alone has a unit per thread: cut both.
    split.mParts = std::min(rowTiles, threads);
    split.nParts =
        std::min(panels, (threads + split.mParts - 1) / split.mParts);
  }
  return split;
}

/// How many threads a product of M x N x K multiply-adds deserves.
inline int64_t threadsFor(int64_t M, int64_t N, int64_t K, int64_t available) {
  // Saturating: M * N * K may exceed int64 for absurd shapes.
  double macs = double(M) * double(N) * double(std::max<int64_t>(K, 1));
  double byWork = macs / double(kMinMacsPerThread);
  return std::max<int64_t>(
      1, std::min<int64_t>(available,
                           byWork < 1 ? 1 : int64_t(std::min(byWork, 1e6))));
}

/// A thread's reusable 64-byte aligned scratch memory, one buffer per slot;
/// large requests get a buffer of their own that is freed with the lease.
enum ScratchSlot {
  kScratchPackedB,
  kScratchPackedA,
  kScratchVector,
  kScratchColumns,    // a convolution's im2col matrix
  kScratchConvOutput, // the product of a convolution over folded images
  kScratchPlane,      // a padded input plane (depthwise, pooling), or
                      // a convolution's folded images, interleaved, or its
                      // PhasePlanes
  kScratchRowTable,   // an implicit product's row offsets (int64)
  kScratchConvWeights, // a channels-last convolution's weights, packed
  kNumScratchSlots
};
class ScratchLease {
public:
  ScratchLease(ScratchSlot slot, int64_t floats);
  ~ScratchLease();
  ScratchLease(const ScratchLease &) = delete;
  ScratchLease &operator=(const ScratchLease &) = delete;
  float *data() const { return ptr; }
  /// False when the memory could not be allocated.
  explicit operator bool() const { return ptr != nullptr; }

private:
  float *ptr = nullptr;
  bool owned = false;
};

} // namespace nabla::kernels

#endif // NABLA_RUNTIME_KERNELS_SGEMMINTERNAL_H
