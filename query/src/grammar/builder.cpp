// The parse state of a SPARQL query: value, expression, path and group stacks, and the
// expansion of triples syntax (property lists, collections, reified triples, annotations)
// into triple patterns (SPARQL 1.1 §18.2.2.1; SPARQL 1.2's reified triples and annotations,
// which stand for rdf:reifies triples as in RDF 1.2 Turtle).
#include "grammar/builder.hpp"

#include <algorithm>

#include "annals/iri.hpp"

namespace annals::query::grammar {

using ast::Node;

Builder::Builder(std::string_view text, std::string base, const std::vector<Prefix>& prefixes)
    : text_(text), base_(std::move(base)) {
  for (const Prefix& p : prefixes) prefixes_[p.name] = p.iri;
  queries.emplace_back();
}

// --- places and errors ------------------------------------------------------------------------

Position Builder::position_of(std::size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  std::size_t line_start = 0;
  std::uint64_t line = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
    }
  }
  std::size_t line_end = offset;
  while (line_end < text_.size() && text_[line_end] != '\n' && text_[line_end] != '\r') ++line_end;
  std::uint64_t column = 1;  // characters, not bytes
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  Position where{source_, line, column, {}, 0};
  set_excerpt(where, text_.substr(line_start, line_end - line_start));
  return where;
}

void Builder::fail_at(const char* p, const std::string& message) const {
  throw QueryError{message, position_of(static_cast<std::size_t>(p - text_.data()))};
}

void Builder::enter() {
  if (++depth_ > kMaxDepth) fail("nested more than " + std::to_string(kMaxDepth) + " levels deep");
}

void Builder::check_height(std::uint32_t height) const {
  if (height > kMaxHeight) {
    fail("the query is too large: more than " + std::to_string(kMaxHeight) +
         " operators in one branch (expression operators, group elements, triple patterns and "
         "path steps, counted through nested groups); split it into smaller queries");
  }
}

// --- values -------------------------------------------------------------------------------------

Term& Builder::push_iri() {
  values_.push_back(Node::of(Term::iri({})));
  return values_.back().term;
}

Term& Builder::push_literal(std::string_view datatype) {
  values_.push_back(Node::of(Term::literal({}, std::string(datatype))));
  return values_.back().term;
}

Term& Builder::top() { return values_.back().term; }

const std::string* Builder::prefix(std::string_view name) const {
  auto it = prefixes_.find(std::string(name));
  return it == prefixes_.end() ? nullptr : &it->second;
}

void Builder::set_prefix(std::string name, std::string iri) {
  query().prefixes.push_back(Prefix{name, iri});
  prefixes_[std::move(name)] = std::move(iri);
}

// Query labels are kept; one starting with '_' gets another, so the generated labels
// ("_1", "_2", ...) never meet a label of the query.
void Builder::push_file_blank(std::string_view label) {
  std::string name;
  if (!label.empty() && label[0] == '_') name.push_back('_');
  name.append(label);
  if (in_template) {
    if (!update.operations.empty() && update.operations.back().kind == UpdateKind::kInsertData) {
      template_label(name);
    }
    values_.push_back(Node::of(Term::blank(std::move(name))));
    return;
  }
  // SPARQL 1.1 §4.1.4: "The same blank node label cannot be used in two different basic
  // graph patterns in the same query."
  int bgp = current_bgp();
  auto [it, fresh_label] = blank_bgp_.emplace(name, bgp);
  if (!fresh_label && it->second != bgp) {
    fail("blank node _:" + std::string(label) + " is used in two different graph patterns");
  }
  values_.push_back(Node::variable("_:" + name, true));
}

Node Builder::fresh() {
  std::string name = "_" + std::to_string(++fresh_);
  if (in_template) return Node::of(Term::blank(std::move(name)));
  return Node::variable("_:" + name, true);
}

void Builder::push_fresh() { values_.push_back(fresh()); }

void Builder::push_var(std::string_view name) {
  values_.push_back(Node::variable(std::string(name)));
}

Node Builder::pop_node() {
  Node n = std::move(values_.back());
  values_.pop_back();
  return n;
}

std::string Builder::pop_var() { return pop_node().var; }

void Builder::triple_term() {
  Node o = pop_node(), p = pop_node(), s = pop_node();
  values_.push_back(Node::triple_of(std::move(s), std::move(p), std::move(o)));
}

// --- queries ------------------------------------------------------------------------------------

void Builder::begin_subquery() {
  ast::Query q;
  q.base = base_;
  queries.push_back(std::move(q));
}

