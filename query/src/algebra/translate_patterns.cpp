// Graph patterns to algebra, SPARQL 1.1 §18.2.2: nodes and expressions, property paths
// (§18.2.2.3-4), basic graph patterns (§18.2.2.5), groups with their filters, OPTIONAL,
// MINUS and BIND (§18.2.2.6), and the simplification of joins with Z (§18.2.2.8).
#include <algorithm>
#include <utility>

#include "algebra/translate.hpp"
#include "ast/scope.hpp"

namespace annals::query::algebra {

OpPtr make_op(Op::Kind k, OpPtr child, OpPtr second) {
  auto op = std::make_unique<Op>(k);
  if (child) op->children.push_back(std::move(child));
  if (second) op->children.push_back(std::move(second));
  return op;
}

OpPtr join(OpPtr left, OpPtr right) {
  if (left->is_empty_bgp()) return right;
  if (right->is_empty_bgp()) return left;
  return make_op(Op::Kind::kJoin, std::move(left), std::move(right));
}

namespace {

OpPtr empty_pattern() { return std::make_unique<Op>(Op::Kind::kBgp); }

// A VALUES cell: a term, or a triple term of terms (DataBlockValue has no variables).
Term ground_term(const ast::Node& n) {
  if (n.kind != ast::Node::Kind::kTriple) return n.term;
  const auto& t = *n.triple;
  return Term::triple_term(ground_term(t[0]), ground_term(t[1]), ground_term(t[2]));
}

// §18.2.2.3: the path expression as the algebra writes it. A negated property set
// !(a|^b) becomes alt(NPS({a}), inv(NPS({b}))).
Path path_of(const ast::Path& p) {
  Path out;
  switch (p.kind) {
    case ast::Path::Kind::kLink:
      out.iri = p.iri;
      return out;
    case ast::Path::Kind::kNegated: {
      Path forward, backward;
      forward.kind = backward.kind = Path::Kind::kNegated;
      for (const ast::Path& a : p.args) {
        if (a.kind == ast::Path::Kind::kInverse) {
          backward.iris.push_back(a.args[0].iri);
        } else {
          forward.iris.push_back(a.iri);
        }
      }
      Path inverse;
      inverse.kind = Path::Kind::kInverse;
      inverse.args.push_back(std::move(backward));
      if (inverse.args[0].iris.empty()) return forward;
      if (forward.iris.empty()) return inverse;
      out.kind = Path::Kind::kAlternative;
      out.args.push_back(std::move(forward));
      out.args.push_back(std::move(inverse));
      return out;
    }
    default:
      break;
  }
  static constexpr Path::Kind kKinds[] = {Path::Kind::kLink,       Path::Kind::kInverse,
                                          Path::Kind::kSequence,   Path::Kind::kAlternative,
                                          Path::Kind::kZeroOrMore, Path::Kind::kOneOrMore,
                                          Path::Kind::kZeroOrOne,  Path::Kind::kNegated};
  out.kind = kKinds[static_cast<int>(p.kind)];
  for (const ast::Path& a : p.args) out.args.push_back(path_of(a));
  return out;
}

}  // namespace

Node Translator::node(const ast::Node& n) {
  switch (n.kind) {
    case ast::Node::Kind::kVar:
      // Hidden variables are named "_:label" by the parser (§4.1.4).
      return Node::variable(n.hidden ? vars_.blank(n.var.substr(2)) : vars_.named(n.var));
    case ast::Node::Kind::kTerm:
      return Node::of(n.term);
    case ast::Node::Kind::kTriple: {
      Node out;
      out.kind = Node::Kind::kTriple;
      const auto& t = *n.triple;
      out.triple = std::make_shared<const std::vector<Node>>(
          std::vector<Node>{node(t[0]), node(t[1]), node(t[2])});
      return out;
    }
  }
  return {};
}

Expr Translator::expr(const ast::Expr& e) { return expr(e, nullptr); }

// The algebra's expression kinds are the syntax tree's, in the same order.
static_assert(static_cast<int>(Expr::Kind::kExists) == static_cast<int>(ast::Expr::Kind::kExists));

Expr Translator::expr(const ast::Expr& e, Aggregates* aggregates) {
  Expr out;
  out.kind = static_cast<Expr::Kind>(e.kind);
  out.op = e.op;
  out.iri = e.iri;
  out.distinct = e.distinct;
  out.separator = e.separator;
  if (e.kind == ast::Expr::Kind::kNode) out.node = node(e.node);
  // §18.2.2.6: EXISTS holds the translation of its pattern.
  if (e.kind == ast::Expr::Kind::kExists) out.pattern = group(e.pattern[0]);
  // An aggregate's arguments hold no aggregate (the parser refuses nesting).
  Aggregates* inner = e.kind == ast::Expr::Kind::kAggregate ? nullptr : aggregates;
  for (const ast::Expr& a : e.args) out.args.push_back(expr(a, inner));
  if (e.kind == ast::Expr::Kind::kAggregate && aggregates) {
    return Expr::variable(aggregates->add(std::move(out)));
  }
  if (aggregates && out.node.is_var() && !aggregates->visible(out.node.var)) {
    // §18.2.4.1: an unaggregated variable is Sample(V).
    Expr sample;
    sample.kind = Expr::Kind::kAggregate;
    sample.op = "SAMPLE";
    sample.args.push_back(std::move(out));
    return Expr::variable(aggregates->add(std::move(sample)));
  }
  return out;
}

Table Translator::table(const ast::InlineData& data) {
  Table t;
  for (const std::string& v : data.vars) t.vars.push_back(vars_.named(v));
  for (const auto& row : data.rows) {
    auto& cells = t.rows.emplace_back();
    for (const auto& cell : row) {
      cells.push_back(cell ? std::optional<Term>(ground_term(*cell)) : std::nullopt);
    }
  }
  return t;
}

// §18.2.2.4: X link(iri) Y is the triple X iri Y, X inv(iri) Y is Y iri X, X seq(P, Q) Y is
// X P ?V . ?V Q Y with ?V fresh; anything else is Path(X, P, Y). Triples go into out as
// one-triple BGPs, for triples_block to gather.
void Translator::path_triples(const Node& subject, const Path& path, const Node& object,
                              std::vector<OpPtr>& out) {
  auto triple = [&](const Node& s, const Term& p, const Node& o) {
    auto bgp = empty_pattern();
    bgp->triples.push_back({s, Node::of(p), o});
    out.push_back(std::move(bgp));
  };
  if (path.kind == Path::Kind::kLink) {
    triple(subject, path.iri, object);
  } else if (path.kind == Path::Kind::kInverse && path.args[0].kind == Path::Kind::kLink) {
    triple(object, path.args[0].iri, subject);
  } else if (path.kind == Path::Kind::kSequence) {
    Node from = subject;
    for (std::size_t i = 0; i < path.args.size(); ++i) {
      Node to = i + 1 == path.args.size() ? object : Node::variable(vars_.fresh(VarOrigin::kPath));
      path_triples(from, path.args[i], to, out);
      from = to;
    }
  } else {
    auto op = std::make_unique<Op>(Op::Kind::kPath);
    op->subject = subject;
    op->path = path;
    op->object = object;
    out.push_back(std::move(op));
  }
}

// §18.2.2.5: adjacent triple patterns form one BGP; a Path between them ends it, and the
// pieces are joined in order.
OpPtr Translator::triples_block(const std::vector<ast::TriplePattern>& triples) {
  std::vector<OpPtr> pieces;
  for (const ast::TriplePattern& t : triples) {
    Node s = node(t.subject), o = node(t.object);
    if (t.path) {
      path_triples(s, path_of(*t.path), o, pieces);
    } else {
      auto bgp = empty_pattern();
      bgp->triples.push_back({std::move(s), node(t.predicate), std::move(o)});
      pieces.push_back(std::move(bgp));
    }
  }
  OpPtr g = empty_pattern();
  OpPtr bgp = empty_pattern();
  for (OpPtr& piece : pieces) {
    if (piece->kind == Op::Kind::kBgp) {
      bgp->triples.push_back(std::move(piece->triples[0]));
      continue;
    }
    g = join(join(std::move(g), std::move(bgp)), std::move(piece));
    bgp = empty_pattern();
  }
  return join(std::move(g), std::move(bgp));
}

OpPtr Translator::element(const ast::Element& e) {
  switch (e.kind) {
    case ast::Element::Kind::kUnion: {
      // §18.2.2.6 Translate(GroupOrUnionGraphPattern): Union(Union(A, B), C).
      OpPtr u;
      for (const ast::GroupPattern& g : e.groups) {
        u = u ? make_op(Op::Kind::kUnion, std::move(u), group(g)) : group(g);
      }
      return u;
    }
    case ast::Element::Kind::kGraph:
    case ast::Element::Kind::kService: {
      bool graph = e.kind == ast::Element::Kind::kGraph;
      OpPtr op = make_op(graph ? Op::Kind::kGraph : Op::Kind::kService, group(e.groups[0]));
      op->name = node(e.name);
      op->silent = e.silent;
      return op;
    }
    case ast::Element::Kind::kValues: {
      auto op = std::make_unique<Op>(Op::Kind::kTable);
      op->table = table(e.data);
      return op;
    }
    case ast::Element::Kind::kSubSelect: {
      // §18.2.1: only the projected variables are the outer query's.
      const ast::Query& sub = e.subquery[0];
      VarTable::Scope outer = vars_.enter_scope(ast::projected(sub));
      std::vector<Var> projection;
      OpPtr op = query_level(sub, projection);
      vars_.leave_scope(std::move(outer));
      return op;
    }
    case ast::Element::Kind::kGroup:
      return group(e.groups[0]);
    default:  // the group handles the others
      return empty_pattern();
  }
}

// §18.2.2.6 Translate(GroupGraphPattern). The filters of the group apply to all of it; a
// FILTER does not end a basic graph pattern (as for blank node scope, §4.1.4), so triples
// blocks separated only by filters form one.
OpPtr Translator::group(const ast::GroupPattern& g) {
  OpPtr out = empty_pattern();
  std::vector<Expr> filters;
  std::vector<ast::TriplePattern> pending;
  auto flush = [&] {
    if (pending.empty()) return;
    out = join(std::move(out), triples_block(pending));
    pending.clear();
  };
  for (const ast::Element& e : g.elements) {
    if (e.kind == ast::Element::Kind::kTriples) {
      pending.insert(pending.end(), e.triples.begin(), e.triples.end());
      continue;
    }
    if (e.kind == ast::Element::Kind::kFilter) {
      filters.push_back(expr(e.expr));
      continue;
    }
    flush();
    switch (e.kind) {
      case ast::Element::Kind::kOptional: {
        // OPTIONAL { P FILTER(F) } is LeftJoin(G, P, F). The test is on the translation
        // before §18.2.2.8 simplifies it: OPTIONAL { { P FILTER(F) } } is a join of Z and a
        // filter there, so F stays inside (W3C dawg-optional-filter-005-not-simplified).
        const auto& elements = e.groups[0].elements;
        bool filtered = std::any_of(elements.begin(), elements.end(), [](const ast::Element& x) {
          return x.kind == ast::Element::Kind::kFilter;
        });
        OpPtr a = group(e.groups[0]);
        std::vector<Expr> condition;
        if (filtered) {
          condition = std::move(a->exprs);
          a = std::move(a->children[0]);
        }
        out = make_op(Op::Kind::kLeftJoin, std::move(out), std::move(a));
        out->exprs = std::move(condition);
        break;
      }
      case ast::Element::Kind::kMinus:
        out = make_op(Op::Kind::kMinus, std::move(out), group(e.groups[0]));
        break;
      case ast::Element::Kind::kBind: {
        Var v = vars_.named(e.var);
        Expr x = expr(e.expr);
        out = make_op(Op::Kind::kExtend, std::move(out));
        out->var = v;
        out->expr = std::move(x);
        break;
      }
      default:
        out = join(std::move(out), element(e));
        break;
    }
  }
  flush();
  if (!filters.empty()) {
    out = make_op(Op::Kind::kFilter, std::move(out));
    out->exprs = std::move(filters);
  }
  return out;
}

}  // namespace annals::query::algebra
