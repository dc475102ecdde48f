//===- ExternalizeWeights.cpp - Weights in a file instead of the binary ---===//
//
// Large models, or models whose weights are updated without recompiling,
// want the weights beside the library rather than in its .rodata. The
// compiled code then reads them through one pointer the runtime passes in,
// the file memory-mapped at load time.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "dialects/Nabla/Transforms/Passes.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAEXTERNALIZEWEIGHTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {
struct ExternalizeWeightsPass
    : public nabla::impl::NablaExternalizeWeightsBase<ExternalizeWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    Builder attrBuilder(context);
    SymbolTable symbols(module);

    // Kernels read only the small constants copied into them (weights are
    // passed in by the model function): those stay in the binary, and
    // kernel signatures stay as their callers expect.
    DenseSet<StringAttr> readByKernels;
    for (auto func : module.getOps<func::FuncOp>())
      if (func->hasAttr(kKernelAttrName))
        func.walk([&](memref::GetGlobalOp read) {
          readByKernels.insert(read.getNameAttr().getAttr());
        });

    // Constant globals big enough to be worth a file, in module order so the
    // layout is deterministic.
    DenseMap<StringAttr, int64_t> offsets;
    SmallVector<Attribute> segments;
    int64_t size = 0;
    for (auto global : module.getOps<memref::GlobalOp>()) {
      auto value =
          dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
      if (!global.getConstant() || !value || value.isSplat() ||
          readByKernels.contains(global.getSymNameAttr()))
        continue;
      MemRefType type = global.getType();
      if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
        continue;
      int64_t bytes = type.getNumElements() *
                      llvm::divideCeil(type.getElementTypeBitWidth(), 8);
      if (bytes < minBytes || type.getElementTypeBitWidth() == 1)
        continue;
      offsets[global.getSymNameAttr()] = size;
      segments.push_back(attrBuilder.getDictionaryAttr(
          {attrBuilder.getNamedAttr("offset",
                                    attrBuilder.getI64IntegerAttr(size)),
           attrBuilder.getNamedAttr("value", value)}));
      size = llvm::alignTo(size + bytes, kBufferAlignment);
    }

    module->setAttr(kWeightsSizeAttr, attrBuilder.getI64IntegerAttr(size));
    module->setAttr(kWeightsArgAttr, attrBuilder.getArrayAttr(segments));
    if (offsets.empty())
      return;

    auto weightsType = MemRefType::get({size}, IntegerType::get(context, 8));
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || func->hasAttr(kKernelAttrName))
        continue;
      SmallVector<memref::GetGlobalOp> reads;
      func.walk([&](memref::GetGlobalOp read) {
        if (offsets.contains(read.getNameAttr().getAttr()))
          reads.push_back(read);
      });
      if (reads.empty())
        continue;
      unsigned index = func.getNumArguments();
      if (failed(func.insertArgument(
              index, weightsType,
              attrBuilder.getDictionaryAttr(attrBuilder.getNamedAttr(
                  kWeightsArgAttr, attrBuilder.getUnitAttr())),
              func.getLoc())))
        return signalPassFailure();
      Value weights = func.getArgument(index);
      for (memref::GetGlobalOp read : reads) {
        OpBuilder builder(read);
        Value offset = arith::ConstantIndexOp::create(
            builder, read.getLoc(), offsets[read.getNameAttr().getAttr()]);
        Value view = memref::ViewOp::create(builder, read.getLoc(),
                                            read.getType(), weights, offset,
                                            ValueRange{});
        read.replaceAllUsesWith(view);
        read.erase();
      }
    }
    for (auto global :
         llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
      if (offsets.contains(global.getSymNameAttr()))
        symbols.erase(global);
  }
};
} // namespace
