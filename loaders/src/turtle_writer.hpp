// The Turtle and TriG side of RdfWriter: statements grouped by subject, prefixed names,
// relative IRIs, bare numbers, annotations and graph blocks. rdf_writer.cpp dispatches here.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "annals/rdf.hpp"

namespace annals {

class TurtleWriter {
 public:
  // trig: write named graphs as blocks; else a quad in a named graph is refused.
  TurtleWriter(std::ostream& out, bool trig, WriterOptions options);

  Status add_prefix(const Prefix& prefix);
  Status write(const Quad& quad, std::span<const Annotation> annotations);
  Status finish();

 private:
  // One open predicate-object list: the statement's (depth 0) or an annotation block's
  // (deeper). reifier is set after " ~ r" was written for the last object and no "{|" yet.
  struct Frame {
    Term subject, predicate, object;
    std::optional<Term> reifier;
  };

  void place(const Quad& quad);
  bool continue_open(const Quad& quad);
  void end_statement();
  void close_block();
  void begin_graph(const Term& graph);
  void ensure_header();
  void append_prefix_line(const Prefix& prefix);
  void append_annotations(std::span<const Annotation> annotations);
  Status flush();

  void append_term(const Term& t);
  void append_verb(const Term& p);
  void append_iri(const std::string& iri);
  void append_literal(const Term& t);
  Prefix* find_prefix(const std::string& name);

  std::ostream& out_;
  bool trig_;
  std::string base_;
  std::vector<Prefix> prefixes_;  // in the order declared; a redeclared name keeps its place
  Status pending_;                // a bad WriterOptions::base, reported by every call
  std::string buf_;               // what the current call writes, sent to out_ at its end
  bool header_written_ = false;
  bool wrote_ = false;            // anything at all written
  bool blank_line_ = false;       // a blank line goes before the next statement
  bool in_block_ = false;         // a TriG graph block is open
  Term graph_;                    // the graph of the open statement or block
  std::vector<Frame> frames_;     // empty when no statement is open
};

}  // namespace annals
