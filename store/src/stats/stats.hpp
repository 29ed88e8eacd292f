// Statistics kept with every commit: store-wide counts, per-predicate fact counts with
// HyperLogLog sketches of distinct subjects and objects, per-graph fact counts. They feed the
// query planner and `annals stats`.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "annals/store.hpp"

namespace annals::store {

// A 64-bit finaliser (MurmurHash3's): spreads ids over a sketch's registers; Store::check
// builds its fingerprints on it.
std::uint64_t mix64(std::uint64_t x);

// 64 one-byte registers: about 13% standard error, enough to order joins.
struct Sketch {
  std::array<std::uint8_t, 64> reg{};
  void add(std::uint64_t value);
  void merge(const Sketch& other);
  std::uint64_t estimate() const;
};

struct PredicateRecord {
  std::int64_t facts = 0;
  // Current facts without dates (not in the time index), and the transaction that last
  // brought that count to zero (0 if it never was above): the time index answers a window
  // read of the predicate alone at any as-of from that transaction on.
  std::int64_t undated = 0;
  TxNumber undated_gone = 0;
  Sketch subjects, objects;
};
void encode_predicate_record(const PredicateRecord& r, std::string& out);
bool decode_predicate_record(std::string_view bytes, PredicateRecord& r);

// Store-wide counts, kept in the meta column family under "counts".
struct Counts {
  std::uint64_t facts = 0;
  std::uint64_t quads = 0;
  std::uint64_t terms = 0;
  std::uint64_t transactions = 0;
  std::uint64_t predicates = 0;
  std::uint64_t graphs = 0;
};
void encode_counts(const Counts& c, std::string& out);
bool decode_counts(std::string_view bytes, Counts& c);

// Keys in the stats column family.
std::string predicate_stats_key(TermId p);  // 'p' + id
std::string graph_stats_key(TermId g);      // 'g' + id

}  // namespace annals::store
