// Functions on RDF terms (SPARQL 1.1 §17.4.1-2, 17.4.6; SPARQL 1.2's language direction and
// triple-term functions): STR, LANG, DATATYPE, IRI, the is* tests, sameTerm, STRDT,
// STRLANG, STRLANGDIR, LANGDIR, hasLANG, hasLANGDIR, TRIPLE, SUBJECT, PREDICATE, OBJECT,
// isTRIPLE, and the hash functions (OpenSSL's libcrypto).
#include <openssl/evp.h>

#include "annals/iri.hpp"
#include "expr/functions.hpp"
#include "expr/values.hpp"
#include "syntax/lexical.hpp"

namespace annals::query::expr {

namespace {

Value fn_str(Env&, Args args) {
  const Term& t = *args[0];
  if (!t.is_iri() && !t.is_literal()) return std::nullopt;
  return simple_literal(t.value);
}

Value fn_lang(Env&, Args args) {
  if (!args[0]->is_literal()) return std::nullopt;
  return simple_literal(args[0]->language);
}

Value fn_langdir(Env&, Args args) {
  if (!args[0]->is_literal()) return std::nullopt;
  return simple_literal(args[0]->direction);
}

Value fn_haslang(Env&, Args args) { return boolean_term(!args[0]->language.empty()); }
Value fn_haslangdir(Env&, Args args) { return boolean_term(!args[0]->direction.empty()); }

Value fn_datatype(Env&, Args args) {
  if (!args[0]->is_literal()) return std::nullopt;
  return Term::iri(args[0]->datatype);
}

// IRI(str): a string resolved against the query's base; an IRI as it is. A string holding a
// character no IRI may hold (a space, '>', NUL, ...) is an error (§17.4.2.8: "an IRI").
Value fn_iri(Env& env, Args args) {
  const Term& t = *args[0];
  if (t.is_iri()) return t;
  if (!is_simple_string(t) || !check_iri_chars(t.value)) return std::nullopt;
  if (env.base.empty() || iri_has_scheme(t.value)) return Term::iri(t.value);
  return Term::iri(resolve_iri(env.base, t.value));
}

Value fn_sameterm(Env&, Args args) { return boolean_term(*args[0] == *args[1]); }
Value fn_isiri(Env&, Args args) { return boolean_term(args[0]->is_iri()); }
Value fn_isblank(Env&, Args args) { return boolean_term(args[0]->is_blank()); }
Value fn_isliteral(Env&, Args args) { return boolean_term(args[0]->is_literal()); }
Value fn_istriple(Env&, Args args) { return boolean_term(args[0]->is_triple()); }
Value fn_isnumeric(Env&, Args args) { return boolean_term(numeric_value(*args[0]).has_value()); }

// STRDT(lexical, datatype): the datatype is checked as IRI() checks a string, whatever made
// the IRI term.
Value fn_strdt(Env&, Args args) {
  if (!is_simple_string(*args[0]) || !args[1]->is_iri()) return std::nullopt;
  const std::string& dt = args[1]->value;
  if (dt == kRdfLangString || dt == kRdfDirLangString || !check_iri_chars(dt)) return std::nullopt;
  return Term::literal(args[0]->value, dt);
}

// STRLANG and STRLANGDIR make only the tags and directions the readers take
// (lex::valid_language_tag): a tag no reader takes back could not be dumped and loaded again.
Value fn_strlang(Env&, Args args) {
  if (!is_simple_string(*args[0]) || !is_simple_string(*args[1])) return std::nullopt;
  if (!lex::valid_language_tag(args[1]->value)) return std::nullopt;
  return Term::lang_literal(args[0]->value, args[1]->value);
}

Value fn_strlangdir(Env&, Args args) {
  if (!is_simple_string(*args[0]) || !is_simple_string(*args[1]) || !is_simple_string(*args[2])) {
    return std::nullopt;
  }
  if (!lex::valid_language_tag(args[1]->value) || !lex::valid_direction(args[2]->value)) {
    return std::nullopt;
  }
  return Term::lang_literal(args[0]->value, args[1]->value, args[2]->value);
}

// TRIPLE(s, p, o): RDF 1.2 allows an IRI or blank node subject and an IRI predicate.
Value fn_triple(Env&, Args args) {
  if (!(args[0]->is_iri() || args[0]->is_blank()) || !args[1]->is_iri()) return std::nullopt;
  return Term::triple_term(*args[0], *args[1], *args[2]);
}

template <Term Triple::*Part>
Value component(Env&, Args args) {
  if (!args[0]->is_triple()) return std::nullopt;
  return (*args[0]->triple).*Part;
}

// The hex digest of an xsd:string's UTF-8 bytes.
template <const EVP_MD* (*Md)()>
Value digest(Env&, Args args) {
  if (!is_simple_string(*args[0])) return std::nullopt;
  const std::string& s = args[0]->value;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(s.data(), s.size(), md, &n, Md(), nullptr) != 1) return std::nullopt;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return simple_literal(std::move(out));
}

}  // namespace

void add_term_functions(BuiltinTable& table) {
  table.emplace("STR", fn_str);
  table.emplace("LANG", fn_lang);
  table.emplace("LANGDIR", fn_langdir);
  table.emplace("HASLANG", fn_haslang);
  table.emplace("HASLANGDIR", fn_haslangdir);
  table.emplace("DATATYPE", fn_datatype);
  table.emplace("IRI", fn_iri);
  table.emplace("URI", fn_iri);
  table.emplace("SAMETERM", fn_sameterm);
  table.emplace("ISIRI", fn_isiri);
  table.emplace("ISURI", fn_isiri);
  table.emplace("ISBLANK", fn_isblank);
  table.emplace("ISLITERAL", fn_isliteral);
  table.emplace("ISTRIPLE", fn_istriple);
  table.emplace("ISNUMERIC", fn_isnumeric);
  table.emplace("STRDT", fn_strdt);
  table.emplace("STRLANG", fn_strlang);
  table.emplace("STRLANGDIR", fn_strlangdir);
  table.emplace("TRIPLE", fn_triple);
  table.emplace("SUBJECT", component<&Triple::subject>);
  table.emplace("PREDICATE", component<&Triple::predicate>);
  table.emplace("OBJECT", component<&Triple::object>);
  table.emplace("MD5", digest<EVP_md5>);
  table.emplace("SHA1", digest<EVP_sha1>);
  table.emplace("SHA256", digest<EVP_sha256>);
  table.emplace("SHA384", digest<EVP_sha384>);
  table.emplace("SHA512", digest<EVP_sha512>);
}

std::string random_uuid(Env& env) {
  std::uint64_t hi = env.random()(), lo = env.random()();
  hi = (hi & ~std::uint64_t{0xF000}) | 0x4000;                       // version 4
  lo = (lo & ~(std::uint64_t{3} << 62)) | (std::uint64_t{2} << 62);  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 32; ++i) {
    std::uint64_t word = i < 16 ? hi : lo;
    s += kHex[(word >> (60 - 4 * (i % 16))) & 15];
    if (i == 7 || i == 11 || i == 15 || i == 19) s += '-';
  }
  return s;
}

}  // namespace annals::query::expr
