//===- ConvTest.cpp - nabla_sconv2d and nabla_spool2d against references --===//
//
// Every case runs on every kernel target this CPU and build have (missing
// ones are skipped), on 1 and 2 threads, which must give the same bits,
// against plain loops accumulating in double; in NCHW and channels last
// (the _nhwc entry points, on the same tensors transposed).
//
//===----------------------------------------------------------------------===//

#include "runtime/NablaModel.h"
#include "runtime/RunErrors.h"
#include "runtime/ThreadPool.h"
#include "runtime/kernels/Kernels.h"
#include "test/Unit/Runtime/KernelReference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace nabla;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
/// Written past the end of y: a kernel that stores past it changes it.
constexpr float kSentinel = -12345.0f;
constexpr int64_t kGuard = 17;

/// A convolution or pooling to test; out sizes of 0 are computed (floor).
struct Spec {
  int64_t n, c, h, w, f;
  int64_t kh, kw;
  int64_t sh = 1, sw = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
  int64_t dh = 1, dw = 1;
  int64_t groups = 1;
  bool bias = false;
  bool residual = false;
  int32_t activation = NABLA_ACTIVATION_NONE;
  float actAlpha = 0.0f, actBeta = 0.0f;
  int64_t oh = 0, ow = 0;
};

Spec withPads(Spec s, int64_t top, int64_t left, int64_t bottom,
              int64_t right) {
  s.padTop = top;
  s.padLeft = left;
  s.padBottom = bottom;
  s.padRight = right;
  return s;
}

NablaConv2dShape shapeOf(const Spec &s) {
  NablaConv2dShape shape{};
  shape.batch = s.n;
  shape.channels = s.c;
  shape.height = s.h;
  shape.width = s.w;
  shape.filters = s.f;
  shape.kernel_h = s.kh;
  shape.kernel_w = s.kw;
  shape.stride_h = s.sh;
  shape.stride_w = s.sw;
  shape.pad_top = s.padTop;
  shape.pad_left = s.padLeft;
  shape.pad_bottom = s.padBottom;
  shape.pad_right = s.padRight;
  shape.dilation_h = s.dh;
  shape.dilation_w = s.dw;
  shape.groups = s.groups;
  shape.out_height =
      s.oh ? s.oh
           : (s.h + s.padTop + s.padBottom - (s.kh - 1) * s.dh - 1) / s.sh + 1;
  shape.out_width =
      s.ow ? s.ow
           : (s.w + s.padLeft + s.padRight - (s.kw - 1) * s.dw - 1) / s.sw + 1;
  return shape;
}

std::string describe(const Spec &s) {
  const NablaConv2dShape shape = shapeOf(s);
  auto pair = [](int64_t a, int64_t b) {
    return std::to_string(a) + "x" + std::to_string(b);
  };
  return "N=" + std::to_string(s.n) + " C=" + std::to_string(s.c) + " " +
         pair(s.h, s.w) + " F=" + std::to_string(s.f) + " " +
         pair(shape.out_height, shape.out_width) + " k=" + pair(s.kh, s.kw) +
         " s=" + pair(s.sh, s.sw) + " d=" + pair(s.dh, s.dw) +
         " pads=" + std::to_string(s.padTop) + "," + std::to_string(s.padLeft) +
         "," + std::to_string(s.padBottom) + "," + std::to_string(s.padRight) +
         " groups=" + std::to_string(s.groups) +
         " bias=" + std::to_string(s.bias) +
         " residual=" + std::to_string(s.residual) +
         " act=" + std::to_string(s.activation);
}

double activate(double y, const Spec &s) {
  return referenceActivation(y, s.activation, s.actAlpha, s.actBeta);
}

std::vector<float> randomVector(int64_t size, std::mt19937 &rng,
                                float lo = -1.0f, float hi = 1.0f) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(size);
  for (float &e : v)
    e = dist(rng);
  return v;
}

/// How a test calls the kernels: nabla_sconv2d / nabla_spool2d on NCHW
/// tensors, or their channels-last forms on the same tensors transposed
/// (the convolution with its weights as they are, or packed first), or the
/// convolution from an NCHW x to a channels-last y (NABLA_CONV_INPUT_NCHW).
enum class Layout { Nchw, Nhwc, NhwcPacked, NchwInput, NchwInputPacked };

const char *layoutName(Layout layout) {
  switch (layout) {
  case Layout::Nchw:
    return "nchw";
  case Layout::Nhwc:
    return "nhwc";
  case Layout::NhwcPacked:
    return "nhwc packed";
  case Layout::NchwInput:
    return "nchw to nhwc";
  case Layout::NchwInputPacked:
    return "nchw to nhwc packed";
  }
  return "?";
}

