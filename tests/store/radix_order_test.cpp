// Stable radix re-ordering: the same order as a stable comparison sort, whatever bytes vary.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>

#include "annals/term_id.hpp"
#include "txn/radix_order.hpp"

using namespace annals::store;

TEST_CASE("radix order is a stable sort by the key", "[store][txn]") {
  std::mt19937_64 rng(7);
  // Keys shaped like term ids: a tag in the top byte, a small payload; many repeats.
  for (std::uint64_t spread : {std::uint64_t{1}, std::uint64_t{300}, std::uint64_t{1} << 40}) {
    std::vector<std::uint64_t> keys(4000);
    for (auto& k : keys)
      k = annals::make_id(static_cast<std::uint8_t>(rng() % 3 + 1), rng() % spread);
    std::vector<std::uint32_t> order(keys.size());
    std::iota(order.begin(), order.end(), 0u);
    std::shuffle(order.begin(), order.end(), rng);
    auto got = radix_order(order, [&](std::uint32_t i) { return keys[i]; }, [](std::uint32_t) {});
    auto want = order;
    std::stable_sort(want.begin(), want.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
    CHECK(got == want);
  }
  CHECK(radix_order({}, [](std::uint32_t) { return 0; }, [](std::uint32_t) {}).empty());
}
