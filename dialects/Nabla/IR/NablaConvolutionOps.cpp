//===- NablaConvolutionOps.cpp - Convolution and pooling: shape inference -===//

#include "dialects/Nabla/IR/NablaConvolutionOps.h"
#include "dialects/Nabla/IR/NablaShapeOps.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// Shared checks
//===----------------------------------------------------------------------===//

/// Spatial dimension names, indexed like `strides`: 0 is H, 1 is W.
static constexpr StringLiteral kSpatialNames[] = {"height", "width"};

static bool isPositive(int64_t value) { return value > 0; }
static bool isNegative(int64_t value) { return value < 0; }

/// Returns the operand types as ranked tensors, or fails; the ODS constraints
/// guarantee them in verified IR, but builders may call inference first.
static LogicalResult getRankedTypes(std::optional<Location> loc,
                                    StringRef opName, TypeRange types,
                                    SmallVectorImpl<RankedTensorType> &ranked) {
  for (Type type : types) {
    RankedTensorType tensor = getRankedOperand(loc, opName, type);
    if (!tensor)
      return failure();
    ranked.push_back(tensor);
  }
  return success();
}

/// Checks that `x` is an NCHW feature map.
static LogicalResult verifyFeatureMap(std::optional<Location> loc,
                                      StringRef opName, RankedTensorType x) {
  if (x.getRank() == 4)
    return success();
  return emitInferError(loc, opName, "x must be 4-D [N, C, H, W], got ", x);
}

/// Checks the window attributes shared by convolutions and pools: `strides`
/// and `dilations` hold two positive entries, `pads` four non-negative ones.
static LogicalResult verifyWindowAttrs(std::optional<Location> loc,
                                       StringRef opName,
                                       ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> pads,
                                       ArrayRef<int64_t> dilations) {
  if (failed(verifyArraySize(loc, opName, "strides", strides, 2)) ||
      failed(verifyArraySize(loc, opName, "pads", pads, 4)) ||
      failed(verifyArraySize(loc, opName, "dilations", dilations, 2)))
    return failure();
  if (!llvm::all_of(strides, isPositive))
    return emitInferError(loc, opName, "strides must be positive, got [",
                          strides, "]");
  if (llvm::any_of(pads, isNegative))
    return emitInferError(loc, opName, "pads must be non-negative, got [", pads,
                          "]");
  if (!llvm::all_of(dilations, isPositive))
    return emitInferError(loc, opName, "dilations must be positive, got [",
                          dilations, "]");
  return success();
}

/// Checks the output size that windowOutputSize or transposedWindowOutputSize
/// computed for spatial dimension `dim` from `x` and a kernel of `kernel`.
static LogicalResult verifyOutputSize(std::optional<Location> loc,
                                      StringRef opName, unsigned dim,
                                      std::optional<int64_t> size,
                                      RankedTensorType x, int64_t kernel) {
  StringRef name = kSpatialNames[dim];
  if (!size)
    return emitInferError(loc, opName, "output ", name,
                          " overflows int64 (input ", x, ", kernel ", name, " ",
                          kernel, ")");
  if (ShapedType::isDynamic(*size) || *size >= 1)
    return success();
  return emitInferError(loc, opName, "output ", name, " would be ", *size,
                        " (input ", x, ", kernel ", name, " ", kernel,
                        "); it must be at least 1");
}

/// Checks that `groups` is positive and divides the channel count of `x`.
static LogicalResult verifyGroups(std::optional<Location> loc, StringRef opName,
                                  int64_t groups, RankedTensorType x) {
  if (groups < 1)
    return emitInferError(loc, opName, "groups must be positive, got ", groups);
  int64_t channels = x.getDimSize(1);
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitInferError(loc, opName, "input channels ", channels, " (", x,
                          ") are not divisible by groups = ", groups);
  return success();
}

/// Checks that the weight has a non-empty kernel, without which the output
/// would not depend on `x`.
static LogicalResult verifyKernel(std::optional<Location> loc, StringRef opName,
                                  RankedTensorType w) {
  if (w.getDimSize(2) == 0 || w.getDimSize(3) == 0)
    return emitInferError(loc, opName, "w has an empty kernel: ", w);
  return success();
}

Type mlir::nabla::permuteLayout(Type type, ArrayRef<int64_t> perm) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || ranked.getRank() != 4)
    return type;
  SmallVector<int64_t, 4> shape = llvm::map_to_vector<4>(
      perm, [&](int64_t axis) { return ranked.getDimSize(axis); });
  return ranked.clone(shape);
}

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

