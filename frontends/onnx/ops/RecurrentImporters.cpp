//===- RecurrentImporters.cpp - ONNX LSTM, GRU and RNN to nabla -----------===//
//
// nabla's recurrent layers are ONNX's with layout 0 and the default
// activations, so the mapping is one to one: optional inputs keep their
// positions, layout = 1 (batch first) becomes transposes around the layer,
// and anything nabla cannot express (other activations, their alpha/beta)
// is refused by name.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/NodeContext.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
enum class Kind { Lstm, Gru, Rnn };

struct KindInfo {
  llvm::StringRef opName;
  /// ONNX input positions of x, W, R, B, sequence_lens, initial_h,
  /// [initial_c, P] map to nabla operand segments in the same order.
  unsigned numInputs;
  unsigned numOutputs;
  /// Default activations per direction, as ONNX spells them.
  SmallVector<llvm::StringRef> defaultActivations;
};

KindInfo infoFor(Kind kind) {
  switch (kind) {
  case Kind::Lstm:
    return {LstmOp::getOperationName(), 8, 3, {"Sigmoid", "Tanh", "Tanh"}};
  case Kind::Gru:
    return {GruOp::getOperationName(), 6, 2, {"Sigmoid", "Tanh"}};
  case Kind::Rnn:
    return {RnnOp::getOperationName(), 6, 2, {"Tanh"}};
  }
  llvm_unreachable("unknown recurrent kind");
}

/// Swaps the first two dimensions (layout = 1 <-> layout = 0).
FailureOr<Value> swapLeading(NodeContext &ctx, Value v, ArrayRef<int64_t> perm) {
  return ctx.create<TransposeOp>(
      {v}, {ctx.namedAttr("perm", ctx.builder().getDenseI64ArrayAttr(perm))});
}

