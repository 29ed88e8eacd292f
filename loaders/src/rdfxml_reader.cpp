// RDF/XML reader, RDF 1.1 (https://www.w3.org/TR/rdf-syntax-grammar/) with RDF 1.2's
// additions: rdf:annotation / rdf:annotationNodeID on property elements (a reifier of the
// element's triple), rdf:parseType="Triple" (a triple term) and its:dir base directions, the
// last two where rdf:version="1.2" is in scope.
//
// Streaming on expat's callbacks: one Frame per open element says what the grammar expects
// inside it (property elements in a node element, a literal or one node element in a
// property element, ...), and each triple goes to the sink as soon as its object is known:
// a property element's triple when its object node element starts (or, for a literal, when
// the element ends). Memory is bounded by the nesting (at most kMaxDepth elements), except
// for a parseType="Literal" value, held whole, and the rdf:ID values, kept to refuse one
// given twice against the same base.
//
// Errors stop expat (XML_StopParser) and carry expat's position of the event: the start of
// the element, or of the text, that broke a rule. Internal entities of the document's own
// DTD are expanded under expat's amplification limit (billion laughs); external entities
// are never read: a reference to one is an error.
#include "rdfxml_reader.hpp"

#include "annals/iri.hpp"
#include "rdfxml_names.hpp"
#include "readers.hpp"
#include "syntax/names.hpp"

