//===- Passes.td - Graph-level passes on the nabla dialect -*- tablegen -*-===//

#ifndef NABLA_TRANSFORMS_PASSES_TD
#define NABLA_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

#endif // NABLA_TRANSFORMS_PASSES_TD
