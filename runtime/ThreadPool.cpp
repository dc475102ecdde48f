//===- ThreadPool.cpp - Fork-join parallel loops for generated code -------===//
//
// A loop is a Job on the caller's stack: chunks are taken from its atomic
// counter by the caller and by every worker that joins in time. Each worker
// has a slot that the caller arms (Idle -> Armed) and the worker claims
// (Armed -> Running -> Done). After its own chunks, the caller disarms the
// slots of workers that never started (Armed -> Idle), so a worker that the
// OS did not schedule costs nothing, and waits only for those running.
//
//===----------------------------------------------------------------------===//

#include "runtime/ThreadPool.h"

#include "runtime/RunErrors.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <sched.h>
#include <thread>
#include <vector>

using namespace nabla;

namespace {
/// How long a worker spins for the next loop before it sleeps; a loop ends
/// and the next starts a few microseconds apart inside one model run.
constexpr int kSpinIterations = 1 << 16;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

struct Job {
  NablaParallelBody body;
  void *context;
  int64_t count;
  int64_t chunk;
  int64_t numChunks;
  /// Where the caller's run records errors: a worker reports there too.
  RunErrors *errors;
  std::atomic<int64_t> next{0};

  void runChunks() {
    for (int64_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) <
                    numChunks;) {
      int64_t begin = i * chunk;
      body(context, begin, std::min(count, begin + chunk));
    }
  }
};

enum SlotState : int { Idle, Armed, Running, Done, Exit };

struct alignas(64) Slot {
  std::atomic<int> state{Idle};
  Job *job = nullptr;
  std::mutex mutex;
  std::condition_variable wake;
  bool sleeping = false; // guarded by mutex
};

thread_local ThreadPool *currentPool = nullptr;
thread_local bool insideLoop = false;
} // namespace

struct ThreadPool::Impl {
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<std::thread> workers;

  void work(Slot &slot) {
    insideLoop = true;
    for (;;) {
      int spins = 0;
      int state;
      while ((state = slot.state.load(std::memory_order_acquire)) != Armed &&
             state != Exit) {
        if (++spins < kSpinIterations) {
          cpuRelax();
          continue;
        }
        std::unique_lock<std::mutex> lock(slot.mutex);
        slot.sleeping = true;
        slot.wake.wait(lock, [&] {
          int now = slot.state.load(std::memory_order_acquire);
          return now == Armed || now == Exit;
        });
        slot.sleeping = false;
      }
      if (state == Exit)
        return;
      int armed = Armed;
      if (!slot.state.compare_exchange_strong(armed, Running,
                                              std::memory_order_acq_rel))
        continue; // the caller disarmed it first
      {
        RunScope scope(slot.job->errors);
        slot.job->runChunks();
      }
      slot.state.store(Done, std::memory_order_release);
    }
  }

  void arm(Slot &slot, Job *job) {
    slot.job = job;
    slot.state.store(Armed, std::memory_order_release);
    std::lock_guard<std::mutex> lock(slot.mutex);
    if (slot.sleeping)
      slot.wake.notify_one();
  }

  void finish(Slot &slot) {
    int armed = Armed;
    if (slot.state.compare_exchange_strong(armed, Idle,
                                           std::memory_order_acq_rel))
      return; // never started: nothing to wait for
    while (slot.state.load(std::memory_order_acquire) != Done)
      cpuRelax();
    slot.state.store(Idle, std::memory_order_relaxed);
  }
};

ThreadPool::ThreadPool(int threads) : impl(std::make_unique<Impl>()) {
  int workers = std::max(threads, 1) - 1;
  for (int i = 0; i < workers; ++i)
    impl->slots.push_back(std::make_unique<Slot>());
  for (int i = 0; i < workers; ++i) {
    Slot *slot = impl->slots[i].get();
    impl->workers.emplace_back([this, slot] { impl->work(*slot); });
  }
}

ThreadPool::~ThreadPool() {
  for (auto &slot : impl->slots) {
    slot->state.store(Exit, std::memory_order_release);
    std::lock_guard<std::mutex> lock(slot->mutex);
    slot->wake.notify_one();
  }
  for (std::thread &worker : impl->workers)
    worker.join();
}

int ThreadPool::size() const { return impl->slots.size() + 1; }

void ThreadPool::parallelFor(int64_t count, int64_t grain,
                             NablaParallelBody body, void *context) {
  if (count <= 0)
    return;
  grain = std::max<int64_t>(grain, 1);
  int threads = size();
  // A few chunks per thread even out a thread the OS delays, while each
  // chunk stays at least `grain` iterations long.
  int64_t wanted = std::min<int64_t>(threads * 4, count / grain);
  if (threads == 1 || wanted <= 1 || insideLoop) {
    body(context, 0, count);
    return;
  }
  Job job{body, context, count, (count + wanted - 1) / wanted, 0,
          currentRunErrors()};
  job.numChunks = (count + job.chunk - 1) / job.chunk;
  int helpers = std::min<int64_t>(impl->slots.size(), job.numChunks - 1);
  for (int i = 0; i < helpers; ++i)
    impl->arm(*impl->slots[i], &job);
  insideLoop = true;
  job.runChunks();
  insideLoop = false;
  for (int i = 0; i < helpers; ++i)
    impl->finish(*impl->slots[i]);
}

CurrentPoolScope::CurrentPoolScope(ThreadPool *pool) : previous(currentPool) {
  currentPool = pool;
}

CurrentPoolScope::~CurrentPoolScope() { currentPool = previous; }

extern "C" void nabla_parallel_for(int64_t count, int64_t grain,
                                   NablaParallelBody body, void *context) {
  if (currentPool)
    currentPool->parallelFor(count, grain, body, context);
  else if (count > 0)
    body(context, 0, count);
}

extern "C" int32_t nabla_parallel_threads(void) {
  return currentPool && !insideLoop ? currentPool->size() : 1;
}

extern "C" int32_t nabla_available_cpus(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    return std::max(CPU_COUNT(&set), 1);
  return std::max<int>(std::thread::hardware_concurrency(), 1);
}
