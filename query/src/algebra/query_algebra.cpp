// ParsedQuery::algebra_string (annals/query.hpp): the parsed query's algebra, printed.
#include "algebra/printer.hpp"
#include "algebra/translate.hpp"
#include "annals/query.hpp"
#include "ast/parsed_query.hpp"

namespace annals {

Result<std::string> ParsedQuery::algebra_string() const {
  auto algebra = query::algebra::translate(impl_->tree);
  if (!algebra.is_ok()) return algebra.status();
  return query::algebra::to_sse(*algebra);
}

}  // namespace annals
