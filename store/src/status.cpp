// Status formatting and the exit codes the `annals` program uses (docs/DESIGN.md "The program").
#include <algorithm>
#include <vector>

#include "annals/status.hpp"

namespace annals {

std::string Status::to_string() const {
  if (where_.source.empty() && where_.line == 0) return message_;
  std::string out = where_.source.empty() ? "input" : where_.source;
  if (where_.line > 0) {
    out += ':' + std::to_string(where_.line);
    if (where_.column > 0) out += ':' + std::to_string(where_.column);
  }
  out += ": ";
  out += message_;
  if (!where_.excerpt.empty()) {
    out += "\n  ";
    out += where_.excerpt;
    out += "\n  ";
    out.append(where_.excerpt_caret, ' ');
    out += '^';
  }
  return out;
}

std::string describe_byte(unsigned char c) {
  if (c > 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  if (c == ' ') return "a space";
  if (c == '\t') return "a tab";
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 0xF];
}

void set_excerpt(Position& where, std::string_view line_text) {
  constexpr std::uint64_t kBefore = 60, kAfter = 40, kWidth = 100;
  // Split into characters (UTF-8 sequences) so that the cut never halves one.
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < line_text.size();) {
    std::size_t n = 1;
    while (i + n < line_text.size() && (static_cast<unsigned char>(line_text[i + n]) & 0xC0) == 0x80) {
      ++n;
    }
    chars.push_back(line_text.substr(i, n));
    i += n;
  }
  std::uint64_t col = where.column > 0 ? where.column - 1 : 0;
  if (col > chars.size()) col = chars.size();
  std::uint64_t from = col > kBefore ? col - kBefore : 0;
  std::uint64_t to = std::min<std::uint64_t>(chars.size(), std::max(col + kAfter, from + kWidth));
  std::string text;
  std::uint64_t caret = col - from;
  if (from > 0) {
    text += "...";
    caret += 3;
  }
  for (std::uint64_t i = from; i < to; ++i) {
    std::string_view c = chars[i];
    if (c.size() == 1 && (static_cast<unsigned char>(c[0]) < 0x20 || c[0] == 0x7f)) {
      text += ' ';
    } else {
      text += c;
    }
  }
  if (to < chars.size()) text += "...";
  where.excerpt = std::move(text);
  where.excerpt_caret = caret;
}

int exit_code_for(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 0;
    case StatusCode::kInvalidInput: return 1;
    case StatusCode::kNotFound: return 1;
    case StatusCode::kStoreLocked:
    case StatusCode::kVersionMismatch:
    case StatusCode::kCorruption:
    case StatusCode::kIoError: return 3;
    case StatusCode::kNotSupported:
    case StatusCode::kFailed:
    case StatusCode::kCancelled: return 4;
  }
  return 4;
}

}  // namespace annals
