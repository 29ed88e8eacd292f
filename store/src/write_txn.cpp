// Write transactions: interning terms, asserting and retracting facts, and the commit that
// makes them visible at once. Small transactions are one WriteBatch. A large one spills its
// pending writes in chunks tagged with its number, invisible to readers until the commit
// record lands (store/FORMAT.md "Transactions").
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>
#include <utility>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "annals/iri.hpp"
#include "dict/encoding.hpp"
#include "dict/term_cache.hpp"
#include "txn/pending_facts.hpp"
#include "txn/quad_filter.hpp"
#include "txn/runs.hpp"
#include "store_impl.hpp"
#include "stats/stats_delta.hpp"
#include "txn/log_record.hpp"

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

}  // namespace

class WriteTxn::Impl {
 public:
  std::shared_ptr<Store::Impl> store;
  TxNumber tx = 0;
  MetaState meta;
  std::uint64_t next_term = 1;
  FactId next_fact = 1;
  bool spilled = false;
  bool done = false;
  bool compactions_paused = false;  // see pause_compactions()

  std::vector<std::pair<std::string, std::string>> new_terms;  // (dictionary form, id key)
  TermCache term_cache;  // terms this transaction has seen
  bool term_cache_cleared = false;
  bool fresh_store = false;  // no term or fact had ever been written when this began
  // The first dictionary sequence number this transaction allocates (ids are never reused:
  // a term numbered from it on is this transaction's own).
  std::uint64_t first_term = 1;
  QuadFilter own_quads;  // the quads this transaction touched that name a term of its own
  std::string term_key;  // reused buffer for a term's dictionary form
  // intern_many()'s dictionary forms; tag 0 for a term that has none (or not yet).
  struct Keyed {
    std::size_t at = 0, len = 0;
    std::uint64_t hash = 0;
    std::uint8_t tag = 0;
    bool absent = false;  // the dictionary lacked it at the batch's look-up
  };
  // Bumped each time the term cache is emptied: a batch's "absent" marks hold only while it
  // has not been (a spill may have put terms in the dictionary that the look-up did not see).
  std::uint64_t cache_clears = 0;
  std::vector<rocksdb::Slice> lookup_keys;
  std::vector<std::size_t> lookup_at;
  std::vector<rocksdb::PinnableSlice> lookup_values;
  std::vector<rocksdb::Status> lookup_status;
  std::string many_keys;
  std::vector<Keyed> many;
  PendingFacts facts;
  std::size_t pending_bytes = 0;
  std::unique_ptr<rocksdb::Iterator> spog_it;  // sees the store plus this txn's spilled chunks
  std::string scratch;
  int spill_files = 0;
  std::vector<FactKey> bulk;
  std::thread background;  // resolving and writing the last spill (see spill())
  Status background_status;
  // Set by a rollback: the spill in flight stops at its next key, since its runs would only
  // be thrown away.
  std::atomic<bool> abandoned{false};
  std::vector<std::pair<FactKey, FactValue>> quad_scratch;

  StatsDelta stats_delta;  // what this transaction changes in the statistics
  std::uint64_t terms_added = 0, facts_added = 0, facts_retracted = 0;
  std::map<std::string, std::string> prefixes;  // bound by this transaction
  bool released = false;       // release_writer() done
  bool purging = false;        // purge(): commit even with no fact added or retracted
  bool quad_was_live = false;  // purge(): the quad being erased had a live fact

  ~Impl() { rollback(); }

  // Lets the next Store::write() begin, once this transaction is finished (committed, rolled
  // back or destroyed) and its spill thread joined.
  void release_writer() {
    if (!store || released) return;
    released = true;
    std::lock_guard lock(store->writer_mu);
    store->writer_open = false;
  }

  Visibility writer_view() const {
    Visibility v;
    v.as_of = tx;
    v.committed = tx;
    v.aborted = &meta.aborted;
    return v;
  }
  // Live for this writer: asserted by a committed transaction or by this one, not retracted.
  bool live(const FactValue& v) const {
    auto vis = writer_view();
    for (const auto& h : v.history) {
      if (vis.is_aborted(h.from)) continue;
      if (h.to == kTxOpen || vis.is_aborted(h.to)) return true;
    }
    return false;
  }

