// IRI references: resolution against a base (RFC 3986 §5.2), as Turtle, TriG and SPARQL need.
// Works on the characters as they are: no normalisation beyond removing dot segments of the
// path, no percent-decoding.
#pragma once

#include <string>
#include <string_view>

namespace annals {

// True when ref starts with a scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
bool iri_has_scheme(std::string_view ref);

// The target IRI of ref resolved against base (RFC 3986 §5.2.2, strict: a reference with a
// scheme is taken as it is, dot segments removed). base must be absolute.
std::string resolve_iri(std::string_view base, std::string_view ref);

}  // namespace annals
