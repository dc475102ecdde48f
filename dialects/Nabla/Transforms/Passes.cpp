//===- Passes.cpp - Registration of the nabla graph passes ----------------===//

#include "dialects/Nabla/Transforms/Passes.h"
