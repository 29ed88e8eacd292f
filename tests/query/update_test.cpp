// SPARQL 1.1 Update on a store: parsing and its static rules, INSERT/DELETE DATA with valid
// time annotations, retraction seen AS OF, several operations in one transaction, and a
// failing request that changes nothing.
#include "annals/update.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>

#include "../support/query_rows.hpp"
#include "../support/temp_dir.hpp"
#include "annals/query.hpp"
#include "annals/store.hpp"

namespace {

using annals::testing::TempDir;
using namespace annals;

const std::string kPrefix =
    "PREFIX : <http://example.org/>\n"
    "PREFIX annals: <https://annals.dev/ns#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n";

Result<UpdateResult> run(Store& store, const std::string& text, UpdateOptions options = {}) {
  auto u = parse_update(kPrefix + text);
  INFO(text << "\n" << u.status().to_string());
  REQUIRE(u.is_ok());
  return update_store(store, *u, options);
}

UpdateResult run_ok(Store& store, const std::string& text, UpdateOptions options = {}) {
  auto r = run(store, text, options);
  INFO(text << "\n" << r.status().to_string());
  REQUIRE(r.is_ok());
  return *r;
}

std::vector<std::string> rows(Store& store, const std::string& text) {
  auto txn = store.read();
  REQUIRE(txn.is_ok());
  QueryOptions o;
  o.union_default_graph = true;
  auto out = annals::testing::query_rows(*txn, kPrefix + text, o);
  std::sort(out.begin(), out.end());
  return out;
}

struct Fixture {
  TempDir dir;
  Store store = std::move(Store::open(dir / "s")).value();
};

}  // namespace

TEST_CASE("parse_update reads every operation", "[update]") {
  auto u = parse_update(
      kPrefix +
      "INSERT DATA { :a :p :b GRAPH :g { :a :q 1 } } ;\n"
      "DELETE DATA { :a :p :b } ; DELETE WHERE { ?s :p ?o } ;\n"
      "WITH :g DELETE { ?s ?p ?o } INSERT { ?o ?p ?s } USING :h WHERE { ?s ?p ?o } ;\n"
      "LOAD SILENT <file:///x.ttl> INTO GRAPH :g ; CLEAR ALL ; DROP NAMED ;\n"
      "CREATE GRAPH :n ; ADD :g TO DEFAULT ; MOVE DEFAULT TO GRAPH :g ; COPY :g TO :h ;");
  INFO(u.status().to_string());
  REQUIRE(u.is_ok());
  CHECK(u->operations().size() == 11);
  CHECK(u->operations()[3] == UpdateKind::kModify);
}

TEST_CASE("parse_update keeps the static rules", "[update]") {
  auto bad = [](const std::string& text, const std::string& part) {
    auto u = parse_update(kPrefix + text);
    INFO(text);
    REQUIRE_FALSE(u.is_ok());
    CHECK(u.status().code() == StatusCode::kInvalidInput);
    CHECK(u.status().message().find(part) != std::string::npos);
    CHECK(u.status().where().source == "update");
  };
  bad("INSERT DATA { ?s :p :o }", "variables");
  bad("DELETE DATA { _:b :p :o }", "blank nodes");
  bad("DELETE WHERE { _:b :p :o }", "blank nodes");
  bad("DELETE { :s :p [] } WHERE { ?x :p :o }", "blank nodes");
  bad("INSERT DATA { _:b :p :o } ; INSERT DATA { _:b :p :o }", "two operations");
  bad("INSERT DATA { :a :p :b } ;;", "expected");
  auto u = parse_update("INSERT DATA { <http://x/a> <http://x/p> ?o }");
  REQUIRE_FALSE(u.is_ok());
  CHECK(u.status().where().line == 1);
}

TEST_CASE("INSERT DATA with valid time, DELETE DATA retracts, AS OF still sees it", "[update]") {
  Fixture f;
  auto r = run_ok(f.store,
                  "INSERT DATA { :ttp :supportedBy :taliban {| annals:validFrom "
                  "\"2021-08\"^^xsd:gYearMonth |} .\n"
                  "              :a :p :b }");
  CHECK(r.added == 2);
  CHECK(r.transaction.number != 0);
  CHECK(r.transaction.description == "update: INSERT DATA (+2)");
  CHECK(rows(f.store, "SELECT ?w WHERE { :ttp :supportedBy :taliban {| annals:validFrom ?w |} }") ==
        std::vector<std::string>{"\"2021-08\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"});
  auto tx = r.transaction.number;
  auto d = run_ok(f.store, "DELETE DATA { :ttp :supportedBy :taliban }");
  CHECK(d.retracted == 1);
  CHECK(rows(f.store, "SELECT * WHERE { :ttp ?p ?o }").empty());
  CHECK(rows(f.store, "SELECT ?o WHERE { :ttp ?p ?o } AS OF TRANSACTION " + std::to_string(tx))
            .size() == 1);
}

