// A write transaction's terms: each gets its id from the transaction's cache of the terms it
// has seen, from the dictionary, or as a new sequence number, and the new dictionary entries
// wait here until a spill or the commit takes them (take_new_terms()). Only the caller's
// thread touches an Interner; a spill's thread gets the entries it writes by value.
#pragma once

#include <rocksdb/db.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dict/term_cache.hpp"
#include "store_impl.hpp"

namespace annals::store {

// New dictionary entries: (dictionary form, id key).
using NewTerms = std::vector<std::pair<std::string, std::string>>;

class Interner {
 public:
  // What interning needs of the transaction around it.
  class Host {
   public:
    // A new dictionary entry of about this many bytes now waits to be written.
    virtual void term_pending(std::size_t bytes) = 0;
    // Starts a spill if the pending writes have outgrown their memory.
    virtual Status maybe_spill() = 0;
    // Writes out every new entry (and whatever waits with them) and waits for the write:
    // the dictionary then shows every term this transaction made.
    virtual Status land_terms() = 0;

   protected:
    ~Host() = default;
  };

  // next_term: the dictionary's next sequence number; fresh: the store has never held a term
  // or a fact; cache_bytes: what the cache may hold.
  Interner(const Store::Impl& store, Host& host, std::uint64_t next_term, bool fresh,
           std::size_t cache_bytes);

  Result<TermId> intern(const Term& t);
  Status intern_many(std::span<const Term* const> terms, std::span<TermId> ids);
  Result<TermId> intern_triple(TermId s, TermId p, TermId o);
  // A new blank node, labelled after its id.
  Result<TermId> fresh_blank();

  // Ids are never reused: a dictionary term numbered from first_term() on is this
  // transaction's own.
  std::uint64_t first_term() const { return first_term_; }
  std::uint64_t next_term() const { return next_term_; }
  std::uint64_t terms_added() const { return terms_added_; }
  bool has_new_terms() const { return !new_terms_.empty(); }
  NewTerms take_new_terms() { return std::exchange(new_terms_, {}); }

  std::size_t cache_size() const { return cache_.size(); }
  // Empties the cache, after which interning reads the dictionary. Only once the store holds
  // every term this transaction made (Host::land_terms()): until then the cache is the only
  // place that knows them.
  void clear_cache();

 private:
  // A term of an intern_many() batch: its dictionary form in batch_keys_, or tag 0 for a
  // term that has none (or not yet).
  struct Keyed {
    std::size_t at = 0, len = 0;
    std::uint64_t hash = 0;
    std::uint8_t tag = 0;
    bool absent = false;  // the dictionary lacked it at the batch's look-up
  };

  Status look_up_batch();
  Result<TermId> intern_key(std::string_view key, std::uint8_t tag);
  Result<TermId> intern_key(std::string_view key, std::uint8_t tag, std::uint64_t hash,
                            bool known_absent = false);
  Status make_cache_room(std::size_t key_bytes);
  void add_term(std::string key, TermId id);

  const Store::Impl& store_;
  Host& host_;
  std::uint64_t next_term_;
  const std::uint64_t first_term_;
  const bool fresh_store_;  // no term or fact had ever been written when this began
  TermCache cache_;         // terms this transaction has seen
  bool cache_cleared_ = false;
  // Bumped each time the cache is emptied: a batch's "absent" marks hold only while it has
  // not been (a spill may have put terms in the dictionary that the look-up did not see).
  std::uint64_t cache_clears_ = 0;
  NewTerms new_terms_;
  std::uint64_t terms_added_ = 0;

  // Buffers reused from call to call.
  std::string term_key_;
  std::string batch_keys_;
  std::vector<Keyed> batch_;
  std::vector<rocksdb::Slice> lookup_keys_;
  std::vector<std::size_t> lookup_at_;
  std::vector<rocksdb::PinnableSlice> lookup_values_;
  std::vector<rocksdb::Status> lookup_status_;
};

}  // namespace annals::store