/// The result type of a conv2d of `xType` by `wType` with an optional
/// `bias` (shared by conv2d and fused_conv2d).
static LogicalResult
inferConv2dResult(std::optional<Location> location, StringRef opName,
                  Type xType, Type wType, Value bias, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                  int64_t groups, SmallVectorImpl<Type> &inferred) {
  SmallVector<RankedTensorType, 2> types;
  if (failed(getRankedTypes(location, opName, {xType, wType}, types)))
    return failure();
  RankedTensorType x = types[0], w = types[1];
  if (failed(verifyFeatureMap(location, opName, x)))
    return failure();
  if (w.getRank() != 4)
    return emitInferError(location, opName,
                          "w must be 4-D [F, C / groups, KH, KW], got ", w);
  if (failed(verifyWindowAttrs(location, opName, strides, pads, dilations)) ||
      failed(verifyGroups(location, opName, groups, x)) ||
      failed(verifyKernel(location, opName, w)))
    return failure();

  int64_t channels = x.getDimSize(1), filters = w.getDimSize(0),
          channelsPerGroup = w.getDimSize(1);
  if (!ShapedType::isDynamic(filters) && filters % groups != 0)
    return emitInferError(location, opName, "output channels ", filters, " (w ",
                          w, ") are not divisible by groups = ", groups);
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(channelsPerGroup) &&
      channels / groups != channelsPerGroup)
    return emitInferError(location, opName, "input channels differ: x has ",
                          channels, " (", x, "), which is ", channels / groups,
                          " per group with groups = ", groups, ", but w has ",
                          channelsPerGroup, " (", w, ")");
  if (bias)
    if (failed(verifyShape(location, opName, "bias", "[F]", bias.getType(),
                           {filters})))
      return failure();

  SmallVector<int64_t, 4> shape = {x.getDimSize(0), filters};
  for (unsigned dim = 0; dim < 2; ++dim) {
    int64_t kernel = w.getDimSize(2 + dim);
    std::optional<int64_t> size = windowOutputSize(
        x.getDimSize(2 + dim), kernel, strides[dim], dilations[dim], pads[dim],
        pads[dim + 2], /*ceilMode=*/false);
    if (failed(verifyOutputSize(location, opName, dim, size, x, kernel)))
      return failure();
    shape.push_back(*size);
  }
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return inferConv2dResult(location, getOperationName(),
                           adaptor.getX().getType(), adaptor.getW().getType(),
                           adaptor.getBias(), adaptor.getStrides(),
                           adaptor.getPads(), adaptor.getDilations(),
                           adaptor.getGroups(), inferred);
}

//===----------------------------------------------------------------------===//
// FusedConv2dOp
//===----------------------------------------------------------------------===//

LogicalResult FusedConv2dOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  bool channelsLast = adaptor.getChannelsLast();
  if (adaptor.getNchwInput() && !channelsLast)
    return emitInferError(location, opName,
                          "nchw_input needs channels_last");
  // Channels last is the NCHW convolution with x and the result permuted.
  Type x = adaptor.getX().getType();
  if (channelsLast && !adaptor.getNchwInput())
    x = permuteLayout(x, kToChannelsFirst);
  if (failed(inferConv2dResult(location, opName, x, adaptor.getW().getType(),
                               adaptor.getBias(), adaptor.getStrides(),
                               adaptor.getPads(), adaptor.getDilations(),
                               adaptor.getGroups(), inferred)))
    return failure();
  if (channelsLast)
    inferred.back() = permuteLayout(inferred.back(), kToChannelsLast);
  return verifyEpilogue(location, opName,
                        cast<RankedTensorType>(inferred.back()), Type(),
                        /*checkBias=*/false,
                        getTypeOrNull(adaptor.getResidual()),
                        adaptor.getActivation(),
                        adaptor.getActAlpha().convertToFloat(),
                        adaptor.getActBeta().convertToFloat());
}

//===----------------------------------------------------------------------===//
// ConvTranspose2dOp
//===----------------------------------------------------------------------===//

