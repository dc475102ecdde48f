//===- KernelReference.h - What the kernel tests compare with -*- C++ -*-===//
//
// What the runtime kernels' tests compare against, shared by them.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_TEST_UNIT_RUNTIME_KERNELREFERENCE_H
#define NABLA_TEST_UNIT_RUNTIME_KERNELREFERENCE_H

#include "runtime/kernels/Kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

/// NablaActivation `kind` with its parameters, in double.
inline double referenceActivation(double y, int32_t kind, float alpha,
                                  float beta) {
  switch (kind) {
  case NABLA_ACTIVATION_RELU:
    return std::max(y, 0.0);
  case NABLA_ACTIVATION_CLIP:
    return std::min(std::max(y, double(alpha)), double(beta));
  case NABLA_ACTIVATION_LEAKY_RELU:
    return y < 0 ? alpha * y : y;
  case NABLA_ACTIVATION_SIGMOID:
    return 1 / (1 + std::exp(-y));
  case NABLA_ACTIVATION_TANH:
    return std::tanh(y);
  case NABLA_ACTIVATION_GELU_ERF:
    return 0.5 * y * std::erfc(-y / std::sqrt(2.0)); // 1 + erf, exactly
  case NABLA_ACTIVATION_GELU_TANH:
    // y/2 (1 + tanh(u)), written without 1 + tanh(u) cancelling.
    return y / (1 + std::exp(-2 * std::sqrt(2 / M_PI) *
                             (y + 0.044715 * y * y * y)));
  default:
    return y;
  }
}

#endif // NABLA_TEST_UNIT_RUNTIME_KERNELREFERENCE_H