template <Kind kind>
LogicalResult importRecurrent(NodeContext &ctx) {
  KindInfo info = infoFor(kind);
  OpBuilder &b = ctx.builder();

  std::string direction = ctx.getString("direction", "forward");
  RnnDirection dir;
  if (direction == "forward")
    dir = RnnDirection::forward;
  else if (direction == "reverse")
    dir = RnnDirection::reverse;
  else if (direction == "bidirectional")
    dir = RnnDirection::bidirectional;
  else
    return ctx.unsupported("direction '" + direction + "' is not an ONNX direction");
  unsigned numDirections = dir == RnnDirection::bidirectional ? 2 : 1;

  // Activations: nabla's layers have ONNX's defaults (and RNN one shared
  // choice of Tanh/Relu/Sigmoid).
  std::vector<std::string> activations = ctx.getStrings("activations");
  std::optional<RnnActivation> rnnActivation;
  if (!activations.empty()) {
    size_t perDirection = info.defaultActivations.size();
    if (activations.size() != perDirection * numDirections)
      return ctx.unsupported("activations lists " +
                             std::to_string(activations.size()) +
                             " functions, expected " +
                             std::to_string(perDirection * numDirections));
    for (size_t i = 0; i < activations.size(); ++i) {
      llvm::StringRef a = activations[i];
      if (kind == Kind::Rnn) {
        std::optional<RnnActivation> parsed =
            llvm::StringSwitch<std::optional<RnnActivation>>(a)
                .Case("Tanh", RnnActivation::tanh)
                .Case("Relu", RnnActivation::relu)
                .Case("Sigmoid", RnnActivation::sigmoid)
                .Default(std::nullopt);
        if (!parsed || (rnnActivation && *rnnActivation != *parsed))
          return ctx.unsupported(
              "activations: nabla.rnn takes one of Tanh, Relu, Sigmoid for "
              "every direction, not '" + a.str() + "'");
        rnnActivation = parsed;
        continue;
      }
      if (a != info.defaultActivations[i % perDirection])
        return ctx.unsupported("activation '" + a.str() + "' at position " +
                               std::to_string(i) +
                               " is not supported (only the defaults)");
    }
  }
  if (ctx.hasAttr("activation_alpha") || ctx.hasAttr("activation_beta"))
    return ctx.unsupported(
        "activation_alpha/activation_beta are not supported");

  int64_t layout = ctx.getInt("layout", 0);
  if (layout != 0 && layout != 1)
    return ctx.unsupported("layout " + std::to_string(layout) +
                           " is not 0 or 1");

  // Operands in ONNX order; absent optional inputs leave empty segments.
  SmallVector<Value> operands;
  SmallVector<int32_t> segments;
  for (unsigned i = 0; i < info.numInputs; ++i) {
    if (!ctx.hasInput(i)) {
      if (i < 3)
        return ctx.unsupported("input " + std::to_string(i) + " is required");
      segments.push_back(0);
      continue;
    }
    FailureOr<Value> v = ctx.input(i);
    if (failed(v))
      return failure();
    Value value = *v;
    // Batch-first X [B, S, I] and states [B, D, H] become layout 0.
    if (layout == 1 && (i == 0 || i == 5 || i == 6)) {
      FailureOr<Value> swapped = swapLeading(ctx, value, {1, 0, 2});
      if (failed(swapped))
        return failure();
      value = *swapped;
    }
    operands.push_back(value);
    segments.push_back(1);
  }

  RankedTensorType wType = ctx.inputType(1);
  int64_t hiddenSize = ctx.getInt("hidden_size", 0);
  if (!ctx.hasAttr("hidden_size")) {
    // Derivable from R: [D, gates*H, H].
    RankedTensorType rType = ctx.inputType(2);
    if (!rType || rType.getRank() != 3)
      return ctx.unsupported("hidden_size is missing and R is not rank 3");
    hiddenSize = rType.getDimSize(2);
  }
  if (!wType)
    return ctx.unsupported("input 1 (W) is required");

  SmallVector<NamedAttribute> attrs{
      ctx.namedAttr("operandSegmentSizes", b.getDenseI32ArrayAttr(segments)),
      ctx.namedAttr("hidden_size", b.getI64IntegerAttr(hiddenSize)),
      ctx.namedAttr("direction", RnnDirectionAttr::get(ctx.context(), dir))};
  if (ctx.hasAttr("clip"))
    attrs.push_back(
        ctx.namedAttr("clip", b.getF32FloatAttr(ctx.getFloat("clip", 0))));
  if (kind == Kind::Lstm && ctx.getInt("input_forget", 0))
    attrs.push_back(ctx.namedAttr("input_forget", b.getUnitAttr()));
  if (kind == Kind::Gru && ctx.getInt("linear_before_reset", 0))
    attrs.push_back(ctx.namedAttr("linear_before_reset", b.getUnitAttr()));
  if (kind == Kind::Rnn && rnnActivation)
    attrs.push_back(ctx.namedAttr(
        "activation", RnnActivationAttr::get(ctx.context(), *rnnActivation)));

  FailureOr<Operation *> op =
      ctx.createOp(info.opName, operands, attrs, info.numOutputs);
  if (failed(op))
    return failure();
  for (unsigned i = 0; i < info.numOutputs; ++i) {
    Value result = (*op)->getResult(i);
    if (layout == 1 && ctx.hasOutput(i)) {
      // Y: [S, D, B, H] -> [B, S, D, H]; Y_h, Y_c: [D, B, H] -> [B, D, H].
      FailureOr<Value> swapped =
          i == 0 ? swapLeading(ctx, result, {2, 0, 1, 3})
                 : swapLeading(ctx, result, {1, 0, 2});
      if (failed(swapped))
        return failure();
      result = *swapped;
    }
    ctx.setOutput(i, result);
  }
  return success();
}
} // namespace

void mlir::nabla::onnx_frontend::registerRecurrentImporters(
    OpImporterRegistry &registry) {
  registry.add("LSTM", importRecurrent<Kind::Lstm>);
  registry.add("GRU", importRecurrent<Kind::Gru>);
  registry.add("RNN", importRecurrent<Kind::Rnn>);
}
