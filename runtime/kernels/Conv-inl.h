//===- Conv-inl.h - Convolution and pooling per target ----------*- C++ -*-===//
//
// Compiled once per instruction set by Conv.cpp (foreach_target.h); see the
// design note there. Everything is in nabla::kernels::HWY_NAMESPACE; the
// window arithmetic shared with Conv.cpp is in ConvInternal.h.
//
//===----------------------------------------------------------------------===//

#if defined(NABLA_RUNTIME_KERNELS_CONV_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef NABLA_RUNTIME_KERNELS_CONV_INL_H_
#undef NABLA_RUNTIME_KERNELS_CONV_INL_H_
#else
#define NABLA_RUNTIME_KERNELS_CONV_INL_H_
#endif

#include "hwy/highway.h"
#include "runtime/ThreadPool.h"
#include "runtime/kernels/Activation-inl.h"
#include "runtime/kernels/ConvInternal.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/kernels/SgemmInternal.h"
#include "runtime/kernels/Vector-inl.h"

#include <atomic>
#include <limits>

HWY_BEFORE_NAMESPACE();
namespace nabla::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

//===----------------------------------------------------------------------===//
// Columns (im2col) of the convolutions that run as matrix products
//===----------------------------------------------------------------------===//

/// Copies `runs` runs of `length` floats, `step` floats apart in the
/// source, to consecutive floats, reading nothing past the last run. Runs
/// of a few floats are common (small images): the mask of a run's partial
/// vector is made once.
class RunCopy {
public:
  RunCopy(DF d, int64_t runs, int64_t length, int64_t step)
      : runs(runs), length(length), step(step), full(length / kLanes * kLanes),
        tail(hn::FirstN(d, size_t(length - full))) {}

  HWY_INLINE void operator()(DF d, const float *HWY_RESTRICT src,
                             float *HWY_RESTRICT dst) const {
    if (length == 1) {
      for (int64_t k = 0; k < runs; ++k)
        dst[k] = src[k * step];
      return;
    }
    for (int64_t run = 0; run < runs; ++run, src += step, dst += length) {
      for (int64_t k = 0; k < full; k += kLanes)
        hn::StoreU(hn::LoadU(d, src + k), d, dst + k);
      if (full == length)
        continue;
#if HWY_TARGET <= HWY_AVX2
      hn::BlendedStore(hn::MaskedLoad(tail, d, src + full), tail, d,
                       dst + full);
#else
      for (int64_t k = full; k < length; ++k)
        dst[k] = src[k];
#endif
    }
  }

private:
  int64_t runs, length, step, full;
  hn::Mask<DF> tail;
};

