#include "exec/planner.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

#include "algebra/printer.hpp"
#include "annals/scan_tuning.hpp"

namespace annals::query::exec {

namespace {

void node_vars(const Node& n, VarSet& out) {
  algebra::visit_vars(n, [&](Var v) { out.add(v); });
}

bool is_constant(const Expr& e) {
  return e.kind == Expr::Kind::kNode && e.node.kind == Node::Kind::kTerm;
}

void fold(Expr& e, expr::Evaluator& ev, const std::vector<Id>& row, std::size_t width) {
  for (Expr& a : e.args) fold(a, ev, row, width);
  if (e.pattern) fold_constants(*e.pattern, ev, width);
  const bool computed = e.kind == Expr::Kind::kOperator || e.kind == Expr::Kind::kBuiltin ||
                        e.kind == Expr::Kind::kFunction;
  if (!computed || e.args.empty()) return;
  if (e.kind == Expr::Kind::kBuiltin && expr::fresh_each_call(e.op)) return;
  if (!std::all_of(e.args.begin(), e.args.end(), is_constant)) return;
  Id v = ev.eval(e, row);
  if (v == kUnbound) return;
  Expr folded;
  folded.kind = Expr::Kind::kNode;
  folded.node = Node::of(ev.pool().term(v));
  e = std::move(folded);
}

}  // namespace

void fold_constants(Op& op, expr::Evaluator& ev, std::size_t width) {
  const std::vector<Id> row(width, kUnbound);
  for (Expr& e : op.exprs) fold(e, ev, row, width);
  if (op.kind == Op::Kind::kExtend) fold(op.expr, ev, row, width);
  for (auto& k : op.keys) fold(k.expr, ev, row, width);
  for (auto& a : op.aggregates)
    for (Expr& arg : a.expr.args) fold(arg, ev, row, width);
  for (auto& k : op.order) fold(k.expr, ev, row, width);
  for (auto& c : op.children) fold_constants(*c, ev, width);
}

void expr_vars(const Expr& e, VarSet& out) {
  algebra::visit_vars(e, [&](Var v) { out.add(v); });
}

// The filters whose variables (those of their EXISTS patterns too) are all in `vars`, taken
// out of `filters`.
// Whether every variable of e (those of its EXISTS patterns too) is in `vars`.
bool expr_within(const Expr& e, const VarSet& vars) {
  VarSet used(vars.size());
  expr_vars(e, used);
  return used.within_covered(used, vars);
}

std::vector<const Expr*> take_within(std::vector<const Expr*>& filters, const VarSet& vars) {
  std::vector<const Expr*> taken;
  std::erase_if(filters, [&](const Expr* f) {
    if (!expr_within(*f, vars)) return false;
    taken.push_back(f);
    return true;
  });
  return taken;
}

void op_vars(const Op& op, VarSet& out) {
  algebra::visit_vars(op, [&](Var v) { out.add(v); });
}

// The variables of a triple pattern, with a fact pattern's valid-time outputs.
void triple_vars(const TriplePattern& t, VarSet& out) {
  algebra::visit_vars(t, [&](Var v) { out.add(v); });
}

// The conjuncts of a filter: FILTER(a && b) keeps the rows FILTER(a) FILTER(b) keeps (an
// error or false on either side drops the row either way), and each conjunct can go into
// the scan that binds its variables.
void conjuncts(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == Expr::Kind::kOperator && e.op == "&&" && e.args.size() == 2) {
    conjuncts(e.args[0], out);
    conjuncts(e.args[1], out);
  } else {
    out.push_back(&e);
  }
}

Planner::Planner(RunContext& ctx, PlannerInput input) : ctx_(ctx), in_(std::move(input)) {
  mentions_.assign(ctx_.width, 0);
  auto count = [&](Var v) {
    if (v < mentions_.size()) ++mentions_[v];
  };
  const algebra::Query& q = *in_.query;
  if (q.root) algebra::visit_vars(*q.root, count);
  for (const TriplePattern& t : q.construct_template) algebra::visit_vars(t, count);
  for (const Node& n : q.describe) algebra::visit_vars(n, count);
  for (const auto& p : in_.stats->by_predicate) {
    by_predicate_[p.predicate] = &p;
    universe_ = std::max({universe_, static_cast<double>(p.distinct_subjects),
                          static_cast<double>(p.distinct_objects)});
  }
}

