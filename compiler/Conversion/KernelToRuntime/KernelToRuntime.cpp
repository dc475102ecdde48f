//===- KernelToRuntime.cpp - nabla_kernel ops as calls of the runtime -----===//
//
// Each nabla_kernel op on buffers becomes one call of its C function in
// runtime/kernels/Kernels.h, with plain pointers and 64-bit sizes and
// strides read from the buffers' descriptors, so any row stride works. A
// buffer whose innermost dimension is not contiguous is first copied into
// one that is (and an output copied back); bufferization makes none here.
//
// The epilogue (bias, residual, activation) goes by pointer to a
// NablaEpilogue on the stack of the calling function. A kernel reports its
// own failures (out of memory for its scratch) to the model run, so the
// call's status is not read here.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"
#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::nabla {
#define GEN_PASS_DEF_CONVERTNABLAKERNELTORUNTIME
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;
using nabla_kernel::SgemmOp;

namespace {

// The flags of nabla_sgemm (Kernels.h).
constexpr int32_t kTransA = 1;
constexpr int32_t kTransB = 2;
// NablaBiasKind.
constexpr int32_t kBiasPerColumn = 1;
constexpr int32_t kBiasPerRow = 2;

/// Emits the values of one call at the op being replaced.
class CallBuilder {
public:
  CallBuilder(OpBuilder &builder, Location loc)
      : b(builder), loc(loc), ptrType(LLVM::LLVMPointerType::get(
                                  builder.getContext())) {}

  Value i32(int32_t value) {
    return arith::ConstantIntOp::create(b, loc, b.getI32Type(), value);
  }
  Value i64(int64_t value) {
    return arith::ConstantIntOp::create(b, loc, b.getI64Type(), value);
  }
  Value f32(float value) {
    return arith::ConstantFloatOp::create(b, loc, b.getF32Type(),
                                          APFloat(value));
  }
  Value null() { return LLVM::ZeroOp::create(b, loc, ptrType); }
  Value toI64(Value index) {
    return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  }

  /// Dimension `dim` of `buffer` as i64.
  Value dimension(Value buffer, int64_t dim) {
    auto type = cast<MemRefType>(buffer.getType());
    if (!type.isDynamicDim(dim))
      return i64(type.getDimSize(dim));
    return toI64(memref::DimOp::create(b, loc, buffer, dim));
  }

  /// The address of the first element of `buffer` and its strides (i64).
  std::pair<Value, SmallVector<Value>> address(Value buffer) {
    auto metadata =
        memref::ExtractStridedMetadataOp::create(b, loc, buffer);
    Value base =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
    Value bytes = arith::MulIOp::create(
        b, loc, metadata.getOffset(),
        arith::ConstantIndexOp::create(b, loc, sizeof(float)));
    Value address = toI64(arith::AddIOp::create(b, loc, base, bytes));
    SmallVector<Value> strides;
    for (Value stride : metadata.getStrides())
      strides.push_back(toI64(stride));
    return {LLVM::IntToPtrOp::create(b, loc, ptrType, address), strides};
  }

  OpBuilder &b;
  Location loc;
  Type ptrType;
};

/// Whether the innermost dimension of `type` is known contiguous.
bool hasUnitInnerStride(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  return strides.empty() || strides.back() == 1;
}

/// `buffer`, or a contiguous copy of it when its innermost stride is not 1
/// (recorded in `temporaries`; with `copyIn` false the copy is not filled).
Value contiguous(OpBuilder &b, Location loc, Value buffer, bool copyIn,
                 SmallVectorImpl<std::pair<Value, Value>> &temporaries) {
  auto type = cast<MemRefType>(buffer.getType());
  if (hasUnitInnerStride(type))
    return buffer;
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      sizes.push_back(memref::DimOp::create(b, loc, buffer, i));
  auto copyType = MemRefType::get(type.getShape(), type.getElementType());
  Value copy = memref::AllocOp::create(b, loc, copyType, sizes);
  if (copyIn)
    memref::CopyOp::create(b, loc, buffer, copy);
  temporaries.emplace_back(copy, buffer);
  return copy;
}

/// The declaration of runtime function `name`, added once per module.
void declare(ModuleOp module, StringRef name, FunctionType type) {
  if (module.lookupSymbol(name))
    return;
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto function = func::FuncOp::create(builder, module.getLoc(), name, type);
  function.setPrivate();
}

/// A NablaEpilogue in the entry block's stack frame of `function`, filled
/// at the builder's position; null when the op has no epilogue.
Value buildEpilogue(CallBuilder &cb, SgemmOp op, func::FuncOp function,
                    Value bias, Value biasBatchStride, Value residual,
                    Value ldr, Value residualBatchStride) {
  if (!bias && !residual && op.getActivation() == Activation::none)
    return cb.null();
  OpBuilder &b = cb.b;
  MLIRContext *context = b.getContext();
  Type i32 = b.getI32Type(), i64 = b.getI64Type(), f32 = b.getF32Type();
  // struct NablaEpilogue: 64 bytes, no padding (Kernels.h).
  auto structType = LLVM::LLVMStructType::getLiteral(
      context, {cb.ptrType, cb.ptrType, i64, i64, i64, f32, f32, f32, i32, i32,
                i32});
  Value slot;
  {
    // In the entry block: one slot per call site, not one per iteration.
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&function.getBody().front());
    Value one = arith::ConstantIntOp::create(b, cb.loc, i64, 1);
    slot = LLVM::AllocaOp::create(b, cb.loc, cb.ptrType, structType, one,
                                  /*alignment=*/8);
  }
  int32_t biasKind = !bias                  ? 0
                     : op.getBiasPerRow() ? kBiasPerRow
                                          : kBiasPerColumn;
  SmallVector<Value> fields = {
      bias ? bias : cb.null(),
      residual ? residual : cb.null(),
      residual ? ldr : cb.i64(0),
      bias ? biasBatchStride : cb.i64(0),
      residual ? residualBatchStride : cb.i64(0),
      cb.f32(0.0f),
      cb.f32(op.getActAlpha().convertToFloat()),
      cb.f32(op.getActBeta().convertToFloat()),
      cb.i32(biasKind),
      cb.i32(static_cast<int32_t>(op.getActivation())),
      cb.i32(0)};
  Value value = LLVM::UndefOp::create(b, cb.loc, structType);
  for (auto [i, field] : llvm::enumerate(fields))
    value = LLVM::InsertValueOp::create(b, cb.loc, value, field, i);
  LLVM::StoreOp::create(b, cb.loc, value, slot);
  return slot;
}

