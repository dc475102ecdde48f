//===- KernelBench.cpp - Microbenchmark of the runtime's kernels ----------===//
//
// nabla-kernel-bench: measures this machine's FMA peak (independent FMA
// chains on the widest vectors, 1 thread and N threads), then the GFLOP/s of
// nabla_sgemm on NN-sized shapes, per dispatch target and thread count, as
// the median (and best) of several runs; with --convs, the benchmark CNNs'
// convolutions and poolings in both layouts (nabla_sconv2d on NCHW against
// nabla_sconv2d_nhwc with packed weights). Prints a table; --json FILE (or
// -) also writes one JSON object per result line.
//
// Self-contained (links only the runtime library). The machines are shared:
// besides wall-clock GFLOP/s, single-thread results report GFLOP/s per CPU
// second of the measuring thread (`cpu`), which a busy machine distorts far
// less; compare either with the peak measured the same way.
//
//===----------------------------------------------------------------------===//

#include "runtime/ThreadPool.h"
#include "runtime/kernels/Kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

double wallSeconds() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double threadCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

//===----------------------------------------------------------------------===//
// FMA peak: 24 independent FMA chains (zmm0-23) or 12 (ymm0-11; AVX2 has 16
// registers), enough to cover 2 pipes x 4 cycles of latency several times.
//===----------------------------------------------------------------------===//

#if defined(__x86_64__)
#define NABLA_FMA4(R, a, b, c, d)                                              \
  "vfmadd231ps %%" R "30, %%" R "31, %%" R #a "\n\t"                           \
  "vfmadd231ps %%" R "30, %%" R "31, %%" R #b "\n\t"                           \
  "vfmadd231ps %%" R "30, %%" R "31, %%" R #c "\n\t"                           \
  "vfmadd231ps %%" R "30, %%" R "31, %%" R #d "\n\t"

__attribute__((target("avx512f"))) void fmaLoopZmm(long iterations) {
  __asm__ volatile(
      "vxorps %%xmm30, %%xmm30, %%xmm30\n\t"
      "vxorps %%xmm31, %%xmm31, %%xmm31\n\t"
      "1:\n\t" NABLA_FMA4("zmm", 0, 1, 2, 3) NABLA_FMA4("zmm", 4, 5, 6, 7)
          NABLA_FMA4("zmm", 8, 9, 10, 11) NABLA_FMA4("zmm", 12, 13, 14, 15)
              NABLA_FMA4("zmm", 16, 17, 18, 19)
                  NABLA_FMA4("zmm", 20, 21, 22, 23) "dec %0\n\t"
                                                    "jnz 1b\n\t"
      : "+r"(iterations)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
        "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm16",
        "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm30",
        "xmm31", "cc");
}

#define NABLA_FMA4_YMM(a, b, c, d)                                             \
  "vfmadd231ps %%ymm14, %%ymm15, %%ymm" #a "\n\t"                              \
  "vfmadd231ps %%ymm14, %%ymm15, %%ymm" #b "\n\t"                              \
  "vfmadd231ps %%ymm14, %%ymm15, %%ymm" #c "\n\t"                              \
  "vfmadd231ps %%ymm14, %%ymm15, %%ymm" #d "\n\t"

__attribute__((target("avx2,fma"))) void fmaLoopYmm(long iterations) {
  __asm__ volatile("vxorps %%xmm14, %%xmm14, %%xmm14\n\t"
                   "vxorps %%xmm15, %%xmm15, %%xmm15\n\t"
                   "1:\n\t" NABLA_FMA4_YMM(0, 1, 2, 3)
                       NABLA_FMA4_YMM(4, 5, 6, 7) NABLA_FMA4_YMM(8, 9, 10, 11)
                           NABLA_FMA4_YMM(0, 1, 2, 3) NABLA_FMA4_YMM(4, 5, 6, 7)
                               NABLA_FMA4_YMM(8, 9, 10, 11) "dec %0\n\t"
                                                            "jnz 1b\n\t"
                   : "+r"(iterations)
                   :
                   : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                     "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm14", "xmm15",
                     "cc");
}
/// SSE has no FMA: 7 chains of mulps and 7 of addps (3-4 cycles latency,
/// two pipes each), xmm0-15 only.
__attribute__((target("sse2"))) void mulAddLoopXmm(long iterations) {
  __asm__ volatile("xorps %%xmm14, %%xmm14\n\t"
                   "xorps %%xmm15, %%xmm15\n\t"
                   "1:\n\t"
                   "mulps %%xmm14, %%xmm0\n\t addps %%xmm15, %%xmm7\n\t"
                   "mulps %%xmm14, %%xmm1\n\t addps %%xmm15, %%xmm8\n\t"
                   "mulps %%xmm14, %%xmm2\n\t addps %%xmm15, %%xmm9\n\t"
                   "mulps %%xmm14, %%xmm3\n\t addps %%xmm15, %%xmm10\n\t"
                   "mulps %%xmm14, %%xmm4\n\t addps %%xmm15, %%xmm11\n\t"
                   "mulps %%xmm14, %%xmm5\n\t addps %%xmm15, %%xmm12\n\t"
                   "mulps %%xmm14, %%xmm6\n\t addps %%xmm15, %%xmm13\n\t"
                   "dec %0\n\t"
                   "jnz 1b\n\t"
                   : "+r"(iterations)
                   :
                   : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
                     "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
                     "xmm14", "xmm15", "cc");
}
#endif

