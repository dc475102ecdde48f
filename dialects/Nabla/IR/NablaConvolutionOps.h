//===- NablaConvolutionOps.h - Convolution ops of the nabla dialect ----------*- C++ -*-===//

#ifndef NABLA_IR_NABLACONVOLUTIONOPS_H
#define NABLA_IR_NABLACONVOLUTIONOPS_H

#include "dialects/Nabla/IR/NablaDialect.h"
#include "dialects/Nabla/IR/NablaOpsSupport.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaConvolutionOps.h.inc"

namespace mlir {
class RewriterBase;
namespace nabla {

/// The permutations between NCHW and NHWC (as nabla.transpose perms).
inline constexpr int64_t kToChannelsLast[] = {0, 2, 3, 1};
inline constexpr int64_t kToChannelsFirst[] = {0, 3, 1, 2};

/// `type` with its dimensions permuted as nabla.transpose with `perm` (one
/// of the above) would; a type that is not a 4-D ranked tensor as it is.
Type permuteLayout(Type type, ArrayRef<int64_t> perm);

/// Replaces a channels-last fused_conv2d, max_pool2d or avg_pool2d by its
/// NCHW form between nabla.transpose ops (how code without the
/// channels-last kernels computes it). Fails for any other op.
LogicalResult rewriteChannelsLastAsNchw(RewriterBase &rewriter,
                                        Operation *op);

} // namespace nabla
} // namespace mlir

#endif // NABLA_IR_NABLACONVOLUTIONOPS_H
