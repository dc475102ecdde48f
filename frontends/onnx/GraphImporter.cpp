//===- GraphImporter.cpp - Maps a checked ONNX graph to nabla -------------===//

#include "frontends/onnx/GraphImporter.h"

#include "frontends/onnx/HostFolding.h"
#include "frontends/onnx/Limits.h"

#include "dialects/Nabla/Transforms/Gradient.h"

#include "onnx/defs/function.h"
#include "onnx/defs/schema.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

namespace {
/// Function expansions may nest (a function op inside a function body);
/// deeper than this is a cycle in the schemas, not a model.
constexpr int kMaxExpansionDepth = 8;

std::string quoted(llvm::StringRef s) { return "'" + s.str() + "'"; }

constexpr llvm::StringLiteral kTrainingDomain = "ai.onnx.preview.training";

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

std::string typeToString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  type.print(os);
  return s;
}

/// The ONNX-declared tensor type of a ValueInfoProto, if fully static.
RankedTensorType convertValueInfo(MLIRContext *context,
                                  const onnx::ValueInfoProto &info) {
  if (!info.type().has_tensor_type())
    return {};
  const auto &tensor = info.type().tensor_type();
  Type element = convertElementType(context, tensor.elem_type());
  if (!element || !tensor.has_shape())
    return {};
  SmallVector<int64_t> shape;
  for (const auto &dim : tensor.shape().dim()) {
    if (!dim.has_dim_value() || dim.dim_value() < 0)
      return {};
    shape.push_back(dim.dim_value());
  }
  return RankedTensorType::get(shape, element);
}
} // namespace

//===----------------------------------------------------------------------===//
// Types and tensors
//===----------------------------------------------------------------------===//

Type mlir::nabla::onnx_frontend::convertElementType(MLIRContext *context,
                                                    int32_t onnxType) {
  Builder b(context);
  switch (onnxType) {
  case onnx::TensorProto::FLOAT: return b.getF32Type();
  case onnx::TensorProto::DOUBLE: return b.getF64Type();
  case onnx::TensorProto::FLOAT16: return b.getF16Type();
  case onnx::TensorProto::BFLOAT16: return b.getBF16Type();
  case onnx::TensorProto::INT8: return b.getIntegerType(8);
  case onnx::TensorProto::INT16: return b.getIntegerType(16);
  case onnx::TensorProto::INT32: return b.getIntegerType(32);
  case onnx::TensorProto::INT64: return b.getIntegerType(64);
  case onnx::TensorProto::UINT8: return b.getIntegerType(8, false);
  case onnx::TensorProto::UINT16: return b.getIntegerType(16, false);
  case onnx::TensorProto::UINT32: return b.getIntegerType(32, false);
  case onnx::TensorProto::UINT64: return b.getIntegerType(64, false);
  case onnx::TensorProto::BOOL: return b.getI1Type();
  default: return {};
  }
}

llvm::StringRef mlir::nabla::onnx_frontend::onnxTypeName(int32_t onnxType) {
  switch (onnxType) {
  case onnx::TensorProto::FLOAT: return "float32";
  case onnx::TensorProto::DOUBLE: return "float64";
  case onnx::TensorProto::FLOAT16: return "float16";
  case onnx::TensorProto::BFLOAT16: return "bfloat16";
  case onnx::TensorProto::INT8: return "int8";
  case onnx::TensorProto::INT16: return "int16";
  case onnx::TensorProto::INT32: return "int32";
  case onnx::TensorProto::INT64: return "int64";
  case onnx::TensorProto::UINT8: return "uint8";
  case onnx::TensorProto::UINT16: return "uint16";
  case onnx::TensorProto::UINT32: return "uint32";
  case onnx::TensorProto::UINT64: return "uint64";
  case onnx::TensorProto::BOOL: return "bool";
  case onnx::TensorProto::STRING: return "string";
  case onnx::TensorProto::COMPLEX64: return "complex64";
  case onnx::TensorProto::COMPLEX128: return "complex128";
  default: return "an unknown type";
  }
}

