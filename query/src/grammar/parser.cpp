// parse_query: runs the grammar over the query text (the only place PEGTL's templates are
// instantiated), then the static checks that need the whole query.
#include <tao/pegtl.hpp>

#include "annals/query.hpp"
#include "annals/update.hpp"
#include "ast/parsed_query.hpp"
#include "ast/printer.hpp"
#include "ast/scope.hpp"
#include "grammar/actions.hpp"
#include "grammar/errors.hpp"

namespace annals {

namespace grammar = query::grammar;
namespace pegtl = tao::pegtl;

namespace {

template <typename Rule>
struct control : pegtl::normal<Rule> {
  template <typename In, typename... States>
  [[noreturn]] static void raise(const In& in, grammar::Builder& b, States&&...) {
    syntax::raise_at(in, b, "expected " + grammar::Expected<Rule>::text());
  }
};

}  // namespace

Result<ParsedQuery> parse_query(std::string_view text, const QueryParseOptions& options) {
  grammar::Builder b(text, options.base, options.prefixes);
  pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf> in(text.data(), text.size(),
                                                                           "query");
  try {
    pegtl::parse<grammar::QueryUnit, grammar::action, control>(in, b);
  } catch (const grammar::QueryError& e) {
    return Status::invalid_input(e.message, e.where);
  } catch (const pegtl::parse_error& e) {
    return Status::invalid_input(std::string(e.message()), std::move(b.error_where));
  }
  auto q = std::make_unique<ParsedQuery::Impl>(std::move(b.queries.front()));
  if (q->tree.explain != Explain::kNo && !options.explain) {
    return Status::invalid_input("EXPLAIN is not taken here: send the query alone",
                                 b.position_of(q->tree.explain_at));
  }
  if (auto err = query::ast::check_scope(q->tree)) {
    return Status::invalid_input(err->message, b.position_of(err->at));
  }
  return ParsedQuery(std::move(q));
}

// SPARQL 1.1 Update: the same builder and terminals, the Update grammar ([29]-[52]); each
// WHERE pattern gets the static checks a query's pattern gets.
Result<ParsedUpdate> parse_update(std::string_view text, const QueryParseOptions& options) {
  grammar::Builder b(text, options.base, options.prefixes);
  b.set_source("update");
  pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf> in(text.data(), text.size(),
                                                                           "update");
  try {
    pegtl::parse<grammar::UpdateUnit, grammar::action, control>(in, b);
  } catch (const grammar::QueryError& e) {
    return Status::invalid_input(e.message, e.where);
  } catch (const pegtl::parse_error& e) {
    return Status::invalid_input(std::string(e.message()), std::move(b.error_where));
  }
  auto u = std::make_unique<ParsedUpdate::Impl>(std::move(b.update));
  u->tree.prefixes = b.queries.front().prefixes;
  for (const auto& op : u->tree.operations) {
    if (!op.where) continue;
    query::ast::Query q;
    q.select_all = true;
    q.where = *op.where;
    if (auto err = query::ast::check_scope(q)) {
      return Status::invalid_input(err->message, b.position_of(err->at));
    }
  }
  return ParsedUpdate(std::move(u));
}

ParsedQuery::ParsedQuery(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ParsedQuery::ParsedQuery(ParsedQuery&&) noexcept = default;
ParsedQuery& ParsedQuery::operator=(ParsedQuery&&) noexcept = default;
ParsedQuery::~ParsedQuery() = default;

QueryKind ParsedQuery::kind() const { return static_cast<QueryKind>(impl_->tree.form); }
Explain ParsedQuery::explain() const { return impl_->tree.explain; }
const std::vector<Prefix>& ParsedQuery::prefixes() const { return impl_->tree.prefixes; }
std::vector<std::string> ParsedQuery::variables() const {
  return query::ast::projected(impl_->tree);
}
std::string ParsedQuery::to_string() const { return query::ast::to_sexpr(impl_->tree); }

}  // namespace annals
