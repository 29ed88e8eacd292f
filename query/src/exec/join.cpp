// Joins: bind (index nested loop), hash and merge; OPTIONAL; MINUS.
#include <algorithm>

#include "exec/operators.hpp"

namespace annals::query::exec {

namespace {

std::string vars_text(const RunContext& ctx, const std::vector<Var>& vars) {
  std::string s;
  for (Var v : vars) s += (s.empty() ? "" : " ") + ctx.var_name(v);
  return s.empty() ? "(nothing: a cross product)" : s;
}

// Reads an operator's rows one at a time, in batches that start at one row and double: a
// join whose reader needs only its first rows (ASK, EXISTS, LIMIT) then makes the operator
// below produce about as many rows as it uses, at most twice as many. In a chain of bind
// joins each level's excess multiplies the work of the levels below it (seven levels, each
// matching 40% of its rows, read 18 times the rows they needed while the first pull was 8
// rows and the growth four-fold).
class RowReader {
 public:
  static constexpr std::size_t kFirstRows = 1;
  explicit RowReader(Operator& op, std::size_t width) : op_(op), batch_(width) {}
  void reset() {
    batch_.clear();
    pos_ = 0;
    done_ = false;
    want_ = kFirstRows;
  }
  // The next row, or an empty span at the end.
  const Id* next() {
    while (pos_ >= batch_.rows()) {
      batch_.set_limit(want_);
      want_ = std::min(kBatchRows, want_ * 2);
      if (done_ || !op_.next(batch_)) {
        done_ = true;
        batch_.clear();
        pos_ = 0;
        return nullptr;
      }
      pos_ = 0;
    }
    return batch_.row(pos_++).data();
  }

 private:
  Operator& op_;
  Batch batch_;
  std::size_t pos_ = 0;
  std::size_t want_ = kFirstRows;
  bool done_ = false;
};

// The left rows a bind join has not joined yet, for its fallback plan: the row in hand when
// it switched, then the rest of its reader. Opened by the fallback's hash join with the bind
// join's seed, which those rows already extend.
class LeftRest final : public Operator {
 public:
  explicit LeftRest(RunContext& ctx) : Operator(ctx) {}
  std::string describe() const override { return "the bind join's remaining left rows"; }
  void hand_over(RowReader* reader, std::span<const Id> first) {
    reader_ = reader;
    first_.assign(first.begin(), first.end());
  }

 protected:
  void do_open(std::span<const Id>) override {}
  bool do_next(Batch& out) override {
    if (!reader_) return false;
    if (!first_.empty()) {
      out.add(first_);
      first_.clear();
    }
    while (!out.full()) {
      const Id* l = reader_->next();
      if (!l) break;
      out.add(std::span<const Id>(l, ctx_.width));
    }
    return !out.empty();
  }

 private:
  RowReader* reader_ = nullptr;
  std::vector<Id> first_;
};

class BindJoin final : public Operator {
 public:
  BindJoin(RunContext& ctx, OperatorPtr left, OperatorPtr right, JoinFallback fallback)
      : Operator(ctx), left_(std::move(left)), right_(std::move(right)),
        fallback_(std::move(fallback)), lreader_(*left_, ctx.width), rbatch_(ctx.width) {}
  std::string describe() const override {
    if (!fallback_.plan) return "BindJoin";
    return "BindJoin, a hash join past " + std::to_string(fallback_.after_rows) +
           " left rows" + (switched_ ? " (switched)" : "");
  }
  // The fallback's operators show once it has run (EXPLAIN ANALYZE).
  std::vector<const Operator*> children() const override {
    if (switched_) return {left_.get(), right_.get(), fallback_.plan.get()};
    return {left_.get(), right_.get()};
  }

