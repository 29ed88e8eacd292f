// Key and value layouts of the quad indexes, the time index and the fact values
// (store/FORMAT.md). Keys are fixed-width big-endian so that byte order is id order and every
// pattern shape is one prefix seek.
#pragma once

#include <boost/container/small_vector.hpp>

#include <array>
#include <cstring>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "annals/store.hpp"
#include "annals/time.hpp"

namespace annals::store {

inline void store_u64(char* p, std::uint64_t v) {
  v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}
inline std::uint64_t load_u64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
void put_u64(std::string& out, std::uint64_t v);
inline std::string u64_value(std::uint64_t v) {
  std::string s(8, '\0');
  store_u64(s.data(), v);
  return s;
}
void put_u32(std::string& out, std::uint32_t v);
std::uint64_t get_u64(const char* p);
std::uint32_t get_u32(const char* p);
void put_varint(std::string& out, std::uint64_t v);
// Reads a varint at p (not past end); nullopt if it runs off the end or is too long.
std::optional<std::uint64_t> get_varint(const char*& p, const char* end);

// Quad positions.
enum Pos : int { kS = 0, kP = 1, kO = 2, kG = 3 };

// The six permutations: with them every combination of bound positions is a key prefix.
enum class Perm : std::uint8_t { kSPOG, kPOSG, kOSPG, kGSPO, kGPOS, kGOSP };
inline constexpr int kPermCount = 6;
inline constexpr std::array<std::array<int, 4>, kPermCount> kPermOrder = {{
    {kS, kP, kO, kG}, {kP, kO, kS, kG}, {kO, kS, kP, kG},
    {kG, kS, kP, kO}, {kG, kP, kO, kS}, {kG, kO, kS, kP},
}};
const char* perm_name(Perm p);  // "spog", ...

// The permutation whose key starts with exactly the bound positions, and how many those are.
struct PermChoice {
  Perm perm;
  int bound;
};
PermChoice choose_perm(const Pattern& pattern);

// A valid-time bound as 32 bits: (days + 2^29) << 2 | precision. Open start is 0, open end
// is 0xFFFFFFFF, so an index ordered by these is ordered by time.
inline constexpr std::int64_t kBoundBias = std::int64_t{1} << 29;
inline constexpr std::uint32_t kOpenFrom = 0;
inline constexpr std::uint32_t kOpenTo = 0xFFFFFFFFu;
std::uint32_t encode_from(const std::optional<DateBound>& b);
std::uint32_t encode_to(const std::optional<DateBound>& b);
std::optional<DateBound> decode_bound(std::uint32_t v);  // nullopt for the open values
// The day a bound encoding stands for, comparable across precisions.
inline std::int64_t bound_day(std::uint32_t v) {
  return static_cast<std::int64_t>(v >> 2) - kBoundBias;
}

inline constexpr std::size_t kQuadKeySize = 40;  // 4 ids + from + to

// The identity of a fact: its quad and its valid time (encoded bounds).
struct FactKey {
  std::array<TermId, 4> q{};  // s, p, o, g
  std::uint32_t from = kOpenFrom;
  std::uint32_t to = kOpenTo;
  bool dated() const { return from != kOpenFrom || to != kOpenTo; }
  friend auto operator<=>(const FactKey&, const FactKey&) = default;
};

// A hash of a quad's ids (filters and sets of quads).
inline std::uint64_t quad_hash(const std::array<TermId, 4>& q) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (auto id : q) h = (h ^ id) * 0xff51afd7ed558ccdULL, h ^= h >> 32;
  return h;
}
struct QuadHash {
  std::size_t operator()(const std::array<TermId, 4>& q) const { return quad_hash(q); }
};

void encode_quad_key(Perm perm, const FactKey& k, std::string& out);
bool decode_quad_key(Perm perm, std::string_view key, FactKey& k);
// Time index (dated facts only): p, duration class, from, to, s, o, g (41 bytes). The class
// lets a window read visit only facts that can overlap it (index/time_window.hpp).
inline constexpr std::size_t kTimeKeySize = 41;
// Closed intervals of L days are in class ceil(log2(L)) (0..30); the open ones in these two.
inline constexpr std::uint8_t kClassOpenStart = 0x40;  // ordered by end
inline constexpr std::uint8_t kClassOpenEnd = 0x41;    // ordered by start
std::uint8_t duration_class(std::uint32_t from, std::uint32_t to);
// Writes the key into out[0..kTimeKeySize).
void encode_time_key(const FactKey& k, char* out);
bool decode_time_key(std::string_view key, FactKey& k);

// A fact's value in every index: its transaction history, a list of [from, to) transaction
// intervals in commit order (to = kTxOpen while asserted). The primary index (SPOG) also
// holds the fact's id in front; the others leave it out to stay small.
// Almost every fact has one version: keep it inline, without a heap allocation.
using TxHistory = boost::container::small_vector<TxInterval, 2>;

struct FactValue {
  FactId id = 0;
  TxHistory history;
};
void encode_fact_value(const FactValue& v, bool with_id, std::string& out);
bool decode_fact_value(std::string_view bytes, bool with_id, FactValue& v);

// What a reader counts as committed: transactions up to as_of, minus aborted ones.
struct Visibility {
  TxNumber as_of = 0;
  TxNumber committed = 0;  // the last committed transaction (as_of <= committed)
  const std::vector<TxNumber>* aborted = nullptr;  // sorted

  bool is_aborted(TxNumber t) const;
  // The version of a fact visible here, if any.
  std::optional<TxInterval> visible(const TxHistory& history) const;
};

// Drops the versions that aborted transactions asserted and reopens those they retracted (a
// retraction by an aborted transaction never happened). True if anything changed.
bool forget_aborted(TxHistory& history, const Visibility& vis);

}  // namespace annals::store
