// RDF/XML reader and writer: the grammar's main forms, error positions, the nesting limit,
// entities (internal ones expanded, external ones refused, bombs stopped), and the writer's
// output read back, valid-time annotations included.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "annals/rdf.hpp"

using annals::Annotation;
using annals::Input;
using annals::ParseOptions;
using annals::Quad;
using annals::RdfFormat;
using annals::RdfWriter;
using annals::Status;
using annals::StatusCode;
using annals::Term;

namespace {

const std::string kDecl = "<?xml version=\"1.0\"?>\n";
const std::string kRoot =
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
    "xmlns:ex=\"http://ex/\">\n";
const std::string kHead = kDecl + kRoot;
const std::string kTail = "</rdf:RDF>\n";

struct Parsed {
  Status status;
  std::vector<std::string> lines;  // each quad as N-Triples
};

Parsed parse(std::string text, std::string base = "http://base/doc") {
  Parsed r;
  Input in = Input::from_string(std::move(text), "t.rdf");
  ParseOptions options(RdfFormat::kRdfXml);
  options.base = std::move(base);
  r.status = annals::parse_rdf(in, options, [&](const Quad& q) {
    r.lines.push_back(annals::to_ntriples(q.subject) + " " + annals::to_ntriples(q.predicate) +
                      " " + annals::to_ntriples(q.object));
    return Status::ok();
  });
  return r;
}

bool has(const Parsed& p, const std::string& line) {
  for (const auto& l : p.lines) {
    if (l == line) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("RDF/XML: node and property elements", "[rdfxml][reader]") {
  auto r = parse(kHead +
                 "<ex:Thing rdf:about=\"s\" ex:name=\"n\">\n"
                 "  <ex:p rdf:resource=\"o\"/>\n"
                 "  <ex:q xml:lang=\"en\">hi</ex:q>\n"
                 "  <ex:r rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">5</ex:r>\n"
                 "  <ex:b><rdf:Description rdf:nodeID=\"x\"/></ex:b>\n"
                 "  <rdf:li>one</rdf:li><rdf:li>two</rdf:li>\n"
                 "</ex:Thing>\n" +
                 kTail);
  INFO(r.status.to_string());
  REQUIRE(r.status.is_ok());
  CHECK(has(r, "<http://base/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex/Thing>"));
  CHECK(has(r, "<http://base/s> <http://ex/name> \"n\""));
  CHECK(has(r, "<http://base/s> <http://ex/p> <http://base/o>"));
  CHECK(has(r, "<http://base/s> <http://ex/q> \"hi\"@en"));
  CHECK(has(r, "<http://base/s> <http://ex/r> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer>"));
  CHECK(has(r, "<http://base/s> <http://ex/b> _:x"));
  CHECK(has(r, "<http://base/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#_2> \"two\""));
  CHECK(r.lines.size() == 8);
}

TEST_CASE("RDF/XML: errors name file, line and column with the line", "[rdfxml][errors]") {
  SECTION("a rule of RDF/XML: the element that breaks it") {
    auto r = parse(kHead + "<rdf:Description rdf:about=\"s\">\n   <rdf:about/>\n</rdf:Description>\n" + kTail);
    REQUIRE(r.status.code() == StatusCode::kInvalidInput);
    CHECK(r.status.where().source == "t.rdf");
    CHECK(r.status.where().line == 4);
    CHECK(r.status.where().column == 4);
    CHECK(r.status.to_string().rfind("t.rdf:4:4: ", 0) == 0);
    CHECK(r.status.to_string().find('^') != std::string::npos);
  }
  SECTION("XML that is not well-formed: expat's place") {
    auto r = parse(kHead + "<rdf:Description rdf:about=\"s\">\n  <ex:p>x</ex:q>\n" + kTail);
    REQUIRE(r.status.code() == StatusCode::kInvalidInput);
    CHECK(r.status.where().line == 4);
    CHECK(r.status.where().column == 12);  // expat points at the name in "</ex:q>"
    CHECK(r.status.message().find("mismatched tag") != std::string::npos);
  }
  SECTION("columns count characters, not bytes") {
    auto r = parse(kHead + "<rdf:Description ex:\xC3\xA9=\"\xC3\xA9\" rdf:ID=\"1\"/>\n" + kTail);
    REQUIRE(r.status.code() == StatusCode::kInvalidInput);
    CHECK(r.status.where().line == 3);
    CHECK(r.status.where().column == 1);
  }
  SECTION("rdf:ID given twice against one base") {
    auto r = parse(kHead + "<rdf:Description rdf:ID=\"a\"/>\n<rdf:Description rdf:ID=\"a\"/>\n" + kTail);
    REQUIRE(r.status.code() == StatusCode::kInvalidInput);
    CHECK(r.status.where().line == 4);
  }
  SECTION("a relative IRI and no base") {
    auto r = parse(kHead + "<rdf:Description rdf:about=\"s\"/>\n" + kTail, "");
    REQUIRE(r.status.code() == StatusCode::kInvalidInput);
    CHECK(r.status.message().find("no base") != std::string::npos);
  }
}

TEST_CASE("RDF/XML: nesting deeper than the limit is an error, not a crash", "[rdfxml][errors]") {
  std::string deep = kHead;
  for (int i = 0; i < 6000; ++i) deep += "<rdf:Description><ex:p>";
  for (int i = 0; i < 6000; ++i) deep += "</ex:p></rdf:Description>";
  auto r = parse(deep + kTail);
  REQUIRE(r.status.code() == StatusCode::kInvalidInput);
  CHECK(r.status.message().find("nest more than 10000") != std::string::npos);
  CHECK(r.status.where().line == 3);

  std::string triples = kHead + "<rdf:Description rdf:about=\"s\" rdf:version=\"1.2\">";
  for (int i = 0; i < 1100; ++i) triples += "<ex:p rdf:parseType=\"Triple\"><rdf:Description rdf:about=\"s\">";
  auto t = parse(triples);
  REQUIRE(t.status.code() == StatusCode::kInvalidInput);
  CHECK(t.status.message().find("triple terms nest") != std::string::npos);
}

TEST_CASE("RDF/XML: internal entities expand, external ones and bombs are refused", "[rdfxml][errors]") {
  const std::string doctype = "<!DOCTYPE rdf:RDF [<!ENTITY ex \"http://ex/\">]>\n";
  auto ok = parse(kDecl + doctype + kRoot + "<rdf:Description rdf:about=\"&ex;s\" ex:p=\"v\"/>\n" + kTail);
  INFO(ok.status.to_string());
  REQUIRE(ok.status.is_ok());
  CHECK(has(ok, "<http://ex/s> <http://ex/p> \"v\""));

  auto external = parse(kDecl + "<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" + kRoot +
                        "<rdf:Description rdf:about=\"s\" ex:p=\"&x;\"/>\n" + kTail);
  CHECK(external.status.code() == StatusCode::kInvalidInput);

  std::string bomb = kDecl + "<!DOCTYPE rdf:RDF [<!ENTITY a0 \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\">\n";
  for (int i = 1; i < 12; ++i) {
    bomb += "<!ENTITY a" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) bomb += "&a" + std::to_string(i - 1) + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n" + kRoot + "<rdf:Description rdf:about=\"s\"><ex:p>&a11;</ex:p></rdf:Description>\n" + kTail;
  auto b = parse(bomb);
  REQUIRE(b.status.code() == StatusCode::kInvalidInput);
  CHECK(b.lines.empty());
}

TEST_CASE("RDF/XML writer: read back to the same triples", "[rdfxml][writer]") {
  const Term s = Term::iri("http://ex/s");
  const std::vector<Quad> quads = {
      {s, Term::iri("http://ex/p"), Term::iri("http://ex/o"), {}},
      {s, Term::iri("http://other/ns#q"), Term::lang_literal("a & <b>\r\n", "ar", "rtl"), {}},
      {s, Term::iri("http://ex/r"), Term::literal("1", "http://www.w3.org/2001/XMLSchema#integer"), {}},
      {Term::blank("1b"), Term::iri("http://ex/p"), Term::blank("_x"), {}},
      {s, Term::iri("http://ex/t"),
       Term::triple_term(Term::blank("b"), Term::iri("http://ex/p"), Term::literal("x")), {}},
  };
  std::ostringstream out;
  annals::WriterOptions options;
  options.prefixes = {{"ex", "http://ex/"}};
  RdfWriter w(out, RdfFormat::kRdfXml, options);
  for (const Quad& q : quads) REQUIRE(w.write(q).is_ok());
  CHECK(w.write({s, Term::iri("http://ex/1"), s, {}}).code() == StatusCode::kInvalidInput);
  CHECK(w.write({s, Term::iri("http://ex/p"), Term::literal("\x01"), {}}).code() ==
        StatusCode::kInvalidInput);
  CHECK(w.write({s, Term::iri("http://ex/p"), s, Term::iri("http://g")}).code() ==
        StatusCode::kInvalidInput);
  REQUIRE(w.finish().is_ok());
  INFO(out.str());
  CHECK(out.str().find("<ex:p rdf:resource=\"http://ex/o\"/>") != std::string::npos);
  auto r = parse(out.str(), "");
  REQUIRE(r.status.is_ok());
  REQUIRE(r.lines.size() == quads.size());
  CHECK(has(r, "<http://ex/s> <http://other/ns#q> \"a & <b>\\r\\n\"@ar--rtl"));
  CHECK(has(r, "<http://ex/s> <http://ex/t> <<( _:b <http://ex/p> \"x\" )>>"));
}

TEST_CASE("RDF/XML: valid-time annotations written by dump fold back into facts", "[rdfxml][validtime]") {
  const Quad q{Term::iri("http://ex/s"), Term::iri("http://ex/p"), Term::iri("http://ex/o"), {}};
  const std::vector<Annotation> when = {
      {Term::iri("https://annals.dev/ns#validFrom"),
       Term::literal("2021", "http://www.w3.org/2001/XMLSchema#gYear")}};
  std::ostringstream out;
  RdfWriter w(out, RdfFormat::kRdfXml);
  REQUIRE(w.write(q, when).is_ok());
  REQUIRE(w.write({q.subject, q.predicate, Term::literal("plain"), {}}).is_ok());
  REQUIRE(w.finish().is_ok());
  INFO(out.str());
  Input in = Input::from_string(out.str(), "t.rdf");
  std::vector<std::pair<Quad, annals::ValidTime>> facts;
  Status st = annals::parse_facts(in, ParseOptions(RdfFormat::kRdfXml),
                                  [&](const Quad& f, const annals::ValidTime& v) {
                                    facts.emplace_back(f, v);
                                    return Status::ok();
                                  });
  REQUIRE(st.is_ok());
  REQUIRE(facts.size() == 2);
  CHECK(facts[0].first.object.value == "http://ex/o");
  CHECK_FALSE(facts[0].second == annals::ValidTime{});
  CHECK(facts[1].second == annals::ValidTime{});
}

TEST_CASE("RDF/XML: format names and extensions", "[rdfxml][format]") {
  CHECK(annals::rdf_format_from_name("rdfxml") == RdfFormat::kRdfXml);
  CHECK(annals::rdf_format_from_name("RDF/XML") == RdfFormat::kRdfXml);
  CHECK(annals::rdf_format_from_path("a.owl.gz") == RdfFormat::kRdfXml);
  CHECK(annals::rdf_format_from_path("b.rdf") == RdfFormat::kRdfXml);
  CHECK_FALSE(annals::rdf_format_from_name("xml").has_value());  // a results format
  CHECK(annals::input_format_from_path("a.rdf") == RdfFormat::kRdfXml);
  CHECK_FALSE(annals::rdf_format_has_graphs(RdfFormat::kRdfXml));
  CHECK(annals::rdf_format_title(RdfFormat::kRdfXml) == "RDF/XML");
}
