//===- Sgemm-inl.h - SGEMM kernels and blocking per target ------*- C++ -*-===//
//
// Compiled once per instruction set by Sgemm.cpp (foreach_target.h); see the
// design note there. Everything here is in nabla::kernels::HWY_NAMESPACE.
//
//===----------------------------------------------------------------------===//

#if defined(NABLA_RUNTIME_KERNELS_SGEMM_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef NABLA_RUNTIME_KERNELS_SGEMM_INL_H_
#undef NABLA_RUNTIME_KERNELS_SGEMM_INL_H_
#else
#define NABLA_RUNTIME_KERNELS_SGEMM_INL_H_
#endif

#include "hwy/highway.h"
#include "runtime/ThreadPool.h"
#include "runtime/kernels/Activation-inl.h"
#include "runtime/kernels/SgemmInternal.h"
#include "runtime/kernels/Vector-inl.h"

#include <array>
#include <utility>

HWY_BEFORE_NAMESPACE();
namespace nabla::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// A register tile is kMR rows x kTileVecs vectors: 12 x 2 zmm = 12 x 32 on
/// AVX-512 (24 accumulators of 32 registers); 6 x 2 ymm = 6 x 16 on AVX2
/// (12 of 16 registers); 6 x 2 xmm on SSE4; 4 x 2 on portable code.
constexpr int64_t kTileVecs = 2;
constexpr int64_t kTileCols = kTileVecs * kLanes;
/// Register tiles across one 32-column panel (1 on AVX-512).
constexpr int64_t kPasses = kPanel / kTileCols;
#if HWY_TARGET <= HWY_AVX3
constexpr int64_t kMR = 12;
#elif HWY_TARGET == HWY_EMU128
constexpr int64_t kMR = 4;
#else
constexpr int64_t kMR = 6;
#endif
/// Rows per A block, a whole number of micro-tiles.
constexpr int64_t kMc = kMaxMc / kMR * kMR;
static_assert(kPanel % kTileCols == 0, "a panel is whole register tiles");

/// Transposes the 4 x 4 block at src (row stride ld) into dst (row stride
/// dstStride).
HWY_INLINE void Transpose4x4(const float *HWY_RESTRICT src, int64_t ld,
                             float *HWY_RESTRICT dst, int64_t dstStride) {
  const hn::Full128<float> d4;
  const auto r0 = hn::LoadU(d4, src);
  const auto r1 = hn::LoadU(d4, src + ld);
  const auto r2 = hn::LoadU(d4, src + 2 * ld);
  const auto r3 = hn::LoadU(d4, src + 3 * ld);
  const auto t0 = hn::InterleaveLower(d4, r0, r1); // a0 b0 a1 b1
  const auto t1 = hn::InterleaveLower(d4, r2, r3); // c0 d0 c1 d1
  const auto t2 = hn::InterleaveUpper(d4, r0, r1); // a2 b2 a3 b3
  const auto t3 = hn::InterleaveUpper(d4, r2, r3); // c2 d2 c3 d3
  hn::StoreU(hn::ConcatLowerLower(d4, t1, t0), d4, dst);
  hn::StoreU(hn::ConcatUpperUpper(d4, t1, t0), d4, dst + dstStride);
  hn::StoreU(hn::ConcatLowerLower(d4, t3, t2), d4, dst + 2 * dstStride);
  hn::StoreU(hn::ConcatUpperUpper(d4, t3, t2), d4, dst + 3 * dstStride);
}

/// dst[k * dstStride + r] = src[r * ld + k] for r < rows, k < kc: rows of
/// src become columns of dst.
HWY_INLINE void TransposeBlock(const float *HWY_RESTRICT src, int64_t ld,
                               int64_t rows, int64_t kc,
                               float *HWY_RESTRICT dst, int64_t dstStride) {
  int64_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    int64_t k = 0;
    for (; k + 4 <= kc; k += 4)
      Transpose4x4(src + r * ld + k, ld, dst + k * dstStride + r, dstStride);
    for (; k < kc; ++k)
      for (int64_t i = 0; i < 4; ++i)
        dst[k * dstStride + r + i] = src[(r + i) * ld + k];
  }
  for (; r < rows; ++r)
    for (int64_t k = 0; k < kc; ++k)
      dst[k * dstStride + r] = src[r * ld + k];
}

//===----------------------------------------------------------------------===//
// Epilogue of a register tile
//===----------------------------------------------------------------------===//

/// What one K block does with its tile: y = alpha * acc (+ cScale * C when
/// loadC); on the last block (final) also + bias + residual, then the
/// activation. Pointers are at the tile's origin.
struct TileEpilogue {
  float alpha = 1.0f;
  float cScale = 0.0f;
  bool loadC = false;
  bool final = false;
  int32_t biasKind = NABLA_BIAS_NONE;
  const float *bias = nullptr; // [col] per column, [row] per row
  const float *residual = nullptr;
  int64_t ldr = 0;
  Activation act;
  /// The tile is stored transposed (GemmProblem::transposedC); bias and
  /// residual are then at the origin of the transposed tile in C.
  bool transposed = false;
  /// Segmented columns (GemmProblem::cSegment > 0): the tile holds product
  /// columns [col0, col0 + cols), and C and the residual point at column 0
  /// of the tile's first row.
  int64_t segment = 0, valid = 0, col0 = 0;

