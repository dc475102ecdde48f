//===- nablac.cpp - The Nabla compiler driver -----------------------------===//
//
// nablac MODEL.mlir -o OUT: compiles a model in the nabla dialect into a
// native executable, shared library + C header, or object + C header, or
// stops at any stage (--emit=mlir|linalg|llvm|asm) so that each one can be
// inspected. The stages are the named pipelines of compiler/Pipelines; this
// file only parses options, runs them in order and writes files.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/CHeader.h"
#include "compiler/Target/Linker.h"
#include "compiler/Target/ModelEmitter.h"
#include "compiler/Target/ModelSignature.h"
#include "compiler/Transforms/Passes.h"
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

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
using namespace mlir::nabla;
namespace cl = llvm::cl;

namespace {
enum class Emit { Exe, Lib, Obj, Mlir, Linalg, Llvm, Asm };

cl::OptionCategory category("nablac options");

cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<model.mlir | model.onnx>"),
                               cl::Required, cl::cat(category));
cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                cl::value_desc("file"), cl::cat(category));
cl::opt<Emit> emit(
    "emit", cl::desc("What to produce"), cl::init(Emit::Exe),
    cl::values(
        clEnumValN(Emit::Exe, "exe", "a native executable (default)"),
        clEnumValN(Emit::Lib, "lib", "a shared library and a C header"),
        clEnumValN(Emit::Obj, "obj", "an object file and a C header"),
        clEnumValN(Emit::Mlir, "mlir",
                   "the nabla module: as imported for .onnx; shapes pinned "
                   "and parameters frozen for .mlir"),
        clEnumValN(Emit::Linalg, "linalg",
                   "the module lowered to linalg on tensors"),
        clEnumValN(Emit::Llvm, "llvm", "optimized LLVM IR"),
        clEnumValN(Emit::Asm, "asm", "target assembly")),
    cl::cat(category));
cl::opt<unsigned> optLevel("O", cl::desc("Optimization level (-O0 to -O3)"),
                           cl::Prefix, cl::init(2), cl::cat(category));
cl::list<std::string> shapes(
    "shape",
    cl::desc("Pin the dynamic dimensions of an input: NAME=2x3x4 (NAME is "
             "the input's name or index; repeatable)"),
    cl::value_desc("NAME=DIMS"), cl::cat(category));
cl::opt<std::string> entryName(
    "entry", cl::desc("The model function (default: the only public one)"),
    cl::value_desc("name"), cl::cat(category));
cl::opt<std::string> cName(
    "name",
    cl::desc("C identifier prefixing the library's symbols (default: from "
             "the output file name)"),
    cl::value_desc("identifier"), cl::cat(category));
cl::opt<std::string> targetCpu(
    "target-cpu", cl::desc("Target CPU (default: this machine's), e.g. "
                           "x86-64-v3, skylake-avx512"),
    cl::cat(category));
cl::opt<std::string> targetFeatures(
    "target-features",
    cl::desc("Target features, e.g. +avx2,-avx512f (default: the CPU's)"),
    cl::cat(category));
cl::opt<std::string> weights(
    "weights",
    cl::desc("Where constant weights live: 'embedded' in the binary "
             "(default) or 'external' in <name>.weights next to it"),
    cl::init("embedded"), cl::cat(category));
cl::opt<std::string> runtimeDir(
    "runtime-dir",
    cl::desc("Directory of libnabla_runtime.a (default: $NABLA_RUNTIME_DIR, "
             "else ../lib next to nablac)"),
    cl::cat(category));

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

/// Writes `contents` to `path` through a temporary file in the same
/// directory, so a failure never leaves a half-written file behind.
LogicalResult writeFileAtomically(StringRef path, StringRef contents,
                                  std::string &error) {
  SmallString<256> temp(path);
  temp += ".tmp%%%%%%";
  int fd;
  SmallString<256> tempPath;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(temp, fd, tempPath)) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    return failure();
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << contents;
    os.flush();
    if (os.has_error()) {
      error = "cannot write '" + path.str() + "': " + os.error().message();
      os.clear_error();
      llvm::sys::fs::remove(tempPath);
      return failure();
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tempPath, path)) {
    llvm::sys::fs::remove(tempPath);
    error = "cannot write '" + path.str() + "': " + ec.message();
    return failure();
  }
  return success();
}

