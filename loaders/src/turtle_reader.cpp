// Turtle and TriG reader, RDF 1.1 and 1.2 (https://www.w3.org/TR/rdf12-turtle/,
// https://www.w3.org/TR/rdf12-trig/): a PEGTL grammar over a streaming buffer.
//
// The grammar's structure (statements, predicate-object lists, collections, blank node
// property lists, triple terms, reified triples, annotations, graph blocks) is PEGTL rules;
// the terminals (IRIs, prefixed names, strings, numbers, ...) are custom rules that scan the
// buffer directly and decode into the Builder, which keeps the parse state and hands each
// quad to the sink as soon as it is complete.
//
// Streaming: the buffer (pegtl::buffer_input) is cut ("discarded") after every statement and
// inside long statements after every ',' and ';' and '.' in a graph block, so memory is
// bounded by the longest single token, not by the file. Every construct commits after its
// first token (must<> from there on), so no rule ever backtracks across a cut.
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <tao/pegtl.hpp>

#include "annals/iri.hpp"
#include "annals/rdf.hpp"
#include "lexical.hpp"
#include "readers.hpp"

namespace annals {

namespace {

namespace pegtl = tao::pegtl;

constexpr std::size_t kReadChunk = std::size_t{64} << 10;
// The longest single token (a literal, say) a file may hold.
constexpr std::size_t kMaxToken = std::size_t{256} << 20;
constexpr int kMaxDepth = 1000;

// Reads from an Input until the request is filled or the input ends: PEGTL takes a short
// read for the end of the input.
struct InputReader {
  Input* in;
  std::size_t operator()(char* buf, std::size_t n) const {
    std::size_t got = 0;
    while (got < n) {
      std::size_t r = in->read(buf + got, n - got);
      if (r == 0) break;
      got += r;
    }
    return got;
  }
};

using Buffer = pegtl::buffer_input<InputReader, pegtl::eol::lf_crlf, std::string, kReadChunk>;

// Thrown by the sink side: the sink asked to stop (its Status is kept in the Builder).
struct SinkStopped {};

struct Frame {
  Term subject, predicate, object;
  Term reifier;  // the last '~' reifier not yet taken by an annotation block
  bool has_reifier = false;
};

struct List {
  Term head, last;
  bool empty = true;
};

// The parse state: values of the terms just read, the subjects and predicates being
// described, collections being built, prefixes and base, the current graph.
class Builder {
 public:
  Builder(const ParseOptions& options, const QuadSink& sink, std::string source)
      : options_(options), sink_(sink), source_(std::move(source)), base_(options.base) {
    quad_.graph = Term::iri({});
  }

  // --- values -------------------------------------------------------------------------------
  // The terms just read, as a stack whose slots keep their strings' capacity from one use to
  // the next: after the first statements, reading a term allocates nothing.
  Term& push() {
    if (n_values_ == values_.size()) values_.emplace_back();
    return values_[n_values_++];
  }
  void push(const Term& t) { push() = t; }
  void push(Term&& t) { push() = std::move(t); }
  // A slot cleared for a term of this kind (a literal gets the datatype).
  Term& push_iri() { return push_kind(TermKind::kIri, {}); }
  Term& push_blank() { return push_kind(TermKind::kBlank, {}); }
  Term& push_literal(std::string_view datatype) { return push_kind(TermKind::kLiteral, datatype); }
  // The top term, taken off the stack; the reference holds until the next push.
  Term& take() { return values_[--n_values_]; }
  Term pop() { return std::move(take()); }
  Term& top() { return values_[n_values_ - 1]; }

  Term fresh_blank() { return Term::blank("_" + std::to_string(++fresh_)); }
  void push_fresh_blank() {
    Term& t = push_blank();
    t.value.push_back('_');
    t.value += std::to_string(++fresh_);
  }
  // File labels are kept, except that one starting with '_' gets another: the generated
  // labels ("_1", "_2", ...) never meet a label of the file.
  void push_file_blank(std::string_view label) {
    Term& t = push_blank();
    if (!label.empty() && label[0] == '_') t.value.push_back('_');
    t.value.append(label);
  }

  // --- statements ---------------------------------------------------------------------------
  std::vector<List> lists;
  int depth = 0;

