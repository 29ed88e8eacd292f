// backup_store and restore_store on RocksDB's BackupEngine. BackupEngine needs the writer's
// database: it holds the files it copies from deletion (DisableFileDeletions, which a
// secondary instance refuses) and shares table files between backups. Beside a writer
// process, the backup opens a secondary instance, copies the state it sees, column family by
// column family, into a fresh database of sorted runs, and backs up that one.
#include "annals/backup.hpp"

#include <rocksdb/sst_file_writer.h>
#include <rocksdb/utilities/backup_engine.h>

#include <filesystem>

#include "owner_only_env.hpp"
#include "store_impl.hpp"

namespace fs = std::filesystem;

namespace annals {

using namespace annals::store;

namespace {

std::uint64_t tree_bytes(const std::string& dir) {
  std::uint64_t n = 0;
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  }
  return n;
}

Status from_io(const rocksdb::IOStatus& s, const std::string& what) {
  return from_rocks(rocksdb::Status(s), what);
}

// Copies what a read view of the store holds into a new database at `dir` with the same
// column families: one sorted run per family, ingested all at once.
Status copy_state(rocksdb::DB& source, const std::vector<rocksdb::ColumnFamilyHandle*>& from,
                  const std::vector<rocksdb::ColumnFamilyOptions>& options,
                  const std::string& dir) {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  ro.fill_cache = false;
  rocksdb::DBOptions dbo;
  dbo.env = owner_only_env();
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (int i = 0; i < kCfCount; ++i) {
    descs.emplace_back(cf_name(i), options[static_cast<std::size_t>(i)]);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  rocksdb::DB* raw = nullptr;
  if (auto s = rocksdb::DB::Open(dbo, dir, descs, &cfs, &raw); !s.ok()) {
    return from_rocks(s, "creating a copy of the store");
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  auto close = [&] {
    for (auto* h : cfs) db->DestroyColumnFamilyHandle(h);
    return from_rocks(db->Close(), "closing the copy of the store");
  };
  std::vector<rocksdb::IngestExternalFileArg> args;
  Status st;
  for (int cf = 0; cf < kCfCount && st; ++cf) {
    rocksdb::Options o(rocksdb::DBOptions(), options[static_cast<std::size_t>(cf)]);
    o.env = owner_only_env();
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), o, cfs[static_cast<std::size_t>(cf)]);
    const std::string path = dir + "/copy-" + cf_name(cf) + ".sst";
    std::unique_ptr<rocksdb::Iterator> it(
        source.NewIterator(ro, from[static_cast<std::size_t>(cf)]));
    bool opened = false;
    for (it->SeekToFirst(); it->Valid() && st; it->Next()) {
      if (!opened) {
        st = from_rocks(writer.Open(path), "writing a copy of the store");
        opened = true;
      }
      if (st) st = from_rocks(writer.Put(it->key(), it->value()), "writing a copy of the store");
    }
    if (st) st = from_rocks(it->status(), std::string("reading ") + cf_name(cf));
    if (st && opened) {
      st = from_rocks(writer.Finish(), "writing a copy of the store");
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = cfs[static_cast<std::size_t>(cf)];
      arg.external_files = {path};
      arg.options.move_files = true;
      args.push_back(std::move(arg));
    }
  }
  if (st && !args.empty()) st = from_rocks(db->IngestExternalFiles(args), "ingesting the copy");
  Status closed = close();
  return st ? closed : st;
}

// A database opened here, with its column families in Cf order.
struct Db {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  void close() {
    if (!db) return;
    for (auto* h : cfs) db->DestroyColumnFamilyHandle(h);
    cfs.clear();
    (void)db->Close();
    db.reset();
  }
  ~Db() { close(); }
};

Result<TxNumber> read_committed(const Db& db) {
  std::string v;
  auto s = db.db->Get(rocksdb::ReadOptions(), db.cfs[kCfMeta], slice(kMetaCommitted), &v);
  if (!s.ok()) return from_rocks(s, "reading store metadata");
  if (v.size() != 8) return Status::corruption("store metadata 'committed' is malformed");
  return get_u64(v.data());
}

// Backs up the database `db` into `target`, with the store's state as metadata.
Result<BackupResult> run_backup(rocksdb::DB* db, const std::string& target, TxNumber committed,
                                bool incremental) {
  rocksdb::BackupEngineOptions bo(target);
  bo.share_table_files = true;
  bo.backup_env = owner_only_env();  // a backup is as private as its store
  rocksdb::BackupEngine* raw = nullptr;
  if (auto s = rocksdb::BackupEngine::Open(bo, owner_only_env(), &raw); !s.ok()) {
    return from_io(s, "opening the backup directory '" + target + "'");
  }
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  const std::uint64_t before = tree_bytes(target);
  const std::string meta = "annals store format " + std::to_string(kFormatVersion) +
                           ", committed " + std::to_string(committed);
  rocksdb::BackupID id = 0;
  rocksdb::CreateBackupOptions co;
  if (auto s = engine->CreateNewBackupWithMetadata(co, db, meta, &id); !s.ok()) {
    return from_io(s, "backing up into '" + target + "'");
  }
  rocksdb::BackupInfo info;
  if (auto s = engine->GetBackupInfo(id, &info); !s.ok())
    return from_rocks(s, "reading the backup");
  BackupResult r;
  r.id = id;
  r.committed = committed;
  r.bytes = info.size;
  const std::uint64_t after = tree_bytes(target);
  r.bytes_new = after > before ? after - before : 0;
  r.incremental = incremental;
  return r;
}

}  // namespace

