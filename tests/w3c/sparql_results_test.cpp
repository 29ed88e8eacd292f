// The W3C evaluation runner's own parts, without a query engine: the result readers (XML,
// JSON, TSV, the rs: vocabulary in Turtle and RDF/XML), the RDF/XML subset reader and the
// comparison of result sets up to blank node renaming and ORDER BY.
#include "../support/sparql_results.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "../support/result_compare.hpp"
#include "../support/w3c_manifest.hpp"
#include "annals/rdf.hpp"

using annals::Term;
using annals::testing::CompareOptions;
using annals::testing::ResultCompare;
using annals::testing::ResultSet;

namespace {

const char* kSrx = R"(<?xml version="1.0"?>
<!-- a comment -->
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head><variable name="x"/><variable
      name="v"/><link href="x"/></head>
  <results>
    <result>
      <binding name="x"><bnode>r1</bnode></binding>
      <binding name="v"><literal xml:lang="en">a &amp; b &#x263A;</literal></binding>
    </result>
    <result>
      <binding name="x"><uri>http://ex/a</uri></binding>
      <binding name="v"><literal datatype='http://www.w3.org/2001/XMLSchema#integer'>1</literal></binding>
    </result>
    <result>
      <binding name="x"><triple><subject><bnode>r1</bnode></subject>
        <predicate><uri>http://ex/p</uri></predicate><object><literal>o</literal></object></triple></binding>
    </result>
  </results>
</sparql>)";

const char* kSrj = R"({ "head": { "vars": [ "v", "x" ] },
  "results": { "bindings": [
    { "x": { "type": "uri", "value": "http://ex/a" },
      "v": { "type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1" } },
    { "x": { "type": "triple", "value": {
        "subject": { "type": "bnode", "value": "z" },
        "predicate": { "type": "uri", "value": "http://ex/p" },
        "object": { "type": "literal", "value": "o" } } } },
    { "x": { "type": "bnode", "value": "z" },
      "v": { "type": "literal", "xml:lang": "en", "value": "a & b \u263A" } } ] } })";

std::vector<annals::Quad> turtle(const std::string& text) {
  auto in = annals::Input::from_string(text);
  annals::ParseOptions options(annals::RdfFormat::kTurtle);
  options.base = "http://ex/base";
  std::vector<annals::Quad> out;
  REQUIRE(annals::parse_rdf(in, options, [&](const annals::Quad& q) {
    out.push_back(q);
    return annals::Status::ok();
  }));
  return out;
}

ResultSet rows(std::vector<std::string> vars, std::vector<std::vector<std::string>> cells) {
  ResultSet rs;
  rs.variables = std::move(vars);
  for (const auto& r : cells) {
    rs.add_row();
    for (std::size_t c = 0; c < r.size(); ++c) {
      if (!r[c].empty()) rs.rows.back()[c] = annals::testing::TsvReader::term(r[c]);
    }
  }
  return rs;
}

}  // namespace

TEST_CASE("SPARQL XML results are read with every term kind", "[w3c-support]") {
  ResultSet rs = annals::testing::SrxReader::read(kSrx);
  REQUIRE(rs.variables == std::vector<std::string>{"x", "v"});
  REQUIRE(rs.rows.size() == 3);
  CHECK(rs.rows[0][0] == Term::blank("r1"));
  CHECK(rs.rows[0][1] == Term::lang_literal("a & b \xE2\x98\xBA", "en"));
  CHECK(rs.rows[1][1] == Term::literal("1", std::string(annals::kXsdInteger)));
  CHECK(!rs.rows[2][1]);
  CHECK(rs.rows[2][0]->is_triple());
  auto ask = annals::testing::SrxReader::read(
      "<sparql "
      "xmlns='http://www.w3.org/2005/sparql-results#'><head/><boolean>true</boolean></sparql>");
  CHECK(ask.is_boolean);
  CHECK(ask.boolean);
}

TEST_CASE("JSON results match the same XML results up to blank node labels", "[w3c-support]") {
  ResultSet xml = annals::testing::SrxReader::read(kSrx);
  ResultSet json = annals::testing::SrjReader::read(kSrj);
  CHECK(ResultCompare::compare(xml, json) == "");
  CHECK(annals::testing::SrjReader::read(R"({"head":{},"boolean":false})").is_boolean);
}

TEST_CASE("TSV results keep numbers, escapes, tags and unbound cells", "[w3c-support]") {
  ResultSet rs = annals::testing::TsvReader::read(
      "?s\t?o\n<http://ex/s>\t1.0e6\n_:b0\t\"a\\tb\"@en--rtl\n<http://ex/t>\t\n");
  REQUIRE(rs.rows.size() == 3);
  CHECK(rs.rows[0][1] == Term::literal("1.0e6", std::string(annals::kXsdDouble)));
  CHECK(rs.rows[1][1] == Term::lang_literal("a\tb", "en", "rtl"));
  CHECK(!rs.rows[2][1]);
  CompareOptions by_value;
  by_value.numbers_by_value = true;
  CHECK(ResultCompare::compare(
            rows({"s", "o"},
                 {{"<http://ex/s>", "1.0E6"}, {"_:x", "\"a\\tb\"@en--rtl"}, {"<http://ex/t>", ""}}),
            rs, by_value) == "");
  CHECK(ResultCompare::compare(
            rows({"s", "o"},
                 {{"<http://ex/s>", "1.0E6"}, {"_:x", "\"a\\tb\"@en--rtl"}, {"<http://ex/t>", ""}}),
            rs) != "");
}

