//===- NodeContext.h - What an op importer sees of one ONNX node -*- C++ -*-===//
//
// Op importers (ops/*Importers.cpp) map one ONNX node to nabla ops through a
// NodeContext: typed access to the node's inputs (materialized on demand,
// with their values when they are known at import time), attributes,
// ONNX-inferred output types, and a builder that reports instead of
// aborting when an op rejects its operands. An importer that cannot map a
// node returns `ctx.unsupported(reason)`; the importer collects every such
// reason before it fails.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_FRONTENDS_ONNX_NODECONTEXT_H
#define NABLA_FRONTENDS_ONNX_NODECONTEXT_H

#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace onnx {
class NodeProto;
class AttributeProto;
class TensorProto;
} // namespace onnx

namespace mlir::nabla::onnx_frontend {

class GraphImporter;

/// One ONNX value as the importer sees it. A value known at import time
/// (initializer, Constant, folded shape computation) keeps its contents in
/// `constant` and becomes an op only when a consumer needs a Value.
struct ImportedValue {
  Value value;
  DenseElementsAttr constant;
  /// Set for initializers: materialized as nabla.get_parameter @name.
  std::string parameterName;
  /// Produced by a node that could not be imported.
  bool poisoned = false;
  /// An ONNX sequence, known element by element at import time (nabla has
  /// no sequence type: sequence ops are resolved while importing).
  std::optional<SmallVector<Value>> sequence;
};

class NodeContext {
public:
  NodeContext(GraphImporter &importer, const onnx::NodeProto &node,
              int64_t opset);

  const onnx::NodeProto &node() const { return nodeProto; }
  llvm::StringRef opType() const;
  /// The node's name, or "<op type>_<index>" when it has none.
  llvm::StringRef name() const;
  int64_t opset() const { return opsetVersion; }
  /// The model's opset before version conversion (legacy semantics the
  /// converter leaves in place, such as PRelu's per-channel slope before 7).
  int64_t originalOpset() const;
  OpBuilder &builder();
  Location loc() const { return location; }
  MLIRContext *context() const;

  //===--- Inputs ---------------------------------------------------------===//

  unsigned numInputs() const;
  /// True when input `i` exists and is not the empty (omitted) name.
  bool hasInput(unsigned i) const;
  /// The input as an SSA value, materializing constants and parameters.
  /// Fails (reported) when the input is missing.
  FailureOr<Value> input(unsigned i);
  /// The elements of a sequence input; reports and fails for a tensor.
  FailureOr<SmallVector<Value>> sequenceInput(unsigned i);
  /// The input's type; null when the input is missing or a sequence.
  RankedTensorType inputType(unsigned i) const;
  /// The input's contents when known at import time, else null.
  DenseElementsAttr constantInput(unsigned i) const;
  /// The integer contents of a constant input (shapes, axes, pads...);
  /// reports `what` as needing to be constant otherwise.
  FailureOr<SmallVector<int64_t>> constantInts(unsigned i,
                                               llvm::StringRef what);
  /// The floating-point contents of a constant input (scales, ...).
  FailureOr<SmallVector<double>> constantFloats(unsigned i,
                                                llvm::StringRef what);
  /// Integer list given as attribute `attrName` (older opsets) or as
  /// constant input `inputIndex` (newer ones); std::nullopt when neither.
  FailureOr<std::optional<SmallVector<int64_t>>>
  intsFromAttrOrInput(llvm::StringRef attrName, unsigned inputIndex);

  //===--- Outputs --------------------------------------------------------===//

  unsigned numOutputs() const;
  /// True when output `i` exists and is used by name.
  bool hasOutput(unsigned i) const;
  /// The output type from ONNX shape inference; null when unknown.
  RankedTensorType outputType(unsigned i) const;
  void setOutput(unsigned i, Value value);
  /// Defines output `i` as known at import time (no op is emitted unless a
  /// consumer needs it as a value).
  void setConstantOutput(unsigned i, DenseElementsAttr value);
  /// Defines output `i` as a sequence of these elements.
  void setSequenceOutput(unsigned i, SmallVector<Value> elements);