DenseElementsAttr mlir::nabla::onnx_frontend::convertTensor(
    MLIRContext *context, const onnx::TensorProto &tensor,
    std::string &error) {
  std::string what = "tensor " + quoted(tensor.name());
  Type element = convertElementType(context, tensor.data_type());
  if (!element) {
    error = what + " has element type " +
            onnxTypeName(tensor.data_type()).str() + ", which nabla has no "
            "type for";
    return {};
  }
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    error = what + " refers to external data that was not loaded";
    return {};
  }
  if (tensor.has_segment()) {
    error = what + " is segmented, which is not supported";
    return {};
  }
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0) {
      error = what + " has a negative dimension (" + std::to_string(dim) + ")";
      return {};
    }
    if (dim != 0 && count > kMaxTensorElements / dim) {
      error = what + " has more than 2^40 elements";
      return {};
    }
    count *= dim;
    shape.push_back(dim);
  }
  auto type = RankedTensorType::get(shape, element);
  unsigned bits = element.getIntOrFloatBitWidth();
  size_t elementBytes = bits == 1 ? 1 : bits / 8;

  auto sizeMismatch = [&](size_t have) {
    error = what + " of shape " + typeToString(type) + " holds " +
            std::to_string(have) + " values, not " + std::to_string(count);
    return DenseElementsAttr();
  };

  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != size_t(count) * elementBytes) {
      error = what + " of type " + typeToString(type) + " has " +
              std::to_string(raw.size()) + " bytes of raw data, not " +
              std::to_string(size_t(count) * elementBytes);
      return {};
    }
    if (bits == 1) {
      SmallVector<bool> values(raw.begin(), raw.end());
      return DenseElementsAttr::get(type, ArrayRef<bool>(values));
    }
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }

  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT: {
    if (tensor.float_data_size() != count)
      return sizeMismatch(tensor.float_data_size());
    return DenseElementsAttr::get(
        type, ArrayRef<float>(tensor.float_data().data(), count));
  }
  case onnx::TensorProto::DOUBLE: {
    if (tensor.double_data_size() != count)
      return sizeMismatch(tensor.double_data_size());
    return DenseElementsAttr::get(
        type, ArrayRef<double>(tensor.double_data().data(), count));
  }
  case onnx::TensorProto::INT64: {
    if (tensor.int64_data_size() != count)
      return sizeMismatch(tensor.int64_data_size());
    return DenseElementsAttr::get(
        type, ArrayRef<int64_t>(tensor.int64_data().data(), count));
  }
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64: {
    if (tensor.uint64_data_size() != count)
      return sizeMismatch(tensor.uint64_data_size());
    SmallVector<APInt> values;
    for (uint64_t v : tensor.uint64_data())
      values.push_back(APInt(bits, v, /*isSigned=*/false, /*implicitTrunc=*/true));
    return DenseElementsAttr::get(type, values);
  }
  case onnx::TensorProto::BOOL: {
    if (tensor.int32_data_size() != count)
      return sizeMismatch(tensor.int32_data_size());
    SmallVector<bool> values;
    for (int32_t v : tensor.int32_data())
      values.push_back(v != 0);
    return DenseElementsAttr::get(type, ArrayRef<bool>(values));
  }
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16: {
    if (tensor.int32_data_size() != count)
      return sizeMismatch(tensor.int32_data_size());
    const llvm::fltSemantics &semantics =
        cast<FloatType>(element).getFloatSemantics();
    SmallVector<APFloat> values;
    for (int32_t v : tensor.int32_data())
      values.push_back(APFloat(semantics, APInt(16, uint64_t(v) & 0xffff)));
    return DenseElementsAttr::get(type, values);
  }
  default: {
    // The narrow integer types live in int32_data.
    if (tensor.int32_data_size() != count)
      return sizeMismatch(tensor.int32_data_size());
    SmallVector<APInt> values;
    for (int32_t v : tensor.int32_data())
      values.push_back(APInt(bits, uint64_t(int64_t(v)), /*isSigned=*/true,
                             /*implicitTrunc=*/true));
    return DenseElementsAttr::get(type, values);
  }
  }
}

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

NodeContext::NodeContext(GraphImporter &importer, const onnx::NodeProto &node,
                         int64_t opset)
    : importer(importer), nodeProto(node), opsetVersion(opset),
      location(UnknownLoc::get(importer.context)) {
  displayName = node.name();
  if (displayName.empty())
    displayName = node.op_type() + "_" + std::to_string(importer.nodeCount);
  location = NameLoc::get(StringAttr::get(importer.context, displayName),
                          FileLineColLoc::get(importer.context,
                                              importer.displayName, 0, 0));
}

llvm::StringRef NodeContext::opType() const { return nodeProto.op_type(); }
int64_t NodeContext::originalOpset() const {
  return importer.loaded.originalOpset;
}
llvm::StringRef NodeContext::name() const { return displayName; }
OpBuilder &NodeContext::builder() { return importer.builder; }
MLIRContext *NodeContext::context() const { return importer.context; }

unsigned NodeContext::numInputs() const { return nodeProto.input_size(); }
bool NodeContext::hasInput(unsigned i) const {
  return i < numInputs() && !nodeProto.input(i).empty();
}

