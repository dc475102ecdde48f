//===- ConvChannelsLast-inl.h - Channels-last kernels per target -*- C++
//-*-===//
//
// Compiled once per instruction set by ConvChannelsLast.cpp
// (foreach_target.h); see the design note there. Depthwise convolution and
// pooling over [batch, height, width, channels] tensors: every tap of an
// output position is a run of channels, so the vectors go along the
// channels, with no padded copy and no bounds check per element (each
// position's taps inside the input are worked out once).
//
//===----------------------------------------------------------------------===//

#if defined(NABLA_RUNTIME_KERNELS_CONVCHANNELSLAST_INL_H_) ==                  \
    defined(HWY_TARGET_TOGGLE)
#ifdef NABLA_RUNTIME_KERNELS_CONVCHANNELSLAST_INL_H_
#undef NABLA_RUNTIME_KERNELS_CONVCHANNELSLAST_INL_H_
#else
#define NABLA_RUNTIME_KERNELS_CONVCHANNELSLAST_INL_H_
#endif

#include "hwy/highway.h"
#include "runtime/ThreadPool.h"
#include "runtime/kernels/Activation-inl.h"
#include "runtime/kernels/ConvInternal.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/kernels/SgemmInternal.h"
#include "runtime/kernels/Vector-inl.h"

#include <limits>

HWY_BEFORE_NAMESPACE();
namespace nabla::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// Channel vectors reduced at once: 4 independent accumulators (each tap
/// adds to all of them) cover most of the latency of the multiply-adds.
constexpr int64_t kChannelVecs = 4;
/// The least work (multiply-adds or taps) of a chunk of output rows that a
/// thread takes.
constexpr int64_t kMinTapsPerChunk = 32 * 1024;

/// The taps of output (oh, ow) that lie inside the input: rows [i0, i1),
/// columns [j0, j1) of the window.
struct TapRange {
  int64_t i0, i1, j0, j1;
};

/// One output position and its window: the taps inside the input, where
/// tap (0, 0) would be in x (an offset, possibly outside it), and the
/// position's index (its offset in y is index * y's channels).
struct Window {
  int64_t oh, ow;
  int64_t ih0, iw0; // the input row and column of tap (0, 0)
  TapRange taps;
  int64_t base;
  int64_t position;
};

/// What ForEachWindow calls for the runs of windows entirely inside the
/// input: nothing (they go to its body like the others).
struct NoInterior {
  static constexpr bool kEnabled = false;
  void operator()(int64_t, int64_t, int64_t, int64_t) const {}
};

/// Calls body(window) for every output position of s, split over the
/// threads in whole output rows; with an Interior that is kEnabled, calls
/// interior(row, ih0, ow0, ow1) instead for the outputs [ow0, ow1) of
/// output row `row` (n * out_height + oh) whose windows lie entirely inside
/// the input (input rows from ih0).
template <class Body, class Interior = NoInterior>
void ForEachWindow(const NablaConv2dShape &s, const Body &body,
                   const Interior &interior = {}) {
  const int64_t tapsPerRow = s.out_width * s.kernel_h * s.kernel_w * s.channels;
  const int64_t grain =
      std::max<int64_t>(1, kMinTapsPerChunk / std::max<int64_t>(1, tapsPerRow));
  // The outputs whose columns of taps all lie inside: [owA, owB).
  const int64_t owA =
      std::min(s.out_width, firstAtLeast(s.pad_left, s.stride_w));
  const int64_t lastStart =
      s.width - 1 - (s.kernel_w - 1) * s.dilation_w + s.pad_left;
  const int64_t owB = std::max(
      owA,
      lastStart < 0 ? 0 : std::min(s.out_width, lastStart / s.stride_w + 1));
  nabla::parallelFor(
      s.batch * s.out_height, grain, [&](int64_t begin, int64_t end) HWY_ATTR {
        for (int64_t row = begin; row < end; ++row) {
          Window window;
          const int64_t n = row / s.out_height;
          window.oh = row % s.out_height;
          window.ih0 = window.oh * s.stride_h - s.pad_top;
          const auto rows =
              insideRange(window.ih0, s.dilation_h, s.height, s.kernel_h);
          const bool interiorRow = Interior::kEnabled && owA < owB &&
                                   rows.first == 0 && rows.second == s.kernel_h;
          for (window.ow = 0; window.ow < s.out_width; ++window.ow) {
            if (interiorRow && window.ow == owA) {
              interior(row, window.ih0, owA, owB);
              window.ow = owB - 1;
              continue;
            }
            window.iw0 = window.ow * s.stride_w - s.pad_left;
            const auto cols =
                insideRange(window.iw0, s.dilation_w, s.width, s.kernel_w);
            window.taps = {rows.first, rows.second, cols.first, cols.second};
            window.base = ((n * s.height + window.ih0) * s.width + window.iw0) *
                          s.channels;
            window.position = row * s.out_width + window.ow;
            body(window);
          }
        }
      });
}