LogicalResult lowerSgemm(SgemmOp op, ModuleOp module) {
  if (op.getNumResults() != 0)
    return op.emitOpError("must be bufferized before it becomes a call");
  OpBuilder b(op);
  Location loc = op.getLoc();
  CallBuilder cb(b, loc);
  auto function = op->getParentOfType<func::FuncOp>();
  if (!function)
    return op.emitOpError("must be in a func.func");

  SmallVector<std::pair<Value, Value>> temporaries;
  auto in = [&](Value buffer) {
    return buffer ? contiguous(b, loc, buffer, /*copyIn=*/true, temporaries)
                  : Value();
  };
  Value a = in(op.getA()), bBuffer = in(op.getB()), bias = in(op.getBias()),
        residual = in(op.getResidual());
  size_t numInputCopies = temporaries.size();
  Value c = contiguous(b, loc, op.getInit(), /*copyIn=*/false, temporaries);

  bool batched = op.isBatched();
  int64_t rank = batched ? 3 : 2;
  Value m = cb.dimension(c, rank - 2), n = cb.dimension(c, rank - 1);
  auto aType = cast<MemRefType>(a.getType());
  Value k = cb.dimension(a, aType.getRank() - (op.getTransA() ? 2 : 1));

  // Row strides, and batch strides (0 for an operand shared by the batch).
  auto [aPtr, aStrides] = cb.address(a);
  auto [bPtr, bStrides] = cb.address(bBuffer);
  auto [cPtr, cStrides] = cb.address(c);
  auto rowStride = [](ArrayRef<Value> strides) {
    return strides[strides.size() - 2];
  };
  auto batchStride = [&](ArrayRef<Value> strides, int64_t matrixRank) {
    return static_cast<int64_t>(strides.size()) > matrixRank ? strides[0]
                                                             : cb.i64(0);
  };
  Value biasPtr, biasBatchStride, residualPtr, ldr, residualBatchStride;
  if (bias) {
    auto [ptr, strides] = cb.address(bias);
    biasPtr = ptr;
    biasBatchStride = batchStride(strides, 1);
  }
  if (residual) {
    auto [ptr, strides] = cb.address(residual);
    residualPtr = ptr;
    ldr = rowStride(strides);
    residualBatchStride = batchStride(strides, 2);
  }
  Value epilogue = buildEpilogue(cb, op, function, biasPtr, biasBatchStride,
                                 residualPtr, ldr, residualBatchStride);
  int32_t flags =
      (op.getTransA() ? kTransA : 0) | (op.getTransB() ? kTransB : 0);
  Value alpha = cb.f32(op.getAlpha().convertToFloat());

  MLIRContext *context = op.getContext();
  Type i32 = b.getI32Type(), i64 = b.getI64Type(), f32 = b.getF32Type(),
       ptr = cb.ptrType;
  if (!batched) {
    StringRef name = "nabla_sgemm";
    declare(module, name,
            FunctionType::get(context,
                              {i32, i64, i64, i64, f32, ptr, i64, ptr, i64,
                               ptr, i64, ptr},
                              {i32}));
    func::CallOp::create(b, loc, name, TypeRange{i32},
                         ValueRange{cb.i32(flags), m, n, k, alpha, aPtr,
                                    rowStride(aStrides), bPtr,
                                    rowStride(bStrides), cPtr,
                                    rowStride(cStrides), epilogue});
  } else {
    StringRef name = "nabla_sgemm_batched";
    declare(module, name,
            FunctionType::get(context,
                              {i32, i64, i64, i64, i64, f32, ptr, i64, i64,
                               ptr, i64, i64, ptr, i64, i64, ptr},
                              {i32}));
    func::CallOp::create(
        b, loc, name, TypeRange{i32},
        ValueRange{cb.i32(flags), cb.dimension(c, 0), m, n, k, alpha, aPtr,
                   rowStride(aStrides), batchStride(aStrides, 2), bPtr,
                   rowStride(bStrides), batchStride(bStrides, 2), cPtr,
                   rowStride(cStrides), batchStride(cStrides, 2), epilogue});
  }

  // The output goes back where the op wrote it; the copies are freed.
  for (auto [i, temporary] : llvm::enumerate(temporaries)) {
    auto [copy, original] = temporary;
    if (i >= numInputCopies)
      memref::CopyOp::create(b, loc, copy, original);
    memref::DeallocOp::create(b, loc, copy);
  }
  op.erase();
  return success();
}

struct ConvertNablaKernelToRuntime
    : nabla::impl::ConvertNablaKernelToRuntimeBase<
          ConvertNablaKernelToRuntime> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<SgemmOp> sgemms;
    module.walk([&](SgemmOp op) { sgemms.push_back(op); });
    for (SgemmOp op : sgemms)
      if (failed(lowerSgemm(op, module)))
        return signalPassFailure();
  }
};

} // namespace
