//===- Passes.td - Codegen and memory passes of the compiler -*- tablegen -*-===//

#ifndef NABLA_COMPILER_TRANSFORMS_PASSES_TD
#define NABLA_COMPILER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NablaPlanMemory : Pass<"nabla-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Place intermediate buffers in one arena planned at compile time";
  let description = [{
    Runs after bufferization (nabla-bufferize-model). In every function with
    one block, each `memref.alloc` of a static, identity-layout type at the
    top level gets a live interval from the allocation to the last op that
    uses it or any view of it (an op nested in a loop counts as its
    top-level ancestor; a call to a `nabla.kernel` function is a use while
    it runs). Buffers are packed greedily, largest first, each at the lowest
    64-byte-aligned offset whose interval does not overlap a placed
    buffer's, so buffers that are never live at the same time share memory.

    - In a kernel, the allocations become `memref.view`s into a new trailing
      argument `memref<Nxi8>` marked `nabla.scratch`, the kernel gets
      `nabla.scratch_size = N`, and every call to it passes a fresh
      allocation of N bytes, which the caller's plan places like any other
      buffer live only during the call.
    - In a model function, they become views into a new trailing argument
      marked `nabla.arena`, and the function gets `nabla.arena_size = N`,
      the bytes the caller must provide.

    Buffers that escape (returned, passed to a function that is not a
    kernel) and allocations inside loops keep their `memref.alloc`; the
    deallocation pipeline handles them.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NablaBufferizeModel : Pass<"nabla-bufferize-model", "::mlir::ModuleOp"> {
  let summary = "Bufferize each kernel on its own, and the model's calls";
  let description = [{
    Runs on a module lowered to linalg after nabla-form-kernels. Each
    `nabla.kernel` function is bufferized by One-Shot Bufferize on its own
    (a whole-module run analyzes every op of the model together, which grows
    faster than quadratically with the model), in destination-passing
    style: it takes memrefs for its inputs, which it only reads, then one
    out-param per result, which it writes in place.

    Every other function with a body is a model function, which may hold
    only tensor constants, calls to kernels and its return. It is rewritten
    directly: it takes its inputs and one out-param per result; constants
    become `memref.global`s; each call gets a fresh `memref.alloc` per
    result, except for a result the model returns, which the kernel writes
    straight into the model's out-param; a returned value no kernel wrote
    there (an input, a weight, a value returned twice) is copied.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NablaExternalizeWeights : Pass<"nabla-externalize-weights", "::mlir::ModuleOp"> {
  let summary = "Move constant weights out of the binary into a weights file";
  let description = [{
    Runs after bufferization. Every `memref.global` constant of at least
    `min-bytes` bytes that the entry function reads is assigned a 64-byte
    aligned offset in one weights blob; its `memref.get_global`s become
    `memref.view`s into a new trailing argument `memref<Nxi8>` of the entry
    function marked `nabla.weights`, and the global is erased. The module
    gets `nabla.weights_size = N` and `nabla.weights = [{offset, value}...]`,
    from which the emitter writes the file (`nablac --weights=external`).
  }];
  let options = [
    Option<"minBytes", "min-bytes", "int64_t", /*default=*/"64",
           "Smallest constant (in bytes) moved to the weights file">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NablaLowerStridedCopies : Pass<"nabla-lower-strided-copies", "::mlir::func::FuncOp"> {
  let summary = "Turn memref.copy between non-contiguous buffers into loops";
  let description = [{
    The LLVM lowering turns a `memref.copy` between identity-layout buffers
    into `memcpy`, but any other copy (a slice of a padded buffer, a
    strided view) into a call to `memrefCopy` from MLIR's C runner
    library, which generated binaries do not link. This pass rewrites those
    copies as `linalg.copy`, which becomes an ordinary loop nest.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NablaDetachEmptyArguments
    : Pass<"nabla-detach-empty-arguments", "::mlir::ModuleOp"> {
  let summary = "Keep zero-sized buffers out of function signatures";
  let description = [{
    Runs after bufferization, before the LLVM lowering of functions called
    with bare pointers. MLIR gives an identity-layout memref whose inner
    dimension is 0 (`memref<2x0xf32>`) dynamic strides, which the
    bare-pointer calling convention rejects. Such a buffer holds no
    element, so a function uses an empty `memref.alloca` of the same type
    instead of the argument:

    - in a public function (its callers are outside the module), the
      argument stays, as a `memref<0xf32>` (still one pointer);
    - in a `nabla.kernel` function, the argument goes, and so does the
      operand of every call to it.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def NablaApproximateMath : Pass<"nabla-approximate-math"> {
  let summary = "Replace transcendental math ops by vectorizable polynomials";
  let description = [{
    Rewrites `math.exp`, `math.log`, `math.tanh`, `math.erf`, ... on f32 (and
    f16/bf16 through f32) into arith polynomial and rational
    approximations, so that no scalar libm call remains in a hot loop and
    LLVM's vectorizers see plain arithmetic. f64 ops are left to LLVM, and
    so are the ops whose expansions would lose C's semantics or accuracy:
    `math.powf` (negative bases, `0 ^ 0`), `math.sin`, `math.cos`,
    `math.tan`, `math.atan`, `math.sinh`, `math.cosh` and the inverse
    hyperbolic functions.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def NablaInterchangeReductions : Pass<"nabla-interchange-reductions"> {
  let summary = "Move reduction loops outside the loop along output rows";
  let description = [{
    `convert-linalg-to-loops` nests loops in the order of an op's dimensions,
    and linalg's pooling, convolution and matmul ops list their reductions
    (the window, K) last, so the innermost loop runs over a few window taps
    and does not vectorize. For each linalg op with one output whose last
    loop is a reduction, this pass reorders the loops as: the parallel
    loops, in order, except the one that indexes the output's last
    dimension; then the reductions, in order; then that loop. The innermost
    loop then walks output rows and LLVM vectorizes it. Named ops are
    generalized first.

    The order is taken only when the new innermost loop indexes nothing but
    the last dimension of every input (so each step moves along a row, by a
    stride for a strided window); a reduction along an input's rows, such as
    a sum over the last axis, keeps its order. The pipelines run it at -O1
    and above.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NablaParallelizeLoops : Pass<"nabla-parallelize-loops", "ModuleOp"> {
  let summary = "Run large linalg ops on buffers over the model's threads";
  let description = [{
    The runtime's kernels split their work over the model's thread pool;
    this pass does the same for the loop nests compiled from linalg
    (elementwise chains, softmax, normalizations, reductions along rows).
    Each linalg op on buffers with at least `min-iterations` iterations,
    static loop ranges and static buffer shapes and strides, whose
    outermost loop longer than 1 is parallel and indexes every output as a
    plain dimension, is outlined into a private function
    `<function>_parallel<N>(context, begin, end)` that runs it on
    iterations `[begin, end)` of that loop (through subviews). The op
    becomes a call of the runtime's `nabla_parallel_for`, with chunks of
    at least `min-chunk-iterations` iterations, and a context of the
    addresses of the op's buffers on the caller's stack, from which the
    outlined function rebuilds them.

    Each iteration of a parallel loop writes its own outputs and computes
    them the same way on any thread, so the results do not depend on the
    thread count. Ops that read their loop indices (`linalg.index`) or
    capture values other than constants stay as they are. The pipelines
    run it at -O1 and above, after bufferization.
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t", "32768",
           "Iterations (the product of the loop ranges) below which an op "
           "stays on the calling thread">,
    Option<"minChunkIterations", "min-chunk-iterations", "int64_t", "16384",
           "Fewest iterations a thread gets at a time">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

def NablaPackWeights : Pass<"nabla-pack-weights", "ModuleOp"> {
  let summary = "Pack the constant weights of matrix products and channels-last "
                "convolutions at compile time";
  let description = [{
    `nabla_sgemm` packs op(B) into 32-column panels on every call unless it
    is given them packed; for weights, that is the same copy on every run.
    The packed layout is the same on every CPU (`nabla_sgemm_pack_b`), so
    this pass packs constant weights once, into the binary.

    A private `nabla.kernel` function's tensor argument is packed when
    every use of it is the `b` of a `nabla_kernel.sgemm` that is not packed
    yet (all with the same `trans_b`), it is a static 2-D f32 tensor, and
    every call of the function passes an `arith.constant` for it. Each call then
    passes a new constant, `b` packed (transposed first with `trans_b`);
    the argument becomes the 1-D packed tensor, and the sgemms read it with
    `packed_b` (and no `trans_b`). Likewise for an argument that is only
    the `w` of unpacked `channels_last` `nabla_kernel.conv2d` ops of one
    geometry: it becomes `nabla_sconv2d_nhwc_pack_weights`'s layout (see
    `nabla_kernel.conv2d`), and the ops read it with `packed_weights` and
    their window in `kernel_shape`. The unpacked constants are left for
    canonicalization to erase. The pipelines run it at -O1 and above with
    kernels, before bufferization.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::nabla_kernel::NablaKernelDialect"];
}

#endif // NABLA_COMPILER_TRANSFORMS_PASSES_TD
