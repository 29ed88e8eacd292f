// Evaluating SPARQL expressions (SPARQL 1.1 §17, SPARQL 1.2's triple-term functions) on rows
// of ids, and the aggregates of §18.5.
//
// A row is a span of ids indexed by variable slot (algebra::Var), exec::kUnbound where a
// variable has no value. An expression's value is an id (exec::TermPool turns computed terms
// into ids); exec::kUnbound stands for an error (§17.3: an unbound variable, a type error),
// which FILTER treats as false and BIND as no binding.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "algebra/algebra.hpp"
#include "exec/term_pool.hpp"

namespace annals::query::expr {

using exec::Id;

// What evaluation needs from the query run around it.
struct Context {
  exec::TermPool* pool = nullptr;
  // EXISTS (§18.6): whether the pattern has a solution with the row's values substituted.
  std::function<bool(const algebra::Op& pattern, std::span<const Id> row)> exists;
  // NOW(): one instant for the whole query, milliseconds since the Unix epoch (UTC).
  std::int64_t now_ms = 0;
  // IRI()/URI() resolve relative IRIs against this (the query's base); empty: no resolution.
  std::string base;
};

class Evaluator {
 public:
  explicit Evaluator(Context context);
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;

  // The value of e for row: an id, or exec::kUnbound for an error.
  Id eval(const algebra::Expr& e, std::span<const Id> row);
  // Effective boolean value (§17.2.2) of e for row; nullopt for an error.
  std::optional<bool> ebv(const algebra::Expr& e, std::span<const Id> row);
  // FILTER: true only when every expression's effective boolean value is true.
  bool test(const std::vector<algebra::Expr>& conjunction, std::span<const Id> row);
  // BNODE(string) gives the same blank node for the same string within one solution (§17.4.2.9):
  // call this before evaluating the expressions of each new solution.
  void next_solution();

  // ORDER BY (§15.1): a total order of ids; unbound first, then blank nodes, IRIs, literals
  // (numbers by value, dates by value, strings by codepoint...), ties broken so that the
  // order is total and stable. <0, 0, >0.
  int order(Id a, Id b);
  // Value equality for "=" as §17.4.1.7 RDFterm-equal / value comparison would decide it,
  // for the planner's joins on values: nullopt for an error.
  std::optional<bool> equal(Id a, Id b);

  exec::TermPool& pool();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether a built-in gives a new value at each call whatever its arguments (RAND, UUID,
// STRUUID, and BNODE, whose nodes are new in each solution): never folded into a constant
// nor looked up from an earlier row.
bool fresh_each_call(std::string_view builtin);
// Whether evaluating e reads terms' text (a function or cast, other than the tests an id's
// tag answers and BOUND, IF, COALESCE, sameTerm): a dictionary read and a string for each new
// value, some microseconds a row, where a comparison of inline values takes nanoseconds.
bool reads_text(const algebra::Expr& e);

// One aggregate (§18.5) over the rows of one group: COUNT, SUM, MIN, MAX, AVG, SAMPLE,
// GROUP_CONCAT, with DISTINCT; made for the aggregate expression (algebra::Expr of kind
// kAggregate) and fed the group's rows one by one.
class Accumulator {
 public:
  virtual ~Accumulator() = default;
  // Adds one solution of the group (evaluates the aggregate's argument on it).
  virtual void add(std::span<const Id> row) = 0;
  // The aggregate's value over the rows added so far; exec::kUnbound for an error.
  virtual Id result() = 0;
};

// The accumulator of aggregate (kind kAggregate), evaluating its argument with evaluator,
// which must outlive it.
std::unique_ptr<Accumulator> make_accumulator(const algebra::Expr& aggregate,
                                              Evaluator& evaluator);

}  // namespace annals::query::expr
