// The quads a write transaction has touched, as a Bloom filter: in a store that was empty
// when the transaction began, "surely not touched" means "surely not stored", and the
// index look-up can be skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "huge_pages.hpp"

namespace annals::store {

// A blocked Bloom filter of 64-bit hashes in a fixed 16 MiB: all the probes of a hash fall
// in one 64-byte block, so an add or a test costs one cache miss instead of one a probe
// (about 1% false positives up to 13M quads, more after; a false positive only costs an
// index look-up).
class QuadFilter {
 public:
  void add(std::uint64_t h) {
    if (bits_.empty()) bits_.assign(kWords, 0);
    std::uint64_t* block = &bits_[block_of(h)];
    std::uint64_t g = probes_of(h);
    for (int i = 0; i < kProbes; ++i, g >>= 9) block[(g >> 6) & 7] |= 1ULL << (g & 63);
  }
  // A hint that h is about to be tested or added: starts fetching its block.
  void fetch(std::uint64_t h) const {
    if (!bits_.empty()) __builtin_prefetch(&bits_[block_of(h)]);
  }
  bool may_contain(std::uint64_t h) const {
    if (bits_.empty()) return false;
    const std::uint64_t* block = &bits_[block_of(h)];
    std::uint64_t g = probes_of(h);
    for (int i = 0; i < kProbes; ++i, g >>= 9) {
      if (!(block[(g >> 6) & 7] & (1ULL << (g & 63)))) return false;
    }
    return true;
  }

 private:
  static constexpr std::size_t kWords = std::size_t{1} << 21;
  static constexpr int kProbes = 7;  // 9 bits each: a bit of the block's 512
  static std::size_t block_of(std::uint64_t h) { return (h & (kWords / 8 - 1)) * 8; }
  // Bits independent of the block number, from a second mix of the hash.
  static std::uint64_t probes_of(std::uint64_t h) {
    h = (h ^ (h >> 31)) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
  }
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> bits_;
};

}  // namespace annals::store
