// --replace-graph: the facts a load writes are remembered, and at the end every other fact
// that was current in one of the graphs it wrote to is retracted, in the same transaction.
#pragma once

#include <optional>
#include <unordered_set>
#include <vector>

#include "annals/store.hpp"

namespace annals {

class GraphReplacer {
 public:
  // Notes a fact the load writes (and so its graph as one to replace).
  void add(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid) {
    written_.push_back(Key{g, s, p, o, valid.from, valid.to});
    if (g != last_graph_) {
      graphs_.insert(g);
      last_graph_ = g;
    }
  }
  // Notes a graph to replace even if the load writes nothing to it.
  void replace(TermId g) { graphs_.insert(g); }
  // Retracts, in txn, every fact that was current before it (txn.base()) in a graph add()
  // saw and that add() did not see. Facts the load wrote again are left as they are, so
  // they keep their ids and history. Returns how many it retracted.
  Result<std::uint64_t> retract_the_rest(WriteTxn& txn);

 private:
  // 56 bytes a fact: the one part of a load whose memory grows with the file.
  struct Key {
    TermId g, s, p, o;
    std::optional<DateBound> from, to;
    friend auto operator<=>(const Key&, const Key&) = default;
  };

  std::vector<Key> written_;
  std::unordered_set<TermId> graphs_;
  TermId last_graph_ = ~TermId{0};
};

}  // namespace annals
