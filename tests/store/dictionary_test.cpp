// The dictionary: every term kind goes in and comes back the same; inlined values keep their
// order in their ids.
#include <catch2/catch.hpp>
#include <map>

#include "annals/check.hpp"
#include "annals/store.hpp"
#include "dict/encoding.hpp"
#include "../support/temp_dir.hpp"

using namespace annals;
using annals::testing::TempDir;

namespace {
const std::string kXsdNs = "http://www.w3.org/2001/XMLSchema#";

std::vector<Term> sample_terms() {
  std::vector<Term> t = {
      Term::iri("http://example.org/a"),
      Term::iri("http://example.org/ünïcödé/日本語#x"),
      Term::blank("b0"),
      Term::literal("plain"),
      Term::literal(""),
      Term::literal("tab\tnewline\nquote\"backslash\\nul" + std::string(1, '\0') + "end"),
      Term::literal("emoji 😀 and RTL مرحبا"),
      Term::literal(std::string(1 << 20, 'x')),
      Term::lang_literal("Pakistani Taliban", "en"),
      Term::lang_literal("طالبان", "ar", "rtl"),
      Term::lang_literal("hello", "en-gb", "ltr"),
      Term::literal("3.14", kXsdNs + "decimal"),
      Term::literal("012", kXsdNs + "integer"),   // not canonical: kept in the dictionary
      Term::literal("42", kXsdNs + "integer"),
      Term::literal("-7", kXsdNs + "integer"),
      Term::literal("99999999999999999999", kXsdNs + "integer"),
      Term::literal("true", kXsdNs + "boolean"),
      Term::literal("1", kXsdNs + "boolean"),
      Term::literal("2025-08-14", kXsdNs + "date"),
      Term::literal("2025-08-14Z", kXsdNs + "date"),
      Term::literal("2025", kXsdNs + "gYear"),
      Term::literal("2025-07", kXsdNs + "gYearMonth"),
      Term::literal("2025-08-14T10:30:00Z", kXsdNs + "dateTime"),
      Term::literal("2025-08-14T10:30:00.5", kXsdNs + "dateTime"),
      Term::literal("2025-08-14T10:30:00.500", kXsdNs + "dateTime"),
      Term::literal("1969-12-31T23:59:59.999Z", kXsdNs + "dateTime"),
      Term::literal("x", "http://example.org/custom-type"),
  };
  Term inner = Term::triple_term(Term::iri("http://ex/s"), Term::iri("http://ex/p"),
                                 Term::literal("o"));
  t.push_back(inner);
  t.push_back(Term::triple_term(Term::blank("b0"), Term::iri("http://ex/q"), inner));
  return t;
}
}  // namespace

TEST_CASE("every term kind round-trips through the dictionary", "[store][dict]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto terms = sample_terms();
  std::vector<TermId> ids;
  {
    auto w = store->write();
    REQUIRE(w);
    for (const auto& t : terms) {
      auto id = w->intern(t);
      REQUIRE(id);
      ids.push_back(*id);
      // Interning again gives the same id.
      CHECK(*w->intern(t) == *id);
    }
    // Facts keep the terms (a transaction without facts commits nothing).
    auto p = w->intern(Term::iri("http://ex/p"));
    for (auto id : ids) REQUIRE(w->assert_fact(*w->intern(Term::iri("http://ex/s")), *p, id, kDefaultGraph));
    REQUIRE(w->commit("terms"));
  }
  auto check = [&](const Store& s) {
    auto r = s.read();
    REQUIRE(r);
    for (std::size_t i = 0; i < terms.size(); ++i) {
      INFO(to_ntriples(terms[i]).substr(0, 80));
      auto t = r->term(ids[i]);
      REQUIRE(t);
      CHECK(*t == terms[i]);
      auto id = r->lookup(terms[i]);
      REQUIRE(id);
      REQUIRE(*id);
      CHECK(**id == ids[i]);
    }
  };
  check(*store);
  // And after reopening.
  store = Result<Store>(Status::failed("closed"));
  auto reopened = Store::open(dir / "s");
  REQUIRE(reopened);
  check(*reopened);
}