struct Peak {
  const char *isa = "none";
  double single = 0;    // GFLOP/s, wall, 1 thread
  double singleCpu = 0; // GFLOP/s per CPU second, 1 thread
  double multi = 0;     // GFLOP/s, wall, `threads` threads
  int threads = 1;
};

/// Median of the GFLOP/s of `runs` timings of `loop(iterations)` on
/// `threads` threads at once; flopsPerIteration per thread.
void measurePeak(void (*loop)(long), double flopsPerIteration, int threads,
                 int runs, double &wall, double &cpu) {
  const long iterations = 20'000'000;
  std::vector<double> walls, cpus;
  for (int run = 0; run < runs; ++run) {
    std::vector<double> threadCpu(threads);
    double start = wallSeconds();
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t)
      workers.emplace_back([&, t] {
        double c0 = threadCpuSeconds();
        loop(iterations);
        threadCpu[t] = threadCpuSeconds() - c0;
      });
    double c0 = threadCpuSeconds();
    loop(iterations);
    threadCpu[0] = threadCpuSeconds() - c0;
    for (std::thread &worker : workers)
      worker.join();
    double seconds = wallSeconds() - start;
    double flops = flopsPerIteration * double(iterations);
    walls.push_back(threads * flops / seconds * 1e-9);
    cpus.push_back(flops / threadCpu[0] * 1e-9);
  }
  std::sort(walls.begin(), walls.end());
  std::sort(cpus.begin(), cpus.end());
  wall = walls[walls.size() / 2];
  cpu = cpus[cpus.size() / 2];
}

/// The peak of one instruction set ("avx512": zmm FMA, "avx2": ymm FMA,
/// "sse": xmm mulps + addps), or isa "none" when this CPU lacks it.
Peak measureIsaPeak(const char *isa, int threads, int runs) {
  Peak peak;
  peak.threads = threads;
#if defined(__x86_64__)
  __builtin_cpu_init();
  void (*loop)(long) = nullptr;
  double flops = 0;
  if (!std::strcmp(isa, "avx512") && __builtin_cpu_supports("avx512f")) {
    loop = fmaLoopZmm;
    flops = 24 * 16 * 2;
  } else if (!std::strcmp(isa, "avx2") && __builtin_cpu_supports("avx2") &&
             __builtin_cpu_supports("fma")) {
    loop = fmaLoopYmm;
    flops = 24 * 8 * 2;
  } else if (!std::strcmp(isa, "sse")) {
    loop = mulAddLoopXmm;
    flops = 14 * 4;
  }
  if (!loop)
    return peak;
  peak.isa = isa;
  double unusedCpu;
  measurePeak(loop, flops, 1, runs, peak.single, peak.singleCpu);
  if (threads > 1)
    measurePeak(loop, flops, threads, runs, peak.multi, unusedCpu);
  else
    peak.multi = peak.single;
#endif
  return peak;
}

/// The ISA whose peak bounds a kernel target.
const char *isaOf(const std::string &target) {
  return target == "avx512" ? "avx512" : target == "avx2" ? "avx2" : "sse";
}

//===----------------------------------------------------------------------===//
// GEMM timings
//===----------------------------------------------------------------------===//

struct Shape {
  int64_t M, N, K;
  const char *what;
};