VarSet Planner::maybe(const Op& op) const {
  VarSet out(ctx_.width);
  switch (op.kind) {
    case Op::Kind::kProject:
      for (Var v : op.vars) out.add(v);
      return out;
    case Op::Kind::kGroup:
      for (const auto& k : op.keys)
        if (k.var) out.add(*k.var);
      for (const auto& a : op.aggregates) out.add(a.var);
      return out;
    case Op::Kind::kMinus:
      return maybe(*op.children[0]);
    default:
      break;
  }
  for (const auto& t : op.triples) triple_vars(t, out);
  if (op.kind == Op::Kind::kPath) {
    node_vars(op.subject, out);
    node_vars(op.object, out);
  }
  if (op.kind == Op::Kind::kGraph) node_vars(op.name, out);
  if (op.kind == Op::Kind::kExtend) out.add(op.var);
  for (Var v : op.table.vars) out.add(v);
  for (const auto& c : op.children) out.add_all(maybe(*c));
  return out;
}

VarSet Planner::certain(const Op& op) const {
  VarSet out(ctx_.width);
  switch (op.kind) {
    case Op::Kind::kBgp:
    case Op::Kind::kPath:
      return maybe(op);
    case Op::Kind::kJoin:
      out = certain(*op.children[0]);
      out.add_all(certain(*op.children[1]));
      return out;
    case Op::Kind::kLeftJoin:
    case Op::Kind::kMinus:
    case Op::Kind::kFilter:
    case Op::Kind::kExtend:
    case Op::Kind::kOrderBy:
    case Op::Kind::kDistinct:
    case Op::Kind::kReduced:
    case Op::Kind::kSlice:
    case Op::Kind::kService:
      return certain(*op.children[0]);
    case Op::Kind::kGraph:
      out = certain(*op.children[0]);
      node_vars(op.name, out);
      return out;
    case Op::Kind::kUnion:
      out = certain(*op.children[0]);
      for (std::size_t i = 1; i < op.children.size(); ++i) out.keep_only(certain(*op.children[i]));
      return out;
    case Op::Kind::kTable:
      for (std::size_t i = 0; i < op.table.vars.size(); ++i) {
        bool all = true;
        for (const auto& row : op.table.rows) all = all && row[i].has_value();
        if (all) out.add(op.table.vars[i]);
      }
      return out;
    case Op::Kind::kProject: {
      VarSet keep(ctx_.width);
      for (Var v : op.vars) keep.add(v);
      out = certain(*op.children[0]);
      out.keep_only(keep);
      return out;
    }
    case Op::Kind::kGroup: {
      // A key that is a variable every input row binds (GROUP BY ?x), and COUNT, which is
      // never an error.
      const VarSet below = certain(*op.children[0]);
      for (const auto& k : op.keys)
        if (k.var && k.expr.kind == Expr::Kind::kNode && k.expr.node.is_var() &&
            below.has(k.expr.node.var))
          out.add(*k.var);
      for (const auto& a : op.aggregates)
        if (a.expr.op == "COUNT") out.add(a.var);
      return out;
    }
  }
  return out;
}

