// Valid time in files: annals:validFrom / validTo / validIn values read and checked, the
// spelled-out annotations of the line-based formats folded into their facts, and intervals
// written back as annotations.
#include "valid_time.hpp"

namespace annals {

namespace {

std::string_view bound_name(TimeBound b) {
  switch (b) {
    case TimeBound::kFrom: return "annals:validFrom";
    case TimeBound::kTo: return "annals:validTo";
    case TimeBound::kIn: return "annals:validIn";
  }
  return {};
}

// A term as a message shows it: xsd datatypes shortened to "xsd:".
std::string show(const Term& t) {
  if (!t.is_literal() || !t.datatype.starts_with(kXsd)) return to_ntriples(t);
  std::string s = to_ntriples(Term::literal(t.value));
  if (t.datatype != kXsdString) {
    s += "^^xsd:";
    s += std::string_view(t.datatype).substr(kXsd.size());
  }
  return s;
}

bool is_date_datatype(std::string_view dt) {
  return dt == datatype_for(Precision::kYear) || dt == datatype_for(Precision::kMonth) ||
         dt == datatype_for(Precision::kDay);
}

Status value_error(std::string message) { return Status::invalid_input(std::move(message)); }

Status twice(std::string_view name) {
  return value_error(std::string(name) + " is given twice in one annotation");
}

Term date_literal(DateBound b) {
  return Term::literal(to_string(b), std::string(datatype_for(b.precision)));
}

}  // namespace

std::optional<TimeBound> time_bound_of(const Term& predicate) {
  const std::string& v = predicate.value;
  // All three are the namespace and seven or nine more characters: a size test rejects most.
  if ((v.size() != kAnnalsValidIn.size() && v.size() != kAnnalsValidFrom.size()) ||
      !predicate.is_iri()) {
    return std::nullopt;
  }
  if (v == kAnnalsValidFrom) return TimeBound::kFrom;
  if (v == kAnnalsValidIn) return TimeBound::kIn;
  if (v == kAnnalsValidTo) return TimeBound::kTo;
  return std::nullopt;
}

Status IntervalReader::add(TimeBound bound, const Term& value) {
  const std::string_view name = bound_name(bound);
  if (!value.is_literal() || !is_date_datatype(value.datatype)) {
    return value_error(std::string(name) +
                       " needs an xsd:gYear, xsd:gYearMonth or xsd:date literal, not " +
                       show(value));
  }
  auto date = parse_date_literal(value.value, value.datatype);
  if (!date) {
    return value_error(show(value) + " is not a valid xsd:" +
                       std::string(std::string_view(value.datatype).substr(kXsd.size())));
  }
  if (bound == TimeBound::kIn && in_) return twice(name);
  if (bound == TimeBound::kIn ? any_ : in_) {
    return value_error("annals:validIn cannot be combined with annals:validFrom or "
                       "annals:validTo in one annotation");
  }
  std::optional<DateBound>& slot = bound == TimeBound::kTo ? valid_.to : valid_.from;
  if (slot) return twice(name);
  any_ = true;
  if (bound == TimeBound::kIn) {
    in_ = true;
    valid_ = ValidTime::during(*date, *date);
    return Status::ok();
  }
  slot = date;
  if (valid_.from && valid_.to && valid_.to->days <= valid_.from->days) {
    return value_error("annals:validTo " + to_string(*valid_.to) +
                       " is not after annals:validFrom " + to_string(*valid_.from));
  }
  return Status::ok();
}

void valid_time_annotations(const ValidTime& valid, std::vector<Annotation>& out) {
  out.clear();
  const auto& [from, to] = valid;
  if (from && to && from->precision == to->precision && *to == end_of_period(*from)) {
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
