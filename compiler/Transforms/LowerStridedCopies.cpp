//===- LowerStridedCopies.cpp - Copies that need no runtime library -------===//
//
// Generated binaries link only the Nabla runtime; MLIR's generic strided
// copy (`memrefCopy` in libmlir_c_runner_utils) is not in it. Contiguous
// copies keep becoming memcpy.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLALOWERSTRIDEDCOPIES
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;

namespace {
bool isContiguous(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  return type && type.getLayout().isIdentity();
}

struct LowerStridedCopiesPass
    : public nabla::impl::NablaLowerStridedCopiesBase<LowerStridedCopiesPass> {
  void runOnOperation() override {
    getOperation().walk([](memref::CopyOp copy) {
      if (isContiguous(copy.getSource()) && isContiguous(copy.getTarget()))
        return;
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    });
  }
};
} // namespace
