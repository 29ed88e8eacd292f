// CONSTRUCT and DESCRIBE graphs: each triple once (duplicates found on term ids, whether a
// term came from the store or was computed), template blank nodes new in every solution but
// shared within one, and a DESCRIBE of a resource with many triples giving each once.
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <set>

#include "../support/temp_dir.hpp"
#include "annals/query.hpp"
#include "annals/store.hpp"

namespace {

using annals::testing::TempDir;
using namespace annals;

const std::string kEx = "http://example.org/";
constexpr int kItems = 3000;

// :hub :has :i0 ... :i{kItems-1}, each item with a :size i % 7, all in the default graph;
// :hub :name "Hub" in two named graphs as well; :hub :part a blank node with two triples.
void fill(Store& store) {
  auto w = store.write();
  REQUIRE(w.is_ok());
  auto iri = [&](const std::string& s) { return *w->intern(Term::iri(kEx + s)); };
  const TermId hub = iri("hub"), has = iri("has"), size = iri("size"), name = iri("name"),
               part = iri("part");
  for (int i = 0; i < kItems; ++i) {
    TermId item = iri("i" + std::to_string(i));
    REQUIRE(w->add_fact(hub, has, item, kDefaultGraph).is_ok());
    TermId n = *w->intern(Term::literal(std::to_string(i % 7), std::string(kXsdInteger)));
    REQUIRE(w->add_fact(item, size, n, kDefaultGraph).is_ok());
  }
  TermId label = *w->intern(Term::literal("Hub"));
  REQUIRE(w->add_fact(hub, name, label, iri("g1")).is_ok());
  REQUIRE(w->add_fact(hub, name, label, iri("g2")).is_ok());
  TermId b = *w->intern(Term::blank("part1"));
  REQUIRE(w->add_fact(hub, part, b, kDefaultGraph).is_ok());
  REQUIRE(w->add_fact(b, name, *w->intern(Term::literal("Engine")), kDefaultGraph).is_ok());
  REQUIRE(
      w->add_fact(b, size, *w->intern(Term::literal("3", std::string(kXsdInteger))), kDefaultGraph)
          .is_ok());
  REQUIRE(w->commit("generated").is_ok());
}

// A store filled as above, read on one snapshot.
struct Hub {
  Hub() {
    auto opened = Store::open(dir / "s");
    REQUIRE(opened.is_ok());
    store.emplace(std::move(*opened));
    fill(*store);
    auto read = store->read();
    REQUIRE(read.is_ok());
    snapshot.emplace(std::move(*read));
  }
  const ReadTxn& txn() const { return *snapshot; }
  TempDir dir;
  std::optional<Store> store;
  std::optional<ReadTxn> snapshot;
};

std::vector<Triple> graph_of(const ReadTxn& txn, const std::string& text) {
  QueryOptions o;
  o.union_default_graph = true;
  auto s = run_query(txn, "PREFIX : <" + kEx + ">\n" + text, o);
  INFO(text << "\n" << s.status().to_string());
  REQUIRE(s.is_ok());
  std::vector<Triple> out;
  Triple t;
  for (;;) {
    auto more = s->next(t);
    INFO(more.status().to_string());
    REQUIRE(more.is_ok());
    if (!*more) break;
    out.push_back(t);
  }
  return out;
}

std::set<std::string> lines_of(const std::vector<Triple>& g) {
  std::set<std::string> out;
  for (const Triple& t : g)
    out.insert(to_ntriples(t.subject) + " " + to_ntriples(t.predicate) + " " +
               to_ntriples(t.object));
  return out;
}

}  // namespace

TEST_CASE_METHOD(Hub, "CONSTRUCT gives each triple once", "[exec][construct]") {
  // 3001 solutions, 7 distinct triples (the part's size 3 is the same literal as i3's).
  auto g = graph_of(txn(), "CONSTRUCT { :sizes :include ?n } WHERE { ?i :size ?n }");
  CHECK(g.size() == 7);
  CHECK(lines_of(g).size() == g.size());
  // A computed term equal to a stored one is the same term: one triple, not two.
  g = graph_of(
      txn(),
      "CONSTRUCT { :hub :label ?l } WHERE { { :hub :name ?l } UNION { BIND(\"Hub\" AS ?l) } "
      "UNION { BIND(CONCAT(\"H\", \"ub\") AS ?l) } }");
  CHECK(g.size() == 1);
  // Several graphs of the union default graph holding the same triple: once.
  g = graph_of(txn(), "CONSTRUCT WHERE { :hub :name ?l }");
  CHECK(g.size() == 1);
}