  // The subject being described, innermost last; frames are reused like value slots.
  Frame& frame() { return frames_[n_frames_ - 1]; }
  void begin_subject(const Term& s) {
    if (n_frames_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[n_frames_++];
    f.subject = s;
    f.has_reifier = false;
  }
  void end_subject() { --n_frames_; }

  void emit(const Term& s, const Term& p, const Term& o) {
    quad_.subject = s;
    quad_.predicate = p;
    quad_.object = o;
    sink_status_ = sink_(quad_);
    if (!sink_status_.is_ok()) {
      // The sink refusing the statement itself (a quad the output format cannot hold, say)
      // is the statement's error: give it the place the parse has reached.
      if (sink_status_.code() == StatusCode::kInvalidInput && sink_status_.where().line == 0 && input) {
        sink_status_ = Status::invalid_input(
            sink_status_.message(), Position{source_, input->line(), input->column(), {}, 0});
      }
      throw SinkStopped{};
    }
  }

  // object in a predicate-object list: the triple (subject, predicate, object).
  void object(const Term& o) {
    Frame& f = frame();
    emit(f.subject, f.predicate, o);
    f.object = o;
    f.has_reifier = false;
  }
  // "~ r" after an object: r reifies the triple just emitted.
  void reifier(Term r) {
    Frame& f = frame();
    emit(r, reifies_, Term::triple_term(f.subject, f.predicate, f.object));
    f.reifier = std::move(r);
    f.has_reifier = true;
  }
  // "{|" after an object: the annotations describe the last reifier, or a fresh one.
  void begin_annotation() {
    Frame& f = frame();
    Term r;
    if (f.has_reifier) {
      r = std::move(f.reifier);
      f.has_reifier = false;
    } else {
      r = fresh_blank();
      emit(r, reifies_, Term::triple_term(f.subject, f.predicate, f.object));
    }
    begin_subject(std::move(r));
  }
  // "<< s p o ~ r >>": the values are s, p, o and r; leaves r.
  void reified_triple() {
    Term r = pop(), o = pop(), p = pop(), s = pop();
    emit(r, reifies_, Term::triple_term(std::move(s), std::move(p), std::move(o)));
    push(std::move(r));
  }
  void triple_term() {
    Term o = pop(), p = pop(), s = pop();
    push(Term::triple_term(std::move(s), std::move(p), std::move(o)));
  }

  void list_item() {
    Term item = pop();
    List& l = lists.back();
    Term node = fresh_blank();
    if (l.empty) {
      l.head = node;
      l.empty = false;
    } else {
      emit(l.last, rest_, node);
    }
    emit(node, first_, item);
    l.last = std::move(node);
  }
  void end_list() {
    List l = std::move(lists.back());
    lists.pop_back();
    if (l.empty) {
      push(nil_);
    } else {
      emit(l.last, rest_, nil_);
      push(std::move(l.head));
    }
  }

  void set_graph(Term g) { quad_.graph = std::move(g); }
  void default_graph() { quad_.graph = Term::iri({}); }

  // --- directives ---------------------------------------------------------------------------
  void set_prefix(std::string name, std::string iri) {
    if (options_.on_prefix) options_.on_prefix(Prefix{name, iri});
    prefixes_[std::move(name)] = std::move(iri);
  }
  const std::string* prefix(std::string_view name) const {
    auto it = prefixes_.find(name);
    return it == prefixes_.end() ? nullptr : &it->second;
  }
  const std::string& base() const { return base_; }
  void set_base(std::string b) { base_ = std::move(b); }

  // --- errors -------------------------------------------------------------------------------
  const std::string& source() const { return source_; }
  const Status& sink_status() const { return sink_status_; }
  // The place of the error being raised, taken while the buffer still holds its line.
  Position error_where;
  const Buffer* input = nullptr;  // for the place of a statement the sink refuses

 private:
  const ParseOptions& options_;
  const QuadSink& sink_;
  std::string source_;
  std::string base_;
  // Looked up by string_view: a prefixed name is checked without copying its prefix.
  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> prefixes_;
  Quad quad_;
  Status sink_status_;
  std::uint64_t fresh_ = 0;
  const Term reifies_ = Term::iri(std::string(kRdfReifies));
  const Term first_ = Term::iri(std::string(kRdfFirst));
  const Term rest_ = Term::iri(std::string(kRdfRest));
  const Term nil_ = Term::iri(std::string(kRdfNil));
  std::vector<Term> values_;
  std::size_t n_values_ = 0;
  std::vector<Frame> frames_;
  std::size_t n_frames_ = 0;

  Term& push_kind(TermKind kind, std::string_view datatype) {
    Term& t = push();
    t.kind = kind;
    t.value.clear();
    t.datatype.assign(datatype);
    t.language.clear();
    t.direction.clear();
    t.triple.reset();
    return t;
  }
};

// Records the place of an error at the input's current position, with the text of its line
// as far as the buffer still holds it, and throws.
template <typename In>
[[noreturn]] void raise_at(const In& in, Builder& b, const std::string& message) {
  const char* cur = in.current();
  const char* buf_begin = cur - in.buffer_free_before_current();
  const char* buf_end = cur + in.buffer_occupied();
  const char* line = cur;
  while (line > buf_begin && line[-1] != '\n' && line[-1] != '\r') --line;
  const char* end = cur;
  while (end < buf_end && *end != '\n' && *end != '\r') ++end;
  std::string text = message;
  Position where{b.source(), in.line(), in.column(), {}, 0};
  if (cur == buf_end) {
    // Nothing follows (a failed rule has asked for more input and got none): the file ended
    // early. Show the end of the last line that has text, rather than an empty line.
    text = "unexpected end of file: " + message;
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

// --- terminals ------------------------------------------------------------------------------

// A window on the buffer for scanning one token: more input is read as the scan needs it.
// Reading more never moves the buffer (only a discard does), so pointers stay valid.
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
  [[noreturn]] void fail(Builder& b, std::size_t at, const std::string& message) {
    in_.bump(at);
    raise_at(in_, b, message);
  }

  // Decodes the UTF-8 character k bytes ahead (first byte >= 0x80) into cp; its length.
  std::size_t peek_utf8(Builder& b, std::size_t k, char32_t& cp) {
    at(k + 3);  // make the whole sequence readable if it is there
    int len = lex::decode_utf8(ptr() + k, available() - k, cp);
    if (len == 0) fail(b, pos_ + k, "invalid UTF-8");
    return static_cast<std::size_t>(len);
  }

  // Decodes the UTF-8 character at the cursor (first byte >= 0x80) and moves past it.
  char32_t utf8(Builder& b) {
    at(3);  // make the whole sequence readable if it is there
    char32_t cp;
    int len = lex::decode_utf8(ptr(), available(), cp);
    if (len == 0) fail(b, pos_, "invalid UTF-8");
    pos_ += static_cast<std::size_t>(len);
    return cp;
  }

  // UCHAR at the cursor ('\\' then 'u' or 'U'), appended to out as UTF-8.
  void uchar(Builder& b, std::string& out) {
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

// The base of custom rules: PEGTL's full match signature, forwarding to scan(in, builder).
template <typename Derived>
struct Terminal {
  using rule_t = Derived;
  using subs_t = pegtl::empty_list;
  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class Action,
            template <typename...> class Control, typename In>
  static bool match(In& in, Builder& b) {
    return Derived::scan(in, b);
  }
};

bool is_ws(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// WS and comments, any amount.
struct ws : Terminal<ws> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    for (;;) {
      Scan s(in);
      int c;
      while (is_ws(c = s.at(0))) s.skip(1);
      if (c != '#') {
        s.accept();
        return true;
      }
      while ((c = s.at(0)) >= 0 && c != '\n' && c != '\r') {
        if (c >= 0x80) {
          s.utf8(b);
        } else {
          s.skip(1);
        }
      }
      s.accept();
    }
  }
};

// An optional UTF-8 byte order mark at the start.
struct bom : pegtl::opt<pegtl::utf8::bom> {};

// The classes of name characters: PN_CHARS_BASE, PN_CHARS_U (and '_'), PN_CHARS (and '-',
// digits, U+00B7, combining marks).
enum class Name { kBase, kU, kChars };

// The length of the character k bytes ahead if it is of class cls, else 0.
template <typename In>
std::size_t name_len(Scan<In>& s, Builder& b, std::size_t k, Name cls) {
  int c = s.at(k);
  if (c < 0) return 0;
  if (c < 0x80) {
    char ch = static_cast<char>(c);
    if (lex::is_alpha(ch)) return 1;
    if (cls != Name::kBase && ch == '_') return 1;
    if (cls == Name::kChars && (lex::is_digit(ch) || ch == '-')) return 1;
    return 0;
  }
  char32_t cp;
  std::size_t len = s.peek_utf8(b, k, cp);
  if (lex::pn_chars_base(cp) || (cls == Name::kChars && lex::pn_chars_extra(cp))) return len;
  return 0;
}

// PN_PREFIX ::= PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)? at the cursor: its length, or 0.
template <typename In>
std::size_t prefix_len(Scan<In>& s, Builder& b) {
  std::size_t k = name_len(s, b, 0, Name::kBase);
  if (k == 0) return 0;
  std::size_t good = k;
  for (;;) {
    int c = s.at(k);
    if (c == '.') {
      ++k;
      continue;
    }
    if (c >= 0 && c < 0x80 && (lex::is_alpha(static_cast<char>(c)) || lex::is_digit(static_cast<char>(c)) ||
                               c == '_' || c == '-')) {
      good = ++k;  // the common case, without the general test below
      continue;
    }
    std::size_t n = name_len(s, b, k, Name::kChars);
    if (n == 0) break;
    k += n;
    good = k;
  }
  return good;
}

// IRIREF, resolved against the base.
struct iriref : Terminal<iriref> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    Scan s(in);
    if (s.at(0) != '<' || s.at(1) == '<') return false;
    s.skip(1);
    std::string& iri = b.push_iri().value;
    std::size_t run = s.pos();
    for (;;) {
      int c = s.at(0);
      if (c < 0) s.fail(b, 0, "unterminated IRI");
      if (c >= 0x80) {
        s.utf8(b);
      } else if (lex::iri_plain(static_cast<unsigned char>(c))) {
        s.skip(1);
      } else if (c == '>') {
        break;
      } else if (c == '\\') {
        iri.append(s.text(run));
        if (s.at(1) != 'u' && s.at(1) != 'U') s.fail(b, s.pos(), "invalid escape in IRI (only \\u and \\U)");
        std::size_t at = s.pos();
        std::string decoded;
        s.uchar(b, decoded);
        for (unsigned char d : decoded) {
          if (d < 0x80 && !lex::iri_plain(d)) s.fail(b, at, "escape stands for a character not allowed in IRIs");
        }
        iri += decoded;
        run = s.pos();
      } else {
        s.fail(b, s.pos(), "invalid character in IRI: " + lex::describe_byte(static_cast<unsigned char>(c)));
      }
    }
    iri.append(s.text(run));
    s.skip(1);
    if (!iri_has_scheme(iri)) {
      if (b.base().empty()) s.fail(b, 0, "relative IRI <" + iri + "> and no base IRI to resolve it against");
      iri = resolve_iri(b.base(), iri);
    }
    s.accept_in_line();
    return true;
  }
};

// PNAME_NS or PNAME_LN, expanded with the prefix it names.
struct pname : Terminal<pname> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    Scan s(in);
    std::size_t n = prefix_len(s, b);
    if (s.at(n) != ':') return false;
    s.skip(n);
    std::string_view name = s.text(0);
    s.skip(1);  // ':'
    const std::string* ns = b.prefix(name);
    if (!ns) s.fail(b, 0, "undefined prefix '" + std::string(name) + ":'");
    std::string& iri = b.push_iri().value;
    iri.assign(*ns);
    scan_local(s, b, iri);
    s.accept_in_line();
    return true;
  }

