//===- Conv.cpp - 2-D convolution and pooling over NCHW tensors -----------===//
//
// Design:
//
// * Convolutions with several input channels per group run as matrix
//   products through nabla_sgemm and its fused epilogue: for image n and
//   group g, y[n, g] (Fg x P, P = out_height * out_width) = W_g (Fg x depth,
//   depth = C/groups * kernel_h * kernel_w) times the image's columns
//   (depth x P: im2col, in thread-local scratch), with the bias per row
//   (per filter), the residual and the activation. A 1 x 1 window of stride
//   1 without padding reads the image itself as its columns.
// * Deep enough columns (64 rows or more) of images that are not folded are
//   never built: the image is copied once, padded and split by stride
//   phase (PhasePlanes), and the product reads each row of its columns as
//   consecutive floats of that copy from a per-row offset (an implicit B,
//   GemmProblem::bRows). Its output rows are then padded to the copy's row
//   length; the tiles store only the real outputs (GemmProblem::cSegment).
//   The padding columns cost tiles, so the shape decides (implicitPays):
//   resnet18's 3 x 3 layers ran 10-25 % faster, its stem 1.3x.
// * Small images (P < 96) without a residual are folded: the columns of a
//   chunk of images side by side make one product about 192 columns wide
//   (the GEMM's tiles are 32 columns: 3 x 3 outputs alone would waste 70 %
//   of them), stored to scratch, then each image's outputs copied to y. The
//   chunk's images are interleaved first (image innermost), so that im2col
//   copies runs of out_width * images floats instead of out_width (a row of
//   3 floats cost more in bookkeeping than in copying: 5 x 5 -> 3 x 3
//   convolutions ran 2x faster).
// * Threads: whole products (a chunk of images and a group) per thread
//   when there are enough to share evenly; otherwise one product after the
//   other, each split by nabla_sgemm and its im2col split by channels. The
//   chunks depend on the thread count, but no output does: nabla_sgemm sums
//   each output in an order that depends on K and M, never on N or on the
//   column (save N == 1, a matrix-vector product, which a chunk of one
//   image with P == 1 would be: such chunks keep two images).
// * Depthwise convolutions (one input channel per group, and fewer than 12
//   filters per group: more make a register tile of rows) run directly on
//   each input plane, copied with its padding into thread-local scratch,
//   its columns split by phase modulo the stride (Conv-inl.h, PaddedPlane),
//   so that every tap of a row of outputs is a contiguous vector load and
//   nothing checks bounds. Blocks of 2 rows x 4 vectors (8 independent
//   accumulators) sum the taps, then get the epilogue in registers.
// * Pooling is separable: the rows of each window reduce to one row, laid
//   out like a row of a PaddedPlane, whose taps each output then reduces.
// * Depthwise convolutions and pooling give the threads whole planes.
//
//===----------------------------------------------------------------------===//

#include "runtime/kernels/Target.h"

// clang-format off
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "runtime/kernels/Conv-inl.h"
#include "hwy/foreach_target.h"
// clang-format on

#include "runtime/kernels/Conv-inl.h"

#if HWY_ONCE

#include "runtime/ThreadPool.h"
#include "runtime/kernels/ConvInternal.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/kernels/SgemmInternal.h"

#include <algorithm>
#include <atomic>

