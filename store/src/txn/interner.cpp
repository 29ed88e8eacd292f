#include "txn/interner.hpp"

#include <cstdio>

#include "dict/encoding.hpp"

namespace annals::store {

namespace {

Status unserializable() {
  return Status::invalid_input("a literal's datatype or language tag may not hold NUL");
}

std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

Interner::Interner(const Store::Impl& store, Host& host, std::uint64_t next_term, bool fresh,
                   std::size_t cache_bytes)
    : store_(store), host_(host), next_term_(next_term), first_term_(next_term),
      fresh_store_(fresh) {
  cache_.set_max_bytes(cache_bytes);
}

Result<TermId> Interner::intern(const Term& t) {
  if (t.is_default_graph()) return kDefaultGraph;
  if (auto id = inline_id(t)) return *id;
  if (t.is_triple()) {
    TermId ids[3];
    const Term* parts[3] = {&t.triple->subject, &t.triple->predicate, &t.triple->object};
    for (int i = 0; i < 3; ++i) {
      auto r = intern(*parts[i]);
      if (!r) return r;
      ids[i] = *r;
    }
    return intern_triple(ids[0], ids[1], ids[2]);
  }
  if (!serializable(t)) return unserializable();
  term_key_.clear();
  serialize_term(t, term_key_);
  return intern_key(term_key_, dictionary_tag(t));
}

Result<TermId> Interner::intern_triple(TermId s, TermId p, TermId o) {
  std::string key;
  serialize_triple(s, p, o, key);
  return intern_key(key, kTagTriple);
}

// Pass one serializes the dictionary forms and asks for their cache slots, pass two for the
// key bytes those slots point at, pass three reads the forms the cache lacks from the
// dictionary in one MultiGet, pass four interns in order, by then mostly from the CPU cache.
Status Interner::intern_many(std::span<const Term* const> terms, std::span<TermId> ids) {
  batch_keys_.clear();
  batch_.clear();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const Term& t = *terms[i];
    Keyed k;
    if (t.is_default_graph()) {
      ids[i] = kDefaultGraph;
    } else if (auto id = inline_id(t)) {
      ids[i] = *id;
    } else if (!t.is_triple()) {  // a triple term's parts are interned first: one by one
      if (!serializable(t)) return unserializable();
      k.at = batch_keys_.size();
      serialize_term(t, batch_keys_);
      k.len = batch_keys_.size() - k.at;
      k.tag = dictionary_tag(t);
      k.hash = TermCache::hash(std::string_view(batch_keys_).substr(k.at, k.len));
      cache_.fetch_slot(k.hash);
    }
    batch_.push_back(k);
  }
  for (const Keyed& k : batch_) {
    if (k.tag != 0) cache_.fetch_key(k.hash);
  }
  const std::uint64_t clears = cache_clears_;
  if (auto st = look_up_batch(); !st) return st;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const Keyed& k = batch_[i];
    Result<TermId> id = ids[i];
    if (k.tag != 0) {
      id = intern_key(std::string_view(batch_keys_).substr(k.at, k.len), k.tag, k.hash,
                      k.absent && cache_clears_ == clears);
    } else if (terms[i]->is_triple()) {
      id = intern(*terms[i]);
    }
    if (!id) return id.status();
    ids[i] = *id;
  }
  return Status::ok();
}

