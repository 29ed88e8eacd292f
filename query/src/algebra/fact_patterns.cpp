// The rewrite of annotation groups on valid time into fact patterns (fact_patterns.hpp).
#include "algebra/fact_patterns.hpp"

#include <algorithm>

#include "annals/time.hpp"

namespace annals::query::algebra {

namespace {

// The bound an annotation predicate names, or nullopt for any other predicate.
std::optional<ValidBound> bound_of(const Node& predicate) {
  if (predicate.kind != Node::Kind::kTerm || !predicate.term.is_iri()) return std::nullopt;
  return time_bound_of(predicate.term.value);
}

bool is_reifies(const TriplePattern& t) {
  return t.subject.is_var() && t.predicate.kind == Node::Kind::kTerm && t.predicate.term.is_iri() &&
         t.predicate.term.value == kRdfReifies && t.object.kind == Node::Kind::kTriple &&
         t.object.triple->size() == 3;
}

bool same_node(const Node& a, const Node& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Node::Kind::kVar:
      return a.var == b.var;
    case Node::Kind::kTerm:
      return a.term == b.term;
    case Node::Kind::kTriple:
      break;
  }
  for (std::size_t i = 0; i < 3; ++i)
    if (!same_node((*a.triple)[i], (*b.triple)[i])) return false;
  return true;
}

bool same_quad_pattern(const TriplePattern& a, const TriplePattern& b) {
  return same_node(a.subject, b.subject) && same_node(a.predicate, b.predicate) &&
         same_node(a.object, b.object);
}

// How often each variable occurs anywhere in the query.
std::vector<std::size_t> count_uses(const Query& q) {
  std::vector<std::size_t> uses(q.vars.size(), 0);
  const VarVisitor count = [&](Var v) { ++uses[v]; };
  visit_vars(*q.root, count);
  for (Var v : q.projection) count(v);
  for (const TriplePattern& t : q.construct_template) visit_vars(t, count);
  for (const Node& n : q.describe) visit_vars(n, count);
  return uses;
}

// Folds the group of the rdf:reifies triple at `at` into it, marking its annotation
// triples in `drop`; false (nothing changed) when the group does not qualify.
bool fold_group(std::vector<TriplePattern>& triples, std::size_t at,
                const std::vector<std::size_t>& uses, std::vector<bool>& drop) {
  const Var r = triples[at].subject.var;
  std::vector<ValidOutput> outputs;
  std::vector<std::size_t> members;
  for (std::size_t i = 0; i < triples.size(); ++i) {
    const TriplePattern& t = triples[i];
    if (i == at || !t.subject.is_var() || t.subject.var != r) continue;
    auto bound = bound_of(t.predicate);
    // Another predicate on R, or a triple term as a value (never a date): leave the group.
    if (!bound || t.object.kind == Node::Kind::kTriple || t.is_fact()) return false;
    outputs.push_back({*bound, t.object});
    members.push_back(i);
  }
  // R's occurrences as these subjects must be all of them.
  if (outputs.empty() || uses[r] != members.size() + 1) return false;
  const auto& parts = *triples[at].object.triple;
  triples[at] = TriplePattern{parts[0], parts[1], parts[2], std::move(outputs)};
  for (std::size_t i : members) drop[i] = true;
  return true;
}

void fold_bgp(std::vector<TriplePattern>& triples, const std::vector<std::size_t>& uses) {
  std::vector<bool> drop(triples.size(), false);
  bool folded = false;
  for (std::size_t i = 0; i < triples.size(); ++i)
    if (!drop[i] && !triples[i].is_fact() && is_reifies(triples[i]))
      folded = fold_group(triples, i, uses, drop) || folded;
  if (!folded) return;
  std::vector<TriplePattern> kept;
  for (std::size_t i = 0; i < triples.size(); ++i) {
    if (drop[i]) continue;
    const TriplePattern& t = triples[i];
    const bool implied =
        !t.is_fact() && std::any_of(triples.begin(), triples.end(), [&](const auto& f) {
          return f.is_fact() && same_quad_pattern(f, t);
        });
    if (!implied) kept.push_back(std::move(triples[i]));
  }
  triples = std::move(kept);
}

void fold_op(Op& op, const std::vector<std::size_t>& uses);

void fold_expr(Expr& e, const std::vector<std::size_t>& uses) {
  for (Expr& a : e.args) fold_expr(a, uses);
  if (e.pattern) fold_op(*e.pattern, uses);
}

void fold_op(Op& op, const std::vector<std::size_t>& uses) {
  if (op.kind == Op::Kind::kBgp) fold_bgp(op.triples, uses);
  for (Expr& e : op.exprs) fold_expr(e, uses);
  fold_expr(op.expr, uses);
  for (GroupKey& k : op.keys) fold_expr(k.expr, uses);
  for (Aggregation& a : op.aggregates) fold_expr(a.expr, uses);
  for (SortKey& k : op.order) fold_expr(k.expr, uses);
  for (OpPtr& c : op.children) fold_op(*c, uses);
}

}  // namespace

void fold_fact_patterns(Query& q) {
  if (!q.root) return;
  fold_op(*q.root, count_uses(q));
}

}  // namespace annals::query::algebra
