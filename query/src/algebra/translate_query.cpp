// One query level to algebra, SPARQL 1.1 §18.2.4-5, in the spec's order: the pattern,
// grouping and aggregates, HAVING, the trailing VALUES, SELECT expressions, then ORDER BY,
// projection, DISTINCT or REDUCED, and OFFSET/LIMIT; and the query forms around it.
#include <utility>

#include "algebra/printer.hpp"
#include "algebra/translate.hpp"
#include "ast/scope.hpp"

namespace annals::query::algebra {

bool Aggregates::visible(Var v) const {
  for (Var shown : visible_) {
    if (shown == v) return true;
  }
  return false;
}

Var Aggregates::add(Expr aggregate) {
  std::string printed = to_sse(aggregate, vars_);
  for (std::size_t i = 0; i < printed_.size(); ++i) {
    if (printed_[i] == printed) return list_[i].var;
  }
  printed_.push_back(std::move(printed));
  Var v = vars_.fresh(VarOrigin::kAggregate);
  list_.push_back({v, std::move(aggregate)});
  return v;
}

OpPtr Translator::query_level(const ast::Query& q, std::vector<Var>& projection) {
  OpPtr p = q.where ? group(*q.where) : std::make_unique<Op>(Op::Kind::kBgp);

  // §18.2.4.1: GROUP BY, or Group((1), P) when an aggregate appears without it. Each
  // aggregate of the SELECT expressions, then HAVING, then ORDER BY becomes Ai and is
  // replaced by agg_i where it was written.
  bool grouped = !q.group_by.empty() || q.has_aggregates;
  Aggregates aggregates(vars_);
  Aggregates* agg = grouped ? &aggregates : nullptr;
  std::vector<GroupKey> keys;
  for (const ast::GroupCondition& c : q.group_by) {
    GroupKey& k = keys.emplace_back();
    k.expr = expr(c.expr);
    if (c.var) {
      k.var = vars_.named(*c.var);
    } else if (k.expr.kind == Expr::Kind::kNode && k.expr.node.is_var()) {
      k.var = k.expr.node.var;
    }
    if (k.var) aggregates.show(*k.var);
  }
  std::vector<std::pair<Var, Expr>> selected;  // E of §18.2.4.4
  for (const ast::Projection& item : q.projection) {
    if (item.expr) {
      Var v = vars_.named(item.var);
      selected.emplace_back(v, expr(*item.expr, agg));
      aggregates.show(v);
    }
  }
  std::vector<Expr> having;
  for (const ast::Expr& h : q.having) having.push_back(expr(h, agg));
  std::vector<SortKey> order;
  for (const ast::OrderCondition& c : q.order_by) {
    order.push_back({expr(c.expr, agg), c.descending});
  }
  if (grouped) {
    p = make_op(Op::Kind::kGroup, std::move(p));
    p->keys = std::move(keys);
    p->aggregates = aggregates.take();
  }

  // §18.2.4.2 HAVING: a filter over the groups.
  if (!having.empty()) {
    p = make_op(Op::Kind::kFilter, std::move(p));
    p->exprs = std::move(having);
  }
  // §18.2.4.3: the trailing VALUES joins the result so far.
  if (q.values) {
    auto t = std::make_unique<Op>(Op::Kind::kTable);
    t->table = table(*q.values);
    p = join(std::move(p), std::move(t));
  }
  // §18.2.4.4: SELECT expressions extend the solutions, in the order written.
  for (auto& [v, e] : selected) {
    p = make_op(Op::Kind::kExtend, std::move(p));
    p->var = v;
    p->expr = std::move(e);
  }

  // §18.2.5: ToList (implicit), OrderBy, Project, Distinct or Reduced, Slice.
  if (!order.empty()) {
    p = make_op(Op::Kind::kOrderBy, std::move(p));
    p->order = std::move(order);
  }
  if (q.form == ast::Form::kSelect) {
    projection.clear();
    for (const std::string& name : ast::projected(q)) projection.push_back(vars_.named(name));
    p = make_op(Op::Kind::kProject, std::move(p));
    p->vars = projection;
  }
  if (q.distinct) p = make_op(Op::Kind::kDistinct, std::move(p));
  if (q.reduced) p = make_op(Op::Kind::kReduced, std::move(p));
  if (q.offset || q.limit) {
    p = make_op(Op::Kind::kSlice, std::move(p));
    p->offset = q.offset;
    p->limit = q.limit;
  }
  return p;
}

namespace {

// A node of a CONSTRUCT template. A blank node of CONSTRUCT WHERE's pattern, a hidden
// variable there, is a blank node again in the template (§16.2: made fresh per solution).
Node template_node(Translator& t, const ast::Node& n) {
  if (n.kind == ast::Node::Kind::kVar && n.hidden) return Node::of(Term::blank(n.var.substr(2)));
  if (n.kind != ast::Node::Kind::kTriple) return t.node(n);
  Node out;
  out.kind = Node::Kind::kTriple;
  const auto& parts = *n.triple;
  out.triple = std::make_shared<const std::vector<Node>>(std::vector<Node>{
      template_node(t, parts[0]), template_node(t, parts[1]), template_node(t, parts[2])});
  return out;
}

}  // namespace

Result<Query> translate(const ast::Query& q) {
  Query out;
  out.form = q.form;
  Translator t(out.vars);
  out.root = t.query_level(q, out.projection);
  for (const ast::TriplePattern& tp : q.construct_template) {
    if (tp.path) return Status::invalid_input("a CONSTRUCT template cannot hold a path");
    out.construct_template.push_back({template_node(t, tp.subject), template_node(t, tp.predicate),
                                      template_node(t, tp.object)});
  }
  if (q.form == ast::Form::kDescribe && q.describe_all) {
    // DESCRIBE *: the variables in scope in the pattern (§16.4).
    std::vector<std::string> names;
    if (q.where) names = ast::in_scope(*q.where);
    if (q.values) names.insert(names.end(), q.values->vars.begin(), q.values->vars.end());
    for (const std::string& name : names) {
      Node n = Node::variable(out.vars.named(name));
      bool seen = false;
      for (const Node& d : out.describe) seen = seen || d.var == n.var;
      if (!seen) out.describe.push_back(n);
    }
  }
  for (const ast::Node& n : q.describe) out.describe.push_back(t.node(n));
  out.from = q.from;
  out.from_named = q.from_named;
  out.time = q.time;
  return out;
}

}  // namespace annals::query::algebra
