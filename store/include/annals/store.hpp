// The quad store: facts (quad + valid-time interval) with their transaction history, on
// RocksDB. Terms are interned as 64-bit ids; reads see a consistent committed state; writes
// go through one WriteTxn at a time and become visible all at once on commit.
//
// Thread safety: a Store may be shared by many threads. ReadTxn and Cursor objects are used
// by one thread at a time each. Only one WriteTxn may be open per Store, and only one process
// may open a store for writing; other processes open it read-only and see each commit as it
// lands (a new ReadTxn catches up with the writer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "annals/status.hpp"
#include "annals/term.hpp"
#include "annals/term_id.hpp"
#include "annals/time.hpp"

namespace annals {

using FactId = std::uint64_t;
using TxNumber = std::uint64_t;

// A transaction interval's open end.
inline constexpr TxNumber kTxOpen = 0;

// The on-disk format this build reads and writes (store/FORMAT.md).
inline constexpr std::uint32_t kFormatVersion = 2;

struct StoreOptions {
  bool read_only = false;          // open as a reader next to a writer process
  bool create_if_missing = true;   // writers only: create an empty store
  // Milliseconds since the Unix epoch for transaction timestamps; the system clock if empty.
  std::function<std::int64_t()> clock;
  // A transaction whose pending writes exceed this many bytes spills them to the store in
  // chunks that stay invisible until commit (bounded memory for large loads).
  std::size_t spill_bytes = 64u << 20;
  // Readers only: Store::read() catches up with the writer at most once in this many
  // milliseconds (0: on every call), and then sees every commit made before it, whatever the
  // writers did meanwhile (several writer processes one after another, compactions).
  // Catching up reads the writer's new log records and takes milliseconds, one reader at a
  // time (when the writer has moved data the reader held in memory into new files, it opens
  // the store afresh: more); a server answering many small queries trades this much
  // staleness for throughput.
  std::uint32_t catch_up_interval_ms = 0;
};

// Which quads a scan visits: each position either bound to an id or free.
struct Pattern {
  std::optional<TermId> s, p, o, g;
};

// The time a scan sees. valid: keep facts whose valid time overlaps it (a point in time is a
// one-day interval). as_of: read the store as it was after that transaction committed.
struct TimeScope {
  std::optional<ValidTime> valid;
  std::optional<TxNumber> as_of;
};

struct TxInterval {
  TxNumber from = 0;
  TxNumber to = kTxOpen;  // kTxOpen while the fact is asserted
};

struct FactRow {
  TermId s = 0, p = 0, o = 0, g = kDefaultGraph;
  ValidTime valid;
  TxInterval tx;  // the version visible to the scan
  FactId id = 0;  // 0 unless the scan asked for ids
};

struct ScanOptions {
  // One row per distinct quad (set semantics of plain SPARQL patterns) instead of one per fact.
  bool distinct_quads = false;
  // Fill FactRow::id. Free when the scan runs on the primary (s-bound or unbound) index; one
  // point look-up per row otherwise.
  bool fact_ids = false;
  // For a pattern with nothing bound: rows graph by graph (the default graph first), each
  // graph's in subject order, as writers of graph blocks want them.
  bool by_graph = false;
};

struct ScanAccess;

// Iterates the rows of a scan in index order. Loop while valid(); check status() after.
class Cursor {
 public:
  class Impl;
  explicit Cursor(std::unique_ptr<Impl> impl);
  Cursor(Cursor&&) noexcept;
  Cursor& operator=(Cursor&&) noexcept;
  ~Cursor();

  bool valid() const;
  void next();
  const FactRow& row() const;
  Status status() const;

