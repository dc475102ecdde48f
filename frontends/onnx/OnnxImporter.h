//===- OnnxImporter.h - ONNX ModelProto to the nabla dialect ----*- C++ -*-===//
//
// Imports an ONNX model into a module in the nabla dialect: one public
// function (default @forward) whose arguments and results carry the graph's
// input and output names (`nabla.name`), initializers as `nabla.parameter`s
// named after them. ONNX's own checker, version converter (to opset 17) and
// shape inference run first; the importer only maps nodes.
//
// Every problem is reported through MLIR diagnostics: a model that cannot
// be imported gets one error listing every unsupported node, never a
// partial module.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_FRONTENDS_ONNX_ONNXIMPORTER_H
#define NABLA_FRONTENDS_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <utility>
#include <vector>

namespace mlir::nabla::onnx_frontend {

struct ImportOptions {
  /// Pins dynamic input dimensions: (input name or index, dims), at most one
  /// per input (resolved by dialects/Nabla/Transforms/ShapePins.h). Without a
  /// pin, a dynamic leading (batch) dimension becomes 1 with a warning and
  /// any other dynamic dimension is an error.
  std::vector<std::pair<std::string, llvm::SmallVector<int64_t>>> inputShapes;
  /// Name of the imported function.
  std::string functionName = "forward";
  /// Whether the warning for a defaulted batch dimension is emitted.
  bool warnOnDefaultedBatch = true;
};

/// Imports the model file at `path`; external tensor data is resolved
/// relative to its directory. Returns null after emitting diagnostics.
OwningOpRef<ModuleOp> importOnnxFile(MLIRContext *context, llvm::StringRef path,
                                     const ImportOptions &options);

/// Imports a serialized ModelProto. `displayName` names the model in
/// messages; `baseDirectory` resolves external data ("" forbids it).
OwningOpRef<ModuleOp> importOnnxBytes(MLIRContext *context,
                                      llvm::StringRef bytes,
                                      llvm::StringRef displayName,
                                      llvm::StringRef baseDirectory,
                                      const ImportOptions &options);

/// Parses "2x3x4" (or "" for a scalar) into dims; fails on anything else.
bool parseDims(llvm::StringRef text, llvm::SmallVectorImpl<int64_t> &dims);

} // namespace mlir::nabla::onnx_frontend

#endif // NABLA_FRONTENDS_ONNX_ONNXIMPORTER_H
