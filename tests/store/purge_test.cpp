// WriteTxn::purge: the facts a graph or entity selector picks vanish from every index (each
// pattern shape, the time index, AS OF views), the statistics follow, the log records the
// purge with its reason, and every other fact stays.
#include <catch2/catch.hpp>
#include <string>

#include "../support/temp_dir.hpp"
#include "annals/store.hpp"
#include "annals/scan_tuning.hpp"

namespace {

using namespace annals;

struct Ids {
  TermId a, b, c, x, y, p, q, d, g;
};

ValidTime years(const char* from, const char* to) {
  return ValidTime{parse_date_bound(from), parse_date_bound(to)};
}

// tx 1: five facts (two in graph g, three in the default graph; the two of predicate d dated);
// tx 2 retracts (a q c g), tx 3 asserts it again: that fact then has two versions.
Ids fill(Store& store) {
  Ids i{};
  {
    auto w = store.write();
    REQUIRE(w.is_ok());
    auto id = [&](const char* n) { return *w->intern(Term::iri(std::string("http://x/") + n)); };
    i = Ids{id("a"), id("b"), id("c"), id("x"), id("y"), id("p"), id("q"), id("d"), id("g")};
    REQUIRE(*w->assert_fact(i.a, i.d, i.b, i.g, years("2020", "2021")));
    REQUIRE(*w->assert_fact(i.a, i.q, i.c, i.g));
    REQUIRE(*w->assert_fact(i.x, i.d, i.y, kDefaultGraph, years("2020", "2021")));
    REQUIRE(*w->assert_fact(i.b, i.p, i.a, kDefaultGraph));
    REQUIRE(*w->assert_fact(i.a, i.p, i.a, kDefaultGraph));
    REQUIRE(w->commit("one").is_ok());
  }
  for (bool assert : {false, true}) {
    auto w2 = store.write();
    REQUIRE(w2.is_ok());
    auto r =
        assert ? w2->assert_fact(i.a, i.q, i.c, i.g) : w2->retract_fact(i.a, i.q, i.c, i.g, {});
    REQUIRE(*r);
    REQUIRE(w2->commit(assert ? "three" : "two").is_ok());
  }
  return i;
}

using Id = std::optional<TermId>;
Pattern pat(Id s, Id p = {}, Id o = {}, Id g = {}) {
  Pattern x;
  x.s = s, x.p = p, x.o = o, x.g = g;
  return x;
}

// The rows of a scan; *by_time says whether it read the time index.
std::size_t count(const ReadTxn& r, const Pattern& pat, const TimeScope& time = {},
                  const ScanTuning& tuning = {}, bool* by_time = nullptr) {
  auto cur = tuned_scan(r, pat, time, {}, tuning);
  REQUIRE(cur.is_ok());
  if (by_time) *by_time = uses_time_index(*cur);
  std::size_t n = 0;
  for (; cur->valid(); cur->next()) ++n;
  REQUIRE(cur->status().is_ok());
  return n;
}

// The facts a selector picks, at an as-of: those of graph e, or with e as subject or object.
std::size_t seen(const ReadTxn& r, TermId e, bool graph, std::optional<TxNumber> as_of = {}) {
  TimeScope t;
  t.as_of = as_of;
  if (graph) return count(r, pat({}, {}, {}, e), t);
  return count(r, pat(e), t) + count(r, pat({}, {}, e), t);
}

PurgeResult purge(Store& store, PurgeSelector::Kind kind, const std::string& iri,
                  bool dry_run = false) {
  auto w = store.write();
  REQUIRE(w.is_ok());
  auto r = w->purge(PurgeSelector{kind, Term::iri(iri)}, "court order 17", dry_run);
  REQUIRE(r.is_ok());
  return *r;
}

// Facts of predicate p in 2019..2022, read from the time index.
std::size_t by_time(const ReadTxn& r, TermId p) {
  TimeScope t;
  t.valid = years("2019", "2022");
  ScanTuning o;
  o.time_index = true;
  bool used = false;
  std::size_t n = count(r, pat({}, p), t, o, &used);
  CHECK(used);
  return n;
}

}  // namespace