  TermId allocate(std::uint8_t tag) { return make_id(tag, next_term++); }

  Result<TermId> intern(const Term& t) {
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
    term_key.clear();
    serialize_term(t, term_key);
    return intern_key(term_key, dictionary_tag(t));
  }

  static Status unserializable() {
    return Status::invalid_input("a literal's datatype or language tag may not hold NUL");
  }

  Result<TermId> intern_triple(TermId s, TermId p, TermId o) {
    std::string key;
    serialize_triple(s, p, o, key);
    return intern_key(key, kTagTriple);
  }

  // A batch of terms: pass one serializes the dictionary forms and asks for their cache
  // slots, pass two for the key bytes those slots point at, pass three reads the forms the
  // cache lacks from the dictionary in one MultiGet, pass four interns in order, by then
  // mostly from the CPU cache.
  Status intern_many(std::span<const Term* const> terms, std::span<TermId> ids) {
    many_keys.clear();
    many.clear();
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const Term& t = *terms[i];
      Keyed k;
      if (t.is_default_graph()) {
        ids[i] = kDefaultGraph;
      } else if (auto id = inline_id(t)) {
        ids[i] = *id;
      } else if (!t.is_triple()) {  // a triple term's parts are interned first: one by one
        if (!serializable(t)) return unserializable();
        k.at = many_keys.size();
        serialize_term(t, many_keys);
        k.len = many_keys.size() - k.at;
        k.tag = dictionary_tag(t);
        k.hash = TermCache::hash(std::string_view(many_keys).substr(k.at, k.len));
        term_cache.fetch_slot(k.hash);
      }
      many.push_back(k);
    }
    for (const Keyed& k : many) {
      if (k.tag != 0) term_cache.fetch_key(k.hash);
    }
    const std::uint64_t clears = cache_clears;
    if (auto st = look_up_many(); !st) return st;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const Keyed& k = many[i];
      Result<TermId> id = ids[i];
      if (k.tag != 0) {
        id = intern_key(std::string_view(many_keys).substr(k.at, k.len), k.tag, k.hash,
                        k.absent && cache_clears == clears);
      } else if (terms[i]->is_triple()) {
        id = intern(*terms[i]);
      }
      if (!id) return id.status();
      ids[i] = *id;
    }
    return Status::ok();
  }

  // intern_many's forms the term cache lacks, read from the dictionary at once (where
  // intern_key would read them: see there); those found go into the cache, the others are
  // marked absent.
  Status look_up_many() {
    if (fresh_store && !term_cache_cleared) return Status::ok();
    lookup_keys.clear();
    lookup_at.clear();
    for (std::size_t i = 0; i < many.size(); ++i) {
      const Keyed& k = many[i];
      if (k.tag == 0) continue;
      std::string_view key = std::string_view(many_keys).substr(k.at, k.len);
      if (term_cache.find(key, k.hash)) continue;
      lookup_at.push_back(i);
      lookup_keys.push_back(slice(key));
    }
    if (lookup_keys.empty()) return Status::ok();
    const std::size_t n = lookup_keys.size();
    lookup_values.resize(n);
    lookup_status.resize(n);
    store->db()->MultiGet(rocksdb::ReadOptions(), store->cf(kCfTerm2Id), n, lookup_keys.data(),
                          lookup_values.data(), lookup_status.data());
    // Each value may pin a block of the cache until reset: all are, whatever happens.
    struct Unpin {
      std::vector<rocksdb::PinnableSlice>& values;
      ~Unpin() {
        for (auto& v : values) v.Reset();
      }
    } unpin{lookup_values};
    for (std::size_t j = 0; j < n; ++j) {
      Keyed& k = many[lookup_at[j]];
      const rocksdb::Status& s = lookup_status[j];
      if (s.IsNotFound()) {
        k.absent = true;
        continue;
      }
      if (!s.ok()) return from_rocks(s, "looking up a term");
      if (lookup_values[j].size() != 8) return Status::corruption("malformed dictionary entry");
      const TermId id = get_u64(lookup_values[j].data());
      std::string_view key = std::string_view(many_keys).substr(k.at, k.len);
      if (term_cache.find(key, k.hash)) continue;  // the batch holds it twice
      if (auto st = make_cache_room(key.size()); !st) return st;
      term_cache.insert(key, k.hash, id);
    }
    return Status::ok();
  }

  // The id for a term's dictionary form, allocated with this tag if new. known_absent: the
  // dictionary lacked it at a look-up since which the term cache has not been emptied.
  Result<TermId> intern_key(std::string_view key, std::uint8_t tag) {
    return intern_key(key, tag, TermCache::hash(key));
  }
  Result<TermId> intern_key(std::string_view key, std::uint8_t tag, std::uint64_t hash,
                            bool known_absent = false) {
    if (auto hit = term_cache.find(key, hash)) return *hit;
    std::string val;
    // A store that had no terms when this transaction began holds only the ones this
    // transaction made, and the cache has all of those until it is first cleared.
    auto s = (fresh_store && !term_cache_cleared) || known_absent
                 ? rocksdb::Status::NotFound()
                 : store->db()->Get(rocksdb::ReadOptions(), store->cf(kCfTerm2Id), slice(key), &val);
    TermId id = 0;
    if (s.ok()) {
      if (val.size() != 8) return Status::corruption("malformed dictionary entry");
      id = get_u64(val.data());
    } else if (s.IsNotFound()) {
      id = allocate(tag);
      add_term(std::string(key), id);
    } else {
      return from_rocks(s, "looking up a term");
    }
    if (auto st = make_cache_room(key.size()); !st) return st;
    term_cache.insert(key, hash, id);
    if (auto st = maybe_spill(); !st) return st;
    return id;
  }

  // Empties the term cache when a key of this size no longer fits. The cache must know
  // every term this transaction made that the dictionary cannot show yet (all of them in a
  // new store, which is never read: see intern_key; those of the spill in flight otherwise),
  // so it is emptied only once a spill has put every such term in the store, and from then
  // on intern_key reads the dictionary.
  Status make_cache_room(std::size_t key_bytes) {
    if (term_cache.has_room(key_bytes)) return Status::ok();
    if (key_bytes > TermCache::kMaxKey) {
      return Status::invalid_input("a term of more than " +
                                   std::to_string(TermCache::kMaxKey >> 20) + " MiB");
    }
    if (!new_terms.empty() || !bulk.empty()) {
      if (auto st = spill(); !st) return st;
    }
    return empty_term_cache();
  }

  // Terms of the spill in flight are known only to the cache: it lands first. From then on
  // intern_key reads the dictionary.
  Status empty_term_cache() {
    if (auto st = join_background(); !st) return st;
    term_cache.clear();
    term_cache_cleared = true;
    ++cache_clears;
    return Status::ok();
  }

  // A new dictionary entry, written with the transaction.
  void add_term(std::string key, TermId id) {
    pending_bytes += 2 * (key.size() + 8) + 64;
    new_terms.emplace_back(std::move(key), u64_value(id));
    ++terms_added;
  }

  Result<TermId> fresh_blank() {
    TermId id = allocate(kTagBlank);  // the label follows from the id
    std::string key;
    serialize_term(Term::blank("b" + hex(payload_of(id))), key);
    // intern() of the label must find it (Update copies blank nodes by label), and in a
    // fresh store intern() trusts the cache to hold every term this transaction made.
    add_term(key, id);
    if (auto st = make_cache_room(key.size()); !st) return st;
    term_cache.insert(key, TermCache::hash(key), id);
    if (auto st = maybe_spill(); !st) return st;
    return id;
  }

  static std::string hex(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
    return buf;
  }

  // Every fact of a quad, as this writer sees it: pending ones over stored ones. The quad's
  // facts are adjacent in SPOG order, so this is one prefix seek plus a map range.
  Status quad_facts(const std::array<TermId, 4>& q,
                    std::vector<std::pair<FactKey, FactValue>>& out) {
    out.clear();
    // A quad naming a term this transaction made (in a new store: every quad) can have no
    // facts but this transaction's own; the filter of its own quads says when it surely
    // has none. A load of new reports into a large store skips most index look-ups so.
    bool stored_maybe = !names_new_term(q) || own_quads.may_contain(quad_hash(q));
    if (!stored_maybe) {
      pending_quad_facts(q, out);
      return Status::ok();
    }
    if (!spog_it) {
      rocksdb::ReadOptions ro;
      ro.prefix_same_as_start = true;
      spog_it.reset(store->db()->NewIterator(ro, store->cf(quad_cf(Perm::kSPOG))));
    }
    scratch.clear();
    for (auto id : q) put_u64(scratch, id);
    for (spog_it->Seek(scratch); spog_it->Valid() && spog_it->key().starts_with(scratch);
         spog_it->Next()) {
      FactKey k;
      FactValue v;
      if (!decode_quad_key(Perm::kSPOG, {spog_it->key().data(), spog_it->key().size()}, k) ||
          !decode_fact_value({spog_it->value().data(), spog_it->value().size()}, true, v)) {
        return Status::corruption("malformed entry in index spog");
      }
      out.emplace_back(k, std::move(v));
    }
    if (!spog_it->status().ok()) return from_rocks(spog_it->status(), "reading index spog");
    pending_quad_facts(q, out);
    return Status::ok();
  }

  bool names_new_term(const std::array<TermId, 4>& q) const {
    for (TermId id : q)
      if (is_dictionary(id) && payload_of(id) >= first_term) return true;
    return false;
  }

  // Adds (or, over stored ones, lays) this transaction's pending facts of a quad.
  void pending_quad_facts(const std::array<TermId, 4>& q,
                          std::vector<std::pair<FactKey, FactValue>>& out) {
    facts.for_quad(q, [&](const FactKey& key, const FactValue& value) { overlay(out, key, value); });
  }

  // A newer value of a fact replaces an older one in `out`, or joins it.
  static void overlay(std::vector<std::pair<FactKey, FactValue>>& out, const FactKey& key,
                      FactValue value) {
    auto same = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == key; });
    if (same != out.end()) {
      same->second = std::move(value);
    } else {
      out.emplace_back(key, std::move(value));
    }
  }

  static Result<FactKey> fact_key(TermId s, TermId p, TermId o, TermId g,
                                  const ValidTime& valid) {
    if (auto st = check_interval(valid); !st) return st;
    return FactKey{{s, p, o, g}, encode_from(valid.from), encode_to(valid.to)};
  }

  Result<bool> change(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid,
                      bool assert) {
    auto key = fact_key(s, p, o, g, valid);
    if (!key) return key.status();
    if (auto st = join_background(); !st) return st;
    if (auto st = resolve_bulk(); !st) return st;
    auto r = change_key(*key, assert);
    if (!r) return r;
    if (*r) pending_bytes += kPendingFactBytes;
    if (auto st = maybe_spill(); !st) return st;
    return r;
  }

  // Bulk assertions: queued without an answer, resolved in key order at the next spill,
  // commit or single change. Sorted resolution turns the per-fact look-ups into a forward
  // walk of the primary index and the pending map's inserts into appends.
  Status add(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid) {
    auto key = fact_key(s, p, o, g, valid);
    if (!key) return key.status();
    bulk.push_back(*key);
    pending_bytes += kBulkFactBytes;
    return maybe_spill();
  }

  Status resolve_bulk() {
    auto st = resolve(bulk);
    bulk.clear();
    bulk.shrink_to_fit();
    return st;
  }

  // Resolves queued facts into the pending ones. A spill does this on the background
  // thread, which alone touches the pending facts, the statistics and next_fact meanwhile.
  Status resolve(std::vector<FactKey>& keys) {
    if (keys.empty()) return Status::ok();
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    // Sorted keys have random hashes: fetch the filter's block of a key some keys ahead.
    constexpr std::size_t kAhead = 8;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i % 4096 == 0 && abandoned.load(std::memory_order_relaxed)) return abandon_status();
      if (i + kAhead < keys.size() && names_new_term(keys[i + kAhead].q))
        own_quads.fetch(quad_hash(keys[i + kAhead].q));
      if (auto r = change_key(keys[i], true); !r) return r.status();
    }
    return Status::ok();
  }

  Result<bool> change_key(const FactKey& key, bool assert) {
    const TermId s = key.q[kS], p = key.q[kP], o = key.q[kO], g = key.q[kG];
    std::vector<std::pair<FactKey, FactValue>>& all = quad_scratch;
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
    bool is_live = exists && live(value);
    if (assert == is_live) return false;

    auto vis = writer_view();
    (void)forget_aborted(value.history, vis);
    if (assert) {
      if (!exists) value.id = next_fact++;
      value.history.push_back({tx, kTxOpen});
      stats_delta.asserted(s, p, o, g, key.dated(), !others_live);
      ++facts_added;
    } else {
      auto& last = value.history.back();  // the live version is the last one
      if (last.from == tx) {
        value.history.pop_back();  // asserted and retracted in this transaction
      } else {
        last.to = tx;
      }
      stats_delta.retracted(p, g, key.dated(), !others_live);
      ++facts_retracted;
    }
    if (names_new_term(key.q)) own_quads.add(quad_hash(key.q));
    facts.put(key, std::move(value));
    return true;
  }

  // The pending facts, frozen for writing, with the new terms so far.
  Frozen freeze() {
    Frozen f = freeze_facts();
    f.terms = std::move(new_terms);
    new_terms.clear();
    pending_bytes = 0;
    return f;
  }
  Frozen freeze_facts() {
    Frozen f;
    f.rows.reserve(facts.size());
    facts.for_each([&](const FactKey& key, const FactValue& value) {
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
    facts.clear();
    return f;
  }

  // Small transactions: everything in the commit's WriteBatch.
  Status drain_to(rocksdb::WriteBatch& b) { return write_batch(freeze(), *store, b); }

  // next_term_now: next_term as the caller saw it (a spill's thread must not read it).
  Status write_counters(bool pending, std::uint64_t next_term_now) {
    rocksdb::WriteBatch b;
    if (pending) b.Put(store->cf(kCfMeta), slice(kMetaPending), u64_value(tx));
    b.Put(store->cf(kCfMeta), slice(kMetaNextTerm), u64_value(next_term_now));
    b.Put(store->cf(kCfMeta), slice(kMetaNextFact), u64_value(next_fact));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return store->write_batch(wo, b, "writing a transaction");
  }

  Status maybe_spill() {
    if (pending_bytes < store->options.spill_bytes) return Status::ok();
    return spill();
  }

  // Spills run in the background while the caller goes on parsing and interning: the
  // spill's thread resolves the queued facts it was handed, freezes them with the terms
  // interned before the spill, and writes and ingests the runs. One spill at a time, so
  // runs are ingested in order and resolving sees everything spilled before.
  Status spill(bool final = false) {
    if (auto st = join_background(); !st) return st;
    bool first = !spilled;
    spilled = true;
    int run = ++spill_files;
    if (run >= 2 && !final) pause_compactions(true);
    if (final) {
      if (auto st = resolve_bulk(); !st) return st;
      // The pending mark and the id counters are durable before any data that uses them:
      // a crash after this leaves a pending transaction that the next writer marks aborted.
      if (auto st = write_counters(first, next_term); !st) return st;
      unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
      auto st = write_runs(freeze(), *store, tx, run, cores);
      if (spog_it) spog_it->Refresh();
      return st;
    }
    auto chunk = std::make_shared<std::vector<FactKey>>(std::move(bulk));
    bulk = {};
    bulk.reserve(chunk->size());
    auto terms = std::make_shared<std::vector<std::pair<std::string, std::string>>>(std::move(new_terms));
    new_terms.clear();
    pending_bytes = 0;
    background = std::thread([this, chunk, terms, first, run, next_term_now = next_term] {
      background_status = spill_chunk(*chunk, std::move(*terms), first, next_term_now, run);
    });
    if (term_cache.size() > kTermCacheLimit) return empty_term_cache();
    return Status::ok();
  }

  // Each spill's runs overlap the ones before (keys come in file order), so they pile up
  // in level 0; compacting them while the load goes on would rewrite them again and again
  // and, past 20 files, slow the ingestions down. Auto-compaction is off while a transaction
  // that spilled twice is open and back on when it ends; RocksDB then compacts them once.
  // Only from the second run before the commit's own (after which settle_runs() merges
  // them), and only where runs go: each SetOptions rewrites the OPTIONS
  // file and the MANIFEST with synced writes (three syncs a column family), which on a busy
  // disk made rolling back one small update that spilled once take 13 s.
  void pause_compactions(bool pause) {
    if (compactions_paused == pause) return;
    compactions_paused = pause;
    for (int cf : kRunCfs) {
      (void)store->db()->SetOptions(store->cf(cf),
                                  {{"disable_auto_compactions", pause ? "true" : "false"}});
    }
  }

  static Status abandon_status() { return Status::failed("the transaction was rolled back"); }

  // A spill's thread: see spill().
  Status spill_chunk(std::vector<FactKey>& chunk,
                     std::vector<std::pair<std::string, std::string>> terms, bool first,
                     std::uint64_t next_term_now, int run) {
    if (auto st = resolve(chunk); !st) return st;
    if (abandoned.load()) return abandon_status();
    if (auto st = write_counters(first, next_term_now); !st) return st;
    Frozen f = freeze_facts();
    f.terms = std::move(terms);
    auto st = write_runs(f, *store, tx, run, 2, &abandoned);
    if (spog_it) spog_it->Refresh();
    return st;
  }

  Status join_background() {
    if (!background.joinable()) return Status::ok();
    background.join();
    return std::exchange(background_status, Status::ok());
  }

  void put_prefixes(rocksdb::WriteBatch& b) {
    std::string key;
    for (const auto& [name, iri] : prefixes) {
      key.assign(kMetaPrefix);
      key += name;
      b.Put(store->cf(kCfMeta), key, iri);
    }
  }

  Status mark_aborted() {
    rocksdb::WriteBatch b;
    put_aborted(*store, meta.aborted, tx, b);
    b.Put(store->cf(kCfMeta), slice(kMetaNextTerm), u64_value(next_term));
    b.Put(store->cf(kCfMeta), slice(kMetaNextFact), u64_value(next_fact));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    auto st = store->write_batch(wo, b, "rolling back a transaction");
    if (st) {
      auto aborted = meta.aborted;
      aborted.insert(std::upper_bound(aborted.begin(), aborted.end(), tx), tx);
      store->aborted->set(std::move(aborted));
    }
    return st;
  }

  Result<TxRecord> commit(const std::string& description) {
    if (done) return finished();
    done = true;
    auto r = commit_steps(description);
    if (r && spilled && r->number != 0) settle_runs(*store);
    pause_compactions(false);
    if (r) store->flush_memtables(Store::Impl::kFlushAfterCommitEntries, false);
    // Whatever failed after a spill, its runs must never become visible, and its number
    // must not be reused.
    if (!r && spilled) (void)mark_aborted();
    (void)join_background();
    release_writer();
    return r;
  }

  Result<TxRecord> commit_steps(const std::string& description) {
    if (auto st = join_background(); !st) return st;
    if (auto st = resolve_bulk(); !st) return st;
    TxRecord rec;
    if (facts_added == 0 && facts_retracted == 0 && !purging) {
      if (spilled) {
        if (auto st = mark_aborted(); !st) return st;
        spilled = false;  // marked already
      }
      if (!prefixes.empty()) {
        rocksdb::WriteBatch b;
        put_prefixes(b);
        rocksdb::WriteOptions wo;
        wo.sync = true;
        if (auto st = store->write_batch(wo, b, "writing prefixes"); !st) return st;
      }
      return rec;
    }
    rec.number = tx;
    rec.timestamp_ms = store->now_ms();
    rec.description = description;
    rec.facts_added = facts_added;
    rec.facts_retracted = facts_retracted;
    rec.terms_added = terms_added;

    rocksdb::WriteBatch b;
    // A large transaction goes in as sorted files even if it never spilled: memtables are
    // slow to fill with a million random keys.
    // A purge's deletions are not tagged with its number, so they must land with the commit.
    if (!purging && (spilled || facts.size() > kSmallTransactionFacts)) {
      if (auto st = spill(true); !st) return st;
    } else if (auto st = drain_to(b); !st) {
      return st;
    }
    b.Put(store->cf(kCfMeta), slice(kMetaNextTerm), u64_value(next_term));
    b.Put(store->cf(kCfMeta), slice(kMetaNextFact), u64_value(next_fact));
    Counts counts = meta.counts;
    if (auto st = stats_delta.merge(*store->db(), store->cf(kCfStats), tx, b, counts); !st)
      return st;
    counts.terms += terms_added;
    counts.transactions += 1;
    std::string v;
    encode_counts(counts, v);
    b.Put(store->cf(kCfMeta), slice(kMetaCounts), v);
    b.Put(store->cf(kCfMeta), slice(kMetaCommitted), u64_value(tx));
    put_prefixes(b);
    if (spilled) b.Delete(store->cf(kCfMeta), slice(kMetaPending));
    v.clear();
    encode_tx_record(rec, v);
    b.Put(store->cf(kCfLog), u64_value(tx), v);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    if (auto st = store->write_batch(wo, b, "committing a transaction"); !st) return st;
    return rec;
  }

  // Writes everything pending to the store as a spill does (invisible to every other
  // reader), then opens a view that counts this transaction as committed.
  Result<ReadTxn> read_own() {
    if (done) return finished();
    if (!spilled && facts.empty() && bulk.empty()) return make_read_txn(store);
    if (!bulk.empty() || !facts.empty() || !new_terms.empty()) {
      if (auto st = spill(); !st) return st;
    }
    if (auto st = join_background(); !st) return st;
    return make_read_txn(store, tx);
  }

  // purge(): see store.hpp.
  Result<PurgeResult> purge(const PurgeSelector& sel, const std::string& reason, bool dry_run) {
    if (done) return finished();
    if (!facts.empty() || !bulk.empty() || !new_terms.empty() || spilled || !prefixes.empty()) {
      return Status::failed("a purge must be the only write of its transaction");
    }
    if (!sel.iri.is_iri() || sel.iri.is_default_graph()) {
      return Status::invalid_input("a purge needs an IRI to select by");
    }
    if (auto st = check_iri_chars(sel.iri.value); !st) return st;
    if (std::any_of(reason.begin(), reason.end(), [](char c) {
          return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
        })) {
      return Status::invalid_input("a purge reason may not hold a line end or control character");
    }
    PurgeResult out;
    auto view = make_read_txn(store);
    if (!view) return view.status();
    auto id = view->lookup(sel.iri);
    if (!id) return id.status();
    if (*id) {
      const bool graph = sel.kind == PurgeSelector::Kind::kGraph;
      auto st = graph ? erase_prefix(Perm::kGSPO, **id, out.counts, kG)
                      : erase_prefix(Perm::kSPOG, **id, out.counts, kS);
      if (st && !graph) st = erase_prefix(Perm::kOSPG, **id, out.counts, kS);
      if (!st) return st;
    }
    if (dry_run) {
      rollback();
      return out;
    }
    purging = true;
    auto rec = commit(purge_description(sel, reason, out.counts));
    if (!rec) return rec.status();
    out.record = *rec;
    return out;
  }

  // Erases every fact under one id prefix of an index. Facts whose id at skip_pos is `id`
  // too are skipped, unless skip_pos is the index's first position: an entity's facts as
  // object (OSPG) skip those that the subject pass (SPOG) erased already.
  Status erase_prefix(Perm perm, TermId id, PurgeCounts& counts, int skip_pos) {
    const bool skip = kPermOrder[static_cast<std::size_t>(perm)][0] != skip_pos;
    rocksdb::ReadOptions ro;
    std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(ro, store->cf(quad_cf(perm))));
    const std::string prefix = u64_value(id);
    std::array<TermId, 4> last_quad{};
    bool last_counted = false;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      FactKey k;
      FactValue v;
      if (!decode_quad_key(perm, {it->key().data(), it->key().size()}, k) ||
          !decode_fact_value({it->value().data(), it->value().size()}, perm == Perm::kSPOG, v)) {
        return Status::corruption(std::string("malformed entry in index ") + perm_name(perm));
      }
      if (skip && k.q[static_cast<std::size_t>(skip_pos)] == id) continue;
      bool new_quad = !last_counted || k.q != last_quad;
      erase_fact(k, v, new_quad, counts);
      last_quad = k.q;
      last_counted = true;
    }
    return from_rocks(it->status(), "reading an index for a purge");
  }

  // Queues one fact's erasure (an empty history deletes it from every index) and takes its
  // current version, if any, out of the statistics. A quad's facts come together.
  void erase_fact(const FactKey& k, const FactValue& v, bool new_quad, PurgeCounts& counts) {
    ++counts.facts;
    counts.versions += v.history.size();
    if (new_quad) {
      ++counts.quads;
      quad_was_live = false;
    }
    if (live(v)) {
      ++counts.current;
      stats_delta.retracted(k.q[kP], k.q[kG], k.dated(), !quad_was_live);
      quad_was_live = true;
    }
    facts.put(k, FactValue{});
  }

  static std::string purge_description(const PurgeSelector& sel, const std::string& reason,
                                       const PurgeCounts& c) {
    auto n = [](std::uint64_t v) { return std::to_string(v); };
    return std::string("purge ") +
           (sel.kind == PurgeSelector::Kind::kGraph ? "graph <" : "entity <") + sel.iri.value +
           ">: erased " + n(c.facts) + " facts (" + n(c.versions) + " versions, " +
           n(c.current) + " current) of " + n(c.quads) + " quads; reason: " + reason;
  }

  void rollback() {
    if (!done) abandoned.store(true);
    (void)join_background();
    pause_compactions(false);
    if (!done) {
      done = true;
      if (spilled) (void)mark_aborted();
      facts.clear();
      new_terms.clear();
    }
    release_writer();
  }
};

