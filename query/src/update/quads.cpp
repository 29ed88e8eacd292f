// Template and DATA quads to store ids (quads.hpp).
#include "update/quads.hpp"

namespace annals::query::update {

using ast::Node;

namespace {

// The term a node stands for under a binding; nullopt for an unbound variable.
std::optional<Term> term_under(const Node& n, const Binding& b) {
  if (n.is_var()) {
    auto it = b.find(n.var);
    if (it == b.end()) return std::nullopt;
    return it->second;
  }
  return n.term;
}

}  // namespace

Result<std::optional<QuadIds>> QuadResolver::for_insert(const ast::QuadPattern& q, const Binding& b,
                                                        std::size_t solution) {
  if (solution != solution_) {
    solution_ = solution;
    blanks_.clear();
  }
  return resolve(q, b, true);
}

Result<std::optional<QuadIds>> QuadResolver::for_delete(const ast::QuadPattern& q,
                                                        const Binding& b) {
  return resolve(q, b, false);
}

Result<std::optional<QuadIds>> QuadResolver::resolve(const ast::QuadPattern& q, const Binding& b,
                                                     bool insert) {
  const ast::TriplePattern& t = q.triple;
  // SPARQL 1.1 Update §3.1.3: leave out triples with unbound variables or terms where RDF
  // does not allow them.
  auto s = term_under(t.subject, b);
  auto p = term_under(t.predicate, b);
  auto o = term_under(t.object, b);
  std::optional<Term> g = q.graph ? term_under(*q.graph, b) : std::optional<Term>(default_graph_);
  if ((t.subject.kind != Node::Kind::kTriple && (!s || s->is_literal())) || !p || !p->is_iri() ||
      (t.object.kind != Node::Kind::kTriple && !o) || !g || !(g->is_iri())) {
    return std::optional<QuadIds>();
  }
  QuadIds out;
  TermId* slots[4] = {&out.s, &out.p, &out.o, &out.g};
  const Node* nodes[3] = {&t.subject, &t.predicate, &t.object};
  for (int i = 0; i < 3; ++i) {
    auto id = id_of(*nodes[i], b, insert);
    if (!id) return id.status();
    if (!*id) return std::optional<QuadIds>();
    *slots[i] = **id;
  }
  auto gid = term_id(*g, insert);
  if (!gid) return gid.status();
  if (!*gid) return std::optional<QuadIds>();
  out.g = **gid;
  if (q.names_interval()) {
    // An unbound value leaves the quad out, as an unbound term does; then time.hpp's rule,
    // the one the loaders read files by.
    std::vector<Term> values;
    for (const auto& statement : q.valid) {
      auto value = term_under(statement.second, b);
      if (!value) return std::optional<QuadIds>();
      values.push_back(std::move(*value));
    }
    IntervalRule rule;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (auto st = rule.add(q.valid[i].first, values[i]); !st) return st;
    }
    out.valid = rule.interval();
  }
  return std::optional<QuadIds>(out);
}

Result<std::optional<TermId>> QuadResolver::id_of(const Node& n, const Binding& b, bool insert) {
  if (n.kind == Node::Kind::kTriple) {
    TermId ids[3];
    for (int i = 0; i < 3; ++i) {
      auto id = id_of((*n.triple)[i], b, insert);
      if (!id || !*id) return id;
      ids[i] = **id;
    }
    if (insert) {
      auto r = txn_.intern_triple(ids[0], ids[1], ids[2]);
      if (!r) return r.status();
      return std::optional<TermId>(*r);
    }
    auto s = view_.term(ids[0]), p = view_.term(ids[1]), o = view_.term(ids[2]);
    if (!s || !p || !o) return std::optional<TermId>();
    return term_id(Term::triple_term(*s, *p, *o), false);
  }
  if (n.is_var()) {
    auto it = b.find(n.var);
    if (it == b.end()) return std::optional<TermId>();
    return term_id(it->second, insert);
  }
  if (n.term.is_blank() && insert) {
    // A template's blank node: a new one per solution (SPARQL 1.1 Update §3.1.3).
    auto [it, fresh] = blanks_.emplace(n.term.value, 0);
    if (fresh) {
      auto id = txn_.fresh_blank();
      if (!id) return id.status();
      it->second = *id;
    }
    return std::optional<TermId>(it->second);
  }
  return term_id(n.term, insert);
}

Result<std::optional<TermId>> QuadResolver::term_id(const Term& t, bool insert) {
  if (t.is_default_graph()) return std::optional<TermId>(kDefaultGraph);
  if (insert) {
    auto r = txn_.intern(t);
    if (!r) return r.status();
    return std::optional<TermId>(*r);
  }
  return view_.lookup(t);
}

}  // namespace annals::query::update