  // ASCII characters of PN_CHARS, and ':' (a local name may hold both anywhere but '-'
  // first).
  static bool local_ascii(int c) {
    return c < 0x80 && (lex::is_alpha(static_cast<char>(c)) || lex::is_digit(static_cast<char>(c)) ||
                        c == '_' || c == '-' || c == ':');
  }

  // PN_LOCAL ::= (PN_CHARS_U | ':' | [0-9] | PLX) ((PN_CHARS | '.' | ':' | PLX)* (PN_CHARS | ':' | PLX))?
  // PLX (%XX and \-escapes) is kept / unescaped into out; a trailing '.' is left unread.
  template <typename In>
  static void scan_local(Scan<In>& s, Builder& b, std::string& out) {
    std::size_t k = 0, good = 0, good_out = out.size();
    for (;;) {
      int c = s.at(k);
      if (c == '%') {
        int h1 = s.at(k + 1), h2 = s.at(k + 2);
        if (h1 < 0 || h2 < 0 || lex::hex_value(static_cast<char>(h1)) < 0 ||
            lex::hex_value(static_cast<char>(h2)) < 0) {
          s.fail(b, s.pos() + k, "'%' in a prefixed name must start a %XX escape");
        }
        out.append(s.ptr() + k, 3);
        k += 3;
      } else if (c == '\\') {
        int e = s.at(k + 1);
        if (e < 0 || std::string_view("_~.-!$&'()*+,;=/?#@%").find(static_cast<char>(e)) ==
                         std::string_view::npos) {
          s.fail(b, s.pos() + k, "invalid escape in a prefixed name");
        }
        out.push_back(static_cast<char>(e));
        k += 2;
      } else if (c == '.' && k > 0) {
        out.push_back('.');
        ++k;
        continue;  // a local name does not end in '.'
      } else if (c >= 0 && local_ascii(c) && (k > 0 || c != '-')) {
        // A run of plain ASCII name characters, the common case, appended in one go.
        std::size_t e = k + 1;
        for (int d = s.at(e); d >= 0 && local_ascii(d); d = s.at(e)) ++e;
        out.append(s.ptr() + k, e - k);
        k = e;
      } else if (std::size_t n = name_len(s, b, k, k == 0 ? Name::kU : Name::kChars); n > 0) {
        out.append(s.ptr() + k, n);
        k += n;
      } else {
        break;
      }
      good = k;
      good_out = out.size();
    }
    out.resize(good_out);
    s.skip(good);
  }
};

// BLANK_NODE_LABEL ::= '_:' (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')* PN_CHARS)?
struct blank_label : Terminal<blank_label> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    Scan s(in);
    if (s.at(0) != '_' || s.at(1) != ':') return false;
    s.skip(2);
    std::size_t k = 0;
    int c = s.at(0);
    if (c >= '0' && c <= '9') {
      k = 1;
    } else {
      k = name_len(s, b, 0, Name::kU);
      if (k == 0) s.fail(b, 0, "invalid blank node label");
    }
    std::size_t good = k;
    for (;;) {
      if (s.at(k) == '.') {
        ++k;
        continue;
      }
      std::size_t n = name_len(s, b, k, Name::kChars);
      if (n == 0) break;
      k += n;
      good = k;
    }
    b.push_file_blank(std::string_view(s.ptr(), good));
    s.skip(good);
    s.accept_in_line();
    return true;
  }
};