TEST_CASE("IRI() and STRDT() of a string no IRI may hold insert nothing for that row",
          "[update]") {
  // "lex"^^<x:a\u0000b> would share its dictionary form with "b\u0000lex"^^<x:a>.
  Fixture f;
  auto r = run_ok(f.store,
                  "INSERT { :s :p ?o } WHERE { VALUES ?dt { \"x:a\\u0000b\" \"x:a b\" \"x:a>b\" "
                  "\"x:ok\" } BIND(STRDT(\"lex\", IRI(?dt)) AS ?o) }");
  CHECK(r.added == 1);
  CHECK(rows(f.store, "SELECT ?o WHERE { :s :p ?o }") ==
        std::vector<std::string>{"\"lex\"^^<x:ok>"});
  run_ok(f.store, "INSERT { ?i :p 1 } WHERE { BIND(IRI(\"http://e/\\u0000\") AS ?i) }");
  CHECK(rows(f.store, "SELECT ?s WHERE { ?s :p 1 }").empty());
}

TEST_CASE("a delete that names the interval retracts only that fact", "[update]") {
  Fixture f;
  run_ok(f.store,
         "INSERT DATA { :pk :visited :af {| annals:validIn \"2023\"^^xsd:gYear |} .\n"
         "              :pk :visited :af {| annals:validIn \"2024\"^^xsd:gYear |} }");
  auto d =
      run_ok(f.store, "DELETE DATA { :pk :visited :af {| annals:validIn \"2023\"^^xsd:gYear |} }");
  CHECK(d.retracted == 1);
  CHECK(rows(f.store, "SELECT ?w WHERE { :pk :visited :af {| annals:validFrom ?w |} }") ==
        std::vector<std::string>{"\"2024\"^^<http://www.w3.org/2001/XMLSchema#gYear>"});
}

TEST_CASE("update annotations follow the loaders' interval rule", "[update][time]") {
  Fixture f;
  auto error = [&](const std::string& annotation) {
    auto r = run(f.store, "INSERT DATA { :pk :visited :af {| " + annotation + " |} }");
    INFO(annotation);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == StatusCode::kInvalidInput);
    return r.status().message();
  };
  CHECK(error("annals:validFrom \"2025\"^^xsd:gYear ; annals:validFrom \"2026\"^^xsd:gYear") ==
        "annals:validFrom is given twice in one annotation");
  CHECK(error("annals:validIn \"2025\"^^xsd:gYear ; annals:validTo \"2026\"^^xsd:gYear") ==
        "annals:validIn cannot be combined with annals:validFrom or annals:validTo in one "
        "annotation");
  CHECK(
      error("annals:validFrom \"2025\"^^xsd:gYear ; annals:validTo \"2024-06\"^^xsd:gYearMonth") ==
      "annals:validTo 2024-06 is not after annals:validFrom 2025");
  CHECK(error("annals:validFrom \"2025\"") ==
        "annals:validFrom needs an xsd:gYear, xsd:gYearMonth or xsd:date literal, not \"2025\"");
  CHECK(error("annals:validTo \"2025-02-29\"^^xsd:date") ==
        "\"2025-02-29\"^^xsd:date is not a valid xsd:date");
  CHECK(rows(f.store, "SELECT * WHERE { ?s ?p ?o }").empty());
  // validTo before validFrom in the text: the same interval.
  run_ok(f.store,
         "INSERT DATA { :pk :visited :af {| annals:validTo \"2026\"^^xsd:gYear ; "
         "annals:validFrom \"2025-06\"^^xsd:gYearMonth |} }");
  CHECK(rows(f.store,
             "SELECT ?f ?t WHERE { :pk :visited :af {| annals:validFrom ?f ; "
             "annals:validTo ?t |} }") ==
        std::vector<std::string>{"\"2025-06\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> "
                                 "\"2026\"^^<http://www.w3.org/2001/XMLSchema#gYear>"});
}

