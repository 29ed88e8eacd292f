// Running a SPARQL 1.1 Update request on a write transaction (update.hpp): the operations in
// order, each reading the state the ones before left (WriteTxn::read_own), and the
// convenience that wraps a request in one committed transaction.
#include <chrono>

#include "annals/update.hpp"
#include "ast/parsed_query.hpp"
#include "update/operations.hpp"

namespace annals {

using query::update::Context;

namespace {

Result<OperationResult> run_operation(Context& cx, const query::ast::UpdateOperation& op) {
  using query::update::UpdateKind;
  switch (op.kind) {
    case UpdateKind::kInsertData:
    case UpdateKind::kDeleteData:
      return query::update::run_data(cx, op);
    case UpdateKind::kDeleteWhere:
    case UpdateKind::kModify:
      return query::update::run_modify(cx, op);
    case UpdateKind::kLoad:
      return query::update::run_load(cx, op);
    case UpdateKind::kClear:
    case UpdateKind::kDrop:
    case UpdateKind::kCreate:
      return query::update::run_graph_management(cx, op);
    case UpdateKind::kAdd:
    case UpdateKind::kMove:
    case UpdateKind::kCopy:
      return query::update::run_transfer(cx, op);
  }
  return Status::not_supported("unknown update operation");
}

}  // namespace

Result<UpdateResult> run_update(WriteTxn& txn, const ParsedUpdate& update,
                                const UpdateOptions& options) {
  Context cx{txn, options, {}};
  if (options.timeout) cx.deadline = std::chrono::steady_clock::now() + *options.timeout;
  for (const auto& op : query::ast::syntax_tree(update).operations) {
    if (options.dataset && (op.with || !op.using_default.empty() || !op.using_named.empty())) {
      return Status::invalid_input(
          "the request names its dataset with USING, USING NAMED or WITH: it cannot take "
          "using-graph-uri or using-named-graph-uri as well (SPARQL 1.1 Protocol 2.2.3)");
    }
  }
  UpdateResult result;
  for (const auto& op : query::ast::syntax_tree(update).operations) {
    if (auto st = cx.check(); !st) return st;
    auto r = run_operation(cx, op);
    if (!r) return r.status();
    r->kind = op.kind;
    result.added += r->added;
    result.retracted += r->retracted;
    result.operations.push_back(*r);
  }
  // Past the time limit after the last operation still fails: a run that overstayed its
  // time must not commit (the caller rolls back).
  if (auto st = cx.check(); !st) return st;
  return result;
}

Result<UpdateResult> update_store(Store& store, const ParsedUpdate& update,
                                  const UpdateOptions& options) {
  auto txn = store.write();
  if (!txn) return txn.status();
  auto r = run_update(*txn, update, options);
  if (!r) {
    txn->rollback();
    return r.status();
  }
  auto rec = txn->commit("update: " + r->describe());
  if (!rec) return rec.status();
  r->transaction = *rec;
  return r;
}

}  // namespace annals
