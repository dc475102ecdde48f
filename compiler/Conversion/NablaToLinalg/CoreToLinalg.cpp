//===- CoreToLinalg.cpp - Lower nabla core ops ------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

using namespace mlir;
using namespace mlir::nabla;

void mlir::nabla::populateCoreToLinalgPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  (void)converter;
  (void)patterns;
}
