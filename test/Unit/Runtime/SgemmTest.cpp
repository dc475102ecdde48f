//===- SgemmTest.cpp - nabla_sgemm against a scalar reference -------------===//
//
// Every case runs on every kernel target this CPU and build have (the test
// is parameterized by target name; missing ones are skipped), against a
// plain triple loop accumulating in double.
//
//===----------------------------------------------------------------------===//

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
/// Written into the row padding of C: a kernel that stores past a row's end
/// changes it.
constexpr float kSentinel = -12345.0f;

/// A row-major rows x cols matrix with row stride ld >= cols; the padding
/// holds `pad` (NaN for inputs: a kernel that reads it spreads NaN).
struct Matrix {
  int64_t rows = 0, cols = 0, ld = 0;
  std::vector<float> data;

  Matrix() = default;
  Matrix(int64_t rows, int64_t cols, int64_t extra, std::mt19937 &rng,
         float pad = kNaN)
      : rows(rows), cols(cols), ld(cols + extra),
        data(std::max<int64_t>(rows * ld, 1), pad) {
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        at(r, c) = dist(rng);
  }
  float &at(int64_t r, int64_t c) { return data[r * ld + c]; }
  float at(int64_t r, int64_t c) const { return data[r * ld + c]; }
};

/// What a test product is made of.
struct Spec {
  int64_t M, N, K;
  int32_t flags = 0; // TRANS_A, TRANS_B; PACKED_B packs op(B) first
  float alpha = 1.0f;
  float beta = 0.0f;
  int32_t biasKind = NABLA_BIAS_NONE;
  bool residual = false;
  int32_t activation = NABLA_ACTIVATION_NONE;
  float actAlpha = 0.0f, actBeta = 0.0f;
  int64_t extra = 0; // row padding of A, B, C and the residual
};

std::string describe(const Spec &s) {
  return "M=" + std::to_string(s.M) + " N=" + std::to_string(s.N) +
         " K=" + std::to_string(s.K) + " flags=" + std::to_string(s.flags) +
         " alpha=" + std::to_string(s.alpha) +
         " beta=" + std::to_string(s.beta) +
         " bias=" + std::to_string(s.biasKind) +
         " residual=" + std::to_string(s.residual) +
         " act=" + std::to_string(s.activation) +
         " extra=" + std::to_string(s.extra);
}

double activate(double y, const Spec &s) {
  return referenceActivation(y, s.activation, s.actAlpha, s.actBeta);
}

/// A product with its operands, ready to run and to check.
struct Problem {
  Spec s;
  Matrix A, B, C, residual;
  std::vector<float> bias, packed, cInitial;
  NablaEpilogue epilogue{};

  Problem(const Spec &spec, uint32_t seed) : s(spec) {
    std::mt19937 rng(seed);
    const bool transA = s.flags & NABLA_SGEMM_TRANS_A;
    const bool transB = s.flags & NABLA_SGEMM_TRANS_B;
    A = transA ? Matrix(s.K, s.M, s.extra, rng)
               : Matrix(s.M, s.K, s.extra, rng);
    B = transB ? Matrix(s.N, s.K, s.extra, rng)
               : Matrix(s.K, s.N, s.extra, rng);
    C = Matrix(s.M, s.N, s.extra, rng, kSentinel);
    if (s.beta == 0.0f) // never read: garbage must not leak into the result
      for (int64_t r = 0; r < s.M; ++r)
        for (int64_t c = 0; c < s.N; ++c)
          C.at(r, c) = kNaN;
    cInitial = C.data;
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    if (s.biasKind != NABLA_BIAS_NONE) {
      bias.resize(s.biasKind == NABLA_BIAS_PER_ROW ? s.M : s.N);
      for (float &b : bias)
        b = dist(rng);
    }
    if (s.residual)
      residual = Matrix(s.M, s.N, s.extra, rng);
    epilogue.bias = bias.empty() ? nullptr : bias.data();
    epilogue.bias_kind = s.biasKind;
    epilogue.residual = s.residual ? residual.data.data() : nullptr;
    epilogue.ldr = residual.ld;
    epilogue.beta = s.beta;
    epilogue.activation = s.activation;
    epilogue.act_alpha = s.actAlpha;
    epilogue.act_beta = s.actBeta;
    if (s.flags & NABLA_SGEMM_PACKED_B) {
      packed.assign(
          nabla_sgemm_pack_b_size(s.K, s.N, transB) / sizeof(float) + 1, kNaN);
      EXPECT_EQ(nabla_sgemm_pack_b(s.K, s.N, transB, B.data.data(), B.ld,
                                   packed.data()),
                0);
    }
  }

