// Store::check: verifies a store from one consistent state against the rules of
// store/FORMAT.md. The seven indexes are compared by order-independent fingerprints, one
// pass over each; only an index whose fingerprint differs is gone over again fact by fact,
// to name what is missing or extra.
#include "annals/check.hpp"

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "dict/encoding.hpp"
#include "store_impl.hpp"
#include "txn/log_record.hpp"

namespace annals {

using namespace annals::store;

namespace {

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed) {
  std::uint64_t h = seed ^ (s.size() * 0x9e3779b97f4a7c15ULL);
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = mix64(h ^ mix64(w + seed)) + 0x9e3779b97f4a7c15ULL;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return mix64(h ^ mix64(tail + seed + s.size()));
}

// A set's fingerprint: two sums of independent hashes of its entries and their number.
// Sets that differ have equal fingerprints with a chance of about 2^-128.
struct Fingerprint {
  std::uint64_t n = 0, a = 0, b = 0;
  void add(std::string_view entry) {
    ++n;
    a += hash_bytes(entry, 0x51ed2701a3f4c9b5ULL);
    b += hash_bytes(entry, 0x2545f4914f6cdd1dULL);
  }
  bool operator==(const Fingerprint&) const = default;
};

const char* pos_name(int pos) {
  static const char* kNames[] = {"subject", "predicate", "object", "graph"};
  return kNames[pos];
}

std::string hex_id(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Bytes as text for a message: printable ASCII as it is, the rest as \xNN, cut at 80.
std::string printable(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < 80; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > 80) out += "...";
  return out;
}

std::string describe(const FactKey& k) {
  std::string out = "fact (" + hex_id(k.q[kS]) + " " + hex_id(k.q[kP]) + " " + hex_id(k.q[kO]) +
                    " " + hex_id(k.q[kG]) + ")";
  if (k.dated()) {
    auto bound = [](std::uint32_t v) {
      auto b = decode_bound(v);
      return b ? to_string(*b) : std::string("..");
    };
    out += " [" + bound(k.from) + ", " + bound(k.to) + ")";
  }
  return out;
}

// A fact's canonical entry: its key in SPOG order and its history without the fact id,
// the same bytes whichever index it was read from.
void canonical(const FactKey& k, const FactValue& v, std::string& out) {
  out.clear();
  encode_quad_key(Perm::kSPOG, k, out);
  encode_fact_value(v, false, out);
}

// A predicate's statistics recounted from the primary index.
struct Recount {
  std::int64_t facts = 0;
  std::int64_t undated = 0;
  // The end of the last visibility of an undated fact (kNever: none, kStill: visible now).
  TxNumber undated_until = 0;
  Sketch subjects, objects;
};
constexpr TxNumber kStill = ~TxNumber{0};

class Checker {
 public:
  Checker(const Store::Impl& store, const Rocks& rocks, const CheckOptions& options,
          const rocksdb::Snapshot* snap)
      : store_(store), rocks_(rocks), options_(options) {
    ro_.snapshot = snap;
    ro_.total_order_seek = true;
    ro_.fill_cache = false;
    ro_.verify_checksums = true;
  }

  Result<CheckReport> run() {
    auto meta = store_.read_meta(rocks_, ro_.snapshot);
    if (!meta) {
      problem("meta: " + meta.status().message());
      return std::move(report_);
    }
    meta_ = std::move(meta).value();
    report_.committed = meta_.committed;
    report_.aborted = meta_.aborted.size();
    vis_ = Visibility{meta_.committed, meta_.committed, &meta_.aborted};
    if (auto st = check_log(); !st) return st;
    if (auto st = check_dictionary(); !st) return st;
    if (auto st = check_primary(); !st) return st;
    for (int i = 1; i < kPermCount; ++i) {
      if (auto st = check_index(quad_cf(static_cast<Perm>(i))); !st) return st;
    }
    if (auto st = check_index(kCfTime); !st) return st;
    if (auto st = check_stats(); !st) return st;
    if (options_.checksums) check_files();
    return std::move(report_);
  }

