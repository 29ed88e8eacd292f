#include "txn/fact_resolver.hpp"

#include <algorithm>

namespace annals::store {

namespace {

// A newer value of a fact replaces an older one in `out`, or joins it.
void overlay(std::vector<std::pair<FactKey, FactValue>>& out, const FactKey& key,
             FactValue value) {
  auto same = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == key; });
  if (same != out.end()) {
    same->second = std::move(value);
  } else {
    out.emplace_back(key, std::move(value));
  }
}

Status stopped() { return Status::failed("the transaction was rolled back"); }

}  // namespace

FactResolver::FactResolver(const Store::Impl& store, TxNumber tx, const MetaState& meta,
                           std::uint64_t first_term)
    : store_(store), tx_(tx), meta_(meta), first_term_(first_term),
      next_fact_(std::max<FactId>(meta.next_fact, 1)) {}

Visibility FactResolver::writer_view() const {
  Visibility v;
  v.as_of = tx_;
  v.committed = tx_;
  v.aborted = &meta_.aborted;
  return v;
}

bool FactResolver::live(const FactValue& v) const {
  auto vis = writer_view();
  for (const auto& h : v.history) {
    if (vis.is_aborted(h.from)) continue;
    if (h.to == kTxOpen || vis.is_aborted(h.to)) return true;
  }
  return false;
}

bool FactResolver::names_new_term(const std::array<TermId, 4>& q) const {
  for (TermId id : q)
    if (is_dictionary(id) && payload_of(id) >= first_term_) return true;
  return false;
}

// Every fact of a quad, as this writer sees it: pending ones over stored ones. The quad's
// facts are adjacent in SPOG order, so this is one prefix seek plus a map range.
Status FactResolver::quad_facts(const std::array<TermId, 4>& q,
                                std::vector<std::pair<FactKey, FactValue>>& out) {
  out.clear();
  // A quad naming a term this transaction made (in a new store: every quad) can have no
  // facts but this transaction's own; the filter of its own quads says when it surely has
  // none. A load of new reports into a large store skips most index look-ups so.
  const bool stored_maybe = !names_new_term(q) || own_quads_.may_contain(quad_hash(q));
  if (stored_maybe) {
    if (!spog_it_) {
      rocksdb::ReadOptions ro;
      ro.prefix_same_as_start = true;
      spog_it_.reset(store_.db()->NewIterator(ro, store_.cf(quad_cf(Perm::kSPOG))));
    }
    scratch_.clear();
    for (auto id : q) put_u64(scratch_, id);
    for (spog_it_->Seek(scratch_); spog_it_->Valid() && spog_it_->key().starts_with(scratch_);
         spog_it_->Next()) {
      FactKey k;
      FactValue v;
      if (!decode_quad_key(Perm::kSPOG, {spog_it_->key().data(), spog_it_->key().size()}, k) ||
          !decode_fact_value({spog_it_->value().data(), spog_it_->value().size()}, true, v)) {
        return Status::corruption("malformed entry in index spog");
      }
      out.emplace_back(k, std::move(v));
    }
    if (!spog_it_->status().ok()) return from_rocks(spog_it_->status(), "reading index spog");
  }
  // This transaction's pending facts of the quad, laid over the stored ones.
  facts_.for_quad(q, [&](const FactKey& key, const FactValue& value) { overlay(out, key, value); });
  return Status::ok();
}

Status FactResolver::resolve(std::vector<FactKey>& keys, const std::atomic<bool>& stop) {
  if (keys.empty()) return Status::ok();
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  // Sorted keys have random hashes: fetch the filter's block of a key some keys ahead.
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i % 4096 == 0 && stop.load(std::memory_order_relaxed)) return stopped();
    if (i + kAhead < keys.size() && names_new_term(keys[i + kAhead].q))
      own_quads_.fetch(quad_hash(keys[i + kAhead].q));
    if (auto r = change(keys[i], true); !r) return r.status();
  }
  return Status::ok();
}

Result<bool> FactResolver::change(const FactKey& key, bool assert) {
  const TermId s = key.q[kS], p = key.q[kP], o = key.q[kO], g = key.q[kG];
  std::vector<std::pair<FactKey, FactValue>>& all = quad_scratch_;
  if (auto st = quad_facts(key.q, all); !st) return st;
  FactValue value;
  bool exists = false;
  bool others_live = false;
  for (auto& [k, v] : all) {
    if (k == key) {
      value = std::move(v);
      exists = true;
    } else if (live(v)) {
      others_live = true;
    }
  }
  const bool is_live = exists && live(value);
  if (assert == is_live) return false;

  (void)forget_aborted(value.history, writer_view());
  if (assert) {
    if (!exists) value.id = next_fact_++;
    value.history.push_back({tx_, kTxOpen});
    stats_.asserted(s, p, o, g, key.dated(), !others_live);
    ++added_;
  } else {
    auto& last = value.history.back();  // the live version is the last one
    if (last.from == tx_) {
      value.history.pop_back();  // asserted and retracted in this transaction
    } else {
      last.to = tx_;
    }
    stats_.retracted(p, g, key.dated(), !others_live);
    ++retracted_;
  }
  if (names_new_term(key.q)) own_quads_.add(quad_hash(key.q));
  facts_.put(key, std::move(value));
  return true;
}

bool FactResolver::erase(const FactKey& key, const FactValue& value, bool new_quad) {
  if (new_quad) quad_was_live_ = false;
  const bool was_live = live(value);
  if (was_live) {
    stats_.retracted(key.q[kP], key.q[kG], key.dated(), !quad_was_live_);
    quad_was_live_ = true;
  }
  facts_.put(key, FactValue{});  // an empty history deletes it from every index
  return was_live;
}

Frozen FactResolver::freeze() {
  Frozen f;
  f.rows.reserve(facts_.size());
  facts_.for_each([&](const FactKey& key, const FactValue& value) {
    Frozen::Row& r = f.rows.emplace_back();
    r.key = key;
    r.erased = value.history.empty();
    r.primary_at = static_cast<std::uint32_t>(f.primary_values.size());
    encode_fact_value(value, true, f.primary_values);
    r.primary_len = static_cast<std::uint32_t>(f.primary_values.size() - r.primary_at);
    r.other_at = static_cast<std::uint32_t>(f.other_values.size());
    encode_fact_value(value, false, f.other_values);
    r.other_len = static_cast<std::uint32_t>(f.other_values.size() - r.other_at);
  });
  facts_.clear();
  return f;
}

}  // namespace annals::store
