// Writing frozen transaction writes out as a batch or as ingested sorted runs.
#include "txn/runs.hpp"

#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <thread>

#include "owner_only_env.hpp"
#include "txn/radix_order.hpp"

namespace annals::store {

namespace {

// The row orders of the index families. The frozen facts are in SPOG order; each other
// permutation is a stable re-ordering of one already known by a single position (see
// radix_order.hpp), and the time index (p, class, interval, s, o, g) is SPOG's dated rows by
// interval, then by duration class, then by predicate.
struct Orders {
  std::array<std::vector<std::uint32_t>, kPermCount> quad;  // indexed by Perm
  std::vector<std::uint32_t> time;
};

Orders index_orders(const Frozen& f) {
  Orders o;
  auto& spog = o.quad[static_cast<std::size_t>(Perm::kSPOG)];
  spog.resize(f.rows.size());
  for (std::uint32_t i = 0; i < spog.size(); ++i) spog[i] = i;
  auto touch = [&](std::uint32_t i) { __builtin_prefetch(&f.rows[i]); };
  auto by = [&](Perm from, int pos) {
    return radix_order(o.quad[static_cast<std::size_t>(from)],
                       [&](std::uint32_t i) { return f.rows[i].key.q[static_cast<std::size_t>(pos)]; },
                       touch);
  };
  auto at = [&](Perm p) -> std::vector<std::uint32_t>& { return o.quad[static_cast<std::size_t>(p)]; };
  at(Perm::kOSPG) = by(Perm::kSPOG, kO);
  at(Perm::kGSPO) = by(Perm::kSPOG, kG);
  at(Perm::kPOSG) = by(Perm::kOSPG, kP);
  at(Perm::kGOSP) = by(Perm::kOSPG, kG);
  at(Perm::kGPOS) = by(Perm::kPOSG, kG);
  std::vector<std::uint32_t> dated;
  for (std::uint32_t i : spog) {
    if (f.rows[i].key.dated()) dated.push_back(i);
  }
  if (!dated.empty()) {
    dated = radix_order(dated, [&](std::uint32_t i) {
      return (std::uint64_t{f.rows[i].key.from} << 32) | f.rows[i].key.to;
    }, touch);
    dated = radix_order(dated, [&](std::uint32_t i) {
      return duration_class(f.rows[i].key.from, f.rows[i].key.to);
    }, touch);
    o.time = radix_order(dated, [&](std::uint32_t i) { return f.rows[i].key.q[kP]; }, touch);
  }
  return o;
}

// Hands one column family's writes to out(key, value, erase) in key order (what memtables
// and SST files want); *wrote says whether the family had anything to write.
template <typename Out>
Status emit(const Frozen& f, const Orders& orders, int cf, Out&& out, bool* wrote) {
  *wrote = false;
  if (cf == kCfTerm2Id || cf == kCfId2Term) {
    if (f.terms.empty()) return Status::ok();
    std::vector<const std::pair<std::string, std::string>*> order;
    for (const auto& t : f.terms) order.push_back(&t);
    if (cf == kCfTerm2Id) {
      std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->first < b->first; });
    } else {  // ids grow with each allocation, but the tag in their top byte comes first
      std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->second < b->second; });
    }
    *wrote = true;
    for (const auto* t : order) {
      auto st = cf == kCfTerm2Id ? out(t->first, t->second, false) : out(t->second, t->first, false);
      if (!st) return st;
    }
    return Status::ok();
  }
  // A quad index key is five big-endian u64 words (FORMAT.md): four ids and the interval;
  // a time index key is p, the duration class byte, the interval, s, o, g.
  const std::vector<std::uint32_t>& order = cf == kCfTime ? orders.time : orders.quad[cf - kCfQuad0];
  if (order.empty()) return Status::ok();
  const auto& perm = kPermOrder[static_cast<std::size_t>(std::min(cf - kCfQuad0, kPermCount - 1))];
  *wrote = true;
  char kbuf[kTimeKeySize];
  const std::size_t key_size = cf == kCfTime ? kTimeKeySize : kQuadKeySize;
  // The rows are visited out of memory order: fetch a row some rows ahead, and its value
  // once the row is there, or every row waits for a cache miss.
  constexpr std::size_t kAhead = 16;
  const bool primary = cf == kCfQuad0;
  const char* values = primary ? f.primary_values.data() : f.other_values.data();
  for (std::size_t n = 0; n < order.size(); ++n) {
    if (n + kAhead < order.size()) __builtin_prefetch(&f.rows[order[n + kAhead]]);
    if (n + kAhead / 2 < order.size()) {
      const Frozen::Row& ahead = f.rows[order[n + kAhead / 2]];
      __builtin_prefetch(values + (primary ? ahead.primary_at : ahead.other_at));
    }
    const Frozen::Row& row = f.rows[order[n]];
    const FactKey& fk = row.key;
    if (cf == kCfTime) {
      encode_time_key(fk, kbuf);
    } else {
      for (std::size_t j = 0; j < 4; ++j) store_u64(kbuf + 8 * j, fk.q[perm[j]]);
      store_u64(kbuf + 32, (std::uint64_t{fk.from} << 32) | fk.to);
    }
    auto st = out(std::string_view(kbuf, key_size), f.value(primary, row), row.erased);
    if (!st) return st;
  }
  return Status::ok();
}

}  // namespace

