//===- PackWeights.cpp - Matrix-product weights packed at compile time ----===//
//
// nabla_sgemm packs op(B) into 32-column panels on every call unless it is
// given packed panels, and nabla_sconv2d_nhwc packs its weights likewise;
// for weights that is the same work on every run (the MLP's first layer: a
// 1.6 MB copy per inference; resnet18's convolutions: 30% of its time).
// The layouts are the same on every CPU (Kernels.h), so the compiler packs
// constant weights once and the binary holds them packed.
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

/// How every use of a kernel's argument reads it, when all read it alike:
/// as the `b` of unpacked sgemms with one trans_b (op(B) is K x N), or as
/// the `w` ([F, C/groups, KH, KW]) of unpacked channels-last conv2d ops of
/// one geometry.
struct Packing {
  bool conv = false;
  // sgemm
  int64_t k = 0, n = 0;
  bool transposed = false;
  // conv2d
  int64_t filters = 0, perGroup = 0, groups = 1, kh = 1, kw = 1;
  bool nchwInput = false;

  bool operator==(const Packing &o) const {
    return conv == o.conv && k == o.k && n == o.n &&
           transposed == o.transposed && filters == o.filters &&
           perGroup == o.perGroup && groups == o.groups && kh == o.kh &&
           kw == o.kw && nchwInput == o.nchwInput;
  }
  bool depthwise() const { return perGroup == 1 && filters == groups; }
  int64_t size() const {
    return conv ? nabla_kernel::Conv2dOp::packedWeightsSize(
                      perGroup * groups, filters, groups, kh, kw)
                : SgemmOp::packedSize(k, n);
  }

  /// The packed elements of b (or w).
  template <class Elements> SmallVector<float> pack(Elements b) const {
    constexpr int64_t panel = SgemmOp::kPackedPanel;
    SmallVector<float> packed(size(), 0.0f);
    if (!conv) {
      // nabla_sgemm_pack_b: packed[(p * K + k) * 32 + j] = op(B)[k][32p +
      // j], 0 past N.
      for (int64_t row = 0; row < k; ++row)
        for (int64_t column = 0; column < n; ++column)
          packed[((column / panel) * k + row) * panel + column % panel] =
              transposed ? b[column * k + row] : b[row * n + column];
      return packed;
    }
    // nabla_sconv2d_nhwc_pack_weights (nabla_kernel.conv2d's
    // packed_weights).
    const int64_t taps = kh * kw;
    if (depthwise()) {
      for (int64_t t = 0; t < taps; ++t)
        for (int64_t f = 0; f < filters; ++f)
          packed[t * filters + f] = b[f * taps + t];
      return packed;
    }
    const int64_t fg = filters / groups, depth = perGroup * taps;
    const int64_t groupFloats = (fg + panel - 1) / panel * panel * depth;
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t f = 0; f < fg; ++f)
        for (int64_t c = 0; c < perGroup; ++c)
          for (int64_t t = 0; t < taps; ++t) {
            int64_t row = nchwInput ? c * taps + t : t * perGroup + c;
            packed[g * groupFloats + ((f / panel) * depth + row) * panel +
                   f % panel] = b[((g * fg + f) * perGroup + c) * taps + t];
          }
    return packed;
  }
};

/// A constant's f32 values packed as `p` says, read in place; nothing when
/// they cannot be read.
std::optional<SmallVector<float>> packedValues(Attribute attr,
                                               const Packing &p) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.getElementType().isF32()
               ? std::optional(p.pack(dense.value_begin<float>()))
               : std::nullopt;
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (std::optional<ArrayRef<float>> values = resource.tryGetAsArrayRef())
      return p.pack(values->data());
  return std::nullopt;
}

/// How `use` reads its value, if a packing applies to it.
std::optional<Packing> packingOfUse(OpOperand &use, RankedTensorType type) {
  Operation *owner = use.getOwner();
  if (auto sgemm = dyn_cast<SgemmOp>(owner)) {
    if (sgemm.getPackedB() || type.getRank() != 2 ||
        use.getOperandNumber() != sgemm.getBMutable().getOperandNumber())
      return std::nullopt;
    Packing p;
    p.transposed = sgemm.getTransB();
    p.k = type.getDimSize(p.transposed ? 1 : 0);
    p.n = type.getDimSize(p.transposed ? 0 : 1);
    return p;
  }
  if (auto conv = dyn_cast<nabla_kernel::Conv2dOp>(owner)) {
    if (!conv.getChannelsLast() || conv.getPackedWeights() ||
        type.getRank() != 4 ||
        use.getOperandNumber() != conv.getWMutable().getOperandNumber())
      return std::nullopt;
    Packing p;
    p.conv = true;
    p.filters = type.getDimSize(0);
    p.perGroup = type.getDimSize(1);
    p.kh = type.getDimSize(2);
    p.kw = type.getDimSize(3);
    p.groups = conv.getGroups();
    p.nchwInput = conv.getNchwInput();
    return p;
  }
  return std::nullopt;
}

std::optional<Packing> packingOf(BlockArgument arg) {
  auto type = dyn_cast<RankedTensorType>(arg.getType());
  if (!type || !type.hasStaticShape() || !type.getElementType().isF32() ||
      arg.use_empty())
    return std::nullopt;
  std::optional<Packing> packing;
  for (OpOperand &use : arg.getUses()) {
    std::optional<Packing> here = packingOfUse(use, type);
    if (!here || (packing && !(*packing == *here)))
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
            {packing->size()}, Float32Type::get(&getContext()));
        for (auto [call, packed] : llvm::zip(it->second, weights)) {
          OpBuilder builder(call);
          Value constant = arith::ConstantOp::create(
              builder, call.getLoc(),
              DenseElementsAttr::get(packedType, ArrayRef<float>(packed)));
          call->setOperand(arg.getArgNumber(), constant);
        }
        arg.setType(packedType);
        for (Operation *user : arg.getUsers()) {
          if (auto sgemm = dyn_cast<SgemmOp>(user)) {
            sgemm.setTransB(false);
            sgemm.setPackedB(true);
            continue;
          }
          auto conv = cast<nabla_kernel::Conv2dOp>(user);
          conv.setPackedWeights(true);
          conv.setKernelShape(
              ArrayRef<int64_t>{packing->kh, packing->kw});
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
