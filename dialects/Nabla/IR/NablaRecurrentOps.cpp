//===- NablaRecurrentOps.cpp - Recurrent ops: shape inference -------------===//

#include "dialects/Nabla/IR/NablaRecurrentOps.h"

#include <string>

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

namespace {
/// What shape inference needs from an LSTM, GRU or RNN. The three differ in
/// the number of gates stacked in their weights and in which optional
/// operands they have; a null type is an absent operand.
struct RecurrentLayer {
  /// Gates stacked in `w` and `r`: 4 for LSTM (i, o, f, c), 3 for GRU
  /// (z, r, h), 1 for RNN.
  int64_t numGates;
  Type x, w, r, bias, sequenceLens, initialH, initialC, peepholes;
  IntegerAttr hiddenSize;
  RnnDirection direction;
  std::optional<APFloat> clip;
  /// The LSTM also returns its last cell state.
  bool hasCellState;
};
} // namespace

/// Bounds hidden_size so that `2 * numGates * hidden_size` cannot overflow.
static constexpr int64_t kMaxHiddenSize = int64_t(1) << 32;

/// "4 * hidden_size", or "hidden_size" for a factor of one.
static std::string scaledHiddenSize(int64_t factor) {
  if (factor == 1)
    return "hidden_size";
  return std::to_string(factor) + " * hidden_size";
}

/// Checks the operands of a recurrent layer against x and hidden_size and
/// infers (y, y_h[, y_c]).
static LogicalResult inferRecurrentResults(std::optional<Location> loc,
                                           StringRef opName,
                                           const RecurrentLayer &layer,
                                           SmallVectorImpl<Type> &inferred) {
  // Builders may omit the attribute; the verifier reports it first otherwise.
  if (!layer.hiddenSize)
    return emitInferError(loc, opName, "requires attribute 'hidden_size'");
  int64_t hidden = layer.hiddenSize.getInt();
  if (hidden <= 0 || hidden > kMaxHiddenSize)
    return emitInferError(loc, opName, "hidden_size must lie in [1, ",
                          kMaxHiddenSize, "], got ", hidden);
  if (layer.clip && !(layer.clip->convertToDouble() > 0.0))
    return emitInferError(loc, opName, "clip must be positive, got ",
                          layer.clip->convertToDouble());

  auto x = dyn_cast<RankedTensorType>(layer.x);
  if (!x || x.getRank() != 3)
    return emitInferError(loc, opName,
                          "x must have rank 3 ([seq_length, batch_size, "
                          "input_size]), got ",
                          layer.x);
  int64_t seqLength = x.getDimSize(0);
  int64_t batch = x.getDimSize(1);
  int64_t inputSize = x.getDimSize(2);
  int64_t numDirections =
      layer.direction == RnnDirection::bidirectional ? 2 : 1;
  int64_t gateRows = layer.numGates * hidden;
  std::string gateRowsName = scaledHiddenSize(layer.numGates);
  if (failed(verifyShape(loc, opName, "w",
                         "[num_directions, " + gateRowsName + ", input_size]",
                         layer.w, {numDirections, gateRows, inputSize})) ||
      failed(verifyShape(loc, opName, "r",
                         "[num_directions, " + gateRowsName + ", hidden_size]",
                         layer.r, {numDirections, gateRows, hidden})))
    return failure();

  Type element = x.getElementType();
  auto verifyOptional = [&](StringRef name, Type type,
                            const std::string &layout, ArrayRef<int64_t> shape,
                            bool isFloat) {
    if (!type)
      return success();
    if (failed(verifyShape(loc, opName, name, layout, type, shape)))
      return failure();
    if (!isFloat)
      return success();
    return verifyElementType(loc, opName, name, type, "x", element);
  };
  std::string stateLayout = "[num_directions, batch_size, hidden_size]";
  if (failed(verifyOptional("bias", layer.bias,
                            "[num_directions, " +
                                scaledHiddenSize(2 * layer.numGates) + "]",
                            {numDirections, 2 * gateRows}, /*isFloat=*/true)) ||
      failed(verifyOptional("sequence_lens", layer.sequenceLens, "[batch_size]",
                            {batch}, /*isFloat=*/false)) ||
      failed(verifyOptional("initial_h", layer.initialH, stateLayout,
                            {numDirections, batch, hidden},
                            /*isFloat=*/true)) ||
      failed(verifyOptional("initial_c", layer.initialC, stateLayout,
                            {numDirections, batch, hidden},
                            /*isFloat=*/true)) ||
      failed(verifyOptional("peepholes", layer.peepholes,
                            "[num_directions, 3 * hidden_size]",
                            {numDirections, 3 * hidden}, /*isFloat=*/true)))
    return failure();

  auto state = RankedTensorType::get({numDirections, batch, hidden}, element);
  inferred.push_back(RankedTensorType::get(
      {seqLength, numDirections, batch, hidden}, element));
  inferred.push_back(state);
  if (layer.hasCellState)
    inferred.push_back(state);
  return success();
}

