// The SSE printer of the algebra (see printer.hpp).
#include "algebra/printer.hpp"

#include <cctype>

namespace annals::query::algebra {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The Turtle short forms that read back as the same literal: 1, -2.5, true.
bool short_form(const Term& t) {
  if (!t.is_literal()) return false;
  std::string_view v = t.value;
  if (t.datatype == kXsdBoolean) return v == "true" || v == "false";
  if (!v.empty() && (v[0] == '+' || v[0] == '-')) v.remove_prefix(1);
  if (t.datatype == kXsdInteger) return all_digits(v);
  if (t.datatype == kXsdDecimal) {
    auto dot = v.find('.');
    return dot != std::string_view::npos && all_digits(v.substr(dot + 1)) &&
           (dot == 0 || all_digits(v.substr(0, dot)));
  }
  return false;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class Printer {
 public:
  explicit Printer(const VarTable& vars) : vars_(vars) {}
  std::string out;

  void var(Var v) {
    out += vars_.hidden(v) ? "??" : "?";
    out += vars_.name(v);
  }

  void term(const Term& t) {
    if (short_form(t)) {
      out += t.value;
    } else {
      append_ntriples(out, t);
    }
  }

  void node(const Node& n) {
    switch (n.kind) {
      case Node::Kind::kVar:
        var(n.var);
        break;
      case Node::Kind::kTerm:
        term(n.term);
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
      term(p.iri);
      return;
    }
    static constexpr const char* kNames[] = {"",      "reverse", "seq",   "alt",
                                             "path*", "path+",   "path?", "notoneof"};
    out += '(';
    out += kNames[static_cast<int>(p.kind)];
    for (const Term& iri : p.iris) {
      out += ' ';
      term(iri);
    }
    for (const Path& a : p.args) {
      out += ' ';
      path(a);
    }
    out += ')';
  }

  void expr(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::kNode:
        node(e.node);
        return;
      case Expr::Kind::kExists:
        out += e.op == "NOT EXISTS" ? "(notexists " : "(exists ";
        op(*e.pattern);
        out += ')';
        return;
      case Expr::Kind::kFunction:
        out += '(';
        term(e.iri);
        break;
      case Expr::Kind::kOperator:
        out += '(';
        out += e.op == "IN" ? "in" : e.op == "NOT IN" ? "notin" : e.op;
        break;
      default:  // built-ins and aggregates by their lower-case name, as SSE writes them
        out += '(' + lower(e.op);
        break;
    }
    if (e.distinct) out += " distinct";
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

  // One expression, or (exprlist ...) for a conjunction of several.
  void exprs(const std::vector<Expr>& list) {
    if (list.size() == 1) {
      expr(list[0]);
      return;
    }
    out += "(exprlist";
    for (const Expr& e : list) {
      out += ' ';
      expr(e);
    }
    out += ')';
  }

  // A fact pattern (fact_patterns.hpp) prints as (fact s p o (validFrom ?when) ...).
  void triple(const TriplePattern& t) {
    out += t.is_fact() ? "(fact " : "(triple ";
    node(t.subject);
    out += ' ';
    node(t.predicate);
    out += ' ';
    node(t.object);
    for (const ValidOutput& v : t.valid) {
      out += std::string(" (") + algebra::bound_name(v.bound) + ' ';
      node(v.value);
      out += ')';
    }
    out += ')';
  }

  void table(const Table& t) {
    out += "(table (vars";
    for (Var v : t.vars) {
      out += ' ';
      var(v);
    }
    out += ')';
    for (const auto& row : t.rows) {
      out += " (row";
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (!row[i]) continue;  // UNDEF: no binding
        out += " [";
        var(t.vars[i]);
        out += ' ';
        term(*row[i]);
        out += ']';
      }
      out += ')';
    }
    out += ')';
  }

  void group(const Op& g) {
    out += "(group (";
    spaced(g.keys, [&](const GroupKey& k) {
      if (!k.var) {  // an unnamed key expression
        expr(k.expr);
      } else if (k.expr.kind == Expr::Kind::kNode && k.expr.node.is_var() &&
                 k.expr.node.var == *k.var) {
        var(*k.var);
      } else {
        out += '(';
        var(*k.var);
        out += ' ';
        expr(k.expr);
        out += ')';
      }
    });
    out += ')';
    if (g.aggregates.empty()) return;
    out += " (";
    spaced(g.aggregates, [&](const Aggregation& a) {
      out += '(';
      var(a.var);
      out += ' ';
      expr(a.expr);
      out += ')';
    });
    out += ')';
  }

  // Items separated by one space, each written by each(item).
  template <typename List, typename Each>
  void spaced(const List& list, Each each) {
    const char* sep = "";
    for (const auto& item : list) {
      out += sep;
      sep = " ";
      each(item);
    }
  }

  void op(const Op& o) {
    static constexpr const char* kNames[] = {"bgp",     "path",    "join",   "leftjoin", "filter",
                                             "union",   "graph",   "extend", "minus",    "group",
                                             "table",   "service", "order",  "project",  "distinct",
                                             "reduced", "slice"};
    switch (o.kind) {
      case Op::Kind::kBgp:
        out += "(bgp";
        for (const TriplePattern& t : o.triples) {
          out += ' ';
          triple(t);
        }
        out += ')';
        return;
      case Op::Kind::kPath:
        out += "(path ";
        node(o.subject);
        out += ' ';
        path(o.path);
        out += ' ';
        node(o.object);
        out += ')';
        return;
      case Op::Kind::kTable:
        table(o.table);
        return;
      case Op::Kind::kGroup:
        group(o);
        break;
      case Op::Kind::kService:
        out += o.silent ? "(service silent " : "(service ";
        node(o.name);
        break;
      default:
        out += '(';
        out += kNames[static_cast<int>(o.kind)];
        break;
    }
    switch (o.kind) {
      case Op::Kind::kFilter:
        out += ' ';
        exprs(o.exprs);
        break;
      case Op::Kind::kGraph:
        out += ' ';
        node(o.name);
        break;
      case Op::Kind::kExtend:
        out += " ((";
        var(o.var);
        out += ' ';
        expr(o.expr);
        out += "))";
        break;
      case Op::Kind::kOrderBy:
        out += " (";
        spaced(o.order, [&](const SortKey& k) {
          if (k.descending) out += "(desc ";
          expr(k.expr);
          if (k.descending) out += ')';
        });
        out += ')';
        break;
      case Op::Kind::kProject:
        out += " (";
        spaced(o.vars, [&](Var v) { var(v); });
        out += ')';
        break;
      case Op::Kind::kSlice:
        out += o.offset ? " " + std::to_string(*o.offset) : " _";
        out += o.limit ? " " + std::to_string(*o.limit) : " _";
        break;
      default:
        break;
    }
    for (const OpPtr& child : o.children) {
      out += ' ';
      op(*child);
    }
    // LeftJoin's filter comes after its two patterns.
    if (o.kind == Op::Kind::kLeftJoin && !o.exprs.empty()) {
      out += ' ';
      exprs(o.exprs);
    }
    out += ')';
  }

  void query(const Query& q) {
    std::string clauses;
    for (const Term& t : q.from) clauses += " (from " + to_ntriples(t) + ")";
    for (const Term& t : q.from_named) clauses += " (from-named " + to_ntriples(t) + ")";
    if (q.time.valid) {
      clauses += " (valid-during \"" + to_string(*q.time.valid_first) + "\" \"" +
                 to_string(*q.time.valid_last) + "\")";
    }
    if (q.time.as_of_transaction) {
      clauses += " (as-of-transaction " + std::to_string(*q.time.as_of_transaction) + ")";
    }
    if (q.time.as_of_timestamp) clauses += " (as-of \"" + *q.time.as_of_timestamp + "\")";
    if (q.form == ast::Form::kSelect && clauses.empty()) {
      op(*q.root);
      return;
    }
    static constexpr const char* kForms[] = {"(select", "(construct", "(ask", "(describe"};
    out += kForms[static_cast<int>(q.form)];
    if (q.form == ast::Form::kConstruct) {
      out += " (template";
      for (const TriplePattern& t : q.construct_template) {
        out += ' ';
        triple(t);
      }
      out += ')';
    }
    if (q.form == ast::Form::kDescribe) {
      out += " (";
      spaced(q.describe, [&](const Node& n) { node(n); });
      out += ')';
    }
    out += clauses;
    out += ' ';
    op(*q.root);
    out += ')';
  }

 private:
  const VarTable& vars_;
};

}  // namespace

std::string to_sse(const Op& op, const VarTable& vars) {
  Printer p(vars);
  p.op(op);
  return std::move(p.out);
}

std::string to_sse(const Expr& e, const VarTable& vars) {
  Printer p(vars);
  p.expr(e);
  return std::move(p.out);
}

std::string to_sse(const Query& q) {
  Printer p(q.vars);
  p.query(q);
  return std::move(p.out);
}

}  // namespace annals::query::algebra
