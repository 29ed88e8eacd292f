// Calendar arithmetic for valid-time bounds (proleptic Gregorian, days since 1970-01-01), the
// annotation -> interval rule, and the instants AS OF reads.
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

// --- the annals vocabulary --------------------------------------------------------------------

std::optional<TimeBound> time_bound_of(std::string_view iri) {
  // All three are the namespace and seven or nine more characters: a size test rejects most.
  if (iri.size() != kAnnalsValidIn.size() && iri.size() != kAnnalsValidFrom.size()) return {};
  if (iri == kAnnalsValidFrom) return TimeBound::kFrom;
  if (iri == kAnnalsValidIn) return TimeBound::kIn;
  if (iri == kAnnalsValidTo) return TimeBound::kTo;
  return {};
}

std::string_view bound_name(TimeBound b) {
  switch (b) {
    case TimeBound::kFrom:
      return "annals:validFrom";
    case TimeBound::kTo:
      return "annals:validTo";
    case TimeBound::kIn:
      return "annals:validIn";
  }
  return {};
}

std::string_view bound_iri(TimeBound b) {
  switch (b) {
    case TimeBound::kFrom:
      return kAnnalsValidFrom;
    case TimeBound::kTo:
      return kAnnalsValidTo;
    case TimeBound::kIn:
      return kAnnalsValidIn;
  }
  return {};
}

bool is_one_period(const ValidTime& v) { return v.from && v.to && *v.to == end_of_period(*v.from); }

std::optional<DateBound> bound_in(TimeBound b, const ValidTime& v) {
  switch (b) {
    case TimeBound::kFrom:
      return v.from;
    case TimeBound::kTo:
      return v.to;
    case TimeBound::kIn:
      return is_one_period(v) ? v.from : std::nullopt;
  }
  return {};
}

// --- the annotation -> interval rule ----------------------------------------------------------

namespace {

// A term as a message shows it: xsd datatypes shortened to "xsd:".
std::string show(const Term& t) {
  if (!t.is_literal() || !t.datatype.starts_with(kXsd)) return to_ntriples(t);
  std::string s = to_ntriples(Term::literal(t.value));
  if (t.datatype != kXsdString) {
    s += "^^xsd:";
    s += std::string_view(t.datatype).substr(kXsd.size());
  }
  return s;
}

bool is_date_datatype(std::string_view dt) {
  return dt == kXsdGYear || dt == kXsdGYearMonth || dt == kXsdDate;
}

Status not_after(DateBound to, DateBound from) {
  return Status::invalid_input("annals:validTo " + to_string(to) +
                               " is not after annals:validFrom " + to_string(from));
}

}  // namespace

Status IntervalRule::add(TimeBound bound, const Term& value) {
  if (!value.is_literal() || !is_date_datatype(value.datatype)) {
    return Status::invalid_input(std::string(bound_name(bound)) +
                                 " needs an xsd:gYear, xsd:gYearMonth or xsd:date literal, not " +
                                 show(value));
  }
  auto date = parse_date_literal(value.value, value.datatype);
  if (!date) {
    return Status::invalid_input(show(value) + " is not a valid xsd:" +
                                 std::string(std::string_view(value.datatype).substr(kXsd.size())));
  }
  return add(bound, *date);
}

Status IntervalRule::add(TimeBound bound, DateBound date) {
  const std::string_view name = bound_name(bound);
  auto twice = [&] {
    return Status::invalid_input(std::string(name) + " is given twice in one annotation");
  };
  if (bound == TimeBound::kIn && in_) return twice();
  if (bound == TimeBound::kIn ? any_ : in_) {
    return Status::invalid_input(
        "annals:validIn cannot be combined with annals:validFrom or annals:validTo in one "
        "annotation");
  }
  std::optional<DateBound>& slot = bound == TimeBound::kTo ? valid_.to : valid_.from;
  if (slot) return twice();
  any_ = true;
  if (bound == TimeBound::kIn) {
    in_ = true;
    valid_ = ValidTime::during(date, date);
    return Status::ok();
  }
  slot = date;
  return check_interval(valid_);
}

Result<ValidTime> valid_during(DateBound first, DateBound last) {
  if (end_of_period(last) <= first)
    return Status::invalid_input("VALID DURING ends before it starts");
  return ValidTime::during(first, last);
}

Status check_interval(const ValidTime& v) {
  if (v.from && v.to && v.to->days <= v.from->days) return not_after(*v.to, *v.from);
  return Status::ok();
}

// --- instants ---------------------------------------------------------------------------------

namespace {

// Two digits at s[at] as a number no larger than max; nullopt otherwise.
std::optional<int> two_digits(std::string_view s, std::size_t at, int max) {
  if (s.size() < at + 2) return {};
  const char a = s[at], b = s[at + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return {};
  const int v = (a - '0') * 10 + (b - '0');
  if (v > max) return {};
  return v;
}

}  // namespace

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  // The date: exactly "YYYY-MM-DD" (a later '-' or 'T' is the time's).
  if (text.size() < 10 || text[0] == '-') return {};
  const auto date = parse_date_bound(text.substr(0, 10));
  if (!date || date->precision != Precision::kDay) return {};
  std::int64_t ms = std::int64_t{date->days} * 86'400'000;
  if (text.size() == 10) return ms;
  const auto h = two_digits(text, 11, 23), m = two_digits(text, 14, 59),
             sec = two_digits(text, 17, 59);
  if (text[10] != 'T' || !h || !m || !sec || text[13] != ':' || text[16] != ':') return {};
  ms += ((std::int64_t{*h} * 60 + *m) * 60 + *sec) * 1000;
  std::size_t i = 19;
  if (i < text.size() && text[i] == '.') {  // a fraction of a second: milliseconds
    const std::size_t start = ++i;
    std::int64_t scale = 100;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10) {
      ms += (text[i] - '0') * scale;
    }
    if (i == start) return {};
  }
  const std::string_view zone = text.substr(i);
  if (zone == "Z") return ms;
  // XSD 1.1: a zone is (+|-)hh:mm, at most 14:00 either way.
  const auto zh = two_digits(zone, 1, 14), zm = two_digits(zone, 4, 59);
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !zh || !zm || zone[3] != ':' ||
      (*zh == 14 && *zm != 0)) {
    return {};
  }
  const std::int64_t offset = (std::int64_t{*zh} * 60 + *zm) * 60'000;
  return zone[0] == '+' ? ms - offset : ms + offset;
}

}  // namespace annals
