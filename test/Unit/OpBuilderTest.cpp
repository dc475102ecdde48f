//===- OpBuilderTest.cpp - Building nabla ops from C++ --------------------===//
//
// Frontends build ops without writing result types: inference must supply
// them, and must refuse bad operands without crashing.
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::nabla;

namespace {

class OpBuilderTest : public ::testing::Test {
protected:
  OpBuilderTest() : builder(&context), loc(builder.getUnknownLoc()) {
    context.loadDialect<NablaDialect, func::FuncDialect>();
    module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// A function whose arguments have `types`, with the builder in its body.
  func::FuncOp makeFunc(TypeRange types) {
    auto func = func::FuncOp::create(builder, loc, "f",
                                     builder.getFunctionType(types, {}));
    builder.setInsertionPointToEnd(func.addEntryBlock());
    return func;
  }

  RankedTensorType tensor(ArrayRef<int64_t> shape, Type elementType = {}) {
    return RankedTensorType::get(shape, elementType ? elementType
                                                    : builder.getF32Type());
  }

  MLIRContext context;
  OpBuilder builder;
  Location loc;
  OwningOpRef<ModuleOp> module;
};

TEST_F(OpBuilderTest, BinaryOpInfersBroadcastType) {
  func::FuncOp func = makeFunc({tensor({8, 1, 3}), tensor({5, 1})});
  auto add =
      AddOp::create(builder, loc, func.getArgument(0), func.getArgument(1));
  EXPECT_EQ(add.getType(), tensor({8, 5, 3}));
}

TEST_F(OpBuilderTest, CompareInfersBool) {
  func::FuncOp func =
      makeFunc({tensor({ShapedType::kDynamic, 4}), tensor({4})});
  auto cmp = CompareOp::create(builder, loc, ComparePredicate::lt,
                               func.getArgument(0), func.getArgument(1));
  EXPECT_EQ(cmp.getType(),
            tensor({ShapedType::kDynamic, 4}, builder.getI1Type()));
}

TEST_F(OpBuilderTest, CastInfersElementType) {
  func::FuncOp func = makeFunc({tensor({2, 3})});
  auto cast =
      CastOp::create(builder, loc, func.getArgument(0), builder.getI64Type());
  EXPECT_EQ(cast.getType(), tensor({2, 3}, builder.getI64Type()));
}

TEST_F(OpBuilderTest, InferenceRefusesNonBroadcastableOperands) {
  func::FuncOp func = makeFunc({tensor({4, 3}), tensor({5})});
  SmallVector<Type> inferred;
  std::string message;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  Value operands[] = {func.getArgument(0), func.getArgument(1)};
  AddOp::Adaptor adaptor(operands);
  EXPECT_TRUE(
      failed(AddOp::inferReturnTypes(&context, loc, adaptor, inferred)));
  EXPECT_EQ(message, "'nabla.add' op operand shapes do not broadcast: "
                     "'tensor<4x3xf32>', 'tensor<5xf32>'");
}

TEST_F(OpBuilderTest, ShapeInferenceRefusesUnrankedOperand) {
  // Builders run inference before any ODS constraint: an unranked operand
  // must get a diagnostic, not a bad cast.
  func::FuncOp func = makeFunc({UnrankedTensorType::get(builder.getF32Type())});
  std::string message;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  TransposeOp::Properties properties;
  properties.perm = builder.getDenseI64ArrayAttr({1, 0});
  Value operands[] = {func.getArgument(0)};
  TransposeOp::Adaptor adaptor(operands, /*attrs=*/nullptr, properties);
  SmallVector<Type> inferred;
  EXPECT_TRUE(
      failed(TransposeOp::inferReturnTypes(&context, loc, adaptor, inferred)));
  EXPECT_EQ(message, "'nabla.transpose' op expects ranked tensor operands, "
                     "got 'tensor<*xf32>'");
}

TEST_F(OpBuilderTest, BuiltModuleVerifies) {
  func::FuncOp func = makeFunc({tensor({2, 3}), tensor({3})});
  auto add =
      AddOp::create(builder, loc, func.getArgument(0), func.getArgument(1));
  auto relu = ReluOp::create(builder, loc, add);
  func::ReturnOp::create(builder, loc, relu.getResult());
  func.setType(
      builder.getFunctionType(func.getArgumentTypes(), {relu.getType()}));
  EXPECT_TRUE(succeeded(verify(*module)));
}

} // namespace
