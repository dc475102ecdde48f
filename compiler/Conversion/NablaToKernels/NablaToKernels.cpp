//===- NablaToKernels.cpp - nabla ops that a runtime kernel computes ------===//
//
// The runtime's kernels (runtime/kernels) run matrix products at a large
// fraction of the machine's peak, and convolutions and pooling as threaded
// SIMD code, which a loop nest compiled from linalg does not come near. Each nabla op that a kernel covers becomes the
// nabla_kernel op that calls it, computed into a tensor.empty that
// bufferization turns into the op's output buffer; what a kernel does not
// cover (other element types, dynamic shapes, bias shapes the kernel has no
// form for) is left to convert-nabla-to-linalg. The linalg matrix products
// that lowering creates itself (in recurrent layers' time loops) are taken
// by a second run of the pass after it.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/Kernel/IR/KernelDialect.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_CONVERTNABLATOKERNELS
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {

bool isStaticF32(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() && type.getElementType().isF32();
}

/// Whether every operand and result of `op` is a static f32 tensor, the
/// only kind the kernels take.
bool hasStaticF32Tensors(Operation *op) {
  return llvm::all_of(op->getOperands(), isStaticF32) &&
         llvm::all_of(op->getResults(), isStaticF32);
}

/// fused_matmul -> nabla_kernel.sgemm. The bias broadcasts by NumPy's rules;
/// the kernel takes it per column ([N]) or per row ([M]), shared by the
/// batch or one per product, and a full [M, N] bias as its residual when
/// the op has none.
struct FusedMatMulToSgemm : OpRewritePattern<FusedMatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FusedMatMulOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticF32Tensors(op))
      return rewriter.notifyMatchFailure(op, "not static f32");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    int64_t rank = resultType.getRank();
    bool batched = rank == 3;
    int64_t batch = batched ? resultType.getDimSize(0) : 1;
    int64_t m = resultType.getDimSize(rank - 2);
    int64_t n = resultType.getDimSize(rank - 1);

    Value bias, residual = op.getResidual();
    bool biasPerRow = false, biasBatched = false, residualShared = false;
    if (Value opBias = op.getBias()) {
      SmallVector<int64_t> shape(
          cast<RankedTensorType>(opBias.getType()).getShape());
      shape.insert(shape.begin(), rank - shape.size(), 1);
      int64_t rows = shape[rank - 2], cols = shape[rank - 1];
      int64_t biasBatch = batched ? shape[0] : 1;
      biasBatched = biasBatch != 1;
      if (rows == 1 && cols == n) {
        bias = reshapeContiguous(rewriter, loc, opBias,
                                 biasBatched ? SmallVector<int64_t>{batch, n}
                                             : SmallVector<int64_t>{n});
      } else if (cols == 1 && rows == m) {
        biasPerRow = true;
        bias = reshapeContiguous(rewriter, loc, opBias,
                                 biasBatched ? SmallVector<int64_t>{batch, m}
                                             : SmallVector<int64_t>{m});
      } else if (rows == m && cols == n && !residual) {
        // A full bias is a residual (shared by the batch unless it has one).
        residualShared = batched && !biasBatched;
        residual = reshapeContiguous(
            rewriter, loc, opBias,
            residualShared ? SmallVector<int64_t>{m, n}
                           : SmallVector<int64_t>(resultType.getShape()));
        biasBatched = false;
      } else {
        return rewriter.notifyMatchFailure(op, "bias broadcasts both ways");
      }
    }

    Value a = op.getA(), b = op.getB();
    int64_t bRank = cast<RankedTensorType>(b.getType()).getRank();
    // Products that share B and read A row by row are one product of
    // batch * M rows, which the kernel blocks better than a batch of small
    // ones.
    bool foldBatch = batched && bRank == 2 && !op.getTransA() &&
                     !(bias && (biasPerRow || biasBatched)) &&
                     !residualShared;
    if (foldBatch) {
      int64_t k = cast<RankedTensorType>(a.getType()).getDimSize(2);
      a = reshapeContiguous(rewriter, loc, a, {batch * m, k});
      if (residual)
        residual = reshapeContiguous(rewriter, loc, residual, {batch * m, n});
    }
    auto kernelType = foldBatch ? RankedTensorType::get({batch * m, n},
                                                        rewriter.getF32Type())
                                : resultType;
    Value init = tensor::EmptyOp::create(rewriter, loc, kernelType.getShape(),
                                         rewriter.getF32Type());
    auto sgemm = nabla_kernel::SgemmOp::create(
        rewriter, loc, TypeRange{kernelType}, a, b, bias, residual, init,
        op.getTransAAttr(), op.getTransBAttr(), /*packed_b=*/UnitAttr(),
        biasPerRow ? rewriter.getUnitAttr() : UnitAttr(), op.getAlphaAttr(),
        op.getActivationAttr(), op.getActAlphaAttr(), op.getActBetaAttr());
    Value result = sgemm.getResult()[0];
    if (foldBatch)
      result =
          reshapeContiguous(rewriter, loc, result, resultType.getShape());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Replaces `op` (one static f32 result) by the kernel op that `build`
/// creates, computed into a new tensor (`init`).
LogicalResult
replaceByKernel(PatternRewriter &rewriter, Operation *op,
                function_ref<Operation *(RankedTensorType, Value)> build) {
  if (!hasStaticF32Tensors(op))
    return rewriter.notifyMatchFailure(op, "not static f32");
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  Value init = tensor::EmptyOp::create(rewriter, op->getLoc(), type.getShape(),
                                       type.getElementType());
  rewriter.replaceOp(op, build(type, init)->getResults());
  return success();
}