/// [n, c, plane] as [n, plane, c] (toNhwc) or back.
std::vector<float> transposed(const std::vector<float> &v, int64_t n,
                              int64_t c, int64_t plane, bool toNhwc) {
  std::vector<float> out(v.size());
  for (int64_t b = 0; b < n; ++b)
    for (int64_t k = 0; k < c; ++k)
      for (int64_t q = 0; q < plane; ++q) {
        const int64_t nchw = (b * c + k) * plane + q;
        const int64_t nhwc = (b * plane + q) * c + k;
        if (toNhwc)
          out[nhwc] = v[nchw];
        else
          out[nchw] = v[nhwc];
      }
  return out;
}

/// The operands of a test, ready to run on any thread count and to check.
struct Problem {
  Spec s;
  NablaConv2dShape shape;
  std::vector<float> x, w, bias, residual;
  NablaEpilogue epilogue{};
  int64_t outChannels;

  Problem(const Spec &spec, bool pooling, uint32_t seed, float lo = -1.0f)
      : s(spec), shape(shapeOf(spec)), outChannels(pooling ? s.c : s.f) {
    std::mt19937 rng(seed);
    x = randomVector(s.n * s.c * s.h * s.w, rng, lo, lo + 2.0f);
    if (pooling)
      return;
    w = randomVector(s.f * (s.c / s.groups) * s.kh * s.kw, rng);
    if (s.bias)
      bias = randomVector(s.f, rng);
    if (s.residual)
      residual = randomVector(outputs(), rng);
    epilogue.bias = s.bias ? bias.data() : nullptr;
    epilogue.bias_kind = s.bias ? NABLA_BIAS_PER_ROW : NABLA_BIAS_NONE;
    epilogue.residual = s.residual ? residual.data() : nullptr;
    epilogue.activation = s.activation;
    epilogue.act_alpha = s.actAlpha;
    epilogue.act_beta = s.actBeta;
  }

  int64_t outputs() const {
    return s.n * outChannels * shape.out_height * shape.out_width;
  }

  /// y (NCHW) computed on `threads` threads (by `kind`, or a convolution
  /// when kind < 0) in `layout`, with the guard past its end.
  std::vector<float> run(int threads, int32_t kind = -1,
                         Layout layout = Layout::Nchw) {
    ThreadPool pool(threads);
    CurrentPoolScope scope(&pool);
    std::vector<float> y(outputs() + kGuard, kNaN);
    std::fill(y.begin() + outputs(), y.end(), kSentinel);
    if (layout == Layout::Nchw) {
      const int32_t status =
          kind < 0
              ? nabla_sconv2d(&shape, x.data(), w.data(), y.data(), &epilogue)
              : nabla_spool2d(kind, &shape, x.data(), y.data());
      EXPECT_EQ(status, 0) << describe(s);
      return y;
    }
    const int64_t outPlane = shape.out_height * shape.out_width;
    const bool nchwInput =
        layout == Layout::NchwInput || layout == Layout::NchwInputPacked;
    const std::vector<float> xh =
        nchwInput ? x : transposed(x, s.n, s.c, s.h * s.w, /*toNhwc=*/true);
    const int32_t inputFlag = nchwInput ? NABLA_CONV_INPUT_NCHW : 0;
    std::vector<float> residualH;
    NablaEpilogue ep = epilogue;
    if (s.residual) {
      residualH = transposed(residual, s.n, outChannels, outPlane, true);
      ep.residual = residualH.data();
    }
    int32_t status;
    if (kind >= 0) {
      status = nabla_spool2d_nhwc(kind, &shape, xh.data(), y.data());
    } else if (layout == Layout::NhwcPacked ||
               layout == Layout::NchwInputPacked) {
      const int64_t bytes = nabla_sconv2d_nhwc_packed_size(&shape);
      EXPECT_GT(bytes, 0) << describe(s);
      std::vector<float> packed(bytes / sizeof(float));
      EXPECT_EQ(nabla_sconv2d_nhwc_pack_weights(inputFlag, &shape, w.data(),
                                                packed.data()),
                0);
      status = nabla_sconv2d_nhwc(NABLA_CONV_PACKED_WEIGHTS | inputFlag,
                                  &shape, xh.data(), packed.data(), y.data(),
                                  &ep);
    } else {
      status = nabla_sconv2d_nhwc(inputFlag, &shape, xh.data(), w.data(),
                                  y.data(), &ep);
    }
    EXPECT_EQ(status, 0) << layoutName(layout) << " " << describe(s);
    // Back to NCHW, the guard as it was left.
    const std::vector<float> outputsH(y.begin(), y.begin() + outputs());
    const std::vector<float> back =
        transposed(outputsH, s.n, outChannels, outPlane, false);
    std::copy(back.begin(), back.end(), y.begin());
    return y;
  }

  float in(int64_t n, int64_t c, int64_t ih, int64_t iw) const {
    return x[((n * s.c + c) * s.h + ih) * s.w + iw];
  }
};

