// The store's internals shared by its translation units: the RocksDB handles, the column
// families, and the meta records every transaction reads (store/FORMAT.md).
#pragma once

#include <rocksdb/cache.h>
#include <rocksdb/db.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "annals/store.hpp"
#include "index/keys.hpp"
#include "stats/stats.hpp"
#include "txn/aborted_filter.hpp"

namespace annals::store {

enum Cf : int {
  kCfDefault = 0,
  kCfMeta,
  kCfTerm2Id,
  kCfId2Term,
  kCfQuad0,  // the six permutations, in Perm order
  kCfTime = kCfQuad0 + kPermCount,
  kCfStats,
  kCfLog,
  kCfCount,
};
const char* cf_name(int cf);
inline int quad_cf(Perm p) { return kCfQuad0 + static_cast<int>(p); }

// Keys of the meta column family.
inline constexpr std::string_view kMetaFormat = "format";
inline constexpr std::string_view kMetaCommitted = "committed";
inline constexpr std::string_view kMetaPending = "pending";
inline constexpr std::string_view kMetaAborted = "aborted";
inline constexpr std::string_view kMetaNextTerm = "next_term";
inline constexpr std::string_view kMetaNextFact = "next_fact";
inline constexpr std::string_view kMetaCounts = "counts";
// "prefix/" + prefix name -> namespace IRI.
inline constexpr std::string_view kMetaPrefix = "prefix/";
// The default-graph rule: "union" or "own"; absent is "union".
inline constexpr std::string_view kMetaDefaultGraph = "default_graph";

// The meta records as one value.
struct MetaState {
  TxNumber committed = 0;
  std::optional<TxNumber> pending;
  std::vector<TxNumber> aborted;  // sorted
  std::uint64_t next_term = 1;
  FactId next_fact = 1;
  Counts counts;
};

Status from_rocks(const rocksdb::Status& s, const std::string& what);
// The options every instance opens a column family and the database with; `aborted` (a
// writer's) drops what aborted transactions left when the indexes compact.
rocksdb::ColumnFamilyOptions cf_options(int cf, const std::shared_ptr<rocksdb::Cache>& cache,
                                        const std::shared_ptr<const AbortedList>& aborted = {});
rocksdb::DBOptions db_options();
// Whether an open failed because another process holds the store's lock.
bool looks_locked(const rocksdb::Status& s);

// One opened RocksDB instance and its column family handles. A writer keeps one for its
// lifetime; a reader replaces its instance when catching up in place cannot be trusted
// (Store::Impl::catch_up), while views keep the instance they began on until they end.
struct Rocks {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;

