//===- PlanMemory.cpp - A static arena for intermediate buffers -----------===//
//
// Inference graphs have static shapes and straight-line schedules, so every
// intermediate buffer's lifetime is known at compile time. Packing them into
// one arena by lifetime replaces a malloc/free per op with nothing and lets
// buffers that are never live together share memory (Pisarchyk & Lee,
// "Efficient Memory Management for Deep Neural Net Inference", greedy by
// size).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAPLANMEMORY
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {
int64_t alignTo(int64_t value) {
  return (value + kBufferAlignment - 1) / kBufferAlignment * kBufferAlignment;
}

bool isKernel(func::FuncOp func) { return func->hasAttr(kKernelAttrName); }

/// One buffer to place: its allocation, its size, and the range of top-level
/// op positions during which it is live.
struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes;
  int64_t begin;
  int64_t end;
  int64_t order; ///< Position of the allocation, a deterministic tie-break.
  int64_t offset = -1;
};

/// Bytes of one element as the LLVM lowering stores it (i1 takes a byte).
std::optional<int64_t> getElementBytes(Type type) {
  if (type.isIndex())
    return 8;
  if (!type.isIntOrFloat())
    return std::nullopt;
  return std::max<int64_t>(1, llvm::divideCeil(type.getIntOrFloatBitWidth(), 8));
}

/// The first and last top-level positions at which `alloc`'s memory is used
/// through any alias, or nullopt if the buffer escapes the function. The
/// allocation itself does not count: its contents are undefined until the
/// first write.
std::optional<std::pair<int64_t, int64_t>>
getLiveRange(memref::AllocOp alloc, Block &body,
             const DenseMap<Operation *, int64_t> &positions,
             SymbolTableCollection &symbols) {
  int64_t first = std::numeric_limits<int64_t>::max();
  int64_t last = positions.lookup(alloc);
  SmallVector<Value> worklist = {alloc.getResult()};
  DenseSet<Value> seen(worklist.begin(), worklist.end());
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      // A kernel uses its arguments only while it runs; other callees may
      // keep them.
      auto call = dyn_cast<func::CallOp>(user);
      auto callee = call ? symbols.lookupNearestSymbolFrom<func::FuncOp>(
                               call, call.getCalleeAttr())
                         : func::FuncOp();
      if (!(callee && isKernel(callee)) &&
          isa<func::ReturnOp, CallOpInterface>(user))
        return std::nullopt;
      Operation *ancestor = body.findAncestorOpInBlock(*user);
      if (!ancestor)
        return std::nullopt;
      if (isa<memref::DeallocOp>(user))
        continue;
      first = std::min(first, positions.lookup(ancestor));
      last = std::max(last, positions.lookup(ancestor));
      // Anything a user returns may alias the buffer (views, loop results);
      // following all of them can only lengthen the interval.
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()) && seen.insert(result).second)
          worklist.push_back(result);
    }
  }
  return std::make_pair(std::min(first, last), last);
}

/// Greedy best fit: the lowest offset at which `buffer` overlaps no placed
/// buffer that is live at the same time.
int64_t findOffset(const Buffer &buffer, ArrayRef<Buffer *> placed) {
  SmallVector<std::pair<int64_t, int64_t>> taken;
  for (Buffer *other : placed)
    if (other->begin <= buffer.end && buffer.begin <= other->end)
      taken.push_back({other->offset, other->offset + other->bytes});
  llvm::sort(taken);
  int64_t best = -1, bestGap = std::numeric_limits<int64_t>::max();
  int64_t cursor = 0;
  for (auto [begin, end] : taken) {
    int64_t gap = begin - cursor;
    if (gap >= buffer.bytes && gap < bestGap) {
      best = cursor;
      bestGap = gap;
    }
    cursor = std::max(cursor, alignTo(end));
  }
  return best >= 0 ? best : cursor;
}

