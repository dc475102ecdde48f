//===- ExecutableMain.cpp - main() of every executable nablac produces ----===//
//
//   MODEL [--threads N] [--bench N] INPUT.npy ... [-o OUTDIR]
//
// Reads one .npy file per model input, in the model's input order (options
// may come anywhere; "--" ends them), runs the model and writes output i to
// OUTDIR/<file name i>. The compiled object defines `nabla_main_model`; this
// file knows nothing else about the model. The contract, which tests and
// benchmarks rely on:
//
// - An input must have exactly the dtype and shape of the compiled
//   signature; there is no conversion. bfloat16 tensors, which have no NumPy
//   dtype, are read and written as uint16 bit patterns.
// - Output file names: the output's name with every character outside
//   [A-Za-z0-9_.-] replaced by '_' (cut to 200 characters; an empty name
//   becomes "output<i>"), plus ".npy". When outputs map to the same name,
//   the first keeps it and each later one gets "_<k>" appended, with the
//   smallest k >= 1 no other output uses: outputs "y:0", "y/0" are written
//   to y_0.npy and y_0_1.npy. --help lists every output's file.
// - OUTDIR defaults to the current directory and is created, with its
//   parents, if missing. Files are replaced atomically.
// - --bench N (1 <= N <= 1000000): min(N, 3) warm-up runs, then N timed runs
//   (std::chrono::steady_clock, model run only); prints exactly
//     latency_ms: median=<ms> min=<ms>
//     peak_rss_mb: <getrusage ru_maxrss in MiB>
//   on stdout after the outputs are written. Without --bench a successful
//   run prints nothing on stdout; diagnostics always go to stderr.
// - --threads N (1 <= N <= 1000000): the threads a run uses (default: every
//   CPU the process may run on). Outputs are the same bits for any N.
//
// Exit codes:
//   0  success (and --help)
//   1  usage, input or output-directory error: unknown option or bad value,
//      wrong number of inputs, an unreadable or malformed .npy file, a dtype
//      or shape that differs from the model's, an output directory that
//      cannot be created or is not writable
//   2  runtime failure: the model cannot be instantiated (ABI mismatch,
//      external weights missing or of the wrong size, out of memory) or run
//      (an index out of range in the data: the message names the op, the
//      index and its valid range), or an output file cannot be written. A
//      failed run writes no output file.
//
//===----------------------------------------------------------------------===//

#include "runtime/DType.h"
#include "runtime/Npy.h"
#include "runtime/Runtime.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

extern "C" const NablaModelSpec *const nabla_main_model;

using namespace nabla;

