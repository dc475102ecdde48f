//===- ModelLoader.cpp - Parse, check, convert and infer a model ----------===//

#include "frontends/onnx/ModelLoader.h"

#include "dialects/Nabla/Transforms/ShapePins.h"
#include "frontends/onnx/InferenceGuards.h"
#include "frontends/onnx/Limits.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <vector>

using namespace mlir;
using namespace mlir::nabla::onnx_frontend;

namespace {
std::string quoted(llvm::StringRef s) { return "'" + s.str() + "'"; }

/// ONNX's messages span lines (they print protos); reports are one line.
std::string oneLine(llvm::StringRef message) {
  std::string line;
  bool space = false;
  for (char c : message.trim()) {
    if (llvm::isSpace(c)) {
      space = true;
      continue;
    }
    if (space && !line.empty())
      line.push_back(' ');
    space = false;
    line.push_back(c);
  }
  return line;
}

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// Whether the absolute, symlink-free `path` lies inside the directory `dir`.
bool isInsideDirectory(llvm::StringRef path, llvm::StringRef dir) {
  if (!path.consume_front(dir))
    return false;
  return dir.ends_with("/") || path.starts_with("/");
}

/// Reads the external data file at `path` (`where` names the tensor in
/// messages). Only a regular file inside `baseDir` is read: the model's
/// directory and the opened file are compared by their real paths, so a
/// symlink may point within the directory but not out of it. The file is
/// opened before it is checked (O_NONBLOCK, so a FIFO cannot hang the open),
/// and its real path is read from the open descriptor, so nothing swapped
/// in between the check and the read is read.
std::unique_ptr<llvm::MemoryBuffer>
readExternalDataFile(llvm::StringRef path, llvm::StringRef baseDir,
                     const std::string &where, const MessageFn &error) {
  std::string file = path.str();
  int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error(where + " file " + quoted(file) +
          " cannot be read: " + std::strerror(errno));
    return nullptr;
  }
  llvm::scope_exit closeFile([&] { ::close(fd); });
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    error(where + " file " + quoted(file) + " is not a regular file");
    return nullptr;
  }

  llvm::SmallString<256> realBase, realFile;
  if (std::error_code ec = llvm::sys::fs::real_path(baseDir, realBase)) {
    error(where + ": the model's directory " + quoted(baseDir) +
          " cannot be resolved: " + ec.message());
    return nullptr;
  }
  char link[PATH_MAX];
  std::string self = "/proc/self/fd/" + std::to_string(fd);
  ssize_t linkSize = ::readlink(self.c_str(), link, sizeof(link));
  if (linkSize > 0 && linkSize < ssize_t(sizeof(link)))
    realFile.assign(link, link + linkSize);
  else if (std::error_code ec = llvm::sys::fs::real_path(path, realFile)) {
    // No /proc: resolve the name instead (this can race with a rename).
    error(where + " file " + quoted(file) +
          " cannot be resolved: " + ec.message());
    return nullptr;
  }
  if (!isInsideDirectory(realFile, realBase)) {
    error(where + " file " + quoted(file) + " resolves to " +
          quoted(realFile) + ", outside the model's directory " +
          quoted(realBase));
    return nullptr;
  }

  auto buffer = llvm::MemoryBuffer::getOpenFile(
      fd, file, info.st_size, /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error(where + " file " + quoted(file) +
          " cannot be read: " + buffer.getError().message());
    return nullptr;
  }
  return std::move(*buffer);
}

