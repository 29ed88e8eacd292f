// W3C RDF conformance for the text formats: N-Triples, N-Quads, Turtle and TriG, RDF 1.1 and
// 1.2, driven by the suites' manifests (read with our own Turtle reader). Syntax tests parse or
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
#include "annals/rdf.hpp"

#ifndef ANNALS_CONFORMANCE_DIR
#error "ANNALS_CONFORMANCE_DIR must name the shared conformance folder"
#endif

namespace {

namespace fs = std::filesystem;
using annals::Quad;
using annals::RdfFormat;
using annals::Term;

// The suites assume each file was read from its published address (conformance/README.md).
constexpr std::string_view kPublished = "https://w3c.github.io/rdf-tests/rdf/";
constexpr std::string_view kMf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
constexpr std::string_view kRdft = "http://www.w3.org/ns/rdftest#";

fs::path local_path(const std::string& iri) {
  REQUIRE(iri.starts_with(kPublished));
  return fs::path(ANNALS_CONFORMANCE_DIR) / iri.substr(kPublished.size());
}

struct Parsed {
  annals::Status status;
  std::vector<Quad> quads;
};

Parsed parse_file(const std::string& iri, RdfFormat format) {
  Parsed p;
  auto in = annals::Input::open(local_path(iri).string());
  if (!in) {
    p.status = in.status();
    return p;
  }
  annals::ParseOptions options(format);
  options.base = iri;
  p.status = annals::parse_rdf(*in, options, [&](const Quad& q) {
    p.quads.push_back(q);
    return annals::Status::ok();
  });
  return p;
}

// A manifest as subject -> predicate -> objects, and its list of entries.
class Manifest {
 public:
  explicit Manifest(const std::string& iri) {
    Parsed p = parse_file(iri, RdfFormat::kTurtle);
    INFO(p.status.to_string());
    REQUIRE(p.status.is_ok());
    for (auto& q : p.quads) props_[key(q.subject)][q.predicate.value].push_back(q.object);
    const std::string entries = std::string(kMf) + "entries";
    for (const auto& [s, props] : props_) {
      auto list = props.find(entries);
      if (list == props.end()) continue;
      for (Term node = list->second.front(); node.value != annals::kRdfNil && !node.value.empty();) {
        entries_.push_back(first(node, std::string(annals::kRdfFirst)));
        node = first(node, std::string(annals::kRdfRest));
      }
    }
  }

  const std::vector<Term>& entries() const { return entries_; }
  Term first(const Term& subject, const std::string& predicate) const {
    auto s = props_.find(key(subject));
    if (s == props_.end()) return {};
    auto p = s->second.find(predicate);
    return p == s->second.end() || p->second.empty() ? Term{} : p->second.front();
  }

 private:
  static std::string key(const Term& t) { return annals::to_ntriples(t); }
  std::map<std::string, std::map<std::string, std::vector<Term>>> props_;
  std::vector<Term> entries_;
};

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

RdfFormat format_of(const std::string& type) {
  if (type.find("NTriples") != std::string::npos) return RdfFormat::kNTriples;
  if (type.find("NQuads") != std::string::npos) return RdfFormat::kNQuads;
  if (type.find("Turtle") != std::string::npos) return RdfFormat::kTurtle;
  return RdfFormat::kTriG;
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

std::string after_hash(const std::string& iri) { return iri.substr(iri.find('#') + 1); }

void run_suite(const std::string& suite) {
  Manifest m(std::string(kPublished) + suite + "/manifest.ttl");
  REQUIRE(!m.entries().empty());
  int passed = 0, failed = 0;
  std::map<std::string, int> by_approval;
  for (const Term& e : m.entries()) {
    std::string type = m.first(e, std::string(annals::kRdfType)).value;
    std::string action = m.first(e, std::string(kMf) + "action").value;
    std::string result = m.first(e, std::string(kMf) + "result").value;
    std::string approval = m.first(e, std::string(kRdft) + "approval").value;
    approval = approval.empty() ? "no status" : after_hash(approval);
    std::string problem = run_entry(type, action, result);
    INFO(suite << " " << e.value << " (" << after_hash(type) << ", " << action << ", "
               << approval << ")");
    CHECK(problem == "");
    (problem.empty() ? passed : failed)++;
    by_approval[approval]++;
  }
  std::cout << "w3c " << suite << ": " << passed << " passed, " << failed << " failed (";
  const char* sep = "";
  for (const auto& [a, n] : by_approval) {
    std::cout << sep << n << ' ' << a;
    sep = ", ";
  }
  std::cout << ")\n";
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