/// Reduces V (1..kChannelVecs) channel vectors over the taps `t` of a
/// window: tap (i, j) of them is at x + base + i * rowStep + j * columnStep
/// (base may lie outside x: only taps inside the input are read), and
/// acc[v] = combine(acc[v], its value, i * kw + j, v). `n` is the channels
/// of the last vector (kLanes unless it is the last of the position).
template <int64_t V, class Combine>
HWY_INLINE void ReduceTaps(const float *HWY_RESTRICT x, int64_t base,
                           int64_t columnStep, int64_t rowStep, int64_t kw,
                           const TapRange &t, int64_t n,
                           VF (&acc)[kChannelVecs], const Combine &combine) {
  const DF d;
  for (int64_t i = t.i0; i < t.i1; ++i)
    for (int64_t j = t.j0; j < t.j1; ++j) {
      const float *tap = x + (base + i * rowStep + j * columnStep);
      const int64_t index = i * kw + j;
      NABLA_UNROLL
      for (int64_t v = 0; v < V; ++v) {
        const VF value = v + 1 < V ? hn::LoadU(d, tap + v * kLanes)
                                   : LoadN(d, tap + v * kLanes, n);
        acc[v] = combine(acc[v], value, index, v);
      }
    }
}

/// Calls block.template run<V>(c, n) over the channels of a position: V
/// vectors (1..kChannelVecs) from channel c, the last holding n channels.
template <class Block>
HWY_INLINE void ForEachChannelBlock(int64_t channels, const Block &block) {
  constexpr int64_t kBlock = kChannelVecs * kLanes;
  int64_t c = 0;
  for (; c + kBlock <= channels; c += kBlock)
    block.template run<kChannelVecs>(c, kLanes);
  const int64_t rest = channels - c;
  if (rest <= 0)
    return;
  const int64_t vecs = (rest + kLanes - 1) / kLanes;
  const int64_t last = rest - (vecs - 1) * kLanes;
  static_assert(kChannelVecs == 4, "one case per block width");
  switch (vecs) {
  case 1:
    block.template run<1>(c, last);
    break;
  case 2:
    block.template run<2>(c, last);
    break;
  case 3:
    block.template run<3>(c, last);
    break;
  default:
    block.template run<4>(c, last);
    break;
  }
}

/// Rows [p0, p0 + rows) of group g's rows of taps (ConvChannelsLast.cpp):
/// row p holds tap (i, j), channel c of output position p at
/// (i * kernel_w + j) * cg + c, zeros for taps outside the input. The runs
/// of channels are a few vectors, too short for memcpy calls to pay.
void FillTapRows(const NablaConv2dShape &s, const float *x, int64_t g,
                 int64_t p0, int64_t rows, float *out) {
  const DF d;
  const int64_t cg = s.channels / s.groups;
  const int64_t depth = cg * s.kernel_h * s.kernel_w;
  // Adjacent taps of a window row are adjacent in x: one run.
  const bool contiguous = s.groups == 1 && s.dilation_w == 1;
  int64_t ow = p0 % s.out_width;
  int64_t oh = p0 / s.out_width % s.out_height;
  int64_t n = p0 / (s.out_width * s.out_height);
  for (int64_t r = 0; r < rows; ++r) {
    float *row = out + r * depth;
    const int64_t ih0 = oh * s.stride_h - s.pad_top;
    const int64_t iw0 = ow * s.stride_w - s.pad_left;
    const auto [j0, j1] = insideRange(iw0, s.dilation_w, s.width, s.kernel_w);
    for (int64_t i = 0; i < s.kernel_h; ++i, row += s.kernel_w * cg) {
      const int64_t ih = ih0 + i * s.dilation_h;
      if (ih < 0 || ih >= s.height || j0 >= j1) {
        ZeroFill(d, row, s.kernel_w * cg);
        continue;
      }
      ZeroFill(d, row, j0 * cg);
      const float *in =
          x +
          ((n * s.height + ih) * s.width + iw0 + j0 * s.dilation_w) *
              s.channels +
          g * cg;
      if (contiguous)
        CopyN(d, in, (j1 - j0) * cg, row + j0 * cg);
      else
        for (int64_t j = j0; j < j1; ++j)
          CopyN(d, in + (j - j0) * s.dilation_w * s.channels, cg, row + j * cg);
      ZeroFill(d, row + j1 * cg, (s.kernel_w - j1) * cg);
    }
    if (++ow == s.out_width) {
      ow = 0;
      if (++oh == s.out_height) {
        oh = 0;
        ++n;
      }
    }
  }
}

