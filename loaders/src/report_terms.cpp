// The pieces the report readers share (report_terms.hpp): lines, terms as text, intervals,
// and facts handed on with their notes.
#include "report_terms.hpp"

#include <cstring>

#include "annals/iri.hpp"
#include "syntax/lexical.hpp"
#include "valid_time.hpp"

namespace annals::report {

namespace {

// PN_PREFIX, loosely: a letter (or any non-ASCII character) first, then letters, digits,
// '_', '-', '.' or non-ASCII, not ending in '.'. Empty is the empty prefix.
bool is_prefix_name(std::string_view s) {
  if (s.empty()) return true;
  auto ok = [](char c) {
    return lex::is_alpha(c) || lex::is_digit(c) || c == '_' || c == '-' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  if (!lex::is_alpha(s[0]) && static_cast<unsigned char>(s[0]) < 0x80) return false;
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return s.back() != '.';
}

// A PN_LOCAL, loosely: no white space and none of the characters an IRI leaves out; a '\'
// escapes the next character (PN_LOCAL_ESC), which is dropped from the IRI, and may not
// stand for one of those characters either.
bool local_name(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    if (!iri_char(static_cast<unsigned char>(s[i]))) return false;
    out.push_back(s[i]);
  }
  return true;
}

Status check_iri(std::string_view iri) {
  if (auto st = check_iri_chars(iri); !st) return st;
  if (!iri_has_scheme(iri)) {
    return Status::invalid_input("relative IRI <" + std::string(iri) +
                                 ">: reports take absolute IRIs");
  }
  return Status::ok();
}

// Language tag and optional direction of "text"@tag--dir, by the readers' rule
// (lex::valid_language_tag), so that what a report loads the N-Quads dump gives back.
bool lang_tag(std::string_view s, std::string& lang, std::string& dir) {
  const std::size_t dd = s.find("--");
  dir.clear();
  if (dd != std::string_view::npos) {
    dir = s.substr(dd + 2);
    if (!lex::valid_direction(dir)) return false;
    s = s.substr(0, dd);
  }
  if (!lex::valid_language_tag(s)) return false;
  lang = s;
  return true;
}

// Decodes ECHAR and UCHAR escapes of the string body s[0, close) into out; false (with a
// message) for a bad escape.
bool unescape(std::string_view s, std::string& out, std::string& why) {
  out.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 1 == s.size()) break;
    char e = s[++i];
    if (int v = lex::echar_value(e); v >= 0) {
      out.push_back(static_cast<char>(v));
      continue;
    }
    std::size_t digits = e == 'u' ? 4 : e == 'U' ? 8 : 0;
    if (digits == 0 || i + digits >= s.size()) {
      why = "bad escape '\\" + std::string(1, e) + "' in a literal";
      return false;
    }
    char32_t cp = 0;
    for (std::size_t k = 1; k <= digits; ++k) {
      int h = lex::hex_value(s[i + k]);
      if (h < 0) {
        why = "bad \\" + std::string(1, e) + " escape in a literal";
        return false;
      }
      cp = cp * 16 + static_cast<char32_t>(h);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      why = "\\" + std::string(1, e) + " escape of a code point that is not a character";
      return false;
    }
    lex::append_utf8(out, cp);
    i += digits;
  }
  return true;
}

// Skolem IRIs (RDF 1.1 §3.5) under the project's own domain.
constexpr std::string_view kGenidBase = "https://annals.dev/.well-known/genid/";

std::uint64_t fnv1a(std::string_view s, std::uint64_t h, std::uint64_t prime) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= prime;
  }
  // A final mix (splitmix64's), so that every bit depends on every byte.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace

bool LineReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  std::size_t n = in_.read(buf_.data() + end_, buf_.size() - end_);
  if (n == 0) eof_ = true;
  end_ += n;
  return n > 0;
}