void Builder::end_subquery() {
  ast::Element e;
  e.kind = ast::Element::Kind::kSubSelect;
  e.subquery.push_back(std::move(queries.back()));
  queries.pop_back();
  add(std::move(e));
}

// --- groups -------------------------------------------------------------------------------------

void Builder::open_group() {
  enter();
  OpenGroup g;
  g.saved_aggregates_ok = aggregates_ok;
  aggregates_ok = false;
  groups.push_back(std::move(g));
}

namespace {

std::uint32_t path_size(const ast::Path& p) {  // nested at most kMaxDepth deep
  std::uint32_t n = 1;
  for (const ast::Path& a : p.args) n += path_size(a);
  return n;
}

// The height of a subquery: its pattern, its expressions and the modifiers above them.
std::uint32_t query_height(const ast::Query& q) {
  std::uint32_t h = q.where ? q.where->height : 0;
  for (const auto& p : q.projection) h = std::max(h, p.expr ? p.expr->height : 0);
  for (const auto& g : q.group_by) h = std::max(h, g.expr.height);
  for (const auto& e : q.having) h = std::max(h, e.height);
  for (const auto& o : q.order_by) h = std::max(h, o.expr.height);
  return h + 4;  // project, group, order, slice
}

}  // namespace

void Builder::close_group() {
  leave();
  OpenGroup& g = groups.back();
  // Each element (and each triple pattern) is a step of the left-to-right fold (§18.2.2.6),
  // each path step a join of its own (§18.2.2.4), each branch of a UNION a union of its own;
  // above the highest thing inside.
  std::uint64_t steps = 0, inner = 0;
  for (const ast::Element& e : g.group.elements) {
    steps += 1 + e.triples.size();
    if (e.kind == ast::Element::Kind::kUnion) steps += e.groups.size();
    for (const auto& t : e.triples) steps += t.path ? path_size(*t.path) : 0;
    inner = std::max<std::uint64_t>(inner, e.expr.height);
    for (const auto& sub : e.groups) inner = std::max<std::uint64_t>(inner, sub.height);
    for (const auto& q : e.subquery) inner = std::max<std::uint64_t>(inner, query_height(q));
  }
  std::uint64_t height = steps + inner;
  check_height(static_cast<std::uint32_t>(std::min<std::uint64_t>(height, kMaxHeight + 1)));
  g.group.height = static_cast<std::uint32_t>(height);
  aggregates_ok = g.saved_aggregates_ok;
  done.push_back(std::move(g.group));
  groups.pop_back();
}

ast::GroupPattern Builder::pop_done() {
  ast::GroupPattern g = std::move(done.back());
  done.pop_back();
  return g;
}

// A FILTER does not end a basic graph pattern: §18.2.2.2 takes the filters out of the group
// before §18.2.2.5 collects adjacent triple patterns. Anything else does.
void Builder::add(ast::Element e) {
  OpenGroup& g = groups.back();
  if (e.kind != ast::Element::Kind::kFilter) g.bgp = -1;
  g.group.elements.push_back(std::move(e));
}

int Builder::current_bgp() {
  if (groups.empty()) return -1;
  OpenGroup& g = groups.back();
  if (g.bgp < 0) g.bgp = ++bgp_counter_;
  return g.bgp;
}

// --- triples ------------------------------------------------------------------------------------

void Builder::emit_pattern(ast::TriplePattern t) {
  if (in_template) {
    template_out->push_back(std::move(t));
    return;
  }
  OpenGroup& g = groups.back();
  auto& elements = g.group.elements;
  if (elements.empty() || elements.back().kind != ast::Element::Kind::kTriples) {
    ast::Element e;
    e.kind = ast::Element::Kind::kTriples;
    elements.push_back(std::move(e));
  }
  current_bgp();
  elements.back().triples.push_back(std::move(t));
}

void Builder::emit(Node s, Node p, Node o) {
  emit_pattern(ast::TriplePattern{std::move(s), std::move(p), std::move(o), std::nullopt});
}

void Builder::emit(Node s, const Frame& f, Node o) {
  emit_pattern(ast::TriplePattern{std::move(s), f.predicate, std::move(o), f.path});
}

void Builder::begin_subject(Node s) {
  frames_.emplace_back();
  frames_.back().subject = std::move(s);
}

void Builder::verb_path() {
  ast::Path path = std::move(paths.back());
  paths.pop_back();
  Frame& f = frame();
  f.reifier.reset();
  if (path.kind == ast::Path::Kind::kLink) {
    f.predicate = Node::of(std::move(path.iri));
    f.path.reset();
    return;
  }
  if (in_template)
    fail("a property path is not allowed in a template: expected an IRI or a variable");
  f.path = std::move(path);
}