/// The rows of channels [channelBegin, channelEnd) of the columns of
/// `images` images of one group, interleaved: `src` holds input (c, h, w)
/// of image b at ((c * height + h) * width + w) * images + b (for one
/// image, that is x). Row (c, i, j) holds at column (oh * out_width + ow) *
/// images + b the input (c, oh * stride_h - pad_top + i * dilation_h, ow *
/// stride_w - pad_left + j * dilation_w) of image b, 0 outside the input;
/// row r is written at cols + r * ldc. With the images innermost, a
/// stride-1 row copies runs of out_width * images floats, not out_width (3
/// for 3 x 3 outputs).
void Im2col(const NablaConv2dShape &s, const float *src, int64_t images,
            int64_t channelBegin, int64_t channelEnd, float *cols,
            int64_t ldc) {
  const DF d;
  const int64_t window = s.kernel_h * s.kernel_w;
  const int64_t rowFloats = s.out_width * images; // per output row
  const int64_t inRow = s.width * images;
  const int64_t inPlane = s.height * inRow;
  // The window's position decides which outputs read padding, the same for
  // every channel.
  for (int64_t i = 0; i < s.kernel_h; ++i) {
    // Output row oh reads input row row0 + oh * stride_h: inside the input
    // for oh in [ohBegin, ohEnd).
    const int64_t row0 = i * s.dilation_h - s.pad_top;
    const auto [ohBegin, ohEnd] =
        insideRange(row0, s.stride_h, s.height, s.out_height);
    for (int64_t j = 0; j < s.kernel_w; ++j) {
      // Likewise output column ow, input column col0 + ow * stride_w.
      const int64_t col0 = j * s.dilation_w - s.pad_left;
      const auto [owBegin, owEnd] =
          insideRange(col0, s.stride_w, s.width, s.out_width);
      // No column inside: every row is zeros.
      const int64_t rowsInside = owBegin == owEnd ? 0 : ohEnd - ohBegin;
      const RunCopy copy =
          s.stride_w == 1
              ? RunCopy(d, 1, (owEnd - owBegin) * images, 0)
              : RunCopy(d, owEnd - owBegin, images, s.stride_w * images);
      const int64_t zerosBefore = owBegin * images;
      const int64_t zerosAfter = (s.out_width - owEnd) * images;
      const int64_t zerosBelow =
          (s.out_height - ohBegin - rowsInside) * rowFloats;
      // The input of output (ohBegin, owBegin) in channel 0.
      const int64_t first = (row0 + ohBegin * s.stride_h) * inRow +
                            (col0 + owBegin * s.stride_w) * images;
      for (int64_t c = channelBegin; c < channelEnd; ++c) {
        float *dst = cols + (c * window + i * s.kernel_w + j) * ldc;
        ZeroFill(d, dst, ohBegin * rowFloats);
        float *out = dst + ohBegin * rowFloats;
        for (int64_t row = 0; row < rowsInside; ++row, out += rowFloats) {
          if (zerosBefore)
            ZeroFill(d, out, zerosBefore);
          copy(d, src + c * inPlane + first + row * s.stride_h * inRow,
               out + zerosBefore);
          if (zerosAfter)
            ZeroFill(d, out + owEnd * images, zerosAfter);
        }
        ZeroFill(d, out, zerosBelow);
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// The padded input plane
//===----------------------------------------------------------------------===//

/// An input plane with its padding, its columns split by phase modulo
/// s = stride_w: padded element (r, c), input (r - pad_top, c - pad_left),
/// is at data[(r * s + c % s) * stride + c / s]. Tap j of output column ow
/// reads padded column ow * s + j * dilation_w, which is index
/// ow + (j * dilation_w) / s of phase (j * dilation_w) % s: a row of
/// outputs reads consecutive floats of each tap whatever the stride, and
/// no bounds are checked. The whole vectors of a row's last block read
/// into the next phase row, or the vector of slack after the last one,
/// into lanes that are never stored.
struct PaddedPlane {
  int64_t rows;   // padded rows that the windows read
  int64_t phases; // stride_w
  int64_t stride; // floats per phase row: the indices the windows read
  explicit PaddedPlane(const NablaConv2dShape &s)
      : rows((s.out_height - 1) * s.stride_h + (s.kernel_h - 1) * s.dilation_h +
             1),
        phases(s.stride_w),
        stride(s.out_width + (s.kernel_w - 1) * s.dilation_w / s.stride_w) {}
  /// Floats of `padded` rows, and the slack.
  int64_t floats(int64_t padded) const {
    return padded * phases * stride + kLanes;
  }
};

/// n (1..kLanes; kLanes when kFull) floats from p, or with rows > 1 their
/// maximum (kMax) or sum over `rows` rows `step` floats apart.
template <bool kMax, bool kFull>
HWY_INLINE VF LoadRows(DF d, const float *HWY_RESTRICT p, int64_t step,
                       int64_t rows, int64_t n = kLanes) {
  VF v = kFull ? hn::LoadU(d, p) : LoadN(d, p, n);
  for (int64_t r = 1; r < rows; ++r) {
    const float *row = p + r * step;
    const VF next = kFull ? hn::LoadU(d, row) : LoadN(d, row, n);
    v = kMax ? hn::Max(v, next) : hn::Add(v, next);
  }
  return v;
}

/// How an input row becomes a padded row of a PaddedPlane, worked out once
/// per call: the rows of pooling windows are a few vectors long, and their
/// bookkeeping cost more than the copy (laying out all rows of a piece at
/// once measured 1.6x faster on 26 x 26 planes of stride 2).
class RowLayout {
public:
  RowLayout(const NablaConv2dShape &s, const PaddedPlane &plane)
      : phases(plane.phases), stride(plane.stride), padLeft(s.pad_left) {
    // Input columns [0, end) are read: input column iw is padded column
    // iw + pad_left, index (iw + pad_left) / phases of phase
    // (iw + pad_left) % phases.
    end = std::max<int64_t>(0, std::min(s.width, phases * stride - padLeft));
    for (int64_t q = 0; q < std::min<int64_t>(phases, 2); ++q) {
      const int64_t begin = std::min(stride, firstAtLeast(padLeft - q, phases));
      before[q] = begin;
      after[q] =
          stride -
          std::max(begin,
                   std::min(stride, firstAtLeast(padLeft + end - q, phases)));
    }
    // Stride 2 takes pairs of columns that start an even padded column; an
    // odd pad_left leaves the first column alone, in phase 1.
    first = phases == 2 && padLeft % 2 && end > 0 ? 1 : 0;
    offset = (first + padLeft) / phases;
    const int64_t chunk = phases == 2 ? 2 * kLanes : kLanes;
    chunks = (end - first) / chunk;
    rest = (end - first) % chunk;
  }

  /// Lays out `count` input rows at out + k * outStride, k < count: row k
  /// is source(k, rows), or with rows > 1 the maximum (kMax) or sum of
  /// `rows` rows `step` floats apart from there (pooling reduces a
  /// window's rows); `padding` outside the input. Each piece of the layout
  /// runs over all the rows, so that its bookkeeping is once per call.
  template <bool kMax, class Source>
  HWY_INLINE void fill(int64_t count, const Source &source, int64_t step,
                       VF padding, float *HWY_RESTRICT out,
                       int64_t outStride) const {
    const DF d;
    int64_t rows;
    if (phases > 2) {
      for (int64_t k = 0; k < count; ++k) {
        const float *in = source(k, rows);
        float *dst = out + k * outStride;
        Fill(d, dst, phases * stride, padding);
        for (int64_t iw = 0; iw < end; ++iw) {
          const int64_t c = iw + padLeft;
          dst[c % phases * stride + c / phases] =
              hn::GetLane(LoadRows<kMax, false>(d, in + iw, step, rows, 1));
        }
      }
      return;
    }
    for (int64_t q = 0; q < phases; ++q) {
      if (before[q])
        for (int64_t k = 0; k < count; ++k)
          Fill(d, out + k * outStride + q * stride, before[q], padding);
      if (after[q])
        for (int64_t k = 0; k < count; ++k)
          Fill(d, out + k * outStride + (q + 1) * stride - after[q], after[q],
               padding);
    }
    if (phases == 1) {
      for (int64_t c = 0; c < chunks; ++c)
        for (int64_t k = 0; k < count; ++k) {
          const float *in = source(k, rows);
          hn::StoreU(LoadRows<kMax, true>(d, in + c * kLanes, step, rows), d,
                     out + k * outStride + offset + c * kLanes);
        }
      if (rest)
        for (int64_t k = 0; k < count; ++k) {
          const float *in = source(k, rows) + chunks * kLanes;
          StoreN(LoadRows<kMax, false>(d, in, step, rows, rest), d,
                     out + k * outStride + offset + chunks * kLanes, rest);
        }
      return;
    }
    if (first)
      for (int64_t k = 0; k < count; ++k) {
        const float *in = source(k, rows);
        out[k * outStride + stride + padLeft / 2] =
            hn::GetLane(LoadRows<kMax, false>(d, in, step, rows, 1));
      }
    for (int64_t c = 0; c < chunks; ++c)
      for (int64_t k = 0; k < count; ++k) {
        const float *in = source(k, rows) + first + c * 2 * kLanes;
        float *even = out + k * outStride + offset + c * kLanes;
        const VF lo = LoadRows<kMax, true>(d, in, step, rows);
        const VF hi = LoadRows<kMax, true>(d, in + kLanes, step, rows);
        hn::StoreU(hn::ConcatEven(d, hi, lo), d, even);
        hn::StoreU(hn::ConcatOdd(d, hi, lo), d, even + stride);
      }
    if (!rest)
      return;
    const int64_t low = std::min(kLanes, rest), high = rest - kLanes;
    for (int64_t k = 0; k < count; ++k) {
      const float *in = source(k, rows) + first + chunks * 2 * kLanes;
      float *even = out + k * outStride + offset + chunks * kLanes;
      const VF lo = LoadRows<kMax, false>(d, in, step, rows, low);
      const VF hi =
          high > 0 ? LoadRows<kMax, false>(d, in + kLanes, step, rows, high)
                   : hn::Zero(d);
      StoreN(hn::ConcatEven(d, hi, lo), d, even, (rest + 1) / 2);
      if (rest > 1)
        StoreN(hn::ConcatOdd(d, hi, lo), d, even + stride, rest / 2);
    }
  }

private:
  int64_t phases, stride, padLeft;
  int64_t end;                           // input columns read
  int64_t before[2] = {}, after[2] = {}; // padding of phases 0 and 1
  int64_t first;                         // columns placed one by one (0 or 1)
  int64_t offset;                        // where the next one goes in its phase
  int64_t chunks, rest; // whole vector steps, and columns after
};

/// Lays out the input plane `src` (height x width) into `dst` as `plane`
/// describes, `pad` outside the input.
void FillPlane(const NablaConv2dShape &s, const PaddedPlane &plane,
               const float *HWY_RESTRICT src, float pad,
               float *HWY_RESTRICT dst) {
  const DF d;
  const VF padding = hn::Set(d, pad);
  const int64_t rowFloats = plane.phases * plane.stride;
  // Padded rows [top, bottom) hold the input; the others are padding.
  const int64_t top = std::min(plane.rows, s.pad_top);
  const int64_t bottom =
      std::max(top, std::min(plane.rows, s.pad_top + s.height));
  Fill(d, dst, top * rowFloats, padding);
  RowLayout(s, plane).fill<true>(
      bottom - top,
      [&](int64_t k, int64_t &rows) {
        rows = 1;
        return src + (top + k - s.pad_top) * s.width;
      },
      0, padding, dst + top * rowFloats, rowFloats);
  Fill(d, dst + bottom * rowFloats, (plane.rows - bottom) * rowFloats, padding);
}

/// Where the taps of a window lie in a PaddedPlane, from the tap (0, 0) of
/// its first output: tap (i, j) is at i * rowStep + (j * dilation_w) % s *
/// stride + (j * dilation_w) / s, for i < kh (kernel_h, or 1 for a single
/// padded row).
struct Taps {
  int64_t kh, kw;
  int64_t rowStep;     // dilation_h padded rows
  int64_t phaseStride; // the plane's stride
  int64_t phases;
  int64_t indexStep, phaseStep; // dilation_w / s, dilation_w % s
  Taps(const NablaConv2dShape &s, const PaddedPlane &plane, int64_t kh)
      : kh(kh), kw(s.kernel_w),
        rowStep(s.dilation_h * plane.phases * plane.stride),
        phaseStride(plane.stride), phases(plane.phases),
        indexStep(s.dilation_w / plane.phases),
        phaseStep(s.dilation_w % plane.phases) {}
};

/// Calls f(column, j) for the columns j of the window whose tap (0, 0) is
/// at `in`: tap (i, j) is at column + i * rowStep. The phase arithmetic is
/// per column.
template <class F>
HWY_INLINE void ForEachTapColumn(const float *HWY_RESTRICT in, const Taps &taps,
                                 const F &f) {
  int64_t phase = 0, index = 0;
  for (int64_t j = 0; j < taps.kw; ++j) {
    f(in + phase * taps.phaseStride + index, j);
    index += taps.indexStep;
    phase += taps.phaseStep;
    if (phase >= taps.phases) {
      phase -= taps.phases;
      ++index;
    }
  }
}

/// Calls f(tap, t) for the taps of the window whose tap (0, 0) is at `in`,
/// t = i * kw + j, column by column.
template <class F>
HWY_INLINE void ForEachTap(const float *HWY_RESTRICT in, const Taps &taps,
                           const F &f) {
  ForEachTapColumn(in, taps, [&](const float *tap, int64_t j) HWY_ATTR {
    for (int64_t t = j; t < taps.kh * taps.kw;
         t += taps.kw, tap += taps.rowStep)
      f(tap, t);
  });
}

/// Vectors of a row computed at once (times 2 rows).
constexpr int64_t kBlockVecs = 4;
/// The least work (multiply-adds, or taps for pooling) of a chunk of planes
/// that a thread takes: a chunk of a parallel loop costs about a
/// microsecond.
constexpr int64_t kMinMacsPerChunk = 32 * 1024;

/// Calls block.template run<R, V>(oh, ow, n) over an output plane: n
/// outputs of rows [oh, oh + R) from column ow, in V vectors (the last one
/// possibly partial). Rows go by pairs: 2 x 4 vectors are 8 independent
/// accumulators, enough to cover the latency of the multiply-adds (4 left
/// the FMA units half idle). The blocks of a column are the same for every
/// row: narrow planes (pooling) choose V once per column, not per row.
template <int64_t V, class Block>
HWY_INLINE void ForEachRowPair(int64_t outHeight, int64_t ow, int64_t n,
                               const Block &block) {
  int64_t oh = 0;
  for (; oh + 2 <= outHeight; oh += 2)
    block.template run<2, V>(oh, ow, n);
  if (oh < outHeight)
    block.template run<1, V>(oh, ow, n);
}
template <class Block>
HWY_INLINE void ForEachBlock(int64_t outHeight, int64_t outWidth,
                             const Block &block) {
  for (int64_t ow = 0; ow < outWidth; ow += kBlockVecs * kLanes) {
    const int64_t n = std::min(kBlockVecs * kLanes, outWidth - ow);
    static_assert(kBlockVecs == 4, "one case per block width");
    switch ((n + kLanes - 1) / kLanes) {
    case 1:
      ForEachRowPair<1>(outHeight, ow, n, block);
      break;
    case 2:
      ForEachRowPair<2>(outHeight, ow, n, block);
      break;
    case 3:
      ForEachRowPair<3>(outHeight, ow, n, block);
      break;
    default:
      ForEachRowPair<4>(outHeight, ow, n, block);
      break;
    }
  }
}

/// Runs body(unit, scratch) over the input planes of x, [0, batch *
/// channels), on the threads, with `floats` of the thread's scratch; `macs`
/// is the work of one plane. False when scratch memory ran out.
template <class Body>
bool ForEachPlane(const NablaConv2dShape &s, int64_t floats, int64_t macs,
                  const Body &body) {
  const int64_t grain =
      std::max<int64_t>(1, kMinMacsPerChunk / std::max<int64_t>(macs, 1));
  std::atomic<bool> ok{true};
  nabla::parallelFor(s.batch * s.channels, grain,
                     [&](int64_t begin, int64_t end) HWY_ATTR {
                       ScratchLease scratch(kScratchPlane, floats);
                       if (!scratch) {
                         ok.store(false, std::memory_order_relaxed);
                         return;
                       }
                       for (int64_t unit = begin; unit < end; ++unit)
                         body(unit, scratch.data());
                     });
  return ok.load();
}

//===----------------------------------------------------------------------===//
// Depthwise convolution
//===----------------------------------------------------------------------===//

/// One output plane of a depthwise filter: act(sum of w[t] times tap t,
/// plus bias and residual).
struct DepthwisePlane {
  const float *in;   // the padded plane
  int64_t rowStride; // floats between the windows of consecutive rows
  const Taps &taps;
  const float *w; // kh * kw weights
  bool hasBias;
  float bias;
  const float *residual; // the plane's residual, or null
  float *out;
  int64_t outWidth;
  const Activation &act;

  template <int64_t R, int64_t V>
  HWY_INLINE void run(int64_t oh, int64_t ow, int64_t n) const {
    const DF d;
    VF acc[R][V];
    NABLA_UNROLL
    for (int64_t r = 0; r < R; ++r) {
      NABLA_UNROLL
      for (int64_t v = 0; v < V; ++v)
        acc[r][v] = hn::Zero(d);
    }
    // acc[r] += w[t] * the V vectors at `tap`.
    auto multiplyAdd = [&](int64_t r, int64_t t, const VF(&x)[V]) HWY_ATTR {
      const VF weight = hn::Set(d, w[t]);
      NABLA_UNROLL
      for (int64_t v = 0; v < V; ++v)
        acc[r][v] = hn::MulAdd(weight, x[v], acc[r][v]);
    };
    auto load = [&](const float *tap, VF(&x)[V]) HWY_ATTR {
      NABLA_UNROLL
      for (int64_t v = 0; v < V; ++v)
        x[v] = hn::LoadU(d, tap + v * kLanes);
    };
    const float *first = in + oh * rowStride + ow;
    if (R == 2 && rowStride == taps.rowStep) {
      // Stride = dilation (1, nearly always): tap i + 1 of the first row is
      // tap i of the second, loaded once (a third fewer loads for 3 x 3),
      // and each output still sums its taps in the same order.
      const int64_t kh = taps.kh, kw = taps.kw;
      ForEachTapColumn(first, taps, [&](const float *tap, int64_t j) HWY_ATTR {
        VF x[V];
        load(tap, x);
        multiplyAdd(0, j, x);
        for (int64_t i = 1; i < kh; ++i) {
          load(tap + i * taps.rowStep, x);
          multiplyAdd(0, i * kw + j, x);
          multiplyAdd(R - 1, (i - 1) * kw + j, x);
        }
        load(tap + kh * taps.rowStep, x);
        multiplyAdd(R - 1, (kh - 1) * kw + j, x);
      });
    } else {
      ForEachTap(first, taps, [&](const float *tap, int64_t t) HWY_ATTR {
        NABLA_UNROLL
        for (int64_t r = 0; r < R; ++r) {
          VF x[V];
          load(tap + r * rowStride, x);
          multiplyAdd(r, t, x);
        }
      });
    }
    NABLA_UNROLL
    for (int64_t r = 0; r < R; ++r) {
      NABLA_UNROLL
      for (int64_t v = 0; v < V; ++v) {
        const int64_t at = (oh + r) * outWidth + ow + v * kLanes;
        const int64_t count = std::min(kLanes, n - v * kLanes);
        VF y = acc[r][v];
        if (hasBias)
          y = hn::Add(y, hn::Set(d, bias));
        if (residual)
          y = hn::Add(y, count == kLanes ? hn::LoadU(d, residual + at)
                                         : LoadN(d, residual + at, count));
        StoreN(Activate(d, y, act), d, out + at, count);
      }
    }
  }
};

/// nabla_sconv2d with one input channel per group (validated): each input
/// plane is padded once, then every filter of its group runs over it.
/// False when scratch memory ran out.
bool Depthwise(const NablaConv2dShape &s, const float *x, const float *w,
               float *y, const NablaEpilogue &ep) {
  const PaddedPlane plane(s);
  const Taps taps(s, plane, s.kernel_h);
  const int64_t multiplier = s.filters / s.channels;
  const int64_t outPlane = s.out_height * s.out_width;
  const int64_t window = s.kernel_h * s.kernel_w;
  Activation act;
  act.kind = ep.activation;
  act.alpha = ep.act_alpha;
  act.beta = ep.act_beta;
  const int64_t rowStride = s.stride_h * plane.phases * plane.stride;
  return ForEachPlane(
      s, plane.floats(plane.rows), multiplier * outPlane * window,
      [&](int64_t unit, float *padded) HWY_ATTR {
        FillPlane(s, plane, x + unit * s.height * s.width, 0.0f, padded);
        const int64_t n = unit / s.channels, c = unit % s.channels;
        for (int64_t k = 0; k < multiplier; ++k) {
          const int64_t f = c * multiplier + k;
          const int64_t offset = (n * s.filters + f) * outPlane;
          const DepthwisePlane block{padded,
                                     rowStride,
                                     taps,
                                     w + f * window,
                                     ep.bias != nullptr,
                                     ep.bias ? ep.bias[f] : 0.0f,
                                     ep.residual ? ep.residual + offset
                                                 : nullptr,
                                     y + offset,
                                     s.out_width,
                                     act};
          ForEachBlock(s.out_height, s.out_width, block);
        }
      });
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// One output plane of a pooling from the padded rows that its windows'
/// rows reduce to, one per output row (`lineStride` floats apart): the
/// largest tap, or the sum of the taps over their count (the window's
/// counted rows times colCount[ow]).
template <bool kMax> struct PoolPlane {
  const float *lines;
  int64_t lineStride;
  const Taps &taps;
  const NablaConv2dShape &s;
  int64_t top, bottom; // the rows that count
  const float *colCount;
  float *out;

  template <int64_t R, int64_t V>
  HWY_INLINE void run(int64_t oh, int64_t ow, int64_t n) const {
    const DF d;
    VF acc[R][V];
    NABLA_UNROLL
    for (int64_t r = 0; r < R; ++r) {
      NABLA_UNROLL
      for (int64_t v = 0; v < V; ++v)
        acc[r][v] = kMax ? hn::Set(d, -std::numeric_limits<float>::infinity())
                         : hn::Zero(d);
    }
    ForEachTap(lines + oh * lineStride + ow, taps,
               [&](const float *tap, int64_t) HWY_ATTR {
                 NABLA_UNROLL
                 for (int64_t r = 0; r < R; ++r) {
                   NABLA_UNROLL
                   for (int64_t v = 0; v < V; ++v) {
                     const VF value =
                         hn::LoadU(d, tap + r * lineStride + v * kLanes);
                     acc[r][v] = kMax ? hn::Max(acc[r][v], value)
                                      : hn::Add(acc[r][v], value);
                   }
                 }
               });
    NABLA_UNROLL
    for (int64_t r = 0; r < R; ++r) {
      const VF rowCount = hn::Set(
          d, kMax ? 1.0f
                  : float(tapsInside((oh + r) * s.stride_h - s.pad_top,
                                     s.kernel_h, s.dilation_h, top, bottom)));
      NABLA_UNROLL
      for (int64_t v = 0; v < V; ++v) {
        const int64_t col = ow + v * kLanes;
        VF y = acc[r][v];
        if (!kMax)
          y = hn::Div(y, hn::Mul(rowCount, hn::LoadU(d, colCount + col)));
        StoreN(y, d, out + (oh + r) * s.out_width + col,
                   std::min(kLanes, n - v * kLanes));
      }
    }
  }
};

/// nabla_spool2d (validated). Both reductions are separable: the rows of
/// each window that lie in the input reduce to one row (padding rows change
/// neither a maximum nor a sum), laid out as a padded row of a PaddedPlane
/// (-inf padding for the maximum, 0 for sums), whose taps each output then
/// reduces. Far less work than a whole padded plane per channel (2 x 2
/// windows of stride 2 measured ~4x faster). The rows of a whole plane are
/// laid out before the outputs read them: a load right after the (masked)
/// stores it overlaps waits for them. Sums count only the taps inside the
/// input (or inside its declared padding). False when scratch memory ran
/// out.
/// Whether `s` is the CNNs' usual pooling: 2 x 2 windows of stride 2 that
/// tile the input without padding (a last odd row or column is left out).
inline bool isPlain2x2(const NablaConv2dShape &s) {
  return s.kernel_h == 2 && s.kernel_w == 2 && s.stride_h == 2 &&
         s.stride_w == 2 && s.dilation_h == 1 && s.dilation_w == 1 &&
         s.pad_top == 0 && s.pad_left == 0 && s.pad_bottom == 0 &&
         s.pad_right == 0 && s.out_height == s.height / 2 &&
         s.out_width == s.width / 2;
}

/// The first n floats at p (n may be 0 or more than a vector: at most a
/// vector is read), zeros after.
HWY_INLINE VF LoadUpTo(DF d, const float *HWY_RESTRICT p, int64_t n) {
  return n <= 0 ? hn::Zero(d)
                : n >= kLanes ? hn::LoadU(d, p) : LoadN(d, p, n);
}

/// isPlain2x2 pooling straight from x, with no padded copy: per output row,
/// the two input rows combined, then each pair of columns, split into even
/// and odd lanes. Every window lies inside the input, so the average is
/// the sum times 1/4 (exactly sum / 4).
template <bool kMax>
void Pool2x2Plane(const NablaConv2dShape &s, const float *in, float *out) {
  const DF d;
  auto combine = [](VF a, VF b) HWY_ATTR {
    return kMax ? hn::Max(a, b) : hn::Add(a, b);
  };
  const VF quarter = hn::Set(d, 0.25f);
  for (int64_t oh = 0; oh < s.out_height; ++oh) {
    const float *r0 = in + 2 * oh * s.width;
    const float *r1 = r0 + s.width;
    float *o = out + oh * s.out_width;
    for (int64_t ow = 0; ow < s.out_width; ow += kLanes) {
      // Input columns [2 ow, 2 ow + 2 n): two vectors.
      const int64_t n = std::min<int64_t>(kLanes, s.out_width - ow);
      const int64_t c = 2 * ow;
      VF lo, hi;
      if (n == kLanes) {
        lo = combine(hn::LoadU(d, r0 + c), hn::LoadU(d, r1 + c));
        hi = combine(hn::LoadU(d, r0 + c + kLanes),
                     hn::LoadU(d, r1 + c + kLanes));
      } else {
        lo = combine(LoadUpTo(d, r0 + c, 2 * n),
                     LoadUpTo(d, r1 + c, 2 * n));
        hi = combine(LoadUpTo(d, r0 + c + kLanes, 2 * n - kLanes),
                     LoadUpTo(d, r1 + c + kLanes, 2 * n - kLanes));
      }
      VF v = combine(hn::ConcatEven(d, hi, lo), hn::ConcatOdd(d, hi, lo));
      if (!kMax)
        v = hn::Mul(v, quarter);
      StoreN(v, d, o + ow, n);
    }
  }
}

bool Pool(int32_t kind, const NablaConv2dShape &s, const float *x, float *y) {
  if (isPlain2x2(s)) {
    const int64_t inPlane = s.height * s.width;
    const int64_t outPlane = s.out_height * s.out_width;
    nabla::parallelFor(
        s.batch * s.channels,
        std::max<int64_t>(1, kMinMacsPerChunk / (4 * outPlane)),
        [&](int64_t begin, int64_t end) HWY_ATTR {
          for (int64_t unit = begin; unit < end; ++unit) {
            if (kind == NABLA_POOL_MAX)
              Pool2x2Plane<true>(s, x + unit * inPlane, y + unit * outPlane);
            else
              Pool2x2Plane<false>(s, x + unit * inPlane, y + unit * outPlane);
          }
        });
    return true;
  }
  const DF d;
  const PaddedPlane plane(s);
  const Taps taps(s, plane, 1);
  const int64_t outPlane = s.out_height * s.out_width;
  const bool isMax = kind == NABLA_POOL_MAX;
  const bool includePad = kind == NABLA_POOL_AVERAGE_INCLUDE_PAD;
  // The counted region: the input, or the input and its declared padding.
  const int64_t top = includePad ? -s.pad_top : 0;
  const int64_t bottom = s.height + (includePad ? s.pad_bottom : 0);
  const int64_t left = includePad ? -s.pad_left : 0;
  const int64_t right = s.width + (includePad ? s.pad_right : 0);
  // The taps counted in each column of windows (with slack for the last
  // block's whole vectors), shared by the threads.
  const int64_t countFloats = isMax ? 0 : s.out_width + kBlockVecs * kLanes;
  ScratchLease colCount(kScratchVector, countFloats);
  if (countFloats && !colCount)
    return false;
  for (int64_t ow = 0; ow < countFloats; ++ow)
    colCount.data()[ow] =
        ow < s.out_width
            ? float(tapsInside(ow * s.stride_w - s.pad_left, s.kernel_w,
                               s.dilation_w, left, right))
            : 1.0f;
  const VF padding =
      hn::Set(d, isMax ? -std::numeric_limits<float>::infinity() : 0.0f);
  const int64_t lineFloats = plane.phases * plane.stride;
  const RowLayout layout(s, plane);
  return ForEachPlane(
      s, plane.floats(s.out_height), outPlane * s.kernel_h * s.kernel_w,
      [&](int64_t unit, float *lines) HWY_ATTR {
        const float *in = x + unit * s.height * s.width;
        // The rows of output row oh's window inside the input: i in
        // [begin, end).
        auto windowRows = [&](int64_t oh, int64_t &rows) {
          const int64_t row0 = oh * s.stride_h - s.pad_top;
          const int64_t begin = firstAtLeast(-row0, s.dilation_h);
          rows = std::min(s.kernel_h,
                          firstAtLeast(s.height - row0, s.dilation_h)) -
                 begin;
          return in + (row0 + begin * s.dilation_h) * s.width;
        };
        const int64_t step = s.dilation_h * s.width;
        if (isMax)
          layout.fill<true>(s.out_height, windowRows, step, padding, lines,
                            lineFloats);
        else
          layout.fill<false>(s.out_height, windowRows, step, padding, lines,
                             lineFloats);
        float *out = y + unit * outPlane;
        if (isMax)
          ForEachBlock(s.out_height, s.out_width,
                       PoolPlane<true>{lines, lineFloats, taps, s, top, bottom,
                                       nullptr, out});
        else
          ForEachBlock(s.out_height, s.out_width,
                       PoolPlane<false>{lines, lineFloats, taps, s, top, bottom,
                                        colCount.data(), out});
      });
}

} // namespace nabla::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // NABLA_RUNTIME_KERNELS_CONV_INL_H_ toggle
