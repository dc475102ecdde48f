//===- NablaLossOps.cpp - Loss ops: shape inference -----------------------===//

#include "dialects/Nabla/IR/NablaLossOps.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::nabla;

/// The result of a loss whose per-element losses have `shape`: those losses
/// for `none`, a rank-0 tensor for `mean` and `sum`.
static Type getLossResultType(LossReduction reduction, ArrayRef<int64_t> shape,
                              Type elementType) {
  if (reduction == LossReduction::none)
    return RankedTensorType::get(shape, elementType);
  return RankedTensorType::get({}, elementType);
}

/// Infers the result of a loss computed element by element over `input`:
/// `target` has its shape, and each present weight broadcasts to it.
static LogicalResult
inferElementwiseLoss(std::optional<Location> loc, StringRef opName,
                     StringRef inputName, Type inputType, StringRef targetName,
                     Type targetType,
                     ArrayRef<std::pair<StringRef, Type>> weights,
                     LossReduction reduction, SmallVectorImpl<Type> &inferred) {
  auto input = dyn_cast<RankedTensorType>(inputType);
  if (!input)
    return emitInferError(loc, opName, inputName,
                          " must be a ranked tensor, got ", inputType);
  if (failed(verifyCompatibleShape(inputType, targetType)))
    return emitInferError(loc, opName, targetName, " ", targetType,
                          " must have the shape of ", inputName, " ",
                          inputType);
  for (auto [name, type] : weights) {
    if (!type)
      continue;
    auto weight = dyn_cast<RankedTensorType>(type);
    if (!weight || !isBroadcastableTo(weight.getShape(), input.getShape()))
      return emitInferError(loc, opName, name, " ", type,
                            " does not broadcast to the shape of ", inputName,
                            " ", inputType);
    if (failed(verifyElementType(loc, opName, name, type, inputName,
                                 input.getElementType())))
      return failure();
  }
  inferred.push_back(
      getLossResultType(reduction, input.getShape(), input.getElementType()));
  return success();
}

/// Infers the result of a loss over the classes on axis 1 of `input`
/// ([N, C, d1, ...]): `labels` are class indices [N, d1, ...] with an
/// optional per-class `weight` [C], or (float) class probabilities of the
/// input's shape, which take neither a weight nor an ignore_index.
static LogicalResult inferClassLoss(std::optional<Location> loc,
                                    StringRef opName, StringRef inputName,
                                    Type inputType, Type labelsType,
                                    Type weightType, bool hasIgnoreIndex,
                                    LossReduction reduction,
                                    SmallVectorImpl<Type> &inferred) {
  auto input = dyn_cast<RankedTensorType>(inputType);
  if (!input || input.getRank() < 2)
    return emitInferError(loc, opName, inputName,
                          " must have rank >= 2 ([N, C, d1, ...]), got ",
                          inputType);
  Type element = input.getElementType();
  SmallVector<int64_t> lossShape(input.getShape());
  lossShape.erase(lossShape.begin() + 1);

  if (isa<FloatType>(getElementTypeOrSelf(labelsType))) {
    if (weightType)
      return emitInferError(
          loc, opName, "weight requires class-index labels, got ", labelsType);
    if (hasIgnoreIndex)
      return emitInferError(loc, opName,
                            "ignore_index requires class-index labels, got ",
                            labelsType);
    if (failed(verifyShape(loc, opName, "probability labels", "[N, C, d1, ...]",
                           labelsType, input.getShape())) ||
        failed(verifyElementType(loc, opName, "probability labels", labelsType,
                                 inputName, element)))
      return failure();
  } else {
    if (failed(verifyShape(loc, opName, "labels", "[N, d1, ...]", labelsType,
                           lossShape)))
      return failure();
    if (weightType &&
        (failed(verifyShape(loc, opName, "weight", "[C]", weightType,
                            {input.getDimSize(1)})) ||
         failed(verifyElementType(loc, opName, "weight", weightType, inputName,
                                  element))))
      return failure();
  }
  inferred.push_back(getLossResultType(reduction, lossShape, element));
  return success();
}

LogicalResult MseLossOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferElementwiseLoss(location, getOperationName(), "input",
                              adaptor.getInput().getType(), "target",
                              adaptor.getTarget().getType(), {},
                              adaptor.getReduction(), inferred);
}

LogicalResult SoftmaxCrossEntropyOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferClassLoss(
      location, getOperationName(), "logits", adaptor.getLogits().getType(),
      adaptor.getLabels().getType(), getTypeOrNull(adaptor.getWeight()),
      adaptor.getIgnoreIndexAttr() != nullptr, adaptor.getReduction(),
      inferred);
}

LogicalResult NllLossOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferClassLoss(location, getOperationName(), "log_probs",
                        adaptor.getLogProbs().getType(),
                        adaptor.getLabels().getType(),
                        getTypeOrNull(adaptor.getWeight()),
                        adaptor.getIgnoreIndexAttr() != nullptr,
                        adaptor.getReduction(), inferred);
}

LogicalResult BinaryCrossEntropyOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferElementwiseLoss(location, getOperationName(), "probs",
                              adaptor.getProbs().getType(), "targets",
                              adaptor.getTargets().getType(),
                              {{"weight", getTypeOrNull(adaptor.getWeight())}},
                              adaptor.getReduction(), inferred);
}

LogicalResult BinaryCrossEntropyWithLogitsOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferElementwiseLoss(
      location, getOperationName(), "logits", adaptor.getLogits().getType(),
      "targets", adaptor.getTargets().getType(),
      {{"weight", getTypeOrNull(adaptor.getWeight())},
       {"pos_weight", getTypeOrNull(adaptor.getPosWeight())}},
      adaptor.getReduction(), inferred);
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaLossOps.cpp.inc"
