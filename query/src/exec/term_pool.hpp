// The terms of one query run. The executor works on 64-bit ids: the store's ids for terms it
// holds (inline values included) and query-local ids for terms a query computes that the
// store has never seen (a CONCAT, a BNODE(), a VALUES constant). Equal RDF terms always get
// equal ids, so joins, DISTINCT and GROUP BY compare ids, never strings.
//
// Failures of the store underneath (a read error) and cancellation surface as ExecError,
// thrown inside the executor and turned into a Status at the public API (query.hpp).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include "annals/status.hpp"
#include "annals/store.hpp"
#include "annals/term.hpp"
#include "annals/term_id.hpp"

namespace annals::query::exec {

using Id = TermId;

// No binding (an unbound variable, or an expression error where an id is expected). Kept
// apart from kNoTerm (annals/term_id.hpp), a term the store lacks: an unbound end of a
// pattern matches anything, a term the store lacks matches nothing.
inline constexpr Id kUnbound = ~Id{0};
static_assert(kUnbound != kNoTerm && tag_of(kUnbound) == kTagSentinel);
// A term this query computed, which the store does not hold (payload: its index here).
inline bool is_local(Id id) { return tag_of(id) == kTagQueryLocal; }

// Thrown inside the executor when it must stop: a store error, a timeout, a cancellation.
struct ExecError {
  Status status;
};

class TermPool {
 public:
  explicit TermPool(const ReadTxn& txn) : txn_(txn) {}
  TermPool(const TermPool&) = delete;
  TermPool& operator=(const TermPool&) = delete;

  const ReadTxn& txn() const { return txn_; }

  // The id of a term: the store's id if it has one (inline values always do), else a local
  // id, the same for every equal term.
  Id intern(const Term& t);
  // The store's id of a term, or nullopt: for constants of patterns (a constant the store
  // has never seen matches nothing).
  std::optional<Id> lookup(const Term& t);
  // The term of an id (store or local). The reference stays valid while the pool lives.
  const Term& term(Id id);
  // A blank node no other id names (BNODE()).
  Id fresh_blank();

 private:
  struct TermHash {
    std::size_t operator()(const Term& t) const;
  };
  const ReadTxn& txn_;
  std::deque<Term> locals_;  // local id payload = index
  std::unordered_map<Term, Id, TermHash> local_ids_;
  // Store ids decoded so far (a node map: references to its terms stay valid).
  std::unordered_map<Id, Term> decoded_;
  std::unordered_map<Term, std::optional<Id>, TermHash> looked_up_;
  std::uint64_t blanks_ = 0;
};

}  // namespace annals::query::exec
