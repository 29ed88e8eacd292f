// What a ParsedQuery (annals/query.hpp) and a ParsedUpdate (annals/update.hpp) hold: the
// syntax tree, kept out of the public headers so that embedders see opaque handles. The
// layer's insides (translation, execution, tests) reach the tree through syntax_tree().
#pragma once

#include "annals/query.hpp"
#include "annals/update.hpp"
#include "ast/ast.hpp"
#include "ast/update.hpp"

namespace annals {

class ParsedQuery::Impl {
 public:
  explicit Impl(query::ast::Query q) : tree(std::move(q)) {}
  query::ast::Query tree;
};

class ParsedUpdate::Impl {
 public:
  explicit Impl(query::ast::Update u) : tree(std::move(u)) {}
  query::ast::Update tree;
};

namespace query::ast {

inline const Query& syntax_tree(const ParsedQuery& parsed) { return parsed.impl().tree; }
inline const Update& syntax_tree(const ParsedUpdate& parsed) { return parsed.impl().tree; }

}  // namespace query::ast
}  // namespace annals