const ImportedValue *NodeContext::lookupInput(unsigned i) const {
  if (!hasInput(i))
    return nullptr;
  return importer.lookup(nodeProto.input(i));
}

FailureOr<Value> NodeContext::input(unsigned i) {
  const ImportedValue *value = lookupInput(i);
  if (!value) {
    (void)unsupported("input " + std::to_string(i) + " is required");
    return failure();
  }
  if (value->sequence) {
    (void)unsupported("input " + std::to_string(i) +
                      " is a sequence where a tensor is expected");
    return failure();
  }
  ImportedValue &mutableValue = importer.values[nodeProto.input(i)];
  return importer.materialize(mutableValue);
}

FailureOr<SmallVector<Value>> NodeContext::sequenceInput(unsigned i) {
  const ImportedValue *value = lookupInput(i);
  if (!value || !value->sequence) {
    (void)unsupported("input " + std::to_string(i) + " must be a sequence");
    return failure();
  }
  return *value->sequence;
}

RankedTensorType NodeContext::inputType(unsigned i) const {
  const ImportedValue *value = lookupInput(i);
  if (!value || value->sequence)
    return {};
  if (value->value)
    return cast<RankedTensorType>(value->value.getType());
  return cast<RankedTensorType>(value->constant.getType());
}

DenseElementsAttr NodeContext::constantInput(unsigned i) const {
  const ImportedValue *value = lookupInput(i);
  return value ? value->constant : DenseElementsAttr();
}

FailureOr<SmallVector<int64_t>> NodeContext::constantInts(unsigned i,
                                                          llvm::StringRef what) {
  DenseElementsAttr value = constantInput(i);
  if (!value || !isFoldable(value)) {
    (void)unsupported(what + " (input " + std::to_string(i) +
                      ") must be known at compile time");
    return failure();
  }
  HostTensor t = HostTensor::fromAttr(value);
  SmallVector<int64_t> ints;
  for (int64_t k = 0, e = t.size(); k < e; ++k)
    ints.push_back(t.intAt(k));
  return ints;
}

FailureOr<SmallVector<double>>
NodeContext::constantFloats(unsigned i, llvm::StringRef what) {
  DenseElementsAttr value = constantInput(i);
  if (!value || !isFoldable(value)) {
    (void)unsupported(what + " (input " + std::to_string(i) +
                      ") must be known at compile time");
    return failure();
  }
  HostTensor t = HostTensor::fromAttr(value);
  SmallVector<double> values;
  for (int64_t k = 0, e = t.size(); k < e; ++k)
    values.push_back(t.at(k));
  return values;
}

FailureOr<std::optional<SmallVector<int64_t>>>
NodeContext::intsFromAttrOrInput(llvm::StringRef attrName,
                                 unsigned inputIndex) {
  if (hasAttr(attrName))
    return std::optional<SmallVector<int64_t>>(getInts(attrName));
  if (!hasInput(inputIndex))
    return std::optional<SmallVector<int64_t>>();
  FailureOr<SmallVector<int64_t>> ints = constantInts(inputIndex, attrName);
  if (failed(ints))
    return failure();
  return std::optional<SmallVector<int64_t>>(std::move(*ints));
}

unsigned NodeContext::numOutputs() const { return nodeProto.output_size(); }
bool NodeContext::hasOutput(unsigned i) const {
  return i < numOutputs() && !nodeProto.output(i).empty();
}

RankedTensorType NodeContext::outputType(unsigned i) const {
  if (!hasOutput(i))
    return {};
  auto it = importer.inferredTypes.find(nodeProto.output(i));
  return it == importer.inferredTypes.end() ? RankedTensorType() : it->second;
}

void NodeContext::setOutput(unsigned i, Value value) {
  if (!hasOutput(i))
    return;
  ImportedValue imported;
  imported.value = value;
  // Keep small constants visible to later import-time folding.
  if (auto constOp = value.getDefiningOp<ConstantOp>())
    imported.constant = dyn_cast<DenseElementsAttr>(constOp.getValue());
  importer.define(nodeProto.output(i), imported);
}

void NodeContext::setSequenceOutput(unsigned i, SmallVector<Value> elements) {
  if (!hasOutput(i))
    return;
  ImportedValue imported;
  imported.sequence = std::move(elements);
  importer.define(nodeProto.output(i), imported);
}

void NodeContext::setConstantOutput(unsigned i, DenseElementsAttr value) {
  if (!hasOutput(i))
    return;
  ImportedValue imported;
  imported.constant = value;
  importer.define(nodeProto.output(i), imported);
}

