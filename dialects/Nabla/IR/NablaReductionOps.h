//===- NablaReductionOps.h - Reduction ops ----------------------*- C++ -*-===//

#ifndef NABLA_IR_NABLAREDUCTIONOPS_H
#define NABLA_IR_NABLAREDUCTIONOPS_H

#include "dialects/Nabla/IR/NablaDialect.h"
#include "dialects/Nabla/IR/NablaOpsSupport.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaReductionOps.h.inc"

#endif // NABLA_IR_NABLAREDUCTIONOPS_H
