// The REPL's session: runs queries with the session's settings (union default graph, pinned
// valid time and transaction, session prefixes, output format) and the dot-commands.
#include <unistd.h>

#include <annals/load.hpp>
#include <annals/query.hpp>
#include <annals/rdf.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "repl.hpp"
#include "repl_pager.hpp"

namespace annals::cli::repl {

namespace {

using Clock = std::chrono::steady_clock;

std::string_view trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

constexpr const char* kHelp =
    "Type a SPARQL query; it runs when its braces balance and the line ends with ';', or at a\n"
    "blank line. PREFIX lines typed alone stay for the session. Ctrl-C stops a query, Ctrl-D\n"
    "leaves.\n"
    "  .help                      this text\n"
    "  .quit, .exit               leave the shell\n"
    "  .format table|json|csv|tsv|xml   how results are written (table); .mode likewise\n"
    "  .timing on|off             row count and time after each result (off)\n"
    "  .union on|off|store        the default graph is the union of all graphs, or the store's\n"
    "                             own default graph (store: the store's rule, annals config)\n"
    "  .storeprefixes on|off      prefixes a query uses undeclared come from the store (on)\n"
    "  .at DATE | .at off         VALID AT DATE for queries without a VALID clause\n"
    "  .asof TX|TIME | .asof off  AS OF (a transaction number or a time) for queries without one\n"
    "  .prefixes                  the store's prefixes and the session's\n"
    "  .graphs, .predicates, .classes   the named graphs (sources), predicates and classes,\n"
    "                             the most used first (as queries: .at, .asof, .union apply)\n"
    "  .load FILE                 load an RDF file into the store (one transaction)\n"
    "  .pager on|off              long results through $PAGER (on at a terminal)\n"
    "  .maxwidth N|off|auto       tables fit N columns: narrower cells, middle columns hidden\n"
    "                             (auto: the terminal's width)\n"
    "  .output FILE | .output     write results to a file, or to the screen again\n"
    "  .read FILE                 run the statements of a file\n"
    "  .explain QUERY             the plan of a query, without running it (as EXPLAIN QUERY;\n"
    "                             EXPLAIN ANALYZE QUERY runs it: rows and time per operator)\n"
    "  .describe ENTITY           every fact about it, with its dates and source graph\n"
    "  .timeline ENTITY           its dated facts in order: interval, relation, other, source\n"
    "  .sources ENTITY            the graphs (sources) with facts about it\n"
    "    (ENTITY: <IRI>, prefix:name, or a label or alias, e.g. .describe \"TTP\")\n";

// Writes a CONSTRUCT or DESCRIBE result graph as Turtle; counts its triples.
Status write_graph(Solutions& solutions, const std::vector<Prefix>& prefixes, std::ostream& out,
                   std::uint64_t& count) {
  WriterOptions wo;
  wo.prefixes = prefixes;
  RdfWriter writer(out, RdfFormat::kTurtle, wo);
  for (Triple t;;) {
    auto more = solutions.next(t);
    if (!more) return more.status();
    if (!*more) break;
    ++count;
    Quad q{std::move(t.subject), std::move(t.predicate), std::move(t.object), Term::iri("")};
    if (Status st = writer.write(q); !st) return st;
  }
  return writer.finish();
}

// Runs a query to its end without writing its results (EXPLAIN ANALYZE).
Status drain(Solutions& solutions) {
  if (solutions.kind() == QueryKind::kAsk) return solutions.boolean().status();
  std::vector<std::optional<Term>> row;
  Triple triple;
  for (;;) {
    auto more =
        solutions.kind() == QueryKind::kSelect ? solutions.next(row) : solutions.next(triple);
    if (!more || !*more) return more.status();
  }
}

}  // namespace

Session::Session(Store store, const std::atomic<bool>* cancel)
    : store_(std::move(store)), cancel_(cancel), out_(&std::cout) {}

void Session::set_interactive() {
  interactive_ = true;
  settings_.pager = true;
}

std::string Session::prompt() const {
  std::string pinned;
  auto add = [&](const std::string& part) { pinned += (pinned.empty() ? "" : ", ") + part; };
  if (!settings_.at.empty()) add("at " + settings_.at);
  if (!settings_.as_of.empty()) add("asof " + settings_.as_of);
  if (settings_.union_graph) add(*settings_.union_graph ? "union on" : "union off");
  if (!settings_.store_prefixes) add("store prefixes off");
  return pinned.empty() ? "annals> " : "annals[" + pinned + "]> ";
}

std::string Session::banner() const {
  std::string facts = "?", graph = "?";
  if (auto txn = store_.read()) {
    if (auto st = txn->stats(false)) facts = std::to_string(st->facts);
    if (auto on = txn->union_default_graph()) {
      graph = *on ? "the union of all graphs (.union off: the store's own default graph)"
                  : "the store's own (.union on: the union of all graphs)";
    }
  }
  return "store " + store_.path() + ": " + facts + " facts; default graph " + graph +
         ". .help lists the commands.";
}

Result<bool> Session::union_default_graph(const ReadTxn& txn) const {
  if (settings_.union_graph) return *settings_.union_graph;
  return txn.union_default_graph();
}

Status Session::run(const std::string& statement) {
  Status st;
  if (output_) {
    out_ = output_.get();
    st = run_statement(statement);
  } else if (!interactive_ || !settings_.pager || !isatty(STDOUT_FILENO)) {
    out_ = &std::cout;
    st = run_statement(statement);
  } else {
    PagedOutput paged(cancel_);
    std::ostream stream(&paged);
    out_ = &stream;
    st = run_statement(statement);
    stream.flush();
    paged.finish();
    out_ = &std::cout;
  }
  out_->flush();
  out_ = &std::cout;
  closed_output_.reset();  // a file .output left, kept open until its statement ended
  return st;
}

Status Session::run_statement(const std::string& statement) {
  const std::string_view s = trim(statement);
  if (s.starts_with('.')) return run_dot(s);
  std::vector<Prefix> found;
  if (parse_prefix_lines(s, found)) {
    for (auto& p : found) {
      std::erase_if(settings_.prefixes, [&](const Prefix& q) { return q.name == p.name; });
      settings_.prefixes.push_back(std::move(p));
    }
    return Status::ok();
  }
  return run_query(statement);
}

Status Session::run_query(const std::string& text) {
  auto txn = store_.read();  // a new view: it sees what was committed since the last query
  if (!txn) return txn.status();
  auto store_prefixes = txn->prefixes();
  if (!store_prefixes) return store_prefixes.status();
  QueryParseOptions po;
  if (settings_.store_prefixes) po.prefixes = *store_prefixes;
  po.prefixes.insert(po.prefixes.end(), settings_.prefixes.begin(), settings_.prefixes.end());
  po.explain = true;
  auto parsed = parse_query(text, po);
  if (!parsed) return parsed.status();
  const Explain explain = parsed->explain();
  std::vector<Prefix> shown = parsed->prefixes();
  shown.insert(shown.end(), settings_.prefixes.begin(), settings_.prefixes.end());
  shown.insert(shown.end(), store_prefixes->begin(), store_prefixes->end());

  QueryOptions qo;
  if (Status st = pinned_options(settings_, qo); !st) return st;
  qo.union_default_graph = settings_.union_graph;  // unset: the store's rule
  qo.cancel = cancel_;
  const auto t0 = Clock::now();
  auto solutions = execute(*txn, *parsed, qo);
  if (!solutions) return solutions.status();
  if (explain == Explain::kAnalyze) {
    if (Status st = drain(*solutions); !st) return st;
  }
  if (explain != Explain::kNo) {
    out() << solutions->plan(explain == Explain::kAnalyze) << std::flush;
    return Status::ok();
  }
  return write_solutions(*solutions, shown, t0);
}

Status Session::write_solutions(Solutions& solutions, const std::vector<Prefix>& shown,
                                std::chrono::steady_clock::time_point t0) {
  std::uint64_t rows = 0;
  Status st;
  const bool table = settings_.format == ResultFormat::kTable;
  if (solutions.kind() == QueryKind::kConstruct || solutions.kind() == QueryKind::kDescribe) {
    st = write_graph(solutions, shown, out(), rows);
  } else {
    ResultWriterOptions ro;
    ro.prefixes = shown;
    ro.max_width = table_width();
    auto writer = make_result_writer(settings_.format, out(), ro);
    if (solutions.kind() == QueryKind::kAsk) {
      auto b = solutions.boolean();
      if (!b) return b.status();
      writer->boolean(*b);
      rows = 1;
    } else {
      writer->start(solutions.variables());
      std::vector<std::optional<Term>> row;
      for (;;) {
        auto more = solutions.next(row);
        if (!more) st = more.status();
        if (!more || !*more || !out()) break;  // !out(): the pager was quit
        writer->row(row);
        ++rows;
      }
      if (st) writer->finish(settings_.timing ? std::optional(ms_since(t0)) : std::nullopt);
    }
  }
  out().flush();
  if (st && settings_.timing && (!table || solutions.kind() != QueryKind::kSelect)) {
    std::fprintf(stderr, "%llu %s (%.1f ms)\n", static_cast<unsigned long long>(rows),
                 rows == 1 ? "row" : "rows", ms_since(t0));
  }
  return st;
}

Status Session::run_dot(std::string_view line) {
  const std::size_t space = line.find_first_of(" \t");
  const std::string_view name = line.substr(0, space);
  const std::string_view arg =
      space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
  if (name == ".help") {
    out() << kHelp;
    return Status::ok();
  }
  if (name == ".quit" || name == ".exit") {
    quit_ = true;
    return Status::ok();
  }
  if (name == ".format" || name == ".mode") return dot_format(arg);  // .mode: sqlite3's name
  if (name == ".pager") return dot_on_off(name, arg, settings_.pager);
  if (name == ".read") return dot_read(arg);
  if (name == ".output") return dot_output(arg);
  if (name == ".timing") return dot_on_off(name, arg, settings_.timing);
  if (name == ".union") return dot_union(arg);
  if (name == ".storeprefixes") return dot_on_off(name, arg, settings_.store_prefixes);
  if (name == ".maxwidth") return dot_max_width(arg);
  // What the store holds, as queries: .at, .asof, .union and .format apply to them too.
  if (name == ".graphs" || name == ".predicates" || name == ".classes") {
    if (!arg.empty()) return Status::invalid_input(std::string(name) + " takes no argument");
    if (name == ".graphs") {
      return run_query("SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } }"
                       " GROUP BY ?graph ORDER BY DESC(?triples) ?graph");
    }
    if (name == ".predicates") {
      return run_query("SELECT ?predicate (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)"
                       " WHERE { ?s ?predicate ?o } GROUP BY ?predicate"
                       " ORDER BY DESC(?triples) ?predicate");
    }
    return run_query("SELECT ?class (COUNT(DISTINCT ?member) AS ?members) WHERE {"
                     " ?member <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?class }"
                     " GROUP BY ?class ORDER BY DESC(?members) ?class");
  }
  if (name == ".at" || name == ".asof") {
    return dot_pin(arg, name == ".at" ? settings_.at : settings_.as_of);
  }
  if (name == ".prefixes") return dot_prefixes();
  if (name == ".load") return dot_load(arg);
  if (name == ".describe") return dot_entity(View::kDescribe, arg);
  if (name == ".timeline") return dot_entity(View::kTimeline, arg);
  if (name == ".sources") return dot_entity(View::kSources, arg);
  if (name == ".explain") {
    // ".explain" and "EXPLAIN " are as long: error columns still point into the line as typed.
    std::string query(line);
    query.replace(0, name.size(), "EXPLAIN ");
    return run_query(query);
  }
  return Status::invalid_input("unknown command '" + std::string(name) +
                               "' (.help lists the commands)");
}

Status Session::dot_read(std::string_view arg) {
  if (arg.empty()) return Status::invalid_input(".read takes a file");
  const std::string path = unquote(arg);
  std::ifstream in(path);
  if (!in) return Status::invalid_input(".read: cannot open " + path);
  if (read_depth_ >= 16) return Status::invalid_input(".read: files read each other in a loop");
  ++read_depth_;
  StatementBuffer buffer;
  std::uint64_t line_no = 0;
  Status st;
  auto run_one = [&] {
    const std::uint64_t first = buffer.first_line();
    if (Status s = run_statement(buffer.take()); !s) st = in_source(s, path, first);
  };
  for (std::string line; st && !quit_ && std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (buffer.add(line, ++line_no)) run_one();
  }
  if (st && !buffer.empty() && !quit_) run_one();
  --read_depth_;
  return st;
}

Status Session::dot_output(std::string_view arg) {
  closed_output_ = std::move(output_);
  if (arg.empty() || arg == "stdout") return Status::ok();
  const std::string path = unquote(arg);
  auto file = std::make_unique<std::ofstream>(path, std::ios::trunc);
  if (!*file) return Status::invalid_input(".output: cannot write " + path);
  output_ = std::move(file);
  return Status::ok();
}

Status Session::dot_format(std::string_view arg) {
  auto f = result_format_named(arg);
  if (!f) {
    return Status::invalid_input(".format takes table, json, csv, tsv or xml, not '" +
                                 std::string(arg) + "'");
  }
  settings_.format = *f;
  return Status::ok();
}

Status Session::dot_on_off(std::string_view name, std::string_view arg, bool& flag) {
  if (arg != "on" && arg != "off") {
    return Status::invalid_input(std::string(name) + " takes on or off");
  }
  flag = arg == "on";
  return Status::ok();
}

Status Session::dot_union(std::string_view arg) {
  if (arg.empty()) {
    auto txn = store_.read();
    if (!txn) return txn.status();
    auto on = union_default_graph(*txn);
    if (!on) return on.status();
    out() << (*on ? "on" : "off") << (settings_.union_graph ? "\n" : " (the store's rule)\n");
    return Status::ok();
  }
  if (arg == "store") {
    settings_.union_graph.reset();
    return Status::ok();
  }
  bool on = false;
  if (Status st = dot_on_off(".union", arg, on); !st) {
    return Status::invalid_input(".union takes on, off or store");
  }
  settings_.union_graph = on;
  return Status::ok();
}

std::size_t Session::table_width() const {
  if (settings_.max_width) return *settings_.max_width;
  return interactive_ ? terminal_columns() : 0;
}

Status Session::dot_max_width(std::string_view arg) {
  if (arg.empty()) {
    const std::size_t w = table_width();
    out() << (w ? std::to_string(w) : "off") << (settings_.max_width ? "\n" : " (auto)\n");
    return Status::ok();
  }
  if (arg == "auto") {
    settings_.max_width.reset();
  } else if (arg == "off") {
    settings_.max_width = 0;
  } else {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), n);
    if (ec != std::errc() || end != arg.data() + arg.size() || n < 20 || n > 100000) {
      return Status::invalid_input(".maxwidth takes a width of 20 to 100000 columns, off or auto");
    }
    settings_.max_width = n;
  }
  return Status::ok();
}