  /// Where product column `column` of a segmented tile is in C's row.
  int64_t cColumn(int64_t column) const {
    return column / segment * valid + column % segment;
  }
  /// This epilogue for the part of the tile stored from C column `column`
  /// of its row.
  TileEpilogue shiftedTo(int64_t column) const {
    TileEpilogue part = *this;
    if (part.residual)
      part.residual += column;
    return part;
  }
};

/// The epilogue of tiles that registers cannot hold it for: partial columns,
/// a transcendental activation, or a transposed store. `tile` holds the raw
/// accumulators, rows x cols (row stride kTileCols).
HWY_NOINLINE void StoreTileGeneric(const float *HWY_RESTRICT tile, int64_t rows,
                                   int64_t cols, float *HWY_RESTRICT c,
                                   int64_t ldc, const TileEpilogue &e) {
  const DF d;
  // In C's frame: outRows rows of outCols values, row stride `stride`.
  const float *src = tile;
  int64_t outRows = rows, outCols = cols, stride = kTileCols;
  alignas(64) float transposed[kTileCols * kMR + kLanes];
  if (e.transposed) {
    TransposeBlock(tile, kTileCols, rows, cols, transposed, kMR);
    src = transposed;
    outRows = cols;
    outCols = rows;
    stride = kMR;
  }
  const VF alpha = hn::Set(d, e.alpha);
  const VF cScale = hn::Set(d, e.cScale);
  const bool colBias = e.final && e.biasKind == NABLA_BIAS_PER_COLUMN;
  const bool rowBias = e.final && e.biasKind == NABLA_BIAS_PER_ROW;
  const bool residual = e.final && e.residual;
  for (int64_t r = 0; r < outRows; ++r) {
    float *cRow = c + r * ldc;
    for (int64_t col = 0; col < outCols; col += kLanes) {
      const int64_t n = std::min(kLanes, outCols - col);
      // Lanes past n are never stored.
      VF y = hn::Mul(alpha, hn::LoadU(d, src + r * stride + col));
      if (colBias)
        y = hn::Add(y, LoadN(d, e.bias + col, n));
      if (rowBias)
        y = hn::Add(y, hn::Set(d, e.bias[r]));
      if (e.loadC)
        y = hn::MulAdd(cScale, LoadN(d, cRow + col, n), y);
      if (residual)
        y = hn::Add(y, LoadN(d, e.residual + r * e.ldr + col, n));
      if (e.final)
        y = Activate(d, y, e.act);
      StoreN(y, d, cRow + col, n);
    }
  }
}

/// StoreTileGeneric for segmented columns (TileEpilogue::segment): each run
/// of the tile's columns that lies in one segment and is C's is stored at
/// its place in C. `tile` has kLanes floats of slack.
HWY_NOINLINE void StoreTileSegments(const float *HWY_RESTRICT tile,
                                    int64_t rows, int64_t cols,
                                    float *HWY_RESTRICT c, int64_t ldc,
                                    const TileEpilogue &e) {
  for (int64_t j = 0; j < cols;) {
    const int64_t column = e.col0 + j, q = column % e.segment;
    const int64_t run = std::min(cols - j, e.segment - q);
    if (q < e.valid) {
      const int64_t at = e.cColumn(column);
      StoreTileGeneric(tile + j, rows, std::min(run, e.valid - q), c + at, ldc,
                       e.shiftedTo(at));
    }
    j += run;
  }
}

/// The epilogue of a full tile, in registers: one load of each operand and
/// one store per vector.
template <int64_t R>
HWY_INLINE void StoreTile(DF d, VF (&acc)[R][kTileVecs], float *HWY_RESTRICT c,
                          int64_t ldc, const TileEpilogue &e) {
  const VF alpha = hn::Set(d, e.alpha);
  const VF cScale = hn::Set(d, e.cScale);
  const bool colBias = e.final && e.biasKind == NABLA_BIAS_PER_COLUMN;
  const bool rowBias = e.final && e.biasKind == NABLA_BIAS_PER_ROW;
  const bool residual = e.final && e.residual;
  VF bias[kTileVecs];
  for (int64_t v = 0; v < kTileVecs; ++v)
    bias[v] = colBias ? hn::LoadU(d, e.bias + v * kLanes) : hn::Zero(d);
  NABLA_UNROLL
  for (int64_t r = 0; r < R; ++r) {
    const VF rb = rowBias ? hn::Set(d, e.bias[r]) : hn::Zero(d);
    NABLA_UNROLL
    for (int64_t v = 0; v < kTileVecs; ++v) {
      float *cp = c + r * ldc + v * kLanes;
      VF y = hn::Mul(alpha, acc[r][v]);
      if (colBias)
        y = hn::Add(y, bias[v]);
      if (rowBias)
        y = hn::Add(y, rb);
      if (e.loadC)
        y = hn::MulAdd(cScale, hn::LoadU(d, cp), y);
      if (residual)
        y = hn::Add(y, hn::LoadU(d, e.residual + r * e.ldr + v * kLanes));
      if (e.final)
        y = ActivateLinear(d, y, e.act);
      hn::StoreU(y, d, cp);
    }
  }
}

//===----------------------------------------------------------------------===//
// The microkernel
//===----------------------------------------------------------------------===//