LogicalResult ConvTranspose2dOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  StringRef opName = getOperationName();
  SmallVector<RankedTensorType, 2> types;
  if (failed(getRankedTypes(
          location, opName,
          {adaptor.getX().getType(), adaptor.getW().getType()}, types)))
    return failure();
  RankedTensorType x = types[0], w = types[1];
  if (failed(verifyFeatureMap(location, opName, x)))
    return failure();
  if (w.getRank() != 4)
    return emitInferError(location, opName,
                          "w must be 4-D [C, F / groups, KH, KW], got ", w);
  ArrayRef<int64_t> strides = adaptor.getStrides(), pads = adaptor.getPads(),
                    dilations = adaptor.getDilations(),
                    outputPadding = adaptor.getOutputPadding();
  int64_t groups = adaptor.getGroups();
  if (failed(verifyWindowAttrs(location, opName, strides, pads, dilations)) ||
      failed(verifyArraySize(location, opName, "output_padding", outputPadding,
                             2)) ||
      failed(verifyGroups(location, opName, groups, x)) ||
      failed(verifyKernel(location, opName, w)))
    return failure();
  for (unsigned dim = 0; dim < 2; ++dim) {
    int64_t padding = outputPadding[dim];
    if (padding < 0 || (padding >= strides[dim] && padding >= dilations[dim]))
      return emitInferError(
          location, opName, "output_padding ", padding, " of the ",
          kSpatialNames[dim],
          " must be non-negative and smaller than its stride ", strides[dim],
          " or its dilation ", dilations[dim]);
  }

  int64_t channels = x.getDimSize(1), weightChannels = w.getDimSize(0);
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(weightChannels) && channels != weightChannels)
    return emitInferError(location, opName, "input channels differ: x has ",
                          channels, " (", x, "), w has ", weightChannels, " (",
                          w, ")");
  int64_t filters = ShapedType::kDynamic;
  if (!ShapedType::isDynamic(w.getDimSize(1))) {
    std::optional<int64_t> product = llvm::checkedMul(w.getDimSize(1), groups);
    if (!product)
      return emitInferError(
          location, opName, "output channels ", w.getDimSize(1),
          " per group times groups = ", groups, " overflow int64");
    filters = *product;
  }
  if (Value bias = adaptor.getBias())
    if (failed(verifyShape(location, opName, "bias", "[F]", bias.getType(),
                           {filters})))
      return failure();

  SmallVector<int64_t, 4> shape = {x.getDimSize(0), filters};
  for (unsigned dim = 0; dim < 2; ++dim) {
    int64_t kernel = w.getDimSize(2 + dim);
    std::optional<int64_t> size = transposedWindowOutputSize(
        x.getDimSize(2 + dim), kernel, strides[dim], dilations[dim], pads[dim],
        pads[dim + 2], outputPadding[dim]);
    if (failed(verifyOutputSize(location, opName, dim, size, x, kernel)))
      return failure();
    shape.push_back(*size);
  }
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Infers the result of a windowed pool: `[N, C, OH, OW]` with the element
/// type of `xType`.
static LogicalResult
inferPool2dResult(std::optional<Location> loc, StringRef opName, Type xType,
                  ArrayRef<int64_t> kernelShape, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                  bool ceilMode, SmallVectorImpl<Type> &inferred) {
  SmallVector<RankedTensorType, 1> types;
  if (failed(getRankedTypes(loc, opName, xType, types)))
    return failure();
  RankedTensorType x = types[0];
  if (failed(verifyFeatureMap(loc, opName, x)) ||
      failed(verifyArraySize(loc, opName, "kernel_shape", kernelShape, 2)))
    return failure();
  if (!llvm::all_of(kernelShape, isPositive))
    return emitInferError(loc, opName, "kernel_shape must be positive, got [",
                          kernelShape, "]");
  if (failed(verifyWindowAttrs(loc, opName, strides, pads, dilations)))
    return failure();

  SmallVector<int64_t, 4> shape = {x.getDimSize(0), x.getDimSize(1)};
  for (unsigned dim = 0; dim < 2; ++dim) {
    // A window entirely in the padding has nothing to pool. An extent that
    // overflows is larger than any pad.
    std::optional<int64_t> extent =
        llvm::checkedMulAdd(dilations[dim], kernelShape[dim] - 1, int64_t(1));
    for (int64_t pad : {pads[dim], pads[dim + 2]})
      if (extent && pad >= *extent)
        return emitInferError(loc, opName, kSpatialNames[dim], " pad ", pad,
                              " must be smaller than the dilated kernel "
                              "extent ",
                              *extent);
    std::optional<int64_t> size =
        windowOutputSize(x.getDimSize(2 + dim), kernelShape[dim], strides[dim],
                         dilations[dim], pads[dim], pads[dim + 2], ceilMode);
    if (failed(verifyOutputSize(loc, opName, dim, size, x, kernelShape[dim])))
      return failure();
    shape.push_back(*size);
  }
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

/// inferPool2dResult on an NCHW view of a channels-last x, the result
/// permuted back.
static LogicalResult
inferPool2dLayout(std::optional<Location> loc, StringRef opName, Type xType,
                  bool channelsLast, ArrayRef<int64_t> kernelShape,
                  ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                  ArrayRef<int64_t> dilations, bool ceilMode,
                  SmallVectorImpl<Type> &inferred) {
  if (failed(inferPool2dResult(
          loc, opName,
          channelsLast ? permuteLayout(xType, kToChannelsFirst) : xType,
          kernelShape, strides, pads, dilations, ceilMode, inferred)))
    return failure();
  if (channelsLast)
    inferred.back() = permuteLayout(inferred.back(), kToChannelsLast);
  return success();
}

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferPool2dLayout(
      location, getOperationName(), adaptor.getX().getType(),
      adaptor.getChannelsLast(), adaptor.getKernelShape(), adaptor.getStrides(),
      adaptor.getPads(), adaptor.getDilations(), adaptor.getCeilMode(),
      inferred);
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  static constexpr int64_t kNoDilation[] = {1, 1};
  return inferPool2dLayout(location, getOperationName(),
                           adaptor.getX().getType(), adaptor.getChannelsLast(),
                           adaptor.getKernelShape(), adaptor.getStrides(),
                           adaptor.getPads(), kNoDilation,
                           adaptor.getCeilMode(), inferred);
}

