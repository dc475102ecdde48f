//===- ParallelizeLoops.cpp - Generated loop nests on the model's threads -===//
//
// The runtime's kernels split their work over the model's thread pool, but
// the loop nests compiled from linalg ran on the calling thread. A large
// linalg op on buffers is outlined here into a function of (context, begin,
// end) that runs the op on iterations [begin, end) of its outermost
// parallel loop, and the op becomes a call of nabla_parallel_for
// (runtime/ThreadPool.h) with that function.
//
// The context is an array of the addresses of the op's buffers (their
// first elements) on the caller's stack. Every buffer has a static shape
// and static strides, so the outlined function rebuilds each one from its
// address alone: an LLVM memref descriptor cast to the memref type, which
// the conversion to LLVM folds away. Subviews then cut the outputs (and the
// inputs that the loop indexes) to the iterations of the call.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAPARALLELIZELOOPS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;

namespace {

constexpr StringLiteral kParallelFor = "nabla_parallel_for";

/// A linalg op that can run in parallel over loop `loop` (`trip` long).
struct Candidate {
  linalg::LinalgOp op;
  unsigned loop;
  int64_t trip;
  int64_t iterations;
  /// Per operand: the dimension the loop indexes, if any.
  SmallVector<std::optional<unsigned>> slicedDims;
  /// Constants from above that the op's region uses.
  SmallVector<Value> constants;
};

/// Whether `type` is a memref whose shape and strides are all static.
bool hasStaticLayout(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(memref.getStridesAndOffset(strides, offset)) &&
         llvm::none_of(strides, ShapedType::isDynamic);
}

std::optional<Candidate> analyze(linalg::LinalgOp op, int64_t minIterations) {
  if (!op.hasPureBufferSemantics() || op->getNumRegions() != 1)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return std::nullopt;
  int64_t iterations = 1;
  for (int64_t range : ranges)
    iterations *= range;
  if (iterations < minIterations)
    return std::nullopt;
  const auto *outer = llvm::find_if(ranges, [](int64_t r) { return r > 1; });
  if (outer == ranges.end())
    return std::nullopt;
  Candidate candidate{op, unsigned(outer - ranges.begin()), *outer,
                      iterations, {}, {}};
  if (op.getIteratorTypesArray()[candidate.loop] !=
      utils::IteratorType::parallel)
    return std::nullopt;
  // An op that reads its indices would see them shifted by the subviews.
  if (op->getRegion(0).walk([](linalg::IndexOp) {
        return WalkResult::interrupt();
      }).wasInterrupted())
    return std::nullopt;
  SetVector<Value> above;
  getUsedValuesDefinedAbove(op->getRegion(0), above);
  for (Value value : above) {
    if (!matchPattern(value, m_Constant()))
      return std::nullopt;
    candidate.constants.push_back(value);
  }
  for (OpOperand &operand : op->getOpOperands()) {
    Value value = operand.get();
    if (!isa<MemRefType>(value.getType())) {
      // A scalar operand (linalg.fill's value) must be a constant too.
      if (!matchPattern(value, m_Constant()))
        return std::nullopt;
      candidate.slicedDims.push_back(std::nullopt);
      continue;
    }
    if (!hasStaticLayout(value.getType()))
      return std::nullopt;
    // The loop may index one dimension of a buffer, as that dimension
    // itself (not d0 * 2 + d1, which overlapping windows would read).
    std::optional<unsigned> sliced;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    for (auto [dim, expr] : llvm::enumerate(map.getResults())) {
      if (!expr.isFunctionOfDim(candidate.loop))
        continue;
      auto dimExpr = dyn_cast<AffineDimExpr>(expr);
      if (sliced || !dimExpr)
        return std::nullopt;
      sliced = dim;
    }
    // Each call writes its own part of every output.
    if (op.isDpsInit(&operand) && !sliced)
      return std::nullopt;
    candidate.slicedDims.push_back(sliced);
  }
  return candidate;
}

/// The LLVM memref descriptor of a memref of rank `rank`.
Type descriptorType(MLIRContext *context, int64_t rank) {
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = IntegerType::get(context, 64);
  SmallVector<Type> fields = {ptr, ptr, i64};
  if (rank > 0) {
    auto array = LLVM::LLVMArrayType::get(i64, rank);
    fields.append({array, array});
  }
  return LLVM::LLVMStructType::getLiteral(context, fields);
}

/// The memref of type `type` (static shape and strides, offset 0) whose
/// first element is at `address`.
Value memrefAt(OpBuilder &b, Location loc, Value address, MemRefType type) {
  auto i64 = [&](int64_t value) {
    return LLVM::ConstantOp::create(b, loc, b.getI64Type(), value);
  };
  SmallVector<int64_t> strides;
  int64_t offset;
  (void)type.getStridesAndOffset(strides, offset);
  Type descriptor = descriptorType(b.getContext(), type.getRank());
  Value value = LLVM::UndefOp::create(b, loc, descriptor);
  value = LLVM::InsertValueOp::create(b, loc, value, address,
                                      ArrayRef<int64_t>{0});
  value = LLVM::InsertValueOp::create(b, loc, value, address,
                                      ArrayRef<int64_t>{1});
  value = LLVM::InsertValueOp::create(b, loc, value, i64(0),
                                      ArrayRef<int64_t>{2});
  for (int64_t i = 0; i < type.getRank(); ++i) {
    value = LLVM::InsertValueOp::create(
        b, loc, value, i64(type.getDimSize(i)), ArrayRef<int64_t>{3, i});
    value = LLVM::InsertValueOp::create(b, loc, value, i64(strides[i]),
                                        ArrayRef<int64_t>{4, i});
  }
  auto rebuilt = MemRefType::get(
      type.getShape(), type.getElementType(),
      StridedLayoutAttr::get(b.getContext(), /*offset=*/0, strides),
      type.getMemorySpace());
  return UnrealizedConversionCastOp::create(b, loc, rebuilt, value)
      .getResult(0);
}

/// The address of the first element of `buffer`, as an LLVM pointer.
Value addressOf(OpBuilder &b, Location loc, Value buffer) {
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  int64_t bytes =
      cast<MemRefType>(buffer.getType()).getElementTypeBitWidth() / 8;
  Value offset = arith::MulIOp::create(
      b, loc, metadata.getOffset(),
      arith::ConstantIndexOp::create(b, loc, bytes));
  Value address = arith::IndexCastOp::create(
      b, loc, b.getI64Type(), arith::AddIOp::create(b, loc, base, offset));
  return LLVM::IntToPtrOp::create(b, loc,
                                  LLVM::LLVMPointerType::get(b.getContext()),
                                  address);
}

/// The function `name` that runs `c.op` on iterations [begin, end) of its
/// loop, its buffers read from the context array.
func::FuncOp outline(Candidate &c, StringRef name, ModuleOp module,
                     ArrayRef<unsigned> buffers) {
  MLIRContext *context = module.getContext();
  Location loc = c.op.getLoc();
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = IntegerType::get(context, 64);
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto function = func::FuncOp::create(
      b, loc, name, FunctionType::get(context, {ptr, i64, i64}, {}));
  function.setPrivate();
  Block *entry = function.addEntryBlock();
  b.setInsertionPointToStart(entry);
  Value ctx = entry->getArgument(0);
  Value begin = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                           entry->getArgument(1));
  Value end = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                         entry->getArgument(2));
  Value count = arith::SubIOp::create(b, loc, end, begin);

  IRMapping mapping;
  for (Value constant : c.constants)
    mapping.map(constant, b.clone(*constant.getDefiningOp())->getResult(0));
  auto arrayType = LLVM::LLVMArrayType::get(ptr, buffers.size());
  for (auto [slot, operandIndex] : llvm::enumerate(buffers)) {
    Value original = c.op->getOperand(operandIndex);
    auto type = cast<MemRefType>(original.getType());
    Value address = LLVM::GEPOp::create(
        b, loc, ptr, arrayType, ctx,
        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(slot)});
    Value pointer = LLVM::LoadOp::create(b, loc, ptr, address);
    Value buffer = memrefAt(b, loc, pointer, type);
    if (std::optional<unsigned> dim = c.slicedDims[operandIndex]) {
      int64_t rank = type.getRank();
      SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes;
      for (int64_t size : type.getShape())
        sizes.push_back(b.getIndexAttr(size));
      SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
      offsets[*dim] = begin;
      sizes[*dim] = count;
      buffer = memref::SubViewOp::create(b, loc, buffer, offsets, sizes,
                                         strides);
    }
    mapping.map(original, buffer);
  }
  for (Value operand : c.op->getOperands())
    if (!mapping.contains(operand))
      mapping.map(operand, b.clone(*operand.getDefiningOp())->getResult(0));
  b.clone(*c.op, mapping);
  func::ReturnOp::create(b, loc);
  return function;
}

