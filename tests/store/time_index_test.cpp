// The time index: window reads through it give exactly what the filtered quad-index scan
// gives, on random dated data (closed intervals of every length and precision, open start,
// open end, undated facts, retractions, AS OF), and the store uses it only when it serves
// the whole answer.
#include <catch2/catch.hpp>
#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

#include "annals/store.hpp"
#include "annals/scan_tuning.hpp"
#include "index/keys.hpp"
#include "index/time_window.hpp"
#include "../support/temp_dir.hpp"

using namespace annals;
using annals::testing::TempDir;

namespace {

using Row = std::tuple<TermId, TermId, TermId, TermId, std::uint32_t, std::uint32_t, TxNumber,
                       TxNumber, FactId>;

std::vector<Row> rows_of(const ReadTxn& r, const Pattern& pat, const TimeScope& time,
                         ScanOptions options, ScanTuning tuning = {}, bool* by_time = nullptr) {
  auto c = tuned_scan(r, pat, time, options, tuning);
  REQUIRE(c);
  if (by_time) *by_time = uses_time_index(*c);
  std::vector<Row> out;
  for (; c->valid(); c->next()) {
    const FactRow& f = c->row();
    out.emplace_back(f.s, f.p, f.o, f.g, store::encode_from(f.valid.from),
                     store::encode_to(f.valid.to), f.tx.from, f.tx.to, f.id);
  }
  REQUIRE(c->status().is_ok());
  std::sort(out.begin(), out.end());
  return out;
}

// A random bound in 1995..2025 at a random precision.
DateBound random_bound(std::mt19937& rng) {
  auto year = static_cast<std::int64_t>(1995 + rng() % 31);
  auto month = static_cast<unsigned>(1 + rng() % 12);
  auto d = static_cast<unsigned>(1 + rng() % 28);
  switch (rng() % 3) {
    case 0:
      return {days_from_civil(year, 1, 1), Precision::kYear};
    case 1:
      return {days_from_civil(year, month, 1), Precision::kMonth};
    default:
      return {days_from_civil(year, month, d), Precision::kDay};
  }
}

// An end some periods of the start's precision after it (from one to a few hundred days).
DateBound random_end(std::mt19937& rng, DateBound from) {
  DateBound to = from;
  const unsigned periods = 1 + rng() % (from.precision == Precision::kDay ? 400 : 6);
  for (unsigned i = 0; i < periods; ++i) to = end_of_period(to);
  return to;
}

// Valid times of every kind; `undated` of them in a hundred valid at all times.
ValidTime random_valid(std::mt19937& rng, unsigned undated) {
  const unsigned k = rng() % 100;
  if (k < undated) return {};
  DateBound from = random_bound(rng);
  if (k < undated + 10) return {std::nullopt, from};  // open start
  if (k < undated + 20) return {from, std::nullopt};  // open end
  return {from, random_end(rng, from)};
}

TimeScope random_window(std::mt19937& rng) {
  DateBound from = random_bound(rng);
  DateBound last = rng() % 2 ? from : random_end(rng, from);
  return TimeScope{ValidTime::during(from, last), std::nullopt};
}

struct Ids {
  std::vector<TermId> entities, graphs;
  TermId dated = 0, mixed = 0, later = 0;  // predicates
};

Ids make_ids(WriteTxn& w) {
  Ids ids;
  for (int i = 0; i < 40; ++i) ids.entities.push_back(*w.intern(Term::iri("http://ex/e" + std::to_string(i))));
  ids.graphs = {kDefaultGraph, ids.entities[0], ids.entities[1]};
  ids.dated = *w.intern(Term::iri("http://ex/dated"));
  ids.mixed = *w.intern(Term::iri("http://ex/mixed"));
  ids.later = *w.intern(Term::iri("http://ex/later"));
  return ids;
}

// Adds n facts of predicate p: the same quads recur with other intervals.
void add_facts(WriteTxn& w, const Ids& ids, TermId p, int n, unsigned undated, std::mt19937& rng) {
  for (int i = 0; i < n; ++i) {
    TermId s = ids.entities[rng() % 12], o = ids.entities[rng() % 12], g = ids.graphs[rng() % 3];
    REQUIRE(w.add_fact(s, p, o, g, random_valid(rng, undated)));
  }
}

Store open_store(const TempDir& dir) {
  auto st = Store::open(dir / "s");
  REQUIRE(st);
  return std::move(*st);
}

// The first transaction of a store: the ids, then each part's facts.
struct Part {
  TermId Ids::*predicate;
  int facts;
  unsigned undated;  // in a hundred
};
Ids first_load(Store& st, std::mt19937& rng, std::initializer_list<Part> parts) {
  auto w = st.write();
  REQUIRE(w);
  Ids ids = make_ids(*w);
  for (const Part& part : parts) add_facts(*w, ids, ids.*part.predicate, part.facts, part.undated, rng);
  REQUIRE(w->commit("load"));
  return ids;
}

// Compares a time index read with the quad-index scan for windows and the options that
// matter, and checks whether the store took the time index.
void compare_windows(const ReadTxn& r, const Ids& ids, TermId p, std::optional<TxNumber> as_of,
                     bool expect_time_index, std::mt19937& rng) {
  for (int i = 0; i < 30; ++i) {
    TimeScope time = random_window(rng);
    time.as_of = as_of;
    Pattern pat;
    pat.p = p;
    if (i % 3 == 0) pat.g = ids.graphs[static_cast<std::size_t>(i) % 3];
    for (bool distinct : {false, true}) {
      ScanOptions plain;
      plain.distinct_quads = distinct;
      plain.fact_ids = !distinct;
      ScanTuning timed;
      timed.time_index = true;
      bool by_time = false;
      auto expect = rows_of(r, pat, time, plain);
      auto got = rows_of(r, pat, time, plain, timed, &by_time);
      CHECK(by_time == expect_time_index);
      if (!distinct) {
        CHECK(got == expect);
        continue;
      }
      // One row per quad either way, though which of its facts comes first may differ.
      auto quads = [](const std::vector<Row>& rows) {
        std::vector<std::array<TermId, 4>> q;
        for (const Row& x : rows) q.push_back({std::get<0>(x), std::get<1>(x), std::get<2>(x), std::get<3>(x)});
        std::sort(q.begin(), q.end());
        return q;
      };
      CHECK(quads(got) == quads(expect));
    }
  }
}

}  // namespace