/// Replaces an external-data reference by the bytes it points to. Paths are
/// relative to the model's directory and may not leave it.
bool inlineExternalData(onnx::TensorProto &tensor, llvm::StringRef baseDir,
                        llvm::StringRef displayName, const MessageFn &error) {
  if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
    return true;
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset" || entry.key() == "length") {
      int64_t v;
      if (llvm::StringRef(entry.value()).getAsInteger(10, v) || v < 0) {
        error("initializer " + quoted(tensor.name()) + ": external data " +
              entry.key() + " '" + entry.value() + "' is not a byte count");
        return false;
      }
      (entry.key() == "offset" ? offset : length) = v;
    }
  }
  auto where = "initializer " + quoted(tensor.name()) + ": external data";
  if (baseDir.empty()) {
    error(where + " is not available (the model was not read from a file)");
    return false;
  }
  llvm::StringRef loc(location);
  if (loc.empty() || llvm::sys::path::is_absolute(loc) ||
      llvm::is_contained(llvm::make_range(llvm::sys::path::begin(loc),
                                          llvm::sys::path::end(loc)),
                         "..")) {
    error(where + " location " + quoted(location) +
          " must be a relative path inside the model's directory");
    return false;
  }
  llvm::SmallString<256> path(baseDir);
  llvm::sys::path::append(path, loc);
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      readExternalDataFile(path, baseDir, where, error);
  if (!buffer)
    return false;
  int64_t size = buffer->getBufferSize();
  if (length < 0)
    length = size - std::min(offset, size);
  if (offset > size || length > size - offset) {
    error(where + " [" + std::to_string(offset) + ", +" +
          std::to_string(length) + ") lies outside " + quoted(path.str()) +
          " (" + std::to_string(size) + " bytes)");
    return false;
  }
  tensor.set_raw_data(buffer->getBufferStart() + offset, length);
  tensor.clear_external_data();
  tensor.set_data_location(onnx::TensorProto::DEFAULT);
  return true;
}

bool inlineGraphExternalData(onnx::GraphProto &graph, llvm::StringRef baseDir,
                             llvm::StringRef displayName,
                             const MessageFn &error) {
  for (auto &tensor : *graph.mutable_initializer())
    if (!inlineExternalData(tensor, baseDir, displayName, error))
      return false;
  for (auto &node : *graph.mutable_node())
    for (auto &attr : *node.mutable_attribute())
      if (attr.has_t() && !inlineExternalData(*attr.mutable_t(), baseDir,
                                              displayName, error))
        return false;
  return true;
}

/// ONNX 1.12's checker accepts a graph output that no input, initializer or
/// node defines, and its IR conversion (the version converter's first step)
/// then dereferences null: refuse such graphs first.
bool checkOutputsDefined(const onnx::GraphProto &graph,
                         llvm::StringRef displayName, const MessageFn &error) {
  std::set<std::string> defined;
  for (const auto &input : graph.input())
    defined.insert(input.name());
  for (const auto &init : graph.initializer())
    defined.insert(init.name());
  for (const auto &node : graph.node())
    defined.insert(node.output().begin(), node.output().end());
  for (const auto &output : graph.output())
    if (!defined.count(output.name())) {
      error(quoted(displayName) + ": output " + quoted(output.name()) +
            " is not produced by any node");
      return false;
    }
  return true;
}

/// Whether `tensor` holds exactly as many values as its dims say. ONNX
/// 1.12's shape inference reads constant values by their dims (a 6-element
/// int64 Constant with 42 bytes of raw data overflowed in Reshape's
/// inference), so every tensor is checked before inference runs.
bool tensorDataMatches(const onnx::TensorProto &tensor, std::string &problem) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return true; // Left to the importer, which refuses it by name.
  llvm::SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  for (int64_t dim : dims)
    if (dim < 0) {
      problem = "has a negative dimension (" + std::to_string(dim) + ")";
      return false;
    }
  std::optional<int64_t> elements = boundedElementCount(dims);
  if (!elements) {
    problem = "has more than 2^40 elements";
    return false;
  }
  int64_t count = *elements;
  using T = onnx::TensorProto;
  int64_t bytes = 0, values = 0;
  switch (tensor.data_type()) {
  case T::FLOAT: bytes = 4; values = tensor.float_data_size(); break;
  case T::COMPLEX64: bytes = 8; values = tensor.float_data_size() / 2; break;
  case T::DOUBLE: bytes = 8; values = tensor.double_data_size(); break;
  case T::COMPLEX128: bytes = 16; values = tensor.double_data_size() / 2; break;
  case T::INT64: bytes = 8; values = tensor.int64_data_size(); break;
  case T::UINT64: bytes = 8; values = tensor.uint64_data_size(); break;
  case T::UINT32: bytes = 4; values = tensor.uint64_data_size(); break;
  case T::INT32: bytes = 4; values = tensor.int32_data_size(); break;
  case T::INT16: case T::UINT16: case T::FLOAT16: case T::BFLOAT16:
    bytes = 2; values = tensor.int32_data_size(); break;
  case T::INT8: case T::UINT8: case T::BOOL:
    bytes = 1; values = tensor.int32_data_size(); break;
  case T::STRING: values = tensor.string_data_size(); break;
  default: return true; // Unknown types are refused where they are used.
  }
  if (tensor.has_raw_data() && bytes) {
    if (int64_t(tensor.raw_data().size()) != count * bytes) {
      problem = "has " + std::to_string(tensor.raw_data().size()) +
                " bytes of raw data for " + std::to_string(count) +
                " values of " + std::to_string(bytes) + " bytes";
      return false;
    }
    return true;
  }
  if (values != count) {
    problem = "holds " + std::to_string(values) + " values for a shape of " +
              std::to_string(count);
    return false;
  }
  return true;
}