// The four string forms, with ECHAR and UCHAR decoded; pushes an xsd:string literal.
struct string_literal : Terminal<string_literal> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    Scan s(in);
    int q = s.at(0);
    if (q != '"' && q != '\'') return false;
    bool long_form = s.at(1) == q && s.at(2) == q;
    s.skip(long_form ? 3 : 1);
    std::string& value = b.push_literal(kXsdString).value;
    std::size_t run = s.pos();
    for (;;) {
      int c = s.at(0);
      if (c < 0) s.fail(b, 0, "unterminated string");
      if (c == q) {
        if (!long_form) break;
        if (s.at(1) == q && s.at(2) == q) break;
        s.skip(1);
      } else if (c == '\\') {
        value.append(s.text(run));
        int e = s.at(1);
        if (e == 'u' || e == 'U') {
          s.uchar(b, value);
        } else {
          int v = e < 0 ? -1 : lex::echar_value(static_cast<char>(e));
          if (v < 0) s.fail(b, s.pos(), "invalid escape in string");
          value.push_back(static_cast<char>(v));
          s.skip(2);
        }
        run = s.pos();
      } else if (!long_form && (c == '\n' || c == '\r')) {
        s.fail(b, s.pos(), "line end in a string (use \"\"\" for long strings)");
      } else if (c >= 0x80) {
        s.utf8(b);
      } else {
        s.skip(1);
      }
    }
    value.append(s.text(run));
    s.skip(long_form ? 3 : 1);
    s.accept();
    return true;
  }
};