/// Packs the static top-level allocations of `func` into one buffer passed
/// as a new trailing argument with the unit attribute `argAttr`, and returns
/// its size. With `always` unset, a function without such allocations keeps
/// its signature.
FailureOr<int64_t> planFunction(func::FuncOp func, StringRef argAttr,
                                bool always, SymbolTableCollection &symbols) {
  Block &body = func.getBody().front();
  DenseMap<Operation *, int64_t> positions;
  for (auto [index, op] : llvm::enumerate(body))
    positions[&op] = index;

  SmallVector<Buffer> buffers;
  for (auto alloc : body.getOps<memref::AllocOp>()) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
        !alloc.getSymbolOperands().empty())
      continue;
    std::optional<int64_t> elementBytes =
        getElementBytes(type.getElementType());
    std::optional<std::pair<int64_t, int64_t>> range =
        getLiveRange(alloc, body, positions, symbols);
    if (!elementBytes || !range)
      continue;
    int64_t bytes =
        alignTo(std::max<int64_t>(1, type.getNumElements() * *elementBytes));
    buffers.push_back(
        {alloc, bytes, range->first, range->second, positions[alloc]});
  }
  if (buffers.empty() && !always)
    return 0;

  // Largest first; ties by allocation order keep the plan deterministic.
  llvm::sort(buffers, [](const Buffer &a, const Buffer &b) {
    return std::make_pair(-a.bytes, a.order) <
           std::make_pair(-b.bytes, b.order);
  });
  SmallVector<Buffer *> placed;
  int64_t totalBytes = 0;
  for (Buffer &buffer : buffers) {
    buffer.offset = findOffset(buffer, placed);
    placed.push_back(&buffer);
    totalBytes = std::max(totalBytes, buffer.offset + buffer.bytes);
  }

  MLIRContext *context = func.getContext();
  Builder attrBuilder(context);
  auto bufferType = MemRefType::get({totalBytes}, IntegerType::get(context, 8));
  unsigned index = func.getNumArguments();
  if (failed(func.insertArgument(
          index, bufferType,
          attrBuilder.getDictionaryAttr(
              attrBuilder.getNamedAttr(argAttr, attrBuilder.getUnitAttr())),
          func.getLoc())))
    return failure();
  Value memory = func.getArgument(index);

  for (Buffer &buffer : buffers) {
    OpBuilder builder(buffer.alloc);
    Location loc = buffer.alloc.getLoc();
    Value offset = arith::ConstantIndexOp::create(builder, loc, buffer.offset);
    Value view = memref::ViewOp::create(builder, loc, buffer.alloc.getType(),
                                        memory, offset, ValueRange{});
    // The arena owns the memory now; explicit deallocations must go.
    for (Operation *user : llvm::make_early_inc_range(buffer.alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    buffer.alloc.replaceAllUsesWith(view);
    buffer.alloc.erase();
  }
  return totalBytes;
}

struct PlanMemoryPass
    : public nabla::impl::NablaPlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTableCollection symbols;
    SmallVector<func::FuncOp> kernels, models;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && func.getBody().hasOneBlock())
        (isKernel(func) ? kernels : models).push_back(func);

    // A kernel's scratch buffers become one more argument, which its caller
    // allocates for the call: the caller's plan then overlaps the scratch
    // of every call with the buffers not live across it.
    Builder attrBuilder(&getContext());
    DenseMap<StringAttr, int64_t> scratchBytes;
    for (func::FuncOp kernel : kernels) {
      FailureOr<int64_t> bytes =
          planFunction(kernel, kScratchArgAttr, /*always=*/false, symbols);
      if (failed(bytes))
        return signalPassFailure();
      if (*bytes) {
        kernel->setAttr(kScratchSizeAttr, attrBuilder.getI64IntegerAttr(*bytes));
        scratchBytes[kernel.getSymNameAttr()] = *bytes;
      }
    }
    for (func::FuncOp func : llvm::concat<func::FuncOp>(kernels, models))
      func.walk([&](func::CallOp call) {
        auto it = scratchBytes.find(call.getCalleeAttr().getAttr());
        if (it == scratchBytes.end())
          return;
        OpBuilder builder(call);
        Value scratch = memref::AllocOp::create(
            builder, call.getLoc(),
            MemRefType::get({it->second}, builder.getI8Type()),
            builder.getI64IntegerAttr(kBufferAlignment));
        call->insertOperands(call.getNumOperands(), scratch);
      });

    for (func::FuncOp model : models) {
      FailureOr<int64_t> bytes =
          planFunction(model, kArenaArgAttr, /*always=*/true, symbols);
      if (failed(bytes))
        return signalPassFailure();
      model->setAttr(kArenaSizeAttr, attrBuilder.getI64IntegerAttr(*bytes));
    }
  }
};
} // namespace
