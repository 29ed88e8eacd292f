// RdfWriter: quads out as canonical N-Triples or N-Quads (RDF 1.2 N-Triples §4), one
// statement a line. The term forms come from append_ntriples (term.hpp).
#include "annals/rdf.hpp"

namespace annals {

RdfWriter::RdfWriter(std::ostream& out, RdfFormat format) : out_(out), format_(format) {}

Status RdfWriter::write(const Quad& quad) {
  const bool named = !quad.graph.is_default_graph();
  if (named && format_ == RdfFormat::kNTriples) {
    return Status::invalid_input("N-Triples cannot hold a quad in a named graph");
  }
  line_.clear();
  append_ntriples(line_, quad.subject);
  line_.push_back(' ');
  append_ntriples(line_, quad.predicate);
  line_.push_back(' ');
  append_ntriples(line_, quad.object);
  if (named) {
    line_.push_back(' ');
    append_ntriples(line_, quad.graph);
  }
  line_.append(" .\n");
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  if (!out_) return Status::io_error("write failed");
  return Status::ok();
}

Status RdfWriter::finish() {
  out_.flush();
  if (!out_) return Status::io_error("write failed");
  return Status::ok();
}

}  // namespace annals
