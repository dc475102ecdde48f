//===- RecurrentToLinalg.cpp - Lower nabla recurrent ops ------------------===//
//
// lstm, gru and rnn project the inputs of every step and direction with one
// linalg.matmul (the big GEMM, biases as its initial accumulator), then run
// an scf.for over the steps of each direction. The loop carries the states,
// the `y` accumulator and scratch tensors for the recurrent products as
// iter_args, and every step updates them in place: a linalg.matmul of the
// previous hidden state with the recurrent weights, then one linalg.generic
// that computes the gates and writes the new states and the step's slice of
// `y`. f16 and bf16 layers keep their states and gates in f32.
//
// embedding is a linalg.generic whose body extracts the row of each index.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::nabla;

namespace {

enum class CellKind { Lstm, Gru, Rnn };

/// How an operand of a step's linalg.generic, which iterates over
/// [batch, hidden], is read.
enum class StepRead {
  Element, // [batch, hidden]
  Hidden,  // [hidden], the same for every batch entry
  Batch,   // [batch], the same for every hidden unit
};

/// The operands and attributes of one recurrent layer, the same for the
/// three ops up to the cell.
struct LayerSpec {
  CellKind kind = CellKind::Rnn;
  Value x, w, r, bias, sequenceLens, initialH, initialC, peepholes;
  int64_t hiddenSize = 0;
  RnnDirection direction = RnnDirection::forward;
  std::optional<APFloat> clip;
  bool inputForget = false;
  bool linearBeforeReset = false;
  RnnActivation activation = RnnActivation::tanh;
};

/// Builds the lowering of one recurrent layer. Shapes follow ONNX with
/// layout 0: T steps, B batch entries, I inputs, H hidden units, G gates, D
/// directions.
///
/// Each direction's loop carries the states h (and c), y and the scratch
/// tensors of the recurrent products, and every step updates them in place:
/// products accumulate into their scratch, the gate generic writes the
/// states as its outputs, and y through an extract_slice / insert_slice
/// pair. A generic output whose old value the payload does not read may be
/// replaced by a tensor.empty (linalg's RemoveOutsDependency, run by the
/// elementwise fusion pass), and a loop must yield its iter_arg's buffer, so
/// the generics' results go back into their loop-carried tensors through a
/// linalg.copy: a self-copy that canonicalization erases when the generic
/// wrote in place.
class LayerBuilder {
public:
  LayerBuilder(OpBuilder &builder, Location loc, const LayerSpec &spec)
      : builder(builder), loc(loc), spec(spec) {
    auto xType = cast<RankedTensorType>(spec.x.getType());
    elementType = xType.getElementType();
    computeType = getAccumulatorType(elementType);
    steps = xType.getDimSize(0);
    batch = xType.getDimSize(1);
    inputSize = xType.getDimSize(2);
    hidden = spec.hiddenSize;
    gates = spec.kind == CellKind::Lstm  ? 4
            : spec.kind == CellKind::Gru ? 3
                                         : 1;
    directions = spec.direction == RnnDirection::bidirectional ? 2 : 1;
    stateCount = spec.kind == CellKind::Lstm ? 2 : 1;
  }

  /// y, y_h and (for lstm) y_c.
  SmallVector<Value> build();

private:
  using Body = function_ref<SmallVector<Value>(
      OpBuilder &, Location, ValueRange ins, ValueRange outs)>;

  Value constant(OpBuilder &b, double value) const {
    return createScalarConstant(b, loc, computeType, value);
  }
  Value toCompute(OpBuilder &b, Value scalar) const {
    return castScalar(b, loc, scalar, computeType, false, false);
  }

  Value slice(OpBuilder &b, Value source, ArrayRef<OpFoldResult> offsets,
              ArrayRef<int64_t> sizes, ArrayRef<int64_t> resultShape) const;
  Value columns(OpBuilder &b, Value source, int64_t column) const;

