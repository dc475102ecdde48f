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
//   once. The blocks do not depend on the thread count; the threads take
//   whole blocks when there are enough, else split each product.
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
#include <cstring>

namespace nabla::kernels {
namespace {

using DepthwiseFn = bool (*)(const NablaConv2dShape &, const float *,
                             const float *, float *, const NablaEpilogue &);
const DepthwiseFn kDepthwise[kNumTargets] =
    NABLA_KERNEL_TABLE(DepthwiseChannelsLast);
using PoolFn = bool (*)(int32_t, const NablaConv2dShape &, const float *,
                        float *);
const PoolFn kPool[kNumTargets] = NABLA_KERNEL_TABLE(PoolChannelsLast);

/// Floats of a block of rows of taps: about 96 Ki (384 KiB: with the
/// weights' panel, within the 1 MiB L2), and at least kMinBlockRows rows.
constexpr int64_t kRowBlockFloats = 96 * 1024;
constexpr int64_t kMinBlockRows = 48;

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

/// nabla_sconv2d_nhwc_pack_weights (validated shape).
void packWeights(const NablaConv2dShape &s, const float *w, float *packed) {
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
    // Panel p, row k = t * cg + c, column j: filter p * kPanel + j of the
    // group, its weight (c, t); zero past the group's last filter.
    for (int64_t p = 0; p * kPanel < fg; ++p)
      for (int64_t t = 0; t < taps; ++t)
        for (int64_t c = 0; c < cg; ++c) {
          float *row = out + (p * depth + t * cg + c) * kPanel;
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
  GemmConvChannelsLast(const NablaConv2dShape &s, const float *x,
                       const float *w, float *y, const NablaEpilogue &ep)
      : s(s), x(x), w(w), y(y), ep(ep), cg(s.channels / s.groups),
        fg(s.filters / s.groups), depth(cg * s.kernel_h * s.kernel_w),
        positions(s.batch * s.out_height * s.out_width),
        direct(s.kernel_h == 1 && s.kernel_w == 1 && s.stride_h == 1 &&
               s.stride_w == 1 && s.pad_top == 0 && s.pad_left == 0 &&
               s.out_height == s.height && s.out_width == s.width),
        blockRows(
            std::min(positions,
                     std::max(kMinBlockRows,
                              kRowBlockFloats / std::max<int64_t>(1, depth)))) {
  }

  int32_t run() const {
    if (direct) {
      for (int64_t g = 0; g < s.groups; ++g)
        if (int32_t status = product(g, 0, positions, x + g * cg, s.channels))
          return status;
      return kOk;
    }
    const int64_t blocks = (positions + blockRows - 1) / blockRows;
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
  /// Rows [p0, p0 + rows) of group g's product, its rows of taps at `a`
  /// (row stride lda).
  int32_t product(int64_t g, int64_t p0, int64_t rows, const float *a,
                  int64_t lda) const {
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
    return nabla_sgemm(NABLA_SGEMM_PACKED_B, rows, fg, depth, 1.0f, a, lda,
                       w + g * groupFloats(s), 0, y + p0 * s.filters + g * fg,
                       s.filters, &e);
  }

  /// Item = block * groups + g: the block's rows of taps, then its product.
  int32_t runBlock(int64_t item) const {
    const int64_t block = item / s.groups, g = item % s.groups;
    const int64_t p0 = block * blockRows;
    const int64_t rows = std::min(blockRows, positions - p0);
    ScratchLease lease(kScratchColumns, rows * depth);
    if (!lease)
      return kOutOfMemory;
    for (int64_t r = 0; r < rows; ++r)
      fillRow(p0 + r, g, lease.data() + r * depth);
    return product(g, p0, rows, lease.data(), depth);
  }

  /// Row p of group g's rows of taps: tap (i, j), channel c at
  /// (i * kernel_w + j) * cg + c; zeros for taps outside the input.
  void fillRow(int64_t p, int64_t g, float *row) const {
    const int64_t ow = p % s.out_width;
    const int64_t oh = p / s.out_width % s.out_height;
    const int64_t n = p / (s.out_width * s.out_height);
    const int64_t ih0 = oh * s.stride_h - s.pad_top;
    const int64_t iw0 = ow * s.stride_w - s.pad_left;
    const auto [j0, j1] = insideRange(iw0, s.dilation_w, s.width, s.kernel_w);
    const int64_t rowFloats = s.kernel_w * cg;
    // Adjacent taps of a window row are adjacent in x: one copy.
    const bool contiguous = s.groups == 1 && s.dilation_w == 1;
    for (int64_t i = 0; i < s.kernel_h; ++i, row += rowFloats) {
      const int64_t ih = ih0 + i * s.dilation_h;
      if (ih < 0 || ih >= s.height || j0 >= j1) {
        std::fill(row, row + rowFloats, 0.0f);
        continue;
      }
      std::fill(row, row + j0 * cg, 0.0f);
      const float *in =
          x +
          ((n * s.height + ih) * s.width + iw0 + j0 * s.dilation_w) *
              s.channels +
          g * cg;
      if (contiguous)
        std::memcpy(row + j0 * cg, in, (j1 - j0) * cg * sizeof(float));
      else
        for (int64_t j = j0; j < j1; ++j)
          std::memcpy(row + j * cg, in + (j - j0) * s.dilation_w * s.channels,
                      cg * sizeof(float));
      std::fill(row + j1 * cg, row + rowFloats, 0.0f);
    }
  }

  const NablaConv2dShape &s;
  const float *x, *w; // w packed
  float *y;
  const NablaEpilogue &ep;
  const int64_t cg, fg; // input channels and filters per group
  const int64_t depth;  // K: taps per position, times cg
  const int64_t
      positions;     // rows of the product: batch * out_height * out_width
  const bool direct; // x is its own rows of taps
  const int64_t blockRows; // rows per block of rows of taps
};

int32_t sconv2dNhwc(int32_t flags, const NablaConv2dShape *shape,
                    const float *x, const float *w, float *y,
                    const NablaEpilogue *epilogue) {
  if (!shape || (flags & ~NABLA_CONV_PACKED_WEIGHTS))
    return kInvalid;
  const NablaConv2dShape &s = *shape;
  NablaEpilogue ep{};
  if (int32_t status = checkConv(s, x, w, y, epilogue, ep))
    return status;
  ScratchLease lease(kScratchConvWeights,
                     flags & NABLA_CONV_PACKED_WEIGHTS ? 0 : packedFloats(s));
  if (!(flags & NABLA_CONV_PACKED_WEIGHTS)) {
    if (!lease)
      return kOutOfMemory;
    packWeights(s, w, lease.data());
    w = lease.data();
  }
  if (isDepthwise(s))
    return kDepthwise[int(currentTarget())](s, x, w, y, ep) ? kOk
                                                            : kOutOfMemory;
  return GemmConvChannelsLast(s, x, w, y, ep).run();
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
  NablaEpilogue ep{};
  // Any non-null pointers: only the shape is checked.
  static const float dummy = 0.0f;
  if (!shape || checkConv(*shape, &dummy, &dummy, const_cast<float *>(&dummy),
                          nullptr, ep) != kOk)
    return 0;
  return packedFloats(*shape) * int64_t(sizeof(float));
}

extern "C" int32_t
nabla_sconv2d_nhwc_pack_weights(const NablaConv2dShape *shape, const float *w,
                                float *packed) {
  if (!w || !packed || nabla_sconv2d_nhwc_packed_size(shape) == 0)
    return kInvalid;
  packWeights(*shape, w, packed);
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
