// Dated facts for the temporal benchmark: a tenth labels and a twentieth types (undated),
// the rest dated, on predicates that each hold one kind of time:
// - events (ex:visited, ex:attacked, ex:negotiatedWith, ex:sanctioned, ex:metWith): one day
//   (70%), one month (20%) or one year (10%), uniformly over 1995-2025;
// - periods (ex:memberOf, ex:allyOf, ex:recognises, ex:ledBy): from a start at year, month
//   or day precision for 1 to 120 months, or open: "since" (20%) or "until" (5%).
// The annotated form carries the bounds as Annals does (xsd:gYear, gYearMonth or date: the
// precision); the reified form carries each bound as the xsd:date of its first day, an open
// bound as 0001-01-01 or 9999-12-31, so that FILTER(?from < b && ?to > a) is "overlaps".
#include "gen_dated.hpp"

#include <cstdio>
#include <optional>
#include <random>
#include <string>

#include "annals/time.hpp"

namespace annals::bench {

namespace {

const char* const kPrologue =
    "PREFIX ex: <https://annals.dev/gen/>\n"
    "PREFIX annals: <https://annals.dev/ns#>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n";
const char* const kEvents[] = {"visited", "attacked", "negotiatedWith", "sanctioned", "metWith"};
const char* const kPeriods[] = {"memberOf", "allyOf", "recognises", "ledBy"};
const char* const kTypes[] = {"State", "ArmedGroup", "Person", "Organisation", "City"};

unsigned long long ull(std::uint64_t v) { return static_cast<unsigned long long>(v); }

class Generator {
 public:
  Generator(std::uint64_t n, std::uint64_t seed)
      : rng_(seed), entities_(n / 8 + 10), first_(days_from_civil(1995, 1, 1)),
        days_(days_from_civil(2026, 1, 1) - first_) {}

  std::uint64_t entity() { return rng_() % entities_; }
  unsigned pick(unsigned n) { return static_cast<unsigned>(rng_() % n); }

  // A bound at a random day of the span, truncated to the precision.
  DateBound bound(Precision p) {
    std::int64_t y;
    unsigned m, d;
    civil_from_days(first_ + static_cast<std::int32_t>(rng_() % days_), y, m, d);
    if (p == Precision::kYear) return {days_from_civil(y, 1, 1), p};
    if (p == Precision::kMonth) return {days_from_civil(y, m, 1), p};
    return {days_from_civil(y, m, d), p};
  }

  ValidTime event() {
    const unsigned k = pick(10);
    const Precision p = k < 7 ? Precision::kDay : k < 9 ? Precision::kMonth : Precision::kYear;
    const DateBound from = bound(p);
    return ValidTime{from, end_of_period(from)};
  }

  ValidTime period() {
    const unsigned k = pick(20);
    const Precision p = k % 10 < 5 ? Precision::kMonth : k % 10 < 8 ? Precision::kYear : Precision::kDay;
    const DateBound from = bound(p);
    if (k < 4) return ValidTime{from, std::nullopt};  // since
    if (k == 4) return ValidTime{std::nullopt, from};  // until
    DateBound to = from;
    const unsigned months = 1 + pick(120);
    const unsigned steps = p == Precision::kYear ? (months + 11) / 12
                           : p == Precision::kMonth ? months
                                                    : months * 30;
    for (unsigned i = 0; i < steps; ++i) to = end_of_period(to);
    return ValidTime{from, to};
  }

 private:
  std::mt19937_64 rng_;
  std::uint64_t entities_;
  std::int32_t first_;
  std::uint32_t days_;
};

// A bound as an annotation value: its precision's datatype.
std::string typed(const DateBound& b) {
  const std::string_view dt = datatype_for(b.precision);
  const std::string local(dt.substr(dt.find('#') + 1));
  return "\"" + to_string(b) + "\"^^xsd:" + local;
}

// A bound as the xsd:date of its first day.
std::string as_date(const std::optional<DateBound>& b, const char* open) {
  if (!b) return std::string("\"") + open + "\"^^xsd:date";
  return "\"" + to_string(DateBound{b->days, Precision::kDay}) + "\"^^xsd:date";
}

void write_fact(std::uint64_t s, const char* p, std::uint64_t o, const ValidTime& v,
                DatedForm form) {
  if (form == DatedForm::kReified) {
    std::printf("[] rdf:subject ex:e%llu ; rdf:predicate ex:%s ; rdf:object ex:e%llu ; ex:from %s ; ex:to %s .\n",
                ull(s), p, ull(o), as_date(v.from, "0001-01-01").c_str(),
                as_date(v.to, "9999-12-31").c_str());
    return;
  }
  std::string note;
  if (v.from) note += "annals:validFrom " + typed(*v.from);
  if (v.to) note += std::string(note.empty() ? "" : " ; ") + "annals:validTo " + typed(*v.to);
  std::printf("ex:e%llu ex:%s ex:e%llu {| %s |} .\n", ull(s), p, ull(o), note.c_str());
}

}  // namespace

void dated_facts(std::uint64_t n, std::uint64_t seed, DatedForm form) {
  Generator gen(n, seed);
  std::fputs(kPrologue, stdout);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t s = gen.entity();
    const unsigned kind = gen.pick(20);
    if (kind < 2) {
      std::printf("ex:e%llu rdfs:label \"Entity %llu\"@en .\n", ull(s), ull(s));
    } else if (kind == 2) {
      std::printf("ex:e%llu a ex:%s .\n", ull(s), kTypes[s % 5]);
    } else if (kind < 13) {
      const char* p = kEvents[gen.pick(5)];
      const std::uint64_t o = gen.entity();
      write_fact(s, p, o, gen.event(), form);
    } else {
      const char* p = kPeriods[gen.pick(4)];
      const std::uint64_t o = gen.entity();
      write_fact(s, p, o, gen.period(), form);
    }
  }
}

}  // namespace annals::bench
