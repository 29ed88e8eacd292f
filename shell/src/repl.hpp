// The analyst's REPL (`annals`, `annals shell`): how typed text becomes statements, the
// session's settings, and the session that runs queries and dot-commands on a store.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <annals/results.hpp>
#include <annals/status.hpp>
#include <annals/store.hpp>
#include <annals/term.hpp>
#include <annals/time.hpp>

namespace annals::cli::repl {

// What a scan of SPARQL text outside its strings, IRIs and comments finds.
struct TextShape {
  int depth = 0;             // '{' minus '}'
  bool open_string = false;  // the text ends inside a string (a long one spans lines)
  bool ends_with_semicolon = false;
  std::size_t semicolon = 0;  // where that last ';' is
  bool has_valid = false;     // a VALID AT/DURING clause
  bool has_as_of = false;     // an AS OF clause
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

// The text without one pair of surrounding quotes ("…" or '…'), if it has them.
std::string unquote(std::string_view s);

// Settings a session pins for every following query.
struct Settings {
  ResultFormat format = ResultFormat::kTable;
  bool timing = false;
  bool union_graph = true;       // DESIGN.md: the REPL's default graph is the union of all graphs
  std::string at;                // .at DATE: VALID AT for queries without a temporal clause
  std::string as_of;             // .asof TX|TIME: AS OF for queries without one
  std::vector<Prefix> prefixes;  // PREFIX lines typed alone
};

// The query text with the pinned VALID AT / AS OF clauses appended where it has none.
std::string with_pinned_time(const std::string& query, const Settings& settings);

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

 private:
  Status run_query(const std::string& text, bool explain);
  Status run_dot(std::string_view line);
  Status dot_format(std::string_view arg);
  Status dot_load(std::string_view arg);
  Status dot_prefixes();
  Status dot_on_off(std::string_view name, std::string_view arg, bool& flag);
  enum class View { kDescribe, kTimeline, kSources };
  Status dot_entity(View view, std::string_view arg);
  Status dot_pin(std::string_view name, std::string_view arg, std::string& pinned);

  Store store_;
  const std::atomic<bool>* cancel_;
  Settings settings_;
  bool quit_ = false;
};

}  // namespace annals::cli::repl
