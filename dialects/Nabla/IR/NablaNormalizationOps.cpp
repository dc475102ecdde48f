//===- NablaNormalizationOps.cpp - Normalization ops: shape inference and folds ---------===//

#include "dialects/Nabla/IR/NablaNormalizationOps.h"

using namespace mlir;
using namespace mlir::nabla;

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaNormalizationOps.cpp.inc"
