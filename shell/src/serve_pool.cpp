// WorkPool (serve_pool.hpp): worker threads on one queue, and a watcher that starts an
// extra thread for each task the busy threads have left waiting too long.
#include "serve_pool.hpp"

#include <algorithm>

namespace annals::cli::serve {

using Clock = std::chrono::steady_clock;

WorkPool::WorkPool(unsigned threads, unsigned max_threads, std::size_t capacity)
    : base_(std::max(1u, threads)),
      max_threads_(std::max(base_, max_threads)),
      capacity_(capacity) {
  std::lock_guard lock(mutex_);
  for (unsigned i = 0; i < base_; ++i) start_thread();
  if (max_threads_ > base_) watcher_thread_ = std::thread([this] { watch(); });
}

WorkPool::~WorkPool() { stop(); }

void WorkPool::start_thread() {
  threads_.emplace_back([this] { work(); });
}

bool WorkPool::try_submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || new_.size() >= capacity_) return false;
    new_.push_back({std::move(task), Clock::now()});
  }
  ready_.notify_one();
  watcher_.notify_one();
  return true;
}

void WorkPool::submit_continuation(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    continuations_.push_back(std::move(task));
  }
  ready_.notify_one();
}

void WorkPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stopping_) return;
    std::function<void()> task;
    if (!continuations_.empty()) {
      task = std::move(continuations_.front());
      continuations_.pop_front();
    } else if (!new_.empty() &&
               (running_ < base_ || Clock::now() >= new_.front().since + kStallAfter) &&
               running_ < max_threads_) {
      task = std::move(new_.front().task);
      new_.pop_front();
    } else {
      ++idle_;
      if (new_.empty())
        ready_.wait(lock);
      else
        ready_.wait_until(lock, new_.front().since + kStallAfter);
      --idle_;
      continue;
    }
    ++running_;
    lock.unlock();
    task();
    task = nullptr;  // what it holds goes before the lock is taken again
    lock.lock();
    --running_;
    ready_.notify_one();  // a task held back while running_ was at base_ may start now
  }
}

// Starts a thread for each task that has waited kStallAfter with no idle thread to take it.
void WorkPool::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (new_.empty()) {
      watcher_.wait(lock);
      continue;
    }
    const auto now = Clock::now();
    const auto due = new_.front().since + kStallAfter;
    if (now < due) {
      watcher_.wait_until(lock, due);
      continue;
    }
    unsigned stalled = 0;
    for (const auto& w : new_) {
      if (now < w.since + kStallAfter) break;
      ++stalled;
    }
    const unsigned threads = static_cast<unsigned>(threads_.size());
    while (stalled > idle_ && threads_.size() < max_threads_ &&
           threads_.size() - threads < stalled - idle_)
      start_thread();
    ready_.notify_all();
    // Looked at again a little later: tasks still waiting then (every thread running) get
    // their threads, and new ones their turn.
    watcher_.wait_for(lock, kStallAfter / 4);
  }
}

void WorkPool::stop() {
  std::deque<Waiting> dropped;
  std::deque<std::function<void()>> dropped_continuations;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped.swap(new_);
    dropped_continuations.swap(continuations_);
  }
  ready_.notify_all();
  watcher_.notify_all();
  if (watcher_thread_.joinable()) watcher_thread_.join();
  // No thread starts once stopping_ is set, so the list is final.
  for (auto& t : threads_) t.join();
  threads_.clear();
}

}  // namespace annals::cli::serve
