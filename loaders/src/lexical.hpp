// Forwards to the shared lexical helpers, which moved to store/src/syntax/ so that the
// SPARQL grammar can use them too.
#pragma once

#include "syntax/lexical.hpp"