// Whether op, opened with seeds that may bind `seeded`, gives what joining its own result
// with the seed would (see planner.hpp).
bool Planner::safe(const Op& op, const VarSet& seeded) const {
  VarSet mentioned(ctx_.width);
  op_vars(op, mentioned);
  if (!mentioned.intersects(seeded)) return true;
  switch (op.kind) {
    case Op::Kind::kBgp:
    case Op::Kind::kPath:
    case Op::Kind::kTable:
      return true;
    case Op::Kind::kJoin:
    case Op::Kind::kUnion:
    case Op::Kind::kGraph:
      return std::all_of(op.children.begin(), op.children.end(),
                         [&](const auto& c) { return safe(*c, seeded); });
    case Op::Kind::kFilter:
    case Op::Kind::kExtend: {
      if (!safe(*op.children[0], seeded)) return false;
      if (substitute_) return true;
      VarSet used(ctx_.width);
      for (const Expr& e : op.exprs) expr_vars(e, used);
      if (op.kind == Op::Kind::kExtend) expr_vars(op.expr, used);
      return used.within_covered(seeded, certain(*op.children[0]));
    }
    case Op::Kind::kLeftJoin: {
      const Op& l = *op.children[0];
      const Op& r = *op.children[1];
      if (!safe(l, seeded)) return false;
      VarSet inner = seeded;
      inner.add_all(maybe(l));
      if (!safe(r, inner)) return false;
      if (substitute_) return true;
      VarSet lc = certain(l);
      if (!maybe(r).within_covered(seeded, lc)) return false;
      VarSet used(ctx_.width);
      for (const Expr& e : op.exprs) expr_vars(e, used);
      return used.within_covered(seeded, lc);
    }
    case Op::Kind::kMinus:
      return safe(*op.children[0], seeded);
    default:
      return false;
  }
}

ScanTerm Planner::scan_term(const Node& n) {
  ScanTerm t;
  switch (n.kind) {
    case Node::Kind::kVar:
      t.kind = ScanTerm::Kind::kVar;
      t.var = n.var;
      break;
    case Node::Kind::kTerm: {
      auto id = ctx_.pool->lookup(n.term);
      t.id = id ? *id : kNoTerm;
      break;
    }
    case Node::Kind::kTriple: {
      VarSet vars(ctx_.width);
      node_vars(n, vars);
      if (vars.empty()) {
        // A constant triple term: its id, when the store has it.
        Term term;
        std::function<Term(const Node&)> build = [&](const Node& x) -> Term {
          if (x.kind == Node::Kind::kTerm) return x.term;
          const auto& c = *x.triple;
          return Term::triple_term(build(c[0]), build(c[1]), build(c[2]));
        };
        auto id = ctx_.pool->lookup(build(n));
        t.id = id ? *id : kNoTerm;
      } else {
        t.kind = ScanTerm::Kind::kTriple;
        t.node = &n;
      }
      break;
    }
  }
  return t;
}

bool Planner::time_indexed(const TriplePattern& t, const VarSet& bound) {
  const auto& valid = ctx_.time.valid;
  if (!valid || !valid->from || !valid->to || t.predicate.kind != Node::Kind::kTerm) return false;
  if (node_bound(t.subject, bound) || node_bound(t.object, bound)) return false;
  auto id = ctx_.pool->lookup(t.predicate.term);
  if (!id) return false;
  auto known = time_served_.find(*id);
  if (known != time_served_.end()) return known->second;
  Pattern pattern;
  pattern.p = *id;
  auto serves = time_index_serves(ctx_.pool->txn(), pattern, ctx_.time);
  if (!serves) throw ExecError{serves.status()};
  return time_served_[*id] = *serves;
}

OperatorPtr Planner::plan_root() {
  const algebra::Query& q = *in_.query;
  FlagScope goal(first_rows_, q.form == ast::Form::kAsk);  // ASK reads one row
  return plan(*q.root, VarSet(ctx_.width));
}

OperatorPtr Planner::plan(const Op& op, const VarSet& seeded) {
  return plan_with(op, seeded, in_.default_scope, {}, std::nullopt);
}

void Planner::note_exists(const Expr& e, const GraphScope& scope) {
  if (e.kind == Expr::Kind::kExists && e.pattern) exists_scope_.emplace(e.pattern.get(), scope);
  for (const Expr& a : e.args) note_exists(a, scope);
}