// LANG_DIR ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* ('--' [a-zA-Z]+)?, on the literal on top.
struct lang_dir : Terminal<lang_dir> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    Scan s(in);
    if (s.at(0) != '@') return false;
    s.skip(1);
    auto alpha = [&](int c) { return c >= 0 && lex::is_alpha(static_cast<char>(c)); };
    auto alnum = [&](int c) { return c >= 0 && (lex::is_alpha(static_cast<char>(c)) || lex::is_digit(static_cast<char>(c))); };
    std::size_t tag = s.pos();
    while (alpha(s.at(0))) s.skip(1);
    if (s.pos() == tag || s.pos() - tag > 8) s.fail(b, 0, "invalid language tag");
    while (s.at(0) == '-' && s.at(1) != '-') {
      s.skip(1);
      std::size_t sub = s.pos();
      while (alnum(s.at(0))) s.skip(1);
      if (s.pos() == sub || s.pos() - sub > 8) s.fail(b, 0, "invalid language tag");
    }
    std::string language(s.text(tag));
    std::string direction;
    if (s.at(0) == '-' && s.at(1) == '-') {
      s.skip(2);
      std::size_t dir = s.pos();
      while (alpha(s.at(0))) s.skip(1);
      direction = s.text(dir);
      if (direction != "ltr" && direction != "rtl") {
        s.fail(b, 0, "invalid base direction '--" + direction + "' (expected --ltr or --rtl)");
      }
    }
    s.accept_in_line();
    Term& lit = b.top();
    lit.datatype.assign(direction.empty() ? kRdfLangString : kRdfDirLangString);
    lit.language = std::move(language);
    lit.direction = std::move(direction);
    return true;
  }
};

// INTEGER, DECIMAL or DOUBLE.
struct numeric : Terminal<numeric> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    Scan s(in);
    auto digit = [&](std::size_t k) {
      int c = s.at(k);
      return c >= '0' && c <= '9';
    };
    std::size_t k = 0;
    if (s.at(0) == '+' || s.at(0) == '-') k = 1;
    std::size_t int_digits = 0;
    while (digit(k + int_digits)) ++int_digits;
    k += int_digits;
    std::size_t frac_digits = 0;
    bool dot = false;
    if (s.at(k) == '.') {
      while (digit(k + 1 + frac_digits)) ++frac_digits;
      int after = s.at(k + 1 + frac_digits);
      // "1." is the integer 1 ending a statement, unless an exponent follows: "1.e5".
      if (frac_digits > 0 || (int_digits > 0 && (after == 'e' || after == 'E'))) {
        dot = true;
        k += 1 + frac_digits;
      }
    }
    if (int_digits == 0 && frac_digits == 0) return false;
    std::string_view type = kXsdInteger;
    if (dot) type = kXsdDecimal;
    if (s.at(k) == 'e' || s.at(k) == 'E') {
      std::size_t e = k + 1;
      if (s.at(e) == '+' || s.at(e) == '-') ++e;
      if (!digit(e)) {
        if (!dot && int_digits > 0) {
          // "1e" is not a number; let the caller see the failure.
        }
        s.fail(b, k, "expected digits in the exponent");
      }
      while (digit(e)) ++e;
      k = e;
      type = kXsdDouble;
    }
    s.skip(k);
    b.push_literal(type).value.assign(s.text(0));
    s.accept_in_line();
    return true;
  }
};

// True when the byte c could continue a name (so a keyword before it is not one).
bool name_char(int c) {
  return c >= 0x80 || (c >= 0 && (lex::is_alpha(static_cast<char>(c)) || lex::is_digit(static_cast<char>(c)) ||
                                  c == '_' || c == '-' || c == ':'));
}

// A keyword (case-sensitive or not) not followed by a name character.
template <bool kCaseless, char... Cs>
struct keyword : Terminal<keyword<kCaseless, Cs...>> {
  template <typename In>
  static bool scan(In& in, Builder&) {
    static constexpr char kText[] = {Cs...};
    Scan s(in);
    for (std::size_t i = 0; i < sizeof...(Cs); ++i) {
      int c = s.at(i);
      if (c < 0) return false;
      char ch = static_cast<char>(c);
      if (kCaseless && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
      if (ch != kText[i]) return false;
    }
    // "@prefix:" is a directive; "PREFIX:" would be a prefixed name.
    if (kText[0] != '@' && name_char(s.at(sizeof...(Cs)))) return false;
    s.skip(sizeof...(Cs));
    s.accept_in_line();
    return true;
  }
};

struct kw_prefix : keyword<false, '@', 'p', 'r', 'e', 'f', 'i', 'x'> {};
struct kw_base : keyword<false, '@', 'b', 'a', 's', 'e'> {};
struct kw_version : keyword<false, '@', 'v', 'e', 'r', 's', 'i', 'o', 'n'> {};
struct kw_sparql_prefix : keyword<true, 'P', 'R', 'E', 'F', 'I', 'X'> {};
struct kw_sparql_base : keyword<true, 'B', 'A', 'S', 'E'> {};
struct kw_sparql_version : keyword<true, 'V', 'E', 'R', 'S', 'I', 'O', 'N'> {};
struct kw_graph : keyword<true, 'G', 'R', 'A', 'P', 'H'> {};
struct kw_true : keyword<false, 't', 'r', 'u', 'e'> {};
struct kw_false : keyword<false, 'f', 'a', 'l', 's', 'e'> {};
struct kw_a : keyword<false, 'a'> {};

// PNAME_NS in a prefix directive: the name, pushed as a literal's value.
struct prefix_name : Terminal<prefix_name> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    Scan s(in);
    std::size_t n = prefix_len(s, b);
    if (s.at(n) != ':') s.fail(b, 0, "expected a prefix name ending in ':'");
    std::string name(s.ptr(), n);
    s.skip(n + 1);
    s.accept_in_line();
    b.push_literal(kXsdString).value = std::move(name);
    return true;
  }
};