namespace {

enum ExitCode { kExitOk = 0, kExitUsage = 1, kExitRuntime = 2 };
constexpr long kMaxCount = 1000000;
constexpr size_t kMaxStem = 200;

const char *programName = "model";

void printError(const std::string &message) {
  std::fprintf(stderr, "%s: error: %s\n", programName, message.c_str());
}

struct Options {
  std::vector<std::string> inputs;
  std::string outDir = ".";
  long threads = 0; // 0: every CPU the process may run on.
  long bench = 0;   // Timed runs; 0 runs the model once, untimed.
  bool help = false;
};

bool parseCount(const std::string &text, long &value) {
  if (text.empty() || !std::isdigit((unsigned char)text[0]))
    return false;
  errno = 0;
  char *end;
  value = std::strtol(text.c_str(), &end, 10);
  return errno == 0 && *end == '\0' && value >= 1 && value <= kMaxCount;
}

bool parseArguments(int argc, char **argv, Options &options,
                    std::string &error) {
  bool onlyInputs = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (onlyInputs || arg.size() < 2 || arg[0] != '-') {
      options.inputs.push_back(arg);
      continue;
    }
    if (arg == "--") {
      onlyInputs = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      continue;
    }
    // The options with a value: "-o DIR", "-oDIR", "--output[=]DIR",
    // "--threads[=]N", "--bench[=]N".
    std::string name = arg, value;
    bool hasValue = false;
    size_t equals = arg.find('=');
    if (arg.compare(0, 2, "--") == 0 && equals != std::string::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
      hasValue = true;
    } else if (arg.compare(0, 2, "-o") == 0 && arg.size() > 2) {
      name = "-o";
      value = arg.substr(2);
      hasValue = true;
    }
    if (name != "-o" && name != "--output" && name != "--threads" &&
        name != "--bench") {
      error = "unknown option '" + arg + "'";
      return false;
    }
    if (!hasValue) {
      if (i + 1 >= argc) {
        error = "option '" + name + "' needs a value";
        return false;
      }
      value = argv[++i];
    }
    if (name == "-o" || name == "--output") {
      if (value.empty()) {
        error = "option '" + name + "' needs a directory";
        return false;
      }
      options.outDir = value;
      continue;
    }
    long count;
    if (!parseCount(value, count)) {
      error = "option '" + name + "' needs an integer from 1 to " +
              std::to_string(kMaxCount) + ", got '" + value + "'";
      return false;
    }
    (name == "--threads" ? options.threads : options.bench) = count;
  }
  // "dir/" and "dir" name the same directory; keep messages and paths tidy.
  while (options.outDir.size() > 1 && options.outDir.back() == '/')
    options.outDir.pop_back();
  return true;
}

/// The dtype of the .npy file that carries a tensor of `dtype`.
int32_t fileDType(int32_t dtype) {
  return dtype == NABLA_DTYPE_BF16 ? NABLA_DTYPE_U16 : dtype;
}

std::string describe(const NablaTensorSpec &tensor) {
  return std::string(dtypeName(tensor.dtype)) + " " +
         formatShape(tensor.shape, tensor.rank);
}

std::string nameOf(const NablaTensorSpec &tensor) {
  return tensor.name ? tensor.name : "";
}

std::vector<std::string> outputFileNames(const NablaModelSpec &spec) {
  std::vector<std::string> stems;
  for (uint32_t i = 0; i < spec.num_outputs; ++i) {
    std::string stem = nameOf(spec.outputs[i]).substr(0, kMaxStem);
    for (char &c : stem)
      if (!std::isalnum((unsigned char)c) && !std::strchr("_.-", c))
        c = '_';
    stems.push_back(stem.empty() ? "output" + std::to_string(i) : stem);
  }
  // Every first occurrence keeps its name before any suffix is chosen, so a
  // suffixed name never takes the plain name of a later output.
  std::set<std::string> taken;
  std::vector<bool> keeps;
  for (const std::string &stem : stems)
    keeps.push_back(taken.insert(stem).second);
  for (size_t i = 0; i < stems.size(); ++i) {
    for (long k = 1; !keeps[i]; ++k)
      if (taken.insert(stems[i] + "_" + std::to_string(k)).second) {
        stems[i] += "_" + std::to_string(k);
        keeps[i] = true;
      }
    stems[i] += ".npy";
  }
  return stems;
}

