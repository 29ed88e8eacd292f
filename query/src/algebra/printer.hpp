// The algebra as an SSE S-expression on one line, in the style of the W3C's and Jena's
// algebra listings, for tests and, later, EXPLAIN:
//   (project (?x) (filter (> ?v 1) (bgp (triple ?x <http://x/p> ?v))))
// Variables print as ?name, hidden ones (blank nodes, path steps, aggregates) as ??name;
// integers, decimals and booleans in their short Turtle form, other terms as N-Triples.
#pragma once

#include <string>

#include "algebra/algebra.hpp"

namespace annals::query::algebra {

std::string to_sse(const Op& op, const VarTable& vars);
std::string to_sse(const Expr& e, const VarTable& vars);
// The query's pattern; for other forms than SELECT, and with a dataset or temporal clause,
// wrapped in (ask ...), (construct (template ...) ...), (describe (...) ...) or
// (select ...) with (from ...), (from-named ...), (valid-during ...), (as-of ...) first.
std::string to_sse(const Query& q);

}  // namespace annals::query::algebra
