// What one write transaction changes in the statistics (stats.hpp): per predicate and per
// graph, and the store's fact and quad counts. Kept while the transaction runs; merged into
// the stored records by the commit, in the commit's batch.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "stats/stats.hpp"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBatch;
}  // namespace rocksdb

namespace annals::store {

class StatsDelta {
 public:
  // A fact of the quad (s p o g) becomes live; `quad_alone`: no other fact of its quad is
  // live, so the quad count grows too; `dated`: it has a valid time.
  void asserted(TermId s, TermId p, TermId o, TermId g, bool dated, bool quad_alone);
  // A live fact of the quad stops being live (a retraction, or a purge).
  void retracted(TermId p, TermId g, bool dated, bool quad_alone);

  // Puts the stored per-predicate and per-graph records, with this delta added, into b (read
  // from db's stats column family), and adds to counts what changes: facts, quads, and the
  // predicates and named graphs that gain their first live fact or lose their last. tx is the
  // committing transaction (a predicate's last undated fact going is recorded with it).
  Status merge(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* stats, TxNumber tx,
               rocksdb::WriteBatch& b, Counts& counts) const;

 private:
  struct Predicate {
    std::int64_t facts = 0;
    std::int64_t undated = 0;  // of facts without dates (FORMAT.md "Other column families")
    Sketch subjects, objects;
  };
  Predicate& predicate(TermId p);
  std::int64_t& graph(TermId g);

  std::unordered_map<TermId, Predicate> predicates_;
  std::unordered_map<TermId, std::int64_t> graphs_;
  // Loads repeat predicates and graphs: the last entries touched (an unordered_map never
  // moves its elements).
  TermId last_predicate_ = 0, last_graph_ = 0;
  Predicate* last_pd_ = nullptr;
  std::int64_t* last_gd_ = nullptr;
  std::int64_t facts_ = 0, quads_ = 0;
};

}  // namespace annals::store