TEST_CASE("duration classes grow with the interval's length", "[timeindex]") {
  using store::duration_class;
  using store::encode_from;
  using store::encode_to;
  auto cls = [](const char* a, const char* b) {
    return duration_class(encode_from(parse_date_bound(a)), encode_to(parse_date_bound(b)));
  };
  CHECK(cls("2025-04-01", "2025-04-02") == 0);
  CHECK(cls("2025-04-01", "2025-04-03") == 1);
  CHECK(cls("2025-04", "2025-05") == 5);
  CHECK(cls("2024", "2025") == 9);
  CHECK(cls("1995", "2025") == 14);
  CHECK(duration_class(store::kOpenFrom, encode_to(parse_date_bound("2025"))) == store::kClassOpenStart);
  CHECK(duration_class(encode_from(parse_date_bound("2025")), store::kOpenTo) == store::kClassOpenEnd);
}

TEST_CASE("a window read visits the classes in key order", "[timeindex]") {
  auto ranges = store::time_ranges(7, 100, 130);
  REQUIRE(ranges.size() == 33);
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    CHECK(ranges[i].lower < ranges[i].upper);
    if (i > 0) CHECK(ranges[i - 1].upper <= ranges[i].lower);
  }
}

TEST_CASE("time index reads match filtered scans on random data", "[timeindex]") {
  TempDir dir;
  Store st = open_store(dir);
  std::mt19937 rng(7);
  // Past 20,000 facts the commit writes sorted runs; the small transactions of the next
  // test go through a WriteBatch: both write the time index.
  const Ids ids = first_load(st, rng, {{&Ids::dated, 21000, 0}, {&Ids::mixed, 3000, 10}});
  auto r = st.read();
  REQUIRE(r);
  compare_windows(*r, ids, ids.dated, std::nullopt, true, rng);
  compare_windows(*r, ids, ids.mixed, std::nullopt, false, rng);
  auto stats = r->stats(false);
  REQUIRE(stats);
  for (const auto& p : stats->by_predicate) CHECK((p.undated > 0) == (p.predicate == ids.mixed));
}

