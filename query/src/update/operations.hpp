// The operations of SPARQL 1.1 Update (§3.1 graph update, §3.2 graph management), each run
// on the request's write transaction. Each reads through a fresh WriteTxn::read_own view
// taken when it starts, so it sees what the operations before it did, and DELETE/INSERT's
// WHERE is evaluated once, before its own deletes and inserts (§3.1.3).
#pragma once

#include <chrono>
#include <optional>

#include "annals/update.hpp"
#include "ast/update.hpp"

namespace annals::query::update {

using annals::UpdateKind;

// What every operation of one request shares.
struct Context {
  WriteTxn& txn;
  const UpdateOptions& options;
  std::optional<std::chrono::steady_clock::time_point> deadline;

  // kCancelled once the caller's flag is set or the timeout has passed.
  Status check() const;
  // The time left before the deadline, for a query run inside an operation.
  std::optional<std::chrono::milliseconds> remaining() const;
};

// INSERT DATA, DELETE DATA.
Result<OperationResult> run_data(Context& cx, const ast::UpdateOperation& op);
// DELETE/INSERT ... WHERE (with WITH, USING, USING NAMED) and DELETE WHERE.
Result<OperationResult> run_modify(Context& cx, const ast::UpdateOperation& op);
// LOAD, through UpdateOptions::load.
Result<OperationResult> run_load(Context& cx, const ast::UpdateOperation& op);
// CLEAR, DROP, CREATE.
Result<OperationResult> run_graph_management(Context& cx, const ast::UpdateOperation& op);
// ADD, MOVE, COPY.
Result<OperationResult> run_transfer(Context& cx, const ast::UpdateOperation& op);

}  // namespace annals::query::update
