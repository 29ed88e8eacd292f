// SPARQL queries: parse_query (SPARQL 1.1 Query, SPARQL 1.2's triple terms, reified triples
// and annotations, and Annals' temporal clause VALID AT / VALID DURING / AS OF, DESIGN.md),
// then execute on a ReadTxn; run_query does both in one call.
//
// parse_query checks the syntax and the static rules the spec adds to it (variable scope of
// SELECT expressions and BIND, grouping, where aggregates may appear, blank node labels,
// VALUES rows); it touches no store. Thread-safe: parses share nothing. Errors come as Status
// and Result (status.hpp); nothing throws.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "annals/status.hpp"
#include "annals/store.hpp"
#include "annals/term.hpp"

namespace annals {

struct QueryParseOptions {
  // The base IRI relative IRIs resolve against until the query sets BASE. Empty: a relative
  // IRI without BASE is an error.
  std::string base;
  // Prefixes known before the query's own PREFIX declarations (which override them).
  std::vector<Prefix> prefixes;
};

enum class QueryKind : std::uint8_t { kSelect, kConstruct, kAsk, kDescribe };

// A parsed query. Movable, not copyable; owns its syntax tree. Reading one ParsedQuery from
// several threads at once is safe (every member is const).
class ParsedQuery {
 public:
  class Impl;  // the syntax tree, defined inside the query layer
  explicit ParsedQuery(std::unique_ptr<Impl> impl);
  ParsedQuery(ParsedQuery&&) noexcept;
  ParsedQuery& operator=(ParsedQuery&&) noexcept;
  ParsedQuery(const ParsedQuery&) = delete;
  ParsedQuery& operator=(const ParsedQuery&) = delete;
  ~ParsedQuery();

  QueryKind kind() const;
  // The PREFIX declarations of the query, in order (to show results with the same names).
  const std::vector<Prefix>& prefixes() const;
  // The variables a SELECT query returns, in order (for SELECT *, the variables in scope in
  // its pattern, in order of first appearance). Empty for the other forms.
  std::vector<std::string> variables() const;
  // The query as an S-expression, for tests and EXPLAIN: e.g.
  //   (select (vars ?s) (where (group (bgp (triple ?s <http://x/p> ?o)))))
  std::string to_string() const;
  // The query translated to the SPARQL algebra (SPARQL 1.1 §18.2), as an SSE S-expression
  // on one line, for tests and EXPLAIN: e.g.
  //   (project (?s) (bgp (triple ?s <http://x/p> ?o)))
  // Fails (never for a query parse_query accepted, short of a bug) with the reason.
  Result<std::string> algebra_string() const;

  // Opaque outside the library (the query layer reads the tree through it).
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Parses a query. On failure the Status is invalid_input with the place ("query", line,
// column, the line's text) and what was expected or what is wrong.
Result<ParsedQuery> parse_query(std::string_view text, const QueryParseOptions& options = {});


// How a query runs.
struct QueryOptions {
  // The default graph is the union of every graph (DESIGN.md, "the default graph") unless the
  // query names its dataset with FROM / FROM NAMED. Off: the store's own default graph.
  bool union_default_graph = false;
  // The dataset given outside the query text (the SPARQL 1.1 Protocol's default-graph-uri and
  // named-graph-uri parameters): when set, it replaces the query's FROM / FROM NAMED (Protocol
  // §2.1.4: the protocol's dataset wins), and union_default_graph no longer applies.
  struct Dataset {
    std::vector<Term> default_graphs, named_graphs;
  };
  std::optional<Dataset> dataset;
  // Stops the query with kCancelled once this much time has passed since execute().
  std::optional<std::chrono::milliseconds> timeout;
  // Stops the query with kCancelled soon after another thread sets it (Ctrl-C in the REPL).
  const std::atomic<bool>* cancel = nullptr;
  // Stops the query with kCancelled once what it keeps in memory (rows it materialises for
  // joins, sorting, grouping and DISTINCT, the terms it computes, GROUP_CONCAT's strings)
  // passes this many bytes. 0: no limit. The timeout and this limit hold in every stage
  // (planning, paths, expressions, regular expressions), so no clause escapes them.
  std::size_t memory_limit = std::size_t{2} << 30;
  // Counts rows and time per operator for plan(true) (EXPLAIN ANALYZE); a little slower.
  bool profile = false;
};

// A running query's results, produced as they are asked for. Reads the ReadTxn it was
// started on, which must outlive it; needs nothing of the ParsedQuery once started. Movable;
// one thread at a time (many threads may each run their own Solutions on their own ReadTxn
// at once: store.hpp).
class Solutions {
 public:
  class Impl;
  explicit Solutions(std::unique_ptr<Impl> impl);
  Solutions(Solutions&&) noexcept;
  Solutions& operator=(Solutions&&) noexcept;
  ~Solutions();

  QueryKind kind() const;
  // SELECT: the variables of each row, in order, without '?'.
  const std::vector<std::string>& variables() const;
  // SELECT: the next solution, a value per variable (nullopt where unbound); false after
  // the last.
  Result<bool> next(std::vector<std::optional<Term>>& row);
  // ASK: whether the pattern has a solution.
  Result<bool> boolean();
  // CONSTRUCT and DESCRIBE: the next triple of the result graph (each triple once); false
  // after the last.
  Result<bool> next(Triple& triple);
  // The plan as an indented tree, one operator a line (EXPLAIN); with counts, each
  // operator's rows and time so far (EXPLAIN ANALYZE, after running with options.profile).
  std::string plan(bool with_counts = false) const;

 private:
  std::unique_ptr<Impl> impl_;
};

// Plans a parsed query against a read view and starts it. Fails for a query the store
// cannot run (SERVICE: kNotSupported); errors while it runs come from next().
Result<Solutions> execute(const ReadTxn& txn, const ParsedQuery& query,
                          const QueryOptions& options = {});

// parse_query and execute in one call: the usual way to ask a question.
//   auto rows = annals::run_query(*txn, "SELECT ?s WHERE { ?s ?p ?o } VALID AT \"2025\"");
// Errors: parse_query's (kInvalidInput with the place) and execute's.
Result<Solutions> run_query(const ReadTxn& txn, std::string_view text,
                            const QueryOptions& options = {},
                            const QueryParseOptions& parse_options = {});

}  // namespace annals
