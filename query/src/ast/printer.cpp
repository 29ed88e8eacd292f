// The S-expression printer of the syntax tree (see printer.hpp), and the Node helpers.
#include "ast/printer.hpp"

namespace annals::query::ast {

Node Node::variable(std::string name, bool is_hidden) {
  Node n;
  n.kind = Kind::kVar;
  n.var = std::move(name);
  n.hidden = is_hidden;
  return n;
}

Node Node::of(Term t) {
  Node n;
  n.kind = Kind::kTerm;
  n.term = std::move(t);
  return n;
}

Node Node::triple_of(Node s, Node p, Node o) {
  Node n;
  n.kind = Kind::kTriple;
  n.triple = std::make_shared<const std::vector<Node>>(
      std::vector<Node>{std::move(s), std::move(p), std::move(o)});
  return n;
}

namespace {

class Printer {
 public:
  std::string out;

  void node(const Node& n) {
    switch (n.kind) {
      case Node::Kind::kVar:
        if (n.hidden) {
          out += "??";
          out += std::string_view(n.var).substr(2);  // past "_:"
        } else {
          out += "?" + n.var;
        }
        break;
      case Node::Kind::kTerm:
        append_ntriples(out, n.term);
        break;
      case Node::Kind::kTriple:
        out += "<<( ";
        for (const Node& part : *n.triple) {
          node(part);
          out += ' ';
        }
        out += ")>>";
        break;
    }
  }

  void path(const Path& p) {
    if (p.kind == Path::Kind::kLink) {
      append_ntriples(out, p.iri);
      return;
    }
    static constexpr const char* kNames[] = {"", "^", "/", "|", "*", "+", "?", "!"};
    out += '(';
    out += kNames[static_cast<int>(p.kind)];
    for (const Path& a : p.args) {
      out += ' ';
      path(a);
    }
    out += ')';
  }

  void triple(const TriplePattern& t) {
    out += t.path ? "(path " : "(triple ";
    node(t.subject);
    out += ' ';
    if (t.path) {
      path(*t.path);
    } else {
      node(t.predicate);
    }
    out += ' ';
    node(t.object);
    out += ')';
  }

  void expr(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::kNode:
        node(e.node);
        return;
      case Expr::Kind::kFunction:
        out += "(call ";
        append_ntriples(out, e.iri);
        break;
      case Expr::Kind::kExists:
        out += "(" + std::string(e.op == "EXISTS" ? "exists " : "not-exists ");
        group(e.pattern[0]);
        out += ')';
        return;
      default:
        out += "(" + e.op;
        break;
    }
    if (e.distinct) out += " distinct";
    if (e.kind == Expr::Kind::kAggregate && e.args.empty()) out += " *";
    for (const Expr& a : e.args) {
      out += ' ';
      expr(a);
    }
    if (e.separator) {
      out += " (separator ";
      append_ntriples(out, Term::literal(*e.separator));
      out += ')';
    }
    out += ')';
  }

  void data(const InlineData& d) {
    out += "(values (";
    for (std::size_t i = 0; i < d.vars.size(); ++i) out += (i ? " ?" : "?") + d.vars[i];
    out += ')';
    for (const auto& row : d.rows) {
      out += " (row";
      for (const auto& cell : row) {
        out += ' ';
        if (cell) {
          node(*cell);
        } else {
          out += "UNDEF";
        }
      }
      out += ')';
    }
    out += ')';
  }

  void element(const Element& e) {
    switch (e.kind) {
      case Element::Kind::kTriples:
        out += "(bgp";
        for (const TriplePattern& t : e.triples) {
          out += ' ';
          triple(t);
        }
        out += ')';
        return;
      case Element::Kind::kFilter:
        out += "(filter ";
        expr(e.expr);
        out += ')';
        return;
      case Element::Kind::kOptional:
      case Element::Kind::kMinus:
      case Element::Kind::kUnion:
        out += e.kind == Element::Kind::kOptional ? "(optional"
               : e.kind == Element::Kind::kMinus  ? "(minus"
                                                  : "(union";
        for (const GroupPattern& g : e.groups) {
          out += ' ';
          group(g);
        }
        out += ')';
        return;
      case Element::Kind::kGroup:
        group(e.groups[0]);
        return;
      case Element::Kind::kGraph:
      case Element::Kind::kService:
        out += e.kind == Element::Kind::kGraph ? "(graph "
               : e.silent                      ? "(service silent "
                                               : "(service ";
        node(e.name);
        out += ' ';
        group(e.groups[0]);
        out += ')';
        return;
      case Element::Kind::kBind:
        out += "(bind ?" + e.var + " ";
        expr(e.expr);
        out += ')';
        return;
      case Element::Kind::kValues:
        data(e.data);
        return;
      case Element::Kind::kSubSelect:
        query(e.subquery[0]);
        return;
    }
  }

