/*===- Kernels.h - Nabla's CPU microkernels: the C interface ----*- C -*-===*
 *
 * Memory-to-memory kernels that generated code calls (and that the compiler
 * itself calls to pack constant weights at compile time): single precision
 * GEMM with a fused epilogue, its batched form, and the B packing that lets
 * a weight matrix be laid out once for every later call; 2-D convolution
 * (grouped and depthwise) with the same epilogue, and 2-D pooling, on NCHW
 * tensors and on channels-last (NHWC) ones.
 *
 * Plain C, plain pointers and 64-bit sizes, so that LLVM IR can call these
 * functions directly. Matrices are row-major with a row stride in elements
 * (`lda`, `ldb`, `ldc`, `ldr`); nothing needs any alignment beyond that of a
 * float. Every function runs on the best instruction set of the CPU it runs
 * on (AVX-512, AVX2+FMA, SSE4, or portable code), chosen once at run time;
 * results do not depend on the number of threads. Bump
 * NABLA_KERNELS_ABI_VERSION on any change to these declarations.
 *
 *===----------------------------------------------------------------------===*/

#ifndef NABLA_RUNTIME_KERNELS_KERNELS_H
#define NABLA_RUNTIME_KERNELS_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NABLA_KERNELS_ABI_VERSION 3

/* Columns per panel of a packed B matrix (see nabla_sgemm_pack_b). The same
 * on every instruction set: 2 AVX-512 vectors, 4 AVX2, 8 SSE. */
#define NABLA_SGEMM_PANEL 32

/* nabla_sgemm flags (bitwise or). */
enum {
  NABLA_SGEMM_TRANS_A = 1, /* A is stored K x M: op(A) = A^T */
  NABLA_SGEMM_TRANS_B = 2, /* B is stored N x K: op(B) = B^T */
  NABLA_SGEMM_PACKED_B = 4 /* B was packed by nabla_sgemm_pack_b; ldb and
                              TRANS_B are ignored (the packing applied it) */
};

/* Activation applied last in the epilogue. */
typedef enum NablaActivation {
  NABLA_ACTIVATION_NONE = 0,
  NABLA_ACTIVATION_RELU = 1,       /* max(y, 0) */
  NABLA_ACTIVATION_CLIP = 2,       /* min(max(y, act_alpha), act_beta); relu6 */
  NABLA_ACTIVATION_LEAKY_RELU = 3, /* y < 0 ? act_alpha * y : y */
  NABLA_ACTIVATION_SIGMOID = 4,    /* 1 / (1 + exp(-y)) */
  NABLA_ACTIVATION_TANH = 5,
  NABLA_ACTIVATION_GELU_ERF = 6, /* y/2 * (1 + erf(y / sqrt(2))) */
  NABLA_ACTIVATION_GELU_TANH = 7 /* y/2 * (1 + tanh(sqrt(2/pi) *
                                    (y + 0.044715 y^3))) */
} NablaActivation;

/* Which way a bias vector broadcasts over C. */
typedef enum NablaBiasKind {
  NABLA_BIAS_NONE = 0,
  NABLA_BIAS_PER_COLUMN = 1, /* bias[n], length N (a dense layer's bias) */
  NABLA_BIAS_PER_ROW = 2     /* bias[m], length M */
} NablaBiasKind;

/* What happens to each C tile in registers before its single store:
 *
 *   C[m,n] = act(alpha * sum_k op(A)[m,k] op(B)[k,n]
 *                + bias + beta * C_old[m,n] + residual[m,n])
 *
 * A zero-initialized struct is a plain store (as is passing NULL). beta == 0
 * never reads C, so C may hold garbage (NaN) then. residual must not overlap
 * C (use beta = 1 to add C to itself). The batch strides are read only by
 * nabla_sgemm_batched: batch b reads bias + b * bias_batch_stride and
 * residual + b * residual_batch_stride (0: the same for every batch). 64
 * bytes, no implicit padding, so generated code can emit it as a constant. */
typedef struct NablaEpilogue {
  const float *bias;     /* NULL or bias_kind == NONE: no bias */
  const float *residual; /* NULL: none; M x N, row stride ldr */
  int64_t ldr;
  int64_t bias_batch_stride;     /* elements */
  int64_t residual_batch_stride; /* elements */
  float beta;
  float act_alpha;    /* CLIP: min; LEAKY_RELU: slope */
  float act_beta;     /* CLIP: max */
  int32_t bias_kind;  /* NablaBiasKind */
  int32_t activation; /* NablaActivation */
  int32_t reserved;   /* 0 */
} NablaEpilogue;

