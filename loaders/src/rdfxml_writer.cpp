// RdfXmlWriter: quads out as RDF/XML that rdfxml_reader.cpp reads back to the same triples.
//
// Streaming: the rdf:RDF start tag, with the prefixes known before the first statement, is
// written with it; a namespace no prefix covers is declared on the element that uses it.
// Statements about one subject in a row share an rdf:Description. A statement with
// annotations ends its description, and its reifier's follows at once, so that the reader
// hands on the triple, the reifier's rdf:reifies statement and the annotations in a row: the
// spelled-out form parse_facts folds back into the fact's valid time.
#include "rdfxml_writer.hpp"

#include "annals/iri.hpp"
#include "rdfxml_names.hpp"
#include "syntax/lexical.hpp"
#include "syntax/names.hpp"
#include "xml_c14n.hpp"

namespace annals {

namespace {

constexpr std::string_view kDeclaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out.append(" ").append(name).append("=\"");
  append_xml_escaped(out, value, true);  // IRIs and names: always XML characters
  out.push_back('"');
}

// A prefix the root may declare: an XML prefix of its own ("rdf" and "its" are ours, names
// starting with "xml" are XML's) bound to a namespace a predicate's element name can use.
// ASCII only: readers of XML 1.0's fourth edition (expat among them) know fewer name
// characters than the fifth, and a namespace without a prefix gets one of ours.
bool declarable(const Prefix& p) {
  if (!lex::is_xml_ncname(p.name) || p.name == "rdf" || p.name == "its") return false;
  for (unsigned char c : p.name) {
    if (c >= 0x80) return false;
  }
  if (p.name.size() >= 3 && lex::iequals(std::string_view(p.name).substr(0, 3), "xml")) return false;
  return valid_absolute_iri(p.iri) && p.iri != rdfxml::kXmlNs && p.iri != kRdf;
}

}  // namespace

RdfXmlWriter::RdfXmlWriter(std::ostream& out, WriterOptions options) : out_(out) {
  for (Prefix& p : options.prefixes) {
    if (declarable(p)) (void)add_prefix(p);
  }
}

Status RdfXmlWriter::add_prefix(const Prefix& prefix) {
  if (!lex::is_pn_prefix(prefix.name) || !valid_absolute_iri(prefix.iri)) {
    return Status::invalid_input("cannot declare prefix '" + prefix.name + ":' <" + prefix.iri + ">");
  }
  // Once the root is written, namespaces are declared where they are used.
  if (header_written_ || !declarable(prefix)) return Status::ok();
  for (Prefix& p : prefixes_) {
    if (p.name == prefix.name) {
      p.iri = prefix.iri;
      return Status::ok();
    }
  }
  prefixes_.push_back(prefix);
  return Status::ok();
}

void RdfXmlWriter::append_header() {
  header_written_ = true;
  buf_.append(kDeclaration).append("<rdf:RDF");
  append_attribute(buf_, "xmlns:rdf", kRdf);
  for (const Prefix& p : prefixes_) {
    buf_.append("\n        ");
    append_attribute(buf_, "xmlns:" + p.name, p.iri);
  }
  buf_.append(">\n");
  // "ns", "ns1", ...: the first that no declared prefix takes.
  generated_ = "ns";
  for (int n = 1;; ++n) {
    bool taken = false;
    for (const Prefix& p : prefixes_) taken = taken || p.name == generated_;
    if (!taken) break;
    generated_ = "ns" + std::to_string(n);
  }
}

// A blank node as an rdf:nodeID, one to one: a label that is an XML name and does not start
// with '_' as it is; another made of name characters with '_' before it; any other "_h" and
// its bytes in hex. The reifiers of annotations are "_r1", "_r2", ..., which none of these is.
void RdfXmlWriter::append_node_id(std::string& out, const Term& blank) {
  const std::string& label = blank.value;
  std::string id;
  if (lex::is_xml_ncname(label) && label[0] != '_') {
    id = label;
  } else if (lex::is_xml_ncname("_" + label)) {
    id = "_" + label;
  } else {
    id = "_h";
    for (unsigned char c : label) {
      id.push_back("0123456789abcdef"[c >> 4]);
      id.push_back("0123456789abcdef"[c & 15]);
    }
  }
  append_attribute(out, "rdf:nodeID", id);
}

// "<rdf:Description rdf:about=...>" (or rdf:nodeID), then close (">" or "/>" ...).
Status RdfXmlWriter::append_node(std::string& out, const Term& subject, std::string_view close) {
  if (subject.is_iri()) {
    out.append("<rdf:Description");
    append_attribute(out, "rdf:about", subject.value);
  } else if (subject.is_blank()) {
    out.append("<rdf:Description");
    append_node_id(out, subject);
  } else {
    return Status::invalid_input("RDF/XML cannot write a literal or triple term as a subject");
  }
  out.append(close);
  return Status::ok();
}

