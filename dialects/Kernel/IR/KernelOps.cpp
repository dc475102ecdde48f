//===- KernelOps.cpp - The nabla_kernel dialect and its ops ---------------===//

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::nabla_kernel;

#include "dialects/Kernel/IR/KernelDialect.cpp.inc"

void NablaKernelDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Kernel/IR/KernelOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "dialects/Kernel/IR/KernelOps.cpp.inc"

//===----------------------------------------------------------------------===//
// SgemmOp
//===----------------------------------------------------------------------===//

namespace {
/// Checks that `value` has rank `rank` (or `batchedRank` in a batch) and
/// that its dimensions agree with `expected` where both are static; a
/// missing expected dimension is unchecked.
LogicalResult checkOperand(SgemmOp op, StringRef name, Value value,
                           ArrayRef<std::optional<int64_t>> expected) {
  auto type = cast<ShapedType>(value.getType());
  if (type.getRank() != static_cast<int64_t>(expected.size()))
    return op.emitOpError() << name << " must have rank " << expected.size()
                            << ", got " << type;
  for (auto [i, dim] : llvm::enumerate(expected)) {
    int64_t actual = type.getDimSize(i);
    if (dim && !ShapedType::isDynamic(*dim) && !ShapedType::isDynamic(actual) &&
        actual != *dim)
      return op.emitOpError() << name << " dimension " << i << " is "
                              << actual << ", expected " << *dim;
  }
  return success();
}
} // namespace

LogicalResult SgemmOp::verify() {
  bool tensors = isa<RankedTensorType>(getInit().getType());
  for (Value operand : getOperands())
    if (isa<RankedTensorType>(operand.getType()) != tensors)
      return emitOpError("operands must be all tensors or all memrefs");
  if (tensors && (getNumResults() != 1 ||
                  getResult()[0].getType() != getInit().getType()))
    return emitOpError("on tensors, has one result of the type of outs");
  if (!tensors && getNumResults() != 0)
    return emitOpError("on memrefs, has no result");

  auto initType = cast<ShapedType>(getInit().getType());
  int64_t rank = initType.getRank();
  if (rank != 2 && rank != 3)
    return emitOpError("outs must be 2-D or 3-D, got ") << initType;
  bool batched = rank == 3;
  int64_t batch = batched ? initType.getDimSize(0) : 1;
  int64_t m = initType.getDimSize(rank - 2);
  int64_t n = initType.getDimSize(rank - 1);
  std::optional<int64_t> k;

  // A 2-D operand of a batch is shared by every product.
  auto withBatch = [&](Value value, SmallVector<std::optional<int64_t>> dims) {
    if (batched && cast<ShapedType>(value.getType()).getRank() ==
                       static_cast<int64_t>(dims.size()) + 1)
      dims.insert(dims.begin(), batch);
    return dims;
  };
  auto aType = cast<ShapedType>(getA().getType());
  if (aType.getRank() >= 2)
    k = aType.getDimSize(aType.getRank() - (getTransA() ? 2 : 1));
  if (failed(checkOperand(*this, "a", getA(),
                          withBatch(getA(), getTransA()
                                                ? SmallVector<std::optional<
                                                      int64_t>>{k, m}
                                                : SmallVector<std::optional<
                                                      int64_t>>{m, k}))))
    return failure();
  if (failed(checkOperand(
          *this, "b", getB(),
          withBatch(getB(), getTransB()
                                ? SmallVector<std::optional<int64_t>>{n, k}
                                : SmallVector<std::optional<int64_t>>{k, n}))))
    return failure();
  if (getBias()) {
    if (failed(checkOperand(*this, "bias", getBias(),
                            withBatch(getBias(),
                                      {getBiasPerRow() ? m : n}))))
      return failure();
  } else if (getBiasPerRow()) {
    return emitOpError("bias_per_row without a bias");
  }
  if (getResidual() &&
      failed(checkOperand(*this, "residual", getResidual(),
                          withBatch(getResidual(), {m, n}))))
    return failure();
  return success();
}

void SgemmOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  for (OpOperand &operand : getOperation()->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (&operand == &getInitMutable())
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

// outs is written whole and never read (the kernel stores each tile once),
// so bufferization needs no copy of its previous contents.
bool SgemmOp::bufferizesToMemoryRead(
    OpOperand &operand, const bufferization::AnalysisState &) {
  return &operand != &getInitMutable();
}

bool SgemmOp::bufferizesToMemoryWrite(
    OpOperand &operand, const bufferization::AnalysisState &) {
  return &operand == &getInitMutable();
}

bufferization::AliasingValueList
SgemmOp::getAliasingValues(OpOperand &operand,
                           const bufferization::AnalysisState &) {
  if (&operand != &getInitMutable() || getNumResults() == 0)
    return {};
  return {{getResult()[0], bufferization::BufferRelation::Equivalent}};
}

LogicalResult
SgemmOp::bufferize(RewriterBase &rewriter,
                   const bufferization::BufferizationOptions &options,
                   bufferization::BufferizationState &state) {
  auto bufferOf = [&](Value value) -> FailureOr<Value> {
    if (!value)
      return Value();
    return bufferization::getBuffer(rewriter, value, options, state);
  };
  FailureOr<Value> a = bufferOf(getA()), b = bufferOf(getB()),
                   bias = bufferOf(getBias()),
                   residual = bufferOf(getResidual()),
                   init = bufferOf(getInit());
  if (failed(a) || failed(b) || failed(bias) || failed(residual) ||
      failed(init))
    return failure();
  rewriter.setInsertionPoint(*this);
  SgemmOp::create(rewriter, getLoc(), TypeRange(), *a, *b, *bias, *residual,
                  *init, getTransAAttr(), getTransBAttr(),
                  getBiasPerRowAttr(), getAlphaAttr(), getActivationAttr(),
                  getActAlphaAttr(), getActBetaAttr());
  bufferization::replaceOpWithBufferizedValues(rewriter, *this, *init);
  return success();
}
