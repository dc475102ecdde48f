//===- ConvolutionImporters.cpp - ONNX convolutions and pools to nabla ----===//
//
// Conv, ConvTranspose, MaxPool and AveragePool map to nabla's 2-D ops: 1-D
// forms get a unit height (unsqueeze, op, squeeze) and auto_pad becomes
// explicit pads here. Global pools are reductions over the spatial axes;
// LRN, DepthToSpace and SpaceToDepth decompose exactly into nabla ops.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/Limits.h"
#include "frontends/onnx/NodeContext.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
/// Depth taps of a 3-D window: each becomes a 2-D op (a fuzzed kernel_shape
/// with pads to match built ops for hours).
constexpr int64_t kMaxDepthTaps = int64_t(1) << 12;

/// A sliding window's parameters for the spatial dims, in ONNX layout:
/// `pads` holds all begins then all ends.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, pads;
};

/// Reads kernel/strides/dilations/pads (resolving auto_pad) for `spatial`
/// input sizes. `kernel` comes from the weights when given.
FailureOr<Window> readWindow(NodeContext &ctx, ArrayRef<int64_t> spatial,
                             ArrayRef<int64_t> kernelFromWeights) {
  size_t n = spatial.size();
  Window w;
  w.kernel = ctx.hasAttr("kernel_shape")
                 ? ctx.getInts("kernel_shape")
                 : SmallVector<int64_t>(kernelFromWeights);
  if (w.kernel.size() != n)
    return (void)ctx.unsupported("kernel_shape has " + std::to_string(w.kernel.size()) +
                           " entries for " + std::to_string(n) +
                           " spatial dimensions"), failure();
  if (!kernelFromWeights.empty() &&
      ArrayRef<int64_t>(w.kernel) != kernelFromWeights)
    return (void)ctx.unsupported("kernel_shape disagrees with the weights' shape"),
           failure();
  w.strides = ctx.hasAttr("strides") ? ctx.getInts("strides")
                                     : SmallVector<int64_t>(n, 1);
  w.dilations = ctx.hasAttr("dilations") ? ctx.getInts("dilations")
                                         : SmallVector<int64_t>(n, 1);
  if (w.strides.size() != n || w.dilations.size() != n)
    return (void)ctx.unsupported("strides/dilations need one entry per spatial "
                           "dimension"), failure();
  for (size_t i = 0; i < n; ++i)
    if (w.kernel[i] < 1 || w.strides[i] < 1 || w.dilations[i] < 1)
      return (void)ctx.unsupported("kernel_shape, strides and dilations must be "
                             "positive"), failure();
  // ONNX checks none of them: bounded, the pad arithmetic below and in
  // ConvTranspose cannot overflow.
  for (size_t i = 0; i < n; ++i) {
    if (w.strides[i] > kMaxTensorElements)
      return (void)ctx.unsupported("stride " + std::to_string(w.strides[i]) +
                                   " is more than 2^40"),
             failure();
    if (w.kernel[i] - 1 > (kMaxTensorElements - 1) / w.dilations[i])
      return (void)ctx.unsupported(
                 "kernel size " + std::to_string(w.kernel[i]) +
                 " with dilation " + std::to_string(w.dilations[i]) +
                 " spans more than 2^40"),
             failure();
  }

  std::string autoPad = ctx.getString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    w.pads = ctx.hasAttr("pads") ? ctx.getInts("pads")
                                 : SmallVector<int64_t>(2 * n, 0);
    if (w.pads.size() != 2 * n)
      return (void)ctx.unsupported("pads has " + std::to_string(w.pads.size()) +
                             " entries, expected " + std::to_string(2 * n)),
             failure();
  } else if (autoPad == "VALID") {
    w.pads.assign(2 * n, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    w.pads.assign(2 * n, 0);
    for (size_t i = 0; i < n; ++i) {
      int64_t out = (spatial[i] + w.strides[i] - 1) / w.strides[i];
      int64_t extent = (w.kernel[i] - 1) * w.dilations[i] + 1;
      int64_t total =
          std::max<int64_t>(0, (out - 1) * w.strides[i] + extent - spatial[i]);
      int64_t small = total / 2, large = total - small;
      w.pads[i] = autoPad == "SAME_UPPER" ? small : large;
      w.pads[i + n] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else {
    return (void)ctx.unsupported("auto_pad '" + autoPad + "' is not an ONNX mode"),
           failure();
  }
  for (int64_t p : w.pads)
    if (p < 0)
      return (void)ctx.unsupported("negative pads are not supported"), failure();
  return w;
}

/// ONNX [begins..., ends...] for 1 or 2 spatial dims -> nabla's 2-D
/// [top, left, bottom, right] (a 1-D window gets a unit height).
SmallVector<int64_t> pads2d(ArrayRef<int64_t> pads) {
  if (pads.size() == 2)
    return {0, pads[0], 0, pads[1]};
  return SmallVector<int64_t>(pads);
}
SmallVector<int64_t> pair2d(ArrayRef<int64_t> v) {
  if (v.size() == 1)
    return {1, v[0]};
  return SmallVector<int64_t>(v);
}

FailureOr<Value> unsqueezeH(NodeContext &ctx, Value v) {
  return ctx.create<UnsqueezeOp>(
      {v}, {ctx.namedAttr("axes", ctx.builder().getDenseI64ArrayAttr({2}))});
}
FailureOr<Value> squeezeH(NodeContext &ctx, Value v) {
  return ctx.create<SqueezeOp>(
      {v}, {ctx.namedAttr("axes", ctx.builder().getDenseI64ArrayAttr({2}))});
}

/// Common checks: a rank-3 or rank-4 NC... input.
FailureOr<RankedTensorType> spatialInput(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type)
    return (void)ctx.unsupported("input 0 is required"), failure();
  if (type.getRank() < 3 || type.getRank() > 5)
    return (void)ctx.unsupported(
               std::to_string(type.getRank() - 2) +
               "-D inputs are not supported (only 1-D, 2-D and 3-D)"),
           failure();
  return type;
}

FailureOr<Value> reshape(NodeContext &ctx, Value v, ArrayRef<int64_t> shape);
FailureOr<Value> transpose(NodeContext &ctx, Value v, ArrayRef<int64_t> perm);

enum class Spatial3d { Conv, MaxPool, AvgPool };

/// 3-D convolutions and pools as a sum (max) over the kernel's depth of 2-D
/// ones: depth slice kd of the (depth-padded) input, strided like the
/// output, folded into the batch, through the 2-D op with the H/W window.
/// The box-shaped window makes this exact, including average pools that
/// exclude padding (the valid count factors into depth x height-width).
LogicalResult importSpatial3d(NodeContext &ctx, Spatial3d kind) {
  RankedTensorType xType = ctx.inputType(0);
  auto shape = xType.getShape();
  int64_t n = shape[0], c = shape[1], d = shape[2];
  bool isConv = kind == Spatial3d::Conv;
  RankedTensorType wType = isConv ? ctx.inputType(1) : RankedTensorType();
  if (isConv && (!wType || wType.getRank() != 5))
    return ctx.unsupported("the weights must have rank 5");
  if (!isConv && !ctx.hasAttr("kernel_shape"))
    return ctx.unsupported("kernel_shape is required");
  if (kind == Spatial3d::MaxPool && ctx.hasOutput(1))
    return ctx.unsupported("the Indices output of MaxPool is not supported");
  if (!isConv && ctx.getInt("ceil_mode", 0))
    return ctx.unsupported("ceil_mode is not supported for 3-D pools");
  FailureOr<Window> window = readWindow(
      ctx, shape.drop_front(2),
      isConv ? wType.getShape().drop_front(2) : ArrayRef<int64_t>());
  if (failed(window))
    return failure();
  int64_t kd = window->kernel[0], sd = window->strides[0],
          dd = window->dilations[0];
  int64_t padBefore = window->pads[0], padAfter = window->pads[3];
  if (kd > kMaxDepthTaps)
    return ctx.unsupported("kernel depth " + std::to_string(kd) +
                           " is more than 2^12 taps");
  // Bounded depth pads keep the depth arithmetic below from overflowing;
  // an average pool's divisor vector is built over the output depth.
  if (padBefore > kMaxHostVector || padAfter > kMaxHostVector)
    return ctx.unsupported("depth pads " + std::to_string(padBefore) + " and " +
                           std::to_string(padAfter) + " exceed 2^24");
  int64_t depthPadded = d + padBefore + padAfter;
  // extent = (kd - 1) * dd + 1 <= depthPadded, without overflowing.
  if (depthPadded < 1 || kd - 1 > (depthPadded - 1) / dd)
    return ctx.unsupported("the kernel is deeper than the padded input");
  int64_t extent = (kd - 1) * dd + 1;
  int64_t od = (depthPadded - extent) / sd + 1;
  // The taps run over n * od images; the depth pads can make that product
  // overflow even when the input is within bounds.
  if (!boundedElementCount({n, depthPadded}))
    return ctx.unsupported("batch " + std::to_string(n) +
                           " times padded depth " +
                           std::to_string(depthPadded) + " is more than 2^40");
  if (kind == Spatial3d::AvgPool && od > kMaxHostVector)
    return ctx.unsupported("output depth " + std::to_string(od) +
                           " is more than 2^24");
  OpBuilder &b = ctx.builder();
  Type element = xType.getElementType();
  if (kind == Spatial3d::AvgPool &&
      llvm::any_of(window->dilations, [](int64_t v) { return v != 1; }))
    return ctx.unsupported("AveragePool dilations are not supported");

  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  Value input = *x;
  if (padBefore || padAfter) {
    SmallVector<int64_t> pads(10, 0);
    pads[2] = padBefore;
    pads[7] = padAfter;
    SmallVector<NamedAttribute> attrs{
        ctx.namedAttr("pads", b.getDenseI64ArrayAttr(pads))};
    if (kind == Spatial3d::MaxPool)
      attrs.push_back(ctx.namedAttr(
          "value", b.getF64FloatAttr(-std::numeric_limits<double>::infinity())));
    FailureOr<Value> padded = ctx.create<PadOp>({input}, attrs);
    if (failed(padded))
      return failure();
    input = *padded;
  }
  SmallVector<int64_t> hwPads{window->pads[1], window->pads[2],
                              window->pads[4], window->pads[5]};
  SmallVector<NamedAttribute> attrs2d{
      ctx.namedAttr("strides", b.getDenseI64ArrayAttr(
                                   {window->strides[1], window->strides[2]})),
      ctx.namedAttr("pads", b.getDenseI64ArrayAttr(hwPads))};
  if (isConv) {
    attrs2d.push_back(ctx.namedAttr(
        "dilations",
        b.getDenseI64ArrayAttr({window->dilations[1], window->dilations[2]})));
    attrs2d.push_back(
        ctx.namedAttr("groups", b.getI64IntegerAttr(ctx.getInt("group", 1))));
  } else {
    attrs2d.push_back(ctx.namedAttr(
        "kernel_shape",
        b.getDenseI64ArrayAttr({window->kernel[1], window->kernel[2]})));
    if (kind == Spatial3d::MaxPool)
      attrs2d.push_back(ctx.namedAttr(
          "dilations",
          b.getDenseI64ArrayAttr({window->dilations[1], window->dilations[2]})));
    else if (ctx.getInt("count_include_pad", 0))
      attrs2d.push_back(ctx.namedAttr("count_include_pad", b.getUnitAttr()));
  }
  Value w;
  if (isConv) {
    FailureOr<Value> weights = ctx.input(1);
    if (failed(weights))
      return failure();
    w = *weights;
  }
  auto ws = isConv ? wType.getShape() : ArrayRef<int64_t>();

  FailureOr<Value> acc;
  for (int64_t k = 0; k < kd; ++k) {
    int64_t start = k * dd;
    FailureOr<Value> slice = ctx.create<SliceOp>(
        {input},
        {ctx.namedAttr("starts", b.getDenseI64ArrayAttr({start})),
         ctx.namedAttr("ends", b.getDenseI64ArrayAttr({start + (od - 1) * sd + 1})),
         ctx.namedAttr("axes", b.getDenseI64ArrayAttr({2})),
         ctx.namedAttr("steps", b.getDenseI64ArrayAttr({sd}))});
    if (failed(slice) || failed(slice = transpose(ctx, *slice, {0, 2, 1, 3, 4})) ||
        failed(slice = reshape(ctx, *slice, {n * od, c, shape[3], shape[4]})))
      return failure();
    FailureOr<Value> part;
    if (isConv) {
      FailureOr<Value> wk = ctx.create<SliceOp>(
          {w}, {ctx.namedAttr("starts", b.getDenseI64ArrayAttr({k})),
                ctx.namedAttr("ends", b.getDenseI64ArrayAttr({k + 1})),
                ctx.namedAttr("axes", b.getDenseI64ArrayAttr({2}))});
      if (failed(wk) || failed(wk = reshape(ctx, *wk, {ws[0], ws[1], ws[3], ws[4]})))
        return failure();
      part = ctx.create<Conv2dOp>({*slice, *wk}, attrs2d);
    } else if (kind == Spatial3d::MaxPool) {
      part = ctx.create<MaxPool2dOp>({*slice}, attrs2d);
    } else {
      part = ctx.create<AvgPool2dOp>({*slice}, attrs2d);
    }
    if (failed(part))
      return failure();
    acc = k == 0 ? part
                 : (kind == Spatial3d::MaxPool ? ctx.create<MaxOp>({*acc, *part})
                                               : ctx.create<AddOp>({*acc, *part}));
    if (failed(acc))
      return failure();
  }
  auto partShape = cast<RankedTensorType>(acc->getType()).getShape();
  int64_t channels = partShape[1], oh = partShape[2], ow = partShape[3];
  FailureOr<Value> result = reshape(ctx, *acc, {n, od, channels, oh, ow});
  if (failed(result) ||
      failed(result = transpose(ctx, *result, {0, 2, 1, 3, 4})))
    return failure();
  if (kind == Spatial3d::AvgPool) {
    // Divide by the number of depth taps per output depth (all of them
    // when padding counts, else those inside the input).
    bool includePad = ctx.getInt("count_include_pad", 0) != 0;
    SmallVector<double> counts;
    for (int64_t o = 0; o < od; ++o) {
      // Taps k with 0 <= o * sd + k - padBefore < d read the input.
      int64_t first = std::max<int64_t>(0, padBefore - o * sd);
      int64_t last = std::min<int64_t>(kd, d + padBefore - o * sd);
      int64_t valid = includePad ? kd : std::max<int64_t>(0, last - first);
      counts.push_back(double(std::max<int64_t>(valid, 1)));
    }
    auto countType = RankedTensorType::get({1, 1, od, 1, 1}, element);
    SmallVector<APFloat> values;
    for (double v : counts) {
      APFloat f(v);
      bool lost;
      f.convert(cast<FloatType>(element).getFloatSemantics(),
                APFloat::rmNearestTiesToEven, &lost);
      values.push_back(f);
    }
    Value countValue = ctx.constant(DenseElementsAttr::get(countType, values));
    if (failed(result = ctx.create<DivOp>({*result, countValue})))
      return failure();
  }
  if (isConv && ctx.hasInput(2)) {
    FailureOr<Value> bias = ctx.input(2);
    if (failed(bias) || failed(bias = reshape(ctx, *bias, {channels, 1, 1, 1})) ||
        failed(result = ctx.create<AddOp>({*result, *bias})))
      return failure();
  }
  ctx.setOutput(0, *result);
  return success();
}

LogicalResult importConv(NodeContext &ctx, bool transposed) {
  FailureOr<RankedTensorType> xType = spatialInput(ctx);
  if (failed(xType))
    return failure();
  if (xType->getRank() == 5) {
    if (transposed)
      return ctx.unsupported("3-D ConvTranspose is not supported");
    return importSpatial3d(ctx, Spatial3d::Conv);
  }
  RankedTensorType wType = ctx.inputType(1);
  if (!wType || wType.getRank() != xType->getRank())
    return ctx.unsupported("the weights must have the input's rank");
  bool oneD = xType->getRank() == 3;
  ArrayRef<int64_t> spatial = xType->getShape().drop_front(2);
  FailureOr<Window> window =
      readWindow(ctx, spatial, wType.getShape().drop_front(2));
  if (failed(window))
    return failure();
  int64_t groups = ctx.getInt("group", 1);
  OpBuilder &b = ctx.builder();

  SmallVector<int64_t> outputPadding;
  if (transposed) {
    size_t n = spatial.size();
    outputPadding = ctx.hasAttr("output_padding")
                        ? ctx.getInts("output_padding")
                        : SmallVector<int64_t>(n, 0);
    if (outputPadding.size() != n)
      return ctx.unsupported("output_padding needs one entry per spatial "
                             "dimension");
    // output_shape (or auto_pad SAME_*) determines the pads (ONNX spec).
    std::string autoPad = ctx.getString("auto_pad", "NOTSET");
    SmallVector<int64_t> outputShape;
    if (ctx.hasAttr("output_shape")) {
      outputShape = ctx.getInts("output_shape");
      if (outputShape.size() == n + 2)
        outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
      if (outputShape.size() != n)
        return ctx.unsupported("output_shape needs one entry per spatial "
                               "dimension");
    } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      for (size_t i = 0; i < n; ++i) {
        int64_t size;
        if (llvm::MulOverflow(spatial[i], window->strides[i], size))
          return ctx.unsupported("output size " + std::to_string(spatial[i]) +
                                 " * stride " +
                                 std::to_string(window->strides[i]) +
                                 " overflows");
        outputShape.push_back(size);
      }
    }
    if (!outputShape.empty()) {
      for (size_t i = 0; i < n; ++i) {
        int64_t extent = (window->kernel[i] - 1) * window->dilations[i] + 1;
        // In 128 bits: output_padding and output_shape are unchecked.
        __int128 total = __int128(window->strides[i]) * (spatial[i] - 1) +
                         outputPadding[i] + extent - outputShape[i];
        if (total < 0)
          return ctx.unsupported("output_shape larger than the full "
                                 "transposed convolution is not supported");
        if (total > kMaxTensorElements)
          return ctx.unsupported("output_shape and output_padding imply pads "
                                 "of more than 2^40");
        int64_t half = int64_t(total) / 2, rest = int64_t(total) - half;
        bool upper = autoPad == "SAME_UPPER";
        window->pads[i] = upper ? half : rest;
        window->pads[i + n] = upper ? rest : half;
      }
    }
  }

  FailureOr<Value> x = ctx.input(0), w = ctx.input(1);
  if (failed(x) || failed(w))
    return failure();
  SmallVector<Value> operands{*x, *w};
  if (ctx.hasInput(2)) {
    FailureOr<Value> bias = ctx.input(2);
    if (failed(bias))
      return failure();
    operands.push_back(*bias);
  }
  if (oneD) {
    FailureOr<Value> x2 = unsqueezeH(ctx, operands[0]);
    FailureOr<Value> w2 = unsqueezeH(ctx, operands[1]);
    if (failed(x2) || failed(w2))
      return failure();
    operands[0] = *x2;
    operands[1] = *w2;
  }
  SmallVector<NamedAttribute> attrs{
      ctx.namedAttr("strides", b.getDenseI64ArrayAttr(pair2d(window->strides))),
      ctx.namedAttr("pads", b.getDenseI64ArrayAttr(pads2d(window->pads))),
      ctx.namedAttr("dilations",
                    b.getDenseI64ArrayAttr(pair2d(window->dilations))),
      ctx.namedAttr("groups", b.getI64IntegerAttr(groups))};
  if (transposed) {
    SmallVector<int64_t> op2d = oneD ? SmallVector<int64_t>{0, outputPadding[0]}
                                     : outputPadding;
    attrs.push_back(
        ctx.namedAttr("output_padding", b.getDenseI64ArrayAttr(op2d)));
  }
  FailureOr<Value> result =
      transposed ? ctx.create<ConvTranspose2dOp>(operands, attrs)
                 : ctx.create<Conv2dOp>(operands, attrs);
  if (failed(result))
    return failure();
  if (oneD && failed(result = squeezeH(ctx, *result)))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

LogicalResult importConvForward(NodeContext &ctx) {
  return importConv(ctx, /*transposed=*/false);
}
LogicalResult importConvTranspose(NodeContext &ctx) {
  return importConv(ctx, /*transposed=*/true);
}

LogicalResult importPool(NodeContext &ctx, bool isMax) {
  FailureOr<RankedTensorType> xType = spatialInput(ctx);
  if (failed(xType))
    return failure();
  if (xType->getRank() == 5)
    return importSpatial3d(ctx, isMax ? Spatial3d::MaxPool : Spatial3d::AvgPool);
  if (isMax && ctx.hasOutput(1))
    return ctx.unsupported("the Indices output of MaxPool is not supported");
  if (!ctx.hasAttr("kernel_shape"))
    return ctx.unsupported("kernel_shape is required");
  bool oneD = xType->getRank() == 3;
  FailureOr<Window> window =
      readWindow(ctx, xType->getShape().drop_front(2), {});
  if (failed(window))
    return failure();
  if (!isMax && llvm::any_of(window->dilations, [](int64_t d) { return d != 1; }))
    return ctx.unsupported("AveragePool dilations are not supported");
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  Value input = *x;
  if (oneD) {
    FailureOr<Value> x2 = unsqueezeH(ctx, input);
    if (failed(x2))
      return failure();
    input = *x2;
  }
  OpBuilder &b = ctx.builder();
  SmallVector<NamedAttribute> attrs{
      ctx.namedAttr("kernel_shape",
                    b.getDenseI64ArrayAttr(pair2d(window->kernel))),
      ctx.namedAttr("strides", b.getDenseI64ArrayAttr(pair2d(window->strides))),
      ctx.namedAttr("pads", b.getDenseI64ArrayAttr(pads2d(window->pads)))};
  if (ctx.getInt("ceil_mode", 0))
    attrs.push_back(ctx.namedAttr("ceil_mode", b.getUnitAttr()));
  FailureOr<Value> result;
  if (isMax) {
    attrs.push_back(ctx.namedAttr(
        "dilations", b.getDenseI64ArrayAttr(pair2d(window->dilations))));
    result = ctx.create<MaxPool2dOp>({input}, attrs);
  } else {
    if (ctx.getInt("count_include_pad", 0))
      attrs.push_back(ctx.namedAttr("count_include_pad", b.getUnitAttr()));
    result = ctx.create<AvgPool2dOp>({input}, attrs);
  }
  if (failed(result))
    return failure();
  if (oneD && failed(result = squeezeH(ctx, *result)))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

LogicalResult importMaxPool(NodeContext &ctx) { return importPool(ctx, true); }
LogicalResult importAveragePool(NodeContext &ctx) {
  return importPool(ctx, false);
}

/// GlobalAveragePool / GlobalMaxPool of any spatial rank: a reduction over
/// every axis after N and C, keeping them.
template <typename ReduceOpTy>
LogicalResult importGlobalPool(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type || type.getRank() < 3)
    return ctx.unsupported("the input must have rank >= 3 (N, C, spatial...)");
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < type.getRank(); ++d)
    axes.push_back(d);
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> result = ctx.create<ReduceOpTy>(
      {*x}, {ctx.namedAttr("axes", ctx.builder().getDenseI64ArrayAttr(axes)),
             ctx.namedAttr("keep_dims", ctx.builder().getUnitAttr())});
  if (failed(result))
    return failure();
  ctx.setOutput(0, *result);
  return success();
}

