// Backups of a store (`annals backup` / `annals restore`): a backup directory holds any
// number of consistent, checksummed copies of one store, each after some whole transaction.
#pragma once

#include <cstdint>
#include <string>

#include "annals/store.hpp"

namespace annals {

struct BackupResult {
  std::uint32_t id = 0;         // the backup's number in its directory (1, 2, ...)
  TxNumber committed = 0;       // the last transaction it holds
  std::uint64_t bytes = 0;      // the size of its files
  std::uint64_t bytes_new = 0;  // of them, what this backup copied (the rest was there already)
  bool incremental = false;     // table files are shared with earlier backups (no writer ran)
};

// Adds a backup of the committed state of the store at `store_path` to the backup directory
// `target` (created if missing), with RocksDB's BackupEngine: every file checksummed.
// - No writer process holds the store: the backup opens it as the writer for the while
//   (a writer starting meanwhile finds it locked) and is incremental: table files the
//   directory has from earlier backups are not copied again.
// - A writer process holds it (a load, a server): the backup opens it read-only beside the
//   writer, which goes on, and copies the state at that moment whole into a fresh database
//   of sorted runs inside `target` first (a reader cannot keep the writer from deleting the
//   files it would copy), then backs that up.
// Errors: kNotFound (no store), kVersionMismatch, kIoError, kCorruption.
Result<BackupResult> backup_store(const std::string& store_path, const std::string& target);

// Restores the latest backup of `backup_dir` into the store directory `store_path` after
// verifying its checksums, and opens it once (settling a transaction the backup caught
// pending). A store or any file already in `store_path` is refused (kFailed) unless
// `replace`, and even then while a writer holds it (kStoreLocked).
Status restore_store(const std::string& backup_dir, const std::string& store_path, bool replace);

}  // namespace annals