TEST_CASE("purge of a graph erases its facts from every index and all time", "[purge]") {
  annals::testing::TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  Ids i = fill(*store);
  REQUIRE(by_time(*store->read(), i.d) == 2);

  auto res = purge(*store, PurgeSelector::Kind::kGraph, "http://x/g");
  CHECK(res.counts.facts == 2);
  CHECK(res.counts.versions == 3);
  CHECK(res.counts.current == 2);
  CHECK(res.counts.quads == 2);
  CHECK(res.record.number == 4);

  auto r = store->read();
  REQUIRE(r.is_ok());
  for (TxNumber t = 1; t <= 4; ++t) CHECK(seen(*r, i.g, true, t) == 0);
  CHECK(count(*r, pat({}, i.q)) == 0);
  CHECK(count(*r, pat(i.a, i.q, i.c, i.g)) == 0);  // spog
  CHECK(count(*r, pat({}, i.d, {}, i.g)) == 0);    // gpos
  CHECK(count(*r, pat({}, {}, i.b, i.g)) == 0);    // gosp
  CHECK(count(*r, pat({}, {}, i.c)) == 0);
  CHECK(by_time(*r, i.d) == 1);
  CHECK(count(*r, Pattern{}) == 3);  // the default graph's facts stay

  auto st = r->stats(false);
  REQUIRE(st.is_ok());
  CHECK(st->facts == 3);
  CHECK(st->quads == 3);
  CHECK(st->graphs == 0);
  CHECK(st->predicates == 2);
  CHECK(st->transactions == 4);

  auto log = r->log();
  REQUIRE(log.is_ok());
  REQUIRE(log->size() == 4);
  CHECK(log->back().description ==
        "purge graph <http://x/g>: erased 2 facts (3 versions, 2 current) of 2 quads; "
        "reason: court order 17");
  CHECK(log->back().facts_added == 0);
  CHECK(log->back().facts_retracted == 0);
}

TEST_CASE("purge of an entity erases it as subject and object, in every graph", "[purge]") {
  annals::testing::TempDir dir;
  Ids i{};
  {
    auto store = Store::open(dir / "s");
    REQUIRE(store.is_ok());
    i = fill(*store);
    auto res = purge(*store, PurgeSelector::Kind::kEntity, "http://x/a");
    CHECK(res.counts.facts == 4);  // (a p a) once, though it has a at both ends
    CHECK(res.counts.versions == 5);
    CHECK(res.counts.current == 4);
    CHECK(res.counts.quads == 4);
  }
  // What the purge wrote is all on disk once it returns: a reopened store agrees.
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  auto r = store->read();
  REQUIRE(r.is_ok());
  for (TxNumber t = 1; t <= 4; ++t) CHECK(seen(*r, i.a, false, t) == 0);
  CHECK(count(*r, pat({}, i.p, i.a)) == 0);
  CHECK(count(*r, pat({}, {}, i.a, kDefaultGraph)) == 0);
  CHECK(count(*r, pat(i.a, {}, {}, i.g)) == 0);
  CHECK(count(*r, Pattern{}) == 1);
  CHECK(by_time(*r, i.d) == 1);
  auto st = r->stats(false);
  REQUIRE(st.is_ok());
  CHECK(st->facts == 1);
  CHECK(st->quads == 1);
  for (const auto& ps : st->by_predicate) CHECK(ps.facts == (ps.predicate == i.d ? 1u : 0u));
}

TEST_CASE("a dry purge counts and changes nothing; a purge stands alone", "[purge]") {
  annals::testing::TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  Ids i = fill(*store);
  auto dry = purge(*store, PurgeSelector::Kind::kEntity, "http://x/a", true);
  CHECK(dry.counts.facts == 4);
  CHECK(dry.record.number == 0);
  auto r = store->read();
  CHECK(count(*r, Pattern{}) == 5);
  CHECK(r->log()->size() == 3);

  // Nothing matched: still one logged transaction, never silent.
  auto none = purge(*store, PurgeSelector::Kind::kGraph, "http://x/unknown");
  CHECK(none.counts.facts == 0);
  CHECK(none.record.number == 4);

  auto w = store->write();
  REQUIRE(w.is_ok());
  REQUIRE(*w->assert_fact(i.y, i.p, i.x, kDefaultGraph));
  auto mixed = w->purge(PurgeSelector{PurgeSelector::Kind::kGraph, Term::iri("http://x/g")}, "r");
  CHECK(mixed.status().code() == StatusCode::kFailed);
  w->rollback();
  CHECK(count(*store->read(), pat({}, {}, {}, i.g)) == 2);
}