  void group(const GroupPattern& g) {
    out += "(group";
    for (const Element& e : g.elements) {
      out += ' ';
      element(e);
    }
    out += ')';
  }

  void query(const Query& q) {
    static constexpr const char* kForms[] = {"select", "construct", "ask", "describe"};
    out += '(';
    out += kForms[static_cast<int>(q.form)];
    if (q.distinct) out += " distinct";
    if (q.reduced) out += " reduced";
    if (q.form == Form::kSelect) {
      out += " (vars";
      if (q.select_all) out += " *";
      for (const Projection& p : q.projection) {
        if (p.expr) {
          out += " (as ?" + p.var + " ";
          expr(*p.expr);
          out += ')';
        } else {
          out += " ?" + p.var;
        }
      }
      out += ')';
    }
    if (q.form == Form::kConstruct) {
      out += " (template";
      for (const TriplePattern& t : q.construct_template) {
        out += ' ';
        triple(t);
      }
      out += ')';
    }
    if (q.form == Form::kDescribe) {
      out += " (describe";
      if (q.describe_all) out += " *";
      for (const Node& n : q.describe) {
        out += ' ';
        node(n);
      }
      out += ')';
    }
    for (const Term& t : q.from) out += " (from " + to_ntriples(t) + ")";
    for (const Term& t : q.from_named) out += " (from-named " + to_ntriples(t) + ")";
    if (q.where) {
      out += " (where ";
      group(*q.where);
      out += ')';
    }
    if (!q.group_by.empty()) {
      out += " (group-by";
      for (const GroupCondition& c : q.group_by) {
        out += ' ';
        if (c.var) out += "(as ?" + *c.var + " ";
        expr(c.expr);
        if (c.var) out += ')';
      }
      out += ')';
    }
    if (!q.having.empty()) {
      out += " (having";
      for (const Expr& e : q.having) {
        out += ' ';
        expr(e);
      }
      out += ')';
    }
    if (!q.order_by.empty()) {
      out += " (order-by";
      for (const OrderCondition& c : q.order_by) {
        out += c.descending ? " (desc " : " (asc ";
        expr(c.expr);
        out += ')';
      }
      out += ')';
    }
    if (q.limit) out += " (limit " + std::to_string(*q.limit) + ")";
    if (q.offset) out += " (offset " + std::to_string(*q.offset) + ")";
    if (q.values) {
      out += ' ';
      data(*q.values);
    }
    if (q.time.valid) {
      out += " (valid-during \"" + to_string(*q.time.valid_first) + "\" \"" +
             to_string(*q.time.valid_last) + "\")";
    }
    if (q.time.as_of_transaction)
      out += " (as-of-transaction " + std::to_string(*q.time.as_of_transaction) + ")";
    if (q.time.as_of_timestamp) out += " (as-of \"" + *q.time.as_of_timestamp + "\")";
    out += ')';
  }
};

// Prints x with the printer's method for it.
template <typename T>
std::string print(const T& x, void (Printer::*method)(const T&)) {
  Printer p;
  (p.*method)(x);
  return std::move(p.out);
}

}  // namespace

std::string to_sexpr(const Query& q) { return print(q, &Printer::query); }
std::string to_sexpr(const Expr& e) { return print(e, &Printer::expr); }
std::string to_sexpr(const GroupPattern& g) { return print(g, &Printer::group); }
std::string to_sexpr(const Path& p) { return print(p, &Printer::path); }

}  // namespace annals::query::ast