/// Stores act(sum + residual) (no residual when null) to the n floats at
/// out: a depthwise convolution's epilogue.
HWY_INLINE void StoreEpilogue(DF d, VF sum, const float *HWY_RESTRICT residual,
                              const Activation &act, float *HWY_RESTRICT out,
                              int64_t n) {
  if (residual)
    sum = hn::Add(sum, LoadN(d, residual, n));
  StoreN(Activate(d, sum, act), d, out, n);
}

/// The channels of one output position of a depthwise convolution
/// (ForEachChannelBlock's block).
struct DepthwiseBlock {
  const float *x;
  int64_t base;
  const float *w, *bias, *residual;
  float *out;
  int64_t columnStep, rowStep, kw, channels;
  const TapRange &t;
  const Activation &act;
  template <int64_t V> HWY_INLINE void run(int64_t c, int64_t n) const {
    const DF d;
    VF acc[kChannelVecs];
    NABLA_UNROLL
    for (int64_t v = 0; v < V; ++v) {
      const int64_t lanes = v + 1 < V ? kLanes : n;
      acc[v] = bias ? LoadN(d, bias + c + v * kLanes, lanes) : hn::Zero(d);
    }
    ReduceTaps<V>(x, base + c, columnStep, rowStep, kw, t, n, acc,
                  [&](VF sum, VF value, int64_t tap, int64_t v) HWY_ATTR {
                    const float *weights = w + tap * channels + c + v * kLanes;
                    const VF weight = v + 1 < V ? hn::LoadU(d, weights)
                                                : LoadN(d, weights, n);
                    return hn::MulAdd(value, weight, sum);
                  });
    NABLA_UNROLL
    for (int64_t v = 0; v < V; ++v)
      StoreEpilogue(d, acc[v], residual ? residual + c + v * kLanes : nullptr,
                    act, out + c + v * kLanes, v + 1 < V ? kLanes : n);
  }
};

/// Outputs [ow0, ow1) of output row `row` of a 3 x 3 depthwise convolution,
/// every tap inside the input (rows from ih0), channels [c, c + V vectors)
/// (the last of `n` channels): the 9 x V weight vectors stay in registers
/// for the whole run, and nothing is checked per output.
template <int64_t V>
HWY_INLINE void Depthwise3x3Run(const NablaConv2dShape &s, const float *x,
                                const float *w, const NablaEpilogue &ep,
                                const Activation &act, float *y, int64_t row,
                                int64_t ih0, int64_t ow0, int64_t ow1,
                                int64_t c, int64_t n) {
  const DF d;
  const int64_t channels = s.channels;
  auto load = [&](const float *p, int64_t v) HWY_ATTR {
    return v + 1 < V ? hn::LoadU(d, p) : LoadN(d, p, n);
  };
  VF weights[9][V], bias[V];
  NABLA_UNROLL
  for (int64_t t = 0; t < 9; ++t) {
    NABLA_UNROLL
    for (int64_t v = 0; v < V; ++v)
      weights[t][v] = load(w + t * channels + c + v * kLanes, v);
  }
  NABLA_UNROLL
  for (int64_t v = 0; v < V; ++v)
    bias[v] = ep.bias ? load(ep.bias + c + v * kLanes, v) : hn::Zero(d);
  const int64_t imageRow = row / s.out_height * s.height + ih0;
  const int64_t columnStep = s.dilation_w * channels;
  const int64_t rowStep = s.dilation_h * s.width * channels;
  for (int64_t ow = ow0; ow < ow1; ++ow) {
    const float *in =
        x + (imageRow * s.width + ow * s.stride_w - s.pad_left) * channels + c;
    VF acc[V];
    NABLA_UNROLL
    for (int64_t v = 0; v < V; ++v)
      acc[v] = bias[v];
    NABLA_UNROLL
    for (int64_t i = 0; i < 3; ++i) {
      NABLA_UNROLL
      for (int64_t j = 0; j < 3; ++j) {
        NABLA_UNROLL
        for (int64_t v = 0; v < V; ++v)
          acc[v] = hn::MulAdd(
              load(in + i * rowStep + j * columnStep + v * kLanes, v),
              weights[i * 3 + j][v], acc[v]);
      }
    }
    const int64_t position = row * s.out_width + ow;
    NABLA_UNROLL
    for (int64_t v = 0; v < V; ++v) {
      const int64_t offset = position * channels + c + v * kLanes;
      StoreEpilogue(d, acc[v], ep.residual ? ep.residual + offset : nullptr,
                    act, y + offset, v + 1 < V ? kLanes : n);
    }
  }
}

