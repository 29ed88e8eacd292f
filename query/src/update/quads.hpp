// Turning the quads of an Update template or DATA block into store ids: for inserting
// (interning terms, a fresh blank node per template label and solution) and for deleting
// (looking terms up only: a term the store has never seen matches no fact). SPARQL 1.1 Update
// §3.1.3: a template triple with an unbound variable or an illegal term in a position (a
// literal subject, a blank node predicate) is left out, not an error.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "annals/store.hpp"
#include "ast/update.hpp"

namespace annals::query::update {

// One solution of a WHERE clause: variable name -> value (absent: unbound).
using Binding = std::unordered_map<std::string, Term>;

// A quad as ids, with the valid time its annotation named (if it named one).
struct QuadIds {
  TermId s = 0, p = 0, o = 0, g = kDefaultGraph;
  std::optional<ValidTime> valid;
};

class QuadResolver {
 public:
  // default_graph: where quads without GRAPH go (WITH's graph, or the default graph).
  QuadResolver(WriteTxn& txn, const ReadTxn& view, Term default_graph)
      : txn_(txn), view_(view), default_graph_(std::move(default_graph)) {}

  // The quad to insert under a binding; nullopt when it is left out. Each call with a new
  // `solution` number gives the template's blank nodes new store blank nodes.
  Result<std::optional<QuadIds>> for_insert(const ast::QuadPattern& q, const Binding& b,
                                            std::size_t solution);
  // The quad to delete under a binding; nullopt when it is left out or cannot be stored.
  Result<std::optional<QuadIds>> for_delete(const ast::QuadPattern& q, const Binding& b);

 private:
  WriteTxn& txn_;
  const ReadTxn& view_;
  Term default_graph_;
  std::size_t solution_ = static_cast<std::size_t>(-1);
  std::unordered_map<std::string, TermId> blanks_;  // of the current solution

  Result<std::optional<QuadIds>> resolve(const ast::QuadPattern& q, const Binding& b, bool insert);
  Result<std::optional<TermId>> id_of(const ast::Node& n, const Binding& b, bool insert);
  Result<std::optional<TermId>> term_id(const Term& t, bool insert);
};

}  // namespace annals::query::update
