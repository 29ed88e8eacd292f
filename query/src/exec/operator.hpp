// The executor's operators: a tree the planner builds from the algebra, pulled batch by batch.
//
// Every operator produces rows of ids as wide as the query's variable table (one slot per
// algebra::Var, kUnbound where a variable has no value). open(seed) starts an operator over
// the solutions compatible with the seed row, each extending it: a scan seeded with ?x = :a
// seeks on :a, which is how bind joins, OPTIONAL and EXISTS hand their bindings down. An
// operator the planner cannot safely seed (see planner.hpp) is wrapped in a Materialize,
// which runs it once unseeded and joins each seed with the rows it kept.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "exec/budget.hpp"
#include "exec/term_pool.hpp"
#include "expr/evaluator.hpp"

namespace annals::query::exec {

inline constexpr std::size_t kBatchRows = 1024;

// Rows of one width (at least 1), stored one after another. What its storage grows by is
// charged to the current query's budget and given back when the batch goes (budget.hpp).
class Batch {
 public:
  explicit Batch(std::size_t width = 1) : width_(width) {}
  Batch(const Batch& o) : width_(o.width_), limit_(o.limit_), ids_(o.ids_) {
    charge(ids_.capacity());
  }
  Batch(Batch&& o) noexcept
      : width_(o.width_), limit_(o.limit_), ids_(std::move(o.ids_)), budget_(o.budget_),
        charged_(o.charged_) {
    o.budget_ = nullptr;
    o.charged_ = 0;
  }
  Batch& operator=(Batch o) noexcept {
    std::swap(width_, o.width_);
    std::swap(limit_, o.limit_);
    std::swap(ids_, o.ids_);
    std::swap(budget_, o.budget_);
    std::swap(charged_, o.charged_);
    return *this;
  }
  ~Batch() {
    if (budget_) budget_->release(charged_);
  }
  std::size_t width() const { return width_; }
  std::size_t rows() const { return ids_.size() / width_; }
  bool empty() const { return rows() == 0; }
  bool full() const { return rows() >= limit_; }
  // The rows at which the batch counts as full (1 to kBatchRows): a reader that needs only
  // the first rows (ASK, EXISTS, LIMIT) asks for fewer, so that the operators below stop
  // early. A hint: an operator may still add more (a whole batch of its child's).
  std::size_t limit() const { return limit_; }
  void set_limit(std::size_t rows) { limit_ = std::clamp<std::size_t>(rows, 1, kBatchRows); }
  std::span<const Id> row(std::size_t i) const { return {ids_.data() + i * width_, width_}; }
  std::span<Id> row(std::size_t i) { return {ids_.data() + i * width_, width_}; }
  // Appends a copy of r (width() ids) and returns it for changes.
  std::span<Id> add(std::span<const Id> r) {
    if (ids_.size() + r.size() > ids_.capacity()) grow(r.size());
    ids_.insert(ids_.end(), r.begin(), r.end());
    return {ids_.data() + ids_.size() - width_, width_};
  }
  void clear() { ids_.clear(); }

 private:
  void grow(std::size_t more);  // reserves room for `more` ids, charging the growth
  void charge(std::size_t capacity);

  std::size_t width_;
  std::size_t limit_ = kBatchRows;
  std::vector<Id> ids_;
  Budget* budget_ = nullptr;  // the budget charged_ bytes are counted in
  std::size_t charged_ = 0;
};

// The rows an operator asks its child for while it fills `out`: what out asks for, doubled
// on each further pull of the same call (a filter that drops most rows).
class Want {
 public:
  explicit Want(const Batch& out) : rows_(out.limit()) {}
  std::size_t next() {
    const std::size_t r = rows_;
    rows_ = std::min(kBatchRows, rows_ * 2);
    return r;
  }

 private:
  std::size_t rows_;
};

// Whether two rows agree on every slot both bind (SPARQL compatibility, §18.3).
inline bool compatible(std::span<const Id> a, std::span<const Id> b) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != kUnbound && b[i] != kUnbound && a[i] != b[i]) return false;
  return true;
}
// Fills into's unbound slots from from.
inline void merge_into(std::span<Id> into, std::span<const Id> from) {
  for (std::size_t i = 0; i < into.size(); ++i)
    if (into[i] == kUnbound) into[i] = from[i];
}

