// The RocksDB Env under which a store makes its files: the default one, except that every
// file it creates is its owner's alone (0600) and every directory 0700, whatever the umask
// of the program that embeds the library.
#pragma once

#include <rocksdb/env.h>

#include <string>

namespace annals::store {

// One Env for the whole process, never destroyed (a DB must not outlive its Env, and some
// close during static destruction). Its threads are those of rocksdb::Env::Default().
rocksdb::Env* owner_only_env();

// For files and directories made outside RocksDB (the staging directory of sorted runs):
// chmod to 0600, or 0700 for a directory. Errors are ignored: the mode is a safeguard, the
// store's directory (0700) being the first one.
void make_owner_only(const std::string& path, bool directory);

}  // namespace annals::store
