// Actions of the prologue, the query forms, the solution modifiers, VALUES and the temporal
// clause: they fill in the ast::Query being read.
#include <charconv>

#include "grammar/actions.hpp"

namespace annals::query::grammar {

using ast::Expr;
using ast::Node;

namespace {

Expr var_expr(std::string name) {
  Expr e;
  e.kind = Expr::Kind::kNode;
  e.node = Node::variable(std::move(name));
  return e;
}

// LIMIT and OFFSET take INTEGER: digits, no sign (§19.8 [146]).
std::uint64_t count_of(Builder& b, const Term& t, const char* what) {
  std::uint64_t n = 0;
  const std::string& v = t.value;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (t.datatype != kXsdInteger || v.empty() || v[0] == '+' || v[0] == '-' || ec != std::errc() ||
      end != v.data() + v.size()) {
    b.fail(std::string("expected a whole number after ") + what);
  }
  return n;
}

}  // namespace

// --- prologue
// -------------------------------------------------------------------------------------

void action<PrefixDecl>::run(Builder& b) {
  std::string iri = b.pop_node().term.value;
  std::string name = b.pop_node().term.value;
  b.set_prefix(std::move(name), std::move(iri));
}

void action<BaseDecl>::run(Builder& b) {
  b.set_base(b.pop_node().term.value);
  b.query().base = b.base();
}

void action<VersionDecl>::run(Builder& b) { b.query().version = b.pop_node().term.value; }

// --- SELECT -------------------------------------------------------------------------------------

// A SELECT inside a group pattern starts a subquery (§12).
void action<SelectKeyword>::run(Builder& b) {
  if (!b.groups.empty()) b.begin_subquery();
  b.query().form = ast::Form::kSelect;
  b.query().select_at = b.offset();
  if (b.query().base.empty()) b.query().base = b.base();
  b.aggregates_ok = true;
}
void action<SelectDistinct>::run(Builder& b) { b.query().distinct = true; }
void action<SelectReduced>::run(Builder& b) { b.query().reduced = true; }
void action<SelectAll>::run(Builder& b) { b.query().select_all = true; }

void action<SelectVar>::run(Builder& b) {
  b.query().projection.push_back(ast::Projection{b.pop_var(), std::nullopt, b.offset()});
}

void action<SelectOpen>::run(Builder& b) { b.enter(); }

// (expr AS ?v): §18.2.4.4 "the variable ... must not already be in the projection" (the
// WHERE pattern's variables are checked once the query is read).
void action<SelectExpr>::run(Builder& b) {
  b.leave();
  std::string var = b.pop_var();
  Expr e = b.pop_expr();
  for (const ast::Projection& p : b.query().projection) {
    if (p.var == var) b.fail("?" + var + " is already in the SELECT list");
  }
  b.query().projection.push_back(ast::Projection{std::move(var), std::move(e), b.offset()});
}

void action<SelectClause>::run(Builder& b) { b.aggregates_ok = false; }
void action<SubSelectEnd>::run(Builder& b) { b.end_subquery(); }

// --- dataset, WHERE, other forms ----------------------------------------------------------------

void action<DefaultGraphClause>::run(Builder& b) { b.query().from.push_back(b.pop_node().term); }
void action<NamedGraphClause>::run(Builder& b) {
  b.query().from_named.push_back(b.pop_node().term);
}
void action<WhereClause>::run(Builder& b) { b.query().where = b.pop_done(); }
void action<DescribeWhere>::run(Builder& b) { action<WhereClause>::run(b); }

void action<ConstructKeyword>::run(Builder& b) {
  b.query().form = ast::Form::kConstruct;
  b.query().base = b.base();
}
void action<ConstructTemplateOpen>::run(Builder& b) {
  b.enter();
  b.in_template = true;
  b.template_out = &b.query().construct_template;
}
void action<TemplateClose>::run(Builder& b) {
  b.leave();
  b.in_template = false;
  b.template_out = nullptr;
}
void action<ConstructWhereOpen>::run(Builder& b) { b.open_group(); }

// CONSTRUCT WHERE { triples }: the pattern is also the template (§16.2.4); it may hold
// only triples (TriplesTemplate), so no property paths.
void action<ConstructWhere>::run(Builder& b) {
  ast::GroupPattern g = b.pop_done();
  for (const ast::Element& e : g.elements) {
    for (const ast::TriplePattern& t : e.triples) {
      if (t.path) b.fail("CONSTRUCT WHERE takes triples only, not property paths");
      b.query().construct_template.push_back(t);
    }
  }
  b.query().where = std::move(g);
}

void action<DescribeKeyword>::run(Builder& b) {
  b.query().form = ast::Form::kDescribe;
  b.query().base = b.base();
}
void action<DescribeAll>::run(Builder& b) { b.query().describe_all = true; }
void action<DescribeItem>::run(Builder& b) { b.query().describe.push_back(b.pop_node()); }
void action<AskKeyword>::run(Builder& b) {
  b.query().form = ast::Form::kAsk;
  b.query().base = b.base();
}

// --- solution modifiers -------------------------------------------------------------------------

void action<GroupKeyword>::run(Builder& b) { b.aggregates_ok = false; }
void action<GroupCall>::run(Builder& b) {
  b.query().group_by.push_back(ast::GroupCondition{b.pop_expr(), std::nullopt});
}
void action<GroupOpenParen>::run(Builder& b) { b.enter(); }
void action<GroupAs>::run(Builder& b) { b.group_as = b.pop_var(); }
void action<GroupExpr>::run(Builder& b) {
  b.leave();
  b.query().group_by.push_back(ast::GroupCondition{b.pop_expr(), std::move(b.group_as)});
  b.group_as.reset();
}
void action<GroupVar>::run(Builder& b) {
  b.query().group_by.push_back(ast::GroupCondition{var_expr(b.pop_var()), std::nullopt});
}

void action<HavingKeyword>::run(Builder& b) { b.aggregates_ok = true; }
void action<HavingCondition>::run(Builder& b) { b.query().having.push_back(b.pop_expr()); }
void action<HavingClause>::run(Builder& b) { b.aggregates_ok = false; }

void action<OrderKeyword>::run(Builder& b) { b.aggregates_ok = true; }
void action<Asc>::run(Builder& b) { b.order_desc = false; }
void action<Desc>::run(Builder& b) { b.order_desc = true; }
void action<OrderVar>::run(Builder& b) { b.exprs.push_back(var_expr(b.pop_var())); }
void action<OrderCondition>::run(Builder& b) {
  b.query().order_by.push_back(ast::OrderCondition{b.pop_expr(), b.order_desc});
  b.order_desc = false;
}
void action<OrderClause>::run(Builder& b) { b.aggregates_ok = false; }

void action<LimitValue>::run(Builder& b) {
  b.query().limit = count_of(b, b.pop_node().term, "LIMIT");
}
void action<OffsetValue>::run(Builder& b) {
  b.query().offset = count_of(b, b.pop_node().term, "OFFSET");
}

// --- VALUES (§10.2)
// -------------------------------------------------------------------------------

void action<ValuesKeyword>::run(Builder& b) {
  b.data = ast::InlineData{};
  b.row.clear();
  b.data_at = b.offset();
}
void action<DataVar>::run(Builder& b) { b.data_var(b.pop_var()); }
// UNDEF leaves a variable with no name on the stack: the cell's action reads it as unbound.
void action<Undef>::run(Builder& b) { b.push_node(Node::variable({})); }
void action<DataCell>::run(Builder& b) {
  Node n = b.pop_node();
  if (n.is_var()) {
    b.row.emplace_back(std::nullopt);
  } else {
    b.row.emplace_back(std::move(n));
  }
}
void action<OneVarRow>::run(Builder& b) {
  action<DataCell>::run(b);
  b.end_row();
}
void action<EmptyRow>::run(Builder& b) { b.end_row(); }
void action<RowOpen>::run(Builder& b) { b.row.clear(); }
void action<RowClose>::run(Builder& b) { b.end_row(); }
void action<TripleTermData>::run(Builder& b) {
  b.leave();
  b.triple_term();
}
void action<InlineData>::run(Builder& b) {
  ast::Element e;
  e.kind = ast::Element::Kind::kValues;
  e.data = std::move(b.data);
  e.at = b.data_at;
  b.add(std::move(e));
}
void action<TrailingValues>::run(Builder& b) { b.query().values = std::move(b.data); }

// --- the temporal clause (docs/DESIGN.md) --------------------------------------------------------

namespace {

DateBound date_of(Builder& b) {
  Node n = b.pop_node();
  auto d = parse_date_bound(n.term.value);
  if (!d || !n.term.language.empty()) {
    b.fail("expected a date \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", found \"" + n.term.value +
           "\"");
  }
  return *d;
}

void set_valid(Builder& b, DateBound first, DateBound last) {
  auto valid = valid_during(first, last);
  if (!valid) b.fail(valid.status().message());
  ast::TimeClause& t = b.query().time;
  t.valid_first = first;
  t.valid_last = last;
  t.valid = *valid;
}

}  // namespace

void action<TimeDate>::run(Builder& b) { b.time_first = date_of(b); }
void action<TimeDateLast>::run(Builder& b) { b.time_last = date_of(b); }
void action<ValidAt>::run(Builder& b) { set_valid(b, *b.time_first, *b.time_first); }
void action<ValidDuring>::run(Builder& b) { set_valid(b, *b.time_first, *b.time_last); }
void action<TxNumber>::run(Builder& b) {
  b.query().time.as_of_transaction = count_of(b, b.pop_node().term, "AS OF TRANSACTION");
}
void action<TimeStamp>::run(Builder& b) {
  std::string s = b.pop_node().term.value;
  auto ms = parse_timestamp(s);
  if (!ms) {
    b.fail(
        "expected a date \"YYYY-MM-DD\" or a timestamp \"YYYY-MM-DDThh:mm:ssZ\" after AS OF, found "
        "\"" +
        s + "\"");
  }
  b.query().time.as_of_time = *ms;
  b.query().time.as_of_timestamp = std::move(s);
}

// --- EXPLAIN ------------------------------------------------------------------------------------

void action<ExplainAnalyze>::run(Builder& b) { b.query().explain = Explain::kAnalyze; }
void action<ExplainClause>::run(Builder& b) {
  ast::Query& q = b.query();
  if (q.explain == Explain::kNo) q.explain = Explain::kPlan;
  q.explain_at = b.offset();
}

}  // namespace annals::query::grammar
