//===- ModelEmitter.cpp - From the LLVM dialect to an object file ---------===//

#include "compiler/Target/ModelEmitter.h"

#include "compiler/Transforms/Passes.h"
#include "dialects/Nabla/Transforms/Passes.h"
#include "runtime/NablaModel.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::nabla;

std::unique_ptr<llvm::TargetMachine>
mlir::nabla::createTargetMachine(const TargetOptions &options,
                                 std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;

  std::string cpu = options.cpu;
  std::string features = options.features;
  if (cpu.empty()) {
    cpu = llvm::sys::getHostCPUName().str();
    if (features.empty()) {
      SmallVector<std::string> hostFeatures;
      for (const auto &feature : llvm::sys::getHostCPUFeatures())
        hostFeatures.push_back((feature.second ? "+" : "-") +
                               feature.first().str());
      llvm::sort(hostFeatures);
      features = llvm::join(hostFeatures, ",");
    }
  }
  // Validated against the tables of a subtarget for the generic CPU: one
  // for an unknown CPU would print LLVM's own warning (twice) before ours.
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, "generic", ""));
  if (!subtarget || !subtarget->isCPUStringValid(cpu)) {
    error = "unknown target CPU '" + cpu + "' for " + triple.str();
    return nullptr;
  }
  for (StringRef feature : llvm::split(features, ',')) {
    feature = feature.trim();
    if (feature.empty())
      continue;
    StringRef name = feature.drop_front();
    bool known = llvm::any_of(
        subtarget->getAllProcessorFeatures(),
        [&](const llvm::SubtargetFeatureKV &kv) { return name == kv.Key; });
    if ((!feature.starts_with("+") && !feature.starts_with("-")) || !known) {
      error = "unknown target feature '" + feature.str() +
              "' (features look like +avx2,-avx512f)";
      return nullptr;
    }
  }

  llvm::CodeGenOptLevel level = llvm::CodeGenOptLevel::Default;
  if (options.optLevel == 0)
    level = llvm::CodeGenOptLevel::None;
  else if (options.optLevel >= 3)
    level = llvm::CodeGenOptLevel::Aggressive;
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      level));
  if (!machine)
    error = "cannot create a target machine for " + triple.str();
  return machine;
}

namespace {
/// Builds the ABI of one model in LLVM IR: string and shape constants, the
/// tensor spec arrays, the NablaModelSpec, the entry wrapper and the
/// exported functions.
class ABIBuilder {
public:
  ABIBuilder(llvm::Module &module, const ModelABIOptions &options)
      : module(module), context(module.getContext()), options(options),
        ptrType(llvm::PointerType::getUnqual(context)),
        i32(llvm::Type::getInt32Ty(context)),
        i64(llvm::Type::getInt64Ty(context)) {}

  llvm::Constant *string(StringRef value, StringRef name) {
    auto *data = llvm::ConstantDataArray::getString(context, value);
    return new llvm::GlobalVariable(module, data->getType(), /*isConstant=*/true,
                                    llvm::GlobalValue::PrivateLinkage, data,
                                    name);
  }

  llvm::Constant *tensorSpecs(ArrayRef<TensorSignature> tensors,
                              StringRef kind) {
    if (tensors.empty())
      return llvm::ConstantPointerNull::get(ptrType);
    llvm::StructType *specType = getTensorSpecType();
    SmallVector<llvm::Constant *> specs;
    for (auto [index, tensor] : llvm::enumerate(tensors)) {
      std::string base = (options.prefix + "_" + kind + Twine(index)).str();
      auto *shapeData = llvm::ConstantDataArray::get(
          context, ArrayRef<uint64_t>(
                       reinterpret_cast<const uint64_t *>(tensor.shape.data()),
                       tensor.shape.size()));
      llvm::Constant *shape =
          tensor.shape.empty()
              ? static_cast<llvm::Constant *>(
                    llvm::ConstantPointerNull::get(ptrType))
              : new llvm::GlobalVariable(module, shapeData->getType(), true,
                                         llvm::GlobalValue::PrivateLinkage,
                                         shapeData, base + "_shape");
      specs.push_back(llvm::ConstantStruct::get(
          specType, {string(tensor.name, base + "_name"),
                     llvm::ConstantInt::get(i32, tensor.dtype),
                     llvm::ConstantInt::get(i32, tensor.shape.size()), shape,
                     llvm::ConstantInt::get(i64, tensor.getNumBytes())}));
    }
    auto *arrayType = llvm::ArrayType::get(specType, specs.size());
    return new llvm::GlobalVariable(
        module, arrayType, true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(arrayType, specs),
        (options.prefix + "_" + kind + "s").str());
  }

