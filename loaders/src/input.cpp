// Input: the bytes a parser reads, from a plain file (read(2) into the caller's buffer, no
// extra copy), a gzip file (zlib), stdin, a string held in memory, or the caller's std::istream.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <istream>

#include "annals/rdf.hpp"

namespace annals {

class Input::Impl {
 public:
  enum class Kind : std::uint8_t { kFile, kGzip, kString, kStream };

  Impl(Kind kind, std::string name) : kind_(kind), name_(std::move(name)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (gz_ != nullptr) {
      gzclose(gz_);  // also closes fd_
    } else if (fd_ > STDIN_FILENO) {
      ::close(fd_);
    }
  }

  std::size_t read(char* buf, std::size_t n) {
    if (!status_.is_ok() || n == 0) return 0;
    switch (kind_) {
      case Kind::kString: {
        std::size_t k = std::min(n, text_.size() - pos_);
        std::memcpy(buf, text_.data() + pos_, k);
        pos_ += k;
        bytes_ += k;
        return k;
      }
      case Kind::kStream: {
        stream_->read(buf, static_cast<std::streamsize>(std::min<std::size_t>(n, PTRDIFF_MAX)));
        auto k = static_cast<std::size_t>(stream_->gcount());
        if (stream_->bad()) status_ = Status::io_error(name_ + ": the stream failed");
        bytes_ += k;
        return k;
      }
      case Kind::kFile:
        for (;;) {
          ssize_t k = ::read(fd_, buf, n);
          if (k >= 0) {
            bytes_ += static_cast<std::uint64_t>(k);
            return static_cast<std::size_t>(k);
          }
          if (errno == EINTR) continue;
          status_ = Status::io_error(name_ + ": " + std::strerror(errno));
          return 0;
        }
      case Kind::kGzip: {
        auto want = static_cast<unsigned>(std::min<std::size_t>(n, INT_MAX));
        int k = gzread(gz_, buf, want);
        if (k < 0) {
          int err = Z_OK;
          const char* msg = gzerror(gz_, &err);
          if (err == Z_ERRNO) {
            status_ = Status::io_error(name_ + ": " + std::strerror(errno));
          } else {
            status_ = Status::invalid_input(name_ + ": bad gzip data: " + msg);
          }
          return 0;
        }
        if (k == 0) {
          // gzread reports a truncated stream as end of file plus an error state.
          int err = Z_OK;
          const char* msg = gzerror(gz_, &err);
          if (err != Z_OK && err != Z_STREAM_END) {
            status_ = Status::invalid_input(name_ + ": bad gzip data: " + msg);
          }
        }
        bytes_ = static_cast<std::uint64_t>(gzoffset(gz_));
        return static_cast<std::size_t>(k);
      }
    }
    return 0;
  }

  Kind kind_;
  std::string name_;
  int fd_ = -1;
  gzFile gz_ = nullptr;
  std::string text_;
  std::istream* stream_ = nullptr;  // kStream: the caller's
  std::size_t pos_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t size_ = 0;
  Status status_;
};

namespace {

bool ends_with_gz(const std::string& path) {
  return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
}

}  // namespace

Result<Input> Input::open(const std::string& path) {
  if (path == "-") {
    auto impl = std::make_unique<Impl>(Impl::Kind::kFile, "-");
    impl->fd_ = STDIN_FILENO;
    return Input(std::move(impl));
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::not_found(path + ": no such file");
    return Status::io_error(path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return Status::invalid_input(path + ": is a directory");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::not_found(path + ": no such file");
    return Status::io_error(path + ": " + std::strerror(errno));
  }
  const bool gz = ends_with_gz(path);
  auto impl = std::make_unique<Impl>(gz ? Impl::Kind::kGzip : Impl::Kind::kFile, path);
  impl->fd_ = fd;
  impl->size_ = S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
#ifdef POSIX_FADV_SEQUENTIAL
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  if (gz) {
    impl->gz_ = gzdopen(fd, "rb");
    if (impl->gz_ == nullptr) {
      ::close(fd);
      impl->fd_ = -1;
      return Status::io_error(path + ": cannot open gzip stream");
    }
    gzbuffer(impl->gz_, 1u << 18);
  }
  return Input(std::move(impl));
}

Input Input::from_string(std::string text, std::string name) {
  auto impl = std::make_unique<Impl>(Impl::Kind::kString, std::move(name));
  impl->size_ = text.size();
  impl->text_ = std::move(text);
  return Input(std::move(impl));
}

Input Input::from_stream(std::istream& in, std::string name) {
  auto impl = std::make_unique<Impl>(Impl::Kind::kStream, std::move(name));
  impl->stream_ = &in;
  return Input(std::move(impl));
}

Input::Input(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Input::Input(Input&&) noexcept = default;
Input& Input::operator=(Input&&) noexcept = default;
Input::~Input() = default;

std::size_t Input::read(char* buf, std::size_t n) { return impl_->read(buf, n); }
Status Input::status() const { return impl_->status_; }
const std::string& Input::name() const { return impl_->name_; }
std::uint64_t Input::bytes_read() const { return impl_->bytes_; }
std::uint64_t Input::size() const { return impl_->size_; }
std::uint64_t Input::content_size() const {
  const bool known = impl_->kind_ == Impl::Kind::kString || impl_->kind_ == Impl::Kind::kFile;
  return known ? impl_->size_ : 0;
}

}  // namespace annals
