//===- LossToLinalg.cpp - Lower nabla loss ops ------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

using namespace mlir;
using namespace mlir::nabla;

void mlir::nabla::populateLossToLinalgPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  (void)converter;
  (void)patterns;
}
