// The planner: turns a query's algebra into a tree of operators (operators.hpp).
//
// - Constants become ids once (a constant the store has never seen matches nothing); a
//   FILTER whose value does not depend on the row is decided here.
// - A basic graph pattern is ordered greedily: the pattern with the fewest estimated rows
//   first (from the store's per-predicate statistics), then always the cheapest pattern
//   connected to what is bound so far. The parts of a join (a BGP's patterns as one part,
//   property paths, UNIONs, OPTIONALs, sub-queries) likewise: the next part always shares a
//   variable with those before it when one does, so a cross product comes only where the
//   query is itself disconnected (two paths that share no variable are not joined first).
//   Each step is a bind join (seek per row) when the left side is small against the
//   pattern's own size, a merge join when both sides come out of the indexes sorted on the
//   one shared variable, and a hash join otherwise.
//   A pattern's estimate counts the filters it makes placeable (planner_estimates.cpp).
//   A bind join that meets far more left rows than estimated in one open hashes the rest
//   against the pattern read once whole (JoinFallback), except where only the first rows
//   are wanted (ASK, EXISTS, LIMIT). A VALUES block comes first and seeds the patterns,
//   unless some pattern alone is far more selective than the block is long.
// - Filters go into the scan after which all their variables are bound; a group's filter
//   goes below an OPTIONAL whose left side binds all its variables in every row, below a
//   MINUS, and below BINDs it does not read. A BIND whose variable nothing else names is
//   not evaluated.
// - The temporal clause and the dataset go into every scan (RunContext::time, GraphScope).
// - An operator receives bindings from outside (a bind join's right side, OPTIONAL, EXISTS)
//   only where that cannot change its meaning: a FILTER or BIND inside a group must not see
//   a variable the group itself does not bind (§18.2.2's scoping). Elsewhere it is run once
//   on its own and joined (Materialize), which is always correct.
#pragma once

#include <map>
#include <vector>

#include "algebra/algebra.hpp"
#include "exec/operators.hpp"

namespace annals::query::exec {

// The algebra's names, as the planner's files all use them.
using algebra::Expr;
using algebra::Node;
using algebra::Op;
using algebra::TriplePattern;

// A set of variable slots.
class VarSet {
 public:
  explicit VarSet(std::size_t width = 0) : bits_(width, false) {}
  void add(Var v) { bits_[v] = true; }
  void remove(Var v) { bits_[v] = false; }
  bool has(Var v) const { return bits_[v]; }
  void add_all(const VarSet& o) {
    for (std::size_t i = 0; i < bits_.size(); ++i) bits_[i] = bits_[i] || o.bits_[i];
  }
  void keep_only(const VarSet& o) {
    for (std::size_t i = 0; i < bits_.size(); ++i) bits_[i] = bits_[i] && o.bits_[i];
  }
  bool empty() const {
    for (bool b : bits_)
      if (b) return false;
    return true;
  }
  bool intersects(const VarSet& o) const {
    for (std::size_t i = 0; i < bits_.size(); ++i)
      if (bits_[i] && o.bits_[i]) return true;
    return false;
  }
  // Every member of this that is in `within` is also in `sub`.
  bool within_covered(const VarSet& within, const VarSet& sub) const {
    for (std::size_t i = 0; i < bits_.size(); ++i)
      if (bits_[i] && within.bits_[i] && !sub.bits_[i]) return false;
    return true;
  }
  std::size_t size() const { return bits_.size(); }

 private:
  std::vector<bool> bits_;
};

// Whether a pattern position is a constant for a scan, given the bound variables: a term,
// a bound variable, or a triple term whose variables are all bound (a triple term with
// a free variable is matched by decoding: the scan leaves that position open).
bool node_bound(const algebra::Node& n, const VarSet& bound);

struct PlannerInput {
  const algebra::Query* query = nullptr;
  const StoreStats* stats = nullptr;
  GraphScope default_scope;  // the query's default graph
  GraphScope named_scope;    // its named graphs (graph field unset)
};

class Planner {
 public:
  Planner(RunContext& ctx, PlannerInput input);

  // The operator for op, to be opened with seeds binding at most the variables `seeded`.
  OperatorPtr plan(const algebra::Op& op, const VarSet& seeded);
  // The root of the query (its pattern with the solution modifiers).
  OperatorPtr plan_root();
  // For EXISTS: the operator for a pattern met inside an expression, planned on first use,
  // opened with rows binding any variable.
  Operator& exists_operator(const algebra::Op& pattern);

  // What the planner knows of an operator's variables: those it may bind and those it
  // binds in every row.
  VarSet maybe(const algebra::Op& op) const;
  VarSet certain(const algebra::Op& op) const;