// --- grammar --------------------------------------------------------------------------------
using pegtl::at;
using pegtl::discard;
using pegtl::eof;
using pegtl::must;
using pegtl::one;
using pegtl::opt;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::success;
using pegtl::two;
using pegtl::until;

struct iri : sor<iriref, pname> {};
struct anon : seq<one<'['>, ws, one<']'>> {};
struct blank_node : sor<blank_label, anon> {};
struct datatype : iri {};
struct rdf_literal : seq<string_literal, opt<ws, sor<lang_dir, seq<two<'^'>, ws, must<datatype>>>>> {};
struct boolean_literal : sor<kw_true, kw_false> {};
struct literal : sor<rdf_literal, numeric, boolean_literal> {};
struct verb : sor<kw_a, iri> {};

struct object;
struct pred_obj_list;

struct collection_open : one<'('> {};
struct collection_item : seq<object> {};
struct collection_close : one<')'> {};
struct collection : seq<collection_open, ws, star<collection_item, ws>, must<collection_close>> {};

struct plist_open : one<'['> {};
struct plist_close : one<']'> {};
struct plist : seq<plist_open, ws, must<pred_obj_list>, ws, must<plist_close>> {};
struct plist_object : plist {};

struct tt_open : pegtl::string<'<', '<', '('> {};
struct tt_close : pegtl::string<')', '>', '>'> {};
struct triple_term;
struct tt_subject : sor<iri, blank_node> {};
struct tt_object : sor<iri, blank_node, literal, triple_term> {};
struct triple_term : seq<tt_open, ws, must<tt_subject>, ws, must<verb>, ws, must<tt_object>, ws,
                         must<tt_close>> {};

struct rt_open : two<'<'> {};
struct rt_close : two<'>'> {};
struct reified_triple;
struct rt_subject : sor<iri, blank_node, reified_triple> {};
struct rt_object : sor<iri, blank_node, literal, triple_term, reified_triple> {};
struct rt_reifier_id : sor<iri, blank_node> {};
struct rt_fresh_reifier : success {};
struct rt_reifier : sor<seq<one<'~'>, ws, sor<rt_reifier_id, rt_fresh_reifier>>, rt_fresh_reifier> {};
struct reified_triple : seq<rt_open, ws, must<rt_subject>, ws, must<verb>, ws, must<rt_object>, ws,
                            rt_reifier, ws, must<rt_close>> {};

struct object : sor<iri, blank_node, collection, plist_object, literal, triple_term,
                    reified_triple> {};

// annotation ::= (reifier | annotationBlock)*
struct reifier_id : sor<iri, blank_node> {};
struct reifier_fresh : success {};
struct reifier : seq<one<'~'>, ws, sor<reifier_id, reifier_fresh>> {};
struct annotation_open : pegtl::string<'{', '|'> {};
struct annotation_close : pegtl::string<'|', '}'> {};
struct annotation_block : seq<annotation_open, ws, must<pred_obj_list>, ws, must<annotation_close>> {};
struct annotation : star<sor<reifier, annotation_block>, ws> {};

struct predicate : verb {};
struct list_object : object {};
struct object_list : seq<list_object, ws, annotation,
                         star<one<','>, ws, discard, must<list_object>, ws, annotation>> {};
struct pred_obj_list : seq<predicate, ws, must<object_list>,
                           star<one<';'>, ws, discard, opt<predicate, ws, must<object_list>>>> {};

// triples ::= subject predicateObjectList | blankNodePropertyList predicateObjectList?
//           | reifiedTriple predicateObjectList?
struct subject : sor<iri, blank_node, collection> {};
struct plist_subject : plist {};
struct reified_subject : reified_triple {};
struct triples : sor<seq<subject, ws, must<pred_obj_list>>,
                     seq<plist_subject, ws, opt<pred_obj_list>>,
                     seq<reified_subject, ws, opt<pred_obj_list>>> {};
struct dot : one<'.'> {};

struct prefix_iri : iriref {};
struct base_iri : iriref {};
// VersionSpecifier ::= STRING_LITERAL_QUOTE | STRING_LITERAL_SINGLE_QUOTE (not the long forms)
struct version_string : Terminal<version_string> {
  template <typename In>
  static bool scan(In& in, Builder& b) {
    Scan s(in);
    int q = s.at(0);
    if ((q == '"' || q == '\'') && s.at(1) == q && s.at(2) == q) {
      s.fail(b, 0, "a version is a short string (\"...\" or '...')");
    }
    return string_literal::scan(in, b);
  }
};
struct prefix_id : seq<kw_prefix, ws, must<prefix_name>, ws, must<prefix_iri>, ws, must<dot>> {};
struct base_directive : seq<kw_base, ws, must<base_iri>, ws, must<dot>> {};
struct version_directive : seq<kw_version, ws, must<version_string>, ws, must<dot>> {};
struct sparql_prefix : seq<kw_sparql_prefix, ws, must<prefix_name>, ws, must<prefix_iri>> {};
struct sparql_base : seq<kw_sparql_base, ws, must<base_iri>> {};
struct sparql_version : seq<kw_sparql_version, ws, must<version_string>> {};
struct directive : sor<prefix_id, base_directive, version_directive, sparql_prefix, sparql_base,
                       sparql_version> {};

