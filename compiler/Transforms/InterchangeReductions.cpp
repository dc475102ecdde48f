//===- InterchangeReductions.cpp - Vectorizable loop orders for linalg ----===//
//
// convert-linalg-to-loops nests loops in the order of an op's dimensions,
// and linalg's pooling, convolution and matmul ops list their reduction
// dimensions (the window, K) last: the innermost loop then runs over 2 or 3
// window taps, which LLVM cannot vectorize, and the op runs scalar. With
// the reductions moved outside the loop that walks the output's rows, the
// innermost loop reads and writes along rows and vectorizes; the output
// row being accumulated stays in cache across the reduction loops.
//
// The new order keeps the outer parallel loops, then the reductions, then
// the loop that indexes the output's last dimension. It is taken only when
// that loop indexes nothing but the last dimension of every operand it
// reads, so that each innermost step moves along a row (a stride, for a
// strided window), never across rows.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAINTERCHANGEREDUCTIONS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;

namespace {

/// The loop order described in the file comment, or an empty vector when
/// `op` keeps its own.
SmallVector<unsigned> vectorizableOrder(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumLoops() < 2)
    return {};
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators.back() != utils::IteratorType::reduction)
    return {};
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!outputMap.isProjectedPermutation() || outputMap.getNumResults() == 0)
    return {};
  auto last = dyn_cast<AffineDimExpr>(outputMap.getResults().back());
  if (!last)
    return {};
  unsigned inner = last.getPosition();
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    for (unsigned i = 0; i + 1 < map.getNumResults(); ++i)
      if (map.getResult(i).isFunctionOfDim(inner))
        return {};
  }
  SmallVector<unsigned> order;
  for (unsigned loop = 0; loop < iterators.size(); ++loop)
    if (loop != inner && iterators[loop] == utils::IteratorType::parallel)
      order.push_back(loop);
  for (unsigned loop = 0; loop < iterators.size(); ++loop)
    if (iterators[loop] == utils::IteratorType::reduction)
      order.push_back(loop);
  order.push_back(inner);
  return order;
}

struct InterchangeReductionsPass
    : nabla::impl::NablaInterchangeReductionsBase<InterchangeReductionsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      SmallVector<unsigned> order = vectorizableOrder(op);
      if (order.empty())
        continue;
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      if (failed(linalg::interchangeGenericOp(rewriter, generic, order)))
        return signalPassFailure();
    }
  }
};

} // namespace
