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

TEST_CASE("fact patterns read the facts AS OF an earlier transaction", "[exec][annot]") {
  Filled f;
  const TxNumber first = f.first;
  {
    // p0's visit in 2000 was in fact in 2010.
    auto w = f.store.write();
    REQUIRE(w.is_ok());
    const TermId p0 = *w->intern(Term::iri(kEx + "p0")),
                 visited = *w->intern(Term::iri(kEx + "visited")),
                 city = *w->intern(Term::iri(kEx + "city0"));
    REQUIRE(*w->retract_fact(p0, visited, city, kDefaultGraph, year(2000)));
    REQUIRE(*w->assert_fact(p0, visited, city, kDefaultGraph, year(2010)));
    REQUIRE(w->commit("corrected").is_ok());
  }
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
