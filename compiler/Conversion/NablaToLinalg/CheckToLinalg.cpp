//===- CheckToLinalg.cpp - Lower nabla run-time checks --------------------===//
//
// nabla.check_index becomes one pass over the indices, viewed as a flat
// vector, in an scf.for that ORs the entries' invalid flags into an i1
// carried in a register, which LLVM vectorizes; a linalg reduction would
// keep the flag in a buffer after bufferization, where LLVM cannot promote
// it (it might alias the indices). It runs before the op that consumes the
// indices and outside its loops. Only when the flag is set, an scf.if finds
// the first invalid entry and calls the runtime's nabla_rt_index_error with
// the entry, its position and two texts in LLVM string globals: the checked
// op with its location, and the indexed axis with its valid range.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/NablaToLinalg/LoweringUtils.h"
#include "compiler/Conversion/NablaToLinalg/Patterns.h"
#include "dialects/Nabla/IR/NablaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace mlir::nabla;

/// The runtime function that records an index error (runtime/NablaModel.h):
/// void nabla_rt_index_error(const char *site, int64_t index,
///                           int64_t position, const char *valid).
static constexpr StringLiteral kIndexErrorFn = "nabla_rt_index_error";

/// Where `loc` points a user to: "node 'Gather_3'" for a named location (an
/// imported node), "file:line:col" for a source position, "" otherwise.
static std::string describeLocation(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return "node '" + name.getName().str() + "'";
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    if (file.getLine() == 0)
      return "";
    return (file.getFilename().strref() + ":" + Twine(file.getLine()) + ":" +
            Twine(file.getColumn()))
        .str();
  }
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return describeLocation(call.getCallee());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location part : fused.getLocations())
      if (std::string text = describeLocation(part); !text.empty())
        return text;
  return "";
}

/// "nabla.gather (node 'Gather_3')".
static std::string describeSite(CheckIndexOp op) {
  std::string site =
      op.getSite() ? op.getSite()->str() : op->getName().getStringRef().str();
  std::string where = describeLocation(op.getLoc());
  return where.empty() ? site : site + " (" + where + ")";
}

/// "axis 0 of size 10 (valid: -10..9)", for entry `component` of a tuple.
static std::string describeValid(CheckIndexOp op, int64_t component) {
  ArrayRef<int64_t> sizes = op.getSizes();
  int64_t size = sizes[sizes.size() == 1 ? 0 : component];
  auto [low, high] = op.getValidRange(component);
  std::string text =
      "axis " + std::to_string(static_cast<int64_t>(op.getAxis()) + component) +
      " of size " + std::to_string(size);
  std::optional<int64_t> ignored = op.getIgnoreIndex();
  if (size == 0)
    return text + (ignored ? " (valid: only ignore_index " +
                                 std::to_string(*ignored) + ")"
                           : " (no index is valid)");
  text += " (valid: " + std::to_string(low) + ".." + std::to_string(high);
  if (ignored)
    text += ", or ignore_index " + std::to_string(*ignored);
  return text + ")";
}

/// The address of a private constant global holding `text`, NUL-terminated;
/// globals are shared between checks with the same text.
static Value getStringAddress(OpBuilder &builder, Location loc, ModuleOp module,
                              StringRef text) {
  std::string value = (text + Twine('\0')).str();
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    auto existing = dyn_cast_or_null<StringAttr>(global.getValueOrNull());
    if (global.getConstant() && existing && existing.getValue() == value)
      return LLVM::AddressOfOp::create(builder, loc, global);
  }
  std::string name;
  for (unsigned i = 0; name.empty() || module.lookupSymbol(name); ++i)
    name = "nabla_check_text_" + std::to_string(i);
  LLVM::GlobalOp global, last;
  {
    // At the top of the module, in the order of creation.
    OpBuilder::InsertionGuard guard(builder);
    for (auto existing : module.getOps<LLVM::GlobalOp>())
      last = existing;
    if (last)
      builder.setInsertionPointAfter(last);
    else
      builder.setInsertionPointToStart(module.getBody());
    auto type = LLVM::LLVMArrayType::get(builder.getI8Type(), value.size());
    global = LLVM::GlobalOp::create(builder, loc, type, /*isConstant=*/true,
                                    LLVM::Linkage::Private, name,
                                    builder.getStringAttr(value));
  }
  return LLVM::AddressOfOp::create(builder, loc, global);
}

/// The declaration of the runtime's error function, added once per module.
static func::FuncOp getIndexErrorFunction(OpBuilder &builder, Location loc,
                                          ModuleOp module) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(kIndexErrorFn))
    return existing;
  MLIRContext *context = builder.getContext();
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = builder.getI64Type();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  auto function = func::FuncOp::create(
      builder, loc, kIndexErrorFn,
      FunctionType::get(context, {ptr, i64, i64, ptr}, {}));
  function.setPrivate();
  return function;
}

/// Entry `position` of the flat indices, as i64.
static Value readIndex(OpBuilder &builder, Location loc, Value flat,
                       Value position) {
  Value index = tensor::ExtractOp::create(builder, loc, flat, position);
  if (index.getType() == builder.getI64Type())
    return index;
  return arith::ExtSIOp::create(builder, loc, builder.getI64Type(), index);
}

