// The machinery under the shared terminals (terminals.hpp): a scanning window on the input,
// errors with their place and line, and the base of custom PEGTL rules.
//
// Generic over the input (the Turtle reader streams a pegtl::buffer_input, SPARQL parses a
// pegtl::memory_input) and over the builder, which satisfies TermBuilder below.
#pragma once

#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include "annals/iri.hpp"
#include "annals/status.hpp"
#include "annals/term.hpp"
#include "syntax/lexical.hpp"

namespace annals::syntax {

namespace pegtl = tao::pegtl;

// What the terminals need of a parser's state.
template <typename B>
concept TermBuilder = requires(B& b, const B& cb, std::string_view s) {
  { b.push_iri() } -> std::same_as<Term&>;            // a cleared IRI slot on the value stack
  { b.push_literal(s) } -> std::same_as<Term&>;       // a cleared literal slot of datatype s
  b.push_file_blank(s);                                // a blank node with this label
  { b.top() } -> std::same_as<Term&>;                 // the term on top of the stack
  { cb.prefix(s) } -> std::same_as<const std::string*>;  // a declared prefix, or null
  { cb.base() } -> std::same_as<const std::string&>;  // the base IRI, empty for none
  { cb.source() } -> std::same_as<const std::string&>;   // the input's name for positions
  { cb.input_noun() } -> std::same_as<std::string_view>;  // "file", "query": for "end of ..."
  b.error_where = Position{};                           // where the error being raised lies
};

// The longest single token a streaming input may hold.
inline constexpr std::size_t kMaxToken = std::size_t{256} << 20;

// Records the place of an error at the input's current position, with the text of its line
// as far as the input still holds it (a streaming buffer may have dropped its start), and
// throws pegtl::parse_error.
template <typename In, typename B>
[[noreturn]] void raise_at(const In& in, B& b, const std::string& message) {
  const char* cur = in.current();
  const char* buf_begin;
  const char* buf_end;
  if constexpr (requires { in.buffer_occupied(); }) {
    buf_begin = cur - in.buffer_free_before_current();
    buf_end = cur + in.buffer_occupied();
  } else {
    buf_begin = in.begin();
    buf_end = in.end();
  }
  const char* line = cur;
  while (line > buf_begin && line[-1] != '\n' && line[-1] != '\r') --line;
  const char* end = cur;
  while (end < buf_end && *end != '\n' && *end != '\r') ++end;
  std::string text = message;
  Position where{b.source(), in.line(), in.column(), {}, 0};
  if (cur == buf_end) {
    // Nothing follows (a failed rule has asked for more input and got none): the input ended
    // early. Show the end of the last line that has text, rather than an empty line.
    text = "unexpected end of " + std::string(b.input_noun()) + ": " + message;
    const char* q = cur;
    std::uint64_t lines_back = 0;
    while (q > buf_begin && (q[-1] == '\n' || q[-1] == '\r' || q[-1] == ' ' || q[-1] == '\t')) {
      if (q[-1] == '\n') ++lines_back;
      --q;
    }
    if (lines_back > 0 && q > buf_begin) {
      where.line -= lines_back;
      cur = end = q;
      line = q;
      while (line > buf_begin && line[-1] != '\n' && line[-1] != '\r') --line;
    }
  }
  bool whole_line = line > buf_begin || in.byte() == static_cast<std::size_t>(in.current() - line);
  if (whole_line) {
    // Columns count characters, not bytes.
    std::uint64_t col = 1;
    for (const char* q = line; q < cur; ++q) {
      if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) ++col;
    }
    where.column = col;
    set_excerpt(where, std::string_view(line, static_cast<std::size_t>(end - line)));
  }
  b.error_where = std::move(where);
  throw pegtl::parse_error(text, in);
}

// A window on the input for scanning one token. On a streaming input more is read as the
// scan needs it; reading more never moves the buffer (only a discard does), so pointers stay
// valid.
template <typename In>
class Scan {
 public:
  explicit Scan(In& in) : in_(in), begin_(in.current()), end_(in.current() + in.size(1)) {}

