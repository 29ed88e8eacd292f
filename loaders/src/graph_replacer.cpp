// The retraction half of --replace-graph (graph_replacer.hpp).
#include "graph_replacer.hpp"

#include <algorithm>

namespace annals {

Result<std::uint64_t> GraphReplacer::retract_the_rest(WriteTxn& txn) {
  std::sort(written_.begin(), written_.end());
  written_.erase(std::unique(written_.begin(), written_.end()), written_.end());
  std::vector<TermId> graphs(graphs_.begin(), graphs_.end());
  std::sort(graphs.begin(), graphs.end());
  std::uint64_t retracted = 0;
  auto before = txn.base();
  if (!before) return before.status();
  for (TermId g : graphs) {
    auto cursor = before->scan(Pattern{.s = {}, .p = {}, .o = {}, .g = g});
    if (!cursor) return cursor.status();
    for (; cursor->valid(); cursor->next()) {
      const FactRow& r = cursor->row();
      if (r.g != g) continue;
      Key k{r.g, r.s, r.p, r.o, r.valid.from, r.valid.to};
      if (std::binary_search(written_.begin(), written_.end(), k)) continue;
      auto done = txn.retract_fact(r.s, r.p, r.o, r.g, r.valid);
      if (!done) return done.status();
      if (*done) ++retracted;
    }
    if (auto st = cursor->status(); !st) return st;
  }
  return retracted;
}

}  // namespace annals
