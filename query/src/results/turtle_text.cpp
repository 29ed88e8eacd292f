// Turtle short forms for the TSV writer and the table: prefixed names, bare numbers and
// booleans (which forms qualify is syntax/names.hpp's rule), and everything else in canonical
// N-Triples (to_ntriples), which is also Turtle.
#include <string>

#include "annals/time.hpp"
#include "results/writers.hpp"
#include "syntax/lexical.hpp"
#include "syntax/names.hpp"

namespace annals::results {

std::size_t next_code_point(std::string_view s, std::size_t i, char32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  int n = lex::decode_utf8(s.data() + i, s.size() - i, cp);
  if (n == 0) {
    cp = kReplacement;
    return 1;
  }
  return static_cast<std::size_t>(n);
}

namespace {

void append_iri(std::string& out, const std::string& iri, std::span<const Prefix> prefixes) {
  const Prefix* best = nullptr;
  for (const Prefix& p : prefixes) {
    if (best != nullptr && best->iri.size() >= p.iri.size()) continue;
    if (!iri.starts_with(p.iri)) continue;
    if (!lex::is_pn_local(std::string_view(iri).substr(p.iri.size()))) continue;
    best = &p;
  }
  if (best == nullptr) {
    append_ntriples(out, Term::iri(iri));
    return;
  }
  out.append(best->name);
  out.push_back(':');
  out.append(iri, best->iri.size());
}

void append_literal(std::string& out, const Term& t, std::span<const Prefix> prefixes) {
  if (lex::is_bare_literal(t)) {
    out.append(t.value);
    return;
  }
  const bool typed = t.datatype != kXsdString && t.datatype != kRdfLangString &&
                     t.datatype != kRdfDirLangString && !t.datatype.empty();
  if (!typed) {
    append_ntriples(out, t);  // "text", "text"@en, "text"@ar--rtl
    return;
  }
  append_ntriples(out, Term::literal(t.value));
  out.append("^^");
  append_iri(out, t.datatype, prefixes);
}

// A date as valid time reads it (time.hpp): a year, a month or a day, without a time zone.
bool is_date(const Term& t) {
  return t.is_literal() && parse_date_literal(t.value, t.datatype).has_value();
}

}  // namespace

void append_turtle(std::string& out, const Term& t, std::span<const Prefix> prefixes) {
  switch (t.kind) {
    case TermKind::kIri:
      append_iri(out, t.value, prefixes);
      return;
    case TermKind::kBlank:
      append_ntriples(out, t);
      return;
    case TermKind::kLiteral:
      append_literal(out, t, prefixes);
      return;
    case TermKind::kTriple:
      append_triple_term(
          out, t, {"<<( ", " ", " ", " )>>"},
          [prefixes](std::string& o, const Term& part) { append_turtle(o, part, prefixes); });
      return;
  }
}

void append_display(std::string& out, const Term& t, std::span<const Prefix> prefixes) {
  if (is_date(t)) {
    append_escaped(out, t.value, [](std::string&, char32_t) { return false; });
    return;
  }
  if (t.kind == TermKind::kTriple) {
    append_triple_term(
        out, t, {"<<( ", " ", " ", " )>>"},
        [prefixes](std::string& o, const Term& part) { append_display(o, part, prefixes); });
    return;
  }
  append_turtle(out, t, prefixes);
}

}  // namespace annals::results

namespace annals {

std::string display_value(const Term& value, std::span<const Prefix> prefixes) {
  std::string out;
  results::append_display(out, value, prefixes);
  return out;
}

}  // namespace annals