/// Depthwise3x3Run's interior for ForEachWindow: the channels two vectors
/// at a time (18 weight vectors and 2 sums fit the 32 AVX-512 registers).
struct Depthwise3x3Interior {
  static constexpr bool kEnabled = true;
  const NablaConv2dShape &s;
  const float *x, *w;
  float *y;
  const NablaEpilogue &ep;
  const Activation &act;
  void operator()(int64_t row, int64_t ih0, int64_t ow0, int64_t ow1) const {
    int64_t c = 0;
    for (; c + 2 * kLanes <= s.channels; c += 2 * kLanes)
      Depthwise3x3Run<2>(s, x, w, ep, act, y, row, ih0, ow0, ow1, c, kLanes);
    const int64_t rest = s.channels - c;
    if (rest > kLanes)
      Depthwise3x3Run<2>(s, x, w, ep, act, y, row, ih0, ow0, ow1, c,
                         rest - kLanes);
    else if (rest > 0)
      Depthwise3x3Run<1>(s, x, w, ep, act, y, row, ih0, ow0, ow1, c, rest);
  }
};

/// nabla_sconv2d_nhwc's depthwise convolution (validated; one input channel
/// and one filter per group): y[p][c] = act(sum over the taps of w[tap][c]
/// times the tap's channel c, plus bias and residual). `w` is
/// [kernel_h * kernel_w, channels] (the packed layout).
bool DepthwiseChannelsLast(const NablaConv2dShape &s, const float *x,
                           const float *w, float *y, const NablaEpilogue &ep) {
  const int64_t channels = s.channels;
  const Activation act{ep.activation, ep.act_alpha, ep.act_beta};
  const int64_t columnStep = s.dilation_w * channels;
  const int64_t rowStep = s.dilation_h * s.width * channels;
  auto window = [&](const Window &window) HWY_ATTR {
    float *out = y + window.position * channels;
    const float *residual =
        ep.residual ? ep.residual + window.position * channels : nullptr;
    ForEachChannelBlock(channels,
                        DepthwiseBlock{x, window.base, w, ep.bias, residual,
                                       out, columnStep, rowStep, s.kernel_w,
                                       channels, window.taps, act});
  };
  if (s.kernel_h == 3 && s.kernel_w == 3)
    ForEachWindow(s, window, Depthwise3x3Interior{s, x, w, y, ep, act});
  else
    ForEachWindow(s, window);
  return true;
}

/// The channels of one output position of a pooling.
struct PoolBlock {
  const float *x;
  int64_t base;
  float *out;
  int64_t columnStep, rowStep, kw;
  const TapRange &t;
  bool isMax;
  float scale;
  template <int64_t V> HWY_INLINE void run(int64_t c, int64_t n) const {
    const DF d;
    VF acc[kChannelVecs];
    NABLA_UNROLL
    for (int64_t v = 0; v < V; ++v)
      acc[v] = isMax ? hn::Set(d, -std::numeric_limits<float>::infinity())
                     : hn::Zero(d);
    if (isMax)
      ReduceTaps<V>(x, base + c, columnStep, rowStep, kw, t, n, acc,
                    [](VF a, VF value, int64_t, int64_t)
                        HWY_ATTR { return hn::Max(a, value); });
    else
      ReduceTaps<V>(x, base + c, columnStep, rowStep, kw, t, n, acc,
                    [](VF a, VF value, int64_t, int64_t)
                        HWY_ATTR { return hn::Add(a, value); });
    NABLA_UNROLL
    for (int64_t v = 0; v < V; ++v) {
      const VF value = isMax ? acc[v] : hn::Div(acc[v], hn::Set(d, scale));
      StoreN(value, d, out + c + v * kLanes, v + 1 < V ? kLanes : n);
    }
  }
};

