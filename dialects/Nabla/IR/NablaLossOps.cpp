//===- NablaLossOps.cpp - Loss ops: shape inference and folds ---------===//

#include "dialects/Nabla/IR/NablaLossOps.h"

using namespace mlir;
using namespace mlir::nabla;

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaLossOps.cpp.inc"
