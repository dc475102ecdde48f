//===- RunErrors.cpp - Errors that generated code reports during a run ----===//
//
// The record of the current run and the nabla_rt_* functions generated code
// calls. Nothing here allocates or throws: a report may come from any depth
// of generated code, and from several threads of one run.
//
//===----------------------------------------------------------------------===//

#include "runtime/RunErrors.h"

#include "runtime/NablaModel.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

using namespace nabla;

namespace {
thread_local RunErrors *current = nullptr;
} // namespace

void RunErrors::report(int status, const char *message) {
  int expected = kEmpty;
  if (!state.compare_exchange_strong(expected, kWriting,
                                     std::memory_order_acquire))
    return;
  code = status;
  std::snprintf(text, sizeof(text), "%s", message);
  state.store(kRecorded, std::memory_order_release);
}

int RunErrors::status() const {
  return state.load(std::memory_order_acquire) == kRecorded ? code : NABLA_OK;
}

RunErrors *nabla::currentRunErrors() { return current; }

RunScope::RunScope(RunErrors *errors) : previous(current) { current = errors; }

RunScope::~RunScope() { current = previous; }

void nabla_rt_index_error(const char *site, int64_t index, int64_t position,
                          const char *valid) {
  RunErrors *errors = current;
  if (!errors)
    return;
  char message[RunErrors::kMaxMessage];
  std::snprintf(message, sizeof(message),
                "%s: index %" PRId64 " (position %" PRId64
                " of the indices) is out of range for %s",
                site ? site : "?", index, position, valid ? valid : "?");
  errors->report(NABLA_ERROR_INDEX_OUT_OF_RANGE, message);
}
