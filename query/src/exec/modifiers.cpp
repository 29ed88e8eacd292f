// Solution modifiers (§18.2.5) and grouping with aggregates (§18.2.4.1, §18.5).
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "exec/operators.hpp"

namespace annals::query::exec {

namespace {


// An operator with one child that it runs as it is itself opened.
class Unary : public Operator {
 public:
  Unary(RunContext& ctx, OperatorPtr child) : Operator(ctx), child_(std::move(child)), in_(ctx.width) {}
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  OperatorPtr child_;
  Batch in_;
};

class Project final : public Unary {
 public:
  Project(RunContext& ctx, OperatorPtr child, std::vector<Var> keep)
      : Unary(ctx, std::move(child)), mask_(ctx.width, false) {
    for (Var v : keep) {
      mask_[v] = true;
      names_ += (names_.empty() ? "" : " ") + ctx.var_name(v);
    }
  }
  std::string describe() const override { return "Project " + names_; }

 protected:
  void do_open(std::span<const Id> seed) override { child_->open(seed); }
  bool do_next(Batch& out) override {
    in_.set_limit(out.limit());
    if (!child_->next(in_)) return false;
    for (std::size_t i = 0; i < in_.rows(); ++i) {
      auto o = out.add(in_.row(i));
      for (std::size_t v = 0; v < o.size(); ++v)
        if (!mask_[v]) o[v] = kUnbound;
    }
    return true;
  }

 private:
  std::vector<bool> mask_;
  std::string names_;
};

class Distinct final : public Unary {
 public:
  using Unary::Unary;
  std::string describe() const override { return "Distinct"; }

 protected:
  void do_open(std::span<const Id> seed) override {
    seen_.clear();
    child_->open(seed);
  }
  bool do_next(Batch& out) override {
    Want want(out);
    while (out.empty()) {
      in_.set_limit(want.next());
      if (!child_->next(in_)) return false;
      for (std::size_t i = 0; i < in_.rows(); ++i) {
        auto r = in_.row(i);
        if (seen_.emplace(r.begin(), r.end()).second) out.add(r);
      }
    }
    return true;
  }

 private:
  std::unordered_set<std::vector<Id>, IdsHash> seen_;
};

class Slice final : public Unary {
 public:
  Slice(RunContext& ctx, OperatorPtr child, std::uint64_t offset, std::optional<std::uint64_t> limit)
      : Unary(ctx, std::move(child)), offset_(offset), limit_(limit) {}
  std::string describe() const override {
    std::string s = "Slice";
    if (offset_) s += " offset " + std::to_string(offset_);
    if (limit_) s += " limit " + std::to_string(*limit_);
    return s;
  }

 protected:
  void do_open(std::span<const Id> seed) override {
    child_->open(seed);
    skipped_ = emitted_ = 0;
  }
  bool do_next(Batch& out) override {
    while (out.empty()) {
      if (limit_ && emitted_ >= *limit_) return false;
      // Only the rows still to skip and to give: LIMIT 1 asks the operators below for one.
      std::size_t rest = out.limit() + (offset_ - skipped_);
      if (limit_) rest = std::min<std::uint64_t>(rest, offset_ - skipped_ + *limit_ - emitted_);
      in_.set_limit(rest);
      if (!child_->next(in_)) return false;
      for (std::size_t i = 0; i < in_.rows(); ++i) {
        if (skipped_ < offset_) {
          ++skipped_;
          continue;
        }
        if (limit_ && emitted_ >= *limit_) break;
        out.add(in_.row(i));
        ++emitted_;
      }
    }
    return true;
  }

 private:
  std::uint64_t offset_;
  std::optional<std::uint64_t> limit_;
  std::uint64_t skipped_ = 0, emitted_ = 0;
};

class OrderBy final : public Unary {
 public:
  OrderBy(RunContext& ctx, OperatorPtr child, const std::vector<algebra::SortKey>* order,
          std::optional<std::uint64_t> top)
      : Unary(ctx, std::move(child)), order_(order), top_(top), rows_(ctx.width) {}
  std::string describe() const override {
    std::string s = "OrderBy " + std::to_string(order_->size()) + " key(s)";
    if (top_) s += " top " + std::to_string(*top_);
    return s;
  }

