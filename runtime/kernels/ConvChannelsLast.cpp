//===- ConvChannelsLast.cpp - Convolution and pooling over NHWC tensors ---===//
//
// Design:
//
// * Channels last, an output position's taps are runs of channels. A
//   convolution with several input channels per group is then one product
//   whose rows are the output positions of the whole batch: y[p] (Fg
//   filters of group g) = the position's taps (row p of the "rows of taps"
//   matrix, K = kernel_h * kernel_w * C/groups long, tap-major) times the
//   group's weights as a K x Fg matrix, with the bias per column, the
//   residual and the activation in the product's epilogue, stored straight
//   into y (row stride: all the filters). Its rows are positions, the
//   register tile's broadcast side: no tile wastes columns on the edge of a
//   small image, as NCHW's products (one column per position) do on 7 x 7
//   or 13 x 13 outputs, and a batch of small images needs no folding.
// * Weights: nabla_sgemm's packed panels of that K x Fg matrix per group,
//   made at compile time (nabla_sconv2d_nhwc_pack_weights) or, without
//   NABLA_CONV_PACKED_WEIGHTS, by each call into scratch.
// * A 1 x 1 window of stride 1 without padding reads x itself as its rows
//   (row stride C, from the group's first channel). Otherwise the rows are
//   built a block of positions at a time, small enough to stay in L2, each
//   block's product right after; whole runs of channels (and of the
//   adjacent taps of a row, for one group and dilation 1) are copied at
//   once, by vectors (ConvChannelsLast-inl.h: runs of 3 to 64 floats, for
//   which memcpy calls cost as much as the product). The threads take
//   whole blocks, a few each (no output depends on the blocks: the products
//   read packed weights, whose sums follow K alone), or, when there are
//   too few, one product after the other, each split by nabla_sgemm.
// * Depthwise convolution and pooling (ConvChannelsLast-inl.h) reduce the
//   taps of each position along the channels, with vectors of channels.
//
//===----------------------------------------------------------------------===//

#include "runtime/kernels/Target.h"

// clang-format off
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "runtime/kernels/ConvChannelsLast-inl.h"
#include "hwy/foreach_target.h"
// clang-format on

#include "runtime/kernels/ConvChannelsLast-inl.h"

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
const DepthwiseFn kDepthwise[kNumTargets] =
    NABLA_KERNEL_TABLE(DepthwiseChannelsLast);
using PoolFn = bool (*)(int32_t, const NablaConv2dShape &, const float *,
                        float *);
const PoolFn kPool[kNumTargets] = NABLA_KERNEL_TABLE(PoolChannelsLast);
using FillTapRowsFn = void (*)(const NablaConv2dShape &, const float *, int64_t,
                               int64_t, int64_t, float *);
const FillTapRowsFn kFillTapRows[kNumTargets] = NABLA_KERNEL_TABLE(FillTapRows);

/// Floats of a block of rows of taps: about 96 Ki (384 KiB: with the
/// weights' panel, within the 1 MiB L2), and at least kMinBlockRows rows
/// (also the least width of a block of columns, with an NCHW input).
constexpr int64_t kRowBlockFloats = 96 * 1024;
constexpr int64_t kMinBlockRows = 48;

/// The flags nabla_sconv2d_nhwc and its packing know.
constexpr int32_t kConvFlags =
    NABLA_CONV_PACKED_WEIGHTS | NABLA_CONV_INPUT_NCHW;

/// One input channel and one filter per group.
bool isDepthwise(const NablaConv2dShape &s) {
  return s.channels == s.groups && s.filters == s.groups;
}

/// The packed floats of one group's product: nabla_sgemm_pack_b's panels of
/// a depth x Fg matrix.
int64_t groupFloats(const NablaConv2dShape &s) {
  const int64_t depth = s.channels / s.groups * s.kernel_h * s.kernel_w;
  const int64_t fg = s.filters / s.groups;
  return (fg + kPanel - 1) / kPanel * kPanel * depth;
}

int64_t packedFloats(const NablaConv2dShape &s) {
  return isDepthwise(s) ? s.kernel_h * s.kernel_w * s.filters
                        : s.groups * groupFloats(s);
}

