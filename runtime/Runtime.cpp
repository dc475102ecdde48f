//===- Runtime.cpp - The runtime's C API over a NablaModelSpec ------------===//
//
// A NablaModel owns everything one running copy of a compiled model needs
// besides its inputs: the 64-byte-aligned arena, the library-owned output
// buffers (allocated on the first run that asks for them, so callers that
// bring their own buffers never pay for them), the memory-mapped external
// weights and the last error message. Every failure is a status code and a
// message; nothing here aborts, exits or lets an exception escape. A run
// fails also when the generated code reports an error in the data
// (RunErrors.h).
//
//===----------------------------------------------------------------------===//

#include "runtime/Runtime.h"

#include "runtime/DType.h"
#include "runtime/RunErrors.h"
#include "runtime/ThreadPool.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <new>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

using namespace nabla;

namespace {
constexpr size_t kAlignment = 64;

/// 64-byte-aligned memory of at least `bytes` bytes (never null for 0).
void *alignedAlloc(uint64_t bytes) {
  uint64_t rounded;
  if (__builtin_add_overflow(bytes ? bytes : 1, kAlignment - 1, &rounded))
    return nullptr;
  return std::aligned_alloc(kAlignment, rounded - rounded % kAlignment);
}

std::string tensorName(const char *kind, uint32_t index,
                       const NablaTensorSpec &tensor) {
  return std::string(kind) + " " + std::to_string(index) + " ('" +
         (tensor.name ? tensor.name : "") + "')";
}

/// Checks what the runtime relies on in a spec, so that a compiler bug is
/// reported here rather than as a crash inside generated code.
std::string checkTensors(const char *kind, const NablaTensorSpec *tensors,
                         uint32_t count) {
  if (count && !tensors)
    return std::string("the spec lists ") + std::to_string(count) + " " + kind +
           "s but no " + kind + " table";
  for (uint32_t i = 0; i < count; ++i) {
    const NablaTensorSpec &tensor = tensors[i];
    const DTypeInfo *info = lookupDType(tensor.dtype);
    if (!info)
      return tensorName(kind, i, tensor) + " has unknown dtype " +
             std::to_string(tensor.dtype);
    if (tensor.rank < 0 || (tensor.rank > 0 && !tensor.shape))
      return tensorName(kind, i, tensor) + " has a bad rank or no shape";
    uint64_t bytes = info->size;
    for (int32_t d = 0; d < tensor.rank; ++d)
      if (tensor.shape[d] < 0 ||
          __builtin_mul_overflow(bytes, (uint64_t)tensor.shape[d], &bytes))
        return tensorName(kind, i, tensor) + " has a bad shape";
    if (bytes != tensor.num_bytes)
      return tensorName(kind, i, tensor) + " declares " +
             std::to_string(tensor.num_bytes) + " bytes, its shape needs " +
             std::to_string(bytes);
  }
  return "";
}

std::string checkSpec(const NablaModelSpec *spec) {
  if (!spec)
    return "the model spec is NULL";
  if (spec->abi_version != NABLA_ABI_VERSION)
    return "the model was compiled for runtime ABI version " +
           std::to_string(spec->abi_version) + ", this runtime implements " +
           std::to_string(NABLA_ABI_VERSION) +
           " (recompile the model with this nablac)";
  if (!spec->entry)
    return "the model spec has no entry function";
  if (!spec->weights_file && spec->weights_bytes)
    return "the model spec declares " + std::to_string(spec->weights_bytes) +
           " bytes of external weights but no weights file";
  std::string problem = checkTensors("input", spec->inputs, spec->num_inputs);
  if (problem.empty())
    problem = checkTensors("output", spec->outputs, spec->num_outputs);
  return problem;
}

std::string directoryOf(const std::string &path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

/// Where spec->weights_file lives by default: beside the binary that holds
/// `spec`, so that a model and its weights can be moved together. dladdr
/// names a shared library as it was loaded (maybe relative to the working
/// directory, maybe a symlink), so the name is resolved; for the main
/// program it gives argv[0], which need not be a path, so that case uses
/// /proc/self/exe (resolved too).
std::string defaultWeightsPath(const NablaModelSpec *spec) {
  std::string file = spec->weights_file;
  if (!file.empty() && file[0] == '/')
    return file;
  Dl_info info;
  struct link_map *map = nullptr;
  std::string binary;
  if (dladdr1(spec, &info, reinterpret_cast<void **>(&map), RTLD_DL_LINKMAP) &&
      map && map->l_name && map->l_name[0]) {
    char *resolved = realpath(map->l_name, nullptr);
    binary = resolved ? resolved : map->l_name;
    std::free(resolved);
  }
  if (binary.empty()) {
    char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (length > 0)
      binary.assign(path, length);
  }
  if (binary.empty())
    return file;
  return directoryOf(binary) + "/" + file;
}
} // namespace

struct NablaModel {
  const NablaModelSpec *spec = nullptr;
  void *arena = nullptr;
  void *weights = nullptr; // mmap'ed, weightsBytes long
  size_t weightsBytes = 0;
  std::vector<void *> ownedOutputs; // empty until a run asks for them
  std::vector<void *> buffers;      // inputs, outputs, arena, weights
  std::unique_ptr<nabla::ThreadPool> pool; // null: run serially
  bool threadsChosen = false; // else the first run uses every CPU
  std::string error;

