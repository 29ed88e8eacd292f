// Valid time in files: the annals:validFrom / validTo / validIn statements of an annotation
// read into a ValidTime by time.hpp's IntervalRule (the readers fold them into the fact they
// annotate), and a ValidTime written back as those statements. loaders/README.md "Valid time
// in files" tells the rule.
#pragma once

#include <optional>
#include <vector>

#include "annals/rdf.hpp"
#include "annals/time.hpp"

namespace annals {

// The bound a predicate sets (time.hpp), or nullopt for any other predicate.
inline std::optional<TimeBound> time_bound_of(const Term& predicate) {
  return predicate.is_iri() ? time_bound_of(predicate.value) : std::nullopt;
}

// The annotations that say an interval: none for all times; "annals:validIn P" when the
// interval is exactly one period P (both bounds of P's precision, the end P's end); else
// annals:validFrom and/or annals:validTo. Replaces what `out` held.
void valid_time_annotations(const ValidTime& valid, std::vector<Annotation>& out);

// Folds the spelled-out form of a valid-time annotation in a stream of quads (the line-based
// formats): a quad Q, then "_:r rdf:reifies <<( Q )>>" in Q's graph, then "_:r annals:validX v"
// statements. Q is handed on with the interval; the annals statements, and the rdf:reifies
// statement unless something else is said of _:r right after, are not. Every quad is held
// back until the next one shows whether a reifier follows; the reader parses each quad into
// a slot of the folder's (next()), so holding one copies nothing. Not thread-safe.
class StatementFolder {
 public:
  explicit StatementFolder(const FactSink& sink) : sink_(sink) {}
  StatementFolder(const StatementFolder&) = delete;
  StatementFolder& operator=(const StatementFolder&) = delete;

  // The slot the reader parses the next quad into (its terms are left over from earlier).
  Quad& next() { return *next_; }
  // Takes the quad in next(). Returns what the sink returned, or this fold's own
  // kInvalidInput (no place) for a bad annals value; value_error() tells the two apart.
  Status add();
  // Hands on what is held; call at the end of the input.
  Status finish();
  // True when the last error add() returned was about the statement's object.
  bool value_error() const { return value_error_; }

 private:
  bool reifies_held(const Quad& q) const;
  Status end_group();
  Status end_held();

  const FactSink& sink_;
  Quad slots_[3];
  Quad* next_ = &slots_[0];
  Quad* held_ = &slots_[1];     // the quad that an annotation may follow
  Quad* reifier_ = &slots_[2];  // "_:r rdf:reifies <<( held_ )>>" of the open annotation
  bool has_held_ = false;
  bool timed_ = false;  // an annotation gave held_ an interval (or tried to)
  bool in_group_ = false;
  bool reifier_passed_ = false;
  bool group_failed_ = false;  // the open annotation had a bad value (skipped by on_skip)
  IntervalRule bounds_;
  bool value_error_ = false;
};

}  // namespace annals