  double a(int64_t m, int64_t k) const {
    return s.flags & NABLA_SGEMM_TRANS_A ? A.at(k, m) : A.at(m, k);
  }
  double b(int64_t k, int64_t n) const {
    return s.flags & NABLA_SGEMM_TRANS_B ? B.at(n, k) : B.at(k, n);
  }

  int32_t run() {
    const float *bData = packed.empty() ? B.data.data() : packed.data();
    return nabla_sgemm(s.flags, s.M, s.N, s.K, s.alpha, A.data.data(), A.ld,
                       bData, B.ld, C.data.data(), C.ld, &epilogue);
  }

  /// Checks C against the double-precision reference.
  ///
  /// Tolerance: a float sum of K products is within K*u*sum|a_k b_k| of the
  /// exact one (u = 2^-24; Higham's bound for any summation order, blocked
  /// or FMA); the epilogue's few roundings add u per term. The activations
  /// then amplify that error by at most their slope (GELU's reaches 1.13,
  /// leaky relu's |alpha|) and add their own: a few ulp for Highway's
  /// Exp/Tanh, 1.2e-7 relative for the erfc fit of GELU. The bound is
  /// doubled for margin; anything wrong (a missed product, a wrong
  /// operand, a stale partial sum) is off by O(|a b|), orders beyond it.
  void check(const std::string &target) {
    const double u = std::ldexp(1.0, -24);
    const double slope = s.activation == NABLA_ACTIVATION_LEAKY_RELU
                             ? std::max(1.0, std::fabs(double(s.actAlpha)))
                             : 1.2;
    for (int64_t m = 0; m < s.M; ++m)
      for (int64_t n = 0; n < s.N; ++n) {
        double sum = 0, magnitude = 0;
        for (int64_t k = 0; k < s.K; ++k) {
          sum += a(m, k) * b(k, n);
          magnitude += std::fabs(a(m, k) * b(k, n));
        }
        double y = double(s.alpha) * sum;
        double terms = std::fabs(double(s.alpha)) * magnitude;
        if (s.biasKind != NABLA_BIAS_NONE) {
          double bv = bias[s.biasKind == NABLA_BIAS_PER_ROW ? m : n];
          y += bv;
          terms += std::fabs(bv);
        }
        if (s.beta != 0.0f) {
          double old = cInitial[m * C.ld + n];
          y += double(s.beta) * old;
          terms += std::fabs(double(s.beta) * old);
        }
        if (s.residual) {
          y += residual.at(m, n);
          terms += std::fabs(residual.at(m, n));
        }
        const double expected = activate(y, s);
        const double tolerance =
            2 * (slope * (double(s.K) + 4) * u * terms +
                 16 * u * std::fabs(expected) + 1e-7 * std::fabs(y) + 1e-30);
        const float got = C.at(m, n);
        ASSERT_TRUE(std::fabs(got - expected) <= tolerance)
            << target << " " << describe(s) << " at (" << m << ", " << n
            << "): got " << got << ", expected " << expected << " +- "
            << tolerance;
      }
    for (int64_t m = 0; m < s.M; ++m)
      for (int64_t n = s.N; n < C.ld; ++n)
        ASSERT_EQ(C.at(m, n), kSentinel)
            << target << " " << describe(s) << ": wrote C padding at (" << m
            << ", " << n << ")";
  }
};

/// Runs and checks one spec.
void expectCorrect(const Spec &spec, const std::string &target,
                   uint32_t seed = 1) {
  Problem p(spec, seed);
  ASSERT_EQ(p.run(), 0) << describe(spec);
  p.check(target);
}

