//===- BufferizeModel.cpp - Buffers for kernels and the model function ----===//
//
// After nabla-form-kernels, a model is a function that calls kernels in
// order. Bufferizing the module in one One-Shot run analyzes every op of
// the model together, which grows faster than quadratically with its size
// (llvm-project #81959). Here each kernel is bufferized on its own, and the
// model function, which only passes buffers between calls, is rewritten
// directly:
//
// - A kernel takes memrefs: its inputs (read only), then one out-param per
//   result that it writes in place (destination-passing style).
// - The model takes its inputs and one out-param per result. Each kernel
//   result gets a fresh buffer (nabla-plan-memory packs them into the
//   arena), except a result the model returns, which the kernel writes
//   straight into the model's out-param. Weights become memref.globals.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferUtils.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLABUFFERIZEMODEL
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {
MemRefType bufferTypeOf(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

bool isKernel(func::FuncOp func) { return func->hasAttr(kKernelAttrName); }

/// Gives `func` memref arguments in place of its tensor arguments, followed
/// by one out-param per result, and returns the out-params. The body keeps
/// working on tensors: `bufferization.to_tensor` reads each argument, and
/// each returned tensor is materialized in its out-param.
LogicalResult convertSignature(func::FuncOp func,
                               SmallVectorImpl<BlockArgument> &outParams,
                               bool materializeResults) {
  Block &body = func.getBody().front();
  OpBuilder builder = OpBuilder::atBlockBegin(&body);
  Location loc = func.getLoc();
  unsigned numInputs = func.getNumArguments();
  for (unsigned i = 0; i < numInputs; ++i) {
    BlockArgument arg = body.getArgument(i);
    auto tensorType = dyn_cast<RankedTensorType>(arg.getType());
    if (!tensorType)
      return func.emitError("argument ")
             << i << " has type " << arg.getType()
             << "; model and kernel arguments must be ranked tensors";
    BlockArgument buffer = body.addArgument(bufferTypeOf(tensorType), loc);
    if (materializeResults) {
      Value tensor = bufferization::ToTensorOp::create(
          builder, loc, tensorType, buffer, /*restrict=*/true,
          /*writable=*/false);
      arg.replaceAllUsesWith(tensor);
    }
  }
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    if (!isa<RankedTensorType>(type))
      return func.emitError("result ")
             << i << " has type " << type
             << "; model and kernel results must be ranked tensors";
    outParams.push_back(body.addArgument(bufferTypeOf(type), loc));
  }
  if (materializeResults) {
    builder.setInsertionPoint(ret);
    for (auto [value, out] : llvm::zip(ret.getOperands(), outParams)) {
      auto materialize = bufferization::MaterializeInDestinationOp::create(
          builder, loc, value, out);
      materialize.setRestrict(true);
      materialize.setWritable(true);
    }
    ret->setOperands({});
  }
  return success();
}

/// Moves the argument attributes of the first `numInputs` arguments and the
/// result attributes onto the new arguments, then drops the old ones.
void finishSignature(func::FuncOp func, unsigned numInputs) {
  Block &body = func.getBody().front();
  SmallVector<DictionaryAttr> argAttrs, resultAttrs;
  for (unsigned i = 0; i < numInputs; ++i)
    argAttrs.push_back(func.getArgAttrDict(i));
  for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
    resultAttrs.push_back(func.getResultAttrDict(i));
  llvm::BitVector old(body.getNumArguments());
  old.set(0, numInputs);
  body.eraseArguments(old);
  func.setFunctionType(FunctionType::get(func.getContext(),
                                         body.getArgumentTypes(), {}));
  SmallVector<Attribute> all;
  for (DictionaryAttr attrs : llvm::concat<DictionaryAttr>(argAttrs,
                                                           resultAttrs))
    all.push_back(attrs ? attrs : DictionaryAttr::get(func.getContext()));
  func.setAllArgAttrs(all);
  func.removeResAttrsAttr();
}

LogicalResult bufferizeKernel(func::FuncOp kernel) {
  unsigned numInputs = kernel.getNumArguments();
  SmallVector<BlockArgument> outParams;
  if (failed(convertSignature(kernel, outParams, /*materializeResults=*/true)))
    return failure();
  finishSignature(kernel, numInputs);

  // Results computed into tensor.empty are computed in their out-param.
  IRRewriter rewriter(kernel.getContext());
  if (failed(bufferization::eliminateEmptyTensors(rewriter, kernel)))
    return failure();
  bufferization::OneShotBufferizationOptions options;
  options.unknownTypeConverterFn =
      [](TensorType type, Attribute memorySpace,
         const bufferization::BufferizationOptions &) {
        return bufferization::getMemRefTypeWithStaticIdentityLayout(
            type, memorySpace);
      };
  bufferization::BufferizationState state;
  return bufferization::runOneShotBufferize(kernel, options, state);
}

/// Rewrites a model function that calls kernels: every tensor becomes a
/// buffer; see the file comment.
LogicalResult bufferizeModel(func::FuncOp model,
                             SymbolTableCollection &symbolTables) {
  unsigned numInputs = model.getNumArguments();
  SmallVector<BlockArgument> outParams;
  if (failed(convertSignature(model, outParams, /*materializeResults=*/false)))
    return failure();
  Block &body = model.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());

  IRMapping buffers;
  for (unsigned i = 0; i < numInputs; ++i)
    buffers.map(body.getArgument(i), body.getArgument(numInputs + i));
  // A kernel writes a returned result straight into the model's out-param
  // (the first, if it is returned twice).
  DenseMap<Value, Value> outParamOf;
  for (auto [value, out] : llvm::zip(ret.getOperands(), outParams))
    outParamOf.try_emplace(value, out);

  OpBuilder builder(model.getContext());
  SmallVector<Operation *> replaced;
  for (Operation &op : llvm::make_early_inc_range(body.without_terminator())) {
    builder.setInsertionPoint(&op);
    Location loc = op.getLoc();
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      if (!isa<RankedTensorType>(constant.getType()))
        continue;
      FailureOr<memref::GlobalOp> global =
          bufferization::getGlobalFor(constant, symbolTables, kBufferAlignment);
      if (failed(global))
        return constant.emitError("cannot make a global of this constant");
      buffers.map(constant.getResult(),
                  memref::GetGlobalOp::create(builder, loc,
                                              global->getType(),
                                              global->getSymName()));
      replaced.push_back(constant);
      continue;
    }
    auto call = dyn_cast<func::CallOp>(op);
    auto kernel = call ? symbolTables.lookupNearestSymbolFrom<func::FuncOp>(
                             call, call.getCalleeAttr())
                       : func::FuncOp();
    if (!kernel || !isKernel(kernel))
      return op.emitError("a model function holds only kernel calls and "
                          "constants here (run nabla-form-kernels first)");
    SmallVector<Value> operands;
    for (Value operand : call.getOperands()) {
      Value buffer = buffers.lookupOrNull(operand);
      if (!buffer)
        return call.emitError("operand has no buffer");
      operands.push_back(buffer);
    }
    for (Value result : call.getResults()) {
      Value buffer = outParamOf.lookup(result);
      if (!buffer)
        buffer = memref::AllocOp::create(
            builder, loc, bufferTypeOf(result.getType()),
            builder.getI64IntegerAttr(kBufferAlignment));
      buffers.map(result, buffer);
      operands.push_back(buffer);
    }
    func::CallOp::create(builder, loc, call.getCallee(), TypeRange(),
                         operands);
    replaced.push_back(call);
  }

  // Results that no kernel wrote into their out-param (a model input, a
  // weight, a value returned twice) are copied there.
  builder.setInsertionPoint(ret);
  for (auto [value, out] : llvm::zip(ret.getOperands(), outParams)) {
    Value buffer = buffers.lookupOrNull(value);
    if (!buffer)
      return ret.emitError("returned value has no buffer");
    if (buffer != out)
      memref::CopyOp::create(builder, ret.getLoc(), buffer, out);
  }
  ret->setOperands({});
  for (Operation *op : llvm::reverse(replaced))
    op->erase();
  finishSignature(model, numInputs);
  return success();
}

struct BufferizeModelPass
    : public nabla::impl::NablaBufferizeModelBase<BufferizeModelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> kernels, models;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      (isKernel(func) ? kernels : models).push_back(func);
    }
    // Not in parallel: bufferizing a constant adds a memref.global to the
    // module.
    for (func::FuncOp kernel : kernels)
      if (failed(bufferizeKernel(kernel)))
        return signalPassFailure();
    SymbolTableCollection symbolTables;
    for (func::FuncOp model : models)
      if (failed(bufferizeModel(model, symbolTables)))
        return signalPassFailure();
  }
};
} // namespace