/// nabla_sconv2d_nhwc_pack_weights (validated shape); nchwInput: the rows
/// in im2col's order (c, i, j), not tap-major.
void packWeights(const NablaConv2dShape &s, bool nchwInput, const float *w,
                 float *packed) {
  const int64_t taps = s.kernel_h * s.kernel_w;
  if (isDepthwise(s)) {
    for (int64_t t = 0; t < taps; ++t)
      for (int64_t f = 0; f < s.filters; ++f)
        packed[t * s.filters + f] = w[f * taps + t];
    return;
  }
  const int64_t cg = s.channels / s.groups, fg = s.filters / s.groups;
  const int64_t depth = cg * taps;
  for (int64_t g = 0; g < s.groups; ++g) {
    float *out = packed + g * groupFloats(s);
    // Panel p, row k = t * cg + c (c * taps + t), column j: filter
    // p * kPanel + j of the group, its weight (c, t); zero past the
    // group's last filter.
    for (int64_t p = 0; p * kPanel < fg; ++p)
      for (int64_t t = 0; t < taps; ++t)
        for (int64_t c = 0; c < cg; ++c) {
          const int64_t k = nchwInput ? c * taps + t : t * cg + c;
          float *row = out + (p * depth + k) * kPanel;
          for (int64_t j = 0; j < kPanel; ++j) {
            const int64_t f = p * kPanel + j;
            row[j] = f < fg ? w[((g * fg + f) * cg + c) * taps + t] : 0.0f;
          }
        }
  }
}

/// A convolution with several input channels per group (validated), as one
/// product per group and block of output positions.
class GemmConvChannelsLast {
public:
  GemmConvChannelsLast(const NablaConv2dShape &s, bool nchwInput,
                       const float *x, const float *w, float *y,
                       const NablaEpilogue &ep)
      : s(s), nchwInput(nchwInput), x(x), w(w), y(y), ep(ep),
        cg(s.channels / s.groups), fg(s.filters / s.groups),
        depth(cg * s.kernel_h * s.kernel_w),
        positions(s.batch * s.out_height * s.out_width),
        direct(!nchwInput && s.kernel_h == 1 && s.kernel_w == 1 &&
               s.stride_h == 1 && s.stride_w == 1 && s.pad_top == 0 &&
               s.pad_left == 0 && s.out_height == s.height &&
               s.out_width == s.width),
        blockRows(rowsPerBlock(positions, depth, nabla_parallel_threads())),
        columnRows(columnBlockRows(s, depth, kMinBlockRows)) {}

  int32_t run() const {
    if (direct) {
      for (int64_t g = 0; g < s.groups; ++g)
        if (int32_t status = product(g, 0, positions, x + g * cg, s.channels))
          return status;
      return kOk;
    }
    const int64_t blocks = nchwInput ? s.batch * blocksPerImage()
                                     : (positions + blockRows - 1) / blockRows;
    const int64_t items = blocks * s.groups;
    const int64_t threads = nabla_parallel_threads();
    // Whole blocks per thread when each gets a few; otherwise one block
    // after the other, each product split by nabla_sgemm.
    if (threads == 1 || items < 2 * threads) {
      for (int64_t item = 0; item < items; ++item)
        if (int32_t status = runBlock(item))
          return status;
      return kOk;
    }
    std::atomic<int32_t> status{kOk};
    nabla::parallelFor(items, 1, [&](int64_t begin, int64_t end) {
      for (int64_t item = begin; item < end; ++item)
        if (int32_t itemStatus = runBlock(item))
          status.store(itemStatus, std::memory_order_relaxed);
    });
    return status.load();
  }

private:
  /// Rows per block of rows of taps: about kRowBlockFloats (at least
  /// kMinBlockRows), and a few blocks per thread so that they share the
  /// work evenly. The products read packed weights, whose sums follow K
  /// alone, so no output depends on the blocks.
  static int64_t rowsPerBlock(int64_t positions, int64_t depth,
                              int64_t threads) {
    int64_t rows =
        std::max(kMinBlockRows, kRowBlockFloats / std::max<int64_t>(1, depth));
    if (threads > 1) {
      const int64_t share = (positions + 4 * threads - 1) / (4 * threads);
      rows = std::min(rows, std::max(kMinBlockRows, (share + 11) / 12 * 12));
    }
    return std::min(positions, rows);
  }

  int64_t blocksPerImage() const {
    return (s.out_height + columnRows - 1) / columnRows;
  }

  /// Rows [p0, p0 + rows) of group g's product, their rows of taps at `a`
  /// (row stride lda); with `columns`, a holds them transposed (im2col's
  /// columns: row k at a + k * lda).
  int32_t product(int64_t g, int64_t p0, int64_t rows, const float *a,
                  int64_t lda, bool columns = false) const {
    NablaEpilogue e{};
    if (ep.bias) {
      e.bias = ep.bias + g * fg;
      e.bias_kind = NABLA_BIAS_PER_COLUMN;
    }
    if (ep.residual) {
      e.residual = ep.residual + p0 * s.filters + g * fg;
      e.ldr = s.filters;
    }
    e.activation = ep.activation;
    e.act_alpha = ep.act_alpha;
    e.act_beta = ep.act_beta;
    const int32_t flags =
        NABLA_SGEMM_PACKED_B | (columns ? NABLA_SGEMM_TRANS_A : 0);
    return nabla_sgemm(flags, rows, fg, depth, 1.0f, a, lda,
                       w + g * groupFloats(s), 0, y + p0 * s.filters + g * fg,
                       s.filters, &e);
  }