 private:
  const Store::Impl& store_;
  const Rocks& rocks_;  // the instance read (a reader's own: no other thread moves it on)
  CheckOptions options_;
  rocksdb::ReadOptions ro_;
  CheckReport report_;
  MetaState meta_;
  Visibility vis_;
  std::vector<TxNumber> logged_;  // sorted
  std::vector<TermId> dict_ids_;  // sorted
  Fingerprint primary_fp_, dated_fp_;
  bool primary_read_ = false;  // the primary index was read to its end
  std::unordered_map<TermId, Recount> predicates_;
  std::unordered_map<TermId, std::int64_t> graphs_;
  std::string buf_;

  void problem(std::string line) {
    if (report_.problems.size() < options_.max_problems)
      report_.problems.push_back(std::move(line));
    ++report_.problem_count;
  }

  std::unique_ptr<rocksdb::Iterator> iterate(int cf) {
    std::unique_ptr<rocksdb::Iterator> it(rocks_.db->NewIterator(ro_, rocks_.cf(cf)));
    it->SeekToFirst();
    return it;
  }

  // After a scan: a read error that is the store's fault (a bad checksum, a missing file)
  // is a problem and the scan's findings are incomplete (false); any other stops the check.
  Result<bool> finished(const rocksdb::Iterator& it, int cf) {
    const auto& s = it.status();
    if (s.ok()) return true;
    if (s.IsCorruption() || s.IsIOError()) {
      problem(std::string(cf_name(cf)) + ": cannot be read to the end: " + s.ToString());
      return false;
    }
    return from_rocks(s, std::string("reading ") + cf_name(cf));
  }

  bool known_tx(TxNumber t) const {
    return std::binary_search(logged_.begin(), logged_.end(), t) || vis_.is_aborted(t) ||
           (meta_.pending && *meta_.pending == t);
  }

  // Every transaction number up to the last one used is committed (a log record) or
  // aborted, never both; the last record is the last committed one; the counts agree.
  Status check_log() {
    auto it = iterate(kCfLog);
    for (; it->Valid(); it->Next()) {
      TxRecord r;
      if (!decode_tx_record({it->key().data(), it->key().size()},
                            {it->value().data(), it->value().size()}, r)) {
        problem("log: malformed record under key " +
                printable({it->key().data(), it->key().size()}));
        continue;
      }
      if (r.number > meta_.committed) {
        problem("log: transaction " + std::to_string(r.number) +
                " has a record but the last committed is " + std::to_string(meta_.committed));
      }
      if (vis_.is_aborted(r.number)) {
        problem("log: transaction " + std::to_string(r.number) + " is both committed and aborted");
      }
      logged_.push_back(r.number);
    }
    auto done = finished(*it, kCfLog);
    if (!done) return done.status();
    if (!*done) return Status::ok();
    report_.transactions = logged_.size();
    const TxNumber last_logged = logged_.empty() ? 0 : logged_.back();
    if (last_logged != meta_.committed) {
      problem("log: the last record is of transaction " + std::to_string(last_logged) +
              ", the last committed is " + std::to_string(meta_.committed));
    }
    if (meta_.counts.transactions != logged_.size()) {
      problem("statistics: the counts say " + std::to_string(meta_.counts.transactions) +
              " transactions, the log holds " + std::to_string(logged_.size()));
    }
    TxNumber top = meta_.committed;
    if (!meta_.aborted.empty()) top = std::max(top, meta_.aborted.back());
    for (TxNumber t = 1; t <= top; ++t) {
      if (!known_tx(t))
        problem("log: transaction " + std::to_string(t) + " is neither committed nor aborted");
    }
    return Status::ok();
  }