FailureOr<Value> reshape(NodeContext &ctx, Value v, ArrayRef<int64_t> shape) {
  return ctx.create<ReshapeOp>(
      {v}, {ctx.namedAttr("shape", ctx.builder().getDenseI64ArrayAttr(shape))});
}
FailureOr<Value> transpose(NodeContext &ctx, Value v, ArrayRef<int64_t> perm) {
  return ctx.create<TransposeOp>(
      {v}, {ctx.namedAttr("perm", ctx.builder().getDenseI64ArrayAttr(perm))});
}

/// Reshape -> transpose -> reshape, the whole of DepthToSpace/SpaceToDepth.
LogicalResult importBlockShuffle(NodeContext &ctx, ArrayRef<int64_t> split,
                                 ArrayRef<int64_t> perm,
                                 ArrayRef<int64_t> result) {
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> v = reshape(ctx, *x, split);
  if (failed(v) || failed(v = transpose(ctx, *v, perm)) ||
      failed(v = reshape(ctx, *v, result)))
    return failure();
  ctx.setOutput(0, *v);
  return success();
}

LogicalResult importDepthToSpace(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  int64_t b = ctx.getInt("blocksize", 0);
  if (!type || type.getRank() != 4 || b < 1)
    return ctx.unsupported("needs a rank-4 input and a positive blocksize");
  auto s = type.getShape();
  int64_t n = s[0], c = s[1], h = s[2], w = s[3];
  if (c % (b * b) != 0)
    return ctx.unsupported("channels are not a multiple of blocksize^2");
  std::string mode = ctx.getString("mode", "DCR");
  if (mode == "DCR")
    return importBlockShuffle(ctx, {n, b, b, c / (b * b), h, w},
                              {0, 3, 4, 1, 5, 2},
                              {n, c / (b * b), h * b, w * b});
  if (mode == "CRD")
    return importBlockShuffle(ctx, {n, c / (b * b), b, b, h, w},
                              {0, 1, 4, 2, 5, 3},
                              {n, c / (b * b), h * b, w * b});
  return ctx.unsupported("mode '" + mode + "' is not DCR or CRD");
}

