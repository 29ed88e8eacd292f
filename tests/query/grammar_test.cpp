// The SPARQL grammar and its syntax tree: the tree of representative queries (through the
// S-expression printer), error messages with their place, the grammar's own soundness
// (pegtl::analyze), nesting limits and the temporal clause.
#include "grammar/grammar.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <tao/pegtl/contrib/analyze.hpp>

#include "annals/query.hpp"
#include "annals/time.hpp"
#include "ast/parsed_query.hpp"

namespace {

constexpr const char* kPrefix = "PREFIX : <http://x/>\n";

// The S-expression of a query that must parse.
std::string tree(const std::string& text) {
  auto q = annals::parse_query(text);
  INFO(text);
  INFO(q.status().to_string());
  REQUIRE(q.is_ok());
  return q->to_string();
}

// The full message (place, message, excerpt, caret) of a query that must fail.
std::string error(const std::string& text) {
  auto q = annals::parse_query(text);
  INFO(text);
  REQUIRE(!q.is_ok());
  CHECK(q.status().code() == annals::StatusCode::kInvalidInput);
  return q.status().to_string();
}

}  // namespace

TEST_CASE("the grammar has no rule that can loop without consuming", "[query][grammar]") {
  CHECK(tao::pegtl::analyze<annals::query::grammar::QueryUnit>(-1) == 0);
}

TEST_CASE("SELECT with a basic graph pattern", "[query][grammar]") {
  CHECK(tree("SELECT ?s WHERE { ?s <http://x/p> 1 }") ==
        "(select (vars ?s) (where (group (bgp (triple ?s <http://x/p> "
        "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>)))))");
  // Keywords in any case, 'a', prefixed names, $ variables, ';' and ','.
  CHECK(tree(std::string(kPrefix) + "select distinct * { $s a :C ; :p :o1, :o2 . }") ==
        "(select distinct (vars *) (where (group (bgp (triple ?s "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C>) (triple ?s <http://x/p> "
        "<http://x/o1>) (triple ?s <http://x/p> <http://x/o2>)))))");
}

TEST_CASE("blank nodes in patterns are hidden variables", "[query][grammar]") {
  CHECK(tree(std::string(kPrefix) + "SELECT * { _:b :p [ :q ?o ] }") ==
        "(select (vars *) (where (group (bgp (triple ??_1 <http://x/q> ?o) "
        "(triple ??b <http://x/p> ??_1)))))");
  auto q = annals::parse_query(std::string(kPrefix) + "SELECT * { _:b :p ?o ; :q [] }");
  REQUIRE(q.is_ok());
  CHECK(q->variables() == std::vector<std::string>{"o"});
  // §4.1.4: one label in two basic graph patterns.
  CHECK_THAT(error(std::string(kPrefix) + "SELECT * { _:b :p ?o OPTIONAL { _:b :q ?z } }"),
             Catch::Contains("query:2:31: blank node _:b is used in two different graph patterns"));
  // A FILTER does not end a basic graph pattern.
  CHECK(annals::parse_query(std::string(kPrefix) + "SELECT * { _:b :p ?o FILTER(?o) _:b :q ?z }")
            .is_ok());
}

TEST_CASE("collections and paths", "[query][grammar]") {
  CHECK(tree(std::string(kPrefix) + "ASK { :s :p (1 ?x) }") ==
        "(ask (where (group (bgp (triple ??_1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
        "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>) (triple ??_1 "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> ??_2) (triple ??_2 "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?x) (triple ??_2 "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>) (triple <http://x/s> <http://x/p> "
        "??_1)))))");
  CHECK(
      tree(std::string(kPrefix) + "SELECT * { ?s :a/^:b|!(:c|^:d)* ?o . ?s :e+ ?x . ?s :f? ?y }") ==
      "(select (vars *) (where (group (bgp (path ?s (| (/ <http://x/a> (^ <http://x/b>)) (* (! "
      "<http://x/c> (^ <http://x/d>)))) ?o) (path ?s (+ <http://x/e>) ?x) (path ?s (? "
      "<http://x/f>) "
      "?y)))))");
}