/// Checks the tensors of a graph and its subgraphs: initializers and tensor
/// attributes (Constant's value, ConstantOfShape's...).
bool checkTensorData(const onnx::GraphProto &graph, const MessageFn &error) {
  std::string problem;
  for (const auto &tensor : graph.initializer())
    if (!tensorDataMatches(tensor, problem)) {
      error("initializer " + quoted(tensor.name()) + " " + problem);
      return false;
    }
  for (const auto &node : graph.node())
    for (const auto &attr : node.attribute()) {
      std::string where = "attribute " + quoted(attr.name()) + " of node " +
                          quoted(node.name().empty() ? node.op_type()
                                                     : node.name());
      if (attr.has_t() && !tensorDataMatches(attr.t(), problem)) {
        error(where + " " + problem);
        return false;
      }
      for (const auto &tensor : attr.tensors())
        if (!tensorDataMatches(tensor, problem)) {
          error(where + " " + problem);
          return false;
        }
      if (attr.has_g() && !checkTensorData(attr.g(), error))
        return false;
      for (const auto &subgraph : attr.graphs())
        if (!checkTensorData(subgraph, error))
          return false;
    }
  return true;
}

/// Whether ONNX 1.12's version converter can convert `graph` from `opset`
/// without undefined behaviour: every node must be an ai.onnx node that
/// matches its schema (or of a domain that names no ai.onnx op), no node may
/// hold a subgraph, and the
/// Gemm 6->7 adapter indexes the shapes of A and B as rank 2 without
/// looking, so they must be declared so (inputs, initializers, value_info).
/// Conversion is best effort: a model it cannot take keeps its opset.
bool converterTrusts(const onnx::GraphProto &graph, int64_t opset) {
  // Every rank a name is declared with: ONNX's IR takes sizes from inputs,
  // initializers, value_info and outputs alike (a graph output redeclaring
  // a Gemm input as rank 1 overflowed the adapter).
  std::map<std::string, std::vector<int>> ranks;
  auto declare = [&](const onnx::ValueInfoProto &info) {
    const auto &type = info.type().tensor_type();
    bool shaped = info.type().has_tensor_type() && type.has_shape();
    ranks[info.name()].push_back(shaped ? type.shape().dim_size() : -1);
  };
  for (const auto &input : graph.input())
    declare(input);
  for (const auto &init : graph.initializer())
    ranks[init.name()].push_back(init.dims_size());
  for (const auto &info : graph.value_info())
    declare(info);
  for (const auto &output : graph.output())
    declare(output);
  for (const auto &node : graph.node()) {
    if (opset < 7 && node.op_type() == "Gemm" &&
        isDefaultDomain(node.domain())) {
      for (int i = 0; i < 2; ++i) {
        auto it = i < node.input_size() ? ranks.find(node.input(i))
                                        : ranks.end();
        if (it == ranks.end() ||
            llvm::any_of(it->second, [](int rank) { return rank != 2; }))
          return false;
      }
    }
    // Adapters assume a node has its schema's inputs and outputs, and they
    // are picked by op type alone: a fuzzed 2-input Scatter of the training
    // domain crashed the Scatter 10->11 adapter.
    if (isDefaultDomain(node.domain())) {
      const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(
          node.op_type(), static_cast<int>(opset), "");
      if (!schema)
        return false;
      try {
        schema->Verify(node);
      } catch (const std::exception &) {
        return false;
      }
    } else if (onnx::OpSchemaRegistry::Schema(node.op_type(), kMaxOpset, "")) {
      return false;
    }
    // Control flow is not imported anyway, and the Scan 8->9 adapter took
    // 16 GB on a fuzzed Scan whose num_scan_inputs exceeds its inputs.
    for (const auto &attr : node.attribute())
      if (attr.has_g() || attr.graphs_size() > 0)
        return false;
  }
  return true;
}

