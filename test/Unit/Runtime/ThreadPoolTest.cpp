//===- ThreadPoolTest.cpp - The runtime's parallel loops ------------------===//

#include "runtime/ThreadPool.h"

#include "runtime/NablaModel.h"
#include "runtime/RunErrors.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace nabla;

namespace {
/// Runs a loop over `count` iterations and checks that each ran once.
void expectEachOnce(int64_t count, int64_t grain) {
  std::vector<std::atomic<int>> hits(count);
  parallelFor(count, grain, [&](int64_t begin, int64_t end) {
    ASSERT_LE(0, begin);
    ASSERT_LT(begin, end);
    ASSERT_LE(end, count);
    for (int64_t i = begin; i < end; ++i)
      hits[i].fetch_add(1);
  });
  for (int64_t i = 0; i < count; ++i)
    ASSERT_EQ(hits[i].load(), 1) << "iteration " << i << " of " << count;
}

TEST(ThreadPool, SerialWithoutACurrentPool) {
  EXPECT_EQ(nabla_parallel_threads(), 1);
  std::thread::id caller = std::this_thread::get_id();
  int calls = 0;
  parallelFor(1000, 1, [&](int64_t begin, int64_t end) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    EXPECT_EQ(begin, 0);
    EXPECT_EQ(end, 1000);
    ++calls;
  });
  EXPECT_EQ(calls, 1);
  parallelFor(0, 1, [&](int64_t, int64_t) { ++calls; });
  EXPECT_EQ(calls, 1);
}

TEST(ThreadPool, EveryIterationOnce) {
  for (int threads : {1, 2, 3, 4}) {
    ThreadPool pool(threads);
    CurrentPoolScope scope(&pool);
    EXPECT_EQ(nabla_parallel_threads(), threads);
    for (int64_t count : {1, 2, 3, 7, 64, 1000, 4097})
      for (int64_t grain : {0, 1, 5, 64, 5000})
        expectEachOnce(count, grain);
  }
}

TEST(ThreadPool, GrainBoundsTheChunks) {
  ThreadPool pool(4);
  CurrentPoolScope scope(&pool);
  std::atomic<int> chunks{0};
  parallelFor(1000, 400, [&](int64_t begin, int64_t end) {
    EXPECT_TRUE(end - begin >= 400 || end == 1000);
    chunks.fetch_add(1);
  });
  EXPECT_LE(chunks.load(), 3);
  // Below the grain the caller runs the loop alone.
  std::thread::id caller = std::this_thread::get_id();
  parallelFor(100, 400, [&](int64_t begin, int64_t end) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    EXPECT_EQ(end - begin, 100);
  });
}

TEST(ThreadPool, UsesTheWorkers) {
  ThreadPool pool(2);
  CurrentPoolScope scope(&pool);
  // Each chunk waits until two threads have entered the loop, which only a
  // worker taking part can satisfy.
  std::atomic<int> inside{0};
  std::atomic<bool> sawTwo{false};
  parallelFor(2, 1, [&](int64_t, int64_t) {
    inside.fetch_add(1);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (inside.load() < 2 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
    if (inside.load() == 2)
      sawTwo = true;
  });
  EXPECT_TRUE(sawTwo.load());
}

TEST(ThreadPool, NestedLoopsRunSerially) {
  ThreadPool pool(2);
  CurrentPoolScope scope(&pool);
  std::atomic<int> total{0};
  parallelFor(8, 1, [&](int64_t begin, int64_t end) {
    EXPECT_EQ(nabla_parallel_threads(), 1);
    for (int64_t i = begin; i < end; ++i) {
      std::thread::id self = std::this_thread::get_id();
      parallelFor(10, 1, [&](int64_t b, int64_t e) {
        EXPECT_EQ(std::this_thread::get_id(), self);
        total.fetch_add(static_cast<int>(e - b));
      });
    }
  });
  EXPECT_EQ(total.load(), 80);
}

TEST(ThreadPool, ManyLoopsAndSleepingWorkers) {
  ThreadPool pool(3);
  CurrentPoolScope scope(&pool);
  for (int round = 0; round < 2000; ++round)
    expectEachOnce(1 + round % 97, 1);
  // Long enough for the workers to stop spinning and sleep.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int round = 0; round < 100; ++round)
    expectEachOnce(64, 1);
}

TEST(ThreadPool, WorkersReportToTheCallersRun) {
  ThreadPool pool(2);
  CurrentPoolScope scope(&pool);
  RunErrors errors;
  RunScope runScope(&errors);
  std::atomic<int> seen{0};
  // Every chunk, on whichever thread, sees the caller's record; the last
  // one reports into it.
  parallelFor(64, 1, [&](int64_t begin, int64_t end) {
    if (currentRunErrors() == &errors)
      seen.fetch_add(static_cast<int>(end - begin));
    if (end == 64)
      currentRunErrors()->report(NABLA_ERROR_INDEX_OUT_OF_RANGE, "bad index");
  });
  EXPECT_EQ(seen.load(), 64);
  EXPECT_EQ(errors.status(), NABLA_ERROR_INDEX_OUT_OF_RANGE);
  EXPECT_STREQ(errors.message(), "bad index");
}

TEST(ThreadPool, ScopesNestAndRestore) {
  ThreadPool outer(2), inner(3);
  {
    CurrentPoolScope a(&outer);
    EXPECT_EQ(nabla_parallel_threads(), 2);
    {
      CurrentPoolScope b(&inner);
      EXPECT_EQ(nabla_parallel_threads(), 3);
      {
        CurrentPoolScope c(nullptr);
        EXPECT_EQ(nabla_parallel_threads(), 1);
      }
      EXPECT_EQ(nabla_parallel_threads(), 3);
    }
    EXPECT_EQ(nabla_parallel_threads(), 2);
  }
  EXPECT_EQ(nabla_parallel_threads(), 1);
  EXPECT_GE(nabla_available_cpus(), 1);
}
} // namespace
