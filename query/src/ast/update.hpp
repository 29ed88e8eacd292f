// The abstract syntax tree of a SPARQL 1.1 Update request, as the parser's actions build it.
// Templates and DATA blocks are quads: a triple (blank nodes kept as blank nodes) in a graph
// (none: the default graph, or WITH's graph for DELETE/INSERT). A valid-time annotation on a
// template triple is already folded into the quad (annals:validFrom / validTo / validIn).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "annals/update.hpp"
#include "ast/ast.hpp"

namespace annals::query::ast {

struct QuadPattern {
  TriplePattern triple;  // never a path
  std::optional<Node> graph;
  // The valid time an annotation names: its validFrom / validTo / validIn statements in the
  // order written, each value a term or a variable bound by WHERE; time.hpp's IntervalRule
  // makes them an interval. Empty: no interval named.
  std::vector<std::pair<TimeBound, Node>> valid;
  bool names_interval() const { return !valid.empty(); }
};

// The graphs a graph management operation names (GraphRefAll, GraphOrDefault).
struct GraphTarget {
  enum class Kind : std::uint8_t { kGraph, kDefault, kNamed, kAll };
  Kind kind = Kind::kDefault;
  Term iri;  // kGraph
};

struct UpdateOperation {
  UpdateKind kind = UpdateKind::kInsertData;
  bool silent = false;
  std::vector<QuadPattern> remove, insert;  // DELETE / INSERT templates, or the DATA
  std::optional<Term> with;                 // WITH iri
  std::vector<Term> using_default, using_named;
  std::optional<GroupPattern> where;  // kModify, kDeleteWhere (built from the quads)
  GraphTarget target;                 // CLEAR, DROP, CREATE; ADD/MOVE/COPY source
  GraphTarget destination;            // ADD/MOVE/COPY
  Term source;                        // LOAD
  std::optional<Term> into;           // LOAD ... INTO GRAPH
  std::size_t at = 0;                 // byte offset in the request, for messages
};

struct Update {
  std::vector<Prefix> prefixes;  // every PREFIX of the request, in order
  std::vector<UpdateOperation> operations;
};

}  // namespace annals::query::ast
