// The filter of a transaction's own quads: never a false "no", rarely a false "yes".
#include <catch2/catch.hpp>

#include <random>

#include "txn/quad_filter.hpp"

using namespace annals::store;

TEST_CASE("quad filter has no false negatives and few false positives", "[store][txn]") {
  QuadFilter f;
  CHECK_FALSE(f.may_contain(42));
  std::mt19937_64 rng(11);
  std::vector<std::uint64_t> added(1'000'000);
  for (auto& h : added) {
    h = rng();
    f.add(h);
  }
  for (auto h : added) REQUIRE(f.may_contain(h));
  int false_positives = 0;
  for (int i = 0; i < 100'000; ++i) false_positives += f.may_contain(rng()) ? 1 : 0;
  CHECK(false_positives < 100);  // about 0.01% at this load
}