LogicalResult importSpaceToDepth(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  int64_t b = ctx.getInt("blocksize", 0);
  if (!type || type.getRank() != 4 || b < 1)
    return ctx.unsupported("needs a rank-4 input and a positive blocksize");
  auto s = type.getShape();
  int64_t n = s[0], c = s[1], h = s[2], w = s[3];
  if (h % b != 0 || w % b != 0)
    return ctx.unsupported("height and width must be multiples of blocksize");
  return importBlockShuffle(ctx, {n, c, h / b, b, w / b, b},
                            {0, 3, 5, 1, 2, 4}, {n, c * b * b, h / b, w / b});
}

/// LRN: y = x / (bias + alpha / size * sum of x^2 over a channel window)^beta,
/// the window [c - floor((size-1)/2), c + ceil((size-1)/2)] clipped to the
/// channels: zero-pad the squares along C and add `size` shifted slices.
LogicalResult importLrn(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  int64_t size = ctx.getInt("size", 0);
  if (!type || type.getRank() < 3 || size < 1)
    return ctx.unsupported("needs an input of rank >= 3 and a positive size");
  float alpha = ctx.getFloat("alpha", 1e-4f), beta = ctx.getFloat("beta", 0.75f),
        bias = ctx.getFloat("bias", 1.0f);
  int64_t rank = type.getRank(), channels = type.getDimSize(1);
  if (ShapedType::isDynamic(channels))
    return ctx.unsupported("needs a static channel dimension");
  // Window taps more than channels - 1 away from every channel only ever
  // read padding, so the window is clipped there: a huge `size` costs no
  // more than size = 2 * channels - 1 (alpha / size still uses `size`).
  int64_t reach = std::max<int64_t>(channels - 1, 0);
  int64_t before = std::min((size - 1) / 2, reach);
  int64_t after = std::min(size - 1 - (size - 1) / 2, reach);
  OpBuilder &b = ctx.builder();
  Type element = type.getElementType();

  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> square = ctx.create<MulOp>({*x, *x});
  if (failed(square))
    return failure();
  SmallVector<int64_t> pads(2 * rank, 0);
  pads[1] = before;
  pads[rank + 1] = after;
  FailureOr<Value> padded = ctx.create<PadOp>(
      {*square}, {ctx.namedAttr("pads", b.getDenseI64ArrayAttr(pads))});
  if (failed(padded))
    return failure();
  FailureOr<Value> sum;
  for (int64_t k = 0, taps = before + 1 + after; k < taps; ++k) {
    FailureOr<Value> slice = ctx.create<SliceOp>(
        {*padded}, {ctx.namedAttr("starts", b.getDenseI64ArrayAttr({k})),
                    ctx.namedAttr("ends",
                                  b.getDenseI64ArrayAttr({k + channels})),
                    ctx.namedAttr("axes", b.getDenseI64ArrayAttr({1}))});
    if (failed(slice))
      return failure();
    sum = k == 0 ? slice : ctx.create<AddOp>({*sum, *slice});
    if (failed(sum))
      return failure();
  }
  FailureOr<Value> scaled = ctx.create<MulOp>(
      {*sum, ctx.scalarConstant(element, double(alpha) / double(size))});
  if (failed(scaled))
    return failure();
  FailureOr<Value> base =
      ctx.create<AddOp>({*scaled, ctx.scalarConstant(element, bias)});
  if (failed(base))
    return failure();
  FailureOr<Value> denom =
      ctx.create<PowOp>({*base, ctx.scalarConstant(element, beta)});
  if (failed(denom))
    return failure();
  FailureOr<Value> y = ctx.create<DivOp>({*x, *denom});
  if (failed(y))
    return failure();
  ctx.setOutput(0, *y);
  return success();
}
/// The most outputs along one resized axis. The importer keeps each
/// output's taps on the host and turns every tap into constant index and
/// weight vectors: a cubic resize to 2^24 outputs took 3.6 GB.
constexpr int64_t kMaxResizedSize = int64_t(1) << 20;