void printUsage(const NablaModelSpec &spec) {
  std::printf("Usage: %s [--threads N] [--bench N] INPUT.npy ... [-o OUTDIR]\n"
              "\nRuns the model '%s' compiled by nablac on one .npy file per "
              "input and writes\neach output to OUTDIR/<file>.\n",
              programName, spec.name ? spec.name : "");
  std::printf("\nInputs, in order (dtype and shape must match exactly):\n");
  for (uint32_t i = 0; i < spec.num_inputs; ++i)
    std::printf("  %u  %s: %s\n", i, nameOf(spec.inputs[i]).c_str(),
                describe(spec.inputs[i]).c_str());
  std::printf("Outputs:\n");
  std::vector<std::string> files = outputFileNames(spec);
  for (uint32_t i = 0; i < spec.num_outputs; ++i)
    std::printf("  %u  %s: %s -> %s\n", i, nameOf(spec.outputs[i]).c_str(),
                describe(spec.outputs[i]).c_str(), files[i].c_str());
  std::printf(
      "\nOptions:\n"
      "  -o, --output DIR  directory for the outputs (default: the current "
      "directory;\n"
      "                    created if missing)\n"
      "  --bench N         %s\n"
      "  --threads N       number of threads, N >= 1 (default and most: "
      "every CPU this\n"
      "                    process may run on); outputs do not depend on it\n"
      "  -h, --help        print this help\n"
      "\nOutput files are named after the outputs, characters outside "
      "[A-Za-z0-9_.-]\nreplaced by '_'; a repeated name gets _1, _2, ... "
      "bfloat16 tensors are read and\nwritten as uint16 bit patterns.\n"
      "\nExit codes: 0 success; 1 usage, input or output-directory error; 2 "
      "the model\ncannot be instantiated or run (an index out of range in the "
      "data, say), or an\noutput cannot be written.\n",
      "run min(N, 3) warm-up iterations, then N timed ones, and print\n"
      "                    'latency_ms: median=<ms> min=<ms>' and "
      "'peak_rss_mb: <MiB>'");
}

/// Reads every input and checks it against the signature; reports all bad
/// inputs, not just the first.
bool loadInputs(const NablaModelSpec &spec, const Options &options,
                std::vector<NpyArray> &arrays) {
  bool ok = true;
  arrays.resize(spec.num_inputs);
  for (uint32_t i = 0; i < spec.num_inputs; ++i) {
    const NablaTensorSpec &tensor = spec.inputs[i];
    const std::string &file = options.inputs[i];
    std::string input =
        "input " + std::to_string(i) + " ('" + nameOf(tensor) + "')";
    std::string error;
    if (!readNpy(file, arrays[i], error)) {
      printError(input + ": " + error);
      ok = false;
      continue;
    }
    const NpyArray &array = arrays[i];
    bool dtypeOk = array.dtype() == fileDType(tensor.dtype);
    bool shapeOk =
        array.shape() ==
        std::vector<int64_t>(tensor.shape, tensor.shape + tensor.rank);
    if (dtypeOk && shapeOk)
      continue;
    const char *what = !dtypeOk && !shapeOk ? "wrong dtype and shape"
                       : !dtypeOk           ? "wrong dtype"
                                            : "wrong shape";
    printError(input + " from '" + file +
               "' does not match the model: expected " + describe(tensor) +
               ", got " + dtypeName(array.dtype()) + " " +
               formatShape(array.shape().data(), array.shape().size()) + " (" +
               what + ")");
    ok = false;
  }
  return ok;
}

/// mkdir -p, then checks that the result is a directory we can write into.
bool makeOutputDirectory(const std::string &path, std::string &error) {
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    std::string prefix = path.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST) {
      error = "cannot create the output directory '" + path +
              "': " + std::strerror(errno);
      return false;
    }
    if (slash == std::string::npos)
      break;
  }
  struct stat info;
  if (::stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    error = "the output directory '" + path + "' is not a directory";
    return false;
  }
  if (::access(path.c_str(), W_OK | X_OK) != 0) {
    error = "the output directory '" + path +
            "' is not writable: " + std::strerror(errno);
    return false;
  }
  return true;
}

