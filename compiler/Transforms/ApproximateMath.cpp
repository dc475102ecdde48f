//===- ApproximateMath.cpp - Vectorizable transcendental functions --------===//
//
// LLVM turns math ops it cannot inline into scalar libm calls, which block
// vectorization of the loops around them. MLIR's polynomial approximations
// are plain arithmetic, accurate to a few ulp on f32.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAAPPROXIMATEMATH
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;

namespace {
struct ApproximateMathPass
    : public nabla::impl::NablaApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // Composite ops first become exp/log/... (powf -> exp(y * log(x)) with
    // the sign rules, tan -> sin/cos, ...), then everything is approximated.
    math::populateExpansionPatterns(patterns);
    auto approximated = [](StringRef name) {
      name.consume_front("math.");
      return llvm::is_contained(
          {"atan", "atan2", "tanh", "log", "log2", "log1p", "erf", "erfc",
           "asin", "acos", "exp", "expm1", "cbrt", "sin", "cos"},
          name);
    };
    populateMathF32ExpansionPatterns(patterns, approximated);
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    populatePolynomialApproximateErfPattern(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
