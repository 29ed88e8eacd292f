// The writer's cache of term forms it has seen, term form -> id. Open addressing over flat
// slots with the key bytes in one arena: a look-up costs about two cache misses, where a
// node-based map of strings costs three or four, and interning is the load's hottest path.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "annals/store.hpp"
#include "huge_pages.hpp"

namespace annals::store {

class TermCache {
 public:
  std::optional<TermId> find(std::string_view key) const { return find(key, hash(key)); }
  // find() with the key's hash() computed already.
  std::optional<TermId> find(std::string_view key, std::uint64_t h) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.id == 0) return std::nullopt;
      if (s.hash == h && s.len == key.size() &&
          std::memcmp(arena_.data() + s.offset, key.data(), key.size()) == 0) {
        return s.id;
      }
    }
  }

  // Looking up many keys, the misses overlap when each key's slot is fetched well before
  // its find() (fetch_slot), then the key bytes of the slot its hash points at (fetch_key).
  // Hints only: they change nothing.
  void fetch_slot(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
  }
  void fetch_key(std::uint64_t h) const {
    if (slots_.empty()) return;
    const Slot& s = slots_[h & mask_];
    if (s.hash != h) return;
    __builtin_prefetch(arena_.data() + s.offset);
    __builtin_prefetch(arena_.data() + s.offset + s.len - 1);  // a key may cross a line
  }

  // Whether a key of this many bytes fits. The cache never forgets a term by itself: its
  // owner may rely on it to know every term it put in (WriteTxn, in a new store), so making
  // room is the owner's decision (clear()).
  bool has_room(std::size_t key_bytes) const { return arena_.size() + key_bytes <= max_bytes_; }
  // The longest key any cache can hold, and the most key bytes one holds.
  static constexpr std::size_t kMaxKey = std::size_t{1} << 30;
  // Lowers the key bytes this cache holds (at most kMaxKey: offsets are 32 bits).
  void set_max_bytes(std::size_t n) { max_bytes_ = std::min(n, kMaxKey); }

  // Preconditions: key is not in the cache, id != 0, has_room(key.size()).
  void insert(std::string_view key, TermId id) { insert(key, hash(key), id); }
  void insert(std::string_view key, std::uint64_t h, TermId id) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = h & mask_;
    while (slots_[i].id != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{h, id, static_cast<std::uint32_t>(arena_.size()),
                     static_cast<std::uint32_t>(key.size())};
    arena_.append(key);
    ++count_;
  }

  std::size_t size() const { return count_; }
  void clear() {
    slots_.clear();
    arena_.clear();
    count_ = 0;
    mask_ = 0;
  }

  // A word at a time with a multiply-xorshift mix: term forms are long (IRIs) and hashed
  // once a term in the file, where the byte-wise std::hash showed in profiles. In memory
  // only, so it may change at will.
  static std::uint64_t hash(std::string_view key) {
    const char* p = key.data();
    std::size_t n = key.size();
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
    for (; n >= 8; p += 8, n -= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
      h ^= h >> 31;
    }
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    TermId id = 0;  // 0: empty (no term has id 0 but the default graph, never cached)
    std::uint32_t offset = 0, len = 0;
  };
  std::size_t max_bytes_ = kMaxKey;

  void grow() {
    auto old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id == 0) continue;
      std::size_t i = s.hash & mask_;
      while (slots_[i].id != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>> arena_;
  std::size_t count_ = 0;
  std::size_t mask_ = 0;
};

}  // namespace annals::store