namespace nabla::kernels {
namespace {

using DepthwiseFn = bool (*)(const NablaConv2dShape &, const float *,
                             const float *, float *, const NablaEpilogue &);
const DepthwiseFn kDepthwise[kNumTargets] = NABLA_KERNEL_TABLE(Depthwise);
using PoolFn = bool (*)(int32_t, const NablaConv2dShape &, const float *,
                        float *);
const PoolFn kPool[kNumTargets] = NABLA_KERNEL_TABLE(Pool);
using Im2colFn = void (*)(const NablaConv2dShape &, const float *, int64_t,
                          int64_t, int64_t, float *, int64_t);
const Im2colFn kIm2col[kNumTargets] = NABLA_KERNEL_TABLE(Im2col);

/// Outputs per image below which images are folded, and the columns a
/// folded product aims at (6 panels).
constexpr int64_t kFoldBelow = 96;
constexpr int64_t kFoldColumns = 192;
/// Columns of one image are built a block of output rows at a time when
/// they would exceed about 96 Ki floats (384 KiB: with a block of weights,
/// within the 1 MiB L2), in blocks at least 128 columns wide.
constexpr int64_t kColumnBlockFloats = 96 * 1024;
constexpr int64_t kMinBlockColumns = 128;
/// Filters per group from which a convolution with one input channel per
/// group runs as matrix products rather than the depthwise kernel: a
/// register tile of rows. (A first layer of 1 channel and 32 filters, the
/// MNIST CNN's: 1.45x faster; 8 filters: even; 4: 1.5x slower.)
constexpr int64_t kMinProductFilters = 12;
/// Rows of columns (depth) from which an implicit product may pay.
constexpr int64_t kMinImplicitDepth = 64;
/// Floats of columns per chunk of a parallel im2col (whole channels).
constexpr int64_t kIm2colGrain = 16 * 1024;
/// nabla_kernels_set_conv_columns's mode.
std::atomic<int32_t> convColumns{NABLA_CONV_COLUMNS_AUTO};
/// Sizes and element counts past which a shape is rejected: beyond any
/// memory, and far enough below 2^63 that no index arithmetic overflows.
constexpr double kMaxElements = 0x1p48;

} // namespace

//===----------------------------------------------------------------------===//
// Validation (ConvInternal.h)
//===----------------------------------------------------------------------===//

bool geometryOk(const NablaConv2dShape &s, int64_t outChannels) {
  for (int64_t v : {s.batch, s.channels, s.height, s.width, outChannels,
                    s.out_height, s.out_width, s.kernel_h, s.kernel_w,
                    s.stride_h, s.stride_w, s.dilation_h, s.dilation_w})
    if (v < 1 || double(v) > kMaxElements)
      return false;
  for (int64_t pad : {s.pad_top, s.pad_left, s.pad_bottom, s.pad_right})
    if (pad < 0 || double(pad) > kMaxElements)
      return false;
  // Sizes are below 2^48: products of two of them fit in int64.
  if ((s.out_height - 1) * s.stride_h - s.pad_top >= s.height + s.pad_bottom ||
      (s.out_width - 1) * s.stride_w - s.pad_left >= s.width + s.pad_right)
    return false;
  // A PaddedPlane: the windows' extent, with room for the rounding of the
  // phases.
  const double extentH = double(s.out_height - 1) * double(s.stride_h) +
                         double(s.kernel_h - 1) * double(s.dilation_h) + 1;
  const double extentW = double(s.out_width - 1) * double(s.stride_w) +
                         double(s.kernel_w - 1) * double(s.dilation_w) + 1;
  return double(s.batch) * double(s.channels) * double(s.height) *
                 double(s.width) <
             kMaxElements &&
         double(s.batch) * double(outChannels) * double(s.out_height) *
                 double(s.out_width) <
             kMaxElements &&
         extentH * (extentW + 64 * double(s.stride_w)) < kMaxElements;
}

bool convShapeOk(const NablaConv2dShape &s) {
  if (!geometryOk(s, s.filters) || s.groups < 1 || s.channels % s.groups ||
      s.filters % s.groups)
    return false;
  const double depth =
      double(s.channels / s.groups) * double(s.kernel_h) * double(s.kernel_w);
  const double outPlane = double(s.out_height) * double(s.out_width);
  return double(s.filters) * depth < kMaxElements &&
         depth * (outPlane + 2 * kFoldColumns) < kMaxElements;
}

int32_t checkConv(const NablaConv2dShape &s, const float *x, const float *w,
                  float *y, const NablaEpilogue *epilogue, NablaEpilogue &ep) {
  if (!x || !w || !y || !convShapeOk(s))
    return kInvalid;
  if (epilogue)
    ep = *epilogue;
  // Either bias kind is one value per filter (the header's contract).
  if (ep.beta != 0.0f || ep.bias_kind < NABLA_BIAS_NONE ||
      ep.bias_kind > NABLA_BIAS_PER_ROW ||
      ep.activation < NABLA_ACTIVATION_NONE ||
      ep.activation > NABLA_ACTIVATION_GELU_TANH)
    return kInvalid;
  if (ep.bias_kind == NABLA_BIAS_NONE)
    ep.bias = nullptr;
  else if (!ep.bias)
    return kInvalid;
  return kOk;
}

int64_t columnBlockRows(const NablaConv2dShape &s, int64_t depth,
                        int64_t minColumns) {
  const int64_t rows = std::max<int64_t>(
      {1, kColumnBlockFloats / std::max<int64_t>(1, depth * s.out_width),
       (minColumns + s.out_width - 1) / s.out_width});
  return std::min(rows, s.out_height);
}

void im2colRowBlock(const NablaConv2dShape &s, const float *image,
                    int64_t channels, int64_t oh0, int64_t rows,
                    float *columns, int64_t ld) {
  NablaConv2dShape block = s;
  block.out_height = rows;
  block.pad_top = s.pad_top - oh0 * s.stride_h;
  kIm2col[int(currentTarget())](block, image, 1, 0, channels, columns, ld);
}

bool poolWindowsOk(const NablaConv2dShape &s) {
  if (!geometryOk(s, s.channels))
    return false;
  for (int64_t oh = 0; oh < s.out_height; ++oh)
    if (!tapsInside(oh * s.stride_h - s.pad_top, s.kernel_h, s.dilation_h, 0,
                    s.height))
      return false;
  for (int64_t ow = 0; ow < s.out_width; ++ow)
    if (!tapsInside(ow * s.stride_w - s.pad_left, s.kernel_w, s.dilation_w, 0,
                    s.width))
      return false;
  return true;
}

namespace {

//===----------------------------------------------------------------------===//
// Convolution as matrix products
//===----------------------------------------------------------------------===//

/// dst[e * images + b] = src[b * imageStride + e] for e < floats: the
/// images innermost.
void interleave(const float *src, int64_t images, int64_t imageStride,
                int64_t floats, float *dst) {
  for (int64_t b = 0; b < images; ++b) {
    const float *image = src + b * imageStride;
    for (int64_t e = 0; e < floats; ++e)
      dst[e * images + b] = image[e];
  }
}

/// The input of one image and group laid out for an implicit product: per
/// channel, one plane per stride phase (a, b) < (stride_h, stride_w), of
/// `rows` x `cols`, holding padded element (u * stride_h + a, v * stride_w +
/// b) at [u][v] (0 outside the input). Tap (i, j) of output (oh, ow) is
/// then element [oh + i * dilation_h / stride_h][ow + j * dilation_w /
/// stride_w] of phase (i * dilation_h % stride_h, j * dilation_w %
/// stride_w): for every tap, the outputs of a row, and a row's next row,
/// are consecutive floats. So the product W (filters x depth) times the
/// columns reads row (c, i, j) of the columns as the floats from
/// offset(c, i, j) on, each output row padded to `cols` columns whose last
/// cols - out_width are not outputs (GemmProblem::bRows, cSegment): no
/// im2col, and the image is copied once instead of kernel_h * kernel_w
/// times.
struct PhasePlanes {
  int64_t rows, cols;
  PhasePlanes(const NablaConv2dShape &s)
      : rows(s.out_height + (s.kernel_h - 1) * s.dilation_h / s.stride_h),
        cols(s.out_width + (s.kernel_w - 1) * s.dilation_w / s.stride_w) {}
  int64_t plane() const { return rows * cols; }
  int64_t channel(const NablaConv2dShape &s) const {
    return s.stride_h * s.stride_w * plane();
  }
  /// The product's columns: out_height rows of `cols`.
  int64_t width(const NablaConv2dShape &s) const {
    return s.out_height * cols;
  }
  /// Floats for `channels` channels: the tiles of the last panel read up to
  /// kPanel - 1 floats past the last row of the last plane, and its taps
  /// cols - out_width more.
  int64_t floats(const NablaConv2dShape &s, int64_t channels) const {
    return channels * channel(s) + cols + kPanel;
  }
  /// Where row (c, i, j) of the columns starts.
  int64_t offset(const NablaConv2dShape &s, int64_t c, int64_t i,
                 int64_t j) const {
    const int64_t di = i * s.dilation_h, dj = j * s.dilation_w;
    return c * channel(s) +
           (di % s.stride_h * s.stride_w + dj % s.stride_w) * plane() +
           di / s.stride_h * cols + dj / s.stride_w;
  }
  /// Lays out channels [begin, end) of `src` (channels of height x width)
  /// into dst (laid out from channel 0).
  void fill(const NablaConv2dShape &s, const float *src, int64_t begin,
            int64_t end, float *dst) const {
    for (int64_t c = begin; c < end; ++c)
      for (int64_t a = 0; a < s.stride_h; ++a)
        for (int64_t b = 0; b < s.stride_w; ++b) {
          float *out = dst + c * channel(s) + (a * s.stride_w + b) * plane();
          // Column v holds input column v * stride_w + shift, inside the
          // input for v in [v0, v1).
          const int64_t shift = b - s.pad_left;
          const auto [v0, v1] = insideRange(shift, s.stride_w, s.width, cols);
          for (int64_t u = 0; u < rows; ++u, out += cols) {
            const int64_t r = u * s.stride_h + a - s.pad_top;
            if (r < 0 || r >= s.height) {
              std::fill(out, out + cols, 0.0f);
              continue;
            }
            const float *in = src + (c * s.height + r) * s.width;
            std::fill(out, out + v0, 0.0f);
            if (s.stride_w == 1)
              std::copy(in + v0 + shift, in + v1 + shift, out + v0);
            else
              for (int64_t v = v0; v < v1; ++v)
                out[v] = in[v * s.stride_w + shift];
            std::fill(out + v1, out + cols, 0.0f);
          }
        }
  }
};

/// A convolution with several input channels per group (validated), as one
/// product per item: a chunk of images (chunk k holds images
/// [k * batch / chunks, (k + 1) * batch / chunks)) and a group.
class GemmConv {
public:
  GemmConv(const NablaConv2dShape &s, const float *x, const float *w, float *y,
           const NablaEpilogue &ep)
      : s(s), x(x), w(w), y(y), ep(ep), cg(s.channels / s.groups),
        fg(s.filters / s.groups), depth(cg * s.kernel_h * s.kernel_w),
        inPlane(s.height * s.width), outPlane(s.out_height * s.out_width),
        direct(s.kernel_h == 1 && s.kernel_w == 1 && s.stride_h == 1 &&
               s.stride_w == 1 && s.pad_top == 0 && s.pad_left == 0 &&
               s.out_height == s.height && s.out_width == s.width),
        blockRows(columnBlockRows(s, depth, kMinBlockColumns)), planes(s) {}

