// The date and time accessors of SPARQL 1.1 §17.4.5: YEAR ... SECONDS, TIMEZONE and TZ,
// on xsd:dateTime (and, as Jena allows, the parts an xsd:date or xsd:time has).
#include "expr/functions.hpp"
#include "expr/values.hpp"

namespace annals::query::expr {

namespace {

using Kind = DateTime::Kind;

// The argument as a date/time of one of the kinds given, or nullopt.
std::optional<DateTime> date_arg(Args args, std::initializer_list<Kind> kinds) {
  auto dt = datetime_value(*args[0]);
  if (!dt) return std::nullopt;
  for (Kind k : kinds) {
    if (dt->kind == k) return dt;
  }
  return std::nullopt;
}

Term integer(std::int64_t v) { return numeric_term(Numeric::integer(Decimal::of(v))); }

Value fn_year(Env&, Args args) {
  auto dt = date_arg(args, {Kind::kDateTime, Kind::kDate, Kind::kGYear, Kind::kGYearMonth});
  if (!dt) return std::nullopt;
  return integer(dt->year);
}

Value fn_month(Env&, Args args) {
  auto dt = date_arg(
      args, {Kind::kDateTime, Kind::kDate, Kind::kGYearMonth, Kind::kGMonth, Kind::kGMonthDay});
  if (!dt) return std::nullopt;
  return integer(dt->month);
}

Value fn_day(Env&, Args args) {
  auto dt = date_arg(args, {Kind::kDateTime, Kind::kDate, Kind::kGDay, Kind::kGMonthDay});
  if (!dt) return std::nullopt;
  return integer(dt->day);
}

Value fn_hours(Env&, Args args) {
  auto dt = date_arg(args, {Kind::kDateTime, Kind::kTime});
  if (!dt) return std::nullopt;
  return integer(dt->hour);
}

Value fn_minutes(Env&, Args args) {
  auto dt = date_arg(args, {Kind::kDateTime, Kind::kTime});
  if (!dt) return std::nullopt;
  return integer(dt->minute);
}

Value fn_seconds(Env&, Args args) {
  auto dt = date_arg(args, {Kind::kDateTime, Kind::kTime});
  if (!dt) return std::nullopt;
  return numeric_term(Numeric::decimal(dt->seconds()));
}

// TIMEZONE: the offset as xsd:dayTimeDuration; an error without a timezone.
Value fn_timezone(Env&, Args args) {
  auto dt = datetime_value(*args[0]);
  if (!dt || !dt->tz_minutes) return std::nullopt;
  return Term::literal(timezone_duration(*dt->tz_minutes), std::string(kXsdDayTimeDuration));
}

// TZ: the timezone as written in canonical form ("Z", "-08:00"), "" without one.
Value fn_tz(Env&, Args args) {
  auto dt = datetime_value(*args[0]);
  if (!dt) return std::nullopt;
  if (!dt->tz_minutes) return simple_literal("");
  int m = *dt->tz_minutes;
  if (m == 0) return simple_literal("Z");
  int a = m < 0 ? -m : m;
  std::string s = m < 0 ? "-" : "+";
  s += static_cast<char>('0' + a / 600);
  s += static_cast<char>('0' + a / 60 % 10);
  s += ':';
  s += static_cast<char>('0' + a % 60 / 10);
  s += static_cast<char>('0' + a % 10);
  return simple_literal(s);
}

}  // namespace

void add_datetime_functions(BuiltinTable& table) {
  table.emplace("YEAR", fn_year);
  table.emplace("MONTH", fn_month);
  table.emplace("DAY", fn_day);
  table.emplace("HOURS", fn_hours);
  table.emplace("MINUTES", fn_minutes);
  table.emplace("SECONDS", fn_seconds);
  table.emplace("TIMEZONE", fn_timezone);
  table.emplace("TZ", fn_tz);
}

}  // namespace annals::query::expr
