// Store::check: a store built by every kind of write checks clean; the same store with one
// index entry, one dictionary entry or one statistics record taken out behind the store's
// back (a raw RocksDB handle), or with bytes flipped in a table file, does not, and the
// report names the problem.
#include "annals/check.hpp"

#include <rocksdb/db.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "../support/temp_dir.hpp"
#include "annals/store.hpp"
#include "index/keys.hpp"
#include "store_impl.hpp"

namespace {

using namespace annals;
using annals::store::cf_name;
using annals::store::kCfCount;

ValidTime years(const char* from, const char* to) {
  return ValidTime{parse_date_bound(from), parse_date_bound(to)};
}

struct Ids {
  TermId a, b, p, d, g;
};

// Facts dated and undated, in the default graph and a named one, a triple term, a
// retraction, a purge, a literal, and a spilled transaction rolled back (aborted).
// fill()'s third transaction, rolled back after it spilled.
constexpr TxNumber kAbortedTx = 3;

Ids fill(const std::string& path) {
  StoreOptions small;
  small.spill_bytes = 2048;
  auto store = Store::open(path, small);
  REQUIRE(store.is_ok());
  Ids i{};
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    auto id = [&](const char* n) { return *w->intern(Term::iri(std::string("http://x/") + n)); };
    i = Ids{id("a"), id("b"), id("p"), id("d"), id("g")};
    auto lit = *w->intern(Term::literal("some text"));
    auto triple = *w->intern_triple(i.a, i.p, i.b);
    REQUIRE(*w->assert_fact(i.a, i.p, i.b, kDefaultGraph));
    REQUIRE(*w->assert_fact(i.a, i.d, lit, i.g, years("2020", "2021")));
    REQUIRE(*w->assert_fact(i.b, i.d, i.a, i.g, years("2019", "2025")));
    REQUIRE(*w->assert_fact(triple, i.d, i.a, kDefaultGraph, years("2001", "2002")));
    REQUIRE(w->commit("one").is_ok());
  }
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    REQUIRE(*w->retract_fact(i.a, i.d, i.b, i.g, years("2019", "2025")) == false);
    REQUIRE(*w->retract_fact(i.b, i.d, i.a, i.g, years("2019", "2025")));
    REQUIRE(w->commit("two").is_ok());
  }
  {  // many facts, spilled, then rolled back: an aborted transaction's left-overs
    auto w = store->write();
    REQUIRE(w.is_ok());
    for (int n = 0; n < 200; ++n) {
      auto s = *w->intern(Term::iri("http://x/s" + std::to_string(n)));
      REQUIRE(w->add_fact(s, i.p, i.a, i.g).is_ok());
    }
    auto own = w->read_own();  // makes sure something was spilled
    REQUIRE(own.is_ok());
    w->rollback();
  }
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    auto e = *w->intern(Term::iri("http://x/e"));
    REQUIRE(*w->assert_fact(e, i.p, i.a, i.g));
    REQUIRE(*w->assert_fact(e, i.p, i.b, kDefaultGraph));
    REQUIRE(w->commit("three").is_ok());
  }
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    REQUIRE(w->purge({PurgeSelector::Kind::kEntity, Term::iri("http://x/e")}, "test").is_ok());
  }
  return i;
}

CheckReport check(const std::string& path, bool read_only = false) {
  StoreOptions o;
  o.read_only = read_only;
  auto store = Store::open(path, o);
  REQUIRE(store.is_ok());
  auto report = store->check(CheckOptions{});
  REQUIRE(report.is_ok());
  return std::move(report).value();
}

bool reports(const CheckReport& r, const std::string& text) {
  for (const auto& p : r.problems) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}

// The store's RocksDB database, opened directly with all its column families.
struct RawDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  explicit RawDb(const std::string& path) {
    std::vector<rocksdb::ColumnFamilyDescriptor> descs;
    for (int i = 0; i < kCfCount; ++i)
      descs.emplace_back(cf_name(i), rocksdb::ColumnFamilyOptions());
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descs, &cfs, &raw).ok());
    db.reset(raw);
  }
  ~RawDb() {
    for (auto* h : cfs) db->DestroyColumnFamilyHandle(h);
  }
  // Deletes the first key of a column family; returns it. With committed_only (an index of
  // facts), the first whose fact a committed transaction asserted: entries left by aborted
  // transactions only may go from one index and not another, as compactions drop them.
  std::string delete_first(int cf, bool committed_only = false) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cfs[cf]));
    for (it->SeekToFirst(); committed_only && it->Valid(); it->Next()) {
      store::FactValue v;
      REQUIRE(store::decode_fact_value({it->value().data(), it->value().size()}, false, v));
      if (std::any_of(v.history.begin(), v.history.end(),
                      [](const auto& h) { return h.from != kAbortedTx; })) {
        break;
      }
    }
    REQUIRE(it->Valid());
    std::string key = it->key().ToString();
    REQUIRE(db->Delete(rocksdb::WriteOptions(), cfs[cf], key).ok());
    return key;
  }
};

