//===- RuntimeTest.cpp - The C API over a NablaModelSpec
//-------------------===//
//
// Drives the hand-written models of FakeModel.c through create/run/output/
// destroy: library-owned and caller-provided outputs, bad arguments, and
// external weights given by path, found beside the binary, missing or of
// the wrong size; and a model here whose entry reports index errors, from
// its own thread and from a worker thread as a thread pool would.
//
//===----------------------------------------------------------------------===//

#include "runtime/RunErrors.h"
#include "runtime/Runtime.h"
#include "test/Unit/Runtime/TestFiles.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

extern "C" const NablaModelSpec nabla_fake_model;
extern "C" const NablaModelSpec nabla_fake_weights_model;

using namespace nabla::test;

namespace {

struct ModelInputs {
  float a[6] = {1, -2, 3.5f, 0, 10, -7};
  float b[6] = {0.5f, 4, -1, 0, 10, 8};
  int64_t k = -21;
  const void *pointers[3] = {a, b, &k};
};

/// Checks the outputs against the fake model's definition.
void expectOutputs(const ModelInputs &in, const void *const outputs[4],
                   const float *weights = nullptr) {
  auto sum = static_cast<const float *>(outputs[0]);
  auto product = static_cast<const float *>(outputs[1]);
  auto twice = static_cast<const int64_t *>(outputs[2]);
  auto greater = static_cast<const uint8_t *>(outputs[3]);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(sum[i], in.a[i] + in.b[i] + (weights ? weights[i] : 0)) << i;
    EXPECT_EQ(product[i], in.a[i] * in.b[i]) << i;
    EXPECT_EQ(greater[i], in.a[i] > in.b[i]) << i;
  }
  EXPECT_EQ(*twice, 2 * in.k);
}

/// Runs `model` into its library-owned outputs and checks them.
void runAndCheck(NablaModel *model, const float *weights) {
  ModelInputs in;
  ASSERT_EQ(nabla_model_run(model, in.pointers, nullptr), NABLA_OK)
      << nabla_model_error(model);
  const void *outputs[4];
  for (uint32_t i = 0; i < 4; ++i)
    outputs[i] = nabla_model_output(model, i);
  expectOutputs(in, outputs, weights);
}

/// The bytes of six float32 weights, as a weights file holds them.
std::string weightsFile(const float (&weights)[6]) {
  return std::string(reinterpret_cast<const char *>(weights), sizeof(weights));
}

/// create(), returning the status and, through `message`, the error text.
int create(const NablaModelSpec *spec, const char *weightsPath,
           NablaModel **model, std::string &message) {
  char error[512];
  std::memset(error, 'x', sizeof(error));
  int status =
      nabla_model_create(spec, weightsPath, model, error, sizeof(error));
  message = error;
  return status;
}

TEST(Runtime, RunsWithLibraryOwnedOutputs) {
  NablaModel *model = nullptr;
  std::string error;
  ASSERT_EQ(create(&nabla_fake_model, nullptr, &model, error), NABLA_OK)
      << error;
  EXPECT_EQ(error, "");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(nabla_model_spec(model), &nabla_fake_model);
  EXPECT_EQ(nabla_model_output(model, 0), nullptr); // nothing run yet

  ModelInputs in;
  ASSERT_EQ(nabla_model_run(model, in.pointers, nullptr), NABLA_OK);
  const void *outputs[4];
  for (uint32_t i = 0; i < 4; ++i) {
    outputs[i] = nabla_model_output(model, i);
    ASSERT_NE(outputs[i], nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(outputs[i]) % 64, 0u);
  }
  EXPECT_EQ(nabla_model_output(model, 4), nullptr);
  expectOutputs(in, outputs); // also: the arena was 64-byte aligned

  // A second run reuses the same buffers with the new results.
  in.a[0] = 100;
  in.k = 5;
  ASSERT_EQ(nabla_model_run(model, in.pointers, nullptr), NABLA_OK);
  for (uint32_t i = 0; i < 4; ++i)
    EXPECT_EQ(nabla_model_output(model, i), outputs[i]);
  expectOutputs(in, outputs);
  EXPECT_STREQ(nabla_model_error(model), "");
  nabla_model_destroy(model);
}

