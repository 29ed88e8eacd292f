// The readers behind parse_rdf, one per syntax family.
#pragma once

#include "annals/rdf.hpp"

namespace annals {

// Turtle and TriG (turtle_reader.cpp). fold: valid-time annotations become their facts'
// intervals (parse_facts); else every quad is handed on valid always.
Status parse_turtle(Input& in, const ParseOptions& options, const FactSink& sink, bool fold);

}  // namespace annals
