#include "exec/operator.hpp"

#include <algorithm>
#include <cstdio>

namespace annals::query::exec {

void Batch::charge(std::size_t capacity) {
  Budget* b = budget_ ? budget_ : Budget::current();
  if (!b) return;
  std::size_t bytes = capacity * sizeof(Id);
  budget_ = b;
  charged_ += bytes;  // counted first: the destructor gives it back even if charge() throws
  b->charge(bytes);
}

void Batch::grow(std::size_t more) {
  std::size_t before = ids_.capacity();
  std::size_t want = std::max(ids_.size() + more, before * 2);
  charge(want - before);
  ids_.reserve(want);
}

void Operator::open(std::span<const Id> seed) {
  ++opens_;
  if (!ctx_.profile) return do_open(seed);
  auto t0 = std::chrono::steady_clock::now();
  do_open(seed);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

bool Operator::next(Batch& out) {
  out.clear();
  ctx_.check();
  if (!ctx_.profile) return do_next(out);
  auto t0 = std::chrono::steady_clock::now();
  bool more = do_next(out);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rows_ += out.rows();
  return more;
}

void RowIndex::build(const Batch& rows, std::span<const algebra::Var> keys,
                     std::vector<std::size_t>& unkeyed) {
  rows_ = &rows;
  keys_.assign(keys.begin(), keys.end());
  std::size_t buckets = 16;
  while (buckets < rows.rows() * 2) buckets *= 2;
  mask_ = buckets - 1;
  heads_.assign(buckets, kEnd);
  chain_.assign(rows.rows(), kEnd);
  // Last row first, so that each chain lists its rows in their order.
  for (std::size_t i = rows.rows(); i-- > 0;) {
    auto r = rows.row(i);
    bool complete = true;
    for (algebra::Var k : keys_) complete &= r[k] != kUnbound;
    if (!complete) {
      unkeyed.push_back(i);
      continue;
    }
    std::size_t& head = heads_[hash_slots(r, keys_) & mask_];
    chain_[i] = head;
    head = i;
  }
  std::reverse(unkeyed.begin(), unkeyed.end());
}

std::size_t RowIndex::walk(std::size_t i, std::span<const Id> probe) const {
  for (; i != kEnd; i = chain_[i]) {
    auto r = rows_->row(i);
    bool same = true;
    for (algebra::Var k : keys_) same &= r[k] == probe[k];
    if (same) return i;
  }
  return kEnd;
}

std::size_t RowIndex::first(std::span<const Id> probe) const {
  if (heads_.empty()) return kEnd;
  return walk(heads_[hash_slots(probe, keys_) & mask_], probe);
}

std::size_t RowIndex::next(std::size_t after, std::span<const Id> probe) const {
  return walk(chain_[after], probe);
}

namespace {

void explain_into(std::string& out, const Operator& op, bool with_counts, int depth) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += op.describe();
  if (with_counts) {
    // The estimate is per open: compare it with rows / opens.
    char est[32] = "";
    if (op.estimate() >= 0) std::snprintf(est, sizeof est, " est=%.0f", op.estimate());
    char buf[128];
    std::snprintf(buf, sizeof buf, "  [rows=%llu%s opens=%llu time=%.3f ms]",
                  static_cast<unsigned long long>(op.rows_out()), est,
                  static_cast<unsigned long long>(op.opens()), op.seconds() * 1e3);
    out += buf;
  }
  out += '\n';
  for (const Operator* c : op.children()) explain_into(out, *c, with_counts, depth + 1);
}

}  // namespace

std::string explain(const Operator& op, bool with_counts) {
  std::string out;
  explain_into(out, op, with_counts, 0);
  return out;
}

}  // namespace annals::query::exec
