//===- NablaNormalizationOps.td - Normalization ops -----------------------------*- tablegen -*-===//

#ifndef NABLA_IR_NABLANORMALIZATIONOPS_TD
#define NABLA_IR_NABLANORMALIZATIONOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

#endif // NABLA_IR_NABLANORMALIZATIONOPS_TD
