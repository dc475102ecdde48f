//===- ModelLoader.h - Parse, check, convert and infer a model --*- C++ -*-===//
//
// Everything that happens to a ModelProto before its nodes are mapped, done
// by ONNX's own library: parsing, external data, the checker, the version
// converter (to the newest opset this ONNX knows) and shape inference. The
// importer's pins for dynamic input dimensions are applied in between, so
// shape inference sees static shapes.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_FRONTENDS_ONNX_MODELLOADER_H
#define NABLA_FRONTENDS_ONNX_MODELLOADER_H

#include "frontends/onnx/OnnxImporter.h"

#include "onnx/onnx_pb.h"

#include <functional>

namespace mlir::nabla::onnx_frontend {

/// The newest default-domain opset of Debian's ONNX 1.12.
constexpr int64_t kMaxOpset = 17;
/// The oldest default-domain opset the importer accepts.
constexpr int64_t kMinOpset = 1;

struct LoadedModel {
  onnx::ModelProto model;
  /// Default-domain opset as written in the file.
  int64_t originalOpset = 0;
  /// Default-domain opset of `model` after version conversion.
  int64_t opset = 0;
};

using MessageFn = std::function<void(const std::string &)>;

/// Loads `bytes` into `loaded`. Reports errors through `error` (and returns
/// false), warnings through `warning`.
bool loadModel(llvm::StringRef bytes, llvm::StringRef displayName,
               llvm::StringRef baseDirectory, const ImportOptions &options,
               LoadedModel &loaded, const MessageFn &error,
               const MessageFn &warning);

} // namespace mlir::nabla::onnx_frontend

#endif // NABLA_FRONTENDS_ONNX_MODELLOADER_H