/// The operand forms: plain, A^T, B^T, both, and packed B (from B and B^T).
const int32_t kForms[] = {
    0,
    NABLA_SGEMM_TRANS_A,
    NABLA_SGEMM_TRANS_B,
    NABLA_SGEMM_TRANS_A | NABLA_SGEMM_TRANS_B,
    NABLA_SGEMM_PACKED_B,
    NABLA_SGEMM_PACKED_B | NABLA_SGEMM_TRANS_B,
    NABLA_SGEMM_PACKED_B | NABLA_SGEMM_TRANS_A,
};

/// Runs its tests on the kernel target named by the parameter.
class SgemmTarget : public ::testing::TestWithParam<const char *> {
protected:
  void SetUp() override {
    if (nabla_kernels_set_target(GetParam()) != 0)
      GTEST_SKIP() << "target " << GetParam()
                   << " is not available on this CPU or build";
    ASSERT_STREQ(nabla_kernels_target(), GetParam());
  }
  void TearDown() override { nabla_kernels_set_target("auto"); }
  std::string target() const { return GetParam(); }
};

TEST_P(SgemmTarget, ShapesAndOperandForms) {
  // Edges of every register tile (12/6/4 rows, 32/16/8 columns), K blocks
  // (256 when B is read in place, 1024 otherwise) and A blocks (144 rows),
  // primes, and the matrix-vector paths.
  const int64_t shapes[][3] = {
      {1, 1, 1},      {1, 1, 7},       {2, 3, 1},     {3, 2, 5},
      {5, 7, 3},      {11, 13, 17},    {12, 32, 8},   {13, 33, 9},
      {6, 16, 4},     {7, 17, 31},     {4, 8, 2},     {24, 64, 64},
      {23, 31, 29},   {37, 45, 300},   {12, 32, 257}, {47, 97, 513},
      {1, 100, 37},   {1, 300, 41},    {100, 1, 37},  {300, 1, 45},
      {1, 33, 2},     {2, 1, 70},      {150, 70, 40}, {290, 40, 12},
      {64, 128, 33},  {65, 129, 100},  {20, 260, 40}, {150, 300, 300},
      {20, 50, 1500}, {160, 40, 1030}, // K blocks of packed B (1024)
      {64, 100, 200},                  // A B^T as (B A^T)^T
  };
  for (int32_t form : kForms)
    for (const auto &shape : shapes) {
      Spec spec{shape[0], shape[1], shape[2]};
      spec.flags = form;
      expectCorrect(spec, target());
      if (HasFatalFailure())
        return;
    }
}

TEST_P(SgemmTarget, PaddedStrides) {
  for (int32_t form : kForms)
    for (int64_t extra : {1, 3, 17, 100}) {
      Spec spec{29, 41, 70};
      spec.flags = form;
      spec.extra = extra;
      spec.beta = 1.0f;
      spec.residual = true;
      expectCorrect(spec, target());
      Spec vector{1, 45, 33};
      vector.flags = form;
      vector.extra = extra;
      expectCorrect(vector, target());
      Spec column{45, 1, 33};
      column.flags = form;
      column.extra = extra;
      column.biasKind = NABLA_BIAS_PER_ROW;
      expectCorrect(column, target());
      if (HasFatalFailure())
        return;
    }
}