  int32_t run() {
    const int64_t threads = nabla_parallel_threads();
    chooseChunks(threads);
    implicit = implicitPays();
    // The implicit products' row table, the same for every item.
    ScratchLease table(kScratchRowTable,
                       implicit ? depth * int64_t(sizeof(int64_t) / sizeof(float))
                                : 0);
    if (implicit) {
      if (!table)
        return kOutOfMemory;
      int64_t *rows = reinterpret_cast<int64_t *>(table.data());
      for (int64_t c = 0; c < cg; ++c)
        for (int64_t i = 0; i < s.kernel_h; ++i)
          for (int64_t j = 0; j < s.kernel_w; ++j)
            rows[(c * s.kernel_h + i) * s.kernel_w + j] =
                planes.offset(s, c, i, j);
      rowTable = rows;
    }
    const int64_t items = chunks * s.groups;
    // Whole products per thread, as nabla_sgemm_batched spreads them: when
    // they divide evenly or there are many, and the work is worth a
    // fork-join.
    const bool perItem =
        threads > 1 && items >= threads &&
        (items % threads == 0 || items >= 4 * threads) &&
        threadsFor(s.batch * s.filters, outPlane, depth, threads) > 1;
    if (!perItem) {
      for (int64_t item = 0; item < items; ++item)
        if (int32_t status = runItem(item))
          return status;
      return kOk;
    }
    std::atomic<int32_t> status{kOk};
    nabla::parallelFor(items, 1, [&](int64_t begin, int64_t end) {
      for (int64_t item = begin; item < end; ++item)
        if (int32_t itemStatus = runItem(item))
          status.store(itemStatus, std::memory_order_relaxed);
    });
    return status.load();
  }

private:
  /// Picks `chunks` and `folded`.
  void chooseChunks(int64_t threads) {
    const int64_t batch = s.batch;
    chunks = batch;
    folded = false;
    if (ep.residual || outPlane >= kFoldBelow || batch == 1)
      return;
    const int64_t perChunk =
        std::min(batch, (kFoldColumns + outPlane - 1) / outPlane);
    chunks = (batch + perChunk - 1) / perChunk;
    // Whole items for every thread where there are images enough; a chunk
    // of P == 1 keeps 2 images (see the design note).
    const int64_t maxChunks = outPlane == 1 ? batch / 2 : batch;
    if (threads > 1)
      for (int64_t c = chunks; c <= maxChunks; ++c)
        if (c * s.groups % threads == 0) {
          chunks = c;
          break;
        }
    folded = chunks < batch;
  }