/// Max pooling of outputs [ow0, ow1) of output row `row`, every tap of
/// their KH x KW windows inside the input (rows from ih0): the taps
/// unrolled, nothing checked per output.
template <int64_t KH, int64_t KW>
void MaxPoolRun(const NablaConv2dShape &s, const float *x, float *y,
                int64_t row, int64_t ih0, int64_t ow0, int64_t ow1) {
  const DF d;
  const int64_t channels = s.channels;
  const int64_t columnStep = s.dilation_w * channels;
  const int64_t rowStep = s.dilation_h * s.width * channels;
  const int64_t imageRow = row / s.out_height * s.height + ih0;
  auto reduce = [&](const float *in, int64_t n) HWY_ATTR {
    VF best = LoadN(d, in, n);
    NABLA_UNROLL
    for (int64_t t = 1; t < KH * KW; ++t)
      best = hn::Max(best,
                     LoadN(d, in + t / KW * rowStep + t % KW * columnStep, n));
    return best;
  };
  for (int64_t ow = ow0; ow < ow1; ++ow) {
    const float *in =
        x + (imageRow * s.width + ow * s.stride_w - s.pad_left) * channels;
    float *out = y + (row * s.out_width + ow) * channels;
    for (int64_t c = 0; c < channels; c += kLanes) {
      const int64_t n = std::min(kLanes, channels - c);
      StoreN(reduce(in + c, n), d, out + c, n);
    }
  }
}

/// MaxPoolRun for ForEachWindow, for 2 x 2 and 3 x 3 windows.
template <int64_t K> struct MaxPoolInterior {
  static constexpr bool kEnabled = true;
  const NablaConv2dShape &s;
  const float *x;
  float *y;
  void operator()(int64_t row, int64_t ih0, int64_t ow0, int64_t ow1) const {
    MaxPoolRun<K, K>(s, x, y, row, ih0, ow0, ow1);
  }
};

/// nabla_spool2d_nhwc (validated): the largest tap, or the sum of the taps
/// over their count (the taps inside the input, or inside its declared
/// padding for NABLA_POOL_AVERAGE_INCLUDE_PAD).
bool PoolChannelsLast(int32_t kind, const NablaConv2dShape &s, const float *x,
                      float *y) {
  const int64_t channels = s.channels;
  const bool isMax = kind == NABLA_POOL_MAX;
  const bool includePad = kind == NABLA_POOL_AVERAGE_INCLUDE_PAD;
  const int64_t columnStep = s.dilation_w * channels;
  const int64_t rowStep = s.dilation_h * s.width * channels;
  auto window = [&](const Window &window) HWY_ATTR {
    const TapRange &t = window.taps;
    const int64_t counted =
        includePad ? tapsInside(window.ih0, s.kernel_h, s.dilation_h,
                                -s.pad_top, s.height + s.pad_bottom) *
                         tapsInside(window.iw0, s.kernel_w, s.dilation_w,
                                    -s.pad_left, s.width + s.pad_right)
                   : (t.i1 - t.i0) * (t.j1 - t.j0);
    ForEachChannelBlock(channels, PoolBlock{x, window.base,
                                            y + window.position * channels,
                                            columnStep, rowStep, s.kernel_w, t,
                                            isMax, float(counted)});
  };
  if (isMax && s.kernel_h == 2 && s.kernel_w == 2)
    ForEachWindow(s, window, MaxPoolInterior<2>{s, x, y});
  else if (isMax && s.kernel_h == 3 && s.kernel_w == 3)
    ForEachWindow(s, window, MaxPoolInterior<3>{s, x, y});
  else
    ForEachWindow(s, window);
  return true;
}

} // namespace nabla::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // NABLA_RUNTIME_KERNELS_CONVCHANNELSLAST_INL_H_ toggle