/// Shapes of NN layers (M = batch or pixels): the research's set.
const Shape kShapes[] = {
    {512, 512, 512, "square"},
    {64, 512, 784, "MLP fc1, batch 64"},
    {64, 128, 784, "MLP fc1 h=128, batch 64"},
    {1024, 32, 288, "CIFAR conv 32->32 as GEMM"},
    {256, 64, 576, "conv 64->64 @16x16 as GEMM"},
    {64, 512, 128, "LSTM gates, batch 64"},
    {128, 256, 256, "transformer projection"},
    {1, 128, 784, "batch-1 FC (GEMV)"},
};

/// How the operands are given: nn (A, B row-major), packed (B pre-packed:
/// constant weights), tn (A^T B: weight gradients), nt (A B^T: input
/// gradients); and, on packed weights, a dense layer's fused epilogues:
/// bias + relu, bias + GELU (erf).
struct Variant {
  const char *name;
  int32_t flags;
  int32_t activation = -1; // with a per-column bias; -1: no epilogue
};
const Variant kVariants[] = {
    {"nn", 0},
    {"packed", NABLA_SGEMM_PACKED_B},
    {"tn", NABLA_SGEMM_TRANS_A},
    {"nt", NABLA_SGEMM_TRANS_B},
    {"relu", NABLA_SGEMM_PACKED_B, NABLA_ACTIVATION_RELU},
    {"gelu", NABLA_SGEMM_PACKED_B, NABLA_ACTIVATION_GELU_ERF},
};

struct Result {
  double wall = 0, best = 0, cpu = 0; // GFLOP/s
};

/// Forces the kernels onto `target`; false, with a line in the table, when
/// this CPU or build lacks it.
bool selectTarget(const std::string &target, FILE *table) {
  if (!nabla_kernels_set_target(target.c_str()))
    return true;
  std::fprintf(table, "%-7s (not available on this CPU or build)\n",
               target.c_str());
  return false;
}

/// While it lives, the kernels run on `threads` threads (no pool for 1).
class ThreadsScope {
public:
  explicit ThreadsScope(int threads)
      : pool(threads > 1 ? std::make_unique<nabla::ThreadPool>(threads)
                         : nullptr),
        scope(pool.get()) {}

private:
  std::unique_ptr<nabla::ThreadPool> pool;
  nabla::CurrentPoolScope scope;
};

/// GFLOP/s of `call` (`flops` each): the median and best of `runs` runs of
/// about minSeconds, after a warm-up call.
Result timeCalls(const std::function<void()> &call, double flops, int runs,
                 double minSeconds) {
  call(); // warm up caches, scratch and threads
  // Calls per run: enough for minSeconds.
  double start = wallSeconds();
  int64_t calls = 0;
  while (wallSeconds() - start < minSeconds / 4 || calls < 1) {
    call();
    ++calls;
  }
  calls = std::max<int64_t>(
      1, int64_t(double(calls) * minSeconds / (wallSeconds() - start)));
  std::vector<double> walls, cpus;
  for (int run = 0; run < runs; ++run) {
    double c0 = threadCpuSeconds(), w0 = wallSeconds();
    for (int64_t i = 0; i < calls; ++i)
      call();
    double w = wallSeconds() - w0, c = threadCpuSeconds() - c0;
    walls.push_back(flops * double(calls) / w * 1e-9);
    cpus.push_back(flops * double(calls) / c * 1e-9);
  }
  std::sort(walls.begin(), walls.end());
  std::sort(cpus.begin(), cpus.end());
  Result r;
  r.wall = walls[walls.size() / 2];
  r.best = walls.back();
  r.cpu = cpus[cpus.size() / 2];
  return r;
}