 protected:
  void do_open(std::span<const Id> seed) override {
    child_->open(seed);
    rows_.clear();
    const std::size_t nk = order_->size();
    std::vector<Id> keys;  // entry i's keys at [i*nk, (i+1)*nk)
    // With a top (ORDER BY + LIMIT), a heap keeps only the first `top` rows seen so far.
    std::vector<std::size_t> heap;
    std::vector<std::size_t> free_slots;
    Batch store(ctx_.width);
    std::uint64_t serial = 0;
    std::vector<std::uint64_t> serials;
    // Comparing decodes terms: sorting a large input takes long enough to need the budget's
    // clock too (every 4,096 comparisons; the check throws out of the sort).
    std::uint32_t compared = 0;
    auto less_serial = [&](std::size_t a, std::size_t b) {
      if ((++compared & 4095) == 0) ctx_.budget.check_time();
      for (std::size_t k = 0; k < nk; ++k) {
        int c = ctx_.evaluator->order(keys[a * nk + k], keys[b * nk + k]);
        if (c != 0) return (*order_)[k].descending ? c > 0 : c < 0;
      }
      return serials[a] < serials[b];
    };
    while (child_->next(in_)) {
      for (std::size_t i = 0; i < in_.rows(); ++i) {
        auto r = in_.row(i);
        std::size_t slot;
        if (!free_slots.empty()) {
          slot = free_slots.back();
          free_slots.pop_back();
          std::copy(r.begin(), r.end(), store.row(slot).begin());
          serials[slot] = serial++;
        } else {
          slot = store.rows();
          store.add(r);
          keys.resize(keys.size() + nk);
          serials.push_back(serial++);
        }
        for (std::size_t k = 0; k < nk; ++k) keys[slot * nk + k] = ctx_.evaluator->eval((*order_)[k].expr, r);
        heap.push_back(slot);
        if (top_) {
          std::push_heap(heap.begin(), heap.end(), less_serial);
          if (heap.size() > *top_) {
            std::pop_heap(heap.begin(), heap.end(), less_serial);
            free_slots.push_back(heap.back());
            heap.pop_back();
          }
        }
      }
    }
    std::sort(heap.begin(), heap.end(), less_serial);
    for (std::size_t slot : heap) rows_.add(store.row(slot));
    pos_ = 0;
  }
  bool do_next(Batch& out) override {
    while (pos_ < rows_.rows() && !out.full()) out.add(rows_.row(pos_++));
    return !out.empty();
  }

 private:
  const std::vector<algebra::SortKey>* order_;
  std::optional<std::uint64_t> top_;
  Batch rows_;
  std::size_t pos_ = 0;
};

class Group final : public Unary {
 public:
  Group(RunContext& ctx, OperatorPtr child, const algebra::Op* group)
      : Unary(ctx, std::move(child)), group_(group), rows_(ctx.width) {}
  std::string describe() const override {
    return "Group " + std::to_string(group_->keys.size()) + " key(s), " +
           std::to_string(group_->aggregates.size()) + " aggregate(s)";
  }

 protected:
  void do_open(std::span<const Id> seed) override {
    child_->open(seed);
    rows_.clear();
    pos_ = 0;
    struct State {
      std::vector<Id> key;
      std::vector<std::unique_ptr<expr::Accumulator>> acc;
    };
    std::vector<State> groups;
    std::unordered_map<std::vector<Id>, std::size_t, IdsHash> index;
    auto make_state = [&](std::vector<Id> key) {
      State s;
      s.key = std::move(key);
      for (const auto& a : group_->aggregates)
        s.acc.push_back(expr::make_accumulator(a.expr, *ctx_.evaluator));
      groups.push_back(std::move(s));
      return groups.size() - 1;
    };
    const auto& keys = group_->keys;
    if (keys.empty()) make_state({});  // Group((1), ...): one group, even for no rows
    std::vector<Id> key(keys.size());
    while (child_->next(in_)) {
      for (std::size_t i = 0; i < in_.rows(); ++i) {
        auto r = in_.row(i);
        ctx_.evaluator->next_solution();
        for (std::size_t k = 0; k < keys.size(); ++k) key[k] = ctx_.evaluator->eval(keys[k].expr, r);
        std::size_t g = 0;
        if (!keys.empty()) {
          auto it = index.find(key);
          if (it == index.end()) it = index.emplace(key, make_state(key)).first;
          g = it->second;
        }
        for (auto& a : groups[g].acc) a->add(r);
      }
    }
    auto row = ctx_.unbound_row();
    for (auto& s : groups) {
      std::fill(row.begin(), row.end(), kUnbound);
      for (std::size_t k = 0; k < keys.size(); ++k)
        if (keys[k].var) row[*keys[k].var] = s.key[k];
      for (std::size_t a = 0; a < s.acc.size(); ++a) row[group_->aggregates[a].var] = s.acc[a]->result();
      rows_.add(row);
    }
  }
  bool do_next(Batch& out) override {
    while (pos_ < rows_.rows() && !out.full()) out.add(rows_.row(pos_++));
    return !out.empty();
  }

 private:
  const algebra::Op* group_;
  Batch rows_;
  std::size_t pos_ = 0;
};

}  // namespace

OperatorPtr make_project(RunContext& ctx, OperatorPtr child, std::vector<Var> keep) {
  return std::make_unique<Project>(ctx, std::move(child), std::move(keep));
}
OperatorPtr make_distinct(RunContext& ctx, OperatorPtr child) {
  return std::make_unique<Distinct>(ctx, std::move(child));
}
OperatorPtr make_slice(RunContext& ctx, OperatorPtr child, std::uint64_t offset,
                       std::optional<std::uint64_t> limit) {
  return std::make_unique<Slice>(ctx, std::move(child), offset, limit);
}
OperatorPtr make_order_by(RunContext& ctx, OperatorPtr child,
                          const std::vector<algebra::SortKey>* order,
                          std::optional<std::uint64_t> top) {
  return std::make_unique<OrderBy>(ctx, std::move(child), order, top);
}
OperatorPtr make_group(RunContext& ctx, OperatorPtr child, const algebra::Op* group) {
  return std::make_unique<Group>(ctx, std::move(child), group);
}

}  // namespace annals::query::exec