TEST_P(SgemmTarget, EveryEpilogue) {
  struct Act {
    int32_t kind;
    float alpha, beta;
  };
  const Act acts[] = {
      {NABLA_ACTIVATION_NONE, 0, 0},
      {NABLA_ACTIVATION_RELU, 0, 0},
      {NABLA_ACTIVATION_CLIP, 0, 6},
      {NABLA_ACTIVATION_CLIP, -0.5f, 0.25f},
      {NABLA_ACTIVATION_LEAKY_RELU, 0.01f, 0},
      {NABLA_ACTIVATION_LEAKY_RELU, -2.0f, 0},
      {NABLA_ACTIVATION_SIGMOID, 0, 0},
      {NABLA_ACTIVATION_TANH, 0, 0},
      {NABLA_ACTIVATION_GELU_ERF, 0, 0},
      {NABLA_ACTIVATION_GELU_TANH, 0, 0},
  };
  // A full tile, tails, several K blocks, both vector shapes, and a shape
  // whose A B^T runs as (B A^T)^T, storing C transposed.
  const int64_t shapes[][3] = {
      {24, 64, 20}, {13, 45, 300}, {1, 70, 50},    {70, 1, 50},
      {5, 3, 0},    {32, 70, 100}, {13, 45, 1100},
  };
  uint32_t seed = 0;
  for (const auto &shape : shapes)
    for (const Act &act : acts)
      for (int32_t biasKind :
           {NABLA_BIAS_NONE, NABLA_BIAS_PER_COLUMN, NABLA_BIAS_PER_ROW})
        for (float beta : {0.0f, 1.0f, -0.5f})
          for (bool residual : {false, true}) {
            Spec spec{shape[0], shape[1], shape[2]};
            spec.alpha = seed % 3 == 0 ? 1.0f : seed % 3 == 1 ? -0.75f : 3.0f;
            spec.beta = beta;
            spec.biasKind = biasKind;
            spec.residual = residual;
            spec.activation = act.kind;
            spec.actAlpha = act.alpha;
            spec.actBeta = act.beta;
            spec.flags = kForms[seed % 7];
            spec.extra = seed % 2;
            expectCorrect(spec, target(), ++seed);
            if (HasFatalFailure())
              return;
          }
}

TEST_P(SgemmTarget, ActivationsOverAWideRange) {
  // Inputs from -30 to 30 through the identity GEMM: the tails of sigmoid,
  // tanh and GELU (erf) where 1 + erf cancels.
  const int64_t N = 257;
  std::vector<float> a(N), one(1, 1.0f), c(N);
  for (int64_t i = 0; i < N; ++i)
    a[i] = -30.0f + 60.0f * float(i) / float(N - 1);
  for (int32_t act : {NABLA_ACTIVATION_SIGMOID, NABLA_ACTIVATION_TANH,
                      NABLA_ACTIVATION_GELU_ERF, NABLA_ACTIVATION_GELU_TANH}) {
    NablaEpilogue ep{};
    ep.activation = act;
    // C (N x 1) = A (N x 1) * [1]: the column path; and the tile path as
    // C (1 x N) with the vector as B.
    ASSERT_EQ(nabla_sgemm(0, N, 1, 1, 1.0f, a.data(), 1, one.data(), 1,
                          c.data(), 1, &ep),
              0);
    std::vector<float> row(N);
    std::vector<float> ones(13, 1.0f), tile(13 * N);
    ASSERT_EQ(nabla_sgemm(0, 13, N, 1, 1.0f, ones.data(), 1, a.data(), N,
                          tile.data(), N, &ep),
              0);
    Spec spec{1, 1, 1};
    spec.activation = act;
    for (int64_t i = 0; i < N; ++i) {
      const double expected = activate(a[i], spec);
      // Relative to the value: a few ulp, plus the rounding of the
      // exponent (-y^2/2 for GELU's erfc, 1 ulp of it is ~6e-8 y^2
      // relative to the result); an absolute floor near the float's
      // smallest normals, where exp underflows.
      const double y = a[i];
      const double tolerance =
          (4e-6 + 1e-7 * y * y) * std::fabs(expected) + 1e-35;
      EXPECT_NEAR(c[i], expected, tolerance)
          << target() << " activation " << act << " at " << a[i];
      for (int64_t r = 0; r < 13; ++r)
        ASSERT_NEAR(tile[r * N + i], expected, tolerance)
            << target() << " activation " << act << " at " << a[i];
    }
  }
}

TEST_P(SgemmTarget, ZeroKIsTheEpilogueAlone) {
  for (int32_t form : kForms) {
    Spec spec{17, 40, 0};
    spec.flags = form;
    spec.beta = 0.5f;
    spec.biasKind = NABLA_BIAS_PER_COLUMN;
    spec.residual = true;
    spec.activation = NABLA_ACTIVATION_RELU;
    expectCorrect(spec, target());
    // Without anything: zeros, even over NaN garbage in C.
    Spec plain{17, 40, 0};
    plain.flags = form;
    expectCorrect(plain, target());
  }
  // A and B may be null when K == 0.
  std::vector<float> c(6, kNaN);
  ASSERT_EQ(nabla_sgemm(0, 2, 3, 0, 1.0f, nullptr, 0, nullptr, 0, c.data(), 3,
                        nullptr),
            0);
  for (float x : c)
    EXPECT_EQ(x, 0.0f);
}

