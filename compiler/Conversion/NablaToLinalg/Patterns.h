//===- Patterns.h - nabla to linalg lowering patterns -----------*- C++ -*-===//
//
// One populate function per op family, so that pipelines and tests can
// compose the lowering of just the families they need.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_CONVERSION_NABLATOLINALG_PATTERNS_H
#define NABLA_CONVERSION_NABLATOLINALG_PATTERNS_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::nabla {

/// constant, parameter, get_parameter.
void populateCoreToLinalgPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
/// Arithmetic, activations, comparisons, logic, where and cast.
void populateElementwiseToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
/// matmul and gemm.
void populateContractionToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
/// Convolutions and pooling.
void populateConvolutionToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
/// batch_norm, batch_norm_train, layer_norm, dropout.
void populateNormalizationToLinalgPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns);
/// Reductions, arg-reductions, softmax and log_softmax.
void populateReductionToLinalgPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);
/// Reshapes, transposes, concat/split/slice, gather, pad, expand, tile.
void populateShapeToLinalgPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns);
/// lstm, gru, rnn and embedding.
void populateRecurrentToLinalgPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);
/// Loss functions.
void populateLossToLinalgPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
/// Run-time checks (check_index): scf loops and a call into the runtime.
void populateCheckToLinalgPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns);

/// All of the above.
void populateNablaToLinalgPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns);

} // namespace mlir::nabla

#endif // NABLA_CONVERSION_NABLATOLINALG_PATTERNS_H
