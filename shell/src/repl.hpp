// The analyst's REPL (`annals`, `annals shell`): how typed text becomes statements, the
// session's settings, and the session that runs queries and dot-commands on a store.
#pragma once

#include <annals/query.hpp>
#include <annals/results.hpp>
#include <annals/status.hpp>
#include <annals/store.hpp>
#include <annals/term.hpp>
#include <annals/time.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace annals::cli::repl {

// What a scan of SPARQL text outside its strings, IRIs and comments finds.
struct TextShape {
  int depth = 0;             // '{' minus '}'
  bool open_string = false;  // the text ends inside a string (a long one spans lines)
  bool ends_with_semicolon = false;
  std::size_t semicolon = 0;  // where that last ';' is
};
TextShape scan_text(std::string_view text);

// Collects typed lines into statements: a statement is complete when its braces balance and
// it ends with ';' (stripped), or when a blank line follows it.
class StatementBuffer {
 public:
  // Adds a line (without its line end) numbered line_no; true when a statement is complete.
  bool add(std::string_view line, std::uint64_t line_no);
  bool empty() const { return text_.empty(); }
  // The complete (or, at the end of input, incomplete) statement, and the buffer cleared.
  std::string take();
  std::uint64_t first_line() const { return first_line_; }
  void clear() { text_.clear(); }

 private:
  std::string text_;
  std::uint64_t first_line_ = 0;
};

// True when the text holds only PREFIX declarations (and an optional ';'): they go into
// `out` as they come.
bool parse_prefix_lines(std::string_view text, std::vector<Prefix>& out);

// One fact about an entity, as the entity views show it: its interval, whether the entity is
// its object (the relation then reads backwards), the relation, the other party, the graph.
struct EntityFact {
  ValidTime valid;
  bool incoming = false;
  Term relation, other, graph;
};
// An IRI's prefixed name when a prefix covers it, else its N-Triples form.
std::string show_term(const Term& t, const std::vector<Prefix>& prefixes);
// The entity an <IRI>, a prefixed name or a label/alias (rdfs:label, skos:altLabel, the demo's
// :alias) names; kNotFound for none, kInvalidInput (listing them) for a name of several.
Result<TermId> resolve_entity(const ReadTxn& txn, std::string_view name,
                              const std::vector<Prefix>& prefixes);
// Every fact with the entity as subject or object, in the time the session pins.
Result<std::vector<EntityFact>> entity_facts(const ReadTxn& txn, TermId entity,
                                             const TimeScope& time);

// A status from a statement that began on line `first` of `source` (a script, a .read file):
// its position counted in the source instead of the statement.
Status in_source(const Status& st, const std::string& source, std::uint64_t first);

// The SPARQL keywords and built-in names Tab completes, upper case.
const std::vector<std::string_view>& sparql_keywords();
// The candidates among `names` that start with `word` (keywords: any case, written in the
// case the word is typed in; other names: as they are).
std::vector<std::string> matching(std::string_view word, const std::vector<std::string_view>& names,
                                  bool keywords);

// The text without one pair of surrounding quotes ("…" or '…'), if it has them.
std::string unquote(std::string_view s);

// Settings a session pins for every following query.
struct Settings {
  ResultFormat format = ResultFormat::kTable;
  bool timing = false;
  std::optional<bool> union_graph;  // .union on|off; unset: the store's default-graph rule
  bool store_prefixes = true;       // .storeprefixes: undeclared prefixes from the store's table
  std::string at;                // .at DATE: VALID AT for queries without a VALID clause
  std::string as_of;             // .asof TX|TIME: AS OF for queries without an AS OF
  std::vector<Prefix> prefixes;  // PREFIX lines typed alone
  bool pager = false;            // .pager: long results through $PAGER (at a terminal only)
  // .maxwidth N|off|auto: the table's width; unset (auto): the terminal's at a terminal.
  std::optional<std::size_t> max_width;
};

// The pinned .at and .asof as query options (the query's own clause wins over them,
// query.hpp): .at a date as VALID AT takes it, .asof a transaction number or an instant as AS
// OF takes it (time.hpp's parse_timestamp). kInvalidInput naming the setting otherwise.
Status pinned_options(const Settings& settings, QueryOptions& out);

// The local names Tab completes after a prefix: the store's predicates in that namespace, and
// the other IRIs there.
struct LocalNames {
  std::vector<std::string> predicates, others;
};

// A REPL session on one store, held read-only (`.load` opens a writer for its one
// transaction). Output goes to stdout; the caller prints the errors it returns.
class Session {
 public:
  Session(Store store, const std::atomic<bool>* cancel);

  // Runs a statement: PREFIX lines, a dot-command or a query.
  Status run(const std::string& statement);
  bool quit() const { return quit_; }
  // "annals> ", or with pinned settings e.g. "annals[at 2025-08-14]> ".
  std::string prompt() const;
  // One line for the banner: store, facts, union.
  std::string banner() const;
  // At a terminal: long results go through the pager (unless .pager off).
  void set_interactive();
  // Tab completion: the words that may replace `word`, which follows `before` on the line.
  // The store's names are read once per session (its prefixes again after .load).
  std::vector<std::string> complete(std::string_view before, std::string_view word);

 private:
  Status run_statement(const std::string& statement);
  Status run_query(const std::string& typed);
  Status write_solutions(Solutions& solutions, const std::vector<Prefix>& shown,
                         std::chrono::steady_clock::time_point t0);
  Status run_dot(std::string_view line);
  Status dot_read(std::string_view arg);
  Status dot_output(std::string_view arg);
  Status dot_format(std::string_view arg);
  Status dot_load(std::string_view arg);
  Status dot_prefixes();
  Status dot_on_off(std::string_view name, std::string_view arg, bool& flag);
  Status dot_union(std::string_view arg);
  Status dot_max_width(std::string_view arg);
  // The width tables fit into now: .maxwidth, else the terminal's (0: no limit).
  std::size_t table_width() const;
  // The default graph queries read: the session's .union, else the store's rule.
  Result<bool> union_default_graph(const ReadTxn& txn) const;
  enum class View { kDescribe, kTimeline, kSources };
  Status dot_entity(View view, std::string_view arg);
  Status dot_pin(std::string_view arg, std::string& pinned);
  Result<TimeScope> pinned_scope(const ReadTxn& txn) const;
  // Completion's names: the prefixes (session's first), and the local names under a namespace.
  std::vector<Prefix> known_prefixes();
  const LocalNames& names_in(const std::string& ns);
  // A prefix, or a prefixed name (only predicates when one is wanted and some match).
  std::vector<std::string> complete_name(std::string_view word, bool predicate);
  std::ostream& out() { return *out_; }

  Store store_;
  const std::atomic<bool>* cancel_;
  Settings settings_;
  bool quit_ = false;
  bool interactive_ = false;
  int read_depth_ = 0;                    // .read inside .read
  std::ostream* out_;                     // this statement's output: stdout, pager or file
  std::unique_ptr<std::ostream> output_;  // .output FILE
  std::unique_ptr<std::ostream> closed_output_;
  std::optional<std::vector<Prefix>> store_prefixes_;  // completion's, cached
  std::map<std::string, LocalNames> names_;            // completion's, by namespace
};

}  // namespace annals::cli::repl
