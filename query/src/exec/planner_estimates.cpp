// The planner's estimates: rows of a triple pattern, a property path or an operator, from the
// store's per-predicate statistics, and the share of rows a FILTER keeps.
#include <algorithm>
#include <cmath>

#include "exec/planner.hpp"

namespace annals::query::exec {

namespace {

// Rows a pattern with a bound subject or object yields when no statistics say.
constexpr double kFanOut = 10;

}  // namespace

bool node_bound(const Node& n, const VarSet& bound) {
  switch (n.kind) {
    case Node::Kind::kTerm:
      return true;
    case Node::Kind::kVar:
      return bound.has(n.var);
    case Node::Kind::kTriple:
      break;
  }
  for (const Node& c : *n.triple)
    if (!node_bound(c, bound)) return false;
  return true;
}

double Planner::estimate(const TriplePattern& t, const VarSet& bound) {
  auto is_bound = [&](const Node& n) { return node_bound(n, bound); };
  bool s = is_bound(t.subject), o = is_bound(t.object);
  double total = static_cast<double>(std::max<std::uint64_t>(in_.stats->facts, 1));
  if (t.predicate.kind == Node::Kind::kTerm) {
    auto id = ctx_.pool->lookup(t.predicate.term);
    if (!id) return 0;
    auto it = by_predicate_.find(*id);
    if (it == by_predicate_.end()) return 0;
    const PredicateStats& p = *it->second;
    double f = static_cast<double>(p.facts);
    double ds = std::max<double>(1, static_cast<double>(p.distinct_subjects));
    double dobj = std::max<double>(1, static_cast<double>(p.distinct_objects));
    // A value bound by a join comes from another pattern: it is a subject (object) of this
    // predicate for certain if the one pattern's values contain the other's, with chance
    // d / universe if they are independent. Statistics cannot tell which, so take the
    // geometric middle of the two. Constants are taken to occur.
    auto joined = [&](const Node& n, double d) {
      return n.kind == Node::Kind::kVar ? std::sqrt(std::min(1.0, d / universe_)) : 1.0;
    };
    // A check of both ends keeps a fraction of the rows ("is ?x a :State?"): not clamped to
    // one row, so that the rows after it are not overestimated.
    if (s && o) return f / (ds * dobj) * joined(t.subject, ds) * joined(t.object, dobj);
    if (s) return f / ds * joined(t.subject, ds);
    if (o) return f / dobj * joined(t.object, dobj);
    return f;
  }
  bool p = is_bound(t.predicate);
  if (s && o) return 1;
  if (s || o) return p ? kFanOut / 2 : kFanOut;
  return p ? total / 10 : total;
}

double Planner::selectivity(const Expr& e, const TriplePattern& t) {
  constexpr double kUnknown = 0.5;
  auto constant = [](const Expr& a) {
    return a.kind == Expr::Kind::kNode && a.node.kind == Node::Kind::kTerm;
  };
  auto variable = [](const Expr& a) {
    return a.kind == Expr::Kind::kNode && a.node.kind == Node::Kind::kVar;
  };
  // One value of ?v: one of the distinct subjects or objects of t's predicate, when ?v is
  // t's subject or object and the statistics know the predicate.
  auto one_value = [&](Var v) {
    constexpr double kDefault = 0.01;
    if (t.predicate.kind != Node::Kind::kTerm) return kDefault;
    auto id = ctx_.pool->lookup(t.predicate.term);
    if (!id) return kDefault;
    auto it = by_predicate_.find(*id);
    if (it == by_predicate_.end()) return kDefault;
    const PredicateStats& p = *it->second;
    auto at = [&](const Node& n) { return n.kind == Node::Kind::kVar && n.var == v; };
    if (at(t.object)) return 1 / std::max(1.0, static_cast<double>(p.distinct_objects));
    if (at(t.subject)) return 1 / std::max(1.0, static_cast<double>(p.distinct_subjects));
    return kDefault;
  };
  auto equality = [&](const Expr& a, const Expr& b) {
    if (variable(a) && constant(b)) return one_value(a.node.var);
    if (variable(b) && constant(a)) return one_value(b.node.var);
    return 0.1;  // two variables, or computed values
  };
  const std::string& op = e.op;
  if (e.kind == Expr::Kind::kOperator) {
    if (op == "&&") {
      double s = 1;
      for (const Expr& a : e.args) s *= selectivity(a, t);
      return s;
    }
    if (op == "||") {
      double s = 0;
      for (const Expr& a : e.args) s += selectivity(a, t);
      return std::min(1.0, s);
    }
    if (op == "!" && e.args.size() == 1) return std::max(0.1, 1 - selectivity(e.args[0], t));
    if (op == "=" && e.args.size() == 2) return equality(e.args[0], e.args[1]);
    if (op == "IN" && !e.args.empty()) {
      double s = 0;
      for (std::size_t i = 1; i < e.args.size(); ++i) s += equality(e.args[0], e.args[i]);
      return std::min(1.0, s);
    }
    if (op == "!=" || op == "NOT IN") return 0.9;
    if (op == "<" || op == ">" || op == "<=" || op == ">=") return 1.0 / 3;
    return kUnknown;
  }
  if (e.kind == Expr::Kind::kBuiltin) {
    if (op == "SAMETERM" && e.args.size() == 2) return equality(e.args[0], e.args[1]);
    if (op == "REGEX" || op == "CONTAINS" || op == "STRSTARTS" || op == "STRENDS" ||
        op == "LANGMATCHES")
      return 0.25;
    if (op == "BOUND") return 0.9;
  }
  return kUnknown;
}

double Planner::estimate_op(const Op& op, const VarSet& bound) {
  constexpr double kUnknown = 1e12;
  switch (op.kind) {
    case Op::Kind::kBgp: {
      double best = op.triples.empty() ? 1 : kUnknown;
      for (const auto& t : op.triples) best = std::min(best, estimate(t, bound));
      return best;
    }
    case Op::Kind::kGraph:
    case Op::Kind::kExtend:
    case Op::Kind::kDistinct:
    case Op::Kind::kReduced:
    case Op::Kind::kOrderBy:
    case Op::Kind::kProject:
    case Op::Kind::kLeftJoin:
    case Op::Kind::kMinus:
      return estimate_op(*op.children[0], bound);
    case Op::Kind::kFilter:
      return estimate_op(*op.children[0], bound) / 2;
    case Op::Kind::kGroup:
      return op.keys.empty() ? 1 : estimate_op(*op.children[0], bound);
    case Op::Kind::kUnion: {
      double sum = 0;
      for (const auto& c : op.children) sum += estimate_op(*c, bound);
      return sum;
    }
    case Op::Kind::kJoin: {
      double best = kUnknown;
      for (const auto& c : op.children) best = std::min(best, estimate_op(*c, bound));
      return best;
    }
    case Op::Kind::kTable:
      return static_cast<double>(op.table.rows.size());
    case Op::Kind::kSlice:
      if (op.limit) return static_cast<double>(*op.limit);
      return estimate_op(*op.children[0], bound);
    case Op::Kind::kPath:
      return estimate_path(op.path, !op.subject.is_var() || bound.has(op.subject.var),
                           !op.object.is_var() || bound.has(op.object.var));
    default:
      return kUnknown;
  }
}

double Planner::estimate_path(const algebra::Path& path, bool start, bool end) {
  using Kind = algebra::Path::Kind;
  const double total = static_cast<double>(std::max<std::uint64_t>(in_.stats->facts, 1));
  switch (path.kind) {
    case Kind::kLink: {
      auto id = ctx_.pool->lookup(path.iri);
      if (!id) return 0;
      auto it = by_predicate_.find(*id);
      if (it == by_predicate_.end()) return 0;
      const PredicateStats& p = *it->second;
      const double f = static_cast<double>(p.facts);
      const double ds = std::max<double>(1, static_cast<double>(p.distinct_subjects));
      const double dobj = std::max<double>(1, static_cast<double>(p.distinct_objects));
      if (start && end) return std::min(1.0, f / (ds * dobj));
      if (start) return f / ds;
      if (end) return f / dobj;
      return f;
    }
    case Kind::kInverse:
      return estimate_path(path.args[0], end, start);
    case Kind::kSequence: {
      // Walked from a bound end (the start when neither is): each step multiplies the rows
      // by its fan-out; the far end, when bound, keeps a fraction.
      const bool backward = end && !start;
      const std::size_t n = path.args.size();
      double rows = 1;
      for (std::size_t i = 0; i < n; ++i) {
        const algebra::Path& step = path.args[backward ? n - 1 - i : i];
        const bool near = i > 0 || (backward ? end : start);
        const bool far = i + 1 == n && (backward ? start : end);
        rows *= backward ? estimate_path(step, far, near) : estimate_path(step, near, far);
      }
      return rows;
    }
    case Kind::kAlternative: {
      double rows = 0;
      for (const algebra::Path& a : path.args) rows += estimate_path(a, start, end);
      return rows;
    }
    case Kind::kZeroOrOne:
      return estimate_path(path.args[0], start, end) + (start || end ? 1 : universe_);
    case Kind::kOneOrMore:
    case Kind::kZeroOrMore: {
      const double zero = path.kind == Kind::kZeroOrMore ? (start || end ? 1 : universe_) : 0;
      if (start && end) return 1;
      const double step = estimate_path(path.args[0], start, end);
      const double links = estimate_path(path.args[0], false, false);
      if (start || end) {
        // From a bound end: somewhere between three levels of fan-out (a node deep in a
        // hierarchy) and every node the links reach (its root); statistics cannot tell
        // which, so the geometric middle of the two, as for joined values above.
        const double levels = std::max(step, step + step * step + step * step * step);
        const double nodes = std::max(1.0, std::min(universe_, links));
        return std::min(nodes, std::sqrt(levels * nodes)) + zero;
      }
      // Between free ends: every link a few times over (chains of some length), at most
      // every pair of nodes.
      return std::min(universe_ * universe_, 3 * links) + zero;
    }
    case Kind::kNegated:
      if (start && end) return 1;
      return start || end ? std::max(1.0, total / universe_) : total;
  }
  return total;
}

}  // namespace annals::query::exec
