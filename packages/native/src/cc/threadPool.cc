#include "threadPool.h"

#include <cstdlib>

namespace hemocam {

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

ThreadPool& ThreadPool::shared() {
  static ThreadPool pool([] {
    const char* env = std::getenv("HEMOCAM_THREADS");
    int n = env ? std::atoi(env) : 0;
    if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
    return n > 0 ? (n > 64 ? 64 : n) : 1;
  }());
  return pool;
}

void ThreadPool::work() {
  for (;;) {
    int i = next_.fetch_add(1);
    if (i >= count_) return;
    (*job_)(i);
    if (remaining_.fetch_sub(1) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_all();
    }
  }
}

void ThreadPool::loop() {
  unsigned seen = 0;
  for (;;) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
    if (stop_) return;
    seen = generation_;
    ++active_;
    lock.unlock();
    work();
    lock.lock();
    if (--active_ == 0) done_.notify_all();
  }
}

void ThreadPool::run(int count, const std::function<void(int)>& fn) {
  if (count <= 0) return;
  std::lock_guard<std::mutex> caller(callers_);
  if (workers_.empty() || count == 1) {
    for (int i = 0; i < count; ++i) fn(i);
    return;
  }
  {
    std::unique_lock<std::mutex> lock(mutex_);
    // A worker still leaving the previous job must not take a task of this one.
    done_.wait(lock, [&] { return active_ == 0; });
    job_ = &fn;
    count_ = count;
    remaining_ = count;
    next_ = 0;
    ++generation_;
  }
  wake_.notify_all();
  work();
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return remaining_ == 0 && active_ == 0; });
  job_ = nullptr;
}

}  // namespace hemocam
