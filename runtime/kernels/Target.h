//===- Target.h - Run-time choice of the instruction set --------*- C++ -*-===//
//
// Highway compiles every kernel once per instruction set (foreach_target.h)
// into the namespaces N_AVX3, N_AVX2, N_SSE4 and N_EMU128. Its own dispatch
// (HWY_DYNAMIC_DISPATCH) needs libhwy.so, which a compiled model must not
// depend on, so the choice is made here from __builtin_cpu_supports, and
// each kernel file builds its table of per-target entry points with
// NABLA_KERNEL_TABLE in its HWY_ONCE section.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_RUNTIME_KERNELS_TARGET_H
#define NABLA_RUNTIME_KERNELS_TARGET_H

// Targets: AVX-512 (Highway's AVX3), AVX2 + FMA, SSE4 and EMU128 (portable
// code for any x86-64). SSSE3 would add code for CPUs from before 2008 that
// SSE4's fallback serves well enough. Every kernel file includes this header
// first, so all of them see the same list.
#ifndef HWY_DISABLED_TARGETS
#define HWY_DISABLED_TARGETS HWY_SSSE3
#endif
#include "hwy/detect_targets.h"

namespace nabla::kernels {

/// The instruction sets, worst first; their names are those of
/// nabla_kernels_target.
enum class Target : int { Scalar, SSE4, AVX2, AVX512 };
constexpr int kNumTargets = 4;

/// Whether this build compiled `target` in (HWY_TARGETS) and this CPU runs
/// it.
bool targetAvailable(Target target);

/// The target every kernel uses now: NABLA_KERNEL_TARGET or the best
/// available one, decided at the first call.
Target currentTarget();

const char *targetName(Target target);

} // namespace nabla::kernels

// Highway's namespace for each target, or nothing when it is not compiled.
#if HWY_TARGETS & HWY_AVX3
#define NABLA_KERNEL_AVX3(fn) &N_AVX3::fn
#else
#define NABLA_KERNEL_AVX3(fn) nullptr
#endif
#if HWY_TARGETS & HWY_AVX2
#define NABLA_KERNEL_AVX2(fn) &N_AVX2::fn
#else
#define NABLA_KERNEL_AVX2(fn) nullptr
#endif
#if HWY_TARGETS & HWY_SSE4
#define NABLA_KERNEL_SSE4(fn) &N_SSE4::fn
#else
#define NABLA_KERNEL_SSE4(fn) nullptr
#endif
#if HWY_TARGETS & HWY_EMU128
#define NABLA_KERNEL_EMU128(fn) &N_EMU128::fn
#else
#define NABLA_KERNEL_EMU128(fn) nullptr
#endif

/// An array of kNumTargets pointers to `fn` compiled for each target,
/// indexed by Target (nullptr where not compiled).
#define NABLA_KERNEL_TABLE(fn)                                                 \
  {                                                                            \
    NABLA_KERNEL_EMU128(fn), NABLA_KERNEL_SSE4(fn), NABLA_KERNEL_AVX2(fn),     \
        NABLA_KERNEL_AVX3(fn)                                                  \
  }

#endif // NABLA_RUNTIME_KERNELS_TARGET_H