TEST_CASE("language tags are kept in lower case: tags differing in case are one term",
          "[store][dict]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto w = store->write();
  REQUIRE(w);
  auto a = w->intern(Term::lang_literal("colour", "en-GB"));
  auto b = w->intern(Term::lang_literal("colour", "en-gb"));
  auto c = w->intern(Term::lang_literal("colour", "EN-gb", "rtl"));
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK(*a == *b);
  CHECK(*a != *c);
  REQUIRE(w->assert_fact(*a, *a, *c, kDefaultGraph));
  REQUIRE(w->commit("tags"));
  auto r = store->read();
  CHECK(r->term(*a)->language == "en-gb");
  CHECK(r->term(*c)->language == "en-gb");
  CHECK(r->term(*c)->direction == "rtl");
  CHECK(**r->lookup(Term::lang_literal("colour", "EN-GB")) == *a);
}

TEST_CASE("a NUL in a datatype or language tag is refused, not merged with another term",
          "[store][dict]") {
  // "lex"^^<x:a\0b> and "b\0lex"^^<x:a> would have the same dictionary form.
  const std::string nul(1, '\0');
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto w = store->write();
  REQUIRE(w);
  auto good = w->intern(Term::literal("b" + nul + "lex", "x:a"));
  REQUIRE(good);
  for (const Term& bad : {Term::literal("lex", "x:a" + nul + "b"),
                          Term::lang_literal("lex", "en" + nul + "x")}) {
    auto r = w->intern(bad);
    REQUIRE_FALSE(r);
    CHECK(r.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(r.status().message(), Catch::Contains("may not hold NUL"));
    const Term* one = &bad;
    TermId id = 0;
    CHECK(w->intern_many({&one, 1}, {&id, 1}).code() == StatusCode::kInvalidInput);
  }
  REQUIRE(w->assert_fact(*good, *good, *good, kDefaultGraph));
  REQUIRE(w->commit("one term"));
  auto r = store->read();
  CHECK(**r->lookup(Term::literal("b" + nul + "lex", "x:a")) == *good);
  CHECK_FALSE(*r->lookup(Term::literal("lex", "x:a" + nul + "b")));
}

TEST_CASE("small values are inlined only in canonical form", "[store][dict]") {
  using store::inline_id;
  CHECK(inline_id(Term::literal("42", kXsdNs + "integer")));
  CHECK_FALSE(inline_id(Term::literal("042", kXsdNs + "integer")));
  CHECK_FALSE(inline_id(Term::literal("+42", kXsdNs + "integer")));
  CHECK_FALSE(inline_id(Term::literal("-0", kXsdNs + "integer")));
  CHECK_FALSE(inline_id(Term::literal("2025-08-14Z", kXsdNs + "date")));
  CHECK_FALSE(inline_id(Term::literal("2025-8-14", kXsdNs + "date")));
  CHECK_FALSE(inline_id(Term::literal("2025-08-14T10:30:00.500", kXsdNs + "dateTime")));
  CHECK_FALSE(inline_id(Term::literal("2025-08-14T24:00:00", kXsdNs + "dateTime")));
  CHECK_FALSE(inline_id(Term::literal("42")));
  CHECK_FALSE(inline_id(Term::iri("http://ex/42")));
}

TEST_CASE("inlined integers and dates sort in id order", "[store][dict]") {
  using store::inline_id;
  auto ids = [](const std::string& dt, std::vector<std::string> values) {
    std::vector<TermId> out;
    for (auto& v : values) {
      auto id = inline_id(Term::literal(v, kXsdNs + dt));
      REQUIRE(id);
      out.push_back(*id);
    }
    return out;
  };
  auto ints = ids("integer", {"-36028797018963967", "-1000", "-1", "0", "1", "7", "1000",
                              "36028797018963967"});
  CHECK(std::is_sorted(ints.begin(), ints.end()));
  CHECK(std::adjacent_find(ints.begin(), ints.end()) == ints.end());
  auto dates = ids("date", {"-0500-01-01", "0001-01-01", "1969-12-31", "1970-01-01",
                            "1996-09-27", "2025-02-28", "2025-03-01", "9999-12-31"});
  CHECK(std::is_sorted(dates.begin(), dates.end()));
  CHECK(std::adjacent_find(dates.begin(), dates.end()) == dates.end());
  auto years = ids("gYear", {"1996", "2013", "2020", "2025"});
  CHECK(std::is_sorted(years.begin(), years.end()));
  auto months = ids("gYearMonth", {"2023-09", "2023-10", "2025-04", "2025-07"});
  CHECK(std::is_sorted(months.begin(), months.end()));
  auto times = ids("dateTime", {"1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00",
                                "1970-01-01T00:00:00Z", "2025-08-14T10:30:00.5Z",
                                "2025-08-14T10:30:01Z"});
  CHECK(std::is_sorted(times.begin(), times.end()));
  CHECK(std::adjacent_find(times.begin(), times.end()) == times.end());
}

TEST_CASE("intern_many gives the ids intern gives, allocated in the same order", "[store][dict]") {
  auto terms = sample_terms();
  terms.push_back(Term::iri(""));  // the default graph
  terms.push_back(terms[0]);       // a repeat within the batch
  std::vector<const Term*> ptrs;
  for (const auto& t : terms) ptrs.push_back(&t);
  auto ids_of = [&](bool many) {
    TempDir dir;
    auto store = Store::open(dir / "s");
    REQUIRE(store);
    auto w = store->write();
    REQUIRE(w);
    std::vector<TermId> ids(terms.size());
    if (many) {
      REQUIRE(w->intern_many(ptrs, ids));
      // Known terms the second time.
      std::vector<TermId> again(terms.size());
      REQUIRE(w->intern_many(ptrs, again));
      CHECK(again == ids);
    } else {
      for (std::size_t i = 0; i < terms.size(); ++i) ids[i] = *w->intern(terms[i]);
    }
    return ids;
  };
  CHECK(ids_of(true) == ids_of(false));
}

TEST_CASE("intern_many in a store with terms: stored, new and repeated terms, across spills",
          "[store][dict]") {
  // Batches read the forms the cache lacks from the dictionary at once; a form marked absent
  // there and repeated in the batch, or after a spill emptied the cache, keeps one id.
  TempDir dir;
  StoreOptions small;
  small.spill_bytes = 4096;  // spills every few dozen terms, a term cache of 1 MiB
  auto store = Store::open(dir / "s", small);
  REQUIRE(store);
  std::vector<TermId> stored;
  {
    auto w = store->write();
    for (int i = 0; i < 50; ++i)
      stored.push_back(*w->intern(Term::iri("http://ex/old" + std::to_string(i))));
    REQUIRE(w->add_fact(stored[0], stored[1], stored[2], kDefaultGraph));
    REQUIRE(w->commit("old terms"));
  }
  auto w = store->write();
  REQUIRE(w);
  const std::string pad(700, 'y');
  std::map<std::string, TermId> seen;
  for (int batch = 0; batch < 200; ++batch) {
    std::vector<Term> terms;
    for (int j = 0; j < 16; ++j) {
      const int n = batch * 16 + j;
      terms.push_back(Term::iri("http://ex/old" + std::to_string(n % 50)));
      terms.push_back(Term::iri("http://ex/new" + std::to_string(n % 300)));  // across batches
      terms.push_back(Term::iri("http://ex/pair" + std::to_string(n)));
      terms.push_back(Term::literal(std::to_string(n) + pad));  // fills the cache
      terms.push_back(Term::iri("http://ex/pair" + std::to_string(n)));  // within the batch
    }
    std::vector<const Term*> ptrs;
    for (const auto& t : terms) ptrs.push_back(&t);
    std::vector<TermId> ids(terms.size());
    REQUIRE(w->intern_many(ptrs, ids));
    for (std::size_t i = 0; i < terms.size(); ++i) {
      auto [it, added] = seen.emplace(to_ntriples(terms[i]), ids[i]);
      INFO(it->first);
      CHECK(it->second == ids[i]);
    }
  }
  for (int i = 0; i < 50; ++i)
    CHECK(seen.at("<http://ex/old" + std::to_string(i) + ">") == stored[static_cast<std::size_t>(i)]);
  REQUIRE(w->add_fact(stored[0], stored[1], seen.at("<http://ex/new7>"), kDefaultGraph));
  REQUIRE(w->commit("new terms"));
  auto report = store->check(CheckOptions{});
  REQUIRE(report);
  INFO((report->problems.empty() ? "" : report->problems.front()));
  CHECK(report->ok());
}