Result timeGemm(const Shape &s, const Variant &variant, int runs,
                double minSeconds) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> A(s.M * s.K), B(s.K * s.N), C(s.M * s.N);
  for (float &x : A)
    x = dist(rng);
  for (float &x : B)
    x = dist(rng);
  const bool transA = variant.flags & NABLA_SGEMM_TRANS_A;
  const bool transB = variant.flags & NABLA_SGEMM_TRANS_B;
  const int64_t lda = transA ? s.M : s.K;
  const int64_t ldb = transB ? s.K : s.N;
  const float *b = B.data();
  std::vector<float> packed;
  if (variant.flags & NABLA_SGEMM_PACKED_B) {
    packed.resize(nabla_sgemm_pack_b_size(s.K, s.N, 0) / sizeof(float));
    nabla_sgemm_pack_b(s.K, s.N, 0, B.data(), ldb, packed.data());
    b = packed.data();
  }
  std::vector<float> bias(s.N, 0.5f);
  NablaEpilogue epilogue{};
  epilogue.bias = bias.data();
  epilogue.bias_kind = NABLA_BIAS_PER_COLUMN;
  epilogue.activation = variant.activation;
  const NablaEpilogue *ep = variant.activation >= 0 ? &epilogue : nullptr;
  return timeCalls(
      [&] {
        nabla_sgemm(variant.flags, s.M, s.N, s.K, 1.0f, A.data(), lda, b, ldb,
                    C.data(), s.N, ep);
      },
      2.0 * double(s.M) * double(s.N) * double(s.K), runs, minSeconds);
}


//===----------------------------------------------------------------------===//
// Convolutions and poolings in both layouts
//===----------------------------------------------------------------------===//

/// A convolution (or, with pool, a max pooling) of the benchmark models.
struct ConvLayer {
  const char *name;
  int64_t batch, channels, size, filters, kernel, stride, pad, groups;
  bool pool = false;
};

const ConvLayer kConvLayers[] = {
    {"mnist_conv1", 64, 1, 28, 32, 3, 1, 0, 1},
    {"mnist_conv2", 64, 32, 13, 64, 3, 1, 0, 1},
    {"mnist_conv3", 64, 64, 5, 64, 3, 1, 0, 1},
    {"mnist_pool1", 64, 32, 26, 32, 2, 2, 0, 1, true},
    {"cifar_conv1", 32, 3, 32, 32, 3, 1, 1, 1},
    {"cifar_conv2", 32, 32, 16, 64, 3, 1, 1, 1},
    {"cifar_conv3", 32, 64, 8, 128, 3, 1, 1, 1},
    {"resnet18_conv1", 1, 3, 224, 64, 7, 2, 3, 1},
    {"resnet18_pool", 1, 64, 112, 64, 3, 2, 1, 1, true},
    {"resnet18_layer1", 1, 64, 56, 64, 3, 1, 1, 1},
    {"resnet18_layer2", 1, 128, 28, 128, 3, 1, 1, 1},
    {"resnet18_layer3", 1, 256, 14, 256, 3, 1, 1, 1},
    {"resnet18_layer4", 1, 512, 7, 512, 3, 1, 1, 1},
    {"resnet18_layer4_down", 1, 256, 14, 512, 3, 2, 1, 1},
    {"squeezenet_conv1", 1, 3, 224, 64, 3, 2, 0, 1},
    {"squeezenet_pool1", 1, 64, 111, 64, 3, 2, 0, 1, true},
    {"squeezenet_fire2_squeeze", 1, 64, 55, 16, 1, 1, 0, 1},
    {"squeezenet_fire2_expand1", 1, 16, 55, 64, 1, 1, 0, 1},
    {"squeezenet_fire2_expand3", 1, 16, 55, 64, 3, 1, 1, 1},
    {"squeezenet_fire8_expand3", 1, 64, 13, 256, 3, 1, 1, 1},
    {"squeezenet_classifier", 1, 512, 13, 1000, 1, 1, 0, 1},
    {"mobilenet_dw_112", 1, 32, 112, 32, 3, 1, 1, 32},
    {"mobilenet_dw_14", 1, 384, 14, 384, 3, 1, 1, 384},
    {"mobilenet_dw_7", 1, 960, 7, 960, 3, 1, 1, 960},
    {"mobilenet_pw_7", 1, 960, 7, 160, 1, 1, 0, 1},
};