  // The byte k places ahead of the cursor, or -1 at the end of the input.
  int at(std::size_t k) {
    if (pos_ + k < static_cast<std::size_t>(end_ - begin_)) [[likely]] {
      return static_cast<unsigned char>(begin_[pos_ + k]);
    }
    return at_refill(k);
  }
  void skip(std::size_t n) { pos_ += n; }
  std::size_t pos() const { return pos_; }
  // at() past what is buffered: reads more (kept out of line so that at() inlines).
  [[gnu::noinline]] int at_refill(std::size_t k) {
    if (pos_ + k + 1 > kMaxToken) {
      in_.bump(pos_);
      throw std::length_error("token");
    }
    end_ = begin_ + in_.size(pos_ + k + 1);
    if (pos_ + k >= static_cast<std::size_t>(end_ - begin_)) return -1;
    return static_cast<unsigned char>(begin_[pos_ + k]);
  }
  const char* ptr() const { return begin_ + pos_; }
  std::size_t available() const { return static_cast<std::size_t>(end_ - begin_) - pos_; }
  std::string_view text(std::size_t from) const { return {begin_ + from, pos_ - from}; }
  // Consumes what was scanned.
  void accept() { in_.bump(pos_); }
  // The same for a token that cannot hold a line end: no need to count lines in it.
  void accept_in_line() { in_.bump_in_this_line(pos_); }
  // Fails at offset `at` of the token.
  template <typename B>
  [[noreturn]] void fail(B& b, std::size_t at, const std::string& message) {
    in_.bump(at);
    raise_at(in_, b, message);
  }

  // Decodes the UTF-8 character k bytes ahead (first byte >= 0x80) into cp; its length.
  template <typename B>
  std::size_t peek_utf8(B& b, std::size_t k, char32_t& cp) {
    at(k + 3);  // make the whole sequence readable if it is there
    int len = lex::decode_utf8(ptr() + k, available() - k, cp);
    if (len == 0) fail(b, pos_ + k, "invalid UTF-8");
    return static_cast<std::size_t>(len);
  }

  // Decodes the UTF-8 character at the cursor (first byte >= 0x80) and moves past it.
  template <typename B>
  char32_t utf8(B& b) {
    at(3);  // make the whole sequence readable if it is there
    char32_t cp;
    int len = lex::decode_utf8(ptr(), available(), cp);
    if (len == 0) fail(b, pos_, "invalid UTF-8");
    pos_ += static_cast<std::size_t>(len);
    return cp;
  }

  // UCHAR at the cursor ('\\' then 'u' or 'U'), appended to out as UTF-8.
  template <typename B>
  void uchar(B& b, std::string& out) {
    std::size_t start = pos_;
    int digits = at(1) == 'u' ? 4 : 8;
    char32_t cp = 0;
    for (int i = 0; i < digits; ++i) {
      int c = at(2 + static_cast<std::size_t>(i));
      int h = c < 0 ? -1 : lex::hex_value(static_cast<char>(c));
      if (h < 0) fail(b, start, "invalid escape: expected " + std::to_string(digits) + " hex digits");
      cp = (cp << 4) | static_cast<char32_t>(h);
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) fail(b, start, "escape is a surrogate code point");
    if (cp > 0x10FFFF) fail(b, start, "escape is beyond U+10FFFF");
    lex::append_utf8(out, cp);
    pos_ += 2 + static_cast<std::size_t>(digits);
  }

 private:
  In& in_;
  const char* begin_;
  const char* end_;
  std::size_t pos_ = 0;
};

// Marks the custom rules for pegtl::analyze: they consume input when they succeed (all but
// ws, which may match nothing).
struct ConsumingTerminal {};
struct OptionalTerminal {};

// The base of custom rules: PEGTL's full match signature, forwarding to scan(in, builder).
template <typename Derived, typename Kind = ConsumingTerminal>
struct Terminal : Kind {
  using rule_t = Derived;
  using subs_t = pegtl::empty_list;
  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class Action,
            template <typename...> class Control, typename In, typename B, typename... Rest>
  static bool match(In& in, B& b, Rest&&...) {
    return Derived::scan(in, b);
  }
};

inline bool is_ws(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace annals::syntax

// pegtl::analyze sees a terminal as one token: "any" when it always consumes, "opt" when it
// may match nothing.
namespace tao::pegtl {
template <typename Name, typename Rule>
  requires std::derived_from<Rule, annals::syntax::ConsumingTerminal>
struct analyze_traits<Name, Rule> : analyze_any_traits<> {};
template <typename Name, typename Rule>
  requires std::derived_from<Rule, annals::syntax::OptionalTerminal>
struct analyze_traits<Name, Rule> : analyze_opt_traits<> {};
}  // namespace tao::pegtl
