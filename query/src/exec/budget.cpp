// The thread's current budget and the memory charge (budget.hpp).
#include "exec/budget.hpp"

#include <string>

namespace annals::query::exec {

namespace {
thread_local Budget* current_budget = nullptr;
}

void Budget::charge(std::size_t bytes) {
  used_ += bytes;
  if (memory_limit != 0 && used_ > memory_limit) {
    throw ExecError{
        Status(StatusCode::kCancelled, "the query needs more than its memory limit of " +
                                           std::to_string(memory_limit >> 20) +
                                           " MiB (rows, terms and strings it keeps)")};
  }
}

Budget* Budget::current() noexcept { return current_budget; }

BudgetScope::BudgetScope(Budget& b) noexcept : saved_(current_budget) { current_budget = &b; }
BudgetScope::~BudgetScope() { current_budget = saved_; }

}  // namespace annals::query::exec
