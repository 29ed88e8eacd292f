// The quad store: scans of every pattern shape with and without time, transactions
// (atomicity, spilling, rollback, persistence), retraction and AS OF, statistics, locking,
// readers beside a writer, and the format version check.
#include "annals/store.hpp"
#include "annals/scan_tuning.hpp"
#include "annals/check.hpp"

#include <rocksdb/db.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>

#include "../support/raw_store.hpp"
#include "../support/temp_dir.hpp"
#include "index/keys.hpp"

using namespace annals;
using annals::testing::TempDir;
using annals::testing::raw_index_entries;
using annals::testing::spill_and_die;

namespace {

DateBound day(const char* s) { return *parse_date_bound(s); }

struct Fact {
  TermId s, p, o, g;
  ValidTime v;
};

// A small random graph: few distinct ids per position so every pattern shape matches some.
std::vector<Fact> random_facts(WriteTxn& w, int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<TermId> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(*w.intern(Term::iri("http://ex/e" + std::to_string(i))));
  std::vector<TermId> graphs = {kDefaultGraph, ids[0], ids[1]};
  const char* froms[] = {"2020", "2023-09", "2025-04-01", nullptr};
  std::vector<Fact> out;
  for (int i = 0; i < n; ++i) {
    Fact f{ids[rng() % 6], ids[rng() % 3], ids[rng() % 6], graphs[rng() % 3], {}};
    const char* from = froms[rng() % 4];
    if (from) {
      f.v.from = day(from);
      if (rng() % 2) f.v.to = end_of_period(end_of_period(*f.v.from));
    }
    out.push_back(f);
  }
  return out;
}

StoreOptions read_only_options() {
  StoreOptions o;
  o.read_only = true;
  return o;
}

bool matches(const Fact& f, const Pattern& p) {
  return (!p.s || *p.s == f.s) && (!p.p || *p.p == f.p) && (!p.o || *p.o == f.o) &&
         (!p.g || *p.g == f.g);
}

using Row = std::tuple<TermId, TermId, TermId, TermId, std::uint32_t, std::uint32_t>;
Row row_of(TermId s, TermId p, TermId o, TermId g, const ValidTime& v) {
  return {s, p, o, g, store::encode_from(v.from), store::encode_to(v.to)};
}

std::set<Row> scan_all(const ReadTxn& r, const Pattern& p, const TimeScope& t = {}) {
  std::set<Row> out;
  auto c = r.scan(p, t);
  REQUIRE(c);
  for (; c->valid(); c->next()) {
    const auto& x = c->row();
    out.insert(row_of(x.s, x.p, x.o, x.g, x.valid));
  }
  REQUIRE(c->status());
  return out;
}

}  // namespace

TEST_CASE("scans of every pattern shape find exactly the matching facts", "[store][scan]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  std::vector<Fact> facts;
  {
    auto w = store->write();
    REQUIRE(w);
    facts = random_facts(*w, 300, 7);
    for (auto& f : facts) REQUIRE(w->assert_fact(f.s, f.p, f.o, f.g, f.v));
    REQUIRE(w->commit("random"));
  }
  auto r = store->read();
  REQUIRE(r);
  const Fact& probe = facts[17];
  std::vector<ValidTime> windows = {
      ValidTime{}, ValidTime::during(day("2025-04"), day("2025-04")),
      ValidTime::during(day("2019"), day("2019")), ValidTime::during(day("2023-09"), day("2025-08"))};
  for (int mask = 0; mask < 16; ++mask) {
    Pattern pat;
    if (mask & 1) pat.s = probe.s;
    if (mask & 2) pat.p = probe.p;
    if (mask & 4) pat.o = probe.o;
    if (mask & 8) pat.g = probe.g;
    for (const auto& win : windows) {
      std::set<Row> expected;
      for (const auto& f : facts) {
        if (matches(f, pat) && f.v.overlaps(win)) expected.insert(row_of(f.s, f.p, f.o, f.g, f.v));
      }
      TimeScope scope;
      if (!win.is_always()) scope.valid = win;
      INFO("shape " << mask << " window " << to_string(win));
      CHECK(scan_all(*r, pat, scope) == expected);
    }
  }
}

