//===- Limits.h - Sizes the ONNX importer accepts ---------------*- C++ -*-===//
//
// One bound on tensor sizes for the loader, the importer and the op
// importers: no real model has a tensor of more than 2^40 elements, and
// shapes within it can be multiplied without overflow.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_FRONTENDS_ONNX_LIMITS_H
#define NABLA_FRONTENDS_ONNX_LIMITS_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>

namespace mlir::nabla::onnx_frontend {

/// Elements a single tensor may have (2^40): beyond it a dimension is
/// treated as corrupt rather than as a model.
constexpr int64_t kMaxTensorElements = int64_t(1) << 40;

/// Entries of a vector an importer builds on the host, entry by entry, at
/// import time (index ramps, divisor vectors, resize taps): 2^24. Sizes past
/// it come from corrupt attributes or shapes, or belong in a kernel rather
/// than in a constant.
constexpr int64_t kMaxHostVector = int64_t(1) << 24;

/// The element count of a shape of non-negative dimensions, or std::nullopt
/// when it exceeds kMaxTensorElements.
inline std::optional<int64_t> boundedElementCount(llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim > kMaxTensorElements || (dim != 0 && count > kMaxTensorElements / dim))
      return std::nullopt;
    count *= dim;
  }
  return count;
}

} // namespace mlir::nabla::onnx_frontend

#endif // NABLA_FRONTENDS_ONNX_LIMITS_H
