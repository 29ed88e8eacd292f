// Which parts of the time index can hold facts overlapping a window (time_window.hpp).
#include "index/time_window.hpp"

#include <algorithm>

namespace annals::store {

namespace {

// The highest closed duration class: bounds span 2^30 days.
constexpr int kMaxClass = 30;

// The encoded bound of the first day not before `day` (the smallest encoding of that day:
// precision bits 0, below every stored bound of the day), clamped to the encodable days.
std::uint32_t day_floor(std::int64_t day) {
  const std::int64_t biased = std::clamp<std::int64_t>(day + kBoundBias, 0, (std::int64_t{1} << 30) - 1);
  return static_cast<std::uint32_t>(biased << 2);
}

std::string class_prefix(TermId p, std::uint8_t cls) {
  std::string k;
  put_u64(k, p);
  k += static_cast<char>(cls);
  return k;
}

std::string with_bound(std::string prefix, std::uint32_t bound) {
  put_u32(prefix, bound);
  return prefix;
}

}  // namespace

std::vector<TimeRange> time_ranges(TermId p, std::int64_t from, std::int64_t to) {
  std::vector<TimeRange> out;
  for (int c = 0; c <= kMaxClass; ++c) {
    // An interval of class c lasts at most 2^c days: to overlap [from, to) it must start
    // after from - 2^c and before to.
    const std::string prefix = class_prefix(p, static_cast<std::uint8_t>(c));
    out.push_back({with_bound(prefix, day_floor(from - (std::int64_t{1} << c) + 1)),
                   with_bound(prefix, day_floor(to))});
  }
  // Open start (key start 0, then the end): those ending after the window's first day.
  const std::string open_start = class_prefix(p, kClassOpenStart);
  out.push_back({with_bound(with_bound(open_start, kOpenFrom), day_floor(from + 1)),
                 class_prefix(p, kClassOpenStart + 1)});
  // Open end: those starting before the window's end.
  const std::string open_end = class_prefix(p, kClassOpenEnd);
  out.push_back({open_end, with_bound(open_end, day_floor(to))});
  return out;
}

}  // namespace annals::store
