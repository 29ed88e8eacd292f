// W3C N-Triples and N-Quads conformance (RDF 1.1 and 1.2): syntax tests parse or fail as the
// manifest says, and C14N tests write back exactly the expected canonical bytes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "annals/rdf.hpp"

#ifndef ANNALS_CONFORMANCE_DIR
#error "ANNALS_CONFORMANCE_DIR must name the shared conformance folder"
#endif

namespace {

namespace fs = std::filesystem;

struct ManifestEntry {
  std::string name;    // the entry's subject as written, e.g. ":langtagged_string"
  std::string type;    // e.g. "TestNTriplesPositiveSyntax"
  std::string action;  // file name relative to the manifest
  std::string result;  // empty unless a C14N test
};

std::string between_angles(const std::string& line, std::size_t from) {
  auto open = line.find('<', from);
  auto close = line.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return line.substr(open + 1, close - open - 1);
}

// These manifests are regular: each entry opens with "<subject> rdf:type rdft:TestX ;" (or
// "a rdft:TestX") and names its files in "mf:action <file>" and "mf:result <file>" lines.
// Lines commented out with '#' are entries the suite leaves out.
std::vector<ManifestEntry> read_manifest(const fs::path& file) {
  std::ifstream in(file);
  std::vector<ManifestEntry> entries;
  std::string line;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    if (auto t = line.find("rdft:Test"); t != std::string::npos) {
      auto end = line.find_first_of(" \t;", t);
      ManifestEntry e;
      e.name = line.substr(first, line.find_first_of(" \t", first) - first);
      e.type = line.substr(t + 5, end == std::string::npos ? std::string::npos : end - t - 5);
      entries.push_back(std::move(e));
    } else if (auto a = line.find("mf:action"); a != std::string::npos && !entries.empty()) {
      entries.back().action = between_angles(line, a);
    } else if (auto r = line.find("mf:result"); r != std::string::npos && !entries.empty()) {
      entries.back().result = between_angles(line, r);
    }
  }
  return entries;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs one entry; returns an empty string on a pass, else what went wrong.
std::string run_entry(const fs::path& dir, const ManifestEntry& e) {
  const bool quads = e.type.find("NQuads") != std::string::npos;
  const annals::RdfFormat format =
      quads ? annals::RdfFormat::kNQuads : annals::RdfFormat::kNTriples;
  auto in = annals::Input::open((dir / e.action).string());
  if (!in) return "cannot open: " + in.status().message();
  std::ostringstream out;
  annals::RdfWriter writer(out, format);
  annals::Status st = annals::parse_rdf(*in, annals::ParseOptions(format),
                                        [&](const annals::Quad& q) { return writer.write(q); });
  if (e.type.find("NegativeSyntax") != std::string::npos) {
    return st.is_ok() ? "parsed, but the test expects a syntax error" : "";
  }
  if (!st.is_ok()) return "rejected: " + st.to_string();
  if (e.type.find("PositiveSyntax") != std::string::npos) return "";
  if (e.type.find("C14N") != std::string::npos) {
    std::string want = slurp(dir / e.result);
    if (out.str() == want) return "";
    return "canonical output differs\n--- got\n" + out.str() + "--- want\n" + want;
  }
  return "unknown test type " + e.type;
}

void run_suite(const std::string& suite) {
  const fs::path dir = fs::path(ANNALS_CONFORMANCE_DIR) / suite;
  const auto entries = read_manifest(dir / "manifest.ttl");
  REQUIRE(!entries.empty());
  int passed = 0, failed = 0;
  for (const auto& e : entries) {
    std::string problem = run_entry(dir, e);
    INFO(suite << " " << e.name << " (" << e.type << ", " << e.action << ")");
    CHECK(problem == "");
    (problem.empty() ? passed : failed)++;
  }
  std::cout << "w3c " << suite << ": " << passed << " passed, " << failed << " failed\n";
}

}  // namespace

TEST_CASE("W3C RDF 1.1 N-Triples", "[w3c][ntriples]") { run_suite("rdf11/rdf-n-triples"); }
TEST_CASE("W3C RDF 1.1 N-Quads", "[w3c][nquads]") { run_suite("rdf11/rdf-n-quads"); }
TEST_CASE("W3C RDF 1.2 N-Triples syntax", "[w3c][ntriples]") {
  run_suite("rdf12/rdf-n-triples/syntax");
}
TEST_CASE("W3C RDF 1.2 N-Triples C14N", "[w3c][ntriples]") {
  run_suite("rdf12/rdf-n-triples/c14n");
}
TEST_CASE("W3C RDF 1.2 N-Quads syntax", "[w3c][nquads]") { run_suite("rdf12/rdf-n-quads/syntax"); }
TEST_CASE("W3C RDF 1.2 N-Quads C14N", "[w3c][nquads]") { run_suite("rdf12/rdf-n-quads/c14n"); }
