//===- ConvolutionImporters.cpp - ONNX convolution, pooling and resampling ops to nabla ---------------------===//

#include "frontends/onnx/NodeContext.h"

using namespace mlir;
using namespace mlir::nabla;
using namespace mlir::nabla::onnx_frontend;

void mlir::nabla::onnx_frontend::registerConvolutionImporters(
    OpImporterRegistry &registry) {}
