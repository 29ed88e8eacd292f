// Transactions that spill to sorted runs. Rolling one back: fast (no RocksDB option rewrites
// for one that spilled once, the spill in flight stopped) and clean (no staging file left,
// the store as before, the next transaction commits). Committing one: its runs end merged;
// a writer closing leaves nothing large in its log.
#include <rocksdb/db.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "annals/store.hpp"

using namespace annals;
using annals::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// RocksDB writes a new OPTIONS-<number> file at each SetOptions: the highest number tells
// whether options were changed.
std::string latest_options_file(const std::string& store) {
  std::string latest;
  for (const auto& e : fs::directory_iterator(store)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("OPTIONS-", 0) == 0 && name > latest) latest = name;
  }
  return latest;
}

std::size_t staging_files(const std::string& store) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = fs::directory_iterator(fs::path(store) / "staging", ec);
       !ec && it != fs::directory_iterator(); ++it) {
    ++n;
  }
  return n;
}

// Asserts n facts with fresh subjects in `w`.
void assert_many(WriteTxn& w, int n, int from = 0) {
  TermId p = *w.intern(Term::iri("http://ex/p"));
  for (int i = from; i < from + n; ++i) {
    TermId s = *w.intern(Term::iri("http://ex/s" + std::to_string(i)));
    REQUIRE(w.assert_fact(s, p, s, kDefaultGraph));
  }
}

}  // namespace

TEST_CASE("a transaction that spilled once changes no RocksDB option, rolled back or committed",
          "[store][txn]") {
  TempDir dir;
  StoreOptions small;
  small.spill_bytes = 1 << 20;
  auto store = Store::open(dir / "s", small);
  REQUIRE(store);
  const std::string before = latest_options_file(dir / "s");
  REQUIRE(!before.empty());
  {
    auto w = store->write();
    REQUIRE(w);
    assert_many(*w, 50);
    REQUIRE(w->read_own());  // writes a run, as an update reading its own writes does
    w->rollback();
  }
  CHECK(latest_options_file(dir / "s") == before);
  {
    auto w = store->write();
    REQUIRE(w);
    assert_many(*w, 50);
    REQUIRE(w->read_own());
    assert_many(*w, 50, 50);
    REQUIRE(w->commit("two runs: the spill for read_own and the commit's"));
  }
  CHECK(latest_options_file(dir / "s") == before);
  CHECK(store->read()->stats()->facts == 100);
}

TEST_CASE("rolling back a transaction that spilled many times leaves no run behind",
          "[store][txn]") {
  TempDir dir;
  StoreOptions small;
  small.spill_bytes = 16384;  // a spill every hundred facts or so, in the background
  auto store = Store::open(dir / "s", small);
  REQUIRE(store);
  {
    auto w = store->write();
    REQUIRE(w);
    assert_many(*w, 20);
    REQUIRE(w->commit("before"));
  }
  for (bool destroy : {false, true}) {
    INFO("destroyed without rollback " << destroy);
    auto w = store->write();
    REQUIRE(w);
    assert_many(*w, 3000, 100);
    if (!destroy) w->rollback();
  }
  CHECK(staging_files(dir / "s") == 0);
  auto r = store->read();
  CHECK(r->stats()->facts == 20);
  CHECK(r->log()->size() == 1);
  auto w = store->write();
  REQUIRE(w);
  assert_many(*w, 3000, 100);
  auto rec = w->commit("after");
  REQUIRE(rec);
  CHECK(rec->facts_added == 3000);
  CHECK(store->read()->stats()->facts == 3020);
}

TEST_CASE("a spilled load into a new store ends as one sorted run per index", "[store][txn]") {
  // The first run is ingested into the bottom level and later ones, overlapping it, into
  // level 0; after the commit they are merged, so that reads right after a load merge no
  // runs (each file of a level below 0 holds its own key range: a level is one run).
  TempDir dir;
  StoreOptions small;
  small.spill_bytes = 4096;
  {
    auto store = Store::open(dir / "s", small);
    REQUIRE(store);
    auto w = store->write();
    REQUIRE(w);
    TermId p = *w->intern(Term::iri("http://ex/p"));
    std::vector<TermId> ids;
    for (int i = 0; i < 400; ++i) ids.push_back(*w->intern(Term::iri("http://ex/s" + std::to_string(i))));
    for (int i = 0; i < 2000; ++i) {  // keys in no order: every run spans the others
      TermId s = ids[static_cast<std::size_t>(i * 7919 % 400)];
      REQUIRE(w->assert_fact(s, p, ids[static_cast<std::size_t>(i % 397)], kDefaultGraph));
    }
    REQUIRE(w->commit("load"));
  }
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir / "s", &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (const auto& n : names) descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  rocksdb::DB* raw = nullptr;
  REQUIRE(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir / "s", descs, &cfs, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  for (auto* cf : cfs) {
    rocksdb::ColumnFamilyMetaData meta;
    db->GetColumnFamilyMetaData(cf, &meta);
    std::size_t runs = 0;
    for (const auto& level : meta.levels) {
      runs += level.level == 0 ? level.files.size() : !level.files.empty();
    }
    INFO(meta.name);
    CHECK(runs <= 1);
    db->DestroyColumnFamilyHandle(cf);
  }
}

TEST_CASE("a writer that wrote much leaves no log for readers to replay", "[store][txn]") {
  // Every read-only open replays the log behind the writer's memtables entry by entry; a
  // writer closing with more than a few thousand entries there flushes them to a table.
  TempDir dir;
  {
    auto store = Store::open(dir / "s");
    REQUIRE(store);
    auto w = store->write();
    REQUIRE(w);
    assert_many(*w, 3000);
    REQUIRE(w->commit("load"));
  }
  std::uintmax_t log_bytes = 0;
  for (const auto& e : fs::directory_iterator(dir / "s")) {
    if (e.path().extension() == ".log") log_bytes += e.file_size();
  }
  CHECK(log_bytes == 0);
  StoreOptions reader;
  reader.read_only = true;
  auto r = Store::open(dir / "s", reader);
  REQUIRE(r);
  CHECK(r->read()->stats()->facts == 3000);
}