  /// Item = block * groups + g: the block's rows of taps (or its columns,
  /// from an NCHW x), then its product.
  int32_t runBlock(int64_t item) const {
    const int64_t block = item / s.groups, g = item % s.groups;
    if (nchwInput) {
      // Output rows [oh0, oh0 + rows) of image n.
      const int64_t n = block / blocksPerImage();
      const int64_t oh0 = block % blocksPerImage() * columnRows;
      const int64_t rows = std::min(columnRows, s.out_height - oh0);
      const int64_t width = rows * s.out_width;
      const int64_t ld = (width + 15) / 16 * 16;
      ScratchLease lease(kScratchColumns, depth * ld);
      if (!lease)
        return kOutOfMemory;
      im2colRowBlock(s, x + (n * s.channels + g * cg) * s.height * s.width, cg,
                     oh0, rows, lease.data(), ld);
      return product(g, (n * s.out_height + oh0) * s.out_width, width,
                     lease.data(), ld, /*columns=*/true);
    }
    const int64_t p0 = block * blockRows;
    const int64_t rows = std::min(blockRows, positions - p0);
    ScratchLease lease(kScratchColumns, rows * depth);
    if (!lease)
      return kOutOfMemory;
    kFillTapRows[int(currentTarget())](s, x, g, p0, rows, lease.data());
    return product(g, p0, rows, lease.data(), depth);
  }

  const NablaConv2dShape &s;
  const bool nchwInput; // x is NCHW: the products read its im2col columns
  const float *x, *w;   // w packed
  float *y;
  const NablaEpilogue &ep;
  const int64_t cg, fg;     // input channels and filters per group
  const int64_t depth;      // K: taps per position, times cg
  const int64_t positions;  // product rows: batch * out_height * out_width
  const bool direct;        // x is its own rows of taps
  const int64_t blockRows;  // rows per block of rows of taps
  const int64_t columnRows; // output rows per block of columns (nchwInput)
};

int32_t sconv2dNhwc(int32_t flags, const NablaConv2dShape *shape,
                    const float *x, const float *w, float *y,
                    const NablaEpilogue *epilogue) {
  if (!shape || (flags & ~kConvFlags))
    return kInvalid;
  const NablaConv2dShape &s = *shape;
  const bool nchwInput = flags & NABLA_CONV_INPUT_NCHW;
  NablaEpilogue ep{};
  if (int32_t status = checkConv(s, x, w, y, epilogue, ep))
    return status;
  if (nchwInput && isDepthwise(s))
    return kInvalid;
  ScratchLease lease(kScratchConvWeights,
                     flags & NABLA_CONV_PACKED_WEIGHTS ? 0 : packedFloats(s));
  if (!(flags & NABLA_CONV_PACKED_WEIGHTS)) {
    if (!lease)
      return kOutOfMemory;
    packWeights(s, nchwInput, w, lease.data());
    w = lease.data();
  }
  if (isDepthwise(s))
    return kDepthwise[int(currentTarget())](s, x, w, y, ep) ? kOk
                                                            : kOutOfMemory;
  return GemmConvChannelsLast(s, nchwInput, x, w, y, ep).run();
}

} // namespace
} // namespace nabla::kernels

using namespace nabla::kernels;

//===----------------------------------------------------------------------===//
// The C interface
//===----------------------------------------------------------------------===//

extern "C" int32_t nabla_sconv2d_nhwc(int32_t flags,
                                      const NablaConv2dShape *shape,
                                      const float *x, const float *w, float *y,
                                      const NablaEpilogue *epilogue) {
  return reported(sconv2dNhwc(flags, shape, x, w, y, epilogue),
                  "nabla_sconv2d_nhwc");
}

extern "C" int64_t
nabla_sconv2d_nhwc_packed_size(const NablaConv2dShape *shape) {
  return shape && convShapeOk(*shape)
             ? packedFloats(*shape) * int64_t(sizeof(float))
             : 0;
}

extern "C" int32_t
nabla_sconv2d_nhwc_pack_weights(int32_t flags, const NablaConv2dShape *shape,
                                const float *w, float *packed) {
  if (!w || !packed || (flags & ~kConvFlags) ||
      nabla_sconv2d_nhwc_packed_size(shape) == 0)
    return kInvalid;
  packWeights(*shape, flags & NABLA_CONV_INPUT_NCHW, w, packed);
  return kOk;
}

extern "C" int32_t nabla_spool2d_nhwc(int32_t kind,
                                      const NablaConv2dShape *shape,
                                      const float *x, float *y) {
  int32_t status = kInvalid;
  if (shape && x && y && kind >= NABLA_POOL_MAX &&
      kind <= NABLA_POOL_AVERAGE_INCLUDE_PAD && poolWindowsOk(*shape))
    status =
        kPool[int(currentTarget())](kind, *shape, x, y) ? kOk : kOutOfMemory;
  return reported(status, "nabla_spool2d_nhwc");
}

#endif // HWY_ONCE
