// N-Triples and N-Quads reader, RDF 1.1 and 1.2 (https://www.w3.org/TR/rdf12-n-triples/,
// https://www.w3.org/TR/rdf12-n-quads/). Hand-written rather than PEGTL: this is the hot
// path of bulk loading. The input is read in 1 MiB chunks; every statement lies on one line
// (the grammar's white space excludes line ends), so the reader cuts the buffer at '\n' and
// parses each line in place, with the '\n' as a sentinel that stops every scanner. Memory
// stays at one chunk unless a single line is longer.
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "annals/iri.hpp"
#include "annals/rdf.hpp"
#include "readers.hpp"
#include "syntax/lexical.hpp"
#include "valid_time.hpp"

namespace annals {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;
constexpr int kMaxTripleTermDepth = 1000;
constexpr ValidTime kAlways{};

// Thrown inside the reader only; parse_rdf turns it into a Status with line and column.
struct ParseError {
  std::string message;
  const char* at;
};

[[noreturn]] void fail(std::string message, const char* at) {
  throw ParseError{std::move(message), at};
}

using lex::echar_value;
using lex::hex_value;
using lex::is_alpha;
using lex::is_digit;
using lex::pn_chars_base;
using lex::pn_chars_extra;

// Bytes that stand for themselves in STRING_LITERAL_QUOTE ([9]: not " \ LF CR), ASCII only.
constexpr bool string_plain(unsigned char c) {
  return c < 0x80 && c != '"' && c != '\\' && c != '\n' && c != '\r';
}
// ASCII characters of PN_CHARS ([160s]) other than '.', which BLANK_NODE_LABEL treats apart.
constexpr bool label_ascii(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

struct CharTable {
  bool iri[256] = {};
  bool str[256] = {};
  bool label[256] = {};
  constexpr CharTable() {
    for (int i = 0; i < 256; ++i) {
      iri[i] = iri_plain(static_cast<unsigned char>(i));
      str[i] = string_plain(static_cast<unsigned char>(i));
      label[i] = label_ascii(static_cast<unsigned char>(i));
    }
  }
};
constexpr CharTable kChars;

// Decodes the UTF-8 sequence at p (its first byte is >= 0x80) and moves p past it. The
// line's '\n' sentinel is not a continuation byte, so this never reads past the line.
char32_t decode_utf8(const char*& p) {
  char32_t cp;
  int len = lex::decode_utf8(p, 4, cp);
  if (len == 0) fail("invalid UTF-8", p);
  p += len;
  return cp;
}

std::string describe(const char* p) { return describe_byte(static_cast<unsigned char>(*p)); }

void reset(Term& t, TermKind kind) {
  t.kind = kind;
  t.datatype.clear();
  t.language.clear();
  t.direction.clear();
  t.triple.reset();
}

class Reader {
 public:
  // fold: valid-time annotations become their facts' intervals (parse_facts).
  Reader(Input& in, const ParseOptions& options, const FactSink& sink, bool fold)
      : in_(in), quads_(options.format == RdfFormat::kNQuads), sink_(sink),
        on_skip_(options.on_skip) {
    if (fold) fold_.emplace(sink);
  }

  Status run() {
    try {
      return read_all();
    } catch (const ParseError& e) {
      return error_status(e);
    }
  }

 private:
  // e.at points into buf_, which outlives the throw, on the line that starts at line_begin_.
  Status error_status(const ParseError& e) const {
    Position where{in_.name(), line_, column_of(e.at), {}, 0};
    const char* end = line_begin_;
    while (*end != '\n' && *end != '\r') ++end;  // the buffer holds a '\n' after every line
    set_excerpt(where, std::string_view(line_begin_, static_cast<std::size_t>(end - line_begin_)));
    return Status::invalid_input(e.message, std::move(where));
  }

  // parse_line, but with on_skip_ set a bad statement is reported and the rest of its line
  // skipped.
  bool parse_line_or_skip(const char* b, const char* e, bool last) {
    if (!on_skip_) return parse_line(b, e, last);
    try {
      return parse_line(b, e, last);
    } catch (const ParseError& err) {
      on_skip_(error_status(err));
      return true;
    }
  }

  Status read_all() {
    // + 1 for the sentinel after a last line without '\n'. An input of known size smaller than
    // a chunk takes a buffer its size (+ 1 more, so that the read that finds the end does not
    // grow it); the buffer grows whenever a line fills it anyway.
    const std::uint64_t whole = in_.content_size();
    buf_.resize((whole != 0 && whole < kChunk ? static_cast<std::size_t>(whole) + 1 : kChunk) + 1);
    std::size_t begin = 0, scanned = 0, filled = 0;
    bool eof = false, bom_checked = false;
    for (;;) {
      char* base = buf_.data();
      if (!bom_checked && (filled >= 3 || eof)) {  // skip a UTF-8 byte order mark
        bom_checked = true;
        if (begin == 0 && filled >= 3 && std::memcmp(base, "\xEF\xBB\xBF", 3) == 0) {
          begin = scanned = 3;
        }
      }
      if (auto* nl = static_cast<char*>(std::memchr(base + scanned, '\n', filled - scanned))) {
        if (!parse_line_or_skip(base + begin, nl, false)) return sink_status_;
        ++line_;
        begin = scanned = static_cast<std::size_t>(nl - base) + 1;
        continue;
      }
      scanned = filled;
      if (eof) {
        if (begin < filled) {
          base[filled] = '\n';
          if (!parse_line_or_skip(base + begin, base + filled, true)) return sink_status_;
        }
        return fold_ ? fold_->finish() : Status::ok();
      }
      if (begin > 0) {  // keep the unfinished line, drop the rest
        std::memmove(base, base + begin, filled - begin);
        filled -= begin;
        scanned -= begin;
        begin = 0;
      }
      if (filled + 1 == buf_.size()) buf_.resize(2 * filled + 1);  // one line fills the buffer
      std::size_t n = in_.read(buf_.data() + filled, buf_.size() - 1 - filled);
      if (n == 0) {
        if (!in_.status().is_ok()) return in_.status();
        eof = true;
      }
      filled += n;
    }
  }

  std::uint64_t column_of(const char* at) const {
    std::uint64_t col = 1;
    for (const char* q = line_begin_; q < at; ++q) {
      if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) ++col;
    }
    return col;
  }

  // Parses the statements of one line [b, e), *e == '\n'. A CR alone also ends a line
  // (EOL ::= [#xD#xA]+). Returns false when the sink asked to stop.
  bool parse_line(const char* b, const char* e, bool last) {
    line_begin_ = p_ = b;
    end_ = e;
    last_ = last;
    for (;;) {
      if (!parse_statement()) return false;
      if (p_ >= e) return true;
      ++p_;  // the '\r'
      if (p_ < e) {
        ++line_;
        line_begin_ = p_;
      }
    }
  }

  bool at_line_end() const { return *p_ == '\n' || *p_ == '\r'; }
  void skip_ws() {
    while (*p_ == ' ' || *p_ == '\t') ++p_;
  }
  const char* end_word() const { return last_ && p_ == end_ ? "end of file" : "end of line"; }

  void skip_comment() {  // at '#'; comments must still be UTF-8
    while (!at_line_end()) {
      if (static_cast<unsigned char>(*p_) >= 0x80) {
        decode_utf8(p_);
      } else {
        ++p_;
      }
    }
  }

  // statement ::= directive | triple '.'  (N-Quads: quad '.'); also blank and comment lines.
  bool parse_statement() {
    skip_ws();
    if (at_line_end()) return true;
    if (*p_ == '#') {
      skip_comment();
      return true;
    }
    if (*p_ == 'V') {
      parse_version();
      return true;
    }
    const char* b = p_;
    Quad& q = fold_ ? fold_->next() : quad_;
    parse_subject(q.subject);
    skip_ws();
    parse_predicate(q.predicate);
    skip_ws();
    const char* object = p_;
    parse_object(q.object, 0);
    skip_ws();
    char c = *p_;
    if (quads_ ? (c == '<' || c == '_' || c == '"') : (c == '<' || c == '_')) {
      if (!quads_) fail("graph label not allowed in N-Triples", p_);
      parse_graph(q.graph);
      skip_ws();
    } else {
      reset(q.graph, TermKind::kIri);
      q.graph.value.clear();
    }
    if (*p_ != '.') fail("expected '.' at end of statement", p_);
    ++p_;
    finish_line();
    if (fold_) {
      sink_status_ = fold_->add();
      if (fold_->value_error()) {  // a bad annals value: its place is the object's
        std::string message = sink_status_.message();
        sink_status_ = Status::ok();
        fail(std::move(message), object);
      }
    } else {
      sink_status_ = sink_(q, kAlways);
    }
    // The sink refusing the statement itself (a quad the output format cannot hold, say) is
    // the statement's error: give it the statement's place.
    if (sink_status_.code() == StatusCode::kInvalidInput && sink_status_.where().line == 0) {
      std::string message = sink_status_.message();
      sink_status_ = Status::ok();
      fail(std::move(message), b);
    }
    return sink_status_.is_ok();
  }

  void finish_line() {
    skip_ws();
    if (*p_ == '#') skip_comment();
    if (!at_line_end()) fail("expected end of line after '.'", p_);
  }

  // versionDirective ::= 'VERSION' versionSpecifier (RDF 1.2); any quoted string is accepted.
  void parse_version() {
    if (std::strncmp(p_, "VERSION", 7) != 0) fail("expected a subject (IRI or blank node)", p_);
    p_ += 7;
    skip_ws();
    if (*p_ != '"') fail("expected a version string after VERSION", p_);
    scan_string(scratch_);
    finish_line();
  }

  void parse_subject(Term& t) {
    switch (*p_) {
      case '<':
        if (p_[1] == '<') fail(p_[2] == '(' ? "triple term not allowed as subject" : reified(), p_);
        parse_iri(t);
        return;
      case '_': parse_blank(t); return;
      case '"': fail("literal not allowed as subject", p_);
      default: fail("expected a subject (IRI or blank node)", p_);
    }
  }

  void parse_predicate(Term& t) {
    switch (*p_) {
      case '<':
        if (p_[1] == '<')
          fail(p_[2] == '(' ? "triple term not allowed as predicate" : reified(), p_);
        parse_iri(t);
        return;
      case '_': fail("blank node not allowed as predicate", p_);
      case '"': fail("literal not allowed as predicate", p_);
      default: fail("expected a predicate (IRI)", p_);
    }
  }

  void parse_object(Term& t, int depth) {
    switch (*p_) {
      case '<':
        if (p_[1] == '<') {
          if (p_[2] != '(') fail(reified(), p_);
          parse_triple_term(t, depth);
        } else {
          parse_iri(t);
        }
        return;
      case '_': parse_blank(t); return;
      case '"': parse_literal(t); return;
      default: fail("expected an object (IRI, blank node, literal or triple term)", p_);
    }
  }

  void parse_graph(Term& t) {
    switch (*p_) {
      case '<':
        if (p_[1] == '<') fail("triple term not allowed as graph label", p_);
        parse_iri(t);
        return;
      case '_': parse_blank(t); return;
      default: fail("literal not allowed as graph label", p_);
    }
  }

  static const char* reified() {
    return "expected '<<(' to open a triple term ('<< ... >>' is Turtle, not N-Triples)";
  }

  // tripleTerm ::= '<<(' subject predicate object ')>>'
  void parse_triple_term(Term& t, int depth) {
    if (depth >= kMaxTripleTermDepth) fail("triple terms nested too deeply", p_);
    p_ += 3;
    Term s, p, o;
    skip_ws();
    parse_subject(s);
    skip_ws();
    parse_predicate(p);
    skip_ws();
    parse_object(o, depth + 1);
    skip_ws();
    if (std::strncmp(p_, ")>>", 3) != 0) fail("expected ')>>' to close the triple term", p_);
    p_ += 3;
    t = Term::triple_term(std::move(s), std::move(p), std::move(o));
  }

  void parse_iri(Term& t) {
    reset(t, TermKind::kIri);
    scan_iri(t.value);
  }

  // IRIREF [8] at '<': decodes UCHARs into out and requires an absolute IRI.
  void scan_iri(std::string& out) {
    const char* start = p_;
    out.clear();
    const char* run = ++p_;
    for (;;) {
      auto c = static_cast<unsigned char>(*p_);
      if (kChars.iri[c]) {
        ++p_;
      } else if (c >= 0x80) {
        decode_utf8(p_);
      } else if (c == '>') {
        break;
      } else if (c == '\\') {
        out.append(run, static_cast<std::size_t>(p_ - run));
        if (p_[1] != 'u' && p_[1] != 'U') fail("invalid escape in IRI " + escape_text(), p_);
        const char* at = p_;
        if (!iri_char(scan_uchar(out))) fail(std::string(lex::kIriEscapeRefused), at);
        run = p_;
      } else if (c == '\n' || c == '\r') {
        fail(std::string("unexpected ") + end_word() + " in IRI", start);
      } else {
        fail("invalid character in IRI: " + describe(p_), p_);
      }
    }
    out.append(run, static_cast<std::size_t>(p_ - run));
    ++p_;
    if (!iri_has_scheme(out)) {
      fail("relative IRI not allowed: " + std::string(start, static_cast<std::size_t>(p_ - start)),
           start);
    }
  }

  // The escape at p_ as written, for messages: "'\q'", "'\u00ZZ'".
  std::string escape_text() const {
    std::size_t n = 2;
    if (p_[1] == 'u' || p_[1] == 'U') {
      std::size_t max = p_[1] == 'u' ? 6 : 10;
      while (n < max && kChars.iri[static_cast<unsigned char>(p_[n])]) ++n;
    } else if (static_cast<unsigned char>(p_[1]) >= 0x80 || at_end(p_ + 1)) {
      n = 1;
    }
    return "'" + std::string(p_, n) + "'";
  }
  bool at_end(const char* q) const { return *q == '\n' || *q == '\r'; }

  // UCHAR [10] at '\\' followed by 'u' or 'U': appends the character and returns it.
  char32_t scan_uchar(std::string& out) {
    int digits = p_[1] == 'u' ? 4 : 8;
    char32_t cp = 0;
    for (int i = 0; i < digits; ++i) {
      int h = hex_value(p_[2 + i]);
      if (h < 0) fail("invalid escape " + escape_text(), p_);
      cp = (cp << 4) | static_cast<char32_t>(h);
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) fail("escape " + escape_text() + " is a surrogate", p_);
    if (cp > 0x10FFFF) fail("escape " + escape_text() + " is beyond U+10FFFF", p_);
    lex::append_utf8(out, cp);
    p_ += 2 + digits;
    return cp;
  }

  // STRING_LITERAL_QUOTE [9] at '"', with ECHAR [153s] and UCHAR [10] decoded into out.
  void scan_string(std::string& out) {
    const char* start = p_;
    out.clear();
    const char* run = ++p_;
    for (;;) {
      auto c = static_cast<unsigned char>(*p_);
      if (kChars.str[c]) {
        ++p_;
        continue;
      }
      if (c >= 0x80) {
        decode_utf8(p_);
        continue;
      }
      if (c == '"') break;
      if (c == '\n' || c == '\r') fail("unterminated string literal", start);
      out.append(run, static_cast<std::size_t>(p_ - run));  // c == '\\'
      if (p_[1] == 'u' || p_[1] == 'U') {
        scan_uchar(out);
        run = p_;
        continue;
      }
      int e = echar_value(p_[1]);
      if (e < 0) fail("invalid escape " + escape_text(), p_);
      out.push_back(static_cast<char>(e));
      p_ += 2;
      run = p_;
    }
    out.append(run, static_cast<std::size_t>(p_ - run));
    ++p_;
  }

  // literal ::= STRING_LITERAL_QUOTE ('^^' IRIREF | LANG_DIR)?
  void parse_literal(Term& t) {
    reset(t, TermKind::kLiteral);
    scan_string(t.value);
    skip_ws();
    if (*p_ == '@') {
      parse_lang_dir(t);
    } else if (*p_ == '^') {
      if (p_[1] != '^') fail("expected '^^' before a datatype", p_);
      p_ += 2;
      skip_ws();
      if (*p_ != '<') fail("expected a datatype IRI after '^^'", p_);
      const char* at = p_;
      scan_iri(t.datatype);
      // RDF 1.2 Concepts §3.3: these datatypes need a language tag, which '^^' cannot give.
      if (t.datatype == kRdfLangString || t.datatype == kRdfDirLangString) {
        fail("datatype <" + t.datatype + "> needs a language tag", at);
      }
    } else {
      t.datatype.assign(kXsdString);
    }
  }

  // LANG_DIR [144s]: '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* ('--' [a-zA-Z]+)?, where the tag must
  // pass lex::valid_language_tag (BCP 47's subtags of at most 8 characters) and RDF 1.2 allows
  // only the directions "ltr" and "rtl". The tag is kept as written; the canonical writer
  // lowercases it.
  void parse_lang_dir(Term& t) {
    const char* at = p_++;
    const char* q = p_;
    while (lex::language_char(*q) && !(q[0] == '-' && q[1] == '-')) ++q;
    std::string_view tag(p_, static_cast<std::size_t>(q - p_));
    if (!lex::valid_language_tag(tag)) fail("invalid language tag", at);
    t.language.assign(tag);
    if (q[0] == '-' && q[1] == '-') {
      const char* dir = q + 2;
      q = dir;
      while (is_alpha(*q)) ++q;
      std::string_view d(dir, static_cast<std::size_t>(q - dir));
      if (!lex::valid_direction(d)) {
        fail("invalid base direction '--" + std::string(d) + "' (expected --ltr or --rtl)", at);
      }
      t.direction.assign(d);
      t.datatype.assign(kRdfDirLangString);
    } else {
      t.datatype.assign(kRdfLangString);
    }
    p_ = q;
  }

  // BLANK_NODE_LABEL [141s]: '_:' (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')* PN_CHARS)?
  void parse_blank(Term& t) {
    const char* at = p_;
    if (p_[1] != ':') fail("expected ':' after '_' in a blank node label", p_);
    p_ += 2;
    const char* label = p_;
    auto c = static_cast<unsigned char>(*p_);
    if (c >= 0x80) {
      if (!pn_chars_base(decode_utf8(p_))) fail("invalid blank node label", at);
    } else if (kChars.label[c] && c != '-') {
      ++p_;
    } else {
      fail("invalid blank node label", at);
    }
    for (;;) {
      c = static_cast<unsigned char>(*p_);
      if (kChars.label[c] || c == '.') {
        ++p_;
      } else if (c >= 0x80) {
        const char* before = p_;
        char32_t cp = decode_utf8(p_);
        if (!pn_chars_base(cp) && !pn_chars_extra(cp)) {
          p_ = before;
          break;
        }
      } else {
        break;
      }
    }
    while (p_[-1] == '.') --p_;  // a label does not end in '.'; that one ends the statement
    reset(t, TermKind::kBlank);
    t.value.assign(label, static_cast<std::size_t>(p_ - label));
  }

  Input& in_;
  const bool quads_;
  const FactSink& sink_;
  const std::function<void(const Status&)>& on_skip_;
  std::optional<StatementFolder> fold_;
  Status sink_status_;
  std::vector<char> buf_;
  Quad quad_;
  std::string scratch_;
  std::uint64_t line_ = 1;
  const char* line_begin_ = nullptr;
  const char* p_ = nullptr;
  const char* end_ = nullptr;
  bool last_ = false;
};

}  // namespace

namespace {

Status parse(Input& in, const ParseOptions& options, const FactSink& sink, bool fold) {
  if (options.on_skip) {
    if (auto st = rdf_check_skippable(options.format, in.name()); !st) return st;
  }
  if (rdf_format_is_report(options.format)) return parse_report(in, options, sink, fold);
  if (options.format == RdfFormat::kRdfXml) return parse_rdfxml(in, options, sink, fold);
  if (!rdf_format_is_line_based(options.format)) return parse_turtle(in, options, sink, fold);
  Reader reader(in, options, sink, fold);
  return reader.run();
}

}  // namespace

Status parse_rdf(Input& in, const ParseOptions& options, const QuadSink& sink) {
  return parse(in, options, [&sink](const Quad& q, const ValidTime&) { return sink(q); }, false);
}

Status parse_facts(Input& in, const ParseOptions& options, const FactSink& sink) {
  return parse(in, options, sink, true);
}

}  // namespace annals
