//===- Passes.td - Codegen and memory passes of the compiler -*- tablegen -*-===//

#ifndef NABLA_COMPILER_TRANSFORMS_PASSES_TD
#define NABLA_COMPILER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NablaPlanMemory : Pass<"nabla-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Place intermediate buffers in one arena planned at compile time";
  let description = [{
    Runs after bufferization on functions with one block. Every
    `memref.alloc` of a static, identity-layout type at the top level of the
    function gets a live interval from the allocation to the last op that
    uses it or any view of it (an op nested in a loop counts as its
    top-level ancestor). Buffers are packed greedily, largest first, each at
    the lowest 64-byte-aligned offset whose interval does not overlap a
    placed buffer's, so buffers that are never live at the same time share
    memory. The allocations become `memref.view`s into a new trailing
    function argument `memref<Nxi8>` marked `nabla.arena`, and the function
    gets `nabla.arena_size = N`, the bytes the caller must provide.

    Buffers that escape (returned, passed to a call) and allocations inside
    loops keep their `memref.alloc`; the deallocation pipeline handles them.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
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
    : Pass<"nabla-detach-empty-arguments", "::mlir::func::FuncOp"> {
  let summary = "Give zero-sized buffer arguments a bare-pointer type";
  let description = [{
    Runs after bufferization, before the LLVM lowering of a function called
    with bare pointers. MLIR gives an identity-layout memref whose inner
    dimension is 0 (`memref<2x0xf32>`) dynamic strides, which the
    bare-pointer calling convention rejects. Such a buffer holds no
    element, so the function uses an empty `memref.alloca` of the same type
    instead, and the argument becomes a `memref<0xf32>` (still one
    pointer). Only public functions change, as their callers are outside
    the module.
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

#endif // NABLA_COMPILER_TRANSFORMS_PASSES_TD
