//===- NablaContractionOps.td - Contraction ops -----------------------------*- tablegen -*-===//

#ifndef NABLA_IR_NABLACONTRACTIONOPS_TD
#define NABLA_IR_NABLACONTRACTIONOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

#endif // NABLA_IR_NABLACONTRACTIONOPS_TD
