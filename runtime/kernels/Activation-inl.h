//===- Activation-inl.h - Epilogue activations per target -------*- C++ -*-===//
//
// The activations of NablaEpilogue on one vector, shared by every kernel's
// epilogue (GEMM now, convolutions next). Included once per target from a
// kernel's -inl.h, inside its foreach_target pass.
//
// Accuracy (float, against double references): sigmoid and tanh are within a
// few ulp (Highway's Exp, 1 ulp; Tanh, 4 ulp). erf comes from erfc's
// Chebyshev fit of Numerical Recipes (erfcc: relative error < 1.2e-7 over the
// whole line, so the negative side of GELU keeps its relative accuracy far
// into the tail instead of cancelling 1 + erf(x) ~ 0).
//
//===----------------------------------------------------------------------===//

#if defined(NABLA_RUNTIME_KERNELS_ACTIVATION_INL_H_) ==                        \
    defined(HWY_TARGET_TOGGLE)
#ifdef NABLA_RUNTIME_KERNELS_ACTIVATION_INL_H_
#undef NABLA_RUNTIME_KERNELS_ACTIVATION_INL_H_
#else
#define NABLA_RUNTIME_KERNELS_ACTIVATION_INL_H_
#endif

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"
#include "runtime/kernels/Kernels.h"

HWY_BEFORE_NAMESPACE();
namespace nabla::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// An activation and its two parameters (NablaEpilogue's act_alpha/act_beta).
struct Activation {
  int32_t kind = NABLA_ACTIVATION_NONE;
  float alpha = 0.0f;
  float beta = 0.0f;

  /// Whether it needs a transcendental function (an out-of-line call, so
  /// epilogues keep it out of their unrolled register code).
  bool isTranscendental() const { return kind >= NABLA_ACTIVATION_SIGMOID; }
};

/// erfc(|x|) for x >= 0 (Numerical Recipes, erfcc): t = 1/(1 + x/2),
/// erfc = t * exp(-x^2 - 1.26551223 + t * P(t)).
template <class D, class V> HWY_INLINE V ErfcNonNegative(D d, V x) {
  const V t = hn::Div(hn::Set(d, 1.0f),
                      hn::MulAdd(hn::Set(d, 0.5f), x, hn::Set(d, 1.0f)));
  V p = hn::Set(d, 0.17087277f);
  p = hn::MulAdd(p, t, hn::Set(d, -0.82215223f));
  p = hn::MulAdd(p, t, hn::Set(d, 1.48851587f));
  p = hn::MulAdd(p, t, hn::Set(d, -1.13520398f));
  p = hn::MulAdd(p, t, hn::Set(d, 0.27886807f));
  p = hn::MulAdd(p, t, hn::Set(d, -0.18628806f));
  p = hn::MulAdd(p, t, hn::Set(d, 0.09678418f));
  p = hn::MulAdd(p, t, hn::Set(d, 0.37409196f));
  p = hn::MulAdd(p, t, hn::Set(d, 1.00002368f));
  p = hn::MulAdd(p, t, hn::Set(d, -1.26551223f));
  const V e = hn::Exp(d, hn::Sub(p, hn::Mul(x, x)));
  return hn::Mul(t, e);
}

/// The transcendental activations (sigmoid, tanh, both GELUs).
template <class D, class V>
HWY_INLINE V ActivateTranscendental(D d, V y, const Activation &act) {
  const V half = hn::Set(d, 0.5f);
  const V one = hn::Set(d, 1.0f);
  switch (act.kind) {
  case NABLA_ACTIVATION_SIGMOID: {
    // Exp is valid up to 104; past 88 it is inf and the result 0 anyway.
    const V e = hn::Exp(d, hn::Min(hn::Neg(y), hn::Set(d, 100.0f)));
    return hn::Div(one, hn::Add(one, e));
  }
  case NABLA_ACTIVATION_TANH:
    return hn::Tanh(d, y);
  case NABLA_ACTIVATION_GELU_ERF: {
    // y/2 * (1 + erf(z)), z = y/sqrt(2): for y >= 0 that is
    // y/2 * (2 - erfc(z)); for y < 0, y/2 * erfc(-z) (no cancellation).
    const V z = hn::Abs(hn::Mul(y, hn::Set(d, 0.70710678118654752f)));
    const V erfc = ErfcNonNegative(d, z);
    const V factor = hn::IfThenElse(hn::Lt(y, hn::Zero(d)), erfc,
                                    hn::Sub(hn::Set(d, 2.0f), erfc));
    return hn::Mul(hn::Mul(half, y), factor);
  }
  case NABLA_ACTIVATION_GELU_TANH: {
    // y/2 * (1 + tanh(u)) = y / (1 + exp(-2u)): the same function without
    // the cancellation of 1 + tanh(u) ~ 0 for y < 0 (and one Exp cheaper).
    const V y3 = hn::Mul(hn::Mul(y, y), y);
    const V minusTwoU = hn::Mul(hn::Set(d, -1.5957691216057308f),
                                hn::MulAdd(hn::Set(d, 0.044715f), y3, y));
    const V e = hn::Exp(d, hn::Min(minusTwoU, hn::Set(d, 100.0f)));
    return hn::Div(y, hn::Add(one, e));
  }
  default:
    return y;
  }
}

/// The piecewise-linear activations, cheap enough to inline anywhere.
template <class D, class V>
HWY_INLINE V ActivateLinear(D d, V y, const Activation &act) {
  switch (act.kind) {
  case NABLA_ACTIVATION_RELU:
    return hn::Max(y, hn::Zero(d));
  case NABLA_ACTIVATION_CLIP:
    return hn::Min(hn::Max(y, hn::Set(d, act.alpha)), hn::Set(d, act.beta));
  case NABLA_ACTIVATION_LEAKY_RELU:
    return hn::IfThenElse(hn::Lt(y, hn::Zero(d)),
                          hn::Mul(y, hn::Set(d, act.alpha)), y);
  default:
    return y;
  }
}

template <class D, class V>
HWY_INLINE V Activate(D d, V y, const Activation &act) {
  return act.isTranscendental() ? ActivateTranscendental(d, y, act)
                                : ActivateLinear(d, y, act);
}

} // namespace nabla::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // NABLA_RUNTIME_KERNELS_ACTIVATION_INL_H_ toggle