  /// `void <prefix>_entry(void *const *buffers)`: loads the buffer pointers
  /// and calls the compiled function with them as bare pointers.
  llvm::Function *entryWrapper(llvm::Function *impl, unsigned numTensors,
                               int arenaIndex, int weightsIndex,
                               llvm::Constant *embeddedWeights) {
    auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                         {ptrType}, false);
    auto *wrapper =
        llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                               options.prefix + "_entry", module);
    llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "", wrapper));
    auto load = [&](unsigned slot) {
      return builder.CreateLoad(
          ptrType,
          builder.CreateConstInBoundsGEP1_64(ptrType, wrapper->getArg(0), slot));
    };
    SmallVector<llvm::Value *> args(impl->arg_size());
    for (unsigned i = 0; i < numTensors; ++i)
      args[i] = load(i);
    if (arenaIndex >= 0)
      args[arenaIndex] = load(numTensors);
    if (weightsIndex >= 0)
      args[weightsIndex] = embeddedWeights
                               ? static_cast<llvm::Value *>(embeddedWeights)
                               : load(numTensors + 1);
    builder.CreateCall(impl, args);
    builder.CreateRetVoid();
    return wrapper;
  }

  /// An exported `<prefix>_<name>` that calls the runtime's `callee` with
  /// the model's spec (if `withSpec`) followed by its own arguments.
  void forwarder(StringRef name, StringRef callee, llvm::Type *result,
                 ArrayRef<llvm::Type *> params, llvm::Constant *spec,
                 bool withSpec) {
    auto *type = llvm::FunctionType::get(result, params, false);
    auto *function =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                               options.prefix + "_" + name, module);
    SmallVector<llvm::Type *> calleeParams;
    if (withSpec)
      calleeParams.push_back(ptrType);
    calleeParams.append(params.begin(), params.end());
    llvm::FunctionCallee target = module.getOrInsertFunction(
        callee, llvm::FunctionType::get(result, calleeParams, false));
    llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "", function));
    SmallVector<llvm::Value *> args;
    if (withSpec)
      args.push_back(spec);
    for (llvm::Argument &arg : function->args())
      args.push_back(&arg);
    llvm::CallInst *call = builder.CreateCall(target, args);
    if (result->isVoidTy())
      builder.CreateRetVoid();
    else
      builder.CreateRet(call);
  }

  llvm::StructType *getTensorSpecType() {
    return llvm::StructType::get(context, {ptrType, i32, i32, ptrType, i64});
  }
  llvm::StructType *getModelSpecType() {
    return llvm::StructType::get(context, {i32, i32, i32, i32, ptrType,
                                           ptrType, ptrType, i64, i64, ptrType,
                                           ptrType});
  }

  llvm::Module &module;
  llvm::LLVMContext &context;
  const ModelABIOptions &options;
  llvm::PointerType *ptrType;
  llvm::IntegerType *i32;
  llvm::IntegerType *i64;
};
} // namespace

