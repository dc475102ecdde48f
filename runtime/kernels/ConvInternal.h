//===- ConvInternal.h - What the convolution files share --------*- C++ -*-===//
//
// The window arithmetic and the validation of a NablaConv2dShape and an
// epilogue, shared by the NCHW kernels (Conv.cpp) and the channels-last ones
// (ConvChannelsLast.cpp), so that both layouts accept exactly the same
// shapes.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_RUNTIME_KERNELS_CONVINTERNAL_H
#define NABLA_RUNTIME_KERNELS_CONVINTERNAL_H

#include "runtime/kernels/Kernels.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace nabla::kernels {

/// The first t >= 0 with t * step >= a (step >= 1). Without a division for
/// step 1: im2col calls this for every row.
inline int64_t firstAtLeast(int64_t a, int64_t step) {
  return a <= 0 ? 0 : step == 1 ? a : (a + step - 1) / step;
}

/// The outputs t in [0, count) whose input start + t * step (step >= 1)
/// lies in [0, size): [first, second), empty at count when there are none.
inline std::pair<int64_t, int64_t> insideRange(int64_t start, int64_t step,
                                               int64_t size, int64_t count) {
  const int64_t begin = std::min(count, firstAtLeast(-start, step));
  return {begin,
          std::max(begin, std::min(count, firstAtLeast(size - start, step)))};
}

/// How many of the taps start + i * dilation, i < taps, lie in [lo, hi).
inline int64_t tapsInside(int64_t start, int64_t taps, int64_t dilation,
                          int64_t lo, int64_t hi) {
  const int64_t first = firstAtLeast(lo - start, dilation);
  const int64_t end = std::min(taps, firstAtLeast(hi - start, dilation));
  return std::max<int64_t>(0, end - first);
}

/// Whether the window geometry is well formed: positive sizes, strides and
/// dilations, no negative padding, every window starting inside the padded
/// input, and every tensor and scratch buffer it implies addressable.
/// `outChannels` is y's channel count.
bool geometryOk(const NablaConv2dShape &s, int64_t outChannels);

/// Whether a convolution's shape is well formed: geometryOk, groups that
/// divide channels and filters, and products of addressable sizes.
bool convShapeOk(const NablaConv2dShape &s);

/// Checks a convolution's arguments (pointers, convShapeOk, the epilogue),
/// and copies the epilogue into `ep` (bias null when there is none). kOk or
/// kInvalid.
int32_t checkConv(const NablaConv2dShape &s, const float *x, const float *w,
                  float *y, const NablaEpilogue *epilogue, NablaEpilogue &ep);

/// Output rows per block of one image's im2col columns: about 96 Ki floats
/// of columns (384 KiB: with a block of weights, within the 1 MiB L2), and
/// at least `minColumns` columns wide.
int64_t columnBlockRows(const NablaConv2dShape &s, int64_t depth,
                        int64_t minColumns);

/// The im2col columns of output rows [oh0, oh0 + rows) of one NCHW image
/// (channels [0, channels) of `image`, each a height x width plane): row
/// (c, i, j) of them, at columns + ((c * kernel_h + i) * kernel_w + j) *
/// ld, holds tap (i, j) of channel c of each of those outputs, row-major;
/// 0 outside the input.
void im2colRowBlock(const NablaConv2dShape &s, const float *image,
                    int64_t channels, int64_t oh0, int64_t rows, float *columns,
                    int64_t ld);

/// geometryOk for a pooling, and every window holds a tap inside the
/// input.
bool poolWindowsOk(const NablaConv2dShape &s);

} // namespace nabla::kernels

#endif // NABLA_RUNTIME_KERNELS_CONVINTERNAL_H