  /// Whether a product reads its image through PhasePlanes rather than
  /// im2col: its tiles then also cover the padding columns of each output
  /// row, which must cost less than building the columns.
  bool implicitPays() const {
    if (direct || folded)
      return false;
    switch (convColumns.load(std::memory_order_relaxed)) {
    case NABLA_CONV_COLUMNS_IM2COL:
      return false;
    case NABLA_CONV_COLUMNS_IMPLICIT:
      return true;
    default:
      break;
    }
    // Below some 64 rows of columns, the tiles' stores (per output row
    // where their columns cross one) cost more than im2col (CIFAR conv 1,
    // 3 channels: 1.5x slower).
    if (depth < kMinImplicitDepth)
      return false;
    const int64_t implicitPanels = (planes.width(s) + kPanel - 1) / kPanel;
    const int64_t im2colPanels = (outPlane + kPanel - 1) / kPanel;
    return implicitPanels * 8 <= im2colPanels * 9;
  }

  /// The product of an item of one image through PhasePlanes.
  int32_t runImplicit(const float *in, const float *weights, float *out,
                      const NablaEpilogue &e) const {
    const int64_t floats = planes.floats(s, cg);
    ScratchLease laidOut(kScratchPlane, floats);
    if (!laidOut)
      return kOutOfMemory;
    float *dst = laidOut.data();
    const int64_t channelFloats = planes.channel(s);
    nabla::parallelFor(cg, std::max<int64_t>(1, kIm2colGrain / channelFloats),
                       [&](int64_t begin, int64_t end) {
                         planes.fill(s, in, begin, end, dst);
                       });
    std::fill(dst + cg * channelFloats, dst + floats, 0.0f);
    GemmProblem g;
    g.M = fg;
    g.N = planes.width(s);
    g.K = depth;
    g.A = weights;
    g.lda = depth;
    g.B = dst;
    g.bRows = rowTable;
    g.C = out;
    g.ldc = outPlane;
    g.cSegment = planes.cols;
    g.cValid = s.out_width;
    g.epilogue = e;
    return runSgemm(g);
  }

