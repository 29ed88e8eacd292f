// The names RDF/XML gives a role (RDF 1.1 XML Syntax §5.1 and RDF 1.2's additions), the
// namespaces it reads attributes from, and how an element or attribute name splits: what the
// reader (rdfxml_reader.cpp) asks of every name and the writer (rdfxml_writer.cpp) of every
// predicate it writes as an element.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace annals::rdfxml {

inline constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
inline constexpr std::string_view kItsNs = "http://www.w3.org/2005/11/its";
inline constexpr std::string_view kXmlLiteral =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral";

// The rdf: names with a role in the grammar; kOther for every other name (rdf:type,
// rdf:Seq, rdf:_1 and the names of other namespaces alike).
enum class Syntax : std::uint8_t {
  kOther,
  kRDF,
  kID,
  kAbout,
  kParseType,
  kResource,
  kNodeID,
  kDatatype,
  kDescription,
  kLi,
  kAboutEach,        // oldTerms: removed from the language, an error wherever they stand
  kAboutEachPrefix,
  kBagID,
  kAnnotation,       // RDF 1.2: the reifier of a property element's triple
  kAnnotationNodeID,
  kVersion,          // RDF 1.2: rdf:version="1.2" turns on triple terms and base directions
};

Syntax syntax_name(std::string_view ns, std::string_view local);

// A node element may have any name but the syntax names other than rdf:Description
// (coreSyntaxTerms, rdf:li, oldTerms and RDF 1.2's attribute names).
constexpr bool allowed_node_element(Syntax s) {
  return s == Syntax::kOther || s == Syntax::kDescription;
}
// A property element may have any name but the syntax names other than rdf:li.
constexpr bool allowed_property_element(Syntax s) {
  return s == Syntax::kOther || s == Syntax::kLi;
}

// The writer's half: whether a predicate IRI can be written as a property element, and where
// (ns_end) its namespace ends and its local name begins. False for an IRI that does not end
// in an XML name, and for the syntax names (rdf:li too, which would read back as rdf:_n).
bool split_property_iri(std::string_view iri, std::size_t& ns_end);

}  // namespace annals::rdfxml
