//===- KernelToRuntime.cpp - nabla_kernel ops as calls of the runtime -----===//
//
// Each nabla_kernel op on buffers becomes one call of its C function in
// runtime/kernels/Kernels.h, with plain pointers and 64-bit sizes. The GEMM
// reads its row strides from the buffers' descriptors, so any row stride
// works, and a buffer whose innermost dimension is not contiguous is first
// copied into one that is (and an output copied back); the convolution and
// the poolings take whole contiguous NCHW tensors, copied likewise when a
// buffer is a strided view. Bufferization makes no such copies here.
//
// The epilogue (bias, residual, activation) and a convolution's geometry go
// by pointer to a NablaEpilogue and a NablaConv2dShape on the stack of the
// calling function. A kernel reports its own failures (out of memory for
// its scratch) to the model run, so the call's status is not read here.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/Passes.h"
#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/TypeSwitch.h"

#include <array>

namespace mlir::nabla {
#define GEN_PASS_DEF_CONVERTNABLAKERNELTORUNTIME
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::nabla

using namespace mlir;
using namespace mlir::nabla;
using nabla_kernel::NablaKernelDialect;
using nabla_kernel::SgemmOp;

namespace {

// The flags of nabla_sgemm (Kernels.h).
constexpr int32_t kTransA = 1;
constexpr int32_t kTransB = 2;
constexpr int32_t kPackedB = 4;
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

/// Whether the innermost dimension of `type` is known contiguous; with
/// `whole`, whether all of it is (row-major strides, any offset).
bool isContiguous(MemRefType type, bool whole) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  if (!whole)
    return strides.empty() || strides.back() == 1;
  int64_t expected = 1;
  for (int64_t i = type.getRank() - 1; i >= 0; --i) {
    if (strides[i] != expected)
      return false;
    if (ShapedType::isDynamic(type.getDimSize(i)))
      return i == 0;
    expected *= type.getDimSize(i);
  }
  return true;
}

/// `buffer`, or a contiguous copy of it (see isContiguous) when it is not
/// (recorded in `temporaries`; with `copyIn` false the copy is not filled).
Value contiguous(OpBuilder &b, Location loc, Value buffer, bool whole,
                 bool copyIn,
                 SmallVectorImpl<std::pair<Value, Value>> &temporaries) {
  auto type = cast<MemRefType>(buffer.getType());
  if (isContiguous(type, whole))
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

/// Copies the outputs among `temporaries` (from index `firstOutput`) back
/// where the op wrote them, and frees every copy.
void releaseTemporaries(OpBuilder &b, Location loc,
                        ArrayRef<std::pair<Value, Value>> temporaries,
                        size_t firstOutput) {
  for (auto [i, temporary] : llvm::enumerate(temporaries)) {
    auto [copy, original] = temporary;
    if (i >= firstOutput)
      memref::CopyOp::create(b, loc, copy, original);
    memref::DeallocOp::create(b, loc, copy);
  }
}

/// The declaration of runtime function `name`, added once per module.
void declare(ModuleOp module, StringRef name, FunctionType type) {
  if (module.lookupSymbol(name))
    return;
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto function = func::FuncOp::create(builder, module.getLoc(), name, type);
  function.setPrivate();
}

/// A stack slot for one value of `type` in the entry block of `function`:
/// one slot per call site, not one per iteration of an enclosing loop.
Value entryBlockSlot(CallBuilder &cb, func::FuncOp function, Type type) {
  OpBuilder &b = cb.b;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&function.getBody().front());
  Value one = arith::ConstantIntOp::create(b, cb.loc, b.getI64Type(), 1);
  return LLVM::AllocaOp::create(b, cb.loc, cb.ptrType, type, one,
                                /*alignment=*/8);
}

/// Stores `fields` as one literal struct into a new entry block slot of
/// `function`, at the builder's position, and returns the slot.
Value storeStruct(CallBuilder &cb, func::FuncOp function,
                  ArrayRef<Value> fields) {
  SmallVector<Type> types;
  for (Value field : fields)
    types.push_back(field.getType());
  auto structType =
      LLVM::LLVMStructType::getLiteral(cb.b.getContext(), types);
  Value slot = entryBlockSlot(cb, function, structType);
  Value value = LLVM::UndefOp::create(cb.b, cb.loc, structType);
  for (auto [i, field] : llvm::enumerate(fields))
    value = LLVM::InsertValueOp::create(cb.b, cb.loc, value, field, i);
  LLVM::StoreOp::create(cb.b, cb.loc, value, slot);
  return slot;
}

/// The activation of a kernel op's epilogue.
struct ActivationInfo {
  Activation kind;
  float alpha, beta;
};
template <typename OpT> ActivationInfo activationOf(OpT op) {
  return {op.getActivation(), op.getActAlpha().convertToFloat(),
          op.getActBeta().convertToFloat()};
}

/// A NablaEpilogue in the entry block's stack frame of `function`, filled
/// at the builder's position; null when there is nothing to apply.
Value buildEpilogue(CallBuilder &cb, func::FuncOp function,
                    ActivationInfo activation, Value bias, int32_t biasKind,
                    Value biasBatchStride, Value residual, Value ldr,
                    Value residualBatchStride) {
  if (!bias && !residual && activation.kind == Activation::none)
    return cb.null();
  // struct NablaEpilogue: 64 bytes, no padding (Kernels.h).
  SmallVector<Value> fields = {
      bias ? bias : cb.null(),
      residual ? residual : cb.null(),
      residual ? ldr : cb.i64(0),
      bias ? biasBatchStride : cb.i64(0),
      residual ? residualBatchStride : cb.i64(0),
      cb.f32(0.0f),
      cb.f32(activation.alpha),
      cb.f32(activation.beta),
      cb.i32(bias ? biasKind : 0),
      cb.i32(static_cast<int32_t>(activation.kind)),
      cb.i32(0)};
  return storeStruct(cb, function, fields);
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
    return buffer ? contiguous(b, loc, buffer, /*whole=*/false,
                               /*copyIn=*/true, temporaries)
                  : Value();
  };
  Value a = in(op.getA()), bBuffer = in(op.getB()), bias = in(op.getBias()),
        residual = in(op.getResidual());
  size_t numInputCopies = temporaries.size();
  Value c = contiguous(b, loc, op.getInit(), /*whole=*/false,
                       /*copyIn=*/false, temporaries);

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
  Value epilogue = buildEpilogue(
      cb, function, activationOf(op), biasPtr,
      op.getBiasPerRow() ? kBiasPerRow : kBiasPerColumn, biasBatchStride,
      residualPtr, ldr, residualBatchStride);
  int32_t flags = (op.getTransA() ? kTransA : 0) |
                  (op.getTransB() ? kTransB : 0) |
                  (op.getPackedB() ? kPackedB : 0);
  // A packed B is one buffer, shared by a batch; the kernel reads no ldb.
  Value ldb = op.getPackedB() ? cb.i64(0) : rowStride(bStrides);
  Value bBatchStride =
      op.getPackedB() ? cb.i64(0) : batchStride(bStrides, 2);
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
                                    rowStride(aStrides), bPtr, ldb, cPtr,
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
                   rowStride(aStrides), batchStride(aStrides, 2), bPtr, ldb,
                   bBatchStride, cPtr,
                   rowStride(cStrides), batchStride(cStrides, 2), epilogue});
  }

  releaseTemporaries(b, loc, temporaries, numInputCopies);
  op.erase();
  return success();
}

