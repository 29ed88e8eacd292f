// The write transaction's pending facts: in order, whichever way the keys arrive.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "txn/pending_facts.hpp"

using namespace annals;
using namespace annals::store;

TEST_CASE("pending facts keep key order and one value per key", "[store][txn]") {
  PendingFacts pf;
  std::mt19937 rng(3);
  std::map<FactKey, FactId> model;
  for (int i = 0; i < 5000; ++i) {
    // Mostly ascending keys (bulk resolution), with random ones and repeats mixed in.
    TermId s = (i % 5 == 0) ? rng() % 400 : static_cast<TermId>(i / 10);
    FactKey k{{s, static_cast<TermId>(i % 3), 7, 0}, static_cast<std::uint32_t>(i % 2), kOpenTo};
    FactValue v;
    v.id = static_cast<FactId>(i + 1);
    bool is_new = pf.put(k, std::move(v));
    CHECK(is_new == (model.count(k) == 0));
    model[k] = static_cast<FactId>(i + 1);
  }
  CHECK(pf.size() == model.size());
  std::vector<std::pair<FactKey, FactId>> seen;
  pf.for_each([&](const FactKey& k, const FactValue& v) { seen.emplace_back(k, v.id); });
  CHECK(seen == std::vector<std::pair<FactKey, FactId>>(model.begin(), model.end()));
  // for_quad finds exactly the facts of one quad.
  const auto q = model.begin()->first.q;
  std::size_t n = 0;
  pf.for_quad(q, [&](const FactKey& k, const FactValue&) {
    CHECK(k.q == q);
    ++n;
  });
  std::size_t want = 0;
  for (auto& [k, id] : model) want += k.q == q;
  CHECK(n == want);
  pf.clear();
  CHECK(pf.empty());
}
