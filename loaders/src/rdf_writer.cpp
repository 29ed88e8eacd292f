// RdfWriter: quads out in every RdfFormat. The line-based formats come out in canonical form
// (RDF 1.2 N-Triples §4), one statement a line; the term forms come from append_ntriples
// (term.hpp). Turtle and TriG are handed to TurtleWriter (turtle_writer.cpp), RDF/XML to
// RdfXmlWriter (rdfxml_writer.cpp).
#include <optional>

#include "annals/rdf.hpp"
#include "rdfxml_writer.hpp"
#include "turtle_writer.hpp"

namespace annals {

class RdfWriter::Impl {
 public:
  Impl(std::ostream& out, RdfFormat format, WriterOptions options)
      : out_(out), format_(format) {
    if (format == RdfFormat::kRdfXml) {
      xml_.emplace(out, std::move(options));
    } else if (!rdf_format_is_line_based(format) && !rdf_format_is_report(format)) {
      turtle_.emplace(out, rdf_format_has_graphs(format), std::move(options));
    }
  }

  Status add_prefix(const Prefix& prefix) {
    if (xml_) return xml_->add_prefix(prefix);
    return turtle_ ? turtle_->add_prefix(prefix) : Status::ok();
  }

  Status write(const Quad& quad, std::span<const Annotation> annotations) {
    if (xml_) return xml_->write(quad, annotations);
    if (turtle_) return turtle_->write(quad, annotations);
    if (rdf_format_is_report(format_)) {
      return Status::invalid_input(std::string(rdf_format_title(format_)) +
                                   " is read only: write N-Quads or TriG");
    }
    const bool named = !quad.graph.is_default_graph();
    if (named && !rdf_format_has_graphs(format_)) {
      return Status::invalid_input(std::string(rdf_format_title(format_)) +
                                   " cannot hold a quad in a named graph");
    }
    line_.clear();
    append_statement(quad.subject, quad.predicate, quad.object, quad.graph);
    if (!annotations.empty()) {
      Term reifier = Term::blank("r" + std::to_string(++reifiers_));
      append_statement(reifier, Term::iri(std::string(kRdfReifies)),
                       Term::triple_term(quad.subject, quad.predicate, quad.object), quad.graph);
      for (const Annotation& a : annotations) {
        append_statement(reifier, a.predicate, a.object, quad.graph);
      }
    }
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    if (!out_) return Status::io_error("write failed");
    return Status::ok();
  }

  Status finish() {
    if (xml_) return xml_->finish();
    if (turtle_) return turtle_->finish();
    out_.flush();
    if (!out_) return Status::io_error("write failed");
    return Status::ok();
  }

 private:
  void append_statement(const Term& s, const Term& p, const Term& o, const Term& g) {
    append_ntriples(line_, s);
    line_.push_back(' ');
    append_ntriples(line_, p);
    line_.push_back(' ');
    append_ntriples(line_, o);
    if (!g.is_default_graph()) {
      line_.push_back(' ');
      append_ntriples(line_, g);
    }
    line_.append(" .\n");
  }

  std::ostream& out_;
  RdfFormat format_;
  std::optional<TurtleWriter> turtle_;
  std::optional<RdfXmlWriter> xml_;
  std::string line_;
  std::uint64_t reifiers_ = 0;
};

RdfWriter::RdfWriter(std::ostream& out, RdfFormat format, WriterOptions options)
    : impl_(std::make_unique<Impl>(out, format, std::move(options))) {}
RdfWriter::RdfWriter(RdfWriter&&) noexcept = default;
RdfWriter& RdfWriter::operator=(RdfWriter&&) noexcept = default;
RdfWriter::~RdfWriter() = default;

Status RdfWriter::add_prefix(const Prefix& prefix) { return impl_->add_prefix(prefix); }
Status RdfWriter::write(const Quad& quad) { return impl_->write(quad, {}); }
Status RdfWriter::write(const Quad& quad, std::span<const Annotation> annotations) {
  return impl_->write(quad, annotations);
}
Status RdfWriter::finish() { return impl_->finish(); }

}  // namespace annals
