// Stable re-ordering of row numbers by one 64-bit key, least significant byte first, skipping
// the bytes that are the same in every key. A run's facts come in SPOG order; a stable sort by
// one position turns an order into the next permutation's (SPOG by O gives OSPG, OSPG by P
// gives POSG, ...), so every index order costs a few linear passes instead of a comparison
// sort of 40-byte keys.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace annals::store {

// `order` re-ordered by key(row), stably: rows with equal keys keep their relative order.
// key() reads rows out of memory order, so touch(row), called a few rows ahead, should
// prefetch what key(row) will read.
template <typename Key, typename Touch>
std::vector<std::uint32_t> radix_order(const std::vector<std::uint32_t>& order, Key&& key,
                                       Touch&& touch) {
  constexpr std::size_t kAhead = 16;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> a(order.size()), b(order.size());
  std::uint64_t any = 0, all = ~std::uint64_t{0};
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i + kAhead < order.size()) touch(order[i + kAhead]);
    std::uint64_t k = key(order[i]);
    a[i] = {k, order[i]};
    any |= k;
    all &= k;
  }
  const std::uint64_t varying = any ^ all;  // the bits some keys have and others lack
  for (int shift = 0; shift < 64; shift += 8) {
    if (((varying >> shift) & 0xff) == 0) continue;
    std::array<std::size_t, 256> at{};
    for (const auto& e : a) ++at[(e.first >> shift) & 0xff];
    std::size_t sum = 0;
    for (auto& c : at) sum += std::exchange(c, sum);
    for (const auto& e : a) b[at[(e.first >> shift) & 0xff]++] = e;
    a.swap(b);
  }
  std::vector<std::uint32_t> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = a[i].second;
  return out;
}

}  // namespace annals::store