TEST_CASE("operations of one request see each other and are one transaction", "[update]") {
  Fixture f;
  auto r = run_ok(f.store,
                  "INSERT DATA { :a :p 1 . :b :p 2 } ;\n"
                  "DELETE { ?s :p ?o } INSERT { ?s :q ?o } WHERE { ?s :p ?o } ;\n"
                  "INSERT { ?s :r ?o } WHERE { ?s :q ?o }");
  CHECK(r.operations.size() == 3);
  CHECK(r.added == 6);
  CHECK(r.retracted == 2);  // :a :p 1 and :b :p 2, asserted and retracted in one transaction
  CHECK(rows(f.store, "SELECT ?s ?p WHERE { ?s ?p ?o }") ==
        std::vector<std::string>{"<http://example.org/a> <http://example.org/q>",
                                 "<http://example.org/a> <http://example.org/r>",
                                 "<http://example.org/b> <http://example.org/q>",
                                 "<http://example.org/b> <http://example.org/r>"});
  auto txn = f.store.read();
  REQUIRE(txn.is_ok());
  auto log = txn->log();
  REQUIRE(log.is_ok());
  CHECK(log->size() == 1);
}

TEST_CASE("a failing operation rolls back the whole request", "[update]") {
  Fixture f;
  run_ok(f.store, "INSERT DATA { GRAPH :g { :a :p :b } }");
  auto r = run(f.store, "INSERT DATA { :x :y :z } ; CREATE GRAPH :g");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kFailed);
  CHECK(rows(f.store, "SELECT * WHERE { :x ?p ?o }").empty());
  auto ok = run_ok(f.store, "CREATE SILENT GRAPH :g ; CREATE GRAPH :new");
  CHECK(ok.transaction.number == 0);  // nothing changed, nothing recorded
}

TEST_CASE("graph management: CLEAR, DROP, ADD, MOVE, COPY", "[update]") {
  Fixture f;
  run_ok(f.store, "INSERT DATA { :d :p 0 . GRAPH :g { :a :p 1 } GRAPH :h { :b :p 2 } }");
  run_ok(f.store, "COPY :g TO :h");
  CHECK(rows(f.store, "SELECT ?s WHERE { GRAPH :h { ?s ?p ?o } }") ==
        std::vector<std::string>{"<http://example.org/a>"});
  run_ok(f.store, "MOVE :h TO DEFAULT");
  CHECK(rows(f.store, "SELECT ?s WHERE { GRAPH :h { ?s ?p ?o } }").empty());
  run_ok(f.store, "ADD DEFAULT TO :k");
  CHECK(rows(f.store, "SELECT ?s WHERE { GRAPH :k { ?s ?p ?o } }") ==
        std::vector<std::string>{"<http://example.org/a>"});
  run_ok(f.store, "DROP NAMED");
  CHECK(rows(f.store, "SELECT ?s WHERE { ?s ?p ?o }") ==
        std::vector<std::string>{"<http://example.org/a>"});
  run_ok(f.store, "CLEAR ALL ; DROP GRAPH :nothing");
  CHECK(rows(f.store, "SELECT ?s WHERE { ?s ?p ?o }").empty());
}

TEST_CASE("LOAD goes through the hook, and only when allowed", "[update]") {
  Fixture f;
  auto r = run(f.store, "LOAD <file:///tmp/x.ttl>");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kNotSupported);
  UpdateOptions o;
  o.allow_load = true;
  o.load = [](WriteTxn& txn, const LoadRequest& req) -> Result<std::uint64_t> {
    auto g = txn.intern(Term::iri(req.into_graph));
    auto s = txn.intern(Term::iri(req.source));
    if (!g || !s) return Status::failed("intern");
    auto a = txn.assert_fact(*s, *s, *s, *g);
    if (!a) return a.status();
    return std::uint64_t{1};
  };
  auto ok = run_ok(f.store, "LOAD <http://example.org/doc> INTO GRAPH :g", o);
  CHECK(ok.added == 1);
  CHECK(rows(f.store, "SELECT ?s WHERE { GRAPH :g { ?s ?p ?o } }") ==
        std::vector<std::string>{"<http://example.org/doc>"});
}

TEST_CASE("WHERE reads the union with the flag; a cancelled request changes nothing", "[update]") {
  Fixture f;
  run_ok(f.store, "INSERT DATA { GRAPH :g { :a :p 1 } }");
  CHECK(run_ok(f.store, "INSERT { ?s :copied ?o } WHERE { ?s :p ?o }").added == 0);
  UpdateOptions u;
  u.union_default_graph = true;
  CHECK(run_ok(f.store, "INSERT { ?s :copied ?o } WHERE { ?s :p ?o }", u).added == 1);
  std::atomic<bool> stop{true};
  UpdateOptions c;
  c.cancel = &stop;
  auto r = run(f.store, "INSERT DATA { :x :y :z }", c);
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kCancelled);
  CHECK(rows(f.store, "SELECT * WHERE { :x ?p ?o }").empty());
}