/// Fails early, before any compilation, if `path` cannot be created.
LogicalResult checkWritable(StringRef path, std::string &error) {
  SmallString<256> directory(llvm::sys::path::parent_path(path));
  if (directory.empty())
    directory = ".";
  if (!llvm::sys::fs::is_directory(directory)) {
    error = "cannot write '" + path.str() + "': directory '" +
            directory.str().str() + "' does not exist";
    return failure();
  }
  if (llvm::sys::fs::access(directory, llvm::sys::fs::AccessMode::Write)) {
    error = "cannot write '" + path.str() + "': directory '" +
            directory.str().str() + "' is not writable";
    return failure();
  }
  if (llvm::sys::fs::is_directory(path)) {
    error = "cannot write '" + path.str() + "': it is a directory";
    return failure();
  }
  return success();
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
                          const InferencePipelineOptions &options) {
  PassManager pm(module->getContext());
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  build(pm, options);
  return pm.run(module);
}

int printModule(ModuleOp module) {
  std::string error;
  auto output = openOutputFile(outputFile.empty() ? std::string("-") : outputFile.getValue(), &error);
  if (!output)
    return fail(error);
  module.print(output->os());
  output->os() << "\n";
  output->keep();
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions({&category, &cl::getGeneralCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "nablac: compile a nabla model into a native executable or library\n\n"
      "  nablac MODEL.mlir|MODEL.onnx -o OUT [--emit=exe|lib|obj|mlir|linalg|llvm|asm]\n"
      "         [-O0..-O3] [--shape NAME=2x3x4] [--target-cpu CPU]\n"
      "         [--target-features +f,-g] [--weights=embedded|external]\n\n"
      "MLIR's IR printing options (--mlir-print-ir-after-all, ...) apply to\n"
      "every stage.\n");

  // Check everything the user can get wrong before compiling anything.
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
  std::string error;
  if (!outputFile.empty() && outputFile != "-" &&
      failed(checkWritable(outputFile, error)))
    return fail(error);
  std::string prefix =
      cName.empty()
          ? deriveCName(outputFile.empty() || outputFile == "-" ? inputFile
                                                                : outputFile,
                        emit == Emit::Lib)
                    : cName.getValue();
  if (!isCIdentifier(prefix))
    return fail("--name=" + prefix + " is not a C identifier");
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

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<NablaDialect>();
  MLIRContext context(registry);
  context.loadDialect<NablaDialect>();
  // Users see one message per problem, not an IR dump of the op.
  context.printOpOnDiagnostic(false);

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  if (isOnnx) {
    // The importer pins input shapes itself: ONNX's shape inference needs
    // them, and the module it returns is static.
    module = onnx_frontend::importOnnxFile(&context, inputFile, importOptions);
    if (!module)
      return 1;
    if (emit == Emit::Mlir)
      return printModule(*module);
  } else {
    std::string inputError;
    auto input = openInputFile(inputFile, &inputError);
    if (!input)
      return fail(inputError);
    sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    if (!module)
      return 1;
  }

  FailureOr<func::FuncOp> entry = selectEntryFunction(*module, entryName);
  if (failed(entry))
    return 1;
  std::string entrySymbol = entry->getSymName().str();

  InferencePipelineOptions options;
  if (!isOnnx)
    options.argShapes = shapes;
  options.entry = entrySymbol;
  options.optLevel = optLevel;
  options.externalWeights = weights == "external";

  if (failed(runPipeline(*module, buildPrepareInferencePipeline, options)))
    return 1;
  if (emit == Emit::Mlir)
    return printModule(*module);

  auto model = module->lookupSymbol<func::FuncOp>(entrySymbol);
  FailureOr<ModelSignature> signature = getModelSignature(model);
  if (failed(signature))
    return 1;

  if (failed(runPipeline(*module, buildLowerToLinalgPipeline, options)))
    return 1;
  if (emit == Emit::Linalg)
    return printModule(*module);
  if (failed(runPipeline(*module, buildBufferizePipeline, options)) ||
      failed(runPipeline(*module, buildLowerToLLVMPipeline, options)))
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
  if (options.externalWeights)
    abiOptions.weightsFile = prefix + ".weights";
  llvm::LLVMContext llvmContext;
  FailureOr<std::unique_ptr<llvm::Module>> llvmModule =
      translateModel(*module, entrySymbol, *signature, abiOptions, llvmContext);
  if (failed(llvmModule))
    return 1;
  optimizeModule(**llvmModule, *machine, optLevel);

  if (emit == Emit::Llvm || emit == Emit::Asm) {
    auto output =
        openOutputFile(outputFile.empty() ? std::string("-") : outputFile.getValue(), &error);
    if (!output)
      return fail(error);
    if (emit == Emit::Llvm)
      (*llvmModule)->print(output->os(), nullptr);
    else if (failed(emitCode(**llvmModule, *machine, output->os(),
                             /*assembly=*/true)))
      return fail("the target cannot emit assembly");
    output->keep();
    return 0;
  }

  SmallString<128> object;
  {
    SmallVector<char, 0> objectBytes;
    llvm::raw_svector_ostream os(objectBytes);
    if (failed(emitCode(**llvmModule, *machine, os, /*assembly=*/false)))
      return fail("the target cannot emit an object file");
    StringRef objectText(objectBytes.data(), objectBytes.size());
    if (emit == Emit::Obj) {
      object = outputFile;
      if (failed(writeFileAtomically(outputFile, objectText, error)))
        return fail(error);
    } else {
      if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
              "nablac-" + prefix, "o", object))
        return fail("cannot create a temporary object file: " + ec.message());
      if (failed(writeFileAtomically(object, objectText, error)))
        return fail(error);
    }
  }

  SmallString<256> outputDir(llvm::sys::path::parent_path(outputFile));
  auto besideOutput = [&](StringRef name) {
    SmallString<256> path(outputDir);
    llvm::sys::path::append(path, name);
    return std::string(path);
  };
  if (emit == Emit::Exe || emit == Emit::Lib) {
    // Link to a temporary name and rename, so a failed link leaves no
    // half-written binary at the output path.
    SmallString<256> linked(outputFile);
    linked += ".link-tmp";
    LinkOptions linkOptions;
    linkOptions.runtimeDir = findRuntimeDir(argv[0]);
    LogicalResult linkedOk =
        linkModel(object, linked, abiOptions.kind, linkOptions, error);
    llvm::sys::fs::remove(object);
    if (failed(linkedOk)) {
      llvm::sys::fs::remove(linked);
      return fail(error);
    }
    if (std::error_code ec = llvm::sys::fs::rename(linked, outputFile))
      return fail("cannot write '" + outputFile + "': " + ec.message());
  }
  if (emit == Emit::Lib || emit == Emit::Obj) {
    CHeaderOptions headerOptions;
    headerOptions.prefix = prefix;
    headerOptions.source = llvm::sys::path::filename(inputFile).str();
    headerOptions.arenaBytes = arenaBytes;
    headerOptions.weightsFile = abiOptions.weightsFile;
    headerOptions.weightsBytes = weightsBlob->size();
    if (failed(writeFileAtomically(besideOutput(prefix + ".h"),
                                   generateCHeader(*signature, headerOptions),
                                   error)))
      return fail(error);
  }
  if (options.externalWeights &&
      failed(writeFileAtomically(besideOutput(abiOptions.weightsFile),
                                 *weightsBlob, error)))
    return fail(error);
  return 0;
}