/// Infers `[N, C, 1, 1]` from an NCHW `xType`.
static LogicalResult inferGlobalPool2dResult(std::optional<Location> loc,
                                             StringRef opName, Type xType,
                                             SmallVectorImpl<Type> &inferred) {
  SmallVector<RankedTensorType, 1> types;
  if (failed(getRankedTypes(loc, opName, xType, types)))
    return failure();
  RankedTensorType x = types[0];
  if (failed(verifyFeatureMap(loc, opName, x)))
    return failure();
  inferred.push_back(RankedTensorType::get(
      {x.getDimSize(0), x.getDimSize(1), 1, 1}, x.getElementType()));
  return success();
}

LogicalResult GlobalAvgPool2dOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferGlobalPool2dResult(location, getOperationName(),
                                 adaptor.getX().getType(), inferred);
}

LogicalResult GlobalMaxPool2dOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferGlobalPool2dResult(location, getOperationName(),
                                 adaptor.getX().getType(), inferred);
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaConvolutionOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Channels last
//===----------------------------------------------------------------------===//

LogicalResult mlir::nabla::rewriteChannelsLastAsNchw(RewriterBase &rewriter,
                                                     Operation *op) {
  bool channelsLast =
      TypeSwitch<Operation *, bool>(op)
          .Case<FusedConv2dOp, MaxPool2dOp, AvgPool2dOp>(
              [](auto op) { return op.getChannelsLast(); })
          .Default([](Operation *) { return false; });
  if (!channelsLast)
    return failure();
  Location loc = op->getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  auto toFirst = [&](Value value) -> Value {
    return TransposeOp::create(rewriter, loc, value,
                               rewriter.getDenseI64ArrayAttr(kToChannelsFirst));
  };
  // The operands first: the NCHW op comes after them.
  SmallVector<Value> operands(op->getOperands());
  if (auto conv = dyn_cast<FusedConv2dOp>(op)) {
    if (!conv.getNchwInput())
      operands[conv.getXMutable().getOperandNumber()] = toFirst(conv.getX());
    if (Value residual = conv.getResidual())
      operands[conv.getResidualMutable()[0].getOperandNumber()] =
          toFirst(residual);
  } else {
    operands[0] = toFirst(operands[0]);
  }
  Operation *nchw = rewriter.clone(*op);
  nchw->setOperands(operands);
  nchw->removeAttr("channels_last");
  nchw->removeAttr("nchw_input");
  nchw->getResult(0).setType(permuteLayout(op->getResult(0).getType(),
                                           kToChannelsFirst));
  Value result = TransposeOp::create(
      rewriter, loc, nchw->getResult(0),
      rewriter.getDenseI64ArrayAttr(kToChannelsLast));
  rewriter.replaceOp(op, result);
  return success();
}
