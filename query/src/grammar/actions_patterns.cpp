// Actions of group graph patterns, triples (with SPARQL 1.2's triple terms, reified triples
// and annotations) and property paths.
#include "grammar/actions.hpp"

namespace annals::query::grammar {

using ast::Element;
using ast::Node;
using PathKind = ast::Path::Kind;

namespace {

Element element(Element::Kind kind, std::size_t at) {
  Element e;
  e.kind = kind;
  e.at = at;
  return e;
}

}  // namespace

// --- groups (§5, §6, §7, §8, §13.3, SPARQL 1.1 Federated Query §2) -------------------------------

void action<GroupOpen>::run(Builder& b) { b.open_group(); }
void action<GroupClose>::run(Builder& b) { b.close_group(); }
void action<UnionFirst>::run(Builder& b) { b.union_marks.push_back(b.done.size() - 1); }

void action<GroupOrUnionGraphPattern>::run(Builder& b) {
  std::size_t mark = b.union_marks.back();
  b.union_marks.pop_back();
  Element e = element(b.done.size() - mark == 1 ? Element::Kind::kGroup : Element::Kind::kUnion,
                      b.offset());
  for (std::size_t i = mark; i < b.done.size(); ++i) e.groups.push_back(std::move(b.done[i]));
  b.done.resize(mark);
  b.add(std::move(e));
}

void action<OptionalGraphPattern>::run(Builder& b) {
  Element e = element(Element::Kind::kOptional, b.offset());
  e.groups.push_back(b.pop_done());
  b.add(std::move(e));
}

void action<MinusGraphPattern>::run(Builder& b) {
  Element e = element(Element::Kind::kMinus, b.offset());
  e.groups.push_back(b.pop_done());
  b.add(std::move(e));
}

// The graph's name waited on the value stack while its group was read.
void action<GraphGraphPattern>::run(Builder& b) {
  Element e = element(Element::Kind::kGraph, b.offset());
  e.groups.push_back(b.pop_done());
  e.name = b.pop_node();
  b.add(std::move(e));
}

void action<ServiceKeyword>::run(Builder& b) { b.service_silent.push_back(false); }
void action<Silent>::run(Builder& b) { b.service_silent.back() = true; }
void action<ServiceGraphPattern>::run(Builder& b) {
  Element e = element(Element::Kind::kService, b.offset());
  e.groups.push_back(b.pop_done());
  e.name = b.pop_node();
  e.silent = b.service_silent.back();
  b.service_silent.pop_back();
  b.add(std::move(e));
}

void action<Filter>::run(Builder& b) {
  Element e = element(Element::Kind::kFilter, b.offset());
  e.expr = b.pop_expr();
  b.add(std::move(e));
}

void action<Bind>::run(Builder& b) {
  Element e = element(Element::Kind::kBind, b.offset());
  e.var = b.pop_var();
  e.expr = b.pop_expr();
  b.add(std::move(e));
}

// --- triples ------------------------------------------------------------------------------------

void action<Subject>::run(Builder& b) { b.begin_subject(b.pop_node()); }
void action<NodeSubject>::run(Builder& b) { b.begin_subject(b.pop_node()); }
void action<ReifiedSubject>::run(Builder& b) {
  b.leave();
  b.reified_triple();
  b.begin_subject(b.pop_node());
}
void action<TriplesSameSubject>::run(Builder& b) { b.end_subject(); }
void action<VerbPath>::run(Builder& b) { b.verb_path(); }
void action<VerbSimple>::run(Builder& b) { b.verb_var(); }
void action<Object>::run(Builder& b) { b.object(b.pop_node()); }
void action<ReifierId>::run(Builder& b) { b.reifier(b.pop_node()); }
void action<ReifierFresh>::run(Builder& b) { b.reifier(b.fresh()); }
void action<AnnotationOpen>::run(Builder& b) { b.begin_annotation(); }
void action<AnnotationBlock>::run(Builder& b) {
  b.leave();
  b.end_subject();
}

void action<CollectionOpen>::run(Builder& b) {
  b.enter();
  b.begin_list();
}
void action<CollectionItem>::run(Builder& b) { b.list_item(); }
void action<CollectionClose>::run(Builder& b) {
  b.leave();
  b.end_list();
}

void action<PlistOpen>::run(Builder& b) {
  b.enter();
  b.begin_subject(b.fresh());
}
void action<PlistClose>::run(Builder& b) { b.leave(); }
// [ ... ] stands for its blank node, as an object or (then described further) a subject.
void action<BlankNodePropertyList>::run(Builder& b) {
  Node n = b.frame().subject;
  b.end_subject();
  b.push_node(std::move(n));
}

void action<ANON>::run(Builder& b) { b.push_fresh(); }
void action<NIL>::run(Builder& b) { b.push_node(Node::of(Term::iri(std::string(kRdfNil)))); }
void action<KwA>::run(Builder& b) { b.push_node(Node::of(Term::iri(std::string(kRdfType)))); }

void action<Datatype>::run(Builder& b) {
  std::string dt = b.pop_node().term.value;
  if (dt == kRdfLangString || dt == kRdfDirLangString) {
    b.fail("datatype <" + dt + "> needs a language tag");
  }
  b.top().datatype = std::move(dt);
}

void action<BooleanLiteral>::run(Builder& b) {
  bool value = b.matched()[0] == 't' || b.matched()[0] == 'T';
  b.push_node(Node::of(Term::literal(value ? "true" : "false", std::string(kXsdBoolean))));
}

void action<TTOpen>::run(Builder& b) { b.enter(); }
void action<TripleTerm>::run(Builder& b) {
  b.leave();
  b.triple_term();
}
void action<RTOpen>::run(Builder& b) { b.enter(); }
void action<RTFreshReifier>::run(Builder& b) { b.push_fresh(); }
void action<ReifiedTriple>::run(Builder& b) {
  b.leave();
  b.reified_triple();
}

// --- property paths (§9)
// --------------------------------------------------------------------------

void action<PathIri>::run(Builder& b) { b.path_link(); }
void action<PathNegOne>::run(Builder& b) { b.path_link(); }
void action<PathNegInverse>::run(Builder& b) { b.path_wrap(PathKind::kInverse); }
void action<PathBang>::run(Builder& b) { b.path_marks.push_back(b.paths.size()); }
void action<PathNegated>::run(Builder& b) { b.path_negated(); }
void action<PathOpen>::run(Builder& b) { b.enter(); }
void action<PathGroup>::run(Builder& b) { b.leave(); }
void action<PathMod>::run(Builder& b) {
  char c = b.matched()[0];
  b.path_wrap(c == '?'   ? PathKind::kZeroOrOne
              : c == '*' ? PathKind::kZeroOrMore
                         : PathKind::kOneOrMore);
}
void action<PathInverse>::run(Builder& b) { b.path_wrap(PathKind::kInverse); }
void action<PathSeqTail>::run(Builder& b) { b.path_join(PathKind::kSequence); }
void action<PathAltTail>::run(Builder& b) { b.path_join(PathKind::kAlternative); }

}  // namespace annals::query::grammar
