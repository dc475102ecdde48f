//===- InferenceGuards.cpp - ONNX shape inference that cannot crash -------===//
//
// Every rule below is a precondition some ONNX 1.12 inference function
// relies on without checking, found by tools/nabla-onnx-fuzz or by reading
// the inference functions beside a finding; each has a regression model in
// test/Frontends/onnx/fuzz.
//
//===----------------------------------------------------------------------===//

#include "frontends/onnx/InferenceGuards.h"

#include "frontends/onnx/Limits.h"

#include "onnx/defs/shape_inference.h"
#include "onnx/defs/tensor_proto_util.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

using namespace mlir::nabla::onnx_frontend;

namespace {
using onnx::InferenceContext;

/// Input `i`'s shape, when it is a tensor of known rank.
const onnx::TensorShapeProto *inputShape(InferenceContext &ctx, size_t i) {
  if (i >= ctx.getNumInputs())
    return nullptr;
  const onnx::TypeProto *type = ctx.getInputType(i);
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return nullptr;
  return &type->tensor_type().shape();
}

std::optional<int64_t> inputRank(InferenceContext &ctx, size_t i) {
  if (const onnx::TensorShapeProto *shape = inputShape(ctx, i))
    return shape->dim_size();
  return std::nullopt;
}

/// Input `i`, when its rank is known, must have rank `rank`.
void requireRank(InferenceContext &ctx, size_t i, int64_t rank) {
  std::optional<int64_t> actual = inputRank(ctx, i);
  if (actual && *actual != rank)
    fail_shape_inference("input ", i, " has rank ", *actual, ", not ", rank);
}

/// Inputs `i` and `j`, when both ranks are known, must have the same rank.
void requireSameRank(InferenceContext &ctx, size_t i, size_t j) {
  std::optional<int64_t> a = inputRank(ctx, i), b = inputRank(ctx, j);
  if (a && b && *a != *b)
    fail_shape_inference("inputs ", i, " and ", j, " have ranks ", *a, " and ",
                         *b);
}

/// Integer attribute `name` must lie in [-rank, rank) for input `i`'s rank.
void requireAxis(InferenceContext &ctx, const char *name, int64_t defaultValue,
                 size_t i) {
  std::optional<int64_t> rank = inputRank(ctx, i);
  int64_t axis = onnx::getAttribute(ctx, name, defaultValue);
  if (rank && (axis < -*rank || axis >= *rank))
    fail_shape_inference("attribute ", name, " = ", axis,
                         " is out of range for rank ", *rank);
}

/// Every entry of the integer-list attribute `name`, if given, must be > 0.
void requirePositiveInts(InferenceContext &ctx, const char *name) {
  if (const onnx::AttributeProto *attr = ctx.getAttribute(name))
    for (int64_t v : attr->ints())
      if (v <= 0)
        fail_shape_inference("attribute ", name, " has the entry ", v,
                             ", which is not positive");
}

/// Input `i`, when it is a constant, must hold one integer in [lo, hi].
void requireScalarIn(InferenceContext &ctx, size_t i, const char *name,
                     int64_t lo, int64_t hi) {
  if (i >= ctx.getNumInputs())
    return;
  const onnx::TensorProto *data = ctx.getInputData(i);
  if (!data)
    return;
  std::vector<int64_t> values;
  if (data->data_type() == onnx::TensorProto::INT64)
    values = onnx::ParseData<int64_t>(data);
  else if (data->data_type() == onnx::TensorProto::INT32)
    for (int32_t v : onnx::ParseData<int32_t>(data))
      values.push_back(v);
  else
    fail_shape_inference("input ", i, " (", name, ") is not an integer");
  if (values.size() != 1)
    fail_shape_inference("input ", i, " (", name, ") has ", values.size(),
                         " elements, not 1");
  if (values[0] < lo || values[0] > hi)
    fail_shape_inference("input ", i, " (", name, ") = ", values[0],
                         " is not in [", lo, ", ", hi, "]");
}

/// The largest rank a shape input may give (ONNX builds shapes dimension by
/// dimension).
constexpr int64_t kMaxRank = int64_t(1) << 16;

/// Dimension `d` of input `i`, when known, must be at most `bound`
/// (kMaxTensorElements unless given) so that inference can subtract and
/// divide sizes without overflow.
void requireBoundedDim(InferenceContext &ctx, size_t i, int d,
                       int64_t bound = kMaxTensorElements) {
  const onnx::TensorShapeProto *shape = inputShape(ctx, i);
  if (!shape || d >= shape->dim_size() || !shape->dim(d).has_dim_value())
    return;
  int64_t value = shape->dim(d).dim_value();
  if (value < 0 || value > bound)
    fail_shape_inference("dimension ", d, " of input ", i, " is ", value,
                         ", not in [0, ", bound, "]");
}

/// The known dimensions of input `i` must describe at most
/// kMaxTensorElements elements (as the importer requires of every value), so
/// that inference can multiply them without overflow.
void requireBoundedShape(InferenceContext &ctx, size_t i) {
  const onnx::TensorShapeProto *shape = inputShape(ctx, i);
  if (!shape)
    return;
  llvm::SmallVector<int64_t> dims;
  for (const auto &dim : shape->dim())
    if (dim.has_dim_value())
      dims.push_back(dim.dim_value());
  if (!boundedElementCount(dims))
    fail_shape_inference("input ", i, " has more than 2^40 elements");
}

/// Each known dimension of input 0 times the matching entry of `factors`
/// (Tile's repeats, Resize's scales) must stay within kMaxTensorElements in
/// magnitude: inference multiplies them as int64 (Tile) or converts the
/// float product to int64 (Resize), both undefined beyond.
template <typename T>
void requireBoundedProducts(InferenceContext &ctx, const std::vector<T> &factors,
                            const char *name) {
  const onnx::TensorShapeProto *shape = inputShape(ctx, 0);
  if (!shape || static_cast<int>(factors.size()) != shape->dim_size())
    return;
  for (int d = 0; d < shape->dim_size(); ++d) {
    if (!shape->dim(d).has_dim_value())
      continue;
    // Resize computes the product in float, and a NaN fails the test too.
    double product = static_cast<double>(shape->dim(d).dim_value()) *
                     static_cast<double>(factors[d]);
    if (!(std::abs(product) <= static_cast<double>(kMaxTensorElements)))
      fail_shape_inference("dimension ", d, " of input 0 (",
                           shape->dim(d).dim_value(), ") times ", name, " ",
                           factors[d], " is not within 2^40");
  }
}

/// Input `i`'s values, when it is a constant of dtype `type`.
template <typename T>
std::optional<std::vector<T>> constantValues(InferenceContext &ctx, size_t i,
                                             int32_t type) {
  const onnx::TensorProto *data =
      i < ctx.getNumInputs() ? ctx.getInputData(i) : nullptr;
  if (!data || data->data_type() != type)
    return std::nullopt;
  return onnx::ParseData<T>(data);
}

/// Input `i`'s single value, when it is a constant scalar of dtype `type`.
template <typename T>
std::optional<T> constantScalar(InferenceContext &ctx, size_t i, int32_t type) {
  std::optional<std::vector<T>> values = constantValues<T>(ctx, i, type);
  if (!values || values->size() != 1)
    return std::nullopt;
  return (*values)[0];
}

/// Range's inference computes limit - start in the inputs' type T, divides
/// it by delta as a double and converts the ceiling to int64: an
/// overflowing difference, or a quotient that is NaN or beyond int64, is
/// undefined.
template <typename T>
void checkRangeOf(InferenceContext &ctx, int32_t type) {
  std::optional<T> start = constantScalar<T>(ctx, 0, type);
  std::optional<T> limit = constantScalar<T>(ctx, 1, type);
  std::optional<T> delta = constantScalar<T>(ctx, 2, type);
  if (!start || !limit || !delta)
    return;
  double span;
  if constexpr (std::is_integral_v<T>) {
    __int128 difference = static_cast<__int128>(*limit) - *start;
    if (difference < std::numeric_limits<T>::min() ||
        difference > std::numeric_limits<T>::max())
      fail_shape_inference("limit - start (", *limit, " - ", *start,
                           ") overflows the inputs' type");
    span = static_cast<double>(difference);
  } else {
    span = static_cast<double>(static_cast<T>(*limit - *start));
  }
  double count = span / static_cast<double>(*delta);
  if (!(std::abs(count) <= static_cast<double>(kMaxTensorElements)))
    fail_shape_inference("(limit - start) / delta = (", *limit, " - ", *start,
                         ") / ", *delta, " is not a number within 2^40");
}

void checkRange(InferenceContext &ctx) {
  using onnx::TensorProto;
  const TensorProto *start = ctx.getNumInputs() ? ctx.getInputData(0) : nullptr;
  if (!start)
    return;
  switch (start->data_type()) {
  case TensorProto::FLOAT:
    return checkRangeOf<float>(ctx, TensorProto::FLOAT);
  case TensorProto::DOUBLE:
    return checkRangeOf<double>(ctx, TensorProto::DOUBLE);
  case TensorProto::INT32:
    return checkRangeOf<int32_t>(ctx, TensorProto::INT32);
  case TensorProto::INT64:
    return checkRangeOf<int64_t>(ctx, TensorProto::INT64);
  default:
    return;
  }
}

/// Convolutions and pools: strides divide, and a kernel taken from the
/// weights (input `weights`) must have one size per spatial dimension.
void checkWindowed(InferenceContext &ctx, std::optional<size_t> weights) {
  requirePositiveInts(ctx, "strides");
  requirePositiveInts(ctx, "dilations");
  requirePositiveInts(ctx, "kernel_shape");
  if (weights)
    requireSameRank(ctx, 0, *weights);
  // Without pads, an auto_pad other than VALID makes convPoolShapeInference
  // compute each spatial size modulo its stride by repeated subtraction:
  // a 2^40 axis with stride 2 looped for minutes. 2^32 rounds take about a
  // second.
  const onnx::AttributeProto *autoPad = ctx.getAttribute("auto_pad");
  const onnx::AttributeProto *strides = ctx.getAttribute("strides");
  const onnx::TensorShapeProto *shape = inputShape(ctx, 0);
  if (!autoPad || autoPad->s() == "VALID" || ctx.getAttribute("pads") ||
      !strides || !shape)
    return;
  for (int i = 0; i < strides->ints_size() && i + 2 < shape->dim_size(); ++i) {
    const auto &dim = shape->dim(i + 2);
    int64_t stride = strides->ints(i);
    if (stride > 1 && dim.has_dim_value() &&
        dim.dim_value() / stride > (int64_t(1) << 32))
      fail_shape_inference("dimension ", i + 2, " of input 0 (",
                           dim.dim_value(), ") is more than 2^32 strides of ",
                           stride, " with auto_pad ", autoPad->s());
  }
}

/// Checks the op-specific preconditions of `schema`'s inference function;
/// throws an inference error when one does not hold.
void checkPreconditions(const onnx::OpSchema &schema, InferenceContext &ctx) {
  const std::string &op = schema.Name();
  if (!schema.domain().empty())
    return;
  // A value_info may declare any dimension where inference found none (the
  // second of NonZero's, say), and inference functions index shapes with
  // such dimensions: GatherND took a declared -3 as the first data
  // dimension to copy. No valid value has a negative dimension.
  for (size_t i = 0; i < ctx.getNumInputs(); ++i) {
    const onnx::TensorShapeProto *shape = inputShape(ctx, i);
    for (int d = 0; shape && d < shape->dim_size(); ++d)
      if (shape->dim(d).has_dim_value() && shape->dim(d).dim_value() < 0)
        fail_shape_inference("dimension ", d, " of input ", i, " is negative (",
                             shape->dim(d).dim_value(), ")");
  }
  if (op == "GatherND") {
    if (onnx::getAttribute(ctx, "batch_dims", 0) < 0)
      fail_shape_inference("attribute batch_dims is negative");
  } else if (op == "LayerNormalization") {
    requireAxis(ctx, "axis", -1, 0);
  } else if (op == "Gemm") {
    requireRank(ctx, 0, 2);
    requireRank(ctx, 1, 2);
  } else if (op == "RNN" || op == "GRU" || op == "LSTM") {
    requireRank(ctx, 0, 3);
  } else if (op == "Conv" || op == "ConvTranspose" || op == "ConvInteger") {
    checkWindowed(ctx, 1);
  } else if (op == "QLinearConv") {
    checkWindowed(ctx, 3);
  } else if (op == "AveragePool" || op == "MaxPool" || op == "LpPool") {
    checkWindowed(ctx, std::nullopt);
  } else if (op == "MaxUnpool") {
    checkWindowed(ctx, std::nullopt);
    // Without output_shape, inference takes the channels from dimension 1
    // of the indices, unchecked.
    bool hasOutputShape = ctx.getNumInputs() > 2 && ctx.getInputType(2);
    std::optional<int64_t> rank = inputRank(ctx, 1);
    if (!hasOutputShape && (!rank || *rank < 2))
      fail_shape_inference("input 1 (indices) needs a known rank of at least "
                           "2");
  } else if (op == "STFT") {
    // Inference reads dimensions 0 and 1 of the signal unchecked, divides by
    // frame_step and subtracts the frame length from the signal length.
    requireRank(ctx, 0, 3);
    requireBoundedDim(ctx, 0, 1);
    requireBoundedDim(ctx, 2, 0);
    requireScalarIn(ctx, 1, "frame_step", 1, kMaxTensorElements);
    requireScalarIn(ctx, 3, "frame_length", 1, kMaxTensorElements);
  } else if (op == "DFT") {
    // The signal ops read their size inputs with a cast from any dtype.
    requireScalarIn(ctx, 1, "dft_length", 1, kMaxTensorElements);
  } else if (op == "HannWindow" || op == "HammingWindow" ||
             op == "BlackmanWindow") {
    requireScalarIn(ctx, 0, "size", 1, kMaxTensorElements);
  } else if (op == "MelWeightMatrix") {
    requireScalarIn(ctx, 0, "num_mel_bins", 1, kMaxTensorElements);
    requireScalarIn(ctx, 1, "dft_length", 1, kMaxTensorElements);
  } else if (op == "Expand" || op == "ConstantOfShape") {
    // Without the shape's values, inference adds one output dimension per
    // element of the shape input: 2^40 of them ran out of memory.
    requireBoundedDim(ctx, op == "Expand" ? 1 : 0, 0, kMaxRank);
  } else if (op == "Einsum") {
    // Without "->", inference counts each letter of the left-hand side in a
    // 26-entry stack array indexed by `c - 'a'` unchecked: an upper-case
    // letter wrote before it and corrupted the stack.
    std::string equation = onnx::getAttribute(ctx, "equation", std::string());
    if (equation.find("->") == std::string::npos)
      for (char c : equation)
        if (c != ',' && c != '.' && c != ' ' && (c < 'a' || c > 'z'))
          fail_shape_inference("equation '", equation,
                               "' has no output term and the character '",
                               std::string(1, c),
                               "', which is not a lower-case letter");
  } else if (op == "SplitToSequence") {
    // A scalar split is the chunk size, and inference takes the split
    // dimension modulo it unchecked (0 raised SIGFPE).
    const onnx::TensorProto *split =
        ctx.getNumInputs() > 1 ? ctx.getInputData(1) : nullptr;
    if (split && split->dims_size() == 0)
      requireScalarIn(ctx, 1, "split", 1, std::numeric_limits<int64_t>::max());
  } else if (op == "Reshape") {
    // Inference takes the product of the data's known dimensions modulo the
    // product of the target shape's: a product wrapped to INT64_MIN modulo
    // one wrapped to -1 raised SIGFPE.
    requireBoundedShape(ctx, 0);
  } else if (op == "Scan") {
    // Inference subtracts num_scan_inputs from the inputs (after Scan-8's
    // sequence_lens) and the loop state from the outputs, unsigned, and
    // sizes vectors by the results: out of range they wrapped to 2^64 - k
    // (or stayed at a fuzzed 10^9) and ran out of memory.
    int64_t inputs = static_cast<int64_t>(ctx.getNumInputs()) -
                     (schema.SinceVersion() < 9 ? 1 : 0);
    int64_t scanInputs = onnx::getAttribute(ctx, "num_scan_inputs", 0);
    if (scanInputs < 1 || scanInputs > inputs)
      fail_shape_inference("attribute num_scan_inputs = ", scanInputs,
                           " is not in [1, ", inputs, "]");
    int64_t stateVars = inputs - scanInputs;
    if (static_cast<int64_t>(ctx.getNumOutputs()) < stateVars)
      fail_shape_inference("Scan has ", ctx.getNumOutputs(),
                           " outputs, fewer than its ", stateVars,
                           " loop state variables");
  } else if (op == "MaxRoiPool") {
    // Inference reads pooled_shape[0] and [1] after checking only that it
    // has one entry per spatial dimension: a 3-D input read past the vector.
    requireRank(ctx, 0, 4);
  } else if (op == "Range") {
    checkRange(ctx);
  } else if (op == "Flatten") {
    // Inference multiplies the known dimensions on each side of the axis.
    requireBoundedShape(ctx, 0);
  } else if (op == "Tile") {
    if (auto repeats =
            constantValues<int64_t>(ctx, 1, onnx::TensorProto::INT64))
      requireBoundedProducts(ctx, *repeats, "repeat");
  } else if (op == "Resize" || op == "Upsample") {
    // Scales are input 2 of Resize, input 1 of Upsample-9, the attribute of
    // Upsample-7.
    size_t input = op == "Resize" ? 2 : 1;
    if (auto scales =
            constantValues<float>(ctx, input, onnx::TensorProto::FLOAT))
      requireBoundedProducts(ctx, *scales, "scale");
    else if (const onnx::AttributeProto *attr = ctx.getAttribute("scales"))
      requireBoundedProducts(
          ctx, std::vector<float>(attr->floats().begin(), attr->floats().end()),
          "scale");
  } else if (op == "DepthToSpace" || op == "SpaceToDepth") {
    // Inference divides by blocksize^2, which overflows to 0 at 2^32; a
    // block that large could only fit a tensor of more than 2^32 channels.
    int64_t blocksize = onnx::getAttribute(ctx, "blocksize", 0);
    if (blocksize <= 0 || blocksize > (int64_t(1) << 16))
      fail_shape_inference("attribute blocksize = ", blocksize,
                           " is not in [1, 65536]");
  }
}

/// Whether every required input has a type. ONNX goes on after a node fails
/// inference, and some inference and data-propagation functions then
/// dereference the missing type of its consumers' inputs; such nodes stay
/// uninferred (the first error is reported).
template <typename Context>
bool requiredInputsTyped(const onnx::OpSchema &schema, Context &ctx) {
  const auto &formals = schema.inputs();
  for (size_t i = 0; i < ctx.getNumInputs() && !formals.empty(); ++i) {
    const auto &formal = formals[std::min(i, formals.size() - 1)];
    if (formal.GetOption() != onnx::OpSchema::Optional && !ctx.getInputType(i))
      return false;
  }
  return true;
}

/// Inputs whose formal parameter only admits tensors must be tensors: the
/// checker does not compare types, and inference functions (ConvTranspose's
/// among them) read a sequence-typed input as a tensor and crash.
void requireTensorInputs(const onnx::OpSchema &schema, InferenceContext &ctx) {
  const auto &formals = schema.inputs();
  for (size_t i = 0; i < ctx.getNumInputs() && !formals.empty(); ++i) {
    const onnx::TypeProto *type = ctx.getInputType(i);
    if (!type || type->has_tensor_type())
      continue;
    const auto &formal = formals[std::min(i, formals.size() - 1)];
    bool tensorsOnly = true;
    bool constrained = false;
    for (const auto &constraint : schema.typeConstraintParams()) {
      if (constraint.type_param_str != formal.GetTypeStr())
        continue;
      constrained = true;
      for (const std::string &allowed : constraint.allowed_type_strs)
        tensorsOnly &= llvm::StringRef(allowed).starts_with("tensor(");
    }
    if (!constrained)
      tensorsOnly = llvm::StringRef(formal.GetTypeStr()).starts_with("tensor(");
    if (tensorsOnly)
      fail_type_inference("input ", i, " of ", schema.Name(),
                          " must be a tensor");
  }
}

/// Whether ONNX 1.12's data propagation can run on these input values.
/// Add, Sub and Mul broadcast a one-element shape value by reading its
/// element 0, which an empty shape value (a Shape of a scalar) does not
/// have; such values are left unpropagated. Slice walks the shape value with
/// an `int` index advanced by the int64 step: a step of 2^31 wrapped it
/// negative (a read far outside the shape) and one of 2^32 never moved it
/// (endless growth), so such steps are left unpropagated too.
bool propagationDefined(const onnx::OpSchema &schema,
                        onnx::DataPropagationContext &ctx) {
  const std::string &op = schema.Name();
  if (!schema.domain().empty())
    return true;
  if (op == "Slice") {
    const onnx::TensorShapeProto *steps =
        ctx.getNumInputs() > 4 ? ctx.getInputData(4) : nullptr;
    if (!steps || steps->dim_size() != 1 || !steps->dim(0).has_dim_value())
      return true;
    int64_t step = steps->dim(0).dim_value();
    return step >= -(int64_t(1) << 30) && step <= (int64_t(1) << 30);
  }
  if (op != "Add" && op != "Sub" && op != "Mul")
    return true;
  const onnx::TensorShapeProto *lhs = ctx.getInputData(0);
  const onnx::TensorShapeProto *rhs = ctx.getInputData(1);
  if (!lhs || !rhs)
    return true;
  return lhs->dim_size() == rhs->dim_size() ||
         (lhs->dim_size() > 0 && rhs->dim_size() > 0);
}

class GuardedSchemaRegistry final : public onnx::ISchemaRegistry {
public:
  const onnx::OpSchema *GetSchema(const std::string &key,
                                  const int maxInclusiveVersion,
                                  const std::string &domain) const override {
    const onnx::OpSchema *schema =
        onnx::OpSchemaRegistry::Schema(key, maxInclusiveVersion, domain);
    // Without an inference function ONNX infers through the function body,
    // whose nodes come back here.
    if (!schema || (!schema->has_type_and_shape_inference_function() &&
                    !schema->has_data_propagation_function()))
      return schema;
    std::lock_guard<std::mutex> lock(mutex);
    std::unique_ptr<onnx::OpSchema> &guarded = schemas[schema];
    if (guarded)
      return guarded.get();
    guarded = std::make_unique<onnx::OpSchema>(*schema);
    const onnx::OpSchema *original = schema;
    if (schema->has_type_and_shape_inference_function()) {
      onnx::InferenceFunction infer =
          schema->GetTypeAndShapeInferenceFunction();
      guarded->TypeAndShapeInferenceFunction(
          [infer, original](InferenceContext &ctx) {
            if (!requiredInputsTyped(*original, ctx))
              return;
            requireTensorInputs(*original, ctx);
            checkPreconditions(*original, ctx);
            infer(ctx);
          });
    }
    if (schema->has_data_propagation_function()) {
      onnx::DataPropagationFunction propagate =
          schema->GetDataPropagationFunction();
      guarded->PartialDataPropagationFunction(
          [propagate, original](onnx::DataPropagationContext &ctx) {
            if (requiredInputsTyped(*original, ctx) &&
                propagationDefined(*original, ctx))
              propagate(ctx);
          });
    }
    return guarded.get();
  }

private:
  mutable std::mutex mutex;
  mutable std::map<const onnx::OpSchema *, std::unique_ptr<onnx::OpSchema>>
      schemas;
};
} // namespace

const onnx::ISchemaRegistry *
mlir::nabla::onnx_frontend::guardedSchemaRegistry() {
  static const GuardedSchemaRegistry registry;
  return &registry;
}
