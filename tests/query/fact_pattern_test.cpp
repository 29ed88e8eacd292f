// Fact patterns (annotations on annals:validFrom / validTo / validIn) on generated data: one
// row per fact whichever way the planner joins them (a bind join seeding the fact scan, hash
// joins, VALUES first), and AS OF reading the facts of an earlier transaction.
#include <catch2/catch.hpp>

#include "../support/query_rows.hpp"
#include "../support/temp_dir.hpp"
#include "annals/query.hpp"
#include "annals/store.hpp"

namespace {

using annals::testing::TempDir;
using namespace annals;

constexpr int kPeople = 3000;
const std::string kEx = "http://example.org/";
const std::string kPrologue = "PREFIX : <" + kEx +
                              ">\nPREFIX annals: <https://annals.dev/ns#>\n"
                              "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n";

ValidTime year(int y) {
  return ValidTime::during(DateBound{days_from_civil(y, 1, 1), Precision::kYear},
                           DateBound{days_from_civil(y, 1, 1), Precision::kYear});
}

// Person i visited :city0 in (i % 3) + 1 years from 2000 on (one fact each), has an age,
// and every tenth is a :Member. Returns the transaction's number.
TxNumber fill(Store& store) {
  auto w = store.write();
  REQUIRE(w.is_ok());
  auto iri = [&](const std::string& s) { return *w->intern(Term::iri(kEx + s)); };
  const TermId visited = iri("visited"), city = iri("city0"), age = iri("age"), type = iri("type"),
               member = iri("Member");
  for (int i = 0; i < kPeople; ++i) {
    const TermId p = iri("p" + std::to_string(i));
    for (int j = 0; j <= i % 3; ++j)
      REQUIRE(w->add_fact(p, visited, city, kDefaultGraph, year(2000 + j)).is_ok());
    TermId a = *w->intern(Term::literal(std::to_string(i % 90), std::string(kXsdInteger)));
    REQUIRE(w->add_fact(p, age, a, kDefaultGraph).is_ok());
    if (i % 10 == 0) REQUIRE(w->add_fact(p, type, member, kDefaultGraph).is_ok());
  }
  auto record = w->commit("generated");
  REQUIRE(record.is_ok());
  return record->number;
}

// The rows of a query with the prologue above.
std::vector<std::string> rows(const ReadTxn& txn, const std::string& text,
                              std::string* plan = nullptr) {
  return annals::testing::query_rows(txn, kPrologue + text, {}, plan);
}

// A scratch store filled by fill(); `first` is the number of its transaction.
struct Filled {
  TempDir dir;
  Store store = Store::open(dir / "s").value();
  TxNumber first = fill(store);
};

}  // namespace

TEST_CASE("fact patterns give one row per fact under every join method", "[exec][annot]") {
  Filled f;
  auto txn = f.store.read();
  REQUIRE(txn.is_ok());
  std::string plan;
  // 1000 people each with 1, 2 and 3 visits; the plain pattern sees each quad once.
  CHECK(rows(*txn, "SELECT * { ?p :visited :city0 {| annals:validIn ?y |} }").size() == 6000);
  CHECK(rows(*txn, "SELECT * { ?p :visited :city0 }").size() == kPeople);
  // 300 members (100 with each number of visits), the fact scan sought once per member.
  CHECK(rows(*txn, "SELECT * { ?p :type :Member . ?p :visited :city0 {| annals:validIn ?y |} }",
             &plan)
            .size() == 600);
  INFO(plan);
  CHECK(plan.find("BindJoin") != std::string::npos);
  CHECK(plan.find("per fact {| annals:validIn ?y |}") != std::string::npos);
  // Against every age: not a bind join.
  CHECK(
      rows(*txn, "SELECT * { ?p :visited :city0 {| annals:validFrom ?y |} . ?p :age ?a }").size() ==
      6000);
  // A filter in the scan, and a value given by VALUES (seeding the scan's output).
  CHECK(rows(*txn,
             "SELECT * { ?p :visited :city0 {| annals:validIn ?y |} "
             "FILTER(?y >= \"2001\"^^xsd:gYear) }")
            .size() == 3000);
  CHECK(rows(*txn,
             "SELECT * { VALUES ?y { \"2002\"^^xsd:gYear } "
             "?p :visited :city0 {| annals:validTo ?y |} }")
            .size() == 2000);
  CHECK(rows(*txn, "SELECT ?y { :p5 :visited :city0 {| annals:validIn ?y |} } ORDER BY ?y") ==
        std::vector<std::string>{"\"2000\"^^<http://www.w3.org/2001/XMLSchema#gYear>",
                                 "\"2001\"^^<http://www.w3.org/2001/XMLSchema#gYear>",
                                 "\"2002\"^^<http://www.w3.org/2001/XMLSchema#gYear>"});
}

// p0's visit in 2000 was in fact in 2010: a second transaction says so. Returns its number.
TxNumber correct_p0(Store& store) {
  auto w = store.write();
  REQUIRE(w.is_ok());
  const TermId p0 = *w->intern(Term::iri(kEx + "p0")),
               visited = *w->intern(Term::iri(kEx + "visited")),
               city = *w->intern(Term::iri(kEx + "city0"));
  REQUIRE(*w->retract_fact(p0, visited, city, kDefaultGraph, year(2000)));
  REQUIRE(*w->assert_fact(p0, visited, city, kDefaultGraph, year(2010)));
  auto record = w->commit("corrected");
  REQUIRE(record.is_ok());
  return record->number;
}