FailureOr<std::unique_ptr<llvm::Module>>
mlir::nabla::translateModel(ModuleOp module, StringRef entry,
                            const ModelSignature &signature,
                            const ModelABIOptions &options,
                            llvm::LLVMContext &context) {
  auto func = module.lookupSymbol<LLVM::LLVMFuncOp>(entry);
  if (!func)
    return module.emitError("the lowered module has no llvm.func @") << entry;

  // Read, then drop, what the bufferization passes recorded for us.
  int arenaIndex = -1, weightsIndex = -1;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    if (func.getArgAttr(i, kArenaArgAttr))
      arenaIndex = i;
    if (func.getArgAttr(i, kWeightsArgAttr))
      weightsIndex = i;
  }
  // Names and other nabla annotations have no meaning in LLVM IR.
  for (auto llvmFunction : module.getOps<LLVM::LLVMFuncOp>()) {
    auto function = cast<FunctionOpInterface>(llvmFunction.getOperation());
    for (unsigned i = 0, e = function.getNumArguments(); i < e; ++i)
      for (NamedAttribute attr : function.getArgAttrs(i))
        if (attr.getName().strref().starts_with("nabla."))
          function.removeArgAttr(i, attr.getName());
    for (unsigned i = 0, e = function.getNumResults(); i < e; ++i)
      for (NamedAttribute attr : function.getResultAttrs(i))
        if (attr.getName().strref().starts_with("nabla."))
          function.removeResultAttr(i, attr.getName());
    // A kernel stays a function: inlined into each of its calls, a kernel
    // that a model calls a thousand times would be compiled a thousand
    // times, and a call costs nanoseconds beside its work.
    if (function->hasAttr(kKernelAttrName))
      llvmFunction.setNoInline(true);
  }
  int64_t arenaBytes = 0;
  if (auto size = func->getAttrOfType<IntegerAttr>(kArenaSizeAttr))
    arenaBytes = size.getInt();
  func->removeAttr(kArenaSizeAttr);
  int64_t weightsBytes = 0;
  if (auto size = module->getAttrOfType<IntegerAttr>(kWeightsSizeAttr))
    weightsBytes = size.getInt();
  module->removeAttr(kWeightsSizeAttr);
  module->removeAttr(kWeightsArgAttr);

  unsigned numTensors = signature.inputs.size() + signature.outputs.size();
  unsigned expected =
      numTensors + (arenaIndex >= 0 ? 1 : 0) + (weightsIndex >= 0 ? 1 : 0);
  if (func.getNumArguments() != expected)
    return func.emitError("the lowered model function takes ")
           << func.getNumArguments() << " pointers, expected " << expected
           << " (inputs, outputs, arena, weights)";

  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context, options.prefix);
  if (!llvmModule)
    return module.emitError("translation to LLVM IR failed");

  llvm::Function *impl = llvmModule->getFunction(entry);
  impl->setLinkage(llvm::GlobalValue::InternalLinkage);
  impl->setName(options.prefix + "_compute");

  ABIBuilder abi(*llvmModule, options);
  // Embedded weights: the compute function reads them from one global, and
  // the runtime has nothing to load (a weights size of 0 in the spec).
  llvm::Constant *embeddedWeights = nullptr;
  if (weightsIndex >= 0 && options.weightsFile.empty()) {
    if (static_cast<int64_t>(options.embeddedWeights.size()) != weightsBytes)
      return module.emitError("the embedded weights hold ")
             << options.embeddedWeights.size() << " bytes, expected "
             << weightsBytes;
    auto *global = new llvm::GlobalVariable(
        *llvmModule,
        llvm::ArrayType::get(llvm::Type::getInt8Ty(context), weightsBytes),
        /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantDataArray::getRaw(options.embeddedWeights, weightsBytes,
                                        llvm::Type::getInt8Ty(context)),
        options.prefix + "_weights");
    global->setAlignment(llvm::Align(kBufferAlignment));
    embeddedWeights = global;
    weightsBytes = 0;
  }
  llvm::Function *wrapper = abi.entryWrapper(impl, numTensors, arenaIndex,
                                             weightsIndex, embeddedWeights);
  llvm::Constant *inputs = abi.tensorSpecs(signature.inputs, "input");
  llvm::Constant *outputs = abi.tensorSpecs(signature.outputs, "output");
  llvm::Constant *weightsFile =
      options.weightsFile.empty()
          ? static_cast<llvm::Constant *>(
                llvm::ConstantPointerNull::get(abi.ptrType))
          : abi.string(options.weightsFile, options.prefix + "_weights_file");
  llvm::Constant *specValue = llvm::ConstantStruct::get(
      abi.getModelSpecType(),
      {llvm::ConstantInt::get(abi.i32, NABLA_ABI_VERSION),
       llvm::ConstantInt::get(abi.i32, signature.inputs.size()),
       llvm::ConstantInt::get(abi.i32, signature.outputs.size()),
       llvm::ConstantInt::get(abi.i32, 0),
       abi.string(options.prefix, options.prefix + "_name"), inputs, outputs,
       llvm::ConstantInt::get(abi.i64, arenaBytes),
       llvm::ConstantInt::get(abi.i64, weightsBytes), weightsFile, wrapper});
  auto *spec = new llvm::GlobalVariable(
      *llvmModule, specValue->getType(), true,
      llvm::GlobalValue::InternalLinkage, specValue, options.prefix + "_spec");

  if (options.kind == ArtifactKind::Executable) {
    // The executable main finds the model through this one symbol.
    new llvm::GlobalVariable(*llvmModule, abi.ptrType, true,
                             llvm::GlobalValue::ExternalLinkage, spec,
                             "nabla_main_model");
    return llvmModule;
  }

  llvm::Type *i32 = abi.i32, *ptr = abi.ptrType;
  llvm::Type *voidType = llvm::Type::getVoidTy(context);
  llvm::Type *sizeType = abi.i64;
  llvm::Constant *null = llvm::ConstantPointerNull::get(abi.ptrType);
  // <prefix>_create(out) is create(spec, NULL, out, NULL, 0).
  {
    auto *type = llvm::FunctionType::get(i32, {ptr}, false);
    auto *function =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                               options.prefix + "_create", *llvmModule);
    llvm::FunctionCallee create = llvmModule->getOrInsertFunction(
        "nabla_model_create",
        llvm::FunctionType::get(i32, {ptr, ptr, ptr, ptr, sizeType}, false));
    llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "", function));
    builder.CreateRet(builder.CreateCall(
        create, {spec, null, function->getArg(0), null,
                 llvm::ConstantInt::get(sizeType, 0)}));
  }
  abi.forwarder("create_from", "nabla_model_create", i32,
                {ptr, ptr, ptr, sizeType}, spec, true);
  abi.forwarder("run", "nabla_model_run", i32, {ptr, ptr, ptr}, spec, false);
  abi.forwarder("set_threads", "nabla_model_set_threads", i32, {ptr, i32},
                spec, false);
  abi.forwarder("output", "nabla_model_output", ptr, {ptr, i32}, spec, false);
  abi.forwarder("error", "nabla_model_error", ptr, {ptr}, spec, false);
  abi.forwarder("destroy", "nabla_model_destroy", voidType, {ptr}, spec,
                false);
  abi.forwarder("status_string", "nabla_status_string", ptr, {i32}, spec,
                false);
  return llvmModule;
}