/// Runs on 1 and 2 threads; the same bits, and no store past y.
std::vector<float> runChecked(Problem &p, const std::string &target,
                              int32_t kind = -1,
                              Layout layout = Layout::Nchw) {
  std::vector<float> one = p.run(1, kind, layout);
  const std::vector<float> two = p.run(2, kind, layout);
  EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)), 0)
      << target << " " << describe(p.s) << ": 1 and 2 threads differ";
  for (int64_t i = p.outputs(); i < int64_t(one.size()); ++i)
    EXPECT_EQ(one[i], kSentinel)
        << target << " " << describe(p.s) << ": wrote past y";
  return one;
}

/// Checks a convolution against the double-precision reference.
///
/// Tolerance: 1e-5 of the sum of |terms| (about 170 ulp of it: the float
/// sum of K products is within K ulp in the worst case, some sqrt(K)
/// typically, and K is at most 576 here), amplified by the activation's
/// slope, plus a few ulp of the activation (1.2e-7 relative for GELU's
/// erfc fit). A missed or wrong tap is off by O(|term|), far beyond it.
void expectConvAs(const Spec &spec, const std::string &target,
                  uint32_t seed, Layout layout) {
  Problem p(spec, false, seed);
  const std::vector<float> y = runChecked(p, target, -1, layout);
  const NablaConv2dShape &sh = p.shape;
  const int64_t cg = spec.c / spec.groups, fg = spec.f / spec.groups;
  const double u = std::ldexp(1.0, -24);
  const double slope = spec.activation == NABLA_ACTIVATION_LEAKY_RELU
                           ? std::max(1.0, std::fabs(double(spec.actAlpha)))
                           : 1.2;
  int64_t index = 0;
  for (int64_t n = 0; n < spec.n; ++n)
    for (int64_t f = 0; f < spec.f; ++f)
      for (int64_t oh = 0; oh < sh.out_height; ++oh)
        for (int64_t ow = 0; ow < sh.out_width; ++ow, ++index) {
          const int64_t g = f / fg;
          double sum = 0, terms = 0;
          for (int64_t c = 0; c < cg; ++c)
            for (int64_t i = 0; i < spec.kh; ++i)
              for (int64_t j = 0; j < spec.kw; ++j) {
                const int64_t ih = oh * spec.sh - spec.padTop + i * spec.dh;
                const int64_t iw = ow * spec.sw - spec.padLeft + j * spec.dw;
                if (ih < 0 || ih >= spec.h || iw < 0 || iw >= spec.w)
                  continue;
                const double term =
                    double(p.in(n, g * cg + c, ih, iw)) *
                    p.w[((f * cg + c) * spec.kh + i) * spec.kw + j];
                sum += term;
                terms += std::fabs(term);
              }
          if (spec.bias) {
            sum += p.bias[f];
            terms += std::fabs(p.bias[f]);
          }
          if (spec.residual) {
            sum += p.residual[index];
            terms += std::fabs(p.residual[index]);
          }
          const double expected = activate(sum, spec);
          const double tolerance = slope * 1e-5 * terms +
                                   16 * u * std::fabs(expected) +
                                   2e-7 * std::fabs(sum) + 1e-30;
          ASSERT_TRUE(std::fabs(y[index] - expected) <= tolerance)
              << target << " " << describe(spec) << " at n=" << n << " f=" << f
              << " (" << oh << ", " << ow << "): got " << y[index]
              << ", expected " << expected << " +- " << tolerance;
        }
}

/// expectConvAs with the NCHW products reading the image both ways
/// (nabla_kernels_set_conv_columns), and channels last (from a
/// channels-last or, but for depthwise convolutions, an NCHW x) with the
/// weights packed by each call and ahead of it, each checked.
void expectConv(const Spec &spec, const std::string &target,
                uint32_t seed = 1) {
  for (int32_t columns :
       {NABLA_CONV_COLUMNS_IM2COL, NABLA_CONV_COLUMNS_IMPLICIT}) {
    ASSERT_EQ(nabla_kernels_set_conv_columns(columns), 0);
    expectConvAs(spec,
                 target + (columns == NABLA_CONV_COLUMNS_IM2COL ? " im2col"
                                                                : " implicit"),
                 seed, Layout::Nchw);
    nabla_kernels_set_conv_columns(NABLA_CONV_COLUMNS_AUTO);
    if (::testing::Test::HasFatalFailure())
      return;
  }
  const bool depthwise = spec.groups == spec.c && spec.groups == spec.f;
  for (Layout layout : {Layout::Nhwc, Layout::NhwcPacked, Layout::NchwInput,
                        Layout::NchwInputPacked}) {
    if (depthwise &&
        (layout == Layout::NchwInput || layout == Layout::NchwInputPacked))
      continue;
    expectConvAs(spec, target + " " + layoutName(layout), seed, layout);
    if (::testing::Test::HasFatalFailure())
      return;
  }
}