Operator& Planner::exists_operator(const Op& pattern) {
  auto it = exists_ops_.find(&pattern);
  if (it != exists_ops_.end()) return *it->second;
  auto scope_it = exists_scope_.find(&pattern);
  const GraphScope& scope = scope_it != exists_scope_.end() ? scope_it->second : in_.default_scope;
  VarSet all(ctx_.width);
  for (Var v = 0; v < ctx_.width; ++v) all.add(v);
  // EXISTS substitutes the row's values for its variables throughout the pattern (§18.6),
  // FILTERs and BINDs of nested groups included: seeding them is exactly that.
  OperatorPtr op;
  FlagScope goal(first_rows_, true);  // one row decides
  const bool outer = substitute_;
  substitute_ = true;
  if (safe(pattern, all)) {
    op = plan_with(pattern, all, scope, {}, std::nullopt);
    substitute_ = outer;
  } else {
    substitute_ = outer;
    op = make_materialize(ctx_, plan_with(pattern, VarSet(ctx_.width), scope, {}, std::nullopt));
  }
  return *exists_ops_.emplace(&pattern, std::move(op)).first->second;
}

OperatorPtr Planner::plan_with(const Op& op, const VarSet& seeded, const GraphScope& scope,
                               std::vector<const Expr*> filters,
                               std::optional<std::uint64_t> top) {
  ctx_.budget.check_time();  // planning counts against the query's time too
  OperatorPtr out = plan_op(op, seeded, scope, std::move(filters), top);
  // From the operator below, for EXPLAIN ANALYZE's estimate beside every actual.
  const auto inner = out->children();
  if (out->estimate() < 0 && inner.size() == 1 && inner[0]->estimate() >= 0) {
    const double below = inner[0]->estimate();
    switch (op.kind) {
      case Op::Kind::kProject:
      case Op::Kind::kExtend:
      case Op::Kind::kGraph:
      case Op::Kind::kReduced:
      case Op::Kind::kDistinct:
      case Op::Kind::kOrderBy:
        out->set_estimate(below);  // as many rows as the operator below, or fewer
        break;
      case Op::Kind::kGroup:
        out->set_estimate(op.keys.empty() ? 1 : below);
        break;
      case Op::Kind::kSlice:
        out->set_estimate(op.limit ? std::min(below, static_cast<double>(*op.limit)) : below);
        break;
      default:
        break;
    }
  }
  if (out->estimate() < 0) {
    const double rows = estimate_op(op, seeded);
    if (rows < 1e12) out->set_estimate(rows);  // 1e12: estimate_op's "no idea"
  }
  return out;
}

