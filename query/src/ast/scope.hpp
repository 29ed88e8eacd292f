// Variable scope (SPARQL 1.1 §18.2.1) and the static rules that rest on it: SELECT
// expressions and BIND introduce new variables only, and a grouped query projects only
// grouped variables and aggregates (§18.2.4.1, §19.8 note 12).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ast/ast.hpp"

namespace annals::query::ast {

// The variables in scope in a group pattern, in order of first appearance, without the
// hidden variables that stand for blank nodes.
std::vector<std::string> in_scope(const GroupPattern& g);
// The variables a SELECT query returns: its projection, or for SELECT * the pattern's.
std::vector<std::string> projected(const Query& q);

struct ScopeError {
  std::string message;
  std::size_t at = 0;  // byte offset in the query text
};
// The first broken rule in q or its subqueries, if any.
std::optional<ScopeError> check_scope(const Query& q);

}  // namespace annals::query::ast
