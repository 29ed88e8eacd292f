// W3C SPARQL 1.1 and 1.2 Update conformance: every mf:UpdateEvaluationTest of the manifests
// runs its request on a fresh store holding the action's dataset (ut:data in the default
// graph, each ut:graphData file in the graph its rdfs:label names), and every graph of the
// resulting store must match the result's dataset up to blank node renaming. The syntax
// tests (syntax-update-1, syntax-update-2) must parse or be refused as their manifest says.
// One count line each; every test must pass, approved or not. ANNALS_W3C_VERBOSE=1 prints
// every failure.
//
// Annals keeps no empty graphs (update.hpp): an expected empty named graph (a result
// ut:graphData whose file holds no triple) is the same as no graph, which the comparison
// of quads gives for free.
#include <catch2/catch.hpp>
#include <iostream>
#include <sstream>

#include "../support/isomorphism.hpp"
#include "../support/temp_dir.hpp"
#include "../support/w3c_manifest.hpp"
#include "../support/w3c_store.hpp"
#include "annals/update.hpp"

namespace {

using annals::Quad;
using annals::Term;
using namespace annals::testing;

constexpr std::string_view kUt = "http://www.w3.org/2009/sparql/tests/test-update#";
constexpr std::string_view kRdfsLabel = "http://www.w3.org/2000/01/rdf-schema#label";

std::string ut(const char* local) { return std::string(kUt) + local; }

// The dataset a test's action or result describes, as files per graph ("" the default).
std::vector<std::pair<std::string, std::string>> dataset_of(const Manifest& m, const Term& node) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Term& d : m.all(node, ut("data"))) out.emplace_back(d.value, "");
  for (const Term& g : m.all(node, ut("graphData"))) {
    out.emplace_back(m.first(g, ut("graph")).value, m.first(g, std::string(kRdfsLabel)).value);
  }
  return out;
}

// Every current quad of the store (each quad once), as terms.
std::vector<Quad> store_quads(const annals::ReadTxn& read) {
  std::vector<Quad> out;
  annals::ScanOptions so;
  so.distinct_quads = true;
  auto cur = check(read.scan(annals::Pattern{}, {}, so));
  for (; cur.valid(); cur.next()) {
    const auto& r = cur.row();
    Term g = r.g == annals::kDefaultGraph ? Term::iri("") : check(read.term(r.g));
    out.push_back(Quad{check(read.term(r.s)), check(read.term(r.p)), check(read.term(r.o)), g});
  }
  if (!cur.status()) throw std::runtime_error(cur.status().to_string());
  return out;
}

// Runs one evaluation test; empty on a pass, else what went wrong.
std::string run_eval(const Manifest& m, const Term& e) {
  const Term action = m.first(e, std::string(kMf) + "action");
  const Term result = m.first(e, std::string(kMf) + "result");
  const std::string request = m.first(action, ut("request")).value;
  annals::QueryParseOptions popts;
  popts.base = request;
  auto parsed = annals::parse_update(slurp(local_path(request)), popts);
  if (!parsed) return "the request does not parse: " + parsed.status().to_string();

  annals::testing::TempDir dir;
  auto store = fresh_store(dir / "store");
  {
    auto txn = check(store.write());
    DataLoader loader(txn);
    for (const auto& [file, graph] : dataset_of(m, action)) {
      loader.add(file, graph.empty() ? std::nullopt : std::optional<Term>(Term::iri(graph)));
    }
    check(txn.commit("w3c test data"));
  }
  annals::UpdateOptions uo;
  uo.timeout = std::chrono::seconds(30);
  uo.union_default_graph = false;  // the standard's default graph
  // The suites LOAD only web addresses (with SILENT): a hook that cannot fetch, as a build
  // without network access.
  uo.allow_load = true;
  uo.load = [](annals::WriteTxn&, const annals::LoadRequest& req) -> annals::Result<std::uint64_t> {
    return annals::Status::not_supported("LOAD <" + req.source + ">: no network in the tests");
  };
  auto r = annals::update_store(store, *parsed, uo);
  const bool expect_failure = m.first(result, ut("result")).value == ut("failure");
  if (!r && !expect_failure) return "the update failed: " + r.status().to_string();
  if (r && expect_failure) return "the update succeeded, but the test expects a failure";

  std::vector<Quad> expected;
  for (const auto& [file, graph] : dataset_of(m, result)) {
    for (Quad q : read_rdf_file(file)) {
      if (!graph.empty()) q.graph = Term::iri(graph);
      expected.push_back(std::move(q));
    }
  }
  return Isomorphism::compare(expected, store_quads(check(store.read())));
}

// Runs one syntax test; empty on a pass.
std::string run_syntax(const Manifest& m, const Term& e, bool negative) {
  const std::string request = m.action(e);
  annals::QueryParseOptions popts;
  popts.base = request;
  auto parsed = annals::parse_update(slurp(local_path(request)), popts);
  if (negative) return parsed ? "parsed, but the test expects a syntax error" : "";
  return parsed ? "" : "rejected: " + parsed.status().to_string();
}

struct Counts {
  int passed = 0, failed = 0;
};

void run_manifest(const std::string& manifest_iri, Counts& eval, Counts& syntax) {
  Manifest m(manifest_iri);
  for (const Term& e : m.entries()) {
    const std::string type = after_hash(m.type(e));
    const bool is_eval = type == "UpdateEvaluationTest";
    if (!is_eval && type.find("UpdateSyntax") == std::string::npos) continue;
    std::string approval = after_hash(m.first(e, std::string(kDawgt) + "approval").value);
    std::string problem;
    try {
      problem = is_eval ? run_eval(m, e) : run_syntax(m, e, type.find("Negative") == 0);
    } catch (const std::exception& ex) {
      problem = ex.what();
    }
    Counts& c = is_eval ? eval : syntax;
    if (problem.empty()) {
      ++c.passed;
      continue;
    }
    ++c.failed;
    if (std::getenv("ANNALS_W3C_VERBOSE")) {
      std::cout << "FAIL " << e.value << " (" << approval << "): " << problem << "\n";
    }
    INFO(e.value << " (" << approval << "): " << problem);
    CHECK(problem == "");
  }
}

void report(const char* suite, const char* what, const Counts& c) {
  std::ostringstream line;
  line << "w3c " << suite << " update " << what << ": " << c.passed << " passed, " << c.failed
       << " failed";
  annals::testing::report_counts(line.str());
}

}  // namespace

TEST_CASE("W3C SPARQL 1.1 Update evaluation and syntax", "[w3c][sparql][update]") {
  Manifest top(std::string(kPublishedSparql) + "sparql11/manifest-sparql11-update.ttl");
  REQUIRE(!top.includes().empty());
  Counts eval, syntax;
  for (const Term& inc : top.includes()) run_manifest(inc.value, eval, syntax);
  report("sparql11", "eval", eval);
  report("sparql11", "syntax", syntax);
}

// SPARQL 1.2's Update tests sit in its query suites (triple terms in INSERT DATA, DELETE
// WHERE, ...); sparql_syntax_test.cpp runs the query tests of the same manifests.
TEST_CASE("W3C SPARQL 1.2 Update evaluation and syntax", "[w3c][sparql][update]") {
  Manifest top(std::string(kPublishedSparql) + "sparql12/manifest.ttl");
  REQUIRE(!top.includes().empty());
  Counts eval, syntax;
  for (const Term& inc : top.includes()) run_manifest(inc.value, eval, syntax);
  report("sparql12", "eval", eval);
  report("sparql12", "syntax", syntax);
}