/// The layer's NCHW and channels-last timings (multiply-adds count 2 FLOPs;
/// a pooling's taps count 1). Channels-last convolutions read packed
/// weights, and a first layer (fewer than 8 channels) its NCHW input.
std::pair<Result, Result> timeConv(const ConvLayer &l, int runs,
                                   double minSeconds) {
  const int64_t out = (l.size + 2 * l.pad - l.kernel) / l.stride + 1;
  NablaConv2dShape s{l.batch,  l.channels, l.size,   l.size,   l.filters,
                     out,      out,        l.kernel, l.kernel, l.stride,
                     l.stride, l.pad,      l.pad,    l.pad,    l.pad,
                     1,        1,          l.groups};
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  const int64_t depth = l.channels / l.groups * l.kernel * l.kernel;
  std::vector<float> x(l.batch * l.channels * l.size * l.size),
      w(l.pool ? 0 : l.filters * depth), bias(l.filters),
      y(l.batch * l.filters * out * out);
  for (float &v : x)
    v = dist(rng);
  for (float &v : w)
    v = dist(rng);
  for (float &v : bias)
    v = dist(rng);
  NablaEpilogue ep{};
  ep.bias = bias.data();
  ep.bias_kind = NABLA_BIAS_PER_ROW;
  ep.activation = NABLA_ACTIVATION_RELU;
  const double outputs = double(l.batch) * l.filters * out * out;
  if (l.pool) {
    const double taps = outputs * l.kernel * l.kernel;
    return {
        timeCalls(
            [&] { nabla_spool2d(NABLA_POOL_MAX, &s, x.data(), y.data()); },
            taps, runs, minSeconds),
        timeCalls(
            [&] { nabla_spool2d_nhwc(NABLA_POOL_MAX, &s, x.data(), y.data()); },
            taps, runs, minSeconds)};
  }
  const int32_t input = l.channels < 8 ? NABLA_CONV_INPUT_NCHW : 0;
  std::vector<float> packed(nabla_sconv2d_nhwc_packed_size(&s) / sizeof(float));
  nabla_sconv2d_nhwc_pack_weights(input, &s, w.data(), packed.data());
  const double flops = 2.0 * outputs * double(depth);
  return {
      timeCalls([&] { nabla_sconv2d(&s, x.data(), w.data(), y.data(), &ep); },
                flops, runs, minSeconds),
      timeCalls(
          [&] {
            nabla_sconv2d_nhwc(NABLA_CONV_PACKED_WEIGHTS | input, &s, x.data(),
                               packed.data(), y.data(), &ep);
          },
          flops, runs, minSeconds)};
}

std::vector<std::string> splitList(const char *text) {
  std::vector<std::string> items;
  std::string item;
  for (const char *p = text;; ++p) {
    if (*p == ',' || !*p) {
      if (!item.empty())
        items.push_back(item);
      item.clear();
      if (!*p)
        break;
    } else {
      item += *p;
    }
  }
  return items;
}

