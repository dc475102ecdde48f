//===- NablaOps.td - Every nabla op, for the dialect reference -*- tablegen -*-===//
//
// Code is generated per family; this umbrella only feeds
// `mlir-tblgen -gen-dialect-doc`, which writes docs/Dialect.md.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAOPS_TD
#define NABLA_IR_NABLAOPS_TD

include "dialects/Nabla/IR/NablaCoreOps.td"
include "dialects/Nabla/IR/NablaElementwiseOps.td"
include "dialects/Nabla/IR/NablaContractionOps.td"
include "dialects/Nabla/IR/NablaConvolutionOps.td"
include "dialects/Nabla/IR/NablaNormalizationOps.td"
include "dialects/Nabla/IR/NablaReductionOps.td"
include "dialects/Nabla/IR/NablaShapeOps.td"
include "dialects/Nabla/IR/NablaRecurrentOps.td"
include "dialects/Nabla/IR/NablaLossOps.td"
include "dialects/Nabla/IR/NablaCheckOps.td"

#endif // NABLA_IR_NABLAOPS_TD
