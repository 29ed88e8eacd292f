// Verifying a store (Store::check, `annals check`): the files' checksums, the seven indexes
// agreeing fact for fact, the dictionary, the transaction log and the statistics, all read
// from one consistent state of the store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "annals/store.hpp"

namespace annals {

struct CheckOptions {
  // Read every table file whole to verify the checksums of all its blocks. The index passes
  // read every live data block anyway; this adds the blocks no scan reads (filters,
  // properties, entries shadowed by newer ones) at the cost of a second read of the store.
  bool checksums = true;
  // Problems listed in CheckReport::problems; the rest are only counted.
  std::size_t max_problems = 100;
};

// What a check read and found. Counts are of what lies in the store, whatever its state.
struct CheckReport {
  TxNumber committed = 0;          // the last committed transaction of the state checked
  std::uint64_t facts = 0;         // facts in the primary index (with any history)
  std::uint64_t current = 0;       // of them, asserted and not retracted at `committed`
  std::uint64_t quads = 0;         // distinct quads with a current fact
  std::uint64_t terms = 0;         // dictionary entries
  std::uint64_t transactions = 0;  // records in the transaction log
  std::uint64_t aborted = 0;       // transactions a crash or a rollback left aborted
  std::uint64_t files = 0;         // table files whose checksums were verified (0: not asked)
  // One line per problem, the first CheckOptions::max_problems of problem_count.
  std::vector<std::string> problems;
  std::uint64_t problem_count = 0;

  bool ok() const { return problem_count == 0; }
};

}  // namespace annals
