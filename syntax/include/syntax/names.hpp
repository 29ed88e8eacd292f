// The writing side of the name tokens and of bare literals: whether a string may be written
// as a prefixed name's local part, a prefix or a blank node label, and which literals may be
// written without quotes. terminals.hpp reads these tokens; every writer decides with the
// functions here (the Turtle/TriG writer, the query results' Turtle text, the REPL), so that
// what one writes the readers and the SPARQL grammar take back as the same term.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "annals/term.hpp"

namespace annals::lex {

// PN_LOCAL (Turtle [168s], SPARQL [169]: the same production) is
//   (PN_CHARS_U | ':' | [0-9] | PLX) ((PN_CHARS | '.' | ':' | PLX)* (PN_CHARS | ':' | PLX))?
// where PLX is PERCENT ('%' and two hex digits, kept as it is: readers do not decode it) or
// PN_LOCAL_ESC ('\' and one of _~.-!$&'()*+,;=/?#@%, read as the character alone). So a
// local name may start with a digit or ':', not with '-' or '.' unless escaped; it may not
// end with '.' (a reader leaves that '.' to end the statement). A local name that ends with
// '.' is never written as one here, though "\." could: "<...>" reads better than "ex:a\.".
// Malformed UTF-8 is never a local name.

// True when local, exactly as it stands in the IRI, is a PN_LOCAL (no '\' escapes): the form
// for text people read and type back (the results table, the REPL), where "ex:a\/b" would
// puzzle more than "<...>".
bool is_pn_local(std::string_view local);

// Appends local as a PN_LOCAL whose reading gives local back, with '\' before the characters
// that need PN_LOCAL_ESC, and returns true; returns false, leaving out as it was, when there
// is none. The form for files (Turtle, TriG).
bool append_pn_local(std::string& out, std::string_view local);

// PN_PREFIX (Turtle [167s], SPARQL [168]) or empty (the prefix ':').
bool is_pn_prefix(std::string_view name);

// The label of BLANK_NODE_LABEL (Turtle [141s], SPARQL [142]) after its "_:".
bool is_blank_node_label(std::string_view label);

// XML Namespaces' NCName [4]: (PN_CHARS_U) (PN_CHARS | '.')*, the names XML gives those
// productions (Turtle took them from XML). What RDF/XML's rdf:ID and rdf:nodeID hold, and an
// element's local name.
bool is_xml_ncname(std::string_view name);
// Where the longest NCName that ends iri begins (iri.size() when none does): how an RDF/XML
// writer splits a predicate IRI into a namespace and an element's local name.
std::size_t xml_ncname_suffix(std::string_view iri);

// A literal whose lexical form may be written without quotes and read back as the same
// literal: INTEGER [19], DECIMAL [20] and DOUBLE [21] with datatypes xsd:integer, xsd:decimal
// and xsd:double, and BooleanLiteral [133s] ("true", "false") with xsd:boolean. A form that
// is not of its datatype's token ("1.0"^^xsd:integer, "1"^^xsd:double) needs its quotes.
bool is_bare_literal(const Term& t);

}  // namespace annals::lex