const onnx::AttributeProto *
NodeContext::attribute(llvm::StringRef name) const {
  for (const auto &attr : nodeProto.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t NodeContext::getInt(llvm::StringRef name, int64_t defaultValue) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->i() : defaultValue;
}

float NodeContext::getFloat(llvm::StringRef name, float defaultValue) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->f() : defaultValue;
}

std::string NodeContext::getString(llvm::StringRef name,
                                   llvm::StringRef defaultValue) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->s() : defaultValue.str();
}

SmallVector<int64_t> NodeContext::getInts(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return {};
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

SmallVector<float> NodeContext::getFloats(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return {};
  return SmallVector<float>(attr->floats().begin(), attr->floats().end());
}

std::vector<std::string> NodeContext::getStrings(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return {};
  return std::vector<std::string>(attr->strings().begin(),
                                  attr->strings().end());
}

FailureOr<DenseElementsAttr> NodeContext::getTensor(llvm::StringRef name) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr || !attr->has_t()) {
    (void)unsupported("attribute '" + name + "' must be a tensor");
    return failure();
  }
  std::string error;
  DenseElementsAttr value = convertTensor(context(), attr->t(), error);
  if (!value) {
    (void)unsupported("attribute '" + name + "': " + error);
    return failure();
  }
  return value;
}

NamedAttribute NodeContext::namedAttr(llvm::StringRef name,
                                      Attribute value) const {
  return NamedAttribute(StringAttr::get(context(), name), value);
}

