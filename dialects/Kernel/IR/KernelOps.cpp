//===- KernelOps.cpp - The nabla_kernel dialect and its ops ---------------===//

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::nabla_kernel;

#include "dialects/Kernel/IR/KernelDialect.cpp.inc"

void NablaKernelDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Kernel/IR/KernelOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "dialects/Kernel/IR/KernelOps.cpp.inc"

//===----------------------------------------------------------------------===//
// SgemmOp
//===----------------------------------------------------------------------===//

namespace {
/// Checks that `value` has rank `rank` (or `batchedRank` in a batch) and
/// that its dimensions agree with `expected` where both are static; a
/// missing expected dimension is unchecked.
LogicalResult checkOperand(SgemmOp op, StringRef name, Value value,
                           ArrayRef<std::optional<int64_t>> expected) {
  auto type = cast<ShapedType>(value.getType());
  if (type.getRank() != static_cast<int64_t>(expected.size()))
    return op.emitOpError() << name << " must have rank " << expected.size()
                            << ", got " << type;
  for (auto [i, dim] : llvm::enumerate(expected)) {
    int64_t actual = type.getDimSize(i);
    if (dim && !ShapedType::isDynamic(*dim) && !ShapedType::isDynamic(actual) &&
        actual != *dim)
      return op.emitOpError() << name << " dimension " << i << " is "
                              << actual << ", expected " << *dim;
  }
  return success();
}
} // namespace

