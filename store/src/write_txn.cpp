// Write transactions: the changes, the spills they set off, the commit and the rollback
// (txn/write_txn_impl.hpp has the parts).
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <utility>

#include "dict/encoding.hpp"
#include "store_impl.hpp"
#include "txn/log_record.hpp"
#include "txn/runs.hpp"
#include "txn/write_txn_impl.hpp"

namespace annals {

using namespace annals::store;

namespace {

// Rough memory of one pending fact (map node, key, value, later index puts).
constexpr std::size_t kPendingFactBytes = 160;
// A queued bulk fact, counted with what resolving it into the pending map will take.
constexpr std::size_t kBulkFactBytes = 200;
constexpr std::size_t kSmallTransactionFacts = 20'000;
constexpr std::size_t kTermCacheLimit = 2'000'000;

Status finished() { return Status::failed("the transaction is already finished"); }

Result<FactKey> fact_key(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid) {
  if (auto st = check_interval(valid); !st) return st;
  return FactKey{{s, p, o, g}, encode_from(valid.from), encode_to(valid.to)};
}

}  // namespace

// The cache of the terms the transaction has seen holds at most 16 times the pending
// writes' bytes (1 GiB at the default 64 MiB), in step with the memory the caller gave.
WriteTxn::Impl::Impl(std::shared_ptr<Store::Impl> store_in, MetaState meta_in, TxNumber tx_in)
    : store(std::move(store_in)), meta(std::move(meta_in)), tx(tx_in),
      interner(*store, *this, std::max<std::uint64_t>(meta.next_term, 1),
               meta.next_term <= 1 && meta.next_fact <= 1,
               std::max<std::size_t>(store->options.spill_bytes, std::size_t{64} << 10) * 16),
      spiller(*store, tx, FactResolver(*store, tx, meta, interner.first_term())) {}

// Lets the next Store::write() begin, once this transaction is finished (committed, rolled
// back or destroyed) and its spill joined.
void WriteTxn::Impl::release_writer() {
  if (released) return;
  released = true;
  std::lock_guard lock(store->writer_mu);
  store->writer_open = false;
}

Result<bool> WriteTxn::Impl::change(TermId s, TermId p, TermId o, TermId g,
                                    const ValidTime& valid, bool assert) {
  auto key = fact_key(s, p, o, g, valid);
  if (!key) return key.status();
  if (auto st = spiller.join(); !st) return st;
  if (auto st = resolve_bulk(); !st) return st;
  auto r = spiller.resolver().change(*key, assert);
  if (!r) return r;
  if (*r) pending_bytes += kPendingFactBytes;
  if (auto st = maybe_spill(); !st) return st;
  return r;
}

// Sorted resolution turns the per-fact look-ups into a forward walk of the primary index and
// the pending facts' inserts into appends.
Status WriteTxn::Impl::add(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid) {
  auto key = fact_key(s, p, o, g, valid);
  if (!key) return key.status();
  bulk.push_back(*key);
  pending_bytes += kBulkFactBytes;
  return maybe_spill();
}

// With no spill in flight.
Status WriteTxn::Impl::resolve_bulk() {
  const std::atomic<bool> never{false};
  auto st = spiller.resolver().resolve(bulk, never);
  bulk.clear();
  bulk.shrink_to_fit();
  return st;
}

Status WriteTxn::Impl::maybe_spill() {
  if (pending_bytes < store->options.spill_bytes) return Status::ok();
  return spill();
}

Status WriteTxn::Impl::land_terms() {
  if (interner.has_new_terms() || !bulk.empty()) {
    if (auto st = spill(); !st) return st;
  }
  return spiller.join();
}

// The queued facts and the new terms go to the spiller, which writes them out in the
// background (the commit's own spill: at once) while the caller goes on interning.
Status WriteTxn::Impl::spill(bool final) {
  if (auto st = spiller.join(); !st) return st;
  const std::size_t queued = bulk.size();
  auto chunk = std::exchange(bulk, {});
  if (!final) bulk.reserve(queued);
  pending_bytes = 0;
  if (auto st = spiller.spill(std::move(chunk), interner.take_new_terms(), interner.next_term(),
                              final);
      !st) {
    return st;
  }
  // A cache this large costs more to probe than the dictionary's look-ups save: it empties
  // once the spill has put the terms only it knows in the store.
  if (!final && interner.cache_size() > kTermCacheLimit) {
    if (auto st = spiller.join(); !st) return st;
    interner.clear_cache();
  }
  return Status::ok();
}

// The prefixes and the default-graph rule this transaction set.
void WriteTxn::Impl::put_settings(rocksdb::WriteBatch& b) {
  std::string key;
  for (const auto& [name, iri] : prefixes) {
    key.assign(kMetaPrefix);
    key += name;
    b.Put(store->cf(kCfMeta), key, iri);
  }
  if (union_default) {
    b.Put(store->cf(kCfMeta), slice(kMetaDefaultGraph), *union_default ? "union" : "own");
  }
}

// Lists the transaction as aborted, once; with no spill in flight.
Status WriteTxn::Impl::mark_aborted() {
  if (marked_aborted) return Status::ok();
  rocksdb::WriteBatch b;
  put_aborted(*store, meta.aborted, tx, b);
  b.Put(store->cf(kCfMeta), slice(kMetaNextTerm), u64_value(interner.next_term()));
  b.Put(store->cf(kCfMeta), slice(kMetaNextFact), u64_value(spiller.resolver().next_fact()));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto st = store->write_batch(wo, b, "rolling back a transaction");
  if (st) {
    marked_aborted = true;
    auto aborted = meta.aborted;
    aborted.insert(std::upper_bound(aborted.begin(), aborted.end(), tx), tx);
    store->aborted->set(std::move(aborted));
  }
  return st;
}

Result<TxRecord> WriteTxn::Impl::commit(const std::string& description) {
  if (done) return finished();
  done = true;
  auto r = commit_steps(description);
  if (r && spiller.spilled() && r->number != 0) settle_runs(*store);
  spiller.pause_compactions(false);
  if (r) store->flush_memtables(Store::Impl::kFlushAfterCommitEntries, false);
  (void)spiller.join();
  // Whatever failed after a spill, its runs must never become visible, and its number must
  // not be reused.
  if (!r && spiller.spilled()) (void)mark_aborted();
  release_writer();
  return r;
}

Result<TxRecord> WriteTxn::Impl::commit_steps(const std::string& description) {
  if (auto st = spiller.join(); !st) return st;
  if (auto st = resolve_bulk(); !st) return st;
  FactResolver& facts = spiller.resolver();
  TxRecord rec;
  if (facts.added() == 0 && facts.retracted() == 0 && !purging) {
    if (spiller.spilled()) {
      if (auto st = mark_aborted(); !st) return st;
    }
    if (!prefixes.empty() || union_default) {
      rocksdb::WriteBatch b;
      put_settings(b);
      rocksdb::WriteOptions wo;
      wo.sync = true;
      if (auto st = store->write_batch(wo, b, "writing prefixes and settings"); !st) return st;
    }
    return rec;
  }
  rec.number = tx;
  rec.timestamp_ms = store->now_ms();
  rec.description = description;
  rec.facts_added = facts.added();
  rec.facts_retracted = facts.retracted();
  rec.terms_added = interner.terms_added();

  rocksdb::WriteBatch b;
  // A large transaction goes in as sorted files even if it never spilled: memtables are
  // slow to fill with a million random keys.
  // A purge's deletions are not tagged with its number, so they must land with the commit.
  if (!purging && (spiller.spilled() || facts.size() > kSmallTransactionFacts)) {
    if (auto st = spill(true); !st) return st;
  } else {
    Frozen f = facts.freeze();
    f.terms = interner.take_new_terms();
    pending_bytes = 0;
    if (auto st = write_batch(f, *store, b); !st) return st;
  }
  b.Put(store->cf(kCfMeta), slice(kMetaNextTerm), u64_value(interner.next_term()));
  b.Put(store->cf(kCfMeta), slice(kMetaNextFact), u64_value(facts.next_fact()));
  Counts counts = meta.counts;
  if (auto st = facts.stats().merge(*store->db(), store->cf(kCfStats), tx, b, counts); !st)
    return st;
  counts.terms += interner.terms_added();
  counts.transactions += 1;
  std::string v;
  encode_counts(counts, v);
  b.Put(store->cf(kCfMeta), slice(kMetaCounts), v);
  b.Put(store->cf(kCfMeta), slice(kMetaCommitted), u64_value(tx));
  put_settings(b);
  if (spiller.spilled()) b.Delete(store->cf(kCfMeta), slice(kMetaPending));
  v.clear();
  encode_tx_record(rec, v);
  b.Put(store->cf(kCfLog), u64_value(tx), v);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (auto st = store->write_batch(wo, b, "committing a transaction"); !st) return st;
  return rec;
}

// Writes everything pending to the store as a spill does (invisible to every other reader),
// then opens a view that counts this transaction as committed.
Result<ReadTxn> WriteTxn::Impl::read_own() {
  if (done) return finished();
  if (auto st = spiller.join(); !st) return st;
  if (!spiller.spilled() && spiller.resolver().empty() && bulk.empty()) return make_read_txn(store);
  if (!bulk.empty() || !spiller.resolver().empty() || interner.has_new_terms()) {
    if (auto st = spill(); !st) return st;
  }
  if (auto st = spiller.join(); !st) return st;
  return make_read_txn(store, tx);
}

void WriteTxn::Impl::rollback() {
  if (!done) spiller.abandon();
  (void)spiller.join();
  spiller.pause_compactions(false);
  if (!done) {
    done = true;
    if (spiller.spilled()) (void)mark_aborted();
    spiller.resolver().clear();
    (void)interner.take_new_terms();
  }
  release_writer();
}

WriteTxn::WriteTxn(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WriteTxn::WriteTxn(WriteTxn&&) noexcept = default;
WriteTxn& WriteTxn::operator=(WriteTxn&&) noexcept = default;
WriteTxn::~WriteTxn() = default;

// Every change checks first that the transaction is still open: once it is finished, the
// next write transaction may be running and own the store's counters.
Result<TermId> WriteTxn::intern(const Term& term) {
  if (impl_->done) return finished();
  return impl_->interner.intern(term);
}
Status WriteTxn::intern_many(std::span<const Term* const> terms, std::span<TermId> ids) {
  if (impl_->done) return finished();
  if (ids.size() != terms.size()) return Status::failed("intern_many: ids and terms differ in length");
  return impl_->interner.intern_many(terms, ids);
}
Result<TermId> WriteTxn::fresh_blank() {
  if (impl_->done) return finished();
  return impl_->interner.fresh_blank();
}
Result<TermId> WriteTxn::intern_triple(TermId s, TermId p, TermId o) {
  if (impl_->done) return finished();
  return impl_->interner.intern_triple(s, p, o);
}
Result<bool> WriteTxn::assert_fact(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid) {
  if (impl_->done) return finished();
  return impl_->change(s, p, o, g, valid, true);
}
Status WriteTxn::add_fact(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid) {
  if (impl_->done) return finished();
  return impl_->add(s, p, o, g, valid);
}
Result<bool> WriteTxn::retract_fact(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid) {
  if (impl_->done) return finished();
  return impl_->change(s, p, o, g, valid, false);
}
Status WriteTxn::set_prefix(const Prefix& prefix) {
  if (impl_->done) return finished();
  if (prefix.iri.empty()) return Status::invalid_input("prefix '" + prefix.name + ":' has an empty IRI");
  if (prefix.name.find(':') != std::string::npos) {
    return Status::invalid_input("a prefix name cannot contain ':': '" + prefix.name + "'");
  }
  impl_->prefixes[prefix.name] = prefix.iri;
  return Status::ok();
}
Status WriteTxn::set_union_default_graph(bool on) {
  if (impl_->done) return finished();
  impl_->union_default = on;
  return Status::ok();
}
Result<ReadTxn> WriteTxn::base() const { return make_read_txn(impl_->store); }
Result<ReadTxn> WriteTxn::read_own() { return impl_->read_own(); }
Result<TxRecord> WriteTxn::commit(const std::string& description) {
  return impl_->commit(description);
}
void WriteTxn::rollback() { impl_->rollback(); }
Result<PurgeResult> WriteTxn::purge(const PurgeSelector& selector, const std::string& reason,
                                    bool dry_run) {
  return impl_->purge(selector, reason, dry_run);
}

Result<WriteTxn> Store::write() {
  if (impl_->options.read_only) return Status::failed("the store is open read-only");
  {
    std::lock_guard lock(impl_->writer_mu);
    if (impl_->writer_open) {
      return Status::failed("another write transaction (or a compaction) is in progress");
    }
    impl_->writer_open = true;
  }
  auto refuse = [&](Status st) {
    std::lock_guard lock(impl_->writer_mu);
    impl_->writer_open = false;
    return st;
  };
  if (auto st = impl_->resume(); !st) return refuse(st);
  auto meta = impl_->read_meta(*impl_->rocks, nullptr);
  if (!meta) return refuse(meta.status());
  TxNumber last = meta->committed;
  if (!meta->aborted.empty()) last = std::max(last, meta->aborted.back());
  return WriteTxn(std::make_unique<WriteTxn::Impl>(impl_, std::move(meta).value(), last + 1));
}

}  // namespace annals
