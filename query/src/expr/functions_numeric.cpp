// Arithmetic (XPath op:numeric-add/subtract/multiply/divide/unary-minus) and the numeric
// functions ABS, CEIL, FLOOR, ROUND (SPARQL 1.1 §17.4.4), each keeping its argument's type.
#include <cmath>

#include "expr/functions.hpp"
#include "expr/values.hpp"

namespace annals::query::expr {

namespace {

Value exact(char op, const Decimal& x, const Decimal& y, NumericType t) {
  Decimal r;
  switch (op) {
    case '+':
      r = x + y;
      break;
    case '-':
      r = x - y;
      break;
    case '*':
      r = x * y;
      break;
    default: {
      auto q = Decimal::divide(x, y);
      if (!q) return std::nullopt;  // division by zero is an error for integers and decimals
      r = std::move(*q);
      t = NumericType::kDecimal;
    }
  }
  return numeric_term({t, std::move(r), 0});
}

double floating(char op, double x, double y) {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    default:
      return x / y;
  }
}

// Applies one of the rounding functions to a number, keeping its type.
template <typename DecimalFn, typename DoubleFn>
Value rounding(Args args, DecimalFn on_decimal, DoubleFn on_double) {
  auto n = numeric_value(*args[0]);
  if (!n) return std::nullopt;
  switch (n->type) {
    case NumericType::kInteger:
      return numeric_term(Numeric::integer(on_decimal(n->dec)));
    case NumericType::kDecimal:
      return numeric_term(Numeric::decimal(on_decimal(n->dec)));
    default:
      return numeric_term(Numeric::floating(on_double(n->dbl), n->type));
  }
}

Value fn_abs(Env&, Args args) {
  return rounding(
      args, [](const Decimal& d) { return d.abs(); }, [](double d) { return std::fabs(d); });
}
Value fn_ceil(Env&, Args args) {
  return rounding(
      args, [](const Decimal& d) { return d.ceil(); }, [](double d) { return std::ceil(d); });
}
Value fn_floor(Env&, Args args) {
  return rounding(
      args, [](const Decimal& d) { return d.floor(); }, [](double d) { return std::floor(d); });
}
// XPath fn:round: the nearest integer, halves toward positive infinity.
Value fn_round(Env&, Args args) {
  return rounding(
      args, [](const Decimal& d) { return d.round(); },
      [](double d) { return std::isfinite(d) ? std::floor(d + 0.5) : d; });
}

}  // namespace

Value arithmetic(char op, const Term& a, const Term& b) {
  auto x = numeric_value(a), y = numeric_value(b);
  if (!x || !y) return std::nullopt;
  return arithmetic(op, *x, *y);
}

Value arithmetic(char op, const Numeric& x, const Numeric& y) {
  NumericType t = promote(x.type, y.type);
  if (t == NumericType::kInteger || t == NumericType::kDecimal) return exact(op, x.dec, y.dec, t);
  double r = floating(op, convert(x, t).dbl, convert(y, t).dbl);
  if (t == NumericType::kFloat) r = static_cast<float>(r);
  return numeric_term(Numeric::floating(r, t));
}

Value negate(const Term& a) {
  auto x = numeric_value(a);
  if (!x) return std::nullopt;
  if (x->type == NumericType::kInteger || x->type == NumericType::kDecimal)
    x->dec = -x->dec;
  else
    x->dbl = -x->dbl;
  return numeric_term(*x);
}

void add_numeric_functions(BuiltinTable& table) {
  table.emplace("ABS", fn_abs);
  table.emplace("CEIL", fn_ceil);
  table.emplace("FLOOR", fn_floor);
  table.emplace("ROUND", fn_round);
}

}  // namespace annals::query::expr
