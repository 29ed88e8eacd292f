// Calendar arithmetic for valid-time bounds (proleptic Gregorian, days since 1970-01-01).
#include "annals/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "annals/term.hpp"

namespace annals {

namespace {
constexpr std::string_view kXsdDate = "http://www.w3.org/2001/XMLSchema#date";
constexpr std::string_view kXsdGYear = "http://www.w3.org/2001/XMLSchema#gYear";
constexpr std::string_view kXsdGYearMonth = "http://www.w3.org/2001/XMLSchema#gYearMonth";
// The range std::chrono::year covers.
constexpr std::int64_t kMaxYear = 32767;

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}
bool parse_digits(std::string_view s, std::int64_t& out) {
  if (s.empty()) return false;
  for (char c : s) if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

// std::chrono's civil calendar does the arithmetic (years -32767..32767).
std::int32_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  using namespace std::chrono;
  const sys_days t{year{static_cast<int>(y)} / month{m} / day{d}};
  return static_cast<std::int32_t>(t.time_since_epoch().count());
}

void civil_from_days(std::int32_t days, std::int64_t& y, unsigned& m, unsigned& d) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  y = static_cast<int>(ymd.year());
  m = static_cast<unsigned>(ymd.month());
  d = static_cast<unsigned>(ymd.day());
}

std::optional<DateBound> parse_date_bound(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  std::size_t dash = text.find('-');
  std::string_view ys = text.substr(0, dash);
  std::int64_t year = 0;
  if (ys.size() < 4 || (ys.size() > 4 && ys[0] == '0') || !parse_digits(ys, year)) return {};
  if (negative) year = -year;
  if (year >= kMaxYear || year <= -kMaxYear) return {};  // end_of_period must fit too
  if (dash == std::string_view::npos) {
    return DateBound{days_from_civil(year, 1, 1), Precision::kYear};
  }
  std::string_view rest = text.substr(dash + 1);
  std::int64_t month = 0, day = 0;
  if (rest.size() < 2 || !parse_digits(rest.substr(0, 2), month) || month < 1 || month > 12) {
    return {};
  }
  if (rest.size() == 2) {
    return DateBound{days_from_civil(year, static_cast<unsigned>(month), 1), Precision::kMonth};
  }
  if (rest.size() != 5 || rest[2] != '-' || !parse_digits(rest.substr(3), day) || day < 1 ||
      day > days_in_month(year, static_cast<unsigned>(month))) {
    return {};
  }
  return DateBound{days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)),
                   Precision::kDay};
}

std::optional<DateBound> parse_date_literal(std::string_view lexical, std::string_view datatype) {
  auto b = parse_date_bound(lexical);
  if (!b) return {};
  if ((datatype == kXsdGYear && b->precision == Precision::kYear) ||
      (datatype == kXsdGYearMonth && b->precision == Precision::kMonth) ||
      (datatype == kXsdDate && b->precision == Precision::kDay)) {
    return b;
  }
  return {};
}

DateBound end_of_period(DateBound b) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(b.days, y, m, d);
  switch (b.precision) {
    case Precision::kYear: return {days_from_civil(y + 1, 1, 1), Precision::kYear};
    case Precision::kMonth:
      return {m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1),
              Precision::kMonth};
    case Precision::kDay: return {b.days + 1, Precision::kDay};
  }
  return b;
}

std::string to_string(DateBound b) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(b.days, y, m, d);
  char buf[40];
  const char* sign = y < 0 ? "-" : "";
  long long ay = y < 0 ? -y : y;
  switch (b.precision) {
    case Precision::kYear: std::snprintf(buf, sizeof buf, "%s%04lld", sign, ay); break;
    case Precision::kMonth: std::snprintf(buf, sizeof buf, "%s%04lld-%02u", sign, ay, m); break;
    case Precision::kDay:
      std::snprintf(buf, sizeof buf, "%s%04lld-%02u-%02u", sign, ay, m, d);
      break;
  }
  return buf;
}

std::string_view datatype_for(Precision p) {
  switch (p) {
    case Precision::kYear: return kXsdGYear;
    case Precision::kMonth: return kXsdGYearMonth;
    case Precision::kDay: return kXsdDate;
  }
  return kXsdDate;
}

bool ValidTime::overlaps(const ValidTime& other) const {
  // [a, b) and [c, d) overlap when a < d and c < b; open bounds are infinite.
  if (from && other.to && !(from->days < other.to->days)) return false;
  if (other.from && to && !(other.from->days < to->days)) return false;
  return true;
}

std::string to_string(const ValidTime& v) {
  if (v.is_always()) return "always";
  return "[" + (v.from ? to_string(*v.from) : std::string("-∞")) + ", " +
         (v.to ? to_string(*v.to) : std::string("∞")) + ")";
}

}  // namespace annals
