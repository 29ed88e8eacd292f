// RDF text formats in and out: a streaming reader that hands each quad to a sink, and a
// writer. N-Triples, N-Quads, Turtle, TriG and RDF/XML, 1.1 and 1.2 (triple terms
// "<<( s p o )>>", reifiers and annotations in Turtle/TriG, directional language tags
// "@ar--rtl", "VERSION"; in RDF/XML rdf:parseType="Triple", rdf:annotation and its:dir).
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "annals/status.hpp"
#include "annals/term.hpp"
#include "annals/time.hpp"

namespace annals {

// The formats the loaders read. The first five are RDF syntaxes, read and written; kCsv,
// kTsv and kJsonl are report formats (dated-event tables and JSON-lines reports,
// loaders/REPORTS.md), read only: RdfWriter refuses them.
enum class RdfFormat : std::uint8_t {
  kNTriples, kNQuads, kTurtle, kTriG, kRdfXml, kCsv, kTsv, kJsonl
};

// "nt", "ntriples", "n-triples", "nq", "nquads", "n-quads", "ttl", "turtle", "trig",
// "rdfxml", "rdf/xml", "rdf-xml", "rdf" (any case; not "xml", which names a results format);
// nullopt otherwise (the RDF syntaxes only: the names a writer takes).
std::optional<RdfFormat> rdf_format_from_name(std::string_view name);
// By file extension: ".nt", ".nq", ".ttl", ".trig", ".rdf", ".owl", each also with ".gz";
// nullopt otherwise.
std::optional<RdfFormat> rdf_format_from_path(std::string_view path);
// As rdf_format_from_name and rdf_format_from_path, and also every format a loader reads:
// "csv", "tsv", "jsonl" (".csv", ".tsv", ".jsonl", each also with ".gz").
std::optional<RdfFormat> input_format_from_name(std::string_view name);
std::optional<RdfFormat> input_format_from_path(std::string_view path);
// "ntriples", "nquads", "turtle", "trig", "rdfxml", "csv", "tsv", "jsonl".
std::string_view rdf_format_name(RdfFormat format);
// As people write it: "N-Triples", "N-Quads", "Turtle", "TriG", "RDF/XML", "CSV", "TSV",
// "JSON lines".
std::string_view rdf_format_title(RdfFormat format);
// The names rdf_format_from_name knows, for messages: "ntriples, nquads, turtle, trig, rdfxml".
std::string_view rdf_format_names();
// The names input_format_from_name knows: rdf_format_names() and "csv, tsv, jsonl".
std::string_view input_format_names();
// True for the read-only report formats (CSV, TSV, JSON lines).
bool rdf_format_is_report(RdfFormat format);
// True for the formats whose statements each sit on one line (N-Triples, N-Quads).
bool rdf_format_is_line_based(RdfFormat format);
// True for the formats that can hold named graphs (N-Quads, TriG).
bool rdf_format_has_graphs(RdfFormat format);
// Ok if bad statements of this format can be skipped (ParseOptions::on_skip), which needs
// every statement on a line (or, for the report formats, a record) of its own; else
// kInvalidInput naming the source and why.
Status rdf_check_skippable(RdfFormat format, std::string_view source);

// A stream of bytes from a file (gunzipped when the name ends in ".gz") or stdin ("-").
class Input {
 public:
  class Impl;
  // Errors: kNotFound for a missing file, kInvalidInput for a directory, kIoError otherwise.
  static Result<Input> open(const std::string& path);
  // Reads text held in memory; name is used in error messages.
  static Input from_string(std::string text, std::string name = "input");
  // Reads a stream the caller owns and keeps alive (and unread by others) while the Input is
  // used; bytes come as the stream gives them (no decompression). A stream that goes bad
  // (badbit) is kIoError. name is used in error messages.
  static Input from_stream(std::istream& in, std::string name = "stream");
  Input(Input&&) noexcept;
  Input& operator=(Input&&) noexcept;
  ~Input();

