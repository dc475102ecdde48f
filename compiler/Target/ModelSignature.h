//===- ModelSignature.h - What a compiled model takes and gives -*- C++ -*-===//
//
// The names, element types and static shapes of a model's inputs and
// outputs, read from the nabla-level entry function before lowering erases
// them (names live in `nabla.name` attributes, signedness in element types).
// The emitter turns it into the NablaModelSpec and the C header.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_COMPILER_TARGET_MODELSIGNATURE_H
#define NABLA_COMPILER_TARGET_MODELSIGNATURE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>
#include <vector>

namespace mlir::nabla {

struct TensorSignature {
  std::string name;
  int32_t dtype;               ///< A NablaDType.
  std::vector<int64_t> shape;  ///< Static.

  int64_t getNumElements() const;
  int64_t getNumBytes() const;
};

struct ModelSignature {
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;
};

/// Reads the signature of `entry`, whose arguments and results must be
/// ranked tensors of static shape with an element type the runtime knows;
/// otherwise emits an error naming the argument or result. Unnamed inputs
/// are `input<i>`, unnamed outputs `output<i>`.
FailureOr<ModelSignature> getModelSignature(func::FuncOp entry);

/// The NablaDType of an element type, or 0 if the runtime has none.
int32_t getNablaDType(Type elementType);

/// The C type of a NablaDType's elements ("float", "int64_t", ...).
llvm::StringRef getCElementType(int32_t dtype);

/// The NumPy name of a NablaDType ("float32", "bool", ...).
llvm::StringRef getDTypeName(int32_t dtype);

/// Picks the model function of `module`: the function named `name` if
/// given, else the only public function, else `forward` or `main`. Other
/// public functions become private so that inlining and dead-symbol
/// elimination leave one entry point.
FailureOr<func::FuncOp> selectEntryFunction(ModuleOp module,
                                            llvm::StringRef name);

} // namespace mlir::nabla

#endif // NABLA_COMPILER_TARGET_MODELSIGNATURE_H