  ~NablaModel() {
    std::free(arena);
    for (void *output : ownedOutputs)
      std::free(output);
    if (weights)
      munmap(weights, weightsBytes);
  }

  int fail(int status, std::string message) {
    error = std::move(message);
    return status;
  }

  /// Maps the external weights read-only: pages are loaded on first touch
  /// and shared by every instance and process using the same file.
  int mapWeights(const char *weightsPath) {
    std::string path =
        weightsPath ? std::string(weightsPath) : defaultWeightsPath(spec);
    std::string expected =
        "expected " + std::to_string(spec->weights_bytes) + " bytes";
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return fail(NABLA_ERROR_WEIGHTS, "cannot open the external weights '" +
                                           path + "': " + std::strerror(errno) +
                                           " (" + expected + ")");
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd);
      return fail(NABLA_ERROR_WEIGHTS, "the external weights '" + path +
                                           "' are not a regular file (" +
                                           expected + ")");
    }
    if ((uint64_t)info.st_size != spec->weights_bytes) {
      ::close(fd);
      return fail(NABLA_ERROR_WEIGHTS,
                  "the external weights '" + path + "' have " +
                      std::to_string(info.st_size) + " bytes, " + expected +
                      " (is the file from another build of the model?)");
    }
    if (spec->weights_bytes) {
      void *mapped =
          mmap(nullptr, spec->weights_bytes, PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped == MAP_FAILED) {
        int savedErrno = errno;
        ::close(fd);
        return fail(NABLA_ERROR_WEIGHTS, "cannot map the external weights '" +
                                             path +
                                             "': " + std::strerror(savedErrno));
      }
      weights = mapped;
      weightsBytes = spec->weights_bytes;
    }
    ::close(fd);
    return NABLA_OK;
  }

  int create(const char *weightsPath) {
    std::string problem = checkSpec(spec);
    if (!problem.empty())
      return fail(NABLA_ERROR_INVALID_ARGUMENT, problem);
    // Ignoring the path would run the embedded weights while the caller
    // believes it loaded others.
    if (!spec->weights_file && weightsPath)
      return fail(NABLA_ERROR_INVALID_ARGUMENT,
                  std::string("the model embeds its weights and reads no "
                              "weights file: weights_path must be NULL, "
                              "not '") +
                      weightsPath + "'");
    if (spec->arena_bytes && !(arena = alignedAlloc(spec->arena_bytes)))
      return fail(NABLA_ERROR_OUT_OF_MEMORY,
                  "cannot allocate the arena of " +
                      std::to_string(spec->arena_bytes) + " bytes");
    if (spec->weights_file) {
      if (int status = mapWeights(weightsPath))
        return status;
    }
    buffers.assign(spec->num_inputs + spec->num_outputs + 2, nullptr);
    return NABLA_OK;
  }

  int setThreads(int32_t threads) {
    if (threads < 0)
      return fail(NABLA_ERROR_INVALID_ARGUMENT,
                  "nabla_model_set_threads: " + std::to_string(threads) +
                      " threads (give 1 or more, or 0 for every CPU)");
    // More threads than CPUs would only take turns on them.
    int32_t cpus = nabla_available_cpus();
    if (threads == 0 || threads > cpus)
      threads = cpus;
    threadsChosen = true;
    if (pool ? pool->size() == threads : threads == 1)
      return NABLA_OK;
    pool.reset();
    try {
      if (threads > 1)
        pool = std::make_unique<nabla::ThreadPool>(threads);
    } catch (const std::system_error &e) {
      return fail(NABLA_ERROR_OUT_OF_MEMORY,
                  "cannot start " + std::to_string(threads - 1) +
                      " worker threads: " + e.what());
    }
    return NABLA_OK;
  }

  /// A null buffer is accepted only where there is nothing to read or write.
  int checkBuffers(const char *kind, const void *const *pointers,
                   const NablaTensorSpec *tensors, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i)
      if (!pointers[i] && tensors[i].num_bytes)
        return fail(NABLA_ERROR_INVALID_ARGUMENT,
                    tensorName(kind, i, tensors[i]) + " is NULL");
    return NABLA_OK;
  }

  int run(const void *const *inputs, void *const *outputs) {
    uint32_t numInputs = spec->num_inputs, numOutputs = spec->num_outputs;
    if (numInputs && !inputs)
      return fail(NABLA_ERROR_INVALID_ARGUMENT,
                  "nabla_model_run: inputs is NULL, the model takes " +
                      std::to_string(numInputs));
    if (int status = checkBuffers("input", inputs, spec->inputs, numInputs))
      return status;
    if (outputs) {
      if (int status =
              checkBuffers("output", outputs, spec->outputs, numOutputs))
        return status;
    } else if (ownedOutputs.empty() && numOutputs) {
      ownedOutputs.assign(numOutputs, nullptr);
      for (uint32_t i = 0; i < numOutputs; ++i)
        if (!(ownedOutputs[i] = alignedAlloc(spec->outputs[i].num_bytes)))
          return fail(
              NABLA_ERROR_OUT_OF_MEMORY,
              "cannot allocate " + std::to_string(spec->outputs[i].num_bytes) +
                  " bytes for " + tensorName("output", i, spec->outputs[i]));
    }
    for (uint32_t i = 0; i < numInputs; ++i)
      buffers[i] = const_cast<void *>(inputs[i]);
    for (uint32_t i = 0; i < numOutputs; ++i)
      buffers[numInputs + i] = outputs ? outputs[i] : ownedOutputs[i];
    buffers[numInputs + numOutputs] = arena;
    buffers[numInputs + numOutputs + 1] = weights;
    if (!threadsChosen)
      if (int status = setThreads(0))
        return status;
    RunErrors errors;
    {
      RunScope errorScope(&errors);
      nabla::CurrentPoolScope poolScope(pool.get());
      spec->entry(buffers.data());
    }
    if (int status = errors.status())
      return fail(status, errors.message());
    return NABLA_OK;
  }
};

