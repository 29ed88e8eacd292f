// W3C RDF conformance for the text formats: N-Triples, N-Quads, Turtle, TriG and RDF/XML, RDF
// 1.1 and 1.2, driven by the suites' manifests (read with our own Turtle reader). Syntax tests parse or
// fail as the manifest says; evaluation tests must give a dataset isomorphic to the expected
// N-Triples/N-Quads; C14N tests must write back exactly the expected canonical bytes. Every
// entry of every manifest runs, whatever its approval status; none is skipped.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../support/isomorphism.hpp"
#include "../support/w3c_manifest.hpp"
#include "annals/rdf.hpp"

namespace {

namespace fs = std::filesystem;
using annals::Quad;
using annals::RdfFormat;
using annals::Term;
using annals::testing::after_hash;
using annals::testing::format_of;
using annals::testing::local_path;
using annals::testing::Manifest;
using annals::testing::Parsed;
using annals::testing::parse_file;

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs one entry; returns an empty string on a pass, else what went wrong.
std::string run_entry(const std::string& type, const std::string& action,
                      const std::string& result) {
  const RdfFormat format = format_of(type);
  Parsed got = parse_file(action, format);
  if (type.find("Negative") != std::string::npos) {
    return got.status.is_ok() ? "parsed, but the test expects a syntax error" : "";
  }
  if (!got.status.is_ok()) return "rejected: " + got.status.to_string();
  if (type.find("PositiveSyntax") != std::string::npos) return "";
  if (type.find("C14N") != std::string::npos) {
    std::ostringstream out;
    annals::RdfWriter writer(out, format);
    for (const Quad& q : got.quads) {
      if (auto st = writer.write(q); !st) return "write failed: " + st.to_string();
    }
    std::string want = slurp(local_path(result));
    if (out.str() == want) return "";
    return "canonical output differs\n--- got\n" + out.str() + "--- want\n" + want;
  }
  if (type.find("Eval") != std::string::npos) {
    bool quads = format == RdfFormat::kTriG || format == RdfFormat::kNQuads;
    Parsed want = parse_file(result, quads ? RdfFormat::kNQuads : RdfFormat::kNTriples);
    if (!want.status.is_ok()) return "cannot read the expected result: " + want.status.to_string();
    return annals::testing::Isomorphism::compare(got.quads, want.quads);
  }
  return "unknown test type " + type;
}

void run_suite(const std::string& suite) {
  Manifest m(std::string(annals::testing::kPublished) + suite + "/manifest.ttl");
  REQUIRE(!m.entries().empty());
  int passed = 0, failed = 0;
  std::map<std::string, int> by_approval;
  for (const Term& e : m.entries()) {
    std::string type = m.type(e);
    std::string action = m.action(e);
    std::string result = m.result(e);
    std::string approval = m.first(e, std::string(annals::testing::kRdft) + "approval").value;
    approval = approval.empty() ? "no status" : after_hash(approval);
    std::string problem = run_entry(type, action, result);
    INFO(suite << " " << e.value << " (" << after_hash(type) << ", " << action << ", "
               << approval << ")");
    CHECK(problem == "");
    (problem.empty() ? passed : failed)++;
    by_approval[approval]++;
  }
  std::ostringstream line;
  line << "w3c " << suite << ": " << passed << " passed, " << failed << " failed (";
  const char* sep = "";
  for (const auto& [a, n] : by_approval) {
    line << sep << n << ' ' << a;
    sep = ", ";
  }
  line << ")";
  annals::testing::report_counts(line.str());
}

}  // namespace

TEST_CASE("W3C RDF 1.1 N-Triples", "[w3c][ntriples]") { run_suite("rdf11/rdf-n-triples"); }
TEST_CASE("W3C RDF 1.1 N-Quads", "[w3c][nquads]") { run_suite("rdf11/rdf-n-quads"); }
TEST_CASE("W3C RDF 1.1 Turtle", "[w3c][turtle]") { run_suite("rdf11/rdf-turtle"); }
TEST_CASE("W3C RDF 1.1 TriG", "[w3c][trig]") { run_suite("rdf11/rdf-trig"); }
TEST_CASE("W3C RDF 1.2 N-Triples syntax", "[w3c][ntriples]") {
  run_suite("rdf12/rdf-n-triples/syntax");
}
TEST_CASE("W3C RDF 1.2 N-Triples C14N", "[w3c][ntriples]") {
  run_suite("rdf12/rdf-n-triples/c14n");
}
TEST_CASE("W3C RDF 1.2 N-Quads syntax", "[w3c][nquads]") { run_suite("rdf12/rdf-n-quads/syntax"); }
TEST_CASE("W3C RDF 1.2 N-Quads C14N", "[w3c][nquads]") { run_suite("rdf12/rdf-n-quads/c14n"); }
TEST_CASE("W3C RDF 1.2 Turtle syntax", "[w3c][turtle]") { run_suite("rdf12/rdf-turtle/syntax"); }
TEST_CASE("W3C RDF 1.2 Turtle evaluation", "[w3c][turtle]") { run_suite("rdf12/rdf-turtle/eval"); }
TEST_CASE("W3C RDF 1.2 TriG syntax", "[w3c][trig]") { run_suite("rdf12/rdf-trig/syntax"); }
TEST_CASE("W3C RDF 1.2 TriG evaluation", "[w3c][trig]") { run_suite("rdf12/rdf-trig/eval"); }
TEST_CASE("W3C RDF 1.1 RDF/XML", "[w3c][rdfxml]") { run_suite("rdf11/rdf-xml"); }
TEST_CASE("W3C RDF 1.2 RDF/XML evaluation", "[w3c][rdfxml]") { run_suite("rdf12/rdf-xml/eval"); }