TEST_CASE("the same quad with the same interval is one fact; distinct scans see quads once",
          "[store][facts]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto w = store->write();
  REQUIRE(w);
  TermId pk = *w->intern(Term::iri("http://ex/Pakistan"));
  TermId visited = *w->intern(Term::iri("http://ex/visited"));
  TermId kabul = *w->intern(Term::iri("http://ex/Kabul"));
  ValidTime april = ValidTime::during(day("2025-04"), day("2025-04"));
  ValidTime july = ValidTime::during(day("2025-07"), day("2025-07"));
  CHECK(*w->assert_fact(pk, visited, kabul, kDefaultGraph, april));
  CHECK_FALSE(*w->assert_fact(pk, visited, kabul, kDefaultGraph, april));
  CHECK(*w->assert_fact(pk, visited, kabul, kDefaultGraph, july));
  CHECK(w->assert_fact(pk, visited, kabul, kDefaultGraph, ValidTime{day("2025-05"), day("2025-05")})
            .status()
            .code() == StatusCode::kInvalidInput);
  auto rec = w->commit("visits");
  REQUIRE(rec);
  CHECK(rec->facts_added == 2);
  auto r = store->read();
  REQUIRE(r);
  CHECK(scan_all(*r, Pattern{pk, visited, kabul, {}}).size() == 2);
  auto c = r->scan(Pattern{}, {}, ScanOptions{.distinct_quads = true});
  REQUIRE(c);
  int n = 0;
  for (; c->valid(); c->next()) ++n;
  CHECK(n == 1);
  auto st = r->stats();
  REQUIRE(st);
  CHECK(st->facts == 2);
  CHECK(st->quads == 1);
  CHECK(st->predicates == 1);
  CHECK(st->graphs == 0);
  CHECK(st->transactions == 1);
  REQUIRE(st->by_predicate.size() == 1);
  CHECK(st->by_predicate[0].facts == 2);
}

TEST_CASE("nothing is visible before commit, and a rollback leaves nothing", "[store][txn]") {
  TempDir dir;
  StoreOptions small;
  small.spill_bytes = 4096;  // spill after a few dozen facts
  auto store = Store::open(dir / "s", small);
  REQUIRE(store);
  for (bool spill : {false, true}) {
    INFO("spill " << spill);
    {
      auto w = store->write();
      REQUIRE(w);
      TermId p = *w->intern(Term::iri("http://ex/p"));
      int n = spill ? 500 : 5;
      for (int i = 0; i < n; ++i) {
        TermId s = *w->intern(Term::iri("http://ex/s" + std::to_string(i)));
        REQUIRE(w->assert_fact(s, p, s, kDefaultGraph));
      }
      auto r = w->base();
      REQUIRE(r);
      CHECK(scan_all(*r, Pattern{}).empty());
      auto other = store->read();
      REQUIRE(other);
      CHECK(scan_all(*other, Pattern{}).empty());
      w->rollback();
    }
    auto r = store->read();
    REQUIRE(r);
    CHECK(scan_all(*r, Pattern{}).empty());
    CHECK(r->stats()->facts == 0);
    CHECK(r->log()->empty());
  }
  // A transaction after an aborted spill commits normally, and its facts are all there.
  auto w = store->write();
  REQUIRE(w);
  TermId p = *w->intern(Term::iri("http://ex/p"));
  for (int i = 0; i < 500; ++i) {
    TermId s = *w->intern(Term::iri("http://ex/s" + std::to_string(i)));
    REQUIRE(w->assert_fact(s, p, s, kDefaultGraph));
  }
  auto rec = w->commit("after rollback");
  REQUIRE(rec);
  CHECK(rec->facts_added == 500);
  auto r = store->read();
  CHECK(scan_all(*r, Pattern{}).size() == 500);
  CHECK(r->stats()->facts == 500);
  CHECK(r->stats()->quads == 500);
}

