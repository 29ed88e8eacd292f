// Store::compact removes the dictionary terms nothing refers to: those only a crashed
// transaction or purged facts used. Terms that a committed fact (current or retracted), the
// statistics or a kept triple term name stay; `annals check` is clean afterwards and the
// count of terms is exact.
#include <catch2/catch.hpp>
#include <string>

#include "../support/raw_store.hpp"
#include "../support/temp_dir.hpp"
#include "annals/check.hpp"
#include "annals/store.hpp"

using namespace annals;
using annals::testing::raw_entries;
using annals::testing::spill_and_die;
using annals::testing::TempDir;

namespace {

std::size_t dictionary_entries(const std::string& path) {
  return raw_entries(path, {"id2term"});
}

bool known(const Store& store, const Term& t) {
  auto r = store.read();
  REQUIRE(r);
  auto id = r->lookup(t);
  REQUIRE(id);
  return id->has_value();
}

void check_clean(const Store& store) {
  auto report = store.check(CheckOptions{});
  REQUIRE(report);
  INFO((report->problems.empty() ? "" : report->problems.front()));
  CHECK(report->ok());
  CHECK(store.read()->stats()->terms == report->terms);
}

Term iri(const std::string& s) { return Term::iri("http://ex/" + s); }

}  // namespace

TEST_CASE("compact removes the terms only a crashed transaction interned", "[store][compact]") {
  TempDir dir;
  {
    auto store = Store::open(dir / "s");
    REQUIRE(store);
    auto w = store->write();
    TermId p = *w->intern(iri("p")), a = *w->intern(iri("a"));
    REQUIRE(*w->assert_fact(a, p, a, kDefaultGraph));
    REQUIRE(w->commit("one"));
  }
  // 500 new subjects and literals, spilled, then a crash.
  spill_and_die(dir / "s", [](WriteTxn& w) {
    TermId p = *w.intern(iri("p"));
    for (int i = 0; i < 500; ++i) {
      TermId s = *w.intern(iri("s" + std::to_string(i)));
      TermId o = *w.intern(Term::literal("label " + std::to_string(i)));
      if (!w.assert_fact(s, p, o, kDefaultGraph)) return false;
    }
    return w.read_own().is_ok();  // everything pending spilled
  });
  CHECK(dictionary_entries(dir / "s") >= 1000);
  {
    auto store = Store::open(dir / "s");  // marks the transaction aborted
    REQUIRE(store);
    // A later commit uses two of the crashed transaction's terms: they stay.
    auto w = store->write();
    TermId p = *w->intern(iri("p"));
    REQUIRE(*w->assert_fact(*w->intern(iri("s7")), p, *w->intern(Term::literal("label 7")),
                            kDefaultGraph));
    REQUIRE(w->commit("two"));
    REQUIRE(store->compact());
    CHECK(known(*store, iri("s7")));
    CHECK(known(*store, Term::literal("label 7")));
    CHECK_FALSE(known(*store, iri("s8")));
    CHECK_FALSE(known(*store, Term::literal("label 8")));
    check_clean(*store);
    CHECK(store->read()->stats()->terms == 4);  // p, a, s7, "label 7"
  }
  CHECK(dictionary_entries(dir / "s") == 4);
}

TEST_CASE("compact removes what only purged facts used, and keeps what history needs",
          "[store][compact]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  {
    auto w = store->write();
    TermId p = *w->intern(iri("p")), q = *w->intern(iri("q"));
    TermId alice = *w->intern(iri("alice")), bob = *w->intern(iri("bob"));
    TermId secret = *w->intern(Term::literal("a secret"));
    TermId old = *w->intern(Term::literal("an old name"));
    TermId src = *w->intern(iri("source"));
    REQUIRE(*w->assert_fact(alice, p, secret, src));
    REQUIRE(*w->assert_fact(alice, q, bob, kDefaultGraph));
    REQUIRE(*w->assert_fact(bob, p, old, kDefaultGraph));
    // A triple term about bob, and one nested in it: both kept, with their parts.
    TermId said = *w->intern(iri("said"));
    TermId inner = *w->intern_triple(bob, said, *w->intern(Term::literal("inner only")));
    TermId outer = *w->intern_triple(inner, said, bob);
    REQUIRE(*w->assert_fact(outer, p, bob, kDefaultGraph));
    // An unused triple term (interned, never in a fact): removed with its unused parts.
    (void)*w->intern_triple(*w->intern(iri("nobody")), said,
                            *w->intern(Term::literal("never said")));
    REQUIRE(w->commit("one"));
  }
  {
    // Retracted, not purged: AS OF 1 still reads it.
    auto w = store->write();
    TermId bob = **store->read()->lookup(iri("bob"));
    TermId p = **store->read()->lookup(iri("p"));
    TermId old = **store->read()->lookup(Term::literal("an old name"));
    REQUIRE(*w->retract_fact(bob, p, old, kDefaultGraph, ValidTime{}));
    REQUIRE(w->commit("two"));
  }
  {
    auto w = store->write();
    REQUIRE(w->purge(PurgeSelector{PurgeSelector::Kind::kGraph, iri("source")}, "test"));
  }
  const std::size_t before = dictionary_entries(store->path());
  REQUIRE(store->compact());
  // The purged fact's object and graph go; its subject is named by another fact.
  CHECK_FALSE(known(*store, Term::literal("a secret")));
  CHECK_FALSE(known(*store, iri("source")));
  CHECK(known(*store, iri("alice")));
  CHECK(known(*store, Term::literal("an old name")));
  CHECK(known(*store, Term::literal("inner only")));
  CHECK(known(*store, iri("said")));
  CHECK_FALSE(known(*store, iri("nobody")));
  CHECK_FALSE(known(*store, Term::literal("never said")));
  // Every fact left still decodes, at every transaction.
  for (TxNumber as_of : {TxNumber{1}, TxNumber{2}, TxNumber{3}}) {
    auto r = store->read();
    auto c = r->scan(Pattern{}, TimeScope{{}, as_of});
    REQUIRE(c);
    for (; c->valid(); c->next()) {
      for (TermId id : {c->row().s, c->row().p, c->row().o, c->row().g})
        CHECK(r->term(id).is_ok());
    }
  }
  CHECK(dictionary_entries(store->path()) == before - 5);  // secret, source, 2 + the triple
  check_clean(*store);
  // A second compact finds nothing more.
  REQUIRE(store->compact());
  CHECK(dictionary_entries(store->path()) == before - 5);
}

TEST_CASE("compact waits for no transaction: it refuses while one is open", "[store][compact]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto w = store->write();
  REQUIRE(w);
  auto st = store->compact();
  CHECK(st.code() == StatusCode::kFailed);
  w->rollback();
  CHECK(store->compact().is_ok());
  CHECK(store->write().is_ok());  // compact gave the write slot back
}