 protected:
  void do_open(std::span<const Id> seed) override {
    seed_.assign(seed.begin(), seed.end());
    left_->open(seed);
    lreader_.reset();
    right_open_ = false;
    hashing_ = false;
    left_rows_ = 0;
    rpos_ = 0;
    rbatch_.clear();
  }
  bool do_next(Batch& out) override {
    if (hashing_) return fallback_.plan->next(out);
    const std::size_t w = ctx_.width;
    while (!out.full()) {
      if (rpos_ < rbatch_.rows()) {
        out.add(rbatch_.row(rpos_++));
        continue;
      }
      // A reader that wants only a few rows (a RowReader above, for ASK, EXISTS or LIMIT)
      // gets them from a right side that made no more than fit.
      if (right_open_) {
        rbatch_.set_limit(out.limit() < kBatchRows ? out.limit() - out.rows() : kBatchRows);
        if (right_->next(rbatch_)) {
          rpos_ = 0;
          continue;
        }
      }
      const Id* l = lreader_.next();
      if (!l) break;
      if (fallback_.plan && ++left_rows_ > fallback_.after_rows) {
        // Far more left rows than planned: the rest, this one first, by hash.
        static_cast<LeftRest*>(fallback_.rest)->hand_over(&lreader_, std::span<const Id>(l, w));
        fallback_.plan->open(seed_);
        hashing_ = switched_ = true;
        right_open_ = false;
        if (!out.empty()) return true;
        return fallback_.plan->next(out);
      }
      right_->open(std::span<const Id>(l, w));
      right_open_ = true;
      rbatch_.clear();
      rpos_ = 0;
    }
    return !out.empty();
  }

 private:
  OperatorPtr left_, right_;
  JoinFallback fallback_;
  RowReader lreader_;
  Batch rbatch_;
  std::vector<Id> seed_;
  std::size_t rpos_ = 0;
  std::uint64_t left_rows_ = 0;
  bool right_open_ = false;
  bool hashing_ = false;
  bool switched_ = false;  // in any open: for EXPLAIN ANALYZE
};


class HashJoin final : public Operator {
 public:
  HashJoin(RunContext& ctx, OperatorPtr left, OperatorPtr right, std::vector<Var> keys)
      : Operator(ctx), left_(std::move(left)), right_(std::move(right)), keys_(std::move(keys)),
        lbatch_(ctx.width), rows_(ctx.width) {}
  std::string describe() const override { return "HashJoin on " + vars_text(ctx_, keys_); }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void do_open(std::span<const Id> seed) override {
    // The build side: right with the join's seed, keyed by the join variables. A row that
    // leaves a key variable unbound is compatible with every key: it goes in `loose_`.
    loose_.clear();
    rows_.clear();
    right_->open(seed);
    Batch b(ctx_.width);
    while (right_->next(b))
      for (std::size_t i = 0; i < b.rows(); ++i) rows_.add(b.row(i));
    index_.build(rows_, keys_, loose_);
    // Nothing to join with: the probe side is not even opened (a selective filter often
    // leaves the build side empty, and the probe side may be large).
    empty_ = rows_.rows() == 0;
    if (!empty_) left_->open(seed);
    lbatch_.clear();
    lpos_ = 0;
    current_ = nullptr;
  }

  bool do_next(Batch& out) override {
    if (empty_) return false;
    // The probe side is read as the rows are wanted: a reader that needs only the first
    // (ASK, EXISTS, LIMIT) does not make it produce a whole batch.
    Want want(out);
    while (!out.full()) {
      if (current_ && emit(out)) continue;
      if (lpos_ >= lbatch_.rows()) {
        lbatch_.set_limit(want.next());
        if (!left_->next(lbatch_)) break;
        lpos_ = 0;
      }
      current_ = lbatch_.row(lpos_++).data();
      bool complete = true;
      for (Var k : keys_) complete &= current_[k] != kUnbound;
      scan_all_ = !complete;  // an unbound key on the left: compare with every right row
      match_ = complete ? index_.first(std::span<const Id>(current_, ctx_.width)) : RowIndex::kEnd;
      loose_pos_ = all_pos_ = 0;
    }
    return !out.empty();
  }

 private:
  // Emits the current left row's matches while there is room; false when they are done.
  bool emit(Batch& out) {
    const std::size_t w = ctx_.width;
    std::span<const Id> l(current_, w);
    auto try_row = [&](std::size_t index) {
      auto r = rows_.row(index);
      if (!compatible(l, r)) return;
      auto o = out.add(l);
      merge_into(o, r);
    };
    if (scan_all_) {
      while (all_pos_ < rows_.rows()) {
        if (out.full()) return true;
        ctx_.check();
        try_row(all_pos_++);
      }
    } else {
      while (match_ != RowIndex::kEnd) {
        if (out.full()) return true;
        try_row(match_);
        match_ = index_.next(match_, l);
      }
      while (loose_pos_ < loose_.size()) {
        if (out.full()) return true;
        try_row(loose_[loose_pos_++]);
      }
    }
    current_ = nullptr;
    return false;
  }

