//===- NablaCheckOps.h - Run-time checks of the nabla dialect ---*- C++ -*-===//

#ifndef NABLA_IR_NABLACHECKOPS_H
#define NABLA_IR_NABLACHECKOPS_H

#include "dialects/Nabla/IR/NablaDialect.h"
#include "dialects/Nabla/IR/NablaOpsSupport.h"

#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaCheckOps.h.inc"

#endif // NABLA_IR_NABLACHECKOPS_H