bool LineReader::next(std::string& line) {
  std::size_t from = pos_;  // where the search for the line end goes on
  for (;;) {
    const char* nl = static_cast<const char*>(std::memchr(buf_.data() + from, '\n', end_ - from));
    if (nl || eof_) {
      std::size_t stop = nl ? static_cast<std::size_t>(nl - buf_.data()) : end_;
      if (!nl && stop == pos_) return false;
      line.assign(buf_.data() + pos_, stop - pos_);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      pos_ = nl ? stop + 1 : stop;
      if (++number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
      return true;
    }
    std::size_t looked = end_ - pos_;
    fill();
    if (!in_.status()) return false;
    from = pos_ + looked;
  }
}

std::uint64_t column_of(std::string_view line, std::size_t offset) {
  std::uint64_t col = 1;
  for (std::size_t i = 0; i < offset && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

Status error_at(const std::string& source, std::uint64_t line, std::uint64_t column,
                std::string_view line_text, std::string message) {
  Position where{source, line, column, {}, 0};
  set_excerpt(where, line_text);
  return Status::invalid_input(std::move(message), std::move(where));
}

Status TermSyntax::declare(const Prefix& prefix) {
  if (!is_prefix_name(prefix.name)) {
    return Status::invalid_input("'" + prefix.name + "' is not a prefix name");
  }
  if (auto st = check_iri(prefix.iri); !st) return st;
  prefixes_[prefix.name] = prefix.iri;
  return Status::ok();
}

bool TermSyntax::prefixed(std::string_view text, Term& out) const {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  auto it = prefixes_.find(std::string(text.substr(0, colon)));
  std::string local;
  if (it == prefixes_.end() || !local_name(text.substr(colon + 1), local)) return false;
  out = Term::iri(it->second + local);
  return true;
}

Status TermSyntax::iri(std::string_view text, Term& out) const {
  if (text.starts_with('<')) {
    if (text.size() < 2 || !text.ends_with('>')) {
      return Status::invalid_input("an IRI that opens with '<' ends with '>'");
    }
    text = text.substr(1, text.size() - 2);
    if (auto st = check_iri(text); !st) return st;
    out = Term::iri(std::string(text));
    return Status::ok();
  }
  if (prefixed(text, out)) return Status::ok();
  if (text.empty()) return Status::invalid_input("expected an IRI, found nothing");
  if (text.starts_with("_:")) {
    return Status::invalid_input(
        "blank nodes are not taken in reports (a report loaded "
        "twice must name the same nodes); use an IRI");
  }
  auto colon = text.find(':');
  if (colon != std::string_view::npos && text.substr(colon).starts_with("://")) {
    return Status::invalid_input("write an IRI in angle brackets: <" + std::string(text) + ">");
  }
  if (colon != std::string_view::npos && prefixes_.contains(std::string(text.substr(0, colon)))) {
    return Status::invalid_input("the local name of '" + std::string(text) +
                                 "' holds a character no IRI may hold");
  }
  if (colon != std::string_view::npos && is_prefix_name(text.substr(0, colon))) {
    return Status::invalid_input("unknown prefix '" + std::string(text.substr(0, colon)) +
                                 ":' (declare it first)");
  }
  return Status::invalid_input("expected an IRI (<...> or a prefixed name), found '" +
                               std::string(text) + "'");
}

Status TermSyntax::bare_iri(std::string_view text, Term& out) const {
  if (text.starts_with('<') || prefixed(text, out)) return iri(text, out);
  if (auto st = check_iri(text); !st) return st;
  out = Term::iri(std::string(text));
  return Status::ok();
}

Status TermSyntax::object(std::string_view text, Term& out) const {
  if (text.starts_with('<') || text.starts_with("_:")) return iri(text, out);
  if (text.starts_with('"')) return literal(text, out);
  if (prefixed(text, out)) return Status::ok();
  out = Term::literal(std::string(text));
  return Status::ok();
}

Status TermSyntax::literal(std::string_view text, Term& out) const {
  // The closing quote is the first '"' not escaped.
  std::size_t close = 1;
  while (close < text.size() && text[close] != '"') close += text[close] == '\\' ? 2 : 1;
  if (close >= text.size()) {
    return Status::invalid_input(
        "a literal that opens with '\"' needs its closing '\"' (for "
        "text that starts with a quote, write it as a literal)");
  }
  std::string lexical, why;
  if (!unescape(text.substr(1, close - 1), lexical, why)) return Status::invalid_input(why);
  std::string_view rest = text.substr(close + 1);
  if (rest.empty()) {
    out = Term::literal(std::move(lexical));
    return Status::ok();
  }
  if (rest.starts_with('@')) {
    std::string lang, dir;
    if (!lang_tag(rest.substr(1), lang, dir)) {
      return Status::invalid_input("bad language tag '" + std::string(rest) + "'");
    }
    out = Term::lang_literal(std::move(lexical), std::move(lang), std::move(dir));
    return Status::ok();
  }
  if (rest.starts_with("^^")) {
    Term dt;
    if (auto st = iri(rest.substr(2), dt); !st) return st;
    out = Term::literal(std::move(lexical), std::move(dt.value));
    return Status::ok();
  }
  return Status::invalid_input(
      "after a literal's closing quote: expected @language, "
      "^^datatype or the end");
}

Status read_interval(std::string_view from, std::string_view to, std::string_view in,
                     ValidTime& out, TimeField& which) {
  out = ValidTime{};
  if (!in.empty() && (!from.empty() || !to.empty())) {
    which = TimeField::kIn;
    return Status::invalid_input("'in' names a whole period: give it without 'from' and 'to'");
  }
  // time.hpp's rule, as for annotations; the messages speak of the report's own fields.
  IntervalRule rule;
  const std::pair<TimeField, std::string_view> values[] = {
      {TimeField::kIn, in}, {TimeField::kFrom, from}, {TimeField::kTo, to}};
  for (const auto& [field, text] : values) {
    if (text.empty()) continue;
    which = field;
    auto bound = parse_date_bound(text);
    if (!bound) {
      return Status::invalid_input("bad date '" + std::string(text) +
                                   "': expected YYYY, YYYY-MM or YYYY-MM-DD");
    }
    if (!rule.add(field, *bound)) {
      return Status::invalid_input("the end '" + std::string(to) +
                                   "' is not after the start; 'to' is exclusive (the first day "
                                   "after the interval): for one period use 'in'");
    }
  }
  out = rule.interval();
  return Status::ok();
}

Term reifier_of(const Quad& q, const ValidTime& valid) {
  std::string key;
  append_ntriples(key, q.subject);
  key.push_back(' ');
  append_ntriples(key, q.predicate);
  key.push_back(' ');
  append_ntriples(key, q.object);
  key.push_back(' ');
  if (!q.graph.is_default_graph()) append_ntriples(key, q.graph);
  key.push_back(' ');
  key += to_string(valid);
  std::uint64_t h[2] = {fnv1a(key, 0xcbf29ce484222325ULL, 0x100000001b3ULL),
                        fnv1a(key, 0x6c62272e07bb0142ULL, 0x9e3779b97f4a7c15ULL)};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string iri(kGenidBase);
  for (std::uint64_t part : h) {
    for (int shift = 60; shift >= 0; shift -= 4) iri.push_back(kHex[(part >> shift) & 0xF]);
  }
  return Term::iri(std::move(iri));
}

Quad& FactEmitter::next_slot(const ValidTime& valid) {
  if (held_ == slots_.size()) slots_.emplace_back();
  slots_[held_].second = valid;
  return slots_[held_++].first;
}

void FactEmitter::hold(const Quad& q, const ValidTime& valid) { next_slot(valid) = q; }

void FactEmitter::statement(const Term& s, const Term& p, const Term& o, const Term& g) {
  Quad& q = next_slot(ValidTime{});
  q.subject = s;
  q.predicate = p;
  q.object = o;
  q.graph = g;
}

Status FactEmitter::flush() {
  std::size_t n = held_;
  held_ = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (auto st = sink_(slots_[i].first, slots_[i].second); !st) return st;
  }
  return Status::ok();
}

void FactEmitter::fact(const Quad& q, const ValidTime& valid, std::string_view remark_predicate,
                       const Term* remark) {
  hold(q, fold_ ? valid : ValidTime{});
  if (!fold_) {
    valid_time_annotations(valid, annotations_);
    if (!annotations_.empty()) {
      Term r = Term::blank("t" + std::to_string(++blanks_));
      statement(r, Term::iri(std::string(kRdfReifies)),
                Term::triple_term(q.subject, q.predicate, q.object), q.graph);
      for (const Annotation& a : annotations_) statement(r, a.predicate, a.object, q.graph);
    }
  }
  if (!remark) return;
  Term r = reifier_of(q, valid);
  statement(r, Term::iri(std::string(kRdfReifies)),
            Term::triple_term(q.subject, q.predicate, q.object), q.graph);
  statement(r, Term::iri(std::string(remark_predicate)), *remark, q.graph);
}

}  // namespace annals::report
