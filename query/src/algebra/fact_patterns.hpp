// Annotation patterns on valid time become fact patterns (docs/DESIGN.md "The vocabulary").
// The store keeps a fact's valid time with the fact, not as annals:validFrom triples, so the
// triples an annotation `s p o {| annals:validFrom ?when |}` stands for (`R rdf:reifies
// <<( s p o )>> . R annals:validFrom ?when`) would match nothing. Read instead as "each fact
// of the quad s p o, with its valid time", the group is one fact pattern (algebra.hpp).
#pragma once

#include "algebra/algebra.hpp"

namespace annals::query::algebra {

// Rewrites every basic graph pattern of the query (sub-queries and EXISTS patterns too).
// A group folds when, within one basic graph pattern, its reifier R (a variable or a blank
// node) is the subject of exactly one rdf:reifies triple whose object is a triple term and
// of at least one annals:validFrom / validTo / validIn triple, and R occurs nowhere else in
// the query (no other triple, filter, expression or projection). Anything else is left as
// ordinary triples, which still match reifiers loaded as triples (annotations with other
// predicates). A plain triple s p o beside a fact pattern on the same s p o is dropped:
// every fact row implies it, so it would only join once more.
void fold_fact_patterns(Query& q);

}  // namespace annals::query::algebra
