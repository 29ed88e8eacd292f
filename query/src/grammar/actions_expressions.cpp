// Actions of expressions (SPARQL 1.1 §17, grammar [110]-[128]): operators fold the top of
// the expression stack, calls take the arguments above their mark.
#include <algorithm>

#include "grammar/actions.hpp"

namespace annals::query::grammar {

using ast::Expr;
using ast::Node;

// --- the builder's expression stack -----------------------------------------------------------

void Builder::push_expr(Expr e) {
  std::uint32_t below = 0;
  for (const Expr& a : e.args) below = std::max(below, a.height);
  for (const ast::GroupPattern& g : e.pattern) below = std::max(below, g.height);
  e.height = below + 1;
  check_height(e.height);
  exprs.push_back(std::move(e));
}

Expr Builder::pop_expr() {
  Expr e = std::move(exprs.back());
  exprs.pop_back();
  return e;
}

void Builder::unary(const char* op) {
  Expr e;
  e.kind = Expr::Kind::kOperator;
  e.op = op;
  e.args.push_back(pop_expr());
  push_expr(std::move(e));
}

void Builder::binary(std::string op) {
  Expr rhs = pop_expr();
  Expr lhs = pop_expr();
  Expr e;
  e.kind = Expr::Kind::kOperator;
  e.op = std::move(op);
  e.args.push_back(std::move(lhs));
  e.args.push_back(std::move(rhs));
  push_expr(std::move(e));
}

void Builder::open_call() {
  enter();
  calls.push_back(Call{exprs.size(), false, std::nullopt});
}

std::vector<Expr> Builder::take_args() {
  leave();
  std::size_t mark = calls.back().mark;
  std::vector<Expr> args;
  args.reserve(exprs.size() - mark);
  for (std::size_t i = mark; i < exprs.size(); ++i) args.push_back(std::move(exprs[i]));
  exprs.resize(mark);
  return args;
}

void Builder::builtin(std::string_view name) {
  Expr e;
  e.kind = Expr::Kind::kBuiltin;
  e.op = name;
  for (char& c : e.op) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  e.args = take_args();
  calls.pop_back();
  push_expr(std::move(e));
}

// §18.2.4.1 / §19.8 note 8: aggregates appear only in SELECT expressions, HAVING and
// ORDER BY, and not inside one another.
void Builder::begin_aggregate() {
  if (!aggregates_ok) fail("an aggregate is allowed only in SELECT, HAVING and ORDER BY");
  if (aggregate_depth > 0) fail("an aggregate cannot be inside another aggregate");
  ++aggregate_depth;
}

void Builder::aggregate(std::string_view name) {
  --aggregate_depth;
  Expr e;
  e.kind = Expr::Kind::kAggregate;
  e.op = name;
  e.distinct = calls.back().distinct;
  e.separator = std::move(calls.back().separator);
  e.args = take_args();
  calls.pop_back();
  push_expr(std::move(e));
  query().has_aggregates = true;
}

// iri(args): the iri, an expression under the arguments, becomes the callee.
void Builder::function_call() {
  bool distinct = calls.back().distinct;
  std::vector<Expr> args = take_args();
  calls.pop_back();
  Expr callee = pop_expr();
  Expr e;
  e.kind = Expr::Kind::kFunction;
  e.iri = std::move(callee.node.term);
  e.distinct = distinct;
  e.args = std::move(args);
  push_expr(std::move(e));
}

void Builder::exists(bool negated) {
  Expr e;
  e.kind = Expr::Kind::kExists;
  e.op = negated ? "NOT EXISTS" : "EXISTS";
  e.pattern.push_back(pop_done());
  push_expr(std::move(e));
}

// --- actions ------------------------------------------------------------------------------------

void action<ExprNode>::run(Builder& b) {
  Expr e;
  e.kind = Expr::Kind::kNode;
  e.node = b.pop_node();
  b.exprs.push_back(std::move(e));
}
void action<ExprTripleTerm>::run(Builder& b) {
  b.leave();
  b.triple_term();
}
void action<IriExpr>::run(Builder& b) { action<ExprNode>::run(b); }
void action<FunctionArgs>::run(Builder& b) { b.function_call(); }
void action<CallOpen>::run(Builder& b) { b.open_call(); }
void action<EmptyArgs>::run(Builder& b) { b.open_call(); }
void action<Distinct>::run(Builder& b) { b.calls.back().distinct = true; }
void action<Separator>::run(Builder& b) { b.calls.back().separator = b.pop_node().term.value; }
void action<BoundArg>::run(Builder& b) { action<ExprNode>::run(b); }
void action<ExistsFunc>::run(Builder& b) { b.exists(false); }
void action<NotExistsFunc>::run(Builder& b) { b.exists(true); }
void action<BrackettedOpen>::run(Builder& b) { b.enter(); }
void action<BrackettedExpression>::run(Builder& b) { b.leave(); }
void action<NotOp>::run(Builder& b) { b.enter(); }
void action<PlusOp>::run(Builder& b) { b.enter(); }
void action<MinusOp>::run(Builder& b) { b.enter(); }
void action<UnaryNot>::run(Builder& b) {
  b.leave();
  b.unary("!");
}
void action<UnaryPlus>::run(Builder& b) {
  b.leave();
  b.unary("+");
}
void action<UnaryMinus>::run(Builder& b) {
  b.leave();
  b.unary("-");
}
void action<MulTail>::run(Builder& b) { b.binary("*"); }
void action<DivTail>::run(Builder& b) { b.binary("/"); }
void action<AddTail>::run(Builder& b) { b.binary("+"); }
void action<SubTail>::run(Builder& b) { b.binary("-"); }
void action<AndTail>::run(Builder& b) { b.binary("&&"); }
void action<OrTail>::run(Builder& b) { b.binary("||"); }

// x IN (a, b): args are x, a, b.
void action<InTail>::run(Builder& b) {
  std::vector<Expr> list = b.take_args();
  b.calls.pop_back();
  Expr e;
  e.kind = Expr::Kind::kOperator;
  e.op = "IN";
  e.args.push_back(b.pop_expr());
  for (Expr& x : list) e.args.push_back(std::move(x));
  b.push_expr(std::move(e));
}
void action<NotInTail>::run(Builder& b) {
  action<InTail>::run(b);
  b.exprs.back().op = "NOT IN";
}

}  // namespace annals::query::grammar
