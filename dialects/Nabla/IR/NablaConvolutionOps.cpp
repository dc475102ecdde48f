//===- NablaConvolutionOps.cpp - Convolution ops: shape inference and folds ---------===//

#include "dialects/Nabla/IR/NablaConvolutionOps.h"

using namespace mlir;
using namespace mlir::nabla;

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaConvolutionOps.cpp.inc"