  // id2term and term2id are each other's inverse, every form parses and has its id's tag,
  // and every id is below the counter that allocates them.
  Status check_dictionary() {
    Fingerprint by_id, by_form;
    std::vector<std::pair<TermId, std::array<TermId, 3>>> triples;
    auto it = iterate(kCfId2Term);
    for (; it->Valid(); it->Next()) {
      std::string_view key(it->key().data(), it->key().size());
      std::string_view form(it->value().data(), it->value().size());
      if (key.size() != 8) {
        problem("dictionary: id2term has a malformed key " + printable(key));
        continue;
      }
      const TermId id = get_u64(key.data());
      if (!is_dictionary(id) || payload_of(id) == 0 || payload_of(id) >= meta_.next_term) {
        problem("dictionary: id2term holds id " + hex_id(id) +
                ", not one the dictionary allocated (next " + std::to_string(meta_.next_term) +
                ")");
      }
      TermId parts[3] = {0, 0, 0};
      auto term = deserialize_term(form, parts);
      if (!term) {
        problem("dictionary: id " + hex_id(id) + " has a malformed term " + printable(form));
      } else if ((form[0] == 'T' ? std::uint8_t{kTagTriple} : dictionary_tag(*term)) !=
                 tag_of(id)) {
        problem("dictionary: id " + hex_id(id) + " has the tag of another kind of term than " +
                printable(form));
      } else if (form[0] == 'T') {
        triples.push_back({id, {parts[0], parts[1], parts[2]}});
      }
      dict_ids_.push_back(id);
      buf_.assign(form);
      buf_.append(key);
      by_id.add(buf_);
    }
    auto done = finished(*it, kCfId2Term);
    if (!done) return done.status();
    std::sort(dict_ids_.begin(), dict_ids_.end());
    report_.terms = dict_ids_.size();

    it = iterate(kCfTerm2Id);
    for (; it->Valid(); it->Next()) {
      std::string_view form(it->key().data(), it->key().size());
      if (it->value().size() != 8) {
        problem("dictionary: term2id has a malformed id for " + printable(form));
        continue;
      }
      buf_.assign(form);
      buf_.append(it->value().data(), 8);
      by_form.add(buf_);
    }
    auto done2 = finished(*it, kCfTerm2Id);
    if (!done2) return done2.status();
    if (*done && *done2 && !(by_id == by_form)) {
      if (auto st = dictionary_detail(); !st) return st;
    }
    for (const auto& [id, parts] : triples) {
      for (TermId part : parts) {
        if (part == kDefaultGraph || (!is_inline(part) && !in_dictionary(part))) {
          problem("dictionary: triple term " + hex_id(id) + " has a part " + hex_id(part) +
                  " without a dictionary entry");
        }
      }
    }
    // Terms of an aborted transaction may stay in the dictionary without being counted, and
    // a pending one (a load that spilled, beside this check) writes its terms before it
    // commits.
    const std::uint64_t counted = meta_.counts.terms;
    const bool uncounted_allowed = !meta_.aborted.empty() || meta_.pending.has_value();
    if (counted > report_.terms || (!uncounted_allowed && counted != report_.terms)) {
      problem("statistics: the counts say " + std::to_string(counted) +
              " terms, the dictionary holds " + std::to_string(report_.terms));
    }
    return Status::ok();
  }

  bool in_dictionary(TermId id) const {
    return std::binary_search(dict_ids_.begin(), dict_ids_.end(), id);
  }