WriteTxn::WriteTxn(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WriteTxn::WriteTxn(WriteTxn&&) noexcept = default;
WriteTxn& WriteTxn::operator=(WriteTxn&&) noexcept = default;
WriteTxn::~WriteTxn() = default;

// Every change checks first that the transaction is still open: once it is finished, the
// next write transaction may be running and own the store's counters.
Result<TermId> WriteTxn::intern(const Term& term) {
  if (impl_->done) return finished();
  return impl_->intern(term);
}
Status WriteTxn::intern_many(std::span<const Term* const> terms, std::span<TermId> ids) {
  if (impl_->done) return finished();
  if (ids.size() != terms.size()) return Status::failed("intern_many: ids and terms differ in length");
  return impl_->intern_many(terms, ids);
}
Result<TermId> WriteTxn::fresh_blank() {
  if (impl_->done) return finished();
  return impl_->fresh_blank();
}
Result<TermId> WriteTxn::intern_triple(TermId s, TermId p, TermId o) {
  if (impl_->done) return finished();
  return impl_->intern_triple(s, p, o);
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
  auto impl = std::make_unique<WriteTxn::Impl>();
  impl->store = impl_;
  if (auto st = impl_->resume(); !st) {
    impl->done = true;
    return st;
  }
  auto meta = impl_->read_meta(*impl_->rocks, nullptr);
  if (!meta) {
    impl->done = true;
    return meta.status();
  }
  impl->meta = std::move(meta).value();
  TxNumber last = impl->meta.committed;
  if (!impl->meta.aborted.empty()) last = std::max(last, impl->meta.aborted.back());
  impl->tx = last + 1;
  impl->next_term = std::max<std::uint64_t>(impl->meta.next_term, 1);
  impl->first_term = impl->next_term;
  // The cache of the terms this transaction has seen holds at most 16 times the pending
  // writes' bytes (1 GiB at the default 64 MiB), in step with the memory the caller gave.
  impl->term_cache.set_max_bytes(
      std::max<std::size_t>(impl_->options.spill_bytes, std::size_t{64} << 10) * 16);
  impl->next_fact = std::max<FactId>(impl->meta.next_fact, 1);
  impl->fresh_store = impl->meta.next_term <= 1 && impl->meta.next_fact <= 1;
  return WriteTxn(std::move(impl));
}

}  // namespace annals
