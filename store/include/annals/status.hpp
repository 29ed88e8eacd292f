// Status and Result<T>: how every public function and layer boundary reports failure.
// A Status carries a code, a message and, for bad input, the place (file, line, column).
// Exceptions never cross a layer boundary; parsers may throw inside and convert here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace annals {

enum class StatusCode : std::uint8_t {
  kOk = 0,
  kInvalidInput,    // a file, query or request that is malformed (exit 1)
  kNotSupported,    // valid but not implemented or refused (exit 4)
  kNotFound,        // a named thing does not exist (a file, a store to open read-only)
  kStoreLocked,     // another process holds the store for writing (exit 3)
  kVersionMismatch, // the store was written by another format version (exit 3)
  kCorruption,      // the store's bytes do not make sense (exit 3)
  kIoError,         // the operating system refused (exit 3)
  kFailed,          // a valid request that failed while running (exit 4)
  kCancelled,       // stopped by the caller or a timeout (exit 4)
};

// Where in an input a problem lies. Lines and columns count from 1; 0 means unknown.
struct Position {
  std::string source;  // file name, "-" for stdin, "query" for query text
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  // The offending line (or, for a long line, the part around the column), when the reader
  // still had it, and how many characters of it come before the column; Status::to_string
  // shows it with a caret there. Set both with set_excerpt.
  std::string excerpt;
  std::uint64_t excerpt_caret = 0;
};

// Sets where.excerpt from the text of the line where.line (without its line end; UTF-8),
// cut to about 100 characters around where.column and with control characters shown as
// spaces.
void set_excerpt(Position& where, std::string_view line_text);

// A short, printable rendering of the byte c for messages: "'x'", "a space", "byte 0x0A". The
// store's IRI check and the readers name an unwanted character with it.
std::string describe_byte(unsigned char c);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  Status(StatusCode code, std::string message, Position where)
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status ok() { return {}; }
  static Status invalid_input(std::string msg, Position where = {}) {
    return {StatusCode::kInvalidInput, std::move(msg), std::move(where)};
  }
  static Status not_supported(std::string msg) { return {StatusCode::kNotSupported, std::move(msg)}; }
  static Status not_found(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status io_error(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status failed(std::string msg) { return {StatusCode::kFailed, std::move(msg)}; }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const Position& where() const { return where_; }

  // "file:line:column: message" when the place is known, else the message alone; then, when
  // the place has an excerpt, two more lines: the excerpt and a caret under the column.
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  Position where_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: must not be ok

  bool is_ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const {
    static const Status kOkStatus;
    return is_ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

// The process exit status the `annals` program uses for a code (docs/DESIGN.md "The program").
int exit_code_for(StatusCode code);

}  // namespace annals