TEST_CASE("commits persist across reopen; retractions close the interval and AS OF reads the past",
          "[store][txn]") {
  TempDir dir;
  TermId a, p, b;
  {
    auto store = Store::open(dir / "s", StoreOptions{.clock = [] { return std::int64_t{1000}; }});
    REQUIRE(store);
    auto w = store->write();
    a = *w->intern(Term::iri("http://ex/a"));
    p = *w->intern(Term::iri("http://ex/recognises"));
    b = *w->intern(Term::iri("http://ex/b"));
    REQUIRE(w->assert_fact(a, p, b, kDefaultGraph));
    REQUIRE(w->commit("assert")->number == 1);
  }
  {
    auto store = Store::open(dir / "s", StoreOptions{.clock = [] { return std::int64_t{2000}; }});
    REQUIRE(store);
    auto w = store->write();
    CHECK(*w->retract_fact(a, p, b, kDefaultGraph, {}));
    CHECK_FALSE(*w->retract_fact(a, p, b, kDefaultGraph, {}));
    REQUIRE(w->commit("retract")->number == 2);
  }
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto r = store->read();
  REQUIRE(r);
  CHECK(r->committed() == 2);
  CHECK(scan_all(*r, Pattern{}).empty());
  CHECK(scan_all(*r, Pattern{}, TimeScope{{}, 1}).size() == 1);
  auto c = r->scan(Pattern{}, TimeScope{{}, 1});
  REQUIRE(c->valid());
  CHECK(c->row().tx.from == 1);
  CHECK(c->row().tx.to == 2);
  CHECK(r->stats()->facts == 0);
  auto log = r->log();
  REQUIRE(log->size() == 2);
  CHECK((*log)[0].description == "assert");
  CHECK((*log)[1].facts_retracted == 1);
  CHECK(*r->tx_at(1500) == 1);
  CHECK(!*r->tx_at(500));
  // Asserting it again opens a new version; AS OF 2 still sees it retracted.
  auto w = store->write();
  CHECK(*w->assert_fact(a, p, b, kDefaultGraph));
  REQUIRE(w->commit("again"));
  auto r2 = store->read();
  CHECK(scan_all(*r2, Pattern{}).size() == 1);
  CHECK(scan_all(*r2, Pattern{}, TimeScope{{}, 2}).empty());
}

TEST_CASE("a transaction left pending by a crash stays invisible and is never reused",
          "[store][txn]") {
  TempDir dir;
  // A child process spills a large transaction and dies without commit or rollback.
  spill_and_die(dir / "s", [](WriteTxn& w) {
    TermId p = *w.intern(Term::iri("http://ex/p"));
    for (int i = 0; i < 300; ++i) {
      TermId s = *w.intern(Term::iri("http://ex/s" + std::to_string(i)));
      if (!w.assert_fact(s, p, s, kDefaultGraph)) return false;
    }
    return true;
  });
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto r = store->read();
  CHECK(scan_all(*r, Pattern{}).empty());
  auto w = store->write();
  TermId p = *w->intern(Term::iri("http://ex/p"));
  TermId s = *w->intern(Term::iri("http://ex/s1"));
  CHECK(*w->assert_fact(s, p, s, kDefaultGraph));
  auto rec = w->commit("after crash");
  REQUIRE(rec);
  CHECK(rec->number == 2);  // transaction 1 was the one that never committed
  CHECK(scan_all(*store->read(), Pattern{}).size() == 1);
}

TEST_CASE("one writer at a time; readers see each commit as it lands", "[store][concurrency]") {
  TempDir dir;
  auto writer = Store::open(dir / "s");
  REQUIRE(writer);
  auto second = Store::open(dir / "s");
  REQUIRE_FALSE(second);
  CHECK(second.status().code() == StatusCode::kStoreLocked);
  auto reader = Store::open(dir / "s", read_only_options());
  REQUIRE(reader);
  CHECK(reader->read_only());
  CHECK_FALSE(reader->write());
  for (int i = 1; i <= 3; ++i) {
    auto w = writer->write();
    REQUIRE(w);
    auto again = writer->write();
    CHECK_FALSE(again);
    TermId s = *w->intern(Term::iri("http://ex/s" + std::to_string(i)));
    REQUIRE(w->assert_fact(s, s, s, kDefaultGraph));
    REQUIRE(w->commit("tx"));
    auto r = reader->read();
    REQUIRE(r);
    CHECK(r->committed() == static_cast<TxNumber>(i));
    CHECK(scan_all(*r, Pattern{}).size() == static_cast<std::size_t>(i));
  }
}