  /// The product of one item, its columns built first.
  int32_t runItem(int64_t item) const {
    const int64_t chunk = item / s.groups, g = item % s.groups;
    const int64_t n0 = partBegin(chunk, chunks, s.batch);
    const int64_t images = partBegin(chunk + 1, chunks, s.batch) - n0;
    const float *weights = w + g * fg * depth;
    const float *in = x + (n0 * s.channels + g * cg) * inPlane;
    float *out = y + (n0 * s.filters + g * fg) * outPlane;
    NablaEpilogue e{};
    if (ep.bias) {
      e.bias = ep.bias + g * fg;
      e.bias_kind = NABLA_BIAS_PER_ROW;
    }
    e.activation = ep.activation;
    e.act_alpha = ep.act_alpha;
    e.act_beta = ep.act_beta;
    if (ep.residual) {
      e.residual = ep.residual + (out - y);
      e.ldr = outPlane;
    }
    if (direct && !folded)
      return nabla_sgemm(0, fg, outPlane, cg, 1.0f, weights, depth, in, inPlane,
                         out, outPlane, &e);
    if (implicit)
      return runImplicit(in, weights, out, e);

    // A chunk of images is interleaved first, so that its columns are too
    // (see Im2col); rows of the columns start on cache lines.
    const float *src = in;
    ScratchLease interleaved(kScratchPlane, folded ? cg * inPlane * images : 0);
    if (folded) {
      if (!interleaved)
        return kOutOfMemory;
      interleave(in, images, s.channels * inPlane, cg * inPlane,
                 interleaved.data());
      src = interleaved.data();
    }
    if (!folded && blockRows < s.out_height)
      return runRowBlocks(src, weights, out, e);
    const int64_t width = images * outPlane;
    const int64_t ld = (width + 15) / 16 * 16;
    ScratchLease columns(kScratchColumns, depth * ld);
    if (!columns)
      return kOutOfMemory;
    // Split over the threads unless items are (this is then serial).
    const Im2colFn im2col = kIm2col[int(currentTarget())];
    const int64_t channelFloats = depth / cg * width;
    nabla::parallelFor(cg, std::max<int64_t>(1, kIm2colGrain / channelFloats),
                       [&](int64_t begin, int64_t end) {
                         im2col(s, src, images, begin, end, columns.data(), ld);
                       });
    if (!folded)
      return nabla_sgemm(0, fg, outPlane, depth, 1.0f, weights, depth,
                         columns.data(), ld, out, outPlane, &e);

    ScratchLease product(kScratchConvOutput, fg * ld);
    if (!product)
      return kOutOfMemory;
    if (int32_t status =
            nabla_sgemm(0, fg, width, depth, 1.0f, weights, depth,
                        columns.data(), ld, product.data(), ld, &e))
      return status;
    // Output (f, p) of image b is product column p * images + b.
    for (int64_t b = 0; b < images; ++b)
      for (int64_t f = 0; f < fg; ++f) {
        float *o = out + (b * s.filters + f) * outPlane;
        const float *t = product.data() + f * ld + b;
        for (int64_t p = 0; p < outPlane; ++p)
          o[p] = t[p * images];
      }
    return kOk;
  }

