//===- nablac.cpp - The Nabla compiler driver -----------------------------===//
//
// nablac MODEL.mlir -o OUT: compiles a model in the nabla dialect into a
// native executable, shared library + C header, or object + C header, or
// stops at any stage (--emit=mlir|kernels|linalg|llvm|asm) so that each can be
// inspected. The stages are the named pipelines of compiler/Pipelines; this
// file only parses options, runs them in order and writes files.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/CHeader.h"
#include "compiler/Target/Linker.h"
#include "compiler/Target/ModelEmitter.h"
#include "compiler/Target/ModelSignature.h"
#include "compiler/Target/OutputFiles.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/Kernel/IR/KernelDialect.h"
#include "dialects/Nabla/IR/NablaDialect.h"
#include "frontends/onnx/OnnxImporter.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/TargetParser/Host.h"

#include "tools/nablac/NablaVersion.inc"

#include <csignal>

using namespace mlir;
using namespace mlir::nabla;
namespace cl = llvm::cl;

namespace {
enum class Emit { Exe, Lib, Obj, Mlir, Kernels, Linalg, Llvm, Asm };

// --help shows these groups and nothing of LLVM's own backend options.
cl::OptionCategory outputCategory("Output options");
cl::OptionCategory modelCategory("Model options");
cl::OptionCategory codegenCategory("Code generation options");
cl::OptionCategory mlirCategory(
    "MLIR debugging options (printing IR, timing and statistics of every "
    "stage)");

cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<model.mlir | model.onnx>"),
                               cl::cat(modelCategory));
cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                cl::value_desc("file"),
                                cl::cat(outputCategory));
cl::opt<Emit> emit(
    "emit", cl::desc("What to produce"), cl::init(Emit::Exe),
    cl::values(
        clEnumValN(Emit::Exe, "exe", "a native executable (default)"),
        clEnumValN(Emit::Lib, "lib", "a shared library and a C header"),
        clEnumValN(Emit::Obj, "obj", "an object file and a C header"),
        clEnumValN(Emit::Mlir, "mlir",
                   "the nabla module: as imported for .onnx; shapes pinned "
                   "and parameters frozen for .mlir"),
        clEnumValN(Emit::Kernels, "kernels",
                   "the nabla module after fusion, split into kernels"),
        clEnumValN(Emit::Linalg, "linalg",
                   "the module lowered to linalg on tensors"),
        clEnumValN(Emit::Llvm, "llvm", "optimized LLVM IR"),
        clEnumValN(Emit::Asm, "asm", "target assembly")),
    cl::cat(outputCategory));
cl::opt<std::string> cName(
    "name",
    cl::desc("C identifier prefixing the library's symbols (default: from "
             "the output file name)"),
    cl::value_desc("identifier"), cl::cat(outputCategory));
cl::opt<std::string> weights(
    "weights",
    cl::desc("Where constant weights live: 'embedded' in the binary "
             "(default) or 'external' in <name>.weights next to it"),
    cl::init("embedded"), cl::cat(outputCategory));
cl::list<std::string> shapes(
    "shape",
    cl::desc("Pin the dynamic dimensions of an input: NAME=2x3x4 (NAME is "
             "the input's name or index; repeatable)"),
    cl::value_desc("NAME=DIMS"), cl::cat(modelCategory));
cl::opt<std::string> entryName(
    "entry", cl::desc("The model function (default: the only public one)"),
    cl::value_desc("name"), cl::cat(modelCategory));
cl::opt<unsigned> optLevel("O", cl::desc("Optimization level (-O0 to -O3)"),
                           cl::Prefix, cl::init(2), cl::cat(codegenCategory));
cl::opt<std::string> targetCpu(
    "target-cpu", cl::desc("Target CPU (default: this machine's), e.g. "
                           "x86-64-v3, skylake-avx512"),
    cl::cat(codegenCategory));
cl::opt<std::string> targetFeatures(
    "target-features",
    cl::desc("Target features, e.g. +avx2,-avx512f (default: the CPU's)"),
    cl::cat(codegenCategory));
cl::opt<bool> reportFusion(
    "report-fusion",
    cl::desc("Report every op fused into a contraction's epilogue, and "
             "every batch norm folded, as a remark"),
    cl::cat(codegenCategory));
cl::opt<bool> useKernels(
    "kernels",
    cl::desc("Call the runtime's SIMD kernels for matrix products (at -O1 "
             "and above; --kernels=false compiles them as loops)"),
    cl::init(true), cl::cat(codegenCategory));
