// owner_only_env(): a FileSystemWrapper that chmods what RocksDB creates. RocksDB 7 opens
// its files 0644 less the umask (its Env's SetAllowNonOwnerAccess does not reach the
// POSIX file system it uses), so the `annals` program's umask 077 protected its own stores,
// and a library user's stores followed that user's umask: purged facts stay in the files
// until compaction, so other users could read them.
#include "owner_only_env.hpp"

#include <rocksdb/file_system.h>
#include <sys/stat.h>

#include <memory>
#include <utility>

namespace annals::store {

void make_owner_only(const std::string& path, bool directory) {
  (void)::chmod(path.c_str(), directory ? 0700 : 0600);
}

namespace {

// A file is chmodded right after it is created, before RocksDB writes anything into it:
// a process that opened it meanwhile would see only what the store's 0700 directory
// already keeps from it.
class OwnerOnlyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  const char* Name() const override { return "AnnalsOwnerOnly"; }

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    return owner_only(f, false, target()->NewWritableFile(f, o, r, dbg));
  }
  rocksdb::IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                       std::unique_ptr<rocksdb::FSWritableFile>* r,
                                       rocksdb::IODebugContext* dbg) override {
    return owner_only(f, false, target()->ReopenWritableFile(f, o, r, dbg));
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& f, const std::string& old,
                                      const rocksdb::FileOptions& o,
                                      std::unique_ptr<rocksdb::FSWritableFile>* r,
                                      rocksdb::IODebugContext* dbg) override {
    return owner_only(f, false, target()->ReuseWritableFile(f, old, o, r, dbg));
  }
  rocksdb::IOStatus NewRandomRWFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSRandomRWFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    return owner_only(f, false, target()->NewRandomRWFile(f, o, r, dbg));
  }
  rocksdb::IOStatus LockFile(const std::string& f, const rocksdb::IOOptions& o,
                             rocksdb::FileLock** l, rocksdb::IODebugContext* dbg) override {
    return owner_only(f, false, target()->LockFile(f, o, l, dbg));
  }
  rocksdb::IOStatus CreateDir(const std::string& d, const rocksdb::IOOptions& o,
                              rocksdb::IODebugContext* dbg) override {
    return owner_only(d, true, target()->CreateDir(d, o, dbg));
  }
  // An existing directory keeps its mode (a store directory its owner opened up on purpose).
  rocksdb::IOStatus CreateDirIfMissing(const std::string& d, const rocksdb::IOOptions& o,
                                       rocksdb::IODebugContext* dbg) override {
    struct stat st;
    const bool existed = ::stat(d.c_str(), &st) == 0;
    auto s = target()->CreateDirIfMissing(d, o, dbg);
    return existed ? s : owner_only(d, true, std::move(s));
  }

 private:
  static rocksdb::IOStatus owner_only(const std::string& path, bool directory,
                                      rocksdb::IOStatus s) {
    if (s.ok()) make_owner_only(path, directory);
    return s;
  }
};

}  // namespace

rocksdb::Env* owner_only_env() {
  static rocksdb::Env* env =
      rocksdb::NewCompositeEnv(
          std::make_shared<OwnerOnlyFileSystem>(rocksdb::FileSystem::Default()))
          .release();
  return env;
}

}  // namespace annals::store
