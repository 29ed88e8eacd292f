// Reclaims what aborted transactions left in the indexes. A crash or kill during a large
// transaction leaves its spilled index entries behind, invisible for ever (FORMAT.md); a
// compaction filter drops their versions whenever RocksDB rewrites those files, so that
// `annals compact` gives the space back.
#pragma once

#include <rocksdb/compaction_filter.h>

#include <memory>
#include <mutex>
#include <vector>

#include "annals/store.hpp"

namespace annals::store {

// The store's aborted transactions as the filters see them; set by the writer.
class AbortedList {
 public:
  std::shared_ptr<const std::vector<TxNumber>> get() const;
  void set(std::vector<TxNumber> sorted);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const std::vector<TxNumber>> list_ = std::make_shared<std::vector<TxNumber>>();
};

// A factory of filters for one index column family (`with_id`: the primary index, whose
// values begin with the fact id).
std::shared_ptr<rocksdb::CompactionFilterFactory> aborted_filter_factory(
    std::shared_ptr<const AbortedList> aborted, bool with_id);

}  // namespace annals::store
