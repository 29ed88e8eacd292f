// Opening, creating and closing a store; RocksDB options; the meta records.
#include "store_impl.hpp"

#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "dict/unused_terms.hpp"
#include "info_log.hpp"
#include "owner_only_env.hpp"

namespace fs = std::filesystem;

namespace annals::store {

const char* cf_name(int cf) {
  static const char* kNames[kCfCount] = {"default", "meta", "term2id", "id2term",
                                         "spog",    "posg", "ospg",    "gspo",
                                         "gpos",    "gosp", "time",    "stats",
                                         "log"};
  return kNames[cf];
}

Status from_rocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::ok();
  std::string msg = what + ": " + s.ToString();
  if (s.IsCorruption()) return Status::corruption(msg);
  if (s.IsNoSpace() || s.ToString().find("No space left") != std::string::npos) {
    return Status::io_error(what +
                            ": no space left on the device (the disk is full; free some and "
                            "try again): " +
                            s.ToString());
  }
  if (s.IsIOError()) return Status::io_error(msg);
  if (s.IsNotFound()) return Status::not_found(msg);
  return Status::failed(msg);
}

rocksdb::ColumnFamilyOptions cf_options(int cf, const std::shared_ptr<rocksdb::Cache>& cache,
                                        const std::shared_ptr<const AbortedList>& aborted) {
  rocksdb::ColumnFamilyOptions o;
  if (aborted && (cf == kCfTime || (cf >= kCfQuad0 && cf < kCfQuad0 + kPermCount))) {
    o.compaction_filter_factory = aborted_filter_factory(aborted, cf == quad_cf(Perm::kSPOG));
  }
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  // Large blocks compress the fixed-width index keys best; the dictionary is read by point
  // look-ups (decoding results), where small blocks cost less per read.
  t.block_size = (cf == kCfTerm2Id || cf == kCfId2Term) ? 16 * 1024 : 64 * 1024;
  // A restart point every 16 keys (the default): keys delta-encode against the key before
  // up to the next one, and a seek walks from the restart point it finds. Every 128 made the
  // store 5% smaller and a bind join's seeks 1.3-1.5x as slow (FORMAT.md).
  t.block_restart_interval = 16;
  t.index_block_restart_interval = 16;
  t.format_version = 5;
  // Partitioned index and filters: a large file's filter is read a 4 KiB partition at a
  // time, instead of one multi-megabyte block that a cache shard cannot keep.
  t.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  t.partition_filters = true;
  t.metadata_block_size = 4096;
  t.cache_index_and_filter_blocks = true;
  t.cache_index_and_filter_blocks_with_high_priority = true;
  t.pin_top_level_index_and_filter = true;
  t.pin_l0_filter_and_index_blocks_in_cache = true;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  o.bottommost_compression_opts.enabled = true;
  o.bottommost_compression_opts.level = 9;  // 12: 0-3% smaller, 3-5x the compaction time
  o.bottommost_compression_opts.max_dict_bytes = 16 * 1024;
  o.bottommost_compression_opts.zstd_max_train_bytes = 100 * 16 * 1024;
  o.write_buffer_size = 32 << 20;
  o.max_write_buffer_number = 3;
  o.level_compaction_dynamic_level_bytes = true;
  if (cf == quad_cf(Perm::kSPOG)) {
    // Writers look up a quad's facts by its 32-byte prefix: a prefix filter makes the
    // common case (a new quad) cheap. Ribbon: a third smaller than Bloom at the same rate.
    o.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(32));
    t.filter_policy.reset(rocksdb::NewRibbonFilterPolicy(10));
    t.whole_key_filtering = false;
    // No filter in the bottom level, which holds most of the data (and most of the filter's
    // bytes): a load's look-ups come in key order, so their blocks are mostly cached.
    o.optimize_filters_for_hits = true;
    o.memtable_prefix_bloom_size_ratio = 0.05;
  } else if (cf == kCfTerm2Id) {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    o.memtable_prefix_bloom_size_ratio = 0.05;
    o.memtable_whole_key_filtering = true;
  } else if (cf == kCfMeta || cf == kCfStats || cf == kCfLog) {
    o.write_buffer_size = 4 << 20;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

rocksdb::DBOptions db_options() {
  rocksdb::DBOptions o;
  o.env = owner_only_env();  // files 0600, whatever the embedding program's umask
  o.max_background_jobs = 2;
  o.bytes_per_sync = 1 << 20;
  o.max_total_wal_size = 256 << 20;
  o.keep_log_file_num = 3;
  o.max_open_files = -1;  // required by read-only (secondary) instances, harmless for writers
  // With every file kept open, opening loads each column family's table readers on this
  // many threads: RocksDB starts and joins a set per column family, which cost a read-only
  // open ~100 ms of thread starts (hundreds of them) on a small store.
  o.max_file_opening_threads = 1;
  return o;
}

bool looks_locked(const rocksdb::Status& s) {
  std::string m = s.ToString();
  return s.IsIOError() && (m.find("lock") != std::string::npos || m.find("LOCK") != std::string::npos);
}


Status open_rocks(const std::string& path, bool read_only,
                  const std::vector<rocksdb::ColumnFamilyOptions>& cf_options, Rocks& out) {
  rocksdb::DBOptions dbo = db_options();
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (int i = 0; i < kCfCount; ++i) {
    descs.emplace_back(cf_name(i), cf_options[static_cast<std::size_t>(i)]);
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (read_only) {
    std::string tmpl = (fs::temp_directory_path() / "annals-reader-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return Status::io_error("cannot make a temporary directory");
    dbo.info_log = discard_info_log();
    s = rocksdb::DB::OpenAsSecondary(dbo, path, tmpl, descs, &out.cfs, &raw);
    // The directory would hold only the instance's info LOG (discarded): removed at once, so
    // that a reader killed by a signal (SIGPIPE under `| head`, kill -9) leaves nothing
    // behind in the temporary directory.
    std::error_code ec;
    fs::remove_all(tmpl, ec);
  } else {
    dbo.create_if_missing = true;
    dbo.create_missing_column_families = true;
    // The directory must exist before the log file opens in it.
    std::error_code ec;
    fs::create_directories(path, ec);
    dbo.info_log = make_info_log(path);
    s = rocksdb::DB::Open(dbo, path, descs, &out.cfs, &raw);
  }
  out.db.reset(raw);
  if (!s.ok()) {
    if (looks_locked(s)) {
      return Status{StatusCode::kStoreLocked,
                    "store '" + path + "' is locked: another process is writing to it"};
    }
    return from_rocks(s, "opening store '" + path + "'");
  }
  return Status::ok();
}

std::vector<std::vector<std::uint64_t>> table_files(const Rocks& r) {
  std::vector<rocksdb::LiveFileMetaData> files;
  r.db->GetLiveFilesMetaData(&files);
  std::vector<std::vector<std::uint64_t>> out(kCfCount);
  for (const auto& f : files) {
    for (int i = 0; i < kCfCount; ++i) {
      if (f.column_family_name == cf_name(i)) {
        out[static_cast<std::size_t>(i)].push_back(f.file_number);
        break;
      }
    }
  }
  for (auto& v : out) std::sort(v.begin(), v.end());
  return out;
}

bool holds_memtable(const Rocks& r, int cf) {
  std::uint64_t active = 0, sealed = 0;
  r.db->GetIntProperty(r.cf(cf), rocksdb::DB::Properties::kNumEntriesActiveMemTable, &active);
  r.db->GetIntProperty(r.cf(cf), rocksdb::DB::Properties::kNumEntriesImmMemTables, &sealed);
  return active + sealed > 0;
}

Rocks::~Rocks() {
  if (db) {
    for (auto* h : cfs) {
      if (h) db->DestroyColumnFamilyHandle(h);
    }
    cfs.clear();
    db->Close();
    db.reset();
  }
}

}  // namespace annals::store

namespace annals {

using namespace annals::store;

Store::Impl::~Impl() {
  if (!options.read_only && rocks && rocks->db) flush_memtables(kFlushAtCloseEntries, true);
}

void Store::Impl::flush_memtables(std::uint64_t min_entries, bool wait) const {
  std::uint64_t entries = 0;
  for (int i = 0; i < kCfCount; ++i) {
    std::uint64_t n = 0;
    db()->GetIntProperty(cf(i), rocksdb::DB::Properties::kNumEntriesActiveMemTable, &n);
    entries += n;
  }
  if (entries <= min_entries) return;
  rocksdb::FlushOptions fo;
  fo.wait = wait;
  fo.allow_write_stall = true;
  (void)written(db()->Flush(fo, rocks->cfs), "flushing the memtables");
}

std::int64_t Store::Impl::now_ms() const {
  if (options.clock) return options.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<MetaState> Store::Impl::read_meta(const Rocks& r, const rocksdb::Snapshot* snap) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  MetaState m;
  std::string v;
  auto get_u64_key = [&](std::string_view key, std::uint64_t& out) -> Status {
    auto s = r.db->Get(ro, r.cf(kCfMeta), rocksdb::Slice(key.data(), key.size()), &v);
    if (s.IsNotFound()) return Status::ok();
    if (!s.ok()) return from_rocks(s, "reading store metadata");
    if (v.size() != 8) return Status::corruption("store metadata '" + std::string(key) + "' is malformed");
    out = get_u64(v.data());
    return Status::ok();
  };
  std::uint64_t pending = 0;
  for (auto [key, out] : {std::pair{kMetaCommitted, &m.committed}, std::pair{kMetaPending, &pending},
                          std::pair{kMetaNextTerm, &m.next_term},
                          std::pair{kMetaNextFact, &m.next_fact}}) {
    if (auto st = get_u64_key(key, *out); !st) return st;
  }
  if (pending) m.pending = pending;
  auto s = r.db->Get(ro, r.cf(kCfMeta), slice(kMetaAborted), &v);
  if (s.ok()) {
    if (v.size() % 8) return Status::corruption("store metadata 'aborted' is malformed");
    for (std::size_t i = 0; i < v.size(); i += 8) m.aborted.push_back(get_u64(v.data() + i));
    std::sort(m.aborted.begin(), m.aborted.end());
  } else if (!s.IsNotFound()) {
    return from_rocks(s, "reading store metadata");
  }
  s = r.db->Get(ro, r.cf(kCfMeta), slice(kMetaCounts), &v);
  if (s.ok()) {
    if (!decode_counts(v, m.counts)) return Status::corruption("store metadata 'counts' is malformed");
  } else if (!s.IsNotFound()) {
    return from_rocks(s, "reading store metadata");
  }
  return m;
}

Status Store::Impl::written(const rocksdb::Status& s, const std::string& what) const {
  if (!s.ok()) write_failed = true;
  return from_rocks(s, what);
}

Status Store::Impl::write_batch(const rocksdb::WriteOptions& wo, rocksdb::WriteBatch& b,
                                const std::string& what) const {
  // Room for the batch in the log, and some for the file system's own blocks.
  constexpr std::uintmax_t kSpare = 1 << 20;
  std::error_code ec;
  const auto space = fs::space(path, ec);
  if (!ec && space.available < b.GetDataSize() + kSpare) {
    return Status::io_error(what + ": no space left on the device for store '" + path + "' (" +
                            std::to_string(space.available) +
                            " bytes free; free some and try "
                            "again)");
  }
  return written(db()->Write(wo, &b), what);
}

Status Store::Impl::resume() {
  if (!write_failed) return Status::ok();
  // Resume() flushes what the failed write left in memory: it fails while the disk is full.
  // After a full disk RocksDB also recovers by itself, checking for free space every 5
  // seconds; while that runs Resume() answers Busy: wait for it once there is space again.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto s = db()->Resume();
    if (s.ok()) {
      write_failed = false;
      return Status::ok();
    }
    if (!s.IsBusy()) return from_rocks(s, "resuming after a failed write");
    std::error_code ec;
    const auto space = fs::space(path, ec);
    if (ec || space.available < (1u << 20)) {
      return Status::io_error("store '" + path + "' cannot write: no space left on the device " +
                              "(the disk is full; free some and try again)");
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::io_error("store '" + path +
                              "' is still recovering from a failed write "
                              "(RocksDB waits for free space to flush its write buffers, about "
                              "32 MiB; free more and try again)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

Result<std::shared_ptr<const Rocks>> Store::Impl::catch_up() {
  if (!options.read_only) return std::shared_ptr<const Rocks>(rocks);
  std::lock_guard lock(catch_up_mu);
  const auto now = std::chrono::steady_clock::now();
  if (options.catch_up_interval_ms != 0 &&
      now - last_catch_up < std::chrono::milliseconds(options.catch_up_interval_ms)) {
    return std::shared_ptr<const Rocks>(rocks);
  }
  // A secondary instance replays the writer's log files into memtables of its own, and a
  // read looks in them before the table files. It drops such a memtable only once a later
  // log record of the same column family seals it: when the writer has meanwhile moved that
  // data into table files (a flush, or a new writer process that replays and deletes the
  // log another left) and rewritten keys there (a commit whose log the reader never saw, an
  // ingested run, a compaction), the stale memtable hides the newer values for good. So
  // when a column family's table files changed while the reader holds memtable entries for
  // it, or catching up fails, a fresh instance is opened instead (what it replays from the
  // log files is newer than every table file); views already open keep the old one.
  bool reopen = !rocks->db->TryCatchUpWithPrimary().ok();
  if (!reopen) {
    auto tables = table_files(*rocks);
    for (int i = 0; i < kCfCount && !reopen; ++i) {
      const auto cf = static_cast<std::size_t>(i);
      reopen = tables[cf] != known_tables[cf] && holds_memtable(*rocks, i);
    }
    if (!reopen) known_tables = std::move(tables);
  }
  if (reopen) {
    // The writer may delete a file between our reading of its manifest and the opening of
    // the file (a compaction): try again.
    Status st;
    for (int attempt = 0; attempt < 5; ++attempt) {
      auto fresh = std::make_shared<Rocks>();
      st = open_rocks(path, /*read_only=*/true, cf_options, *fresh);
      if (st) {
        known_tables = table_files(*fresh);
        rocks = std::move(fresh);
        break;
      }
    }
    if (!st) return st;
  }
  last_catch_up = now;
  return std::shared_ptr<const Rocks>(rocks);
}

namespace {

Status check_format(Store::Impl& s) {
  std::string v;
  auto st = s.db()->Get(rocksdb::ReadOptions(), s.cf(kCfMeta),
                      rocksdb::Slice(kMetaFormat.data(), kMetaFormat.size()), &v);
  if (st.IsNotFound()) return Status::corruption("'" + s.path + "' is not an Annals store (no format version)");
  if (!st.ok()) return from_rocks(st, "reading the format version of '" + s.path + "'");
  if (v.size() != 4) return Status::corruption("'" + s.path + "' has a malformed format version");
  std::uint32_t version = get_u32(v.data());
  if (version != kFormatVersion) {
    return {StatusCode::kVersionMismatch,
            "store '" + s.path + "' has format version " + std::to_string(version) +
                ", this build of annals reads version " + std::to_string(kFormatVersion)};
  }
  return Status::ok();
}

// A writer that finds a transaction left pending by a crash marks it aborted, so that its
// spilled writes stay invisible forever and its number is never reused.
Status recover_pending(Store::Impl& s) {
  auto meta = s.read_meta(*s.rocks, nullptr);
  if (!meta) return meta.status();
  s.aborted->set(meta->aborted);
  if (!meta->pending) return Status::ok();
  rocksdb::WriteBatch b;
  if (*meta->pending > meta->committed) {
    put_aborted(s, meta->aborted, *meta->pending, b);
  } else {
    b.Delete(s.cf(kCfMeta), slice(kMetaPending));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto st = from_rocks(s.db()->Write(wo, &b), "recovering an interrupted transaction");
  if (st && *meta->pending > meta->committed) {
    auto aborted = meta->aborted;
    aborted.push_back(*meta->pending);
    std::sort(aborted.begin(), aborted.end());
    s.aborted->set(std::move(aborted));
  }
  return st;
}

}  // namespace

void put_aborted(const Store::Impl& store, std::vector<TxNumber> aborted, TxNumber tx,
                 rocksdb::WriteBatch& b) {
  aborted.push_back(tx);
  std::sort(aborted.begin(), aborted.end());
  std::string v;
  for (auto t : aborted) put_u64(v, t);
  b.Put(store.cf(kCfMeta), slice(kMetaAborted), v);
  b.Delete(store.cf(kCfMeta), slice(kMetaPending));
}

Result<Store> Store::open(const std::string& path, const StoreOptions& options) {
  auto impl = std::make_shared<Impl>();
  impl->path = path;
  impl->options = options;
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (exists && !fs::is_directory(path, ec)) {
    return Status::invalid_input("'" + path + "' is not a directory");
  }
  bool has_db = exists && fs::exists(fs::path(path) / "CURRENT", ec);
  if (exists && !has_db && !fs::is_empty(path, ec)) {
    return Status{StatusCode::kCorruption,
                  "'" + path + "' is not an Annals store (a non-empty directory without one)"};
  }
  if (!has_db && (options.read_only || !options.create_if_missing)) {
    return Status::not_found("no store at '" + path + "'");
  }

  auto cache = rocksdb::NewLRUCache(256 << 20, 4);  // 16 MiB shards
  for (int i = 0; i < kCfCount; ++i) {
    impl->cf_options.push_back(cf_options(i, cache, impl->aborted));
    // A reader's memtables hold only what it replays of the writer's log, and it never looks
    // them up by prefix in bulk as a writer does: no memtable filter, whose zeroed bytes
    // (5% of the write buffer for each of two column families) were a tenth of an open.
    if (options.read_only) impl->cf_options.back().memtable_prefix_bloom_size_ratio = 0;
  }

  if (has_db) {
    std::vector<std::string> names;
    auto s = rocksdb::DB::ListColumnFamilies(db_options(), path, &names);
    if (!s.ok()) return from_rocks(s, "opening store '" + path + "'");
    for (int i = 0; i < kCfCount; ++i) {
      if (std::find(names.begin(), names.end(), cf_name(i)) == names.end()) {
        return Status::corruption("'" + path + "' is not an Annals store (no column family '" +
                                  std::string(cf_name(i)) + "')");
      }
    }
  }

  // A store holds what its owner loaded, purged facts until compaction too: a new store's
  // directory is 0700, and the files inside are 0600 (owner_only_env()).
  if (!options.read_only && !has_db) {
    if (!exists) fs::create_directory(path, ec);
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  impl->rocks = std::make_shared<Rocks>();
  if (auto st = open_rocks(path, options.read_only, impl->cf_options, *impl->rocks); !st) {
    return st;
  }
  if (options.read_only) impl->known_tables = table_files(*impl->rocks);

  if (!has_db) {
    rocksdb::WriteBatch b;
    std::string v;
    put_u32(v, kFormatVersion);
    b.Put(impl->cf(kCfMeta), rocksdb::Slice(kMetaFormat.data(), kMetaFormat.size()), v);
    b.Put(impl->cf(kCfMeta), rocksdb::Slice(kMetaCommitted.data(), kMetaCommitted.size()),
          u64_value(0));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    if (auto st = from_rocks(impl->db()->Write(wo, &b), "creating store '" + path + "'"); !st) {
      return st;
    }
  }
  if (auto st = check_format(*impl); !st) return st;
  if (!options.read_only) {
    if (auto st = recover_pending(*impl); !st) return st;
    // Sorted runs a crash left before they were ingested are of no use to anyone.
    fs::remove_all(fs::path(path) / "staging", ec);
  }
  return Store(std::move(impl));
}

Store::Store(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const { return impl_->path; }
bool Store::read_only() const { return impl_->options.read_only; }

Result<ReadTxn> Store::read() const {
  auto rocks = impl_->catch_up();
  if (!rocks) return rocks.status();
  return make_read_txn(impl_, 0, std::move(rocks).value());
}

Status Store::compact() {
  if (impl_->options.read_only) return Status::failed("the store is open read-only");
  {
    std::lock_guard lock(impl_->writer_mu);
    if (impl_->writer_open) return Status::failed("a write transaction is open");
    impl_->writer_open = true;
  }
  struct Release {
    Impl& impl;
    ~Release() {
      std::lock_guard lock(impl.writer_mu);
      impl.writer_open = false;
    }
  } release{*impl_};
  if (auto st = impl_->resume(); !st) return st;
  if (auto st = impl_->compact_families(0, kCfCount); !st) return st;
  // With the aborted transactions' index entries gone, the terms nothing refers to go too;
  // the dictionary is then compacted again to give their space back.
  auto removed = store::remove_unused_terms(*impl_);
  if (!removed) return removed.status();
  if (*removed == 0) return Status::ok();
  // Every memtable into table files first: the log holding the removals (megabytes after a
  // killed load) is then no longer needed, instead of being kept, and replayed by every
  // reader's open, for the sake of the few meta entries beside them.
  impl_->flush_memtables(0, true);
  return impl_->compact_families(kCfTerm2Id, kCfId2Term + 1);
}

Status Store::Impl::compact_families(int begin, int end) {
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  // The column families are compacted side by side, a thread per core, each of them also
  // allowed to split its work in key ranges (ZSTD on the bottom level is the slow part).
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t first = static_cast<std::size_t>(begin), count = static_cast<std::size_t>(end - begin);
  o.exclusive_manual_compaction = false;
  o.max_subcompactions = cores;
  // Manual compactions run in the background pool: give it a thread per core meanwhile.
  (void)db()->SetDBOptions({{"max_background_jobs", std::to_string(cores + 1)}});
  std::atomic<std::size_t> next{0};
  std::vector<Status> failed(count);
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      failed[i] = written(db()->CompactRange(o, rocks->cfs[first + i], nullptr, nullptr),
                          "compacting");
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < std::min<std::size_t>(cores, count); ++t) {
    threads.emplace_back(work);
  }
  work();
  for (auto& t : threads) t.join();
  const auto jobs = std::to_string(db_options().max_background_jobs);
  (void)db()->SetDBOptions({{"max_background_jobs", jobs}});
  for (auto& st : failed) {
    if (!st) return st;
  }
  return Status::ok();
}

}  // namespace annals
