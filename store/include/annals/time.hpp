// Time, in one place for every layer: valid-time intervals [from, to) whose bounds are calendar
// dates with a precision (year, month or day) or open, the rule by which annotations make an
// interval, and the instants AS OF reads. docs/DESIGN.md "Facts in time" is the contract this
// follows: a bound stands for the first day of its period, "2025-04" as a period is
// [2025-04-01, 2025-05-01).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "annals/status.hpp"

namespace annals {

struct Term;

enum class Precision : std::uint8_t { kYear = 1, kMonth = 2, kDay = 3 };

// The first day of a year, month or day, in the proleptic Gregorian calendar.
// days counts from 1970-01-01 (negative before it).
struct DateBound {
  std::int32_t days = 0;
  Precision precision = Precision::kDay;

  // Timeline order: by day, the coarser precision first on ties (docs/DESIGN.md).
  friend auto operator<=>(const DateBound& a, const DateBound& b) = default;
};

// Days since 1970-01-01 for a civil date, and back. Month 1..12, day 1..31.
std::int32_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
void civil_from_days(std::int32_t days, std::int64_t& year, unsigned& month, unsigned& day);

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a leading '-' for years before 1 CE, at least four
// year digits). The precision follows the form. Returns nullopt for anything else, including
// impossible dates such as "2025-13" or "2025-02-30".
std::optional<DateBound> parse_date_bound(std::string_view text);

// The same for a typed literal: the datatype must be xsd:gYear, xsd:gYearMonth or xsd:date
// and the lexical form must match it (a timezone is not allowed).
std::optional<DateBound> parse_date_literal(std::string_view lexical, std::string_view datatype);

// The first day after the period a bound names, at the same precision:
// 2025 -> 2026, 2025-04 -> 2025-05, 2025-04-30 -> 2025-05-01.
DateBound end_of_period(DateBound b);

// "2025", "2025-04" or "2025-04-01", as the precision says.
std::string to_string(DateBound b);
// The XSD datatype IRI that carries a bound of this precision.
std::string_view datatype_for(Precision p);

// A valid-time interval [from, to). An absent bound is open. Both absent: valid at all times.
struct ValidTime {
  std::optional<DateBound> from;
  std::optional<DateBound> to;

  bool is_always() const { return !from && !to; }
  // The interval a period names: [start of first, end of last).
  static ValidTime during(DateBound first, DateBound last) {
    return ValidTime{first, end_of_period(last)};
  }
  // True when the two intervals share at least one day.
  bool overlaps(const ValidTime& other) const;

  friend bool operator==(const ValidTime& a, const ValidTime& b) = default;
};

// "[2025-04, 2025-05)", "[2023-09, ∞)", "always".
std::string to_string(const ValidTime& v);

// The vocabulary that carries valid time in files and queries (docs/DESIGN.md "Facts in time"):
// annals:validFrom and annals:validTo (exclusive) bound the interval, annals:validIn P is
// [start of P, end of P).
inline constexpr std::string_view kAnnalsNs = "https://annals.dev/ns#";
inline constexpr std::string_view kAnnalsValidFrom = "https://annals.dev/ns#validFrom";
inline constexpr std::string_view kAnnalsValidTo = "https://annals.dev/ns#validTo";
inline constexpr std::string_view kAnnalsValidIn = "https://annals.dev/ns#validIn";

// Which of those an annotation statement gives.
enum class TimeBound : std::uint8_t { kFrom, kTo, kIn };
// The bound an IRI names, or nullopt for any other IRI.
std::optional<TimeBound> time_bound_of(std::string_view iri);
// "annals:validFrom", "annals:validTo", "annals:validIn".
std::string_view bound_name(TimeBound b);
// The IRI of a bound.
std::string_view bound_iri(TimeBound b);

// The bound of an interval that an annotation states, if it has one: annals:validIn only
// for an interval that is exactly one period (the form `annals dump` writes).
std::optional<DateBound> bound_in(TimeBound b, const ValidTime& v);
// True when the interval is exactly one period: [start of P, end of P).
bool is_one_period(const ValidTime& v);

// The rule by which the annals statements of one annotation make an interval, for files,
// updates and the store alike (docs/DESIGN.md "The vocabulary"): each value an xsd:gYear,
// xsd:gYearMonth or xsd:date literal of a valid form; validFrom and validTo at most once
// each; validIn alone (its period); the end after the start. Errors are kInvalidInput
// without a place (the caller knows it) and name the statement at fault.
class IntervalRule {
 public:
  // Adds one statement's value (a Term, term.hpp).
  Status add(TimeBound bound, const Term& value);
  // Adds one bound already read as a date.
  Status add(TimeBound bound, DateBound date);
  // True when nothing was added.
  bool empty() const { return !any_; }
  const ValidTime& interval() const { return valid_; }
  void clear() { *this = IntervalRule(); }

 private:
  ValidTime valid_;
  bool any_ = false;
  bool in_ = false;
};

// The interval VALID DURING first last names, [start of first, end of last); kInvalidInput
// when it ends before it starts.
Result<ValidTime> valid_during(DateBound first, DateBound last);

// The check every stored interval passes: when both bounds are given, the end after the start.
Status check_interval(const ValidTime& v);

// An instant as AS OF takes it, in milliseconds since 1970-01-01T00:00:00Z: a date
// "YYYY-MM-DD" (its first instant, UTC) or an xsd:dateTime with a time zone,
// "YYYY-MM-DDThh:mm:ss[.s+](Z|(+|-)hh:mm)". The year has four digits; hours 00-23, minutes
// and seconds 00-59 (no leap second), a zone at most 14:00 either way (XSD 1.1); fractions
// beyond milliseconds are cut off. Returns nullopt for anything else, impossible dates
// ("2025-02-29") included.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

}  // namespace annals