TEST_CASE("group patterns, filters and expressions", "[query][grammar]") {
  CHECK(tree(std::string(kPrefix) +
             "SELECT ?s WHERE { ?s :p ?o OPTIONAL { ?s :q ?z } { ?s :r 1 } UNION { ?s :r 2 } "
             "MINUS { ?s :t ?o } FILTER(?o > 1 && !bound(?z) || ?o IN (1, 2)) "
             "BIND(str(?o) AS ?t) GRAPH ?g { ?s :u ?v } VALUES (?v ?w) { (1 UNDEF) } }") ==
        "(select (vars ?s) (where (group (bgp (triple ?s <http://x/p> ?o)) (optional (group (bgp "
        "(triple ?s <http://x/q> ?z)))) (union (group (bgp (triple ?s <http://x/r> "
        "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>))) (group (bgp (triple ?s <http://x/r> "
        "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>)))) (minus (group (bgp (triple ?s "
        "<http://x/t> ?o)))) (filter (|| (&& (> ?o "
        "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>) "
        "(! (BOUND ?z))) (IN ?o \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> "
        "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>))) (bind ?t (STR ?o)) (graph ?g (group "
        "(bgp (triple ?s <http://x/u> ?v)))) (values (?v ?w) (row "
        "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF)))))");
  // Precedence: * before +, unary minus, function calls and EXISTS.
  CHECK(tree(std::string(kPrefix) +
             "ASK { FILTER(1 + 2 * -?x = :f(?y, 3) && NOT EXISTS { ?y :p ?x }) }") ==
        "(ask (where (group (filter (&& (= (+ \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> (* "
        "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer> (- ?x))) (call <http://x/f> ?y "
        "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>)) (not-exists (group (bgp (triple ?y "
        "<http://x/p> ?x)))))))))");
}

TEST_CASE("aggregates and solution modifiers", "[query][grammar]") {
  CHECK(
      tree(std::string(kPrefix) +
           "SELECT ?s (COUNT(DISTINCT ?o) AS ?n) (GROUP_CONCAT(?o; SEPARATOR=\",\") AS ?all) "
           "WHERE { ?s :p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) ORDER BY DESC(?n) ?s "
           "LIMIT 10 OFFSET 5") ==
      "(select (vars ?s (as ?n (COUNT distinct ?o)) (as ?all (GROUP_CONCAT ?o (separator \",\")))) "
      "(where (group (bgp (triple ?s <http://x/p> ?o)))) (group-by ?s) (having (> (COUNT *) "
      "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>)) (order-by (desc ?n) (asc ?s)) (limit "
      "10) (offset 5))");
  CHECK_THAT(error("SELECT ?o (COUNT(*) AS ?n) { ?s ?p ?o }"),
             Catch::Contains("query:1:8: ?o is neither grouped nor aggregated"));
  CHECK_THAT(
      error("SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }"),
      Catch::Contains("query:1:28: an aggregate is allowed only in SELECT, HAVING and ORDER BY"));
  CHECK_THAT(error("SELECT (SUM(COUNT(?o)) AS ?n) { ?s ?p ?o }"),
             Catch::Contains("an aggregate cannot be inside another aggregate"));
  CHECK_THAT(error("SELECT (1 AS ?o) { ?s ?p ?o }"),
             Catch::Contains("?o is already in scope in the WHERE pattern"));
  CHECK_THAT(error("SELECT * { ?s ?p ?o BIND(1 AS ?o) }"),
             Catch::Contains(
                 "query:1:21: ?o is already in scope here: BIND must introduce a new variable"));
}

TEST_CASE("subqueries and the other query forms", "[query][grammar]") {
  CHECK(tree("SELECT ?x { { SELECT ?x { ?x ?p ?o } LIMIT 1 } }") ==
        "(select (vars ?x) (where (group (group (select (vars ?x) (where (group (bgp (triple ?x ?p "
        "?o)))) (limit 1))))))");
  CHECK(tree(std::string(kPrefix) +
             "CONSTRUCT { ?s :q _:b } FROM :g FROM NAMED :h WHERE { ?s :p ?o }") ==
        "(construct (template (triple ?s <http://x/q> _:b)) (from <http://x/g>) (from-named "
        "<http://x/h>) (where (group (bgp (triple ?s <http://x/p> ?o)))))");
  CHECK(tree(std::string(kPrefix) + "CONSTRUCT WHERE { ?s :p ?o }") ==
        "(construct (template (triple ?s <http://x/p> ?o)) (where (group (bgp (triple ?s "
        "<http://x/p> ?o)))))");
  CHECK(tree(std::string(kPrefix) + "DESCRIBE :a ?b") == "(describe (describe <http://x/a> ?b))");
  auto q = annals::parse_query("ASK {}");
  REQUIRE(q.is_ok());
  CHECK(q->kind() == annals::QueryKind::kAsk);
  CHECK(q->variables().empty());
}

