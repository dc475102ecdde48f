//===- NablaContractionOps.cpp - Contraction ops: shape inference and folds ---------===//

#include "dialects/Nabla/IR/NablaContractionOps.h"

using namespace mlir;
using namespace mlir::nabla;

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaContractionOps.cpp.inc"