  // The dictionary's two halves differ: name each entry without its inverse.
  Status dictionary_detail() {
    std::string other;
    auto it = iterate(kCfTerm2Id);
    for (; it->Valid(); it->Next()) {
      if (it->value().size() != 8) continue;
      auto s = rocks_.db->Get(ro_, rocks_.cf(kCfId2Term), it->value(), &other);
      std::string form = printable({it->key().data(), it->key().size()});
      std::string id = hex_id(get_u64(it->value().data()));
      if (s.IsNotFound()) {
        problem("dictionary: term2id maps " + form + " to " + id + ", which id2term lacks");
      } else if (!s.ok()) {
        return from_rocks(s, "reading the dictionary");
      } else if (other != it->key().ToStringView()) {
        problem("dictionary: term2id maps " + form + " to " + id + ", which id2term maps to " +
                printable(other));
      }
    }
    if (auto done = finished(*it, kCfTerm2Id); !done) return done.status();
    it = iterate(kCfId2Term);
    for (; it->Valid(); it->Next()) {
      auto s = rocks_.db->Get(ro_, rocks_.cf(kCfTerm2Id), it->value(), &other);
      std::string form = printable({it->value().data(), it->value().size()});
      std::string id = hex_id(it->key().size() == 8 ? get_u64(it->key().data()) : 0);
      if (s.IsNotFound()) {
        problem("dictionary: id2term maps " + id + " to " + form + ", which term2id lacks");
      } else if (!s.ok()) {
        return from_rocks(s, "reading the dictionary");
      } else if (other != it->key().ToStringView()) {
        problem("dictionary: id2term maps " + id + " to " + form + ", which term2id maps to " +
                hex_id(other.size() == 8 ? get_u64(other.data()) : 0));
      }
    }
    if (auto done = finished(*it, kCfId2Term); !done) return done.status();
    return Status::ok();
  }

  void check_id(const FactKey& k, int pos) {
    const TermId id = k.q[static_cast<std::size_t>(pos)];
    if (id == kDefaultGraph) {
      if (pos != kG) problem(describe(k) + ": the " + pos_name(pos) + " is id 0");
    } else if (is_dictionary(id)) {
      if (!in_dictionary(id)) {
        problem(describe(k) + ": the " + pos_name(pos) + " " + hex_id(id) +
                " has no dictionary entry");
      }
    } else if (tag_of(id) < kTagBoolean || tag_of(id) > kTagDateTime) {
      problem(describe(k) + ": the " + pos_name(pos) + " " + hex_id(id) + " has an unknown tag");
    } else if (pos == kP || pos == kG) {
      problem(describe(k) + ": the " + pos_name(pos) + " is a literal");
    }
  }

  static bool bounds_valid(const FactKey& k) {
    if (k.from != kOpenFrom && !decode_bound(k.from)) return false;
    if (k.to != kOpenTo && !decode_bound(k.to)) return false;
    if (k.from != kOpenFrom && k.to != kOpenTo && bound_day(k.from) >= bound_day(k.to))
      return false;
    return true;
  }

  // A fact as the compaction filter leaves it: without the versions of aborted transactions
  // (a retraction by one reopened); false if none is left. RocksDB compacts each index on
  // its own schedule, so the indexes agree on facts in this form, not byte for byte.
  bool settled(FactValue& v) const {
    (void)forget_aborted(v.history, vis_);
    return !v.history.empty();
  }

  // The primary index: every fact on its own, and the recount of the statistics.
  Status check_primary() {
    std::vector<FactId> ids;
    std::array<TermId, 4> last_quad{};
    bool have_quad = false, quad_current = false;
    auto it = iterate(quad_cf(Perm::kSPOG));
    for (; it->Valid(); it->Next()) {
      FactKey k;
      FactValue v;
      std::string_view key(it->key().data(), it->key().size());
      if (!decode_quad_key(Perm::kSPOG, key, k)) {
        problem("spog: malformed key " + printable(key));
        continue;
      }
      if (!decode_fact_value({it->value().data(), it->value().size()}, true, v)) {
        problem("spog: " + describe(k) + " has a malformed value");
        continue;
      }
      ++report_.facts;
      if (!bounds_valid(k)) problem("spog: " + describe(k) + " has a malformed valid time");
      if (v.id == 0 || v.id >= meta_.next_fact) {
        problem("spog: " + describe(k) + " has fact id " + std::to_string(v.id) +
                ", not one allocated (next " + std::to_string(meta_.next_fact) + ")");
      }
      ids.push_back(v.id);
      check_history(k, v);
      for (int pos = kS; pos <= kG; ++pos) check_id(k, pos);
      if (FactValue n = v; settled(n)) {
        canonical(k, n, buf_);
        primary_fp_.add(buf_);
        if (k.dated()) dated_fp_.add(buf_);
      }
      recount(k, v, have_quad && k.q == last_quad ? quad_current : (quad_current = false));
      if (vis_.visible(v.history)) quad_current = true;
      last_quad = k.q;
      have_quad = true;
    }
    auto done = finished(*it, quad_cf(Perm::kSPOG));
    if (!done) return done.status();
    primary_read_ = *done;
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 1; i < ids.size(); ++i) {
      if (ids[i] == ids[i - 1] && (i == 1 || ids[i - 2] != ids[i])) {
        problem("spog: fact id " + std::to_string(ids[i]) + " belongs to more than one fact");
      }
    }
    return Status::ok();
  }

