// The executor on generated data: large joins by every join method agree with counts worked
// out from the generator, timeouts and cancellation stop a query promptly, EXPLAIN shows the
// plan.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "annals/query.hpp"
#include "annals/store.hpp"
#include "../support/query_rows.hpp"
#include "../support/temp_dir.hpp"

namespace {

using annals::testing::TempDir;
using namespace annals;

constexpr int kPeople = 20000;
const std::string kEx = "http://example.org/";

// kPeople people; person i knows i+1 and i+7 (mod kPeople); has age i % 90; every tenth is
// a :Member; the first 100 live in :city0, in a named graph :census.
void fill(Store& store) {
  auto w = store.write();
  REQUIRE(w.is_ok());
  auto iri = [&](const std::string& s) { return *w->intern(Term::iri(kEx + s)); };
  const TermId knows = iri("knows"), age = iri("age"), type = iri("type"), member = iri("Member"),
               lives = iri("livesIn"), city = iri("city0"), census = iri("census");
  std::vector<TermId> people;
  for (int i = 0; i < kPeople; ++i) people.push_back(iri("p" + std::to_string(i)));
  for (int i = 0; i < kPeople; ++i) {
    TermId p = people[static_cast<std::size_t>(i)];
    REQUIRE(w->add_fact(p, knows, people[static_cast<std::size_t>((i + 1) % kPeople)], kDefaultGraph).is_ok());
    REQUIRE(w->add_fact(p, knows, people[static_cast<std::size_t>((i + 7) % kPeople)], kDefaultGraph).is_ok());
    TermId a = *w->intern(Term::literal(std::to_string(i % 90), std::string(kXsdInteger)));
    REQUIRE(w->add_fact(p, age, a, kDefaultGraph).is_ok());
    if (i % 10 == 0) REQUIRE(w->add_fact(p, type, member, kDefaultGraph).is_ok());
    if (i < 100) REQUIRE(w->add_fact(p, lives, city, census).is_ok());
  }
  REQUIRE(w->commit("generated").is_ok());
}

std::uint64_t count_rows(const ReadTxn& txn, const std::string& text, std::string* plan = nullptr) {
  QueryOptions o;
  o.union_default_graph = true;
  return annals::testing::query_rows(txn, "PREFIX : <" + kEx + ">\n" + text, o, plan).size();
}

}  // namespace

TEST_CASE("large joins give the counts the generator implies", "[exec]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  fill(*store);
  auto txn = store->read();
  REQUIRE(txn.is_ok());
  std::string plan;
  // Every person knows two: 40000 pairs; two steps: 80000 paths.
  CHECK(count_rows(*txn, "SELECT * { ?a :knows ?b }") == 2 * kPeople);
  CHECK(count_rows(*txn, "SELECT * { ?a :knows ?b . ?b :knows ?c }", &plan) == 4 * kPeople);
  // A star on the subject (merge join: both sides ascend on ?p).
  CHECK(count_rows(*txn, "SELECT * { ?p :type :Member . ?p :age ?a }", &plan) == kPeople / 10);
  // A selective start: bind joins.
  CHECK(count_rows(*txn, "SELECT * { ?p :livesIn :city0 . ?p :knows ?f . ?f :age ?a }", &plan) == 200);
  CHECK(plan.find("BindJoin") != std::string::npos);
  // Ages i % 90: 20000 = 222 * 90 + 20, so each age below 20 occurs 223 times.
  CHECK(count_rows(*txn, "SELECT * { ?p :age ?a FILTER(?a < 9) }") == 9 * 223);
  // Members who know a member: i and i+1/i+7 are never both multiples of 10.
  CHECK(count_rows(*txn, "SELECT * { ?p :type :Member . ?p :knows ?q . ?q :type :Member }") == 0);
  // Aggregation over every row.
  CHECK(count_rows(*txn, "SELECT ?a (COUNT(*) AS ?n) { ?p :age ?a } GROUP BY ?a") == 90);
  CHECK(count_rows(*txn, "SELECT DISTINCT ?b { ?a :knows ?b }") == kPeople);
  CHECK(count_rows(*txn, "SELECT ?a { ?a :knows ?b } ORDER BY DESC(?b) LIMIT 10") == 10);
  CHECK(count_rows(*txn, "SELECT * { ?p :age ?a OPTIONAL { ?p :type ?t } }") == kPeople);
  CHECK(count_rows(*txn, "SELECT * { ?p :age ?a MINUS { ?p :type :Member } }") ==
        kPeople - kPeople / 10);
  CHECK(count_rows(*txn, "SELECT * { GRAPH :census { ?p :livesIn ?c } }") == 100);
}

