// A write transaction: the interner (its terms), the spiller with its fact resolver (its
// facts), the facts queued in bulk, and the commit that makes them visible at once. Small
// transactions are one WriteBatch; a large one spills its pending writes in runs tagged with
// its number, invisible to readers until the commit record lands (store/FORMAT.md
// "Transactions"). write_txn.cpp has the changes and the commit, purge.cpp the purge.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "store_impl.hpp"
#include "txn/fact_resolver.hpp"
#include "txn/interner.hpp"
#include "txn/spiller.hpp"

namespace annals {

class WriteTxn::Impl final : public store::Interner::Host {
 public:
  // Begins transaction `tx` on a store whose state is `meta`; the caller holds the writer
  // slot, which release_writer() gives back.
  Impl(std::shared_ptr<Store::Impl> store, store::MetaState meta, TxNumber tx);
  ~Impl() { rollback(); }

  Result<bool> change(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid,
                      bool assert);
  Status add(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid);
  Result<ReadTxn> read_own();
  Result<TxRecord> commit(const std::string& description);
  void rollback();
  Result<PurgeResult> purge(const PurgeSelector& sel, const std::string& reason, bool dry_run);

  // Interner::Host
  void term_pending(std::size_t bytes) override { pending_bytes += bytes; }
  Status maybe_spill() override;
  Status land_terms() override;

  const std::shared_ptr<Store::Impl> store;
  const store::MetaState meta;  // the store as this transaction began
  const TxNumber tx;
  bool done = false;
  std::map<std::string, std::string> prefixes;  // bound by this transaction
  std::optional<bool> union_default;             // set by this transaction
  store::Interner interner;
  store::Spiller spiller;

 private:
  Status spill(bool final = false);
  Status resolve_bulk();
  Result<TxRecord> commit_steps(const std::string& description);
  Status mark_aborted();
  void put_settings(rocksdb::WriteBatch& b);
  void release_writer();
  Status erase_prefix(store::Perm perm, TermId id, PurgeCounts& counts, int skip_pos);

  // Bulk assertions, queued without an answer and resolved in key order at the next spill,
  // commit or single change.
  std::vector<store::FactKey> bulk;
  // Rough memory of what waits to be written (new terms, queued and pending facts); a
  // spill starts past StoreOptions::spill_bytes.
  std::size_t pending_bytes = 0;
  bool released = false;  // release_writer() done
  bool purging = false;   // purge(): commit even with no fact added or retracted
  bool marked_aborted = false;  // mark_aborted() done
};

}  // namespace annals
