// The store's inline ids (store/FORMAT.md "Term ids", a documented contract) as expressions
// read them: booleans, integers and calendar dates without decoding, and which pairs of ids
// compare by id order (within one inline tag, id order is value order). The store's own
// encoding header is private to it (tests/layering.sh), so the few facts needed are restated
// here.
#pragma once

#include <cstdint>
#include <optional>

#include "annals/time.hpp"
#include "exec/term_pool.hpp"

namespace annals::query::expr {

inline constexpr int kInlineShift = 56;
inline constexpr exec::Id kInlinePayload = (exec::Id{1} << kInlineShift) - 1;
inline constexpr std::uint8_t kStoreIri = 0x01, kStoreBlank = 0x02;
inline constexpr std::uint8_t kInlineBoolean = 0x10, kInlineInteger = 0x11, kInlineDate = 0x12,
                              kInlineGYear = 0x13, kInlineGYearMonth = 0x14, kInlineDateTime = 0x15;
// Integers with |v| < 2^55 are inline, as v + 2^55.
inline constexpr std::int64_t kIntegerBias = std::int64_t{1} << 55;
// xsd:date, xsd:gYear and xsd:gYearMonth (no timezone) are inline as the days since
// 1970-01-01 of their first day, + 2^40.
inline constexpr std::int64_t kDayBias = std::int64_t{1} << 40;

inline std::uint8_t inline_tag(exec::Id id) {
  return static_cast<std::uint8_t>(id >> kInlineShift);
}

// An IRI or blank node of the store's dictionary: equal to another term only when it is the
// same term, so when the ids are the same (equal terms have equal ids).
inline bool is_store_resource(exec::Id id) {
  return inline_tag(id) == kStoreIri || inline_tag(id) == kStoreBlank;
}

inline bool is_inline_boolean(exec::Id id) { return inline_tag(id) == kInlineBoolean; }
inline bool inline_boolean(exec::Id id) { return (id & kInlinePayload) != 0; }
inline exec::Id boolean_id(bool b) {
  return (exec::Id{kInlineBoolean} << kInlineShift) | static_cast<exec::Id>(b);
}

inline bool is_inline_integer(exec::Id id) { return inline_tag(id) == kInlineInteger; }
inline std::int64_t inline_integer(exec::Id id) {
  return static_cast<std::int64_t>(id & kInlinePayload) - kIntegerBias;
}
inline std::optional<exec::Id> integer_id(std::int64_t v) {
  if (v <= -kIntegerBias || v >= kIntegerBias) return std::nullopt;
  return (exec::Id{kInlineInteger} << kInlineShift) | static_cast<exec::Id>(v + kIntegerBias);
}

// The literal that carries a valid-time bound (its datatype is the precision): always inline,
// since to_string(b) is the canonical lexical form.
inline exec::Id date_bound_id(DateBound b) {
  const std::uint8_t tag = b.precision == Precision::kYear    ? kInlineGYear
                           : b.precision == Precision::kMonth ? kInlineGYearMonth
                                                              : kInlineDate;
  return (exec::Id{tag} << kInlineShift) | static_cast<exec::Id>(b.days + kDayBias);
}

// An inline xsd:gYear, xsd:gYearMonth or xsd:date as a point of one timeline (DESIGN.md
// "Contract — vocabulary"): by the first day of its period, the coarser first on ties, so
// "2025" < "2025-01" < "2025-01-01". nullopt for other ids.
inline std::optional<std::uint64_t> timeline_key(exec::Id id) {
  const std::uint8_t t = inline_tag(id);
  const int rank = t == kInlineGYear ? 0 : t == kInlineGYearMonth ? 1 : t == kInlineDate ? 2 : -1;
  if (rank < 0) return std::nullopt;
  return ((id & kInlinePayload) << 2) | static_cast<std::uint64_t>(rank);
}

// Both ids inline values of one kind whose id order is their value order: booleans,
// integers, dates, gYears, gYearMonths, and dateTimes that both have or both lack 'Z'.
inline bool inline_comparable(exec::Id a, exec::Id b) {
  std::uint8_t t = inline_tag(a);
  if (t != inline_tag(b)) return false;
  if (t >= kInlineBoolean && t <= kInlineGYearMonth) return true;
  return t == kInlineDateTime && (a & 1) == (b & 1);
}

// The order of two distinct ids that compare without decoding (<0 or >0): inline values of
// one kind (inline_comparable), or calendar dates of mixed precisions (timeline_key).
// nullopt when the terms are needed.
inline std::optional<int> inline_order(exec::Id a, exec::Id b) {
  if (inline_comparable(a, b)) return a < b ? -1 : a > b ? 1 : 0;
  auto x = timeline_key(a), y = timeline_key(b);
  if (!x || !y) return std::nullopt;
  return *x < *y ? -1 : *x > *y ? 1 : 0;
}

}  // namespace annals::query::expr