 private:
  friend struct ScanAccess;  // the query layer's tuned scans (not installed: scan_tuning.hpp)
  std::unique_ptr<Impl> impl_;
};

struct TxRecord {
  TxNumber number = 0;
  std::int64_t timestamp_ms = 0;
  std::string description;  // what did it, e.g. "load data.nq"
  std::uint64_t facts_added = 0;
  std::uint64_t facts_retracted = 0;
  std::uint64_t terms_added = 0;
};

struct PredicateStats {
  TermId predicate = 0;
  std::uint64_t facts = 0;              // current facts with this predicate
  std::uint64_t distinct_subjects = 0;  // estimate (HyperLogLog, never decremented)
  std::uint64_t distinct_objects = 0;   // estimate
  std::uint64_t undated = 0;            // current facts without valid time
};

struct StoreStats {
  std::uint64_t facts = 0;         // current facts
  std::uint64_t quads = 0;         // current distinct quads
  std::uint64_t graphs = 0;        // named graphs holding current facts (default graph not counted)
  std::uint64_t predicates = 0;    // predicates of current facts
  std::uint64_t terms = 0;         // terms in the dictionary (inlined values not counted)
  std::uint64_t transactions = 0;  // committed transactions
  std::uint64_t bytes_on_disk = 0; // all files of the store
  std::vector<PredicateStats> by_predicate;
};

// What a purge erases: every fact of a named graph, or every fact with the entity as subject
// or object (in any graph). Facts about triple terms that merely contain the entity are not
// erased, and the entity's term stays in the dictionary until Store::compact finds that nothing
// refers to it any more.
struct PurgeSelector {
  enum class Kind { kGraph, kEntity };
  Kind kind = Kind::kGraph;
  Term iri;
};

// What a purge erased (or, dry, would erase).
struct PurgeCounts {
  std::uint64_t facts = 0;     // facts (quad + valid time), current or not
  std::uint64_t versions = 0;  // their transaction intervals, of every transaction
  std::uint64_t current = 0;   // of the facts, those asserted and not retracted
  std::uint64_t quads = 0;     // distinct quads among the facts
};

struct PurgeResult {
  PurgeCounts counts;
  TxRecord record;  // number 0 for a dry run
};

class Store;
struct CheckOptions;  // <annals/check.hpp>
struct CheckReport;

// A consistent view of the committed store. Holds its snapshot until destroyed.
class ReadTxn {
 public:
  class Impl;
  explicit ReadTxn(std::unique_ptr<Impl> impl);
  ReadTxn(ReadTxn&&) noexcept;
  ReadTxn& operator=(ReadTxn&&) noexcept;
  ~ReadTxn();

  // The last transaction this view includes.
  TxNumber committed() const;
  // Every fact matching the pattern, restricted by time inside the scan.
  Result<Cursor> scan(const Pattern& pattern, const TimeScope& time = {},
                      const ScanOptions& options = {}) const;
  // The id of a term, or nullopt if the store has never seen it (inlined values always have one).
  Result<std::optional<TermId>> lookup(const Term& term) const;
  Result<Term> term(TermId id) const;
  Result<std::vector<TxRecord>> log() const;
  // The last transaction committed at or before a time (ms since epoch); nullopt if none.
  Result<std::optional<TxNumber>> tx_at(std::int64_t timestamp_ms) const;
  // The counts and per-predicate statistics; with bytes_on_disk, also the size of the
  // store's files (a walk of its directory: leave it out where speed matters, as the query
  // planner does).
  Result<StoreStats> stats(bool bytes_on_disk = true) const;
  // The namespace prefixes the store knows (from loaded files and set_prefix), by name. They
  // shorten IRIs in output, and a query or update that uses a prefix without declaring it
  // resolves it through them (QueryOptions::store_prefixes); a file's meaning never
  // depends on them.
  Result<std::vector<Prefix>> prefixes() const;
  // The store's default-graph rule (README, "Prefixes and the default graph"): true if a query's
  // default graph is the union of every graph, false if it is the store's own default
  // graph (the SPARQL standard's reading). Stores hold true unless set otherwise
  // (WriteTxn::set_union_default_graph).
  Result<bool> union_default_graph() const;

 private:
  friend struct ScanAccess;
  std::unique_ptr<Impl> impl_;
};

// A write transaction: interns terms, asserts and retracts facts; nothing is visible to
// readers until commit(). Destroying it without commit() rolls it back.
class WriteTxn {
 public:
  class Impl;
  explicit WriteTxn(std::unique_ptr<Impl> impl);
  WriteTxn(WriteTxn&&) noexcept;
  WriteTxn& operator=(WriteTxn&&) noexcept;
  ~WriteTxn();

