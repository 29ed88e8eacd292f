// The variable table, the small helpers of the algebra types, the walk over their variables
// and their deep copies (algebra.hpp).
#include "algebra/algebra.hpp"

namespace annals::query::algebra {

namespace {

// The slot of name in the parallel lists names/slots, or -1.
long find(const std::vector<std::string>& names, const std::vector<Var>& slots,
          const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<long>(slots[i]);
  }
  return -1;
}

}  // namespace

Var VarTable::named(const std::string& name) {
  long slot = find(scope_.names, scope_.slots, name);
  if (slot >= 0) return static_cast<Var>(slot);
  Var v = add(depth_ + name, VarOrigin::kNamed);
  scope_.names.push_back(name);
  scope_.slots.push_back(v);
  return v;
}

Var VarTable::blank(const std::string& label) {
  long slot = find(blanks_, blank_slots_, label);
  if (slot >= 0) return static_cast<Var>(slot);
  Var v = add(label, VarOrigin::kBlank);
  blanks_.push_back(label);
  blank_slots_.push_back(v);
  return v;
}

Var VarTable::fresh(VarOrigin origin) {
  return add(origin == VarOrigin::kAggregate ? "agg_" + std::to_string(++aggregates_)
                                             : "P" + std::to_string(++paths_),
             origin);
}

VarTable::Scope VarTable::enter_scope(const std::vector<std::string>& shared) {
  Scope inner;
  for (const std::string& name : shared) {
    inner.names.push_back(name);
    inner.slots.push_back(named(name));
  }
  depth_ += '/';
  std::swap(inner, scope_);
  return inner;
}

void VarTable::leave_scope(Scope outer) {
  scope_ = std::move(outer);
  depth_.pop_back();
}

Var VarTable::add(std::string name, VarOrigin origin) {
  names_.push_back(std::move(name));
  origins_.push_back(origin);
  return static_cast<Var>(names_.size() - 1);
}

Node Node::variable(Var v) {
  Node n;
  n.kind = Kind::kVar;
  n.var = v;
  return n;
}

Node Node::of(Term t) {
  Node n;
  n.kind = Kind::kTerm;
  n.term = std::move(t);
  return n;
}

Expr::Expr() = default;
Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;
Expr::~Expr() = default;

Expr Expr::variable(Var v) {
  Expr e;
  e.node = Node::variable(v);
  return e;
}

const char* bound_name(ValidBound b) {
  // time.hpp's "annals:validFrom" without its prefix (a literal's tail: NUL-terminated).
  return ::annals::bound_name(b).substr(std::string_view("annals:").size()).data();
}

void visit_vars(const Node& n, const VarVisitor& f) {
  if (n.kind == Node::Kind::kVar) f(n.var);
  if (n.kind == Node::Kind::kTriple)
    for (const Node& part : *n.triple) visit_vars(part, f);
}

void visit_vars(const TriplePattern& t, const VarVisitor& f) {
  visit_vars(t.subject, f);
  visit_vars(t.predicate, f);
  visit_vars(t.object, f);
  for (const ValidOutput& v : t.valid) visit_vars(v.value, f);
}

void visit_vars(const Expr& e, const VarVisitor& f) {
  if (e.kind == Expr::Kind::kNode) visit_vars(e.node, f);
  for (const Expr& a : e.args) visit_vars(a, f);
  if (e.pattern) visit_vars(*e.pattern, f);
}

// Fields a kind does not use hold defaults without variables (Node() is a term), except
// `var`, which only kExtend reads.
void visit_vars(const Op& op, const VarVisitor& f) {
  for (const TriplePattern& t : op.triples) visit_vars(t, f);
  visit_vars(op.subject, f);
  visit_vars(op.object, f);
  visit_vars(op.name, f);
  if (op.kind == Op::Kind::kExtend) f(op.var);
  for (const Expr& e : op.exprs) visit_vars(e, f);
  visit_vars(op.expr, f);
  for (const GroupKey& k : op.keys) {
    if (k.var) f(*k.var);
    visit_vars(k.expr, f);
  }
  for (const Aggregation& a : op.aggregates) {
    f(a.var);
    visit_vars(a.expr, f);
  }
  for (Var v : op.table.vars) f(v);
  for (const SortKey& k : op.order) visit_vars(k.expr, f);
  for (Var v : op.vars) f(v);
  for (const OpPtr& c : op.children) visit_vars(*c, f);
}

namespace {

std::vector<Expr> clone_all(const std::vector<Expr>& list) {
  std::vector<Expr> out;
  for (const Expr& e : list) out.push_back(clone(e));
  return out;
}

}  // namespace

Expr clone(const Expr& e) {
  Expr out;
  out.kind = e.kind;
  out.op = e.op;
  out.node = e.node;
  out.iri = e.iri;
  out.args = clone_all(e.args);
  out.distinct = e.distinct;
  out.separator = e.separator;
  if (e.pattern) out.pattern = clone(*e.pattern);
  return out;
}

OpPtr clone(const Op& op) {
  auto out = std::make_unique<Op>(op.kind);
  for (const OpPtr& child : op.children) out->children.push_back(clone(*child));
  out->triples = op.triples;
  out->subject = op.subject;
  out->object = op.object;
  out->path = op.path;
  out->exprs = clone_all(op.exprs);
  out->name = op.name;
  out->silent = op.silent;
  out->var = op.var;
  out->expr = clone(op.expr);
  for (const GroupKey& k : op.keys) out->keys.push_back({k.var, clone(k.expr)});
  for (const Aggregation& a : op.aggregates) out->aggregates.push_back({a.var, clone(a.expr)});
  out->table = op.table;
  for (const SortKey& k : op.order) out->order.push_back({clone(k.expr), k.descending});
  out->vars = op.vars;
  out->offset = op.offset;
  out->limit = op.limit;
  return out;
}

}  // namespace annals::query::algebra