/// A NablaConv2dShape (Kernels.h: 18 int64_t) for x [N, C, H, W] and
/// y [N, F, OH, OW] (either [N, H, W, C] when channels last), in a stack
/// slot of `function`.
Value buildConv2dShape(CallBuilder &cb, func::FuncOp function, Value x,
                       Value y, ArrayRef<int64_t> kernelShape,
                       ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                       ArrayRef<int64_t> dilations, int64_t groups,
                       bool xChannelsLast = false, bool yChannelsLast = false) {
  // Where C (F), H and W are.
  auto dims = [](bool channelsLast) {
    return channelsLast ? std::array<unsigned, 3>{3, 1, 2}
                        : std::array<unsigned, 3>{1, 2, 3};
  };
  std::array<unsigned, 3> xd = dims(xChannelsLast), yd = dims(yChannelsLast);
  SmallVector<Value> fields = {
      cb.dimension(x, 0),     cb.dimension(x, xd[0]), cb.dimension(x, xd[1]),
      cb.dimension(x, xd[2]), cb.dimension(y, yd[0]), cb.dimension(y, yd[1]),
      cb.dimension(y, yd[2]), cb.i64(kernelShape[0]), cb.i64(kernelShape[1]),
      cb.i64(strides[0]),     cb.i64(strides[1]),     cb.i64(pads[0]),
      cb.i64(pads[1]),        cb.i64(pads[2]),        cb.i64(pads[3]),
      cb.i64(dilations[0]),   cb.i64(dilations[1]),   cb.i64(groups)};
  return storeStruct(cb, function, fields);
}

