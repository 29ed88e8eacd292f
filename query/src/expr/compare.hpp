// Comparing RDF terms as values: the operators = != < > <= >= (SPARQL 1.1 §17.3, with
// XPath's numeric, string, boolean and date comparisons and RDFterm-equal for the rest) and
// the total order of ORDER BY (§15.1).
#pragma once

#include <cstdint>
#include <optional>

#include "annals/term.hpp"
#include "expr/values.hpp"

namespace annals::query::expr {

// The outcome of an ordering comparison of two values; kUnordered when one is NaN.
enum class Cmp : std::int8_t { kLess = -1, kEqual = 0, kGreater = 1, kUnordered = 2 };

// Two numbers after type promotion (§17.3).
Cmp compare_numbers(const Numeric& a, const Numeric& b);
// < <= > >=: both numbers, both xsd:string, both strings of one language, both booleans or
// both dates/times of one kind, where xsd:gYear, xsd:gYearMonth and xsd:date count as one
// (our extension: a timeline of periods, by first day, the coarser first on ties); nullopt
// (a type error) otherwise, and for dates whose missing timezone makes the answer
// indeterminate.
std::optional<Cmp> compare_values(const Term& a, const Term& b);
// =: value equality where the values compare, else RDFterm-equal: true for the same term,
// false for terms whose values are known to differ (an IRI and a literal, literals of
// different known types), nullopt (a type error) for literals whose equality cannot be
// known (an unknown datatype, an ill-formed number).
std::optional<bool> equal_values(const Term& a, const Term& b);
// ORDER BY: blank nodes, IRIs, literals, triple terms; literals by kind (numbers, booleans,
// dates, strings, others), by value within a kind (periods of mixed precisions on one
// timeline, as for <), then by lexical form, datatype and language so that only identical
// terms tie (unless total is false: then equal values tie, as MIN and MAX want). <0, 0, >0.
int order_terms(const Term& a, const Term& b, bool total = true);

}  // namespace annals::query::expr
