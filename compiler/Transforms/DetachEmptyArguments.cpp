//===- DetachEmptyArguments.cpp - Zero-sized buffers at the C boundary ----===//
//
// The bare-pointer calling convention needs static strides, but MLIR gives
// an identity-layout memref with a zero-sized inner dimension (2x0xf32)
// dynamic outer strides, so a function taking one is never converted to
// LLVM. A zero-sized buffer holds nothing: the function can use an empty
// local buffer and keep the argument only as a pointer.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLADETACHEMPTYARGUMENTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;

namespace {
bool isEmptyBuffer(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.getRank() > 0 && memref.hasStaticShape() &&
         memref.getNumElements() == 0;
}

struct DetachEmptyArgumentsPass
    : public nabla::impl::NablaDetachEmptyArgumentsBase<
          DetachEmptyArgumentsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Only public functions: their callers are outside the module.
    if (func.isExternal() || !func.isPublic() ||
        !llvm::any_of(func.getArgumentTypes(), isEmptyBuffer))
      return;
    Block &entry = func.getBody().front();
    OpBuilder builder = OpBuilder::atBlockBegin(&entry);
    SmallVector<Type> inputs;
    for (BlockArgument arg : entry.getArguments()) {
      if (!isEmptyBuffer(arg.getType())) {
        inputs.push_back(arg.getType());
        continue;
      }
      auto type = cast<MemRefType>(arg.getType());
      Value local = memref::AllocaOp::create(builder, func.getLoc(), type);
      arg.replaceAllUsesWith(local);
      arg.setType(MemRefType::get({0}, type.getElementType(),
                                  MemRefLayoutAttrInterface(),
                                  type.getMemorySpace()));
      inputs.push_back(arg.getType());
    }
    func.setType(FunctionType::get(&getContext(), inputs,
                                   func.getFunctionType().getResults()));
  }
};
} // namespace
