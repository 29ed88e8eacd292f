// What a ParsedQuery (annals/query.hpp) holds: the syntax tree, kept out of the public header
// so that embedders see an opaque handle. The layer's insides (translation, execution, tests)
// reach the tree through syntax_tree().
#pragma once

#include "annals/query.hpp"
#include "ast/ast.hpp"

namespace annals {

class ParsedQuery::Impl {
 public:
  explicit Impl(query::ast::Query q) : tree(std::move(q)) {}
  query::ast::Query tree;
};

namespace query::ast {

inline const Query& syntax_tree(const ParsedQuery& parsed) { return parsed.impl().tree; }

}  // namespace query::ast
}  // namespace annals