FailureOr<Operation *> NodeContext::createOp(llvm::StringRef name,
                                             ValueRange operands,
                                             ArrayRef<NamedAttribute> attributes,
                                             unsigned numResults) {
  // Build with placeholder result types, then let the op infer its own:
  // the inferring builders abort when inference fails, this reports.
  OperationState state(location, name);
  state.addOperands(operands);
  state.addAttributes(attributes);
  state.addTypes(SmallVector<Type>(numResults, NoneType::get(context())));
  Operation *op = builder().create(state);

  std::string message;
  {
    ScopedDiagnosticHandler capture(context(), [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    SmallVector<Type> types;
    auto inferable = dyn_cast<InferTypeOpInterface>(op);
    bool ok = inferable &&
              succeeded(inferable.inferReturnTypes(
                  context(), location, op->getOperands(),
                  op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
                  op->getRegions(), types)) &&
              types.size() == numResults;
    if (ok) {
      for (auto [result, type] : llvm::zip(op->getResults(), types))
        result.setType(type);
      ok = succeeded(verify(op, /*verifyRecursively=*/false));
    }
    if (!ok) {
      if (message.empty())
        message = "the importer cannot build " + name.str();
      op->erase();
      (void)unsupported(name + ": " + message);
      return failure();
    }
  }
  return op;
}

Value NodeContext::constant(DenseElementsAttr value) {
  return ConstantOp::create(builder(), location, value.getType(), value);
}

Value NodeContext::scalarConstant(Type elementType, double value,
                                  ArrayRef<int64_t> shape) {
  HostTensor t = HostTensor::zeros(elementType, {});
  t.set(0, value);
  auto type = RankedTensorType::get(shape, elementType);
  DenseElementsAttr splat = t.toAttr().resizeSplat(type);
  return constant(splat);
}

LogicalResult NodeContext::unsupported(const llvm::Twine &reason) {
  importer.reportNode(nodeProto, importer.loaded.originalOpset, reason);
  return failure();
}

FailureOr<int64_t> NodeContext::normalizeAxis(int64_t axis, int64_t rank,
                                              llvm::StringRef what) {
  int64_t normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= std::max<int64_t>(rank, 1)) {
    (void)unsupported(what + " " + std::to_string(axis) +
                      " is out of range for rank " + std::to_string(rank));
    return failure();
  }
  return normalized;
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext *context, LoadedModel &loaded,
                             llvm::StringRef displayName,
                             const ImportOptions &options)
    : context(context), loaded(loaded), displayName(displayName.str()),
      options(options), builder(context) {
  registerElementwiseImporters(registry);
  registerConvolutionImporters(registry);
  registerNNImporters(registry);
  registerShapeImporters(registry);
  registerReductionImporters(registry);
  registerRecurrentImporters(registry);
  registerSequenceImporters(registry);
}

const ImportedValue *GraphImporter::lookup(const std::string &name) const {
  auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second;
}

void GraphImporter::define(const std::string &name, ImportedValue value) {
  values[name] = std::move(value);
}

std::string GraphImporter::uniqueParameterName(llvm::StringRef name) {
  std::string base = name.empty() ? "initializer" : name.str();
  std::string candidate = base;
  for (int i = 1; parameterNames.count(candidate); ++i)
    candidate = base + "_" + std::to_string(i);
  parameterNames.insert(candidate);
  return candidate;
}

Value GraphImporter::materialize(ImportedValue &value) {
  if (value.value)
    return value.value;
  Location loc = UnknownLoc::get(context);
  if (!value.parameterName.empty()) {
    value.value = GetParameterOp::create(
        builder, loc, value.constant.getType(),
        FlatSymbolRefAttr::get(context, value.parameterName));
    return value.value;
  }
  value.value =
      ConstantOp::create(builder, loc, value.constant.getType(), value.constant);
  return value.value;
}

void GraphImporter::reportNode(const onnx::NodeProto &node, int64_t opset,
                               const llvm::Twine &reason) {
  std::string domain = node.domain().empty() ? "ai.onnx" : node.domain();
  // A custom domain has its own opset version.
  if (!isDefaultDomain(node.domain())) {
    opset = 0;
    for (const auto &entry : loaded.model.opset_import())
      if (entry.domain() == node.domain())
        opset = entry.version();
  }
  // Unnamed nodes (common in exported models) are named by their outputs.
  std::string name;
  if (!node.name().empty()) {
    name = quoted(node.name());
  } else {
    std::string outputs;
    for (const std::string &output : node.output())
      if (!output.empty())
        outputs += (outputs.empty() ? "" : ", ") + quoted(output);
    name = "producing " + (outputs.empty() ? std::string("nothing") : outputs);
  }
  problems.push_back("node " + name + " (" + node.op_type() + ", domain " +
                     domain + ", opset " + std::to_string(opset) +
                     "): " + reason.str());
}

void GraphImporter::reportError(const llvm::Twine &message) {
  problems.push_back(message.str());
}

void GraphImporter::checkOutputTypes(NodeContext &ctx) {
  const onnx::NodeProto &node = ctx.node();
  for (int i = 0; i < node.output_size(); ++i) {
    const std::string &name = node.output(i);
    if (name.empty())
      continue;
    const ImportedValue *value = lookup(name);
    if (!value) {
      (void)ctx.unsupported("output " + std::to_string(i) + " (" +
                            quoted(name) + ") is not supported");
      continue;
    }
    if (value->sequence)
      continue;
    RankedTensorType actual =
        value->value ? dyn_cast<RankedTensorType>(value->value.getType())
                     : cast<RankedTensorType>(value->constant.getType());
    auto it = inferredTypes.find(name);
    if (it == inferredTypes.end() || !actual)
      continue;
    // A disagreement with ONNX's own shape inference means the import is
    // wrong: refuse rather than compute something else.
    if (it->second.getShape() != actual.getShape() ||
        it->second.getElementType() != actual.getElementType())
      (void)ctx.unsupported("output " + quoted(name) + " was imported as " +
                            typeToString(actual) + " but ONNX infers " +
                            typeToString(it->second));
  }
}

/// The ONNX element type of an MLIR element type (0 when there is none).
static int32_t toOnnxElementType(Type type) {
  if (type.isF32()) return onnx::TensorProto::FLOAT;
  if (type.isF64()) return onnx::TensorProto::DOUBLE;
  if (type.isF16()) return onnx::TensorProto::FLOAT16;
  if (type.isBF16()) return onnx::TensorProto::BFLOAT16;
  if (type.isInteger(1)) return onnx::TensorProto::BOOL;
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType)
    return 0;
  bool isUnsigned = intType.isUnsigned();
  switch (intType.getWidth()) {
  case 8: return isUnsigned ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8;
  case 16: return isUnsigned ? onnx::TensorProto::UINT16 : onnx::TensorProto::INT16;
  case 32: return isUnsigned ? onnx::TensorProto::UINT32 : onnx::TensorProto::INT32;
  case 64: return isUnsigned ? onnx::TensorProto::UINT64 : onnx::TensorProto::INT64;
  default: return 0;
  }
}

