// Graph management (SPARQL 1.1 Update §3.2): CLEAR, DROP, CREATE, ADD, MOVE, COPY.
//
// Annals keeps no empty graphs: a graph exists while it holds a current fact. So DROP is
// CLEAR (the graph goes with its last fact), CLEAR or DROP of a graph without facts changes
// nothing and succeeds, CREATE records nothing and fails (unless SILENT) only for a graph
// that holds facts, and ADD/MOVE/COPY from an empty graph copy nothing. Copies keep each
// fact's valid time; clearing retracts (AS OF still sees what was there).
#include <vector>

#include "update/operations.hpp"

namespace annals::query::update {

namespace {

using Kind = ast::GraphTarget::Kind;

// The id of a named graph, or nullopt when the store has never seen it (then it holds nothing).
Result<std::optional<TermId>> graph_id(const ReadTxn& view, const ast::GraphTarget& t) {
  if (t.kind == Kind::kDefault) return std::optional<TermId>(kDefaultGraph);
  return view.lookup(t.iri);
}

// Every current fact of the graphs the target names.
Result<std::vector<FactRow>> facts_of(const ReadTxn& view, const ast::GraphTarget& t) {
  std::vector<FactRow> rows;
  Pattern pattern;
  if (t.kind == Kind::kGraph || t.kind == Kind::kDefault) {
    auto g = graph_id(view, t);
    if (!g) return g.status();
    if (!*g) return rows;
    pattern.g = **g;
  }
  auto cur = view.scan(pattern);
  if (!cur) return cur.status();
  for (; cur->valid(); cur->next()) {
    const FactRow& r = cur->row();
    if (t.kind == Kind::kNamed && r.g == kDefaultGraph) continue;
    rows.push_back(r);
  }
  if (auto st = cur->status(); !st) return st;
  return rows;
}

Status clear(Context& cx, const ReadTxn& view, const ast::GraphTarget& t, OperationResult& out) {
  auto rows = facts_of(view, t);
  if (!rows) return rows.status();
  for (const FactRow& r : *rows) {
    auto done = cx.txn.retract_fact(r.s, r.p, r.o, r.g, r.valid);
    if (!done) return done.status();
    out.retracted += *done ? 1 : 0;
  }
  return cx.check();
}

Status add(Context& cx, const ReadTxn& view, const ast::GraphTarget& from,
           const ast::GraphTarget& to, OperationResult& out) {
  auto rows = facts_of(view, from);
  if (!rows) return rows.status();
  TermId g = kDefaultGraph;
  if (to.kind == Kind::kGraph) {
    auto id = cx.txn.intern(to.iri);
    if (!id) return id.status();
    g = *id;
  }
  for (const FactRow& r : *rows) {
    auto done = cx.txn.assert_fact(r.s, r.p, r.o, g, r.valid);
    if (!done) return done.status();
    out.added += *done ? 1 : 0;
  }
  return cx.check();
}

bool same_graph(const ast::GraphTarget& a, const ast::GraphTarget& b) {
  return a.kind == b.kind && (a.kind != Kind::kGraph || a.iri == b.iri);
}

}  // namespace

Result<OperationResult> run_graph_management(Context& cx, const ast::UpdateOperation& op) {
  auto view = cx.txn.read_own();
  if (!view) return view.status();
  OperationResult out;
  if (op.kind == UpdateKind::kCreate) {
    auto rows = facts_of(*view, op.target);
    if (!rows) return rows.status();
    if (!rows->empty() && !op.silent) {
      return Status::failed("CREATE GRAPH <" + op.target.iri.value + ">: the graph exists");
    }
    return out;
  }
  if (auto st = clear(cx, *view, op.target, out); !st) return st;
  return out;
}

Result<OperationResult> run_transfer(Context& cx, const ast::UpdateOperation& op) {
  OperationResult out;
  // §3.2.5-§3.2.7: to the same graph, nothing happens.
  if (same_graph(op.target, op.destination)) return out;
  auto view = cx.txn.read_own();
  if (!view) return view.status();
  if (op.kind != UpdateKind::kAdd) {
    if (auto st = clear(cx, *view, op.destination, out); !st) return st;
  }
  if (auto st = add(cx, *view, op.target, op.destination, out); !st) return st;
  if (op.kind == UpdateKind::kMove) {
    if (auto st = clear(cx, *view, op.target, out); !st) return st;
  }
  return out;
}

}  // namespace annals::query::update