/// Applies the user's pins (and the batch default) to the graph inputs that
/// are not initializers, so shape inference sees static shapes.
bool pinInputShapes(onnx::GraphProto &graph, const ImportOptions &options,
                    const MessageFn &error, const MessageFn &warning) {
  std::set<std::string> initializers;
  for (const auto &init : graph.initializer())
    initializers.insert(init.name());
  std::vector<onnx::ValueInfoProto *> inputs;
  for (auto &input : *graph.mutable_input())
    if (!initializers.count(input.name()))
      inputs.push_back(&input);

  std::vector<std::string> keys, names;
  for (const auto &pin : options.inputShapes)
    keys.push_back(pin.first);
  for (auto *input : inputs)
    names.push_back(input->name());
  llvm::SmallVector<unsigned> pinnedInputs;
  if (std::optional<nabla::ShapePinError> fault =
          nabla::resolveShapePins(keys, names, pinnedInputs)) {
    const std::string &key = keys[fault->pin];
    if (fault->earlier) {
      error("--shape " + keys[*fault->earlier] + " and --shape " + key +
            " both pin input " + quoted(names[pinnedInputs[*fault->earlier]]) +
            "; give one --shape per input");
      return false;
    }
    std::string list;
    for (const std::string &name : names)
      list += (list.empty() ? "" : ", ") + quoted(name);
    error("--shape " + key + ": the model has no input named " + quoted(key) +
          " (inputs: " + (list.empty() ? "none" : list) + ")");
    return false;
  }
  std::vector<const llvm::SmallVector<int64_t> *> pins(inputs.size(), nullptr);
  for (auto [pin, input] : llvm::enumerate(pinnedInputs))
    pins[input] = &options.inputShapes[pin].second;

  for (size_t i = 0; i < inputs.size(); ++i) {
    onnx::ValueInfoProto &input = *inputs[i];
    if (!input.type().has_tensor_type()) {
      error("input " + quoted(input.name()) +
            " is not a tensor (sequences, maps and optionals are not "
            "supported)");
      return false;
    }
    auto *tensorType = input.mutable_type()->mutable_tensor_type();
    if (!tensorType->has_shape()) {
      if (!pins[i]) {
        error("input " + quoted(input.name()) +
              " has no shape (not even a rank); give it with --shape " +
              input.name() + "=D0xD1x...");
        return false;
      }
      tensorType->mutable_shape();
      for (size_t d = 0; d < pins[i]->size(); ++d)
        tensorType->mutable_shape()->add_dim();
    }
    auto *shape = tensorType->mutable_shape();
    if (pins[i] && (int64_t)pins[i]->size() != shape->dim_size()) {
      error("--shape " + input.name() + ": gives " +
            std::to_string(pins[i]->size()) + " dimensions but the input has " +
            std::to_string(shape->dim_size()));
      return false;
    }
    for (int d = 0; d < shape->dim_size(); ++d) {
      auto *dim = shape->mutable_dim(d);
      bool known = dim->has_dim_value();
      std::string symbol = dim->has_dim_param() ? dim->dim_param() : "";
      if (pins[i]) {
        int64_t value = (*pins[i])[d];
        if (known && dim->dim_value() != value) {
          error("--shape " + input.name() + ": dimension " + std::to_string(d) +
                " is " + std::to_string(dim->dim_value()) +
                " in the model, not " + std::to_string(value));
          return false;
        }
        dim->set_dim_value(value);
        continue;
      }
      if (known) {
        if (dim->dim_value() < 0) {
          error("input " + quoted(input.name()) + ": dimension " +
                std::to_string(d) + " is negative (" +
                std::to_string(dim->dim_value()) + ")");
          return false;
        }
        continue;
      }
      std::string what = symbol.empty() ? "dynamic" : "dynamic ('" + symbol + "')";
      if (d == 0) {
        if (options.warnOnDefaultedBatch)
          warning("input " + quoted(input.name()) + ": " + what +
                  " batch dimension set to 1; pin it with --shape " +
                  input.name() + "=...");
        dim->set_dim_value(1);
        continue;
      }
      error("input " + quoted(input.name()) + ": dimension " +
            std::to_string(d) + " is " + what + "; pin it with --shape " +
            input.name() + "=D0xD1x...");
      return false;
    }
    llvm::SmallVector<int64_t> dims;
    for (const auto &dim : shape->dim())
      dims.push_back(dim.dim_value());
    if (!boundedElementCount(dims)) {
      error("input " + quoted(input.name()) +
            ": its shape has more than 2^40 elements");
      return false;
    }
  }
  return true;
}

