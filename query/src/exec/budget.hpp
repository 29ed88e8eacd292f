// The budget of one query run: time (a deadline and the caller's cancel flag) and memory (what
// the run keeps: materialised rows, computed terms, aggregate state). Every stage checks the
// same budget: planning, scans and joins, property paths, expressions and the regular
// expression matcher, so no clause of a query escapes its limits (a violation is an
// ExecError with kCancelled, which the front ends turn into exit 4 / HTTP 503).
//
// Memory is charged where a run grows what it keeps, not per allocation: a Batch when its
// storage grows (the streaming ones reuse theirs; the materialising ones grow), the term pool
// for each term it decodes or computes, GROUP_CONCAT for each piece it appends. While a
// thread runs a query, the query's budget is that thread's current one (BudgetScope), so code
// deep in the executor charges it without a pointer passed down.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>

#include "exec/term_pool.hpp"

namespace annals::query::exec {

class Budget {
 public:
  using Clock = std::chrono::steady_clock;

  const std::atomic<bool>* cancel = nullptr;
  std::optional<Clock::time_point> deadline;
  std::size_t memory_limit = 0;  // bytes; 0: none

  // Throws ExecError kCancelled when cancelled or past the deadline.
  void check_time() const {
    if (cancel && cancel->load(std::memory_order_relaxed))
      throw ExecError{Status(StatusCode::kCancelled, "the query was cancelled")};
    if (deadline && Clock::now() > *deadline)
      throw ExecError{Status(StatusCode::kCancelled, "the query ran past its timeout")};
  }
  // The same test without throwing, for callbacks that must not throw (ICU's).
  bool out_of_time() const noexcept {
    return (cancel && cancel->load(std::memory_order_relaxed)) ||
           (deadline && Clock::now() > *deadline);
  }
  // Counts bytes the run now keeps; throws ExecError kCancelled past the limit.
  void charge(std::size_t bytes);
  void release(std::size_t bytes) noexcept { used_ -= bytes < used_ ? bytes : used_; }
  std::size_t used() const { return used_; }

  // The budget of the query the calling thread runs now, or nullptr.
  static Budget* current() noexcept;

 private:
  std::size_t used_ = 0;
  friend class BudgetScope;
};

// Makes a budget the calling thread's current one until the scope ends (scopes nest: EXISTS
// and subqueries run inside their query's scope with the same budget).
class BudgetScope {
 public:
  explicit BudgetScope(Budget& b) noexcept;
  ~BudgetScope();
  BudgetScope(const BudgetScope&) = delete;
  BudgetScope& operator=(const BudgetScope&) = delete;

 private:
  Budget* saved_;
};

// Bytes one scope keeps (a recursive step's working sets): charged as they are counted,
// given back when the scope ends.
class Held {
 public:
  explicit Held(Budget& b) noexcept : budget_(b) {}
  ~Held() { budget_.release(bytes_); }
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;
  void count(std::size_t bytes) {
    bytes_ += bytes;  // first: the destructor gives it back even if charge() throws
    budget_.charge(bytes);
  }
  // Gives back all counted so far (a cache emptied).
  void release_all() noexcept {
    budget_.release(bytes_);
    bytes_ = 0;
  }
  std::size_t bytes() const { return bytes_; }

 private:
  Budget& budget_;
  std::size_t bytes_ = 0;
};

// Charges the current budget, if any (a no-op outside a query run).
inline void charge_current(std::size_t bytes) {
  if (Budget* b = Budget::current()) b->charge(bytes);
}

}  // namespace annals::query::exec