TEST_CASE("the next write begins once the one before is committed or rolled back",
          "[store][txn]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto first = store->write();
  REQUIRE(first);
  TermId a = *first->intern(Term::iri("http://ex/a"));
  REQUIRE(first->assert_fact(a, a, a, kDefaultGraph));
  auto refused = store->write();
  REQUIRE_FALSE(refused);
  CHECK(refused.status().code() == StatusCode::kFailed);
  REQUIRE(first->commit("first"));
  // `first` still exists, finished: it no longer holds the store.
  auto second = store->write();
  REQUIRE(second);
  CHECK_FALSE(first->commit("again"));
  CHECK_FALSE(first->assert_fact(a, a, a, kDefaultGraph));
  second->rollback();
  auto third = store->write();
  REQUIRE(third);
  REQUIRE(third->retract_fact(a, a, a, kDefaultGraph, {}));
  REQUIRE(third->commit("third"));
  auto r = store->read();
  REQUIRE(r);
  CHECK(r->committed() == 2);
  CHECK(scan_all(*r, Pattern{}).empty());
}

TEST_CASE("compact drops the index entries a crashed transaction left", "[store][txn]") {
  TempDir dir;
  TermId p = 0, a = 0;
  {
    auto store = Store::open(dir / "s");
    REQUIRE(store);
    auto w = store->write();
    p = *w->intern(Term::iri("http://ex/p"));
    a = *w->intern(Term::iri("http://ex/a"));
    REQUIRE(*w->assert_fact(a, p, a, kDefaultGraph, ValidTime{day("2020-01-01"), {}}));
    REQUIRE(w->commit("one"));
  }
  // A child spills a large transaction (dated facts: the time index too, and a retraction
  // of the committed fact) and dies without commit or rollback.
  spill_and_die(dir / "s", [&](WriteTxn& w) {
    if (!w.retract_fact(a, p, a, kDefaultGraph, ValidTime{day("2020-01-01"), {}})) return false;
    for (int i = 0; i < 2000; ++i) {
      TermId s = *w.intern(Term::iri("http://ex/s" + std::to_string(i % 50)));
      DateBound from = day("2021-01-01");
      from.days += i / 50;
      if (!w.assert_fact(s, p, a, kDefaultGraph, ValidTime{from, {}})) return false;
    }
    return w.read_own().is_ok();  // everything pending spilled
  });
  CHECK(raw_index_entries(dir / "s") > 7 * 2000);
  {
    auto store = Store::open(dir / "s");  // marks the transaction aborted
    REQUIRE(store);
    REQUIRE(store->compact());
    auto r = store->read();
    REQUIRE(r);
    // The committed fact, still current: the aborted transaction's retraction is undone.
    CHECK(scan_all(*r, Pattern{}).size() == 1);
  }
  CHECK(raw_index_entries(dir / "s") == 7);  // the committed fact in six indexes and in time
}

