// Exact xsd:decimal (and xsd:integer) arithmetic for expressions (XPath 2.0 op:numeric-*):
// an arbitrary-precision integer scaled by a power of ten, on Boost.Multiprecision's cpp_int.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace annals::query::expr {

using BigInt = boost::multiprecision::cpp_int;

class Decimal {
 public:
  Decimal() = default;
  Decimal(BigInt units, unsigned scale) : units_(std::move(units)), scale_(scale) {}
  static Decimal of(std::int64_t v) { return Decimal(BigInt(v), 0); }

  // The xsd:decimal lexical space: [+-]? (digits ('.' digits?)? | '.' digits). With
  // integer_only, the xsd:integer one: [+-]? digits.
  static std::optional<Decimal> parse(std::string_view s, bool integer_only = false);
  // The decimal of a finite double, with the digits of its shortest round-trip form (as
  // Jena's BigDecimal.valueOf); nullopt for NaN and infinities.
  static std::optional<Decimal> from_double(double d);

  // Canonical xsd:decimal (XSD 1.0: "2.0", "0.5", "-1.25").
  std::string to_string() const;
  // The integer part, as xsd:integer's canonical form. Precondition: is_integer().
  std::string to_integer_string() const;
  // The decimal's form without a trailing ".0" ("2", "0.5"): XPath's cast to xsd:string.
  std::string to_plain_string() const;
  double to_double() const;
  // The value as an int64 if it is an integer in range.
  std::optional<std::int64_t> to_int64() const;

  bool is_integer() const;
  int sign() const { return units_.sign(); }
  Decimal operator-() const { return Decimal(-units_, scale_); }
  Decimal abs() const { return Decimal(boost::multiprecision::abs(units_), scale_); }

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  // a / b: exact when the quotient terminates, else 24 digits after the point rounded down
  // (Jena's choice; XPath asks for at least 18). nullopt when b is zero.
  static std::optional<Decimal> divide(const Decimal& a, const Decimal& b);
  friend int compare(const Decimal& a, const Decimal& b);

  // Rounding to an integral decimal (scale 0): toward -inf, +inf, zero, and XPath fn:round
  // (nearest, halves toward +inf).
  Decimal floor() const;
  Decimal ceil() const;
  Decimal trunc() const;
  Decimal round() const;

 private:
  // The same value with the fractional zeros dropped.
  Decimal normalized() const;
  BigInt units_;
  unsigned scale_ = 0;
};

}  // namespace annals::query::expr