TEST_CASE_METHOD(Hub, "CONSTRUCT makes new blank nodes per solution, shared within one",
                 "[exec][construct]") {
  // The template repeats a triple: within a solution it comes once.
  auto g = graph_of(txn(),
                    "CONSTRUCT { _:b :of ?i . _:b :of ?i . _:b :size ?n . _:c :about _:b } "
                    "WHERE { ?i :size ?n FILTER(?n = 0) }");
  // Items 0, 7, 14, ...: ceil(3000 / 7) = 429 solutions, three triples each.
  const std::size_t solutions = (kItems + 6) / 7;
  REQUIRE(g.size() == 3 * solutions);
  std::set<std::string> bs, cs;
  for (const Triple& t : g) {
    REQUIRE(t.subject.is_blank());
    if (t.predicate.value == kEx + "about") {
      cs.insert(t.subject.value);
      REQUIRE(t.object.is_blank());
      bs.insert(t.object.value);
    }
  }
  CHECK(bs.size() == solutions);
  CHECK(cs.size() == solutions);
  for (const auto& c : cs) CHECK(bs.count(c) == 0);
  // Each :about points at the _:b that holds that solution's :of and :size.
  std::map<std::string, int> per_b;
  for (const Triple& t : g)
    if (t.predicate.value != kEx + "about") ++per_b[t.subject.value];
  CHECK(per_b.size() == solutions);
  for (const auto& [b, n] : per_b) CHECK(n == 2);
  // The same triple from two solutions without blank nodes still comes once; with a
  // triple term holding a template blank node, once per solution.
  g = graph_of(txn(), "CONSTRUCT { :x :y <<( _:t :size ?n )>> } WHERE { ?i :size ?n }");
  CHECK(g.size() == static_cast<std::size_t>(kItems) + 1);
  g = graph_of(txn(), "CONSTRUCT { :x :y <<( :t :size ?n )>> } WHERE { ?i :size ?n }");
  CHECK(g.size() == 7);
}

TEST_CASE_METHOD(Hub, "DESCRIBE gives a large description once per triple", "[exec][construct]") {
  // The hub: kItems :has, its name (in two graphs: once), its part and the part's two.
  auto g = graph_of(txn(), "DESCRIBE :hub");
  CHECK(g.size() == static_cast<std::size_t>(kItems) + 1 + 1 + 2);
  CHECK(lines_of(g).size() == g.size());
  // Described twice (named, and as a variable's value): still once.
  g = graph_of(txn(), "DESCRIBE :hub ?h WHERE { ?h :has :i1 }");
  CHECK(g.size() == static_cast<std::size_t>(kItems) + 4);
  // Many resources at once.
  g = graph_of(txn(), "DESCRIBE ?i WHERE { :hub :has ?i }");
  CHECK(g.size() == static_cast<std::size_t>(kItems));
}

TEST_CASE("each result form is read through its own call; another call refuses at once",
          "[construct]") {
  Hub hub;
  std::vector<std::optional<Term>> row;
  Triple t;
  // An ASK read as triples would otherwise walk all 3000 solutions of its pattern.
  auto ask = run_query(hub.txn(), "ASK { ?s ?p ?o }", QueryOptions{});
  REQUIRE(ask.is_ok());
  CHECK(ask->next(t).status().code() == StatusCode::kNotSupported);
  CHECK(ask->next(row).status().code() == StatusCode::kNotSupported);
  CHECK(ask->boolean().value());
  auto select = run_query(hub.txn(), "SELECT * { ?s ?p ?o }", QueryOptions{});
  REQUIRE(select.is_ok());
  CHECK(select->boolean().status().code() == StatusCode::kNotSupported);
  CHECK(select->next(t).status().code() == StatusCode::kNotSupported);
  CHECK(select->next(row).value());
  auto construct = run_query(hub.txn(), "CONSTRUCT WHERE { ?s ?p ?o }", QueryOptions{});
  REQUIRE(construct.is_ok());
  CHECK(construct->next(row).status().code() == StatusCode::kNotSupported);
  CHECK(construct->boolean().status().code() == StatusCode::kNotSupported);
  CHECK(construct->next(t).value());
}
