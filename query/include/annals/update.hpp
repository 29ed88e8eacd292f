// SPARQL 1.1 Update (https://www.w3.org/TR/sparql11-update/) on an Annals store: parsing a
// request (one or more operations separated by ';') and running it in one write transaction.
//
// Annals' time model shapes two operations: an inserted triple may carry its valid time as
// an annotation (`:a :p :b {| annals:validFrom "2021"^^xsd:gYear |}`), and a delete never
// erases: it retracts (closes the transaction interval of) every current fact of the quad,
// or only the one whose valid time the delete template names, so `AS OF` still sees the old
// state. A graph exists while it holds a fact: CREATE records nothing (an empty graph is not
// kept), and CREATE of a graph that holds facts fails unless SILENT.
//
// The query layer knows no files: LOAD reaches the loaders through UpdateOptions::load, a
// hook the caller passes. Thread-safe as parse_query and execute are: parses share nothing,
// and a run uses only the transaction it is given.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "annals/query.hpp"
#include "annals/status.hpp"
#include "annals/store.hpp"

namespace annals {

enum class UpdateKind : std::uint8_t {
  kInsertData,
  kDeleteData,
  kDeleteWhere,
  kModify,  // [WITH] DELETE {..} INSERT {..} [USING ..] WHERE {..}
  kLoad,
  kClear,
  kDrop,
  kCreate,
  kAdd,
  kMove,
  kCopy,
};

// The operation's name as the spec spells it: "INSERT DATA", "DELETE/INSERT", "LOAD", ...
std::string_view update_kind_name(UpdateKind kind);

// A parsed request. Movable, not copyable; owns its syntax tree.
class ParsedUpdate {
 public:
  class Impl;  // the syntax tree, defined inside the query layer
  explicit ParsedUpdate(std::unique_ptr<Impl> impl);
  ParsedUpdate(ParsedUpdate&&) noexcept;
  ParsedUpdate& operator=(ParsedUpdate&&) noexcept;
  ParsedUpdate(const ParsedUpdate&) = delete;
  ParsedUpdate& operator=(const ParsedUpdate&) = delete;
  ~ParsedUpdate();

  // The operations in order (an empty request, only a prologue, has none).
  std::vector<UpdateKind> operations() const;
  // The request as an S-expression, one operation a line, for tests.
  std::string to_string() const;

  // Opaque outside the library (the query layer reads the tree through it).
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Parses a request. On failure the Status is invalid_input with the place ("update", line,
// column, the line's text) and what was expected or what is wrong, including the static
// rules of SPARQL 1.1 Update §3 and §19 (no variables in INSERT DATA / DELETE DATA, no blank
// nodes in DELETE DATA or a DELETE template, no blank node label shared by two operations).
Result<ParsedUpdate> parse_update(std::string_view text, const QueryParseOptions& options = {});

// What a LOAD asks for: the source IRI as written (resolved against BASE), and the graph to
// load into (empty: the default graph).
struct LoadRequest {
  std::string source;
  std::string into_graph;
  bool silent = false;
};

// Loads a LoadRequest into the transaction it is given and says how many statements it read
// (OperationResult::added reports that; the transaction's record counts the new facts).
// Errors: kNotSupported for a source it refuses (e.g. http: in a build without a client),
// kNotFound / kIoError when the source cannot be read, kInvalidInput for a bad file.
using LoadHook = std::function<Result<std::uint64_t>(WriteTxn& txn, const LoadRequest& request)>;

struct UpdateOptions {
  // Whether WHERE clauses read the union of every graph as their default graph (unless USING
  // names the dataset), as QueryOptions::union_default_graph; unset: the store's rule.
  // Templates and DATA without GRAPH still write into the store's own default graph.
  std::optional<bool> union_default_graph;
  // Stops the run with kCancelled once this much time has passed since run_update(), also
  // when that is found only after the last operation (so that it does not commit).
  std::optional<std::chrono::milliseconds> timeout;
  // Stops the run with kCancelled soon after another thread sets it.
  const std::atomic<bool>* cancel = nullptr;
  // Each WHERE's memory limit (QueryOptions::memory_limit).
  std::size_t memory_limit = std::size_t{2} << 30;
  // Whether LOAD may read at all; when false, LOAD fails with kNotSupported (refused by
  // policy), even with SILENT.
  bool allow_load = false;
  // Called for each LOAD; required when allow_load is set (else LOAD is kNotSupported).
  LoadHook load;
  // The dataset of every WHERE given outside the request (the SPARQL 1.1 Protocol's
  // using-graph-uri and using-named-graph-uri, §2.2.3). A request that also names one with
  // USING, USING NAMED or WITH fails with kInvalidInput before anything runs.
  std::optional<QueryOptions::Dataset> dataset;
};

// What one operation changed.
struct OperationResult {
  UpdateKind kind = UpdateKind::kInsertData;
  std::uint64_t added = 0;      // facts asserted that were not current before (LOAD:
                                // statements read)
  std::uint64_t retracted = 0;  // facts whose transaction interval this closed
};

struct UpdateResult {
  std::vector<OperationResult> operations;
  std::uint64_t added = 0, retracted = 0;  // sums over the operations
  // Filled by update_store: the committed transaction (number 0 when nothing changed).
  TxRecord transaction;

  // "INSERT DATA (+3); DELETE DATA (-1)": the log description update_store records.
  std::string describe() const;
};

// Runs every operation of the request in order on the transaction; each sees the effects
// of the ones before (through WriteTxn::read_own). Does not commit. On failure the
// transaction holds part of the request: the caller must roll it back (update_store does).
Result<UpdateResult> run_update(WriteTxn& txn, const ParsedUpdate& update,
                                const UpdateOptions& options = {});

// Opens the store's write transaction, runs the request and commits it with the
// description "update: " + UpdateResult::describe(). All operations are one transaction:
// any failure rolls back everything and returns the error. kFailed if another write
// transaction is open.
Result<UpdateResult> update_store(Store& store, const ParsedUpdate& update,
                                  const UpdateOptions& options = {});

}  // namespace annals