  Value projectInputs();
  Value initialState(Value init, int64_t direction);
  Value product(OpBuilder &b, Value lhs, Value weights, Value scratch) const;
  SmallVector<Value> stepGeneric(OpBuilder &b,
                                 ArrayRef<std::pair<Value, StepRead>> ins,
                                 ValueRange outs, Body body) const;
  Value activate(OpBuilder &b, Value preActivation, RnnActivation kind) const;
  SmallVector<Value> runDirection(Value projected, Value y, int64_t direction);

  OpBuilder &builder;
  Location loc;
  const LayerSpec &spec;
  Type elementType, computeType;
  int64_t steps, batch, inputSize, hidden, gates, directions, stateCount;
};

} // namespace

Value LayerBuilder::slice(OpBuilder &b, Value source,
                          ArrayRef<OpFoldResult> offsets,
                          ArrayRef<int64_t> sizes,
                          ArrayRef<int64_t> resultShape) const {
  auto sourceType = cast<RankedTensorType>(source.getType());
  SmallVector<OpFoldResult> sizeAttrs, strides;
  for (int64_t size : sizes) {
    sizeAttrs.push_back(b.getIndexAttr(size));
    strides.push_back(b.getIndexAttr(1));
  }
  return tensor::ExtractSliceOp::create(b, loc, sourceType.clone(resultShape),
                                        source, offsets, sizeAttrs, strides);
}

/// x[T*B, I] times the stacked weights of every direction w[D*G*H, I]
/// transposed, accumulated onto the biases Wb + Rb (only Wb for the
/// candidate gate of a GRU with linear_before_reset, whose Rb is scaled by
/// the reset gate): [T*B, D*G*H] in the compute type.
Value LayerBuilder::projectInputs() {
  MLIRContext *context = builder.getContext();
  int64_t rows = steps * batch, columns = directions * gates * hidden;
  auto resultType = RankedTensorType::get({rows, columns}, computeType);
  Value init;
  if (spec.bias) {
    // bias[D, 2*G*H] is [Wb, Rb] per direction: sum the halves.
    Value halves = reshapeContiguous(builder, loc, spec.bias,
                                     {directions, 2, gates * hidden});
    auto sumType =
        RankedTensorType::get({directions, gates * hidden}, computeType);
    AffineExpr d0, d1;
    bindDims(context, d0, d1);
    auto half = [&](int64_t index) {
      return AffineMap::get(
          2, 0, {d0, getAffineConstantExpr(index, context), d1}, context);
    };
    SmallVector<AffineMap> maps = {half(0), half(1),
                                   AffineMap::get(2, 0, {d0, d1}, context)};
    SmallVector<utils::IteratorType> iterators(2,
                                               utils::IteratorType::parallel);
    bool keepRecurrentCandidate =
        spec.kind == CellKind::Gru && spec.linearBeforeReset;
    Value sum =
        linalg::GenericOp::create(
            builder, loc, TypeRange{sumType}, ValueRange{halves, halves},
            ValueRange{createEmptyTensor(builder, loc, sumType)}, maps,
            iterators,
            [&](OpBuilder &b, Location loc, ValueRange args) {
              Value wb = toCompute(b, args[0]), rb = toCompute(b, args[1]);
              Value result = arith::AddFOp::create(b, loc, wb, rb);
              if (keepRecurrentCandidate) {
                Value column = linalg::IndexOp::create(b, loc, 1);
                Value candidateStart =
                    arith::ConstantIndexOp::create(b, loc, 2 * hidden);
                Value isCandidate = arith::CmpIOp::create(
                    b, loc, arith::CmpIPredicate::sge, column, candidateStart);
                result =
                    arith::SelectOp::create(b, loc, isCandidate, wb, result);
              }
              linalg::YieldOp::create(b, loc, result);
            })
            .getResult(0);
    Value flat = reshapeContiguous(builder, loc, sum, {columns});
    init = linalg::BroadcastOp::create(
               builder, loc, flat, createEmptyTensor(builder, loc, resultType),
               ArrayRef<int64_t>{0})
               .getResult()[0];
  } else {
    init = createFilledTensor(builder, loc, resultType, constant(builder, 0));
  }

  Value x2d = reshapeContiguous(builder, loc, spec.x, {rows, inputSize});
  Value w2d = reshapeContiguous(builder, loc, spec.w, {columns, inputSize});
  AffineExpr m, n, k;
  bindDims(context, m, n, k);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, context),
                                 AffineMap::get(3, 0, {n, k}, context),
                                 AffineMap::get(3, 0, {m, n}, context)};
  auto matmul =
      linalg::MatmulOp::create(builder, loc, TypeRange{resultType},
                               ValueRange{x2d, w2d}, ValueRange{init});
  matmul.setIndexingMapsAttr(builder.getAffineMapArrayAttr(maps));
  return matmul.getResult(0);
}

/// Columns [column, column + H) of source[B, N]: one gate.
Value LayerBuilder::columns(OpBuilder &b, Value source, int64_t column) const {
  return slice(b, source, {b.getIndexAttr(0), b.getIndexAttr(column)},
               {batch, hidden}, {batch, hidden});
}

/// The state of `direction` before the first step: a copy of
/// `init[direction]` in the compute type, or zeros. The loop updates the
/// state in place, and the copy keeps it from updating the operand's buffer
/// (a caller's input when the operand is a function argument).
Value LayerBuilder::initialState(Value init, int64_t direction) {
  auto type = RankedTensorType::get({batch, hidden}, computeType);
  if (!init)
    return createFilledTensor(builder, loc, type, constant(builder, 0));
  Value state = slice(builder, init,
                      {builder.getIndexAttr(direction), builder.getIndexAttr(0),
                       builder.getIndexAttr(0)},
                      {1, batch, hidden}, {batch, hidden});
  if (computeType != elementType)
    return convertElements(builder, loc, state, type);
  return linalg::CopyOp::create(builder, loc, state,
                                createEmptyTensor(builder, loc, type))
      .getResult(0);
}

/// lhs[B, H] times `weights`[H, N], accumulated from zero in
/// `scratch`[B, N], which the loop carries so that no step allocates.
Value LayerBuilder::product(OpBuilder &b, Value lhs, Value weights,
                            Value scratch) const {
  Value zero =
      linalg::FillOp::create(b, loc, constant(b, 0), scratch).getResult(0);
  return linalg::MatmulOp::create(b, loc, TypeRange{scratch.getType()},
                                  ValueRange{lhs, weights}, ValueRange{zero})
      .getResult(0);
}

/// A linalg.generic over [batch, hidden] that updates `outs` in place.
SmallVector<Value>
LayerBuilder::stepGeneric(OpBuilder &b,
                          ArrayRef<std::pair<Value, StepRead>> ins,
                          ValueRange outs, Body body) const {
  MLIRContext *context = b.getContext();
  AffineExpr bi, hi;
  bindDims(context, bi, hi);
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (auto [value, read] : ins) {
    inputs.push_back(value);
    switch (read) {
    case StepRead::Element:
      maps.push_back(AffineMap::get(2, 0, {bi, hi}, context));
      break;
    case StepRead::Hidden:
      maps.push_back(AffineMap::get(2, 0, {hi}, context));
      break;
    case StepRead::Batch:
      maps.push_back(AffineMap::get(2, 0, {bi}, context));
      break;
    }
  }
  maps.append(outs.size(), AffineMap::get(2, 0, {bi, hi}, context));
  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, outs.getTypes(), inputs, outs, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        SmallVector<Value> results =
            body(nested, nestedLoc, args.take_front(inputs.size()),
                 args.drop_front(inputs.size()));
        linalg::YieldOp::create(nested, nestedLoc, results);
      });
  return SmallVector<Value>(generic.getResults());
}

/// `kind(clip(preActivation))`.
Value LayerBuilder::activate(OpBuilder &b, Value preActivation,
                             RnnActivation kind) const {
  Value value = preActivation;
  if (spec.clip) {
    double clip = spec.clip->convertToDouble();
    value = arith::MaximumFOp::create(b, loc, value, constant(b, -clip));
    value = arith::MinimumFOp::create(b, loc, value, constant(b, clip));
  }
  switch (kind) {
  case RnnActivation::tanh:
    return math::TanhOp::create(b, loc, value);
  case RnnActivation::relu:
    return arith::MaximumFOp::create(b, loc, value, constant(b, 0));
  case RnnActivation::sigmoid:
    return createSigmoid(b, loc, value);
  }
  llvm_unreachable("unknown activation");
}

/// The loop over the steps of `direction`, writing y[:, direction] into `y`.
/// Returns the updated y, then the last states (h, and c for lstm).
SmallVector<Value> LayerBuilder::runDirection(Value projected, Value y,
                                              int64_t direction) {
  bool reverse = spec.direction == RnnDirection::reverse || direction == 1;
  int64_t gateColumns = gates * hidden;
  auto index = [&](int64_t value) { return builder.getIndexAttr(value); };

  // This direction's recurrent weights [G*H, H], transposed once before
  // the loop: every step's product then reads [H, G*H] as it is (the
  // matrix kernel packs a transposed operand on every call: 17 % of a
  // 2-layer LSTM's time, packing the same weights at each step).
  auto recurrentWeights = [&](int64_t firstGate, int64_t gateCount) {
    Value rows =
        slice(builder, spec.r,
              {index(direction), index(firstGate * hidden), index(0)},
              {1, gateCount * hidden, hidden}, {gateCount * hidden, hidden});
    // Rows padded by 16 elements: rows whose stride is a multiple of 2 KiB
    // fall in a few sets of the L1 cache, and the kernel reads them all at
    // once (G*H = 512: 2x slower).
    int64_t columns = gateCount * hidden;
    Type element = getElementTypeOrSelf(rows.getType());
    Value padded = createEmptyTensor(
        builder, loc, RankedTensorType::get({hidden, columns + 16}, element));
    Value view = slice(builder, padded, {index(0), index(0)},
                       {hidden, columns}, {hidden, columns});
    return linalg::TransposeOp::create(builder, loc, rows, view,
                                       ArrayRef<int64_t>{1, 0})
        .getResult()[0];
  };
  auto perHidden = [&](Value source, int64_t offset) {
    return slice(builder, source, {index(direction), index(offset)},
                 {1, hidden}, {hidden});
  };
  // Without linear_before_reset the candidate's product needs
  // r_t . H_{t-1}: two products per step.
  bool gruSplitProduct = spec.kind == CellKind::Gru && !spec.linearBeforeReset;
  SmallVector<Value> weights;
  if (gruSplitProduct)
    weights = {recurrentWeights(0, 2), recurrentWeights(2, 1)};
  else
    weights = {recurrentWeights(0, gates)};
  SmallVector<Value> peepholes;
  if (spec.peepholes)
    for (int64_t gate = 0; gate < 3; ++gate)
      peepholes.push_back(perHidden(spec.peepholes, gate * hidden));
  Value candidateRecurrentBias;
  if (spec.kind == CellKind::Gru && spec.linearBeforeReset && spec.bias)
    candidateRecurrentBias = perHidden(spec.bias, 5 * hidden);

  // iter_args: the states, y, then the scratch tensors. The scratches
  // start as zeros rather than tensor.empty: once CSE merges equal empties,
  // one-shot bufferization (MLIR 22) gives the write-only iter_args that
  // start from one tensor.empty one buffer.
  auto scratch = [&](int64_t width) {
    return createFilledTensor(
        builder, loc, RankedTensorType::get({batch, width}, computeType),
        constant(builder, 0));
  };
  SmallVector<Value> inits = {initialState(spec.initialH, direction)};
  if (stateCount == 2)
    inits.push_back(initialState(spec.initialC, direction));
  inits.push_back(y);
  if (gruSplitProduct)
    for (int64_t width : {2 * hidden, hidden})
      inits.push_back(scratch(width));
  else
    inits.push_back(scratch(gateColumns));

  Value lower = arith::ConstantIndexOp::create(builder, loc, 0);
  Value upper = arith::ConstantIndexOp::create(builder, loc, steps);
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  auto loop = scf::ForOp::create(
      builder, loc, lower, upper, one, inits,
      [&](OpBuilder &b, Location loc, Value step, ValueRange iterArgs) {
        Value t = step;
        if (reverse) {
          Value last = arith::ConstantIndexOp::create(b, loc, steps - 1);
          t = arith::SubIOp::create(b, loc, last, step);
        }
        ValueRange states = iterArgs.take_front(stateCount);
        Value h = states[0], yAll = iterArgs[stateCount];
        ValueRange scratches = iterArgs.drop_front(stateCount + 1);

        // This step's input projection of gate `gate`: [B, H].
        Value row = arith::MulIOp::create(
            b, loc, t, arith::ConstantIndexOp::create(b, loc, batch));
        auto projection = [&](int64_t gate) {
          return slice(
              b, projected,
              {row, b.getIndexAttr(direction * gateColumns + gate * hidden)},
              {batch, hidden}, {batch, hidden});
        };
        // A generic's result written back into its loop-carried `dest`:
        // a self-copy that canonicalization erases when the generic
        // updated `dest` in place, a real copy if its output was replaced
        // by a tensor.empty.
        auto writeBack = [&](Value result, Value dest) -> Value {
          return linalg::CopyOp::create(b, loc, result, dest).getResult(0);
        };

        SmallVector<std::pair<Value, StepRead>> ins;
        auto addElementwise = [&](Value value) {
          ins.push_back({value, StepRead::Element});
        };
        SmallVector<Value> newScratches;
        if (gruSplitProduct) {
          // Scratches: the z and r products, whose r half becomes
          // r_t . H_{t-1} in place, and the product of that with R_h.
          Value zr = product(b, h, weights[0], scratches[0]);
          SmallVector<std::pair<Value, StepRead>> resetIns = {
              {projection(1), StepRead::Element}, {h, StepRead::Element}};
          Value resetHidden = stepGeneric(
              b, resetIns, columns(b, zr, hidden),
              [&](OpBuilder &nb, Location, ValueRange args,
                  ValueRange recurrent) -> SmallVector<Value> {
                Value pre =
                    arith::AddFOp::create(nb, loc, args[0], recurrent[0]);
                Value reset = activate(nb, pre, RnnActivation::sigmoid);
                return {arith::MulFOp::create(nb, loc, reset, args[1])};
              })[0];
          SmallVector<OpFoldResult> resetOffsets = {b.getIndexAttr(0),
                                                    b.getIndexAttr(hidden)};
          SmallVector<OpFoldResult> resetSizes = {b.getIndexAttr(batch),
                                                  b.getIndexAttr(hidden)};
          SmallVector<OpFoldResult> unitStrides(2, b.getIndexAttr(1));
          zr = tensor::InsertSliceOp::create(
              b, loc, resetHidden, zr, resetOffsets, resetSizes, unitStrides);
          Value candidate =
              product(b, columns(b, zr, hidden), weights[1], scratches[1]);
          newScratches = {zr, candidate};
          addElementwise(projection(0));
          addElementwise(projection(2));
          addElementwise(columns(b, zr, 0));
          addElementwise(candidate);
        } else {
          Value products = product(b, h, weights[0], scratches[0]);
          newScratches = {products};
          for (int64_t gate = 0; gate < gates; ++gate)
            addElementwise(projection(gate));
          for (int64_t gate = 0; gate < gates; ++gate)
            addElementwise(columns(b, products, gate * hidden));
        }
        for (Value peephole : peepholes)
          ins.push_back({peephole, StepRead::Hidden});
        if (candidateRecurrentBias)
          ins.push_back({candidateRecurrentBias, StepRead::Hidden});
        Value stepIndex;
        if (spec.sequenceLens) {
          ins.push_back({spec.sequenceLens, StepRead::Batch});
          Type lenType = cast<RankedTensorType>(spec.sequenceLens.getType())
                             .getElementType();
          stepIndex = arith::IndexCastOp::create(b, loc, lenType, t);
        }

        SmallVector<OpFoldResult> yOffsets = {
            t, b.getIndexAttr(direction), b.getIndexAttr(0), b.getIndexAttr(0)};
        SmallVector<Value> outs(states);
        outs.push_back(
            slice(b, yAll, yOffsets, {1, 1, batch, hidden}, {batch, hidden}));
        SmallVector<Value> results = stepGeneric(
            b, ins, outs,
            [&](OpBuilder &nb, Location, ValueRange args,
                ValueRange previous) -> SmallVector<Value> {
              unsigned next = 0;
              auto take = [&] { return toCompute(nb, args[next++]); };
              auto add = [&](Value lhs, Value rhs) -> Value {
                return arith::AddFOp::create(nb, loc, lhs, rhs);
              };
              auto mul = [&](Value lhs, Value rhs) -> Value {
                return arith::MulFOp::create(nb, loc, lhs, rhs);
              };
              auto sub = [&](Value lhs, Value rhs) -> Value {
                return arith::SubFOp::create(nb, loc, lhs, rhs);
              };
              auto sigmoid = [&](Value pre) {
                return activate(nb, pre, RnnActivation::sigmoid);
              };
              auto tanh = [&](Value pre) {
                return activate(nb, pre, RnnActivation::tanh);
              };
              SmallVector<Value> newStates;
              switch (spec.kind) {
              case CellKind::Lstm: {
                // Gates stacked i, o, f, c; peepholes i, o, f.
                Value xi = take(), xo = take(), xf = take(), xc = take();
                Value ri = take(), ro = take(), rf = take(), rc = take();
                Value cPrev = previous[1];
                Value preI = add(xi, ri), preO = add(xo, ro);
                // With input_forget the forget gate is 1 - i.
                Value preF = spec.inputForget ? Value() : add(xf, rf);
                Value peepO;
                if (!peepholes.empty()) {
                  Value pi = take();
                  peepO = take();
                  Value pf = take();
                  preI = add(preI, mul(pi, cPrev));
                  if (preF)
                    preF = add(preF, mul(pf, cPrev));
                }
                Value inputGate = sigmoid(preI);
                Value forgetGate =
                    preF ? sigmoid(preF) : sub(constant(nb, 1), inputGate);
                Value cell = add(mul(forgetGate, cPrev),
                                 mul(inputGate, tanh(add(xc, rc))));
                if (peepO)
                  preO = add(preO, mul(peepO, cell));
                // tanh(C_t) is an output activation, not clipped.
                Value hNew =
                    mul(sigmoid(preO), math::TanhOp::create(nb, loc, cell));
                newStates = {hNew, cell};
                break;
              }
              case CellKind::Gru: {
                // Gates stacked z, r, h.
                Value update, candidatePre;
                if (spec.linearBeforeReset) {
                  Value xz = take(), xr = take(), xh = take();
                  Value rz = take(), rr = take(), rh = take();
                  if (candidateRecurrentBias)
                    rh = add(rh, take());
                  update = sigmoid(add(xz, rz));
                  candidatePre = add(xh, mul(sigmoid(add(xr, rr)), rh));
                } else {
                  // The reset gate is already applied: the last operand is
                  // (r_t . H_{t-1}) * R_h.
                  Value xz = take(), xh = take(), rz = take(), rh = take();
                  update = sigmoid(add(xz, rz));
                  candidatePre = add(xh, rh);
                }
                Value candidate = tanh(candidatePre);
                // (1 - z) . h + z . H_{t-1} = h + z . (H_{t-1} - h).
                Value hNew =
                    add(candidate, mul(update, sub(previous[0], candidate)));
                newStates = {hNew};
                break;
              }
              case CellKind::Rnn:
                newStates = {
                    activate(nb, add(take(), take()), spec.activation)};
                break;
              }

              Value yValue =
                  castScalar(nb, loc, newStates[0], elementType, false, false);
              if (spec.sequenceLens) {
                // Past its length a batch entry keeps its states and
                // writes zeros.
                Value valid =
                    arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::slt,
                                          stepIndex, args[next++]);
                for (auto [state, prev] : llvm::zip_equal(
                         newStates, previous.take_front(newStates.size())))
                  state = arith::SelectOp::create(nb, loc, valid, state, prev);
                Value zero = createScalarConstant(nb, loc, elementType, 0);
                yValue = arith::SelectOp::create(nb, loc, valid, yValue, zero);
              }
              newStates.push_back(yValue);
              return newStates;
            });

        SmallVector<Value> yields;
        for (auto [result, state] : llvm::zip(results, states))
          yields.push_back(writeBack(result, state));
        SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), b.getIndexAttr(1),
                                           b.getIndexAttr(batch),
                                           b.getIndexAttr(hidden)};
        SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
        yields.push_back(tensor::InsertSliceOp::create(
            b, loc, results.back(), yAll, yOffsets, sizes, strides));
        yields.append(newScratches);
        scf::YieldOp::create(b, loc, yields);
      });

  SmallVector<Value> results = {loop.getResult(stateCount)};
  results.append(SmallVector<Value>(loop.getResults().take_front(stateCount)));
  return results;
}

SmallVector<Value> LayerBuilder::build() {
  auto yType =
      RankedTensorType::get({steps, directions, batch, hidden}, elementType);
  auto lastType =
      RankedTensorType::get({directions, batch, hidden}, elementType);
  // Without batch entries or hidden units every result is empty (and slices
  // of empty scratches would not verify).
  if (batch == 0 || hidden == 0) {
    SmallVector<Value> results = {createEmptyTensor(builder, loc, yType)};
    for (int64_t slot = 0; slot < stateCount; ++slot)
      results.push_back(createEmptyTensor(builder, loc, lastType));
    return results;
  }
  Value projected = projectInputs();
  Value y = createEmptyTensor(builder, loc, yType);
  SmallVector<Value> lasts;
  for (int64_t slot = 0; slot < stateCount; ++slot)
    lasts.push_back(createEmptyTensor(builder, loc, lastType));
  for (int64_t direction = 0; direction < directions; ++direction) {
    SmallVector<Value> results = runDirection(projected, y, direction);
    y = results[0];
    for (int64_t slot = 0; slot < stateCount; ++slot) {
      Value state = results[1 + slot];
      state =
          convertElements(builder, loc, state,
                          RankedTensorType::get({batch, hidden}, elementType));
      SmallVector<OpFoldResult> offsets = {builder.getIndexAttr(direction),
                                           builder.getIndexAttr(0),
                                           builder.getIndexAttr(0)};
      SmallVector<OpFoldResult> sizes = {builder.getIndexAttr(1),
                                         builder.getIndexAttr(batch),
                                         builder.getIndexAttr(hidden)};
      SmallVector<OpFoldResult> strides(3, builder.getIndexAttr(1));
      lasts[slot] = tensor::InsertSliceOp::create(
          builder, loc, state, lasts[slot], offsets, sizes, strides);
    }
  }
  SmallVector<Value> results = {y};
  results.append(lasts);
  return results;
}

/// The operands and attributes the three layers share.
template <typename OpTy>
static LayerSpec getLayerSpec(CellKind kind, OpTy op,
                              typename OpTy::Adaptor adaptor) {
  LayerSpec spec;
  spec.kind = kind;
  spec.x = adaptor.getX();
  spec.w = adaptor.getW();
  spec.r = adaptor.getR();
  spec.bias = adaptor.getBias();
  spec.sequenceLens = adaptor.getSequenceLens();
  spec.initialH = adaptor.getInitialH();
  spec.hiddenSize = op.getHiddenSize();
  spec.direction = op.getDirection();
  spec.clip = op.getClip();
  return spec;
}

/// The operands and attributes only one layer has.
static void addCellSpecifics(LayerSpec &spec, LstmOp op,
                             LstmOp::Adaptor adaptor) {
  spec.initialC = adaptor.getInitialC();
  spec.peepholes = adaptor.getPeepholes();
  spec.inputForget = op.getInputForget();
}
static void addCellSpecifics(LayerSpec &spec, GruOp op, GruOp::Adaptor) {
  spec.linearBeforeReset = op.getLinearBeforeReset();
}
static void addCellSpecifics(LayerSpec &spec, RnnOp op, RnnOp::Adaptor) {
  spec.activation = op.getActivation();
}

namespace {

template <typename OpTy, CellKind kind>
struct RecurrentLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    LayerSpec spec = getLayerSpec(kind, op, adaptor);
    addCellSpecifics(spec, op, adaptor);
    rewriter.replaceOp(op, LayerBuilder(rewriter, op.getLoc(), spec).build());
    return success();
  }
};

/// result[i..., e] = table[wrap(indices[i...]), e], with negative indices
/// counting from the end, after a nabla.check_index of the indices. The
/// lookup clamps them too, so that a failed run reads no row outside the
/// table.
struct EmbeddingLowering : OpConversionPattern<EmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(EmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType =
        getConvertedTensorType(*getTypeConverter(), op.getResult());
    Value table = adaptor.getTable();
    int64_t rows = cast<RankedTensorType>(table.getType()).getDimSize(0);
    int64_t rank = resultType.getRank();
    createIndexCheck(rewriter, op, adaptor.getIndices(), rows, /*axis=*/0,
                     /*allowNegative=*/true, /*ignoreIndex=*/std::nullopt);

    // The indices are read at every position but the row's last dimension.
    SmallVector<AffineExpr> indexDims;
    for (int64_t dim = 0; dim < rank - 1; ++dim)
      indexDims.push_back(getAffineDimExpr(dim, context));
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank, 0, indexDims, context),
        AffineMap::getMultiDimIdentityMap(rank, context)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getIndices()},
        ValueRange{createEmptyTensor(rewriter, loc, resultType)}, maps,
        iterators, [&](OpBuilder &b, Location loc, ValueRange args) {
          Value index =
              arith::IndexCastOp::create(b, loc, b.getIndexType(), args[0]);
          Value zero = arith::ConstantIndexOp::create(b, loc, 0);
          Value size = arith::ConstantIndexOp::create(b, loc, rows);
          Value negative = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::slt, index, zero);
          Value wrapped = arith::SelectOp::create(
              b, loc, negative, arith::AddIOp::create(b, loc, index, size),
              index);
          Value last = arith::ConstantIndexOp::create(b, loc, rows - 1);
          Value clamped = arith::MinSIOp::create(
              b, loc, arith::MaxSIOp::create(b, loc, wrapped, zero), last);
          Value column = linalg::IndexOp::create(b, loc, rank - 1);
          Value element = tensor::ExtractOp::create(
              b, loc, table, ValueRange{clamped, column});
          linalg::YieldOp::create(b, loc, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::nabla::populateRecurrentToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<RecurrentLowering<LstmOp, CellKind::Lstm>,
               RecurrentLowering<GruOp, CellKind::Gru>,
               RecurrentLowering<RnnOp, CellKind::Rnn>, EmbeddingLowering>(
      converter, patterns.getContext());
}
