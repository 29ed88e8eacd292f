// The typed value model of expressions: what a literal's datatype makes of its lexical form
// (numbers with XPath's type promotion, booleans, strings, dates and times), and back to
// canonical literals. Ill-formed literals ("abc"^^xsd:integer) have no value: they are
// compared only as RDF terms (SPARQL 1.1 §17.3.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "annals/term.hpp"
#include "expr/decimal.hpp"

namespace annals::query::expr {

inline constexpr std::string_view kXsdFloat = "http://www.w3.org/2001/XMLSchema#float";
inline constexpr std::string_view kXsdDateTime = "http://www.w3.org/2001/XMLSchema#dateTime";
inline constexpr std::string_view kXsdDate = "http://www.w3.org/2001/XMLSchema#date";
inline constexpr std::string_view kXsdDayTimeDuration =
    "http://www.w3.org/2001/XMLSchema#dayTimeDuration";

// --- numbers ----------------------------------------------------------------------------------

// XPath's numeric types in promotion order (integer < decimal < float < double, §17.3).
enum class NumericType : std::uint8_t { kInteger, kDecimal, kFloat, kDouble };

struct Numeric {
  NumericType type = NumericType::kInteger;
  Decimal dec;     // kInteger, kDecimal
  double dbl = 0;  // kFloat (a float's value), kDouble
  double as_double() const;
  static Numeric integer(Decimal d) { return {NumericType::kInteger, std::move(d), 0}; }
  static Numeric decimal(Decimal d) { return {NumericType::kDecimal, std::move(d), 0}; }
  static Numeric floating(double v, NumericType t) { return {t, {}, v}; }
};

// xsd:integer and the types derived from it (xsd:int, xsd:nonNegativeInteger, ...).
bool is_integer_datatype(std::string_view datatype);
bool is_numeric_datatype(std::string_view datatype);
// The value of a numeric literal; nullopt for other terms and ill-formed numbers (including
// values outside a derived type's range).
std::optional<Numeric> numeric_value(const Term& t);
// The canonical literal of a value: "2"^^xsd:integer, "2.0"^^xsd:decimal, "2.0E0"^^xsd:double.
Term numeric_term(const Numeric& n);
// Canonical xsd:double / xsd:float forms ("1.0E0", "-INF", "NaN").
std::string format_double(double d);
std::string format_float(float f);
// The xsd:double lexical space (also xsd:float's); nullopt when s is not in it.
std::optional<double> parse_double(std::string_view s);
// Same type for both: the wider of the two, converting the other (§17.3 type promotion).
NumericType promote(NumericType a, NumericType b);
Numeric convert(const Numeric& n, NumericType to);

// --- booleans and strings ---------------------------------------------------------------------

std::optional<bool> boolean_value(const Term& t);
Term boolean_term(bool b);
// xsd:string (a simple literal in RDF 1.1).
bool is_simple_string(const Term& t);
// A string literal of §17.4.3.1.1: xsd:string or a language-tagged string.
bool is_string_literal(const Term& t);
bool has_language(const Term& t);

// --- dates and times --------------------------------------------------------------------------

// An xsd:dateTime, xsd:date, xsd:time or one of the Gregorian types, as written.
struct DateTime {
  enum class Kind : std::uint8_t {
    kDateTime,
    kDate,
    kTime,
    kGYear,
    kGYearMonth,
    kGMonth,
    kGDay,
    kGMonthDay
  };
  Kind kind = Kind::kDateTime;
  std::int64_t year = 1972;
  int month = 12, day = 31, hour = 0, minute = 0, second = 0;
  std::string fraction;           // digits after the point, trailing zeros dropped
  std::optional<int> tz_minutes;  // offset from UTC; nullopt: no timezone

  // Seconds since 1970-01-01T00:00:00Z, taking a missing timezone as UTC, and the fraction
  // in nanoseconds: for comparisons.
  std::int64_t epoch_seconds() const;
  std::int64_t nanos() const;
  // The seconds with their fraction, as xsd:decimal.
  Decimal seconds() const;
};

std::optional<DateTime> datetime_value(const Term& t);
// The canonical xsd:dateTime literal of an instant in milliseconds since the epoch, in UTC.
Term datetime_term(std::int64_t epoch_ms);
// A timezone offset as xsd:dayTimeDuration's canonical form ("PT0S", "-PT8H", "PT5H30M").
std::string timezone_duration(int minutes);

}  // namespace annals::query::expr
