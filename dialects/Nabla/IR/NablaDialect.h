//===- NablaDialect.h - The nabla dialect -----------------------*- C++ -*-===//

#ifndef NABLA_IR_NABLADIALECT_H
#define NABLA_IR_NABLADIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpImplementation.h"

#include "dialects/Nabla/IR/NablaDialect.h.inc"

namespace mlir::OpTrait::nabla {
/// See Nabla_Pointwise in NablaDialect.td.
template <typename ConcreteType>
class Pointwise : public TraitBase<ConcreteType, Pointwise> {};
} // namespace mlir::OpTrait::nabla
#include "dialects/Nabla/IR/NablaEnums.h.inc"

#endif // NABLA_IR_NABLADIALECT_H
