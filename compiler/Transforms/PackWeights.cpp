//===- PackWeights.cpp - Matrix-product weights packed at compile time ----===//
//
// nabla_sgemm packs op(B) into 32-column panels on every call unless it is
// given packed panels; for weights that is the same work on every run (the
// MLP's first layer: a 1.6 MB copy per inference). The layout is the same
// on every CPU (Kernels.h), so the compiler packs constant weights once and
// the binary holds them packed.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "dialects/Kernel/IR/KernelDialect.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAPACKWEIGHTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using nabla_kernel::SgemmOp;

namespace {

/// How the uses of a kernel's argument read it, when every use is the `b`
/// of an unpacked sgemm with the same trans_b: K, N and trans_b.
struct Packing {
  int64_t k, n;
  bool transposed;
};

/// op(B) (K x N; B is N x K when transposed), its elements b[0..), in
/// nabla_sgemm_pack_b's layout: packed[(p * K + k) * 32 + j] =
/// op(B)[k][32p + j], 0 past N.
template <class Elements>
SmallVector<float> pack(Elements b, const Packing &p) {
  constexpr int64_t panel = SgemmOp::kPackedPanel;
  SmallVector<float> packed(SgemmOp::packedSize(p.k, p.n), 0.0f);
  for (int64_t row = 0; row < p.k; ++row)
    for (int64_t column = 0; column < p.n; ++column)
      packed[((column / panel) * p.k + row) * panel + column % panel] =
          p.transposed ? b[column * p.k + row] : b[row * p.n + column];
  return packed;
}

/// A constant's f32 values packed as `p` says, read in place; nothing when
/// they cannot be read.
std::optional<SmallVector<float>> packedValues(Attribute attr,
                                               const Packing &p) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.getElementType().isF32()
               ? std::optional(pack(dense.value_begin<float>(), p))
               : std::nullopt;
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (std::optional<ArrayRef<float>> values = resource.tryGetAsArrayRef())
      return pack(values->data(), p);
  return std::nullopt;
}

std::optional<Packing> packingOf(BlockArgument arg) {
  auto type = dyn_cast<RankedTensorType>(arg.getType());
  if (!type || type.getRank() != 2 || !type.hasStaticShape() ||
      !type.getElementType().isF32() || arg.use_empty())
    return std::nullopt;
  std::optional<Packing> packing;
  for (OpOperand &use : arg.getUses()) {
    auto sgemm = dyn_cast<SgemmOp>(use.getOwner());
    if (!sgemm || sgemm.getPackedB() ||
        use.getOperandNumber() != sgemm.getBMutable().getOperandNumber())
      return std::nullopt;
    bool transposed = sgemm.getTransB();
    Packing here{type.getDimSize(transposed ? 1 : 0),
                 type.getDimSize(transposed ? 0 : 1), transposed};
    if (packing && packing->transposed != transposed)
      return std::nullopt;
    packing = here;
  }
  return packing;
}

struct PackWeightsPass
    : public nabla::impl::NablaPackWeightsBase<PackWeightsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The calls of each kernel; a kernel used any other way is left alone.
    DenseMap<StringAttr, SmallVector<func::CallOp>> calls;
    DenseSet<StringAttr> otherUses;
    module.walk([&](Operation *op) {
      if (auto call = dyn_cast<func::CallOp>(op)) {
        calls[call.getCalleeAttr().getAttr()].push_back(call);
        return;
      }
      for (NamedAttribute attr : op->getAttrs())
        attr.getValue().walk([&](SymbolRefAttr ref) {
          otherUses.insert(ref.getRootReference());
        });
    });

    for (auto func : module.getOps<func::FuncOp>()) {
      if (!func->hasAttr(nabla::kKernelAttrName) || func.isExternal() ||
          func.isPublic() || otherUses.contains(func.getSymNameAttr()))
        continue;
      auto it = calls.find(func.getSymNameAttr());
      if (it == calls.end())
        continue;
      bool changed = false;
      for (BlockArgument arg : func.getArguments()) {
        std::optional<Packing> packing = packingOf(arg);
        if (!packing)
          continue;
        // Every caller passes a constant that can be read.
        SmallVector<SmallVector<float>> weights;
        for (func::CallOp call : it->second) {
          Attribute value;
          if (!matchPattern(call.getOperand(arg.getArgNumber()),
                            m_Constant(&value)))
            break;
          std::optional<SmallVector<float>> packed =
              packedValues(value, *packing);
          if (!packed)
            break;
          weights.push_back(std::move(*packed));
        }
        if (weights.size() != it->second.size())
          continue;

        auto packedType = RankedTensorType::get(
            {SgemmOp::packedSize(packing->k, packing->n)},
            Float32Type::get(&getContext()));
        for (auto [call, packed] : llvm::zip(it->second, weights)) {
          OpBuilder builder(call);
          Value constant = arith::ConstantOp::create(
              builder, call.getLoc(),
              DenseElementsAttr::get(packedType, ArrayRef<float>(packed)));
          call->setOperand(arg.getArgNumber(), constant);
        }
        arg.setType(packedType);
        for (Operation *user : arg.getUsers()) {
          auto sgemm = cast<SgemmOp>(user);
          sgemm.setTransB(false);
          sgemm.setPackedB(true);
        }
        changed = true;
      }
      if (changed)
        func.setType(FunctionType::get(&getContext(),
                                       func.getBody().getArgumentTypes(),
                                       func.getFunctionType().getResults()));
    }
  }
};
} // namespace
