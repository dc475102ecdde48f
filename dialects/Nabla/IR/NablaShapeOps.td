//===- NablaShapeOps.td - Shape ops -----------------------------*- tablegen -*-===//

#ifndef NABLA_IR_NABLASHAPEOPS_TD
#define NABLA_IR_NABLASHAPEOPS_TD

include "dialects/Nabla/IR/NablaDialect.td"
include "dialects/Nabla/IR/NablaEnums.td"

#endif // NABLA_IR_NABLASHAPEOPS_TD
