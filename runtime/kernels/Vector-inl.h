//===- Vector-inl.h - Float vectors and partial ones per target -*- C++ -*-===//
//
// The float vector type of each target, loads and stores of the first n
// floats of one, and fills and copies of runs of floats, shared by every
// kernel. Included once per target from a kernel's -inl.h, inside its
// foreach_target pass.
//
//===----------------------------------------------------------------------===//

#if defined(NABLA_RUNTIME_KERNELS_VECTOR_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef NABLA_RUNTIME_KERNELS_VECTOR_INL_H_
#undef NABLA_RUNTIME_KERNELS_VECTOR_INL_H_
#else
#define NABLA_RUNTIME_KERNELS_VECTOR_INL_H_
#endif

#include "hwy/highway.h"

#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace nabla::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<float>;
using VF = hn::Vec<DF>;

/// Lanes of a full vector: 16 (AVX-512), 8 (AVX2), 4 (SSE4, scalar).
constexpr int64_t kLanes = hn::MaxLanes(DF());

//===----------------------------------------------------------------------===//
// Partial vectors. Highway 1.0.3 has no LoadN/StoreN, and its SSE4 and
// portable MaskedLoad read the whole vector (past the end of a row), so
// those targets go through a small buffer.
//===----------------------------------------------------------------------===//

/// The first n (< kLanes) floats at p, zeros after.
HWY_INLINE VF LoadTail(DF d, const float *HWY_RESTRICT p, int64_t n) {
#if HWY_TARGET <= HWY_AVX2
  return hn::MaskedLoad(hn::FirstN(d, size_t(n)), d, p);
#else
  alignas(64) float buffer[kLanes] = {};
  for (int64_t i = 0; i < n; ++i)
    buffer[i] = p[i];
  return hn::Load(d, buffer);
#endif
}

/// Stores the first n (< kLanes) lanes of v at p, nothing past them.
HWY_INLINE void StoreTail(VF v, DF d, float *HWY_RESTRICT p, int64_t n) {
#if HWY_TARGET <= HWY_AVX2
  hn::BlendedStore(v, hn::FirstN(d, size_t(n)), d, p);
#else
  alignas(64) float buffer[kLanes];
  hn::Store(v, d, buffer);
  for (int64_t i = 0; i < n; ++i)
    p[i] = buffer[i];
#endif
}

/// n (1..kLanes) floats at p.
HWY_INLINE VF LoadN(DF d, const float *HWY_RESTRICT p, int64_t n) {
  return n == kLanes ? hn::LoadU(d, p) : LoadTail(d, p, n);
}
HWY_INLINE void StoreN(VF v, DF d, float *HWY_RESTRICT p, int64_t n) {
  if (n == kLanes)
    hn::StoreU(v, d, p);
  else
    StoreTail(v, d, p, n);
}

//===----------------------------------------------------------------------===//
// Runs of floats
//===----------------------------------------------------------------------===//

/// Stores `value` to the n floats at p.
HWY_INLINE void Fill(DF d, float *HWY_RESTRICT p, int64_t n, VF value) {
  int64_t k = 0;
  for (; k + kLanes <= n; k += kLanes)
    hn::StoreU(value, d, p + k);
  if (k < n)
    StoreN(value, d, p + k, n - k);
}

/// Zeros the n floats at p.
HWY_INLINE void ZeroFill(DF d, float *HWY_RESTRICT p, int64_t n) {
  Fill(d, p, n, hn::Zero(d));
}

/// Copies the n floats at src to dst.
HWY_INLINE void CopyN(DF d, const float *HWY_RESTRICT src, int64_t n,
                      float *HWY_RESTRICT dst) {
  int64_t k = 0;
  for (; k + kLanes <= n; k += kLanes)
    hn::StoreU(hn::LoadU(d, src + k), d, dst + k);
  if (k < n)
    StoreN(LoadN(d, src + k, n - k), d, dst + k, n - k);
}

} // namespace nabla::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // NABLA_RUNTIME_KERNELS_VECTOR_INL_H_ toggle
