#include "exec/term_pool.hpp"

#include <functional>

#include "exec/budget.hpp"

namespace annals::query::exec {

std::size_t TermPool::TermHash::operator()(const Term& t) const {
  std::size_t h = std::hash<std::string>()(t.value) * 31 + static_cast<std::size_t>(t.kind);
  h = h * 31 + std::hash<std::string>()(t.datatype);
  h = h * 31 + std::hash<std::string>()(t.language);
  if (t.triple) {
    h = h * 31 + (*this)(t.triple->subject);
    h = h * 31 + (*this)(t.triple->predicate);
    h = h * 31 + (*this)(t.triple->object);
  }
  return h;
}

std::optional<Id> TermPool::lookup(const Term& t) {
  auto it = looked_up_.find(t);
  if (it != looked_up_.end()) return it->second;
  auto r = txn_.lookup(t);
  if (!r) throw ExecError{r.status()};
  looked_up_.emplace(t, *r);
  return *r;
}

Id TermPool::intern(const Term& t) {
  if (auto id = lookup(t)) return *id;
  auto it = local_ids_.find(t);
  if (it != local_ids_.end()) return it->second;
  // A computed term is kept three times (locals_, local_ids_, looked_up_) to the run's end.
  charge_current(3 * (sizeof(Term) + t.value.size() + t.datatype.size() + t.language.size()));
  Id id = make_id(kTagQueryLocal, locals_.size());
  locals_.push_back(t);
  local_ids_.emplace(t, id);
  return id;
}

const Term& TermPool::term(Id id) {
  if (is_local(id)) return locals_[payload_of(id)];
  auto it = decoded_.find(id);
  if (it != decoded_.end()) return it->second;
  auto r = txn_.term(id);
  if (!r) throw ExecError{r.status()};
  return decoded_.emplace(id, std::move(*r)).first->second;
}

Id TermPool::fresh_blank() {
  // Labels no store blank node has (those are "b" + hex, FORMAT.md).
  Term t = Term::blank("q" + std::to_string(++blanks_));
  Id id = make_id(kTagQueryLocal, locals_.size());
  locals_.push_back(t);
  local_ids_.emplace(std::move(t), id);
  return id;
}

}  // namespace annals::query::exec