/// How a tile reads A: k-major (element (r, k) at a[k * stride + r]: a
/// packed micro-panel, stride its height, or A^T in place, stride lda) or
/// row-major (a[r * stride + k]: A read in place, stride lda).
enum class AMode { KMajor, RowMajor };

/// C[R x cols] (cols <= kTileCols) = epilogue(A[R x kc] * B[kc x
/// kTileCols]); row k of B is at b + k * ldbk (kPanel in a packed panel,
/// ldb when B is read in place), or at b + bRows[k] (kRowTable: an implicit
/// B, GemmProblem::bRows).
template <int64_t R, AMode kMode, bool kRowTable>
HWY_NOINLINE void TileKernel(const float *HWY_RESTRICT a, int64_t as,
                             const float *HWY_RESTRICT b, int64_t ldbk,
                             const int64_t *HWY_RESTRICT bRows, int64_t kc,
                             float *HWY_RESTRICT c, int64_t ldc, int64_t cols,
                             const TileEpilogue &e) {
  const DF d;
  VF acc[R][kTileVecs];
  NABLA_UNROLL
  for (int64_t r = 0; r < R; ++r) {
    NABLA_UNROLL
    for (int64_t v = 0; v < kTileVecs; ++v)
      acc[r][v] = hn::Zero(d);
  }
  for (int64_t k = 0; k < kc; ++k) {
    VF bv[kTileVecs];
    const float *row = kRowTable ? b + bRows[k] : b + k * ldbk;
    NABLA_UNROLL
    for (int64_t v = 0; v < kTileVecs; ++v)
      bv[v] = hn::LoadU(d, row + v * kLanes);
    NABLA_UNROLL
    for (int64_t r = 0; r < R; ++r) {
      const VF ar =
          hn::Set(d, kMode == AMode::KMajor ? a[k * as + r] : a[r * as + k]);
      NABLA_UNROLL
      for (int64_t v = 0; v < kTileVecs; ++v)
        acc[r][v] = hn::MulAdd(ar, bv[v], acc[r][v]);
    }
  }
  const bool registers = cols == kTileCols && !e.transposed &&
                         !(e.final && e.act.isTranscendental());
  if (registers && !e.segment) {
    StoreTile<R>(d, acc, c, ldc, e);
    return;
  }
  // A segmented tile that lies in one segment's outputs: a plain tile at
  // its place in C (most tiles of rows a few tiles wide).
  if (registers && e.col0 % e.segment + kTileCols <= e.valid) {
    const int64_t at = e.cColumn(e.col0);
    StoreTile<R>(d, acc, c + at, ldc, e.shiftedTo(at));
    return;
  }
  alignas(64) float tile[R * kTileCols + kLanes];
  NABLA_UNROLL
  for (int64_t r = 0; r < R; ++r) {
    NABLA_UNROLL
    for (int64_t v = 0; v < kTileVecs; ++v)
      hn::Store(acc[r][v], d, tile + r * kTileCols + v * kLanes);
  }
  if (e.segment)
    StoreTileSegments(tile, R, cols, c, ldc, e);
  else
    StoreTileGeneric(tile, R, cols, c, ldc, e);
}

using TileFn = void (*)(const float *, int64_t, const float *, int64_t,
                        const int64_t *, int64_t, float *, int64_t, int64_t,
                        const TileEpilogue &);

/// kTiles<mode, rowTable>[R] is the kernel for R rows (1..kMR).
template <AMode kMode, bool kRowTable, size_t... Rs>
constexpr std::array<TileFn, kMR + 1> makeTiles(std::index_sequence<Rs...>) {
  return {nullptr, &TileKernel<int64_t(Rs) + 1, kMode, kRowTable>...};
}
template <AMode kMode, bool kRowTable>
constexpr std::array<TileFn, kMR + 1> kTiles =
    makeTiles<kMode, kRowTable>(std::make_index_sequence<kMR>());

//===----------------------------------------------------------------------===//
// Packing
//===----------------------------------------------------------------------===//

/// Panels [p0, p1) of op(B) (see nabla_sgemm_pack_b); panel p goes to
/// packed + (p - base) * K * kPanel.
void PackPanels(const float *HWY_RESTRICT B, int64_t ldb, bool transB,
                int64_t K, int64_t N, int64_t p0, int64_t p1, int64_t base,
                float *HWY_RESTRICT packed) {
  const DF d;
  for (int64_t p = p0; p < p1; ++p) {
    float *dst = packed + (p - base) * K * kPanel;
    const int64_t col0 = p * kPanel;
    const int64_t cols = std::min(kPanel, N - col0);
    if (!transB) {
      for (int64_t k = 0; k < K; ++k) {
        const float *src = B + k * ldb + col0;
        for (int64_t j = 0; j < kPanel; j += kLanes) {
          const int64_t n = std::min(kLanes, cols - j);
          hn::StoreU(n <= 0 ? hn::Zero(d) : LoadN(d, src + j, n), d,
                     dst + k * kPanel + j);
        }
      }
      continue;
    }
    // B is N x K: its rows col0.. become the panel's columns.
    TransposeBlock(B + col0 * ldb, ldb, cols, K, dst, kPanel);
    if (cols < kPanel)
      for (int64_t k = 0; k < K; ++k)
        for (int64_t j = cols; j < kPanel; ++j)
          dst[k * kPanel + j] = 0.0f;
  }
}