  // Each version was asserted by a transaction that committed, is pending or aborted, and
  // ends after it starts.
  void check_history(const FactKey& k, const FactValue& v) {
    if (v.history.empty()) problem("spog: " + describe(k) + " has no history");
    for (const auto& h : v.history) {
      if (h.from == 0 || !known_tx(h.from)) {
        problem("spog: " + describe(k) + " was asserted by transaction " + std::to_string(h.from) +
                ", which never committed");
      }
      if (h.to != kTxOpen && (h.to <= h.from || !known_tx(h.to))) {
        problem("spog: " + describe(k) + " has a version [" + std::to_string(h.from) + ", " +
                std::to_string(h.to) + ") that ends before it starts or in no transaction");
      }
    }
  }

  void recount(const FactKey& k, const FactValue& v, bool quad_counted) {
    Recount& r = predicates_[k.q[kP]];
    if (!k.dated()) {
      for (const auto& h : v.history) {
        if (vis_.is_aborted(h.from) || h.from > meta_.committed) continue;
        const bool open = h.to == kTxOpen || vis_.is_aborted(h.to) || h.to > meta_.committed;
        r.undated_until = std::max(r.undated_until, open ? kStill : h.to);
      }
    }
    if (!vis_.visible(v.history)) return;
    ++report_.current;
    if (!quad_counted) ++report_.quads;
    r.facts += 1;
    r.undated += k.dated() ? 0 : 1;
    r.subjects.add(k.q[kS]);
    r.objects.add(k.q[kO]);
    graphs_[k.q[kG]] += 1;
  }

  // A secondary index or the time index holds the same facts with the same histories as
  // the primary one.
  Status check_index(int cf) {
    const bool time = cf == kCfTime;
    const Perm perm = time ? Perm::kSPOG : static_cast<Perm>(cf - kCfQuad0);
    Fingerprint fp;
    auto it = iterate(cf);
    for (; it->Valid(); it->Next()) {
      FactKey k;
      FactValue v;
      std::string_view key(it->key().data(), it->key().size());
      if (!(time ? decode_time_key(key, k) : decode_quad_key(perm, key, k))) {
        problem(std::string(cf_name(cf)) + ": malformed key " + printable(key));
        continue;
      }
      if (!decode_fact_value({it->value().data(), it->value().size()}, false, v)) {
        problem(std::string(cf_name(cf)) + ": " + describe(k) + " has a malformed value");
        continue;
      }
      if (time && !k.dated()) problem("time: " + describe(k) + " has no dates");
      if (!settled(v)) continue;
      canonical(k, v, buf_);
      fp.add(buf_);
    }
    auto done = finished(*it, cf);
    if (!done) return done.status();
    if (*done && primary_read_ && !(fp == (time ? dated_fp_ : primary_fp_))) {
      return index_detail(cf);
    }
    return Status::ok();
  }

