// W3C SPARQL conformance, syntax: every query of the SPARQL 1.0, 1.1 and 1.2 query suites
// must parse or be refused as its manifest says. Syntax tests are run as typed; the queries
// of evaluation tests (and of result-format tests) are run as positive syntax tests, since
// executing them is later work. Each query that parses must also translate to the SPARQL
// algebra without an error. One line per suite folder with its counts.
//
// Not run here: Update syntax and evaluation tests (mf:*UpdateSyntaxTest*,
// mf:UpdateEvaluationTest), which sparql_update_test.cpp runs, those of SPARQL 1.2's query
// suites included.
// Known failures of the SPARQL 1.2 suites (Proposed tests, not yet approved) are listed in
// kKnown12 with their reasons; each of them must still fail, so a fix is noticed.
#include <catch2/catch.hpp>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/w3c_manifest.hpp"
#include "annals/query.hpp"

namespace {

using annals::Term;
using annals::testing::after_hash;
using annals::testing::local_path;
using annals::testing::Manifest;

using annals::testing::kDawgt;
using annals::testing::kQt;
using annals::testing::slurp;

// SPARQL 1.2 tests we fail on purpose, by entry IRI suffix (the part after the suite
// folder), and why.
const std::map<std::string, std::string>& known_failures() {
  static const std::map<std::string, std::string> kKnown = {};
  return kKnown;
}

struct Counts {
  int passed = 0, failed = 0, skipped = 0, known = 0, translated = 0;
  std::map<std::string, int> by_approval;
};

// Runs one entry; returns an empty string on a pass, else what went wrong. Sets skip for
// tests this runner does not run, translated when the query went on to the algebra.
std::string run_entry(const Manifest& m, const Term& e, bool& skip, bool& translated) {
  std::string type = after_hash(m.type(e));
  if (type.find("Update") != std::string::npos) {
    skip = true;  // sparql_update_test.cpp runs it
    return "";
  }
  bool negative = type.find("Negative") != std::string::npos;
  std::string query_iri;
  if (type.find("Syntax") != std::string::npos) {
    query_iri = m.action(e);
  } else {
    // QueryEvaluationTest (the default when untyped), CSVResultFormatTest: the action's
    // qt:query.
    Term action = m.first(e, std::string(annals::testing::kMf) + "action");
    query_iri = m.first(action, std::string(kQt) + "query").value;
  }
  if (query_iri.empty()) return "no query named by the manifest";
  std::string text = slurp(local_path(query_iri));
  annals::QueryParseOptions options;
  options.base = query_iri;
  auto parsed = annals::parse_query(text, options);
  if (negative) return parsed.is_ok() ? "parsed, but the test expects a syntax error" : "";
  if (!parsed.is_ok()) return "rejected: " + parsed.status().to_string();
  // Every query that parses translates to the algebra (SPARQL 1.1 §18.2).
  try {
    auto algebra = parsed->algebra_string();
    if (!algebra.is_ok()) return "no algebra: " + algebra.status().to_string();
    translated = true;
  } catch (const std::exception& ex) {
    return std::string("the translation to the algebra threw: ") + ex.what();
  }
  return "";
}

void run_manifest(const std::string& suite, const std::string& manifest_iri, bool sparql12) {
  Manifest m(manifest_iri);
  Counts c;
  const std::string folder_iri = manifest_iri.substr(0, manifest_iri.rfind('/') + 1);
  for (const Term& e : m.entries()) {
    std::string approval = m.first(e, std::string(kDawgt) + "approval").value;
    approval = approval.empty() ? "no status" : after_hash(approval);
    bool skip = false, translated = false;
    std::string problem = run_entry(m, e, skip, translated);
    c.translated += translated ? 1 : 0;
    if (skip) {
      ++c.skipped;
      continue;
    }
    c.by_approval[approval]++;
    std::string name =
        e.value.starts_with(folder_iri) ? e.value.substr(folder_iri.size()) : e.value;
    auto known = known_failures().find(suite + "/" + name);
    INFO(suite << " " << e.value << " (" << after_hash(m.type(e)) << ", " << approval << ")");
    if (sparql12 && known != known_failures().end()) {
      INFO("listed as a known failure (" << known->second
                                         << ") but it passes: take it off the list");
      CHECK(problem != "");
      ++c.known;
      continue;
    }
    CHECK(problem == "");
    (problem.empty() ? c.passed : c.failed)++;
  }
  std::ostringstream line;
  line << "w3c " << suite << " (parse and algebra): " << c.passed << " passed, " << c.failed
       << " failed";
  if (c.known) line << ", " << c.known << " known failures";
  line << ", " << c.translated << " translated to the algebra";
  if (c.skipped) line << ", " << c.skipped << " Update tests (run by the Update runner)";
  line << " (";
  const char* sep = "";
  for (const auto& [a, n] : c.by_approval) {
    line << sep << n << ' ' << a;
    sep = ", ";
  }
  line << ")";
  annals::testing::report_counts(line.str());
}

// Every manifest an aggregate manifest includes, each as its own suite.
void run_all(const std::string& top, bool sparql12) {
  const std::string published(annals::testing::kPublishedSparql);
  Manifest m(published + top);
  REQUIRE(!m.includes().empty());
  for (const Term& inc : m.includes()) {
    std::string folder = inc.value.substr(published.size());
    folder = folder.substr(0, folder.rfind('/'));
    run_manifest(folder, inc.value, sparql12);
  }
}

}  // namespace

TEST_CASE("W3C SPARQL 1.0 query syntax", "[w3c][sparql]") {
  run_all("sparql10/manifest.ttl", false);
}
TEST_CASE("W3C SPARQL 1.1 query syntax", "[w3c][sparql]") {
  run_all("sparql11/manifest-sparql11-query.ttl", false);
  // Federated query's syntax tests: not in the query manifest, but SERVICE is in our grammar.
  run_manifest("sparql11/syntax-fed",
               std::string(annals::testing::kPublishedSparql) + "sparql11/syntax-fed/manifest.ttl",
               false);
}
TEST_CASE("W3C SPARQL 1.2 query syntax", "[w3c][sparql]") {
  run_all("sparql12/manifest.ttl", true);
}