// Turtle: turtleDoc ::= statement*, statement ::= directive | triples '.'
struct turtle_triples : seq<triples, ws, must<dot>> {};
struct turtle_statement : sor<directive, turtle_triples> {};
struct turtle_doc : seq<bom, ws, until<eof, must<turtle_statement>, ws, discard>> {};

// TriG.
struct graph_close : one<'}'> {};
struct block_end : sor<seq<triples, ws>, at<graph_close>> {};
struct triples_block : seq<triples, ws, star<dot, ws, discard, must<block_end>>> {};
struct graph_body : seq<ws, opt<triples_block>, ws, must<graph_close>> {};
struct default_graph_open : one<'{'> {};
struct default_graph : seq<default_graph_open, graph_body> {};
struct graph_name : sor<iri, blank_node> {};
struct named_graph_open : one<'{'> {};
struct graph_keyword_block : seq<kw_graph, ws, must<graph_name>, ws, must<named_graph_open>, graph_body> {};
// labelOrSubject ( wrappedGraph | predicateObjectList '.' )
struct label_or_subject : sor<iri, blank_node> {};
struct los_subject : success {};
struct los_triples : seq<los_subject, pred_obj_list> {};
struct graph_or_triples : sor<seq<named_graph_open, graph_body>, seq<los_triples, ws, must<dot>>> {};
struct triples_or_graph : seq<label_or_subject, ws, must<graph_or_triples>> {};
struct trig_block : sor<default_graph, graph_keyword_block, triples_or_graph, turtle_triples> {};
struct trig_statement : sor<directive, trig_block> {};
struct trig_doc : seq<bom, ws, until<eof, must<trig_statement>, ws, discard>> {};

// --- what "expected ..." says when a must<> fails --------------------------------------------
template <typename Rule>
inline constexpr const char* kExpected = nullptr;
template <> inline constexpr const char* kExpected<turtle_statement> = "a triple or a directive";
template <> inline constexpr const char* kExpected<trig_statement> = "a triple, a graph or a directive";
template <> inline constexpr const char* kExpected<dot> = "'.' to end the statement";
template <> inline constexpr const char* kExpected<pred_obj_list> = "a predicate";
template <> inline constexpr const char* kExpected<object_list> = "an object";
template <> inline constexpr const char* kExpected<list_object> = "an object";
template <> inline constexpr const char* kExpected<datatype> = "a datatype IRI after '^^'";
template <> inline constexpr const char* kExpected<collection_close> = "an object or ')' to close the collection";
template <> inline constexpr const char* kExpected<plist_close> = "';' or ']' to close the blank node";
template <> inline constexpr const char* kExpected<tt_subject> = "an IRI or blank node as the triple term's subject";
template <> inline constexpr const char* kExpected<tt_object> = "an IRI, blank node, literal or triple term as the triple term's object";
template <> inline constexpr const char* kExpected<tt_close> = "')>>' to close the triple term";
template <> inline constexpr const char* kExpected<verb> = "a predicate";
template <> inline constexpr const char* kExpected<rt_subject> = "an IRI, blank node or reified triple as the subject";
template <> inline constexpr const char* kExpected<rt_object> = "an object (not a collection or '[ ... ]') in the reified triple";
template <> inline constexpr const char* kExpected<rt_close> = "'>>' to close the reified triple";
template <> inline constexpr const char* kExpected<annotation_close> = "'|}' to close the annotation";
template <> inline constexpr const char* kExpected<prefix_name> = "a prefix name ending in ':'";
template <> inline constexpr const char* kExpected<prefix_iri> = "an IRI in <...>";
template <> inline constexpr const char* kExpected<base_iri> = "an IRI in <...>";
template <> inline constexpr const char* kExpected<version_string> = "a version string";
template <> inline constexpr const char* kExpected<graph_close> = "'.' or '}' to close the graph";
template <> inline constexpr const char* kExpected<block_end> = "a triple or '}'";
template <> inline constexpr const char* kExpected<graph_name> = "an IRI or blank node naming the graph";
template <> inline constexpr const char* kExpected<named_graph_open> = "'{' to open the graph";
template <> inline constexpr const char* kExpected<graph_or_triples> = "'{' or a predicate";

template <typename Rule>
struct control : pegtl::normal<Rule> {
  template <typename In, typename... States>
  [[noreturn]] static void raise(const In& in, Builder& b, States&&...) {
    const char* what = kExpected<Rule>;
    raise_at(in, b, what ? std::string("expected ") + what : "syntax error");
  }
};

// --- actions ------------------------------------------------------------------------------------
template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <typename In>
void enter(const In& in, Builder& b) {
  if (++b.depth > kMaxDepth) raise_at(in, b, "nested too deeply");
}

