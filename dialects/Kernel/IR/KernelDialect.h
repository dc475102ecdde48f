//===- KernelDialect.h - The nabla_kernel dialect ---------------*- C++ -*-===//

#ifndef NABLA_KERNEL_IR_KERNELDIALECT_H
#define NABLA_KERNEL_IR_KERNELDIALECT_H

#include "dialects/Nabla/IR/NablaDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

#include "dialects/Kernel/IR/KernelDialect.h.inc"

#define GET_OP_CLASSES
#include "dialects/Kernel/IR/KernelOps.h.inc"

#endif // NABLA_KERNEL_IR_KERNELDIALECT_H
