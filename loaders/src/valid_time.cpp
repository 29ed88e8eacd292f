// Valid time in files: the spelled-out annotations of the line-based formats folded into their
// facts (time.hpp's IntervalRule checks their values), and intervals written back as
// annotations.
#include "valid_time.hpp"

namespace annals {

namespace {

Term date_literal(DateBound b) {
  return Term::literal(to_string(b), std::string(datatype_for(b.precision)));
}

}  // namespace

void valid_time_annotations(const ValidTime& valid, std::vector<Annotation>& out) {
  out.clear();
  const auto& [from, to] = valid;
  if (is_one_period(valid)) {
    out.push_back({Term::iri(std::string(kAnnalsValidIn)), date_literal(*from)});
    return;
  }
  if (from) out.push_back({Term::iri(std::string(kAnnalsValidFrom)), date_literal(*from)});
  if (to) out.push_back({Term::iri(std::string(kAnnalsValidTo)), date_literal(*to)});
}

// --- StatementFolder --------------------------------------------------------------------------

bool StatementFolder::reifies_held(const Quad& q) const {
  if (q.predicate.value != kRdfReifies || !q.subject.is_blank() || !q.object.is_triple()) {
    return false;
  }
  const Triple& t = *q.object.triple;
  const Quad& held = *held_;
  return q.graph == held.graph && t.subject == held.subject && t.predicate == held.predicate &&
         t.object == held.object;
}

Status StatementFolder::add() {
  const Quad& q = *next_;
  value_error_ = false;
  if (in_group_ && q.subject == reifier_->subject && q.graph == reifier_->graph) {
    if (auto bound = time_bound_of(q.predicate)) {
      if (group_failed_) return Status::ok();
      Status st = bounds_.add(*bound, q.object);
      if (!st) value_error_ = group_failed_ = true;
      return st;
    }
    // Something else is said of the reifier: it stays, and says it.
    if (!reifier_passed_) {
      reifier_passed_ = true;
      if (auto st = sink_(*reifier_, {}); !st) return st;
    }
    return sink_(q, {});
  }
  if (has_held_ && reifies_held(q)) {
    if (in_group_) {
      if (auto st = end_group(); !st) return st;
    }
    std::swap(reifier_, next_);
    in_group_ = true;
    reifier_passed_ = group_failed_ = false;
    bounds_.clear();
    return Status::ok();
  }
  if (auto st = finish(); !st) return st;
  std::swap(held_, next_);
  has_held_ = true;
  timed_ = false;
  return Status::ok();
}

Status StatementFolder::finish() {
  if (in_group_) {
    if (auto st = end_group(); !st) return st;
  }
  return has_held_ ? end_held() : Status::ok();
}

// An annotation without annals statements was an ordinary reifier: its rdf:reifies stays.
Status StatementFolder::end_group() {
  in_group_ = false;
  if (group_failed_) {
    timed_ = true;  // the fact is left out with its bad statement, not made valid always
    return Status::ok();
  }
  if (bounds_.empty()) return reifier_passed_ ? Status::ok() : sink_(*reifier_, {});
  timed_ = true;
  return sink_(*held_, bounds_.interval());
}

Status StatementFolder::end_held() {
  has_held_ = false;
  return timed_ ? Status::ok() : sink_(*held_, {});
}

}  // namespace annals
