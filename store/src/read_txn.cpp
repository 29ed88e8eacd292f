// Read views and scans: a snapshot (or, on a read-only store, the state caught up with the
// writer) plus the visibility rule that hides uncommitted and aborted transactions.
#include <rocksdb/db.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "annals/scan_tuning.hpp"
#include "dict/encoding.hpp"
#include "index/time_window.hpp"
#include "store_impl.hpp"
#include "txn/log_record.hpp"

namespace annals {

using namespace annals::store;

// Gives a snapshot back to RocksDB. Out of line, and named, for one reason: RocksDB frees it
// under its own mutex, which ThreadSanitizer cannot see, while a compaction thread (a
// commit's settle_runs) reads the snapshot list under the same mutex; librocksdb's frames are
// missing from such reports, so tests/concurrency/tsan.supp waives them by this name.
[[gnu::noinline]] void release_rocksdb_snapshot(rocksdb::DB& db, const rocksdb::Snapshot* snap) {
  db.ReleaseSnapshot(snap);
}

namespace {

// What a read view and its cursors share; releases the snapshot when the last one goes.
struct View {
  std::shared_ptr<const Store::Impl> store;
  std::shared_ptr<const Rocks> rocks;  // the instance this view reads
  const rocksdb::Snapshot* snap = nullptr;
  MetaState meta;
  // A writer's view of its own uncommitted writes (WriteTxn::read_own): the statistics do
  // not count them yet, so it neither reads the time index nor shares its statistics.
  bool own_writes = false;