int cf_of(const char* name) {
  for (int i = 0; i < kCfCount; ++i) {
    if (std::string(cf_name(i)) == name) return i;
  }
  FAIL("no column family " << name);
  return 0;
}

}  // namespace

TEST_CASE("check: a store written every way checks clean", "[store][check]") {
  testing::TempDir dir;
  fill(dir.path());
  for (bool read_only : {false, true}) {
    auto r = check(dir.path(), read_only);
    INFO((r.problems.empty() ? std::string() : r.problems.front()));
    CHECK(r.ok());
    CHECK(r.committed == 5);  // tx 3 was aborted: one, two, three, the purge
    CHECK(r.transactions == 4);
    CHECK(r.aborted == 1);
    CHECK(r.current == 3);
    CHECK(r.quads == 3);
    CHECK(r.facts >= 4 + 200);  // the aborted transaction's facts stay on disk
    CHECK(r.files > 0);
  }
  {  // after a compaction too
    auto store = Store::open(dir.path());
    REQUIRE(store.is_ok());
    REQUIRE(store->compact().is_ok());
  }
  CHECK(check(dir.path()).ok());
}

TEST_CASE("check: an index entry missing", "[store][check]") {
  testing::TempDir dir;
  fill(dir.path());
  for (const char* index : {"posg", "time"}) {
    RawDb raw(dir.path());
    raw.delete_first(cf_of(index), /*committed_only=*/true);
  }
  auto r = check(dir.path());
  CHECK_FALSE(r.ok());
  CHECK(reports(r, "posg: lacks fact ("));
  CHECK(reports(r, "time: lacks fact ("));
  CHECK(r.problem_count == 2);
}

TEST_CASE("check: what an aborted transaction left may be gone from one index only",
          "[store][check]") {
  // RocksDB compacts each index on its own schedule, dropping aborted versions as it goes:
  // posg's first entry is the rolled back transaction's, and without it the store is whole.
  testing::TempDir dir;
  fill(dir.path());
  {
    RawDb raw(dir.path());
    raw.delete_first(cf_of("posg"));
  }
  auto r = check(dir.path());
  INFO((r.problems.empty() ? std::string() : r.problems.front()));
  CHECK(r.ok());
}

TEST_CASE("check: a dictionary entry missing, statistics off", "[store][check]") {
  testing::TempDir dir;
  Ids i = fill(dir.path());
  {
    RawDb raw(dir.path());
    // The term of the predicate d: facts use it, and term2id still maps to it.
    REQUIRE(
        raw.db->Delete(rocksdb::WriteOptions(), raw.cfs[cf_of("id2term")], store::u64_value(i.d))
            .ok());
    std::string key = "p" + store::u64_value(i.p);
    REQUIRE(raw.db->Delete(rocksdb::WriteOptions(), raw.cfs[cf_of("stats")], key).ok());
  }
  auto r = check(dir.path());
  CHECK_FALSE(r.ok());
  CHECK(reports(r, "the predicate 01"));
  CHECK(reports(r, "has no dictionary entry"));
  CHECK(reports(r, "which id2term lacks"));
  CHECK(reports(r, "has no record, the indexes hold 1 current facts"));
}

TEST_CASE("check: bytes flipped in a table file", "[store][check]") {
  testing::TempDir dir;
  fill(dir.path());
  {
    auto store = Store::open(dir.path());
    REQUIRE(store.is_ok());
    REQUIRE(store->compact().is_ok());  // everything in table files
  }
  // The primary index's file: its first data block starts the file.
  std::string victim;
  {
    RawDb raw(dir.path());
    std::vector<rocksdb::LiveFileMetaData> files;
    raw.db->GetLiveFilesMetaData(&files);
    for (const auto& f : files) {
      if (f.column_family_name == "spog") victim = f.db_path + f.name;
    }
  }
  REQUIRE(!victim.empty());
  {
    std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(20);
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5a);
    f.seekp(20);
    f.write(&c, 1);
  }
  auto r = check(dir.path(), true);
  CHECK_FALSE(r.ok());
  CHECK(reports(r, "spog: cannot be read to the end: Corruption"));
  CHECK(reports(r, "spog: file /" + std::filesystem::path(victim).filename().string()));
}
