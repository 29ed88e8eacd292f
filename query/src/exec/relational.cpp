// Filter, union, extend, VALUES tables and materialized sub-results.
#include <algorithm>

#include "exec/operators.hpp"

namespace annals::query::exec {

namespace {

class Filter final : public Operator {
 public:
  Filter(RunContext& ctx, OperatorPtr child, std::vector<const algebra::Expr*> exprs)
      : Operator(ctx), child_(std::move(child)), exprs_(std::move(exprs)), in_(ctx.width) {}
  std::string describe() const override {
    return "Filter (" + std::to_string(exprs_.size()) + " condition(s))";
  }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void do_open(std::span<const Id> seed) override { child_->open(seed); }
  bool do_next(Batch& out) override {
    Want want(out);
    while (out.empty()) {
      in_.set_limit(want.next());
      if (!child_->next(in_)) return false;
      for (std::size_t i = 0; i < in_.rows(); ++i) {
        auto r = in_.row(i);
        bool keep = true;
        for (const algebra::Expr* e : exprs_) {
          if (ctx_.evaluator->ebv(*e, r) != std::optional<bool>(true)) {
            keep = false;
            break;
          }
        }
        if (keep) out.add(r);
      }
    }
    return true;
  }

 private:
  OperatorPtr child_;
  std::vector<const algebra::Expr*> exprs_;
  Batch in_;
};

class Union final : public Operator {
 public:
  Union(RunContext& ctx, std::vector<OperatorPtr> branches)
      : Operator(ctx), branches_(std::move(branches)) {}
  std::string describe() const override { return "Union"; }
  std::vector<const Operator*> children() const override {
    std::vector<const Operator*> c;
    for (const auto& b : branches_) c.push_back(b.get());
    return c;
  }

 protected:
  void do_open(std::span<const Id> seed) override {
    seed_.assign(seed.begin(), seed.end());
    current_ = 0;
    if (!branches_.empty()) branches_[0]->open(seed_);
  }
  bool do_next(Batch& out) override {
    while (current_ < branches_.size()) {
      if (branches_[current_]->next(out)) return true;
      if (++current_ < branches_.size()) branches_[current_]->open(seed_);
    }
    return false;
  }

 private:
  std::vector<OperatorPtr> branches_;
  std::vector<Id> seed_;
  std::size_t current_ = 0;
};

// BIND: a chain of Extends in one operator, so that the expressions of one solution are
// evaluated together (BNODE("x") is the same blank node within a solution, §17.4.2.9).
class Extend final : public Operator {
 public:
  Extend(RunContext& ctx, OperatorPtr child, std::vector<Binding> bindings)
      : Operator(ctx), child_(std::move(child)), bindings_(std::move(bindings)), in_(ctx.width) {}
  std::string describe() const override {
    std::string s = "Extend";
    for (const auto& b : bindings_) s += " " + ctx_.var_name(b.var);
    return s;
  }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void do_open(std::span<const Id> seed) override {
    child_->open(seed);
    seeded_.clear();
    for (const auto& b : bindings_) seeded_.push_back(seed[b.var]);
  }
  bool do_next(Batch& out) override {
    Want want(out);
    while (out.empty()) {
      in_.set_limit(want.next());
      if (!child_->next(in_)) return false;
      for (std::size_t i = 0; i < in_.rows(); ++i) {
        auto r = in_.row(i);
        ctx_.evaluator->next_solution();
        // The child's rows carry the seed; evaluate without the seed's values of the
        // variables bound here (they are new in the pattern), then check them against it.
        for (const auto& b : bindings_) r[b.var] = kUnbound;
        bool keep = true;
        for (std::size_t k = 0; k < bindings_.size() && keep; ++k) {
          Id v = ctx_.evaluator->eval(*bindings_[k].expr, r);
          if (v == kUnbound) {
            r[bindings_[k].var] = seeded_[k];
          } else if (seeded_[k] != kUnbound && v != seeded_[k]) {
            keep = false;
          } else {
            r[bindings_[k].var] = v;
          }
        }
        if (keep) out.add(r);
      }
    }
    return true;
  }

 private:
  OperatorPtr child_;
  std::vector<Binding> bindings_;
  Batch in_;
  std::vector<Id> seeded_;
};

class Table final : public Operator {
 public:
  Table(RunContext& ctx, std::vector<std::vector<Id>> rows, std::string text)
      : Operator(ctx), rows_(std::move(rows)), text_(std::move(text)) {}
  std::string describe() const override {
    return "Values " + std::to_string(rows_.size()) + " row(s)" + (text_.empty() ? "" : " " + text_);
  }

 protected:
  void do_open(std::span<const Id> seed) override {
    seed_.assign(seed.begin(), seed.end());
    pos_ = 0;
  }
  bool do_next(Batch& out) override {
    while (pos_ < rows_.size() && !out.full()) {
      const auto& r = rows_[pos_++];
      if (!compatible(seed_, r)) continue;
      merge_into(out.add(seed_), r);
    }
    return !out.empty();
  }

 private:
  std::vector<std::vector<Id>> rows_;
  std::string text_;
  std::vector<Id> seed_;
  std::size_t pos_ = 0;
};

// Runs the child once, unseeded, and joins every seed with its rows: for operators whose
// result does not depend on outer bindings the way a scan's does (grouping, slices, ...).
class Materialize final : public Operator {
 public:
  Materialize(RunContext& ctx, OperatorPtr child)
      : Operator(ctx), child_(std::move(child)), rows_(ctx.width) {}
  std::string describe() const override { return "Materialize"; }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void do_open(std::span<const Id> seed) override {
    if (!built_) {
      child_->open(ctx_.unbound_row());
      Batch b(ctx_.width);
      while (child_->next(b))
        for (std::size_t i = 0; i < b.rows(); ++i) rows_.add(b.row(i));
      built_ = true;
    }
    seed_.assign(seed.begin(), seed.end());
    pos_ = 0;
  }
  bool do_next(Batch& out) override {
    while (pos_ < rows_.rows() && !out.full()) {
      auto r = rows_.row(pos_++);
      if (!compatible(seed_, r)) continue;
      merge_into(out.add(seed_), r);
    }
    return !out.empty();
  }

 private:
  OperatorPtr child_;
  Batch rows_;
  std::vector<Id> seed_;
  std::size_t pos_ = 0;
  bool built_ = false;
};

}  // namespace

OperatorPtr make_filter(RunContext& ctx, OperatorPtr child,
                        std::vector<const algebra::Expr*> exprs) {
  return std::make_unique<Filter>(ctx, std::move(child), std::move(exprs));
}
OperatorPtr make_union(RunContext& ctx, std::vector<OperatorPtr> branches) {
  return std::make_unique<Union>(ctx, std::move(branches));
}
OperatorPtr make_extend(RunContext& ctx, OperatorPtr child, std::vector<Binding> bindings) {
  return std::make_unique<Extend>(ctx, std::move(child), std::move(bindings));
}
OperatorPtr make_table(RunContext& ctx, std::vector<std::vector<Id>> rows, std::string text) {
  return std::make_unique<Table>(ctx, std::move(rows), std::move(text));
}
OperatorPtr make_materialize(RunContext& ctx, OperatorPtr child) {
  return std::make_unique<Materialize>(ctx, std::move(child));
}

}  // namespace annals::query::exec
