//===- OpsSupportTest.cpp - Shape helpers shared by the op families -------===//

#include "dialects/Nabla/IR/NablaOpsSupport.h"

#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::nabla;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

TEST(BroadcastShapes, NumPyRules) {
  SmallVector<int64_t> a = {2, 1, 3}, b = {4, 1};
  auto result = broadcastShapes({a, b});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, (SmallVector<int64_t>{2, 4, 3}));
}

TEST(BroadcastShapes, ScalarAndEmpty) {
  SmallVector<int64_t> scalar = {}, a = {5, 0};
  auto result = broadcastShapes({scalar, a});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, (SmallVector<int64_t>{5, 0}));
}

TEST(BroadcastShapes, Incompatible) {
  SmallVector<int64_t> a = {4, 3}, b = {5};
  EXPECT_FALSE(broadcastShapes({a, b}).has_value());
}

TEST(BroadcastShapes, DynamicDimensions) {
  // A dynamic dim against a static non-1 dim takes the static size; against
  // 1 or another dynamic dim it stays dynamic.
  SmallVector<int64_t> a = {kDyn, 3, kDyn}, b = {4, 1, 1};
  auto result = broadcastShapes({a, b});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, (SmallVector<int64_t>{4, 3, kDyn}));
}

TEST(BroadcastShapes, ThreeOperands) {
  SmallVector<int64_t> a = {1, 3}, b = {2, 1}, c = {};
  auto result = broadcastShapes({a, b, c});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, (SmallVector<int64_t>{2, 3}));
}

TEST(MulDims, DynamicIsAbsorbing) {
  EXPECT_EQ(mulDims(3, 4), 12);
  EXPECT_EQ(mulDims(kDyn, 4), kDyn);
  EXPECT_EQ(mulDims(0, kDyn), kDyn);
}

TEST(VerifyAxes, RangeAndUniqueness) {
  MLIRContext context;
  Location loc = UnknownLoc::get(&context);
  // Diagnostics are expected here; keep them off stderr.
  ScopedDiagnosticHandler silence(&context, [](Diagnostic &) {
    return success();
  });
  EXPECT_TRUE(succeeded(verifyAxes(loc, "nabla.x", "axes", {0, 2}, 3)));
  EXPECT_TRUE(failed(verifyAxes(loc, "nabla.x", "axes", {3}, 3)));
  EXPECT_TRUE(failed(verifyAxes(loc, "nabla.x", "axes", {-1}, 3)));
  EXPECT_TRUE(failed(verifyAxes(loc, "nabla.x", "axes", {1, 1}, 3)));
  EXPECT_TRUE(succeeded(
      verifyAxes(loc, "nabla.x", "axes", {1, 1}, 3, /*unique=*/false)));
}

TEST(VerifyAxes, MessageNamesAxisAndRank) {
  MLIRContext context;
  std::string message;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  (void)verifyAxes(UnknownLoc::get(&context), "nabla.reduce_sum", "axes", {5},
                   2);
  EXPECT_EQ(message, "'nabla.reduce_sum' op axes entry 5 is out of range for "
                     "rank 2 (expected [0, 2))");
}

} // namespace
