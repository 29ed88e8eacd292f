// Variable scope (SPARQL 1.1 §18.2.1) and the static checks that need it.
#include "ast/scope.hpp"

#include <algorithm>

namespace annals::query::ast {

namespace {

class Vars {
 public:
  void add(const std::string& v) {
    if (!has(v)) list_.push_back(v);
  }
  bool has(const std::string& v) const {
    return std::find(list_.begin(), list_.end(), v) != list_.end();
  }
  std::vector<std::string>& list() { return list_; }

 private:
  std::vector<std::string> list_;
};

void add_node(const Node& n, Vars& out) {
  if (n.kind == Node::Kind::kVar && !n.hidden && !n.var.empty()) out.add(n.var);
  if (n.kind == Node::Kind::kTriple) {
    for (const Node& part : *n.triple) add_node(part, out);
  }
}

void add_group(const GroupPattern& g, Vars& out);

// §18.2.1: what each element puts in scope. FILTER and MINUS put nothing; a subquery only
// what it projects.
void add_element(const Element& e, Vars& out) {
  switch (e.kind) {
    case Element::Kind::kTriples:
      for (const TriplePattern& t : e.triples) {
        add_node(t.subject, out);
        if (!t.path) add_node(t.predicate, out);
        add_node(t.object, out);
      }
      break;
    case Element::Kind::kFilter:
    case Element::Kind::kMinus:
      break;
    case Element::Kind::kGraph:
    case Element::Kind::kService:
      add_node(e.name, out);
      add_group(e.groups[0], out);
      break;
    case Element::Kind::kOptional:
    case Element::Kind::kUnion:
    case Element::Kind::kGroup:
      for (const GroupPattern& g : e.groups) add_group(g, out);
      break;
    case Element::Kind::kBind:
      out.add(e.var);
      break;
    case Element::Kind::kValues:
      for (const std::string& v : e.data.vars) out.add(v);
      break;
    case Element::Kind::kSubSelect:
      for (const std::string& v : projected(e.subquery[0])) out.add(v);
      break;
  }
}

void add_group(const GroupPattern& g, Vars& out) {
  for (const Element& e : g.elements) add_element(e, out);
}

// Variables of an expression outside aggregates.
void free_vars(const Expr& e, Vars& out) {
  if (e.kind == Expr::Kind::kAggregate || e.kind == Expr::Kind::kExists) return;
  if (e.kind == Expr::Kind::kNode) add_node(e.node, out);
  for (const Expr& a : e.args) free_vars(a, out);
}

std::optional<ScopeError> check_group(const GroupPattern& g);
std::optional<ScopeError> check_query(const Query& q);

std::optional<ScopeError> check_expr(const Expr& e) {
  for (const GroupPattern& g : e.pattern) {
    if (auto err = check_group(g)) return err;
  }
  for (const Expr& a : e.args) {
    if (auto err = check_expr(a)) return err;
  }
  return std::nullopt;
}

// BIND: "The variable introduced by a BIND clause must not have been used in the group
// graph pattern up to the point of use in BIND" (§18.2.1).
std::optional<ScopeError> check_group(const GroupPattern& g) {
  Vars before;
  for (const Element& e : g.elements) {
    if (e.kind == Element::Kind::kBind && before.has(e.var)) {
      return ScopeError{
          "?" + e.var + " is already in scope here: BIND must introduce a new variable", e.at};
    }
    if (auto err = check_expr(e.expr)) return err;
    for (const GroupPattern& sub : e.groups) {
      if (auto err = check_group(sub)) return err;
    }
    for (const Query& sub : e.subquery) {
      if (auto err = check_query(sub)) return err;
    }
    add_element(e, before);
  }
  return std::nullopt;
}

std::optional<ScopeError> check_query(const Query& q) {
  if (q.where) {
    if (auto err = check_group(*q.where)) return err;
  }
  // Group keys: GROUP BY ?v and GROUP BY (expr AS ?v).
  bool grouped = !q.group_by.empty() || q.has_aggregates;
  Vars keys;
  for (const GroupCondition& c : q.group_by) {
    if (c.var) {
      keys.add(*c.var);
    } else if (c.expr.kind == Expr::Kind::kNode && c.expr.node.is_var()) {
      keys.add(c.expr.node.var);
    }
  }
  // §18.2.4.4: in SELECT (expr AS ?v), ?v must not be in scope: in the pattern, or in a
  // grouped query among the group keys (the pattern's other variables are gone by then).
  Vars pattern;
  if (q.where) add_group(*q.where, pattern);
  const Vars& visible = grouped ? keys : pattern;
  for (const Projection& p : q.projection) {
    if (p.expr && visible.has(p.var)) {
      return ScopeError{"?" + p.var + " is already in scope" +
                            (grouped ? " as a group key" : " in the WHERE pattern") +
                            ": (... AS ?" + p.var + ") must introduce a new variable",
                        p.at};
    }
    if (p.expr) {
      if (auto err = check_expr(*p.expr)) return err;
    }
  }
  if (!grouped) return std::nullopt;
  if (q.select_all && q.form == Form::kSelect) {
    return ScopeError{"SELECT * is not allowed with GROUP BY or aggregates: list the variables",
                      q.select_at};
  }
  // §19.8 note 12 / §18.2.4.1: outside aggregates, a grouped query may only use the group
  // keys and the variables projected before.
  for (const Projection& p : q.projection) {
    Vars used;
    if (p.expr) {
      free_vars(*p.expr, used);
    } else {
      used.add(p.var);
    }
    for (const std::string& v : used.list()) {
      if (!keys.has(v)) {
        return ScopeError{
            "?" + v +
                " is neither grouped nor aggregated: add it to GROUP BY or use it in an aggregate",
            p.at};
      }
    }
    if (p.expr) keys.add(p.var);
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> in_scope(const GroupPattern& g) {
  Vars out;
  add_group(g, out);
  return std::move(out.list());
}

std::vector<std::string> projected(const Query& q) {
  if (q.form != Form::kSelect) return {};
  if (q.select_all) {
    Vars out;
    if (q.where) add_group(*q.where, out);
    if (q.values) {
      for (const std::string& v : q.values->vars) out.add(v);
    }
    return std::move(out.list());
  }
  std::vector<std::string> out;
  for (const Projection& p : q.projection) out.push_back(p.var);
  return out;
}

std::optional<ScopeError> check_scope(const Query& q) { return check_query(q); }

}  // namespace annals::query::ast