TEST(Runtime, RunsWithCallerProvidedOutputs) {
  NablaModel *model = nullptr;
  std::string error;
  ASSERT_EQ(create(&nabla_fake_model, nullptr, &model, error), NABLA_OK);
  ModelInputs in;
  float sum[6], product[6];
  int64_t twice;
  uint8_t greater[6];
  void *const outputs[4] = {sum, product, &twice, greater};
  ASSERT_EQ(nabla_model_run(model, in.pointers, outputs), NABLA_OK);
  const void *const results[4] = {sum, product, &twice, greater};
  expectOutputs(in, results);
  EXPECT_EQ(nabla_model_output(model, 0), nullptr); // none allocated
  nabla_model_destroy(model);
}

TEST(Runtime, RefusesBadArguments) {
  NablaModel *model = reinterpret_cast<NablaModel *>(1);
  std::string error;
  EXPECT_EQ(create(nullptr, nullptr, &model, error),
            NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(error, "the model spec is NULL");
  EXPECT_EQ(nabla_model_create(&nabla_fake_model, nullptr, nullptr, nullptr, 0),
            NABLA_ERROR_INVALID_ARGUMENT);

  NablaModelSpec future = nabla_fake_model;
  future.abi_version = 99;
  EXPECT_EQ(create(&future, nullptr, &model, error),
            NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(error.find("compiled for runtime ABI version 99"),
            std::string::npos)
      << error;

  NablaTensorSpec inputs[3];
  std::memcpy(inputs, nabla_fake_model.inputs, sizeof(inputs));
  inputs[1].num_bytes = 12;
  NablaModelSpec inconsistent = nabla_fake_model;
  inconsistent.inputs = inputs;
  EXPECT_EQ(create(&inconsistent, nullptr, &model, error),
            NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(error, "input 1 ('b') declares 12 bytes, its shape needs 24");

  // A model with embedded weights refuses a weights file rather than ignore
  // it.
  EXPECT_EQ(create(&nabla_fake_model, "other.weights", &model, error),
            NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(error, "the model embeds its weights and reads no weights file: "
                   "weights_path must be NULL, not 'other.weights'");

  // The message is cut to the caller's buffer, NUL-terminated.
  char small[8];
  nabla_model_create(nullptr, nullptr, &model, small, sizeof(small));
  EXPECT_STREQ(small, "the mod");

  ASSERT_EQ(create(&nabla_fake_model, nullptr, &model, error), NABLA_OK);
  ModelInputs in;
  EXPECT_EQ(nabla_model_run(nullptr, in.pointers, nullptr),
            NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(nabla_model_run(model, nullptr, nullptr),
            NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(nabla_model_error(model),
               "nabla_model_run: inputs is NULL, the model takes 3");
  const void *missing[3] = {in.a, nullptr, &in.k};
  EXPECT_EQ(nabla_model_run(model, missing, nullptr),
            NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(nabla_model_error(model), "input 1 ('b') is NULL");
  float sum[6], product[6];
  uint8_t greater[6];
  void *const outputs[4] = {sum, product, nullptr, greater};
  EXPECT_EQ(nabla_model_run(model, in.pointers, outputs),
            NABLA_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(nabla_model_error(model), "output 2 ('k x2') is NULL");
  nabla_model_destroy(model);
  nabla_model_destroy(nullptr);
  EXPECT_EQ(nabla_model_output(nullptr, 0), nullptr);
  EXPECT_EQ(nabla_model_spec(nullptr), nullptr);
}

TEST(Runtime, ReadsExternalWeightsFromAPath) {
  TempDir dir;
  float weights[6] = {0.5f, 1, 1.5f, 2, 2.5f, 3};
  ASSERT_TRUE(writeFile(dir / "w.bin", weightsFile(weights)));
  NablaModel *model = nullptr;
  std::string error;
  std::string path = dir / "w.bin";
  ASSERT_EQ(create(&nabla_fake_weights_model, path.c_str(), &model, error),
            NABLA_OK)
      << error;
  runAndCheck(model, weights);
  nabla_model_destroy(model);
}

TEST(Runtime, RefusesMissingOrWrongSizedWeights) {
  TempDir dir;
  NablaModel *model = reinterpret_cast<NablaModel *>(1);
  std::string error, path = dir / "w.bin";
  EXPECT_EQ(create(&nabla_fake_weights_model, path.c_str(), &model, error),
            NABLA_ERROR_WEIGHTS);
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(error, "cannot open the external weights '" + path +
                       "': No such file or directory (expected 24 bytes)");

  ASSERT_TRUE(writeFile(path, std::string(20, '\0')));
  EXPECT_EQ(create(&nabla_fake_weights_model, path.c_str(), &model, error),
            NABLA_ERROR_WEIGHTS);
  EXPECT_EQ(error, "the external weights '" + path +
                       "' have 20 bytes, expected 24 bytes (is the file from "
                       "another build of the model?)");

  EXPECT_EQ(create(&nabla_fake_weights_model, dir.path.c_str(), &model, error),
            NABLA_ERROR_WEIGHTS);
  EXPECT_NE(error.find("are not a regular file"), std::string::npos) << error;
}

TEST(Runtime, LooksForWeightsBesideTheExecutable) {
  // The fake model is linked into this test program, so the default file is
  // beside the program itself (the test never creates it there).
  char self[4096];
  ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  ASSERT_GT(length, 0);
  std::string program(self, length);
  std::string expected =
      program.substr(0, program.rfind('/')) + "/nabla_fake_model.weights";
  NablaModel *model = nullptr;
  std::string error;
  EXPECT_EQ(create(&nabla_fake_weights_model, nullptr, &model, error),
            NABLA_ERROR_WEIGHTS);
  EXPECT_NE(error.find("'" + expected + "'"), std::string::npos) << error;
}

TEST(Runtime, LooksForWeightsBesideTheSharedLibrary) {
  // A copy of FakeModel.c built as a shared library, moved to a fresh
  // directory: the weights must be found next to it, wherever it is.
  TempDir dir;
  std::string library = dir / "libfake.so";
  ASSERT_TRUE(writeFile(library, readFile(NABLA_FAKE_MODEL_LIBRARY)));
  void *handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto spec = static_cast<const NablaModelSpec *>(
      dlsym(handle, "nabla_fake_weights_model"));
  ASSERT_NE(spec, nullptr);

  NablaModel *model = nullptr;
  std::string error;
  EXPECT_EQ(create(spec, nullptr, &model, error), NABLA_ERROR_WEIGHTS);
  // The runtime resolves the library's path ($TMPDIR may be a symlink).
  char *realDir = realpath(dir.path.c_str(), nullptr);
  ASSERT_NE(realDir, nullptr);
  std::string expected = std::string(realDir) + "/nabla_fake_model.weights";
  std::free(realDir);
  EXPECT_NE(error.find("'" + expected + "'"), std::string::npos) << error;

  float weights[6] = {-1, -2, -3, -4, -5, -6};
  ASSERT_TRUE(
      writeFile(dir / "nabla_fake_model.weights", weightsFile(weights)));
  ASSERT_EQ(create(spec, nullptr, &model, error), NABLA_OK) << error;
  runAndCheck(model, weights);
  nabla_model_destroy(model);
  dlclose(handle);
}

/// A model that copies its int64[4] input and reports each negative entry
/// as an index error, as generated code does; entries 2 and 3 are checked
/// by a worker thread that joins the run's record, as a thread pool would.
const int64_t kFour[] = {4};
const NablaTensorSpec kIdsSpec[] = {{"ids", NABLA_DTYPE_I64, 1, kFour, 32}};
const NablaTensorSpec kCopySpec[] = {{"copy", NABLA_DTYPE_I64, 1, kFour, 32}};

void checkAndCopy(const int64_t *ids, int64_t *copy, int begin, int end) {
  for (int i = begin; i < end; ++i) {
    if (ids[i] < 0)
      nabla_rt_index_error("fake.gather (node 'g')", ids[i], i,
                           "axis 0 of size 4 (valid: 0..3)");
    copy[i] = ids[i];
  }
}

void indexEntry(void *const *buffers) {
  auto ids = static_cast<const int64_t *>(buffers[0]);
  auto copy = static_cast<int64_t *>(buffers[1]);
  checkAndCopy(ids, copy, 0, 2);
  nabla::RunErrors *errors = nabla::currentRunErrors();
  std::thread worker([&] {
    nabla::RunScope scope(errors);
    checkAndCopy(ids, copy, 2, 4);
  });
  worker.join();
}

const NablaModelSpec kIndexModel = {
    NABLA_ABI_VERSION, 1, 1, 0, "index", kIdsSpec, kCopySpec, 0, 0, nullptr,
    indexEntry};

TEST(Runtime, ReportsIndexErrorsOfARun) {
  NablaModel *model = nullptr;
  std::string error;
  ASSERT_EQ(create(&kIndexModel, nullptr, &model, error), NABLA_OK) << error;
  int64_t ids[4] = {0, 3, 1, 2}, copy[4];
  const void *inputs[] = {ids};
  void *const outputs[] = {copy};
  ASSERT_EQ(nabla_model_run(model, inputs, outputs), NABLA_OK);

  // The first error in the order of the entry's calls wins.
  ids[1] = -1;
  ids[3] = -7;
  EXPECT_EQ(nabla_model_run(model, inputs, outputs),
            NABLA_ERROR_INDEX_OUT_OF_RANGE);
  EXPECT_STREQ(nabla_model_error(model),
               "fake.gather (node 'g'): index -1 (position 1 of the indices) "
               "is out of range for axis 0 of size 4 (valid: 0..3)");

  // An error on the worker thread reaches the run too.
  ids[1] = 3;
  EXPECT_EQ(nabla_model_run(model, inputs, outputs),
            NABLA_ERROR_INDEX_OUT_OF_RANGE);
  EXPECT_NE(std::string(nabla_model_error(model))
                .find("index -7 (position 3 of the indices)"),
            std::string::npos)
      << nabla_model_error(model);

  // Each run starts clean.
  ids[3] = 0;
  EXPECT_EQ(nabla_model_run(model, inputs, outputs), NABLA_OK);
  nabla_model_destroy(model);

  // Outside a run, a report has no record to go to and is dropped.
  EXPECT_EQ(nabla::currentRunErrors(), nullptr);
  nabla_rt_index_error("fake.gather", 9, 0, "axis 0 of size 4");
}

TEST(Runtime, DescribesStatusesAndDTypes) {
  EXPECT_STREQ(nabla_status_string(NABLA_OK), "ok");
  EXPECT_STREQ(nabla_status_string(NABLA_ERROR_INVALID_ARGUMENT),
               "invalid argument");
  EXPECT_STREQ(nabla_status_string(NABLA_ERROR_OUT_OF_MEMORY), "out of memory");
  EXPECT_STREQ(nabla_status_string(NABLA_ERROR_IO), "I/O error");
  EXPECT_STREQ(nabla_status_string(NABLA_ERROR_WEIGHTS),
               "bad external weights");
  EXPECT_STREQ(nabla_status_string(NABLA_ERROR_INDEX_OUT_OF_RANGE),
               "index out of range");
  EXPECT_STREQ(nabla_status_string(42), "unknown status");

  // The sizes and descrs documented in NablaModel.h.
  struct {
    int32_t dtype;
    size_t size;
    const char *descr;
  } expected[] = {
      {NABLA_DTYPE_F32, 4, "<f4"},
      {NABLA_DTYPE_F64, 8, "<f8"},
      {NABLA_DTYPE_I64, 8, "<i8"},
      {NABLA_DTYPE_I32, 4, "<i4"},
      {NABLA_DTYPE_I8, 1, "|i1"},
      {NABLA_DTYPE_U8, 1, "|u1"},
      {NABLA_DTYPE_BOOL, 1, "|b1"},
      {NABLA_DTYPE_I16, 2, "<i2"},
      {NABLA_DTYPE_U16, 2, "<u2"},
      {NABLA_DTYPE_U32, 4, "<u4"},
      {NABLA_DTYPE_U64, 8, "<u8"},
      {NABLA_DTYPE_F16, 2, "<f2"},
      {NABLA_DTYPE_BF16, 2, nullptr},
      {0, 0, nullptr},
      {99, 0, nullptr},
  };
  for (const auto &e : expected) {
    EXPECT_EQ(nabla_dtype_size(e.dtype), e.size) << e.dtype;
    if (e.descr)
      EXPECT_STREQ(nabla_dtype_numpy_descr(e.dtype), e.descr);
    else
      EXPECT_EQ(nabla_dtype_numpy_descr(e.dtype), nullptr) << e.dtype;
  }
}

} // namespace