TEST_CASE("time index reads follow retractions, AS OF and undated facts", "[timeindex]") {
  TempDir dir;
  Store st = open_store(dir);
  std::mt19937 rng(11);
  const Ids ids = first_load(st, rng, {{&Ids::later, 500, 0}});
  std::vector<FactRow> retracted;
  {  // tx2: retract a third of them, assert others
    auto r = st.read();
    REQUIRE(r);
    Pattern pat;
    pat.p = ids.later;
    auto c = r->scan(pat);
    REQUIRE(c);
    for (int i = 0; c->valid(); c->next(), ++i)
      if (i % 3 == 0) retracted.push_back(c->row());
    auto w = st.write();
    REQUIRE(w);
    for (const FactRow& f : retracted) REQUIRE(*w->retract_fact(f.s, f.p, f.o, f.g, f.valid));
    add_facts(*w, ids, ids.later, 200, 0, rng);
    REQUIRE(w->commit("tx2"));
  }
  const TermId e = ids.entities[3];
  for (int tx = 3; tx <= 4; ++tx) {  // tx3 asserts an undated fact, tx4 retracts it
    auto w = st.write();
    REQUIRE(w);
    auto changed = tx == 3 ? w->assert_fact(e, ids.later, e, kDefaultGraph)
                           : w->retract_fact(e, ids.later, e, kDefaultGraph, {});
    REQUIRE(changed);
    REQUIRE(*changed);
    REQUIRE(w->commit("tx" + std::to_string(tx)));
  }
  auto r = st.read();
  REQUIRE(r);
  REQUIRE(r->committed() == 4);
  // Before tx4 the predicate had an undated fact at some point since tx3; the count of
  // undated facts says nothing of earlier transactions, so those read the quad index.
  compare_windows(*r, ids, ids.later, std::nullopt, true, rng);
  compare_windows(*r, ids, ids.later, TxNumber{4}, true, rng);
  compare_windows(*r, ids, ids.later, TxNumber{3}, false, rng);
  compare_windows(*r, ids, ids.later, TxNumber{2}, false, rng);
  compare_windows(*r, ids, ids.later, TxNumber{1}, false, rng);
}

TEST_CASE("a time index read serves only its shape and cannot seek", "[timeindex]") {
  TempDir dir;
  Store st = open_store(dir);
  std::mt19937 rng(3);
  const Ids ids = first_load(st, rng, {{&Ids::dated, 100, 0}});
  auto r = st.read();
  REQUIRE(r);
  TimeScope window{ValidTime::during(*parse_date_bound("2020"), *parse_date_bound("2020")), {}};
  Pattern by_p;
  by_p.p = ids.dated;
  CHECK(*time_index_serves(*r, by_p, window));
  Pattern with_s = by_p;
  with_s.s = ids.entities[0];
  CHECK_FALSE(*time_index_serves(*r, with_s, window));
  CHECK_FALSE(*time_index_serves(*r, by_p, TimeScope{}));
  TimeScope open_end{ValidTime{*parse_date_bound("2020"), std::nullopt}, {}};
  CHECK_FALSE(*time_index_serves(*r, by_p, open_end));

  ScanTuning both;
  both.time_index = both.reseekable = true;
  auto refused = tuned_scan(*r, by_p, window, {}, both);
  REQUIRE_FALSE(refused);
  CHECK(refused.status().code() == StatusCode::kFailed);

  ScanTuning timed;
  timed.time_index = true;
  auto c = tuned_scan(*r, by_p, window, {}, timed);
  REQUIRE(c);
  CHECK(uses_time_index(*c));
  CHECK(reseek(*c, by_p).code() == StatusCode::kFailed);
}