/// fused_conv2d -> nabla_kernel.conv2d, with the same operands and
/// attributes: the kernel covers every f32 convolution (depthwise ones
/// directly, the others as matrix products with its own im2col).
struct FusedConv2dToKernel : OpRewritePattern<FusedConv2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FusedConv2dOp op,
                                PatternRewriter &rewriter) const override {
    return replaceByKernel(rewriter, op, [&](RankedTensorType type,
                                             Value init) {
      return nabla_kernel::Conv2dOp::create(
          rewriter, op.getLoc(), TypeRange{type}, op.getX(), op.getW(),
          op.getBias(), op.getResidual(), init, op.getStridesAttr(),
          op.getPadsAttr(), op.getDilationsAttr(), op.getGroupsAttr(),
          op.getChannelsLastAttr(), op.getNchwInputAttr(),
          /*packed_weights=*/UnitAttr(), /*kernel_shape=*/nullptr,
          op.getActivationAttr(), op.getActAlphaAttr(), op.getActBetaAttr());
    });
  }
};

/// max_pool2d and avg_pool2d -> their nabla_kernel ops; the output shape
/// already says what ceil_mode decided.
struct MaxPool2dToKernel : OpRewritePattern<MaxPool2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MaxPool2dOp op,
                                PatternRewriter &rewriter) const override {
    return replaceByKernel(rewriter, op, [&](RankedTensorType type,
                                             Value init) {
      return nabla_kernel::MaxPool2dOp::create(
          rewriter, op.getLoc(), TypeRange{type}, op.getX(), init,
          op.getKernelShapeAttr(), op.getStridesAttr(), op.getPadsAttr(),
          op.getDilationsAttr(), op.getChannelsLastAttr());
    });
  }
};

struct AvgPool2dToKernel : OpRewritePattern<AvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AvgPool2dOp op,
                                PatternRewriter &rewriter) const override {
    return replaceByKernel(rewriter, op, [&](RankedTensorType type,
                                             Value init) {
      return nabla_kernel::AvgPool2dOp::create(
          rewriter, op.getLoc(), TypeRange{type}, op.getX(), init,
          op.getKernelShapeAttr(), op.getStridesAttr(), op.getPadsAttr(),
          op.getCountIncludePadAttr(), op.getChannelsLastAttr());
    });
  }
};

/// linalg.matmul and linalg.batch_matmul on static f32 tensors (the
/// lowerings of nabla ops create them, as the recurrent layers do inside
/// their time loops) -> nabla_kernel.sgemm. linalg accumulates into its
/// output: a zero fill is dropped (the kernel does not read its output),
/// any other output is added as the residual.
struct LinalgMatmulToSgemm : OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (!isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op.getOperation()))
      return failure();
    if (!hasStaticF32Tensors(op))
      return rewriter.notifyMatchFailure(op, "not static f32 tensors");
    // The operands' maps: the product's dimensions are ([b,] m, n, k).
    bool batched = isa<linalg::BatchMatmulOp>(op.getOperation());
    MLIRContext *context = rewriter.getContext();
    unsigned numDims = batched ? 4 : 3;
    SmallVector<AffineExpr> dims;
    for (unsigned i = 0; i < numDims; ++i)
      dims.push_back(getAffineDimExpr(i, context));
    AffineExpr m = dims[numDims - 3], n = dims[numDims - 2],
               k = dims[numDims - 1];
    auto map = [&](AffineExpr d0, AffineExpr d1) {
      SmallVector<AffineExpr> results;
      if (batched)
        results.push_back(dims[0]);
      results.append({d0, d1});
      return AffineMap::get(numDims, 0, results, context);
    };
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    if (maps[2] != map(m, n))
      return rewriter.notifyMatchFailure(op, "output map");
    bool transA = maps[0] == map(k, m), transB = maps[1] == map(n, k);
    if ((!transA && maps[0] != map(m, k)) ||
        (!transB && maps[1] != map(k, n)))
      return rewriter.notifyMatchFailure(op, "operand maps");

    Value output = op.getDpsInits()[0];
    Value init, residual;
    auto fill = output.getDefiningOp<linalg::FillOp>();
    if (fill && matchPattern(fill.getInputs()[0], m_AnyZeroFloat())) {
      init = fill.getOutputs()[0];
    } else {
      residual = output;
      init = tensor::EmptyOp::create(
          rewriter, op.getLoc(), cast<RankedTensorType>(output.getType()).getShape(),
          rewriter.getF32Type());
    }
    auto sgemm = nabla_kernel::SgemmOp::create(
        rewriter, op.getLoc(), TypeRange{output.getType()},
        op.getDpsInputs()[0], op.getDpsInputs()[1], Value(), residual, init,
        transA ? rewriter.getUnitAttr() : UnitAttr(),
        transB ? rewriter.getUnitAttr() : UnitAttr(), /*packed_b=*/UnitAttr(),
        /*bias_per_row=*/UnitAttr(), rewriter.getF32FloatAttr(1.0f),
        nabla::ActivationAttr::get(context, Activation::none),
        rewriter.getF32FloatAttr(0.0f), rewriter.getF32FloatAttr(0.0f));
    rewriter.replaceOp(op, sgemm.getResult());
    return success();
  }
};

struct ConvertNablaToKernels
    : nabla::impl::ConvertNablaToKernelsBase<ConvertNablaToKernels> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FusedMatMulToSgemm, FusedConv2dToKernel, MaxPool2dToKernel,
                 AvgPool2dToKernel, LinalgMatmulToSgemm>(&getContext());
    // One walk, no folding: the ops a kernel does not cover stay as they are.
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace
