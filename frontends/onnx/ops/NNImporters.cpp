//===- NNImporters.cpp - ONNX neural-network ops to nabla -----------------===//
//
// Contractions (Gemm, MatMul, Einsum), normalizations (BatchNormalization,
// InstanceNormalization, LayerNormalization, MeanVarianceNormalization),
// Dropout, the softmax family (Softmax, LogSoftmax, Hardmax), activations
// nabla has no op for (PRelu, Clip, ThresholdedRelu, Softsign, Shrink, Celu,
// HardSwish) and the classification losses (SoftmaxCrossEntropyLoss,
// NegativeLogLikelihoodLoss). What nabla has no op for is decomposed into
// nabla ops when that is exact; the rest is refused with its reason.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/Limits.h"
#include "frontends/onnx/NodeContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <type_traits>

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
using Ints = SmallVector<int64_t>;

/// A number as a person writes it (0.5, 1e-05), for messages.
std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

Ints iota(int64_t begin, int64_t end) {
  Ints values;
  for (int64_t i = begin; i < end; ++i)
    values.push_back(i);
  return values;
}

/// Builds the nabla ops of one node. The first op that fails reports the
/// node's problem and makes every later op a null Value, so importers check
/// once, when they define their outputs.
class Emitter {
public:
  explicit Emitter(NodeContext &ctx) : ctx(ctx) {}

  bool failed() const { return hasFailed; }
  /// Marks the node failed (after reporting why).
  Value fail() {
    hasFailed = true;
    return {};
  }

  Value input(unsigned i) {
    if (hasFailed)
      return {};
    FailureOr<Value> v = ctx.input(i);
    return check(v);
  }

  template <typename OpTy>
  Value op(ArrayRef<Value> operands, ArrayRef<NamedAttribute> attrs = {}) {
    if (hasFailed || llvm::any_of(operands, [](Value v) { return !v; })) {
      hasFailed = true;
      return {};
    }
    return check(ctx.create<OpTy>(operands, attrs));
  }

  /// An op with several results (batch_norm_train, dropout).
  SmallVector<Value> multi(llvm::StringRef name, ArrayRef<Value> operands,
                           ArrayRef<NamedAttribute> attrs, unsigned n) {
    if (hasFailed || llvm::any_of(operands, [](Value v) { return !v; })) {
      hasFailed = true;
      return SmallVector<Value>(n);
    }
    FailureOr<Operation *> created = ctx.createOp(name, operands, attrs, n);
    if (mlir::failed(created)) {
      hasFailed = true;
      return SmallVector<Value>(n);
    }
    return SmallVector<Value>((*created)->getResults());
  }

  NamedAttribute attr(llvm::StringRef name, Attribute value) {
    return ctx.namedAttr(name, value);
  }
  NamedAttribute ints(llvm::StringRef name, ArrayRef<int64_t> values) {
    return attr(name, DenseI64ArrayAttr::get(ctx.context(), values));
  }
  NamedAttribute i64(llvm::StringRef name, int64_t value) {
    return attr(name, ctx.builder().getI64IntegerAttr(value));
  }
  NamedAttribute f32(llvm::StringRef name, float value) {
    return attr(name, ctx.builder().getF32FloatAttr(value));
  }
  NamedAttribute unit(llvm::StringRef name) {
    return attr(name, ctx.builder().getUnitAttr());
  }

  Value reshape(Value x, ArrayRef<int64_t> shape) {
    if (x && cast<RankedTensorType>(x.getType()).getShape() == shape)
      return x;
    return op<ReshapeOp>({x}, {ints("shape", shape)});
  }
  Value transpose(Value x, ArrayRef<int64_t> perm) {
    if (llvm::equal(perm, iota(0, perm.size())))
      return x;
    return op<TransposeOp>({x}, {ints("perm", perm)});
  }
  Value unsqueeze(Value x, ArrayRef<int64_t> axes) {
    if (axes.empty())
      return x;
    return op<UnsqueezeOp>({x}, {ints("axes", axes)});
  }
  template <typename OpTy>
  Value reduce(Value x, ArrayRef<int64_t> axes, bool keepDims) {
    if (axes.empty())
      return x;
    SmallVector<NamedAttribute> attrs = {ints("axes", axes)};
    if (keepDims)
      attrs.push_back(unit("keep_dims"));
    return op<OpTy>({x}, attrs);
  }
  Value compare(ComparePredicate predicate, Value a, Value b) {
    return op<CompareOp>(
        {a, b}, {attr("predicate",
                      ComparePredicateAttr::get(ctx.context(), predicate))});
  }
  Value castTo(Value x, Type element) {
    if (!x || elementType(x) == element)
      return x;
    return op<CastOp>({x}, {attr("to", TypeAttr::get(element))});
  }
  /// A rank-0 constant with the element type of `like`.
  Value scalarLike(Value like, double value) {
    if (!like)
      return {};
    return ctx.scalarConstant(elementType(like), value);
  }

  static Type elementType(Value v) {
    return cast<RankedTensorType>(v.getType()).getElementType();
  }
  static ArrayRef<int64_t> shape(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }

  /// Defines output `i` as `v`; fails when any op of the node failed.
  LogicalResult setOutput(unsigned i, Value v) {
    if (hasFailed || !v)
      return failure();
    ctx.setOutput(i, v);
    return success();
  }

private:
  Value check(FailureOr<Value> v) {
    if (mlir::failed(v)) {
      hasFailed = true;
      return {};
    }
    return *v;
  }

  NodeContext &ctx;
  bool hasFailed = false;
};

bool isStatic(RankedTensorType type) { return type && type.hasStaticShape(); }

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

LogicalResult importGemm(NodeContext &ctx) {
  Emitter e(ctx);
  SmallVector<Value> operands = {e.input(0), e.input(1)};
  if (ctx.hasInput(2))
    operands.push_back(e.input(2));
  SmallVector<NamedAttribute> attrs;
  if (ctx.getInt("transA", 0))
    attrs.push_back(e.unit("trans_a"));
  if (ctx.getInt("transB", 0))
    attrs.push_back(e.unit("trans_b"));
  attrs.push_back(e.f32("alpha", ctx.getFloat("alpha", 1.0f)));
  attrs.push_back(e.f32("beta", ctx.getFloat("beta", 1.0f)));
  return e.setOutput(0, e.op<GemmOp>(operands, attrs));
}

LogicalResult importMatMul(NodeContext &ctx) {
  Emitter e(ctx);
  return e.setOutput(0, e.op<MatMulOp>({e.input(0), e.input(1)}));
}

/// One operand of an Einsum, or the running product of several: its value
/// and the label of each of its dimensions.
struct Labeled {
  Value value;
  Ints labels;
};

/// Einsum as transposes, reshapes, diagonals (gathers), sums, products and
/// batched matrix products. Labels are letters (0..51) and the dimensions
/// covered by an ellipsis (100 + position in the broadcast ellipsis).
class EinsumLowering {
public:
  EinsumLowering(NodeContext &ctx, Emitter &e) : ctx(ctx), e(e) {}

  LogicalResult run() {
    std::string equation;
    for (char c : ctx.getString("equation", ""))
      if (c != ' ')
        equation += c;
    llvm::StringRef eq(equation);
    auto [lhs, rhs] = eq.split("->");
    bool explicitOutput = eq.contains("->");
    SmallVector<llvm::StringRef> terms;
    lhs.split(terms, ',');
    if (terms.size() != ctx.numInputs())
      return ctx.unsupported("equation '" + equation + "' has " +
                             std::to_string(terms.size()) + " terms for " +
                             std::to_string(ctx.numInputs()) + " inputs");

    // Parse each term against its operand's rank.
    int64_t ellipsisRank = 0;
    SmallVector<Ints> letterLists;
    SmallVector<int64_t> ellipsisAt; // letter index of "...", or -1
    for (auto [i, term] : llvm::enumerate(terms)) {
      RankedTensorType type = ctx.inputType(i);
      if (!isStatic(type))
        return ctx.unsupported("Einsum needs static shapes");
      Ints letters;
      int64_t at = -1;
      if (failed(parseTerm(term, letters, at)))
        return ctx.unsupported("cannot parse the term '" + term +
                               "' of equation '" + equation + "'");
      int64_t covered = type.getRank() - int64_t(letters.size());
      if ((at < 0 && covered != 0) || covered < 0)
        return ctx.unsupported("term '" + term + "' does not match the rank " +
                               std::to_string(type.getRank()) +
                               " of input " + std::to_string(i));
      if (at >= 0)
        ellipsisRank = std::max(ellipsisRank, covered);
      letterLists.push_back(letters);
      ellipsisAt.push_back(at);
    }
    for (auto [i, letters] : llvm::enumerate(letterLists)) {
      Ints labels = letters;
      if (int64_t at = ellipsisAt[i]; at >= 0) {
        int64_t covered = ctx.inputType(i).getRank() - int64_t(letters.size());
        labels.assign(letters.begin(), letters.begin() + at);
        for (int64_t k = ellipsisRank - covered; k < ellipsisRank; ++k)
          labels.push_back(100 + k);
        labels.append(letters.begin() + at, letters.end());
      }
      operands.push_back({e.input(i), labels});
    }
    if (e.failed())
      return failure();

    // The output labels.
    if (explicitOutput) {
      Ints letters;
      int64_t at = -1;
      if (failed(parseTerm(rhs, letters, at)))
        return ctx.unsupported("cannot parse the output term '" + rhs + "'");
      if (at >= 0) {
        output.assign(letters.begin(), letters.begin() + at);
        for (int64_t k = 0; k < ellipsisRank; ++k)
          output.push_back(100 + k);
        output.append(letters.begin() + at, letters.end());
      } else {
        output = letters;
      }
    } else {
      // NumPy's implicit output: the ellipsis, then the letters used once,
      // alphabetically.
      output = iota(100, 100 + ellipsisRank);
      std::map<int64_t, int> counts;
      for (const Labeled &op : operands)
        for (int64_t l : op.labels)
          if (l < 100)
            ++counts[l];
      for (auto [label, count] : counts)
        if (count == 1)
          output.push_back(label);
    }

    // Every label has one size; size-1 ellipsis dimensions broadcast.
    for (const Labeled &op : operands)
      for (auto [label, dim] : llvm::zip(op.labels, Emitter::shape(op.value))) {
        auto [it, inserted] = sizes.try_emplace(label, dim);
        if (inserted || it->second == dim || (dim == 1 && label >= 100))
          continue;
        if (it->second == 1 && label >= 100) {
          it->second = dim;
          continue;
        }
        return ctx.unsupported("label '" + labelName(label) +
                               "' has sizes " + std::to_string(it->second) +
                               " and " + std::to_string(dim));
      }
    for (int64_t label : output)
      if (!sizes.count(label))
        return ctx.unsupported("output label '" + labelName(label) +
                               "' is in no input");
    if (llvm::SmallDenseSet<int64_t>(output.begin(), output.end()).size() !=
        output.size())
      return ctx.unsupported("the output repeats a label");

    for (unsigned i = 0; i < operands.size(); ++i) {
      takeDiagonals(operands[i]);
      broadcast(operands[i]);
      sumUnused(operands[i], i);
    }
    Labeled acc = operands[0];
    for (unsigned i = 1; i < operands.size(); ++i) {
      acc = contract(acc, operands[i], i);
      // The next contraction multiplies label sizes of this product; keep
      // it within the bound every tensor has.
      if (exceedsTensorBound(acc.labels))
        return ctx.unsupported("the product of the first " +
                               std::to_string(i + 1) +
                               " operands has more than 2^40 elements");
    }
    // Lay out as the output.
    Ints perm;
    for (int64_t label : output)
      perm.push_back(llvm::find(acc.labels, label) - acc.labels.begin());
    return e.setOutput(0, e.transpose(acc.value, perm));
  }

private:
  static std::string labelName(int64_t label) {
    if (label >= 100)
      return "...";
    return std::string(1, label < 26 ? char('a' + label) : char('A' + label - 26));
  }

  static LogicalResult parseTerm(llvm::StringRef term, Ints &letters,
                                 int64_t &ellipsisAt) {
    for (size_t k = 0; k < term.size();) {
      char c = term[k];
      if (term.substr(k).starts_with("...")) {
        if (ellipsisAt >= 0)
          return failure();
        ellipsisAt = letters.size();
        k += 3;
        continue;
      }
      if (c >= 'a' && c <= 'z')
        letters.push_back(c - 'a');
      else if (c >= 'A' && c <= 'Z')
        letters.push_back(26 + c - 'A');
      else
        return failure();
      ++k;
    }
    return success();
  }

  /// A label repeated within one operand selects its diagonal: the two
  /// dimensions go last, merge, and every (n+1)-th element is gathered.
  void takeDiagonals(Labeled &op) {
    for (;;) {
      if (!op.value)
        return;
      unsigned a = 0, b = 0;
      for (unsigned i = 0; i < op.labels.size() && !b; ++i)
        for (unsigned j = i + 1; j < op.labels.size() && !b; ++j)
          if (op.labels[i] == op.labels[j])
            a = i, b = j;
      if (!b)
        return;
      Ints perm, labels, shape;
      ArrayRef<int64_t> dims = Emitter::shape(op.value);
      for (unsigned k = 0; k < op.labels.size(); ++k)
        if (k != a && k != b) {
          perm.push_back(k);
          labels.push_back(op.labels[k]);
          shape.push_back(dims[k]);
        }
      int64_t n = dims[a];
      perm.push_back(a);
      perm.push_back(b);
      shape.push_back(n * n);
      Value merged = e.reshape(e.transpose(op.value, perm), shape);
      Ints indices;
      for (int64_t k = 0; k < n; ++k)
        indices.push_back(k * (n + 1));
      auto indexType =
          RankedTensorType::get({n}, IntegerType::get(ctx.context(), 64));
      Value diagonal = ctx.constant(
          DenseElementsAttr::get(indexType, ArrayRef<int64_t>(indices)));
      labels.push_back(op.labels[a]);
      op = {e.op<GatherOp>({merged, diagonal},
                           {e.i64("axis", shape.size() - 1)}),
            labels};
    }
  }

  /// Size-1 ellipsis dimensions broadcast against the other operands'.
  void broadcast(Labeled &op) {
    if (!op.value)
      return;
    Ints target;
    for (int64_t label : op.labels)
      target.push_back(sizes[label]);
    if (Emitter::shape(op.value) != ArrayRef<int64_t>(target))
      op.value = e.op<ExpandOp>({op.value}, {e.ints("shape", target)});
  }

  bool neededAfter(int64_t label, unsigned index) {
    if (llvm::is_contained(output, label))
      return true;
    for (unsigned k = index + 1; k < operands.size(); ++k)
      if (llvm::is_contained(operands[k].labels, label))
        return true;
    return false;
  }

  /// Sums the labels no other operand and not the output has.
  void sumUnused(Labeled &op, unsigned index) {
    Ints axes, kept;
    for (auto [k, label] : llvm::enumerate(op.labels)) {
      bool elsewhere = llvm::is_contained(output, label);
      for (unsigned j = 0; j < operands.size(); ++j)
        if (j != index && llvm::is_contained(operands[j].labels, label))
          elsewhere = true;
      if (elsewhere)
        kept.push_back(label);
      else
        axes.push_back(k);
    }
    op.value = e.reduce<ReduceSumOp>(op.value, axes, /*keepDims=*/false);
    op.labels = kept;
  }

  /// The product of `a` and `b` (the `index`-th operand), summed over the
  /// labels they share and nothing later needs.
  Labeled contract(const Labeled &a, const Labeled &b, unsigned index) {
    Ints batch, left, summed, right;
    for (int64_t label : a.labels) {
      bool inB = llvm::is_contained(b.labels, label);
      if (!inB)
        left.push_back(label);
      else if (neededAfter(label, index))
        batch.push_back(label);
      else
        summed.push_back(label);
    }
    for (int64_t label : b.labels)
      if (!llvm::is_contained(a.labels, label))
        right.push_back(label);

    auto positions = [](const Labeled &op, ArrayRef<Ints> groups) {
      Ints perm;
      for (const Ints &group : groups)
        for (int64_t label : group)
          perm.push_back(llvm::find(op.labels, label) - op.labels.begin());
      return perm;
    };
    auto sizesOf = [&](const Ints &labels) {
      Ints s;
      for (int64_t label : labels)
        s.push_back(sizes[label]);
      return s;
    };
    auto product = [&](const Ints &labels) {
      int64_t p = 1;
      for (int64_t label : labels)
        p *= sizes[label];
      return p;
    };
    Ints resultLabels = batch;
    resultLabels.append(left);
    resultLabels.append(right);
    Ints resultShape = sizesOf(resultLabels);

    Value lhs = e.transpose(a.value, positions(a, {batch, left, summed}));
    Value rhs = e.transpose(b.value, positions(b, {batch, summed, right}));
    Value result;
    if (summed.empty()) {
      // An outer product per batch: broadcast multiplication.
      Ints lhsShape = sizesOf(batch), rhsShape = sizesOf(batch);
      lhsShape.append(sizesOf(left));
      lhsShape.append(right.size(), 1);
      rhsShape.append(left.size(), 1);
      rhsShape.append(sizesOf(right));
      result = e.op<MulOp>({e.reshape(lhs, lhsShape), e.reshape(rhs, rhsShape)});
    } else {
      int64_t m = product(left), k = product(summed), n = product(right);
      Value product3 = e.op<MatMulOp>(
          {e.reshape(lhs, {product(batch), m, k}),
           e.reshape(rhs, {product(batch), k, n})});
      result = e.reshape(product3, resultShape);
    }
    return {result, resultLabels};
  }

  bool exceedsTensorBound(const Ints &labels) {
    Ints shape;
    for (int64_t label : labels)
      shape.push_back(sizes[label]);
    return !boundedElementCount(shape);
  }

  NodeContext &ctx;
  Emitter &e;
  SmallVector<Labeled> operands;
  Ints output;
  llvm::DenseMap<int64_t, int64_t> sizes;
};

LogicalResult importEinsum(NodeContext &ctx) {
  Emitter e(ctx);
  return EinsumLowering(ctx, e).run();
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

LogicalResult importBatchNormalization(NodeContext &ctx) {
  Emitter e(ctx);
  float epsilon = ctx.getFloat("epsilon", 1e-5f);
  float momentum = ctx.getFloat("momentum", 0.9f);
  bool anyStatisticsOutput = false;
  for (unsigned i = 1; i < ctx.numOutputs(); ++i)
    anyStatisticsOutput |= ctx.hasOutput(i);
  // Training (batch statistics) is an attribute from opset 14; before, the
  // presence of the statistics outputs chose it (and is_test before 7).
  bool training;
  if (ctx.opset() >= 14)
    training = ctx.getInt("training_mode", 0) != 0;
  else if (ctx.opset() >= 7)
    training = anyStatisticsOutput;
  else
    training = ctx.getInt("is_test", 0) == 0 && anyStatisticsOutput;

  SmallVector<Value> operands;
  for (unsigned i = 0; i < 5; ++i)
    operands.push_back(e.input(i));
  if (e.failed())
    return failure();

  if (training) {
    if (ctx.opset() < 14 && ctx.hasOutput(4))
      return ctx.unsupported(
          "output 4 (saved_var) of training-mode BatchNormalization before "
          "opset 14 is not supported");
    SmallVector<Value> results =
        e.multi(BatchNormTrainOp::getOperationName(), operands,
                {e.f32("epsilon", epsilon), e.f32("momentum", momentum)}, 5);
    if (e.failed())
      return failure();
    for (unsigned i = 0; i < 4; ++i)
      ctx.setOutput(i, results[i]);
    return success();
  }

  // Before opset 9, spatial = 0 gives statistics per (channel, position):
  // operands of shape [C, D1, ...], which broadcast against x elementwise.
  if (ctx.opset() < 9 && ctx.getInt("spatial", 1) == 0 &&
      Emitter::shape(operands[0]).size() > 2) {
    Value x = operands[0];
    Value std = e.op<SqrtOp>(
        {e.op<AddOp>({operands[4], e.scalarLike(x, epsilon)})});
    Value normalized =
        e.op<DivOp>({e.op<SubOp>({x, operands[3]}), std});
    return e.setOutput(
        0, e.op<AddOp>({e.op<MulOp>({normalized, operands[1]}), operands[2]}));
  }
  return e.setOutput(
      0, e.op<BatchNormOp>(operands, {e.f32("epsilon", epsilon)}));
}

LogicalResult importInstanceNormalization(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0), scale = e.input(1), bias = e.input(2);
  if (e.failed())
    return failure();
  int64_t rank = Emitter::shape(x).size();
  if (rank < 3)
    return ctx.unsupported("input of rank " + std::to_string(rank) +
                           " has no spatial dimensions to normalize over");
  // A layer norm over the spatial axes, then the per-channel affine map.
  Value one = ctx.scalarConstant(Emitter::elementType(x), 1.0, {1});
  Value normalized = e.op<LayerNormOp>(
      {x, one}, {e.i64("axis", 2),
                 e.f32("epsilon", ctx.getFloat("epsilon", 1e-5f))});
  Ints spatial = iota(1, rank - 1);
  Value scaled = e.op<MulOp>({normalized, e.unsqueeze(scale, spatial)});
  return e.setOutput(0, e.op<AddOp>({scaled, e.unsqueeze(bias, spatial)}));
}

LogicalResult importLayerNormalization(NodeContext &ctx) {
  Emitter e(ctx);
  RankedTensorType xType = ctx.inputType(0);
  if (!xType)
    return ctx.unsupported("input 0 is required");
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.getInt("axis", -1), xType.getRank());
  if (failed(axis))
    return failure();
  float epsilon = ctx.getFloat("epsilon", 1e-5f);
  int64_t stashType = ctx.getInt("stash_type", 1);
  Type element = xType.getElementType();
  // nabla computes the statistics of f16/bf16 in f32 (stash_type 1), and of
  // f32/f64 in their own type (at least the stash type's precision).
  bool ownType = (element.isF32() && stashType == 1) ||
                 (element.isF64() && stashType == 11);
  if (stashType != 1 && !ownType)
    return ctx.unsupported("stash_type " + std::to_string(stashType) +
                           " is not supported for this input type (only 1, "
                           "float32, or the input's own float64)");

  Value x = e.input(0);
  SmallVector<Value> operands = {x, e.input(1)};
  if (ctx.hasInput(2))
    operands.push_back(e.input(2));
  Value y = e.op<LayerNormOp>(
      operands, {e.i64("axis", *axis), e.f32("epsilon", epsilon)});
  if (failed(e.setOutput(0, y)))
    return failure();
  if (!ctx.hasOutput(1) && !ctx.hasOutput(2))
    return success();

  // Mean and InvStdDev, in the stash type, with the normalized axes kept.
  Type stash = ctx.builder().getF32Type();
  for (unsigned i = 1; i < 3; ++i)
    if (RankedTensorType type = ctx.outputType(i))
      stash = type.getElementType();
  Value xs = e.castTo(x, stash);
  Ints axes = iota(*axis, xType.getRank());
  Value mean = e.reduce<ReduceMeanOp>(xs, axes, /*keepDims=*/true);
  Value centered = e.op<SubOp>({xs, mean});
  Value var = e.reduce<ReduceMeanOp>(e.op<MulOp>({centered, centered}), axes,
                                     /*keepDims=*/true);
  Value invStd =
      e.op<RsqrtOp>({e.op<AddOp>({var, e.scalarLike(var, epsilon)})});
  if (ctx.hasOutput(1) && failed(e.setOutput(1, mean)))
    return failure();
  if (ctx.hasOutput(2) && failed(e.setOutput(2, invStd)))
    return failure();
  return success();
}

/// ONNX's function body: (x - E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9).
LogicalResult importMeanVarianceNormalization(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0);
  if (e.failed())
    return failure();
  int64_t rank = Emitter::shape(x).size();
  Ints axes = ctx.hasAttr("axes") ? ctx.getInts("axes") : Ints{0, 2, 3};
  for (int64_t &axis : axes) {
    FailureOr<int64_t> normalized = ctx.normalizeAxis(axis, rank, "axes entry");
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  llvm::sort(axes);
  Value mean = e.reduce<ReduceMeanOp>(x, axes, /*keepDims=*/true);
  Value meanOfSquares =
      e.reduce<ReduceMeanOp>(e.op<MulOp>({x, x}), axes, /*keepDims=*/true);
  Value var = e.op<SubOp>({meanOfSquares, e.op<MulOp>({mean, mean})});
  Value std = e.op<AddOp>({e.op<SqrtOp>({var}), e.scalarLike(x, 1e-9)});
  return e.setOutput(0, e.op<DivOp>({e.op<SubOp>({x, mean}), std}));
}

//===----------------------------------------------------------------------===//
// Dropout
//===----------------------------------------------------------------------===//

LogicalResult importDropout(NodeContext &ctx) {
  Emitter e(ctx);
  bool training = false;
  if (ctx.opset() >= 12 && ctx.hasInput(2)) {
    FailureOr<SmallVector<int64_t>> mode =
        ctx.constantInts(2, "training_mode");
    if (failed(mode))
      return failure();
    training = !mode->empty() && (*mode)[0] != 0;
  } else if (ctx.opset() < 7) {
    training = ctx.getInt("is_test", 0) == 0;
  }
  if (training) {
    // Training with ratio 0 keeps everything; otherwise the mask is random.
    double ratio = 0.5;
    if (ctx.opset() >= 12 && ctx.hasInput(1)) {
      FailureOr<SmallVector<double>> r = ctx.constantFloats(1, "ratio");
      if (failed(r))
        return failure();
      ratio = r->empty() ? 0.5 : (*r)[0];
    } else if (ctx.opset() < 12) {
      ratio = ctx.getFloat("ratio", 0.5f);
    }
    if (ratio != 0.0)
      return ctx.unsupported(
          "training-mode dropout (ratio " + formatNumber(ratio) +
          ") draws a random mask; only inference (training_mode = false) "
          "or ratio 0 is supported");
  }

  Value x = e.input(0);
  if (failed(e.setOutput(0, x)))
    return failure();
  if (!ctx.hasOutput(1))
    return success();
  // The mask is bool from opset 10, the input's type before.
  auto xType = cast<RankedTensorType>(x.getType());
  Type maskElement = ctx.opset() >= 10 ? ctx.builder().getI1Type()
                                       : xType.getElementType();
  if (RankedTensorType type = ctx.outputType(1))
    maskElement = type.getElementType();
  if (!xType.hasStaticShape())
    return ctx.unsupported("the mask output needs a static input shape");
  ctx.setConstantOutput(
      1, DenseElementsAttr::get(
             RankedTensorType::get(xType.getShape(), maskElement),
             isa<FloatType>(maskElement)
                 ? Attribute(FloatAttr::get(maskElement, 1.0))
                 : Attribute(IntegerAttr::get(maskElement, 1))));
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

/// Applies `apply(x, axis)` with the axis semantics of the node's opset:
/// one axis from opset 13; before, the input coerced to 2-D at `axis`
/// (all dimensions from `axis` on form the reduced one). The model's own
/// opset decides: ONNX's version converter rewrites an old Softmax to a
/// last-axis one (where both meanings agree) but leaves Hardmax as it is.
template <typename Fn>
LogicalResult withSoftmaxAxis(NodeContext &ctx, Fn apply) {
  Emitter e(ctx);
  Value x = e.input(0);
  if (e.failed())
    return failure();
  ArrayRef<int64_t> shape = Emitter::shape(x);
  int64_t rank = shape.size();
  // ONNX's axis range [-r, r-1] is empty for a scalar.
  if (rank == 0)
    return ctx.unsupported("input 0 is a scalar; " + ctx.opType().str() +
                           " needs rank 1 or more");
  bool coerce = ctx.originalOpset() < 13;
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.getInt("axis", coerce ? 1 : -1), rank);
  if (failed(axis))
    return failure();
  if (!coerce || *axis == rank - 1)
    return e.setOutput(0, apply(e, x, *axis));
  if (llvm::count(shape, ShapedType::kDynamic) > 1)
    return ctx.unsupported("coercing to 2-D needs at most one dynamic "
                           "dimension");
  Value flat = e.op<FlattenOp>({x}, {e.i64("axis", *axis)});
  Value result = apply(e, flat, 1);
  Ints back(shape.begin(), shape.end());
  for (int64_t &dim : back)
    if (dim == ShapedType::kDynamic)
      dim = -1;
  return e.setOutput(0, e.reshape(result, back));
}

LogicalResult importSoftmax(NodeContext &ctx) {
  return withSoftmaxAxis(ctx, [](Emitter &e, Value x, int64_t axis) {
    return e.op<SoftmaxOp>({x}, {e.i64("axis", axis)});
  });
}

LogicalResult importLogSoftmax(NodeContext &ctx) {
  return withSoftmaxAxis(ctx, [](Emitter &e, Value x, int64_t axis) {
    return e.op<LogSoftmaxOp>({x}, {e.i64("axis", axis)});
  });
}

/// One-hot of the (first) argmax: argmax compared with an index ramp.
LogicalResult importHardmax(NodeContext &ctx) {
  return withSoftmaxAxis(ctx, [&ctx](Emitter &e, Value x, int64_t axis) {
    if (!x)
      return Value();
    ArrayRef<int64_t> shape = Emitter::shape(x);
    int64_t n = shape[axis];
    if (n == ShapedType::kDynamic) {
      (void)ctx.unsupported("Hardmax needs a static size along its axis");
      return e.fail();
    }
    if (n > kMaxHostVector) {
      (void)ctx.unsupported("Hardmax over " + std::to_string(n) +
                            " entries would build an index ramp of more "
                            "than 2^24");
      return e.fail();
    }
    Value argmax = e.op<ArgMaxOp>({x}, {e.i64("axis", axis), e.unit("keep_dims")});
    Ints rampShape(shape.size(), 1);
    rampShape[axis] = n;
    auto rampType =
        RankedTensorType::get(rampShape, IntegerType::get(ctx.context(), 64));
    Ints ramp = iota(0, n);
    Value indices =
        ctx.constant(DenseElementsAttr::get(rampType, ArrayRef<int64_t>(ramp)));
    Value hot = e.compare(ComparePredicate::eq, argmax, indices);
    return e.castTo(hot, Emitter::elementType(x));
  });
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

/// x < 0 ? slope * x : x, with `slope` broadcast to x.
LogicalResult importPRelu(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0), slope = e.input(1);
  if (e.failed())
    return failure();
  ArrayRef<int64_t> xShape = Emitter::shape(x), slopeShape = Emitter::shape(slope);
  // Before opset 7 a slope vector was per channel (axis 1), not broadcast
  // from the right.
  if (ctx.originalOpset() < 7 && slopeShape.size() == 1 && slopeShape[0] != 1 &&
      xShape.size() > 2)
    slope = e.unsqueeze(slope, iota(1, xShape.size() - 1));
  Value negative = e.compare(ComparePredicate::lt, x, e.scalarLike(x, 0.0));
  return e.setOutput(
      0, e.op<WhereOp>({negative, e.op<MulOp>({x, slope}), x}));
}

/// A bound of Clip: a constant value, a tensor, or absent.
struct ClipBound {
  std::optional<double> value;
  Value tensor;
};

LogicalResult importClip(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0);
  if (e.failed())
    return failure();
  Type element = Emitter::elementType(x);
  ClipBound bounds[2];
  const char *names[2] = {"min", "max"};
  for (unsigned i = 0; i < 2; ++i) {
    if (ctx.opset() < 11) {
      if (ctx.hasAttr(names[i]))
        bounds[i].value = ctx.getFloat(names[i], 0.0f);
      continue;
    }
    if (!ctx.hasInput(i + 1))
      continue;
    DenseElementsAttr constant = ctx.constantInput(i + 1);
    if (constant && constant.getNumElements() == 1) {
      Type boundType = constant.getElementType();
      if (isa<FloatType>(boundType)) {
        bounds[i].value =
            (*constant.value_begin<APFloat>()).convertToDouble();
      } else {
        // Unsigned bounds zero-extend: a uint8 200 is not -56.
        APInt bound = *constant.value_begin<APInt>();
        bounds[i].value = boundType.isUnsignedInteger()
                              ? double(bound.getZExtValue())
                              : double(bound.getSExtValue());
      }
      // Integers beyond 2^53 do not survive a double attribute.
      if (!isa<FloatType>(constant.getElementType()) &&
          std::abs(*bounds[i].value) > 9007199254740992.0)
        bounds[i].value.reset();
    }
    if (!bounds[i].value)
      bounds[i].tensor = e.input(i + 1);
  }
  bool attrForm = !bounds[0].tensor && !bounds[1].tensor;
  for (const ClipBound &b : bounds)
    if (b.value && std::isnan(*b.value))
      attrForm = false;
  if (attrForm && bounds[0].value && bounds[1].value &&
      *bounds[0].value > *bounds[1].value)
    attrForm = false;
  if (attrForm) {
    SmallVector<NamedAttribute> attrs;
    for (unsigned i = 0; i < 2; ++i)
      if (bounds[i].value)
        attrs.push_back(
            e.attr(names[i], ctx.builder().getF64FloatAttr(*bounds[i].value)));
    return e.setOutput(0, e.op<ClipOp>({x}, attrs));
  }
  // min(max(x, lo), hi) with tensors: run-time or unusual bounds.
  for (ClipBound &b : bounds)
    if (b.value)
      b.tensor = ctx.scalarConstant(element, *b.value);
  Value y = x;
  if (bounds[0].tensor)
    y = e.op<MaxOp>({y, bounds[0].tensor});
  if (bounds[1].tensor)
    y = e.op<MinOp>({y, bounds[1].tensor});
  return e.setOutput(0, y);
}

LogicalResult importThresholdedRelu(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0);
  float alpha = ctx.getFloat("alpha", 1.0f);
  Value above = e.compare(ComparePredicate::gt, x, e.scalarLike(x, alpha));
  return e.setOutput(0, e.op<WhereOp>({above, x, e.scalarLike(x, 0.0)}));
}

LogicalResult importSoftsign(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0);
  Value denominator = e.op<AddOp>({e.op<AbsOp>({x}), e.scalarLike(x, 1.0)});
  return e.setOutput(0, e.op<DivOp>({x, denominator}));
}

/// x < -lambd ? x + bias : (x > lambd ? x - bias : 0).
LogicalResult importShrink(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0);
  if (e.failed())
    return failure();
  double lambd = ctx.getFloat("lambd", 0.5f), bias = ctx.getFloat("bias", 0.0f);
  double low = -lambd, high = lambd;
  if (!isa<FloatType>(Emitter::elementType(x))) {
    // Integers compare exactly with the thresholds rounded inwards; a
    // fractional bias has no integer result.
    if (bias != std::floor(bias))
      return ctx.unsupported("bias " + formatNumber(bias) +
                             " is not an integer for an integer input");
    low = std::ceil(low);
    high = std::floor(high);
    // No unsigned value is below 0: x < 0 is never true, as x < -lambd.
    if (Emitter::elementType(x).isUnsignedInteger()) {
      if (high < 0)
        return ctx.unsupported("a negative lambd for an unsigned input");
      low = std::max(low, 0.0);
    }
  }
  Value below = e.compare(ComparePredicate::lt, x, e.scalarLike(x, low));
  Value above = e.compare(ComparePredicate::gt, x, e.scalarLike(x, high));
  Value b = e.scalarLike(x, bias);
  Value inner = e.op<WhereOp>({above, e.op<SubOp>({x, b}), e.scalarLike(x, 0.0)});
  return e.setOutput(0, e.op<WhereOp>({below, e.op<AddOp>({x, b}), inner}));
}

/// celu(x) = alpha * elu(x / alpha).
LogicalResult importCelu(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0);
  float alpha = ctx.getFloat("alpha", 1.0f);
  if (alpha == 1.0f)
    return e.setOutput(0, e.op<EluOp>({x}, {e.f32("alpha", 1.0f)}));
  Value scaled = e.op<DivOp>({x, e.scalarLike(x, alpha)});
  Value elu = e.op<EluOp>({scaled}, {e.f32("alpha", 1.0f)});
  return e.setOutput(0, e.op<MulOp>({elu, e.scalarLike(x, alpha)}));
}

/// x * max(0, min(1, x / 6 + 1 / 2)).
LogicalResult importHardSwish(NodeContext &ctx) {
  Emitter e(ctx);
  Value x = e.input(0);
  Value gate = e.op<HardSigmoidOp>(
      {x}, {e.f32("alpha", 1.0f / 6.0f), e.f32("beta", 0.5f)});
  return e.setOutput(0, e.op<MulOp>({x, gate}));
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

/// SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss share attributes.
template <typename OpTy>
LogicalResult importClassLoss(NodeContext &ctx) {
  Emitter e(ctx);
  std::string reduction = ctx.getString("reduction", "mean");
  std::optional<LossReduction> kind =
      symbolizeLossReduction(reduction);
  if (!kind)
    return ctx.unsupported("reduction '" + reduction +
                           "' is not one of none, sum, mean");
  Value scores = e.input(0);
  SmallVector<Value> operands = {scores, e.input(1)};
  if (ctx.hasInput(2))
    operands.push_back(e.input(2));
  SmallVector<NamedAttribute> attrs = {
      e.attr("reduction", LossReductionAttr::get(ctx.context(), *kind))};
  if (ctx.hasAttr("ignore_index"))
    attrs.push_back(e.i64("ignore_index", ctx.getInt("ignore_index", 0)));
  if (failed(e.setOutput(0, e.op<OpTy>(operands, attrs))))
    return failure();
  if constexpr (std::is_same_v<OpTy, SoftmaxCrossEntropyOp>)
    if (ctx.hasOutput(1))
    return e.setOutput(1, e.op<LogSoftmaxOp>({scores}, {e.i64("axis", 1)}));
  return success();
}
} // namespace

void mlir::nabla::onnx_frontend::registerNNImporters(
    OpImporterRegistry &registry) {
  registry.add("Gemm", importGemm);
  registry.add("MatMul", importMatMul);
  registry.add("Einsum", importEinsum);

  registry.add("BatchNormalization", importBatchNormalization);
  registry.add("InstanceNormalization", importInstanceNormalization);
  registry.add("LayerNormalization", importLayerNormalization);
  registry.add("MeanVarianceNormalization", importMeanVarianceNormalization);
  registry.add("Dropout", importDropout);

  registry.add("Softmax", importSoftmax);
  registry.add("LogSoftmax", importLogSoftmax);
  registry.add("Hardmax", importHardmax);

  registry.add("PRelu", importPRelu);
  registry.add("Clip", importClip);
  registry.add("ThresholdedRelu", importThresholdedRelu);
  registry.add("Softsign", importSoftsign);
  registry.add("Shrink", importShrink);
  registry.add("Celu", importCelu);
  registry.add("HardSwish", importHardSwish);

  registry.add("SoftmaxCrossEntropyLoss",
               importClassLoss<SoftmaxCrossEntropyOp>);
  registry.add("NegativeLogLikelihoodLoss", importClassLoss<NllLossOp>);
}
