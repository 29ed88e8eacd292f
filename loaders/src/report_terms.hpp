// What the report readers (CSV/TSV in table_reader.cpp, JSON lines in jsonl_reader.cpp)
// share: the lines of an input, terms written as text, a fact's interval from its from / to /
// in values, and handing facts on with their notes. The formats are in loaders/REPORTS.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "annals/rdf.hpp"
#include "annals/time.hpp"

namespace annals::report {

// The physical lines of an input without their line ends ("\n" or "\r\n"), read 64 KiB at a
// time; a UTF-8 byte order mark before the first line is dropped.
class LineReader {
 public:
  explicit LineReader(Input& in) : in_(in) {}
  // The next line into `line`; false at the end of the input or on a read error (status()).
  bool next(std::string& line);
  // The number of the last line read, from 1.
  std::uint64_t number() const { return number_; }
  Status status() const { return in_.status(); }

 private:
  bool fill();

  Input& in_;
  std::vector<char> buf_ = std::vector<char>(std::size_t{64} << 10);
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t number_ = 0;
  bool eof_ = false;
};

// The column (from 1, counting UTF-8 characters) of the byte at `offset` in a line.
std::uint64_t column_of(std::string_view line, std::size_t offset);

// kInvalidInput at source:line:column, with the line's text as the excerpt.
Status error_at(const std::string& source, std::uint64_t line, std::uint64_t column,
                std::string_view line_text, std::string message);

// Terms written as text. An IRI is "<absolute IRI>" or a prefixed name whose prefix was
// declared; a literal is in N-Triples syntax ("text", "text"@en, "text"^^<dt> or
// "text"^^xsd:date); an object may also be plain text, which is an xsd:string literal.
// Blank nodes are refused: a report loaded twice must name the same nodes. Errors are
// kInvalidInput with a message and no place (the reader knows it).
class TermSyntax {
 public:
  // Declares (or redeclares) a prefix from here on. kInvalidInput for a name that is not a
  // PN_PREFIX or an IRI that is not absolute.
  Status declare(const Prefix& prefix);
  // An IRI: "<...>" or a declared prefixed name.
  Status iri(std::string_view text, Term& out) const;
  // An IRI as above, or one written bare ("https://example.org/a"): for fields that hold
  // nothing else (a report's url).
  Status bare_iri(std::string_view text, Term& out) const;
  // Any object: an IRI as iri() takes it, a literal in N-Triples syntax, or else plain text.
  Status object(std::string_view text, Term& out) const;

 private:
  Status literal(std::string_view text, Term& out) const;
  // True (with the IRI in out) when text is a prefixed name of a declared prefix.
  bool prefixed(std::string_view text, Term& out) const;

  std::unordered_map<std::string, std::string> prefixes_;
};

// Which of a fact's time values an error is about: its from, to and in are annals:validFrom,
// validTo and validIn (time.hpp's TimeBound).
using TimeField = TimeBound;

// A fact's interval from its from, to and in values (each "" when absent; YYYY, YYYY-MM or
// YYYY-MM-DD): from and to as annals:validFrom and annals:validTo (to is exclusive), in as
// annals:validIn. On error, kInvalidInput (no place) and `which` names the value at fault.
Status read_interval(std::string_view from, std::string_view to, std::string_view in,
                     ValidTime& out, TimeField& which);

// The reifier that carries a fact's note or quote: an IRI made from a hash of the fact (its
// quad and interval), so that the same file loaded again names the same reifier.
Term reifier_of(const Quad& q, const ValidTime& valid);

// Hands statements and facts on to a FactSink: folded (a fact with its interval, as
// parse_facts does) or spelled out (the quad, then a blank reifier with its annals:*
// statements, as parse_rdf does for the line-based formats). They are held until flush(),
// so that a record (a row, a report) with an error is left out whole.
class FactEmitter {
 public:
  FactEmitter(const FactSink& sink, bool fold) : sink_(sink), fold_(fold) {}

  // Hands on what is held; returns the sink's first error.
  Status flush();
  // Forgets what is held.
  void drop() { held_ = 0; }

  // A statement valid at all times.
  void statement(const Term& s, const Term& p, const Term& o, const Term& g);
  // The fact q with its interval; then, when remark is not null, "R rdf:reifies <<( q )>>"
  // and "R remark_predicate remark" in q's graph, with R = reifier_of(q, valid).
  void fact(const Quad& q, const ValidTime& valid, std::string_view remark_predicate,
            const Term* remark);

 private:
  void hold(const Quad& q, const ValidTime& valid);
  Quad& next_slot(const ValidTime& valid);

  const FactSink& sink_;
  const bool fold_;
  std::uint64_t blanks_ = 0;
  std::vector<std::pair<Quad, ValidTime>> slots_;  // the first held_ are held
  std::size_t held_ = 0;
  std::vector<Annotation> annotations_;
};

}  // namespace annals::report
