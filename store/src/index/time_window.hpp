// The key ranges of the time index that a valid-time window read visits (store/FORMAT.md
// "The time index"): per duration class, the facts whose start lies close enough before the
// window's end that they may overlap it, so a read costs about the facts it returns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/keys.hpp"

namespace annals::store {

// Keys in [lower, upper) of the time index. Every fact of the predicate that overlaps the
// window lies in one of the ranges; a range may also hold a few that do not (the reader
// checks each row's interval).
struct TimeRange {
  std::string lower, upper;
};

// The ranges for predicate p and the window [from, to) in days since 1970-01-01, in key
// order: the closed classes from the shortest up, then open-start facts, then open-end ones.
std::vector<TimeRange> time_ranges(TermId p, std::int64_t from, std::int64_t to);

}  // namespace annals::store
