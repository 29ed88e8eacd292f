// Term ids and the dictionary's byte forms (store/FORMAT.md "Term ids" and "Dictionary").
// An id's top byte is a tag. Dictionary tags number terms in the order they were first seen;
// inline tags hold the value itself, ordered so that id order is value order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "annals/store.hpp"
#include "annals/term.hpp"

namespace annals::store {

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
};

inline constexpr int kTagShift = 56;
inline constexpr std::uint64_t kPayloadMask = (std::uint64_t{1} << kTagShift) - 1;

inline std::uint8_t tag_of(TermId id) { return static_cast<std::uint8_t>(id >> kTagShift); }
inline std::uint64_t payload_of(TermId id) { return id & kPayloadMask; }
inline TermId make_id(std::uint8_t tag, std::uint64_t payload) {
  return (static_cast<std::uint64_t>(tag) << kTagShift) | (payload & kPayloadMask);
}
inline bool is_inline(TermId id) { return tag_of(id) >= kTagBoolean; }
inline bool is_dictionary(TermId id) {
  return tag_of(id) >= kTagIri && tag_of(id) <= kTagTriple;
}
// The tag a dictionary term of this kind gets.
std::uint8_t dictionary_tag(const Term& t);

// The inline id of a literal whose value fits and whose lexical form is canonical (so that
// decoding gives the same term back); nullopt for every other term.
std::optional<TermId> inline_id(const Term& t);
// The term an inline id stands for. Precondition: is_inline(id).
Term decode_inline(TermId id);

// The dictionary's byte form of a term. A triple term's components are given as ids.
// Precondition: serializable(t).
void serialize_term(const Term& t, std::string& out);
// Whether the parts of t before its lexical form (datatype, language tag, direction) hold no
// NUL, the separator of the byte forms (FORMAT.md): a NUL would let two terms share a form.
// The readers and functions refuse such IRIs first (annals/iri.hpp); this guards the
// dictionary against any other caller.
bool serializable(const Term& t);
void serialize_triple(TermId s, TermId p, TermId o, std::string& out);

// Parses a serialized term. For a triple term, the component ids are returned in
// triple_ids and the Term's triple is left empty for the caller to resolve. Never trusts the
// bytes: a malformed form is reported as nullopt.
std::optional<Term> deserialize_term(std::string_view bytes, TermId triple_ids[3]);

}  // namespace annals::store