/// Checks a pooling against the reference: the maximum exactly, the
/// average within the rounding of its sum and one division.
void expectPoolAs(int32_t kind, const Spec &spec, const std::string &target,
                  float lo, Layout layout) {
  Problem p(spec, true, 2, lo);
  const std::vector<float> y = runChecked(p, target, kind, layout);
  const NablaConv2dShape &sh = p.shape;
  const double u = std::ldexp(1.0, -24);
  int64_t index = 0;
  for (int64_t n = 0; n < spec.n; ++n)
    for (int64_t c = 0; c < spec.c; ++c)
      for (int64_t oh = 0; oh < sh.out_height; ++oh)
        for (int64_t ow = 0; ow < sh.out_width; ++ow, ++index) {
          double best = -INFINITY, sum = 0, terms = 0;
          int64_t inside = 0, counted = 0;
          for (int64_t i = 0; i < spec.kh; ++i)
            for (int64_t j = 0; j < spec.kw; ++j) {
              const int64_t ih = oh * spec.sh - spec.padTop + i * spec.dh;
              const int64_t iw = ow * spec.sw - spec.padLeft + j * spec.dw;
              if (ih >= -spec.padTop && ih < spec.h + spec.padBottom &&
                  iw >= -spec.padLeft && iw < spec.w + spec.padRight)
                ++counted;
              if (ih < 0 || ih >= spec.h || iw < 0 || iw >= spec.w)
                continue;
              const double v = p.in(n, c, ih, iw);
              ++inside;
              best = std::max(best, v);
              sum += v;
              terms += std::fabs(v);
            }
          ASSERT_GT(inside, 0) << describe(spec);
          // Only built on a failure.
          auto where = [&] {
            return target + " kind " + std::to_string(kind) + " " +
                   describe(spec) + " at (" + std::to_string(oh) + ", " +
                   std::to_string(ow) + ")";
          };
          if (kind == NABLA_POOL_MAX) {
            ASSERT_EQ(y[index], float(best)) << where();
            continue;
          }
          const double count =
              kind == NABLA_POOL_AVERAGE ? double(inside) : double(counted);
          const double expected = sum / count;
          const double tolerance = 2 * (double(inside + 2) * u * terms / count +
                                        2 * u * std::fabs(expected)) +
                                   1e-30;
          ASSERT_TRUE(std::fabs(y[index] - expected) <= tolerance)
              << where() << ": got " << y[index] << ", expected " << expected;
        }
}

/// expectPoolAs on NCHW and channels-last tensors.
void expectPool(int32_t kind, const Spec &spec, const std::string &target,
                float lo = -1.0f) {
  for (Layout layout : {Layout::Nchw, Layout::Nhwc}) {
    expectPoolAs(kind, spec, target + " " + layoutName(layout), lo, layout);
    if (::testing::Test::HasFatalFailure())
      return;
  }
}

/// Runs its tests on the kernel target named by the parameter.
class ConvTarget : public ::testing::TestWithParam<const char *> {
protected:
  void SetUp() override {
    if (nabla_kernels_set_target(GetParam()) != 0)
      GTEST_SKIP() << "target " << GetParam()
                   << " is not available on this CPU or build";
  }
  void TearDown() override { nabla_kernels_set_target("auto"); }
  std::string target() const { return GetParam(); }
};

TEST_P(ConvTarget, OneGroup) {
  Spec pad1{2, 3, 8, 8, 5, 3, 3};
  pad1 = withPads(pad1, 1, 1, 1, 1);
  pad1.bias = true;
  pad1.activation = NABLA_ACTIVATION_RELU;
  Spec stride2 = withPads(Spec{2, 4, 13, 11, 6, 3, 3, 2, 2}, 1, 1, 1, 1);
  Spec dilated = withPads(Spec{1, 3, 14, 12, 4, 5, 5}, 2, 2, 2, 2);
  dilated.dh = dilated.dw = 2;
  Spec stem = withPads(Spec{1, 3, 23, 23, 8, 7, 7, 2, 2}, 3, 3, 3, 3);
  stem.bias = true;
  // P = 100: 1 x 1 products straight on the image.
  Spec pointwise{2, 16, 10, 10, 8, 1, 1};
  pointwise.bias = true;
  pointwise.residual = true;
  Spec pointwise2{2, 8, 9, 9, 4, 1, 1, 2, 2};
  Spec asymmetric = withPads(Spec{2, 5, 9, 10, 7, 3, 2, 1, 2}, 0, 1, 2, 1);
  asymmetric.bias = true;
  // One input channel, enough filters for matrix products (the MNIST
  // CNN's first layer), and per group of a grouped convolution.
  Spec firstLayer{3, 1, 28, 28, 32, 3, 3};
  firstLayer.bias = true;
  firstLayer.activation = NABLA_ACTIVATION_RELU;
  Spec multiplier16 = withPads(Spec{2, 2, 10, 9, 32, 3, 3}, 1, 1, 1, 1);
  multiplier16.groups = 2;
  multiplier16.residual = true;
  // Stride and dilation together, stride 3 by 2: taps in every phase.
  Spec stridedDilated = withPads(Spec{2, 6, 17, 15, 5, 3, 3, 3, 2}, 2, 1, 0, 2);
  stridedDilated.dh = 2;
  stridedDilated.dw = 3;
  stridedDilated.bias = true;
  // Outputs that the declared padding does not reach (ceil-mode-like).
  Spec pastPadding = withPads(Spec{1, 3, 8, 8, 4, 3, 3, 2, 2}, 1, 1, 0, 0);
  pastPadding.oh = pastPadding.ow = 5;
  for (const Spec &spec : {pad1, stride2, dilated, stem, pointwise, pointwise2,
                           asymmetric, firstLayer, multiplier16,
                           stridedDilated, pastPadding}) {
    expectConv(spec, target());
    if (HasFatalFailure())
      return;
  }
}

