//===- FormKernels.cpp - Partition a model into kernel functions ----------===//
//
// Splits each model function into kernels: private functions, marked
// `nabla.kernel`, that the model calls in order. A kernel is one op and the
// pointwise ops that consume its results (a matmul, its bias add and its
// relu), so that they run in one loop nest with one pass over memory. What a
// kernel reads is passed in: the results of earlier kernels, the model's
// arguments, its weights. Small constants and reshapes are copied into every
// kernel that reads them. Kernels whose bodies are identical are merged, so
// that a model repeating a layer compiles that layer's code once.
//
// Each kernel is then lowered, bufferized and compiled on its own, and the
// model function itself holds only calls, weights and the buffers between
// them, which the compiler plans as a whole (nabla-bufferize-model).
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/IR/NablaOps.h"
#include "dialects/Nabla/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAFORMKERNELS
#include "dialects/Nabla/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

namespace {
/// Constants of at most this many elements are copied into the kernels that
/// read them (where they fold); larger ones are passed in.
constexpr int64_t kMaxInlinedConstantElements = 16;

bool isInlinedConstant(Operation *op) {
  auto constant = dyn_cast<ConstantOp>(op);
  if (!constant)
    return false;
  auto value = dyn_cast<DenseElementsAttr>(constant.getValue());
  return value && (value.isSplat() ||
                   value.getNumElements() <= kMaxInlinedConstantElements);
}

/// Reshapes change no data: a kernel reads through them.
bool isView(Operation *op) {
  return isa<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>(op);
}

/// Ops copied into each kernel that uses them rather than computed once.
bool isCopiedIntoUsers(Operation *op) {
  return isInlinedConstant(op) || isView(op);
}

class KernelFormer {
public:
  KernelFormer(func::FuncOp model, SymbolTable &symbols)
      : model(model), symbols(symbols) {}

  /// Partitions the model and outlines each part; returns the kernels.
  SmallVector<func::FuncOp> run(int64_t &fusedOps);

private:
  /// The value `value` reads through views, and the views on the way.
  Value throughViews(Value value) {
    while (Operation *def = value.getDefiningOp()) {
      if (!isView(def))
        break;
      value = def->getOperand(0);
    }
    return value;
  }

  int groupOf(Value value) {
    Operation *def = throughViews(value).getDefiningOp();
    auto it = def ? group.find(def) : group.end();
    return it == group.end() ? -1 : it->second;
  }

  /// True if every use of `value`, also through views, is in group `g` or
  /// is `user`.
  bool usedOnlyBy(Value value, int g, Operation *user) {
    for (Operation *other : value.getUsers()) {
      if (other == user)
        continue;
      if (isView(other) && usedOnlyBy(other->getResult(0), g, user))
        continue;
      auto it = group.find(other);
      if (it == group.end() || it->second != g)
        return false;
    }
    return true;
  }

  /// The group a pointwise `op` can join, or -1: one that computes an
  /// operand of `op` nobody else reads, where every other operand is known
  /// before that group starts (so the kernel can still run as one call).
  int producerGroupFor(Operation *op) {
    int best = -1;
    for (Value operand : op->getOperands()) {
      int g = groupOf(operand);
      if (g < 0 || g <= best)
        continue;
      Value root = throughViews(operand);
      if (!usedOnlyBy(root, g, op))
        continue;
      bool othersReady = llvm::all_of(op->getOperands(), [&](Value other) {
        int h = groupOf(other);
        return h < g || h == g;
      });
      if (othersReady)
        best = g;
    }
    return best;
  }

  func::FuncOp outline(unsigned index);

