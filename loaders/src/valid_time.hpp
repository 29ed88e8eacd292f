// Valid time in files: the annals:validFrom / validTo / validIn statements of an annotation
// read into a ValidTime (the readers fold them into the fact they annotate), and a ValidTime
// written back as those statements. The rule is in loaders/README.md "Valid time in files".
#pragma once

#include <optional>
#include <vector>

#include "annals/rdf.hpp"
#include "annals/time.hpp"

namespace annals {

enum class TimeBound : std::uint8_t { kFrom, kTo, kIn };

// The bound a predicate sets, or nullopt for any other predicate.
std::optional<TimeBound> time_bound_of(const Term& predicate);

// Reads the annals:* statements of one annotation into an interval, checking each value as
// it comes, so that an error belongs to the statement that caused it.
class IntervalReader {
 public:
  // Adds one statement's value. kInvalidInput without a place (the caller knows it) for a
  // value that is not an xsd:gYear, xsd:gYearMonth or xsd:date literal of a valid lexical
  // form, a bound given twice, validIn beside validFrom/validTo, or an end not after the start.
  Status add(TimeBound bound, const Term& value);
  // True when no statement was added.
  bool empty() const { return !any_; }
  ValidTime interval() const { return valid_; }
  void clear() { *this = IntervalReader(); }

 private:
  ValidTime valid_;
  bool any_ = false;
  bool in_ = false;
};

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
  IntervalReader bounds_;
  bool value_error_ = false;
};

}  // namespace annals