TEST_CASE("result sets in the rs: vocabulary, from Turtle and RDF/XML", "[w3c-support]") {
  auto from_ttl = annals::testing::result_set_from_graph(turtle(R"(
    @prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> .
    [] a rs:ResultSet ; rs:resultVariable "name", "x" ;
       rs:solution [ rs:index 2 ; rs:binding [ rs:variable "name" ; rs:value "Bob" ] ] ,
                   [ rs:index 1 ; rs:binding [ rs:variable "name" ; rs:value "Alice" ] ,
                                              [ rs:variable "x" ; rs:value _:n ] ] .)"));
  CHECK(from_ttl.ordered);
  auto from_xml =
      annals::testing::result_set_from_graph(annals::testing::RdfXmlReader::read(R"(
    <rdf:RDF xmlns:rs="http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
             xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rs:ResultSet>
        <rs:resultVariable>x</rs:resultVariable><rs:resultVariable>name</rs:resultVariable>
        <rs:solution rdf:parseType="Resource">
          <rs:index rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">1</rs:index>
          <rs:binding rdf:parseType="Resource"><rs:variable>name</rs:variable>
            <rs:value>Alice</rs:value></rs:binding>
          <rs:binding rdf:parseType="Resource"><rs:variable>x</rs:variable>
            <rs:value rdf:nodeID="node0"/></rs:binding>
        </rs:solution>
        <rs:solution rdf:parseType="Resource">
          <rs:index rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">2</rs:index>
          <rs:binding rdf:parseType="Resource"><rs:variable>name</rs:variable>
            <rs:value>Bob</rs:value></rs:binding>
        </rs:solution>
      </rs:ResultSet>
    </rdf:RDF>)",
                                                                                 "http://ex/base"));
  CompareOptions ordered;
  ordered.ordered = true;
  ordered.order_keys = {"name"};
  CHECK(ResultCompare::compare(from_ttl, from_xml, ordered) == "");
  REQUIRE(from_ttl.rows.size() == 2);
  CHECK(from_ttl.rows[0][0]->value == "Alice");
  auto ask = annals::testing::result_set_from_graph(
      turtle("@prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> .\n"
             "[] a rs:ResultSet ; rs:boolean true ."));
  CHECK(ask.is_boolean);
  CHECK(ask.boolean);
}

TEST_CASE("striped RDF/XML data resolves against the file's address", "[w3c-support]") {
  auto quads = annals::testing::RdfXmlReader::read(R"(<rdf:RDF
      xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/s#">
    <rdf:Description rdf:about="http://ex/a"><ex:p rdf:resource=""/>
      <ex:q xml:lang="fr">chat</ex:q><ex:r><ex:T rdf:about="#t"/></ex:r></rdf:Description>
    </rdf:RDF>)",
                                                   "http://ex/doc");
  REQUIRE(quads.size() == 4);
  CHECK(quads[0].object == Term::iri("http://ex/doc"));
  CHECK(quads[1].object == Term::lang_literal("chat", "fr"));
  CHECK(quads[2].object == Term::iri("http://ex/s#T"));  // rdf:type of the nested node
  CHECK(quads[3].object == Term::iri("http://ex/doc#t"));
}

