//===- Gradient.cpp - Reverse-mode differentiation of nabla ops -----------===//
//
// Activity analysis, then one reverse sweep:
//  1. The active ops are those on a path from some x to y: reachable forward
//     from the xs and backward from y, through float values only (integer
//     and boolean values carry no derivative).
//  2. Visiting the active ops in reverse block order, each op's rule turns
//     its results' cotangents into its operands' cotangents; contributions
//     to one value (a value used twice) are added.
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/Transforms/Gradient.h"

#include "dialects/Nabla/IR/NablaOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::nabla;

static bool carriesDerivative(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

static Value zerosLike(OpBuilder &builder, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto zero = DenseElementsAttr::get(
      type, builder.getFloatAttr(type.getElementType(), 0.0).getValue());
  return ConstantOp::create(builder, loc, type, zero);
}

FailureOr<SmallVector<Value>>
mlir::nabla::buildGradient(OpBuilder &builder, Location loc, Value y,
                           ArrayRef<Value> xs) {
  if (!carriesDerivative(y) || !llvm::all_of(xs, carriesDerivative))
    return emitError(loc, "gradients need float tensors"), failure();

  // Values y depends on (through float values), and ops reachable from xs.
  llvm::DenseSet<Value> needed;
  SmallVector<Value> worklist{y};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    if (!carriesDerivative(value) || !needed.insert(value).second)
      continue;
    if (Operation *def = value.getDefiningOp())
      llvm::append_range(worklist, def->getOperands());
  }
  llvm::DenseSet<Operation *> reached;
  SmallVector<Value> forward(xs.begin(), xs.end());
  llvm::DenseSet<Value> seen;
  while (!forward.empty()) {
    Value value = forward.pop_back_val();
    if (!needed.contains(value) || !seen.insert(value).second)
      continue;
    for (Operation *user : value.getUsers())
      if (reached.insert(user).second)
        for (Value result : user->getResults())
          forward.push_back(result);
  }
  // Active: reached from xs and producing a value y needs.
  SmallVector<Operation *> active;
  for (Operation *op : reached)
    if (llvm::any_of(op->getResults(),
                     [&](Value r) { return needed.contains(r); }))
      active.push_back(op);
  for (Operation *op : active)
    if (op->getBlock() != y.getParentBlock())
      return op->emitError("cannot differentiate through an op in a nested "
                           "region"),
             failure();
  llvm::sort(active,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });

  llvm::DenseMap<Value, Value> cotangent;
  auto accumulate = [&](Value value, Value grad) {
    Value &slot = cotangent[value];
    slot = slot ? AddOp::create(builder, loc, slot, grad).getResult() : grad;
  };
  auto one = DenseElementsAttr::get(
      cast<ShapedType>(y.getType()),
      builder.getFloatAttr(getElementTypeOrSelf(y.getType()), 1.0)
          .getValue());
  cotangent[y] = ConstantOp::create(builder, loc, y.getType(), one);

  for (Operation *op : llvm::reverse(active)) {
    auto rule = dyn_cast<DifferentiableOpInterface>(op);
    if (!rule)
      return op->emitError("'")
                 << op->getName() << "' has no derivative rule, so "
                 << "gradients cannot flow through it",
             failure();
    SmallVector<Value> resultCotangents;
    bool any = false;
    for (Value result : op->getResults()) {
      Value grad = cotangent.lookup(result);
      any |= bool(grad);
      resultCotangents.push_back(grad ? grad
                                      : zerosLike(builder, loc, result));
    }
    if (!any)
      continue;
    SmallVector<bool> needGradient;
    for (Value operand : op->getOperands())
      needGradient.push_back(needed.contains(operand) &&
                             carriesDerivative(operand));
    SmallVector<Value> operandCotangents;
    if (failed(rule.buildVjp(builder, resultCotangents, needGradient,
                             operandCotangents)))
      return op->emitError("the derivative rule does not handle this form"),
             failure();
    for (auto [operand, grad, need] :
         llvm::zip(op->getOperands(), operandCotangents, needGradient))
      if (need && grad)
        accumulate(operand, grad);
  }

  SmallVector<Value> grads;
  for (Value x : xs) {
    Value grad = cotangent.lookup(x);
    grads.push_back(grad ? grad : zerosLike(builder, loc, x));
  }
  return grads;
}
