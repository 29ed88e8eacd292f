// XML text as Exclusive XML Canonicalization writes it (https://www.w3.org/TR/xml-exc-c14n/,
// without comments): the lexical form RDF/XML gives a parseType="Literal" property's content
// (rdfxml_reader.cpp), and the escaping the RDF/XML writer uses for text and attributes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annals {

// Appends s escaped as canonical XML writes character data ('&', '<', '>' and CR as
// references) or, with attribute, a '"'-quoted attribute value ('&', '<', '"', TAB, LF, CR).
// Returns false, with out left as it was, when s holds malformed UTF-8 or a character XML 1.0
// cannot hold at all (lex::is_xml_char), which no escape can write.
bool append_xml_escaped(std::string& out, std::string_view s, bool attribute);

// A namespace binding: prefix ("" for the default namespace) and its namespace name.
struct XmlNamespace {
  std::string prefix;
  std::string uri;
};

// The canonical form of an element's content, built from the parser's events in document
// order. An element declares the namespaces it and its attributes use unless an enclosing
// element of the literal declared the same binding (exclusive c14n's "visibly utilized");
// declarations sorted by prefix, attributes by namespace then local name; empty elements
// written as a start and an end tag; processing instructions kept, comments left out. Memory
// grows with the literal, which the RDF/XML reader hands on whole.
class XmlLiteral {
 public:
  // A name as the parser splits it: namespace name (empty for none), local name, prefix
  // (empty for the default namespace or none).
  struct Name {
    std::string_view ns, local, prefix;
  };
  struct Attribute {
    Name name;
    std::string_view value;
  };

  void clear();
  void start(const Name& element, std::vector<Attribute>& attributes);
  void end();
  void text(std::string_view s);
  void processing_instruction(std::string_view target, std::string_view data);
  const std::string& text() const { return out_; }

 private:
  void declare(std::string_view prefix, std::string_view uri);
  void append_name(const Name& n);

  std::string out_;
  std::vector<std::string> open_;        // the qualified names of the open elements
  std::vector<XmlNamespace> rendered_;   // the declarations written by the open elements
  std::vector<std::size_t> rendered_at_;  // rendered_.size() before each open element
  std::vector<XmlNamespace> pending_;    // the current start tag's declarations
};

}  // namespace annals
