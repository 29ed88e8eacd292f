// The variable table and the small helpers of the algebra types (algebra.hpp).
#include "algebra/algebra.hpp"

namespace annals::query::algebra {

Var VarTable::named(const std::string& name) { return find_or_add(name, VarOrigin::kNamed); }

Var VarTable::blank(const std::string& label) { return find_or_add(label, VarOrigin::kBlank); }

Var VarTable::fresh(VarOrigin origin) {
  std::string name = origin == VarOrigin::kAggregate ? "agg_" + std::to_string(++aggregates_)
                                                     : "P" + std::to_string(++paths_);
  names_.push_back(std::move(name));
  origins_.push_back(origin);
  return static_cast<Var>(names_.size() - 1);
}

Var VarTable::find_or_add(const std::string& name, VarOrigin origin) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (origins_[i] == origin && names_[i] == name) return static_cast<Var>(i);
  }
  names_.push_back(name);
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

}  // namespace annals::query::algebra
