// The info loggers handed to RocksDB (info_log.hpp).
#include "info_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <ctime>

namespace annals::store {

namespace {

constexpr off_t kRollBytes = 4 << 20;

class FileLogger : public rocksdb::Logger {
 public:
  explicit FileLogger(int fd) : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL), fd_(fd) {}
  ~FileLogger() override {
    if (fd_ >= 0) ::close(fd_);
  }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (fd_ < 0) return;
    char buf[1024];
    const auto now = std::chrono::system_clock::now();
    const std::time_t secs = std::chrono::system_clock::to_time_t(now);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
        1000000;
    std::tm tm{};
    localtime_r(&secs, &tm);
    int n = std::snprintf(buf, sizeof buf, "%04d/%02d/%02d-%02d:%02d:%02d.%06lld ",
                          tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                          tm.tm_sec, static_cast<long long>(micros));
    if (n < 0) return;
    va_list copy;
    va_copy(copy, ap);
    int m = std::vsnprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), format, copy);
    va_end(copy);
    if (m < 0) return;
    std::size_t len =
        std::min(sizeof buf - 1, static_cast<std::size_t>(n) + static_cast<std::size_t>(m));
    if (len == 0 || buf[len - 1] != '\n') buf[len++] = '\n';
    // One write with O_APPEND: lines of several threads do not interleave. A failure (a full
    // disk) loses the line and nothing else.
    (void)!::write(fd_, buf, len);
  }

 private:
  int fd_;
};

class DiscardLogger : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

}  // namespace

std::shared_ptr<rocksdb::Logger> make_info_log(const std::string& dir) {
  const std::string path = dir + "/LOG";
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && st.st_size > kRollBytes) {
    (void)::rename(path.c_str(), (dir + "/LOG.old").c_str());
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return discard_info_log();
  return std::make_shared<FileLogger>(fd);
}

std::shared_ptr<rocksdb::Logger> discard_info_log() { return std::make_shared<DiscardLogger>(); }

}  // namespace annals::store
