// The dated mode of annals_gen (gen_quads.cpp): events and periods spread over 1995-2025, in
// two forms of the same facts, for the temporal benchmark (bench/temporal/).
#pragma once

#include <cstdint>

namespace annals::bench {

enum class DatedForm {
  kAnnotated,  // Turtle 1.2: s p o {| annals:validFrom ..; annals:validTo .. |} (Annals' facts)
  kReified,    // Turtle 1.1: [] rdf:subject s; rdf:predicate p; rdf:object o; ex:from d1; ex:to d2
};

// Writes n facts to stdout; the same n and seed give the same facts in either form.
void dated_facts(std::uint64_t n, std::uint64_t seed, DatedForm form);

}  // namespace annals::bench
