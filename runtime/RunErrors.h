//===- RunErrors.h - Errors generated code reports in a run ----*- C++ -*-===//
//
// Generated code reports the errors it finds in the data (an index out of
// range) by calling the runtime (the nabla_rt_* functions of NablaModel.h):
// its entry function returns nothing, and the error arises deep inside a
// loop nest. Each call records the error in the RunErrors of the run that
// executes on the calling thread; nabla_model_run installs that record
// around the entry call (RunScope) and turns it into its status and
// message.
//
// Threads: the record is found through a thread_local pointer. A thread
// pool that runs parts of one run on worker threads must install the
// submitting thread's record in each worker for the duration of its task
// (`RunScope scope(errors)` with `errors = currentRunErrors()` read on the
// submitting thread); a record takes reports from many threads at once, and
// the first one wins.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_RUNTIME_RUNERRORS_H
#define NABLA_RUNTIME_RUNERRORS_H

#include <atomic>
#include <cstddef>

namespace nabla {

/// The first error that generated code reported during one run.
class RunErrors {
public:
  /// Records `status` and `message` (cut to kMaxMessage bytes) unless an
  /// error is recorded already. Safe to call from several threads at once.
  void report(int status, const char *message);

  /// NABLA_OK, or the status of the recorded error. Read it once the run is
  /// over (every reporting thread joined).
  int status() const;
  /// The recorded message, "" if none.
  const char *message() const { return text; }

  static constexpr size_t kMaxMessage = 1024;

private:
  enum State { kEmpty, kWriting, kRecorded };
  std::atomic<int> state{kEmpty};
  int code = 0;
  char text[kMaxMessage] = "";
};

/// The record of the run executing on this thread, null outside runs.
RunErrors *currentRunErrors();

/// Makes `errors` the current record of this thread for its lifetime, then
/// restores the previous one.
class RunScope {
public:
  explicit RunScope(RunErrors *errors);
  ~RunScope();
  RunScope(const RunScope &) = delete;
  RunScope &operator=(const RunScope &) = delete;

private:
  RunErrors *previous;
};

} // namespace nabla

#endif // NABLA_RUNTIME_RUNERRORS_H