TEST_CASE("fact patterns read the facts AS OF an earlier transaction", "[exec][annot]") {
  Filled f;
  const TxNumber first = f.first;
  correct_p0(f.store);
  auto txn = f.store.read();
  REQUIRE(txn.is_ok());
  const std::string q = "SELECT ?y { :p0 :visited :city0 {| annals:validIn ?y |} }";
  CHECK(rows(*txn, q) ==
        std::vector<std::string>{"\"2010\"^^<http://www.w3.org/2001/XMLSchema#gYear>"});
  CHECK(rows(*txn, q + " AS OF TRANSACTION " + std::to_string(first)) ==
        std::vector<std::string>{"\"2000\"^^<http://www.w3.org/2001/XMLSchema#gYear>"});
  // The time index and the fact scan agree: p0 was valid in 2010 only now.
  CHECK(rows(*txn, q + " VALID AT \"2010-06\"").size() == 1);
  CHECK(rows(*txn, q + " VALID AT \"2010-06\" AS OF TRANSACTION " + std::to_string(first)).empty());
}

TEST_CASE("query options give the time a query does not say, one dimension at a time",
          "[exec][annot][time]") {
  Filled f;
  const TxNumber first = f.first, second = correct_p0(f.store);
  auto txn = f.store.read();
  REQUIRE(txn.is_ok());
  const std::string q = "SELECT ?y { :p0 :visited :city0 {| annals:validIn ?y |} }";
  auto with = [&](const std::string& text, const QueryOptions& o) {
    return annals::testing::query_rows(*txn, kPrologue + text, o);
  };
  const std::vector<std::string> y2000{"\"2000\"^^<http://www.w3.org/2001/XMLSchema#gYear>"},
      y2010{"\"2010\"^^<http://www.w3.org/2001/XMLSchema#gYear>"};
  QueryOptions at2010;
  at2010.valid_at = *parse_date_bound("2010-06");
  QueryOptions old;
  old.as_of = QueryOptions::AsOf{first, std::nullopt};
  QueryOptions both = at2010;
  both.as_of = old.as_of;

  CHECK(with(q, at2010) == y2010);
  CHECK(with(q, old) == y2000);
  CHECK(with(q, both).empty());  // in 2010, as first believed: nothing
  // The query's VALID AT wins over valid_at; the option's AS OF still applies.
  CHECK(with(q + " VALID AT \"2000\"", both) == y2000);
  // The query's AS OF wins over as_of; the option's valid_at still applies.
  CHECK(with(q + " AS OF TRANSACTION " + std::to_string(second), both) == y2010);
  // Both said by the query: the options change nothing.
  CHECK(with(q + " VALID AT \"2010\" AS OF TRANSACTION " + std::to_string(first), both).empty());
  // VALUES after the query's clauses, and a subquery, read the options' time too.
  CHECK(with(q + " VALUES ?y { \"2010\"^^xsd:gYear }", at2010) == y2010);
  CHECK(with("SELECT ?y { { " + q + " } }", old) == y2000);

  QueryOptions during;
  during.valid_during = QueryOptions::During{*parse_date_bound("2009"), *parse_date_bound("2011")};
  CHECK(with(q, during) == y2010);
  // An AS OF time: the last transaction committed by then (none before the store existed).
  QueryOptions past, future;
  past.as_of = QueryOptions::AsOf{std::nullopt, *parse_timestamp("1990-01-01")};
  future.as_of = QueryOptions::AsOf{std::nullopt, *parse_timestamp("2999-01-01T00:00:00Z")};
  CHECK(with(q, past).empty());
  CHECK(with(q, future) == y2010);

  // Options that contradict themselves are errors.
  auto parsed = parse_query(kPrologue + q);
  REQUIRE(parsed.is_ok());
  QueryOptions twice = at2010;
  twice.valid_during = during.valid_during;
  CHECK(execute(*txn, *parsed, twice).status().code() == StatusCode::kInvalidInput);
  QueryOptions reversed;
  reversed.valid_during =
      QueryOptions::During{*parse_date_bound("2011"), *parse_date_bound("2009")};
  CHECK(execute(*txn, *parsed, reversed).status().message() ==
        "VALID DURING ends before it starts");
  QueryOptions two_as_of;
  two_as_of.as_of = QueryOptions::AsOf{first, 0};
  CHECK(execute(*txn, *parsed, two_as_of).status().code() == StatusCode::kInvalidInput);
  two_as_of.as_of = QueryOptions::AsOf{};
  CHECK(execute(*txn, *parsed, two_as_of).status().code() == StatusCode::kInvalidInput);
  // time_scope: the options alone, as the REPL's entity views read them.
  auto scope = time_scope(*txn, both);
  REQUIRE(scope.is_ok());
  CHECK(scope->valid == ValidTime::during(*at2010.valid_at, *at2010.valid_at));
  CHECK(scope->as_of == first);
  CHECK(time_scope(*txn, past)->as_of == TxNumber{0});
  CHECK_FALSE(time_scope(*txn, twice).is_ok());
}
