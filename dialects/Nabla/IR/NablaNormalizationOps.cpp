//===- NablaNormalizationOps.cpp - Normalization ops: inference, folds ----===//

#include "dialects/Nabla/IR/NablaNormalizationOps.h"

#include "dialects/Nabla/IR/NablaCoreOps.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Checks a non-negative `epsilon`: a negative one can take the square root of
/// a negative variance.
static LogicalResult verifyEpsilon(std::optional<Location> loc,
                                   StringRef opName, const APFloat &epsilon) {
  double value = epsilon.convertToDouble();
  if (value >= 0.0)
    return success();
  return emitInferError(loc, opName, "epsilon must be non-negative, got ",
                        value);
}

/// Returns `type` as the `[N, C, ...]` input of a batch normalization, or
/// reports why it is not one.
static FailureOr<RankedTensorType> getBatchInput(std::optional<Location> loc,
                                                 StringRef opName, Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || tensor.getRank() < 2) {
    (void)emitInferError(loc, opName,
                         "x must be a tensor of rank at least 2 ([N, C, ...]), "
                         "got ",
                         type);
    return failure();
  }
  return tensor;
}

/// Checks that every per-channel operand of a batch normalization has shape
/// `[C]`, where `C` is the channel dimension of `x` and the same for all, and
/// returns `C` (dynamic when no operand fixes it).
static FailureOr<int64_t>
inferChannels(std::optional<Location> loc, StringRef opName, RankedTensorType x,
              ArrayRef<std::pair<StringRef, Type>> perChannel) {
  int64_t channels = x.getDimSize(1);
  StringRef source = "x";
  Type sourceType = x;
  for (auto [name, type] : perChannel) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || tensor.getRank() != 1) {
      (void)emitInferError(loc, opName, name, " must have shape [C], got ",
                           type);
      return failure();
    }
    int64_t size = tensor.getDimSize(0);
    if (ShapedType::isDynamic(size))
      continue;
    if (ShapedType::isDynamic(channels)) {
      channels = size;
      source = name;
      sourceType = type;
      continue;
    }
    if (size != channels) {
      (void)emitInferError(loc, opName, name, " has ", size, " channels (",
                           type, ") but ", source, " has ", channels, " (",
                           sourceType, ")");
      return failure();
    }
  }
  return channels;
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  FailureOr<RankedTensorType> x =
      getBatchInput(location, opName, adaptor.getX().getType());
  if (failed(x) ||
      failed(inferChannels(location, opName, *x,
                           {{"scale", adaptor.getScale().getType()},
                            {"bias", adaptor.getBias().getType()},
                            {"mean", adaptor.getMean().getType()},
                            {"var", adaptor.getVar().getType()}})) ||
      failed(verifyEpsilon(location, opName, adaptor.getEpsilon())))
    return failure();
  inferred.push_back(*x);
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormTrainOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormTrainOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  FailureOr<RankedTensorType> x =
      getBatchInput(location, opName, adaptor.getX().getType());
  if (failed(x))
    return failure();
  FailureOr<int64_t> channels =
      inferChannels(location, opName, *x,
                    {{"scale", adaptor.getScale().getType()},
                     {"bias", adaptor.getBias().getType()},
                     {"running_mean", adaptor.getRunningMean().getType()},
                     {"running_var", adaptor.getRunningVar().getType()}});
  if (failed(channels) ||
      failed(verifyEpsilon(location, opName, adaptor.getEpsilon())))
    return failure();

  double momentum = adaptor.getMomentum().convertToDouble();
  if (!(momentum >= 0.0 && momentum <= 1.0))
    return emitInferError(location, opName, "momentum must lie in [0, 1], got ",
                          momentum);

  // The unbiased variance divides by n - 1.
  int64_t perChannel = 1;
  for (auto [axis, size] : llvm::enumerate(x->getShape()))
    if (axis != 1)
      perChannel = mulDims(perChannel, size);
  if (adaptor.getUnbiasedRunningVar() && !ShapedType::isDynamic(perChannel) &&
      perChannel <= 1)
    return emitInferError(location, opName,
                          "unbiased_running_var needs more than one value per "
                          "channel, x (",
                          *x, ") has ", perChannel);

  inferred.push_back(*x);
  auto statistics = RankedTensorType::get({*channels}, x->getElementType());
  inferred.append(4, statistics);
  return success();
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  auto x = dyn_cast<RankedTensorType>(adaptor.getX().getType());
  if (!x)
    return emitInferError(location, opName, "x must be a ranked tensor, got ",
                          adaptor.getX().getType());
  int64_t axis = adaptor.getAxis();
  if (failed(verifyAxes(location, opName, "axis", {axis}, x.getRank())) ||
      failed(verifyEpsilon(location, opName, adaptor.getEpsilon())))
    return failure();

  ArrayRef<int64_t> normalized = x.getShape().drop_front(axis);
  auto verifyAffine = [&](StringRef name, Value value) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(value.getType());
    if (!tensor || !isBroadcastableTo(tensor.getShape(), normalized))
      return emitInferError(location, opName, name, " (", value.getType(),
                            ") does not broadcast to x.shape[", axis,
                            ":] of x (", x, ")");
    if (tensor.getElementType() != x.getElementType())
      return emitInferError(location, opName, name, " element type ",
                            tensor.getElementType(), " differs from x's ",
                            x.getElementType());
    return success();
  };
  if (failed(verifyAffine("scale", adaptor.getScale())))
    return failure();
  if (Value bias = adaptor.getBias())
    if (failed(verifyAffine("bias", bias)))
      return failure();
  inferred.push_back(x);
  return success();
}

//===----------------------------------------------------------------------===//
// DropoutOp
//===----------------------------------------------------------------------===//

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  auto x = dyn_cast<RankedTensorType>(adaptor.getX().getType());
  if (!x)
    return emitInferError(location, opName, "x must be a ranked tensor, got ",
                          adaptor.getX().getType());
  double ratio = adaptor.getRatio().convertToDouble();
  if (!(ratio >= 0.0 && ratio < 1.0))
    return emitInferError(location, opName, "ratio must lie in [0, 1), got ",
                          ratio);
  inferred.push_back(x);
  inferred.push_back(x.clone(IntegerType::get(context, 1)));
  return success();
}

LogicalResult DropoutOp::canonicalize(DropoutOp op, PatternRewriter &rewriter) {
  if (op.getMode() != Mode::eval && !op.getRatio().isZero())
    return failure();
  bool changed = false;
  if (!op.getY().use_empty()) {
    rewriter.replaceAllUsesWith(op.getY(), op.getX());
    changed = true;
  }
  // An all-true mask needs a static shape to become a constant.
  auto maskType = cast<RankedTensorType>(op.getMask().getType());
  if (!op.getMask().use_empty() && maskType.hasStaticShape()) {
    Value allTrue = ConstantOp::create(rewriter, op.getLoc(),
                                       DenseElementsAttr::get(maskType, true));
    rewriter.replaceAllUsesWith(op.getMask(), allTrue);
    changed = true;
  }
  if (op->use_empty()) {
    rewriter.eraseOp(op);
    return success();
  }
  return success(changed);
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaNormalizationOps.cpp.inc"
