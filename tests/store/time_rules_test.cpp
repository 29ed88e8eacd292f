// The time rules every layer shares (time.hpp): the annals predicates, the annotation ->
// interval rule the loaders, updates and the store apply, and the instants AS OF reads.
#include <catch2/catch.hpp>

#include "annals/term.hpp"
#include "annals/time.hpp"

using namespace annals;

namespace {

DateBound date(const char* s) { return *parse_date_bound(s); }
Term typed(const char* lexical, std::string_view precision) {
  return Term::literal(lexical,
                       std::string(datatype_for(precision == "year"    ? Precision::kYear
                                                : precision == "month" ? Precision::kMonth
                                                                       : Precision::kDay)));
}
constexpr std::int64_t kDay = 86'400'000;

}  // namespace

TEST_CASE("the three annals predicates have one enum", "[time]") {
  CHECK(time_bound_of(kAnnalsValidFrom) == TimeBound::kFrom);
  CHECK(time_bound_of(kAnnalsValidTo) == TimeBound::kTo);
  CHECK(time_bound_of(kAnnalsValidIn) == TimeBound::kIn);
  CHECK_FALSE(time_bound_of("https://annals.dev/ns#validAt"));
  CHECK_FALSE(time_bound_of("https://annals.dev/ns#validFROM"));
  CHECK_FALSE(time_bound_of(""));
  for (TimeBound b : {TimeBound::kFrom, TimeBound::kTo, TimeBound::kIn}) {
    CHECK(time_bound_of(bound_iri(b)) == b);
  }
  CHECK(bound_name(TimeBound::kIn) == "annals:validIn");
}

TEST_CASE("an interval states validIn only when it is one period", "[time]") {
  const ValidTime april = ValidTime::during(date("2025-04"), date("2025-04"));
  CHECK(is_one_period(april));
  CHECK(bound_in(TimeBound::kIn, april) == date("2025-04"));
  CHECK(bound_in(TimeBound::kFrom, april) == date("2025-04"));
  CHECK(bound_in(TimeBound::kTo, april) == date("2025-05"));
  // Two months, or bounds of different precisions, are not one period.
  const ValidTime spring{date("2025-04"), date("2025-06")};
  CHECK_FALSE(is_one_period(spring));
  CHECK_FALSE(bound_in(TimeBound::kIn, spring));
  CHECK_FALSE(is_one_period(ValidTime{date("2025-04"), date("2025-05-01")}));
  CHECK_FALSE(is_one_period(ValidTime{date("2025"), std::nullopt}));
  CHECK_FALSE(bound_in(TimeBound::kTo, ValidTime{date("2025"), std::nullopt}));
}

TEST_CASE("annotations make an interval by one rule", "[time]") {
  SECTION("from and to, in either order") {
    IntervalRule r;
    CHECK(r.empty());
    REQUIRE(r.add(TimeBound::kTo, typed("2025-05", "month")));
    REQUIRE(r.add(TimeBound::kFrom, typed("2025", "year")));
    CHECK_FALSE(r.empty());
    CHECK(r.interval() == ValidTime{date("2025"), date("2025-05")});
  }
  SECTION("validIn is its period") {
    IntervalRule r;
    REQUIRE(r.add(TimeBound::kIn, typed("2024-02-29", "day")));
    CHECK(r.interval() == ValidTime{date("2024-02-29"), date("2024-03-01")});
  }
  SECTION("an open bound stays open") {
    IntervalRule r;
    REQUIRE(r.add(TimeBound::kFrom, typed("2023-09", "month")));
    CHECK(r.interval() == ValidTime{date("2023-09"), std::nullopt});
  }
  SECTION("errors name the statement at fault") {
    IntervalRule r;
    CHECK(r.add(TimeBound::kFrom, Term::literal("2025")).message() ==
          "annals:validFrom needs an xsd:gYear, xsd:gYearMonth or xsd:date literal, not \"2025\"");
    CHECK(r.add(TimeBound::kFrom, Term::iri("http://x/y")).code() == StatusCode::kInvalidInput);
    // The datatype is the precision: a month in xsd:date is no date.
    CHECK(r.add(TimeBound::kTo, typed("2025-04", "day")).message() ==
          "\"2025-04\"^^xsd:date is not a valid xsd:date");
    CHECK(r.add(TimeBound::kTo, typed("2025-02-29", "day")).message() ==
          "\"2025-02-29\"^^xsd:date is not a valid xsd:date");
    CHECK(r.empty());
    REQUIRE(r.add(TimeBound::kFrom, date("2025")));
    CHECK(r.add(TimeBound::kFrom, date("2026")).message() ==
          "annals:validFrom is given twice in one annotation");
    CHECK(r.add(TimeBound::kIn, date("2026")).message() ==
          "annals:validIn cannot be combined with annals:validFrom or annals:validTo in one "
          "annotation");
    CHECK(r.add(TimeBound::kTo, date("2024")).message() ==
          "annals:validTo 2024 is not after annals:validFrom 2025");
  }
  SECTION("validIn twice, or before validFrom") {
    IntervalRule r;
    REQUIRE(r.add(TimeBound::kIn, date("2025")));
    CHECK(r.add(TimeBound::kIn, date("2025")).message() ==
          "annals:validIn is given twice in one annotation");
    CHECK_THAT(r.add(TimeBound::kTo, date("2026")).message(),
               Catch::StartsWith("annals:validIn cannot be combined"));
    r.clear();
    CHECK(r.empty());
  }
  SECTION("an end on the start's day is not after it, across precisions") {
    IntervalRule r;
    REQUIRE(r.add(TimeBound::kFrom, date("2025-01-01")));
    CHECK_FALSE(r.add(TimeBound::kTo, date("2025")));
  }
}