Result<BackupResult> backup_store(const std::string& store_path, const std::string& target) {
  {  // an Annals store of this version, or a clear error
    StoreOptions o;
    o.read_only = true;
    auto store = Store::open(store_path, o);
    if (!store) return store.status();
  }
  std::error_code ec;
  // A new backup directory is its owner's alone, as a new store's is.
  if (fs::create_directories(target, ec)) make_owner_only(target, true);
  if (ec) return Status::io_error("cannot create '" + target + "': " + ec.message());
  auto cache = rocksdb::NewLRUCache(64 << 20);
  std::vector<rocksdb::ColumnFamilyOptions> options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (int i = 0; i < kCfCount; ++i) {
    options.push_back(cf_options(i, cache));
    descs.emplace_back(cf_name(i), options.back());
  }
  Db db;
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(db_options(), store_path, descs, &db.cfs, &raw);
  if (s.ok()) {
    db.db.reset(raw);
    auto committed = read_committed(db);
    if (!committed) return committed.status();
    return run_backup(raw, target, *committed, true);
  }
  if (!looks_locked(s)) return from_rocks(s, "opening store '" + store_path + "'");
  // Beside the writer: a secondary instance, whose state stays put until told to catch up.
  const std::string secondary = (fs::path(target) / "annals-secondary").string();
  const std::string staging = (fs::path(target) / "annals-staging").string();
  fs::remove_all(secondary, ec);
  fs::remove_all(staging, ec);
  Result<BackupResult> r = Status::failed("no backup made");
  s = rocksdb::DB::OpenAsSecondary(db_options(), store_path, secondary, descs, &db.cfs, &raw);
  if (!s.ok()) {
    r = from_rocks(s, "opening store '" + store_path + "' beside its writer");
  } else {
    db.db.reset(raw);
    auto committed = read_committed(db);
    Status st = committed ? copy_state(*db.db, db.cfs, options, staging) : committed.status();
    db.close();
    Db copy;
    if (st) {
      rocksdb::DBOptions dbo;
      dbo.env = owner_only_env();
      st = from_rocks(rocksdb::DB::Open(dbo, staging, descs, &copy.cfs, &raw),
                      "opening the copy of the store");
    }
    if (st) {
      copy.db.reset(raw);
      r = run_backup(raw, target, *committed, false);
    } else {
      r = st;
    }
  }
  fs::remove_all(secondary, ec);
  fs::remove_all(staging, ec);
  return r;
}

Status restore_store(const std::string& backup_dir, const std::string& path, bool replace) {
  std::error_code ec;
  if (!fs::exists(fs::path(backup_dir) / "meta", ec)) {
    return Status::not_found("no backup in '" + backup_dir + "'");
  }
  if (fs::exists(path, ec) && !fs::is_empty(path, ec)) {
    if (!replace) {
      return Status::failed("'" + path + "' is not empty: restoring would replace what it holds");
    }
    if (fs::exists(fs::path(path) / "CURRENT", ec)) {
      // Never pull a store from under its writer.
      StoreOptions o;
      o.create_if_missing = false;
      auto held = Store::open(path, o);
      if (!held && held.status().code() == StatusCode::kStoreLocked) return held.status();
    }
    for (auto& e : fs::directory_iterator(path, ec)) fs::remove_all(e.path(), ec);
    if (ec) return Status::io_error("cannot empty '" + path + "': " + ec.message());
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::BackupEngineOptions bo(backup_dir);
  bo.backup_env = owner_only_env();
  if (auto s = rocksdb::BackupEngineReadOnly::Open(bo, owner_only_env(), &raw); !s.ok()) {
    return from_io(s, "opening the backup directory '" + backup_dir + "'");
  }
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  rocksdb::BackupInfo latest;
  if (auto s = engine->GetLatestBackupInfo(&latest); !s.ok()) {
    return from_rocks(s, "no backup in '" + backup_dir + "'");
  }
  if (auto s = engine->VerifyBackup(latest.backup_id, true); !s.ok()) {
    return from_io(s, "verifying backup " + std::to_string(latest.backup_id));
  }
  if (fs::create_directories(path, ec)) make_owner_only(path, true);
  if (auto s = engine->RestoreDBFromBackup(latest.backup_id, path, path); !s.ok()) {
    return from_io(s, "restoring backup " + std::to_string(latest.backup_id));
  }
  auto opened = Store::open(path, StoreOptions{});
  return opened ? Status::ok() : opened.status();
}

}  // namespace annals