  /// One image's product a few output rows at a time (blockRows), each
  /// block's columns built just before the product reads them, so that they
  /// stay in L2; the blocks are spread over the threads (unless items are).
  /// The blocks are the same for any thread count, and nabla_sgemm sums
  /// each output alike whatever the width of the product.
  int32_t runRowBlocks(const float *src, const float *weights, float *out,
                       const NablaEpilogue &e) const {
    const int64_t blocks = (s.out_height + blockRows - 1) / blockRows;
    std::atomic<int32_t> status{kOk};
    nabla::parallelFor(blocks, 1, [&](int64_t begin, int64_t end) {
      for (int64_t block = begin; block < end; ++block) {
        const int64_t oh0 = block * blockRows;
        const int64_t rows = std::min(blockRows, s.out_height - oh0);
        const int64_t width = rows * s.out_width;
        const int64_t ld = (width + 15) / 16 * 16;
        ScratchLease columns(kScratchColumns, depth * ld);
        if (!columns) {
          status.store(kOutOfMemory, std::memory_order_relaxed);
          continue;
        }
        im2colRowBlock(s, src, cg, oh0, rows, columns.data(), ld);
        NablaEpilogue blockEpilogue = e;
        if (e.residual)
          blockEpilogue.residual += oh0 * s.out_width;
        if (int32_t blockStatus = nabla_sgemm(
                0, fg, width, depth, 1.0f, weights, depth, columns.data(), ld,
                out + oh0 * s.out_width, outPlane, &blockEpilogue))
          status.store(blockStatus, std::memory_order_relaxed);
      }
    });
    return status.load();
  }

