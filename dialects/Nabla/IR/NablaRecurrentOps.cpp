//===- NablaRecurrentOps.cpp - Recurrent ops: shape inference and folds ---------===//

#include "dialects/Nabla/IR/NablaRecurrentOps.h"

using namespace mlir;
using namespace mlir::nabla;

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaRecurrentOps.cpp.inc"
