// What the query executor asks of a scan beyond ScanOptions: a cursor it seeks again for
// each row of a join, the time index, object id ranges from filters. For the query layer and
// the store's own tests; not installed, not part of the API embedders see (store.hpp).
#pragma once

#include <vector>

#include "annals/store.hpp"

namespace annals {

// An inclusive range of term ids (ScanTuning::object_ranges).
struct IdRange {
  TermId lo = 0, hi = 0;
};

struct ScanTuning {
  // The cursor may be restarted with reseek() on other patterns of the same shape (a join
  // seeking once per row): it keeps its iterator and checks the key prefix itself.
  bool reseekable = false;
  // Read the time index instead of a quad index when it serves the whole answer (see
  // time_index_serves()): the read then costs about the facts that overlap the window, not
  // all of the predicate's. Rows come in the time index's order (FORMAT.md "The time
  // index"), not sorted by subject or object; distinct_quads still holds (a set of the quads
  // returned). Such a cursor cannot seek: tuned_scan() refuses time_index together with
  // reseekable (kFailed). uses_time_index() says which index was read.
  bool time_index = false;
  // When not empty, for a pattern with the object free: only rows whose object id lies in
  // one of these ranges (sorted, disjoint). Where the index read puts the object right after
  // the bound positions (the predicate bound without the subject, or the predicate and
  // graph, or nothing bound), each range is one key range, so rows outside them cost nothing;
  // elsewhere they are skipped row by row. Inline ids order by value within their tag
  // (FORMAT.md "Term ids"), so a FILTER like ?o > 5000 becomes such ranges.
  std::vector<IdRange> object_ranges = {};
};

// The store's side of the functions below (friend of ReadTxn and Cursor).
struct ScanAccess {
  static Result<Cursor> scan(const ReadTxn& txn, const Pattern& pattern, const TimeScope& time,
                             const ScanOptions& options, const ScanTuning& tuning);
  static Result<bool> time_index_serves(const ReadTxn& txn, const Pattern& pattern,
                                        const TimeScope& time);
  static Status reseek(Cursor& cursor, const Pattern& pattern);
  static bool uses_time_index(const Cursor& cursor);
};

// ReadTxn::scan with the executor's knobs.
inline Result<Cursor> tuned_scan(const ReadTxn& txn, const Pattern& pattern,
                                 const TimeScope& time, const ScanOptions& options,
                                 const ScanTuning& tuning) {
  return ScanAccess::scan(txn, pattern, time, options, tuning);
}

// Whether a scan with ScanTuning::time_index would read the time index: the pattern binds
// the predicate and neither subject nor object (the graph either way), the valid-time window
// has both ends, and the predicate had no fact without dates at the scan's as-of (those are
// valid at all times but not in the time index). Reads one statistics record.
inline Result<bool> time_index_serves(const ReadTxn& txn, const Pattern& pattern,
                                      const TimeScope& time) {
  return ScanAccess::time_index_serves(txn, pattern, time);
}

// Which of a pattern's positions are bound (s 1, p 2, o 4, g 8): reseek() takes patterns of
// the cursor's own shape only.
inline int pattern_shape(const Pattern& p) {
  return (p.s ? 1 : 0) | (p.p ? 2 : 0) | (p.o ? 4 : 0) | (p.g ? 8 : 0);
}

// Restarts a cursor made with ScanTuning::reseekable on another pattern that binds the same
// positions (other ids), with the same time and options: much cheaper than a new scan, and
// cheapest when patterns come in increasing key order. kFailed for a pattern of another
// shape or a cursor that is not reseekable.
inline Status reseek(Cursor& cursor, const Pattern& pattern) {
  return ScanAccess::reseek(cursor, pattern);
}

// True when the scan reads the time index (ScanTuning::time_index): rows are then in that
// index's order and the cursor cannot seek.
inline bool uses_time_index(const Cursor& cursor) { return ScanAccess::uses_time_index(cursor); }

}  // namespace annals
