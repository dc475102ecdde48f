//===- NablaOnnxFuzz.cpp - libFuzzer target over the ONNX importer --------===//
//
// Feeds each input to importOnnxBytes as a serialized ModelProto (no base
// directory, so no external file is ever read), then verifies and prints
// the module it returns. Any crash, sanitizer report, leak, timeout or
// out-of-memory is a finding: the importer must answer every input with a
// module or a diagnostic.
//
// Random bytes rarely survive protobuf parsing and ONNX's checker, so a
// custom mutator edits the parsed model instead most of the time: attribute
// values (boundary integers, odd strings), tensor values (NaN, inf, the
// extremes of their dtype), op types, node wiring, input and initializer
// shapes and dtypes, opsets; a cross-over splices nodes of one model into
// another. Byte-level mutation keeps the parser itself covered.
//
// NABLA_FUZZ_VERBOSE=1 prints the importer's diagnostics (for replaying a
// finding: `nabla-onnx-fuzz crash-...`).
//
//===----------------------------------------------------------------------===//

#include "dialects/Nabla/IR/NablaDialect.h"
#include "frontends/onnx/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace mlir;

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {
using Rng = std::minstd_rand;

bool verbose() {
  static bool value = [] {
    const char *env = std::getenv("NABLA_FUZZ_VERBOSE");
    return env && *env && std::strcmp(env, "0") != 0;
  }();
  return value;
}

/// A context shared by consecutive inputs: creating one (loading the nabla
/// dialect) costs as much as importing a small model. It is replaced every
/// kInputsPerContext inputs so that the attributes and types each input
/// interns do not accumulate for the whole run.
constexpr unsigned kInputsPerContext = 256;

MLIRContext &sharedContext() {
  static std::unique_ptr<MLIRContext> context;
  static unsigned uses = 0;
  if (!context || ++uses == kInputsPerContext) {
    context.reset();
    context = std::make_unique<MLIRContext>(MLIRContext::Threading::DISABLED);
    context->loadDialect<nabla::NablaDialect, func::FuncDialect>();
    uses = 0;
  }
  return *context;
}

void importOne(llvm::StringRef bytes) {
  MLIRContext &context = sharedContext();
  ScopedDiagnosticHandler handler(&context, [](Diagnostic &diag) {
    if (verbose()) {
      llvm::errs() << diag << "\n";
      for (const Diagnostic &note : diag.getNotes())
        llvm::errs() << "  note: " << note << "\n";
    }
    return success();
  });
  nabla::onnx_frontend::ImportOptions options;
  OwningOpRef<ModuleOp> module = nabla::onnx_frontend::importOnnxBytes(
      &context, bytes, "fuzz.onnx", /*baseDirectory=*/"", options);
  if (!module)
    return;
  // The importer verifies before returning; a module that does not verify
  // here, or whose printing crashes, is a bug.
  if (failed(verify(*module))) {
    llvm::errs() << "imported module does not verify\n";
    std::abort();
  }
  if (verbose())
    module->print(llvm::errs());
  else
    module->print(llvm::nulls());
}

//===----------------------------------------------------------------------===//
// Structure-aware mutation
//===----------------------------------------------------------------------===//

size_t pick(Rng &rng, size_t n) { return n ? rng() % n : 0; }
bool coin(Rng &rng, unsigned oneIn = 2) { return rng() % oneIn == 0; }

int64_t interestingInt(Rng &rng) {
  static const int64_t values[] = {
      0, 1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, -5, -8, 16, 31, 32, 63, 64,
      100, 255, 256, 1000, 65535, 65536, 1 << 20, 1 << 30,
      std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min(),
      int64_t(1) << 32, int64_t(1) << 40, int64_t(1) << 62,
      std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(),
      std::numeric_limits<int64_t>::min() + 1, -(int64_t(1) << 40)};
  if (coin(rng, 4))
    return int64_t(rng()) - int64_t(Rng::max() / 2);
  return values[pick(rng, std::size(values))];
}

/// Small values dominate: dims and axes are where bugs hide.
int64_t smallInt(Rng &rng) {
  if (coin(rng, 8))
    return interestingInt(rng);
  return int64_t(pick(rng, 10)) - 3;
}

float interestingFloat(Rng &rng) {
  static const float values[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 2.0f, 1e-30f,
                                 1e30f, 3.4e38f, -3.4e38f, 1e-45f,
                                 std::numeric_limits<float>::infinity(),
                                 -std::numeric_limits<float>::infinity(),
                                 std::numeric_limits<float>::quiet_NaN()};
  return values[pick(rng, std::size(values))];
}

std::string interestingString(Rng &rng) {
  static const char *values[] = {
      "", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "constant", "reflect",
      "edge", "wrap", "nearest", "linear", "cubic", "bilinear", "DCR", "CRD",
      "half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel",
      "tf_crop_and_resize", "round_prefer_floor", "round_prefer_ceil", "floor",
      "ceil", "forward", "reverse", "bidirectional", "Sigmoid", "Tanh", "Relu",
      "mean", "sum", "none", "tanh", "i,i->", "ij,jk->ik", "...ii->...i",
      "bij,bjk->bik", "ab,ab", "a->aa", "x", "NHWC", "NCHW", "LEFT", "RIGHT",
      "TOP_DOWN", "upper", "lower", "exclusive"};
  return values[pick(rng, std::size(values))];
}

const std::vector<std::string> &opTypes() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> names;
    for (const onnx::OpSchema &schema :
         onnx::OpSchemaRegistry::get_all_schemas())
      if (schema.domain().empty())
        names.push_back(schema.Name());
    if (names.empty())
      names.push_back("Identity");
    return names;
  }();
  return types;
}

