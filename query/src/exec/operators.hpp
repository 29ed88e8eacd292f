// The operators the planner builds (operator.hpp says how they run). Each make_* function
// says what its operator produces; the planner (planner.hpp) decides which to use.
#pragma once

#include <optional>
#include <set>
#include <vector>

#include "algebra/algebra.hpp"
#include "exec/operator.hpp"

namespace annals::query::exec {

using algebra::Var;

// One position of a scanned triple pattern: a constant id, a variable slot, or a triple term
// with variables inside (matched by decoding).
struct ScanTerm {
  enum class Kind : std::uint8_t { kConst, kVar, kTriple } kind = Kind::kConst;
  Id id = 0;                          // kConst
  Var var = 0;                        // kVar
  const algebra::Node* node = nullptr;  // kTriple: the pattern node
};

// Which graphs a pattern reads. kDefault: the query's default graph, which is the store's
// default graph, the union of all graphs (`graphs` empty, union_all), or the merge of the
// FROM graphs (`graphs`); a triple in several of them counts once. kNamed: the named graph
// given by `graph` (a constant or a variable), among `graphs` when the query has FROM NAMED
// (named_all otherwise: every graph but the default).
struct GraphScope {
  enum class Kind : std::uint8_t { kDefault, kNamed } kind = Kind::kDefault;
  bool union_all = false;             // kDefault: every graph
  bool named_all = true;              // kNamed: every named graph
  std::vector<Id> graphs;             // kDefault FROM graphs / kNamed FROM NAMED graphs
  ScanTerm graph;                     // kNamed
};

// A fact pattern's valid-time output (algebra::ValidOutput) as the scan sees it.
struct ValidSlot {
  algebra::ValidBound bound = algebra::ValidBound::kFrom;
  ScanTerm value;
};

struct ScanSpec {
  ScanTerm s, p, o;
  GraphScope graph;
  // Empty: one row per quad. Otherwise one row per fact, each matching or binding these
  // (a fact without the bound, e.g. an open start for kFrom, matches nothing).
  std::vector<ValidSlot> valid;
  // Filters evaluated inside the scan, on each row it makes (pushed down by the planner).
  std::vector<const algebra::Expr*> filters;
  std::string text;  // the pattern as written, for EXPLAIN
  // Read the store's time index when the scan is opened with subject and object free (the
  // planner sets it when the store says the index serves the predicate and window): rows
  // then come in no subject or object order, and each open is a new cursor.
  bool time_index = false;
};

OperatorPtr make_scan(RunContext& ctx, ScanSpec spec);
// A scan of no pattern: the empty pattern Z, one row (the seed).
OperatorPtr make_unit(RunContext& ctx);
// The graph names of a GraphScope (kNamed) bound to its variable: GRAPH ?g {} and the
// graph side of GRAPH ?g over a pattern that never reads the graph.
OperatorPtr make_graph_names(RunContext& ctx, GraphScope scope);

// A bind join's way out of a bad estimate: once its left side has given `after_rows` rows
// in one open (the planner expected far fewer), the rest of them go to `plan` instead, a
// hash join of `rest` (a make_left_rest() leaf that reads the bind join's remaining left rows)
// with the right pattern read once whole, which costs less than a seek for each of them.
struct JoinFallback {
  OperatorPtr plan;
  Operator* rest = nullptr;
  std::uint64_t after_rows = 0;
};
// Join: for each row of left, right is opened with that row as its seed.
OperatorPtr make_bind_join(RunContext& ctx, OperatorPtr left, OperatorPtr right,
                           JoinFallback fallback = {});
// The leaf of a JoinFallback's plan.
OperatorPtr make_left_rest(RunContext& ctx);
// Join: right is run once (with the join's seed) into a hash table on keys; left probes it.
OperatorPtr make_hash_join(RunContext& ctx, OperatorPtr left, OperatorPtr right,
                           std::vector<Var> keys);
// Join of two inputs both in increasing order of key's id.
OperatorPtr make_merge_join(RunContext& ctx, OperatorPtr left, OperatorPtr right, Var key);
// LeftJoin (OPTIONAL): right opened with each left row as its seed; exprs (may be empty)
// filter the merged rows.
OperatorPtr make_left_join(RunContext& ctx, OperatorPtr left, OperatorPtr right,
                           const std::vector<algebra::Expr>* exprs);
// Minus: right run once unseeded; a left row goes when some right row is compatible with it
// and shares a bound variable (§18.5). keys: variables both sides bind in every row (may be
// empty), to find the candidates by hash.
OperatorPtr make_minus(RunContext& ctx, OperatorPtr left, OperatorPtr right, std::vector<Var> keys);
OperatorPtr make_filter(RunContext& ctx, OperatorPtr child,
                        std::vector<const algebra::Expr*> exprs);
OperatorPtr make_union(RunContext& ctx, std::vector<OperatorPtr> branches);
// BIND (a chain of them, innermost first): each binding's expression sees the ones before.
struct Binding {
  Var var;
  const algebra::Expr* expr;
};
OperatorPtr make_extend(RunContext& ctx, OperatorPtr child, std::vector<Binding> bindings);
// Rows of constants (VALUES), joined with the seed.
OperatorPtr make_table(RunContext& ctx, std::vector<std::vector<Id>> rows, std::string text);
// Runs child unseeded once, keeps its rows, and joins each seed with them.
OperatorPtr make_materialize(RunContext& ctx, OperatorPtr child);

// Solution modifiers and grouping. Each runs its child unseeded and joins the seed with its
// result (through make_materialize, by the planner).
OperatorPtr make_project(RunContext& ctx, OperatorPtr child, std::vector<Var> keep);
OperatorPtr make_distinct(RunContext& ctx, OperatorPtr child);
OperatorPtr make_slice(RunContext& ctx, OperatorPtr child, std::uint64_t offset,
                       std::optional<std::uint64_t> limit);
OperatorPtr make_order_by(RunContext& ctx, OperatorPtr child,
                          const std::vector<algebra::SortKey>* order,
                          std::optional<std::uint64_t> top);
OperatorPtr make_group(RunContext& ctx, OperatorPtr child, const algebra::Op* group);

// Property paths (§18.4): rows binding the subject and object nodes (constants checked).
OperatorPtr make_path(RunContext& ctx, const algebra::Op* path, GraphScope graph);

}  // namespace annals::query::exec
