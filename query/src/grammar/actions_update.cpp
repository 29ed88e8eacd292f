// The actions of SPARQL 1.1 Update's grammar and the builder's update steps: operations,
// graph targets, and quad blocks (templates and DATA) with the static rules of SPARQL 1.1
// Update §19.6 checked as each block closes, and valid-time annotations folded into quads.
#include <algorithm>

#include "grammar/actions.hpp"

namespace annals::query::grammar {

using ast::Node;

namespace {

bool is_iri(const Node& n, std::string_view iri) {
  return n.kind == Node::Kind::kTerm && n.term.is_iri() && n.term.value == iri;
}

bool same_node(const Node& a, const Node& b) {
  if (a.kind != b.kind) return false;
  if (a.is_var()) return a.var == b.var;
  if (a.kind == Node::Kind::kTerm) return a.term == b.term;
  for (std::size_t i = 0; i < 3; ++i) {
    if (!same_node((*a.triple)[i], (*b.triple)[i])) return false;
  }
  return true;
}

bool same_graph(const std::optional<Node>& a, const std::optional<Node>& b) {
  return a.has_value() == b.has_value() && (!a || same_node(*a, *b));
}

// Whether a node is, or holds, something of this kind: a variable or a blank node.
bool holds(const Node& n, bool want_var) {
  if (n.kind == Node::Kind::kTriple) {
    return std::any_of(n.triple->begin(), n.triple->end(),
                       [&](const Node& part) { return holds(part, want_var); });
  }
  return want_var ? n.is_var() : (n.kind == Node::Kind::kTerm && n.term.is_blank());
}

bool quad_holds(const ast::QuadPattern& q, bool want_var) {
  const ast::TriplePattern& t = q.triple;
  for (const Node* n : {&t.subject, &t.predicate, &t.object}) {
    if (holds(*n, want_var)) return true;
  }
  if (q.graph && holds(*q.graph, want_var)) return true;
  for (const auto& [bound, value] : q.valid) {
    if (holds(value, want_var)) return true;
  }
  return false;
}

// How many times the blank node r occurs in the block.
std::size_t uses(const std::vector<ast::QuadPattern>& quads, std::size_t from, const Node& r) {
  std::size_t n = 0;
  auto count = [&](const Node& x, auto& self) -> void {
    if (x.kind == Node::Kind::kTriple) {
      for (const Node& part : *x.triple) self(part, self);
    } else if (same_node(x, r)) {
      ++n;
    }
  };
  for (std::size_t i = from; i < quads.size(); ++i) {
    const ast::TriplePattern& t = quads[i].triple;
    for (const Node* x : {&t.subject, &t.predicate, &t.object}) count(*x, count);
  }
  return n;
}

// Folds one annotation `r rdf:reifies <<( s p o )>> . r annals:validX v ...` into the quad
// s p o it annotates, when r is a blank node said nothing else of and the quad is in the
// same block and graph: the store keeps valid time with the fact (docs/DESIGN.md, "Facts in time").
// Returns whether it folded; the folded statements are then erased.
bool fold_one(std::vector<ast::QuadPattern>& quads, std::size_t from, std::size_t at) {
  const ast::QuadPattern& reifies = quads[at];
  const Node& r = reifies.triple.subject;
  if (!(r.kind == Node::Kind::kTerm && r.term.is_blank()) ||
      !is_iri(reifies.triple.predicate, kRdfReifies) ||
      reifies.triple.object.kind != Node::Kind::kTriple) {
    return false;
  }
  std::vector<std::size_t> bounds;
  for (std::size_t i = from; i < quads.size(); ++i) {
    const ast::TriplePattern& t = quads[i].triple;
    if (i == at || !same_node(t.subject, r)) continue;
    if (!same_graph(quads[i].graph, reifies.graph)) return false;
    const Node& p = t.predicate;
    if (p.kind != Node::Kind::kTerm || !p.term.is_iri() || !time_bound_of(p.term.value)) {
      return false;
    }
    bounds.push_back(i);
  }
  if (bounds.empty() || uses(quads, from, r) != bounds.size() + 1) return false;
  const auto& spo = *reifies.triple.object.triple;
  auto target = std::find_if(quads.begin() + static_cast<std::ptrdiff_t>(from), quads.end(),
                             [&](const ast::QuadPattern& q) {
                               return !q.names_interval() && same_graph(q.graph, reifies.graph) &&
                                      same_node(q.triple.subject, spo[0]) &&
                                      same_node(q.triple.predicate, spo[1]) &&
                                      same_node(q.triple.object, spo[2]) && !q.triple.path;
                             });
  if (target == quads.end()) return false;
  for (std::size_t i : bounds) {
    const ast::TriplePattern& t = quads[i].triple;
    target->valid.emplace_back(*time_bound_of(t.predicate.term.value), t.object);
  }
  bounds.push_back(at);
  std::sort(bounds.rbegin(), bounds.rend());
  for (std::size_t i : bounds) quads.erase(quads.begin() + static_cast<std::ptrdiff_t>(i));
  return true;
}

void fold_annotations(std::vector<ast::QuadPattern>& quads, std::size_t from) {
  for (std::size_t i = from; i < quads.size();) {
    if (!fold_one(quads, from, i))
      ++i;
    else
      i = from;  // positions moved: start over (blocks are small)
  }
}

}  // namespace

// --- builder steps --------------------------------------------------------------------------

void Builder::begin_operation(UpdateKind kind) {
  ast::UpdateOperation op;
  op.kind = kind;
  op.at = offset();
  update.operations.push_back(std::move(op));
  targets_ = 0;
}

void Builder::template_label(const std::string& name) {
  auto [it, fresh_label] = template_labels_.emplace(name, update.operations.size());
  if (!fresh_label && it->second != update.operations.size()) {
    fail("blank node _:" + name + " is used in two operations of the request");
  }
}

void Builder::begin_quads(std::vector<ast::QuadPattern>& out) {
  enter();
  in_template = true;
  quad_triples_.clear();
  template_out = &quad_triples_;
  quads_out_ = &out;
  quad_graph_.reset();
}

void Builder::move_quads(std::size_t from, const std::optional<Node>& graph) {
  for (std::size_t i = from; i < quad_triples_.size(); ++i) {
    quads_out_->push_back(ast::QuadPattern{std::move(quad_triples_[i]), graph, {}});
  }
  quad_triples_.resize(from);
}

void Builder::begin_quads_graph() {
  quad_graph_ = pop_node();
  quad_graph_mark_ = quad_triples_.size();
}

void Builder::end_quads_graph() {
  move_quads(quad_graph_mark_, quad_graph_);
  quad_graph_.reset();
}

void Builder::end_quads() {
  leave();
  in_template = false;
  template_out = nullptr;
  move_quads(0, std::nullopt);
  fold_annotations(*quads_out_, 0);
  const ast::UpdateOperation& op = operation();
  bool is_data = op.kind == UpdateKind::kInsertData || op.kind == UpdateKind::kDeleteData;
  bool removing = quads_out_ == &operation().remove;
  for (const ast::QuadPattern& q : *quads_out_) {
    // SPARQL 1.1 Update §19.6 (grammar notes on QuadData and DELETE templates).
    if (is_data && quad_holds(q, true)) fail("a DATA block cannot hold variables");
    if (removing && quad_holds(q, false)) {
      fail("a DELETE template or DELETE DATA cannot hold blank nodes");
    }
  }
  quads_out_ = nullptr;
}

void Builder::graph_target(ast::GraphTarget::Kind kind) {
  ast::GraphTarget t;
  t.kind = kind;
  if (kind == ast::GraphTarget::Kind::kGraph) t.iri = pop_node().term;
  ast::UpdateOperation& op = operation();
  if (op.kind == UpdateKind::kLoad) {
    op.into = t.iri;
  } else if (targets_++ == 0) {
    op.target = std::move(t);
  } else {
    op.destination = std::move(t);
  }
}

// --- actions --------------------------------------------------------------------------------

void action<LoadKeyword>::run(Builder& b) { b.begin_operation(UpdateKind::kLoad); }
void action<ClearKeyword>::run(Builder& b) { b.begin_operation(UpdateKind::kClear); }
void action<DropKeyword>::run(Builder& b) { b.begin_operation(UpdateKind::kDrop); }
void action<CreateKeyword>::run(Builder& b) { b.begin_operation(UpdateKind::kCreate); }
void action<AddKeyword>::run(Builder& b) { b.begin_operation(UpdateKind::kAdd); }
void action<MoveKeyword>::run(Builder& b) { b.begin_operation(UpdateKind::kMove); }
void action<CopyKeyword>::run(Builder& b) { b.begin_operation(UpdateKind::kCopy); }
void action<InsertDataKeyword>::run(Builder& b) {
  b.begin_operation(UpdateKind::kInsertData);
  b.begin_quads(b.operation().insert);
}
void action<DeleteDataKeyword>::run(Builder& b) {
  b.begin_operation(UpdateKind::kDeleteData);
  b.begin_quads(b.operation().remove);
}
void action<DeleteWhereKeyword>::run(Builder& b) {
  b.begin_operation(UpdateKind::kDeleteWhere);
  b.begin_quads(b.operation().remove);
}
void action<ModifyStart>::run(Builder& b) { b.begin_operation(UpdateKind::kModify); }
void action<DeleteKeyword>::run(Builder& b) { b.begin_quads(b.operation().remove); }
void action<InsertKeyword>::run(Builder& b) { b.begin_quads(b.operation().insert); }
void action<QuadsGraphName>::run(Builder& b) { b.begin_quads_graph(); }
void action<QuadsGraphClose>::run(Builder& b) { b.end_quads_graph(); }
void action<QuadsClose>::run(Builder& b) { b.end_quads(); }

void action<UpdateSilent>::run(Builder& b) { b.operation().silent = true; }
void action<GraphIri>::run(Builder& b) { b.graph_target(ast::GraphTarget::Kind::kGraph); }
void action<TargetDefault>::run(Builder& b) { b.graph_target(ast::GraphTarget::Kind::kDefault); }
void action<TargetNamed>::run(Builder& b) { b.graph_target(ast::GraphTarget::Kind::kNamed); }
void action<TargetAll>::run(Builder& b) { b.graph_target(ast::GraphTarget::Kind::kAll); }
void action<LoadSource>::run(Builder& b) { b.operation().source = b.pop_node().term; }
void action<WithIri>::run(Builder& b) { b.operation().with = b.pop_node().term; }
void action<UsingIri>::run(Builder& b) { b.operation().using_default.push_back(b.pop_node().term); }
void action<UsingNamedIri>::run(Builder& b) {
  b.operation().using_named.push_back(b.pop_node().term);
}
// DELETE WHERE { quads }: the quads are also the pattern (SPARQL 1.1 Update §3.1.3.3).
void action<DeleteWhere>::run(Builder& b) {
  ast::UpdateOperation& op = b.operation();
  ast::GroupPattern where;
  for (const ast::QuadPattern& q : op.remove) {
    if (q.names_interval()) b.fail("DELETE WHERE cannot name a valid time: use DELETE ... WHERE");
    ast::Element* e = nullptr;
    if (q.graph) {
      auto& elements = where.elements;
      auto it = std::find_if(elements.begin(), elements.end(), [&](const ast::Element& x) {
        return x.kind == ast::Element::Kind::kGraph && same_node(x.name, *q.graph);
      });
      if (it == elements.end()) {
        ast::Element g;
        g.kind = ast::Element::Kind::kGraph;
        g.name = *q.graph;
        g.groups.emplace_back();
        g.groups.back().elements.emplace_back();
        elements.push_back(std::move(g));
        it = elements.end() - 1;
      }
      e = &it->groups.back().elements.back();
    } else {
      if (where.elements.empty() || where.elements.front().kind != ast::Element::Kind::kTriples) {
        where.elements.insert(where.elements.begin(), ast::Element{});
      }
      e = &where.elements.front();
    }
    e->triples.push_back(q.triple);
  }
  op.where = std::move(where);
}
void action<ModifyWhere>::run(Builder& b) { b.operation().where = b.pop_done(); }

}  // namespace annals::query::grammar
