// RDF terms as values: IRIs, blank nodes, literals (with datatype, language tag and base
// direction) and RDF 1.2 triple terms. This is the form terms take at the edges (parsers,
// writers, query results); inside the store they are 64-bit ids (see store.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <optional>
#include <string_view>

#include "annals/time.hpp"

namespace annals {

inline constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kXsdString = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr std::string_view kRdfReifies =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies";
inline constexpr std::string_view kRdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr std::string_view kRdfRest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr std::string_view kRdfNil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
inline constexpr std::string_view kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
inline constexpr std::string_view kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr std::string_view kXsdDecimal = "http://www.w3.org/2001/XMLSchema#decimal";
inline constexpr std::string_view kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";
inline constexpr std::string_view kRdfLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
inline constexpr std::string_view kRdfDirLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString";

enum class TermKind : std::uint8_t { kIri = 1, kBlank = 2, kLiteral = 3, kTriple = 4 };

struct Triple;

// One RDF term. Which fields mean something depends on kind:
//   kIri      value = the IRI (no angle brackets, no escapes)
//   kBlank    value = the label (without "_:")
//   kLiteral  value = the lexical form; datatype = its datatype IRI (xsd:string when plain);
//             language = the tag when datatype is rdf:langString or rdf:dirLangString;
//             direction = "ltr" or "rtl" for rdf:dirLangString, else empty
//   kTriple   triple = the subject, predicate and object (RDF 1.2 triple term)
// A default-constructed Term is an empty IRI; `is_default_graph()` tells the default graph
// apart when a Term names a graph.
struct Term {
  TermKind kind = TermKind::kIri;
  std::string value;
  std::string datatype;
  std::string language;
  std::string direction;
  std::shared_ptr<const Triple> triple;

  static Term iri(std::string v) { return Term{TermKind::kIri, std::move(v), {}, {}, {}, {}}; }
  static Term blank(std::string label) {
    return Term{TermKind::kBlank, std::move(label), {}, {}, {}, {}};
  }
  static Term literal(std::string lexical, std::string datatype = std::string(kXsdString)) {
    return Term{TermKind::kLiteral, std::move(lexical), std::move(datatype), {}, {}, {}};
  }
  static Term lang_literal(std::string lexical, std::string lang, std::string dir = {}) {
    std::string dt(dir.empty() ? kRdfLangString : kRdfDirLangString);
    return Term{TermKind::kLiteral, std::move(lexical), std::move(dt), std::move(lang),
                std::move(dir), {}};
  }
  static Term triple_term(Term s, Term p, Term o);

  bool is_iri() const { return kind == TermKind::kIri; }
  bool is_blank() const { return kind == TermKind::kBlank; }
  bool is_literal() const { return kind == TermKind::kLiteral; }
  bool is_triple() const { return kind == TermKind::kTriple; }
  // The default graph is written as an IRI with an empty value.
  bool is_default_graph() const { return kind == TermKind::kIri && value.empty(); }

  friend bool operator==(const Term& a, const Term& b);
};

struct Triple {
  Term subject, predicate, object;
  friend bool operator==(const Triple& a, const Triple& b) = default;
};

// A quad: a triple in a graph. graph.is_default_graph() for the default graph.
struct Quad {
  Term subject, predicate, object, graph;
  friend bool operator==(const Quad& a, const Quad& b) = default;
};

// A namespace prefix: name without the ':' ("" for the empty prefix), and its IRI.
struct Prefix {
  std::string name;
  std::string iri;
  friend bool operator==(const Prefix&, const Prefix&) = default;
};

// The days a date literal stands for (docs/DESIGN.md "Facts in time"): an xsd:gYear,
// xsd:gYearMonth or xsd:date literal gives its whole period, "2025-04"^^xsd:gYearMonth ->
// [2025-04-01, 2025-05-01) with month precision. nullopt for any other term, a lexical form
// its datatype rejects, or a timezone. How a query's date results (annals:validFrom ?from,
// ?d < "2025"^^xsd:gYear) come out typed as intervals.
std::optional<ValidTime> date_period(const Term& t);

// N-Triples form of a term ("<iri>", "_:b", "\"lex\"^^<dt>", "\"lex\"@en--rtl",
// "<<( s p o )>>"), escaped as canonical N-Triples (RDF 1.2 §C14N) requires.
std::string to_ntriples(const Term& t);
void append_ntriples(std::string& out, const Term& t);

}  // namespace annals
