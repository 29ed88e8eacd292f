// W3C SPARQL conformance, evaluation: every mf:QueryEvaluationTest (and
// mf:CSVResultFormatTest) of the SPARQL 1.0, 1.1 and 1.2 query suites runs against a fresh
// store holding its data, and its results must match the expected ones (result sets up to
// blank node renaming, in order for the ORDER BY keys; graphs up to isomorphism). The result
// format tests (csv-tsv-res, json-res) also go through our result writers. Numeric
// literals compare by value within their datatype, as the reference runners do: the
// expected files write e.g. "3"^^xsd:decimal where a query computes the canonical "3.0".
// One line per suite with its counts; every test must pass unless in kKnownFailures.
// ANNALS_W3C_VERBOSE=1 prints every failure, approved or not, with what differs.
//
// The dataset of a test: qt:data files in the default graph (TriG/N-Quads data keep their
// named graphs), each qt:graphData file as the named graph named by its IRI, and every file
// the query names with FROM / FROM NAMED as the named graph of that IRI, so the query's own
// dataset clause picks them out of the store (SPARQL 1.1 §13.2).
//
// Not run, counted as skipped with the reason: sparql11/entailment (entailment regimes are
// not supported) and sparql11/service (SERVICE needs the network). DESCRIBE results are
// implementation-defined (SPARQL 1.1 §16.4): a DESCRIBE test passes when the query runs.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/isomorphism.hpp"
#include "../support/result_compare.hpp"
#include "../support/sparql_results.hpp"
#include "../support/temp_dir.hpp"
#include "../support/w3c_manifest.hpp"
#include "../support/w3c_store.hpp"
#include "annals/query.hpp"
#include "annals/results.hpp"
#include "annals/store.hpp"
#include "ast/parsed_query.hpp"

