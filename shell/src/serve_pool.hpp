// The threads that run the endpoint's work, apart from the threads that read and write its
// sockets: a pool for queries and one writer thread for updates, each with a bounded queue,
// so that neither a slow query nor an update waiting to write holds up the network.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace annals::cli::serve {

// Runs tasks, `threads` of them at once. New tasks wait in a queue of at most `capacity`
// (beyond it try_submit refuses: the caller answers 503). A task that has waited kStallAfter
// (long queries hold every thread) starts anyway, on an extra thread if none is idle, up to
// `max_threads` running in all: a short query does not wait for long ones to end, and the
// number of queries running at once stays bounded. Extra threads stay for the next stall.
// Continuations (the next piece of a response already begun) go before new tasks and are
// never refused. Thread-safe.
class WorkPool {
 public:
  static constexpr std::chrono::milliseconds kStallAfter{100};

  WorkPool(unsigned threads, unsigned max_threads, std::size_t capacity);
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;
  ~WorkPool();  // stop()

  // Queues a new task; false (and the task dropped) when `capacity` tasks wait already or
  // the pool has stopped.
  bool try_submit(std::function<void()> task);
  // Queues a continuation, ahead of the new tasks and whatever the queue's length.
  void submit_continuation(std::function<void()> task);
  // Lets the running tasks finish, drops those still waiting, and joins every thread.
  void stop();

 private:
  struct Waiting {
    std::function<void()> task;
    std::chrono::steady_clock::time_point since;
  };
  void work();
  void watch();
  void start_thread();

  const unsigned base_, max_threads_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_, watcher_;
  std::deque<Waiting> new_;
  std::deque<std::function<void()>> continuations_;
  unsigned running_ = 0, idle_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::thread watcher_thread_;
};

}  // namespace annals::cli::serve
