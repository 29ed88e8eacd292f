// Encoding and arithmetic of the statistics records.
#include "stats/stats.hpp"

#include <bit>
#include <cmath>

#include "index/keys.hpp"

namespace annals::store {

std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

void Sketch::add(std::uint64_t value) {
  std::uint64_t h = mix64(value);
  auto idx = static_cast<std::size_t>(h & 63);
  auto rank = static_cast<std::uint8_t>(std::countl_zero(h | 63) + 1);
  if (rank > reg[idx]) reg[idx] = rank;
}

void Sketch::merge(const Sketch& other) {
  for (std::size_t i = 0; i < reg.size(); ++i) reg[i] = std::max(reg[i], other.reg[i]);
}

std::uint64_t Sketch::estimate() const {
  constexpr double m = 64.0;
  constexpr double alpha = 0.709;  // HyperLogLog bias constant for 64 registers
  double sum = 0;
  int zeros = 0;
  for (auto r : reg) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  double e = alpha * m * m / sum;
  if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / zeros);  // small-range correction
  return static_cast<std::uint64_t>(std::llround(e));
}

void encode_predicate_record(const PredicateRecord& r, std::string& out) {
  put_varint(out, static_cast<std::uint64_t>(r.facts < 0 ? 0 : r.facts));
  put_varint(out, static_cast<std::uint64_t>(r.undated < 0 ? 0 : r.undated));
  put_varint(out, r.undated_gone);
  out.append(reinterpret_cast<const char*>(r.subjects.reg.data()), r.subjects.reg.size());
  out.append(reinterpret_cast<const char*>(r.objects.reg.data()), r.objects.reg.size());
}

bool decode_predicate_record(std::string_view bytes, PredicateRecord& r) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  auto facts = get_varint(p, end);
  auto undated = get_varint(p, end);
  auto gone = get_varint(p, end);
  if (!facts || !undated || !gone || end - p != 128) return false;
  r.facts = static_cast<std::int64_t>(*facts);
  r.undated = static_cast<std::int64_t>(*undated);
  r.undated_gone = *gone;
  for (std::size_t i = 0; i < 64; ++i) r.subjects.reg[i] = static_cast<std::uint8_t>(p[i]);
  for (std::size_t i = 0; i < 64; ++i) r.objects.reg[i] = static_cast<std::uint8_t>(p[64 + i]);
  return true;
}

void encode_counts(const Counts& c, std::string& out) {
  for (auto v : {c.facts, c.quads, c.terms, c.transactions, c.predicates, c.graphs}) {
    put_varint(out, v);
  }
}

bool decode_counts(std::string_view bytes, Counts& c) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  for (auto* v : {&c.facts, &c.quads, &c.terms, &c.transactions, &c.predicates, &c.graphs}) {
    auto x = get_varint(p, end);
    if (!x) return false;
    *v = *x;
  }
  return p == end;
}

std::string predicate_stats_key(TermId p) {
  std::string k = "p";
  put_u64(k, p);
  return k;
}
std::string graph_stats_key(TermId g) {
  std::string k = "g";
  put_u64(k, g);
  return k;
}

}  // namespace annals::store
