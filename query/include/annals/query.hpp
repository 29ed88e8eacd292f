// SPARQL queries: parse_query (SPARQL 1.1 Query, SPARQL 1.2's triple terms, reified triples
// and annotations, and Annals' temporal clause VALID AT / VALID DURING / AS OF, docs/DESIGN.md),
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
  // Takes a leading EXPLAIN [ANALYZE] (Annals' extension, for front ends that show plans: the
  // REPL, `annals query`); ParsedQuery::explain() tells it. Off: EXPLAIN is an error.
  bool explain = false;
};

enum class QueryKind : std::uint8_t { kSelect, kConstruct, kAsk, kDescribe };
// What a leading EXPLAIN asks for: nothing, the plan, or the plan with each operator's rows
// and time after running the query (EXPLAIN ANALYZE).
enum class Explain : std::uint8_t { kNo, kPlan, kAnalyze };

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
  // The EXPLAIN the query begins with (QueryParseOptions::explain). execute() runs the query
  // either way; the caller prints Solutions::plan() instead of the results, and execute()
  // counts rows and time for an EXPLAIN ANALYZE as for QueryOptions::profile.
  Explain explain() const;
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
  // Whether the default graph is the union of every graph or the store's own default graph,
  // unless the query names its dataset with FROM / FROM NAMED. Unset: the store's rule
  // (ReadTxn::union_default_graph; README, "Prefixes and the default graph").
  std::optional<bool> union_default_graph;
  // run_query(): a prefix the text uses without declaring it resolves through the store's
  // prefix table (ReadTxn::prefixes), as in every front end. Off: strict SPARQL, where an
  // undeclared prefix is an error. (parse_query knows no store: its callers pass the table
  // in QueryParseOptions::prefixes.)
  bool store_prefixes = true;
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

  // Time given beside the query text (the REPL's .at and .asof; docs/DESIGN.md "The temporal
  // clauses" for their meaning). The query's own clause wins, one dimension at a time: a
  // query that says VALID AT / VALID DURING keeps its valid time and valid_at / valid_during
  // do not apply; one that says AS OF keeps its transaction and as_of does not apply.
  // valid_at a is valid_during {a, a}; both at once is kInvalidInput from execute(), as is a
  // valid_during whose end comes before its start.
  std::optional<DateBound> valid_at;
  struct During {
    DateBound first, last;  // [start of first, end of last)
  };
  std::optional<During> valid_during;
  // An earlier state of the store: the state after transaction `transaction`, or after the
  // last transaction committed at or before `time` (milliseconds since the epoch, as
  // parse_timestamp in time.hpp reads AS OF's text). Give one of the two: none or both is
  // kInvalidInput from execute().
  struct AsOf {
    std::optional<TxNumber> transaction;
    std::optional<std::int64_t> time;
  };
  std::optional<AsOf> as_of;

  // Values given to variables before the query runs (what Jena and RDF4J call initial
  // bindings): the query reads as if its WHERE clause began with VALUES (?name ...) { (term
  // ...) }, so a program passes a date or a name as a Term and never splices it into query
  // text. Names without '?'. A blank node cannot be bound (kInvalidInput from execute()).
  //   o.bindings = {{"when", Term::literal("2025-04", "http://www.w3.org/2001/XMLSchema#gYearMonth")}};
  std::vector<std::pair<std::string, Term>> bindings;
};

// Typed views of a result's terms, by the rules SPARQL's functions read them with (XSD's
// lexical forms, derived types and ranges); nullopt for a term of another kind or an
// ill-formed literal. A date literal's period is date_period() (term.hpp).
// xsd:integer and the types derived from it, within 64 bits.
std::optional<std::int64_t> as_integer(const Term& term);
// Any numeric literal (integer types, xsd:decimal, xsd:float, xsd:double) as a double.
std::optional<double> as_double(const Term& term);
// xsd:decimal and the integer types, as canonical decimal text ("2.5", "-3.0"): exact.
std::optional<std::string> as_decimal(const Term& term);
// xsd:boolean ("true", "false", "1", "0").
std::optional<bool> as_boolean(const Term& term);

// One SELECT solution with its variables' names: row["who"] or row[0], nullopt where the
// variable is unbound (or, by name, not a variable of the query: column() tells).
class Row {
 public:
  const std::vector<std::string>& variables() const {
    return variables_ ? *variables_ : kNoVariables;
  }
  std::size_t size() const { return values_.size(); }
  const std::optional<Term>& operator[](std::size_t column) const { return values_.at(column); }
  const std::optional<Term>& operator[](std::string_view variable) const;
  std::optional<std::size_t> column(std::string_view variable) const;
  const std::vector<std::optional<Term>>& values() const { return values_; }

 private:
  friend class Solutions;
  std::shared_ptr<const std::vector<std::string>> variables_;  // shared with its Solutions
  std::vector<std::optional<Term>> values_;
  static const std::vector<std::string> kNoVariables;
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
  // The same, with the variables' names (a Row may outlive its Solutions).
  Result<bool> next(Row& row);
  // ASK: whether the pattern has a solution.
  Result<bool> boolean();
  // CONSTRUCT and DESCRIBE: the next triple of the result graph (each triple once); false
  // after the last. Each call refuses (kNotSupported) a result of another form.
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

// The time a query that says nothing of time reads under the options' valid_at,
// valid_during and as_of (an AS OF time: the last transaction committed by then, or none
// before the first), for front ends that read the store beside their queries (the REPL's
// entity views). kInvalidInput for options that contradict each other, as from execute().
Result<TimeScope> time_scope(const ReadTxn& txn, const QueryOptions& options);

// parse_query and execute in one call: the usual way to ask a question.
//   auto rows = annals::run_query(*txn, "SELECT ?s WHERE { ?s ?p ?o } VALID AT \"2025\"");
// Errors: parse_query's (kInvalidInput with the place) and execute's.
Result<Solutions> run_query(const ReadTxn& txn, std::string_view text,
                            const QueryOptions& options = {},
                            const QueryParseOptions& parse_options = {});

}  // namespace annals