/* C[M,N] (row stride ldc) = epilogue(alpha * op(A)[M,K] * op(B)[K,N]).
 * A is M x K (row stride lda), or K x M with NABLA_SGEMM_TRANS_A; B is K x N
 * (ldb), N x K with NABLA_SGEMM_TRANS_B, or packed (NABLA_SGEMM_PACKED_B).
 * K == 0 computes the epilogue alone. Returns 0; 1 for an invalid argument
 * (a negative size, a stride smaller than its row, a missing pointer, an
 * unknown flag or activation); 2 when scratch memory (for packing) could
 * not be allocated. C is untouched on either error, and called inside a
 * model run (by generated code), the error is also that run's status
 * (NABLA_ERROR_OUT_OF_MEMORY or NABLA_ERROR_INVALID_ARGUMENT, with a message
 * naming the function). Splits over the threads of
 * the current model run (runtime/ThreadPool.h) when the product is large
 * enough. */
int32_t nabla_sgemm(int32_t flags, int64_t M, int64_t N, int64_t K, float alpha,
                    const float *A, int64_t lda, const float *B, int64_t ldb,
                    float *C, int64_t ldc, const NablaEpilogue *epilogue);

/* `batch` independent products: batch b reads A + b * stride_a,
 * B + b * stride_b, writes C + b * stride_c (strides in elements; 0 reuses
 * the same A or B for every batch, e.g. one packed weight matrix). Each
 * batch is exactly what nabla_sgemm would compute for it. */
int32_t nabla_sgemm_batched(int32_t flags, int64_t batch, int64_t M, int64_t N,
                            int64_t K, float alpha, const float *A, int64_t lda,
                            int64_t stride_a, const float *B, int64_t ldb,
                            int64_t stride_b, float *C, int64_t ldc,
                            int64_t stride_c, const NablaEpilogue *epilogue);

/* Bytes that nabla_sgemm_pack_b writes for op(B) of K x N:
 * ceil(N / 32) * K * 32 * sizeof(float). */
int64_t nabla_sgemm_pack_b_size(int64_t K, int64_t N, int32_t trans_b);

/* Packs op(B) (K x N: B is K x N with row stride ldb, or N x K when trans_b)
 * into panels of 32 columns, each K-major and zero-padded past column N:
 * packed[p][k][j] = op(B)[k][32p + j], p < ceil(N/32), j < 32. The layout is
 * the same on every CPU, so a compiler may pack weights ahead of time and the
 * result be used anywhere. `packed` holds nabla_sgemm_pack_b_size bytes; 64
 * byte alignment is fastest. Returns 0, or 1 on an invalid argument. */
int32_t nabla_sgemm_pack_b(int64_t K, int64_t N, int32_t trans_b,
                           const float *B, int64_t ldb, float *packed);

/* The geometry of a 2-D convolution or pooling over contiguous NCHW
 * tensors: x is [batch, channels, height, width], y is [batch, filters,
 * out_height, out_width] (filters == channels for pooling). Window (oh, ow)
 * covers the input rows oh * stride_h - pad_top + i * dilation_h, i <
 * kernel_h, and the columns likewise; taps outside the input read as
 * padding. pad_bottom and pad_right are the declared padding past the last
 * row and column (the output size may reach further, as ceil_mode does);
 * only average pooling with NABLA_POOL_AVERAGE_INCLUDE_PAD reads them. For
 * a convolution the weights are [filters, channels / groups, kernel_h,
 * kernel_w] and both channels and filters are multiples of groups. 144
 * bytes, all int64_t, so generated code can fill it field by field. */
typedef struct NablaConv2dShape {
  int64_t batch, channels, height, width;
  int64_t filters, out_height, out_width;
  int64_t kernel_h, kernel_w;
  int64_t stride_h, stride_w;
  int64_t pad_top, pad_left, pad_bottom, pad_right;
  int64_t dilation_h, dilation_w;
  int64_t groups;
} NablaConv2dShape;

/* y = act(conv2d(x, w) + bias + residual) (ONNX Conv): the epilogue's bias,
 * when bias_kind is not NONE, has one value per filter (output channel);
 * its residual, when not NULL, is a contiguous tensor of y's shape (ldr
 * and the batch strides are not read); beta must be 0. Convolutions with
 * one input channel per group (depthwise) run directly on the image; the
 * others as matrix products of the weights by the image's columns
 * (im2col, skipped for 1 x 1 windows of stride 1 without padding), with
 * the columns of several small images side by side. Returns what
 * nabla_sgemm does (0, 1 invalid argument, 2 out of scratch memory),
 * reported the same way. */
int32_t nabla_sconv2d(const NablaConv2dShape *shape, const float *x,
                      const float *w, float *y, const NablaEpilogue *epilogue);

/* nabla_spool2d kinds. */
enum {
  NABLA_POOL_MAX = 0,            /* the largest tap inside the input */
  NABLA_POOL_AVERAGE = 1,        /* sum / taps inside the input */
  NABLA_POOL_AVERAGE_INCLUDE_PAD = 2 /* sum / taps inside the input plus
                                        its declared padding */
};

/* y = pool(x) over each window of every channel (ONNX MaxPool, AveragePool);
 * `shape->groups` and `filters` are ignored (y has x's channels). Every
 * window must hold at least one tap inside the input. Returns 0, 1 for an
 * invalid argument, 2 when scratch memory could not be allocated. */