TEST_P(ConvTarget, FoldedSmallImages) {
  Spec late{64, 64, 5, 5, 64, 3, 3};
  late.bias = true;
  late.activation = NABLA_ACTIVATION_CLIP;
  late.actBeta = 6.0f;
  Spec odd{7, 16, 5, 5, 12, 3, 3};
  odd.activation = NABLA_ACTIVATION_SIGMOID;
  // 1 x 1 outputs: chunks of two images at least.
  Spec single{3, 4, 3, 3, 5, 3, 3};
  single.bias = true;
  Spec singleMany{9, 8, 3, 3, 6, 3, 3};
  // 1 x 1 windows over small images, folded too.
  Spec pointwise{5, 8, 6, 6, 10, 1, 1};
  pointwise.bias = true;
  // Strided columns of folded images.
  Spec strided = withPads(Spec{8, 6, 7, 8, 5, 3, 3, 2, 2}, 1, 0, 0, 1);
  strided.bias = true;
  // A residual keeps the images apart.
  Spec residual = withPads(Spec{6, 8, 4, 4, 8, 3, 3}, 1, 1, 1, 1);
  residual.residual = true;
  residual.activation = NABLA_ACTIVATION_RELU;
  for (const Spec &spec :
       {late, odd, single, singleMany, pointwise, strided, residual}) {
    expectConv(spec, target());
    if (HasFatalFailure())
      return;
  }
}

TEST_P(ConvTarget, Grouped) {
  Spec two = withPads(Spec{2, 8, 9, 9, 6, 3, 3}, 1, 1, 1, 1);
  two.groups = 2;
  two.bias = true;
  two.residual = true;
  Spec four = withPads(Spec{3, 8, 10, 10, 8, 3, 3, 2, 2}, 1, 1, 1, 1);
  four.groups = 4;
  four.bias = true;
  Spec foldedGroups{10, 12, 4, 4, 6, 3, 3};
  foldedGroups.groups = 3;
  foldedGroups.bias = true;
  Spec pointwise{2, 16, 12, 12, 8, 1, 1};
  pointwise.groups = 4;
  for (const Spec &spec : {two, four, foldedGroups, pointwise}) {
    expectConv(spec, target());
    if (HasFatalFailure())
      return;
  }
}

TEST_P(ConvTarget, Depthwise) {
  auto depthwise = [](int64_t n, int64_t c, int64_t h, int64_t w,
                      int64_t stride, int64_t multiplier = 1) {
    Spec s = withPads(Spec{n, c, h, w, c * multiplier, 3, 3, stride, stride}, 1,
                      1, 1, 1);
    s.groups = c;
    return s;
  };
  Spec s1 = depthwise(2, 8, 10, 10, 1);
  s1.bias = true;
  s1.activation = NABLA_ACTIVATION_CLIP;
  s1.actBeta = 6.0f;
  Spec s2 = depthwise(2, 8, 11, 11, 2);
  s2.bias = true;
  s2.residual = true;
  Spec multiplier = depthwise(2, 4, 9, 9, 1, 2);
  multiplier.bias = true;
  multiplier.activation = NABLA_ACTIVATION_SIGMOID;
  Spec narrow = depthwise(3, 5, 6, 7, 1);
  narrow.residual = true;
  narrow.activation = NABLA_ACTIVATION_RELU;
  Spec wide = depthwise(1, 3, 112, 112, 2);
  wide.bias = true;
  Spec wide1 = depthwise(1, 2, 20, 112, 1);
  wide1.residual = true;
  // Phases of a stride 3 with dilation 2, asymmetric padding, 5 x 4.
  Spec phases = withPads(Spec{2, 3, 17, 19, 3, 5, 4, 2, 3}, 2, 3, 1, 0);
  phases.groups = 3;
  phases.dh = 2;
  phases.dw = 2;
  phases.bias = true;
  // Windows of one row and of one column.
  Spec row = withPads(Spec{2, 4, 9, 13, 4, 1, 5}, 0, 2, 0, 2);
  row.groups = 4;
  row.residual = true;
  Spec column = withPads(Spec{2, 4, 13, 9, 4, 5, 1}, 2, 0, 2, 0);
  column.groups = 4;
  column.bias = true;
  // One input channel, many filters (a first layer).
  Spec firstLayer{3, 1, 28, 28, 6, 5, 5};
  firstLayer.bias = true;
  firstLayer.activation = NABLA_ACTIVATION_RELU;
  // Large enough for the threads to split the planes.
  Spec split = depthwise(4, 32, 20, 20, 1);
  split.bias = true;
  // Channels last, 3 x 3 windows inside the input keep their weights in
  // registers, two vectors of channels at a time: 40 channels leave a
  // partial pair on every target; 50 a pair and a partial single on AVX-512.
  Spec pairs = depthwise(2, 40, 9, 11, 1);
  pairs.bias = true;
  pairs.residual = true;
  pairs.activation = NABLA_ACTIVATION_CLIP;
  pairs.actBeta = 6.0f;
  Spec pairsStrided = depthwise(1, 50, 12, 9, 2);
  pairsStrided.dh = 2;
  pairsStrided.padTop = pairsStrided.padBottom = 2;
  pairsStrided.activation = NABLA_ACTIVATION_RELU;
  for (const Spec &spec : {s1, s2, multiplier, narrow, wide, wide1, phases, row,
                           column, firstLayer, split, pairs, pairsStrided}) {
    expectConv(spec, target());
    if (HasFatalFailure())
      return;
  }
}