void Builder::verb_var() {
  Frame& f = frame();
  f.predicate = pop_node();
  f.path.reset();
  f.reifier.reset();
}

void Builder::object(Node o) {
  Frame& f = frame();
  emit(f.subject, f, o);
  f.object = std::move(o);
  f.reifier.reset();
}

// SPARQL 1.2: "~ r" after an object names the reifier of the triple just written.
void Builder::reifier(Node r) {
  Frame& f = frame();
  if (f.path)
    fail("a property path cannot be reified: expected an IRI or a variable as the predicate");
  emit(r, Node::of(Term::iri(std::string(kRdfReifies))),
       Node::triple_of(f.subject, f.predicate, f.object));
  f.reifier = std::move(r);
}

// "{| ... |}" describes the last reifier, or a fresh one.
void Builder::begin_annotation() {
  enter();
  Frame& f = frame();
  if (f.path)
    fail("a property path cannot be annotated: expected an IRI or a variable as the predicate");
  Node r;
  if (f.reifier) {
    r = std::move(*f.reifier);
    f.reifier.reset();
  } else {
    r = fresh();
    emit(r, Node::of(Term::iri(std::string(kRdfReifies))),
         Node::triple_of(f.subject, f.predicate, f.object));
  }
  begin_subject(std::move(r));
}

void Builder::reified_triple() {
  Node r = pop_node(), o = pop_node(), p = pop_node(), s = pop_node();
  emit(r, Node::of(Term::iri(std::string(kRdfReifies))),
       Node::triple_of(std::move(s), std::move(p), std::move(o)));
  values_.push_back(std::move(r));
}

// Collections (§4.2.3): ( a b ) is _:l1 rdf:first a; rdf:rest _:l2 . _:l2 rdf:first b;
// rdf:rest rdf:nil, with hidden variables for the list nodes in patterns.
void Builder::list_item() {
  Node item = pop_node();
  List& l = lists_.back();
  Node node = fresh();
  if (l.empty) {
    l.head = node;
    l.empty = false;
  } else {
    emit(l.last, Node::of(Term::iri(std::string(kRdfRest))), node);
  }
  emit(node, Node::of(Term::iri(std::string(kRdfFirst))), std::move(item));
  l.last = std::move(node);
}

void Builder::end_list() {
  List l = std::move(lists_.back());
  lists_.pop_back();
  emit(l.last, Node::of(Term::iri(std::string(kRdfRest))),
       Node::of(Term::iri(std::string(kRdfNil))));
  values_.push_back(std::move(l.head));
}

// --- paths --------------------------------------------------------------------------------------

void Builder::path_link() {
  ast::Path p;
  p.kind = ast::Path::Kind::kLink;
  p.iri = pop_node().term;
  paths.push_back(std::move(p));
}

void Builder::path_wrap(ast::Path::Kind kind) {
  ast::Path p;
  p.kind = kind;
  p.args.push_back(std::move(paths.back()));
  paths.back() = std::move(p);
}

void Builder::path_join(ast::Path::Kind kind) {
  ast::Path rhs = std::move(paths.back());
  paths.pop_back();
  ast::Path& lhs = paths.back();
  if (lhs.kind != kind) {
    ast::Path p;
    p.kind = kind;
    p.args.push_back(std::move(lhs));
    lhs = std::move(p);
  }
  lhs.args.push_back(std::move(rhs));
}

void Builder::path_negated() {
  ast::Path p;
  p.kind = ast::Path::Kind::kNegated;
  std::size_t mark = path_marks.back();
  path_marks.pop_back();
  for (std::size_t i = mark; i < paths.size(); ++i) p.args.push_back(std::move(paths[i]));
  paths.resize(mark);
  paths.push_back(std::move(p));
}

// --- VALUES -------------------------------------------------------------------------------------

void Builder::data_var(std::string name) {
  for (const std::string& v : data.vars) {
    if (v == name) fail("?" + name + " appears twice in VALUES");
  }
  data.vars.push_back(std::move(name));
}

void Builder::end_row() {
  if (row.size() != data.vars.size()) {
    fail("expected " + std::to_string(data.vars.size()) + " values in this VALUES row, found " +
         std::to_string(row.size()));
  }
  data.rows.push_back(std::move(row));
  row.clear();
}

}  // namespace annals::query::grammar