const char *attributeName(Rng &rng) {
  static const char *names[] = {
      "axis", "axes", "keepdims", "perm", "pads", "strides", "kernel_shape",
      "dilations", "group", "auto_pad", "to", "transA", "transB", "alpha",
      "beta", "gamma", "epsilon", "mode", "value", "shape", "starts", "ends",
      "split", "batch_dims", "largest", "sorted", "select_last_index",
      "exclusive", "reverse", "allowzero", "noop_with_empty_axes",
      "ceil_mode", "count_include_pad", "storage_order", "blocksize",
      "momentum", "training_mode", "direction", "hidden_size", "layout",
      "equation", "output_padding", "output_shape", "p", "lambd", "bias",
      "min", "max", "upper", "k", "seed", "dtype", "fmod", "coordinate_transformation_mode",
      "nearest_mode", "cubic_coeff_a", "exclude_outside", "extrapolation_value",
      "scales", "sizes", "ratio", "value_float", "value_floats", "value_int",
      "value_ints", "value_string", "sparse_value", "center_point_box",
      "reduction", "ignore_index", "spatial", "consumed_inputs", "broadcast",
      "linear_before_reset", "activations", "clip", "input_forget", "size"};
  return names[pick(rng, std::size(names))];
}

/// Every value name a node may consume.
std::vector<std::string> valueNames(const onnx::GraphProto &graph) {
  std::vector<std::string> names;
  for (const auto &input : graph.input())
    names.push_back(input.name());
  for (const auto &init : graph.initializer())
    names.push_back(init.name());
  for (const auto &node : graph.node())
    for (const auto &output : node.output())
      names.push_back(output);
  return names;
}

/// Overwrites one element of `tensor`'s raw data with a boundary value of
/// its dtype (NaN, inf, the extremes): a random byte rarely makes one, and
/// values reach host folding and the sizes importers compute.
void writeInterestingRawElement(onnx::TensorProto &tensor, Rng &rng) {
  using T = onnx::TensorProto;
  std::string *raw = tensor.mutable_raw_data();
  auto write = [&](auto value) {
    size_t count = raw->size() / sizeof(value);
    if (count)
      std::memcpy(raw->data() + pick(rng, count) * sizeof(value), &value,
                  sizeof(value));
  };
  switch (tensor.data_type()) {
  case T::FLOAT:
    write(interestingFloat(rng));
    break;
  case T::DOUBLE:
    write(coin(rng) ? double(interestingFloat(rng))
                    : (coin(rng) ? 1e308 : -1e308));
    break;
  case T::INT64:
    write(interestingInt(rng));
    break;
  case T::INT32:
    write(int32_t(interestingInt(rng)));
    break;
  default:
    (*raw)[pick(rng, raw->size())] = char(rng());
  }
}

