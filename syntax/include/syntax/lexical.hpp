// Character classes and UTF-8 helpers shared by the RDF readers, the SPARQL grammar and the
// writers (the terminals of N-Triples, N-Quads, Turtle, TriG and SPARQL, which all take them
// from Turtle's). The characters an IRI may hold are the store's rule (annals/iri.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace annals::lex {

// ASCII case-insensitive equality (language tags, format names).
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The character ECHAR '\\' c stands for, or -1.
constexpr int echar_value(char c) {
  switch (c) {
    case 't': return '\t';
    case 'b': return '\b';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'f': return '\f';
    case '"': return '"';
    case '\'': return '\'';
    case '\\': return '\\';
    default: return -1;
  }
}

// LANG_DIR's language tag as every reader, writer and STRLANG takes it: [a-zA-Z]{1,8}
// ('-' [a-zA-Z0-9]{1,8})*. The grammars (Turtle [144s], SPARQL [145]) allow subtags of any
// length; BCP 47 caps them at 8, and one rule everywhere keeps what one layer accepts
// readable by the others (a tag a report loads must come back from the N-Quads dump).
bool valid_language_tag(std::string_view tag);
// RDF 1.2 Concepts §3.3: the base directions a literal may have.
constexpr bool valid_direction(std::string_view dir) { return dir == "ltr" || dir == "rtl"; }
// XML 1.0 §2.2 Char: the code points an XML document may hold at all, written or as a
// character reference (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]).
// The XML writers (SPARQL results, RDF/XML) ask it of every character they write.
constexpr bool is_xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}
// The characters a scanner takes as the language tag after '@' (up to a "--" that starts the
// direction) before asking valid_language_tag whether they are one.
constexpr bool language_char(char c) { return is_alpha(c) || is_digit(c) || c == '-'; }

// PN_CHARS_BASE above ASCII.
constexpr bool pn_chars_base(char32_t c) {
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}
// The characters PN_CHARS allows beyond PN_CHARS_U, '-' and digits.
constexpr bool pn_chars_extra(char32_t c) {
  return c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}
// The characters PN_LOCAL_ESC (Turtle [172s], SPARQL [173]) escapes with '\' in a local name.
constexpr bool pn_local_esc(char c) {
  return c != '\0' && std::string_view("_~.-!$&'()*+,;=/?#@%").find(c) != std::string_view::npos;
}

// The message of a reader that meets a \u or \U escape standing for a character an IRI may
// not hold (annals/iri.hpp's iri_char is the rule).
inline constexpr std::string_view kIriEscapeRefused =
    "escape stands for a character not allowed in IRIs";

void append_utf8(std::string& out, char32_t cp);

// Decodes the UTF-8 sequence at p (its first byte is >= 0x80; n bytes are readable). Returns
// its length and sets cp, or 0 for a malformed sequence: overlong forms, surrogates, code
// points above U+10FFFF, a sequence cut short.
int decode_utf8(const char* p, std::size_t n, char32_t& cp);

}  // namespace annals::lex
