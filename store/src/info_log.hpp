// RocksDB's info log (the LOG file in a store's directory) written so that a failing write
// never stops the store: RocksDB's own logger asserts when a write follows a failed one (a
// full disk), which aborts the process in a build of RocksDB with assertions.
#pragma once

#include <rocksdb/env.h>

#include <memory>
#include <string>

namespace annals::store {

// A logger appending to DIR/LOG (moved to DIR/LOG.old once it passes a few MiB) that drops
// what it cannot write. Never null: without a file it drops everything.
std::shared_ptr<rocksdb::Logger> make_info_log(const std::string& dir);

// A logger that writes nothing (read-only instances: their directory goes when they close).
std::shared_ptr<rocksdb::Logger> discard_info_log();

}  // namespace annals::store