namespace {

using annals::Quad;
using annals::Term;
using namespace annals::testing;  // the suites' support: manifests, readers, comparison

// The tests we fail, by folder and entry name ("sparql11/aggregates/agg01"), and why; none is
// approved. Every other test must pass, approved or not, and each of these must still fail, so
// that a change either way is noticed (tests/w3c/README.md).
const std::map<std::string, std::string> kKnownFailures = {
    {"sparql10/graph/graph-variable-scope",
     "inside GRAPH ?g { P } the scans bind ?g as they go, so a FILTER in P sees it (§18.6 "
     "evaluates P with ?g out of scope)"},
    {"sparql10/graph/graph-optional", "as graph-variable-scope, for an OPTIONAL inside GRAPH ?g"},
    {"sparql11/aggregates/agg-empty-group-count-graph",
     "a sub-SELECT with aggregates inside GRAPH ?g is evaluated once over all graphs, not once "
     "per named graph"},
    {"sparql12/expression/not-not",
     "SPARQL 1.2 (proposed) makes the effective boolean value of \"a\"@en and of an "
     "ill-formed boolean an error; we keep SPARQL 1.1 §17.2.2, which approved tests check"},
};

// What the query gave: a result set (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE).
struct Actual {
  ResultSet set;
  std::vector<Quad> graph;
};

Actual run_query(const annals::ReadTxn& txn, const annals::ParsedQuery& query) {
  annals::QueryOptions options;
  options.timeout = std::chrono::seconds(30);  // a runaway query fails its test, not the run
  options.union_default_graph = false;         // the standard's default graph
  auto solutions = check(annals::execute(txn, query, options));
  Actual out;
  switch (solutions.kind()) {
    case annals::QueryKind::kSelect: {
      out.set.variables = solutions.variables();
      std::vector<std::optional<Term>> row;
      while (check(solutions.next(row))) out.set.rows.push_back(row);
      break;
    }
    case annals::QueryKind::kAsk:
      out.set.is_boolean = true;
      out.set.boolean = check(solutions.boolean());
      break;
    default: {
      annals::Triple t;
      while (check(solutions.next(t)))
        out.graph.push_back(Quad{t.subject, t.predicate, t.object, {}});
    }
  }
  return out;
}

// The variables an ORDER BY condition sorts on.
void variables_of(const annals::query::ast::Expr& e, std::vector<std::string>& out) {
  if (e.kind == annals::query::ast::Expr::Kind::kNode && e.node.is_var()) out.push_back(e.node.var);
  for (const auto& a : e.args) variables_of(a, out);
}

// The results written by our writer in `format`, as text.
std::string written(const ResultSet& set, annals::ResultFormat format) {
  std::ostringstream out;
  auto writer = annals::make_result_writer(format, out);
  if (set.is_boolean) {
    writer->boolean(set.boolean);
  } else {
    writer->start(set.variables);
    for (const auto& row : set.rows) writer->row(row);
    writer->finish();
  }
  return out.str();
}

struct Test {
  std::string folder;  // "sparql11/json-res"
  std::string query, result;
  std::vector<Term> data, graph_data;
  bool lax_cardinality = false;  // mf:resultCardinality mf:LaxCardinality
};

// Runs one test; returns an empty string on a pass, else what went wrong.
std::string run_test(const Test& t) {
  annals::QueryParseOptions popts;
  popts.base = t.query;
  auto parsed = annals::parse_query(slurp(local_path(t.query)), popts);
  if (!parsed) return "the query does not parse: " + parsed.status().to_string();
  const auto& ast = annals::query::ast::syntax_tree(*parsed);

  annals::testing::TempDir dir;
  auto store = fresh_store(dir / "store");
  {
    auto txn = check(store.write());
    DataLoader loader(txn);
    for (const Term& d : t.data) loader.add(d.value, std::nullopt);
    std::set<std::string> named;
    for (const Term& g : t.graph_data) {
      if (!g.is_iri()) throw std::runtime_error("qt:graphData that is not an IRI");
      if (named.insert(g.value).second) loader.add(g.value, g);
    }
    for (const auto* list : {&ast.from, &ast.from_named}) {
      for (const Term& g : *list) {
        if (!g.value.starts_with(annals::testing::kPublishedSparql) ||
            !std::filesystem::exists(local_path(g.value)) || !named.insert(g.value).second) {
          continue;
        }
        loader.add(g.value, g);
      }
    }
    check(txn.commit("w3c test data"));
  }
  auto read = check(store.read());
  Actual actual = run_query(read, *parsed);

  const std::string ext = extension(t.result);
  if (parsed->kind() == annals::QueryKind::kDescribe) return "";  // implementation-defined
  if (parsed->kind() == annals::QueryKind::kConstruct) {
    return annals::testing::Isomorphism::compare(read_rdf_file(t.result), actual.graph);
  }
  const std::string expected_text = slurp(local_path(t.result));
  if (ext == "csv") {
    std::string ours = written(actual.set, annals::ResultFormat::kCsv);
    if (annals::testing::normalize_csv(expected_text) == annals::testing::normalize_csv(ours)) {
      return "";
    }
    return "CSV differs; expected:\n" + expected_text + "\ngot:\n" + ours;
  }
  annals::testing::CompareOptions copts;
  for (const auto& o : ast.order_by) variables_of(o.expr, copts.order_keys);
  ResultSet expected;
  if (ext == "srx") {
    expected = annals::testing::SrxReader::read(expected_text);
  } else if (ext == "srj") {
    expected = annals::testing::SrjReader::read(expected_text);
    if (t.folder.ends_with("json-res")) {  // through our JSON writer
      actual.set =
          annals::testing::SrjReader::read(written(actual.set, annals::ResultFormat::kJson));
    }
  } else if (ext == "tsv") {
    expected = annals::testing::TsvReader::read(expected_text);
    actual.set = annals::testing::TsvReader::read(written(actual.set, annals::ResultFormat::kTsv));
  } else {
    expected = annals::testing::result_set_from_graph(read_rdf_file(t.result));
  }
  copts.ordered = !ast.order_by.empty() && expected.ordered;
  copts.numbers_by_value = true;
  copts.lax_cardinality = t.lax_cardinality;
  return annals::testing::ResultCompare::compare(expected, actual.set, copts);
}

struct Counts {
  int passed = 0, failed = 0, skipped = 0, known = 0;
  std::map<std::string, int> skip_reasons;
};

bool verbose() { return std::getenv("ANNALS_W3C_VERBOSE") != nullptr; }

Test read_test(const Manifest& m, const Term& e, const std::string& folder) {
  const Term action = m.first(e, std::string(kMf) + "action");
  Test t{folder, m.first(action, std::string(kQt) + "query").value, m.result(e),
         m.all(action, std::string(kQt) + "data"), m.all(action, std::string(kQt) + "graphData")};
  const std::string cardinality = m.first(e, std::string(kMf) + "resultCardinality").value;
  t.lax_cardinality = after_hash(cardinality) == "LaxCardinality";
  return t;
}

// Runs (or, with a skip reason, counts as skipped) the evaluation tests of one manifest.
void run_manifest(const std::string& manifest_iri, Counts& c, const std::string& skip_reason = "") {
  const std::string published(annals::testing::kPublishedSparql);
  const std::string folder =
      manifest_iri.substr(published.size(), manifest_iri.rfind('/') - published.size());
  Manifest m(manifest_iri);
  for (const Term& e : m.entries()) {
    std::string type = after_hash(m.type(e));
    if (type != "QueryEvaluationTest" && type != "CSVResultFormatTest") continue;
    if (!skip_reason.empty()) {
      ++c.skipped;
      c.skip_reasons[skip_reason]++;
      continue;
    }
    std::string approval = after_hash(m.first(e, std::string(kDawgt) + "approval").value);
    if (approval.empty()) approval = "no status";
    std::string name = folder + "/" + after_hash(e.value);
    for (const Term& r : m.all(e, std::string(kMf) + "requires")) {
      name +=
          (name.find(" requires") == std::string::npos ? " requires " : ", ") + after_hash(r.value);
    }
    const Test t = read_test(m, e, folder);
    std::string problem;
    try {
      problem = run_test(t);
    } catch (const std::exception& ex) {
      problem = ex.what();
    }
    auto known = kKnownFailures.find(name.substr(0, name.find(' ')));
    INFO(name << " (" << approval << ")");
    if (known != kKnownFailures.end()) {
      INFO("listed as a known failure (" << known->second
                                         << ") but it passes: take it off the list");
      CHECK(problem != "");
      ++c.known;
      continue;
    }
    if (problem.empty()) {
      ++c.passed;
      continue;
    }
    ++c.failed;
    if (verbose()) std::cout << "FAIL " << name << " (" << approval << "): " << problem << "\n";
    INFO(problem);
    CHECK(problem == "");
  }
}

void report(const std::string& suite, const Counts& c) {
  std::ostringstream line;
  line << "w3c " << suite << " query eval: " << c.passed << " passed, " << c.failed
       << " failed";
  if (c.known) line << ", " << c.known << " known failures";
  line << ", " << c.skipped << " skipped";
  for (const auto& [reason, n] : c.skip_reasons) line << "; " << n << ": " << reason;
  annals::testing::report_counts(line.str());
}

// Every manifest an aggregate manifest includes.
void run_included(const std::string& top, Counts& c) {
  Manifest m(std::string(annals::testing::kPublishedSparql) + top);
  REQUIRE(!m.includes().empty());
  for (const Term& inc : m.includes()) run_manifest(inc.value, c);
}

}  // namespace

TEST_CASE("W3C SPARQL 1.0 query evaluation", "[w3c][sparql][eval]") {
  Counts c;
  run_included("sparql10/manifest.ttl", c);
  report("sparql10", c);
}

TEST_CASE("W3C SPARQL 1.1 query evaluation", "[w3c][sparql][eval]") {
  const std::string at = std::string(annals::testing::kPublishedSparql) + "sparql11/";
  Counts c;
  run_included("sparql11/manifest-sparql11-query.ttl", c);
  run_manifest(at + "json-res/manifest.ttl", c);
  run_manifest(at + "csv-tsv-res/manifest.ttl", c);
  run_manifest(at + "entailment/manifest.ttl", c, "entailment regimes are not supported");
  run_manifest(at + "service/manifest.ttl", c, "SERVICE needs the network");
  report("sparql11", c);
}

TEST_CASE("W3C SPARQL 1.2 query evaluation", "[w3c][sparql][eval]") {
  Counts c;
  run_included("sparql12/manifest.ttl", c);
  report("sparql12", c);
}