/// The address of the first element of a contiguous buffer.
Value pointerTo(CallBuilder &cb, Value buffer) {
  return cb.address(buffer).first;
}

LogicalResult lowerConv2d(nabla_kernel::Conv2dOp op, ModuleOp module) {
  if (op.getNumResults() != 0)
    return op.emitOpError("must be bufferized before it becomes a call");
  auto function = op->getParentOfType<func::FuncOp>();
  if (!function)
    return op.emitOpError("must be in a func.func");
  OpBuilder b(op);
  Location loc = op.getLoc();
  CallBuilder cb(b, loc);
  SmallVector<std::pair<Value, Value>> temporaries;
  auto in = [&](Value buffer) {
    return buffer ? contiguous(b, loc, buffer, /*whole=*/true,
                               /*copyIn=*/true, temporaries)
                  : Value();
  };
  Value x = in(op.getX()), w = in(op.getW()), bias = in(op.getBias()),
        residual = in(op.getResidual());
  size_t numInputCopies = temporaries.size();
  Value y = contiguous(b, loc, op.getInit(), /*whole=*/true,
                       /*copyIn=*/false, temporaries);

  auto wType = cast<MemRefType>(w.getType());
  bool channelsLast = op.getChannelsLast();
  SmallVector<int64_t, 2> kernelShape(
      op.getPackedWeights() ? *op.getKernelShape()
                            : wType.getShape().drop_front(2));
  Value shape = buildConv2dShape(
      cb, function, x, y, kernelShape, op.getStrides(), op.getPads(),
      op.getDilations(), op.getGroups(),
      /*xChannelsLast=*/channelsLast && !op.getNchwInput(),
      /*yChannelsLast=*/channelsLast);
  // The bias is per output channel and the residual has y's layout; the
  // kernel reads no strides of its own for them.
  Value epilogue = buildEpilogue(
      cb, function, activationOf(op), bias ? pointerTo(cb, bias) : Value(),
      kBiasPerRow, cb.i64(0), residual ? pointerTo(cb, residual) : Value(),
      cb.i64(0), cb.i64(0));
  Type ptr = cb.ptrType, i32 = b.getI32Type();
  if (channelsLast) {
    // nabla_sconv2d_nhwc's flags (Kernels.h).
    constexpr int32_t kPackedWeights = 1, kInputNchw = 2;
    int32_t flags = (op.getPackedWeights() ? kPackedWeights : 0) |
                    (op.getNchwInput() ? kInputNchw : 0);
    StringRef name = "nabla_sconv2d_nhwc";
    declare(module, name,
            FunctionType::get(op.getContext(), {i32, ptr, ptr, ptr, ptr, ptr},
                              {i32}));
    func::CallOp::create(b, loc, name, TypeRange{i32},
                         ValueRange{cb.i32(flags), shape, pointerTo(cb, x),
                                    pointerTo(cb, w), pointerTo(cb, y),
                                    epilogue});
  } else {
    StringRef name = "nabla_sconv2d";
    declare(module, name,
            FunctionType::get(op.getContext(), {ptr, ptr, ptr, ptr, ptr},
                              {i32}));
    func::CallOp::create(b, loc, name, TypeRange{i32},
                         ValueRange{shape, pointerTo(cb, x), pointerTo(cb, w),
                                    pointerTo(cb, y), epilogue});
  }
  releaseTemporaries(b, loc, temporaries, numInputCopies);
  op.erase();
  return success();
}

