//===- NablaLossOps.h - Loss ops of the nabla dialect -----------*- C++ -*-===//

#ifndef NABLA_IR_NABLALOSSOPS_H
#define NABLA_IR_NABLALOSSOPS_H

#include "dialects/Nabla/IR/NablaDialect.h"
#include "dialects/Nabla/IR/NablaOpsSupport.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaLossOps.h.inc"

#endif // NABLA_IR_NABLALOSSOPS_H