void mlir::nabla::optimizeModule(llvm::Module &module,
                                 llvm::TargetMachine &machine,
                                 unsigned optLevel) {
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple());
  for (llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", machine.getTargetCPU());
    function.addFnAttr("target-features", machine.getTargetFeatureString());
  }

  llvm::LoopAnalysisManager loopAnalyses;
  llvm::FunctionAnalysisManager functionAnalyses;
  llvm::CGSCCAnalysisManager cgsccAnalyses;
  llvm::ModuleAnalysisManager moduleAnalyses;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  llvm::PassBuilder passBuilder(&machine, tuning);
  passBuilder.registerModuleAnalyses(moduleAnalyses);
  passBuilder.registerCGSCCAnalyses(cgsccAnalyses);
  passBuilder.registerFunctionAnalyses(functionAnalyses);
  passBuilder.registerLoopAnalyses(loopAnalyses);
  passBuilder.crossRegisterProxies(loopAnalyses, functionAnalyses,
                                   cgsccAnalyses, moduleAnalyses);

  llvm::OptimizationLevel level = llvm::OptimizationLevel::O2;
  switch (optLevel) {
  case 0:
    level = llvm::OptimizationLevel::O0;
    break;
  case 1:
    level = llvm::OptimizationLevel::O1;
    break;
  case 2:
    break;
  default:
    level = llvm::OptimizationLevel::O3;
  }
  llvm::ModulePassManager passes =
      optLevel == 0 ? passBuilder.buildO0DefaultPipeline(level)
                    : passBuilder.buildPerModuleDefaultPipeline(level);
  passes.run(module, moduleAnalyses);
}

LogicalResult mlir::nabla::emitCode(llvm::Module &module,
                                    llvm::TargetMachine &machine,
                                    llvm::raw_pwrite_stream &os,
                                    bool assembly) {
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple());
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr,
                                  assembly ? llvm::CodeGenFileType::AssemblyFile
                                           : llvm::CodeGenFileType::ObjectFile))
    return failure();
  passes.run(module);
  return success();
}

FailureOr<std::string> mlir::nabla::getWeightsBlob(ModuleOp module) {
  auto size = module->getAttrOfType<IntegerAttr>(kWeightsSizeAttr);
  auto segments = module->getAttrOfType<ArrayAttr>(kWeightsArgAttr);
  if (!size || !segments)
    return std::string();
  std::string blob(size.getInt(), '\0');
  for (Attribute segment : segments) {
    auto dict = dyn_cast<DictionaryAttr>(segment);
    auto offset = dict ? dict.getAs<IntegerAttr>("offset") : IntegerAttr();
    auto value = dict ? dict.getAs<DenseElementsAttr>("value")
                      : DenseElementsAttr();
    if (!offset || !value || value.isSplat())
      return module.emitError("malformed ") << kWeightsArgAttr << " attribute";
    ArrayRef<char> data = value.getRawData();
    if (offset.getInt() < 0 ||
        offset.getInt() + static_cast<int64_t>(data.size()) > size.getInt())
      return module.emitError("weights segment at offset ")
             << offset.getInt() << " exceeds the blob size " << size.getInt();
    std::copy(data.begin(), data.end(), blob.begin() + offset.getInt());
  }
  return blob;
}