/// One output position's source taps along an axis: indices into the input
/// (already clamped: ONNX pads with edge values) and their weights.
struct Taps {
  SmallVector<int64_t> index;
  SmallVector<double> weight;
  bool extrapolate = false;
};

/// Resize / Upsample, separably: along each resized axis (innermost first,
/// as ONNX's reference recurses) y = sum_k gather(x, idx_k) * w_k with
/// indices and weights computed here, at import time.
LogicalResult importResize(NodeContext &ctx) {
  RankedTensorType type = ctx.inputType(0);
  if (!type || !isa<FloatType>(type.getElementType()))
    return ctx.unsupported("only floating-point inputs are supported");
  int64_t rank = type.getRank();
  if (rank == 0)
    return ctx.unsupported("the input is a scalar; " + ctx.opType().str() +
                           " needs rank 1 or more");
  auto inShape = type.getShape();
  bool upsample = ctx.opType() == "Upsample";
  std::string mode = ctx.getString("mode", "nearest");
  std::string coord =
      upsample ? "asymmetric"
               : ctx.getString("coordinate_transformation_mode", "half_pixel");
  std::string nearestMode =
      upsample ? "floor" : ctx.getString("nearest_mode", "round_prefer_floor");
  double cubicA = ctx.getFloat("cubic_coeff_a", -0.75f);
  bool excludeOutside = ctx.getInt("exclude_outside", 0) != 0;
  double extrapolation = ctx.getFloat("extrapolation_value", 0.0f);
  if (mode == "bilinear" || mode == "trilinear")
    mode = "linear";
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return ctx.unsupported("mode '" + mode + "' is not supported");

  // Scales and output sizes.
  SmallVector<double> scales;
  SmallVector<int64_t> outShape;
  unsigned scalesInput = upsample ? 1 : 2, sizesInput = 3;
  if (upsample && ctx.hasAttr("scales")) {
    for (float v : ctx.getFloats("scales"))
      scales.push_back(v);
  } else if (ctx.hasInput(scalesInput) &&
             ctx.inputType(scalesInput).getNumElements() > 0) {
    FailureOr<SmallVector<double>> given =
        ctx.constantFloats(scalesInput, "scales");
    if (failed(given))
      return failure();
    scales = *given;
  } else if (!upsample && ctx.hasInput(sizesInput)) {
    // Sizes fixed at run time still fix the output type, which is static:
    // the model's declared (or ONNX-inferred) output shape is the sizes.
    RankedTensorType declared = ctx.outputType(0);
    if (!ctx.constantInput(sizesInput) && declared && declared.hasStaticShape()) {
      outShape = llvm::to_vector(declared.getShape());
    } else {
      FailureOr<SmallVector<int64_t>> sizes =
          ctx.constantInts(sizesInput, "sizes");
      if (failed(sizes))
        return failure();
      outShape = *sizes;
    }
  } else {
    return ctx.unsupported("neither scales nor sizes is given");
  }
  if (!ctx.getInts("axes").empty())
    return ctx.unsupported("the axes attribute is not supported");
  if (!scales.empty()) {
    if ((int64_t)scales.size() != rank)
      return ctx.unsupported("scales needs one entry per dimension");
    for (int64_t d = 0; d < rank; ++d) {
      if (!(scales[d] > 0))
        return ctx.unsupported("scales must be positive");
      double size = std::floor(inShape[d] * scales[d]);
      // Checked as a double: the conversion of a larger one is undefined.
      // An infinite scale of an empty axis gives NaN, refused too.
      if (!(size <= double(kMaxResizedSize)))
        return ctx.unsupported("scale " + std::to_string(scales[d]) +
                               " resizes dimension " + std::to_string(d) +
                               " to more than 2^20");
      outShape.push_back(int64_t(size));
    }
  } else {
    if ((int64_t)outShape.size() != rank)
      return ctx.unsupported("sizes needs one entry per dimension");
    for (int64_t d = 0; d < rank; ++d) {
      if (outShape[d] < 0 || outShape[d] > kMaxResizedSize)
        return ctx.unsupported("size " + std::to_string(outShape[d]) +
                               " of dimension " + std::to_string(d) +
                               " is not in [0, 2^20]");
      // No tap can read an empty axis (the taps' clamp to [0, -1] is
      // undefined and gathered index -1); only a crop box extrapolates.
      if (inShape[d] == 0 && outShape[d] != 0 && coord != "tf_crop_and_resize")
        return ctx.unsupported("cannot resize the empty dimension " +
                               std::to_string(d) + " to size " +
                               std::to_string(outShape[d]));
      scales.push_back(inShape[d] ? double(outShape[d]) / inShape[d] : 1.0);
    }
  }
  SmallVector<double> roi;
  if (coord == "tf_crop_and_resize") {
    FailureOr<SmallVector<double>> given = ctx.constantFloats(1, "roi");
    if (failed(given))
      return failure();
    roi = *given;
    if ((int64_t)roi.size() != 2 * rank)
      return ctx.unsupported("roi needs 2 entries per dimension");
    for (double v : roi)
      if (!std::isfinite(v))
        return ctx.unsupported("roi entry " + std::to_string(v) +
                               " is not finite");
  }

  auto sourceCoordinate = [&](int64_t d, int64_t o) -> double {
    double scale = scales[d];
    int64_t in = inShape[d], out = outShape[d];
    if (coord == "half_pixel")
      return (o + 0.5) / scale - 0.5;
    if (coord == "pytorch_half_pixel")
      return out > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
    if (coord == "align_corners")
      return out == 1 ? 0.0 : double(o) * (in - 1) / (out - 1);
    if (coord == "asymmetric")
      return o / scale;
    if (coord == "tf_half_pixel_for_nn")
      return (o + 0.5) / scale;
    if (coord == "tf_crop_and_resize") {
      double start = roi[d], end = roi[d + rank];
      return out > 1 ? start * (in - 1) + o * (end - start) * (in - 1) / (out - 1)
                     : 0.5 * (start + end) * (in - 1);
    }
    llvm_unreachable("coordinate_transformation_mode checked above");
  };
  if (!llvm::is_contained({"half_pixel", "pytorch_half_pixel",
                            "align_corners", "asymmetric",
                            "tf_half_pixel_for_nn", "tf_crop_and_resize"},
                           coord))
    return ctx.unsupported("coordinate_transformation_mode '" + coord +
                           "' is not supported");

  auto tapsFor = [&](int64_t d, int64_t o) {
    Taps taps;
    int64_t in = inShape[d];
    double x = sourceCoordinate(d, o);
    // Written so that NaN (from a crop box overflowing double) extrapolates
    // too: converting it to an index is undefined.
    if (coord == "tf_crop_and_resize" && !(x >= 0 && x <= in - 1)) {
      taps.extrapolate = true;
      return taps;
    }
    auto clampIndex = [&](int64_t i) {
      return std::clamp<int64_t>(i, 0, in - 1);
    };
    if (mode == "nearest") {
      double f = std::floor(x), frac = x - f;
      int64_t i;
      if (nearestMode == "floor") i = int64_t(f);
      else if (nearestMode == "ceil") i = int64_t(std::ceil(x));
      else if (frac == 0.5) i = int64_t(nearestMode == "round_prefer_ceil" ? f + 1 : f);
      else i = int64_t(std::round(x));
      taps.index.push_back(clampIndex(i));
      taps.weight.push_back(1.0);
      return taps;
    }
    int64_t x0 = int64_t(std::floor(x));
    double r = x - x0;
    SmallVector<int64_t> points;
    SmallVector<double> weights;
    if (mode == "linear") {
      points = {x0, x0 + 1};
      weights = {1 - r, r};
    } else {
      double a = cubicA;
      auto far = [&](double t) { return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a; };
      auto near = [&](double t) { return ((a + 2) * t - (a + 3)) * t * t + 1; };
      points = {x0 - 1, x0, x0 + 1, x0 + 2};
      weights = {far(r + 1), near(r), near(1 - r), far(2 - r)};
      if (excludeOutside) {
        double sum = 0;
        for (size_t k = 0; k < points.size(); ++k) {
          if (points[k] < 0 || points[k] >= in)
            weights[k] = 0;
          sum += weights[k];
        }
        for (double &w : weights)
          w = sum != 0 ? w / sum : 0;
      }
    }
    for (size_t k = 0; k < points.size(); ++k) {
      taps.index.push_back(clampIndex(points[k]));
      taps.weight.push_back(weights[k]);
    }
    return taps;
  };

  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  Value value = *x;
  OpBuilder &b = ctx.builder();
  Type element = type.getElementType();
  auto i64 = b.getI64Type();
  for (int64_t d = rank - 1; d >= 0; --d) {
    if (outShape[d] == inShape[d] && coord != "tf_crop_and_resize" &&
        scales[d] == 1.0)
      continue;
    int64_t out = outShape[d];
    std::vector<Taps> all;
    size_t numTaps = 0;
    for (int64_t o = 0; o < out; ++o) {
      all.push_back(tapsFor(d, o));
      numTaps = std::max(numTaps, all.back().index.size());
    }
    // An empty output axis is one gather with no indices.
    if (out == 0)
      numTaps = 1;
    if (numTaps == 0)
      return ctx.unsupported("every output along axis " + std::to_string(d) +
                             " lies outside the crop box (extrapolation "
                             "only)");
    SmallVector<int64_t> broadcast(rank, 1);
    broadcast[d] = out;
    auto weightType = RankedTensorType::get(broadcast, element);
    auto toAttr = [&](ArrayRef<double> values) {
      SmallVector<APFloat> floats;
      for (double v : values) {
        APFloat f(v);
        bool lost;
        f.convert(cast<FloatType>(element).getFloatSemantics(),
                  APFloat::rmNearestTiesToEven, &lost);
        floats.push_back(f);
      }
      return DenseElementsAttr::get(weightType, floats);
    };
    FailureOr<Value> sum;
    for (size_t k = 0; k < numTaps; ++k) {
      SmallVector<int64_t> indices;
      SmallVector<double> weights;
      for (const Taps &t : all) {
        indices.push_back(t.extrapolate ? 0 : t.index[k]);
        weights.push_back(t.extrapolate ? 0.0 : t.weight[k]);
      }
      auto indexType = RankedTensorType::get({out}, i64);
      Value indexValue =
          ctx.constant(DenseElementsAttr::get(indexType, ArrayRef(indices)));
      FailureOr<Value> gathered = ctx.create<GatherOp>(
          {value, indexValue},
          {ctx.namedAttr("axis", b.getI64IntegerAttr(d))});
      if (failed(gathered))
        return failure();
      FailureOr<Value> term = *gathered;
      if (mode != "nearest")
        term = ctx.create<MulOp>({*gathered, ctx.constant(toAttr(weights))});
      if (failed(term))
        return failure();
      sum = k == 0 ? term : ctx.create<AddOp>({*sum, *term});
      if (failed(sum))
        return failure();
    }
    // Outputs outside the crop box are selected, not summed: their taps
    // read element 0, whose inf or NaN would survive a zero weight.
    if (llvm::any_of(all, [](const Taps &t) { return t.extrapolate; })) {
      SmallVector<bool> outside;
      for (const Taps &t : all)
        outside.push_back(t.extrapolate);
      Value mask = ctx.constant(DenseElementsAttr::get(
          RankedTensorType::get(broadcast, b.getI1Type()), ArrayRef(outside)));
      APFloat fill(extrapolation);
      bool lost;
      fill.convert(cast<FloatType>(element).getFloatSemantics(),
                   APFloat::rmNearestTiesToEven, &lost);
      Value fillValue = ctx.constant(
          DenseElementsAttr::get(RankedTensorType::get({}, element), fill));
      sum = ctx.create<WhereOp>({mask, fillValue, *sum});
      if (failed(sum))
        return failure();
    }
    value = *sum;
  }
  ctx.setOutput(0, value);
  return success();
}
} // namespace

void mlir::nabla::onnx_frontend::registerConvolutionImporters(
    OpImporterRegistry &registry) {
  registry.add("Conv", importConvForward);
  registry.add("ConvTranspose", importConvTranspose);
  registry.add("MaxPool", importMaxPool);
  registry.add("AveragePool", importAveragePool);
  registry.add("GlobalAveragePool", importGlobalPool<ReduceMeanOp>);
  registry.add("GlobalMaxPool", importGlobalPool<ReduceMaxOp>);
  registry.add("DepthToSpace", importDepthToSpace);
  registry.add("SpaceToDepth", importSpaceToDepth);
  registry.add("LRN", importLrn);
  registry.add("Resize", importResize);
  registry.add("Upsample", importResize);
}
