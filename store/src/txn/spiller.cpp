#include "txn/spiller.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace annals::store {

Spiller::Spiller(Store::Impl& store, TxNumber tx, FactResolver resolver)
    : store_(store), tx_(tx), resolver_(std::move(resolver)) {}

Spiller::~Spiller() {
  abandon();
  (void)join();
}

FactResolver& Spiller::resolver() {
  assert(!background_.joinable());
  return resolver_;
}
const FactResolver& Spiller::resolver() const {
  assert(!background_.joinable());
  return resolver_;
}

Status Spiller::spill(std::vector<FactKey> chunk, NewTerms terms, std::uint64_t next_term,
                      bool final) {
  if (auto st = join(); !st) return st;
  const bool first = !spilled_;
  spilled_ = true;
  const int run = ++runs_;
  if (run >= 2 && !final) pause_compactions(true);
  if (final) {
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    return spill_chunk(chunk, std::move(terms), first, next_term, run, threads);
  }
  background_ = std::thread(
      [this, chunk = std::move(chunk), terms = std::move(terms), first, next_term, run]() mutable {
        background_status_ = spill_chunk(chunk, std::move(terms), first, next_term, run, 2);
      });
  return Status::ok();
}

Status Spiller::join() {
  if (!background_.joinable()) return Status::ok();
  background_.join();
  return std::exchange(background_status_, Status::ok());
}

// The pending mark and the id counters are durable before any data that uses them: a crash
// after this leaves a pending transaction that the next writer marks aborted.
Status Spiller::write_counters(bool pending, std::uint64_t next_term) {
  rocksdb::WriteBatch b;
  if (pending) b.Put(store_.cf(kCfMeta), slice(kMetaPending), u64_value(tx_));
  b.Put(store_.cf(kCfMeta), slice(kMetaNextTerm), u64_value(next_term));
  b.Put(store_.cf(kCfMeta), slice(kMetaNextFact), u64_value(resolver_.next_fact()));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return store_.write_batch(wo, b, "writing a transaction");
}

Status Spiller::spill_chunk(std::vector<FactKey>& chunk, NewTerms terms, bool first,
                            std::uint64_t next_term, int run, unsigned threads) {
  if (auto st = resolver_.resolve(chunk, abandoned_); !st) return st;
  if (abandoned_.load()) return Status::failed("the transaction was rolled back");
  if (auto st = write_counters(first, next_term); !st) return st;
  Frozen f = resolver_.freeze();
  f.terms = std::move(terms);
  auto st = write_runs(f, store_, tx_, run, threads, &abandoned_);
  resolver_.refresh();
  return st;
}

// Each spill's runs overlap the ones before (keys come in file order), so they pile up in
// level 0; compacting them while the load goes on would rewrite them again and again and,
// past 20 files, slow the ingestions down. Auto-compaction is off while a transaction that
// spilled twice is open and back on when it ends; RocksDB then compacts them once. Only from
// the second run before the commit's own (after which settle_runs() merges them), and only
// where runs go: each SetOptions rewrites the OPTIONS file and the MANIFEST with synced
// writes (three syncs a column family), which on a busy disk made rolling back one small
// update that spilled once take 13 s.
void Spiller::pause_compactions(bool pause) {
  if (compactions_paused_ == pause) return;
  compactions_paused_ = pause;
  for (int cf : kRunCfs) {
    (void)store_.db()->SetOptions(store_.cf(cf),
                                  {{"disable_auto_compactions", pause ? "true" : "false"}});
  }
}

}  // namespace annals::store
