// Term ids (store/FORMAT.md "Term ids", a contract): 64 bits, the top byte a tag and the low
// 56 bits its payload. The one place the encoding is written: the store makes and decodes ids
// with it, and the query layer reads inline values and tags with it without asking the store.
#pragma once

#include <cstdint>
#include <optional>

namespace annals {

using TermId = std::uint64_t;

// The id of the default graph. No other term has it.
inline constexpr TermId kDefaultGraph = 0;

// The tags. Dictionary tags number the terms the store holds in the order they were first
// seen. Inline tags hold the value itself, so that within one tag id order is value order (a
// range of integers or dates is a range of ids). The last three are never stored: ids a query
// run makes for terms the store lacks, and the sentinels.
enum IdTag : std::uint8_t {
  kTagDefaultGraph = 0x00,
  kTagIri = 0x01,
  kTagBlank = 0x02,
  kTagLiteral = 0x03,
  kTagTriple = 0x04,
  kTagBoolean = 0x10,
  kTagInteger = 0x11,
  kTagDate = 0x12,
  kTagGYear = 0x13,
  kTagGYearMonth = 0x14,
  kTagDateTime = 0x15,
  kTagTemplateBlank = 0x7D,  // a CONSTRUCT template's blank node in one solution
  kTagQueryLocal = 0x7E,     // a term one query computed (a CONCAT, a BNODE(), a VALUES constant)
  kTagSentinel = 0xFF,       // kNoTerm, and the executor's "unbound" (~0)
};

inline constexpr int kTagShift = 56;
inline constexpr std::uint64_t kPayloadMask = (std::uint64_t{1} << kTagShift) - 1;

constexpr std::uint8_t tag_of(TermId id) { return static_cast<std::uint8_t>(id >> kTagShift); }
constexpr std::uint64_t payload_of(TermId id) { return id & kPayloadMask; }
constexpr TermId make_id(std::uint8_t tag, std::uint64_t payload) {
  return (static_cast<TermId>(tag) << kTagShift) | (payload & kPayloadMask);
}
// The first and last id of a tag: a scan's range over one kind of inline value.
constexpr TermId first_id(std::uint8_t tag) { return make_id(tag, 0); }
constexpr TermId last_id(std::uint8_t tag) { return make_id(tag, kPayloadMask); }

constexpr bool is_dictionary(TermId id) {
  return tag_of(id) >= kTagIri && tag_of(id) <= kTagTriple;
}
constexpr bool is_inline(TermId id) {
  return tag_of(id) >= kTagBoolean && tag_of(id) <= kTagDateTime;
}

// "A term the store does not hold", where an id must stand for it: a constant of a query or a
// FROM graph the store has never seen. No fact has it, so a scan for it finds nothing. Not
// the executor's "unbound" (which matches anything): the two must stay apart.
inline constexpr TermId kNoTerm = make_id(kTagSentinel, kPayloadMask - 1);

// --- Inline values. Signed values carry a bias so that unsigned order is numeric order. ---

// xsd:boolean "true"/"false": payload 1/0.
constexpr TermId boolean_id(bool b) { return make_id(kTagBoolean, b ? 1 : 0); }
constexpr bool inline_boolean(TermId id) { return payload_of(id) != 0; }

// xsd:integer in canonical form with -2^55 <= v < 2^55: v + 2^55.
inline constexpr std::int64_t kIntegerBias = std::int64_t{1} << 55;
constexpr std::optional<TermId> integer_id(std::int64_t v) {
  if (v < -kIntegerBias || v >= kIntegerBias) return std::nullopt;
  return make_id(kTagInteger, static_cast<std::uint64_t>(v + kIntegerBias));
}
constexpr std::int64_t inline_integer(TermId id) {
  return static_cast<std::int64_t>(payload_of(id)) - kIntegerBias;
}

// xsd:date, xsd:gYear and xsd:gYearMonth (canonical, no timezone; the tag is the datatype):
// the days since 1970-01-01 of their first day, + 2^40.
inline constexpr std::int64_t kDayBias = std::int64_t{1} << 40;
constexpr TermId calendar_id(std::uint8_t tag, std::int32_t days) {
  return make_id(tag, static_cast<std::uint64_t>(days + kDayBias));
}
constexpr std::int32_t calendar_days(TermId id) {
  return static_cast<std::int32_t>(static_cast<std::int64_t>(payload_of(id)) - kDayBias);
}

// xsd:dateTime (canonical, at most milliseconds, no timezone or 'Z'): the milliseconds since
// the epoch + 2^53, shifted left once; the low bit says 'Z'. So only two dateTimes that both
// have or both lack 'Z' compare by id.
inline constexpr std::int64_t kMillisBias = std::int64_t{1} << 53;
constexpr TermId datetime_id(std::int64_t millis, bool zulu) {
  return make_id(kTagDateTime, (static_cast<std::uint64_t>(millis + kMillisBias) << 1) |
                                   (zulu ? 1 : 0));
}
constexpr std::int64_t datetime_millis(TermId id) {
  return static_cast<std::int64_t>(payload_of(id) >> 1) - kMillisBias;
}
constexpr bool datetime_zulu(TermId id) { return (payload_of(id) & 1) != 0; }

}  // namespace annals