cl::opt<std::string> runtimeDir(
    "runtime-dir",
    cl::desc("Directory of libnabla_runtime.a (default: $NABLA_RUNTIME_DIR, "
             "else ../lib next to nablac)"),
    cl::cat(codegenCategory));

constexpr const char *kUsage =
    "usage: nablac MODEL.mlir|MODEL.onnx -o OUT [--emit=exe|lib|obj|mlir|"
    "linalg|llvm|asm]\n"
    "              [-O0..-O3] [--shape NAME=2x3x4] [--target-cpu CPU] ...\n"
    "Run 'nablac --help' for the options.\n";

/// Registers MLIR's printing, pass-manager and timing options, and files
/// them under one --help group; every other option registered by libLLVM
/// (backend flags for targets nablac never uses) is hidden.
void registerOptions() {
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  for (auto &entry : cl::getRegisteredOptions())
    if (entry.first.starts_with("mlir-"))
      entry.second->addCategory(mlirCategory);
  cl::HideUnrelatedOptions(
      {&outputCategory, &modelCategory, &codegenCategory, &mlirCategory});
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "nablac (Nabla) " NABLA_VERSION " (" NABLA_REVISION ")\n"
       << "built with LLVM and MLIR " LLVM_VERSION_STRING "\n"
       << "host CPU: " << llvm::sys::getHostCPUName() << "\n";
  });
}

int fail(const Twine &message) {
  llvm::WithColor::error(llvm::errs(), "nablac") << message << "\n";
  return 1;
}

/// A C identifier from a file name: "out/libmnist-v2.so" -> "mnist_v2".
std::string deriveCName(StringRef path, bool isLibrary) {
  StringRef stem = llvm::sys::path::filename(path);
  stem = stem.take_until([](char c) { return c == '.'; });
  if (isLibrary && stem.starts_with("lib") && stem.size() > 3)
    stem = stem.drop_front(3);
  std::string name;
  for (char c : stem)
    name.push_back(llvm::isAlnum(c) ? c : '_');
  if (name.empty() || llvm::isDigit(name.front()))
    name.insert(name.begin(), '_');
  return name;
}

bool isCIdentifier(StringRef name) {
  return !name.empty() && !llvm::isDigit(name.front()) &&
         llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

std::string findRuntimeDir(const char *argv0) {
  if (!runtimeDir.empty())
    return runtimeDir;
  if (const char *env = std::getenv("NABLA_RUNTIME_DIR"); env && *env)
    return env;
  std::string self = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&findRuntimeDir));
  SmallString<256> dir(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(dir, "..", "lib");
  return std::string(dir);
}

LogicalResult runPipeline(ModuleOp module,
                          void (*build)(OpPassManager &,
                                        const InferencePipelineOptions &),
                          const InferencePipelineOptions &options,
                          TimingScope &timing, StringRef stage) {
  PassManager pm(module->getContext());
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  TimingScope stageTiming = timing.nest(stage);
  pm.enableTiming(stageTiming);
  build(pm, options);
  return pm.run(module);
}

/// Writes `text` to -o (stdout when it is absent or "-").
int printText(StringRef text) {
  if (outputFile.empty() || outputFile == "-") {
    llvm::outs() << text;
    llvm::outs().flush();
    return 0;
  }
  OutputFiles outputs;
  std::string error;
  if (failed(outputs.write(outputFile, text, error)) ||
      failed(outputs.commit(error)))
    return fail(error);
  return 0;
}

