// The RDF/XML grammar (RDF 1.1 XML Syntax §7.2, with RDF 1.2's rdf:annotation, triple terms
// and base directions) on the Reader's frames: an element's attributes sorted by role, node
// and property elements checked and their subjects and objects made, and each triple handed
// on as soon as its object is known.
#include "annals/iri.hpp"
#include "rdfxml_names.hpp"
#include "rdfxml_reader.hpp"
#include "syntax/lexical.hpp"
#include "syntax/names.hpp"

namespace annals::rdfxml {

namespace {

constexpr ValidTime kAlways{};

}  // namespace

// --- attributes ---------------------------------------------------------------------------

// The IRI an element or attribute name stands for (its namespace and local name) must be
// absolute and hold only what an IRI may: a namespace declared "ex/" or "http://a b/" gives
// none.
bool Reader::valid_name_iri(const std::string& iri) {
  if (valid_absolute_iri(iri)) return true;
  fail("the name <" + iri + "> is not an absolute IRI: check the namespace declaration");
  return false;
}

bool Reader::resolve(std::string_view ref, std::string& out) {
  if (iri_has_scheme(ref)) {
    out.assign(ref);
  } else if (scope().base.empty()) {
    fail("relative IRI '" + std::string(ref) + "' and no base IRI to resolve it against");
    return false;
  } else {
    out = resolve_iri(scope().base, ref);
  }
  if (Status st = check_iri_chars(out); !st) {
    fail(st.message());
    return false;
  }
  return true;
}

// rdf:ID="name": the IRI base#name, which no other rdf:ID may give again.
bool Reader::rdf_id(const char* id, std::string& iri) {
  if (!lex::is_xml_ncname(id)) {
    fail("rdf:ID '" + std::string(id) + "' is not an XML name (NCName)");
    return false;
  }
  if (!resolve(std::string("#") + id, iri)) return false;
  if (!ids_.insert(iri).second) {
    fail("rdf:ID '" + std::string(id) + "' given twice (<" + iri + ">)");
    return false;
  }
  return true;
}

// rdf:nodeID="name": a blank node; the labels of the file keep their name where it is a
// label the generated ones ("_1", "_2", ...) cannot be and N-Triples can write, else get a
// form of their own: "_" before one starting with '_', "_d" before one ending with '.' (and
// "_" after it). One to one, so one name is always one node.
bool Reader::node_id(const char* id, Term& out) {
  std::string_view name(id);
  if (!lex::is_xml_ncname(name)) {
    fail("rdf:nodeID '" + std::string(name) + "' is not an XML name (NCName)");
    return false;
  }
  out = Term::blank({});
  if (name.back() == '.') {
    out.value.append("_d").append(name).push_back('_');
  } else {
    if (name.front() == '_') out.value.push_back('_');
    out.value.append(name);
  }
  return true;
}

// Sorts the attributes; pushes a Scope when xml:base, xml:lang, its:dir or rdf:version is
// among them. False (after fail) for an attribute no element may have.
bool Reader::read_attributes(const char** attrs, Attributes& a) {
  a.properties.clear();
  a.id = a.node_id = a.about = a.resource = a.parse_type = a.datatype = nullptr;
  a.annotation = a.annotation_node_id = nullptr;
  a.forbidden = {};
  const char *base = nullptr, *lang = nullptr, *dir = nullptr, *version = nullptr;
  for (const char** at = attrs; *at; at += 2) {
    const XmlLiteral::Name n = split_name(at[0]);
    const char* value = at[1];
    if (n.ns == kXmlNs) {
      if (n.local == "base") base = value;
      if (n.local == "lang") lang = value;
      continue;  // xml:space and the like say nothing to RDF
    }
    if (n.ns == kItsNs && (n.local == "dir" || n.local == "version")) {
      if (n.local == "dir") dir = value;
      continue;
    }
    // Names starting with "xml" are XML's (§6.1.4): left alone.
    if (n.prefix.size() >= 3 && lex::iequals(n.prefix.substr(0, 3), "xml")) continue;
    std::string_view ns = n.ns;
    if (ns.empty()) {
      if (n.local.size() >= 3 && lex::iequals(n.local.substr(0, 3), "xml")) continue;
      // The unqualified forms RDF/XML still allows (§6.1.4); any other is an error.
      for (std::string_view old : {"ID", "about", "resource", "parseType", "type"}) {
        if (n.local == old) ns = kRdf;
      }
      if (ns.empty()) {
        fail("attribute '" + std::string(n.local) + "' has no namespace");
        return false;
      }
    }
    switch (syntax_name(ns, n.local)) {
      case Syntax::kID: a.id = value; break;
      case Syntax::kNodeID: a.node_id = value; break;
      case Syntax::kAbout: a.about = value; break;
      case Syntax::kResource: a.resource = value; break;
      case Syntax::kParseType: a.parse_type = value; break;
      case Syntax::kDatatype: a.datatype = value; break;
      case Syntax::kAnnotation: a.annotation = value; break;
      case Syntax::kAnnotationNodeID: a.annotation_node_id = value; break;
      case Syntax::kVersion: version = value; break;
      case Syntax::kOther:
        a.properties.emplace_back(std::string(ns).append(n.local), value);
        if (!valid_name_iri(a.properties.back().first)) return false;
        break;
      default:
        if (a.forbidden.empty()) a.forbidden = n.local;
    }
  }
  if (!a.forbidden.empty()) {
    fail("rdf:" + std::string(a.forbidden) + " is not allowed as an attribute");
    return false;
  }
  if (!base && !lang && !dir && !version) return true;
  Scope next = scope();
  if (base && !resolve(std::string_view(base).substr(0, std::string_view(base).find('#')), next.base)) {
    return false;
  }
  if (lang) {
    if (*lang && !lex::valid_language_tag(lang)) {
      fail("xml:lang '" + std::string(lang) + "' is not a language tag");
      return false;
    }
    next.lang = lang;
  }
  if (version) next.v12 = std::string_view(version) == "1.2" || std::string_view(version).starts_with("1.2-");
  if (dir) next.dir = dir;
  if (next.v12 && !next.dir.empty() && !lex::valid_direction(next.dir)) {
    fail("its:dir '" + next.dir + "' is not a base direction RDF knows (ltr, rtl)");
    return false;
  }
  frames_[depth_ - 1].pushed_scope = true;
  frames_[depth_ - 1].scope = scopes_.size();
  scopes_.push_back(std::move(next));
  return true;
}

Term Reader::literal(std::string_view value, const std::string& datatype) const {
  if (!datatype.empty()) return Term::literal(std::string(value), datatype);
  const Scope& s = scope();
  if (s.lang.empty()) return Term::literal(std::string(value));
  return Term::lang_literal(std::string(value), s.lang, s.v12 ? s.dir : std::string());
}

// --- triples ------------------------------------------------------------------------------

void Reader::emit(const Term& s, const Term& p, const Term& o) {
  if (failed()) return;
  Quad& q = fold_ ? fold_->next() : quad_;
  q.subject = s;
  q.predicate = p;
  q.object = o;
  if (fold_) q.graph = Term::iri({});
  Status st = fold_ ? fold_->add() : sink_(q, kAlways);
  if (st.is_ok()) return;
  // The sink refusing the statement (or a bad annals value) is the statement's error.
  if (st.code() == StatusCode::kInvalidInput && st.where().line == 0) {
    fail(st.message());
  } else {
    error_ = std::move(st);
    XML_StopParser(parser_, XML_FALSE);
  }
}

void Reader::emit_about(std::size_t at, const Term& s, const Term& p, const Term& o) {
  Frame& f = frames_[at];
  if (f.kind != Kind::kNode || !f.capture) return emit(s, p, o);
  Frame& property = frames_[at - 1];
  if (++property.captured > 1) {
    return fail("the node element of rdf:parseType=\"Triple\" gives more than one triple");
  }
  property.object = Term::triple_term(s, p, o);
}

void Reader::emit_property(std::size_t at) {
  const Frame& f = frames_[at];
  emit_about(at - 1, f.subject, f.predicate, f.object);
  if (!f.reify.empty()) {
    const Term r = Term::iri(f.reify);
    emit(r, Term::iri(std::string(kRdfType)), Term::iri(std::string(kRdf) + "Statement"));
    emit(r, Term::iri(std::string(kRdf) + "subject"), f.subject);
    emit(r, Term::iri(std::string(kRdf) + "predicate"), f.predicate);
    emit(r, Term::iri(std::string(kRdf) + "object"), f.object);
  }
  if (f.annotated) {
    emit(f.reifier, Term::iri(std::string(kRdfReifies)),
         Term::triple_term(f.subject, f.predicate, f.object));
  }
}

void Reader::rdf_element(const Attributes& a) {
  if (a.id || a.node_id || a.about || a.resource || a.parse_type || a.datatype || a.annotation ||
      a.annotation_node_id || !a.properties.empty()) {
    fail("rdf:RDF takes no attributes but xml:base, xml:lang, rdf:version and its:dir");
  }
}

void Reader::node_element(const XmlLiteral::Name& name, const Attributes& a) {
  const std::size_t at = depth_ - 1;
  Frame& f = frames_[at];
  if ((a.id != nullptr) + (a.node_id != nullptr) + (a.about != nullptr) > 1) {
    return fail("a node element takes at most one of rdf:ID, rdf:nodeID and rdf:about");
  }
  if (a.resource || a.parse_type || a.datatype || a.annotation || a.annotation_node_id) {
    return fail("a node element takes no rdf:resource, rdf:parseType, rdf:datatype or "
                "rdf:annotation");
  }
  if (a.about) {
    f.subject = Term::iri({});
    if (!resolve(a.about, f.subject.value)) return;
  } else if (a.id) {
    f.subject = Term::iri({});
    if (!rdf_id(a.id, f.subject.value)) return;
  } else if (a.node_id) {
    if (!node_id(a.node_id, f.subject)) return;
  } else {
    f.subject = fresh();
  }
  // Its place: the object of the enclosing property element, an item of its collection, or
  // the triple of its triple term; or a node of the document.
  if (at > 0 && frames_[at - 1].kind == Kind::kProperty) {
    Frame& p = frames_[at - 1];
    switch (p.content) {
      case Content::kOpen:
        if (!p.datatype.empty()) return fail("a property element with rdf:datatype holds text");
        if (!is_ws(p.text)) return fail("a property element holds text or a node element, not both");
        p.content = Content::kObject;
        p.object = f.subject;
        emit_property(at - 1);
        break;
      case Content::kCollection: {
        Term item = fresh();
        if (p.list.value.empty()) {
          p.object = item;
          emit_property(at - 1);
        } else {
          emit(p.list, Term::iri(std::string(kRdfRest)), item);
        }
        emit(item, Term::iri(std::string(kRdfFirst)), f.subject);
        p.list = std::move(item);
        break;
      }
      case Content::kTriple:
        if (p.filled) return fail("rdf:parseType=\"Triple\" holds one node element");
        p.filled = f.capture = true;
        break;
      case Content::kObject:
        return fail("a property element holds at most one node element");
      default:
        return fail("this property element must be empty");
    }
  }
  if (name.ns != kRdf || name.local != "Description") {
    emit_about(at, f.subject, Term::iri(std::string(kRdfType)),
               Term::iri(std::string(name.ns).append(name.local)));
  }
  property_attributes(at, f.subject, a);
}

// The property attributes' triples about subject: rdf:type's value is an IRI, the others'
// literals. Through emit_about(at) when at is a node element, else out.
void Reader::property_attributes(std::size_t at, const Term& subject, const Attributes& a) {
  for (const auto& [iri, value] : a.properties) {
    if (failed()) return;
    Term object;
    if (iri == kRdfType) {
      object = Term::iri({});
      if (!resolve(value, object.value)) return;
    } else {
      object = literal(value, {});
    }
    if (frames_[at].kind == Kind::kNode) {
      emit_about(at, subject, Term::iri(iri), object);
    } else {
      emit(subject, Term::iri(iri), object);
    }
  }
}

void Reader::property_element(const XmlLiteral::Name& name, const Attributes& a) {
  const std::size_t at = depth_ - 1;
  Frame& f = frames_[at];
  const Syntax syntax = syntax_name(name.ns, name.local);
  if (!allowed_property_element(syntax)) {
    return fail("rdf:" + std::string(name.local) + " cannot be a property element");
  }
  f.subject = about(at - 1);
  if (syntax == Syntax::kLi) {
    f.predicate = Term::iri(std::string(kRdf) + "_" + std::to_string(++frames_[at - 1].li));
  } else {
    f.predicate = Term::iri(std::string(name.ns).append(name.local));
  }
  if (a.about) return fail("a property element takes no rdf:about");
  if (a.id && !rdf_id(a.id, f.reify)) return;
  if (a.annotation && a.annotation_node_id) {
    return fail("a property element takes one of rdf:annotation and rdf:annotationNodeID");
  }
  if (a.annotation) {
    f.annotated = true;
    f.reifier = Term::iri({});
    if (!resolve(a.annotation, f.reifier.value)) return;
  } else if (a.annotation_node_id) {
    f.annotated = true;
    if (!node_id(a.annotation_node_id, f.reifier)) return;
  }
  if (a.resource && a.node_id) return fail("a property element takes one of rdf:resource and rdf:nodeID");
  const bool object_given = a.resource || a.node_id || !a.properties.empty();
  if (a.parse_type) {
    if (object_given || a.datatype) {
      return fail("rdf:parseType takes no rdf:resource, rdf:nodeID, rdf:datatype or property "
                  "attributes beside it");
    }
    const std::string_view type(a.parse_type);
    if (type == "Resource") {
      f.content = Content::kResource;
      f.object = fresh();
      emit_property(at);
    } else if (type == "Collection") {
      f.content = Content::kCollection;
    } else if (type == "Triple" && scope().v12) {
      if (++triple_depth_ > kMaxTripleTermDepth) {
        return fail("triple terms nest more than " + std::to_string(kMaxTripleTermDepth) + " deep");
      }
      f.content = Content::kTriple;
    } else if (type == "Triple") {
      f.content = Content::kIgnored;  // rdf:version="1.2" is not in scope
    } else {
      f.content = Content::kLiteral;  // "Literal" and, by §7.2.20, any other value
      literal_.clear();
    }
    return;
  }
  if (a.datatype) {
    if (object_given) return fail("rdf:datatype is for a literal: no rdf:resource, rdf:nodeID or property attributes");
    if (!resolve(a.datatype, f.datatype)) return;
    if (f.datatype == kRdfLangString || f.datatype == kRdfDirLangString) {
      return fail("rdf:datatype cannot be <" + f.datatype + ">: give xml:lang");
    }
  }
  if (!object_given) return;
  f.content = Content::kEmpty;
  if (a.resource) {
    f.object = Term::iri({});
    if (!resolve(a.resource, f.object.value)) return;
  } else if (a.node_id) {
    if (!node_id(a.node_id, f.object)) return;
  } else {
    f.object = fresh();
  }
  emit_property(at);
  property_attributes(at, f.object, a);
}

void Reader::end_property(Frame& f) {
  const std::size_t at = depth_ - 1;
  switch (f.content) {
    case Content::kOpen:
      f.object = literal(f.text, f.datatype);
      emit_property(at);
      break;
    case Content::kLiteral:
      f.object = Term::literal(literal_.text(), std::string(kXmlLiteral));
      emit_property(at);
      break;
    case Content::kCollection:
      if (f.list.value.empty()) {
        f.object = Term::iri(std::string(kRdfNil));
        emit_property(at);
      } else {
        emit(f.list, Term::iri(std::string(kRdfRest)), Term::iri(std::string(kRdfNil)));
      }
      break;
    case Content::kTriple:
      --triple_depth_;
      if (f.captured != 1) return fail("rdf:parseType=\"Triple\" holds a node element giving one triple");
      emit_property(at);
      break;
    default:
      break;
  }
}

}  // namespace annals::rdfxml