template <> struct action<anon> {
  static void apply0(Builder& b) { b.push_fresh_blank(); }
};
template <> struct action<datatype> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    const Term& dt = b.take();
    if (dt.value == kRdfLangString || dt.value == kRdfDirLangString) {
      raise_at(ai.input(), b, "datatype <" + dt.value + "> needs a language tag");
    }
    b.top().datatype = dt.value;
  }
};
template <> struct action<kw_true> {
  static void apply0(Builder& b) { b.push_literal(kXsdBoolean).value = "true"; }
};
template <> struct action<kw_false> {
  static void apply0(Builder& b) { b.push_literal(kXsdBoolean).value = "false"; }
};
template <> struct action<kw_a> {
  static void apply0(Builder& b) { b.push_iri().value = kRdfType; }
};

template <> struct action<collection_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    enter(ai.input(), b);
    b.lists.emplace_back();
  }
};
template <> struct action<collection_item> {
  static void apply0(Builder& b) { b.list_item(); }
};
template <> struct action<collection_close> {
  static void apply0(Builder& b) {
    --b.depth;
    b.end_list();
  }
};

template <> struct action<plist_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    enter(ai.input(), b);
    b.begin_subject(b.fresh_blank());
  }
};
template <> struct action<plist_close> {
  static void apply0(Builder& b) { --b.depth; }
};
// As an object, [ ... ] is its blank node; as a subject the frame stays for the statement.
template <> struct action<plist_object> {
  static void apply0(Builder& b) {
    b.push(b.frame().subject);
    b.end_subject();
  }
};

template <> struct action<tt_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) { enter(ai.input(), b); }
};
template <> struct action<triple_term> {
  static void apply0(Builder& b) {
    --b.depth;
    b.triple_term();
  }
};
template <> struct action<rt_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) { enter(ai.input(), b); }
};
template <> struct action<rt_fresh_reifier> {
  static void apply0(Builder& b) { b.push_fresh_blank(); }
};
template <> struct action<reified_triple> {
  static void apply0(Builder& b) {
    --b.depth;
    b.reified_triple();
  }
};
template <> struct action<reified_subject> {
  static void apply0(Builder& b) {
    --b.depth;
    b.reified_triple();
    b.begin_subject(b.take());
  }
};

template <> struct action<reifier_id> {
  static void apply0(Builder& b) { b.reifier(b.pop()); }
};
template <> struct action<reifier_fresh> {
  static void apply0(Builder& b) { b.reifier(b.fresh_blank()); }
};
template <> struct action<annotation_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    enter(ai.input(), b);
    b.begin_annotation();
  }
};
template <> struct action<annotation_block> {
  static void apply0(Builder& b) {
    --b.depth;
    b.end_subject();
  }
};

template <> struct action<predicate> {
  static void apply0(Builder& b) { b.frame().predicate = b.take(); }
};
template <> struct action<list_object> {
  static void apply0(Builder& b) { b.object(b.take()); }
};
template <> struct action<subject> {
  static void apply0(Builder& b) { b.begin_subject(b.take()); }
};
template <> struct action<triples> {
  static void apply0(Builder& b) { b.end_subject(); }
};

template <> struct action<prefix_id> {
  static void apply0(Builder& b) { set_prefix(b); }
  static void set_prefix(Builder& b) {
    Term iri = b.pop(), name = b.pop();
    b.set_prefix(std::move(name.value), std::move(iri.value));
  }
};
template <> struct action<sparql_prefix> : action<prefix_id> {};
template <> struct action<base_directive> {
  static void apply0(Builder& b) { b.set_base(b.pop().value); }
};
template <> struct action<sparql_base> : action<base_directive> {};
template <> struct action<version_string> {
  static void apply0(Builder& b) { b.pop(); }  // every version is read as RDF 1.2
};

template <> struct action<default_graph_open> {
  static void apply0(Builder& b) { b.default_graph(); }
};
template <> struct action<named_graph_open> {
  static void apply0(Builder& b) { b.set_graph(b.pop()); }
};
template <> struct action<graph_close> {
  static void apply0(Builder& b) { b.default_graph(); }
};
template <> struct action<los_subject> {
  static void apply0(Builder& b) { b.begin_subject(b.take()); }
};
template <> struct action<los_triples> {
  static void apply0(Builder& b) { b.end_subject(); }
};

template <typename Grammar>
Status run(Input& input, const ParseOptions& options, const QuadSink& sink) {
  Builder b(options, sink, input.name());
  Buffer in(input.name(), kMaxToken, InputReader{&input});
  b.input = &in;
  try {
    pegtl::parse<Grammar, action, control>(in, b);
  } catch (const SinkStopped&) {
    return b.sink_status();
  } catch (const pegtl::parse_error& e) {
    if (!input.status().is_ok()) return input.status();
    return Status::invalid_input(std::string(e.message()), std::move(b.error_where));
  } catch (const std::length_error&) {
    if (!input.status().is_ok()) return input.status();
    Position where{input.name(), in.line(), in.column(), {}, 0};
    return Status::invalid_input("a single token is longer than " +
                                     std::to_string(kMaxToken >> 20) + " MiB",
                                 std::move(where));
  }
  return input.status();
}

}  // namespace

Status parse_turtle(Input& in, const ParseOptions& options, const QuadSink& sink) {
  return options.format == RdfFormat::kTriG ? run<trig_doc>(in, options, sink)
                                            : run<turtle_doc>(in, options, sink);
}

}  // namespace annals
