// The syntax names of RDF/XML and the split of a predicate IRI into an element name.
#include "rdfxml_names.hpp"

#include "annals/term.hpp"
#include "syntax/names.hpp"

namespace annals::rdfxml {

Syntax syntax_name(std::string_view ns, std::string_view local) {
  if (ns != kRdf) return Syntax::kOther;
  struct Entry {
    std::string_view local;
    Syntax syntax;
  };
  static constexpr Entry kNames[] = {
      {"RDF", Syntax::kRDF},
      {"ID", Syntax::kID},
      {"about", Syntax::kAbout},
      {"parseType", Syntax::kParseType},
      {"resource", Syntax::kResource},
      {"nodeID", Syntax::kNodeID},
      {"datatype", Syntax::kDatatype},
      {"Description", Syntax::kDescription},
      {"li", Syntax::kLi},
      {"aboutEach", Syntax::kAboutEach},
      {"aboutEachPrefix", Syntax::kAboutEachPrefix},
      {"bagID", Syntax::kBagID},
      {"annotation", Syntax::kAnnotation},
      {"annotationNodeID", Syntax::kAnnotationNodeID},
      {"version", Syntax::kVersion},
  };
  for (const Entry& e : kNames) {
    if (e.local == local) return e.syntax;
  }
  return Syntax::kOther;
}

bool split_property_iri(std::string_view iri, std::size_t& ns_end) {
  ns_end = lex::xml_ncname_suffix(iri);
  if (ns_end == 0 || ns_end == iri.size()) return false;
  const std::string_view ns = iri.substr(0, ns_end);
  // The namespaces XML reserves cannot be bound to a prefix of ours.
  if (ns == kXmlNs || ns == "http://www.w3.org/2000/xmlns/") return false;
  // rdf:li would read back as rdf:_1, rdf:_2, ...
  return syntax_name(ns, iri.substr(ns_end)) == Syntax::kOther;
}

}  // namespace annals::rdfxml
