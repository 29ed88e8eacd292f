// Writing frozen transaction writes out as a batch or as ingested sorted runs.
#include "txn/runs.hpp"

#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <thread>

namespace annals::store {

namespace {

// Hands one column family's writes to out(key, value, erase) in key order (what memtables
// and SST files want); *wrote says whether the family had anything to write.
template <typename Out>
Status emit(const Frozen& f, int cf, Out&& out, bool* wrote) {
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
  // Every index key is five big-endian u64 words (FORMAT.md): four ids and the interval
  // for the quad indexes; p, interval, s, o, g for the time index. Sorting the words as
  // integers sorts the keys.
  struct Row {
    std::array<std::uint64_t, 5> w;
    std::uint32_t idx;
  };
  std::vector<Row> rows;
  rows.reserve(cf == kCfTime ? 0 : f.keys.size());
  const auto& perm = kPermOrder[static_cast<std::size_t>(std::min(cf - kCfQuad0, kPermCount - 1))];
  for (std::uint32_t i = 0; i < f.keys.size(); ++i) {
    const FactKey& fk = f.keys[i];
    std::uint64_t interval = (std::uint64_t{fk.from} << 32) | fk.to;
    if (cf == kCfTime) {
      if (fk.dated()) rows.push_back({{fk.q[kP], interval, fk.q[kS], fk.q[kO], fk.q[kG]}, i});
    } else {
      rows.push_back({{fk.q[perm[0]], fk.q[perm[1]], fk.q[perm[2]], fk.q[perm[3]], interval}, i});
    }
  }
  if (rows.empty()) return Status::ok();
  if (cf != kCfQuad0) {  // SPOG is the order the facts are in already
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      // Unrolled: the generic lexicographic compare of std::array is slower here.
      if (a.w[0] != b.w[0]) return a.w[0] < b.w[0];
      if (a.w[1] != b.w[1]) return a.w[1] < b.w[1];
      if (a.w[2] != b.w[2]) return a.w[2] < b.w[2];
      if (a.w[3] != b.w[3]) return a.w[3] < b.w[3];
      return a.w[4] < b.w[4];
    });
  }
  *wrote = true;
  char kbuf[kQuadKeySize];
  for (const auto& row : rows) {
    for (std::size_t j = 0; j < 5; ++j) store_u64(kbuf + 8 * j, row.w[j]);
    auto st = out(std::string_view(kbuf, sizeof kbuf), f.value(cf == kCfQuad0, row.idx),
                  f.erased[row.idx] != 0);
    if (!st) return st;
  }
  return Status::ok();
}

constexpr int kWrittenCfs[] = {kCfTerm2Id, kCfId2Term, kCfQuad0,     kCfQuad0 + 1,
                                      kCfQuad0 + 2, kCfQuad0 + 3, kCfQuad0 + 4, kCfQuad0 + 5,
                                      kCfTime};

}  // namespace

Status write_batch(const Frozen& f, const Store::Impl& store, rocksdb::WriteBatch& b) {
  for (int cf : kWrittenCfs) {
    bool wrote = false;
    auto st = emit(f, cf, [&](std::string_view k, std::string_view v, bool erase) {
      return from_rocks(erase ? b.Delete(store.cf(cf), slice(k)) : b.Put(store.cf(cf), slice(k), slice(v)),
                        "writing a transaction");
    }, &wrote);
    if (!st) return st;
  }
  return Status::ok();
}

Status write_runs(const Frozen& f, const Store::Impl& store, TxNumber tx, int run,
                  unsigned threads) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(store.path) / "staging";
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::io_error("cannot create " + dir.string() + ": " + ec.message());
  constexpr std::size_t kJobs = std::size(kWrittenCfs);
  std::array<Status, kJobs> results;
  std::array<std::string, kJobs> files;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t j; (j = next.fetch_add(1)) < kJobs;) {
      int cf = kWrittenCfs[j];
      rocksdb::Options o(rocksdb::DBOptions(), store.cf_options[static_cast<std::size_t>(cf)]);
      // Fast compression for the runs; compaction rewrites them with ZSTD at the bottom.
      o.compression = rocksdb::kLZ4Compression;
      o.bottommost_compression = rocksdb::kDisableCompressionOption;
      rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), o, store.cf(cf));
      std::string path = (dir / ("tx" + std::to_string(tx) + "-" + std::to_string(run) + "-" +
                                 cf_name(cf) + ".sst")).string();
      bool opened = false;
      bool wrote = false;
      results[j] = emit(f, cf, [&](std::string_view k, std::string_view v, bool erase) {
        if (!opened) {
          if (auto s = writer.Open(path); !s.ok()) return from_rocks(s, "writing a sorted run");
          opened = true;
        }
        return from_rocks(erase ? writer.Delete(slice(k)) : writer.Put(slice(k), slice(v)),
                          std::string("writing a sorted run of ") + cf_name(cf));
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
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (std::size_t j = 0; j < kJobs; ++j) {
    if (!results[j]) return results[j];
    if (files[j].empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = store.cf(kWrittenCfs[j]);
    arg.external_files = {files[j]};
    arg.options.move_files = true;
    args.push_back(std::move(arg));
  }
  if (args.empty()) return Status::ok();
  return from_rocks(store.db->IngestExternalFiles(args), "ingesting a sorted run");
}

}  // namespace annals::store