TEST_P(ConvTarget, EveryActivation) {
  struct Act {
    int32_t kind;
    float alpha, beta;
  };
  const Act acts[] = {
      {NABLA_ACTIVATION_RELU, 0, 0},
      {NABLA_ACTIVATION_CLIP, -0.5f, 0.25f},
      {NABLA_ACTIVATION_LEAKY_RELU, 0.1f, 0},
      {NABLA_ACTIVATION_SIGMOID, 0, 0},
      {NABLA_ACTIVATION_TANH, 0, 0},
      {NABLA_ACTIVATION_GELU_ERF, 0, 0},
      {NABLA_ACTIVATION_GELU_TANH, 0, 0},
  };
  Spec gemm = withPads(Spec{2, 4, 7, 7, 5, 3, 3}, 1, 1, 1, 1);
  Spec depthwise = withPads(Spec{2, 4, 7, 9, 4, 3, 3}, 1, 1, 1, 1);
  depthwise.groups = 4;
  uint32_t seed = 0;
  for (Spec spec : {gemm, depthwise})
    for (const Act &act : acts)
      for (int epilogue = 0; epilogue < 3; ++epilogue) {
        spec.activation = act.kind;
        spec.actAlpha = act.alpha;
        spec.actBeta = act.beta;
        spec.bias = epilogue != 1;
        spec.residual = epilogue != 0;
        expectConv(spec, target(), ++seed);
        if (HasFatalFailure())
          return;
      }
}

TEST_P(ConvTarget, LargerThanAThread) {
  // Whole images per thread; one image whose columns are built in blocks
  // of output rows (12, 12, 4; and 21, 11 with stride 2), the blocks spread
  // over the threads; a folded batch whose chunks depend on the thread
  // count.
  Spec images = withPads(Spec{8, 32, 16, 16, 32, 3, 3}, 1, 1, 1, 1);
  images.bias = true;
  Spec one = withPads(Spec{1, 32, 28, 28, 64, 3, 3}, 1, 1, 1, 1);
  one.residual = true;
  Spec strided = withPads(Spec{1, 16, 64, 64, 8, 3, 3, 2, 2}, 1, 1, 1, 1);
  strided.bias = true;
  strided.activation = NABLA_ACTIVATION_RELU;
  Spec folded{64, 32, 5, 5, 48, 3, 3};
  folded.activation = NABLA_ACTIVATION_RELU;
  for (const Spec &spec : {images, one, strided, folded}) {
    expectConv(spec, target());
    if (HasFatalFailure())
      return;
  }
}