bool GraphImporter::expandFunction(const onnx::NodeProto &node, int depth) {
  const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(
      node.op_type(), static_cast<int>(loaded.opset), node.domain());
  if (!schema)
    return false;
  onnx::FunctionProto contextFunction;
  const onnx::FunctionProto *function = nullptr;
  try {
    if (schema->HasFunction()) {
      function = schema->GetFunction();
    } else if (schema->HasContextDependentFunction()) {
      // The body depends on the input types (CastLike, Celu, ...).
      std::vector<onnx::TypeProto> inputTypes;
      for (const std::string &input : node.input()) {
        onnx::TypeProto type;
        const ImportedValue *value = input.empty() ? nullptr : lookup(input);
        if (value && !value->poisoned && !value->sequence) {
          auto tensorType = value->value
                                ? cast<RankedTensorType>(value->value.getType())
                                : cast<RankedTensorType>(value->constant.getType());
          auto *tensor = type.mutable_tensor_type();
          tensor->set_elem_type(toOnnxElementType(tensorType.getElementType()));
          for (int64_t dim : tensorType.getShape())
            tensor->mutable_shape()->add_dim()->set_dim_value(dim);
        }
        inputTypes.push_back(type);
      }
      onnx::FunctionBodyBuildContextImpl buildContext(node, inputTypes);
      if (schema->BuildContextDependentFunction(buildContext, contextFunction))
        function = &contextFunction;
    }
  } catch (const std::exception &) {
    return false;
  }
  if (!function)
    return false;
  onnx::GraphProto expanded;
  try {
    onnx::FunctionExpandHelper(node, *function, expanded,
                               "__" + node.op_type() + "_" +
                                   std::to_string(nodeCount) + "_");
  } catch (const std::exception &) {
    return false;
  }
  size_t before = problems.size();
  for (const auto &inner : expanded.node())
    importNode(inner, depth + 1);
  if (problems.size() != before) {
    // Name the node the user wrote, then what its expansion lacked.
    std::vector<std::string> innerProblems(problems.begin() + before,
                                           problems.end());
    problems.resize(before);
    std::string reasons;
    for (const std::string &p : innerProblems)
      reasons += (reasons.empty() ? "" : "; ") + p;
    reportNode(node, loaded.originalOpset,
               "no direct mapping, and its ONNX function body needs: " +
                   reasons);
  }
  return true;
}

void GraphImporter::importNode(const onnx::NodeProto &node, int depth) {
  ++nodeCount;
  bool poisoned = false;
  for (const std::string &input : node.input()) {
    if (input.empty())
      continue;
    const ImportedValue *value = lookup(input);
    if (!value) {
      reportNode(node, loaded.originalOpset,
                 "input " + quoted(input) + " is not defined before the node");
      poisoned = true;
    } else if (value->poisoned) {
      poisoned = true;
    }
  }
  auto poisonOutputs = [&] {
    for (const std::string &output : node.output())
      if (!output.empty()) {
        ImportedValue value;
        value.poisoned = true;
        define(output, value);
      }
  };

  if (node.domain() == kTrainingDomain && node.op_type() == "Gradient") {
    if (poisoned || failed(importGradient(node)))
      return poisonOutputs();
    return;
  }
  if (!isDefaultDomain(node.domain())) {
    reportNode(node, loaded.originalOpset,
               "operators of domain '" + node.domain() + "' are not supported");
    return poisonOutputs();
  }
  for (const auto &attr : node.attribute())
    if (attr.has_g() || attr.graphs_size() > 0) {
      reportNode(node, loaded.originalOpset,
                 "control flow (subgraph attribute '" + attr.name() +
                     "') is not supported");
      return poisonOutputs();
    }

  OpImportFn importer = registry.lookup(node.op_type());
  if (!importer) {
    if (poisoned)
      return poisonOutputs();
    if (depth < kMaxExpansionDepth && expandFunction(node, depth))
      return;
    reportNode(node, loaded.originalOpset,
               "operator " + node.op_type() + " is not supported");
    return poisonOutputs();
  }
  if (poisoned)
    return poisonOutputs();

  NodeContext ctx(*this, node, loaded.opset);
  size_t before = problems.size();
  if (failed(importer(ctx)) || problems.size() != before) {
    if (problems.size() == before)
      reportNode(node, loaded.originalOpset, "cannot be imported");
    return poisonOutputs();
  }
  checkOutputTypes(ctx);
  if (problems.size() != before)
    poisonOutputs();
}

