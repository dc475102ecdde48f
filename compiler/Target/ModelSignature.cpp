//===- ModelSignature.cpp - What a compiled model takes and gives ---------===//

#include "compiler/Target/ModelSignature.h"

#include "runtime/NablaModel.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace mlir::nabla;

int64_t TensorSignature::getNumElements() const {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

int64_t TensorSignature::getNumBytes() const {
  int64_t elementBytes = 0;
  switch (dtype) {
  case NABLA_DTYPE_F64:
  case NABLA_DTYPE_I64:
  case NABLA_DTYPE_U64:
    elementBytes = 8;
    break;
  case NABLA_DTYPE_F32:
  case NABLA_DTYPE_I32:
  case NABLA_DTYPE_U32:
    elementBytes = 4;
    break;
  case NABLA_DTYPE_F16:
  case NABLA_DTYPE_BF16:
  case NABLA_DTYPE_I16:
  case NABLA_DTYPE_U16:
    elementBytes = 2;
    break;
  default:
    elementBytes = 1;
  }
  return getNumElements() * elementBytes;
}

int32_t mlir::nabla::getNablaDType(Type type) {
  if (type.isF32())
    return NABLA_DTYPE_F32;
  if (type.isF64())
    return NABLA_DTYPE_F64;
  if (type.isF16())
    return NABLA_DTYPE_F16;
  if (type.isBF16())
    return NABLA_DTYPE_BF16;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer)
    return 0;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 1:
    return NABLA_DTYPE_BOOL;
  case 8:
    return isUnsigned ? NABLA_DTYPE_U8 : NABLA_DTYPE_I8;
  case 16:
    return isUnsigned ? NABLA_DTYPE_U16 : NABLA_DTYPE_I16;
  case 32:
    return isUnsigned ? NABLA_DTYPE_U32 : NABLA_DTYPE_I32;
  case 64:
    return isUnsigned ? NABLA_DTYPE_U64 : NABLA_DTYPE_I64;
  default:
    return 0;
  }
}

StringRef mlir::nabla::getCElementType(int32_t dtype) {
  switch (dtype) {
  case NABLA_DTYPE_F32:
    return "float";
  case NABLA_DTYPE_F64:
    return "double";
  case NABLA_DTYPE_I64:
    return "int64_t";
  case NABLA_DTYPE_I32:
    return "int32_t";
  case NABLA_DTYPE_I16:
    return "int16_t";
  case NABLA_DTYPE_I8:
    return "int8_t";
  case NABLA_DTYPE_U64:
    return "uint64_t";
  case NABLA_DTYPE_U32:
    return "uint32_t";
  case NABLA_DTYPE_U16:
  case NABLA_DTYPE_F16:
  case NABLA_DTYPE_BF16:
    return "uint16_t";
  default:
    return "uint8_t";
  }
}

StringRef mlir::nabla::getDTypeName(int32_t dtype) {
  switch (dtype) {
  case NABLA_DTYPE_F32:
    return "float32";
  case NABLA_DTYPE_F64:
    return "float64";
  case NABLA_DTYPE_F16:
    return "float16";
  case NABLA_DTYPE_BF16:
    return "bfloat16";
  case NABLA_DTYPE_I64:
    return "int64";
  case NABLA_DTYPE_I32:
    return "int32";
  case NABLA_DTYPE_I16:
    return "int16";
  case NABLA_DTYPE_I8:
    return "int8";
  case NABLA_DTYPE_U64:
    return "uint64";
  case NABLA_DTYPE_U32:
    return "uint32";
  case NABLA_DTYPE_U16:
    return "uint16";
  case NABLA_DTYPE_U8:
    return "uint8";
  case NABLA_DTYPE_BOOL:
    return "bool";
  default:
    return "unknown";
  }
}

static FailureOr<TensorSignature> getTensorSignature(func::FuncOp entry,
                                                     Type type,
                                                     DictionaryAttr attrs,
                                                     StringRef kind,
                                                     unsigned index) {
  TensorSignature tensor;
  auto name = attrs ? attrs.getAs<StringAttr>("nabla.name") : StringAttr();
  tensor.name = name ? name.str() : (kind + Twine(index)).str();
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return entry.emitError() << kind << " " << index << " ('" << tensor.name
                             << "') has type " << type << "; a model's "
                             << kind << "s must be ranked tensors (such as "
                                "tensor<2x3xf32>)";
  if (!ranked.hasStaticShape()) {
    InFlightDiagnostic diag = entry.emitError()
                              << kind << " " << index << " ('" << tensor.name
                              << "') has type " << type
                              << "; a compiled model needs static shapes ";
    // Inputs are checked first: a dynamic output is not for --shape to fix.
    // An unnamed input is pinned by its index: `input<i>` names nothing.
    if (kind == "input")
      diag << "(pin dynamic dimensions with --shape "
           << (name ? tensor.name : std::to_string(index)) << "=...)";
    else
      diag << "(its dimensions are not known from the inputs' shapes)";
    return diag;
  }
  tensor.dtype = getNablaDType(ranked.getElementType());
  if (!tensor.dtype)
    return entry.emitError() << kind << " " << index << " ('" << tensor.name
                             << "') has element type "
                             << ranked.getElementType()
                             << ", which executables cannot read or write";
  tensor.shape.assign(ranked.getShape().begin(), ranked.getShape().end());
  return tensor;
}

FailureOr<ModelSignature> mlir::nabla::getModelSignature(func::FuncOp entry) {
  ModelSignature signature;
  FunctionType type = entry.getFunctionType();
  for (auto [index, input] : llvm::enumerate(type.getInputs())) {
    FailureOr<TensorSignature> tensor = getTensorSignature(
        entry, input, entry.getArgAttrDict(index), "input", index);
    if (failed(tensor))
      return failure();
    signature.inputs.push_back(std::move(*tensor));
  }
  for (auto [index, output] : llvm::enumerate(type.getResults())) {
    FailureOr<TensorSignature> tensor = getTensorSignature(
        entry, output, entry.getResultAttrDict(index), "output", index);
    if (failed(tensor))
      return failure();
    signature.outputs.push_back(std::move(*tensor));
  }
  if (signature.outputs.empty())
    return entry.emitError("the model function returns nothing");
  return signature;
}

FailureOr<func::FuncOp> mlir::nabla::selectEntryFunction(ModuleOp module,
                                                         StringRef name) {
  func::FuncOp entry;
  if (!name.empty()) {
    entry = module.lookupSymbol<func::FuncOp>(name);
    if (!entry || entry.isExternal())
      return module.emitError("no function @") << name << " to compile";
  } else {
    SmallVector<func::FuncOp> publicFuncs;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        publicFuncs.push_back(func);
    if (publicFuncs.size() == 1)
      entry = publicFuncs.front();
    for (StringRef fallback : {"forward", "main"})
      if (!entry)
        if (auto func = module.lookupSymbol<func::FuncOp>(fallback);
            func && !func.isExternal())
          entry = func;
    if (!entry)
      return module.emitError(
          publicFuncs.empty()
              ? "the module has no function to compile"
              : "the module has several public functions and none is "
                "@forward or @main; name the model function with --entry");
  }
  for (auto func : module.getOps<func::FuncOp>())
    if (func != entry && !func.isExternal())
      func.setPrivate();
  entry.setPublic();
  return entry;
}
