//===- ThreadPool.h - Fork-join parallel loops for generated code -*- C++ -*-===//
//
// Each model instance owns a pool of threads (the caller plus N-1 workers).
// While it runs, its pool is the current pool of the calling thread, and
// nabla_parallel_for splits a loop over it; with no current pool (or a
// nested call, or a loop below its grain) the loop runs serially on the
// caller. Work is split only over independent iterations (output tiles):
// every iteration computes the same bits whichever thread runs it, so the
// results do not depend on the schedule, nor on the thread count.
//
// Workers spin briefly after each loop, since generated code issues loops
// microseconds apart and an OS wake-up costs that much, then sleep.
//
//===----------------------------------------------------------------------===//

#ifndef NABLA_RUNTIME_THREADPOOL_H
#define NABLA_RUNTIME_THREADPOOL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The body of a parallel loop: iterations [begin, end) of it.
typedef void (*NablaParallelBody)(void *context, int64_t begin, int64_t end);

/// Runs body over the iterations [0, count) in chunks of at least `grain`
/// iterations (grain <= 0 means 1) on the current pool, and returns when all
/// are done. The caller's thread takes part.
void nabla_parallel_for(int64_t count, int64_t grain, NablaParallelBody body,
                        void *context);

/// The number of threads nabla_parallel_for may use on this thread now (1
/// outside a run, or inside a parallel loop).
int32_t nabla_parallel_threads(void);

/// The number of CPUs this process may run on (its affinity mask).
int32_t nabla_available_cpus(void);

#ifdef __cplusplus
}

#include <memory>
#include <type_traits>

namespace nabla {

class ThreadPool {
public:
  /// A pool of `threads` threads in all: the caller and threads-1 workers,
  /// started here.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int size() const;
  void parallelFor(int64_t count, int64_t grain, NablaParallelBody body,
                   void *context);

  struct Impl;

private:
  std::unique_ptr<Impl> impl;
};

/// Makes `pool` the current pool of this thread for its lifetime (null:
/// run serially).
class CurrentPoolScope {
public:
  explicit CurrentPoolScope(ThreadPool *pool);
  ~CurrentPoolScope();
  CurrentPoolScope(const CurrentPoolScope &) = delete;
  CurrentPoolScope &operator=(const CurrentPoolScope &) = delete;

private:
  ThreadPool *previous;
};

/// Runs `f(begin, end)` over [0, count) on the current pool.
template <typename F>
void parallelFor(int64_t count, int64_t grain, F &&f) {
  using Body = std::remove_reference_t<F>;
  nabla_parallel_for(
      count, grain,
      [](void *context, int64_t begin, int64_t end) {
        (*static_cast<Body *>(context))(begin, end);
      },
      const_cast<void *>(static_cast<const void *>(&f)));
}

} // namespace nabla
#endif

#endif // NABLA_RUNTIME_THREADPOOL_H
