// parse_query: runs the grammar over the query text (the only place PEGTL's templates are
// instantiated), then the static checks that need the whole query.
#include <tao/pegtl.hpp>

#include "annals/query.hpp"
#include "annals/update.hpp"
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
  auto q = std::make_unique<query::ast::Query>(std::move(b.queries.front()));
  if (auto err = query::ast::check_scope(*q)) {
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
  auto u = std::make_unique<query::ast::Update>(std::move(b.update));
  u->prefixes = b.queries.front().prefixes;
  for (const auto& op : u->operations) {
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

ParsedQuery::ParsedQuery(std::unique_ptr<query::ast::Query> q) : query_(std::move(q)) {}
ParsedQuery::ParsedQuery(ParsedQuery&&) noexcept = default;
ParsedQuery& ParsedQuery::operator=(ParsedQuery&&) noexcept = default;
ParsedQuery::~ParsedQuery() = default;

QueryKind ParsedQuery::kind() const { return static_cast<QueryKind>(query_->form); }
const std::vector<Prefix>& ParsedQuery::prefixes() const { return query_->prefixes; }
std::vector<std::string> ParsedQuery::variables() const { return query::ast::projected(*query_); }
std::string ParsedQuery::to_string() const { return query::ast::to_sexpr(*query_); }

}  // namespace annals
