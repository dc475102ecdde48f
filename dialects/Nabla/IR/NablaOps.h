//===- NablaOps.h - All ops of the nabla dialect ----------------*- C++ -*-===//
//
// Umbrella header for passes and tools. Op families have their own headers so
// that a change to one family recompiles only its users.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_IR_NABLAOPS_H
#define NABLA_IR_NABLAOPS_H

#include "dialects/Nabla/IR/NablaCheckOps.h"
#include "dialects/Nabla/IR/NablaContractionOps.h"
#include "dialects/Nabla/IR/NablaConvolutionOps.h"
#include "dialects/Nabla/IR/NablaCoreOps.h"
#include "dialects/Nabla/IR/NablaElementwiseOps.h"
#include "dialects/Nabla/IR/NablaLossOps.h"
#include "dialects/Nabla/IR/NablaNormalizationOps.h"
#include "dialects/Nabla/IR/NablaRecurrentOps.h"
#include "dialects/Nabla/IR/NablaReductionOps.h"
#include "dialects/Nabla/IR/NablaShapeOps.h"

#endif // NABLA_IR_NABLAOPS_H