  // Reads up to n bytes; returns 0 at the end or on error (then status() says which).
  std::size_t read(char* buf, std::size_t n);
  Status status() const;
  const std::string& name() const;
  std::uint64_t bytes_read() const;  // compressed bytes for .gz files
  std::uint64_t size() const;        // the file's size on disk; 0 when unknown (stdin)
  // The bytes read() gives in all when that is known before reading (a file that is not
  // gzipped, a string); 0 otherwise.
  std::uint64_t content_size() const;

 private:
  explicit Input(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct ParseOptions {
  explicit ParseOptions(RdfFormat f = RdfFormat::kNQuads) : format(f) {}

  RdfFormat format;
  // Turtle/TriG, RDF/XML: the base IRI relative IRIs resolve against until the file sets one
  // with @base/BASE (xml:base). Empty: a relative IRI before any base is an error.
  std::string base;
  // Line-based and report formats only: on a bad statement (a report's row or line), report
  // it to on_skip and go on with the next instead of stopping. parse_rdf then returns ok; count the calls.
  std::function<void(const Status&)> on_skip;
  // Turtle/TriG: called for each @prefix/PREFIX directive, in file order; RDF/XML: for each
  // namespace declaration whose prefix is a PN_PREFIX ("" for xmlns="...") and whose
  // namespace is an absolute IRI.
  std::function<void(const Prefix&)> on_prefix;
};

// Called for each quad in file order; the Quad is reused between calls (copy what you keep).
// A non-ok Status stops the parse and is returned by parse_rdf.
using QuadSink = std::function<Status(const Quad&)>;

// Parses the whole input, streaming (memory does not grow with the input; in RDF/XML, except
// for a parseType="Literal" value and the rdf:ID values, which must not repeat). On a syntax error
// returns kInvalidInput with the place (input name, line, column), the offending line and a
// caret under the column (see Status::detail), and stops; quads already handed to the sink
// stay handed (callers that need all-or-nothing roll back themselves). A Turtle file given
// as TriG parses (TriG is a superset); quads of Turtle/N-Triples input are in the default
// graph.
Status parse_rdf(Input& in, const ParseOptions& options, const QuadSink& sink);

// Called for each fact: a quad and its valid time (always, unless an annotation gave one).
using FactSink = std::function<Status(const Quad&, const ValidTime&)>;

// parse_rdf, but an annotation carrying valid time becomes the interval of the quad it
// annotates instead of statements about a reifier (loaders/README.md "Valid time in files"):
//   Turtle/TriG: "s p o {| annals:validFrom a ; annals:validTo b |}" or
//     "{| annals:validIn P |}" hands on (s p o, [a, b)) or (s p o, [start of P, end of P));
//     several such blocks on one triple hand it on once each; the reifier's rdf:reifies
//     statement is left out too unless the block says something else of it or names it
//     ("~ r"). A triple with no such block is handed on once, valid always.
//   N-Triples/N-Quads: the same spelled out, "_:r rdf:reifies <<( s p o )>>" right after the
//     quad and the annals statements of _:r right after that. RDF/XML likewise, read in
//     document order: a property element with rdf:annotationNodeID="r", then r's
//     rdf:Description with the annals properties, as RdfWriter writes them.
//   CSV, TSV, JSON lines: each fact with the interval its from/to/in give (loaders/REPORTS.md);
//     parse_rdf hands the interval on spelled out as the line-based formats write it.
// A value that is not an xsd:gYear, xsd:gYearMonth or xsd:date literal of a valid lexical
// form, a bound given twice, validIn beside validFrom/validTo, or an end not after the start
// is kInvalidInput at the place of the offending value (with on_skip: that statement and
// the fact it annotates are skipped). The quads handed on are in file order except that a
// triple comes after its annotations.
Status parse_facts(Input& in, const ParseOptions& options, const FactSink& sink);

struct WriterOptions {
  // Turtle/TriG: prefixes declared at the top and used to shorten IRIs (the longest namespace
  // that leaves a valid local name wins). RDF/XML: declared on rdf:RDF and used for the
  // element names of predicates whose namespace they bind exactly (others are declared on
  // the element), when the name is an XML prefix other than "rdf" and "xml...". A prefix whose name is not a valid PN_PREFIX ("" is
  // the empty prefix) or whose IRI is not absolute is left out; a name given twice takes the
  // later IRI.
  std::vector<Prefix> prefixes;
  // Turtle/TriG: written as @base when not empty, and IRIs under it written relative when
  // the relative form resolves back to the same IRI (RDF/XML writes IRIs whole). Must be an absolute IRI, else the
  // writer's first call returns kInvalidInput.
  std::string base;
};

// An annotation of a statement: one predicate and object about its reifier (RDF 1.2).
struct Annotation {
  Term predicate;
  Term object;
};

// Writes quads in any RdfFormat. N-Triples and N-Quads come out in canonical form (RDF 1.2
// N-Triples C14N): one statement a line, "\n" line ends, single spaces. Turtle and TriG are
// written for people: @base and @prefix lines at the top, prefixed names, rdf:type as "a",
// consecutive statements about one subject (in one graph) grouped with ';' and ',', bare
// numbers and booleans where the lexical form allows, """long strings""" for text with line
// ends, triple terms as "<<( s p o )>>", named graphs as "g { ... }" blocks (TriG), and
// annotations as "{| |}". A statement "r rdf:reifies <<( s p o )>>" right after "s p o" is
// written as "s p o ~ r", and r's statements that follow as "{| ... |}" after it. Blank node
// labels that are not valid in Turtle are rewritten (one to one). RDF/XML has one
// rdf:Description per run of statements about a subject, a property element per statement
// (rdf:resource, rdf:nodeID, text with xml:lang / its:dir / rdf:datatype, a triple term as
// rdf:parseType="Triple"), and annotations as rdf:annotationNodeID with the reifier's
// rdf:Description right after; blank node labels that are no XML name are rewritten (one
// to one). Only the open statement is kept in memory; the output is the same bytes for the
// same calls.
// A quad in a named graph cannot be written as N-Triples, Turtle or RDF/XML; nor, in
// Turtle/TriG, a term a reader could not give back as it is: a literal or triple term as
// subject or graph, a predicate that is not an IRI, a relative IRI or one with a character
// IRIREF leaves out (space, '<', '"', ...), a language tag that is not LANGTAG; nor, in
// RDF/XML, a predicate that does not end in an XML name (or is one of RDF/XML's syntax
// names) or a literal holding a character XML 1.0 cannot hold (most C0 controls). write() returns kInvalidInput
// for such a quad and writes nothing. Not thread-safe.
class RdfWriter {
 public:
  class Impl;
  RdfWriter(std::ostream& out, RdfFormat format, WriterOptions options = {});
  RdfWriter(RdfWriter&&) noexcept;
  RdfWriter& operator=(RdfWriter&&) noexcept;
  ~RdfWriter();

  // Declares a prefix from here on (Turtle/TriG; ignored by line-based formats): the open
  // statement and graph block are ended first, as directives stand between them. Redeclaring
  // a name rebinds it; declaring it again with the same IRI writes nothing. kInvalidInput
  // for a name that is not a valid PN_PREFIX or an IRI that is not absolute.
  Status add_prefix(const Prefix& prefix);
  Status write(const Quad& quad);
  // Writes the quad and, when annotations is not empty, a reifier of it (a fresh blank node)
  // with the annotations: "{| p o; ... |}" in Turtle/TriG, "_:r rdf:reifies <<( s p o )>>"
  // and "_:r p o" statements in the line-based formats.
  Status write(const Quad& quad, std::span<const Annotation> annotations);
  // Ends the last statement (and graph block) and flushes; reports a failed stream as
  // kIoError (write() does too, for the part it wrote).
  Status finish();

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace annals