void mutateTensor(onnx::TensorProto &tensor, Rng &rng) {
  switch (pick(rng, 9)) {
  case 0:
    tensor.set_data_type(int32_t(pick(rng, 17)));
    break;
  case 1:
    if (tensor.dims_size())
      tensor.set_dims(int(pick(rng, tensor.dims_size())), smallInt(rng));
    else
      tensor.add_dims(smallInt(rng));
    break;
  case 2:
    if (tensor.dims_size() && coin(rng))
      tensor.mutable_dims()->RemoveLast();
    else
      tensor.add_dims(smallInt(rng) & 7);
    break;
  case 3:
    if (tensor.int64_data_size())
      tensor.set_int64_data(int(pick(rng, tensor.int64_data_size())),
                            smallInt(rng));
    else
      tensor.add_int64_data(smallInt(rng));
    break;
  case 4:
    if (tensor.float_data_size())
      tensor.set_float_data(int(pick(rng, tensor.float_data_size())),
                            interestingFloat(rng));
    else
      tensor.add_float_data(interestingFloat(rng));
    break;
  case 5:
    if (tensor.int32_data_size())
      tensor.set_int32_data(int(pick(rng, tensor.int32_data_size())),
                            int32_t(smallInt(rng)));
    else
      tensor.add_int32_data(int32_t(smallInt(rng)));
    break;
  case 6:
    if (!tensor.raw_data().empty()) {
      std::string *raw = tensor.mutable_raw_data();
      if (coin(rng, 4))
        raw->resize(pick(rng, raw->size() + 9));
      else
        (*raw)[pick(rng, raw->size())] = char(rng());
    }
    break;
  case 7:
    if (!tensor.raw_data().empty())
      writeInterestingRawElement(tensor, rng);
    break;
  default: {
    // Move the values between representations (raw <-> typed fields).
    if (!tensor.raw_data().empty()) {
      tensor.clear_raw_data();
      for (int64_t i = 0, e = pick(rng, 5); i < e; ++i)
        tensor.add_int64_data(smallInt(rng));
    } else {
      tensor.set_raw_data(std::string(pick(rng, 17), char(rng())));
    }
  }
  }
}

void mutateAttribute(onnx::AttributeProto &attr, Rng &rng) {
  using A = onnx::AttributeProto;
  if (coin(rng, 16)) {
    attr.set_name(attributeName(rng));
    return;
  }
  switch (attr.type()) {
  case A::INT:
    attr.set_i(coin(rng) ? smallInt(rng) : interestingInt(rng));
    break;
  case A::FLOAT:
    attr.set_f(interestingFloat(rng));
    break;
  case A::STRING:
    attr.set_s(interestingString(rng));
    break;
  case A::TENSOR:
    mutateTensor(*attr.mutable_t(), rng);
    break;
  case A::INTS:
    if (attr.ints_size() && coin(rng, 3))
      attr.set_ints(int(pick(rng, attr.ints_size())), smallInt(rng));
    else if (attr.ints_size() && coin(rng))
      attr.mutable_ints()->RemoveLast();
    else
      attr.add_ints(smallInt(rng));
    break;
  case A::FLOATS:
    if (attr.floats_size() && coin(rng))
      attr.set_floats(int(pick(rng, attr.floats_size())),
                      interestingFloat(rng));
    else
      attr.add_floats(interestingFloat(rng));
    break;
  case A::STRINGS:
    if (attr.strings_size() && coin(rng))
      attr.set_strings(int(pick(rng, attr.strings_size())),
                       interestingString(rng));
    else
      attr.add_strings(interestingString(rng));
    break;
  default:
    attr.set_type(A::INT);
    attr.set_i(smallInt(rng));
    break;
  }
}

void addAttribute(onnx::NodeProto &node, Rng &rng) {
  using A = onnx::AttributeProto;
  onnx::AttributeProto *attr = node.add_attribute();
  attr->set_name(attributeName(rng));
  switch (pick(rng, 6)) {
  case 0:
    attr->set_type(A::INT);
    attr->set_i(smallInt(rng));
    break;
  case 1:
    attr->set_type(A::INTS);
    for (size_t i = 0, e = pick(rng, 5); i < e; ++i)
      attr->add_ints(smallInt(rng));
    break;
  case 2:
    attr->set_type(A::FLOAT);
    attr->set_f(interestingFloat(rng));
    break;
  case 3:
    attr->set_type(A::STRING);
    attr->set_s(interestingString(rng));
    break;
  case 4: {
    attr->set_type(A::TENSOR);
    onnx::TensorProto *t = attr->mutable_t();
    t->set_data_type(coin(rng) ? onnx::TensorProto::INT64
                               : onnx::TensorProto::FLOAT);
    size_t n = pick(rng, 4);
    if (coin(rng))
      t->add_dims(int64_t(n));
    for (size_t i = 0; i < n; ++i) {
      if (t->data_type() == onnx::TensorProto::INT64)
        t->add_int64_data(smallInt(rng));
      else
        t->add_float_data(interestingFloat(rng));
    }
    break;
  }
  default:
    attr->set_type(A::FLOATS);
    for (size_t i = 0, e = pick(rng, 4); i < e; ++i)
      attr->add_floats(interestingFloat(rng));
    break;
  }
}

