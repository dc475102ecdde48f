//===- SgemmInternal.h - What the SGEMM targets share -------------*- C++ -*-===//
//
// The validated problem handed from the C entry points to the per-target
// code, the blocking constants, the thread split, and per-thread scratch
// memory. Nothing here depends on the instruction set.
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

/// Columns per packed B panel (NABLA_SGEMM_PANEL).
constexpr int64_t kPanel = NABLA_SGEMM_PANEL;
/// Largest K block: a 256 x 32 B slice (32 KiB) stays in L1 while the 12 x
/// 256 A micro-panel (12 KiB) beside it streams from L2. K is cut into
/// equal blocks no longer than this, depending on K only.
constexpr int64_t kMaxKc = 256;
/// Rows of A per block: 144 x 256 floats (144 KiB) stay in L2 while every B
/// panel passes over them.
constexpr int64_t kMaxMc = 144;
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
  NablaEpilogue epilogue{};
};

/// K blocks: `count` blocks of `size` (the last one shorter), from K alone
/// so that every element sums its products in the same order whatever the
/// thread split.
struct KBlocks {
  int64_t count;
  int64_t size;
};
inline KBlocks kBlocks(int64_t K) {
  if (K <= kMaxKc)
    return {1, K};
  int64_t count = (K + kMaxKc - 1) / kMaxKc;
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

/// The split of `rowTiles` x `panels` for `threads` threads: along the
/// dimension that divides more evenly (rows first), into 2 items per thread
/// when there are plenty of units so that a thread the OS delays is covered
/// by the others.
inline Split chooseSplit(int64_t rowTiles, int64_t panels, int64_t threads) {
  Split split;
  if (threads <= 1)
    return split;
  auto partsFor = [&](int64_t units) {
    int64_t parts = units >= 8 * threads ? 2 * threads : threads;
    return std::min(parts, units);
  };
  // Work of the largest part relative to a perfect split.
  auto imbalance = [&](int64_t units, int64_t parts) {
    int64_t largest = (units + parts - 1) / parts;
    int64_t rounds = (parts + threads - 1) / threads;
    return double(largest * rounds * threads) / double(units);
  };
  int64_t mParts = partsFor(rowTiles), nParts = partsFor(panels);
  double mCost = imbalance(rowTiles, mParts);
  double nCost = imbalance(panels, nParts);
  if (mParts >= threads && mCost <= nCost) {
    split.mParts = mParts;
  } else if (nParts >= threads) {
    split.nParts = nParts;
  } else {
    // Neither dimension alone has a unit per thread: cut both.
    split.mParts = std::min(rowTiles, threads);
    split.nParts = std::min(panels, (threads + split.mParts - 1) /
                                        split.mParts);
  }
  return split;
}

/// How many threads a product of M x N x K multiply-adds deserves.
inline int64_t threadsFor(int64_t M, int64_t N, int64_t K, int64_t available) {
  // Saturating: M * N * K may exceed int64 for absurd shapes.
  double macs = double(M) * double(N) * double(std::max<int64_t>(K, 1));
  double byWork = macs / double(kMinMacsPerThread);
  return std::max<int64_t>(
      1, std::min<int64_t>(available, byWork < 1 ? 1 : int64_t(std::min(
                                                       byWork, 1e6))));
}

/// A thread's reusable 64-byte aligned scratch memory, one buffer per slot;
/// large requests get a buffer of their own that is freed with the lease.
enum ScratchSlot { kScratchPackedB, kScratchPackedA, kScratchVector,
                   kNumScratchSlots };
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