LogicalResult SgemmOp::verify() {
  bool tensors = isa<RankedTensorType>(getInit().getType());
  for (Value operand : getOperands())
    if (isa<RankedTensorType>(operand.getType()) != tensors)
      return emitOpError("operands must be all tensors or all memrefs");
  if (tensors && (getNumResults() != 1 ||
                  getResult()[0].getType() != getInit().getType()))
    return emitOpError("on tensors, has one result of the type of outs");
  if (!tensors && getNumResults() != 0)
    return emitOpError("on memrefs, has no result");

  auto initType = cast<ShapedType>(getInit().getType());
  int64_t rank = initType.getRank();
  if (rank != 2 && rank != 3)
    return emitOpError("outs must be 2-D or 3-D, got ") << initType;
  bool batched = rank == 3;
  int64_t batch = batched ? initType.getDimSize(0) : 1;
  int64_t m = initType.getDimSize(rank - 2);
  int64_t n = initType.getDimSize(rank - 1);
  std::optional<int64_t> k;

  // A 2-D operand of a batch is shared by every product.
  auto withBatch = [&](Value value, SmallVector<std::optional<int64_t>> dims) {
    if (batched && cast<ShapedType>(value.getType()).getRank() ==
                       static_cast<int64_t>(dims.size()) + 1)
      dims.insert(dims.begin(), batch);
    return dims;
  };
  auto aType = cast<ShapedType>(getA().getType());
  if (aType.getRank() >= 2)
    k = aType.getDimSize(aType.getRank() - (getTransA() ? 2 : 1));
  if (failed(checkOperand(*this, "a", getA(),
                          withBatch(getA(), getTransA()
                                                ? SmallVector<std::optional<
                                                      int64_t>>{k, m}
                                                : SmallVector<std::optional<
                                                      int64_t>>{m, k}))))
    return failure();
  if (getPackedB()) {
    if (getTransB())
      return emitOpError("packed_b with trans_b: the packing transposes b");
    std::optional<int64_t> size;
    if (k && !ShapedType::isDynamic(*k) && !ShapedType::isDynamic(n))
      size = packedSize(*k, n);
    if (failed(checkOperand(*this, "b", getB(), {size})))
      return failure();
  } else if (failed(checkOperand(
                 *this, "b", getB(),
                 withBatch(getB(),
                           getTransB()
                               ? SmallVector<std::optional<int64_t>>{n, k}
                               : SmallVector<std::optional<int64_t>>{k, n})))) {
    return failure();
  }
  if (getBias()) {
    if (failed(checkOperand(*this, "bias", getBias(),
                            withBatch(getBias(),
                                      {getBiasPerRow() ? m : n}))))
      return failure();
  } else if (getBiasPerRow()) {
    return emitOpError("bias_per_row without a bias");
  }
  if (getResidual() &&
      failed(checkOperand(*this, "residual", getResidual(),
                          withBatch(getResidual(), {m, n}))))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

namespace {
/// Checks that an i64 array attribute `name` has `size` entries, each at
/// least `min`.
LogicalResult checkArray(Operation *op, StringRef name, ArrayRef<int64_t> values,
                         size_t size, int64_t min) {
  if (values.size() != size)
    return op->emitOpError() << name << " must have " << size << " entries";
  for (int64_t value : values)
    if (value < min)
      return op->emitOpError()
             << name << " entries must be at least " << min << ", got "
             << value;
  return success();
}

/// Checks the operands of a pooling or convolution: x and init are 4-D,
/// all operands are tensors or all are memrefs, one result (the type of
/// init) on tensors and none on memrefs.
LogicalResult checkNchwOperands(Operation *op, Value x, Value init) {
  bool tensors = isa<RankedTensorType>(init.getType());
  for (Value operand : op->getOperands())
    if (isa<RankedTensorType>(operand.getType()) != tensors)
      return op->emitOpError("operands must be all tensors or all memrefs");
  if (tensors && (op->getNumResults() != 1 ||
                  op->getResult(0).getType() != init.getType()))
    return op->emitOpError("on tensors, has one result of the type of outs");
  if (!tensors && op->getNumResults() != 0)
    return op->emitOpError("on memrefs, has no result");
  for (auto [name, value] : {std::pair<StringRef, Value>{"x", x},
                             std::pair<StringRef, Value>{"outs", init}})
    if (cast<ShapedType>(value.getType()).getRank() != 4)
      return op->emitOpError()
             << name << " must be 4-D (NCHW or NHWC), got " << value.getType();
  return success();
}

/// The [N, C, H, W] sizes of a 4-D value laid out NHWC (channelsLast) or
/// NCHW.
SmallVector<int64_t, 4> nchwSizes(Value value, bool channelsLast) {
  ArrayRef<int64_t> shape = cast<ShapedType>(value.getType()).getShape();
  if (!channelsLast)
    return SmallVector<int64_t, 4>(shape);
  return {shape[0], shape[3], shape[1], shape[2]};
}

bool dimsDiffer(int64_t a, int64_t b) {
  return !ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b;
}
} // namespace

int64_t Conv2dOp::packedWeightsSize(int64_t channels, int64_t filters,
                                    int64_t groups, int64_t kh, int64_t kw) {
  if (channels == groups && filters == groups)
    return kh * kw * filters;
  int64_t panel = SgemmOp::kPackedPanel;
  int64_t perGroup = filters / groups;
  return groups * ((perGroup + panel - 1) / panel * panel) *
         (channels / groups * kh * kw);
}

LogicalResult Conv2dOp::verify() {
  Operation *op = getOperation();
  if (failed(checkNchwOperands(op, getX(), getInit())) ||
      failed(checkArray(op, "strides", getStrides(), 2, 1)) ||
      failed(checkArray(op, "pads", getPads(), 4, 0)) ||
      failed(checkArray(op, "dilations", getDilations(), 2, 1)))
    return failure();
  int64_t groups = getGroups();
  if (groups < 1)
    return emitOpError("groups must be at least 1, got ") << groups;
  if ((getNchwInput() || getPackedWeights()) && !getChannelsLast())
    return emitOpError("nchw_input and packed_weights need channels_last");
  SmallVector<int64_t, 4> x =
      nchwSizes(getX(), getChannelsLast() && !getNchwInput());
  SmallVector<int64_t, 4> y = nchwSizes(getInit(), getChannelsLast());
  auto wType = cast<ShapedType>(getW().getType());
  SmallVector<int64_t, 4> w;
  if (getPackedWeights()) {
    // The weights' sizes as they were before packing.
    std::optional<ArrayRef<int64_t>> kernel = getKernelShape();
    if (!kernel || failed(checkArray(op, "kernel_shape", *kernel, 2, 1)))
      return emitOpError("packed_weights needs a kernel_shape of 2 entries, "
                         "each at least 1");
    if (wType.getRank() != 1)
      return emitOpError("packed w must be 1-D, got ") << wType;
    w = {y[1], ShapedType::isDynamic(x[1]) ? x[1] : x[1] / groups,
         (*kernel)[0], (*kernel)[1]};
    if (llvm::none_of(ArrayRef<int64_t>{x[1], y[1]}, ShapedType::isDynamic) &&
        x[1] % groups == 0 && y[1] % groups == 0) {
      int64_t size = packedWeightsSize(x[1], y[1], groups, w[2], w[3]);
      if (dimsDiffer(wType.getDimSize(0), size))
        return emitOpError("packed w must have ")
               << size << " elements, got " << wType;
    }
  } else {
    if (getKernelShape())
      return emitOpError("kernel_shape is only for packed_weights");
    if (wType.getRank() != 4)
      return emitOpError("w must be 4-D, got ") << wType;
    w = SmallVector<int64_t, 4>(wType.getShape());
  }
  if (getNchwInput() && !ShapedType::isDynamic(x[1]) && x[1] == groups &&
      !ShapedType::isDynamic(y[1]) && y[1] == groups)
    return emitOpError("nchw_input does not apply to a depthwise convolution");
  if (dimsDiffer(x[0], y[0]))
    return emitOpError("x and outs differ in batch size");
  if (dimsDiffer(w[0], y[1]))
    return emitOpError("w has ") << w[0] << " filters, outs " << y[1]
                                 << " channels";
  for (auto [name, size] : {std::pair<StringRef, int64_t>{"x", x[1]},
                            std::pair<StringRef, int64_t>{"w", w[0]}})
    if (!ShapedType::isDynamic(size) && size % groups != 0)
      return emitOpError() << name << " channels (" << size
                           << ") must be a multiple of groups (" << groups
                           << ")";
  if (!ShapedType::isDynamic(x[1]) && dimsDiffer(x[1] / groups, w[1]))
    return emitOpError("w must have ")
           << x[1] / groups << " input channels per group, got " << w[1];
  for (int i = 0; i < 2; ++i) {
    if (ShapedType::isDynamic(x[2 + i]) || ShapedType::isDynamic(w[2 + i]) ||
        ShapedType::isDynamic(y[2 + i]))
      continue;
    int64_t extent = getDilations()[i] * (w[2 + i] - 1) + 1;
    int64_t padded = x[2 + i] + getPads()[i] + getPads()[i + 2];
    int64_t expected =
        padded < extent ? 0 : (padded - extent) / getStrides()[i] + 1;
    if (y[2 + i] != expected)
      return emitOpError("outs dimension ")
             << (getChannelsLast() ? 1 : 2) + i << " is " << y[2 + i]
             << ", expected " << expected;
  }
  if (Value bias = getBias()) {
    auto type = cast<ShapedType>(bias.getType());
    if (type.getRank() != 1 || dimsDiffer(type.getDimSize(0), y[1]))
      return emitOpError("bias must be [") << y[1] << "], got " << type;
  }
  if (Value residual = getResidual()) {
    auto type = cast<ShapedType>(residual.getType());
    if (type.getShape() != cast<ShapedType>(getInit().getType()).getShape())
      return emitOpError("residual must have the shape of outs, got ")
             << type;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// MaxPool2dOp, AvgPool2dOp
//===----------------------------------------------------------------------===//

namespace {
/// The checks both poolings share: the windows' attributes, and output
/// sizes that leave each window a tap inside the input.
LogicalResult verifyPool2d(Operation *op, Value xValue, Value init,
                           ArrayRef<int64_t> kernelShape,
                           ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                           ArrayRef<int64_t> dilations, bool channelsLast) {
  if (failed(checkNchwOperands(op, xValue, init)) ||
      failed(checkArray(op, "kernel_shape", kernelShape, 2, 1)) ||
      failed(checkArray(op, "strides", strides, 2, 1)) ||
      failed(checkArray(op, "pads", pads, 4, 0)) ||
      failed(checkArray(op, "dilations", dilations, 2, 1)))
    return failure();
  SmallVector<int64_t, 4> x = nchwSizes(xValue, channelsLast);
  SmallVector<int64_t, 4> y = nchwSizes(init, channelsLast);
  for (int i = 0; i < 2; ++i)
    if (dimsDiffer(x[i], y[i]))
      return op->emitOpError("x and outs differ in dimension ") << i;
  for (int i = 0; i < 2; ++i) {
    int64_t in = x[2 + i], out = y[2 + i];
    if (ShapedType::isDynamic(in) || ShapedType::isDynamic(out))
      continue;
    if (out < 1)
      return op->emitOpError("outs dimension ")
             << (channelsLast ? 1 : 2) + i << " is empty";
    // The last window starts inside the input (or its top/left padding)
    // and the first one reaches into it.
    int64_t extent = dilations[i] * (kernelShape[i] - 1) + 1;
    if ((out - 1) * strides[i] - pads[i] >= in || pads[i] >= extent)
      return op->emitOpError("outs dimension ")
             << (channelsLast ? 1 : 2) + i << " (" << out
             << ") has windows with no tap inside x";
  }
  return success();
}
} // namespace

LogicalResult MaxPool2dOp::verify() {
  return verifyPool2d(getOperation(), getX(), getInit(), getKernelShape(),
                      getStrides(), getPads(), getDilations(),
                      getChannelsLast());
}

LogicalResult AvgPool2dOp::verify() {
  SmallVector<int64_t> noDilation = {1, 1};
  return verifyPool2d(getOperation(), getX(), getInit(), getKernelShape(),
                      getStrides(), getPads(), noDilation, getChannelsLast());
}

//===----------------------------------------------------------------------===//
// What every kernel op shares: memory effects and bufferization
//===----------------------------------------------------------------------===//

namespace {
/// On buffers, a kernel op writes `init` and reads every other operand.
void getKernelEffects(
    DestinationStyleOpInterface op,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (op.isDpsInit(&operand))
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

bufferization::AliasingValueList
kernelAliasingValues(DestinationStyleOpInterface op, OpOperand &operand) {
  if (!op.isDpsInit(&operand) || op->getNumResults() == 0)
    return {};
  return {{op->getResult(0), bufferization::BufferRelation::Equivalent}};
}

/// The same op on the operands' buffers, with no result; the result is
/// then the buffer of init.
LogicalResult
bufferizeKernel(DestinationStyleOpInterface op, RewriterBase &rewriter,
                const bufferization::BufferizationOptions &options,
                bufferization::BufferizationState &state) {
  SmallVector<Value> buffers;
  for (Value operand : op->getOperands()) {
    FailureOr<Value> buffer =
        bufferization::getBuffer(rewriter, operand, options, state);
    if (failed(buffer))
      return failure();
    buffers.push_back(*buffer);
  }
  rewriter.setInsertionPoint(op);
  OperationState bufferized(op->getLoc(), op->getName(), buffers,
                            /*types=*/TypeRange(), op->getAttrs());
  rewriter.create(bufferized);
  Value init = buffers[op.getDpsInitsMutable().begin()->getOperandNumber()];
  bufferization::replaceOpWithBufferizedValues(rewriter, op, init);
  return success();
}
} // namespace

#define NABLA_KERNEL_OP_INTERFACES(Op)                                         \
  void Op::getEffects(                                                         \
      SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>      \
          &effects) {                                                          \
    getKernelEffects(*this, effects);                                          \
  }                                                                            \
  bool Op::bufferizesToMemoryRead(OpOperand &operand,                          \
                                  const bufferization::AnalysisState &) {      \
    return !isDpsInit(&operand);                                               \
  }                                                                            \
  bool Op::bufferizesToMemoryWrite(OpOperand &operand,                         \
                                   const bufferization::AnalysisState &) {     \
    return isDpsInit(&operand);                                                \
  }                                                                            \
  bufferization::AliasingValueList Op::getAliasingValues(                      \
      OpOperand &operand, const bufferization::AnalysisState &) {              \
    return kernelAliasingValues(*this, operand);                               \
  }                                                                            \
  LogicalResult Op::bufferize(                                                 \
      RewriterBase &rewriter,                                                  \
      const bufferization::BufferizationOptions &options,                      \
      bufferization::BufferizationState &state) {                              \
    return bufferizeKernel(*this, rewriter, options, state);                   \
  }

NABLA_KERNEL_OP_INTERFACES(SgemmOp)
NABLA_KERNEL_OP_INTERFACES(Conv2dOp)
NABLA_KERNEL_OP_INTERFACES(MaxPool2dOp)
NABLA_KERNEL_OP_INTERFACES(AvgPool2dOp)
