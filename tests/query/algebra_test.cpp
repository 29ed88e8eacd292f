// The translation to the SPARQL algebra (SPARQL 1.1 §18.2) where a printed table cannot show
// it: the variable slots, deep copies and the folding of annotations on valid time into fact
// patterns. The translations themselves (the worked examples of §18.2.3, scopes, paths,
// grouping, modifiers, sub-queries, the query forms and the temporal clause) are tables in
// tests/sparql/algebra/*.test. Expected strings are worked out by hand from the spec's steps.
#include <catch2/catch.hpp>
#include <string>

#include "algebra/fact_patterns.hpp"
#include "algebra/printer.hpp"
#include "algebra/translate.hpp"
#include "annals/query.hpp"
#include "ast/parsed_query.hpp"

namespace {

constexpr const char* kPrefix = "PREFIX : <http://x/>\n";

}  // namespace

TEST_CASE("variables are slots; hidden ones are never projected", "[algebra]") {
  auto q = annals::parse_query(std::string(kPrefix) +
                               "SELECT * { ?s :a/:b [ :c ?o ] { SELECT (COUNT(*) AS ?n) {} } }");
  REQUIRE(q.is_ok());
  auto a = annals::query::algebra::translate(annals::query::ast::syntax_tree(*q));
  REQUIRE(a.is_ok());
  const auto& vars = a->vars;
  std::vector<std::string> projected;
  for (auto v : a->projection) {
    CHECK(!vars.hidden(v));
    projected.push_back(vars.name(v));
  }
  // SELECT *: in order of first appearance, and [ :c ?o ] expands before the triple it is in.
  CHECK(projected == std::vector<std::string>{"o", "s", "n"});
  int hidden = 0;
  for (std::uint32_t v = 0; v < vars.size(); ++v) hidden += vars.hidden(v) ? 1 : 0;
  CHECK(hidden == 3);  // the blank node, the path step and the aggregate
  CHECK(annals::query::algebra::to_sse(*a) ==
        "(project (?o ?s ?n) (join (bgp (triple ??_1 <http://x/c> ?o) (triple ?s <http://x/a> "
        "??P1) (triple ??P1 <http://x/b> ??_1)) (project (?n) (extend ((?n ??agg_1)) (group () "
        "((??agg_1 (count))) (bgp))))))");
}

TEST_CASE("a deep copy prints the same", "[algebra]") {
  auto q = annals::parse_query(std::string(kPrefix) +
                               "SELECT ?s (COUNT(?o) AS ?n) { ?s :a/:b* ?o OPTIONAL { ?o :c ?z "
                               "FILTER(?z > 1) } FILTER NOT EXISTS { ?s :d ?o } VALUES ?s { :e } "
                               "} GROUP BY ?s HAVING (SUM(?z) > 2) ORDER BY ?n LIMIT 3");
  REQUIRE(q.is_ok());
  auto a = annals::query::algebra::translate(annals::query::ast::syntax_tree(*q));
  REQUIRE(a.is_ok());
  auto copy = annals::query::algebra::clone(*a->root);
  CHECK(annals::query::algebra::to_sse(*copy, a->vars) ==
        annals::query::algebra::to_sse(*a->root, a->vars));
}

namespace {

// The algebra of a query after fold_fact_patterns (fact_patterns.hpp).
std::string folded(const std::string& text) {
  auto q = annals::parse_query(std::string(kPrefix) + "PREFIX annals: <https://annals.dev/ns#>\n" +
                               text);
  INFO(text << "\n" << q.status().to_string());
  REQUIRE(q.is_ok());
  auto a = annals::query::algebra::translate(annals::query::ast::syntax_tree(*q));
  REQUIRE(a.is_ok());
  annals::query::algebra::fold_fact_patterns(*a);
  return annals::query::algebra::to_sse(*a);
}

}  // namespace

TEST_CASE("annotation groups on valid time fold into fact patterns", "[algebra][annot]") {
  // The annotation, its reifier and the asserted triple become one fact pattern.
  CHECK(folded("SELECT ?w ?t { ?w :v :k {| annals:validFrom ?t ; annals:validTo \"2025\"^^<"
               "http://www.w3.org/2001/XMLSchema#gYear> |} }") ==
        "(project (?w ?t) (bgp (fact ?w <http://x/v> <http://x/k> (validFrom ?t) (validTo "
        "\"2025\"^^<http://www.w3.org/2001/XMLSchema#gYear>))))");
  // A named reifier used nowhere else, a reified triple that is not asserted, and a group
  // inside EXISTS fold too.
  CHECK(folded("ASK { :a :v ?k ~ ?r {| annals:validIn ?i |} }") ==
        "(ask (bgp (fact <http://x/a> <http://x/v> ?k (validIn ?i))))");
  CHECK(folded("ASK { << :a :v ?k >> annals:validIn ?i }") ==
        "(ask (bgp (fact <http://x/a> <http://x/v> ?k (validIn ?i))))");
  CHECK(folded("ASK { ?a :p ?b FILTER EXISTS { ?a :v :k {| annals:validIn ?i |} } }") ==
        "(ask (filter (exists (bgp (fact ?a <http://x/v> <http://x/k> (validIn ?i)))) (bgp "
        "(triple ?a <http://x/p> ?b))))");
  // Left alone: a reifier projected, used in another pattern or a filter, with another
  // predicate, or with no annals: predicate at all.
  for (const char* q : {"SELECT * { :a :v :k ~ ?r {| annals:validIn ?i |} }",
                        "ASK { :a :v :k ~ ?r {| annals:validIn ?i |} . ?r :q ?z }",
                        "ASK { :a :v :k ~ ?r {| annals:validIn ?i |} FILTER(isBlank(?r)) }",
                        "ASK { :a :v :k ~ ?r {| annals:validIn ?i |} OPTIONAL { ?r :q ?z } }",
                        "ASK { :a :v :k {| annals:validIn ?i ; :source ?s |} }",
                        "ASK { :a :v :k {| :source ?s |} }"}) {
    INFO(q);
    CHECK(folded(q).find("(fact ") == std::string::npos);
  }
}