Status write_batch(const Frozen& f, const Store::Impl& store, rocksdb::WriteBatch& b) {
  const Orders orders = index_orders(f);
  for (int cf : kRunCfs) {
    bool wrote = false;
    auto st = emit(f, orders, cf, [&](std::string_view k, std::string_view v, bool erase) {
      auto s = erase ? b.Delete(store.cf(cf), slice(k)) : b.Put(store.cf(cf), slice(k), slice(v));
      return s.ok() ? Status::ok() : from_rocks(s, "writing a transaction");
    }, &wrote);
    if (!st) return st;
  }
  return Status::ok();
}

Status write_runs(const Frozen& f, const Store::Impl& store, TxNumber tx, int run,
                  unsigned threads, const std::atomic<bool>* stop) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(store.path) / "staging";
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::io_error("cannot create " + dir.string() + ": " + ec.message());
  make_owner_only(dir.string(), true);
  const Orders orders = index_orders(f);
  constexpr std::size_t kJobs = std::size(kRunCfs);
  std::array<Status, kJobs> results;
  std::array<std::string, kJobs> files, opened_files;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t j; (j = next.fetch_add(1)) < kJobs;) {
      int cf = kRunCfs[j];
      rocksdb::Options o(rocksdb::DBOptions(), store.cf_options[static_cast<std::size_t>(cf)]);
      // Fast compression for the runs; compaction rewrites them with ZSTD at the bottom.
      o.compression = rocksdb::kLZ4Compression;
      o.bottommost_compression = rocksdb::kDisableCompressionOption;
      o.env = owner_only_env();
      rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), o, store.cf(cf));
      std::string path = (dir / ("tx" + std::to_string(tx) + "-" + std::to_string(run) + "-" +
                                 cf_name(cf) + ".sst")).string();
      bool opened = false;
      bool wrote = false;
      results[j] = emit(f, orders, cf, [&](std::string_view k, std::string_view v, bool erase) {
        if (stop && stop->load(std::memory_order_relaxed)) {
          return Status::failed("the transaction was rolled back");
        }
        if (!opened) {
          if (auto s = writer.Open(path); !s.ok()) return from_rocks(s, "writing a sorted run");
          opened = true;
          opened_files[j] = path;
        }
        // The message is built only on failure: this runs once a key.
        auto s = erase ? writer.Delete(slice(k)) : writer.Put(slice(k), slice(v));
        return s.ok() ? Status::ok()
                      : from_rocks(s, std::string("writing a sorted run of ") + cf_name(cf));
      }, &wrote);
      if (results[j] && wrote) {
        results[j] = from_rocks(writer.Finish(), "writing a sorted run");
        if (results[j]) files[j] = path;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (std::size_t j = 0; j < kJobs; ++j) {
    if (results[j]) continue;
    for (const auto& file : opened_files) {
      if (!file.empty()) std::filesystem::remove(file, ec);
    }
    return results[j];
  }
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (std::size_t j = 0; j < kJobs; ++j) {
    if (files[j].empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = store.cf(kRunCfs[j]);
    arg.external_files = {files[j]};
    arg.options.move_files = true;
    args.push_back(std::move(arg));
  }
  if (args.empty()) return Status::ok();
  return store.written(store.db()->IngestExternalFiles(args), "ingesting a sorted run");
}

void settle_runs(const Store::Impl& store) {
  std::vector<std::thread> threads;
  for (int cf = 0; cf < kCfCount; ++cf) {
    rocksdb::ColumnFamilyMetaData meta;
    store.db()->GetColumnFamilyMetaData(store.cf(cf), &meta);
    if (meta.levels.empty() || meta.levels[0].files.empty()) continue;
    std::vector<std::string> level0, below;
    std::uint64_t level0_bytes = 0, below_bytes = 0;
    for (const auto& f : meta.levels[0].files) {
      level0.push_back(f.name);
      level0_bytes += f.size;
    }
    for (std::size_t l = 1; l < meta.levels.size(); ++l) {
      for (const auto& f : meta.levels[l].files) {
        below.push_back(f.name);
        below_bytes += f.size;
      }
    }
    // The levels below join the merge when they are small beside what was just written:
    // the first run of a load into a new store is ingested straight into the bottom level
    // and the rest into level 0, which would otherwise leave two sorted runs to merge on
    // every read. The rewrite stays within three times the new data.
    const bool fold_below = below_bytes <= 2 * level0_bytes;
    std::vector<std::string> names = std::move(level0);
    if (fold_below) names.insert(names.end(), below.begin(), below.end());
    if (names.size() < 2) continue;  // one sorted run already
    const int level = fold_below ? static_cast<int>(meta.levels.size()) - 1 : 0;
    threads.emplace_back([&store, cf, level, names = std::move(names)] {
      rocksdb::CompactionOptions o;
      o.compression = rocksdb::kLZ4Compression;
      o.output_file_size_limit = 64 << 20;
      (void)store.written(store.db()->CompactFiles(o, store.cf(cf), names, level), "merging runs");
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace annals::store
