//===- NablaLossOps.td - Loss ops -----------------------------*- tablegen -*-===//

#ifndef NABLA_IR_NABLALOSSOPS_TD
#define NABLA_IR_NABLALOSSOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

#endif // NABLA_IR_NABLALOSSOPS_TD