  //===--- Attributes -----------------------------------------------------===//

  const onnx::AttributeProto *attribute(llvm::StringRef name) const;
  bool hasAttr(llvm::StringRef name) const { return attribute(name); }
  int64_t getInt(llvm::StringRef name, int64_t defaultValue) const;
  float getFloat(llvm::StringRef name, float defaultValue) const;
  std::string getString(llvm::StringRef name,
                        llvm::StringRef defaultValue) const;
  SmallVector<int64_t> getInts(llvm::StringRef name) const;
  SmallVector<float> getFloats(llvm::StringRef name) const;
  std::vector<std::string> getStrings(llvm::StringRef name) const;
  /// A tensor attribute (Constant's value, ConstantOfShape's value).
  FailureOr<DenseElementsAttr> getTensor(llvm::StringRef name);

  //===--- Building -------------------------------------------------------===//

  NamedAttribute namedAttr(llvm::StringRef name, Attribute value) const;

  /// Builds op `name` with result types inferred by the op itself. When the
  /// op rejects its operands or attributes, reports the verifier's message
  /// as the node's problem and fails; never aborts.
  FailureOr<Operation *> createOp(llvm::StringRef name, ValueRange operands,
                                  ArrayRef<NamedAttribute> attributes,
                                  unsigned numResults = 1);
  template <typename OpTy>
  FailureOr<Value> create(ValueRange operands,
                          ArrayRef<NamedAttribute> attributes = {}) {
    FailureOr<Operation *> op =
        createOp(OpTy::getOperationName(), operands, attributes);
    if (failed(op))
      return failure();
    return (*op)->getResult(0);
  }

  /// nabla.constant for `value`.
  Value constant(DenseElementsAttr value);
  /// A rank-0 (or `shape`-shaped splat) constant of `elementType`.
  Value scalarConstant(Type elementType, double value,
                       ArrayRef<int64_t> shape = {});

  //===--- Problems -------------------------------------------------------===//

  /// Records why this node cannot be imported; always returns failure.
  LogicalResult unsupported(const llvm::Twine &reason);
  /// Maps a possibly negative ONNX axis into [0, rank).
  FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                   llvm::StringRef what = "axis");

private:
  const ImportedValue *lookupInput(unsigned i) const;

  GraphImporter &importer;
  const onnx::NodeProto &nodeProto;
  int64_t opsetVersion;
  Location location;
  std::string displayName;
};

using OpImportFn = LogicalResult (*)(NodeContext &);

/// Op type (default ONNX domain) -> importer.
class OpImporterRegistry {
public:
  void add(llvm::StringRef opType, OpImportFn fn) { importers[opType] = fn; }
  OpImportFn lookup(llvm::StringRef opType) const {
    auto it = importers.find(opType);
    return it == importers.end() ? nullptr : it->second;
  }

private:
  llvm::StringMap<OpImportFn> importers;
};

/// One registration function per family of ops (ops/<Family>Importers.cpp).
void registerElementwiseImporters(OpImporterRegistry &registry);
void registerConvolutionImporters(OpImporterRegistry &registry);
void registerNNImporters(OpImporterRegistry &registry);
void registerShapeImporters(OpImporterRegistry &registry);
void registerReductionImporters(OpImporterRegistry &registry);
void registerRecurrentImporters(OpImporterRegistry &registry);
void registerSequenceImporters(OpImporterRegistry &registry);

/// The MLIR element type of an ONNX TensorProto::DataType, or null when
/// nabla has none (string, complex, float8...).
Type convertElementType(MLIRContext *context, int32_t onnxType);
/// "float32", "int64", ... for messages.
llvm::StringRef onnxTypeName(int32_t onnxType);

} // namespace mlir::nabla::onnx_frontend

#endif // NABLA_FRONTENDS_ONNX_NODECONTEXT_H
