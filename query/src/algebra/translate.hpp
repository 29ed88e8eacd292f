// The translation of a query's syntax tree to the SPARQL algebra, SPARQL 1.1 §18.2:
// graph patterns (§18.2.2, translate_patterns.cpp), then grouping, aggregates, HAVING, the
// trailing VALUES, SELECT expressions and the solution modifiers (§18.2.4-5,
// translate_query.cpp), in the spec's order of steps.
#pragma once

#include <string>
#include <vector>

#include "algebra/algebra.hpp"
#include "annals/status.hpp"
#include "ast/ast.hpp"

namespace annals::query::algebra {

// Translates a query the parser accepted (its static checks passed). Fails only on a
// syntax tree the parser should not have built.
Result<Query> translate(const ast::Query& q);

// §18.2.4.1: the aggregates of one query level, each bound to a new agg_i variable. The
// same aggregate written twice is computed once (the spec makes two identical ones). The
// spec also replaces every variable outside an aggregate by Sample(V); here the group keys
// and the SELECT aliases stay variables (the groups keep their keys, and Extend binds the
// aliases), and only the others, which HAVING and ORDER BY may name, become Sample(V).
class Aggregates {
 public:
  explicit Aggregates(VarTable& vars) : vars_(vars) {}
  Var add(Expr aggregate);
  // v is bound after grouping: a key, or an alias of the SELECT list.
  void show(Var v) { visible_.push_back(v); }
  bool visible(Var v) const;
  std::vector<Aggregation> take() { return std::move(list_); }

 private:
  VarTable& vars_;
  std::vector<std::string> printed_;
  std::vector<Aggregation> list_;
  std::vector<Var> visible_;
};

// The translator's state, shared by the two files that implement it.
class Translator {
 public:
  explicit Translator(VarTable& vars) : vars_(vars) {}

  // §18.2.2: a group graph pattern.
  OpPtr group(const ast::GroupPattern& g);
  // §18.2.4-5: one query level (the top query or a sub-SELECT), with its modifiers; sets
  // projection to the variables a SELECT returns.
  OpPtr query_level(const ast::Query& q, std::vector<Var>& projection);

  Node node(const ast::Node& n);
  // An expression; aggregates must have been handled by the caller (see query_level).
  Expr expr(const ast::Expr& e);
  // The same, replacing each aggregate by its variable from aggregates (§18.2.4.1).
  Expr expr(const ast::Expr& e, Aggregates* aggregates);
  Table table(const ast::InlineData& data);

 private:
  OpPtr element(const ast::Element& e);
  OpPtr triples_block(const std::vector<ast::TriplePattern>& triples);
  void path_triples(const Node& subject, const Path& path, const Node& object,
                    std::vector<OpPtr>& out);

  VarTable& vars_;
};

// Join with §18.2.2.8's simplification: Join(Z, A) and Join(A, Z) are A.
OpPtr join(OpPtr left, OpPtr right);
// An operator of kind k over children.
OpPtr make_op(Op::Kind k, OpPtr child, OpPtr second = nullptr);

}  // namespace annals::query::algebra
