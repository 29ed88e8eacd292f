// The built-in functions of SPARQL 1.1 §17.4 (and SPARQL 1.2's), the XPath casts of §17.5 and
// the arithmetic operators, over decoded terms. Each family lives in its own file
// (functions_*.cpp, casts.cpp); the evaluator finds them by name. Functions that need
// their arguments unevaluated (BOUND, IF, COALESCE) or state of the query run (BNODE, RAND,
// NOW, UUID) are the evaluator's own.
#pragma once

#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "annals/term.hpp"
#include "expr/values.hpp"

namespace annals::query::expr {

// A function's result: a term, or nullopt for an error (§17.3).
using Value = std::optional<Term>;
// Evaluated arguments, none of them an error.
using Args = std::span<const Term* const>;

struct RegexCache;

// What functions keep between calls: compiled regular expressions, the random generator.
struct Env {
  Env();
  std::shared_ptr<RegexCache> regex;
  std::string base;  // IRI() resolves against it; empty: no resolution
  // The generator for RAND(), UUID() and STRUUID(), seeded on first use (a random_device
  // costs a system call: most queries never need one).
  std::mt19937_64& random() {
    if (!random_) random_.emplace(std::random_device{}());
    return *random_;
  }

 private:
  std::optional<std::mt19937_64> random_;
};

using BuiltinFn = Value (*)(Env& env, Args args);
using BuiltinTable = std::unordered_map<std::string_view, BuiltinFn>;

// The families, each adding its functions to the table under the grammar's upper-case names
// ("STRLEN", "SAMETERM", ...).
void add_term_functions(BuiltinTable& table);      // functions_terms.cpp
void add_string_functions(BuiltinTable& table);    // functions_string.cpp
void add_numeric_functions(BuiltinTable& table);   // functions_numeric.cpp
void add_datetime_functions(BuiltinTable& table);  // functions_datetime.cpp

// + - * / on numbers (§17.3 type promotion; integer / integer is a decimal).
Value arithmetic(char op, const Term& a, const Term& b);
Value arithmetic(char op, const Numeric& x, const Numeric& y);
// Unary - (unary + is the number itself).
Value negate(const Term& a);

// A cast by the function IRI of an XSD datatype (§17.5); nullopt when iri is no cast.
std::optional<Value> cast(std::string_view iri, const Term& arg);
bool is_cast(std::string_view iri);

// Simple literals and language-tagged strings made from a string argument keep its tag.
Term string_like(std::string value, const Term& like);
Term simple_literal(std::string value);

// A random version 4 UUID, lower-case, without the "urn:uuid:" prefix.
std::string random_uuid(Env& env);

}  // namespace annals::query::expr
