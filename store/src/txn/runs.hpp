// Writing a transaction's pending facts and terms out: into the commit's WriteBatch for a
// small transaction, or as one sorted SST file per column family, ingested in one atomic
// step, for a large one (store/FORMAT.md "Transactions and visibility").
#pragma once

#include <rocksdb/write_batch.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/keys.hpp"
#include "store_impl.hpp"

namespace annals::store {

// The pending writes, frozen for writing out: the facts in SPOG order with their encoded
// values, and the new terms. emit() reads it from several threads at once.
struct Frozen {
  // A fact and where its values are, in one cache line: each index visits the facts in its
  // own order, so a row costs one cache miss rather than one a field.
  struct alignas(64) Row {
    FactKey key;
    std::uint32_t primary_at = 0, primary_len = 0;  // with the fact id
    std::uint32_t other_at = 0, other_len = 0;      // without
    bool erased = false;
  };
  std::vector<Row> rows;
  std::string primary_values, other_values;
  std::vector<std::pair<std::string, std::string>> terms;  // (term form, id key)

  std::string_view value(bool primary, const Row& r) const {
    return primary ? std::string_view(primary_values).substr(r.primary_at, r.primary_len)
                   : std::string_view(other_values).substr(r.other_at, r.other_len);
  }
};

// Every write of a Frozen into a batch, each column family in key order (what memtables
// like best).
Status write_batch(const Frozen& f, const Store::Impl& store, rocksdb::WriteBatch& b);

// The column families that write_batch() and write_runs() write to.
inline constexpr int kRunCfs[] = {kCfTerm2Id,   kCfId2Term,   kCfQuad0,     kCfQuad0 + 1,
                                  kCfQuad0 + 2, kCfQuad0 + 3, kCfQuad0 + 4, kCfQuad0 + 5,
                                  kCfTime};

// One sorted SST file per column family, written on `threads` threads, then ingested in
// one atomic step, bypassing the memtables. The writes carry transaction `tx`'s number and
// stay invisible until its commit record lands. `run` numbers the files of one transaction.
// Once `stop` (if given) is set, the writing stops at the next key and nothing is ingested;
// either way a failure leaves no file behind.
Status write_runs(const Frozen& f, const Store::Impl& store, TxNumber tx, int run,
                  unsigned threads, const std::atomic<bool>* stop = nullptr);

// After a transaction that spilled commits, its runs overlap in level 0 (one a spill for
// each column family: ~30 for a million facts) and every read merges them all until RocksDB
// compacts them, which a load that exits at once never lets it do. This merges each column
// family's level-0 files into sorted, non-overlapping files (LZ4, the compression level 0 is
// written with), the column families side by side: into the bottom level, with the levels
// below, when those hold at most twice as much (a load into a new or small store ends as one
// sorted run, and `annals compact` later only recompresses), else within level 0. Best
// effort: the transaction is committed; a merge that fails leaves its files as they were.
void settle_runs(const Store::Impl& store);

}  // namespace annals::store