TEST_CASE("a timeout stops a long query promptly", "[exec]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  fill(*store);
  auto txn = store->read();
  REQUIRE(txn.is_ok());
  // A cross product of 20000 x 40000 x 40000 rows: hours without the timeout.
  auto q = parse_query("PREFIX : <" + kEx + "> SELECT * { ?a :age ?x . ?b :knows ?c . ?d :knows ?e }");
  REQUIRE(q.is_ok());
  QueryOptions o;
  o.timeout = std::chrono::milliseconds(200);
  auto t0 = std::chrono::steady_clock::now();
  // Starting may already take past the deadline on a busy machine (a hash join's build side
  // is read when the query starts): then execute() reports it.
  auto s = execute(*txn, *q, o);
  Status failure = s.status();
  std::vector<std::optional<Term>> row;
  while (s.is_ok()) {
    auto more = s->next(row);
    if (!more.is_ok()) {
      failure = more.status();
      break;
    }
    REQUIRE(*more);
  }
  auto elapsed = std::chrono::steady_clock::now() - t0;
  CHECK(failure.code() == StatusCode::kCancelled);
  // Generous: the machine may be busy; the point is minutes versus a second.
  CHECK(elapsed < std::chrono::seconds(10));
}

TEST_CASE("cancellation from another thread stops a query", "[exec]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  fill(*store);
  auto txn = store->read();
  REQUIRE(txn.is_ok());
  // A long aggregation (nothing comes out until it is done).
  auto q = parse_query("PREFIX : <" + kEx +
                       "> SELECT (COUNT(*) AS ?n) { ?a :knows ?b . ?c :knows ?d . ?e :age ?f }");
  REQUIRE(q.is_ok());
  std::atomic<bool> cancel{false};
  QueryOptions o;
  o.cancel = &cancel;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel = true;
  });
  auto s = execute(*txn, *q, o);
  Status failure = s.status();
  if (s.is_ok()) {
    std::vector<std::optional<Term>> row;
    auto more = s->next(row);
    failure = more.status();
  }
  stopper.join();
  CHECK(failure.code() == StatusCode::kCancelled);
}

TEST_CASE("a bind join past far more left rows than estimated hashes the rest", "[exec]") {
  // :p's objects are skewed: 12000 subjects have :c, 100 others one object each, so the
  // statistics (101 distinct objects) expect ~120 rows of ?x :p :c. The bind join into :q
  // (60000 rows) switches to a hash join past 6000 left rows; its answers stay the same.
  constexpr int kSkewed = 12000, kQ = 60000;
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    auto iri = [&](const std::string& s) { return *w->intern(Term::iri(kEx + s)); };
    auto integer = [&](int v) {
      return *w->intern(Term::literal(std::to_string(v), std::string(kXsdInteger)));
    };
    const TermId p = iri("p"), q = iri("q"), n = iri("n"), c = iri("c");
    for (int i = 0; i < kQ; ++i) {
      TermId s = iri("s" + std::to_string(i));
      REQUIRE(w->add_fact(s, q, integer(i % 5), kDefaultGraph).is_ok());
      if (i < kSkewed) {
        REQUIRE(w->add_fact(s, p, c, kDefaultGraph).is_ok());
        REQUIRE(w->add_fact(s, n, integer(i % 7), kDefaultGraph).is_ok());
      }
    }
    for (int i = 0; i < 100; ++i)
      REQUIRE(w->add_fact(iri("t" + std::to_string(i)), p, iri("d" + std::to_string(i)),
                          kDefaultGraph)
                  .is_ok());
    REQUIRE(w->commit("skewed").is_ok());
  }
  auto txn = store->read();
  REQUIRE(txn.is_ok());
  std::string plan;
  CHECK(count_rows(*txn, "SELECT * { ?x :p :c . ?x :q ?y }", &plan) == kSkewed);
  CHECK(plan.find("(switched)") != std::string::npos);
  // A filter of both sides' variables: in the right scan while binding, after the hash join
  // once switched.
  std::uint64_t differ = 0;
  for (int i = 0; i < kSkewed; ++i) differ += i % 7 != i % 5;
  CHECK(count_rows(*txn, "SELECT * { ?x :p :c . ?x :n ?k . ?x :q ?y FILTER(?k != ?y) }",
                   &plan) == differ);
  CHECK(plan.find("(switched)") != std::string::npos);
  // ASK and LIMIT keep binding: they stop at their first rows.
  CHECK(count_rows(*txn, "SELECT * { ?x :p :c . ?x :q ?y } LIMIT 3", &plan) == 3);
  CHECK(plan.find("hash join past") == std::string::npos);
}