// ONNX's Gradient (ai.onnx.preview.training) asks for d sum(y) / dx for each
// x named in `xs`: reverse-mode differentiation of the ops imported so far.
LogicalResult GraphImporter::importGradient(const onnx::NodeProto &node) {
  auto report = [&](const llvm::Twine &reason) {
    reportNode(node, loaded.originalOpset, reason);
    return failure();
  };
  std::string yName;
  std::vector<std::string> xNames;
  for (const auto &attr : node.attribute()) {
    if (attr.name() == "y")
      yName = attr.s();
    else if (attr.name() == "xs")
      xNames.assign(attr.strings().begin(), attr.strings().end());
  }
  if (yName.empty())
    return report("attribute 'y' (the value to differentiate) is missing");
  if (static_cast<int>(xNames.size()) < node.output_size())
    return report("has " + llvm::Twine(node.output_size()) +
                  " outputs but attribute 'xs' names " +
                  llvm::Twine(xNames.size()) + " values");

  auto runtimeTensor = [&](const std::string &name,
                           llvm::StringRef role) -> FailureOr<Value> {
    const ImportedValue *value = lookup(name);
    if (!value) {
      (void)report(role + " " + quoted(name) + " is not defined before the node");
      return failure();
    }
    if (value->poisoned) // Its producer was reported already.
      return failure();
    if (value->sequence) {
      (void)report(role + " " + quoted(name) + " is a sequence, not a tensor");
      return failure();
    }
    return materialize(values[name]);
  };
  FailureOr<Value> y = runtimeTensor(yName, "y");
  if (failed(y))
    return failure();
  SmallVector<Value> xs;
  for (const std::string &name : xNames) {
    const ImportedValue *value = lookup(name);
    if (value && value->constant)
      return report("xs " + quoted(name) +
                    " is known at import time (an initializer or a "
                    "constant), and the importer folds computations on "
                    "such values, so gradients with respect to it are not "
                    "supported");
    FailureOr<Value> x = runtimeTensor(name, "xs");
    if (failed(x))
      return failure();
    xs.push_back(*x);
  }

  NodeContext ctx(*this, node, loaded.opset);
  std::string message;
  FailureOr<SmallVector<Value>> grads;
  {
    ScopedDiagnosticHandler capture(context, [&](Diagnostic &diag) {
      if (!message.empty())
        return success();
      message = diag.str();
      // Name the ONNX node the offending op was imported from.
      if (auto name = dyn_cast<NameLoc>(diag.getLocation()))
        if (name != ctx.loc())
          message += " (imported from node " +
                     quoted(name.getName().getValue()) + ")";
      return success();
    });
    grads = buildGradient(builder, ctx.loc(), *y, xs);
  }
  if (failed(grads))
    return report(message.empty() ? "cannot be differentiated" : message);
  for (int i = 0; i < node.output_size(); ++i)
    if (!node.output(i).empty()) {
      ImportedValue value;
      value.value = (*grads)[i];
      define(node.output(i), value);
    }
  return success();
}

