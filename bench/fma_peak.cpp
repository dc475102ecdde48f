//===- fma_peak.cpp - the machine's fp32 FMA peak, measured ---------------===//
//
//   fma_peak [--threads N] [--isa zmm|ymm] [--repeats R] [--ms M]
//
// Each thread runs 24 independent vfmadd231ps chains (24 accumulators: far
// more than latency x throughput, so nothing but the FMA ports limits it)
// with no memory operands, for about M milliseconds; R such runs, all
// threads started together. Prints one line:
//   fma_peak: isa=zmm threads=2 gflops_best=<x> gflops_median=<y>
// where GFLOP/s counts 2 FLOP per lane per FMA, summed over threads (wall
// time from the common start to the last thread's end). The runs are short
// (default 5 ms) and many (default 100): on a shared machine a long run is
// preempted, so it measures the share of the core it got, not the core;
// the best short run is the peak.
//
// Built by bench/bench.py with clang++-22 -O3 -march=native -pthread; the
// zmm variant needs AVX-512F, the ymm one FMA3 (and runs on AVX-512
// machines too: on some cores 256-bit FMAs reach the same FLOP/s).
//
//===----------------------------------------------------------------------===//

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sched.h>

namespace {

constexpr int kChains = 24;

// One inner iteration: kChains FMAs of `Lanes` floats each. The asm barrier
// keeps every accumulator live in a register and stops the compiler from
// reasoning about the values; the FMAs themselves are plain intrinsics, so
// the compiler schedules them (checked with objdump: 24 vfmadd231ps per
// loop iteration, no loads).
#if defined(__AVX512F__)
__attribute__((noinline)) float runZmm(long iterations) {
  __m512 acc[kChains];
  for (int i = 0; i < kChains; ++i)
    acc[i] = _mm512_set1_ps(1.0f + i * 1e-3f);
  const __m512 a = _mm512_set1_ps(0.999999f);
  const __m512 b = _mm512_set1_ps(1e-7f);
  for (long it = 0; it < iterations; ++it) {
#pragma clang loop unroll(full)
    for (int i = 0; i < kChains; ++i)
      acc[i] = _mm512_fmadd_ps(acc[i], a, b);
#pragma clang loop unroll(full)
    for (int i = 0; i < kChains; ++i)
      asm volatile("" : "+v"(acc[i]));
  }
  __m512 sum = acc[0];
  for (int i = 1; i < kChains; ++i)
    sum = _mm512_add_ps(sum, acc[i]);
  return _mm512_reduce_add_ps(sum);
}
#endif

#if defined(__FMA__)
__attribute__((noinline)) float runYmm(long iterations) {
  __m256 acc[kChains];
  for (int i = 0; i < kChains; ++i)
    acc[i] = _mm256_set1_ps(1.0f + i * 1e-3f);
  const __m256 a = _mm256_set1_ps(0.999999f);
  const __m256 b = _mm256_set1_ps(1e-7f);
  for (long it = 0; it < iterations; ++it) {
#pragma clang loop unroll(full)
    for (int i = 0; i < kChains; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], a, b);
#pragma clang loop unroll(full)
    for (int i = 0; i < kChains; ++i)
      asm volatile("" : "+x"(acc[i]));
  }
  __m256 sum = acc[0];
  for (int i = 1; i < kChains; ++i)
    sum = _mm256_add_ps(sum, acc[i]);
  float lanes[8];
  _mm256_storeu_ps(lanes, sum);
  float total = 0;
  for (float lane : lanes)
    total += lane;
  return total;
}
#endif

int lanesOf(const std::string &isa) { return isa == "zmm" ? 16 : 8; }

float runIsa(const std::string &isa, long iterations) {
#if defined(__AVX512F__)
  if (isa == "zmm")
    return runZmm(iterations);
#endif
#if defined(__FMA__)
  if (isa == "ymm")
    return runYmm(iterations);
#endif
  std::fprintf(stderr, "fma_peak: %s FMAs not compiled in (no -march support)\n",
               isa.c_str());
  std::exit(2);
}

void pinTo(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  // Best effort: a cgroup may forbid it; the measurement stays valid.
  pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

// Seconds for `threads` threads to run `iterations` each, started together.
double timedRun(const std::string &isa, int threads, long iterations) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  std::vector<float> sinks(threads);
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      if (threads > 1)
        pinTo(t % std::max(1u, std::thread::hardware_concurrency()));
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) {
      }
      sinks[t] = runIsa(isa, iterations);
    });
  while (ready.load() != threads) {
  }
  auto start = std::chrono::steady_clock::now();
  go.store(true, std::memory_order_release);
  for (std::thread &thread : pool)
    thread.join();
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  volatile float sink = 0;
  for (float s : sinks)
    sink = sink + s;
  (void)sink;
  return elapsed.count();
}

long parsePositive(const char *text, const char *what) {
  char *end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (!*text || *end || value < 1) {
    std::fprintf(stderr, "fma_peak: bad %s '%s'\n", what, text);
    std::exit(1);
  }
  return value;
}

} // namespace

int main(int argc, char **argv) {
  int threads = 1, repeats = 100;
  long targetMs = 5;
  std::string isa = "zmm";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "fma_peak: %s needs a value\n", arg.c_str());
      return 1;
    }
    const char *value = argv[++i];
    if (arg == "--threads")
      threads = parsePositive(value, "thread count");
    else if (arg == "--repeats")
      repeats = parsePositive(value, "repeat count");
    else if (arg == "--ms")
      targetMs = parsePositive(value, "duration");
    else if (arg == "--isa" && (std::string(value) == "zmm" || std::string(value) == "ymm"))
      isa = value;
    else {
      std::fprintf(stderr, "usage: fma_peak [--threads N] [--isa zmm|ymm] "
                           "[--repeats R] [--ms M]\n");
      return 1;
    }
  }

  // Calibrate the iteration count to about targetMs per run (the fastest
  // of a few tries: preemption only makes a try slower).
  long iterations = 1 << 10;
  for (;;) {
    double seconds = timedRun(isa, 1, iterations);
    for (int i = 0; i < 4; ++i)
      seconds = std::min(seconds, timedRun(isa, 1, iterations));
    if (seconds * 1000 >= targetMs / 4.0 || iterations > (1L << 40)) {
      iterations = std::max(1L, long(iterations * (targetMs / 1000.0) / seconds));
      break;
    }
    iterations *= 4;
  }

  double flopsPerRun = double(threads) * iterations * kChains * lanesOf(isa) * 2.0;
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r)
    rates.push_back(flopsPerRun / timedRun(isa, threads, iterations) / 1e9);
  std::sort(rates.begin(), rates.end());
  std::printf("fma_peak: isa=%s threads=%d gflops_best=%.1f gflops_median=%.1f\n",
              isa.c_str(), threads, rates.back(), rates[rates.size() / 2]);
  return 0;
}
