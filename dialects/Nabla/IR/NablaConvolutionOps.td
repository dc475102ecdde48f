//===- NablaConvolutionOps.td - Convolution ops -----------------------------*- tablegen -*-===//

#ifndef NABLA_IR_NABLACONVOLUTIONOPS_TD
#define NABLA_IR_NABLACONVOLUTIONOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

#endif // NABLA_IR_NABLACONVOLUTIONOPS_TD
