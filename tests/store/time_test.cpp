// Valid-time bounds: parsing, periods, order across precisions, overlap.
#include <catch2/catch.hpp>

#include "annals/time.hpp"

using namespace annals;

TEST_CASE("date bounds parse with their precision", "[time]") {
  auto y = parse_date_bound("2025");
  auto m = parse_date_bound("2025-04");
  auto d = parse_date_bound("2025-04-30");
  REQUIRE(y);
  REQUIRE(m);
  REQUIRE(d);
  CHECK(y->precision == Precision::kYear);
  CHECK(m->precision == Precision::kMonth);
  CHECK(d->precision == Precision::kDay);
  CHECK(to_string(*y) == "2025");
  CHECK(to_string(*m) == "2025-04");
  CHECK(to_string(*d) == "2025-04-30");
  CHECK(y->days == days_from_civil(2025, 1, 1));
  CHECK(parse_date_bound("1970-01-01")->days == 0);
  CHECK(to_string(*parse_date_bound("-0044-03-15")) == "-0044-03-15");
}

TEST_CASE("impossible dates are refused", "[time]") {
  for (const char* bad : {"2025-13", "2025-00", "2025-02-29", "2024-02-30", "25", "2025-4",
                          "2025-04-1", "2025/04", "", "abcd", "02025", "2025-04-01T00:00"}) {
    INFO(bad);
    CHECK_FALSE(parse_date_bound(bad));
  }
  CHECK(parse_date_bound("2024-02-29"));
}

TEST_CASE("a date literal's datatype must match its form", "[time]") {
  const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  CHECK(parse_date_literal("2025", xsd + "gYear"));
  CHECK(parse_date_literal("2025-04", xsd + "gYearMonth"));
  CHECK(parse_date_literal("2025-04-01", xsd + "date"));
  CHECK_FALSE(parse_date_literal("2025-04", xsd + "gYear"));
  CHECK_FALSE(parse_date_literal("2025", xsd + "string"));
}

TEST_CASE("a period ends where the next one starts", "[time]") {
  CHECK(to_string(end_of_period(*parse_date_bound("2025"))) == "2026");
  CHECK(to_string(end_of_period(*parse_date_bound("2025-12"))) == "2026-01");
  CHECK(to_string(end_of_period(*parse_date_bound("2025-04"))) == "2025-05");
  CHECK(to_string(end_of_period(*parse_date_bound("2024-02-28"))) == "2024-02-29");
  CHECK(to_string(end_of_period(*parse_date_bound("2025-12-31"))) == "2026-01-01");
}

TEST_CASE("bounds order by day, coarser first on ties", "[time]") {
  auto y = *parse_date_bound("2025");
  auto m = *parse_date_bound("2025-01");
  auto d = *parse_date_bound("2025-01-01");
  CHECK(y < m);
  CHECK(m < d);
  CHECK(d < *parse_date_bound("2025-01-02"));
  CHECK(*parse_date_bound("2024-12-31") < y);
}

TEST_CASE("intervals overlap when they share a day", "[time]") {
  auto b = [](const char* s) { return *parse_date_bound(s); };
  ValidTime april = ValidTime::during(b("2025-04"), b("2025-04"));
  CHECK(april.overlaps(ValidTime::during(b("2025-04-30"), b("2025-04-30"))));
  CHECK_FALSE(april.overlaps(ValidTime::during(b("2025-05-01"), b("2025-05-01"))));
  CHECK_FALSE(april.overlaps(ValidTime::during(b("2025-03-31"), b("2025-03-31"))));
  CHECK(april.overlaps(ValidTime{}));
  CHECK(ValidTime{b("2023-09"), std::nullopt}.overlaps(april));
  CHECK_FALSE(ValidTime{std::nullopt, b("2025-04")}.overlaps(april));
  CHECK(to_string(april) == "[2025-04, 2025-05)");
}