TEST_P(SgemmTarget, Batched) {
  const int64_t batch = 5, M = 13, N = 35, K = 40;
  std::mt19937 rng(7);
  for (int32_t form : kForms)
    for (int broadcast = 0; broadcast < 3; ++broadcast) {
      // broadcast 1: one A for every batch; 2: one B (e.g. packed weights).
      const bool transA = form & NABLA_SGEMM_TRANS_A;
      const bool transB = form & NABLA_SGEMM_TRANS_B;
      const bool packed = form & NABLA_SGEMM_PACKED_B;
      const int64_t aSize = M * K, bSize = K * N;
      std::vector<Matrix> As, Bs;
      for (int64_t b = 0; b < batch; ++b) {
        As.push_back(transA ? Matrix(K, M, 0, rng) : Matrix(M, K, 0, rng));
        Bs.push_back(transB ? Matrix(N, K, 0, rng) : Matrix(K, N, 0, rng));
      }
      if (broadcast == 1)
        for (Matrix &m : As)
          m = As[0];
      if (broadcast == 2)
        for (Matrix &m : Bs)
          m = Bs[0];
      std::vector<float> aAll, bAll, biasAll, resAll;
      for (int64_t b = 0; b < batch; ++b) {
        aAll.insert(aAll.end(), As[b].data.begin(), As[b].data.end());
        if (packed) {
          std::vector<float> p(nabla_sgemm_pack_b_size(K, N, transB) /
                               sizeof(float));
          nabla_sgemm_pack_b(K, N, transB, Bs[b].data.data(), Bs[b].ld,
                             p.data());
          bAll.insert(bAll.end(), p.begin(), p.end());
        } else {
          bAll.insert(bAll.end(), Bs[b].data.begin(), Bs[b].data.end());
        }
      }
      const int64_t bStride = packed ? int64_t(bAll.size()) / batch : bSize;
      std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
      biasAll.resize(N * batch);
      resAll.resize(M * N); // one residual for every batch (stride 0)
      for (float &x : biasAll)
        x = dist(rng);
      for (float &x : resAll)
        x = dist(rng);
      NablaEpilogue ep{};
      ep.bias = biasAll.data();
      ep.bias_kind = NABLA_BIAS_PER_COLUMN;
      ep.bias_batch_stride = N;
      ep.residual = resAll.data();
      ep.ldr = N;
      ep.residual_batch_stride = 0;
      ep.activation = NABLA_ACTIVATION_TANH;
      std::vector<float> c(batch * M * N, kNaN);
      ASSERT_EQ(nabla_sgemm_batched(
                    form, batch, M, N, K, 0.5f, aAll.data(), transA ? M : K,
                    broadcast == 1 ? 0 : aSize, bAll.data(), transB ? K : N,
                    broadcast == 2 ? 0 : bStride, c.data(), N, M * N, &ep),
                0);
      for (int64_t b = 0; b < batch; ++b) {
        Spec spec{M, N, K};
        spec.flags = form;
        spec.alpha = 0.5f;
        spec.biasKind = NABLA_BIAS_PER_COLUMN;
        spec.residual = true;
        spec.activation = NABLA_ACTIVATION_TANH;
        Problem p(spec, 0);
        p.A = As[b];
        p.B = Bs[b];
        p.bias.assign(biasAll.begin() + b * N, biasAll.begin() + (b + 1) * N);
        p.residual.data = resAll;
        p.residual.ld = N;
        p.C.data.assign(c.begin() + b * M * N, c.begin() + (b + 1) * M * N);
        p.C.ld = N;
        p.check(target() + " batch " + std::to_string(b) + " broadcast " +
                std::to_string(broadcast));
        if (HasFatalFailure())
          return;
      }
    }
}

