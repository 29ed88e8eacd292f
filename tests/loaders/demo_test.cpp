// The demo graph (shell/demo/demo.trig): it parses, has a named graph per source with the
// source's publication date in the default graph, and names the article's actors.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "annals/rdf.hpp"

using namespace annals;

namespace {

const std::string kDemo = "https://annals.dev/demo/";
const std::string kXsdNs = "http://www.w3.org/2001/XMLSchema#";
const std::string kLabel = "http://www.w3.org/2000/01/rdf-schema#label";

std::vector<Quad> demo_quads() {
  auto in = Input::open(ANNALS_DEMO_TRIG);
  REQUIRE(in);
  std::vector<Quad> quads;
  Status st = parse_rdf(*in, ParseOptions(RdfFormat::kTriG), [&](const Quad& q) {
    quads.push_back(q);
    return Status::ok();
  });
  INFO(st.to_string());
  REQUIRE(st);
  return quads;
}

}  // namespace

TEST_CASE("demo graph: a named graph per source, each dated in the default graph", "[demo]") {
  auto quads = demo_quads();
  std::set<std::string> graphs;
  std::map<std::string, std::string> published;  // graph -> datatype of its date
  for (const auto& q : quads) {
    if (!q.graph.is_default_graph()) graphs.insert(q.graph.value);
    if (q.graph.is_default_graph() && q.predicate.value == kDemo + "publishedOn") {
      published[q.subject.value] = q.object.datatype;
    }
  }
  CHECK(graphs.size() >= 10);
  for (const auto& g : graphs) {
    INFO(g);
    REQUIRE(published.contains(g));
    const auto& dt = published[g];
    CHECK((dt == kXsdNs + "date" || dt == kXsdNs + "gYearMonth" || dt == kXsdNs + "gYear"));
  }
  CHECK(published[kDemo + "src/dw-2025-08-14"] == kXsdNs + "date");
}

TEST_CASE("demo graph: the article's actors and people have labels", "[demo]") {
  auto quads = demo_quads();
  std::set<std::string> labelled;
  for (const auto& q : quads) {
    if (q.predicate.value == kLabel) labelled.insert(q.subject.value);
  }
  for (const char* name :
       {"TTP", "ISKP", "BalochLiberationArmy", "HafizGulBahadurGroup", "Taliban",
        "AlQaidaAffiliates", "Pakistan", "Afghanistan", "China", "Russia", "UN", "PIPS",
        "SafdarSial", "TahirKhan", "HazratAli", "IshaqDar", "MohsinNaqvi"}) {
    INFO(name);
    CHECK(labelled.contains(kDemo + name));
  }
}

TEST_CASE("demo graph: dates are annals annotations of the contract's datatypes", "[demo]") {
  auto quads = demo_quads();
  const std::set<std::string> kTimes = {"https://annals.dev/ns#validIn",
                                        "https://annals.dev/ns#validFrom",
                                        "https://annals.dev/ns#validTo"};
  int dated = 0;
  for (const auto& q : quads) {
    if (!kTimes.contains(q.predicate.value)) continue;
    ++dated;
    INFO(q.object.value);
    CHECK(q.object.kind == TermKind::kLiteral);
    const auto& dt = q.object.datatype;
    CHECK((dt == kXsdNs + "date" || dt == kXsdNs + "gYearMonth" || dt == kXsdNs + "gYear"));
  }
  CHECK(dated >= 30);
}
