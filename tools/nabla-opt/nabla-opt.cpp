//===- nabla-opt.cpp - The nabla opt driver -------------------------------===//
//
// Runs any nabla or upstream pass on MLIR input, for lit tests and research:
// registers the nabla dialect and passes next to all of upstream MLIR's.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/Kernel/IR/KernelDialect.h"
#include "dialects/Nabla/IR/NablaDialect.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllPasses();

  registry.insert<mlir::nabla::NablaDialect,
                  mlir::nabla_kernel::NablaKernelDialect>();
  mlir::nabla::registerNablaPasses();
  mlir::nabla::registerNablaConversionPasses();
  mlir::nabla::registerNablaCompilerPasses();
  mlir::nabla::registerNablaPipelines();

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Nabla optimizer driver\n", registry));
}
