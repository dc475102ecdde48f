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
#include "dialects/Nabla/Transforms/Passes.h"

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

/// Makes `func` use empty local buffers in place of its empty buffer
/// arguments; returns the indices of those arguments.
llvm::BitVector useLocalBuffers(func::FuncOp func) {
  Block &entry = func.getBody().front();
  OpBuilder builder = OpBuilder::atBlockBegin(&entry);
  llvm::BitVector empty(entry.getNumArguments());
  for (BlockArgument arg : entry.getArguments()) {
    if (!isEmptyBuffer(arg.getType()))
      continue;
    empty.set(arg.getArgNumber());
    auto type = cast<MemRefType>(arg.getType());
    Value local = memref::AllocaOp::create(builder, func.getLoc(), type);
    arg.replaceAllUsesWith(local);
  }
  return empty;
}

struct DetachEmptyArgumentsPass
    : public nabla::impl::NablaDetachEmptyArgumentsBase<
          DetachEmptyArgumentsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    DenseMap<StringAttr, llvm::BitVector> detached;
    for (auto func : module.getOps<func::FuncOp>()) {
      bool kernel = func->hasAttr(nabla::kKernelAttrName);
      if (func.isExternal() || !(kernel || func.isPublic()) ||
          !llvm::any_of(func.getArgumentTypes(), isEmptyBuffer))
        continue;
      llvm::BitVector empty = useLocalBuffers(func);
      if (kernel) {
        if (failed(func.eraseArguments(empty)))
          return signalPassFailure();
        detached[func.getSymNameAttr()] = empty;
        continue;
      }
      // The argument stays for the caller, as one pointer.
      for (unsigned index : empty.set_bits()) {
        BlockArgument arg = func.getArgument(index);
        auto type = cast<MemRefType>(arg.getType());
        arg.setType(MemRefType::get({0}, type.getElementType(),
                                    MemRefLayoutAttrInterface(),
                                    type.getMemorySpace()));
      }
      func.setType(FunctionType::get(&getContext(),
                                     func.getBody().getArgumentTypes(),
                                     func.getFunctionType().getResults()));
    }
    if (detached.empty())
      return;
    module.walk([&](func::CallOp call) {
      auto it = detached.find(call.getCalleeAttr().getAttr());
      if (it != detached.end())
        call->eraseOperands(it->second);
    });
  }
};
} // namespace
