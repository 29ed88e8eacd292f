// The store's internals shared by its translation units: the RocksDB handles, the column
// families, and the meta records every transaction reads (store/FORMAT.md).
#pragma once

#include <rocksdb/cache.h>
#include <rocksdb/db.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "annals/store.hpp"
#include "index/keys.hpp"
#include "stats/stats.hpp"

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
inline rocksdb::Slice slice(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace annals::store

namespace annals {

class Store::Impl {
 public:
  ~Impl();

  std::string path;
  StoreOptions options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  std::vector<rocksdb::ColumnFamilyOptions> cf_options;  // as opened, for SST writers
  // Decoded dictionary terms by id, shared by every reader: a term's id never changes nor is
  // reused, so an entry never goes stale.
  std::shared_ptr<rocksdb::Cache> term_cache = rocksdb::NewLRUCache(32 << 20, 4);
  // The per-predicate statistics as of one committed transaction: every query's planner
  // reads them, and they change only with a commit.
  mutable std::mutex predicate_stats_mu;
  mutable TxNumber predicate_stats_tx = 0;
  mutable std::shared_ptr<const std::vector<PredicateStats>> predicate_stats;
  std::mutex catch_up_mu;
  std::chrono::steady_clock::time_point last_catch_up;  // under catch_up_mu
  std::mutex writer_mu;
  bool writer_open = false;

  rocksdb::ColumnFamilyHandle* cf(int i) const { return cfs[static_cast<std::size_t>(i)]; }
  std::int64_t now_ms() const;

  // Reads the meta records (at a snapshot if given).
  Result<store::MetaState> read_meta(const rocksdb::Snapshot* snap) const;
  // For a read-only store: apply what the writer committed since the last call.
  Status catch_up();
};

// Builds a read view; with a snapshot on a writable store, without one on a read-only store
// (visibility by transaction number keeps it consistent, see FORMAT.md). With `own`, the
// number of the open write transaction whose writes are all in the store already (spilled),
// the view sees them as if that transaction had committed (WriteTxn::read_own).
Result<ReadTxn> make_read_txn(std::shared_ptr<const Store::Impl> store, TxNumber own = 0);

// Adds to a batch the write that lists transaction `tx` as aborted (and ends it pending), so
// that its spilled writes stay invisible for ever and its number is never reused.
void put_aborted(const Store::Impl& store, std::vector<TxNumber> aborted, TxNumber tx,
                 rocksdb::WriteBatch& b);

}  // namespace annals