  static bool same_history(const TxHistory& a, const TxHistory& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
      return x.from == y.from && x.to == y.to;
    });
  }

  static void index_key(int cf, const FactKey& k, std::string& out) {
    out.clear();
    if (cf == kCfTime) {
      out.resize(kTimeKeySize);
      encode_time_key(k, out.data());
    } else {
      encode_quad_key(static_cast<Perm>(cf - kCfQuad0), k, out);
    }
  }

  // An index differs from the primary one: name its extra facts, its missing ones and
  // those whose histories differ.
  Status index_detail(int cf) {
    const bool time = cf == kCfTime;
    const std::string name = cf_name(cf);
    const int primary = quad_cf(Perm::kSPOG);
    std::string key, value;
    auto it = iterate(cf);
    for (; it->Valid(); it->Next()) {
      FactKey k;
      FactValue v, pv;
      std::string_view raw(it->key().data(), it->key().size());
      if (!(time ? decode_time_key(raw, k)
                 : decode_quad_key(static_cast<Perm>(cf - kCfQuad0), raw, k)) ||
          !decode_fact_value({it->value().data(), it->value().size()}, false, v)) {
        continue;  // reported already
      }
      if (!settled(v)) continue;  // left by aborted transactions only
      index_key(primary, k, key);
      auto s = rocks_.db->Get(ro_, rocks_.cf(primary), key, &value);
      if (s.IsNotFound()) {
        problem(name + ": holds " + describe(k) + ", which spog lacks");
      } else if (!s.ok()) {
        return from_rocks(s, "reading index spog");
      } else if (decode_fact_value(value, true, pv) &&
                 !(settled(pv) && same_history(pv.history, v.history))) {
        problem(name + ": " + describe(k) + " has another history than in spog");
      }
    }
    if (auto done = finished(*it, cf); !done) return done.status();
    it = iterate(primary);
    for (; it->Valid(); it->Next()) {
      FactKey k;
      FactValue pv;
      if (!decode_quad_key(Perm::kSPOG, {it->key().data(), it->key().size()}, k) ||
          !decode_fact_value({it->value().data(), it->value().size()}, true, pv) || !settled(pv)) {
        continue;
      }
      if (time && !k.dated()) continue;
      index_key(cf, k, key);
      auto s = rocks_.db->Get(ro_, rocks_.cf(cf), key, &value);
      if (s.IsNotFound()) {
        problem(name + ": lacks " + describe(k));
      } else if (!s.ok()) {
        return from_rocks(s, "reading index " + name);
      }
    }
    if (auto done = finished(*it, primary); !done) return done.status();
    return Status::ok();
  }

  // The statistics records and the store-wide counts against the recount; the sketches
  // only grow, so each register holds at least what the current facts put there.
  Status check_stats() {
    std::uint64_t predicates = 0, graphs = 0;
    std::unordered_map<TermId, bool> seen_p, seen_g;
    auto it = iterate(kCfStats);
    for (; it->Valid(); it->Next()) {
      std::string_view key(it->key().data(), it->key().size());
      std::string_view val(it->value().data(), it->value().size());
      if (key.size() != 9 || (key[0] != 'p' && key[0] != 'g')) {
        problem("statistics: unknown key " + printable(key));
        continue;
      }
      const TermId id = get_u64(key.data() + 1);
      if (key[0] == 'p') {
        PredicateRecord r;
        if (!decode_predicate_record(val, r)) {
          problem("statistics: predicate " + hex_id(id) + " has a malformed record");
          continue;
        }
        seen_p[id] = true;
        check_predicate(id, r);
      } else {
        const char* p = val.data();
        auto n = get_varint(p, p + val.size());
        if (!n) {
          problem("statistics: graph " + hex_id(id) + " has a malformed record");
          continue;
        }
        seen_g[id] = true;
        auto found = graphs_.find(id);
        const std::int64_t counted = found == graphs_.end() ? 0 : found->second;
        if (static_cast<std::int64_t>(*n) != counted) {
          problem("statistics: graph " + hex_id(id) + " has " + std::to_string(*n) +
                  " current facts, the indexes hold " + std::to_string(counted));
        }
      }
    }
    auto done = finished(*it, kCfStats);
    if (!done) return done.status();
    if (!primary_read_) return Status::ok();
    for (const auto& [p, r] : predicates_) {
      if (r.facts > 0) ++predicates;
      if (r.facts > 0 && !seen_p.count(p)) {
        problem("statistics: predicate " + hex_id(p) + " has no record, the indexes hold " +
                std::to_string(r.facts) + " current facts");
      }
    }
    for (const auto& [g, n] : graphs_) {
      if (n > 0 && g != kDefaultGraph) ++graphs;
      if (n > 0 && !seen_g.count(g)) {
        problem("statistics: graph " + hex_id(g) + " has no record, the indexes hold " +
                std::to_string(n) + " current facts");
      }
    }
    const Counts& c = meta_.counts;
    auto compare = [&](const char* what, std::uint64_t stored, std::uint64_t counted) {
      if (stored != counted) {
        problem(std::string("statistics: the counts say ") + std::to_string(stored) + " " + what +
                ", the indexes hold " + std::to_string(counted));
      }
    };
    compare("current facts", c.facts, report_.current);
    compare("quads", c.quads, report_.quads);
    compare("predicates", c.predicates, predicates);
    compare("graphs", c.graphs, graphs);
    return Status::ok();
  }

  void check_predicate(TermId p, const PredicateRecord& r) {
    if (!primary_read_) return;
    Recount none;
    auto found = predicates_.find(p);
    const Recount& c = found == predicates_.end() ? none : found->second;
    const std::string name = "statistics: predicate " + hex_id(p);
    if (r.facts != c.facts) {
      problem(name + " has " + std::to_string(r.facts) + " current facts, the indexes hold " +
              std::to_string(c.facts));
    }
    if (r.undated != c.undated) {
      problem(name + " has " + std::to_string(r.undated) +
              " current undated facts, the indexes hold " + std::to_string(c.undated));
    } else if (r.undated == 0 && c.undated_until > r.undated_gone) {
      // The time index would serve a window read at an as-of that still sees this fact.
      problem(name + " has had no undated fact since transaction " +
              std::to_string(r.undated_gone) + ", but one is visible " +
              (c.undated_until == kStill ? std::string("now")
                                         : "until transaction " + std::to_string(c.undated_until)));
    }
    for (std::size_t i = 0; i < r.subjects.reg.size(); ++i) {
      if (c.subjects.reg[i] > r.subjects.reg[i] || c.objects.reg[i] > r.objects.reg[i]) {
        problem(name + " has sketches that miss some of its current subjects or objects");
        break;
      }
    }
  }

  // Every table file whole, with its block checksums. A file may be gone, compacted away
  // since the check began (by the writer process, or by this one's background compactions):
  // its data was read from the open file already. (A file missing at open fails the open.)
  void check_files() {
    std::vector<rocksdb::LiveFileMetaData> files;
    rocks_.db->GetLiveFilesMetaData(&files);
    rocksdb::ReadOptions ro;
    ro.fill_cache = false;
    ro.verify_checksums = true;
    for (const auto& f : files) {
      int cf = 0;
      while (cf < kCfCount && f.column_family_name != cf_name(cf)) ++cf;
      if (cf == kCfCount) continue;
      rocksdb::Options o(rocksdb::DBOptions(), store_.cf_options[static_cast<std::size_t>(cf)]);
      const std::string path = f.db_path + f.name;
      auto s = rocksdb::VerifySstFileChecksum(o, rocksdb::EnvOptions(), ro, path, f.largest_seqno);
      if (s.ok()) {
        ++report_.files;
      } else if (!s.IsPathNotFound() && !s.IsNotFound()) {
        problem(std::string(cf_name(cf)) + ": file " + f.name + ": " + s.ToString());
      }
    }
  }
};

}  // namespace

Result<CheckReport> Store::check(const CheckOptions& options) const {
  if (impl_->options.read_only) {
    // An instance of its own, opened now: one state, which no other thread of this process
    // moves on while the check reads it.
    Rocks own;
    if (auto st = open_rocks(impl_->path, /*read_only=*/true, impl_->cf_options, own); !st) {
      return st;
    }
    return Checker(*impl_, own, options, nullptr).run();
  }
  const Rocks& rocks = *impl_->rocks;
  const rocksdb::Snapshot* snap = rocks.db->GetSnapshot();
  auto report = Checker(*impl_, rocks, options, snap).run();
  rocks.db->ReleaseSnapshot(snap);
  return report;
}

}  // namespace annals