void mutateValueInfo(onnx::ValueInfoProto &info, Rng &rng) {
  auto *tensor = info.mutable_type()->mutable_tensor_type();
  auto *shape = tensor->mutable_shape();
  switch (pick(rng, 5)) {
  case 0:
    tensor->set_elem_type(int32_t(pick(rng, 17)));
    break;
  case 1:
    if (shape->dim_size())
      shape->mutable_dim(int(pick(rng, shape->dim_size())))
          ->set_dim_value(smallInt(rng) & (coin(rng, 8) ? ~0 : 7));
    else
      shape->add_dim()->set_dim_value(pick(rng, 5));
    break;
  case 2:
    if (shape->dim_size() && coin(rng))
      shape->mutable_dim()->RemoveLast();
    else
      shape->add_dim()->set_dim_value(pick(rng, 5));
    break;
  case 3:
    if (shape->dim_size())
      shape->mutable_dim(int(pick(rng, shape->dim_size())))
          ->set_dim_param(coin(rng) ? "N" : "");
    break;
  default:
    if (coin(rng))
      tensor->clear_shape();
    else
      info.mutable_type()->clear_tensor_type();
    break;
  }
}

void mutateNode(onnx::GraphProto &graph, onnx::NodeProto &node, Rng &rng) {
  switch (pick(rng, 10)) {
  case 0:
  case 1:
  case 2:
    if (node.attribute_size())
      mutateAttribute(*node.mutable_attribute(int(pick(rng, node.attribute_size()))),
                      rng);
    else
      addAttribute(node, rng);
    break;
  case 3:
    addAttribute(node, rng);
    break;
  case 4:
    if (node.attribute_size())
      node.mutable_attribute()->DeleteSubrange(
          int(pick(rng, node.attribute_size())), 1);
    break;
  case 5: {
    const auto &types = opTypes();
    node.set_op_type(types[pick(rng, types.size())]);
    break;
  }
  case 6: {
    // Rewire an input to another value, or omit it.
    std::vector<std::string> names = valueNames(graph);
    std::string name = coin(rng, 5) || names.empty()
                           ? std::string()
                           : names[pick(rng, names.size())];
    if (node.input_size() && coin(rng, 3) == false)
      node.set_input(int(pick(rng, node.input_size())), name);
    else
      node.add_input(name);
    break;
  }
  case 7:
    if (node.input_size())
      node.mutable_input()->RemoveLast();
    break;
  case 8:
    if (coin(rng))
      node.add_output("fuzz_out_" + std::to_string(pick(rng, 4)));
    else if (node.output_size())
      node.mutable_output()->RemoveLast();
    break;
  default: {
    static const char *const domains[] = {"com.microsoft", "com.example",
                                          "ai.onnx", ""};
    node.set_domain(domains[pick(rng, 4)]);
    break;
  }
  }
}

/// Imports `domain` (mostly): the checker refuses a node of a domain the
/// model does not import, and an imported domain without a schema for the
/// node is the route by which ONNX stops reporting inference errors for the
/// nodes after it, leaving them to the importers' own checks.
void importDomain(onnx::ModelProto &model, const std::string &domain,
                  Rng &rng) {
  if (domain.empty() || domain == "ai.onnx" || coin(rng, 4))
    return;
  for (const auto &opset : model.opset_import())
    if (opset.domain() == domain)
      return;
  auto *opset = model.add_opset_import();
  opset->set_domain(domain);
  opset->set_version(1);
}