LogicalResult GraphImporter::importGraph() {
  const onnx::GraphProto &graph = loaded.model.graph();
  Location fileLoc = FileLineColLoc::get(context, displayName, 0, 0);
  module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  // Importers size constants and index vectors by these types, so an
  // absurd one (declared, or inferred from absurd constants) stops here.
  auto addInferredType = [&](const onnx::ValueInfoProto &info) {
    RankedTensorType type = convertValueInfo(context, info);
    if (!type)
      return;
    if (!boundedElementCount(type.getShape()))
      reportError("value " + quoted(info.name()) + " has the type " +
                  typeToString(type) +
                  " (declared or inferred), of more than 2^40 elements");
    else
      inferredTypes[info.name()] = type;
  };
  for (const auto &info : graph.value_info())
    addInferredType(info);
  for (const auto &info : graph.output())
    addInferredType(info);
  if (!problems.empty())
    return failure();

  // Initializers become parameters; the ones listed as graph inputs too
  // (IR < 4 style defaults) stay parameters.
  std::set<std::string> initializerNames;
  for (const auto &tensor : graph.initializer()) {
    std::string error;
    DenseElementsAttr value = convertTensor(context, tensor, error);
    if (!value) {
      reportError("initializer " + quoted(tensor.name()) + ": " + error);
      continue;
    }
    initializerNames.insert(tensor.name());
    ImportedValue imported;
    imported.constant = value;
    imported.parameterName = uniqueParameterName(tensor.name());
    ParameterOp::create(builder, fileLoc,
                        StringAttr::get(context, imported.parameterName),
                        TypeAttr::get(value.getType()), value,
                        /*trainable=*/UnitAttr());
    define(tensor.name(), imported);
  }
  if (!problems.empty())
    return failure();

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const auto &input : graph.input()) {
    if (initializerNames.count(input.name()))
      continue;
    const auto &tensor = input.type().tensor_type();
    Type element = convertElementType(context, tensor.elem_type());
    RankedTensorType type = convertValueInfo(context, input);
    if (!element) {
      reportError("input " + quoted(input.name()) + " has element type " +
                  onnxTypeName(tensor.elem_type()).str() +
                  ", which nabla has no type for");
      continue;
    }
    if (!type) {
      reportError("input " + quoted(input.name()) + " has no static shape");
      continue;
    }
    argTypes.push_back(type);
    argNames.push_back(input.name());
  }
  SmallVector<Type> resultTypes;
  for (const auto &output : graph.output()) {
    const auto &tensor = output.type().tensor_type();
    if (!output.type().has_tensor_type() ||
        !convertElementType(context, tensor.elem_type()))
      reportError("output " + quoted(output.name()) + " has type " +
                  (output.type().has_tensor_type()
                       ? onnxTypeName(tensor.elem_type()).str()
                       : std::string("that is not a tensor")) +
                  ", which nabla has no type for");
  }
  if (!problems.empty())
    return failure();

  auto function = func::FuncOp::create(
      builder, fileLoc, options.functionName,
      builder.getFunctionType(argTypes, resultTypes));
  Block *entry = function.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    function.setArgAttr(i, "nabla.name", builder.getStringAttr(name));
    ImportedValue value;
    value.value = entry->getArgument(i);
    define(name, value);
  }
  builder.setInsertionPointToEnd(entry);

  for (const auto &node : graph.node())
    importNode(node, 0);

  SmallVector<Value> results;
  for (const auto &output : graph.output()) {
    const ImportedValue *value = lookup(output.name());
    if (!value) {
      reportError("output " + quoted(output.name()) +
                  " is not produced by any node");
      continue;
    }
    if (value->poisoned)
      continue;
    if (value->sequence) {
      reportError("output " + quoted(output.name()) +
                  " is a sequence; compiled models return tensors");
      continue;
    }
    ImportedValue &mutableValue = values[output.name()];
    Value result = materialize(mutableValue);
    Type declared = convertElementType(
        context, output.type().tensor_type().elem_type());
    auto type = cast<RankedTensorType>(result.getType());
    if (type.getElementType() != declared) {
      reportError("output " + quoted(output.name()) + " is declared " +
                  onnxTypeName(output.type().tensor_type().elem_type()).str() +
                  " but computed as " + typeToString(type));
      continue;
    }
    results.push_back(result);
  }
  if (!problems.empty())
    return failure();

  func::ReturnOp::create(builder, fileLoc, results);
  function.setType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, output] : llvm::enumerate(graph.output()))
    function.setResultAttr(i, "nabla.name",
                           builder.getStringAttr(output.name()));
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  if (succeeded(importGraph()) && succeeded(verify(*module)))
    return std::move(module);
  if (problems.empty())
    problems.push_back("the imported module does not verify");
  // Count the nodes the report names to summarize them in the headline.
  size_t nodeProblems = llvm::count_if(problems, [](const std::string &p) {
    return llvm::StringRef(p).starts_with("node ");
  });
  InFlightDiagnostic diag =
      emitError(FileLineColLoc::get(context, displayName, 0, 0));
  if (nodeProblems)
    diag << "cannot import " << quoted(displayName) << ": " << nodeProblems
         << (nodeProblems == 1 ? " node is" : " nodes are")
         << " not supported";
  else
    diag << "cannot import " << quoted(displayName);
  for (const std::string &problem : problems)
    diag.attachNote() << problem;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

bool mlir::nabla::onnx_frontend::parseDims(llvm::StringRef text,
                                           SmallVectorImpl<int64_t> &dims) {
  dims.clear();
  if (text.empty() || text == "scalar")
    return true;
  SmallVector<llvm::StringRef> parts;
  text.split(parts, 'x');
  for (llvm::StringRef part : parts) {
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim < 0)
      return false;
    dims.push_back(dim);
  }
  return true;
}

OwningOpRef<ModuleOp> mlir::nabla::onnx_frontend::importOnnxBytes(
    MLIRContext *context, llvm::StringRef bytes, llvm::StringRef displayName,
    llvm::StringRef baseDirectory, const ImportOptions &options) {
  context->loadDialect<NablaDialect, func::FuncDialect>();
  Location loc = FileLineColLoc::get(context, displayName, 0, 0);
  LoadedModel loaded;
  bool ok = loadModel(
      bytes, displayName, baseDirectory, options, loaded,
      [&](const std::string &message) { emitError(loc) << message; },
      [&](const std::string &message) { emitWarning(loc) << message; });
  if (!ok)
    return nullptr;
  GraphImporter importer(context, loaded, displayName, options);
  return importer.run();
}

OwningOpRef<ModuleOp>
mlir::nabla::onnx_frontend::importOnnxFile(MLIRContext *context,
                                           llvm::StringRef path,
                                           const ImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "cannot read '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  llvm::SmallString<256> directory(llvm::sys::path::parent_path(path));
  if (directory.empty())
    directory = ".";
  return importOnnxBytes(context, (*buffer)->getBuffer(), path, directory,
                         options);
}
