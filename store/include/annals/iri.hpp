// IRI references: the characters an IRI may hold, checked once for every layer, and
// resolution against a base (RFC 3986 §5.2), as Turtle, TriG and SPARQL need. Works on the
// characters as they are: no normalisation beyond removing dot segments of the path, no
// percent-decoding.
#pragma once

#include <string>
#include <string_view>

#include "annals/status.hpp"

namespace annals {

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
