//===- RefineShapes.cpp - Pin argument shapes and re-infer ----------------===//
//
// Models arrive with dynamic dimensions (a batch `?`); code generation wants
// static shapes. Every nabla op infers its result types, so pinning the
// arguments and re-running inference in program order refines the whole
// function.
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/Transforms/Passes.h"
#include "dialects/Nabla/Transforms/ShapePins.h"

#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_NABLAREFINESHAPES
#include "dialects/Nabla/Transforms/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;

/// Parses "D0xD1x..." into dimensions; "" is a rank-0 shape.
static FailureOr<SmallVector<int64_t>> parseShape(StringRef text) {
  SmallVector<int64_t> shape;
  if (text.empty())
    return shape;
  SmallVector<StringRef> parts;
  text.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim < 0)
      return failure();
    shape.push_back(dim);
  }
  return shape;
}

/// Re-infers result types in program order; `refined` holds the values whose
/// types changed so far (the pinned arguments to begin with).
static LogicalResult reinferTypes(func::FuncOp func,
                                  llvm::DenseSet<Value> &refined) {
  MLIRContext *context = func.getContext();
  WalkResult walk = func.walk([&](Operation *op) {
    if (isa<func::ReturnOp>(op))
      return WalkResult::advance();
    auto infer = dyn_cast<InferTypeOpInterface>(op);
    if (!infer) {
      if (llvm::any_of(op->getOperands(),
                       [&](Value v) { return refined.contains(v); })) {
        op->emitOpError("does not infer its result types, so shapes cannot "
                        "be refined through it");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    }
    SmallVector<Type> inferred;
    if (failed(infer.inferReturnTypes(
            context, op->getLoc(), op->getOperands(),
            op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
            op->getRegions(), inferred)))
      return WalkResult::interrupt();
    for (auto [result, type] : llvm::zip_equal(op->getResults(), inferred)) {
      if (result.getType() == type)
        continue;
      result.setType(type);
      refined.insert(result);
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();

  // The function returns what its body now computes.
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  func.setType(FunctionType::get(context, body.getArgumentTypes(),
                                 ret.getOperandTypes()));
  return success();
}

namespace {
struct RefineShapesPass
    : public nabla::impl::NablaRefineShapesBase<RefineShapesPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (argShapes.empty()) {
      for (auto func : module.getOps<func::FuncOp>()) {
        llvm::DenseSet<Value> refined;
        if (!func.isExternal() && failed(reinferTypes(func, refined)))
          return signalPassFailure();
      }
      return;
    }

    func::FuncOp func = findEntry(module);
    if (!func)
      return signalPassFailure();
    SmallVector<std::string> keys;
    SmallVector<SmallVector<int64_t>> shapes;
    for (StringRef pin : argShapes) {
      auto [key, shapeText] = pin.split('=');
      FailureOr<SmallVector<int64_t>> shape = parseShape(shapeText);
      if (key.empty() || !pin.contains('=') || failed(shape)) {
        func.emitError("invalid shape pin '")
            << pin << "': expected NAME=D0xD1x... with non-negative sizes";
        return signalPassFailure();
      }
      keys.push_back(key.str());
      shapes.push_back(std::move(*shape));
    }
    SmallVector<std::string> names;
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
      auto name = func.getArgAttrOfType<StringAttr>(i, "nabla.name");
      names.push_back(name ? name.str() : "");
    }
    SmallVector<unsigned> indices;
    if (std::optional<ShapePinError> fault =
            resolveShapePins(keys, names, indices)) {
      StringRef pin = argShapes[fault->pin];
      if (!fault->earlier) {
        func.emitError("shape pin '")
            << pin << "' names no argument of @" << func.getSymName();
      } else {
        unsigned index = indices[*fault->earlier];
        InFlightDiagnostic diag = func.emitError("shape pins '")
                                  << argShapes[*fault->earlier] << "' and '"
                                  << pin << "' both pin argument " << index;
        if (!names[index].empty())
          diag << " ('" << names[index] << "')";
        diag << " of @" << func.getSymName() << "; give one pin per argument";
      }
      return signalPassFailure();
    }

    llvm::DenseSet<Value> refined;
    for (auto [pin, index] : llvm::enumerate(indices))
      if (failed(applyPin(func, argShapes[pin], index, shapes[pin], refined)))
        return signalPassFailure();
    if (failed(reinferTypes(func, refined)))
      return signalPassFailure();
  }

  func::FuncOp findEntry(ModuleOp module) {
    if (!entry.empty()) {
      auto func = module.lookupSymbol<func::FuncOp>(entry);
      if (!func || func.isExternal())
        module.emitError("nabla-refine-shapes: no function body named @")
            << entry;
      return func && !func.isExternal() ? func : func::FuncOp();
    }
    func::FuncOp found;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      if (found) {
        module.emitError("nabla-refine-shapes: several public functions; "
                         "choose one with entry=NAME");
        return {};
      }
      found = func;
    }
    if (!found)
      module.emitError("nabla-refine-shapes: no public function to refine");
    return found;
  }

  /// Gives argument `index` the shape `shape` that `pin` names.
  LogicalResult applyPin(func::FuncOp func, StringRef pin, unsigned index,
                         ArrayRef<int64_t> shape,
                         llvm::DenseSet<Value> &refined) {
    BlockArgument arg = func.getArgument(index);
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type)
      return func.emitError("argument ")
             << index << " of type " << arg.getType()
             << " is not a ranked tensor and cannot be pinned";
    auto pinned = RankedTensorType::get(shape, type.getElementType());
    if (failed(verifyCompatibleShape(type, pinned)))
      return func.emitError("shape pin '")
             << pin << "' is incompatible with argument " << index
             << " of type " << type;
    arg.setType(pinned);
    refined.insert(arg);
    return success();
  }
};
} // namespace
