// Store tests that work behind the store's back: a writer that dies mid-transaction as a crash
// would, and the raw entries of column families read with RocksDB itself.
#pragma once

#include <rocksdb/db.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "annals/store.hpp"

namespace annals::testing {

// In a child process: opens the store with a tiny spill size, runs `writes` in a write
// transaction and dies without commit or rollback, as a crash would. The child must succeed.
inline void spill_and_die(const std::filesystem::path& path,
                          const std::function<bool(WriteTxn&)>& writes) {
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    StoreOptions small;
    small.spill_bytes = 2048;
    auto store = Store::open(path, small);
    if (!store) _exit(2);
    auto w = store->write();
    if (!w || !writes(*w)) _exit(3);
    _exit(0);
  }
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  REQUIRE(WIFEXITED(wstatus));
  REQUIRE(WEXITSTATUS(wstatus) == 0);
}

// The raw entries of the named column families together, read with RocksDB itself.
inline std::size_t raw_entries(const std::filesystem::path& path,
                               const std::set<std::string>& families) {
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies({}, path, &names).ok());
  for (auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  REQUIRE(rocksdb::DB::OpenForReadOnly({}, path, cfs, &handles, &db).ok());
  std::size_t n = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!families.count(names[i])) continue;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}, handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
  return n;
}

// The raw entries of each index column family (quads and time).
inline std::size_t raw_index_entries(const std::filesystem::path& path) {
  return raw_entries(path, {"spog", "posg", "ospg", "gspo", "gpos", "gosp", "time"});
}

}  // namespace annals::testing
