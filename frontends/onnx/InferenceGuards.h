//===- InferenceGuards.h - ONNX shape inference that cannot crash -*- C++ -*-===//
//
// ONNX 1.12's shape-inference functions trust their inputs more than its
// checker guarantees: on crafted models some index a shape by a rank or an
// attribute they never checked, divide by a zero stride, or read the type of
// an input that an earlier failing node left untyped, and crash. The loader
// runs inference through the registry below, which hands out ONNX's own
// schemas with each inference function behind the preconditions it lacks:
// a model that breaks one gets an ordinary inference error.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_FRONTENDS_ONNX_INFERENCEGUARDS_H
#define NABLA_FRONTENDS_ONNX_INFERENCEGUARDS_H

#include "onnx/defs/schema.h"

namespace mlir::nabla::onnx_frontend {

/// ONNX's schema registry, with guarded inference functions.
const onnx::ISchemaRegistry *guardedSchemaRegistry();

} // namespace mlir::nabla::onnx_frontend

#endif // NABLA_FRONTENDS_ONNX_INFERENCEGUARDS_H
