// The RDF/XML side of RdfWriter: one rdf:Description per run of statements about a subject,
// predicates as elements named with the prefixes, objects as rdf:resource / rdf:nodeID
// attributes, literals as text (xml:lang, its:dir, rdf:datatype), triple terms as
// rdf:parseType="Triple" and annotations as rdf:annotationNodeID with the reifier's
// description after its statement. rdf_writer.cpp dispatches here.
#pragma once

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "annals/rdf.hpp"

namespace annals {

class RdfXmlWriter {
 public:
  RdfXmlWriter(std::ostream& out, WriterOptions options);

  Status add_prefix(const Prefix& prefix);
  Status write(const Quad& quad, std::span<const Annotation> annotations);
  Status finish();

 private:
  Status append_property(std::string& out, const Term& p, const Term& o,
                         const std::string& reifier, int indent);
  Status append_node(std::string& out, const Term& subject, std::string_view close);
  void append_header();
  void append_node_id(std::string& out, const Term& blank);
  Status flush();

  std::ostream& out_;
  std::vector<Prefix> prefixes_;  // declared on rdf:RDF, in the order given
  std::string generated_;         // the prefix of namespaces declared where they are used
  std::string buf_;               // what the current call writes
  std::string statement_;         // the statement being put together (refused: not written)
  bool header_written_ = false;
  bool open_ = false;             // an rdf:Description about subject_ is open
  Term subject_;
  std::uint64_t reifiers_ = 0;
};

}  // namespace annals
