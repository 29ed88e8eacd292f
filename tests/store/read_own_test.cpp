// WriteTxn::read_own: a writer reads its own uncommitted writes (SPARQL Update between
// operations) while every other reader still sees the committed state, and a rollback
// leaves nothing behind.
#include <catch2/catch.hpp>

#include "../support/temp_dir.hpp"
#include "annals/store.hpp"

namespace {

using namespace annals;

std::size_t count(const ReadTxn& r) {
  auto cur = r.scan(Pattern{});
  REQUIRE(cur.is_ok());
  std::size_t n = 0;
  for (; cur->valid(); cur->next()) ++n;
  REQUIRE(cur->status().is_ok());
  return n;
}

}  // namespace

TEST_CASE("read_own sees the transaction's writes, others do not", "[store][update]") {
  annals::testing::TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    TermId a = *w->intern(Term::iri("http://x/a"));
    REQUIRE(*w->assert_fact(a, a, a, kDefaultGraph));
    REQUIRE(w->commit("one").is_ok());
  }
  auto w = store->write();
  REQUIRE(w.is_ok());
  TermId a = *w->intern(Term::iri("http://x/a"));
  TermId b = *w->intern(Term::iri("http://x/b"));
  REQUIRE(*w->assert_fact(b, b, b, kDefaultGraph));
  REQUIRE(*w->retract_fact(a, a, a, kDefaultGraph, {}));
  auto own = w->read_own();
  REQUIRE(own.is_ok());
  CHECK(count(*own) == 1);
  auto looked = own->lookup(Term::iri("http://x/b"));
  REQUIRE(looked.is_ok());
  CHECK(looked->value_or(0) == b);
  CHECK(count(*store->read()) == 1);  // still only a
  auto base = w->base();
  REQUIRE(base);
  CHECK(count(*base) == 1);
  // Writes after the view: a new view sees them too.
  REQUIRE(*w->assert_fact(a, b, a, kDefaultGraph));
  auto again = w->read_own();
  REQUIRE(again.is_ok());
  CHECK(count(*again) == 2);
  w->rollback();
  auto after = store->read();
  REQUIRE(after.is_ok());
  CHECK(count(*after) == 1);
  // The dictionary may keep the spilled term http://x/b: a term without facts changes no
  // answer, and its id is never given again (store.hpp, read_own).
}
