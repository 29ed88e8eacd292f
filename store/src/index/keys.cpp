// Key and value codecs of the indexes (store/FORMAT.md).
#include "index/keys.hpp"

#include <algorithm>
#include <bit>

namespace annals::store {

void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  store_u64(b, v);
  out.append(b, 8);
}
void put_u32(std::string& out, std::uint32_t v) {
  char b[4];
  for (int i = 3; i >= 0; --i, v >>= 8) b[i] = static_cast<char>(v & 0xff);
  out.append(b, 4);
}
std::uint64_t get_u64(const char* p) { return load_u64(p); }
std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}
std::optional<std::uint64_t> get_varint(const char*& p, const char* end) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    auto byte = static_cast<unsigned char>(*p++);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return v;
  }
  return std::nullopt;
}

const char* perm_name(Perm p) {
  static const char* kNames[] = {"spog", "posg", "ospg", "gspo", "gpos", "gosp"};
  return kNames[static_cast<int>(p)];
}

PermChoice choose_perm(const Pattern& pat) {
  const bool b[4] = {pat.s.has_value(), pat.p.has_value(), pat.o.has_value(), pat.g.has_value()};
  int best = 0, best_bound = -1;
  for (int i = 0; i < kPermCount; ++i) {
    int n = 0;
    while (n < 4 && b[kPermOrder[i][n]]) ++n;
    // Every bound position must lie in the prefix.
    int total = b[0] + b[1] + b[2] + b[3];
    if (n == total && n > best_bound) {
      best = i;
      best_bound = n;
    }
  }
  return {static_cast<Perm>(best), best_bound};
}

std::uint32_t encode_from(const std::optional<DateBound>& b) {
  if (!b) return kOpenFrom;
  return static_cast<std::uint32_t>(
      ((static_cast<std::int64_t>(b->days) + kBoundBias) << 2) |
      static_cast<std::uint8_t>(b->precision));
}
std::uint32_t encode_to(const std::optional<DateBound>& b) {
  return b ? encode_from(b) : kOpenTo;
}
std::optional<DateBound> decode_bound(std::uint32_t v) {
  if (v == kOpenFrom || v == kOpenTo) return std::nullopt;
  auto prec = v & 3u;
  if (prec < 1) return std::nullopt;
  return DateBound{static_cast<std::int32_t>(bound_day(v)), static_cast<Precision>(prec)};
}

void encode_quad_key(Perm perm, const FactKey& k, std::string& out) {
  for (int pos : kPermOrder[static_cast<int>(perm)]) put_u64(out, k.q[pos]);
  put_u32(out, k.from);
  put_u32(out, k.to);
}
bool decode_quad_key(Perm perm, std::string_view key, FactKey& k) {
  if (key.size() != kQuadKeySize) return false;
  const auto& order = kPermOrder[static_cast<int>(perm)];
  for (int i = 0; i < 4; ++i) k.q[order[i]] = get_u64(key.data() + 8 * i);
  k.from = get_u32(key.data() + 32);
  k.to = get_u32(key.data() + 36);
  return true;
}
std::uint8_t duration_class(std::uint32_t from, std::uint32_t to) {
  if (from == kOpenFrom) return kClassOpenStart;
  if (to == kOpenTo) return kClassOpenEnd;
  // Writers refuse intervals that end before they start; be safe with any key anyway.
  const std::int64_t days = std::max<std::int64_t>(bound_day(to) - bound_day(from), 1);
  return static_cast<std::uint8_t>(64 - std::countl_zero(static_cast<std::uint64_t>(days - 1)));
}

void encode_time_key(const FactKey& k, char* out) {
  store_u64(out, k.q[kP]);
  out[8] = static_cast<char>(duration_class(k.from, k.to));
  store_u64(out + 9, (std::uint64_t{k.from} << 32) | k.to);
  store_u64(out + 17, k.q[kS]);
  store_u64(out + 25, k.q[kO]);
  store_u64(out + 33, k.q[kG]);
}
bool decode_time_key(std::string_view key, FactKey& k) {
  if (key.size() != kTimeKeySize) return false;
  k.q[kP] = get_u64(key.data());
  k.from = get_u32(key.data() + 9);
  k.to = get_u32(key.data() + 13);
  k.q[kS] = get_u64(key.data() + 17);
  k.q[kO] = get_u64(key.data() + 25);
  k.q[kG] = get_u64(key.data() + 33);
  return static_cast<std::uint8_t>(key[8]) == duration_class(k.from, k.to);
}

void encode_fact_value(const FactValue& v, bool with_id, std::string& out) {
  if (with_id) put_varint(out, v.id);
  for (const auto& h : v.history) {
    put_varint(out, h.from);
    put_varint(out, h.to);
  }
}
bool decode_fact_value(std::string_view bytes, bool with_id, FactValue& v) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  v.id = 0;
  if (with_id) {
    auto id = get_varint(p, end);
    if (!id) return false;
    v.id = *id;
  }
  v.history.clear();
  while (p < end) {
    auto from = get_varint(p, end);
    auto to = get_varint(p, end);
    if (!from || !to) return false;
    v.history.push_back({*from, *to});
  }
  return true;
}

bool Visibility::is_aborted(TxNumber t) const {
  return aborted && !aborted->empty() && std::binary_search(aborted->begin(), aborted->end(), t);
}

bool forget_aborted(TxHistory& history, const Visibility& vis) {
  const auto size = history.size();
  history.erase(std::remove_if(history.begin(), history.end(),
                               [&](const TxInterval& h) { return vis.is_aborted(h.from); }),
                history.end());
  bool changed = history.size() != size;
  for (auto& h : history) {
    if (vis.is_aborted(h.to)) {
      h.to = kTxOpen;
      changed = true;
    }
  }
  return changed;
}

std::optional<TxInterval> Visibility::visible(const TxHistory& history) const {
  for (const auto& h : history) {
    if (is_aborted(h.from) || h.from > as_of) continue;
    TxNumber to = (h.to == kTxOpen || is_aborted(h.to) || h.to > as_of) ? kTxOpen : h.to;
    if (to != kTxOpen) continue;
    // A version retracted after as_of is still visible at as_of; report its end when that
    // retraction is committed.
    bool ended = h.to != kTxOpen && !is_aborted(h.to) && h.to <= committed;
    return TxInterval{h.from, ended ? h.to : kTxOpen};
  }
  return std::nullopt;
}

}  // namespace annals::store