// One id folded into a running hash (splitmix64's finaliser, chained).
inline std::uint64_t hash_step(std::uint64_t h, Id id) {
  std::uint64_t x = (h ^ id) + 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A hash of a row or key of ids.
struct IdsHash {
  template <typename Ids>
  std::size_t operator()(const Ids& k) const {
    std::uint64_t h = 0;
    for (Id id : k) h = hash_step(h, id);
    return h;
  }
};

// A hash of the key slots of a row.
inline std::uint64_t hash_slots(std::span<const Id> row, std::span<const algebra::Var> keys) {
  std::uint64_t h = 0;
  for (algebra::Var k : keys) h = hash_step(h, row[k]);
  return h;
}

// The rows of a Batch indexed by some of their slots, for hash joins and MINUS: a chained
// hash table in two arrays, with no allocation per row. Rows that leave a key slot unbound
// are not indexed; build() lists them instead. Matches come in the rows' order.
class RowIndex {
 public:
  static constexpr std::size_t kEnd = static_cast<std::size_t>(-1);

  void build(const Batch& rows, std::span<const algebra::Var> keys,
             std::vector<std::size_t>& unkeyed);
  // The first indexed row whose key slots equal probe's (a row as wide as the batch's), then
  // the next after `after`; kEnd when there are no more.
  std::size_t first(std::span<const Id> probe) const;
  std::size_t next(std::size_t after, std::span<const Id> probe) const;

 private:
  std::size_t walk(std::size_t i, std::span<const Id> probe) const;

  const Batch* rows_ = nullptr;
  std::vector<algebra::Var> keys_;
  std::vector<std::size_t> heads_, chain_;
  std::uint64_t mask_ = 0;
};

// What every operator of one query run shares.
struct RunContext {
  TermPool* pool = nullptr;
  expr::Evaluator* evaluator = nullptr;
  std::size_t width = 0;
  TimeScope time;
  // Time and memory: check() stops the run (throws ExecError kCancelled) once cancelled or
  // past the deadline; the memory charges go to it too (budget.hpp).
  Budget budget;
  bool profile = false;
  std::uint64_t ticks = 0;
  const algebra::VarTable* vars = nullptr;  // names for EXPLAIN

  std::string var_name(std::uint32_t v) const {
    return vars && v < vars->size() ? "?" + vars->name(v) : "#" + std::to_string(v);
  }

  void check() {
    if ((++ticks & 63) != 0) return;
    budget.check_time();
  }
  std::vector<Id> unbound_row() const { return std::vector<Id>(width, kUnbound); }
};

class Operator {
 public:
  explicit Operator(RunContext& ctx) : ctx_(ctx) {}
  virtual ~Operator() = default;
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;

  // Starts (again) over the solutions compatible with seed (width ids), each extending it.
  void open(std::span<const Id> seed);
  // Clears out and fills it with the next rows; false when there are no more (out empty).
  bool next(Batch& out);

  // For EXPLAIN: this operator's line (without children) and its children.
  virtual std::string describe() const = 0;
  virtual std::vector<const Operator*> children() const { return {}; }
  std::uint64_t rows_out() const { return rows_; }
  // The planner's estimate of the rows of one open (negative: none), for EXPLAIN beside
  // the actual rows and opens.
  double estimate() const { return estimate_; }
  void set_estimate(double rows) { estimate_ = rows; }
  double seconds() const { return seconds_; }
  std::uint64_t opens() const { return opens_; }

 protected:
  virtual void do_open(std::span<const Id> seed) = 0;
  virtual bool do_next(Batch& out) = 0;
  RunContext& ctx_;

 private:
  std::uint64_t rows_ = 0, opens_ = 0;
  double seconds_ = 0;
  double estimate_ = -1;
};

using OperatorPtr = std::unique_ptr<Operator>;

// Writes the tree under op, one operator a line, indented two spaces a level; with counts,
// each line ends with its rows, opens and time.
std::string explain(const Operator& op, bool with_counts);

}  // namespace annals::query::exec
