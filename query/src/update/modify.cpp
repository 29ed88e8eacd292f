// Graph update (SPARQL 1.1 Update §3.1): INSERT DATA, DELETE DATA, DELETE/INSERT ... WHERE,
// DELETE WHERE, and LOAD through the caller's hook. A delete retracts: every current fact
// of the quad (all its valid-time intervals), or only the one whose interval the template
// names.
#include <memory>

#include "ast/parsed_query.hpp"
#include "update/operations.hpp"
#include "update/quads.hpp"

namespace annals::query::update {

Status Context::check() const {
  if (options.cancel && options.cancel->load()) return {StatusCode::kCancelled, "update cancelled"};
  if (deadline && std::chrono::steady_clock::now() > *deadline) {
    return {StatusCode::kCancelled, "update timed out"};
  }
  return Status::ok();
}

std::optional<std::chrono::milliseconds> Context::remaining() const {
  if (!deadline) return std::nullopt;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      *deadline - std::chrono::steady_clock::now());
  return std::max(left, std::chrono::milliseconds(1));
}

namespace {

// Retracts the facts of a quad: the one with the named interval, or every current one.
Result<std::uint64_t> retract(WriteTxn& txn, const ReadTxn& view, const QuadIds& q) {
  if (q.valid) {
    auto r = txn.retract_fact(q.s, q.p, q.o, q.g, *q.valid);
    if (!r) return r.status();
    return *r ? 1u : 0u;
  }
  auto cur = view.scan(Pattern{q.s, q.p, q.o, q.g});
  if (!cur) return cur.status();
  std::vector<ValidTime> intervals;
  for (; cur->valid(); cur->next()) intervals.push_back(cur->row().valid);
  if (auto st = cur->status(); !st) return st;
  std::uint64_t n = 0;
  for (const ValidTime& v : intervals) {
    auto r = txn.retract_fact(q.s, q.p, q.o, q.g, v);
    if (!r) return r.status();
    n += *r ? 1 : 0;
  }
  return n;
}

Result<std::uint64_t> insert(WriteTxn& txn, const QuadIds& q) {
  auto r = txn.assert_fact(q.s, q.p, q.o, q.g, q.valid.value_or(ValidTime{}));
  if (!r) return r.status();
  return *r ? 1u : 0u;
}

// Applies the templates to each solution: every delete, then every insert (§3.1.3).
Result<OperationResult> apply(Context& cx, const ReadTxn& view, const ast::UpdateOperation& op,
                              const std::vector<Binding>& solutions) {
  Term default_graph = op.with ? *op.with : Term::iri({});
  QuadResolver resolver(cx.txn, view, default_graph);
  OperationResult out;
  std::vector<QuadIds> deletes, inserts;
  for (std::size_t i = 0; i < solutions.size(); ++i) {
    for (const auto& q : op.remove) {
      auto r = resolver.for_delete(q, solutions[i]);
      if (!r) return r.status();
      if (*r) deletes.push_back(**r);
    }
    for (const auto& q : op.insert) {
      auto r = resolver.for_insert(q, solutions[i], i);
      if (!r) return r.status();
      if (*r) inserts.push_back(**r);
    }
  }
  for (const QuadIds& q : deletes) {
    auto n = retract(cx.txn, view, q);
    if (!n) return n.status();
    out.retracted += *n;
  }
  for (const QuadIds& q : inserts) {
    auto n = insert(cx.txn, q);
    if (!n) return n.status();
    out.added += *n;
  }
  return out;
}

// The solutions of the operation's WHERE, read in full before anything changes.
Result<std::vector<Binding>> solve(Context& cx, const ReadTxn& view,
                                   const ast::UpdateOperation& op) {
  auto impl = std::make_unique<ParsedQuery::Impl>(ast::Query{});
  ast::Query* q = &impl->tree;
  q->select_all = true;
  q->where = op.where;
  // §3.1.3: USING / USING NAMED (or the protocol's using-graph-uri) name the dataset; else
  // WITH's graph is the default graph and the named graphs stay those of the store: the
  // pattern runs as GRAPH <with> { pattern }, where a GRAPH inside still picks its own graph.
  if (cx.options.dataset) {
    q->from = cx.options.dataset->default_graphs;
    q->from_named = cx.options.dataset->named_graphs;
  } else if (!op.using_default.empty() || !op.using_named.empty()) {
    q->from = op.using_default;
    q->from_named = op.using_named;
  } else if (op.with) {
    ast::Element graph;
    graph.kind = ast::Element::Kind::kGraph;
    graph.name = ast::Node::of(*op.with);
    graph.groups.push_back(std::move(*q->where));
    q->where = ast::GroupPattern{};
    q->where->elements.push_back(std::move(graph));
  }
  ParsedQuery parsed(std::move(impl));
  QueryOptions qo;
  qo.union_default_graph = cx.options.union_default_graph;
  qo.cancel = cx.options.cancel;
  qo.timeout = cx.remaining();
  qo.memory_limit = cx.options.memory_limit;
  auto sol = execute(view, parsed, qo);
  if (!sol) return sol.status();
  const auto& vars = sol->variables();
  std::vector<Binding> out;
  std::vector<std::optional<Term>> row;
  for (;;) {
    auto more = sol->next(row);
    if (!more) return more.status();
    if (!*more) break;
    Binding b;
    for (std::size_t i = 0; i < vars.size(); ++i) {
      if (row[i]) b.emplace(vars[i], std::move(*row[i]));
    }
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace

Result<OperationResult> run_data(Context& cx, const ast::UpdateOperation& op) {
  auto view = cx.txn.read_own();
  if (!view) return view.status();
  return apply(cx, *view, op, std::vector<Binding>(1));
}

Result<OperationResult> run_modify(Context& cx, const ast::UpdateOperation& op) {
  auto view = cx.txn.read_own();
  if (!view) return view.status();
  auto solutions = solve(cx, *view, op);
  if (!solutions) return solutions.status();
  return apply(cx, *view, op, *solutions);
}

Result<OperationResult> run_load(Context& cx, const ast::UpdateOperation& op) {
  if (!cx.options.allow_load || !cx.options.load) {
    return Status::not_supported("LOAD is not allowed here");
  }
  LoadRequest req;
  req.source = op.source.value;
  if (op.into) req.into_graph = op.into->value;
  req.silent = op.silent;
  auto n = cx.options.load(cx.txn, req);
  OperationResult out;
  if (!n) {
    if (op.silent) return out;  // §3.2.1: LOAD SILENT succeeds whatever happens
    return n.status();
  }
  out.added = *n;
  return out;
}

}  // namespace annals::query::update
