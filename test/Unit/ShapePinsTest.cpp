//===- ShapePinsTest.cpp - Which inputs shape pins name -------------------===//

#include "dialects/Nabla/Transforms/ShapePins.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::nabla;

namespace {

TEST(ShapePins, NamesBeforeIndices) {
  std::vector<std::string> names = {"x", "", "1"};
  SmallVector<unsigned> inputs;
  // "1" is the name of input 2, so it is not index 1; "0" is an index.
  EXPECT_FALSE(resolveShapePins({"1", "0"}, names, inputs));
  EXPECT_EQ(inputs, (SmallVector<unsigned>{2, 0}));
  // An unnamed input is reached by its index only.
  EXPECT_FALSE(resolveShapePins({"x"}, {"x", ""}, inputs));
  EXPECT_EQ(inputs, (SmallVector<unsigned>{0}));
}

TEST(ShapePins, RefusesUnknownKeys) {
  SmallVector<unsigned> inputs;
  for (const char *key : {"y", "2", "-1", ""}) {
    std::optional<ShapePinError> fault =
        resolveShapePins({"x", key}, {"x", "z"}, inputs);
    ASSERT_TRUE(fault) << key;
    EXPECT_EQ(fault->pin, 1u);
    EXPECT_FALSE(fault->earlier);
  }
}

TEST(ShapePins, RefusesTwoPinsOfOneInput) {
  SmallVector<unsigned> inputs;
  std::optional<ShapePinError> fault =
      resolveShapePins({"z", "x", "0"}, {"x", "z"}, inputs);
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->pin, 2u);
  EXPECT_EQ(fault->earlier, 1u);
  EXPECT_EQ(inputs[*fault->earlier], 0u);

  fault = resolveShapePins({"x", "x"}, {"x"}, inputs);
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->pin, 1u);
  EXPECT_EQ(fault->earlier, 0u);
}

} // namespace
