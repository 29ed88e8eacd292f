// Dictionary terms that nothing refers to any more: those only a transaction that aborted
// (a killed load) used, and those only purged facts used. Store::compact removes them, so
// that it gives back the space a crashed load left and no purged literal outlives its facts
// on disk (store/FORMAT.md "Transactions and visibility").
#pragma once

#include <cstdint>

#include "annals/status.hpp"
#include "annals/store.hpp"

namespace annals::store {

// Removes from both dictionary column families every term that no key of the `spog` index
// (any version, retracted ones too: AS OF reads them), no statistics record with current
// facts and no kept triple term names, with its statistics records (no facts left), and
// lowers meta `counts.terms` with each batch of removals. Returns how many it removed.
//
// Preconditions: the caller holds the store's one write slot (no transaction is open, so
// none holds an id it looked up and has not written yet), and the indexes hold no entry of
// an aborted transaction (Store::compact runs it after the compaction that drops them).
// Safe to interrupt: each batch removes terms nothing refers to, triple terms before the
// terms they are made of, so the store is consistent after any of them.
Result<std::uint64_t> remove_unused_terms(Store::Impl& store);

}  // namespace annals::store
