// Turtle short forms for the TSV writer and the table: prefixed names, bare numbers and
// booleans, and everything else in canonical N-Triples (to_ntriples), which is also Turtle.
#include <string>

#include "results/writers.hpp"
#include "syntax/lexical.hpp"

namespace annals::results {

std::size_t next_code_point(std::string_view s, std::size_t i, char32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  int n = lex::decode_utf8(s.data() + i, s.size() - i, cp);
  if (n == 0) {
    cp = kReplacement;
    return 1;
  }
  return static_cast<std::size_t>(n);
}

namespace {

// Turtle [164s] PN_CHARS_U and [166s] PN_CHARS.
bool is_pn_chars_u(char32_t c) {
  return c == '_' || (c < 0x80 && lex::is_alpha(static_cast<char>(c))) || lex::pn_chars_base(c);
}
bool is_pn_chars(char32_t c) {
  return is_pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || lex::pn_chars_extra(c);
}

// Turtle [168s] PN_LOCAL without PN_LOCAL_ESC: a name shown as it stands in the IRI. A
// '%' must start a %XX escape ([170s] PERCENT); a '.' may not come last.
bool is_plain_local_name(std::string_view local) {
  if (!local.empty() && local.back() == '.') return false;
  for (std::size_t i = 0; i < local.size();) {
    char32_t cp = 0;
    std::size_t n = next_code_point(local, i, cp);
    if (cp == kReplacement && n == 1) return false;
    if (cp == '%') {
      if (i + 2 >= local.size() || lex::hex_value(local[i + 1]) < 0 ||
          lex::hex_value(local[i + 2]) < 0) {
        return false;
      }
      i += 3;
      continue;
    }
    const bool ok = is_pn_chars_u(cp) || cp == ':' || (cp >= '0' && cp <= '9') ||
                    (i > 0 && (is_pn_chars(cp) || cp == '.'));
    if (!ok) return false;
    i += n;
  }
  return true;
}

// Digits from s[i]; returns how many.
std::size_t count_digits(std::string_view s, std::size_t i) {
  std::size_t k = i;
  while (k < s.size() && lex::is_digit(s[k])) ++k;
  return k - i;
}

// Turtle [19] INTEGER, [20] DECIMAL and [21] DOUBLE: [+-]? then digits with an optional
// fraction; a DECIMAL needs the fraction, a DOUBLE the exponent.
enum class Numeral : std::uint8_t { kNone, kInteger, kDecimal, kDouble };
Numeral numeral_kind(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  const std::size_t whole = count_digits(s, i);
  i += whole;
  std::size_t fraction = 0;
  bool point = false;
  if (i < s.size() && s[i] == '.') {
    point = true;
    fraction = count_digits(s, i + 1);
    i += 1 + fraction;
  }
  if (i == s.size()) {
    if (!point) return whole > 0 ? Numeral::kInteger : Numeral::kNone;
    return fraction > 0 ? Numeral::kDecimal : Numeral::kNone;
  }
  if (whole + fraction == 0 || (s[i] != 'e' && s[i] != 'E')) return Numeral::kNone;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t exponent = count_digits(s, i);
  return exponent > 0 && i + exponent == s.size() ? Numeral::kDouble : Numeral::kNone;
}

void append_iri(std::string& out, const std::string& iri, std::span<const Prefix> prefixes) {
  const Prefix* best = nullptr;
  for (const Prefix& p : prefixes) {
    if (best != nullptr && best->iri.size() >= p.iri.size()) continue;
    if (!iri.starts_with(p.iri)) continue;
    if (!is_plain_local_name(std::string_view(iri).substr(p.iri.size()))) continue;
    best = &p;
  }
  if (best == nullptr) {
    append_ntriples(out, Term::iri(iri));
    return;
  }
  out.append(best->name);
  out.push_back(':');
  out.append(iri, best->iri.size());
}

void append_literal(std::string& out, const Term& t, std::span<const Prefix> prefixes) {
  if (is_bare_literal(t)) {
    out.append(t.value);
    return;
  }
  const bool typed = t.datatype != kXsdString && t.datatype != kRdfLangString &&
                     t.datatype != kRdfDirLangString && !t.datatype.empty();
  if (!typed) {
    append_ntriples(out, t);  // "text", "text"@en, "text"@ar--rtl
    return;
  }
  append_ntriples(out, Term::literal(t.value));
  out.append("^^");
  append_iri(out, t.datatype, prefixes);
}

}  // namespace

bool is_bare_literal(const Term& t) {
  if (!t.is_literal()) return false;
  if (t.datatype == kXsdBoolean) return t.value == "true" || t.value == "false";
  const Numeral kind = numeral_kind(t.value);
  return (t.datatype == kXsdInteger && kind == Numeral::kInteger) ||
         (t.datatype == kXsdDecimal && kind == Numeral::kDecimal) ||
         (t.datatype == kXsdDouble && kind == Numeral::kDouble);
}

void append_turtle(std::string& out, const Term& t, std::span<const Prefix> prefixes) {
  switch (t.kind) {
    case TermKind::kIri:
      append_iri(out, t.value, prefixes);
      return;
    case TermKind::kBlank:
      append_ntriples(out, t);
      return;
    case TermKind::kLiteral:
      append_literal(out, t, prefixes);
      return;
    case TermKind::kTriple:
      append_triple_term(
          out, t, {"<<( ", " ", " ", " )>>"},
          [prefixes](std::string& o, const Term& part) { append_turtle(o, part, prefixes); });
      return;
  }
}

}  // namespace annals::results
