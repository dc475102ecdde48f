//===- GraphImporter.h - Maps a checked ONNX graph to nabla -----*- C++ -*-===//
//
// Walks the nodes of a loaded model (ModelLoader) in order, keeps the value
// table, dispatches each node to its op importer, expands ops that ONNX
// defines as functions, checks every produced type against ONNX's shape
// inference, and collects one line per node that cannot be imported.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_FRONTENDS_ONNX_GRAPHIMPORTER_H
#define NABLA_FRONTENDS_ONNX_GRAPHIMPORTER_H

#include "frontends/onnx/ModelLoader.h"
#include "frontends/onnx/NodeContext.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::nabla::onnx_frontend {

/// Converts a TensorProto (data already inlined) to an attribute; on
/// failure returns null and sets `error`.
DenseElementsAttr convertTensor(MLIRContext *context,
                                const onnx::TensorProto &tensor,
                                std::string &error);

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, LoadedModel &loaded,
                llvm::StringRef displayName, const ImportOptions &options);

  /// Builds the module; null after emitting the report on failure.
  OwningOpRef<ModuleOp> run();

private:
  friend class NodeContext;

  LogicalResult importGraph();
  /// Imports one node (and, for function ops, its expansion).
  void importNode(const onnx::NodeProto &node, int depth);
  /// Whether an unsupported op has an ONNX function body to expand.
  bool expandFunction(const onnx::NodeProto &node, int depth);
  /// ONNX's Gradient op: differentiates the ops imported so far.
  LogicalResult importGradient(const onnx::NodeProto &node);
  void checkOutputTypes(NodeContext &ctx);

  Value materialize(ImportedValue &value);
  const ImportedValue *lookup(const std::string &name) const;
  void define(const std::string &name, ImportedValue value);
  void reportNode(const onnx::NodeProto &node, int64_t opset,
                  const llvm::Twine &reason);
  void reportError(const llvm::Twine &message);
  std::string uniqueParameterName(llvm::StringRef name);

  MLIRContext *context;
  LoadedModel &loaded;
  std::string displayName;
  const ImportOptions &options;
  OpImporterRegistry registry;

  OwningOpRef<ModuleOp> module;
  OpBuilder builder;
  std::map<std::string, ImportedValue> values;
  /// ONNX's inferred types (graph inputs, value_info, outputs).
  std::map<std::string, RankedTensorType> inferredTypes;
  std::set<std::string> parameterNames;
  std::vector<std::string> problems;
  int64_t nodeCount = 0;
};

} // namespace mlir::nabla::onnx_frontend

#endif // NABLA_FRONTENDS_ONNX_GRAPHIMPORTER_H