TEST_CASE("every stored interval ends after it starts", "[time]") {
  CHECK(check_interval(ValidTime{}));
  CHECK(check_interval(ValidTime{date("2025"), std::nullopt}));
  CHECK(check_interval(ValidTime{date("2025-12-31"), date("2026")}));
  CHECK(check_interval(ValidTime{date("2026"), date("2025")}).code() == StatusCode::kInvalidInput);
  CHECK_FALSE(check_interval(ValidTime{date("2025-03"), date("2025-03")}));
}

TEST_CASE("VALID DURING names an interval that ends after it starts", "[time]") {
  auto v = valid_during(date("2023-09"), date("2025"));
  REQUIRE(v);
  CHECK(*v == ValidTime{date("2023-09"), date("2026")});
  // The last period's end counts: DURING 2025-04-30 2025-04 is the end of April.
  CHECK(valid_during(date("2025-04-30"), date("2025-04")));
  CHECK(valid_during(date("2025-05"), date("2025-04")).status().message() ==
        "VALID DURING ends before it starts");
}

TEST_CASE("AS OF instants: dates and xsd:dateTime with a zone", "[time]") {
  SECTION("a date is its first instant, UTC") {
    CHECK(parse_timestamp("1970-01-01") == 0);
    CHECK(parse_timestamp("1970-01-02") == kDay);
    CHECK(parse_timestamp("1969-12-31") == -kDay);
    CHECK(parse_timestamp("2026-03-01") == std::int64_t{days_from_civil(2026, 3, 1)} * kDay);
  }
  SECTION("time zones move the instant") {
    CHECK(parse_timestamp("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_timestamp("1970-01-01T01:00:00+01:00") == 0);
    CHECK(parse_timestamp("1969-12-31T23:00:00-01:00") == 0);
    CHECK(parse_timestamp("1970-01-01T00:00:00+05:30") == -(5 * 60 + 30) * 60'000);
    CHECK(parse_timestamp("1970-01-01T00:00:00-00:00") == 0);
    CHECK(parse_timestamp("2026-01-01T00:00:00+14:00") ==
          std::int64_t{days_from_civil(2026, 1, 1)} * kDay - 14 * 3'600'000);
    CHECK(parse_timestamp("2026-01-01T00:00:00-14:00"));
    // A zone crosses a day, a month and a year.
    CHECK(parse_timestamp("2025-12-31T20:00:00-05:00") == parse_timestamp("2026-01-01T01:00:00Z"));
  }
  SECTION("fractions of a second: milliseconds, the rest cut off") {
    CHECK(parse_timestamp("1970-01-01T00:00:01.5Z") == 1500);
    CHECK(parse_timestamp("1970-01-01T00:00:01.25Z") == 1250);
    CHECK(parse_timestamp("1970-01-01T00:00:01.123Z") == 1123);
    CHECK(parse_timestamp("1970-01-01T00:00:01.123999Z") == 1123);
    CHECK(parse_timestamp("1970-01-01T00:00:00.000000001Z") == 0);
  }
  SECTION("leap days") {
    CHECK(parse_timestamp("2024-02-29T12:00:00Z") ==
          std::int64_t{days_from_civil(2024, 2, 29)} * kDay + 12 * 3'600'000);
    CHECK(parse_timestamp("2000-02-29"));
    CHECK_FALSE(parse_timestamp("2025-02-29"));
    CHECK_FALSE(parse_timestamp("1900-02-29T00:00:00Z"));
  }
  SECTION("year bounds: four digits, not before year 0") {
    CHECK(parse_timestamp("0000-01-01") == std::int64_t{days_from_civil(0, 1, 1)} * kDay);
    CHECK(parse_timestamp("9999-12-31T23:59:59.999Z") ==
          std::int64_t{days_from_civil(10000, 1, 1)} * kDay - 1);
    CHECK_FALSE(parse_timestamp("10000-01-01"));
    CHECK_FALSE(parse_timestamp("-0001-01-01"));
    CHECK_FALSE(parse_timestamp("999-01-01"));
  }
  SECTION("anything else is refused") {
    for (const char* bad : {"",
                            "2026",
                            "2026-03",
                            "2026-3-01",
                            "2026-03-1",
                            "2026-13-01",
                            "2026-04-31",
                            "2026-03-01T",
                            "2026-03-01T00:00Z",
                            "2026-03-01T00:00:00",  // a dateTime needs a zone
                            "2026-03-01 00:00:00Z",
                            "2026-03-01T24:00:00Z",
                            "2026-03-01T23:60:00Z",
                            "2026-03-01T23:59:60Z",
                            "2026-03-01T00:00:00.Z",
                            "2026-03-01T00:00:00+1:00",
                            "2026-03-01T00:00:00+01",
                            "2026-03-01T00:00:00+0100",
                            "2026-03-01T00:00:00+14:01",
                            "2026-03-01T00:00:00+15:00",
                            "2026-03-01T00:00:00+01:60",
                            "2026-03-01T00:00:00ZZ",
                            "2026-03-01Z",
                            "yesterday",
                            " 2026-03-01",
                            "2026-03-01 "}) {
      INFO(bad);
      CHECK_FALSE(parse_timestamp(bad));
    }
  }
}
