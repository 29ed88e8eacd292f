// IRI references: the characters an IRI may hold, checked once for every layer, and
// resolution against a base (RFC 3986 §5.2), as Turtle, TriG and SPARQL need. Works on the
// characters as they are: no normalisation beyond removing dot segments of the path, no
// percent-decoding.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "annals/status.hpp"

namespace annals {

// Bytes that stand for themselves in an IRIREF (not #x00-#x20 <>"{}|^`\), ASCII only. A
// table: the readers ask it of every byte of every IRI.
inline constexpr std::array<bool, 256> kIriPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x21; c < 0x80; ++c) t[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view("<>\"{}|^`\\")) t[static_cast<unsigned char>(c)] = false;
  return t;
}();
constexpr bool iri_plain(unsigned char c) { return kIriPlain[c]; }
// A code point an IRI may hold, written or escaped: a \u or \U escape may not stand for a
// character IRIREF leaves out either (such a string is no IRI, RFC 3987 §2.2, and NUL would
// run into the dictionary's separators, FORMAT.md). The one rule every layer applies: the
// readers to what they decode, check_iri_chars below to whole strings.
constexpr bool iri_char(char32_t c) { return c >= 0x80 || kIriPlain[c]; }

// Status::ok() when iri holds none of the characters IRIREF (N-Triples [8], Turtle [18],
// SPARQL [139]) leaves out: U+0000 to U+0020 and <>"{}|^`\. An escape may not stand for one
// either: such a string is no IRI, and a NUL in a datatype would merge distinct terms in the
// dictionary. Otherwise kInvalidInput naming the first such character ("an IRI may not hold
// a space"). The readers, the SPARQL functions that make IRIs, the report loaders and the
// endpoint's parameters all apply this rule.
Status check_iri_chars(std::string_view iri);

// check_iri_chars, and iri starts with a scheme (is absolute): an IRI that a file, report or
// request gives where no base resolves it.
bool valid_absolute_iri(std::string_view iri);

// True when ref starts with a scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
bool iri_has_scheme(std::string_view ref);

// The target IRI of ref resolved against base (RFC 3986 §5.2.2, strict: a reference with a
// scheme is taken as it is, dot segments removed). base must be absolute.
std::string resolve_iri(std::string_view base, std::string_view ref);

}  // namespace annals