  Rocks() = default;
  Rocks(const Rocks&) = delete;
  Rocks& operator=(const Rocks&) = delete;
  ~Rocks();
  rocksdb::ColumnFamilyHandle* cf(int i) const { return cfs[static_cast<std::size_t>(i)]; }
};

// Opens the store's instance: the writer's (creating what is missing), or a reader's
// secondary instance in a temporary directory of its own.
Status open_rocks(const std::string& path, bool read_only,
                  const std::vector<rocksdb::ColumnFamilyOptions>& cf_options, Rocks& out);
// The table files of each column family (by number, sorted), in Cf order.
std::vector<std::vector<std::uint64_t>> table_files(const Rocks& r);
// Whether an instance holds memtable entries of a column family.
bool holds_memtable(const Rocks& r, int cf);
inline rocksdb::Slice slice(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace annals::store

namespace annals {

class Store::Impl {
 public:
  ~Impl();

  std::string path;
  StoreOptions options;
  // The writer's instance; a reader's latest one (replaced under catch_up_mu: readers reach
  // it through catch_up(), never through this field).
  std::shared_ptr<store::Rocks> rocks;
  std::vector<rocksdb::ColumnFamilyOptions> cf_options;  // as opened, for SST writers
  // The aborted transactions, for the compactions that drop what they left (a writer's).
  std::shared_ptr<store::AbortedList> aborted = std::make_shared<store::AbortedList>();
  // Decoded dictionary terms by id, shared by every reader: a term's id never changes nor is
  // reused, so an entry never goes stale.
  // 128 MiB: a scan that decodes a label per row (69k labels and their subjects at 1M
  // quads) cycled through 32 MiB, evicting each entry just before it was asked for again.
  std::shared_ptr<rocksdb::Cache> term_cache = rocksdb::NewLRUCache(128 << 20, 4);
  // The per-predicate statistics as of one committed transaction: every query's planner
  // reads them, and they change only with a commit.
  mutable std::mutex predicate_stats_mu;
  mutable TxNumber predicate_stats_tx = 0;
  mutable std::shared_ptr<const std::vector<PredicateStats>> predicate_stats;
  std::mutex catch_up_mu;
  std::chrono::steady_clock::time_point last_catch_up;  // under catch_up_mu
  // A reader's table files by column family as of its last catch-up (under catch_up_mu).
  std::vector<std::vector<std::uint64_t>> known_tables;
  std::mutex writer_mu;
  bool writer_open = false;
  // Set when a write failed: RocksDB may then refuse every later write (a full disk stops
  // it) until resumed, which the next write transaction or compaction does first.
  mutable std::atomic<bool> write_failed{false};

  // The writer's instance (for a reader: only while opening).
  rocksdb::DB* db() const { return rocks->db.get(); }
  rocksdb::ColumnFamilyHandle* cf(int i) const { return rocks->cf(i); }
  std::int64_t now_ms() const;
  // from_rocks() of a write's outcome, noting a failure for resume().
  Status written(const rocksdb::Status& s, const std::string& what) const;
  // Writes a batch unless the disk lacks room for it: RocksDB cannot recover from a failed
  // write of its log in place (the log file's writer refuses, or in a build with assertions
  // aborts, every later append), so a full disk must stop the write before RocksDB sees it.
  Status write_batch(const rocksdb::WriteOptions& wo, rocksdb::WriteBatch& b,
                     const std::string& what) const;
  // After a failed write: RocksDB's Resume(), which fails while the cause (a full disk)
  // lasts; otherwise nothing.
  Status resume();
  // A writer's: moves what the memtables hold into table files when they hold more than
  // `min_entries` entries, waiting for it or not. Every reader's open replays the log
  // files behind the memtables into memtables of its own, entry by entry (a 10M load left
  // 0.75 MB of log: 170 ms of every `annals query`), while a table file costs it one open.
  // Best effort: a flush that fails leaves the log, which is as durable.
  void flush_memtables(std::uint64_t min_entries, bool wait) const;
  // More memtable entries than this are flushed when a writer closes (smaller updates
  // cost a reader's open less than the files a flush of them would add) ...
  static constexpr std::uint64_t kFlushAtCloseEntries = 4096;
  // ... and, without waiting, after a commit of a writer that stays open (a server).
  static constexpr std::uint64_t kFlushAfterCommitEntries = 65536;

  // A writer's: compacts column families [begin, end) to the bottom level, side by side,
  // each also split in key ranges.
  Status compact_families(int begin, int end);

  // Reads the meta records of an instance (at a snapshot if given).
  Result<store::MetaState> read_meta(const store::Rocks& r, const rocksdb::Snapshot* snap) const;
  // The instance a new view reads: the writer's, or for a read-only store one that has
  // caught up with every commit the writer made before this call (at most
  // StoreOptions::catch_up_interval_ms earlier).
  Result<std::shared_ptr<const store::Rocks>> catch_up();
};

// Builds a read view; with a snapshot on a writable store, without one on a read-only store
// (visibility by transaction number keeps it consistent, see FORMAT.md). With `own`, the
// number of the open write transaction whose writes are all in the store already (spilled),
// the view sees them as if that transaction had committed (WriteTxn::read_own).
// `rocks` is the instance to read (the store's own if null).
Result<ReadTxn> make_read_txn(std::shared_ptr<const Store::Impl> store, TxNumber own = 0,
                              std::shared_ptr<const store::Rocks> rocks = nullptr);

// Adds to a batch the write that lists transaction `tx` as aborted (and ends it pending), so
// that its spilled writes stay invisible for ever and its number is never reused.
void put_aborted(const Store::Impl& store, std::vector<TxNumber> aborted, TxNumber tx,
                 rocksdb::WriteBatch& b);

}  // namespace annals