int usage(const char *argv0) {
  std::fprintf(
      stderr,
      "usage: %s [--runs N] [--min-time SECONDS] [--threads 1,2]\n"
      "          [--targets avx512,avx2,sse4,scalar]\n"
      "          [--variants nn,packed,tn,nt,relu,gelu]\n"
      "          [--shapes MxNxK,...] [--convs all|NAME,...] [--json FILE|-]\n"
      "Measures the FMA peak, then nabla_sgemm per shape, variant, target "
      "and\nthread count (median of N runs; default 7, 0.05 s each); with "
      "--convs,\nthe benchmark CNNs' convolutions instead, NCHW against "
      "channels last.\n",
      argv0);
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  int runs = 7;
  double minSeconds = 0.05;
  std::vector<int> threadCounts = {1, std::min(2, nabla_available_cpus())};
  std::vector<std::string> targets = {"avx512", "avx2", "sse4", "scalar"};
  std::vector<std::string> variants = {"nn", "packed"};
  std::vector<Shape> shapes(std::begin(kShapes), std::end(kShapes));
  const char *jsonPath = nullptr;
  std::vector<ConvLayer> convs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--help" || arg == "-h" || !value)
      return usage(argv[0]);
    ++i;
    if (arg == "--runs") {
      runs = std::max(1, std::atoi(value));
    } else if (arg == "--min-time") {
      minSeconds = std::max(1e-4, std::atof(value));
    } else if (arg == "--threads") {
      threadCounts.clear();
      for (const std::string &t : splitList(value))
        threadCounts.push_back(std::max(1, std::atoi(t.c_str())));
    } else if (arg == "--targets") {
      targets = splitList(value);
    } else if (arg == "--variants") {
      variants = splitList(value);
    } else if (arg == "--shapes") {
      shapes.clear();
      for (const std::string &text : splitList(value)) {
        Shape s{0, 0, 0, "custom"};
        if (std::sscanf(text.c_str(), "%ldx%ldx%ld", &s.M, &s.N, &s.K) != 3 ||
            s.M < 1 || s.N < 1 || s.K < 1)
          return usage(argv[0]);
        shapes.push_back(s);
      }
    } else if (arg == "--json") {
      jsonPath = value;
    } else if (arg == "--convs") {
      for (const std::string &name : splitList(value)) {
        bool found = false;
        for (const ConvLayer &layer : kConvLayers)
          if (name == "all" || name == layer.name) {
            convs.push_back(layer);
            found = true;
          }
        if (!found) {
          std::fprintf(stderr, "unknown convolution %s\n", name.c_str());
          return 2;
        }
      }
    } else {
      return usage(argv[0]);
    }
  }
  std::sort(threadCounts.begin(), threadCounts.end());
  threadCounts.erase(std::unique(threadCounts.begin(), threadCounts.end()),
                     threadCounts.end());

  FILE *json = nullptr;
  FILE *table = stdout;
  if (jsonPath && !std::strcmp(jsonPath, "-")) {
    json = stdout;
    table = stderr;
  } else if (jsonPath) {
    json = std::fopen(jsonPath, "w");
    if (!json) {
      std::fprintf(stderr, "cannot write %s\n", jsonPath);
      return 1;
    }
  }

  const int maxThreads = threadCounts.back();
  // The machine's peak is that of its widest vectors; each target is also
  // compared with the peak of its own instruction set.
  std::vector<std::pair<std::string, Peak>> peaks;
  for (const char *isa : {"avx512", "avx2", "sse"}) {
    bool wanted = false;
    for (const std::string &target : targets)
      wanted |= !std::strcmp(isaOf(target), isa);
    if (!wanted && !peaks.empty())
      continue;
    Peak peak = measureIsaPeak(isa, maxThreads, runs);
    if (!std::strcmp(peak.isa, "none"))
      continue;
    peaks.emplace_back(isa, peak);
    std::fprintf(table,
                 "peak %-6s (independent chains): 1 thread %.1f GFLOP/s "
                 "(%.1f per CPU second), %d threads %.1f GFLOP/s\n",
                 isa, peak.single, peak.singleCpu, maxThreads, peak.multi);
    if (json) {
      std::fprintf(json,
                   "{\"kind\":\"peak\",\"isa\":\"%s\",\"threads\":1,"
                   "\"gflops\":%.2f,\"gflops_cpu\":%.2f}\n",
                   isa, peak.single, peak.singleCpu);
      if (maxThreads > 1)
        std::fprintf(json,
                     "{\"kind\":\"peak\",\"isa\":\"%s\",\"threads\":%d,"
                     "\"gflops\":%.2f}\n",
                     isa, maxThreads, peak.multi);
    }
  }
  if (peaks.empty()) {
    std::fprintf(stderr, "no peak measurable on this CPU\n");
    return 1;
  }
  const Peak &peak = peaks.front().second; // the machine's
  auto isaPeak = [&](const std::string &target) -> const Peak & {
    for (const auto &[isa, p] : peaks)
      if (isa == isaOf(target))
        return p;
    return peak;
  };
  if (!convs.empty()) {
    std::fprintf(table,
                 "GFLOP/s (poolings: Gtaps/s) of nabla_sconv2d (NCHW) and "
                 "nabla_sconv2d_nhwc\n(packed weights); %%peak: of threads x "
                 "the 1-thread peak (%s); medians\n",
                 peak.isa);
    std::fprintf(table, "%-7s %3s %-26s %9s %6s %9s %6s %9s\n", "target", "thr",
                 "layer", "NCHW", "%peak", "NHWC", "%peak", "NHWC/NCHW");
    for (const std::string &target : targets) {
      if (!selectTarget(target, table))
        continue;
      for (int threads : threadCounts) {
        ThreadsScope scope(threads);
        const double peakWall = threads * peak.single;
        for (const ConvLayer &layer : convs) {
          auto [nchw, nhwc] = timeConv(layer, runs, minSeconds);
          auto pct = [&](const Result &r) {
            return layer.pool || peakWall <= 0 ? 0.0 : 100 * r.wall / peakWall;
          };
          std::fprintf(
              table, "%-7s %3d %-26s %9.1f %5.0f%% %9.1f %5.0f%% %9.2f\n",
              target.c_str(), threads, layer.name, nchw.wall, pct(nchw),
              nhwc.wall, pct(nhwc), nchw.wall > 0 ? nhwc.wall / nchw.wall : 0);
          if (json)
            std::fprintf(json,
                         "{\"kind\":\"%s\",\"target\":\"%s\",\"threads\":%d,"
                         "\"layer\":\"%s\",\"nchw\":%.2f,\"nhwc\":%.2f,"
                         "\"pct_peak_nchw\":%.1f,\"pct_peak_nhwc\":%.1f,"
                         "\"runs\":%d}\n",
                         layer.pool ? "pool" : "conv", target.c_str(), threads,
                         layer.name, nchw.wall, nhwc.wall, pct(nchw), pct(nhwc),
                         runs);
          std::fflush(table);
        }
      }
    }
    if (json && json != stdout)
      std::fclose(json);
    return 0;
  }
  std::fprintf(table,
               "%%peak: of threads x the machine's 1-thread peak (%s); "
               "%%isa: the same for the target's own vectors;\ncpu: GFLOP/s "
               "per CPU second (1 thread); all medians, best: the fastest "
               "run\n",
               peak.isa);
  std::fprintf(table, "%-7s %-7s %3s %16s  %8s %6s %6s %8s %8s %6s\n", "target",
               "variant", "thr", "MxNxK", "GFLOP/s", "%peak", "%isa", "best",
               "cpu", "%peak");

  for (const std::string &target : targets) {
    if (!selectTarget(target, table))
      continue;
    for (const std::string &variantName : variants) {
      const Variant *variant = nullptr;
      for (const Variant &v : kVariants)
        if (variantName == v.name)
          variant = &v;
      if (!variant) {
        std::fprintf(stderr, "unknown variant %s\n", variantName.c_str());
        return 2;
      }
      for (int threads : threadCounts) {
        ThreadsScope scope(threads);
        // Percentages are of `threads` times the single-thread peak; the
        // peak measured on all threads at once is reported beside it.
        const double peakWall = threads * peak.single;
        const double measuredWall =
            threads > 1 ? peak.multi * threads / maxThreads : peak.single;
        const Peak &own = isaPeak(target);
        const double ownWall = threads * own.single;
        for (const Shape &s : shapes) {
          Result r = timeGemm(s, *variant, runs, minSeconds);
          const double pct = peakWall > 0 ? 100 * r.wall / peakWall : 0;
          const double pctIsa = ownWall > 0 ? 100 * r.wall / ownWall : 0;
          const double pctCpu =
              peak.singleCpu > 0 ? 100 * r.cpu / peak.singleCpu : 0;
          char dims[64];
          std::snprintf(dims, sizeof dims, "%ldx%ldx%ld", s.M, s.N, s.K);
          std::fprintf(
              table,
              "%-7s %-7s %3d %16s  %8.1f %5.0f%% %5.0f%% %8.1f %8s %5s\n",
              target.c_str(), variant->name, threads, dims, r.wall, pct, pctIsa,
              r.best,
              threads == 1 ? std::to_string(int(r.cpu + 0.5)).c_str() : "-",
              threads == 1 ? (std::to_string(int(pctCpu + 0.5)) + "%").c_str()
                           : "-");
          if (json) {
            std::fprintf(
                json,
                "{\"kind\":\"sgemm\",\"target\":\"%s\",\"variant\":\"%s\","
                "\"threads\":%d,\"M\":%ld,\"N\":%ld,\"K\":%ld,"
                "\"gflops\":%.2f,\"gflops_best\":%.2f,\"pct_peak\":%.1f,"
                "\"pct_isa_peak\":%.1f,\"pct_measured_peak\":%.1f",
                target.c_str(), variant->name, threads, s.M, s.N, s.K, r.wall,
                r.best, pct, pctIsa,
                measuredWall > 0 ? 100 * r.wall / measuredWall : 0);
            if (threads == 1)
              std::fprintf(json,
                           ",\"gflops_cpu\":%.2f,\"pct_peak_cpu\":%.1f,"
                           "\"pct_isa_peak_cpu\":%.1f",
                           r.cpu, pctCpu,
                           own.singleCpu > 0 ? 100 * r.cpu / own.singleCpu : 0);
            std::fprintf(json, ",\"runs\":%d}\n", runs);
          }
          std::fflush(table);
        }
      }
    }
  }
  if (json && json != stdout)
    std::fclose(json);
  return 0;
}