/// C of `spec` computed with `threads` threads.
std::vector<float> runWithThreads(const Spec &spec, int threads,
                                  int64_t batch = 1) {
  ThreadPool pool(threads);
  CurrentPoolScope scope(&pool);
  Problem p(spec, 3);
  if (batch == 1) {
    EXPECT_EQ(p.run(), 0);
    return p.C.data;
  }
  // The same operands for every batch (strides 0), distinct outputs.
  std::vector<float> c(batch * p.C.data.size(), kNaN);
  const float *b = p.packed.empty() ? p.B.data.data() : p.packed.data();
  EXPECT_EQ(nabla_sgemm_batched(spec.flags, batch, spec.M, spec.N, spec.K,
                                spec.alpha, p.A.data.data(), p.A.ld, 0, b,
                                p.B.ld, 0, c.data(), p.C.ld,
                                int64_t(p.C.data.size()), &p.epilogue),
            0);
  return c;
}

TEST_P(SgemmTarget, SameBitsForAnyThreadCount) {
  // Large enough to be split over threads (rows, panels, K blocks, vector
  // outputs, whole batches), with an epilogue that reads C.
  const int64_t shapes[][3] = {
      {200, 300, 300}, {37, 700, 600}, {700, 37, 300}, {1, 5000, 300},
      {5000, 1, 300},  {64, 512, 784}, {13, 45, 600},  {150, 64, 1100},
  };
  for (int32_t form : kForms)
    for (const auto &shape : shapes) {
      Spec spec{shape[0], shape[1], shape[2]};
      spec.flags = form;
      spec.beta = 0.5f;
      spec.biasKind = NABLA_BIAS_PER_COLUMN;
      spec.activation = NABLA_ACTIVATION_GELU_ERF;
      const std::vector<float> one = runWithThreads(spec, 1);
      for (int threads : {2, 3})
        ASSERT_EQ(std::memcmp(one.data(), runWithThreads(spec, threads).data(),
                              one.size() * sizeof(float)),
                  0)
            << target() << " " << describe(spec) << " on " << threads
            << " threads";
    }
  Spec small{9, 40, 70};
  small.beta = 1.0f;
  const std::vector<float> one = runWithThreads(small, 1, 64);
  for (int threads : {2, 3})
    ASSERT_EQ(std::memcmp(one.data(), runWithThreads(small, threads, 64).data(),
                          one.size() * sizeof(float)),
              0)
        << target() << " batched on " << threads << " threads";
  // Products large enough to split, in a batch that 2 threads share whole
  // and 3 threads do not (each product is then split over output tiles).
  Spec large{64, 121, 288};
  large.biasKind = NABLA_BIAS_PER_ROW;
  large.activation = NABLA_ACTIVATION_RELU;
  const std::vector<float> oneLarge = runWithThreads(large, 1, 8);
  for (int threads : {2, 3})
    ASSERT_EQ(std::memcmp(oneLarge.data(),
                          runWithThreads(large, threads, 8).data(),
                          oneLarge.size() * sizeof(float)),
              0)
        << target() << " large batched on " << threads << " threads";
}

TEST_P(SgemmTarget, PackedLayout) {
  std::mt19937 rng(5);
  for (bool transB : {false, true})
    for (auto [K, N] :
         {std::pair<int64_t, int64_t>{1, 1}, {7, 33}, {70, 64}, {5, 100}}) {
      Matrix B = transB ? Matrix(N, K, 3, rng) : Matrix(K, N, 3, rng);
      const int64_t panels = (N + 31) / 32;
      ASSERT_EQ(nabla_sgemm_pack_b_size(K, N, transB),
                int64_t(panels * K * 32 * sizeof(float)));
      std::vector<float> packed(panels * K * 32 + 1, kSentinel);
      ASSERT_EQ(
          nabla_sgemm_pack_b(K, N, transB, B.data.data(), B.ld, packed.data()),
          0);
      for (int64_t p = 0; p < panels; ++p)
        for (int64_t k = 0; k < K; ++k)
          for (int64_t j = 0; j < 32; ++j) {
            const int64_t n = 32 * p + j;
            const float expected = n >= N   ? 0.0f
                                   : transB ? B.at(n, k)
                                            : B.at(k, n);
            ASSERT_EQ(packed[(p * K + k) * 32 + j], expected)
                << target() << " transB=" << transB << " p=" << p << " k=" << k
                << " j=" << j;
          }
      EXPECT_EQ(packed.back(), kSentinel);
    }
}

