// The aggregates of SPARQL 1.1 §18.5.1: COUNT, SUM, AVG, MIN, MAX, SAMPLE, GROUP_CONCAT, each
// with DISTINCT (equal terms have equal ids, so DISTINCT keeps a set of ids). Errors in the
// argument are skipped by COUNT, MIN, MAX, SAMPLE and GROUP_CONCAT and make SUM and AVG an
// error, as Jena does.
#include <set>
#include <unordered_set>

#include "exec/budget.hpp"
#include "expr/compare.hpp"
#include "expr/evaluator.hpp"
#include "expr/functions.hpp"
#include "expr/inline_ids.hpp"
#include "expr/values.hpp"

namespace annals::query::expr {

namespace {

using algebra::Expr;

// What every aggregate does with a row: evaluate the argument, drop errors and, with
// DISTINCT, values already seen; the subclass takes the values that remain.
class Base : public Accumulator {
 public:
  Base(const Expr& aggregate, Evaluator& evaluator)
      : arg_(aggregate.args.empty() ? nullptr : &aggregate.args[0]),
        distinct_(aggregate.distinct),
        evaluator_(evaluator) {}

  void add(std::span<const Id> row) override {
    Id v = arg_ ? evaluator_.eval(*arg_, row) : Id{0};
    if (v == exec::kUnbound) {
      error();
      return;
    }
    if (distinct_ && !seen_.insert(v).second) return;
    take(v);
  }

 protected:
  virtual void error() {}
  virtual void take(Id v) = 0;
  exec::TermPool& pool() { return evaluator_.pool(); }

 private:
  const Expr* arg_;
  bool distinct_;
  Evaluator& evaluator_;
  std::unordered_set<Id> seen_;
};

Id integer_result(exec::TermPool& pool, std::uint64_t n) {
  if (auto id = integer_id(static_cast<std::int64_t>(n))) return *id;
  return pool.intern(numeric_term(Numeric::integer(Decimal(BigInt(n), 0))));
}

class Count : public Base {
 public:
  using Base::Base;
  Id result() override { return integer_result(pool(), n_); }

 private:
  void take(Id) override { ++n_; }
  std::uint64_t n_ = 0;
};

// COUNT(*) / COUNT(DISTINCT *): rows, or distinct rows.
class CountRows : public Accumulator {
 public:
  CountRows(bool distinct, Evaluator& evaluator) : distinct_(distinct), evaluator_(evaluator) {}
  void add(std::span<const Id> row) override {
    if (distinct_)
      rows_.emplace(row.begin(), row.end());
    else
      ++n_;
  }
  Id result() override { return integer_result(evaluator_.pool(), distinct_ ? rows_.size() : n_); }

 private:
  bool distinct_;
  Evaluator& evaluator_;
  std::uint64_t n_ = 0;
  std::set<std::vector<Id>> rows_;
};

// SUM and AVG: integers add up in an int64 while they fit, then as terms (exact decimals).
class Sum : public Base {
 public:
  Sum(const Expr& aggregate, Evaluator& evaluator, bool average)
      : Base(aggregate, evaluator), average_(average) {}

  Id result() override {
    if (failed_) return exec::kUnbound;
    Value total = sum();
    if (!total) return exec::kUnbound;
    if (!average_) return pool().intern(*total);
    if (n_ == 0) return *integer_id(0);
    Term count = numeric_term(Numeric::integer(Decimal(BigInt(n_), 0)));
    Value avg = arithmetic('/', *total, count);
    return avg ? pool().intern(*avg) : exec::kUnbound;
  }

 private:
  void error() override { failed_ = true; }
  void take(Id v) override {
    ++n_;
    if (failed_) return;
    if (!big_ && is_inline_integer(v) &&
        !__builtin_add_overflow(small_, inline_integer(v), &small_)) {
      return;
    }
    Value total = sum();
    big_ = total ? arithmetic('+', *total, pool().term(v)) : Value();
    small_ = 0;
    if (!big_) failed_ = true;
  }
  Value sum() const {
    Term small = numeric_term(Numeric::integer(Decimal::of(small_)));
    if (!big_) return small;
    return arithmetic('+', *big_, small);
  }

  bool average_;
  bool failed_ = false;
  std::uint64_t n_ = 0;
  std::int64_t small_ = 0;
  Value big_;
};

// MIN and MAX by the ORDER BY order, whatever the types (as Jena does); of equal values
// (2E-1 and 0.2) the first seen.
class Extreme : public Base {
 public:
  Extreme(const Expr& aggregate, Evaluator& evaluator, int sign)
      : Base(aggregate, evaluator), sign_(sign) {}
  Id result() override { return best_; }

 private:
  void take(Id v) override {
    if (best_ == exec::kUnbound) {
      best_ = v;
    } else if (v != best_) {
      auto fast = inline_order(v, best_);
      int c = fast ? *fast : order_terms(pool().term(v), pool().term(best_), false);
      if (c * sign_ < 0) best_ = v;
    }
  }
  int sign_;
  Id best_ = exec::kUnbound;
};

class Sample : public Base {
 public:
  using Base::Base;
  Id result() override { return value_; }

 private:
  void take(Id v) override {
    if (value_ == exec::kUnbound) value_ = v;
  }
  Id value_ = exec::kUnbound;
};

// GROUP_CONCAT: the lexical forms (IRIs as their text) joined by the separator, as a simple
// literal (§18.5.1.7); a blank node or triple term makes it an error.
class GroupConcat : public Base {
 public:
  GroupConcat(const Expr& aggregate, Evaluator& evaluator)
      : Base(aggregate, evaluator), separator_(aggregate.separator.value_or(" ")) {}

  Id result() override {
    if (failed_) return exec::kUnbound;
    return pool().intern(simple_literal(text_));
  }

 private:
  void take(Id v) override {
    const Term& t = pool().term(v);
    if (!t.is_literal() && !t.is_iri()) failed_ = true;
    if (!first_) text_ += separator_;
    text_ += t.value;
    exec::charge_current(t.value.size() + (first_ ? 0 : separator_.size()));
    first_ = false;
  }
  std::string separator_;
  std::string text_;
  bool first_ = true, failed_ = false;
};

}  // namespace

std::unique_ptr<Accumulator> make_accumulator(const Expr& aggregate, Evaluator& evaluator) {
  const std::string& op = aggregate.op;
  if (op == "COUNT") {
    if (aggregate.args.empty()) return std::make_unique<CountRows>(aggregate.distinct, evaluator);
    return std::make_unique<Count>(aggregate, evaluator);
  }
  if (op == "SUM") return std::make_unique<Sum>(aggregate, evaluator, false);
  if (op == "AVG") return std::make_unique<Sum>(aggregate, evaluator, true);
  if (op == "MIN") return std::make_unique<Extreme>(aggregate, evaluator, 1);
  if (op == "MAX") return std::make_unique<Extreme>(aggregate, evaluator, -1);
  if (op == "GROUP_CONCAT") return std::make_unique<GroupConcat>(aggregate, evaluator);
  return std::make_unique<Sample>(aggregate, evaluator);
}

}  // namespace annals::query::expr
