#include "exec/planner.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

#include "algebra/printer.hpp"
#include "annals/scan_tuning.hpp"

namespace annals::query::exec {

using algebra::Expr;
using algebra::Node;
using algebra::Op;
using algebra::TriplePattern;

namespace {

// A bind join pays a seek per left row (on a cursor sought again, reseek()); a scanned
// row costs about this much less.
constexpr double kSeekCost = 10;
// A bind join switches to hashing only past this many left rows in one open, whatever the
// estimates (a few thousand seeks cost less than reading a large pattern whole).
constexpr double kFallbackRows = 4096;
void node_vars(const Node& n, VarSet& out) {
  algebra::visit_vars(n, [&](Var v) { out.add(v); });
}

// The variables of a triple pattern, with a fact pattern's valid-time outputs.
void triple_vars(const TriplePattern& t, VarSet& out) {
  algebra::visit_vars(t, [&](Var v) { out.add(v); });
}

// The store's index orders (FORMAT.md), as positions 0=s 1=p 2=o 3=g, and the choice the
// store makes for a set of bound positions: the longest bound prefix.
constexpr int kPerms[6][4] = {{0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3},
                              {3, 0, 1, 2}, {3, 1, 2, 0}, {3, 2, 0, 1}};
// The position whose values a scan with these bound positions returns in increasing order
// (for one value of the bound ones), or -1.
int sorted_position(const bool bound[4]) {
  int total = bound[0] + bound[1] + bound[2] + bound[3];
  for (const auto& perm : kPerms) {
    int n = 0;
    while (n < 4 && bound[perm[n]]) ++n;
    if (n == total) return n < 4 ? perm[n] : -1;
  }
  return -1;
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

// Sets a flag for a scope and restores it after.
class FlagScope {
 public:
  FlagScope(bool& flag, bool value) : flag_(flag), saved_(flag) { flag = value; }
  ~FlagScope() { flag_ = saved_; }
  FlagScope(const FlagScope&) = delete;
  FlagScope& operator=(const FlagScope&) = delete;

 private:
  bool& flag_;
  bool saved_;
};

// The IRIs a condition allows a variable, when it holds exactly where the variable is one of
// them: ?x = <a>, sameTerm(?x, <a>), ?x IN (<a>, <b>) and ORs of those on one variable. `=`
// of an IRI and any other term is false, not an error (RDFterm-equal, SPARQL 1.1 §17.4.1.7),
// so on a bound ?x it is term identity; literals are left alone (`=` on them compares values:
// 1 = 1.0).
bool iri_choices(const Expr& e, std::optional<Var>& var, std::vector<Term>& out) {
  auto is_var = [](const Expr& a) { return a.kind == Expr::Kind::kNode && a.node.is_var(); };
  auto is_iri = [](const Expr& a) {
    return a.kind == Expr::Kind::kNode && a.node.kind == Node::Kind::kTerm && a.node.term.is_iri();
  };
  auto same_var = [&](Var v) {
    if (var && *var != v) return false;
    var = v;
    return true;
  };
  if (e.kind == Expr::Kind::kOperator && e.op == "||" && e.args.size() == 2)
    return iri_choices(e.args[0], var, out) && iri_choices(e.args[1], var, out);
  const bool eq = (e.kind == Expr::Kind::kOperator && e.op == "=") ||
                  (e.kind == Expr::Kind::kBuiltin && e.op == "SAMETERM");
  if (eq && e.args.size() == 2) {
    for (int i = 0; i < 2; ++i) {
      const Expr& a = e.args[i];
      const Expr& b = e.args[1 - i];
      if (is_var(a) && is_iri(b)) {
        out.push_back(b.node.term);
        return same_var(a.node.var);
      }
    }
    return false;
  }
  if (e.kind == Expr::Kind::kOperator && e.op == "IN" && e.args.size() >= 2 && is_var(e.args[0])) {
    for (std::size_t i = 1; i < e.args.size(); ++i) {
      if (!is_iri(e.args[i])) return false;
      out.push_back(e.args[i].node.term);
    }
    return same_var(e.args[0].node.var);
  }
  return false;
}

}  // namespace

namespace {

bool is_constant(const Expr& e) {
  return e.kind == Expr::Kind::kNode && e.node.kind == Node::Kind::kTerm;
}

void fold(Expr& e, expr::Evaluator& ev, const std::vector<Id>& row, std::size_t width) {
  for (Expr& a : e.args) fold(a, ev, row, width);
  if (e.pattern) fold_constants(*e.pattern, ev, width);
  const bool computed = e.kind == Expr::Kind::kOperator || e.kind == Expr::Kind::kBuiltin ||
                        e.kind == Expr::Kind::kFunction;
  if (!computed || e.args.empty()) return;
  if (e.op == "RAND" || e.op == "UUID" || e.op == "STRUUID" || e.op == "BNODE") return;
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

bool has_exists(const Expr& e) {
  if (e.kind == Expr::Kind::kExists) return true;
  return std::any_of(e.args.begin(), e.args.end(), has_exists);
}

// Whether evaluating e reads terms' text (a function or cast, other than the tests an id's
// tag answers): a dictionary read and a string for each new value, some microseconds a row,
// where a comparison of inline values takes nanoseconds.
bool reads_text(const Expr& e) {
  static const std::array<std::string_view, 10> kCheap = {
      "BOUND", "IF", "COALESCE", "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL",
      "ISNUMERIC", "ISTRIPLE"};
  if (e.kind == Expr::Kind::kFunction) return true;
  if (e.kind == Expr::Kind::kBuiltin &&
      std::find(kCheap.begin(), kCheap.end(), e.op) == kCheap.end())
    return true;
  return std::any_of(e.args.begin(), e.args.end(), reads_text);
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

std::vector<Planner::Seed> Planner::filter_seeds(const std::vector<const Expr*>& conjuncts,
                                                 const Op& child, const VarSet& seeded) {
  // At most this many values: beyond, a seek per value stops being the cheap way.
  constexpr std::size_t kMaxSeedValues = 256;
  std::vector<Seed> seeds;
  const VarSet sure = certain(child);
  VarSet bound = seeded;
  for (const Expr* c : conjuncts) {
    std::optional<Var> var;
    std::vector<Term> terms;
    if (!iri_choices(*c, var, terms) || !var || terms.size() > kMaxSeedValues) continue;
    // A row where ?x is unbound fails the filter but would join with the seed: only for
    // variables the child binds in every row, and not bound from outside already.
    if (!sure.has(*var) || bound.has(*var)) continue;
    Seed seed{*var, {}};
    for (const Term& t : terms)
      if (auto id = ctx_.pool->lookup(t)) seed.ids.push_back(*id);  // unknown: matches nothing
    std::sort(seed.ids.begin(), seed.ids.end());
    seed.ids.erase(std::unique(seed.ids.begin(), seed.ids.end()), seed.ids.end());
    VarSet with = bound;
    with.add(*var);
    const double seeking = static_cast<double>(seed.ids.size()) * estimate_op(child, with);
    if (seeking >= estimate_op(child, bound)) continue;
    bound = with;
    seeds.push_back(std::move(seed));
  }
  return seeds;
}

OperatorPtr Planner::plan_join(const Op& op, const VarSet& seeded, const GraphScope& scope,
                               std::vector<const Expr*>& filters, const std::vector<Seed>& seeds) {
  // The leaves of the join tree (a join of joins is one join).
  std::vector<const Op*> leaves;
  std::function<void(const Op&)> flatten = [&](const Op& o) {
    if (o.kind == Op::Kind::kJoin) {
      for (const auto& c : o.children) flatten(*c);
    } else if (!o.is_empty_bgp()) {
      leaves.push_back(&o);
    }
  };
  flatten(op);
  // Triple patterns of basic graph patterns and GRAPH blocks are ordered together; a filter
  // of such a block that uses only the block's own variables joins the filters handed down
  // (the block binds those variables in every row, so it sees the same values either way).
  std::vector<Item> items;
  std::vector<const Op*> tables, others;
  for (const Op* leaf : leaves) {
    GraphScope leaf_scope = scope;
    const Op* body = leaf;
    if (leaf->kind == Op::Kind::kGraph) {
      leaf_scope = in_.named_scope;
      leaf_scope.kind = GraphScope::Kind::kNamed;
      leaf_scope.graph = scan_term(leaf->name);
      body = leaf->children[0].get();
    }
    std::vector<const Expr*> own;
    if (body->kind == Op::Kind::kFilter && body->children[0]->kind == Op::Kind::kBgp) {
      VarSet have = maybe(*body->children[0]);
      if (leaf->kind == Op::Kind::kGraph && leaf->name.is_var()) have.add(leaf->name.var);
      VarSet used(ctx_.width);
      for (const Expr& e : body->exprs) expr_vars(e, used);
      bool inside = true;
      for (Var v = 0; v < ctx_.width; ++v)
        if (used.has(v) && !have.has(v)) inside = false;
      if (inside) {
        for (const Expr& e : body->exprs) {
          note_exists(e, leaf_scope);
          conjuncts(e, own);
        }
        body = body->children[0].get();
      }
    }
    if (body->kind == Op::Kind::kBgp && !body->triples.empty()) {
      for (const auto& t : body->triples) items.push_back({&t, leaf_scope});
      filters.insert(filters.end(), own.begin(), own.end());
    } else if (leaf->kind == Op::Kind::kTable) {
      tables.push_back(leaf);
    } else {
      others.push_back(leaf);
    }
  }

  OperatorPtr current;
  VarSet have = seeded;  // variables the rows so far may bind
  VarSet sure(ctx_.width);  // ... and those they bind in every row
  // The variables both sides may bind: the hash join compares rows that leave one unbound
  // with every row of the other side, so a key need not be bound in every row. But not one
  // only the seed binds: it is the same in every row of both sides (see plan_items).
  auto hash_keys = [&](const Op& o) {
    VarSet k = have;
    k.keep_only(maybe(o));
    for (Var v = 0; v < ctx_.width; ++v)
      if (seeded.has(v) && !sure.has(v)) k.remove(v);
    std::vector<Var> keys;
    for (Var v = 0; v < ctx_.width; ++v)
      if (k.has(v)) keys.push_back(v);
    return keys;
  };
  // Seeds and VALUES first: they usually bind what the patterns seek on. Their rows are
  // known, so the estimate of their join is too (a product where they share no variable).
  auto join_table = [&](OperatorPtr part, const std::vector<Var>& keys) {
    if (!current) {
      current = std::move(part);
      return;
    }
    const double l = current->estimate(), r = part->estimate();
    current = make_hash_join(ctx_, std::move(current), std::move(part), keys);
    if (l >= 0 && r >= 0) current->set_estimate(keys.empty() ? l * r : std::max(l, r));
  };
  for (const Seed& seed : seeds) {
    std::vector<std::vector<Id>> rows;
    for (Id id : seed.ids) {
      rows.push_back(ctx_.unbound_row());
      rows.back()[seed.var] = id;
    }
    OperatorPtr part = make_table(ctx_, std::move(rows), "of " + ctx_.var_name(seed.var) +
                                                             " from a FILTER");
    part->set_estimate(static_cast<double>(seed.ids.size()));
    VarSet v(ctx_.width);
    v.add(seed.var);
    std::vector<Var> keys;
    if (sure.has(seed.var)) keys.push_back(seed.var);
    join_table(std::move(part), keys);
    have.add(seed.var);
    sure.add(seed.var);
  }
  // A VALUES block waits until the end, hashed against the rows, when some pattern is far
  // more selective on its own than the block is long (:e1 :p ?x ... VALUES ?y { 242 values }
  // with ?y at the far end of a chain: 242 walks of the chain from ?y, or one from :e1).
  double cheapest_item = 1e300;
  for (const Item& it : items) cheapest_item = std::min(cheapest_item, estimate(*it.triple, seeded));
  std::vector<const Op*> later_tables;
  for (const Op* t : tables) {
    if (!current && seeds.empty() && cheapest_item * 8 < static_cast<double>(t->table.rows.size())) {
      later_tables.push_back(t);
      continue;
    }
    join_table(plan_with(*t, seeded, scope, {}, std::nullopt), hash_keys(*t));
    have.add_all(maybe(*t));
    sure.add_all(certain(*t));
  }
  // A filter whose variables every row so far binds is decided here, before the next part
  // joins: a bind join would otherwise seek once for each row the filter then removes
  // (VALUES ?f { 243 values } . ?x :p ?f . FILTER(?f > C)). The filter's value cannot change
  // later: a join only binds variables that are unbound.
  auto filter_ready = [&] {
    if (!current) return;
    std::vector<const Expr*> ready;
    for (auto it = filters.begin(); it != filters.end();) {
      VarSet used(ctx_.width);
      expr_vars(**it, used);
      if (!has_exists(**it) && !used.empty() && used.within_covered(used, sure)) {
        ready.push_back(*it);
        it = filters.erase(it);
      } else {
        ++it;
      }
    }
    if (ready.empty()) return;
    const double l = current->estimate();
    current = make_filter(ctx_, std::move(current), std::move(ready));
    if (l >= 0) current->set_estimate(l / 2);
  };
  filter_ready();
  auto join_other = [&](const Op* o) {
    if (!current) {
      current = plan_with(*o, seeded, scope, {}, std::nullopt);
    } else {
      const bool seekable = o->kind == Op::Kind::kPath || o->kind == Op::Kind::kUnion ||
                            o->kind == Op::Kind::kGraph || o->kind == Op::Kind::kFilter ||
                            o->kind == Op::Kind::kBgp;
      // OPTIONAL, MINUS and BIND take bindings too (where safe), when a seek per row is
      // cheaper by estimate than reading them whole (a few VALUES rows before a group
      // with an OPTIONAL).
      const bool seekable_if_cheaper = o->kind == Op::Kind::kLeftJoin ||
                                       o->kind == Op::Kind::kMinus ||
                                       o->kind == Op::Kind::kExtend;
      auto cheaper_seeking = [&] {
        const double left = current->estimate() < 0 ? 1e12 : current->estimate();
        return left * std::max(1.0, estimate_op(*o, have)) * kSeekCost <
               estimate_op(*o, seeded);
      };
      if ((seekable || (seekable_if_cheaper && cheaper_seeking())) && safe(*o, have)) {
        const double l = current->estimate();
        current = make_bind_join(ctx_, std::move(current), plan_with(*o, have, scope, {}, std::nullopt));
        if (l >= 0) current->set_estimate(l * estimate_op(*o, have));
      } else {
        OperatorPtr right;
        {
          FlagScope goal(first_rows_, false);  // a hash join reads its build side whole
          right = plan_with(*o, seeded, scope, {}, std::nullopt);
        }
        current = make_hash_join(ctx_, std::move(current), std::move(right), hash_keys(*o));
      }
    }
    have.add_all(maybe(*o));
    sure.add_all(certain(*o));
  };
  auto item_vars = [&](const Item& it) {
    VarSet v(ctx_.width);
    triple_vars(*it.triple, v);
    if (it.scope.kind == GraphScope::Kind::kNamed && it.scope.graph.kind == ScanTerm::Kind::kVar)
      v.add(it.scope.graph.var);
    return v;
  };
  // The triple patterns in groups that share variables (connected components): each group
  // is a part of its own, so that a path or an OPTIONAL linking two groups is joined between
  // them, not after a cross product of the two (?x :a ?m . ?m :b? ?n . ?n :c ?y, as the
  // sequence path ?x :a/:b?/:c ?y is split).
  std::vector<std::vector<Item>> groups;
  {
    std::vector<std::size_t> root(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) root[i] = i;
    std::function<std::size_t(std::size_t)> find = [&](std::size_t i) {
      return root[i] == i ? i : root[i] = find(root[i]);
    };
    std::vector<VarSet> vars;
    for (const Item& it : items) vars.push_back(item_vars(it));
    for (std::size_t i = 0; i < items.size(); ++i)
      for (std::size_t j = i + 1; j < items.size(); ++j)
        if (vars[i].intersects(vars[j])) root[find(j)] = find(i);
    std::vector<std::size_t> group_of(items.size(), items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::size_t r = find(i);
      if (group_of[r] == items.size()) {
        group_of[r] = groups.size();
        groups.emplace_back();
      }
      groups[group_of[r]].push_back(items[i]);
    }
  }
  // The parts in a connected order (planner.hpp): each next part shares a variable with
  // those before it whenever one does, so that a cross product comes only where the query
  // itself is disconnected; among those, the one estimated smallest. A group of triple
  // patterns counts as one part, started at its cheapest connected pattern (plan_items
  // orders them among themselves); on a tie the groups go first.
  std::vector<bool> joined(others.size(), false), group_done(groups.size(), false);
  auto connected = [&](const VarSet& v) {
    return have.empty() || v.empty() || v.intersects(have);
  };
  for (std::size_t left = others.size() + groups.size(); left > 0; --left) {
    std::size_t best = 0;
    bool best_connected = false, chosen = false;
    double best_cost = 0;
    auto consider = [&](std::size_t i, bool c, double cost) {
      if (!chosen || (c && !best_connected) || (c == best_connected && cost < best_cost)) {
        best = i;
        best_connected = c;
        best_cost = cost;
        chosen = true;
      }
    };
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (group_done[g]) continue;
      bool any = false;
      double cheapest = 1e300, cheapest_connected = 1e300;
      for (const Item& it : groups[g]) {
        const double e = estimate(*it.triple, have);
        cheapest = std::min(cheapest, e);
        if (connected(item_vars(it))) {
          any = true;
          cheapest_connected = std::min(cheapest_connected, e);
        }
      }
      consider(others.size() + g, any, any ? cheapest_connected : cheapest);
    }
    for (std::size_t i = 0; i < others.size(); ++i)
      if (!joined[i]) consider(i, connected(maybe(*others[i])), estimate_op(*others[i], have));
    if (best < others.size()) {
      joined[best] = true;
      join_other(others[best]);
      filter_ready();
      continue;
    }
    const std::vector<Item>& group = groups[best - others.size()];
    group_done[best - others.size()] = true;
    if (!current) {
      current = plan_items(group, have, filters);
    } else if (best_connected) {
      current = make_bind_join(ctx_, std::move(current), plan_items(group, have, filters));
    } else {
      // A cross product the query asks for: the group is read once.
      OperatorPtr right;
      {
        FlagScope goal(first_rows_, false);
        right = plan_items(group, seeded, filters);
      }
      current = make_hash_join(ctx_, std::move(current), std::move(right), {});
    }
    for (const Item& it : group) {
      VarSet v = item_vars(it);
      have.add_all(v);
      sure.add_all(v);
    }
    filter_ready();
  }
  for (const Op* t : later_tables) {
    OperatorPtr table = plan_with(*t, seeded, scope, {}, std::nullopt);
    table->set_estimate(static_cast<double>(t->table.rows.size()));
    if (!current) {
      current = std::move(table);
    } else {
      current = make_hash_join(ctx_, std::move(current), std::move(table), hash_keys(*t));
    }
    have.add_all(maybe(*t));
    sure.add_all(certain(*t));
  }
  if (!current) current = make_unit(ctx_);
  return current;
}

OperatorPtr Planner::plan_items(const std::vector<Item>& items, const VarSet& seeded,
                                std::vector<const Expr*>& filters) {
  if (items.empty()) return make_unit(ctx_);
  std::vector<bool> used(items.size(), false);
  VarSet bound = seeded;
  // What the patterns joined so far bind, in every row. A variable only the seed binds is
  // the same in every row of both sides of a join (the seed's value, or unbound in all of
  // them): never a hash key, which would send every row to the join's unbound-key path and
  // compare it with the whole other side (a VALUES row of UNDEF: 100k x 344k comparisons).
  VarSet joined(ctx_.width);
  OperatorPtr current;
  double rows = 1;
  int sorted_var = -1;  // the variable current's rows ascend on, when known

  auto vars_of = [&](const Item& item) {
    const TriplePattern& t = *item.triple;
    const GraphScope& scope = item.scope;
    VarSet v(ctx_.width);
    triple_vars(t, v);
    if (scope.kind == GraphScope::Kind::kNamed && scope.graph.kind == ScanTerm::Kind::kVar)
      v.add(scope.graph.var);
    return v;
  };
  auto text_of = [&](const TriplePattern& t) {
    auto node_text = [&](const Node& n) -> std::string {
      if (n.kind == Node::Kind::kVar) return "?" + in_.query->vars.name(n.var);
      if (n.kind == Node::Kind::kTerm) return to_ntriples(n.term);
      return "<<( ... )>>";
    };
    std::string text =
        node_text(t.subject) + " " + node_text(t.predicate) + " " + node_text(t.object);
    if (!t.is_fact()) return text;
    text += " per fact {|";
    for (const algebra::ValidOutput& v : t.valid)
      text += std::string(" annals:") + algebra::bound_name(v.bound) + " " + node_text(v.value) +
              " ;";
    text.back() = '|';
    return text + "}";
  };
  // Whether a filter can go into a scan once `have` is bound: all its variables are, and it
  // has no EXISTS (which runs patterns of its own).
  // (Each filter's variables are found once: the order asks for every candidate and step.)
  std::map<const Expr*, std::optional<VarSet>> filter_vars;  // nullopt: has an EXISTS
  auto placeable = [&](const Expr& f, const VarSet& have) {
    auto it = filter_vars.find(&f);
    if (it == filter_vars.end()) {
      std::optional<VarSet> v;
      if (!has_exists(f)) {
        v.emplace(ctx_.width);
        expr_vars(f, *v);
      }
      it = filter_vars.emplace(&f, std::move(v)).first;
    }
    return it->second && it->second->within_covered(*it->second, have);
  };
  // The share of a pattern's rows the filters it would take keep (those it makes placeable).
  auto kept = [&](const Item& item, const VarSet& v) {
    VarSet after = bound;
    after.add_all(v);
    double share = 1;
    for (const Expr* f : filters)
      if (placeable(*f, after) && !placeable(*f, bound)) share *= selectivity(*f, *item.triple);
    return share;
  };
  // The filters whose variables are all in `have`, taken out of `filters`.
  auto take_filters = [&](const VarSet& have) {
    std::vector<const Expr*> placed;
    for (auto it = filters.begin(); it != filters.end();) {
      if (placeable(**it, have)) {
        placed.push_back(*it);
        it = filters.erase(it);
      } else {
        ++it;
      }
    }
    return placed;
  };
  // The variable a scan of t ascends on, given which of its positions are bound (none when
  // it reads the time index).
  auto sort_var = [&](const Item& item, const VarSet& b) -> int {
    const TriplePattern& t = *item.triple;
    const GraphScope& scope = item.scope;
    if (time_indexed(t, b)) return -1;
    const Node* nodes[3] = {&t.subject, &t.predicate, &t.object};
    bool is_bound[4];
    for (int i = 0; i < 3; ++i)
      is_bound[i] = node_bound(*nodes[i], b);
    is_bound[3] = scope.kind == GraphScope::Kind::kNamed
                      ? scope.graph.kind == ScanTerm::Kind::kConst
                      : !scope.union_all && scope.graphs.size() <= 1;
    int pos = sorted_position(is_bound);
    if (pos < 0 || pos == 3) return -1;
    if (nodes[pos]->kind != Node::Kind::kVar) return -1;
    return static_cast<int>(nodes[pos]->var);
  };

  for (std::size_t step = 0; step < items.size(); ++step) {
    ctx_.budget.check_time();  // quadratic in the patterns: a large BGP takes time to order
    // The cheapest pattern connected to what is bound (any, when none is connected).
    std::size_t best = items.size();
    double best_cost = 0;
    bool best_connected = false;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (used[i]) continue;
      VarSet v = vars_of(items[i]);
      // Connected to what the seed binds, too: the first pattern picked where no pattern is
      // connected only when the seed binds none of them (or nothing).
      bool connected = v.intersects(bound) || (step == 0 && bound.empty());
      double cost = estimate(*items[i].triple, bound) * kept(items[i], v);
      if (best == items.size() || (connected && !best_connected) ||
          (connected == best_connected && cost < best_cost)) {
        best = i;
        best_cost = cost;
        best_connected = connected;
      }
    }
    used[best] = true;
    const Item& item = items[best];
    const TriplePattern& t = *item.triple;
    VarSet tvars = vars_of(item);
    ScanSpec spec;
    spec.s = scan_term(t.subject);
    spec.p = scan_term(t.predicate);
    spec.o = scan_term(t.object);
    spec.graph = item.scope;
    for (const algebra::ValidOutput& v : t.valid)
      spec.valid.push_back({v.bound, scan_term(v.value)});
    spec.text = text_of(t);
    if (!current) {
      VarSet after = bound;
      after.add_all(tvars);
      spec.filters = take_filters(after);
      spec.time_index = time_indexed(t, bound);
      sorted_var = seeded.empty() ? sort_var(item, bound) : -1;
      current = make_scan(ctx_, std::move(spec));
      rows = best_cost;
      current->set_estimate(rows);
      bound = after;
      joined.add_all(tvars);
      continue;
    }
    VarSet shared = tvars;
    shared.keep_only(bound);
    const double alone = estimate(t, seeded);
    VarSet after = bound;
    after.add_all(tvars);
    const int right_sorted = seeded.empty() ? sort_var(item, seeded) : -1;
    std::size_t shared_count = 0;
    int shared_var = -1;
    for (Var v = 0; v < ctx_.width; ++v)
      if (shared.has(v)) ++shared_count, shared_var = static_cast<int>(v);
    // With only the first rows wanted, a bind join's cost is the seeks until its first
    // row (one when each left row is expected to match, 1 / matches-per-row otherwise,
    // every left row when nothing is expected to match) against reading the pattern whole.
    const bool first_bind =
        first_rows_ && !shared.empty() &&
        kSeekCost * std::min(rows, std::max(1.0, 1.0 / std::max(best_cost, 1e-9))) < alone;
    if (!first_bind && shared_count == 1 && sorted_var >= 0 && sorted_var == shared_var &&
        right_sorted == shared_var && rows * kSeekCost >= alone) {
      // Both sides ascend on the one shared variable: merge.
      spec.filters = take_filters(tvars);
      spec.time_index = time_indexed(t, seeded);
      auto right = make_scan(ctx_, std::move(spec));
      right->set_estimate(alone);
      current = make_merge_join(ctx_, std::move(current), std::move(right),
                                static_cast<Var>(shared_var));
      rows = std::max(rows, alone);
    } else if (!shared.empty() && (rows * kSeekCost < alone || first_bind)) {
      spec.filters = take_filters(after);
      spec.time_index = time_indexed(t, bound);
      // Where all rows are read anyway, a bind join that meets far more left rows than
      // estimated becomes a hash join of the pattern read once whole, its own filters in the
      // scan, the others on the joined rows.
      JoinFallback fallback;
      if (!first_rows_) {
        ScanSpec whole = spec;
        whole.time_index = time_indexed(t, seeded);
        std::vector<const Expr*> after_join;
        VarSet own = seeded;
        own.add_all(tvars);
        whole.filters.clear();
        for (const Expr* f : spec.filters)
          (placeable(*f, own) ? whole.filters : after_join).push_back(f);
        std::vector<Var> keys;
        for (Var v = 0; v < ctx_.width; ++v)
          if (shared.has(v) && joined.has(v)) keys.push_back(v);
        OperatorPtr rest = make_left_rest(ctx_);
        fallback.rest = rest.get();
        auto scan = make_scan(ctx_, std::move(whole));
        scan->set_estimate(alone);
        fallback.plan = make_hash_join(ctx_, std::move(rest), std::move(scan), std::move(keys));
        if (!after_join.empty())
          fallback.plan = make_filter(ctx_, std::move(fallback.plan), std::move(after_join));
        fallback.after_rows = static_cast<std::uint64_t>(
            std::max({kFallbackRows, 8 * rows, alone / kSeekCost}));
      }
      auto right = make_scan(ctx_, std::move(spec));
      right->set_estimate(best_cost);  // per open: per row of the left side
      current = make_bind_join(ctx_, std::move(current), std::move(right), std::move(fallback));
      rows = rows * best_cost;
      sorted_var = -1;
    } else {
      spec.filters = take_filters(tvars);
      // A filter that reads text waits for the join when the join is expected to keep fewer
      // rows than the pattern gives: its build side is read whole, and the filter then runs
      // on the rows that meet (qfuzz seed 3 q0003: 50k IRIs decoded for a join that kept
      // none).
      const double out = shared.empty() ? rows * alone : rows * best_cost;
      if (out < alone) {
        for (auto it = spec.filters.begin(); it != spec.filters.end();) {
          if (reads_text(**it)) {
            filters.push_back(*it);
            it = spec.filters.erase(it);
          } else {
            ++it;
          }
        }
      }
      spec.time_index = time_indexed(t, seeded);
      std::vector<Var> keys;
      for (Var v = 0; v < ctx_.width; ++v)
        if (shared.has(v) && joined.has(v)) keys.push_back(v);
      auto right = make_scan(ctx_, std::move(spec));
      right->set_estimate(alone);
      current = make_hash_join(ctx_, std::move(current), std::move(right), std::move(keys));
      rows = shared.empty() ? rows * alone : rows * best_cost;
      sorted_var = -1;
    }
    current->set_estimate(rows);
    bound = after;
    joined.add_all(tvars);
  }
  // Filters whose variables are all bound now go right here; the rest stay for the caller.
  auto rest = take_filters(bound);
  if (!rest.empty()) current = make_filter(ctx_, std::move(current), std::move(rest));
  return current;
}

}  // namespace annals::query::exec