int printModule(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  os << "\n";
  return printText(text);
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // A file-size limit must end in a write error and a message, not in the
  // signal (or LLVM's crash handler for it): see OutputFiles.
  std::signal(SIGXFSZ, SIG_IGN);
  registerOptions();
  if (argc == 1) {
    llvm::errs() << kUsage;
    return 1;
  }
  cl::ParseCommandLineOptions(
      argc, argv,
      "nablac: compile a neural network model (ONNX or the nabla dialect) "
      "into a native executable, library or object\n");

  // Check everything the user can get wrong before compiling anything.
  if (inputFile.empty())
    return fail("no input model given\n" + Twine(kUsage));
  if (optLevel > 3)
    return fail("-O" + Twine(optLevel) + " is not an optimization level "
                "(use -O0, -O1, -O2 or -O3)");
  if (weights != "embedded" && weights != "external")
    return fail("--weights=" + weights + " is not 'embedded' or 'external'");
  bool isOnnx = llvm::sys::path::extension(inputFile) == ".onnx";
  bool producesBinary =
      emit == Emit::Exe || emit == Emit::Lib || emit == Emit::Obj;
  if (producesBinary && outputFile.empty())
    return fail("-o OUT is required for --emit=exe, lib and obj");
  std::string prefix =
      cName.empty()
          ? deriveCName(outputFile.empty() || outputFile == "-" ? inputFile
                                                                : outputFile,
                        emit == Emit::Lib)
                    : cName.getValue();
  if (!isCIdentifier(prefix))
    return fail("--name=" + prefix + " is not a C identifier");

  // Every file this command writes, checked now: a library's header or
  // weights that cannot be written must not cost a compilation first.
  SmallString<256> outputDir(llvm::sys::path::parent_path(outputFile));
  auto besideOutput = [&](StringRef name) {
    SmallString<256> path(outputDir);
    llvm::sys::path::append(path, name);
    return std::string(path);
  };
  std::string headerPath = besideOutput(prefix + ".h");
  std::string weightsFile = prefix + ".weights";
  std::string weightsPath = besideOutput(weightsFile);
  bool externalWeights = weights == "external";
  SmallVector<std::string> outputPaths;
  if (!outputFile.empty() && outputFile != "-")
    outputPaths.push_back(outputFile);
  if (emit == Emit::Lib || emit == Emit::Obj)
    outputPaths.push_back(headerPath);
  if (producesBinary && externalWeights)
    outputPaths.push_back(weightsPath);
  std::string error;
  for (const std::string &path : outputPaths)
    if (failed(checkWritable(path, error)))
      return fail(error);

  onnx_frontend::ImportOptions importOptions;
  for (StringRef pin : shapes) {
    auto [name, dimsText] = pin.rsplit('=');
    SmallVector<int64_t> dims;
    if (!pin.contains('=') || name.empty() ||
        !onnx_frontend::parseDims(dimsText, dims))
      return fail("--shape " + pin + ": expected NAME=D0xD1x... (e.g. "
                  "input=64x1x28x28)");
    importOptions.inputShapes.emplace_back(name.str(), dims);
  }

  TargetOptions targetOptions;
  targetOptions.cpu = targetCpu;
  targetOptions.features = targetFeatures;
  targetOptions.optLevel = optLevel;
  std::unique_ptr<llvm::TargetMachine> machine;
  if (emit == Emit::Llvm || emit == Emit::Asm || producesBinary) {
    machine = createTargetMachine(targetOptions, error);
    if (!machine)
      return fail(error);
  }

  // --mlir-timing covers every stage, not only the MLIR pipelines.
  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  TimingScope timing = timingManager.getRootScope();

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<NablaDialect, nabla_kernel::NablaKernelDialect>();
  MLIRContext context(registry);
  context.loadDialect<NablaDialect>();
  // Users see one message per problem, not an IR dump of the op.
  context.printOpOnDiagnostic(false);

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  {
    TimingScope importTiming = timing.nest(isOnnx ? "ONNX import" : "parse");
    if (isOnnx) {
      // The importer pins input shapes itself: ONNX's shape inference needs
      // them, and the module it returns is static.
      module =
          onnx_frontend::importOnnxFile(&context, inputFile, importOptions);
    } else {
      std::string inputError;
      auto input = openInputFile(inputFile, &inputError);
      if (!input)
        return fail(inputError);
      sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
      module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    }
  }
  if (!module)
    return 1;
  if (isOnnx && emit == Emit::Mlir)
    return printModule(*module);

  FailureOr<func::FuncOp> entry = selectEntryFunction(*module, entryName);
  if (failed(entry))
    return 1;
  std::string entrySymbol = entry->getSymName().str();

  InferencePipelineOptions options;
  if (!isOnnx)
    options.argShapes = shapes;
  options.entry = entrySymbol;
  options.optLevel = optLevel;
  // Weights leave the IR as one blob either way: in a file, or embedded as
  // one byte array (translating and optimizing them as LLVM constants cost
  // most of a large model's compile time and memory).
  options.externalWeights = true;
  options.reportFusion = reportFusion;
  options.kernels = useKernels;

  if (failed(runPipeline(*module, buildPrepareInferencePipeline, options,
                         timing, "prepare inference")))
    return 1;
  if (emit == Emit::Mlir)
    return printModule(*module);

  auto model = module->lookupSymbol<func::FuncOp>(entrySymbol);
  FailureOr<ModelSignature> signature = getModelSignature(model);
  if (failed(signature))
    return 1;

  if (failed(runPipeline(*module, buildFormKernelsPipeline, options, timing,
                         "fuse and form kernels")))
    return 1;
  if (emit == Emit::Kernels)
    return printModule(*module);
  if (failed(runPipeline(*module, buildLowerToLinalgPipeline, options, timing,
                         "lower to linalg")))
    return 1;
  if (emit == Emit::Linalg)
    return printModule(*module);
  if (failed(runPipeline(*module, buildBufferizePipeline, options, timing,
                         "bufferize")) ||
      failed(runPipeline(*module, buildLowerToLLVMPipeline, options, timing,
                         "lower to LLVM")))
    return 1;

  int64_t arenaBytes = 0;
  if (auto llvmFunc = module->lookupSymbol<LLVM::LLVMFuncOp>(entrySymbol))
    if (auto size = llvmFunc->getAttrOfType<IntegerAttr>(kArenaSizeAttr))
      arenaBytes = size.getInt();
  FailureOr<std::string> weightsBlob = getWeightsBlob(*module);
  if (failed(weightsBlob))
    return 1;

  ModelABIOptions abiOptions;
  abiOptions.prefix = prefix;
  abiOptions.kind = emit == Emit::Exe   ? ArtifactKind::Executable
                    : emit == Emit::Lib ? ArtifactKind::SharedLibrary
                                        : ArtifactKind::Object;
  if (externalWeights)
    abiOptions.weightsFile = weightsFile;
  else
    abiOptions.embeddedWeights = *weightsBlob;
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule;
  {
    TimingScope translateTiming = timing.nest("translate to LLVM IR");
    FailureOr<std::unique_ptr<llvm::Module>> translated = translateModel(
        *module, entrySymbol, *signature, abiOptions, llvmContext);
    if (failed(translated))
      return 1;
    llvmModule = std::move(*translated);
  }
  {
    TimingScope optimizeTiming = timing.nest("LLVM optimization");
    optimizeModule(*llvmModule, *machine, optLevel);
  }

  SmallVector<char, 0> code;
  if (emit != Emit::Llvm) {
    TimingScope codegenTiming = timing.nest("LLVM code generation");
    llvm::raw_svector_ostream os(code);
    if (failed(emitCode(*llvmModule, *machine, os,
                        /*assembly=*/emit == Emit::Asm)))
      return fail("the target cannot emit an object file or assembly");
  }
  StringRef codeText(code.data(), code.size());
  if (emit == Emit::Llvm) {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    return printText(text);
  }
  if (emit == Emit::Asm)
    return printText(codeText);

  // Every output goes to a temporary first; they are renamed into place
  // together at the end, and removed on any failure before.
  TimingScope writeTiming = timing.nest("link and write outputs");
  OutputFiles outputs;
  if (emit == Emit::Obj) {
    if (failed(outputs.write(outputFile, codeText, error)))
      return fail(error);
  } else {
    SmallString<128> object;
    SmallString<256> linked;
    LinkOptions linkOptions;
    linkOptions.runtimeDir = findRuntimeDir(argv[0]);
    if (failed(outputs.scratch("nablac-" + prefix, "o", codeText, object,
                               error)) ||
        failed(outputs.reserve(outputFile, linked, error)) ||
        failed(linkModel(object, linked, abiOptions.kind, linkOptions, error)))
      return fail(error);
  }
  if (emit == Emit::Lib || emit == Emit::Obj) {
    CHeaderOptions headerOptions;
    headerOptions.prefix = prefix;
    headerOptions.source = llvm::sys::path::filename(inputFile).str();
    headerOptions.arenaBytes = arenaBytes;
    headerOptions.weightsFile = abiOptions.weightsFile;
    headerOptions.weightsBytes = externalWeights ? weightsBlob->size() : 0;
    if (failed(outputs.write(headerPath,
                             generateCHeader(*signature, headerOptions),
                             error)))
      return fail(error);
  }
  if (externalWeights && failed(outputs.write(weightsPath, *weightsBlob, error)))
    return fail(error);
  if (failed(outputs.commit(error)))
    return fail(error);
  return 0;
}
