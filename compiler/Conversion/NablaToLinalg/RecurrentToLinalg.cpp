//===- RecurrentToLinalg.cpp - Lower nabla recurrent ops ------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

using namespace mlir;
using namespace mlir::nabla;

void mlir::nabla::populateRecurrentToLinalgPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  (void)converter;
  (void)patterns;
}