namespace {

/// The per-entry test of one check on the flat indices.
struct IndexTest {
  IndexTest(OpBuilder &b, Location loc, CheckIndexOp op, Value flat)
      : flat(flat), depth(op.getSizes().size()) {
    auto constant = [&](int64_t value) -> Value {
      return arith::ConstantIntOp::create(b, loc, b.getI64Type(), value);
    };
    // index in [low, high] <=> index - low < high - low + 1, unsigned: the
    // subtraction wraps, and a size of 0 gives a count of 0 (none valid).
    for (int64_t component = 0; component < depth; ++component) {
      auto [low, high] = op.getValidRange(component);
      lows.push_back(constant(low));
      // In uint64: 2 * size overflows int64 for sizes from 2^62.
      counts.push_back(constant(static_cast<int64_t>(
          static_cast<uint64_t>(high) - static_cast<uint64_t>(low) + 1)));
    }
    if (std::optional<int64_t> ignoreIndex = op.getIgnoreIndex())
      ignored = constant(*ignoreIndex);
  }

  Value flat;
  int64_t depth;
  SmallVector<Value> lows, counts;
  Value ignored;

  /// Whether the entry at `position` (entry `component` of its tuple) is
  /// invalid.
  Value isInvalid(OpBuilder &b, Location loc, Value position,
                  int64_t component) {
    Value index = readIndex(b, loc, flat, position);
    Value offset = arith::SubIOp::create(b, loc, index, lows[component]);
    Value invalid = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                          offset, counts[component]);
    if (!ignored)
      return invalid;
    Value kept =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, index, ignored);
    return arith::AndIOp::create(b, loc, invalid, kept);
  }

  /// The position of entry `component` of row `row`.
  Value position(OpBuilder &b, Location loc, Value row, int64_t component) {
    if (depth == 1)
      return row;
    Value base = arith::MulIOp::create(
        b, loc, row, arith::ConstantIndexOp::create(b, loc, depth));
    return arith::AddIOp::create(
        b, loc, base, arith::ConstantIndexOp::create(b, loc, component));
  }

  /// An scf.for over the rows carrying `init` and updating it with `step`
  /// for every entry in row-major order.
  Value scan(OpBuilder &builder, Location loc, Value init,
             function_ref<Value(OpBuilder &, Location, Value carried,
                                Value position, Value invalid)>
                 step) {
    int64_t rows =
        cast<RankedTensorType>(flat.getType()).getNumElements() / depth;
    auto loop = scf::ForOp::create(
        builder, loc, arith::ConstantIndexOp::create(builder, loc, 0),
        arith::ConstantIndexOp::create(builder, loc, rows),
        arith::ConstantIndexOp::create(builder, loc, 1), ValueRange{init},
        [&](OpBuilder &b, Location loc, Value row, ValueRange carried) {
          Value value = carried[0];
          for (int64_t component = 0; component < depth; ++component) {
            Value at = position(b, loc, row, component);
            value = step(b, loc, value, at, isInvalid(b, loc, at, component));
          }
          scf::YieldOp::create(b, loc, value);
        });
    return loop.getResult(0);
  }
};

struct CheckIndexLowering : OpConversionPattern<CheckIndexOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CheckIndexOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.isKnownValid()) {
      rewriter.eraseOp(op);
      return success();
    }
    Location loc = op.getLoc();
    auto module = op->getParentOfType<ModuleOp>();
    auto type = cast<RankedTensorType>(adaptor.getIndices().getType());
    int64_t count = type.getNumElements();
    IndexTest test(
        rewriter, loc, op,
        reshapeContiguous(rewriter, loc, adaptor.getIndices(), {count}));

    // The hot part: is any entry invalid?
    Value none = arith::ConstantIntOp::create(rewriter, loc, 0, 1);
    Value anyInvalid = test.scan(
        rewriter, loc, none,
        [](OpBuilder &b, Location loc, Value any, Value, Value invalid) {
          return arith::OrIOp::create(b, loc, any, invalid).getResult();
        });

    // The cold part: find the first invalid entry and report it.
    auto report = scf::IfOp::create(rewriter, loc, anyInvalid);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(report.thenBlock());
    Value end = arith::ConstantIndexOp::create(rewriter, loc, count);
    Value first = test.scan(
        rewriter, loc, end,
        [&](OpBuilder &b, Location loc, Value found, Value at, Value invalid) {
          Value notYet = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                               found, end);
          Value take = arith::AndIOp::create(b, loc, invalid, notYet);
          return arith::SelectOp::create(b, loc, take, at, found).getResult();
        });
    Value index = readIndex(rewriter, loc, test.flat, first);
    Value position =
        arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(), first);

    // The valid range of the invalid entry's component of a tuple.
    Value valid = getStringAddress(rewriter, loc, module, describeValid(op, 0));
    if (test.depth > 1) {
      Value component = arith::RemUIOp::create(
          rewriter, loc, first,
          arith::ConstantIndexOp::create(rewriter, loc, test.depth));
      for (int64_t k = 1; k < test.depth; ++k) {
        Value isK = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::eq, component,
            arith::ConstantIndexOp::create(rewriter, loc, k));
        valid = arith::SelectOp::create(
            rewriter, loc, isK,
            getStringAddress(rewriter, loc, module, describeValid(op, k)),
            valid);
      }
    }
    Value site = getStringAddress(rewriter, loc, module, describeSite(op));
    func::CallOp::create(rewriter, loc,
                         getIndexErrorFunction(rewriter, loc, module),
                         ValueRange{site, index, position, valid});
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void mlir::nabla::populateCheckToLinalgPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<CheckIndexLowering>(converter, patterns.getContext());
}