/// The micro-tiles of `rows` rows: as few as kMR allows, of equal height
/// (+-1), so that no tile is left with the 1-3 rows whose few accumulators
/// cannot cover the FMA latency (13 rows run as 7 + 6, not 12 + 1). Tile i
/// starts at begin(i).
struct RowTiles {
  int64_t count, base, extra;
  explicit RowTiles(int64_t rows)
      : count((rows + kMR - 1) / kMR), base(count ? rows / count : 0),
        extra(count ? rows % count : 0) {}
  int64_t begin(int64_t i) const { return i * base + std::min(i, extra); }
  int64_t rows(int64_t i) const { return base + (i < extra ? 1 : 0); }
};

/// The A block rows [row0, row0 + rows) x k [k0, k0 + kc) (A is M x K) as
/// micro-panels, one per RowTiles tile: the tile at row t with h rows at
/// buffer + t * kc, element (r, k) at [k * h + r].
void PackA(const GemmProblem &g, int64_t row0, int64_t rows, int64_t k0,
           int64_t kc, float *HWY_RESTRICT buffer) {
  const RowTiles tiles(rows);
  for (int64_t i = 0; i < tiles.count; ++i) {
    const int64_t t = tiles.begin(i), h = tiles.rows(i);
    TransposeBlock(g.A + (row0 + t) * g.lda + k0, g.lda, h, kc, buffer + t * kc,
                   h);
  }
}

//===----------------------------------------------------------------------===//
// Blocked GEMM over packed B
//===----------------------------------------------------------------------===//

/// The epilogue of K block `block` for the tile at (row0, col0).
HWY_INLINE TileEpilogue tileEpilogue(const GemmProblem &g, bool first,
                                     bool last, int64_t row0, int64_t col0) {
  const NablaEpilogue &ep = g.epilogue;
  TileEpilogue e;
  e.alpha = g.alpha;
  // The first block scales the C it finds by beta (not read when 0); later
  // blocks add to what the earlier ones stored.
  e.cScale = first ? ep.beta : 1.0f;
  e.loadC = first ? ep.beta != 0.0f : true;
  e.final = last;
  e.transposed = g.transposedC;
  e.segment = g.cSegment;
  e.valid = g.cValid;
  e.col0 = col0;
  if (last) {
    // The tile's origin in C's frame (segmented: its row's column 0).
    const int64_t cRow0 = g.transposedC ? col0 : row0;
    const int64_t cCol0 = g.transposedC ? row0 : g.cSegment ? 0 : col0;
    e.biasKind = ep.bias ? ep.bias_kind : NABLA_BIAS_NONE;
    if (e.biasKind == NABLA_BIAS_PER_COLUMN)
      e.bias = ep.bias + cCol0;
    else if (e.biasKind == NABLA_BIAS_PER_ROW)
      e.bias = ep.bias + cRow0;
    if (ep.residual) {
      e.residual = ep.residual + cRow0 * ep.ldr + cCol0;
      e.ldr = ep.ldr;
    }
    e.act.kind = ep.activation;
    e.act.alpha = ep.act_alpha;
    e.act.beta = ep.act_beta;
  }
  return e;
}

/// How one product reads its operands, decided once per call from its
/// shape (never from the thread count).
struct Plan {
  /// Pack each A block into k-major micro-panels; otherwise tiles read A in
  /// place (row-major, or k-major with stride lda when transposed).
  bool packA = false;
  /// Read B (K x N) in place for its full panels; only a partial last
  /// panel is packed (into `packed`, as panel 0).
  bool directB = false;
  /// Packed panels of op(B): all of them, or the partial one when directB.
  const float *packed = nullptr;

  /// B is implicit (GemmProblem::bRows): read in place, but a panel's K
  /// slice is compact (a convolution's taps share their cache lines), so K
  /// blocks are as long as for packed panels (resnet18's 3 x 3 layers: 256
  /// -> 1024 measured 10 % faster, fewer partial sums through C).
  bool rowTable = false;

  int64_t maxKc() const {
    return directB && !rowTable ? kMaxKcDirectB : kMaxKc;
  }
};

Plan planFor(const GemmProblem &g) {
  Plan plan;
  const int64_t panels = (g.N + kPanel - 1) / kPanel;
  const int64_t rowTiles = (g.M + kMR - 1) / kMR;
  plan.packA = !g.transA && panels >= kPackAPanels;
  // One A block meets each B slice once: packing B would only add a pass
  // over it (measured: 64 x 512 x 784 runs 10 % faster in place). An
  // implicit B is always read in place.
  plan.rowTable = g.bRows != nullptr;
  plan.directB =
      g.bRows || (!g.packedB && !g.transB && rowTiles <= kMc / kMR);
  return plan;
}