  // The id of a term, allocating one if it is new.
  Result<TermId> intern(const Term& term);
  // intern() of each term in order, with the same ids allocated in the same order, but
  // faster for many terms: their look-ups overlap instead of waiting on memory one at a
  // time. `ids` must be as long as `terms`; on failure it is filled only in part.
  Status intern_many(std::span<const Term* const> terms, std::span<TermId> ids);
  // A blank node distinct from every other in the store (loaders give each blank node label
  // of a file one of these).
  Result<TermId> fresh_blank();
  // The id of the triple term with these components.
  Result<TermId> intern_triple(TermId s, TermId p, TermId o);
  // Asserts a fact. Returns true if it is new, false if the same quad with the same valid time
  // is already asserted (nothing changes).
  Result<bool> assert_fact(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid = {});
  // Asserts a fact without saying whether it is new: the fast path for loading many facts.
  // Queued facts are resolved in key order before the next assert, retract or commit;
  // commit()'s record counts the new ones.
  Status add_fact(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid = {});
  // Retracts a fact: closes its transaction interval. Returns false if it was not asserted.
  Result<bool> retract_fact(TermId s, TermId p, TermId o, TermId g, const ValidTime& valid);
  // Binds a namespace prefix (replacing the name's earlier IRI), visible once committed. A
  // transaction that only binds prefixes records no transaction in the log.
  Status set_prefix(const Prefix& prefix);
  // Records the store's default-graph rule (ReadTxn::union_default_graph), visible once
  // committed; like set_prefix, it records no transaction in the log on its own.
  Status set_union_default_graph(bool on);
  // A read view of the store as committed before this transaction began (fails only as
  // opening any read view can: a store error).
  Result<ReadTxn> base() const;
  // A read view of the store as this transaction has left it so far: the committed state
  // plus this transaction's own assertions, retractions and terms (SPARQL Update reads
  // them between operations). It first writes what is pending to the store as a spill
  // does: still invisible to every other reader, and discarded by rollback(); so it costs
  // a synced write when something is pending. The view is a snapshot: it does not follow
  // later writes (ask again), its AS OF reads count this transaction as the last one, and
  // it never uses the time index (the statistics do not count pending writes yet).
  Result<ReadTxn> read_own();
  // Makes everything visible in one step and records the transaction in the log. A
  // transaction that changed nothing records nothing and returns number 0.
  Result<TxRecord> commit(const std::string& description);
  // Drops everything this transaction wrote.
  void rollback();
  // The one write that truly erases (retractions only close intervals): removes every
  // version of every fact the selector picks from all six quad indexes and the time index,
  // and corrects the statistics, then commits at once as one synced WriteBatch (atomic and
  // crash-safe like a small commit, however many facts; the batch is held in memory). The
  // log records it as a transaction with no facts added or retracted whose description
  // reads "purge graph|entity <IRI>: erased F facts (V versions, C current) of Q quads;
  // reason: TEXT" -- never silently, even when nothing matched. Afterwards no read sees
  // the erased facts, not even AS OF a transaction before the purge: history is rewritten
  // on purpose. The transaction must have nothing else pending (kFailed otherwise) and is
  // finished afterwards. With dry_run it counts, rolls back and records nothing. A reason
  // holding a control character (a line end, a tab, ...) is kInvalidInput: the log is read
  // a line a transaction.
  Result<PurgeResult> purge(const PurgeSelector& selector, const std::string& reason,
                            bool dry_run = false);


 private:
  std::unique_ptr<Impl> impl_;
};

class Store {
 public:
  class Impl;
  // Opens (or, for a writer with create_if_missing, creates) the store in a directory.
  // Errors: kStoreLocked if another process writes it; kVersionMismatch for another format
  // version; kNotFound if absent and not to be created; kCorruption/kIoError otherwise.
  static Result<Store> open(const std::string& path, const StoreOptions& options = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::string& path() const;
  bool read_only() const;

  // A view of the last committed state (for a read-only store: caught up with the writer).
  Result<ReadTxn> read() const;
  // Begins the one write transaction. kFailed if one is open already (a WriteTxn neither
  // committed nor rolled back nor destroyed), a compact() is running, or the store is
  // read-only.
  Result<WriteTxn> write();
  // Rewrites the store's files compactly (after a large load), dropping the index entries of
  // transactions a crash left aborted, then the dictionary terms nothing refers to any more
  // (those only aborted transactions or purged facts used). Holds the write slot meanwhile:
  // kFailed if a write transaction is open.
  Status compact();
  // Verifies the store as it stands now (<annals/check.hpp>): every problem found is a line
  // of the report; a failure (kIoError, ...) means the check itself could not go on. Reads
  // one consistent state: a snapshot on a writer, the state at the call on a read-only store
  // (a writer process may go on meanwhile). Reads the whole store; keeps 8 bytes a fact and
  // a dictionary entry in memory.
  Result<CheckReport> check(const CheckOptions& options) const;

 private:
  explicit Store(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace annals