TEST_CASE("result comparison: blank node renaming, multisets and ORDER BY keys", "[w3c-support]") {
  auto expected = rows({"a", "b"}, {{"_:x", "_:x"}, {"_:y", "\"1\""}, {"_:y", "\"1\""}});
  CHECK(ResultCompare::compare(
            expected, rows({"b", "a"}, {{"\"1\"", "_:q"}, {"_:p", "_:p"}, {"\"1\"", "_:q"}})) ==
        "");
  // the same shapes, but one blank node where expected has two
  CHECK(ResultCompare::compare(
            expected, rows({"a", "b"}, {{"_:x", "_:y"}, {"_:y", "\"1\""}, {"_:y", "\"1\""}})) !=
        "");
  CHECK(ResultCompare::compare(expected, rows({"a", "b"}, {{"_:x", "_:x"}, {"_:y", "\"1\""}})) !=
        "");
  CHECK(ResultCompare::compare(expected, rows({"a", "c"}, {})) != "");

  CompareOptions by_k;
  by_k.ordered = true;
  by_k.order_keys = {"k"};
  auto sorted = rows({"k", "v"}, {{"1", "\"a\""}, {"1", "\"b\""}, {"2", "\"c\""}});
  // ties on the key may come in any order
  CHECK(ResultCompare::compare(sorted,
                               rows({"k", "v"}, {{"1", "\"b\""}, {"1", "\"a\""}, {"2", "\"c\""}}),
                               by_k) == "");
  CHECK(ResultCompare::compare(sorted,
                               rows({"k", "v"}, {{"2", "\"c\""}, {"1", "\"b\""}, {"1", "\"a\""}}),
                               by_k) != "");
  CHECK(ResultCompare::compare(
            sorted, rows({"k", "v"}, {{"2", "\"c\""}, {"1", "\"b\""}, {"1", "\"a\""}})) == "");

  CompareOptions by_value;
  by_value.numbers_by_value = true;
  CHECK(ResultCompare::compare(rows({"n"}, {{"\"3\"^^<http://www.w3.org/2001/XMLSchema#decimal>"}}),
                               rows({"n"}, {{"3.0"}}), by_value) == "");
  CHECK(ResultCompare::compare(rows({"n"}, {{"\"3\"^^<http://www.w3.org/2001/XMLSchema#decimal>"}}),
                               rows({"n"}, {{"3"}}), by_value) != "");  // integer, not decimal
  CHECK(ResultCompare::compare(rows({"n"}, {{"\"x\"^^<http://www.w3.org/2001/XMLSchema#integer>"}}),
                               rows({"n"}, {{"0"}}), by_value) != "");  // ill-typed: as written
  CHECK(
      ResultCompare::compare(rows({"n"}, {{"\"INF\"^^<http://www.w3.org/2001/XMLSchema#double>"}}),
                             rows({"n"}, {{"\"+INF\"^^<http://www.w3.org/2001/XMLSchema#double>"}}),
                             by_value) == "");

  CompareOptions lax;
  lax.lax_cardinality = true;
  auto dups = rows({"v"}, {{"\"a\""}, {"\"a\""}, {"\"b\""}});
  CHECK(ResultCompare::compare(dups, rows({"v"}, {{"\"b\""}, {"\"a\""}}), lax) == "");
  CHECK(ResultCompare::compare(dups, rows({"v"}, {{"\"b\""}, {"\"a\""}, {"\"a\""}}), lax) == "");
  CHECK(ResultCompare::compare(dups, rows({"v"}, {{"\"b\""}}), lax) != "");
  CHECK(ResultCompare::compare(dups, rows({"v"}, {{"\"b\""}, {"\"a\""}})) != "");

  ResultSet yes, no;
  yes.is_boolean = no.is_boolean = true;
  yes.boolean = true;
  CHECK(ResultCompare::compare(yes, yes) == "");
  CHECK(ResultCompare::compare(yes, no) != "");
}

TEST_CASE("CSV text compares up to line ends and blank node labels", "[w3c-support]") {
  CHECK(annals::testing::normalize_csv("s,o\r\n_:a,_:b\r\n_:a,x\r\n") ==
        annals::testing::normalize_csv("s,o\n_:b0,_:zz\n_:b0,x\n"));
  CHECK(annals::testing::normalize_csv("s,o\n_:a,_:b\n") !=
        annals::testing::normalize_csv("s,o\n_:a,_:a\n"));
}

TEST_CASE("every expected result file of the SPARQL suites reads and equals itself",
          "[w3c-support]") {
  namespace fs = std::filesystem;
  const fs::path root(ANNALS_CONFORMANCE_DIR);
  int files = 0;
  for (const char* suite : {"sparql10", "sparql11", "sparql12"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / suite)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() ||
          (ext != ".srx" && ext != ".srj" && ext != ".tsv" && ext != ".rdf" && ext != ".ttl")) {
        continue;
      }
      const std::string text = annals::testing::slurp(entry.path());
      const std::string iri = std::string(annals::testing::kPublishedSparql) +
                              fs::relative(entry.path(), root).generic_string();
      INFO(iri);
      const bool rs_graph = text.find("result-set#") != std::string::npos &&
                            text.find("ResultSet") != std::string::npos;
      ResultSet rs;
      if (ext == ".srx") {
        rs = annals::testing::SrxReader::read(text);
      } else if (ext == ".srj") {
        rs = annals::testing::SrjReader::read(text);
      } else if (ext == ".tsv") {
        rs = annals::testing::TsvReader::read(text);
      } else if (ext == ".rdf") {
        auto quads = annals::testing::RdfXmlReader::read(text, iri);
        if (!rs_graph) continue;
        rs = annals::testing::result_set_from_graph(quads);
      } else if (ext == ".ttl" && rs_graph) {
        auto parsed = annals::testing::parse_file(iri, annals::RdfFormat::kTurtle);
        REQUIRE(parsed.status);
        rs = annals::testing::result_set_from_graph(parsed.quads);
      } else {
        continue;
      }
      ++files;
      CHECK(ResultCompare::compare(rs, rs) == "");
    }
  }
  std::cout << "w3c-support: " << files << " expected result files read\n";
  CHECK(files > 400);
}
