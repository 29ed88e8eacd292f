// The store's inline ids (annals/term_id.hpp, a documented contract) as expressions read
// them: booleans, integers and calendar dates without decoding, and which pairs of ids
// compare by id order (within one inline tag, id order is value order).
#pragma once

#include <cstdint>
#include <optional>

#include "annals/term_id.hpp"
#include "annals/time.hpp"
#include "exec/term_pool.hpp"

namespace annals::query::expr {

// An IRI or blank node of the store's dictionary: equal to another term only when it is the
// same term, so when the ids are the same (equal terms have equal ids).
inline bool is_store_resource(exec::Id id) {
  return tag_of(id) == kTagIri || tag_of(id) == kTagBlank;
}

inline bool is_inline_boolean(exec::Id id) { return tag_of(id) == kTagBoolean; }
inline bool is_inline_integer(exec::Id id) { return tag_of(id) == kTagInteger; }

// The literal that carries a valid-time bound (its datatype is the precision): always inline,
// since to_string(b) is the canonical lexical form.
inline exec::Id date_bound_id(DateBound b) {
  const std::uint8_t tag = b.precision == Precision::kYear    ? kTagGYear
                           : b.precision == Precision::kMonth ? kTagGYearMonth
                                                              : kTagDate;
  return calendar_id(tag, b.days);
}

// An inline xsd:gYear, xsd:gYearMonth or xsd:date as a point of one timeline (docs/DESIGN.md
// "Contract — vocabulary"): by the first day of its period, the coarser first on ties, so
// "2025" < "2025-01" < "2025-01-01". nullopt for other ids.
inline std::optional<std::uint64_t> timeline_key(exec::Id id) {
  const std::uint8_t t = tag_of(id);
  const int rank = t == kTagGYear ? 0 : t == kTagGYearMonth ? 1 : t == kTagDate ? 2 : -1;
  if (rank < 0) return std::nullopt;
  return (payload_of(id) << 2) | static_cast<std::uint64_t>(rank);
}

// Both ids inline values of one kind whose id order is their value order: booleans,
// integers, dates, gYears, gYearMonths, and dateTimes that both have or both lack 'Z'.
inline bool inline_comparable(exec::Id a, exec::Id b) {
  std::uint8_t t = tag_of(a);
  if (t != tag_of(b)) return false;
  if (t >= kTagBoolean && t <= kTagGYearMonth) return true;
  return t == kTagDateTime && datetime_zulu(a) == datetime_zulu(b);
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
