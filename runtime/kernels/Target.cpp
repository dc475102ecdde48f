//===- Target.cpp - Run-time choice of the kernels' instruction set -------===//

#include "runtime/kernels/Target.h"
#include "runtime/kernels/Kernels.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

using namespace nabla::kernels;

namespace {
/// The features Highway's target attributes assume (hwy/ops/set_macros-inl.h:
/// HWY_TARGET_STR_*), so that no instruction of a target faults.
bool cpuHas(Target target) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  switch (target) {
  case Target::Scalar:
    return true;
  case Target::SSE4:
    return __builtin_cpu_supports("ssse3") &&
           __builtin_cpu_supports("sse4.1") &&
           __builtin_cpu_supports("sse4.2") &&
           __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("aes");
  case Target::AVX2:
    return cpuHas(Target::SSE4) && __builtin_cpu_supports("avx") &&
           __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
           __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("f16c");
  case Target::AVX512:
    // The runtime library also checks that the OS saves the zmm state.
    return cpuHas(Target::AVX2) && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512bw");
  }
  return false;
#else
  return target == Target::Scalar;
#endif
}

bool compiled(Target target) {
  switch (target) {
  case Target::Scalar:
    return HWY_TARGETS & HWY_EMU128;
  case Target::SSE4:
    return HWY_TARGETS & HWY_SSE4;
  case Target::AVX2:
    return HWY_TARGETS & HWY_AVX2;
  case Target::AVX512:
    return HWY_TARGETS & HWY_AVX3;
  }
  return false;
}

const char *const kNames[kNumTargets] = {"scalar", "sse4", "avx2", "avx512"};

Target best() {
  for (int i = kNumTargets - 1; i > 0; --i)
    if (targetAvailable(Target(i)))
      return Target(i);
  return Target::Scalar;
}

/// -1 until the first kernel call decides.
std::atomic<int> chosen{-1};

int parseTarget(const char *name) {
  if (!std::strcmp(name, "auto"))
    return int(best());
  for (int i = 0; i < kNumTargets; ++i)
    if (!std::strcmp(name, kNames[i]))
      return targetAvailable(Target(i)) ? i : -1;
  return -1;
}
} // namespace

bool nabla::kernels::targetAvailable(Target target) {
  return compiled(target) && cpuHas(target);
}

Target nabla::kernels::currentTarget() {
  int target = chosen.load(std::memory_order_relaxed);
  if (target >= 0)
    return Target(target);
  // An unknown or unsupported name in the environment falls back to the
  // best target: a kernel call has no way to report it.
  const char *env = std::getenv("NABLA_KERNEL_TARGET");
  target = env && *env ? parseTarget(env) : -1;
  if (target < 0)
    target = int(best());
  int expected = -1;
  chosen.compare_exchange_strong(expected, target);
  return Target(chosen.load(std::memory_order_relaxed));
}

const char *nabla::kernels::targetName(Target target) {
  return kNames[int(target)];
}

extern "C" const char *nabla_kernels_target(void) {
  return targetName(currentTarget());
}

extern "C" int32_t nabla_kernels_set_target(const char *name) {
  int target = name ? parseTarget(name) : -1;
  if (target < 0)
    return 1;
  chosen.store(target, std::memory_order_relaxed);
  return 0;
}