TEST_CASE("a store of another format version is refused", "[store][format]") {
  TempDir dir;
  { REQUIRE(Store::open(dir / "s")); }
  {
    // Rewrite the version record behind the store's back.
    rocksdb::DB* db = nullptr;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    std::vector<std::string> names;
    REQUIRE(rocksdb::DB::ListColumnFamilies({}, dir / "s", &names).ok());
    for (auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    REQUIRE(rocksdb::DB::Open({}, dir / "s", cfs, &handles, &db).ok());
    std::size_t meta = std::find(names.begin(), names.end(), "meta") - names.begin();
    std::string v;
    store::put_u32(v, kFormatVersion + 1);
    REQUIRE(db->Put({}, handles[meta], "format", v).ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  auto s = Store::open(dir / "s");
  REQUIRE_FALSE(s);
  CHECK(s.status().code() == StatusCode::kVersionMismatch);
  CHECK_THAT(s.status().message(),
             Catch::Contains("format version " + std::to_string(kFormatVersion + 1)));
  CHECK(exit_code_for(s.status().code()) == 3);
}

TEST_CASE("a directory that is not a store is refused", "[store][format]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "notes");
  { std::ofstream(dir / "notes/readme.txt") << "hello"; }
  auto s = Store::open(dir / "notes");
  REQUIRE_FALSE(s);
  CHECK_THAT(s.status().message(), Catch::Contains("not an Annals store"));
  auto missing = Store::open(dir / "none", read_only_options());
  REQUIRE_FALSE(missing);
  CHECK(missing.status().code() == StatusCode::kNotFound);
}

TEST_CASE("prefixes are bound at commit, survive reopening, and a rollback drops them", "[store][prefix]") {
  TempDir dir;
  {
    auto store = Store::open(dir / "s");
    REQUIRE(store);
    {
      auto w = store->write();
      CHECK(w->set_prefix({"ex", "http://ex/"}));
      CHECK(w->set_prefix({"", "http://default/"}));
      CHECK(w->set_prefix({"bad:name", "http://x/"}).code() == StatusCode::kInvalidInput);
      CHECK(w->set_prefix({"empty", ""}).code() == StatusCode::kInvalidInput);
      CHECK(store->read()->prefixes()->empty());
      // Only prefixes: nothing in the log, but they are kept.
      auto rec = w->commit("prefixes");
      REQUIRE(rec);
      CHECK(rec->number == 0);
    }
    auto w2 = store->write();
    REQUIRE(w2);
    CHECK(w2->set_prefix({"gone", "http://gone/"}));
    w2->rollback();
  }
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  CHECK(*store->read()->prefixes() ==
        std::vector<Prefix>{{"", "http://default/"}, {"ex", "http://ex/"}});
  // Binding a name again replaces its IRI, together with the facts of the commit.
  auto w = store->write();
  CHECK(w->set_prefix({"ex", "http://ex2/"}));
  auto a = *w->intern(Term::iri("http://ex/a"));
  REQUIRE(w->assert_fact(a, a, a, kDefaultGraph));
  REQUIRE(w->commit("fact and prefix"));
  CHECK(store->read()->prefixes()->back() == Prefix{"ex", "http://ex2/"});
  CHECK(store->read()->stats()->facts == 1);
}

TEST_CASE("a scan by graph comes graph by graph, the default graph first", "[store][scan]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  auto w = store->write();
  std::vector<TermId> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(*w->intern(Term::iri("http://ex/e" + std::to_string(i))));
  for (TermId g : {ids[3], kDefaultGraph, ids[2]}) {
    for (TermId s : {ids[1], ids[0]}) REQUIRE(w->assert_fact(s, ids[0], ids[1], g));
  }
  REQUIRE(w->commit("graphs"));
  auto c = store->read()->scan(Pattern{}, TimeScope{}, ScanOptions{.by_graph = true});
  REQUIRE(c);
  std::vector<TermId> graphs;
  for (; c->valid(); c->next()) {
    if (graphs.empty() || graphs.back() != c->row().g) graphs.push_back(c->row().g);
  }
  std::vector<TermId> want = {kDefaultGraph, std::min(ids[2], ids[3]), std::max(ids[2], ids[3])};
  CHECK(graphs == want);
}

TEST_CASE("a reseekable cursor seeks patterns of one shape", "[store]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  std::vector<TermId> e;
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    for (int i = 0; i < 5; ++i) e.push_back(*w->intern(Term::iri("http://ex/e" + std::to_string(i))));
    // e_i p e_j for j > i: e0 has 4 objects, e3 one, e4 none.
    for (int i = 0; i < 5; ++i)
      for (int j = i + 1; j < 5; ++j) REQUIRE(w->add_fact(e[i], e[0], e[j], kDefaultGraph).is_ok());
    REQUIRE(w->commit("t").is_ok());
  }
  auto r = store->read();
  REQUIRE(r.is_ok());
  auto sp = [&](std::size_t subject) {
    Pattern pat;
    pat.s = e[subject];
    pat.p = e[0];
    return pat;
  };
  ScanTuning o;
  o.reseekable = true;
  auto c = tuned_scan(*r, sp(0), {}, {}, o);
  REQUIRE(c.is_ok());
  auto count = [&](Cursor& cur) {
    int n = 0;
    for (; cur.valid(); cur.next()) ++n;
    REQUIRE(cur.status().is_ok());
    return n;
  };
  CHECK(count(*c) == 4);
  // Forward, backward, and to a subject without facts: each sees exactly its prefix.
  for (int i : {3, 1, 4, 2, 0}) {
    REQUIRE(reseek(*c, sp(static_cast<std::size_t>(i))).is_ok());
    CHECK(count(*c) == 4 - i);
  }
  // Another shape, or a cursor that is not reseekable: refused.
  Pattern by_p;
  by_p.p = e[0];
  CHECK(reseek(*c, by_p).code() == StatusCode::kFailed);
  auto plain = r->scan(sp(0));
  REQUIRE(plain.is_ok());
  CHECK(reseek(*plain, sp(1)).code() == StatusCode::kFailed);
}

TEST_CASE("object ranges keep exactly the rows whose object lies in them, for every shape",
          "[store][scan]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  std::vector<Fact> facts;
  std::vector<TermId> objects;
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    facts = random_facts(*w, 400, 11);
    // Integer objects too, inline (FORMAT.md tag 0x11), so ranges cut inside one tag.
    std::mt19937 rng(5);
    for (int i = 0; i < 200; ++i) {
      Fact f = facts[static_cast<std::size_t>(i)];
      f.o = *w->intern(Term::literal(std::to_string(static_cast<int>(rng() % 50) - 10),
                                     "http://www.w3.org/2001/XMLSchema#integer"));
      facts.push_back(f);
    }
    for (const Fact& f : facts) {
      REQUIRE(w->add_fact(f.s, f.p, f.o, f.g, f.v).is_ok());
      objects.push_back(f.o);
    }
    REQUIRE(w->commit("t").is_ok());
  }
  std::sort(objects.begin(), objects.end());
  objects.erase(std::unique(objects.begin(), objects.end()), objects.end());
  auto r = store->read();
  REQUIRE(r.is_ok());
  std::mt19937 rng(7);
  for (int round = 0; round < 60; ++round) {
    // Up to three disjoint ranges over the ids in use (and one past them).
    std::vector<TermId> cuts;
    for (int i = 0; i < 6; ++i) cuts.push_back(objects[rng() % objects.size()] + (rng() % 3) - 1);
    std::sort(cuts.begin(), cuts.end());
    std::vector<IdRange> ranges;
    for (std::size_t i = 0; i + 1 < cuts.size(); i += 2)
      if (ranges.empty() || cuts[i] > ranges.back().hi) ranges.push_back({cuts[i], cuts[i + 1]});
    const Fact& f = facts[rng() % facts.size()];
    Pattern pat;
    const unsigned shape = rng() % 16;
    if (shape & 1) pat.s = f.s;
    if (shape & 2) pat.p = f.p;
    if (shape & 4) pat.g = f.g;
    for (bool reseekable : {false, true}) {
      ScanTuning o;
      o.object_ranges = ranges;
      o.reseekable = reseekable;
      auto c = tuned_scan(*r, pat, {}, {}, o);
      REQUIRE(c.is_ok());
      std::set<Row> got;
      for (; c->valid(); c->next()) {
        const auto& x = c->row();
        got.insert(row_of(x.s, x.p, x.o, x.g, x.valid));
      }
      REQUIRE(c->status().is_ok());
      std::set<Row> want;
      for (const Row& x : scan_all(*r, pat)) {
        TermId o_id = std::get<2>(x);
        for (const IdRange& range : ranges)
          if (range.lo <= o_id && o_id <= range.hi) want.insert(x);
      }
      INFO("round " << round << " shape " << shape << " reseekable " << reseekable);
      CHECK(got == want);
    }
  }
}

TEST_CASE("in a store with facts, a quad naming a new term meets its own earlier copies",
          "[store][txn]") {
  // Such a quad skips the index look-up (the store cannot hold it): its own copies, asserted
  // before a spill or in the same chunk, must still be found.
  TempDir dir;
  StoreOptions small;
  small.spill_bytes = 4096;  // spill after a few dozen facts
  auto store = Store::open(dir / "s", small);
  REQUIRE(store);
  TermId p = 0, old = 0;
  {
    auto w = store->write();
    p = *w->intern(Term::iri("http://ex/p"));
    old = *w->intern(Term::iri("http://ex/old"));
    REQUIRE(*w->assert_fact(old, p, old, kDefaultGraph));
    REQUIRE(w->commit("before"));
  }
  auto w = store->write();
  REQUIRE(w);
  auto fresh = [&](int i) { return *w->intern(Term::iri("http://ex/new" + std::to_string(i))); };
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 300; ++i) {
      // New subject with an old object, old subject with a new object, and an old quad.
      CHECK(*w->assert_fact(fresh(i), p, old, kDefaultGraph) == (round == 0));
      CHECK(*w->assert_fact(old, p, fresh(i), kDefaultGraph) == (round == 0));
      CHECK_FALSE(*w->assert_fact(old, p, old, kDefaultGraph));
    }
  }
  // Retracted after spills: the pending retraction finds the spilled assertion.
  CHECK(*w->retract_fact(fresh(0), p, old, kDefaultGraph, ValidTime{}));
  CHECK_FALSE(*w->retract_fact(fresh(0), p, old, kDefaultGraph, ValidTime{}));
  auto rec = w->commit("new terms");
  REQUIRE(rec);
  CHECK(rec->facts_added == 600);
  CHECK(rec->facts_retracted == 1);
  CHECK(store->read()->stats()->facts == 600);
  auto report = store->check(CheckOptions{});
  REQUIRE(report);
  CHECK(report->ok());
}

