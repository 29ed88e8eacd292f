// RDF terms as values: equality and the canonical N-Triples form (RDF 1.2 N-Triples §4,
// "Canonical N-Triples"), which writers, error messages and tests all share.
#include "annals/term.hpp"

#include <array>
#include <cstddef>

namespace annals {

Term Term::triple_term(Term s, Term p, Term o) {
  auto t = std::make_shared<const Triple>(Triple{std::move(s), std::move(p), std::move(o)});
  return Term{TermKind::kTriple, {}, {}, {}, {}, std::move(t)};
}

std::optional<ValidTime> date_period(const Term& t) {
  if (!t.is_literal()) return std::nullopt;
  auto start = parse_date_literal(t.value, t.datatype);
  if (!start) return std::nullopt;
  return ValidTime::during(*start, *start);
}

bool operator==(const Term& a, const Term& b) {
  if (a.kind != b.kind || a.value != b.value || a.datatype != b.datatype ||
      a.language != b.language || a.direction != b.direction) {
    return false;
  }
  if (a.triple == b.triple) return true;  // same object, or both null
  if (!a.triple || !b.triple) return false;
  return *a.triple == *b.triple;
}

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_uchar4(std::string& out, unsigned cp) {
  out.append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(cp >> shift) & 0xF]);
}

// Characters that cannot appear in an IRIREF (N-Triples [8]); a valid IRI has none, but a
// Term may hold anything, and the output must still parse.
// A table: this is asked of every byte of every IRI written.
constexpr std::array<bool, 256> kIriEscaped = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c <= 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view("<>\"{}|^`\\")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();
bool iri_needs_escape(unsigned char c) { return kIriEscaped[c]; }

void append_iri(std::string& out, std::string_view v) {
  out.push_back('<');
  std::size_t run = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (!iri_needs_escape(c)) continue;
    out.append(v.data() + run, i - run);
    append_uchar4(out, c);
    run = i + 1;
  }
  out.append(v.data() + run, v.size() - run);
  out.push_back('>');
}

// RDF 1.2 N-Triples §4: in a canonical literal, " \ LF CR use ECHAR; BS, TAB and FF use
// their ECHAR forms too; other characters in U+0000..U+001F, U+007F, U+FFFE and U+FFFF use
// \uXXXX with uppercase hex; everything else is written as raw UTF-8.
void append_string(std::string& out, std::string_view v) {
  out.push_back('"');
  std::size_t run = 0;
  const std::size_t n = v.size();
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    const char* esc = nullptr;
    unsigned uchar = 0x110000;  // none
    std::size_t width = 1;
    if (c < 0x20 || c == 0x7F) {
      switch (c) {
        case '\b': esc = "\\b"; break;
        case '\t': esc = "\\t"; break;
        case '\n': esc = "\\n"; break;
        case '\f': esc = "\\f"; break;
        case '\r': esc = "\\r"; break;
        default: uchar = c; break;
      }
    } else if (c == '"') {
      esc = "\\\"";
    } else if (c == '\\') {
      esc = "\\\\";
    } else if (c == 0xEF && i + 2 < n && static_cast<unsigned char>(v[i + 1]) == 0xBF &&
               (static_cast<unsigned char>(v[i + 2]) & 0xFE) == 0xBE) {
      uchar = 0xFFFE | (static_cast<unsigned char>(v[i + 2]) & 1);  // U+FFFE or U+FFFF
      width = 3;
    } else {
      continue;
    }
    out.append(v.data() + run, i - run);
    if (esc != nullptr) {
      out.append(esc, 2);
    } else {
      append_uchar4(out, uchar);
    }
    i += width - 1;
    run = i + 1;
  }
  out.append(v.data() + run, n - run);
  out.push_back('"');
}

// Language tags compare case-insensitively (BCP 47); the canonical form writes them in
// lowercase, as the C14N tests expect ("@EN-GB--ltr" -> "@en-gb--ltr").
void append_language(std::string& out, std::string_view tag) {
  for (char c : tag) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
}

}  // namespace

void append_ntriples(std::string& out, const Term& t) {
  switch (t.kind) {
    case TermKind::kIri: append_iri(out, t.value); return;
    case TermKind::kBlank:
      out.append("_:");
      out.append(t.value);
      return;
    case TermKind::kLiteral:
      append_string(out, t.value);
      if (t.datatype == kRdfLangString || t.datatype == kRdfDirLangString) {
        out.push_back('@');
        append_language(out, t.language);
        if (!t.direction.empty()) {
          out.append("--");
          out.append(t.direction);
        }
      } else if (!t.datatype.empty() && t.datatype != kXsdString) {
        out.append("^^");
        append_iri(out, t.datatype);
      }
      return;
    case TermKind::kTriple:
      out.append("<<( ");
      if (t.triple) {
        append_ntriples(out, t.triple->subject);
        out.push_back(' ');
        append_ntriples(out, t.triple->predicate);
        out.push_back(' ');
        append_ntriples(out, t.triple->object);
      }
      out.append(" )>>");
      return;
  }
}

std::string to_ntriples(const Term& t) {
  std::string out;
  append_ntriples(out, t);
  return out;
}

}  // namespace annals