/// ONNX 1.12's shape inference stops reporting errors once it meets a node
/// for which it has no schema (a custom domain), so the nodes after one
/// would reach the importers unchecked. The importers see only the nodes
/// that do not depend on such a node (its outputs are poisoned), so those
/// are inferred again on a copy of the graph without the schema-less nodes
/// and their dependents, where every error is reported.
bool checkInferenceAroundSchemalessNodes(onnx::ModelProto &model,
                                         llvm::StringRef displayName,
                                         const MessageFn &error) {
  std::map<std::string, int> opsets;
  for (const auto &entry : model.opset_import())
    opsets[isDefaultDomain(entry.domain()) ? "" : entry.domain()] =
        static_cast<int>(entry.version());
  std::set<std::pair<std::string, std::string>> localFunctions;
  for (const auto &function : model.functions())
    localFunctions.insert({function.domain(), function.name()});
  const onnx::ISchemaRegistry *registry = guardedSchemaRegistry();
  auto schemaless = [&](const onnx::NodeProto &node) {
    std::string domain = isDefaultDomain(node.domain()) ? "" : node.domain();
    auto opset = opsets.find(domain);
    return opset != opsets.end() &&
           !registry->GetSchema(node.op_type(), opset->second, domain) &&
           !localFunctions.count({node.domain(), node.op_type()});
  };
  if (llvm::none_of(model.graph().node(), schemaless))
    return true;

  // The copy borrows the initializers (the weights) rather than duplicate
  // them: they move out of the model while it is copied, into the copy for
  // the rerun, and back.
  auto *weights = model.mutable_graph()->mutable_initializer();
  google::protobuf::RepeatedPtrField<onnx::TensorProto> moved;
  moved.Swap(weights);
  onnx::ModelProto copy = model;
  copy.mutable_graph()->mutable_initializer()->Swap(&moved);
  llvm::scope_exit giveBack(
      [&] { weights->Swap(copy.mutable_graph()->mutable_initializer()); });
  onnx::GraphProto &graph = *copy.mutable_graph();
  std::set<std::string> removed;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
  // A node depends on the values it reads, its subgraphs' included.
  std::function<bool(const onnx::NodeProto &)> readsRemoved =
      [&](const onnx::NodeProto &node) {
        for (const std::string &input : node.input())
          if (removed.count(input))
            return true;
        for (const auto &attr : node.attribute()) {
          for (const auto &inner : attr.g().node())
            if (readsRemoved(inner))
              return true;
          for (const auto &subgraph : attr.graphs())
            for (const auto &inner : subgraph.node())
              if (readsRemoved(inner))
                return true;
        }
        return false;
      };
  for (const auto &node : graph.node()) {
    bool drop = schemaless(node) || readsRemoved(node);
    if (!drop) {
      *kept.Add() = node;
      continue;
    }
    for (const std::string &output : node.output())
      if (!output.empty())
        removed.insert(output);
  }
  graph.mutable_node()->Swap(&kept);
  // Graph outputs of removed nodes would be undefined values.
  google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> outputs;
  for (const auto &output : graph.output())
    if (!removed.count(output.name()))
      *outputs.Add() = output;
  graph.mutable_output()->Swap(&outputs);
  try {
    onnx::ShapeInferenceOptions inference(/*check_type=*/true,
                                          /*strict_mode=*/1,
                                          /*data_prop=*/true);
    onnx::shape_inference::InferShapes(copy, registry, inference);
  } catch (const std::exception &e) {
    error(quoted(displayName) + ": ONNX shape inference fails: " +
          oneLine(e.what()));
    return false;
  }
  return true;
}
} // namespace

