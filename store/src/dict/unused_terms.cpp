// Store::compact's removal of dictionary terms nothing refers to (unused_terms.hpp).
#include "dict/unused_terms.hpp"

#include <rocksdb/db.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "dict/encoding.hpp"
#include "store_impl.hpp"

namespace annals::store {

namespace {

// One bit per dictionary sequence number (one counter serves every dictionary tag, so a
// payload names one term whatever its tag): whether something refers to that term.
class UsedTerms {
 public:
  explicit UsedTerms(std::uint64_t next_term) : bits_(next_term, false) {}
  void mark(TermId id) {
    if (is_dictionary(id) && payload_of(id) < bits_.size()) bits_[payload_of(id)] = true;
  }
  // Ids past the counter count as used: such an entry is a problem for `annals check` to
  // name, not garbage to remove.
  bool used(TermId id) const { return payload_of(id) >= bits_.size() || bits_[payload_of(id)]; }

 private:
  std::vector<bool> bits_;
};

Status scan_failed(const rocksdb::Iterator& it, const char* what) {
  return from_rocks(it.status(), std::string("removing unused terms: reading ") + what);
}

// Marks the four ids of every key of the spog index, and the predicates and graphs the
// statistics name.
Status mark_references(const Store::Impl& store, UsedTerms& used) {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;  // one pass over the whole index
  std::unique_ptr<rocksdb::Iterator> it(
      store.db()->NewIterator(ro, store.cf(quad_cf(Perm::kSPOG))));
  FactKey k;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    // A malformed key is left for `annals check` to report.
    if (!decode_quad_key(Perm::kSPOG, {it->key().data(), it->key().size()}, k)) continue;
    for (TermId id : k.q) used.mark(id);
  }
  if (!it->status().ok()) return scan_failed(*it, "the spog index");
  // A statistics record of a predicate or graph with current facts; one without (all of them
  // retracted: the index still names it; all purged: nothing does) goes with its term.
  it.reset(store.db()->NewIterator(ro, store.cf(kCfStats)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    if (key.size() != 9) continue;
    const std::string_view value(it->value().data(), it->value().size());
    bool current = true;  // a malformed record is left for `annals check` to report
    if (key[0] == 'p') {
      PredicateRecord r;
      if (decode_predicate_record(value, r)) current = r.facts > 0;
    } else {
      const char* p = value.data();
      if (auto n = get_varint(p, p + value.size())) current = *n > 0;
    }
    if (current) used.mark(get_u64(key.data() + 1));
  }
  if (!it->status().ok()) return scan_failed(*it, "the statistics");
  // A kept triple term keeps its parts. Parts are interned before the triple that names
  // them, so walking the triple terms from the highest id down reaches a nested triple term
  // after the one that marked it.
  it.reset(store.db()->NewIterator(ro, store.cf(kCfId2Term)));
  std::string last;
  put_u64(last, last_id(kTagTriple));
  for (it->SeekForPrev(slice(last)); it->Valid(); it->Prev()) {
    const rocksdb::Slice key = it->key();
    if (key.size() != 8) continue;
    const TermId id = get_u64(key.data());
    if (tag_of(id) != kTagTriple) break;
    if (!used.used(id)) continue;
    TermId parts[3] = {0, 0, 0};
    if (!deserialize_term({it->value().data(), it->value().size()}, parts)) continue;
    for (TermId part : parts) used.mark(part);
  }
  if (!it->status().ok()) return scan_failed(*it, "the dictionary");
  return Status::ok();
}

}  // namespace

Result<std::uint64_t> remove_unused_terms(Store::Impl& store) {
  auto meta = store.read_meta(*store.rocks, nullptr);
  if (!meta) return meta.status();
  UsedTerms used(meta->next_term);
  if (auto st = mark_references(store, used); !st) return st;

  // From the highest id down: triple terms (the highest tag) before the terms they are made
  // of, so that a crash between two batches leaves no kept triple term without a part.
  constexpr std::size_t kBatchBytes = 4 << 20;
  Counts counts = meta->counts;
  std::uint64_t removed = 0;
  std::uint64_t kept = 0;
  rocksdb::WriteBatch batch;
  std::uint64_t in_batch = 0;
  // Writes the batch with the term count it leaves.
  auto write = [&]() -> Status {
    std::string v;
    encode_counts(counts, v);
    batch.Put(store.cf(kCfMeta), slice(kMetaCounts), v);
    auto st = store.write_batch(rocksdb::WriteOptions(), batch, "removing unused terms");
    batch.Clear();
    return st;
  };
  auto flush = [&]() -> Status {
    if (in_batch == 0) return Status::ok();
    counts.terms -= std::min(counts.terms, in_batch);
    removed += in_batch;
    in_batch = 0;
    return write();
  };
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(store.db()->NewIterator(ro, store.cf(kCfId2Term)));
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    const rocksdb::Slice key = it->key();
    if (key.size() != 8) continue;
    const TermId id = get_u64(key.data());
    if (!is_dictionary(id) || used.used(id)) {
      ++kept;
      continue;
    }
    batch.Delete(store.cf(kCfId2Term), key);
    batch.Delete(store.cf(kCfTerm2Id), it->value());
    batch.Delete(store.cf(kCfStats), predicate_stats_key(id));
    batch.Delete(store.cf(kCfStats), graph_stats_key(id));
    ++in_batch;
    if (batch.GetDataSize() >= kBatchBytes) {
      if (auto st = flush(); !st) return st;
    }
  }
  if (!it->status().ok()) return scan_failed(*it, "the dictionary");
  if (auto st = flush(); !st) return st;
  // Terms an aborted transaction interned and a later one used were never counted: now that
  // the pass has seen every entry, the count is made exact.
  if (counts.terms != kept) {
    counts.terms = kept;
    if (auto st = write(); !st) return st;
  }
  return removed;
}

}  // namespace annals::store