  ~View() {
    if (snap) release_rocksdb_snapshot(*rocks->db, snap);
  }
  rocksdb::DB* db() const { return rocks->db.get(); }
  rocksdb::ColumnFamilyHandle* cf(int i) const { return rocks->cf(i); }
  rocksdb::ReadOptions options() const {
    rocksdb::ReadOptions ro;
    ro.snapshot = snap;
    ro.total_order_seek = true;
    return ro;
  }
};

// The smallest key greater than every key with this prefix; empty if there is none.
std::string prefix_successor(std::string prefix) {
  while (!prefix.empty()) {
    auto& c = prefix.back();
    if (static_cast<unsigned char>(c) != 0xff) {
      c = static_cast<char>(static_cast<unsigned char>(c) + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

}  // namespace

class Cursor::Impl {
 public:
  std::shared_ptr<View> view;
  std::unique_ptr<rocksdb::Iterator> it;
  std::string upper;
  rocksdb::Slice upper_slice;
  std::string prefix;         // of the keys this scan visits (reseekable cursors check it)
  bool reseekable = false;
  int bound = 0;              // positions bound in the pattern
  Perm perm = Perm::kSPOG;
  Visibility vis;
  bool windowed = false;
  std::int64_t win_from = 0, win_to = 0;  // days, [from, to)
  bool win_open_from = true, win_open_to = true;
  bool distinct = false;
  bool fact_ids = false;
  bool have_last = false;
  std::array<TermId, 4> last_quad{};
  // ScanTuning::object_ranges, and whether the object follows the bound prefix in the
  // key (then each range is a key range: `range_at` is the one being read).
  std::vector<IdRange> object_ranges;
  bool object_keyed = false;
  std::size_t object_at = 0;
  // A read of the time index (ScanTuning::time_index): its ranges, the one being read,
  // the pattern's graph if bound, and the quads returned so far (a quad's facts are not
  // adjacent there).
  bool by_time = false;
  std::vector<TimeRange> ranges;
  std::size_t range_at = 0;
  std::optional<TermId> graph;
  std::unordered_set<std::array<TermId, 4>, QuadHash> seen;
  FactRow row;
  FactValue value;
  bool valid = false;
  Status status;

  bool in_window(const FactKey& k) const {
    if (!windowed) return true;
    if (!win_open_to && k.from != kOpenFrom && !(bound_day(k.from) < win_to)) return false;
    if (!win_open_from && k.to != kOpenTo && !(bound_day(k.to) > win_from)) return false;
    return true;
  }

  const char* index_name() const { return by_time ? "time" : perm_name(perm); }

  // The fact's id lives in the primary index only.
  bool fetch_id(const FactKey& k) {
    std::string key, val;
    encode_quad_key(Perm::kSPOG, k, key);
    auto s = view->db()->Get(view->options(), view->cf(quad_cf(Perm::kSPOG)), key, &val);
    FactValue primary;
    if (!s.ok() || !decode_fact_value(val, true, primary)) {
      status = s.ok() ? Status::corruption("index spog lacks a fact the other indexes hold")
                      : from_rocks(s, "reading a fact id");
      valid = false;
      return false;
    }
    row.id = primary.id;
    return true;
  }

  // Makes the row of the fact under the iterator if it is in the window and visible; false
  // otherwise (and on an error, which status keeps).
  bool take(const FactKey& k) {
    if (!in_window(k)) return false;
    if (!object_ranges.empty() && !object_keyed && !object_in_ranges(k.q[kO])) return false;
    const bool primary = !by_time && perm == Perm::kSPOG;
    if (!decode_fact_value({it->value().data(), it->value().size()}, primary, value)) {
      status = Status::corruption("malformed fact value in index " + std::string(index_name()));
      return false;
    }
    auto tx = vis.visible(value.history);
    if (!tx) return false;
    row.s = k.q[kS];
    row.p = k.q[kP];
    row.o = k.q[kO];
    row.g = k.q[kG];
    row.valid = ValidTime{decode_bound(k.from), decode_bound(k.to)};
    row.tx = *tx;
    row.id = value.id;
    if (fact_ids && !primary && !fetch_id(k)) return false;
    valid = true;
    return true;
  }

  void settle() {
    valid = false;
    if (by_time) {
      settle_time();
    } else {
      settle_quads();
    }
    if (status && !it->status().ok()) status = from_rocks(it->status(), "scanning");
  }

  bool object_in_ranges(TermId o) const {
    auto r = std::lower_bound(object_ranges.begin(), object_ranges.end(), o,
                              [](const IdRange& a, TermId v) { return a.hi < v; });
    return r != object_ranges.end() && r->lo <= o;
  }

  // Seeks to the start of the prefix, or of its first object range.
  void seek_start() {
    object_at = 0;
    if (!object_keyed) {
      it->Seek(prefix);
      return;
    }
    std::string key = prefix;
    put_u64(key, object_ranges.front().lo);
    it->Seek(key);
  }

  // For a keyed object range, where a key with object o stands: in the range being read;
  // before the next range (then it seeks there); or past the last one.
  enum class ObjectStep { kTake, kSought, kDone };
  ObjectStep object_step(TermId o) {
    while (o > object_ranges[object_at].hi)
      if (++object_at == object_ranges.size()) return ObjectStep::kDone;
    if (o >= object_ranges[object_at].lo) return ObjectStep::kTake;
    std::string key = prefix;
    put_u64(key, object_ranges[object_at].lo);
    it->Seek(key);
    return ObjectStep::kSought;
  }

  void settle_quads() {
    FactKey k;
    while (it->Valid()) {
      if (reseekable && !it->key().starts_with(prefix)) break;
      if (!decode_quad_key(perm, {it->key().data(), it->key().size()}, k)) {
        status = Status::corruption("malformed key in index " + std::string(perm_name(perm)));
        return;
      }
      if (object_keyed) {
        ObjectStep step = object_step(k.q[kO]);
        if (step == ObjectStep::kDone) return;
        if (step == ObjectStep::kSought) continue;
      }
      if (distinct && have_last && k.q == last_quad) {
        it->Next();
        continue;
      }
      if (take(k)) {
        last_quad = k.q;
        have_last = true;
        return;
      }
      if (!status) return;
      it->Next();
    }
  }

  // Range after range; within one, until the key reaches its upper end.
  void settle_time() {
    FactKey k;
    while (range_at < ranges.size()) {
      const rocksdb::Slice end(ranges[range_at].upper);
      for (; it->Valid() && it->key().compare(end) < 0; it->Next()) {
        if (!decode_time_key({it->key().data(), it->key().size()}, k)) {
          status = Status::corruption("malformed key in index time");
          return;
        }
        if (graph && k.q[kG] != *graph) continue;
        if (distinct && seen.contains(k.q)) continue;
        if (take(k)) {
          if (distinct) seen.insert(k.q);
          return;
        }
        if (!status) return;
      }
      if (!it->status().ok()) return;
      if (++range_at < ranges.size()) it->Seek(ranges[range_at].lower);
    }
  }
};

Cursor::Cursor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Cursor::Cursor(Cursor&&) noexcept = default;
Cursor& Cursor::operator=(Cursor&&) noexcept = default;
Cursor::~Cursor() = default;
bool Cursor::valid() const { return impl_->valid; }
void Cursor::next() {
  if (!impl_->valid) return;
  impl_->it->Next();
  impl_->settle();
}
const FactRow& Cursor::row() const { return impl_->row; }
Status Cursor::status() const { return impl_->status; }
bool ScanAccess::uses_time_index(const Cursor& cursor) { return cursor.impl_->by_time; }

Status ScanAccess::reseek(Cursor& cursor, const Pattern& pattern) {
  Cursor::Impl& c = *cursor.impl_;
  auto choice = choose_perm(pattern);
  if (!c.reseekable || c.by_time || choice.bound != c.bound ||
      (choice.bound > 0 && choice.perm != c.perm)) {
    return Status::failed("reseek needs a reseekable cursor and a pattern of its shape");
  }
  const std::array<std::optional<TermId>, 4> bound = {pattern.s, pattern.p, pattern.o, pattern.g};
  c.prefix.clear();
  for (int i = 0; i < choice.bound; ++i)
    put_u64(c.prefix, *bound[kPermOrder[static_cast<int>(c.perm)][i]]);
  c.have_last = false;
  c.status = Status::ok();
  c.seek_start();
  c.settle();
  return c.status;
}

class ReadTxn::Impl {
 public:
  std::shared_ptr<View> view;
};

ReadTxn::ReadTxn(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReadTxn::ReadTxn(ReadTxn&&) noexcept = default;
ReadTxn& ReadTxn::operator=(ReadTxn&&) noexcept = default;
ReadTxn::~ReadTxn() = default;

Result<ReadTxn> make_read_txn(std::shared_ptr<const Store::Impl> store, TxNumber own,
                              std::shared_ptr<const Rocks> rocks) {
  auto view = std::make_shared<View>();
  view->rocks = rocks ? std::move(rocks) : store->rocks;
  view->store = std::move(store);
  if (!view->store->options.read_only) view->snap = view->db()->GetSnapshot();
  auto meta = view->store->read_meta(*view->rocks, view->snap);
  if (!meta) return meta.status();
  view->meta = std::move(meta).value();
  if (own != 0) {
    view->meta.committed = own;
    view->own_writes = true;
  }
  auto impl = std::make_unique<ReadTxn::Impl>();
  impl->view = std::move(view);
  return ReadTxn(std::move(impl));
}

TxNumber ReadTxn::committed() const { return impl_->view->meta.committed; }

namespace {

// The as-of transaction of a read under this time.
TxNumber as_of(const View& v, const TimeScope& time) {
  return time.as_of ? std::min(*time.as_of, v.meta.committed) : v.meta.committed;
}

// A pattern and time of the shape a time index read serves: the predicate bound, the
// subject and object free, a window with both ends.
bool time_shaped(const Pattern& pattern, const TimeScope& time) {
  return pattern.p && !pattern.s && !pattern.o && time.valid && time.valid->from &&
         time.valid->to;
}

// Whether the predicate had no undated fact at the read's as-of (FORMAT.md "The time
// index"): then its dated facts, all in the time index, are the whole answer.
Result<bool> all_dated(const View& v, TermId p, const TimeScope& time) {
  std::string val;
  auto s = v.db()->Get(v.options(), v.cf(kCfStats), predicate_stats_key(p), &val);
  if (s.IsNotFound()) return true;
  if (!s.ok()) return from_rocks(s, "reading statistics");
  PredicateRecord r;
  if (!decode_predicate_record(val, r)) return Status::corruption("malformed predicate statistics");
  return r.undated <= 0 && as_of(v, time) >= r.undated_gone;
}

// Points a cursor at the time index's ranges for the pattern's predicate and window.
void open_time_read(const View& v, const Pattern& pattern, const TimeScope& time, Cursor::Impl& c) {
  c.by_time = true;
  c.graph = pattern.g;
  c.ranges = time_ranges(*pattern.p, time.valid->from->days, time.valid->to->days);
  std::string p;
  put_u64(p, *pattern.p);
  c.upper = prefix_successor(p);
  c.upper_slice = rocksdb::Slice(c.upper);
  auto ro = v.options();
  ro.iterate_upper_bound = &c.upper_slice;
  c.it.reset(v.db()->NewIterator(ro, v.cf(kCfTime)));
  c.it->Seek(c.ranges.front().lower);
}

// Points a cursor at the quad index whose key starts with the pattern's bound positions.
void open_quad_read(const View& v, const Pattern& pattern, const ScanOptions& options,
                    const ScanTuning& tuning, Cursor::Impl& c) {
  auto choice = choose_perm(pattern);
  if (options.by_graph && !pattern.s && !pattern.p && !pattern.o && !pattern.g) {
    choice = PermChoice{Perm::kGSPO, 0};
  }
  c.perm = choice.perm;
  const std::array<std::optional<TermId>, 4> bound = {pattern.s, pattern.p, pattern.o, pattern.g};
  std::string prefix;
  for (int i = 0; i < choice.bound; ++i) put_u64(prefix, *bound[kPermOrder[static_cast<int>(choice.perm)][i]]);
  auto ro = v.options();
  c.reseekable = tuning.reseekable;
  c.bound = choice.bound;
  if (!pattern.o) {
    c.object_keyed = !c.object_ranges.empty() && choice.bound < 4 &&
                     kPermOrder[static_cast<int>(choice.perm)][choice.bound] == kO;
  }
  c.prefix = prefix;
  c.upper = tuning.reseekable ? std::string() : prefix_successor(prefix);
  if (!c.upper.empty()) {
    c.upper_slice = rocksdb::Slice(c.upper);
    ro.iterate_upper_bound = &c.upper_slice;
  }
  c.it.reset(v.db()->NewIterator(ro, v.cf(quad_cf(choice.perm))));
  c.seek_start();
}

}  // namespace

Result<bool> ScanAccess::time_index_serves(const ReadTxn& txn, const Pattern& pattern,
                                           const TimeScope& time) {
  if (!time_shaped(pattern, time) || txn.impl_->view->own_writes) return false;
  return all_dated(*txn.impl_->view, *pattern.p, time);
}

Result<Cursor> ReadTxn::scan(const Pattern& pattern, const TimeScope& time,
                             const ScanOptions& options) const {
  return ScanAccess::scan(*this, pattern, time, options, ScanTuning{});
}

Result<Cursor> ScanAccess::scan(const ReadTxn& txn, const Pattern& pattern,
                                const TimeScope& time, const ScanOptions& options,
                                const ScanTuning& tuning) {
  const View& v = *txn.impl_->view;
  if (tuning.time_index && tuning.reseekable) {
    return Status::failed("a scan cannot both read the time index and be reseekable");
  }
  auto c = std::make_unique<Cursor::Impl>();
  c->view = txn.impl_->view;
  c->distinct = options.distinct_quads;
  c->fact_ids = options.fact_ids;
  if (!pattern.o) c->object_ranges = tuning.object_ranges;
  c->vis.committed = v.meta.committed;
  c->vis.as_of = as_of(v, time);
  c->vis.aborted = &c->view->meta.aborted;
  if (time.valid) {
    c->windowed = true;
    c->win_open_from = !time.valid->from;
    c->win_open_to = !time.valid->to;
    if (time.valid->from) c->win_from = time.valid->from->days;
    if (time.valid->to) c->win_to = time.valid->to->days;
  }
  bool by_time = false;
  if (tuning.time_index) {
    auto serves = time_index_serves(txn, pattern, time);
    if (!serves) return serves.status();
    by_time = *serves;
  }
  if (by_time) {
    open_time_read(v, pattern, time, *c);
  } else {
    open_quad_read(v, pattern, options, tuning, *c);
  }
  c->settle();
  if (!c->status) return c->status;
  return Cursor(std::move(c));
}

Result<std::optional<TermId>> ReadTxn::lookup(const Term& term) const {
  const View& v = *impl_->view;
  if (term.is_default_graph()) return std::optional<TermId>(kDefaultGraph);
  if (auto id = inline_id(term)) return std::optional<TermId>(*id);
  std::string key;
  if (term.is_triple()) {
    TermId ids[3];
    const Term* parts[3] = {&term.triple->subject, &term.triple->predicate, &term.triple->object};
    for (int i = 0; i < 3; ++i) {
      auto r = lookup(*parts[i]);
      if (!r) return r.status();
      if (!*r) return std::optional<TermId>();
      ids[i] = **r;
    }
    serialize_triple(ids[0], ids[1], ids[2], key);
  } else if (serializable(term)) {
    serialize_term(term, key);
  } else {
    return std::optional<TermId>();  // no stored term has this form; another's may look alike
  }
  std::string val;
  auto s = v.db()->Get(v.options(), v.cf(kCfTerm2Id), key, &val);
  if (s.IsNotFound()) return std::optional<TermId>();
  if (!s.ok()) return from_rocks(s, "looking up a term");
  if (val.size() != 8) return Status::corruption("malformed dictionary entry");
  TermId id = get_u64(val.data());
  // A term first seen by a transaction that is not committed (yet) is not in this view.
  return std::optional<TermId>(id);
}

namespace {

std::size_t term_bytes(const Term& t) {
  std::size_t n = sizeof(Term) + t.value.capacity() + t.datatype.capacity() +
                  t.language.capacity() + t.direction.capacity();
  if (t.is_triple())
    n += term_bytes(t.triple->subject) + term_bytes(t.triple->predicate) +
         term_bytes(t.triple->object);
  return n;
}

// A dictionary term from the store itself; the parts of a triple term through txn.term().
Result<Term> read_term(const ReadTxn& txn, const View& v, TermId id, const std::string& key) {
  std::string val;
  auto s = v.db()->Get(v.options(), v.cf(kCfId2Term), key, &val);
  if (s.IsNotFound()) return Status::corruption("term id " + std::to_string(id) + " is not in the dictionary");
  if (!s.ok()) return from_rocks(s, "reading a term");
  TermId ids[3] = {0, 0, 0};
  auto t = deserialize_term(val, ids);
  if (!t) return Status::corruption("malformed dictionary entry for id " + std::to_string(id));
  if (t->is_triple()) {
    Term parts[3];
    for (int i = 0; i < 3; ++i) {
      // Components are interned before the triple term, so their sequence numbers are
      // smaller: checking that bounds the recursion whatever the bytes on disk say.
      if (is_dictionary(ids[i]) && payload_of(ids[i]) >= payload_of(id)) {
        return Status::corruption("triple term " + std::to_string(id) + " refers to a later term");
      }
      auto r = txn.term(ids[i]);
      if (!r) return r.status();
      parts[i] = std::move(r).value();
    }
    return Term::triple_term(std::move(parts[0]), std::move(parts[1]), std::move(parts[2]));
  }
  return std::move(*t);
}

}  // namespace

Result<Term> ReadTxn::term(TermId id) const {
  const View& v = *impl_->view;
  if (id == kDefaultGraph) return Term::iri("");
  if (is_inline(id)) return decode_inline(id);
  if (!is_dictionary(id)) return Status::corruption("unknown term id tag " + std::to_string(tag_of(id)));
  std::string key;
  put_u64(key, id);
  rocksdb::Cache& cache = *v.store->term_cache;
  if (rocksdb::Cache::Handle* h = cache.Lookup(key)) {
    Term t = *static_cast<const Term*>(cache.Value(h));
    cache.Release(h);
    return t;
  }
  auto r = read_term(*this, v, id, key);
  if (r) {
    auto* copy = new Term(*r);
    auto deleter = [](const rocksdb::Slice&, void* value) { delete static_cast<Term*>(value); };
    // Insert only fails when the cache is full of pinned entries; the term is then not kept.
    (void)cache.Insert(key, copy, term_bytes(*copy), deleter);
  }
  return r;
}

Result<std::vector<TxRecord>> ReadTxn::log() const {
  const View& v = *impl_->view;
  std::vector<TxRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(v.db()->NewIterator(v.options(), v.cf(kCfLog)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    TxRecord r;
    if (!decode_tx_record({it->key().data(), it->key().size()},
                          {it->value().data(), it->value().size()}, r)) {
      return Status::corruption("malformed transaction log record");
    }
    if (r.number > v.meta.committed) break;
    out.push_back(std::move(r));
  }
  if (!it->status().ok()) return from_rocks(it->status(), "reading the transaction log");
  return out;
}

Result<std::optional<TxNumber>> ReadTxn::tx_at(std::int64_t timestamp_ms) const {
  auto log_records = log();
  if (!log_records) return log_records.status();
  std::optional<TxNumber> found;
  for (const auto& r : *log_records) {
    if (r.timestamp_ms > timestamp_ms) break;
    found = r.number;
  }
  return found;
}

Result<std::vector<Prefix>> ReadTxn::prefixes() const {
  const View& v = *impl_->view;
  std::vector<Prefix> out;
  std::unique_ptr<rocksdb::Iterator> it(v.db()->NewIterator(v.options(), v.cf(kCfMeta)));
  for (it->Seek(slice(kMetaPrefix)); it->Valid() && it->key().starts_with(slice(kMetaPrefix)); it->Next()) {
    auto name = it->key().ToStringView().substr(kMetaPrefix.size());
    out.push_back(Prefix{std::string(name), it->value().ToString()});
  }
  if (!it->status().ok()) return from_rocks(it->status(), "reading prefixes");
  return out;
}

Result<bool> ReadTxn::union_default_graph() const {
  const View& v = *impl_->view;
  std::string value;
  auto s = v.db()->Get(v.options(), v.cf(kCfMeta), slice(kMetaDefaultGraph), &value);
  if (s.IsNotFound()) return true;
  if (!s.ok()) return from_rocks(s, "reading the default-graph rule");
  if (value != "union" && value != "own") {
    return Status::corruption("unknown default-graph rule '" + value + "'");
  }
  return value == "union";
}

namespace {

Result<std::shared_ptr<const std::vector<PredicateStats>>> read_predicate_stats(const View& v) {
  auto out = std::make_shared<std::vector<PredicateStats>>();
  std::unique_ptr<rocksdb::Iterator> it(v.db()->NewIterator(v.options(), v.cf(kCfStats)));
  for (it->Seek("p"); it->Valid() && it->key().starts_with("p"); it->Next()) {
    PredicateRecord r;
    if (it->key().size() != 9 || !decode_predicate_record({it->value().data(), it->value().size()}, r)) {
      return Status::corruption("malformed predicate statistics");
    }
    if (r.facts <= 0) continue;
    out->push_back({get_u64(it->key().data() + 1), static_cast<std::uint64_t>(r.facts),
                    r.subjects.estimate(), r.objects.estimate(),
                    static_cast<std::uint64_t>(std::max<std::int64_t>(r.undated, 0))});
  }
  if (!it->status().ok()) return from_rocks(it->status(), "reading statistics");
  return std::shared_ptr<const std::vector<PredicateStats>>(std::move(out));
}

// The view's predicate statistics, from the store's copy when it is of the same commit.
Result<std::shared_ptr<const std::vector<PredicateStats>>> predicate_stats(const View& v) {
  const Store::Impl& store = *v.store;
  if (v.own_writes) return read_predicate_stats(v);
  {
    std::lock_guard lock(store.predicate_stats_mu);
    if (store.predicate_stats && store.predicate_stats_tx == v.meta.committed)
      return store.predicate_stats;
  }
  auto r = read_predicate_stats(v);
  if (!r) return r;
  std::lock_guard lock(store.predicate_stats_mu);
  if (!store.predicate_stats || store.predicate_stats_tx < v.meta.committed) {
    store.predicate_stats = *r;
    store.predicate_stats_tx = v.meta.committed;
  }
  return r;
}

}  // namespace

Result<StoreStats> ReadTxn::stats(bool bytes_on_disk) const {
  const View& v = *impl_->view;
  StoreStats st;
  const Counts& c = v.meta.counts;
  st.facts = c.facts;
  st.quads = c.quads;
  st.graphs = c.graphs;
  st.predicates = c.predicates;
  st.terms = c.terms;
  st.transactions = c.transactions;
  auto preds = predicate_stats(v);
  if (!preds) return preds.status();
  st.by_predicate = **preds;
  if (!bytes_on_disk) return st;
  std::error_code ec;
  for (auto& e : std::filesystem::recursive_directory_iterator(v.store->path, ec)) {
    if (e.is_regular_file(ec)) st.bytes_on_disk += e.file_size(ec);
  }
  return st;
}

}  // namespace annals
