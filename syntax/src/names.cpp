// Which strings may be written as name tokens (PN_LOCAL, PN_PREFIX, BLANK_NODE_LABEL) and
// which literals bare: one rule for every writer, the reverse of terminals.hpp's reading.
#include "syntax/names.hpp"

#include <cstdint>

#include "syntax/lexical.hpp"

namespace annals::lex {

namespace {

// The code point at s[i] and its length in bytes; 0 for malformed UTF-8.
std::size_t code_point(std::string_view s, std::size_t i, char32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  return static_cast<std::size_t>(decode_utf8(s.data() + i, s.size() - i, cp));
}

// Turtle [163s] PN_CHARS_BASE, [164s] PN_CHARS_U and [166s] PN_CHARS, ASCII included.
bool is_base(char32_t c) {
  return (c < 0x80 && is_alpha(static_cast<char>(c))) || pn_chars_base(c);
}
bool is_u(char32_t c) { return c == '_' || is_base(c); }
bool is_chars(char32_t c) {
  return is_u(c) || c == '-' || (c >= '0' && c <= '9') || pn_chars_extra(c);
}
bool is_blank_first(char32_t c) { return is_u(c) || (c >= '0' && c <= '9'); }

// Names of the shape X ((PN_CHARS | '.')* PN_CHARS)? where X is what first allows: PN_PREFIX
// and BLANK_NODE_LABEL.
bool is_dotted_name(std::string_view s, bool (*first)(char32_t)) {
  if (s.empty() || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = code_point(s, i, cp);
    if (n == 0) return false;
    if (i == 0 ? !first(cp) : !(cp == '.' || is_chars(cp))) return false;
    i += n;
  }
  return true;
}

// How the character at local[i] goes into a PN_LOCAL; n is set to its length in bytes.
enum class LocalChar : std::uint8_t { kAsIs, kEscaped, kNever };
LocalChar local_char(std::string_view local, std::size_t i, std::size_t& n) {
  char32_t cp = 0;
  n = code_point(local, i, cp);
  if (n == 0) return LocalChar::kNever;
  if (cp == '%' && i + 2 < local.size() && hex_value(local[i + 1]) >= 0 &&
      hex_value(local[i + 2]) >= 0) {
    n = 3;  // PERCENT
    return LocalChar::kAsIs;
  }
  if (is_u(cp) || cp == ':' || (cp >= '0' && cp <= '9') || (i > 0 && (is_chars(cp) || cp == '.'))) {
    return LocalChar::kAsIs;
  }
  if (cp < 0x80 && pn_local_esc(static_cast<char>(cp))) return LocalChar::kEscaped;
  return LocalChar::kNever;
}

// Digits from s[i]; returns how many.
std::size_t count_digits(std::string_view s, std::size_t i) {
  std::size_t k = i;
  while (k < s.size() && is_digit(s[k])) ++k;
  return k - i;
}

// INTEGER, DECIMAL and DOUBLE: [+-]? then digits with an optional fraction; a DECIMAL needs
// the fraction's digits, a DOUBLE the exponent.
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

}  // namespace

bool is_pn_local(std::string_view local) {
  if (local.ends_with('.')) return false;
  for (std::size_t i = 0, n = 0; i < local.size(); i += n) {
    if (local_char(local, i, n) != LocalChar::kAsIs) return false;
  }
  return true;
}

bool append_pn_local(std::string& out, std::string_view local) {
  if (local.ends_with('.')) return false;
  const std::size_t was = out.size();
  for (std::size_t i = 0, n = 0; i < local.size(); i += n) {
    switch (local_char(local, i, n)) {
      case LocalChar::kAsIs:
        out.append(local.substr(i, n));
        break;
      case LocalChar::kEscaped:
        out.push_back('\\');
        out.push_back(local[i]);
        break;
      case LocalChar::kNever:
        out.resize(was);
        return false;
    }
  }
  return true;
}

bool is_xml_ncname(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size();) {
    char32_t cp = 0;
    const std::size_t n = code_point(name, i, cp);
    if (n == 0 || !(i == 0 ? is_u(cp) : cp == '.' || is_chars(cp))) return false;
    i += n;
  }
  return true;
}

std::size_t xml_ncname_suffix(std::string_view iri) {
  // The name characters that end iri, then the first of them that may start a name.
  std::size_t begin = iri.size();
  while (begin > 0) {
    std::size_t lead = begin - 1;  // back to the first byte of the previous character
    while (lead > 0 && (static_cast<unsigned char>(iri[lead]) & 0xC0) == 0x80) --lead;
    char32_t cp = 0;
    if (code_point(iri, lead, cp) != begin - lead || !(cp == '.' || is_chars(cp))) break;
    begin = lead;
  }
  for (std::size_t i = begin; i < iri.size();) {
    char32_t cp = 0;
    const std::size_t n = code_point(iri, i, cp);
    if (is_u(cp)) return i;
    i += n;
  }
  return iri.size();
}

bool is_pn_prefix(std::string_view name) { return name.empty() || is_dotted_name(name, is_base); }

bool is_blank_node_label(std::string_view label) { return is_dotted_name(label, is_blank_first); }

bool is_bare_literal(const Term& t) {
  if (!t.is_literal()) return false;
  if (t.datatype == kXsdBoolean) return t.value == "true" || t.value == "false";
  const Numeral kind = numeral_kind(t.value);
  return (t.datatype == kXsdInteger && kind == Numeral::kInteger) ||
         (t.datatype == kXsdDecimal && kind == Numeral::kDecimal) ||
         (t.datatype == kXsdDouble && kind == Numeral::kDouble);
}

}  // namespace annals::lex