TEST_CASE("SPARQL 1.2 triple terms, reified triples and annotations", "[query][grammar]") {
  CHECK(tree(std::string(kPrefix) +
             "VERSION \"1.2\" SELECT * { ?r :says <<( ?s :p \"x\"@en--ltr )>> }") ==
        "(select (vars *) (where (group (bgp (triple ?r <http://x/says> <<( ?s <http://x/p> "
        "\"x\"@en--ltr )>>)))))");
  CHECK(
      tree(std::string(kPrefix) +
           "SELECT * { << ?s :p ?o ~ ?r >> :src ?g . ?a :b ?c {| :d ?e |} }") ==
      "(select (vars *) (where (group (bgp (triple ?r "
      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( ?s <http://x/p> ?o )>>) (triple ?r "
      "<http://x/src> ?g) (triple ?a <http://x/b> ?c) (triple ??_1 "
      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( ?a <http://x/b> ?c )>>) (triple "
      "??_1 "
      "<http://x/d> ?e)))))");
  CHECK(
      tree("SELECT * { FILTER(isTRIPLE(TRIPLE(?s, ?p, ?o)) && SUBJECT(<<( ?s <http://x/p> 1 )>>) = "
           "?s) }") ==
      "(select (vars *) (where (group (filter (&& (ISTRIPLE (TRIPLE ?s ?p ?o)) (= (SUBJECT <<( ?s "
      "<http://x/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> )>>) ?s))))))");
}

TEST_CASE("the temporal clause", "[query][grammar][time]") {
  CHECK_THAT(tree("SELECT * { ?s ?p ?o } VALID AT \"2025-08-14\""),
             Catch::EndsWith("(valid-during \"2025-08-14\" \"2025-08-14\"))"));
  CHECK_THAT(tree("SELECT * { ?s ?p ?o } ORDER BY ?s VALID DURING \"2023-09\" \"2025\" AS OF "
                  "TRANSACTION 42"),
             Catch::EndsWith("(valid-during \"2023-09\" \"2025\") (as-of-transaction 42))"));
  CHECK_THAT(tree("ask { ?s ?p ?o } as of \"2026-03-01T00:00:00Z\""),
             Catch::EndsWith("(as-of \"2026-03-01T00:00:00Z\"))"));
  auto q = annals::parse_query("SELECT * { ?s ?p ?o } VALID DURING \"2023-09\" \"2025-08\"");
  REQUIRE(q.is_ok());
  const auto& valid = *annals::query::ast::syntax_tree(*q).time.valid;
  CHECK(annals::to_string(valid) ==
        annals::to_string(annals::ValidTime::during(*annals::parse_date_bound("2023-09"),
                                                    *annals::parse_date_bound("2025-08"))));
  CHECK_THAT(error("SELECT * { ?s ?p ?o } VALID AT \"2025-13\""),
             Catch::Contains("query:1:32: expected a date \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", "
                             "found \"2025-13\""));
  CHECK_THAT(error("SELECT * { ?s ?p ?o } VALID DURING \"2025\""),
             Catch::Contains("expected a second date in quotes"));
  CHECK_THAT(error("SELECT * { ?s ?p ?o } VALID DURING \"2025\" \"2024\""),
             Catch::Contains("VALID DURING ends before it starts"));
  CHECK_THAT(error("SELECT * { ?s ?p ?o } AS OF \"yesterday\""), Catch::Contains("after AS OF"));
  CHECK_THAT(error("SELECT * { ?s ?p ?o } VALID SOON"),
             Catch::Contains("expected AT or DURING after VALID"));
}

TEST_CASE("AS OF keeps its instant in milliseconds, read once by time.hpp's rule",
          "[query][grammar][time]") {
  auto as_of = [](const std::string& stamp) {
    auto q = annals::parse_query("ASK { ?s ?p ?o } AS OF \"" + stamp + "\"");
    INFO(stamp);
    REQUIRE(q.is_ok());
    return annals::query::ast::syntax_tree(*q).time.as_of_time;
  };
  CHECK(as_of("1970-01-02") == 86'400'000);
  CHECK(as_of("1970-01-01T01:00:00.250+01:00") == 250);
  CHECK(as_of("2026-03-01T00:00:00Z") == annals::parse_timestamp("2026-03-01"));
  // The grammar refuses what the rule refuses: a zone beyond 14:00, a leap second.
  CHECK_THAT(error("ASK { ?s ?p ?o } AS OF \"2026-03-01T00:00:00+15:00\""),
             Catch::Contains("query:1:24: expected a date \"YYYY-MM-DD\" or a timestamp"));
  CHECK_THAT(error("ASK { ?s ?p ?o } AS OF \"2026-03-01T23:59:60Z\""),
             Catch::Contains("after AS OF"));
  CHECK_THAT(error("ASK { ?s ?p ?o } AS OF \"2026-03-01T10:00:00\""),
             Catch::Contains("after AS OF"));
}

TEST_CASE("EXPLAIN [ANALYZE] is part of the query where the caller takes it", "[query][grammar]") {
  annals::QueryParseOptions po;
  po.explain = true;
  auto explain_of = [&](const std::string& text) {
    auto q = annals::parse_query(text, po);
    INFO(text << "\n" << q.status().to_string());
    REQUIRE(q.is_ok());
    return q->explain();
  };
  CHECK(explain_of("SELECT * { ?s ?p ?o }") == annals::Explain::kNo);
  CHECK(explain_of("EXPLAIN SELECT * { ?s ?p ?o }") == annals::Explain::kPlan);
  CHECK(explain_of("  explain\n analyze PREFIX : <http://x/> ASK { :a ?p ?o }") ==
        annals::Explain::kAnalyze);
  // A subquery is no place for it, nor the end.
  auto sub = annals::parse_query("SELECT * { { EXPLAIN SELECT * { ?s ?p ?o } } }", po);
  CHECK_FALSE(sub.is_ok());
  CHECK_FALSE(annals::parse_query("SELECT * { ?s ?p ?o } EXPLAIN", po).is_ok());
  // Errors keep their column as typed, after EXPLAIN too.
  auto bad = annals::parse_query("EXPLAIN SELECT ?x WHERE { ?x ?p }", po);
  REQUIRE_FALSE(bad.is_ok());
  CHECK_THAT(bad.status().to_string(), Catch::StartsWith("query:1:33: expected an object"));
  // Without the option (the endpoint, plain SPARQL) it is an error at its place.
  CHECK_THAT(error("\n  EXPLAIN SELECT * { ?s ?p ?o }"),
             Catch::StartsWith("query:2:3: EXPLAIN is not taken here"));
}

TEST_CASE("syntax errors say where and what was expected", "[query][grammar][errors]") {
  CHECK(error(std::string(kPrefix) + "SELECT * WHERE { ?x :p }") ==
        "query:2:24: expected an object\n"
        "  SELECT * WHERE { ?x :p }\n"
        "                         ^");
  CHECK_THAT(error("SELECT * WHERE { ?x ?p ?o "),
             Catch::Contains("query:1:27: unexpected end of query: expected '}'"));
  CHECK_THAT(error("SELECT * { ?x :p ?o }"), Catch::Contains("query:1:15: undefined prefix ':'"));
  CHECK_THAT(error("SELECT * { ?x <p> ?o }"), Catch::Contains("no base IRI"));
  CHECK_THAT(error("SELECT * { } LIMIT -1"),
             Catch::Contains("query:1:20: expected a whole number"));
  CHECK_THAT(error("SELEKT * { }"),
             Catch::Contains("query:1:1: expected SELECT, CONSTRUCT, DESCRIBE or ASK"));
  CHECK_THAT(error("SELECT * { FILTER(STRLEN(?x, 2)) }"),
             Catch::Contains("query:1:28: expected ')'"));
  // With a base, relative IRIs resolve.
  annals::QueryParseOptions options;
  options.base = "http://x/dir/";
  options.prefixes.push_back({"ex", "http://ex/"});
  auto q = annals::parse_query("SELECT * { <a> ex:p ?o }", options);
  REQUIRE(q.is_ok());
  CHECK_THAT(q->to_string(), Catch::Contains("(triple <http://x/dir/a> <http://ex/p> ?o)"));
}

TEST_CASE("deep nesting gives an error, not a crash", "[query][grammar][limits]") {
  const std::size_t n = 100000;
  for (auto [open, close] : {std::pair{"(", ")"}, std::pair{"!", ""}, std::pair{"-", ""}}) {
    std::string text = "ASK { FILTER(";
    for (std::size_t i = 0; i < n; ++i) text += open;
    text += "1";
    for (std::size_t i = 0; i < n; ++i) text += close;
    text += ") }";
    CHECK_THAT(error(text), Catch::Contains("nested more than"));
  }
  std::string groups = "ASK ";
  for (std::size_t i = 0; i < n; ++i) groups += "{";
  CHECK_THAT(error(groups), Catch::Contains("nested more than"));
  std::string lists = "ASK { ?s ?p ";
  for (std::size_t i = 0; i < n; ++i) lists += "( [ <http://x/p> ";
  CHECK_THAT(error(lists), Catch::Contains("nested more than"));
  std::string paths = "ASK { ?s ";
  for (std::size_t i = 0; i < n; ++i) paths += "(";
  CHECK_THAT(error(paths), Catch::Contains("nested more than"));
  // Just under the limit is fine.
  std::string ok = "ASK { FILTER";
  for (int i = 0; i < 200; ++i) ok += "(";
  ok += "1";
  for (int i = 0; i < 200; ++i) ok += ")";
  CHECK(annals::parse_query(ok + " }").is_ok());
}