  OperatorPtr left_, right_;
  std::vector<Var> keys_;
  bool empty_ = false;  // the build side has no rows
  Batch lbatch_, rows_;
  RowIndex index_;
  std::vector<std::size_t> loose_;
  std::size_t lpos_ = 0, loose_pos_ = 0, all_pos_ = 0, match_ = RowIndex::kEnd;
  const Id* current_ = nullptr;
  bool scan_all_ = false;
};

// Both inputs ascend on key (bound in every row). Takes each run of equal keys from both
// sides and emits their compatible pairs.
class MergeJoin final : public Operator {
 public:
  MergeJoin(RunContext& ctx, OperatorPtr left, OperatorPtr right, Var key)
      : Operator(ctx), left_(std::move(left)), right_(std::move(right)), key_(key),
        lreader_(*left_, ctx.width), rreader_(*right_, ctx.width), lrun_(ctx.width),
        rrun_(ctx.width) {}
  std::string describe() const override { return "MergeJoin on " + ctx_.var_name(key_); }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void do_open(std::span<const Id> seed) override {
    left_->open(seed);
    right_->open(seed);
    lreader_.reset();
    rreader_.reset();
    l_ = lreader_.next();
    r_ = rreader_.next();
    lrun_.clear();
    rrun_.clear();
    li_ = ri_ = 0;
  }
  bool do_next(Batch& out) override {
    const std::size_t w = ctx_.width;
    while (!out.full()) {
      // Emit pairs of the current runs.
      if (li_ < lrun_.rows()) {
        auto l = lrun_.row(li_);
        while (ri_ < rrun_.rows() && !out.full()) {
          auto r = rrun_.row(ri_++);
          if (!compatible(l, r)) continue;
          merge_into(out.add(l), r);
        }
        if (ri_ >= rrun_.rows()) {
          ++li_;
          ri_ = 0;
        }
        continue;
      }
      // Find the next equal keys.
      while (l_ && r_ && l_[key_] != r_[key_]) {
        ctx_.check();
        if (l_[key_] < r_[key_])
          l_ = lreader_.next();
        else
          r_ = rreader_.next();
      }
      if (!l_ || !r_) break;
      const Id k = l_[key_];
      lrun_.clear();
      rrun_.clear();
      while (l_ && l_[key_] == k) {
        lrun_.add(std::span<const Id>(l_, w));
        l_ = lreader_.next();
      }
      while (r_ && r_[key_] == k) {
        rrun_.add(std::span<const Id>(r_, w));
        r_ = rreader_.next();
      }
      li_ = ri_ = 0;
    }
    return !out.empty();
  }

 private:
  OperatorPtr left_, right_;
  Var key_;
  RowReader lreader_, rreader_;
  const Id *l_ = nullptr, *r_ = nullptr;
  Batch lrun_, rrun_;
  std::size_t li_ = 0, ri_ = 0;
};

class LeftJoin final : public Operator {
 public:
  LeftJoin(RunContext& ctx, OperatorPtr left, OperatorPtr right,
           const std::vector<algebra::Expr>* exprs)
      : Operator(ctx), left_(std::move(left)), right_(std::move(right)), exprs_(exprs),
        lreader_(*left_, ctx.width), rbatch_(ctx.width) {}
  std::string describe() const override {
    return exprs_ && !exprs_->empty() ? "LeftJoin with filter" : "LeftJoin";
  }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void do_open(std::span<const Id> seed) override {
    left_->open(seed);
    lreader_.reset();
    l_ = nullptr;
    rbatch_.clear();
    rpos_ = 0;
  }
  bool do_next(Batch& out) override {
    const std::size_t w = ctx_.width;
    while (!out.full()) {
      if (l_) {
        if (rpos_ < rbatch_.rows()) {
          auto r = rbatch_.row(rpos_++);
          if (exprs_ && !exprs_->empty() && !ctx_.evaluator->test(*exprs_, r)) continue;
          out.add(r);
          matched_ = true;
          continue;
        }
        if (right_->next(rbatch_)) {
          rpos_ = 0;
          continue;
        }
        if (!matched_) out.add(std::span<const Id>(l_, w));
        l_ = nullptr;
      }
      l_ = lreader_.next();
      if (!l_) break;
      right_->open(std::span<const Id>(l_, w));
      matched_ = false;
      rbatch_.clear();
      rpos_ = 0;
    }
    return !out.empty();
  }