TEST_P(ConvTarget, Pooling) {
  Spec pool2{2, 3, 8, 8, 3, 2, 2, 2, 2};
  Spec pool3 = withPads(Spec{2, 3, 9, 9, 3, 3, 3, 2, 2}, 1, 1, 1, 1);
  // ceil_mode: the last window reaches past the input and its padding.
  Spec ceil2{2, 3, 7, 7, 3, 2, 2, 2, 2};
  ceil2.oh = ceil2.ow = 4;
  Spec ceil3 = withPads(Spec{1, 4, 10, 11, 4, 3, 3, 2, 2}, 1, 1, 1, 1);
  ceil3.oh = 6;
  ceil3.ow = 6;
  Spec dilated{2, 3, 9, 9, 3, 3, 3};
  dilated.dh = dilated.dw = 2;
  Spec same = withPads(Spec{2, 3, 6, 7, 3, 3, 3}, 1, 1, 1, 1);
  Spec asymmetric = withPads(Spec{2, 2, 7, 9, 2, 3, 2, 1, 2}, 1, 0, 2, 1);
  Spec wideStride{1, 3, 10, 10, 3, 2, 2, 3, 3};
  Spec global{2, 5, 7, 7, 5, 7, 7};
  Spec large{64, 32, 26, 26, 32, 2, 2, 2, 2};
  // Plain 2 x 2 windows of stride 2 (read straight from x): odd sizes
  // leave the last row and column out; 35 outputs per row are two full
  // vectors and a tail on AVX-512.
  Spec oddPlain{2, 3, 13, 27, 3, 2, 2, 2, 2};
  Spec widePlain{1, 2, 6, 70, 2, 2, 2, 2, 2};
  // 50 channels: channels last, a block of 4 vectors, the last partial.
  Spec manyChannels = withPads(Spec{1, 50, 7, 7, 50, 3, 3, 2, 2}, 1, 1, 1, 1);
  for (const Spec &spec : {pool2, pool3, ceil2, ceil3, dilated, same,
                           asymmetric, wideStride, global, large, oddPlain,
                           widePlain, manyChannels})
    for (int32_t kind :
         {NABLA_POOL_MAX, NABLA_POOL_AVERAGE, NABLA_POOL_AVERAGE_INCLUDE_PAD}) {
      expectPool(kind, spec, target());
      if (HasFatalFailure())
        return;
    }
  // Padding must not win a maximum over negative inputs.
  expectPool(NABLA_POOL_MAX, pool3, target(), -3.0f);
  expectPool(NABLA_POOL_MAX, ceil2, target(), -3.0f);
  expectPool(NABLA_POOL_MAX, oddPlain, target(), -3.0f);
}

INSTANTIATE_TEST_SUITE_P(Kernels, ConvTarget,
                         ::testing::Values("avx512", "avx2", "sse4", "scalar"),
                         [](const auto &info) {
                           return std::string(info.param);
                         });