int nabla_model_create(const NablaModelSpec *spec, const char *weights_path,
                       NablaModel **out, char *error, size_t error_size) {
  if (error && error_size)
    error[0] = '\0';
  if (!out) {
    if (error && error_size)
      std::snprintf(error, error_size, "nabla_model_create: out is NULL");
    return NABLA_ERROR_INVALID_ARGUMENT;
  }
  *out = nullptr;
  NablaModel *model = new (std::nothrow) NablaModel;
  int status = NABLA_ERROR_OUT_OF_MEMORY;
  std::string message = "cannot allocate a model instance";
  if (model) {
    model->spec = spec;
    try {
      status = model->create(weights_path);
      message = model->error;
    } catch (const std::bad_alloc &) {
      status = NABLA_ERROR_OUT_OF_MEMORY;
      message = "out of memory while creating the model instance";
    }
  }
  if (status == NABLA_OK) {
    *out = model;
    return status;
  }
  delete model;
  if (error && error_size)
    std::snprintf(error, error_size, "%s", message.c_str());
  return status;
}

int nabla_model_run(NablaModel *model, const void *const *inputs,
                    void *const *outputs) {
  if (!model)
    return NABLA_ERROR_INVALID_ARGUMENT;
  try {
    return model->run(inputs, outputs);
  } catch (const std::bad_alloc &) {
    return model->fail(NABLA_ERROR_OUT_OF_MEMORY,
                       "out of memory in nabla_model_run");
  }
}

int nabla_model_set_threads(NablaModel *model, int32_t threads) {
  if (!model)
    return NABLA_ERROR_INVALID_ARGUMENT;
  try {
    return model->setThreads(threads);
  } catch (const std::bad_alloc &) {
    return model->fail(NABLA_ERROR_OUT_OF_MEMORY,
                       "out of memory in nabla_model_set_threads");
  }
}

const void *nabla_model_output(const NablaModel *model, uint32_t index) {
  if (!model || index >= model->ownedOutputs.size())
    return nullptr;
  return model->ownedOutputs[index];
}

const NablaModelSpec *nabla_model_spec(const NablaModel *model) {
  return model ? model->spec : nullptr;
}

const char *nabla_model_error(const NablaModel *model) {
  return model ? model->error.c_str() : "no model (NULL)";
}

void nabla_model_destroy(NablaModel *model) { delete model; }

const char *nabla_status_string(int status) {
  switch (status) {
  case NABLA_OK:
    return "ok";
  case NABLA_ERROR_INVALID_ARGUMENT:
    return "invalid argument";
  case NABLA_ERROR_OUT_OF_MEMORY:
    return "out of memory";
  case NABLA_ERROR_IO:
    return "I/O error";
  case NABLA_ERROR_WEIGHTS:
    return "bad external weights";
  case NABLA_ERROR_INDEX_OUT_OF_RANGE:
    return "index out of range";
  default:
    return "unknown status";
  }
}

size_t nabla_dtype_size(int32_t dtype) {
  const DTypeInfo *info = lookupDType(dtype);
  return info ? info->size : 0;
}

const char *nabla_dtype_numpy_descr(int32_t dtype) {
  const DTypeInfo *info = lookupDType(dtype);
  return info ? info->descr : nullptr;
}
