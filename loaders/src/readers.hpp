// The readers behind parse_rdf, one per syntax family.
#pragma once

#include "annals/rdf.hpp"

namespace annals {

// Turtle and TriG (turtle_reader.cpp).
Status parse_turtle(Input& in, const ParseOptions& options, const QuadSink& sink);

}  // namespace annals