TEST(Conv, InvalidArgumentsReturnOne) {
  Spec spec = withPads(Spec{1, 4, 6, 6, 4, 3, 3}, 1, 1, 1, 1);
  Problem p(spec, false, 1);
  std::vector<float> y(p.outputs(), kSentinel);
  auto conv = [&](const NablaConv2dShape &shape,
                  const NablaEpilogue *ep = nullptr) {
    return nabla_sconv2d(&shape, p.x.data(), p.w.data(), y.data(), ep);
  };
  const NablaConv2dShape good = p.shape;
  EXPECT_EQ(conv(good), 0);
  std::fill(y.begin(), y.end(), kSentinel);
  EXPECT_EQ(nabla_sconv2d(nullptr, p.x.data(), p.w.data(), y.data(), nullptr),
            1);
  EXPECT_EQ(nabla_sconv2d(&good, nullptr, p.w.data(), y.data(), nullptr), 1);
  EXPECT_EQ(nabla_sconv2d(&good, p.x.data(), nullptr, y.data(), nullptr), 1);
  EXPECT_EQ(nabla_sconv2d(&good, p.x.data(), p.w.data(), nullptr, nullptr), 1);
  NablaConv2dShape bad = good;
  bad.groups = 3; // divides neither 4 channels nor 4 filters
  EXPECT_EQ(conv(bad), 1);
  bad = good;
  bad.groups = 0;
  EXPECT_EQ(conv(bad), 1);
  bad = good;
  bad.stride_w = 0;
  EXPECT_EQ(conv(bad), 1);
  bad = good;
  bad.dilation_h = 0;
  EXPECT_EQ(conv(bad), 1);
  bad = good;
  bad.pad_left = -1;
  EXPECT_EQ(conv(bad), 1);
  bad = good;
  bad.batch = 0;
  EXPECT_EQ(conv(bad), 1);
  bad = good;
  bad.out_height = 9; // its last window starts past the padded input
  EXPECT_EQ(conv(bad), 1);
  bad = good;
  bad.kernel_w = INT64_MAX;
  EXPECT_EQ(conv(bad), 1);
  NablaEpilogue ep{};
  ep.beta = 1.0f;
  EXPECT_EQ(conv(good, &ep), 1);
  ep = {};
  ep.bias_kind = NABLA_BIAS_PER_ROW; // without a bias
  EXPECT_EQ(conv(good, &ep), 1);
  ep = {};
  ep.bias = p.w.data();
  ep.bias_kind = 7;
  EXPECT_EQ(conv(good, &ep), 1);
  ep = {};
  ep.activation = 99;
  EXPECT_EQ(conv(good, &ep), 1);
  for (float v : y)
    ASSERT_EQ(v, kSentinel);

  // The channels-last forms check the same things, and their own.
  EXPECT_EQ(nabla_sconv2d_nhwc(0, &good, p.x.data(), p.w.data(), y.data(),
                               nullptr),
            0);
  std::fill(y.begin(), y.end(), kSentinel);
  bad = good;
  bad.groups = 3;
  EXPECT_EQ(nabla_sconv2d_nhwc(0, &bad, p.x.data(), p.w.data(), y.data(),
                               nullptr),
            1);
  EXPECT_EQ(nabla_sconv2d_nhwc_packed_size(&bad), 0);
  EXPECT_EQ(nabla_sconv2d_nhwc_packed_size(nullptr), 0);
  EXPECT_EQ(nabla_sconv2d_nhwc_pack_weights(0, &bad, p.w.data(), y.data()),
            1);
  EXPECT_EQ(nabla_sconv2d_nhwc_pack_weights(0, &good, nullptr, y.data()), 1);
  EXPECT_EQ(nabla_sconv2d_nhwc_pack_weights(4, &good, p.w.data(), y.data()),
            1); // an unknown flag
  EXPECT_EQ(nabla_sconv2d_nhwc(4, &good, p.x.data(), p.w.data(), y.data(),
                               nullptr),
            1);
  NablaConv2dShape depthwise = good;
  depthwise.groups = depthwise.channels;
  depthwise.filters = depthwise.channels;
  EXPECT_EQ(nabla_sconv2d_nhwc(NABLA_CONV_INPUT_NCHW, &depthwise, p.x.data(),
                               p.w.data(), y.data(), nullptr),
            1); // depthwise from an NCHW x
  EXPECT_EQ(nabla_sconv2d_nhwc(0, nullptr, p.x.data(), p.w.data(), y.data(),
                               nullptr),
            1);
  EXPECT_EQ(nabla_sconv2d_nhwc(0, &good, p.x.data(), nullptr, y.data(),
                               nullptr),
            1);
  ep = {};
  ep.activation = 99;
  EXPECT_EQ(nabla_sconv2d_nhwc(0, &good, p.x.data(), p.w.data(), y.data(),
                               &ep),
            1);
  for (float v : y)
    ASSERT_EQ(v, kSentinel);

  auto pool = [&](int32_t kind, const NablaConv2dShape &shape) {
    return nabla_spool2d(kind, &shape, p.x.data(), y.data());
  };
  NablaConv2dShape pooling = good;
  pooling.filters = 0; // ignored
  EXPECT_EQ(pool(NABLA_POOL_MAX, pooling), 0);
  std::fill(y.begin(), y.end(), kSentinel);
  EXPECT_EQ(pool(3, pooling), 1);
  EXPECT_EQ(pool(-1, pooling), 1);
  EXPECT_EQ(nabla_spool2d(NABLA_POOL_MAX, nullptr, p.x.data(), y.data()), 1);
  EXPECT_EQ(nabla_spool2d(NABLA_POOL_MAX, &pooling, p.x.data(), nullptr), 1);
  // A first window of padding alone.
  bad = pooling;
  bad.kernel_h = bad.kernel_w = 2;
  bad.pad_top = bad.pad_left = bad.pad_bottom = bad.pad_right = 2;
  bad.out_height = bad.out_width = 5;
  EXPECT_EQ(pool(NABLA_POOL_AVERAGE, bad), 1);
  // A dilated window that skips over the whole input.
  bad = pooling;
  bad.height = 1;
  bad.kernel_h = 2;
  bad.dilation_h = 3;
  bad.pad_top = 1;
  bad.pad_bottom = 1;
  bad.out_height = 1;
  EXPECT_EQ(pool(NABLA_POOL_MAX, bad), 1);
  EXPECT_EQ(nabla_spool2d_nhwc(NABLA_POOL_MAX, &bad, p.x.data(), y.data()), 1);
  EXPECT_EQ(nabla_spool2d_nhwc(3, &pooling, p.x.data(), y.data()), 1);
  EXPECT_EQ(nabla_spool2d_nhwc(NABLA_POOL_MAX, &pooling, nullptr, y.data()),
            1);
  for (float v : y)
    ASSERT_EQ(v, kSentinel);
}

TEST(Conv, ErrorsAreTheRunsStatus) {
  RunErrors errors;
  NablaConv2dShape shape{};
  {
    RunScope scope(&errors);
    EXPECT_EQ(nabla_sconv2d(&shape, nullptr, nullptr, nullptr, nullptr), 1);
  }
  EXPECT_EQ(errors.status(), NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::strstr(errors.message(), "nabla_sconv2d"), nullptr)
      << errors.message();
  RunErrors poolErrors;
  {
    RunScope scope(&poolErrors);
    EXPECT_EQ(nabla_spool2d(NABLA_POOL_MAX, &shape, nullptr, nullptr), 1);
  }
  EXPECT_NE(std::strstr(poolErrors.message(), "nabla_spool2d"), nullptr)
      << poolErrors.message();
  RunErrors nhwcErrors;
  {
    RunScope scope(&nhwcErrors);
    EXPECT_EQ(nabla_sconv2d_nhwc(0, &shape, nullptr, nullptr, nullptr,
                                 nullptr),
              1);
  }
  EXPECT_EQ(nhwcErrors.status(), NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::strstr(nhwcErrors.message(), "nabla_sconv2d_nhwc"), nullptr)
      << nhwcErrors.message();
}

} // namespace
