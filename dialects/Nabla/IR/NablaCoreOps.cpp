//===- NablaCoreOps.cpp - Constants and model parameters ------------------===//

#include "dialects/Nabla/IR/NablaCoreOps.h"

using namespace mlir;
using namespace mlir::nabla;

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getValue().getType());
  if (!type)
    return emitInferError(location, getOperationName(),
                          "value must be a ranked tensor, got ",
                          adaptor.getValue().getType());
  inferred.push_back(type);
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// ParameterOp
//===----------------------------------------------------------------------===//

/// Parses `: tensor<...> (= <elements>)?`; the initial value is written
/// without its type, which is the parameter's.
static ParseResult parseParameterTypeAndValue(OpAsmParser &parser,
                                              TypeAttr &type,
                                              ElementsAttr &initialValue) {
  Type parsedType;
  if (parser.parseColonType(parsedType))
    return failure();
  type = TypeAttr::get(parsedType);
  if (failed(parser.parseOptionalEqual()))
    return success();
  Attribute value;
  if (parser.parseAttribute(value, parsedType))
    return failure();
  initialValue = dyn_cast<ElementsAttr>(value);
  if (!initialValue)
    return parser.emitError(parser.getCurrentLocation(),
                            "initial value must be an elements attribute");
  return success();
}

static void printParameterTypeAndValue(OpAsmPrinter &printer, ParameterOp,
                                       TypeAttr type,
                                       ElementsAttr initialValue) {
  printer << ": " << type.getValue();
  if (!initialValue)
    return;
  printer << " = ";
  printer.printAttributeWithoutType(initialValue);
}

LogicalResult ParameterOp::verify() {
  ElementsAttr value = getInitialValueAttr();
  if (value && value.getType() != getType())
    return emitOpError("initial value type ")
           << value.getType() << " does not match parameter type "
           << getType();
  RankedTensorType type = getTensorType();
  if (getTrainable() && !isa<FloatType>(type.getElementType()))
    return emitOpError("trainable parameter must have a floating-point "
                       "element type, got ")
           << type.getElementType();
  return success();
}

//===----------------------------------------------------------------------===//
// GetParameterOp
//===----------------------------------------------------------------------===//

LogicalResult
GetParameterOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto parameter =
      symbolTable.lookupNearestSymbolFrom<ParameterOp>(*this, getNameAttr());
  if (!parameter)
    return emitOpError("'") << getName() << "' does not name a nabla.parameter";
  if (parameter.getType() != getType())
    return emitOpError("result type ")
           << getType() << " does not match the type "
           << parameter.getType() << " of parameter @" << getName();
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Nabla/IR/NablaCoreOps.cpp.inc"