  const NablaConv2dShape &s;
  const float *x, *w;
  float *y;
  const NablaEpilogue &ep;
  const int64_t cg, fg;   // input channels and filters per group
  const int64_t depth;    // rows of the columns
  const int64_t inPlane;  // height * width
  const int64_t outPlane; // P
  const bool direct;      // an image is its own columns
  const int64_t blockRows; // output rows per block of one image's columns
  const PhasePlanes planes; // the layout of an implicit product's input
  int64_t chunks = 0;     // of images
  bool folded = false;    // chunks of several images share a product
  bool implicit = false;  // products read PhasePlanes, not im2col
  const int64_t *rowTable = nullptr; // the implicit products' bRows
};

int32_t sconv2d(const NablaConv2dShape *shape, const float *x, const float *w,
                float *y, const NablaEpilogue *epilogue) {
  if (!shape)
    return kInvalid;
  NablaEpilogue ep{};
  if (int32_t status = checkConv(*shape, x, w, y, epilogue, ep))
    return status;
  if (shape->channels == shape->groups &&
      shape->filters / shape->groups < kMinProductFilters)
    return kDepthwise[int(currentTarget())](*shape, x, w, y, ep) ? kOk
                                                                 : kOutOfMemory;
  return GemmConv(*shape, x, w, y, ep).run();
}

int32_t spool2d(int32_t kind, const NablaConv2dShape *shape, const float *x,
                float *y) {
  if (!shape || !x || !y || kind < NABLA_POOL_MAX ||
      kind > NABLA_POOL_AVERAGE_INCLUDE_PAD || !poolWindowsOk(*shape))
    return kInvalid;
  return kPool[int(currentTarget())](kind, *shape, x, y) ? kOk : kOutOfMemory;
}

} // namespace
} // namespace nabla::kernels

using namespace nabla::kernels;

//===----------------------------------------------------------------------===//
// The C interface
//===----------------------------------------------------------------------===//

extern "C" int32_t nabla_sconv2d(const NablaConv2dShape *shape, const float *x,
                                 const float *w, float *y,
                                 const NablaEpilogue *epilogue) {
  return reported(sconv2d(shape, x, w, y, epilogue), "nabla_sconv2d");
}

extern "C" int32_t nabla_kernels_set_conv_columns(int32_t mode) {
  if (mode < NABLA_CONV_COLUMNS_AUTO || mode > NABLA_CONV_COLUMNS_IMPLICIT)
    return 1;
  convColumns.store(mode, std::memory_order_relaxed);
  return 0;
}

extern "C" int32_t nabla_spool2d(int32_t kind, const NablaConv2dShape *shape,
                                 const float *x, float *y) {
  return reported(spool2d(kind, shape, x, y), "nabla_spool2d");
}

#endif // HWY_ONCE