/// Output rows [rowBegin, rowEnd) x panels [panelBegin, panelEnd), the
/// whole K: for each A block (kMc rows) and K block, every panel's K slice
/// (32 KiB, L1) meets every micro-tile of the block (L2). aBuffer holds
/// kMc x kBlocks(K).size floats when the plan packs A.
void RunBlock(const GemmProblem &g, const Plan &plan, int64_t rowBegin,
              int64_t rowEnd, int64_t panelBegin, int64_t panelEnd,
              float *HWY_RESTRICT aBuffer) {
  const KBlocks blocks = kBlocks(g.K, plan.maxKc());
  const bool kMajorA = plan.packA || g.transA;
  const std::array<TileFn, kMR + 1> &tiles =
      g.bRows ? (kMajorA ? kTiles<AMode::KMajor, true>
                         : kTiles<AMode::RowMajor, true>)
              : (kMajorA ? kTiles<AMode::KMajor, false>
                         : kTiles<AMode::RowMajor, false>);
  const int64_t fullPanels = g.N / kPanel;
  for (int64_t m0 = rowBegin; m0 < rowEnd; m0 += kMc) {
    const int64_t mLen = std::min(kMc, rowEnd - m0);
    for (int64_t block = 0; block < blocks.count; ++block) {
      const int64_t k0 = block * blocks.size;
      const int64_t kc = std::min(blocks.size, g.K - k0);
      const bool first = block == 0, last = block == blocks.count - 1;
      if (plan.packA)
        PackA(g, m0, mLen, k0, kc, aBuffer);
      for (int64_t p = panelBegin; p < panelEnd; ++p) {
        const int64_t panelCols = std::min(kPanel, g.N - p * kPanel);
        const float *bSlice;
        int64_t ldbk = kPanel;
        if (g.bRows) {
          bSlice = g.B + p * kPanel;
        } else if (!plan.directB) {
          bSlice = plan.packed + (p * g.K + k0) * kPanel;
        } else if (p < fullPanels) {
          bSlice = g.B + k0 * g.ldb + p * kPanel;
          ldbk = g.ldb;
        } else {
          bSlice = plan.packed + k0 * kPanel;
        }
        const RowTiles rowTiles(mLen);
        for (int64_t i = 0; i < rowTiles.count; ++i) {
          const int64_t t = rowTiles.begin(i), rows = rowTiles.rows(i);
          const int64_t row0 = m0 + t;
          const float *a;
          int64_t as;
          if (plan.packA) {
            a = aBuffer + t * kc;
            as = rows;
          } else if (g.transA) {
            a = g.A + k0 * g.lda + row0;
            as = g.lda;
          } else {
            a = g.A + row0 * g.lda + k0;
            as = g.lda;
          }
          for (int64_t pass = 0; pass < kPasses; ++pass) {
            const int64_t c0 = pass * kTileCols;
            if (c0 >= panelCols)
              break;
            const int64_t col0 = p * kPanel + c0;
            TileEpilogue e = tileEpilogue(g, first, last, row0, col0);
            float *c = g.transposedC ? g.C + col0 * g.ldc + row0
                       : g.cSegment  ? g.C + row0 * g.ldc
                                     : g.C + row0 * g.ldc + col0;
            tiles[rows](a, as, bSlice + c0, ldbk,
                        g.bRows ? g.bRows + k0 : nullptr, kc, c, g.ldc,
                        std::min(kTileCols, panelCols - c0), e);
          }
        }
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Matrix-vector products (M == 1 or N == 1): bandwidth bound, no packing.
// Each output sums its products in the same order in every loop below, so
// the split of the outputs over threads never changes a bit.
//===----------------------------------------------------------------------===//

/// y[j] = sum_k x[k] * mat[k * ldm + j], j < cols.
void GemvColumns(const float *HWY_RESTRICT x, int64_t K,
                 const float *HWY_RESTRICT mat, int64_t ldm, int64_t cols,
                 float *HWY_RESTRICT y) {
  const DF d;
  constexpr int64_t kVecs = 8;
  int64_t j = 0;
  for (; j + kVecs * kLanes <= cols; j += kVecs * kLanes) {
    VF acc[kVecs];
    for (int64_t v = 0; v < kVecs; ++v)
      acc[v] = hn::Zero(d);
    const float *col = mat + j;
    for (int64_t k = 0; k < K; ++k) {
      const VF xv = hn::Set(d, x[k]);
      for (int64_t v = 0; v < kVecs; ++v)
        acc[v] =
            hn::MulAdd(xv, hn::LoadU(d, col + k * ldm + v * kLanes), acc[v]);
    }
    for (int64_t v = 0; v < kVecs; ++v)
      hn::StoreU(acc[v], d, y + j + v * kLanes);
  }
  for (; j < cols; j += kLanes) {
    const int64_t n = std::min(kLanes, cols - j);
    VF acc = hn::Zero(d);
    for (int64_t k = 0; k < K; ++k)
      acc = hn::MulAdd(hn::Set(d, x[k]), LoadN(d, mat + k * ldm + j, n), acc);
    StoreN(acc, d, y + j, n);
  }
}

/// y[j] for the columns of packed panels [p0, p1) (y[0] is column 32 p0).
void GemvPanels(const float *HWY_RESTRICT x, int64_t K,
                const float *HWY_RESTRICT packed, int64_t p0, int64_t p1,
                float *HWY_RESTRICT y) {
  const DF d;
  constexpr int64_t kPanelVecs = kPanel / kLanes;
  // 8 accumulators: as many panels as they cover.
  constexpr int64_t kGroup = kPanelVecs >= 8 ? 1 : 8 / kPanelVecs;
  int64_t p = p0;
  for (; p + kGroup <= p1; p += kGroup) {
    VF acc[kGroup][kPanelVecs];
    for (int64_t g = 0; g < kGroup; ++g)
      for (int64_t v = 0; v < kPanelVecs; ++v)
        acc[g][v] = hn::Zero(d);
    const float *panel = packed + p * K * kPanel;
    for (int64_t k = 0; k < K; ++k) {
      const VF xv = hn::Set(d, x[k]);
      for (int64_t g = 0; g < kGroup; ++g)
        for (int64_t v = 0; v < kPanelVecs; ++v)
          acc[g][v] = hn::MulAdd(
              xv, hn::LoadU(d, panel + (g * K + k) * kPanel + v * kLanes),
              acc[g][v]);
    }
    for (int64_t g = 0; g < kGroup; ++g)
      for (int64_t v = 0; v < kPanelVecs; ++v)
        hn::StoreU(acc[g][v], d, y + (p - p0 + g) * kPanel + v * kLanes);
  }
  for (; p < p1; ++p) {
    const float *panel = packed + p * K * kPanel;
    for (int64_t v = 0; v < kPanelVecs; ++v) {
      VF acc = hn::Zero(d);
      for (int64_t k = 0; k < K; ++k)
        acc = hn::MulAdd(hn::Set(d, x[k]),
                         hn::LoadU(d, panel + k * kPanel + v * kLanes), acc);
      hn::StoreU(acc, d, y + (p - p0) * kPanel + v * kLanes);
    }
  }
}

/// The dot product of x and one row, two vector accumulators wide (the
/// order every row uses).
HWY_INLINE float DotRow(DF d, const float *HWY_RESTRICT x,
                        const float *HWY_RESTRICT row, int64_t K) {
  VF acc0 = hn::Zero(d), acc1 = hn::Zero(d);
  int64_t k = 0;
  for (; k + 2 * kLanes <= K; k += 2 * kLanes) {
    acc0 = hn::MulAdd(hn::LoadU(d, x + k), hn::LoadU(d, row + k), acc0);
    acc1 = hn::MulAdd(hn::LoadU(d, x + k + kLanes),
                      hn::LoadU(d, row + k + kLanes), acc1);
  }
  for (; k < K; k += kLanes) {
    const int64_t n = std::min(kLanes, K - k);
    acc0 = hn::MulAdd(LoadN(d, x + k, n), LoadN(d, row + k, n), acc0);
  }
  return hn::GetLane(hn::SumOfLanes(d, hn::Add(acc0, acc1)));
}

/// y[i] = dot(x, rows[i * ldr ..][0..K)), i < count: four rows at a time
/// share the loads of x.
void GemvRows(const float *HWY_RESTRICT x, int64_t K,
              const float *HWY_RESTRICT rows, int64_t ldr, int64_t count,
              float *HWY_RESTRICT y) {
  const DF d;
  int64_t i = 0;
  for (; i + 4 <= count; i += 4) {
    const float *r0 = rows + i * ldr;
    const float *r1 = r0 + ldr, *r2 = r1 + ldr, *r3 = r2 + ldr;
    VF a0 = hn::Zero(d), a1 = a0, a2 = a0, a3 = a0;
    VF b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    int64_t k = 0;
    for (; k + 2 * kLanes <= K; k += 2 * kLanes) {
      const VF x0 = hn::LoadU(d, x + k), x1 = hn::LoadU(d, x + k + kLanes);
      a0 = hn::MulAdd(x0, hn::LoadU(d, r0 + k), a0);
      b0 = hn::MulAdd(x1, hn::LoadU(d, r0 + k + kLanes), b0);
      a1 = hn::MulAdd(x0, hn::LoadU(d, r1 + k), a1);
      b1 = hn::MulAdd(x1, hn::LoadU(d, r1 + k + kLanes), b1);
      a2 = hn::MulAdd(x0, hn::LoadU(d, r2 + k), a2);
      b2 = hn::MulAdd(x1, hn::LoadU(d, r2 + k + kLanes), b2);
      a3 = hn::MulAdd(x0, hn::LoadU(d, r3 + k), a3);
      b3 = hn::MulAdd(x1, hn::LoadU(d, r3 + k + kLanes), b3);
    }
    for (; k < K; k += kLanes) {
      const int64_t n = std::min(kLanes, K - k);
      const VF x0 = LoadN(d, x + k, n);
      a0 = hn::MulAdd(x0, LoadN(d, r0 + k, n), a0);
      a1 = hn::MulAdd(x0, LoadN(d, r1 + k, n), a1);
      a2 = hn::MulAdd(x0, LoadN(d, r2 + k, n), a2);
      a3 = hn::MulAdd(x0, LoadN(d, r3 + k, n), a3);
    }
    y[i] = hn::GetLane(hn::SumOfLanes(d, hn::Add(a0, b0)));
    y[i + 1] = hn::GetLane(hn::SumOfLanes(d, hn::Add(a1, b1)));
    y[i + 2] = hn::GetLane(hn::SumOfLanes(d, hn::Add(a2, b2)));
    y[i + 3] = hn::GetLane(hn::SumOfLanes(d, hn::Add(a3, b3)));
  }
  for (; i < count; ++i)
    y[i] = DotRow(d, x, rows + i * ldr, K);
}

/// c[i * cs] = act(alpha * y[i] + bias[i * bs] + beta * c[i * cs] +
/// res[i * rs]) for i < count; bias and res may be null.
HWY_NOINLINE void VectorEpilogue(const float *HWY_RESTRICT y, int64_t count,
                                 float *HWY_RESTRICT c, int64_t cs,
                                 const float *HWY_RESTRICT bias, int64_t bs,
                                 const float *HWY_RESTRICT res, int64_t rs,
                                 float alpha, float beta,
                                 const Activation &act) {
  const DF d;
  alignas(64) float buffer[kLanes];
  // n floats from p with stride s as a vector.
  auto gather = [&](const float *p, int64_t s, int64_t n) HWY_ATTR {
    if (s == 1)
      return LoadN(d, p, n);
    for (int64_t i = 0; i < kLanes; ++i)
      buffer[i] = i < n ? p[s == 0 ? 0 : i * s] : 0.0f;
    return hn::Load(d, buffer);
  };
  for (int64_t i = 0; i < count; i += kLanes) {
    const int64_t n = std::min(kLanes, count - i);
    VF v = hn::Mul(hn::Set(d, alpha), LoadN(d, y + i, n));
    if (bias)
      v = hn::Add(v, gather(bias + i * bs, bs, n));
    if (beta != 0.0f)
      v = hn::MulAdd(hn::Set(d, beta), gather(c + i * cs, cs, n), v);
    if (res)
      v = hn::Add(v, gather(res + i * rs, rs, n));
    v = Activate(d, v, act);
    if (cs == 1) {
      StoreN(v, d, c + i, n);
    } else {
      hn::Store(v, d, buffer);
      for (int64_t j = 0; j < n; ++j)
        c[(i + j) * cs] = buffer[j];
    }
  }
}

/// Outputs per chunk of a matrix-vector product (a multiple of every
/// target's vector loop, and of a panel).
constexpr int64_t kGemvChunk = 256;

/// M == 1 or N == 1. `vector` has room for K floats (a strided operand is
/// gathered there).
void Gemv(const GemmProblem &g, float *HWY_RESTRICT vector) {
  const NablaEpilogue &ep = g.epilogue;
  const bool rowVector = g.M == 1;
  const int64_t K = g.K;
  // x: the vector operand, contiguous.
  const float *x;
  if (rowVector) {
    x = g.A;
    if (g.transA && g.lda != 1 && K > 1) {
      for (int64_t k = 0; k < K; ++k)
        vector[k] = g.A[k * g.lda];
      x = vector;
    }
  } else {
    x = g.B;
    int64_t stride = g.packedB ? kPanel : g.transB ? 1 : g.ldb;
    if (stride != 1 && K > 1) {
      for (int64_t k = 0; k < K; ++k)
        vector[k] = g.B[k * stride];
      x = vector;
    }
  }
  const int64_t outputs = rowVector ? g.N : g.M;
  Activation act;
  act.kind = ep.activation;
  act.alpha = ep.act_alpha;
  act.beta = ep.act_beta;
  const bool perOutputBias =
      ep.bias &&
      ep.bias_kind == (rowVector ? NABLA_BIAS_PER_COLUMN : NABLA_BIAS_PER_ROW);
  const bool sharedBias =
      ep.bias && ep.bias_kind != NABLA_BIAS_NONE && !perOutputBias;
  const int64_t cs = rowVector ? 1 : g.ldc;
  const int64_t rs = rowVector ? 1 : ep.ldr;

  auto chunks = [&](int64_t begin, int64_t end) HWY_ATTR {
    alignas(64) float y[kGemvChunk];
    for (int64_t chunk = begin; chunk < end; ++chunk) {
      const int64_t o0 = chunk * kGemvChunk;
      const int64_t count = std::min(kGemvChunk, outputs - o0);
      if (rowVector) {
        if (g.packedB)
          GemvPanels(x, K, g.B, o0 / kPanel, (o0 + count + kPanel - 1) / kPanel,
                     y);
        else if (g.transB)
          GemvRows(x, K, g.B + o0 * g.ldb, g.ldb, count, y);
        else
          GemvColumns(x, K, g.B + o0, g.ldb, count, y);
      } else {
        if (g.transA)
          GemvColumns(x, K, g.A + o0, g.lda, count, y);
        else
          GemvRows(x, K, g.A + o0 * g.lda, g.lda, count, y);
      }
      const float *bias = perOutputBias ? ep.bias + o0
                          : sharedBias  ? ep.bias
                                        : nullptr;
      VectorEpilogue(y, count, g.C + o0 * cs, cs, bias, perOutputBias ? 1 : 0,
                     ep.residual ? ep.residual + o0 * rs : nullptr, rs, g.alpha,
                     ep.beta, act);
    }
  };
  const int64_t numChunks = (outputs + kGemvChunk - 1) / kGemvChunk;
  const int64_t threads = threadsFor(g.M, g.N, K, nabla_parallel_threads());
  if (threads <= 1 || numChunks == 1)
    chunks(0, numChunks);
  else
    nabla::parallelFor(numChunks, 1, chunks);
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// nabla_sgemm_pack_b for this target (the bits are the same on all).
void PackB(int64_t K, int64_t N, bool transB, const float *B, int64_t ldb,
           float *packed) {
  const int64_t panels = (N + kPanel - 1) / kPanel;
  PackPanels(B, ldb, transB, K, N, 0, panels, 0, packed);
}

/// Whether C = A B^T (B^T not packed) runs as C^T = B A^T, with B read in
/// place as the new A and only A packed, C stored transposed: when A is the
/// smaller operand and fills whole panels (M = batch 32, 64, 128 in
/// training's input gradient dY W^T). It saves packing B^T (a cost per
/// flop of 1/M) for a transposed store per tile (1/K): measured worth it
/// from K > 2M (64 x 512 x 784: 150 -> 192 GFLOP/s; 64 x 512 x 128: 5 %
/// slower).
bool swapsOperands(const GemmProblem &g) {
  const int64_t padded = (g.M + kPanel - 1) / kPanel * kPanel;
  return g.transB && !g.packedB && !g.transposedC && g.M < g.N &&
         g.K > 2 * g.M && (padded - g.M) * 8 <= g.M;
}

bool SgemmBlocked(const GemmProblem &g);

/// One validated product; false when scratch memory ran out (C untouched).
bool Sgemm(const GemmProblem &g) {
  if (g.M == 0 || g.N == 0)
    return true;
  if (g.bRows)
    return SgemmBlocked(g);
  if (g.M == 1 || g.N == 1) {
    const bool gathers = g.M == 1 ? g.transA : !g.transB;
    ScratchLease vector(kScratchVector, gathers ? g.K : 0);
    if (gathers && g.K > 0 && !vector)
      return false;
    Gemv(g, vector.data());
    return true;
  }
  if (swapsOperands(g)) {
    GemmProblem s = g;
    s.M = g.N;
    s.N = g.M;
    s.A = g.B; // B^T is N x K: rows of the new A
    s.lda = g.ldb;
    s.transA = false;
    s.B = g.A; // op(new B) = op(A)^T
    s.ldb = g.lda;
    s.transB = !g.transA;
    s.transposedC = true;
    return SgemmBlocked(s);
  }
  return SgemmBlocked(g);
}

/// A product with M, N > 1 through the blocked kernels.
bool SgemmBlocked(const GemmProblem &g) {
  const int64_t panels = (g.N + kPanel - 1) / kPanel;
  const int64_t rowTiles = (g.M + kMR - 1) / kMR;
  const int64_t threads = threadsFor(g.M, g.N, g.K, nabla_parallel_threads());
  const Split split = chooseSplit(g.M, g.N, kMR, threads);
  Plan plan = planFor(g);
  const KBlocks blocks = kBlocks(g.K, plan.maxKc());

  // Panels to pack: all of op(B), or the partial last one of a B read in
  // place, or none.
  int64_t packFirst = 0, packCount = 0;
  if (!g.packedB && !g.bRows) {
    packFirst = plan.directB ? g.N / kPanel : 0;
    packCount = panels - packFirst;
  }
  ScratchLease packedLease(kScratchPackedB, packCount * g.K * kPanel);
  const int64_t aFloats = plan.packA ? kMc * blocks.size : 0;
  ScratchLease aLease(kScratchPackedA, aFloats * split.items());
  if ((packCount * g.K && !packedLease) || (aFloats && !aLease))
    return false;

  // With K == 0 nothing is packed, but tiles still offset the pointer.
  static const float kNoPanel[kPanel] = {};
  plan.packed = g.packedB             ? g.B
                : packCount * g.K > 0 ? packedLease.data()
                                      : kNoPanel;
  // Panels [begin, end) of op(B) into the packed buffer (those that are
  // packed at all).
  auto pack = [&](int64_t begin, int64_t end) HWY_ATTR {
    begin = std::max(begin, packFirst);
    if (begin < end)
      PackPanels(g.B, g.ldb, g.transB, g.K, g.N, begin, end, packFirst,
                 packedLease.data());
  };
  // When the threads split the panels, each packs its own, in its own cache
  // and without a fork-join of its own; when they split the rows, all of
  // them read every panel, packed first by all of them.
  const bool packInItems = split.mParts == 1;
  if (packCount && !packInItems)
    nabla::parallelFor(panels, 1, pack);

  auto items = [&](int64_t begin, int64_t end) HWY_ATTR {
    for (int64_t item = begin; item < end; ++item) {
      const int64_t mPart = item / split.nParts, nPart = item % split.nParts;
      const int64_t rowBegin = partBegin(mPart, split.mParts, rowTiles) * kMR;
      const int64_t rowEnd =
          std::min(g.M, partBegin(mPart + 1, split.mParts, rowTiles) * kMR);
      const int64_t panelBegin = partBegin(nPart, split.nParts, panels);
      const int64_t panelEnd = partBegin(nPart + 1, split.nParts, panels);
      if (packCount && packInItems)
        pack(panelBegin, panelEnd);
      RunBlock(g, plan, rowBegin, rowEnd, panelBegin, panelEnd,
               aLease.data() + item * aFloats);
    }
  };
  if (split.items() == 1)
    items(0, 1);
  else
    nabla::parallelFor(split.items(), 1, items);
  return true;
}

} // namespace nabla::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // NABLA_RUNTIME_KERNELS_SGEMM_INL_H_ toggle