int32_t nabla_spool2d(int32_t kind, const NablaConv2dShape *shape,
                      const float *x, float *y);

/* nabla_sconv2d_nhwc flags. */
enum {
  NABLA_CONV_PACKED_WEIGHTS = 1, /* w was laid out for this shape (and
                                    NABLA_CONV_INPUT_NCHW) by
                                    nabla_sconv2d_nhwc_pack_weights */
  NABLA_CONV_INPUT_NCHW = 2      /* x is NCHW (y still channels last): a
                                    network's first layer, on its input */
};

/* nabla_sconv2d over channels-last tensors: x is [batch, height, width,
 * channels], y and the residual are [batch, out_height, out_width,
 * filters]; the shape, the weights ([filters, channels / groups, kernel_h,
 * kernel_w]), the epilogue (one bias value per filter) and the statuses are
 * nabla_sconv2d's, and so are the results up to the rounding of the sums.
 * Depthwise convolutions (one input channel and one filter per group) run
 * directly, vectors along the channels; the others as matrix products of
 * the image's rows of taps (one row per output position) by the weights,
 * which each call lays out first unless `flags` has
 * NABLA_CONV_PACKED_WEIGHTS: then w is what nabla_sconv2d_nhwc_pack_weights
 * made of them for this shape and the same NABLA_CONV_INPUT_NCHW, and the
 * call reads it in place. With NABLA_CONV_INPUT_NCHW, x is [batch,
 * channels, height, width] (not for depthwise convolutions): the products
 * read its im2col columns, which suit few channels (a first layer) far
 * better than rows of taps. */
int32_t nabla_sconv2d_nhwc(int32_t flags, const NablaConv2dShape *shape,
                           const float *x, const float *w, float *y,
                           const NablaEpilogue *epilogue);

/* Bytes of the packed weights of a convolution of `shape` (a multiple of
 * 4), or 0 for an invalid shape. */
int64_t nabla_sconv2d_nhwc_packed_size(const NablaConv2dShape *shape);

/* Lays out the weights w ([filters, channels / groups, kernel_h, kernel_w])
 * of a convolution of `shape` into `packed` (nabla_sconv2d_nhwc_packed_size
 * bytes; 64 byte alignment is fastest) as nabla_sconv2d_nhwc reads them
 * with `flags` (only NABLA_CONV_INPUT_NCHW matters here). The layout is the
 * same on every CPU, so a compiler may pack weights ahead of time. Per
 * group of a matrix product: nabla_sgemm_pack_b's panels of the group's
 * weights as a [kernel_h * kernel_w * channels / groups, filters / groups]
 * matrix, row (i * kernel_w + j) * channels / groups + c (with
 * NABLA_CONV_INPUT_NCHW: row (c * kernel_h + i) * kernel_w + j); for a
 * depthwise convolution, [kernel_h * kernel_w, filters]. Returns 0, or 1 on
 * an invalid argument. */
int32_t nabla_sconv2d_nhwc_pack_weights(int32_t flags,
                                        const NablaConv2dShape *shape,
                                        const float *w, float *packed);

/* nabla_spool2d over channels-last tensors: x is [batch, height, width,
 * channels], y [batch, out_height, out_width, channels]. */
int32_t nabla_spool2d_nhwc(int32_t kind, const NablaConv2dShape *shape,
                           const float *x, float *y);

/* The instruction set the kernels run on: "avx512", "avx2", "sse4" or
 * "scalar" (portable code for any x86-64). */
const char *nabla_kernels_target(void);

/* Forces the kernels onto `name` (one of the above, or "auto" for the best
 * this CPU supports) for the whole process; returns 0, or 1 when this CPU or
 * this build lacks it (nothing changes then). The environment variable
 * NABLA_KERNEL_TARGET does the same at the first kernel call. Meant for
 * tests and benchmarks: not thread-safe against running kernels. */
int32_t nabla_kernels_set_target(const char *name);

/* How nabla_sconv2d reads the image of a convolution that it runs as matrix
 * products: AUTO chooses per shape; IM2COL builds the columns; IMPLICIT
 * reads them from a once-padded copy of the image wherever that applies
 * (not to 1 x 1 windows read in place, nor to folded small images). */
enum {
  NABLA_CONV_COLUMNS_AUTO = 0,
  NABLA_CONV_COLUMNS_IM2COL = 1,
  NABLA_CONV_COLUMNS_IMPLICIT = 2
};

/* Forces one of the above for the whole process; returns 0, or 1 for an
 * unknown mode (nothing changes then). Meant for tests and benchmarks: not
 * thread-safe against running kernels. */
int32_t nabla_kernels_set_conv_columns(int32_t mode);

#ifdef __cplusplus
}
#endif

#endif /* NABLA_RUNTIME_KERNELS_KERNELS_H */