void mutateModel(onnx::ModelProto &model, Rng &rng) {
  onnx::GraphProto &graph = *model.mutable_graph();
  switch (pick(rng, 12)) {
  case 0:
  case 1:
  case 2:
  case 3:
    if (graph.node_size()) {
      onnx::NodeProto &node =
          *graph.mutable_node(int(pick(rng, graph.node_size())));
      mutateNode(graph, node, rng);
      importDomain(model, node.domain(), rng);
    }
    break;
  case 4:
    if (graph.input_size())
      mutateValueInfo(*graph.mutable_input(int(pick(rng, graph.input_size()))),
                      rng);
    break;
  case 5:
    if (graph.output_size())
      mutateValueInfo(
          *graph.mutable_output(int(pick(rng, graph.output_size()))), rng);
    break;
  case 6:
  case 7:
    if (graph.initializer_size())
      mutateTensor(*graph.mutable_initializer(int(pick(rng, graph.initializer_size()))),
                   rng);
    break;
  case 8: {
    // Another default-domain opset.
    bool found = false;
    for (auto &opset : *model.mutable_opset_import())
      if (opset.domain().empty() || opset.domain() == "ai.onnx") {
        opset.set_version(coin(rng, 8) ? interestingInt(rng)
                                       : int64_t(pick(rng, 19)));
        found = true;
      }
    if (!found)
      model.add_opset_import()->set_version(int64_t(pick(rng, 19)));
    break;
  }
  case 9:
    // Node order: swap two, drop one or duplicate one.
    if (graph.node_size() > 1 && coin(rng))
      graph.mutable_node()->SwapElements(int(pick(rng, graph.node_size())),
                                         int(pick(rng, graph.node_size())));
    else if (graph.node_size() && coin(rng))
      graph.mutable_node()->DeleteSubrange(int(pick(rng, graph.node_size())), 1);
    else if (graph.node_size())
      *graph.add_node() = graph.node(int(pick(rng, graph.node_size())));
    break;
  case 10: {
    // Turn a graph input into an initializer (a constant the importer can
    // fold) of its declared type.
    if (!graph.input_size())
      break;
    const onnx::ValueInfoProto &input =
        graph.input(int(pick(rng, graph.input_size())));
    const auto &type = input.type().tensor_type();
    onnx::TensorProto tensor;
    tensor.set_name(input.name());
    tensor.set_data_type(type.elem_type());
    int64_t count = 1;
    for (const auto &dim : type.shape().dim()) {
      int64_t d = dim.has_dim_value() ? dim.dim_value() : 1;
      if (d < 0 || d > 64 || count * d > 4096)
        return;
      tensor.add_dims(d);
      count *= d;
    }
    for (int64_t i = 0; i < count; ++i) {
      if (type.elem_type() == onnx::TensorProto::FLOAT)
        tensor.add_float_data(coin(rng) ? interestingFloat(rng)
                                        : float(smallInt(rng)));
      else if (type.elem_type() == onnx::TensorProto::INT64)
        tensor.add_int64_data(smallInt(rng));
      else
        tensor.add_int32_data(int32_t(smallInt(rng)));
    }
    *graph.add_initializer() = tensor;
    break;
  }
  default:
    model.set_ir_version(coin(rng) ? int64_t(pick(rng, 10)) : interestingInt(rng));
    break;
  }
}

bool serializeInto(const onnx::ModelProto &model, uint8_t *data,
                   size_t maxSize, size_t &size) {
  std::string bytes;
  if (!model.SerializeToString(&bytes) || bytes.size() > maxSize)
    return false;
  std::memcpy(data, bytes.data(), bytes.size());
  size = bytes.size();
  return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  importOne(llvm::StringRef(reinterpret_cast<const char *>(data), size));
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned seed) {
  Rng rng(seed);
  onnx::ModelProto model;
  if (coin(rng, 5) || size > size_t(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(data, int(size)) || !model.has_graph())
    return LLVMFuzzerMutate(data, size, maxSize);
  for (size_t i = 0, e = 1 + pick(rng, 3); i < e; ++i)
    mutateModel(model, rng);
  size_t newSize;
  if (!serializeInto(model, data, maxSize, newSize))
    return LLVMFuzzerMutate(data, size, maxSize);
  return newSize;
}

/// Splices a node of the second model into the first: its inputs rewired to
/// values of the first, replacing a node there and keeping that node's
/// outputs so the graph stays connected.
extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
                                            const uint8_t *data2, size_t size2,
                                            uint8_t *out, size_t maxOutSize,
                                            unsigned seed) {
  Rng rng(seed);
  onnx::ModelProto first, second;
  if (size1 > size_t(std::numeric_limits<int>::max()) ||
      size2 > size_t(std::numeric_limits<int>::max()) ||
      !first.ParseFromArray(data1, int(size1)) ||
      !second.ParseFromArray(data2, int(size2)) ||
      !first.graph().node_size() || !second.graph().node_size())
    return 0;
  onnx::GraphProto &graph = *first.mutable_graph();
  onnx::NodeProto donor =
      second.graph().node(int(pick(rng, second.graph().node_size())));
  onnx::NodeProto &target =
      *graph.mutable_node(int(pick(rng, graph.node_size())));
  std::vector<std::string> names = valueNames(graph);
  for (int i = 0; i < donor.input_size(); ++i)
    if (!donor.input(i).empty() && !names.empty())
      donor.set_input(i, names[pick(rng, names.size())]);
  donor.clear_output();
  for (const std::string &output : target.output())
    donor.add_output(output);
  target = donor;
  size_t size;
  if (!serializeInto(first, out, maxOutSize, size))
    return 0;
  return size;
}
