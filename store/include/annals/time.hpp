// Valid time: half-open intervals [from, to) whose bounds are calendar dates with a precision
// (year, month or day), or open. DESIGN.md "The time model" is the contract this follows:
// a bound stands for the first day of its period, and "2025-04" as a period is
// [2025-04-01, 2025-05-01).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace annals {

enum class Precision : std::uint8_t { kYear = 1, kMonth = 2, kDay = 3 };

// The first day of a year, month or day, in the proleptic Gregorian calendar.
// days counts from 1970-01-01 (negative before it).
struct DateBound {
  std::int32_t days = 0;
  Precision precision = Precision::kDay;

  // Timeline order: by day, the coarser precision first on ties (DESIGN.md).
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

// The vocabulary that carries valid time in files and queries (DESIGN.md "The time model"):
// annals:validFrom and annals:validTo (exclusive) bound the interval, annals:validIn P is
// [start of P, end of P).
inline constexpr std::string_view kAnnalsNs = "https://annals.dev/ns#";
inline constexpr std::string_view kAnnalsValidFrom = "https://annals.dev/ns#validFrom";
inline constexpr std::string_view kAnnalsValidTo = "https://annals.dev/ns#validTo";
inline constexpr std::string_view kAnnalsValidIn = "https://annals.dev/ns#validIn";

}  // namespace annals