// One property element at indent spaces, with its line end; reifier (a nodeID) when the
// statement is annotated.
Status RdfXmlWriter::append_property(std::string& out, const Term& p, const Term& o,
                                     const std::string& reifier, int indent) {
  std::size_t ns_end = 0;
  if (!p.is_iri() || !rdfxml::split_property_iri(p.value, ns_end)) {
    return Status::invalid_input("RDF/XML cannot write the predicate " + to_ntriples(p) +
                                 ": it does not end in an XML name a property element may have");
  }
  const std::string_view ns = std::string_view(p.value).substr(0, ns_end);
  const std::string_view local = std::string_view(p.value).substr(ns_end);
  std::string name;
  for (const Prefix& pre : prefixes_) {
    if (pre.iri == ns) name = pre.name;
  }
  const bool local_ns = name.empty() && ns != kRdf;
  if (name.empty()) name = ns == kRdf ? "rdf" : generated_;
  name.append(":").append(local);
  out.append(static_cast<std::size_t>(indent), ' ').append("<").append(name);
  if (local_ns) append_attribute(out, "xmlns:" + generated_, ns);
  if (!reifier.empty()) append_attribute(out, "rdf:annotationNodeID", reifier);
  switch (o.kind) {
    case TermKind::kIri:
      append_attribute(out, "rdf:resource", o.value);
      out.append("/>\n");
      return Status::ok();
    case TermKind::kBlank:
      append_node_id(out, o);
      out.append("/>\n");
      return Status::ok();
    case TermKind::kLiteral:
      if (!o.language.empty()) {
        append_attribute(out, "xml:lang", o.language);
        if (!o.direction.empty()) {
          append_attribute(out, "xmlns:its", rdfxml::kItsNs);
          append_attribute(out, "its:dir", o.direction);
          append_attribute(out, "rdf:version", "1.2");
        }
      } else if (o.datatype != kXsdString) {
        append_attribute(out, "rdf:datatype", o.datatype);
      }
      out.push_back('>');
      if (!append_xml_escaped(out, o.value, false)) {
        return Status::invalid_input("RDF/XML cannot write the literal " + to_ntriples(o) +
                                     ": it holds a character XML 1.0 cannot hold");
      }
      break;
    case TermKind::kTriple: {
      append_attribute(out, "rdf:parseType", "Triple");
      append_attribute(out, "rdf:version", "1.2");
      out.append(">\n").append(static_cast<std::size_t>(indent + 2), ' ');
      if (auto st = append_node(out, o.triple->subject, ">\n"); !st) return st;
      if (auto st = append_property(out, o.triple->predicate, o.triple->object, {}, indent + 4); !st) {
        return st;
      }
      out.append(static_cast<std::size_t>(indent + 2), ' ').append("</rdf:Description>\n");
      out.append(static_cast<std::size_t>(indent), ' ');
      break;
    }
  }
  out.append("</").append(name).append(">\n");
  return Status::ok();
}

Status RdfXmlWriter::write(const Quad& quad, std::span<const Annotation> annotations) {
  if (!quad.graph.is_default_graph()) {
    return Status::invalid_input("RDF/XML cannot hold a quad in a named graph");
  }
  const bool first = !header_written_;
  if (first) append_header();
  // The statement first, so that a refused one writes nothing.
  statement_.clear();
  std::string reifier;
  if (!annotations.empty()) reifier = "_r" + std::to_string(reifiers_ + 1);
  Status st = quad.subject.is_literal() || quad.subject.is_triple()
                  ? append_node(statement_, quad.subject, "")
                  : append_property(statement_, quad.predicate, quad.object, reifier, 4);
  if (!annotations.empty() && st) {
    statement_.append("  </rdf:Description>\n  <rdf:Description");
    append_attribute(statement_, "rdf:nodeID", reifier);
    statement_.append(">\n");
    for (const Annotation& a : annotations) {
      if (st = append_property(statement_, a.predicate, a.object, {}, 4); !st) break;
    }
  }
  if (!st) {
    if (first) {  // not even the root
      header_written_ = false;
      buf_.clear();
    }
    return st;
  }
  if (open_ && !(subject_ == quad.subject)) {
    buf_.append("  </rdf:Description>\n");
    open_ = false;
  }
  if (!open_) {
    buf_.append("  ");
    (void)append_node(buf_, quad.subject, ">\n");
    subject_ = quad.subject;
    open_ = true;
  }
  buf_.append(statement_);
  if (!annotations.empty()) {
    ++reifiers_;
    buf_.append("  </rdf:Description>\n");
    open_ = false;
  }
  return flush();
}

Status RdfXmlWriter::finish() {
  if (!header_written_) append_header();
  if (open_) buf_.append("  </rdf:Description>\n");
  open_ = false;
  buf_.append("</rdf:RDF>\n");
  if (auto st = flush(); !st) return st;
  out_.flush();
  return out_ ? Status::ok() : Status::io_error("write failed");
}

Status RdfXmlWriter::flush() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  return out_ ? Status::ok() : Status::io_error("write failed");
}

}  // namespace annals
