// Loading files into a store: RDF files and reports (dated-event CSV/TSV, JSON lines; see
// loaders/REPORTS.md). Every file of one call is one transaction, all or nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annals/rdf.hpp"
#include "annals/status.hpp"
#include "annals/store.hpp"

namespace annals {

struct LoadOptions {
  // Format of every file; by default each file's extension decides.
  std::optional<RdfFormat> format;
  // Recorded in the transaction log; by default "load FILE..." with the files' names.
  std::string description;
  // Called now and then with the input bytes read so far, their total (0 if unknown) and the
  // quads read so far.
  std::function<void(std::uint64_t done, std::uint64_t total, std::uint64_t quads)> progress;
  // The base IRI of Turtle/TriG files until they set their own (@base/BASE).
  std::string base;
  // When set, a bad statement of a line-based file (N-Triples, N-Quads), or a bad row or
  // report of a report file, is reported here with its place and left out, and the rest is
  // loaded; LoadResult::skipped counts them. Loading
  // a Turtle or TriG file this way is refused: its statements span lines, so there is no
  // safe place to resume.
  std::function<void(const Status&)> on_skip;
  // Replace the graphs the files write to (the default graph too, if they write to it):
  // every fact current in such a graph that the files do not hold is retracted, in the same
  // transaction as the load, so a query AS OF an earlier transaction still sees it. Facts
  // the files hold again stay as they were (same fact, same history); a fact with a blank
  // node is new on every load, so it is retracted and asserted again. Memory grows by about
  // 56 bytes per fact read.
  bool replace_graphs = false;
  // The named graph (an absolute IRI) that the statements of triple formats (N-Triples,
  // Turtle) go into, instead of the default graph: a report loaded into its source. Refused,
  // before the store is touched, when a file's format names graphs itself (N-Quads, TriG,
  // the report formats). With replace_graphs, this graph is replaced even if the files hold
  // nothing.
  std::optional<std::string> graph;
};

struct LoadResult {
  std::uint64_t quads_read = 0;
  std::uint64_t facts_added = 0;  // new facts; the rest were already in the store
  std::uint64_t facts_retracted = 0;  // by LoadOptions::replace_graphs
  std::uint64_t skipped = 0;      // bad statements left out (LoadOptions::on_skip)
  std::vector<Prefix> prefixes_added;  // prefixes of the files the store did not know
  TxRecord tx;                    // number 0 if nothing changed
};

// Parses each file (in the format options.format or its extension names:
// input_format_from_path) and asserts its facts (parse_facts: annotations with annals:validFrom,
// validTo or validIn give a quad its valid time). Blank node labels are scoped to their file: each
// gets a fresh blank node in the store. The files' prefixes join the store's (a name the
// store binds already keeps its IRI; an IRI the store has a name for is not bound again). On
// any error nothing is committed and the store is as before; the Status names the file, line
// and column.
Result<LoadResult> load_files(Store& store, const std::vector<std::string>& paths,
                              const LoadOptions& options = {});

// The checks load_files makes before it touches the store: each file's format (as given or
// by its name) and what the options allow with it (skipping bad statements, a graph to load
// into). The formats, in order; the files are not opened.
Result<std::vector<RdfFormat>> check_load_files(const std::vector<std::string>& paths,
                                                const LoadOptions& options = {});

// As load_files, for one input already open (Input::from_string for text held in memory,
// Input::from_stream for a std::istream). options.format is required (kInvalidInput without
// it); the description defaults to "load NAME" with the input's name.
Result<LoadResult> load_input(Store& store, Input input, const LoadOptions& options);

// How load_into reads one input into a transaction the caller holds.
struct LoadIntoOptions {
  // The input's format; by default the path's extension decides (the Input overload needs
  // it given).
  std::optional<RdfFormat> format;
  // The base IRI of Turtle/TriG input until it sets its own.
  std::string base;
  // Every statement goes into this graph, whatever graph the input names: an IRI, or "" for
  // the default graph (as Term::is_default_graph). Unset: each into its own.
  std::optional<std::string> into_graph;
  // As LoadOptions::replace_graphs: every fact current in a graph the input writes to (and
  // in into_graph, even when the input holds nothing) that the input does not hold is
  // retracted.
  bool replace_graphs = false;
};

struct LoadIntoResult {
  std::uint64_t quads_read = 0;
  std::uint64_t facts_retracted = 0;  // by LoadIntoOptions::replace_graphs
};

// Loads one input into a write transaction the caller holds and will commit or roll back
// (SPARQL Update's LOAD, the endpoint's Graph Store PUT and POST). As load_input, except
// that nothing is committed and prefixes are not recorded. On an error the transaction may
// hold part of the input (the caller rolls it back).
Result<LoadIntoResult> load_into(WriteTxn& txn, Input& input, const LoadIntoOptions& options);
// The same for a file.
Result<LoadIntoResult> load_into(WriteTxn& txn, const std::string& path,
                                 const LoadIntoOptions& options = {});

// Writes facts read from a view as RDF, as dump_store does: their terms decoded (repeated
// ones from a cache), a fact with a valid-time interval with it as an annotation, Turtle and
// TriG with the view's prefixes and "annals:". With `as_triples`, every fact is written in
// the default graph whatever its own (one graph as Turtle or N-Triples). The view and the
// stream must outlive the writer. Not thread-safe.
class FactWriter {
 public:
  static Result<FactWriter> open(const ReadTxn& read, std::ostream& out, RdfFormat format,
                                 bool as_triples = false);
  FactWriter(FactWriter&&) noexcept;
  FactWriter& operator=(FactWriter&&) noexcept;
  ~FactWriter();
  Status write(const FactRow& row);
  // Ends the output and flushes it (RdfWriter::finish).
  Status finish();

 private:
  class Impl;
  explicit FactWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Writes every current fact of the store in any RdfFormat (N-Triples and Turtle only for a
// store whose facts all sit in the default graph), Turtle and TriG with the store's prefixes
// and "annals:". A fact with a valid-time interval comes out with it as an annotation
// (loaders/README.md "Valid time in files"), so a quad with several intervals comes out once
// for each; a fact valid always comes out plain. Loading the dump gives the same facts.
Status dump_store(const Store& store, std::ostream& out, RdfFormat format);

}  // namespace annals