bool mlir::nabla::onnx_frontend::loadModel(
    llvm::StringRef bytes, llvm::StringRef displayName,
    llvm::StringRef baseDirectory, const ImportOptions &options,
    LoadedModel &loaded, const MessageFn &error, const MessageFn &warning) {
  onnx::ModelProto &model = loaded.model;
  if (bytes.empty()) {
    error(quoted(displayName) + " is empty");
    return false;
  }
  if (bytes.size() > size_t(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    error(quoted(displayName) +
          " is not an ONNX model (not a valid or complete ModelProto)");
    return false;
  }
  if (!model.has_graph() || model.ir_version() <= 0) {
    error(quoted(displayName) +
          " is not an ONNX model (no graph or no IR version)");
    return false;
  }

  loaded.originalOpset = -1;
  for (const auto &opset : model.opset_import())
    if (isDefaultDomain(opset.domain()))
      loaded.originalOpset = opset.version();
  if (loaded.originalOpset < 0 && model.ir_version() < 3)
    loaded.originalOpset = 1;
  if (loaded.originalOpset < kMinOpset) {
    error(quoted(displayName) + " imports no default-domain (ai.onnx) opset");
    return false;
  }
  if (loaded.originalOpset > kMaxOpset) {
    error(quoted(displayName) + " uses opset " +
          std::to_string(loaded.originalOpset) +
          "; this ONNX library (1.12) knows opsets up to " +
          std::to_string(kMaxOpset));
    return false;
  }
  loaded.opset = loaded.originalOpset;

  if (!inlineGraphExternalData(*model.mutable_graph(), baseDirectory,
                               displayName, error))
    return false;

  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    error(quoted(displayName) + " fails the ONNX checker: " + oneLine(e.what()));
    return false;
  }

  if (!checkOutputsDefined(model.graph(), displayName, error) ||
      !checkTensorData(model.graph(), error))
    return false;

  if (!pinInputShapes(*model.mutable_graph(), options, error, warning))
    return false;

  // One opset for the op importers when ONNX's converter knows the way;
  // otherwise the importers see the original opset.
  if (loaded.opset < kMaxOpset &&
      converterTrusts(model.graph(), loaded.opset)) {
    // ConvertVersion would build a converter (a copy of every schema and
    // adapter) per call; its conversions are const and share one.
    static const onnx::version_conversion::DefaultVersionConverter converter;
    // IR versions before 3 have no opset_import and mean opset 1; the
    // converter reads it (and crashed without it).
    if (llvm::none_of(model.opset_import(), [](const auto &entry) {
          return isDefaultDomain(entry.domain());
        })) {
      auto *entry = model.add_opset_import();
      entry->set_domain("");
      entry->set_version(loaded.opset);
    }
    try {
      onnx::ModelProto converted = converter.convert_version(
          model, onnx::OpSetID(loaded.opset),
          onnx::OpSetID(kMaxOpset));
      model = std::move(converted);
      loaded.opset = kMaxOpset;
    } catch (const std::exception &) {
    }
  }

  try {
    onnx::ShapeInferenceOptions inference(/*check_type=*/true,
                                          /*strict_mode=*/1,
                                          /*data_prop=*/true);
    onnx::shape_inference::InferShapes(model, guardedSchemaRegistry(),
                                       inference);
  } catch (const std::exception &e) {
    error(quoted(displayName) + ": ONNX shape inference fails: " + oneLine(e.what()));
    return false;
  }
  return checkInferenceAroundSchemalessNodes(model, displayName, error);
}
