//===- NablaElementwiseOps.h - Elementwise ops of the nabla dialect ----------*- C++ -*-===//

#ifndef NABLA_IR_NABLAELEMENTWISEOPS_H
#define NABLA_IR_NABLAELEMENTWISEOPS_H

#include "dialects/Nabla/IR/NablaDialect.h"
#include "dialects/Nabla/IR/NablaInterfaces.h"
#include "dialects/Nabla/IR/NablaOpsSupport.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaElementwiseOps.h.inc"

#endif // NABLA_IR_NABLAELEMENTWISEOPS_H
