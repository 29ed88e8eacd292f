// Term ids and the dictionary's byte forms (store/FORMAT.md "Term ids" and "Dictionary"): which
// terms are inline and their lexical forms, and the dictionary's bytes. The id layout itself
// (tags, payloads, biases) is annals/term_id.hpp's, shared with the query layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "annals/store.hpp"
#include "annals/term.hpp"
#include "annals/term_id.hpp"

namespace annals::store {

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
