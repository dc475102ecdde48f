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
    // Composite ops that expand exactly become simpler ones first. Not
    // expanded, so left to libm: powf (exp(y * log(x)) is NaN for negative
    // bases and 0^0), tanh (1 - exp(-2x) has an absolute, not relative,
    // error near 0; the polynomial below is accurate), tan, sinh, cosh and
    // the inverse hyperbolic functions (their log/exp forms cancel).
    math::populateExpansionPatterns(patterns,
                                    {"ctlz", "fma", "ceil", "exp2", "fpowi",
                                     "round", "roundeven", "rsqrt", "clampf"});
    // Not sin and cos (an absolute error near 0 and a range reduction that
    // fails for |x| in the hundreds) nor atan (errors of ~20 ulp).
    auto approximated = [](StringRef name) {
      name.consume_front("math.");
      return llvm::is_contained({"tanh", "log", "log2", "log1p", "erf", "erfc",
                                 "asin", "acos", "exp", "expm1", "cbrt"},
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