struct ModelDeleter {
  void operator()(NablaModel *model) const { nabla_model_destroy(model); }
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

int main(int argc, char **argv) {
  if (argc > 0 && argv[0] && argv[0][0]) {
    const char *slash = std::strrchr(argv[0], '/');
    programName = slash ? slash + 1 : argv[0];
  }
  const NablaModelSpec *spec = nabla_main_model;
  if (!spec) {
    printError("the executable defines no model (nabla_main_model is NULL)");
    return kExitRuntime;
  }
  if (spec->abi_version != NABLA_ABI_VERSION) {
    printError("the model was compiled for runtime ABI version " +
               std::to_string(spec->abi_version) +
               ", this runtime implements " +
               std::to_string(NABLA_ABI_VERSION));
    return kExitRuntime;
  }

  Options options;
  std::string error;
  if (!parseArguments(argc, argv, options, error)) {
    printError(error + " (run '" + programName + " --help' for usage)");
    return kExitUsage;
  }
  if (options.help) {
    printUsage(*spec);
    return kExitOk;
  }
  if (options.inputs.size() != spec->num_inputs) {
    std::string expected;
    for (uint32_t i = 0; i < spec->num_inputs; ++i)
      expected += std::string(i ? ", " : "") + nameOf(spec->inputs[i]) + ": " +
                  describe(spec->inputs[i]);
    printError("the model takes " + std::to_string(spec->num_inputs) +
               " input" + (spec->num_inputs == 1 ? "" : "s") + " (" + expected +
               "), got " + std::to_string(options.inputs.size()) + " (run '" +
               programName + " --help' for usage)");
    return kExitUsage;
  }

  std::vector<NpyArray> arrays;
  if (!loadInputs(*spec, options, arrays))
    return kExitUsage;
  NablaModel *created = nullptr;
  char message[1024];
  if (nabla_model_create(spec, nullptr, &created, message, sizeof(message)) !=
      NABLA_OK) {
    printError(std::string("cannot instantiate the model: ") + message);
    return kExitRuntime;
  }
  std::unique_ptr<NablaModel, ModelDeleter> model(created);
  if (nabla_model_set_threads(model.get(),
                              static_cast<int32_t>(options.threads)) !=
      NABLA_OK) {
    printError(std::string("cannot instantiate the model: ") +
               nabla_model_error(model.get()));
    return kExitRuntime;
  }
  // Only now, so that a run refused for its inputs or weights leaves no
  // directory behind.
  if (!makeOutputDirectory(options.outDir, error)) {
    printError(error);
    return kExitUsage;
  }
  std::vector<const void *> inputs;
  for (const NpyArray &array : arrays)
    inputs.push_back(array.data());
  auto runOnce = [&] {
    if (nabla_model_run(model.get(), inputs.data(), nullptr) == NABLA_OK)
      return true;
    printError(std::string("the model failed to run: ") +
               nabla_model_error(model.get()));
    return false;
  };

  std::vector<double> latencies;
  long warmups = options.bench ? std::min(options.bench, 3L) : 0;
  for (long i = 0; i < warmups; ++i)
    if (!runOnce())
      return kExitRuntime;
  for (long i = 0; i < std::max(options.bench, 1L); ++i) {
    auto start = std::chrono::steady_clock::now();
    if (!runOnce())
      return kExitRuntime;
    std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - start;
    latencies.push_back(elapsed.count());
  }

  // All outputs or none: a failure at a later one must not leave the
  // earlier ones looking like the results of this run.
  std::vector<std::string> files = outputFileNames(*spec);
  StagedFiles staged;
  for (uint32_t i = 0; i < spec->num_outputs; ++i) {
    const NablaTensorSpec &tensor = spec->outputs[i];
    if (!stageNpy(staged, options.outDir + "/" + files[i],
                  fileDType(tensor.dtype), tensor.shape, tensor.rank,
                  nabla_model_output(model.get(), i), error)) {
      printError("output " + std::to_string(i) + " ('" + nameOf(tensor) +
                 "'): " + error);
      return kExitRuntime;
    }
  }
  if (!staged.commit(error)) {
    printError(error);
    return kExitRuntime;
  }

  if (options.bench) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    std::printf("latency_ms: median=%.6f min=%.6f\n", median(latencies),
                *std::min_element(latencies.begin(), latencies.end()));
    std::printf("peak_rss_mb: %.1f\n", usage.ru_maxrss / 1024.0);
  }
  return kExitOk;
}