TEST_CASE("a transaction whose terms outgrow its term cache gives each term one id",
          "[store][txn]") {
  // The cache of the terms a transaction has seen holds 16 times the spill threshold (1 MiB
  // here); a new store's transaction trusts it to know every term it made. 3000 literals of
  // 1 KB overflow it twice, and the two subjects between them must keep their ids.
  for (bool fresh : {true, false}) {
    INFO("new store " << fresh);
    TempDir dir;
    StoreOptions small;
    small.spill_bytes = 4096;
    auto store = Store::open(dir / "s", small);
    REQUIRE(store);
    if (!fresh) {
      auto w = store->write();
      REQUIRE(w->add_fact(*w->intern(Term::iri("http://ex/x")), *w->intern(Term::iri("http://ex/p")),
                          *w->intern(Term::iri("http://ex/x")), kDefaultGraph));
      REQUIRE(w->commit("before"));
    }
    auto w = store->write();
    REQUIRE(w);
    const std::string pad(1024, 'x');
    std::set<TermId> subjects;
    for (int i = 0; i < 3000; ++i) {
      TermId s = *w->intern(Term::iri("http://ex/s" + std::to_string(i % 2)));
      TermId p = *w->intern(Term::iri("http://ex/p"));
      TermId o = *w->intern(Term::literal(std::to_string(i) + pad));
      subjects.insert(s);
      REQUIRE(w->add_fact(s, p, o, kDefaultGraph));
    }
    CHECK(subjects.size() == 2);
    REQUIRE(w->commit("many long literals"));
    auto report = store->check(CheckOptions{});
    REQUIRE(report);
    INFO((report->problems.empty() ? "" : report->problems.front()));
    CHECK(report->ok());
  }
}