// The batch's forms the cache lacks, read from the dictionary at once (where intern_key
// would read them: see there); those found go into the cache, the others are marked absent.
Status Interner::look_up_batch() {
  if (fresh_store_ && !cache_cleared_) return Status::ok();
  lookup_keys_.clear();
  lookup_at_.clear();
  for (std::size_t i = 0; i < batch_.size(); ++i) {
    const Keyed& k = batch_[i];
    if (k.tag == 0) continue;
    std::string_view key = std::string_view(batch_keys_).substr(k.at, k.len);
    if (cache_.find(key, k.hash)) continue;
    lookup_at_.push_back(i);
    lookup_keys_.push_back(slice(key));
  }
  if (lookup_keys_.empty()) return Status::ok();
  const std::size_t n = lookup_keys_.size();
  lookup_values_.resize(n);
  lookup_status_.resize(n);
  store_.db()->MultiGet(rocksdb::ReadOptions(), store_.cf(kCfTerm2Id), n, lookup_keys_.data(),
                        lookup_values_.data(), lookup_status_.data());
  // Each value may pin a block of the cache until reset: all are, whatever happens.
  struct Unpin {
    std::vector<rocksdb::PinnableSlice>& values;
    ~Unpin() {
      for (auto& v : values) v.Reset();
    }
  } unpin{lookup_values_};
  for (std::size_t j = 0; j < n; ++j) {
    Keyed& k = batch_[lookup_at_[j]];
    const rocksdb::Status& s = lookup_status_[j];
    if (s.IsNotFound()) {
      k.absent = true;
      continue;
    }
    if (!s.ok()) return from_rocks(s, "looking up a term");
    if (lookup_values_[j].size() != 8) return Status::corruption("malformed dictionary entry");
    const TermId id = get_u64(lookup_values_[j].data());
    std::string_view key = std::string_view(batch_keys_).substr(k.at, k.len);
    if (cache_.find(key, k.hash)) continue;  // the batch holds it twice
    if (auto st = make_cache_room(key.size()); !st) return st;
    cache_.insert(key, k.hash, id);
  }
  return Status::ok();
}

Result<TermId> Interner::intern_key(std::string_view key, std::uint8_t tag) {
  return intern_key(key, tag, TermCache::hash(key));
}

// The id for a term's dictionary form, allocated with this tag if new. known_absent: the
// dictionary lacked it at a look-up since which the cache has not been emptied.
Result<TermId> Interner::intern_key(std::string_view key, std::uint8_t tag, std::uint64_t hash,
                                    bool known_absent) {
  if (auto hit = cache_.find(key, hash)) return *hit;
  std::string val;
  // A store that had no terms when this transaction began holds only the ones this
  // transaction made, and the cache has all of those until it is first cleared.
  auto s = (fresh_store_ && !cache_cleared_) || known_absent
               ? rocksdb::Status::NotFound()
               : store_.db()->Get(rocksdb::ReadOptions(), store_.cf(kCfTerm2Id), slice(key), &val);
  TermId id = 0;
  if (s.ok()) {
    if (val.size() != 8) return Status::corruption("malformed dictionary entry");
    id = get_u64(val.data());
  } else if (s.IsNotFound()) {
    id = make_id(tag, next_term_++);
    add_term(std::string(key), id);
  } else {
    return from_rocks(s, "looking up a term");
  }
  if (auto st = make_cache_room(key.size()); !st) return st;
  cache_.insert(key, hash, id);
  if (auto st = host_.maybe_spill(); !st) return st;
  return id;
}

Result<TermId> Interner::fresh_blank() {
  const TermId id = make_id(kTagBlank, next_term_++);  // the label follows from the id
  std::string key;
  serialize_term(Term::blank("b" + hex(payload_of(id))), key);
  // intern() of the label must find it (Update copies blank nodes by label), and in a
  // fresh store intern() trusts the cache to hold every term this transaction made.
  add_term(key, id);
  if (auto st = make_cache_room(key.size()); !st) return st;
  cache_.insert(key, TermCache::hash(key), id);
  if (auto st = host_.maybe_spill(); !st) return st;
  return id;
}

// Empties the cache when a key of this size no longer fits, once the host has put every
// term this transaction made in the store (see clear_cache()).
Status Interner::make_cache_room(std::size_t key_bytes) {
  if (cache_.has_room(key_bytes)) return Status::ok();
  if (key_bytes > TermCache::kMaxKey) {
    return Status::invalid_input("a term of more than " +
                                 std::to_string(TermCache::kMaxKey >> 20) + " MiB");
  }
  if (auto st = host_.land_terms(); !st) return st;
  clear_cache();
  return Status::ok();
}

void Interner::clear_cache() {
  cache_.clear();
  cache_cleared_ = true;
  ++cache_clears_;
}

// A new dictionary entry, written with the transaction.
void Interner::add_term(std::string key, TermId id) {
  host_.term_pending(2 * (key.size() + 8) + 64);
  new_terms_.emplace_back(std::move(key), u64_value(id));
  ++terms_added_;
}

}  // namespace annals::store
