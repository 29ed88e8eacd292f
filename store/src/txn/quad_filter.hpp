// The quads a write transaction has touched, as a Bloom filter: in a store that was empty
// when the transaction began, "surely not touched" means "surely not stored", and the
// index look-up can be skipped.
#pragma once

#include <cstdint>
#include <vector>

namespace annals::store {

// A Bloom filter of 64-bit hashes in a fixed 16 MiB (about 1% false positives up to 13M
// quads, more after; a false positive only costs an index look-up).
class QuadFilter {
 public:
  void add(std::uint64_t h) {
    if (bits_.empty()) bits_.assign(kWords, 0);
    for (int i = 0; i < kProbes; ++i, h = rotate(h)) bits_[(h >> 6) & (kWords - 1)] |= 1ULL << (h & 63);
  }
  bool may_contain(std::uint64_t h) const {
    if (bits_.empty()) return false;
    for (int i = 0; i < kProbes; ++i, h = rotate(h)) {
      if (!(bits_[(h >> 6) & (kWords - 1)] & (1ULL << (h & 63)))) return false;
    }
    return true;
  }

 private:
  static constexpr std::size_t kWords = std::size_t{1} << 21;
  static constexpr int kProbes = 7;
  static std::uint64_t rotate(std::uint64_t h) { return (h >> 27 | h << 37) * 0x9e3779b97f4a7c15ULL; }
  std::vector<std::uint64_t> bits_;
};

}  // namespace annals::store
