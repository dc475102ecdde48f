//===- NablaReductionOps.cpp - Reduction ops: shape inference and folds ---------===//

#include "dialects/Nabla/IR/NablaReductionOps.h"

using namespace mlir;
using namespace mlir::nabla;

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaReductionOps.cpp.inc"
