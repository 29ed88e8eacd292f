// XPath constructor functions (SPARQL 1.1 §17.5): xsd:string, the numeric types (with the
// types derived from xsd:integer), xsd:boolean, xsd:dateTime and xsd:date, following the
// table of which casts are allowed; the results are canonical literals.
#include <cmath>

#include "expr/functions.hpp"
#include "expr/values.hpp"

namespace annals::query::expr {

namespace {

// XPath's cast of a number to xs:string: doubles and floats in [1e-6, 1e6) as decimals.
std::string number_string(const Numeric& n) {
  switch (n.type) {
    case NumericType::kInteger:
      return n.dec.to_integer_string();
    case NumericType::kDecimal:
      return n.dec.to_plain_string();
    default:
      break;
  }
  double a = std::fabs(n.dbl);
  if (a == 0) return std::signbit(n.dbl) ? "-0" : "0";
  if (a >= 1e-6 && a < 1e6) {
    double v =
        n.type == NumericType::kFloat ? std::stod(format_float(static_cast<float>(n.dbl))) : n.dbl;
    return Decimal::from_double(v)->to_plain_string();
  }
  return n.type == NumericType::kFloat ? format_float(static_cast<float>(n.dbl))
                                       : format_double(n.dbl);
}

Value to_string(const Term& t) {
  if (t.is_iri()) return simple_literal(t.value);
  if (!t.is_literal() || has_language(t)) return std::nullopt;
  if (is_numeric_datatype(t.datatype)) {
    auto n = numeric_value(t);
    if (!n) return std::nullopt;
    return simple_literal(number_string(*n));
  }
  if (t.datatype == kXsdBoolean) {
    auto b = boolean_value(t);
    if (!b) return std::nullopt;
    return simple_literal(*b ? "true" : "false");
  }
  return simple_literal(t.value);
}

// The number a literal stands for when cast to type: strings are read in the target
// type's lexical space, booleans are 1 or 0.
std::optional<Numeric> number_from(const Term& t, NumericType type) {
  if (!t.is_literal()) return std::nullopt;
  if (is_simple_string(t)) {
    switch (type) {
      case NumericType::kInteger:
        if (auto d = Decimal::parse(t.value, true)) return Numeric::integer(*d);
        return std::nullopt;
      case NumericType::kDecimal:
        if (auto d = Decimal::parse(t.value)) return Numeric::decimal(*d);
        return std::nullopt;
      default:
        if (auto d = parse_double(t.value)) return Numeric::floating(*d, type);
        return std::nullopt;
    }
  }
  if (auto b = boolean_value(t)) return convert(Numeric::integer(Decimal::of(*b ? 1 : 0)), type);
  auto n = numeric_value(t);
  if (!n) return std::nullopt;
  if ((type == NumericType::kInteger || type == NumericType::kDecimal) &&
      (n->type == NumericType::kFloat || n->type == NumericType::kDouble)) {
    auto d = Decimal::from_double(n->dbl);  // NaN and the infinities have no decimal
    if (!d) return std::nullopt;
    return convert(Numeric::decimal(*d), type);
  }
  return convert(*n, type);
}

Value to_number(const Term& t, NumericType type) {
  auto n = number_from(t, type);
  if (!n) return std::nullopt;
  return numeric_term(*n);
}

// Integer types derived from xsd:integer: the integer, checked against the type's range.
Value to_integer_subtype(const Term& t, std::string_view iri) {
  auto n = number_from(t, NumericType::kInteger);
  if (!n) return std::nullopt;
  Term r = Term::literal(n->dec.to_integer_string(), std::string(iri));
  if (!numeric_value(r)) return std::nullopt;
  return r;
}

Value to_boolean(const Term& t) {
  if (!t.is_literal()) return std::nullopt;
  if (is_simple_string(t)) {
    if (t.value == "true" || t.value == "1") return boolean_term(true);
    if (t.value == "false" || t.value == "0") return boolean_term(false);
    return std::nullopt;
  }
  if (auto b = boolean_value(t)) return boolean_term(*b);
  auto n = numeric_value(t);
  if (!n) return std::nullopt;
  if (n->type == NumericType::kFloat || n->type == NumericType::kDouble) {
    return boolean_term(!(n->dbl == 0 || std::isnan(n->dbl)));
  }
  return boolean_term(n->dec.sign() != 0);
}

std::string tz_suffix(const DateTime& dt, const std::string& lexical) {
  if (!dt.tz_minutes) return "";
  if (lexical.back() == 'Z') return "Z";
  return lexical.substr(lexical.size() - 6);
}

Value to_datetime(const Term& t) {
  if (!t.is_literal()) return std::nullopt;
  std::string dt_iri(kXsdDateTime);
  if (is_simple_string(t)) {
    Term r = Term::literal(t.value, dt_iri);
    if (!datetime_value(r)) return std::nullopt;
    return r;
  }
  auto dt = datetime_value(t);
  if (!dt) return std::nullopt;
  if (dt->kind == DateTime::Kind::kDateTime) return Term::literal(t.value, dt_iri);
  if (dt->kind != DateTime::Kind::kDate) return std::nullopt;
  std::string date = t.value.substr(0, t.value.size() - tz_suffix(*dt, t.value).size());
  return Term::literal(date + "T00:00:00" + tz_suffix(*dt, t.value), dt_iri);
}

Value to_date(const Term& t) {
  if (!t.is_literal()) return std::nullopt;
  std::string date_iri(kXsdDate);
  if (is_simple_string(t)) {
    Term r = Term::literal(t.value, date_iri);
    if (!datetime_value(r)) return std::nullopt;
    return r;
  }
  auto dt = datetime_value(t);
  if (!dt) return std::nullopt;
  if (dt->kind == DateTime::Kind::kDate) return Term::literal(t.value, date_iri);
  if (dt->kind != DateTime::Kind::kDateTime) return std::nullopt;
  return Term::literal(t.value.substr(0, t.value.find('T')) + tz_suffix(*dt, t.value), date_iri);
}

// XPath casts from xs:string strip the whitespace around the value first (" 12 " is 12).
std::string trimmed(const std::string& s) {
  constexpr const char* kSpace = " \t\r\n";
  std::size_t first = s.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

Value cast_to(std::string_view local, std::string_view iri, const Term& arg) {
  if (local == "integer") return to_number(arg, NumericType::kInteger);
  if (local == "decimal") return to_number(arg, NumericType::kDecimal);
  if (local == "float") return to_number(arg, NumericType::kFloat);
  if (local == "double") return to_number(arg, NumericType::kDouble);
  if (local == "boolean") return to_boolean(arg);
  if (local == "dateTime") return to_datetime(arg);
  if (local == "date") return to_date(arg);
  return to_integer_subtype(arg, iri);
}

}  // namespace

bool is_cast(std::string_view iri) {
  if (!iri.starts_with(kXsd)) return false;
  std::string_view local = iri.substr(kXsd.size());
  return local == "string" || local == "decimal" || local == "float" || local == "double" ||
         local == "boolean" || local == "dateTime" || local == "date" || is_integer_datatype(iri);
}

std::optional<Value> cast(std::string_view iri, const Term& arg) {
  if (!is_cast(iri)) return std::nullopt;
  std::string_view local = iri.substr(kXsd.size());
  if (arg.is_blank() || arg.is_triple()) return Value();
  if (local == "string") return to_string(arg);
  // Only xsd:string may be made from an IRI or a language-tagged string.
  if (arg.is_iri() || has_language(arg)) return Value();
  if (is_simple_string(arg)) return cast_to(local, iri, simple_literal(trimmed(arg.value)));
  return cast_to(local, iri, arg);
}

}  // namespace annals::query::expr