LogicalResult LstmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  RecurrentLayer layer{
      /*numGates=*/4,
      adaptor.getX().getType(),
      adaptor.getW().getType(),
      adaptor.getR().getType(),
      getTypeOrNull(adaptor.getBias()),
      getTypeOrNull(adaptor.getSequenceLens()),
      getTypeOrNull(adaptor.getInitialH()),
      getTypeOrNull(adaptor.getInitialC()),
      getTypeOrNull(adaptor.getPeepholes()),
      dyn_cast_or_null<IntegerAttr>(adaptor.getProperties().hidden_size),
      adaptor.getDirection(),
      adaptor.getClip(),
      /*hasCellState=*/true};
  return inferRecurrentResults(location, getOperationName(), layer, inferred);
}

LogicalResult GruOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  RecurrentLayer layer{
      /*numGates=*/3,
      adaptor.getX().getType(),
      adaptor.getW().getType(),
      adaptor.getR().getType(),
      getTypeOrNull(adaptor.getBias()),
      getTypeOrNull(adaptor.getSequenceLens()),
      getTypeOrNull(adaptor.getInitialH()),
      /*initialC=*/Type(),
      /*peepholes=*/Type(),
      dyn_cast_or_null<IntegerAttr>(adaptor.getProperties().hidden_size),
      adaptor.getDirection(),
      adaptor.getClip(),
      /*hasCellState=*/false};
  return inferRecurrentResults(location, getOperationName(), layer, inferred);
}

LogicalResult RnnOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  RecurrentLayer layer{
      /*numGates=*/1,
      adaptor.getX().getType(),
      adaptor.getW().getType(),
      adaptor.getR().getType(),
      getTypeOrNull(adaptor.getBias()),
      getTypeOrNull(adaptor.getSequenceLens()),
      getTypeOrNull(adaptor.getInitialH()),
      /*initialC=*/Type(),
      /*peepholes=*/Type(),
      dyn_cast_or_null<IntegerAttr>(adaptor.getProperties().hidden_size),
      adaptor.getDirection(),
      adaptor.getClip(),
      /*hasCellState=*/false};
  return inferRecurrentResults(location, getOperationName(), layer, inferred);
}

//===----------------------------------------------------------------------===//
// EmbeddingOp
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto table = dyn_cast<RankedTensorType>(adaptor.getTable().getType());
  if (!table || table.getRank() != 2)
    return emitInferError(location, getOperationName(),
                          "table must have rank 2 ([num_embeddings, "
                          "embedding_dim]), got ",
                          adaptor.getTable().getType());
  auto indices = dyn_cast<RankedTensorType>(adaptor.getIndices().getType());
  if (!indices)
    return emitInferError(location, getOperationName(),
                          "indices must be a ranked tensor, got ",
                          adaptor.getIndices().getType());
  SmallVector<int64_t> shape(indices.getShape());
  shape.push_back(table.getDimSize(1));
  inferred.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaRecurrentOps.cpp.inc"
