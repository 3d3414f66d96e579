// A fixed pool of worker threads that run the tasks 0..count-1 of one job at a time; the
// calling thread takes tasks too. Written here because the job is a plain index loop and the
// addon should not link a runtime (OpenMP's would need a library on the user's machine).
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hemocam {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  /** Runs fn(0) … fn(count − 1), spread over the pool and the caller; returns when all are done. */
  void run(int count, const std::function<void(int)>& fn);
  int size() const { return static_cast<int>(workers_.size()) + 1; }
  /** The pool every kernel shares: $HEMOCAM_THREADS threads, else one per core. */
  static ThreadPool& shared();

 private:
  void work();
  void loop();
  std::vector<std::thread> workers_;
  std::mutex callers_;  // one job at a time, whichever JavaScript thread (main or worker) calls
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  std::atomic<int> next_{0}, remaining_{0};
  int count_ = 0, active_ = 0;
  unsigned generation_ = 0;
  bool stop_ = false;
};

}  // namespace hemocam