/// nabla_spool2d's kinds (Kernels.h).
constexpr int32_t kPoolMax = 0;
constexpr int32_t kPoolAverage = 1;
constexpr int32_t kPoolAverageIncludePad = 2;

LogicalResult lowerPool2d(Operation *op, int32_t kind, Value xBuffer,
                          Value init, ArrayRef<int64_t> kernelShape,
                          ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                          ArrayRef<int64_t> dilations, bool channelsLast,
                          ModuleOp module) {
  if (op->getNumResults() != 0)
    return op->emitOpError("must be bufferized before it becomes a call");
  auto function = op->getParentOfType<func::FuncOp>();
  if (!function)
    return op->emitOpError("must be in a func.func");
  OpBuilder b(op);
  Location loc = op->getLoc();
  CallBuilder cb(b, loc);
  SmallVector<std::pair<Value, Value>> temporaries;
  Value x = contiguous(b, loc, xBuffer, /*whole=*/true, /*copyIn=*/true,
                       temporaries);
  Value y = contiguous(b, loc, init, /*whole=*/true, /*copyIn=*/false,
                       temporaries);
  Value shape = buildConv2dShape(cb, function, x, y, kernelShape, strides,
                                 pads, dilations, /*groups=*/1, channelsLast,
                                 channelsLast);
  Type ptr = cb.ptrType, i32 = b.getI32Type();
  StringRef name = channelsLast ? "nabla_spool2d_nhwc" : "nabla_spool2d";
  declare(module, name,
          FunctionType::get(op->getContext(), {i32, ptr, ptr, ptr}, {i32}));
  func::CallOp::create(
      b, loc, name, TypeRange{i32},
      ValueRange{cb.i32(kind), shape, pointerTo(cb, x), pointerTo(cb, y)});
  releaseTemporaries(b, loc, temporaries, /*firstOutput=*/1);
  op->erase();
  return success();
}

struct ConvertNablaKernelToRuntime
    : nabla::impl::ConvertNablaKernelToRuntimeBase<
          ConvertNablaKernelToRuntime> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<NablaKernelDialect>(op->getDialect()))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      LogicalResult lowered =
          TypeSwitch<Operation *, LogicalResult>(op)
              .Case([&](SgemmOp sgemm) { return lowerSgemm(sgemm, module); })
              .Case([&](nabla_kernel::Conv2dOp conv) {
                return lowerConv2d(conv, module);
              })
              .Case([&](nabla_kernel::MaxPool2dOp pool) {
                return lowerPool2d(pool, kPoolMax, pool.getX(), pool.getInit(),
                                   pool.getKernelShape(), pool.getStrides(),
                                   pool.getPads(), pool.getDilations(),
                                   pool.getChannelsLast(), module);
              })
              .Case([&](nabla_kernel::AvgPool2dOp pool) {
                return lowerPool2d(pool,
                                   pool.getCountIncludePad()
                                       ? kPoolAverageIncludePad
                                       : kPoolAverage,
                                   pool.getX(), pool.getInit(),
                                   pool.getKernelShape(), pool.getStrides(),
                                   pool.getPads(), {1, 1},
                                   pool.getChannelsLast(), module);
              })
              .Default([](Operation *op) {
                return op->emitOpError("has no lowering to a runtime call");
              });
      if (failed(lowered))
        return signalPassFailure();
    }
  }
};

} // namespace
