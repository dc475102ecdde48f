//===- NablaShapeOps.cpp - Shape ops: shape inference and folds ---------===//

#include "dialects/Nabla/IR/NablaShapeOps.h"

using namespace mlir;
using namespace mlir::nabla;

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaShapeOps.cpp.inc"
