#include "exec/operator.hpp"

#include <cstdio>

namespace annals::query::exec {

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

namespace {

void explain_into(std::string& out, const Operator& op, bool with_counts, int depth) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += op.describe();
  if (with_counts) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "  [rows=%llu opens=%llu time=%.3f ms]",
                  static_cast<unsigned long long>(op.rows_out()),
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