OperatorPtr Planner::plan_op(const Op& op, const VarSet& seeded, const GraphScope& scope,
                             std::vector<const Expr*> filters,
                             std::optional<std::uint64_t> top) {
  if (!seeded.empty() && !safe(op, seeded)) {
    FlagScope goal(first_rows_, false);  // read whole, once
    return make_materialize(ctx_, plan_with(op, VarSet(ctx_.width), scope, std::move(filters), top));
  }
  // Filters handed down that this operator does not place go on top of it.
  auto finish = [&](OperatorPtr result) {
    if (filters.empty()) return result;
    return make_filter(ctx_, std::move(result), std::move(filters));
  };
  switch (op.kind) {
    case Op::Kind::kBgp:
    {
      std::vector<Item> items;
      for (const auto& t : op.triples) items.push_back({&t, scope});
      return finish(plan_items(items, seeded, filters));
    }
    case Op::Kind::kPath:
      return finish(make_path(ctx_, &op, scope));
    case Op::Kind::kJoin:
      return finish(plan_join(op, seeded, scope, filters));
    case Op::Kind::kLeftJoin: {
      const Op& l = *op.children[0];
      const Op& r = *op.children[1];
      for (const Expr& e : op.exprs) note_exists(e, scope);
      // A filter of variables the left side binds in every row keeps the same rows below
      // the OPTIONAL (the optional part binds them to the same values or not at all): it
      // goes down, into the left side's scans.
      // (Not the seed's variables: a seed may leave them unbound.)
      OperatorPtr left =
          plan_with(l, seeded, scope, take_within(filters, certain(l)), std::nullopt);
      VarSet inner = seeded;
      inner.add_all(maybe(l));
      OperatorPtr right = plan_with(r, inner, scope, {}, std::nullopt);
      return finish(make_left_join(ctx_, std::move(left), std::move(right), &op.exprs));
    }
    case Op::Kind::kFilter: {
      // Decide filters that do not depend on the row (constant folding) here.
      std::vector<const Expr*> mine = filters;
      for (const Expr& e : op.exprs) {
        note_exists(e, scope);
        VarSet used(ctx_.width);
        expr_vars(e, used);
        if (used.empty() && !(e.kind == Expr::Kind::kExists)) {
          auto row = ctx_.unbound_row();
          if (ctx_.evaluator->ebv(e, row) != std::optional<bool>(true))
            return make_table(ctx_, {}, "(a filter that is never true)");
          continue;
        }
        conjuncts(e, mine);
      }
      filters.clear();
      std::vector<Seed> seeds = filter_seeds(mine, *op.children[0], seeded);
      if (!seeds.empty()) {
        // The conditions stay too (they cost little where the seed already holds).
        OperatorPtr joined = plan_join(*op.children[0], seeded, scope, mine, seeds);
        if (!mine.empty()) joined = make_filter(ctx_, std::move(joined), std::move(mine));
        return joined;
      }
      return plan_with(*op.children[0], seeded, scope, std::move(mine), std::nullopt);
    }
    case Op::Kind::kUnion: {
      std::vector<OperatorPtr> branches;
      std::vector<const Op*> stack{&op};
      while (!stack.empty()) {
        const Op* o = stack.back();
        stack.pop_back();
        if (o->kind == Op::Kind::kUnion) {
          for (auto it = o->children.rbegin(); it != o->children.rend(); ++it) stack.push_back(it->get());
        } else {
          branches.push_back(plan_with(*o, seeded, scope, {}, std::nullopt));
        }
      }
      return finish(make_union(ctx_, std::move(branches)));
    }
    case Op::Kind::kGraph: {
      GraphScope inner = in_.named_scope;
      inner.kind = GraphScope::Kind::kNamed;
      inner.graph = scan_term(op.name);
      const Op& child = *op.children[0];
      if (child.is_empty_bgp()) return finish(make_graph_names(ctx_, inner));
      if (child.kind == Op::Kind::kBgp) {
        // Its filters go into the scans, as in a group: every scan binds the graph's name
        // (FILTER(STRSTARTS(STR(?g), ...)) then drops rows before the joins, not after).
        std::vector<Item> items;
        for (const auto& t : child.triples) items.push_back({&t, inner});
        return finish(plan_items(items, seeded, filters));
      }
      OperatorPtr body = plan_with(child, seeded, inner, {}, std::nullopt);
      // A pattern that reads no graph (BIND, VALUES alone) still ranges over the graphs.
      bool reads_graph = false;
      std::vector<const Op*> stack{&child};
      while (!stack.empty() && !reads_graph) {
        const Op* o = stack.back();
        stack.pop_back();
        reads_graph = (o->kind == Op::Kind::kBgp && !o->triples.empty()) || o->kind == Op::Kind::kPath;
        for (const auto& c : o->children) stack.push_back(c.get());
      }
      if (!reads_graph) body = make_bind_join(ctx_, make_graph_names(ctx_, inner), std::move(body));
      return finish(std::move(body));
    }
    case Op::Kind::kExtend: {
      // A chain of BINDs is one operator (one solution's expressions evaluated together).
      std::vector<Binding> bindings;
      const Op* inner = &op;
      while (inner->kind == Op::Kind::kExtend) {
        // A BIND whose variable nothing else names changes no answer (it never removes a
        // row: an error leaves the variable unbound): not evaluated at all.
        if (mentions_[inner->var] > 1) {
          note_exists(inner->expr, scope);
          bindings.push_back({inner->var, &inner->expr});
        }
        const Op* child = inner->children[0].get();
        if (child->kind != Op::Kind::kExtend || !safe(*child, seeded)) break;
        inner = child;
      }
      std::reverse(bindings.begin(), bindings.end());
      // Filters that read none of the bound variables keep the same rows below the BINDs.
      VarSet others(ctx_.width);
      for (Var v = 0; v < ctx_.width; ++v) others.add(v);
      for (const Op* o = &op;; o = o->children[0].get()) {
        others.remove(o->var);
        if (o == inner) break;
      }
      OperatorPtr child =
          plan_with(*inner->children[0], seeded, scope, take_within(filters, others), std::nullopt);
      if (bindings.empty()) return finish(std::move(child));
      return finish(make_extend(ctx_, std::move(child), std::move(bindings)));
    }
    case Op::Kind::kMinus: {
      // A right side that can bind none of the left rows' variables removes no row (§18.5:
      // a row goes only for a compatible one that shares a variable): it is not run at all.
      VarSet left_vars = seeded, right_vars(ctx_.width);
      op_vars(*op.children[0], left_vars);
      op_vars(*op.children[1], right_vars);
      if (!left_vars.intersects(right_vars))
        return plan_with(*op.children[0], seeded, scope, std::exchange(filters, {}), top);
      VarSet k = certain(*op.children[0]);
      k.keep_only(certain(*op.children[1]));
      std::vector<Var> keys;
      for (Var v = 0; v < ctx_.width; ++v)
        if (k.has(v)) keys.push_back(v);
      // MINUS only removes left rows, unchanged: every filter over it holds of the same rows
      // below it, where it reaches the scans.
      OperatorPtr left =
          plan_with(*op.children[0], seeded, scope, std::exchange(filters, {}), std::nullopt);
      FlagScope goal(first_rows_, false);  // the right side is read whole, once
      OperatorPtr right = plan_with(*op.children[1], VarSet(ctx_.width), scope, {}, std::nullopt);
      return finish(make_minus(ctx_, std::move(left), std::move(right), std::move(keys)));
    }
    case Op::Kind::kTable: {
      std::vector<std::vector<Id>> rows;
      for (const auto& r : op.table.rows) {
        std::vector<Id> row(ctx_.width, kUnbound);
        for (std::size_t i = 0; i < op.table.vars.size(); ++i)
          if (r[i]) row[op.table.vars[i]] = ctx_.pool->intern(*r[i]);
        rows.push_back(std::move(row));
      }
      return finish(make_table(ctx_, std::move(rows), ""));
    }
    case Op::Kind::kService:
      if (op.silent) return finish(make_unit(ctx_));
      throw ExecError{Status::not_supported("SERVICE is not supported (it would query another endpoint)")};
    case Op::Kind::kGroup: {
      for (const auto& k : op.keys) note_exists(k.expr, scope);
      FlagScope goal(first_rows_, false);  // a group reads all its rows
      return finish(make_group(ctx_, plan_with(*op.children[0], VarSet(ctx_.width), scope, {}, std::nullopt), &op));
    }
    case Op::Kind::kOrderBy: {
      for (const auto& k : op.order) note_exists(k.expr, scope);
      FlagScope goal(first_rows_, false);  // sorting reads all the rows
      return finish(make_order_by(ctx_, plan_with(*op.children[0], seeded, scope, {}, std::nullopt),
                                  &op.order, top));
    }
    case Op::Kind::kProject:
      return finish(make_project(ctx_, plan_with(*op.children[0], seeded, scope, {}, top), op.vars));
    case Op::Kind::kDistinct:
    case Op::Kind::kReduced:
      return finish(make_distinct(ctx_, plan_with(*op.children[0], seeded, scope, {}, std::nullopt)));
    case Op::Kind::kSlice: {
      std::optional<std::uint64_t> inner_top;
      if (op.limit) inner_top = op.offset.value_or(0) + *op.limit;
      FlagScope goal(first_rows_, first_rows_ || op.limit.has_value());
      return finish(make_slice(ctx_, plan_with(*op.children[0], seeded, scope, {}, inner_top),
                               op.offset.value_or(0), op.limit));
    }
  }
  throw ExecError{Status::failed("unknown algebra operator")};
}

}  // namespace annals::query::exec
