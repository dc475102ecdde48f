//===- NablaDialect.cpp - The nabla dialect -------------------------------===//

#include "dialects/Nabla/IR/NablaDialect.h"
#include "dialects/Nabla/IR/NablaOps.h"

using namespace mlir;
using namespace mlir::nabla;

#include "dialects/Nabla/IR/NablaDialect.cpp.inc"
#include "dialects/Nabla/IR/NablaEnums.cpp.inc"

void NablaDialect::initialize() {
  // One call per op family (a family's list may be empty while it grows).
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaCoreOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaElementwiseOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaContractionOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaConvolutionOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaNormalizationOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaReductionOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaShapeOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaRecurrentOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaLossOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Nabla/IR/NablaCheckOps.cpp.inc"
      >();
}

Operation *NablaDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