 private:
  OperatorPtr left_, right_;
  const std::vector<algebra::Expr>* exprs_;
  RowReader lreader_;
  Batch rbatch_;
  std::size_t rpos_ = 0;
  const Id* l_ = nullptr;
  bool matched_ = false;
};

class Minus final : public Operator {
 public:
  Minus(RunContext& ctx, OperatorPtr left, OperatorPtr right, std::vector<Var> keys)
      : Operator(ctx), left_(std::move(left)), right_(std::move(right)), keys_(std::move(keys)),
        rows_(ctx.width), lbatch_(ctx.width) {}
  std::string describe() const override {
    return keys_.empty() ? "Minus" : "Minus by hash on " + vars_text(ctx_, keys_);
  }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void do_open(std::span<const Id> seed) override {
    if (!built_) {
      right_->open(ctx_.unbound_row());
      Batch b(ctx_.width);
      while (right_->next(b))
        for (std::size_t i = 0; i < b.rows(); ++i) rows_.add(b.row(i));
      // The planner keys MINUS only on variables both sides always bind.
      std::vector<std::size_t> unkeyed;
      if (!keys_.empty()) index_.build(rows_, keys_, unkeyed);
      built_ = true;
    }
    left_->open(seed);
  }
  bool do_next(Batch& out) override {
    Want want(out);
    while (out.empty()) {
      lbatch_.set_limit(want.next());
      if (!left_->next(lbatch_)) return false;
      for (std::size_t i = 0; i < lbatch_.rows(); ++i) {
        auto l = lbatch_.row(i);
        if (!removed(l)) out.add(l);
      }
    }
    return true;
  }

 private:
  // Whether some right row is compatible with l and shares a bound variable with it (§18.5).
  bool removed(std::span<const Id> l) {
    auto minus_match = [&](std::span<const Id> r) {
      bool shared = false;
      for (std::size_t v = 0; v < l.size(); ++v) {
        if (l[v] == kUnbound || r[v] == kUnbound) continue;
        if (l[v] != r[v]) return false;
        shared = true;
      }
      return shared;
    };
    if (!keys_.empty()) {
      // Both sides bind the keys in every row: only rows with the same keys can match.
      for (std::size_t j = index_.first(l); j != RowIndex::kEnd; j = index_.next(j, l))
        if (minus_match(rows_.row(j))) return true;
      return false;
    }
    for (std::size_t j = 0; j < rows_.rows(); ++j) {
      ctx_.check();
      if (minus_match(rows_.row(j))) return true;
    }
    return false;
  }

  OperatorPtr left_, right_;
  std::vector<Var> keys_;
  Batch rows_, lbatch_;
  RowIndex index_;
  bool built_ = false;
};

}  // namespace

OperatorPtr make_bind_join(RunContext& ctx, OperatorPtr left, OperatorPtr right,
                           JoinFallback fallback) {
  return std::make_unique<BindJoin>(ctx, std::move(left), std::move(right), std::move(fallback));
}
OperatorPtr make_left_rest(RunContext& ctx) { return std::make_unique<LeftRest>(ctx); }
OperatorPtr make_hash_join(RunContext& ctx, OperatorPtr left, OperatorPtr right,
                           std::vector<Var> keys) {
  return std::make_unique<HashJoin>(ctx, std::move(left), std::move(right), std::move(keys));
}
OperatorPtr make_merge_join(RunContext& ctx, OperatorPtr left, OperatorPtr right, Var key) {
  return std::make_unique<MergeJoin>(ctx, std::move(left), std::move(right), key);
}
OperatorPtr make_left_join(RunContext& ctx, OperatorPtr left, OperatorPtr right,
                           const std::vector<algebra::Expr>* exprs) {
  return std::make_unique<LeftJoin>(ctx, std::move(left), std::move(right), exprs);
}
OperatorPtr make_minus(RunContext& ctx, OperatorPtr left, OperatorPtr right, std::vector<Var> keys) {
  return std::make_unique<Minus>(ctx, std::move(left), std::move(right), std::move(keys));
}

}  // namespace annals::query::exec
