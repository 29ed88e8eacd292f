// The embedding API's one-call paths, through the public headers only: loading Turtle from a
// std::istream, run_query on a read transaction with typed rows (kind, datatype, language,
// and the period a date literal names), and a rolled back write transaction.
#include <catch2/catch.hpp>
#include <sstream>

#include "../support/temp_dir.hpp"
#include "annals/load.hpp"
#include "annals/query.hpp"
#include "annals/store.hpp"

namespace {

using annals::testing::TempDir;
using namespace annals;

const char* const kTurtle = R"(
@prefix : <http://example.org/> .
@prefix annals: <https://annals.dev/ns#> .
:Kabul :capitalOf :Afghanistan {| annals:validFrom "1776"^^<http://www.w3.org/2001/XMLSchema#gYear> |} .
:Kabul :label "Kabul"@en .
)";

Store open_loaded(const TempDir& dir) {
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  std::istringstream text(kTurtle);
  LoadOptions options;
  options.format = RdfFormat::kTurtle;
  auto loaded = load_input(*store, Input::from_stream(text, "kabul.ttl"), options);
  REQUIRE(loaded.is_ok());
  CHECK(loaded->facts_added == 2);
  CHECK(loaded->tx.description == "load kabul.ttl");
  return std::move(store).value();
}

// The rows of a SELECT, each value or nullopt.
std::vector<std::vector<std::optional<Term>>> all_rows(Solutions& rows) {
  std::vector<std::vector<std::optional<Term>>> out;
  std::vector<std::optional<Term>> row;
  for (;;) {
    auto more = rows.next(row);
    REQUIRE(more.is_ok());
    if (!*more) return out;
    out.push_back(row);
  }
}

}  // namespace

TEST_CASE("run_query gives typed rows, date literals with their period", "[api]") {
  TempDir dir;
  Store store = open_loaded(dir);
  auto txn = store.read();
  REQUIRE(txn.is_ok());
  auto rows = run_query(*txn, R"(PREFIX : <http://example.org/>
    PREFIX annals: <https://annals.dev/ns#>
    SELECT ?what ?from ?name WHERE {
      :Kabul :capitalOf ?what {| annals:validFrom ?from |} . :Kabul :label ?name
    } VALID AT "2025")");
  REQUIRE(rows.is_ok());
  CHECK(rows->variables() == std::vector<std::string>{"what", "from", "name"});
  auto got = all_rows(*rows);
  REQUIRE(got.size() == 1);
  const auto& r = got[0];
  REQUIRE((r[0] && r[1] && r[2]));
  CHECK(r[0]->kind == TermKind::kIri);
  CHECK(r[0]->value == "http://example.org/Afghanistan");
  CHECK(r[1]->datatype == "http://www.w3.org/2001/XMLSchema#gYear");
  auto period = date_period(*r[1]);
  REQUIRE(period);
  CHECK(to_string(*period) == "[1776, 1777)");
  CHECK(r[2]->language == "en");
  CHECK(!date_period(*r[2]));
  CHECK(!date_period(Term::literal("2025-02-30", std::string(kXsd) + "date")));
  CHECK(to_string(*date_period(Term::literal("2025-02", std::string(kXsd) + "gYearMonth"))) ==
        "[2025-02, 2025-03)");
}

TEST_CASE("run_query reports a syntax error with its place, and runs ASK", "[api]") {
  TempDir dir;
  Store store = open_loaded(dir);
  auto txn = store.read();
  REQUIRE(txn.is_ok());
  auto bad = run_query(*txn, "SELECT ?x WHERE { ?x }");
  REQUIRE(!bad.is_ok());
  CHECK(bad.status().code() == StatusCode::kInvalidInput);
  CHECK(bad.status().where().line == 1);
  auto ask = run_query(*txn, "ASK { ?s <http://example.org/capitalOf> ?o } VALID AT \"1700\"");
  REQUIRE(ask.is_ok());
  auto yes = ask->boolean();
  REQUIRE(yes.is_ok());
  CHECK(!*yes);  // 1776 onwards only
}

TEST_CASE("a rolled back write leaves nothing; a failing stream is an I/O error", "[api]") {
  TempDir dir;
  Store store = open_loaded(dir);
  {
    auto w = store.write();
    REQUIRE(w.is_ok());
    auto s = w->intern(Term::iri("http://example.org/Herat"));
    REQUIRE(s.is_ok());
    REQUIRE(w->assert_fact(*s, *s, *s, kDefaultGraph).is_ok());
    w->rollback();
  }
  auto txn = store.read();
  REQUIRE(txn.is_ok());
  auto id = txn->lookup(Term::iri("http://example.org/Herat"));
  REQUIRE(id.is_ok());
  CHECK(!id->has_value());
  CHECK(txn->committed() == 1);

  std::istringstream broken("<http://example.org/a> <http://example.org/b> ");
  broken.setstate(std::ios::badbit);
  LoadOptions options;
  options.format = RdfFormat::kNTriples;
  auto loaded = load_input(store, Input::from_stream(broken, "broken"), options);
  REQUIRE(!loaded.is_ok());
  CHECK(loaded.status().code() == StatusCode::kIoError);
}
