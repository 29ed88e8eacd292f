// A large write transaction's spills: the facts queued since the last spill are resolved,
// frozen with the new terms handed over and written out as runs (runs.hpp), tagged with the
// transaction's number and invisible until its commit record lands. A spill runs on a thread
// of its own while the caller goes on parsing and interning; one at a time, so runs are
// ingested in order and resolving sees everything spilled before.
//
// The spiller owns what that thread touches: the fact resolver is reached only through
// resolver(), on the caller's thread, once no spill is in flight (join()).
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "store_impl.hpp"
#include "txn/fact_resolver.hpp"
#include "txn/interner.hpp"

namespace annals::store {

class Spiller {
 public:
  Spiller(Store::Impl& store, TxNumber tx, FactResolver resolver);
  ~Spiller();  // abandons and joins a spill in flight
  Spiller(const Spiller&) = delete;
  Spiller& operator=(const Spiller&) = delete;

  // Writes out `chunk`'s facts (once resolved) and everything pending in the resolver, with
  // `terms`. next_term: the dictionary's counter as the caller sees it now (recorded before
  // any data that uses it). A spill in flight is joined first. A final spill (the commit's)
  // runs on the caller's thread and writes with several threads; any other goes on in the
  // background until join().
  Status spill(std::vector<FactKey> chunk, NewTerms terms, std::uint64_t next_term, bool final);
  // Waits for the spill in flight, if any: its outcome.
  Status join();
  // A rollback: the spill in flight stops at its next key, since its runs would only be
  // thrown away.
  void abandon() { abandoned_.store(true); }

  // The resolver, between spills.
  FactResolver& resolver();
  const FactResolver& resolver() const;
  // Whether any spill began (its runs are in the store, pending).
  bool spilled() const { return spilled_; }
  // Auto-compaction of the run column families off (or back on): see spiller.cpp.
  void pause_compactions(bool pause);

 private:
  Status write_counters(bool pending, std::uint64_t next_term);
  Status spill_chunk(std::vector<FactKey>& chunk, NewTerms terms, bool first,
                     std::uint64_t next_term, int run, unsigned threads);

  Store::Impl& store_;
  const TxNumber tx_;
  FactResolver resolver_;
  bool spilled_ = false;
  int runs_ = 0;
  bool compactions_paused_ = false;
  std::thread background_;
  Status background_status_;  // the background spill's outcome, read once it is joined
  std::atomic<bool> abandoned_{false};
};

}  // namespace annals::store