 private:
  OperatorPtr plan_with(const algebra::Op& op, const VarSet& seeded, const GraphScope& scope,
                        std::vector<const algebra::Expr*> filters,
                        std::optional<std::uint64_t> top);
  // plan_with's work, without the estimate it notes on the result.
  OperatorPtr plan_op(const algebra::Op& op, const VarSet& seeded, const GraphScope& scope,
                        std::vector<const algebra::Expr*> filters,
                        std::optional<std::uint64_t> top);
  // A triple pattern with the graphs it reads: the patterns of one join, gathered from its
  // basic graph patterns and GRAPH blocks, are ordered together.
  struct Item {
    const algebra::TriplePattern* triple;
    GraphScope scope;
  };
  OperatorPtr plan_items(const std::vector<Item>& items, const VarSet& seeded,
                         std::vector<const algebra::Expr*>& filters);
  // Values a FILTER allows a variable (FILTER(?x = <a> || ?x = <b>), ?x IN (...)): joined
  // first, as a VALUES block would be, so that the patterns seek on them.
  struct Seed {
    Var var;
    std::vector<Id> ids;
  };
  OperatorPtr plan_join(const algebra::Op& op, const VarSet& seeded, const GraphScope& scope,
                        std::vector<const algebra::Expr*>& filters,
                        const std::vector<Seed>& seeds = {});
  // The seeds the conjuncts of a filter over `child` give, when seeking on them is cheaper
  // by estimate than reading the child's rows and filtering them.
  std::vector<Seed> filter_seeds(const std::vector<const algebra::Expr*>& conjuncts,
                                 const algebra::Op& child, const VarSet& seeded);
  bool safe(const algebra::Op& op, const VarSet& seeded) const;
  ScanTerm scan_term(const algebra::Node& n);
  double estimate(const algebra::TriplePattern& t, const VarSet& bound);
  // The share of t's rows a filter keeps (0 to 1), rough: an equality with a constant keeps
  // one value of the position's distinct values, a range a third, a text match a quarter.
  double selectivity(const algebra::Expr& e, const algebra::TriplePattern& t);
  // Whether a scan of t opened with `bound` reads the store's time index (ScanSpec).
  bool time_indexed(const algebra::TriplePattern& t, const VarSet& bound);
  // A rough number of rows of an operator (for the order of a join's parts).
  double estimate_op(const algebra::Op& op, const VarSet& bound);
  // Rows of a property path with its start and/or end bound (per binding), from the
  // predicates' statistics: a closure grows from a bound end by its links' fan-out, up to the
  // nodes there are.
  double estimate_path(const algebra::Path& path, bool start_bound, bool end_bound);
  void note_exists(const algebra::Expr& e, const GraphScope& scope);

  RunContext& ctx_;
  std::map<Id, bool> time_served_;  // the store's answer per predicate (time_indexed)
  PlannerInput in_;
  std::map<Id, const PredicateStats*> by_predicate_;
  // The most distinct subjects or objects of any predicate: roughly how many values a join
  // variable could take.
  double universe_ = 1;
  // How often each variable is named anywhere in the query (patterns, expressions, EXISTS,
  // projections, templates): a BIND's variable named once, by the BIND, is never read.
  std::vector<std::size_t> mentions_;
  std::map<const algebra::Op*, GraphScope> exists_scope_;
  std::map<const algebra::Op*, OperatorPtr> exists_ops_;
  // Planning an EXISTS pattern: the seed is a substitution, visible to every FILTER and BIND.
  bool substitute_ = false;
  // Only the first rows of what is being planned are read (ASK, EXISTS, LIMIT without an
  // ORDER BY): a join that gives rows as it reads (a bind join) is preferred to one that
  // reads a whole side first (a hash join), unless the estimates say it seeks too often.
  bool first_rows_ = false;
};

// Constant folding: replaces each sub-expression whose arguments are all constants by its
// value (computed once here instead of once a row), everywhere in op (EXISTS patterns too).
// Left alone: RAND, UUID, STRUUID and BNODE (a new value each time), and sub-expressions
// that are errors (they stay errors when evaluated).
void fold_constants(algebra::Op& op, expr::Evaluator& evaluator, std::size_t width);

// Every variable an expression mentions, EXISTS patterns included.
void expr_vars(const algebra::Expr& e, VarSet& out);
// The variables of a triple pattern, with a fact pattern's valid-time outputs.
void triple_vars(const algebra::TriplePattern& t, VarSet& out);
// The conjuncts of a filter: FILTER(a && b) keeps the rows FILTER(a) FILTER(b) keeps.
void conjuncts(const algebra::Expr& e, std::vector<const algebra::Expr*>& out);

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
// Every variable an operator mentions anywhere below it.
void op_vars(const algebra::Op& op, VarSet& out);

}  // namespace annals::query::exec
