// A write transaction's pending facts, in key (SPOG) order. Bulk resolution hands keys over
// in order, so they go to a plain vector (no node per fact); the rare key out of order
// (single asserts and retracts) goes to a map. Every key lives in one of the two.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <utility>
#include <vector>

#include "index/keys.hpp"

namespace annals::store {

class PendingFacts {
 public:
  bool empty() const { return sorted_.empty() && random_.empty(); }
  std::size_t size() const { return sorted_.size() + random_.size(); }
  void clear() {
    sorted_.clear();
    random_.clear();
  }

  // Stores a fact's value; true if the key is new to the transaction.
  bool put(const FactKey& key, FactValue value) {
    if (!sorted_.empty() && !(sorted_.back().first < key)) {
      auto it = lower_bound(key);
      if (it != sorted_.end() && it->first == key) {
        it->second = std::move(value);
        return false;
      }
    }
    if (auto it = random_.find(key); it != random_.end()) {
      it->second = std::move(value);
      return false;
    }
    if (sorted_.empty() || sorted_.back().first < key) {
      sorted_.emplace_back(key, std::move(value));
    } else {
      random_.emplace(key, std::move(value));
    }
    return true;
  }

  // Calls f(key, value) for each pending fact of a quad.
  template <typename F>
  void for_quad(const std::array<TermId, 4>& q, F&& f) const {
    const FactKey lo{q, 0, 0};
    if (!sorted_.empty() && !(sorted_.back().first.q < q)) {
      for (auto it = lower_bound(lo); it != sorted_.end() && it->first.q == q; ++it) {
        f(it->first, it->second);
      }
    }
    for (auto it = random_.lower_bound(lo); it != random_.end() && it->first.q == q; ++it) {
      f(it->first, it->second);
    }
  }

  // Calls f(key, value) for every pending fact in key order.
  template <typename F>
  void for_each(F&& f) const {
    auto a = sorted_.begin();
    auto b = random_.begin();
    while (a != sorted_.end() || b != random_.end()) {
      if (b == random_.end() || (a != sorted_.end() && a->first < b->first)) {
        f(a->first, a->second);
        ++a;
      } else {
        f(b->first, b->second);
        ++b;
      }
    }
  }

 private:
  using Entry = std::pair<FactKey, FactValue>;
  std::vector<Entry>::iterator lower_bound(const FactKey& k) {
    return std::lower_bound(sorted_.begin(), sorted_.end(), k,
                            [](const Entry& e, const FactKey& key) { return e.first < key; });
  }
  std::vector<Entry>::const_iterator lower_bound(const FactKey& k) const {
    return std::lower_bound(sorted_.begin(), sorted_.end(), k,
                            [](const Entry& e, const FactKey& key) { return e.first < key; });
  }

  std::vector<Entry> sorted_;
  std::map<FactKey, FactValue> random_;
};

}  // namespace annals::store