Status Session::dot_pin(std::string_view arg, std::string& pinned) {
  if (arg.empty()) {
    out() << (pinned.empty() ? "off" : pinned) << '\n';
    return Status::ok();
  }
  // Checked now, so that the error comes with the setting rather than with each query.
  std::string before = std::move(pinned);
  pinned = arg == "off" ? std::string() : unquote(arg);
  QueryOptions checked;
  if (Status st = pinned_options(settings_, checked); !st) {
    pinned = std::move(before);
    return st;
  }
  // An .asof the store cannot show as asked is kept, with a word on what queries will see.
  if (&pinned == &settings_.as_of && checked.as_of) {
    auto txn = store_.read();
    if (!txn) return txn.status();
    auto scope = time_scope(*txn, checked);
    if (!scope) return scope.status();
    if (scope->as_of && *scope->as_of == 0) {
      out() << "note: no transaction was committed by then: queries see an empty store\n";
    } else if (scope->as_of && *scope->as_of > txn->committed()) {
      out() << "note: the last transaction committed is " << txn->committed()
            << ": queries see the store as it is now\n";
    }
  }
  return Status::ok();
}

Status Session::dot_prefixes() {
  auto txn = store_.read();
  if (!txn) return txn.status();
  auto prefixes = txn->prefixes();
  if (!prefixes) return prefixes.status();
  auto print = [&](const std::vector<Prefix>& list, const char* from) {
    for (const auto& p : list)
      out() << "PREFIX " << p.name << ": <" << p.iri << ">  # " << from << '\n';
  };
  print(*prefixes, "store");
  print(settings_.prefixes, "session");
  return Status::ok();
}

Status Session::dot_load(std::string_view arg) {
  if (arg.empty()) return Status::invalid_input(".load takes a file");
  // The session reads the store as a secondary; a writer beside it, for one transaction,
  // is what `annals load` in another process would be (kStoreLocked if one is writing).
  StoreOptions wo;
  wo.create_if_missing = false;
  owner_only_files();
  auto writer = Store::open(store_.path(), wo);
  if (!writer) return writer.status();
  auto r = load_files(*writer, {unquote(arg)});
  if (!r) return r.status();
  store_prefixes_.reset();  // completion reads them again
  names_.clear();
  out() << "loaded " << r->quads_read << " quads, " << r->facts_added << " new facts";
  if (r->tx.number) out() << "; transaction " << r->tx.number;
  out() << '\n';
  return Status::ok();
}

}  // namespace annals::cli::repl
