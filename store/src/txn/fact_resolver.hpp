// A write transaction's facts: each assertion or retraction is resolved against what the
// store and the transaction already hold for its quad, into the pending facts (with their
// transaction-time histories) and the statistics' delta. One thread at a time uses a
// resolver: the caller's, or a spill's while that runs (Spiller owns it for that reason).
#pragma once

#include <rocksdb/db.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stats/stats_delta.hpp"
#include "store_impl.hpp"
#include "txn/pending_facts.hpp"
#include "txn/quad_filter.hpp"
#include "txn/runs.hpp"

namespace annals::store {

class FactResolver {
 public:
  // tx: the transaction's number; meta: the store's state as it began (outlives this);
  // first_term: the first dictionary sequence number the transaction allocates. Fact ids
  // continue from meta's.
  FactResolver(const Store::Impl& store, TxNumber tx, const MetaState& meta,
               std::uint64_t first_term);

  // Asserts or retracts a fact; false if that changes nothing (it is live already, or not).
  Result<bool> change(const FactKey& key, bool assert);
  // Asserts each of the keys, sorted first: the per-fact look-ups become a forward walk of
  // the primary index and the inserts appends. Stops once `stop` is set.
  Status resolve(std::vector<FactKey>& keys, const std::atomic<bool>& stop);
  // Erases a stored fact from every index (purge), taking its live version, if any, out of
  // the statistics; true if it had one. A quad's facts come together; new_quad marks the
  // first of each.
  bool erase(const FactKey& key, const FactValue& value, bool new_quad);

  // Live for this writer: asserted by a committed transaction or by this one, not retracted.
  bool live(const FactValue& v) const;

  // The pending facts, frozen for writing, and no longer pending here.
  Frozen freeze();
  bool empty() const { return facts_.empty(); }
  std::size_t size() const { return facts_.size(); }
  void clear() { facts_.clear(); }
  // After a spill ingested runs: the primary index's reader sees them.
  void refresh() {
    if (spog_it_) spog_it_->Refresh();
  }

  StatsDelta& stats() { return stats_; }
  FactId next_fact() const { return next_fact_; }
  std::uint64_t added() const { return added_; }
  std::uint64_t retracted() const { return retracted_; }

 private:
  Visibility writer_view() const;
  Status quad_facts(const std::array<TermId, 4>& q,
                    std::vector<std::pair<FactKey, FactValue>>& out);
  bool names_new_term(const std::array<TermId, 4>& q) const;

  const Store::Impl& store_;
  const TxNumber tx_;
  const MetaState& meta_;
  const std::uint64_t first_term_;
  FactId next_fact_;
  PendingFacts facts_;
  QuadFilter own_quads_;  // the quads this transaction touched that name a term of its own
  std::unique_ptr<rocksdb::Iterator> spog_it_;  // the store plus this transaction's runs
  std::string scratch_;
  std::vector<std::pair<FactKey, FactValue>> quad_scratch_;
  StatsDelta stats_;  // what this transaction changes in the statistics
  std::uint64_t added_ = 0, retracted_ = 0;
  bool quad_was_live_ = false;  // erase(): the quad being erased had a live fact
};

}  // namespace annals::store