INSTANTIATE_TEST_SUITE_P(Kernels, SgemmTarget,
                         ::testing::Values("avx512", "avx2", "sse4", "scalar"),
                         [](const auto &info) {
                           return std::string(info.param);
                         });

TEST(Sgemm, InvalidArgumentsLeaveCUntouched) {
  std::vector<float> a(64, 1.0f), b(64, 1.0f), c(64, kSentinel);
  auto untouched = [&] {
    for (float x : c)
      if (x != kSentinel)
        return false;
    return true;
  };
  EXPECT_EQ(nabla_sgemm(0, -1, 2, 2, 1, a.data(), 2, b.data(), 2, c.data(), 2,
                        nullptr),
            1);
  EXPECT_EQ(nabla_sgemm(0, 4, 4, 4, 1, a.data(), 3, b.data(), 4, c.data(), 4,
                        nullptr),
            1); // lda < K
  EXPECT_EQ(nabla_sgemm(NABLA_SGEMM_TRANS_A, 4, 4, 2, 1, a.data(), 2, b.data(),
                        4, c.data(), 4, nullptr),
            1); // A^T is K x M: lda < M
  EXPECT_EQ(nabla_sgemm(0, 4, 4, 4, 1, a.data(), 4, b.data(), 4, c.data(), 3,
                        nullptr),
            1); // ldc < N
  EXPECT_EQ(
      nabla_sgemm(0, 4, 4, 4, 1, nullptr, 4, b.data(), 4, c.data(), 4, nullptr),
      1);
  EXPECT_EQ(nabla_sgemm(64, 4, 4, 4, 1, a.data(), 4, b.data(), 4, c.data(), 4,
                        nullptr),
            1); // unknown flag
  NablaEpilogue ep{};
  ep.bias_kind = NABLA_BIAS_PER_ROW; // without a bias
  EXPECT_EQ(
      nabla_sgemm(0, 4, 4, 4, 1, a.data(), 4, b.data(), 4, c.data(), 4, &ep),
      1);
  ep = {};
  ep.activation = 99;
  EXPECT_EQ(
      nabla_sgemm(0, 4, 4, 4, 1, a.data(), 4, b.data(), 4, c.data(), 4, &ep),
      1);
  ep = {};
  ep.residual = a.data();
  ep.ldr = 2;
  EXPECT_EQ(
      nabla_sgemm(0, 4, 4, 4, 1, a.data(), 4, b.data(), 4, c.data(), 4, &ep),
      1);
  EXPECT_EQ(nabla_sgemm_batched(0, -1, 4, 4, 4, 1, a.data(), 4, 0, b.data(), 4,
                                0, c.data(), 4, 0, nullptr),
            1);
  EXPECT_TRUE(untouched());
  // Nothing to compute: fine, even without operands.
  EXPECT_EQ(
      nabla_sgemm(0, 0, 4, 4, 1, nullptr, 0, nullptr, 0, nullptr, 0, nullptr),
      0);
  EXPECT_EQ(nabla_sgemm_pack_b_size(-1, 4, 0), -1);
  EXPECT_EQ(nabla_sgemm_pack_b_size(INT64_MAX / 2, INT64_MAX / 2, 0), -1);
  EXPECT_EQ(nabla_sgemm_pack_b(4, 4, 0, a.data(), 3, c.data()), 1);
}

TEST(Sgemm, TargetSelection) {
  EXPECT_EQ(nabla_kernels_set_target("no-such-target"), 1);
  EXPECT_EQ(nabla_kernels_set_target(nullptr), 1);
  ASSERT_EQ(nabla_kernels_set_target("auto"), 0);
  const std::string best = nabla_kernels_target();
  EXPECT_TRUE(best == "avx512" || best == "avx2" || best == "sse4" ||
              best == "scalar")
      << best;
  // Portable code runs everywhere.
  EXPECT_EQ(nabla_kernels_set_target("scalar"), 0);
  EXPECT_STREQ(nabla_kernels_target(), "scalar");
  ASSERT_EQ(nabla_kernels_set_target("auto"), 0);
  EXPECT_EQ(nabla_kernels_target(), best);
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
    EXPECT_EQ(best, "avx512");
#endif
}

} // namespace
