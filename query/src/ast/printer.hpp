// The syntax tree as an S-expression on one line, for tests and, later, EXPLAIN:
//   (select (vars ?s) (where (group (bgp (triple ?s <http://x/p> "1"^^<...#integer>)))))
// Terms print in N-Triples form, variables as ?name, hidden variables (blank nodes of a
// pattern) as ??label, operators and built-ins by name: (= ?x 1), (STRLEN ?s).
#pragma once

#include <string>

#include "ast/ast.hpp"

namespace annals::query::ast {

std::string to_sexpr(const Query& q);
std::string to_sexpr(const Expr& e);
std::string to_sexpr(const GroupPattern& g);
std::string to_sexpr(const Path& p);

}  // namespace annals::query::ast