namespace annals {

namespace rdfxml {

namespace {

constexpr int kReadChunk = 64 << 10;

// Whether the expat linked guards against entity expansion bombs ("billion laughs").
bool expat_limits_entities() {
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
  for (const XML_Feature* f = XML_GetFeatureList(); f->feature != XML_FEATURE_END; ++f) {
    if (f->feature == XML_FEATURE_BILLION_LAUGHS_ATTACK_PROTECTION_MAXIMUM_AMPLIFICATION_DEFAULT) {
      return true;
    }
  }
#endif
  return false;
}

}  // namespace

Position Reader::here() const {
  Position where{in_.name(), XML_GetCurrentLineNumber(parser_),
                 XML_GetCurrentColumnNumber(parser_) + 1, {}, 0};
  // The line, when expat's buffer still holds it from its start: its characters up to the
  // event must be as many as the column says.
  int offset = 0, size = 0;
  const char* context = XML_GetInputContext(parser_, &offset, &size);
  if (!context || offset < 0 || offset > size) return where;
  std::string_view buf(context, static_cast<std::size_t>(size));
  std::size_t begin = static_cast<std::size_t>(offset);
  while (begin > 0 && buf[begin - 1] != '\n') --begin;
  std::uint64_t chars = 0;
  for (std::size_t i = begin; i < static_cast<std::size_t>(offset); ++i) {
    chars += (static_cast<unsigned char>(buf[i]) & 0xC0) != 0x80;
  }
  if (chars + 1 != where.column) return where;
  std::size_t end = buf.find('\n', begin);
  if (end == std::string_view::npos) end = buf.size();
  set_excerpt(where, buf.substr(begin, end - begin));
  return where;
}

Status Reader::run() {
  parser_ = XML_ParserCreateNS(nullptr, kSeparator);
  if (!parser_) return Status::failed("cannot create an XML parser");
  XML_SetReturnNSTriplet(parser_, 1);
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, on_start, on_end);
  XML_SetCharacterDataHandler(parser_, on_text);
  XML_SetProcessingInstructionHandler(parser_, on_pi);
  XML_SetStartNamespaceDeclHandler(parser_, on_ns_start);
  XML_SetExternalEntityRefHandler(parser_, on_external_entity);
  XML_SetSkippedEntityHandler(parser_, on_skipped_entity);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
  // Expat from 2.4 limits entity expansion (by default: to 100 times the bytes the document
  // spends on it, checked past its first 8 MiB); with an expat that does not, no entity may
  // be declared at all.
  if (!expat_limits_entities()) XML_SetEntityDeclHandler(parser_, on_entity_declared);
  for (;;) {
    void* buf = XML_GetBuffer(parser_, kReadChunk);
    if (!buf) return Status::failed("out of memory reading " + in_.name());
    const std::size_t n = in_.read(static_cast<char*>(buf), kReadChunk);
    if (n == 0 && !in_.status().is_ok()) return in_.status();
    if (XML_ParseBuffer(parser_, static_cast<int>(n), n == 0) != XML_STATUS_OK) {
      if (failed()) return error_;
      return Status::invalid_input(XML_ErrorString(XML_GetErrorCode(parser_)), here());
    }
    if (n == 0) break;
  }
  if (!root_seen_) return Status::invalid_input("no root element", here());
  return fold_ ? fold_->finish() : Status::ok();
}

void Reader::namespace_declared(const char* prefix, const char* uri) {
  if (!options_.on_prefix || !lex::is_pn_prefix(prefix) || !valid_absolute_iri(uri)) return;
  options_.on_prefix(Prefix{prefix, uri});
}

Frame& Reader::push_frame(Kind kind) {
  if (depth_ == frames_.size()) frames_.emplace_back();
  Frame& f = frames_[depth_];
  f.kind = kind;
  f.content = Content::kOpen;
  f.pushed_scope = f.capture = f.annotated = f.filled = false;
  f.captured = 0;
  f.scope = depth_ == 0 ? 0 : frames_[depth_ - 1].scope;
  f.li = 0;
  f.list = Term{};
  f.reify.clear();
  f.datatype.clear();
  f.text.clear();
  ++depth_;
  return f;
}

// --- elements -----------------------------------------------------------------------------

void Reader::start_element(const char* name, const char** attrs) {
  if (failed()) return;
  if (depth_ >= kMaxDepth) {
    return fail("elements nest more than " + std::to_string(kMaxDepth) + " deep");
  }
  if (depth_ > 0) {
    const Frame& parent = frames_[depth_ - 1];
    if (parent.kind == Kind::kXml || parent.content == Content::kLiteral) {
      return literal_element(name, attrs);
    }
    if (parent.kind == Kind::kIgnored || parent.content == Content::kIgnored) {
      push_frame(Kind::kIgnored);
      return;
    }
  }
  const XmlLiteral::Name n = split_name(name);
  const bool first = !root_seen_;
  root_seen_ = true;
  const Kind parent = depth_ == 0 ? Kind::kRdf : frames_[depth_ - 1].kind;
  const Content content = depth_ == 0 ? Content::kOpen : frames_[depth_ - 1].content;
  const bool property = parent == Kind::kNode || content == Content::kResource;
  push_frame(property ? Kind::kProperty : Kind::kNode);
  Attributes& a = attributes_;
  if (!read_attributes(attrs, a)) return;
  if (n.ns.empty()) return fail("element '" + std::string(n.local) + "' has no namespace");
  if (!valid_name_iri(std::string(n.ns).append(n.local))) return;
  const Syntax syntax = syntax_name(n.ns, n.local);
  if (first && syntax == Syntax::kRDF) {
    frames_[depth_ - 1].kind = Kind::kRdf;
    return rdf_element(a);
  }
  if (property) return property_element(n, a);
  if (!allowed_node_element(syntax)) {
    return fail("rdf:" + std::string(n.local) + " cannot be a node element");
  }
  node_element(n, a);
}

// An element inside a parseType="Literal" value: written into the literal as it came.
void Reader::literal_element(const char* name, const char** attrs) {
  push_frame(Kind::kXml);
  literal_attrs_.clear();
  for (const char** at = attrs; *at; at += 2) {
    literal_attrs_.push_back({split_name(at[0]), at[1]});
  }
  literal_.start(split_name(name), literal_attrs_);
}

void Reader::end_element(const char*) {
  if (failed()) return;
  Frame& f = frames_[depth_ - 1];
  if (f.kind == Kind::kXml) {
    literal_.end();
  } else if (f.kind == Kind::kProperty) {
    end_property(f);
  }
  if (f.pushed_scope) scopes_.pop_back();
  --depth_;
}

void Reader::text(std::string_view s) {
  if (failed() || depth_ == 0) return;
  Frame& f = frames_[depth_ - 1];
  if (f.kind == Kind::kXml || f.content == Content::kLiteral) return literal_.text(s);
  if (f.kind == Kind::kIgnored || f.content == Content::kIgnored) return;
  if (f.kind == Kind::kProperty && f.content == Content::kOpen) {
    f.text.append(s);
    return;
  }
  if (is_ws(s)) return;
  if (f.kind == Kind::kProperty && f.content == Content::kObject) {
    fail("a property element holds text or a node element, not both");
  } else if (f.kind == Kind::kProperty && f.content == Content::kEmpty) {
    fail("this property element must be empty");
  } else {
    fail("text where elements are expected");
  }
}

void Reader::processing_instruction(const char* target, const char* data) {
  if (failed() || depth_ == 0) return;
  const Frame& f = frames_[depth_ - 1];
  if (f.kind == Kind::kXml || f.content == Content::kLiteral) {
    literal_.processing_instruction(target, data);
  }
}

}  // namespace rdfxml

Status parse_rdfxml(Input& in, const ParseOptions& options, const FactSink& sink, bool fold) {
  rdfxml::Reader reader(in, options, sink, fold);
  return reader.run();
}

}  // namespace annals