TEST_CASE("run_query follows the store's default-graph rule and its prefix table", "[exec]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    auto iri = [&](const std::string& s) { return *w->intern(Term::iri(kEx + s)); };
    REQUIRE(w->add_fact(iri("a"), iri("b"), iri("c"), iri("report")).is_ok());
    REQUIRE(w->set_prefix({"ex", kEx}).is_ok());
    REQUIRE(w->commit("one fact in a named graph").is_ok());
  }
  auto ask = [&](const std::string& text, const QueryOptions& o = {}) -> Result<bool> {
    auto txn = store->read();
    if (!txn) return txn.status();
    auto s = run_query(*txn, text, o);
    if (!s) return s.status();
    return s->boolean();
  };
  // A new store's rule: the union of all graphs; ex: comes from the store's table.
  auto r = ask("ASK { ex:a ex:b ex:c }");
  REQUIRE(r.is_ok());
  CHECK(*r);
  {
    auto txn = store->read();
    REQUIRE(txn.is_ok());
    CHECK(txn->union_default_graph().value());
  }
  // The store's own default graph, once the rule says so; a call still overrides it.
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    REQUIRE(w->set_union_default_graph(false).is_ok());
    auto rec = w->commit("config");
    REQUIRE(rec.is_ok());
    CHECK(rec->number == 0);  // a setting alone records no transaction
  }
  CHECK_FALSE(ask("ASK { ex:a ex:b ex:c }").value());
  QueryOptions on;
  on.union_default_graph = true;
  CHECK(ask("ASK { ex:a ex:b ex:c }", on).value());
  // A query that names its dataset is taken as written.
  CHECK_FALSE(ask("ASK FROM ex:other { ex:a ex:b ex:c }", on).value());
  // Strict SPARQL: an undeclared prefix is an error; a declared one wins over the table.
  QueryOptions strict;
  strict.store_prefixes = false;
  auto undeclared = ask("ASK { ex:a ex:b ex:c }", strict);
  REQUIRE_FALSE(undeclared.is_ok());
  CHECK(undeclared.status().code() == StatusCode::kInvalidInput);
  CHECK_FALSE(ask("PREFIX ex: <http://example.org/other/> ASK { GRAPH ?g { ex:a ?p ?o } }").value());
}