struct ParallelizeLoops
    : nabla::impl::NablaParallelizeLoopsBase<ParallelizeLoops> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Candidate> candidates;
    module.walk([&](linalg::LinalgOp op) {
      if (std::optional<Candidate> c = analyze(op, minIterations))
        candidates.push_back(std::move(*c));
    });
    if (candidates.empty())
      return;
    MLIRContext *context = &getContext();
    Type ptr = LLVM::LLVMPointerType::get(context);
    Type i64 = IntegerType::get(context, 64);
    auto bodyType = FunctionType::get(context, {ptr, i64, i64}, {});
    if (!module.lookupSymbol(kParallelFor)) {
      OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
      func::FuncOp::create(
          b, module.getLoc(), kParallelFor,
          FunctionType::get(context, {i64, i64, bodyType, ptr}, {}))
          .setPrivate();
    }
    SymbolTable symbols(module);
    llvm::StringMap<unsigned> counts;
    for (Candidate &c : candidates) {
      auto parent = c.op->getParentOfType<func::FuncOp>();
      if (!parent)
        continue;
      SmallVector<unsigned> buffers;
      for (OpOperand &operand : c.op->getOpOperands())
        if (isa<MemRefType>(operand.get().getType()))
          buffers.push_back(operand.getOperandNumber());
      std::string name;
      do {
        name = (parent.getName() + "_parallel" +
                Twine(counts[parent.getName()]++))
                   .str();
      } while (symbols.lookup(name));
      func::FuncOp body = outline(c, name, module, buffers);
      symbols.insert(body);

      // The call: the buffers' addresses in a stack array (one per op, in
      // the entry block), chunks of at least minChunkIterations.
      Location loc = c.op.getLoc();
      OpBuilder b(c.op);
      auto arrayType = LLVM::LLVMArrayType::get(ptr, buffers.size());
      Value ctx;
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&parent.getBody().front());
        Value one = LLVM::ConstantOp::create(b, loc, i64, 1);
        ctx = LLVM::AllocaOp::create(b, loc, ptr, arrayType, one,
                                     /*alignment=*/8);
      }
      for (auto [slot, operandIndex] : llvm::enumerate(buffers)) {
        Value address = addressOf(b, loc, c.op->getOperand(operandIndex));
        Value element = LLVM::GEPOp::create(
            b, loc, ptr, arrayType, ctx,
            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(slot)});
        LLVM::StoreOp::create(b, loc, address, element);
      }
      int64_t perIteration = c.iterations / c.trip;
      int64_t grain = (minChunkIterations + perIteration - 1) / perIteration;
      Value fn = func::ConstantOp::create(b, loc, bodyType, body.getName());
      func::CallOp::create(
          b, loc, kParallelFor, TypeRange{},
          ValueRange{arith::ConstantIntOp::create(b, loc, i64, c.trip),
                     arith::ConstantIntOp::create(b, loc, i64,
                                                  std::max<int64_t>(grain, 1)),
                     fn, ctx});
      c.op->erase();
    }
  }
};

} // namespace