  func::FuncOp model;
  SymbolTable &symbols;
  DenseMap<Operation *, int> group;
  SmallVector<SmallVector<Operation *>> groups;
};

SmallVector<func::FuncOp> KernelFormer::run(int64_t &fusedOps) {
  Block &body = model.getBody().front();
  // Weights first: a kernel's call takes the place of its first op, and may
  // read a weight that was defined later.
  for (Operation &op : llvm::make_early_inc_range(body))
    if (isa<ConstantOp>(op))
      op.moveBefore(&body.front());

  Operation *terminator = body.getTerminator();
  for (Operation &op : body.without_terminator()) {
    if (isa<ConstantOp>(op))
      continue;
    if (isCopiedIntoUsers(&op) &&
        llvm::none_of(op.getUsers(),
                      [&](Operation *user) { return user == terminator; }))
      continue;
    int g = op.hasTrait<OpTrait::nabla::Pointwise>() ? producerGroupFor(&op) : -1;
    if (g >= 0) {
      ++fusedOps;
    } else {
      g = groups.size();
      groups.emplace_back();
    }
    group[&op] = g;
    groups[g].push_back(&op);
  }

  SmallVector<func::FuncOp> kernels;
  for (unsigned g = 0; g < groups.size(); ++g)
    kernels.push_back(outline(g));
  for (unsigned g = groups.size(); g-- > 0;)
    for (Operation *op : llvm::reverse(groups[g]))
      op->erase();
  // Views and constants only kernels read are copies now.
  SmallVector<Operation *> copied;
  for (Operation &op : body)
    if (isCopiedIntoUsers(&op))
      copied.push_back(&op);
  for (Operation *op : llvm::reverse(copied))
    if (op->use_empty())
      op->erase();
  return kernels;
}

func::FuncOp KernelFormer::outline(unsigned index) {
  ArrayRef<Operation *> ops = groups[index];
  DenseSet<Operation *> members(ops.begin(), ops.end());

  // Inputs: what the ops read from outside, below copied constants/views.
  SmallVector<Value> inputs;
  DenseSet<Value> seenInputs;
  std::function<void(Value)> collect = [&](Value value) {
    Operation *def = value.getDefiningOp();
    if (def && members.contains(def))
      return;
    if (def && isCopiedIntoUsers(def)) {
      for (Value operand : def->getOperands())
        collect(operand);
      return;
    }
    if (seenInputs.insert(value).second)
      inputs.push_back(value);
  };
  for (Operation *op : ops)
    for (Value operand : op->getOperands())
      collect(operand);

  // Outputs: results read outside the group.
  SmallVector<Value> outputs;
  for (Operation *op : ops)
    for (Value result : op->getResults())
      if (llvm::any_of(result.getUsers(), [&](Operation *user) {
            return !members.contains(user);
          }))
        outputs.push_back(result);

  Operation *anchor = ops.front();
  OpBuilder builder(model);
  std::string name = (model.getSymName() + "_kernel" + Twine(index) + "_" +
                      anchor->getName().stripDialect())
                         .str();
  auto kernel = func::FuncOp::create(
      builder, anchor->getLoc(), name,
      builder.getFunctionType(ValueRange(inputs).getTypes(),
                              ValueRange(outputs).getTypes()));
  kernel.setPrivate();
  kernel->setAttr(kKernelAttrName, builder.getUnitAttr());
  symbols.insert(kernel);

  Block *entry = kernel.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  IRMapping mapping;
  for (auto [input, arg] : llvm::zip(inputs, entry->getArguments()))
    mapping.map(input, arg);
  std::function<void(Value)> materialize = [&](Value value) {
    if (mapping.contains(value))
      return;
    Operation *def = value.getDefiningOp();
    for (Value operand : def->getOperands())
      materialize(operand);
    builder.clone(*def, mapping);
  };
  for (Operation *op : ops) {
    for (Value operand : op->getOperands())
      materialize(operand);
    builder.clone(*op, mapping);
  }
  SmallVector<Value> results;
  for (Value output : outputs)
    results.push_back(mapping.lookup(output));
  func::ReturnOp::create(builder, anchor->getLoc(), results);

  // The call takes the place of the group's first op: every input is
  // known there (weights were hoisted, earlier groups called before).
  builder.setInsertionPoint(anchor);
  auto call = func::CallOp::create(builder, anchor->getLoc(), kernel, inputs);
  for (auto [output, result] : llvm::zip(outputs, call.getResults()))
    output.replaceUsesWithIf(result, [&](OpOperand &use) {
      return !members.contains(use.getOwner());
    });
  return kernel;
}

/// Merges kernels whose bodies and types are the same; returns how many
/// were removed.
int64_t mergeIdenticalKernels(ModuleOp module,
                              SmallVectorImpl<func::FuncOp> &kernels) {
  llvm::StringMap<func::FuncOp> byBody;
  DenseMap<StringAttr, func::FuncOp> replacement;
  OpPrintingFlags flags;
  flags.printGenericOpForm().useLocalScope();
  for (func::FuncOp kernel : kernels) {
    // The whole function, printed under one name: its body, types and
    // attributes are the key.
    std::string key;
    llvm::raw_string_ostream os(key);
    StringAttr name = kernel.getSymNameAttr();
    kernel.setSymName("kernel");
    kernel->print(os, flags);
    kernel.setSymNameAttr(name);
    auto [it, inserted] = byBody.try_emplace(key, kernel);
    if (!inserted)
      replacement[kernel.getSymNameAttr()] = it->second;
  }
  if (replacement.empty())
    return 0;
  module.walk([&](func::CallOp call) {
    auto it = replacement.find(call.getCalleeAttr().getAttr());
    if (it != replacement.end())
      call.setCallee(it->second.getSymName());
  });
  for (auto &[name, kept] : replacement)
    module.lookupSymbol<func::FuncOp>(name)->erase();
  return replacement.size();
}

struct FormKernelsPass
    : public nabla::impl::NablaFormKernelsBase<FormKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> models;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && !func->hasAttr(kKernelAttrName))
        models.push_back(func);

    SmallVector<func::FuncOp> kernels;
    for (func::FuncOp model : models) {
      if (!model.getBody().hasOneBlock()) {
        model.emitError("cannot form kernels in a function of several blocks");
        return signalPassFailure();
      }
      int64_t fused = 0;
      KernelFormer former(model, symbols);
      kernels.append(former.run(fused));
      numFused += fused;
    }
    numKernels += kernels.size();
    numMerged += mergeIdenticalKernels(module, kernels);
  }
};
} // namespace