TEST_CASE("bindings give variables values before the query runs; rows by name", "[exec]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    auto iri = [&](const std::string& s) { return *w->intern(Term::iri(kEx + s)); };
    auto lit = [&](const std::string& s) { return *w->intern(Term::literal(s)); };
    REQUIRE(w->add_fact(iri("dar"), iri("visited"), iri("kabul"), kDefaultGraph).is_ok());
    REQUIRE(w->add_fact(iri("naqvi"), iri("visited"), iri("kabul"), kDefaultGraph).is_ok());
    REQUIRE(w->add_fact(iri("dar"), iri("name"), lit("Ishaq Dar"), kDefaultGraph).is_ok());
    REQUIRE(w->add_fact(iri("naqvi"), iri("name"), lit("x\" } ?s ?p ?o { \""), kDefaultGraph).is_ok());
    REQUIRE(w->commit("visits").is_ok());
  }
  auto txn = store->read();
  REQUIRE(txn.is_ok());
  auto rows = [&](const std::string& text, const QueryOptions& o) {
    std::vector<Row> out;
    auto s = run_query(*txn, "PREFIX : <" + kEx + ">\n" + text, o);
    REQUIRE(s.is_ok());
    Row row;
    for (;;) {
      auto more = s->next(row);
      REQUIRE(more.is_ok());
      if (!*more) break;
      out.push_back(row);
    }
    return out;
  };
  QueryOptions o;
  o.bindings = {{"who", Term::iri(kEx + "dar")}};
  auto found = rows("SELECT ?name ?who WHERE { ?who :name ?name }", o);
  REQUIRE(found.size() == 1);
  CHECK(found[0]["name"]->value == "Ishaq Dar");
  CHECK(found[0]["who"]->value == kEx + "dar");
  CHECK(found[0][0]->value == "Ishaq Dar");
  CHECK(found[0].column("who") == 1);
  CHECK_FALSE(found[0]["nobody"].has_value());
  CHECK_FALSE(found[0].column("nobody").has_value());
  // A value is a term, never query text: quotes and braces match only themselves.
  o.bindings = {{"name", Term::literal("x\" } ?s ?p ?o { \"")}};
  found = rows("SELECT ?who WHERE { ?who :name ?name }", o);
  REQUIRE(found.size() == 1);
  CHECK(found[0]["who"]->value == kEx + "naqvi");
  // Before grouping: the binding narrows what is counted.
  o.bindings = {{"who", Term::iri(kEx + "naqvi")}};
  found = rows("SELECT (COUNT(*) AS ?n) WHERE { ?who :visited ?where }", o);
  REQUIRE(found.size() == 1);
  CHECK(found[0]["n"]->value == "1");
  // Refused: a blank node, a name with '?', a variable bound twice.
  for (const auto& bad : std::vector<std::vector<std::pair<std::string, Term>>>{
           {{"who", Term::blank("b0")}},
           {{"?who", Term::iri(kEx + "dar")}},
           {{"who", Term::iri(kEx + "dar")}, {"who", Term::iri(kEx + "naqvi")}}}) {
    QueryOptions b;
    b.bindings = bad;
    auto s = run_query(*txn, "SELECT * WHERE { ?who ?p ?o }", b);
    REQUIRE_FALSE(s.is_ok());
    CHECK(s.status().code() == StatusCode::kInvalidInput);
  }
}

TEST_CASE("typed views of result terms follow XSD's lexical rules", "[exec]") {
  const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  auto lit = [&](const std::string& v, const std::string& type) { return Term::literal(v, xsd + type); };
  CHECK(as_integer(lit("2451", "integer")) == 2451);
  CHECK(as_integer(lit("-7", "int")) == -7);
  CHECK_FALSE(as_integer(lit("300", "byte")).has_value());  // out of xsd:byte's range
  CHECK_FALSE(as_integer(lit("99999999999999999999", "integer")).has_value());  // past 64 bits
  CHECK_FALSE(as_integer(lit("2.5", "decimal")).has_value());
  CHECK_FALSE(as_integer(Term::literal("2451")).has_value());  // a string is no number
  CHECK(as_double(lit("2.5", "decimal")) == 2.5);
  CHECK(as_double(lit("1.0E3", "double")) == 1000.0);
  CHECK(as_double(lit("3", "integer")) == 3.0);
  CHECK(as_decimal(lit("2.50", "decimal")) == "2.5");
  CHECK(as_decimal(lit("3", "integer")) == "3.0");
  CHECK_FALSE(as_decimal(lit("1.0E3", "double")).has_value());
  CHECK(as_boolean(lit("1", "boolean")) == true);
  CHECK(as_boolean(lit("false", "boolean")) == false);
  CHECK_FALSE(as_boolean(lit("yes", "boolean")).has_value());
  CHECK_FALSE(as_boolean(Term::iri(xsd + "boolean")).has_value());
}
