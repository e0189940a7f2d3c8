// A small fixed-size pool that runs one indexed job list to completion.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common.h"

namespace cairn {

// Runs fn(i) for i in [0, count) on `threads` threads, largest-first order being the caller's
// job. The first exception (other than AbortedError) is rethrown after every thread has stopped;
// once one task fails, control.failed makes the others stop at their next check.
inline void parallelFor(size_t count, unsigned threads, Control& control, const std::function<void(size_t, unsigned)>& fn) {
  if (threads < 1) threads = 1;
  if (threads > count) threads = static_cast<unsigned>(count);
  std::atomic<size_t> next{0};
  std::exception_ptr first;
  std::mutex errorMutex;
  auto worker = [&](unsigned slot) {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= count) return;
      try {
        control.check();
        fn(i, slot);
      } catch (const AbortedError&) {
        return;
      } catch (...) {
        std::lock_guard<std::mutex> lock(errorMutex);
        if (!first) first = std::current_exception();
        control.failed.store(true);
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  worker(0);
  for (auto& t : pool) t.join();
  if (first) {
    control.failed.store(false);
    std::rethrow_exception(first);
  }
  control.check();
}

}  // namespace cairn
