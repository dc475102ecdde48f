//===- FreezeParameters.cpp - Parameters become constants -----------------===//
//
// Inference binaries embed weights: once parameters are constants, folding,
// weight packing and constant emission apply to them.
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/IR/NablaCoreOps.h"
#include "dialects/Nabla/Transforms/Passes.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAFREEZEPARAMETERS
#include "dialects/Nabla/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {
struct FreezeParametersPass
    : public nabla::impl::NablaFreezeParametersBase<FreezeParametersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);

    WalkResult result = module.walk([&](GetParameterOp read) {
      auto parameter = symbols.lookup<ParameterOp>(read.getName());
      if (!parameter) {
        read.emitOpError("'") << read.getName()
                              << "' does not name a nabla.parameter";
        return WalkResult::interrupt();
      }
      ElementsAttr value = parameter.getInitialValueAttr();
      if (!value) {
        read.emitOpError("cannot freeze parameter @")
            << read.getName() << ": it has no initial value";
        return WalkResult::interrupt();
      }
      OpBuilder builder(read);
      auto constant = ConstantOp::create(builder, read.getLoc(), value);
      read.replaceAllUsesWith(constant.getResult());
      read.erase();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();

    for (auto parameter :
         llvm::make_early_inc_range(module.getOps<ParameterOp>()))
      parameter.erase();
  }
};
} // namespace
