// The data-driven query tests: every tests/sparql/**.test file is a Catch2 test case of its
// own (tag [sparql-file]). The format (STYLE.md §7, tests/sparql/README.md):
//
//   # comments                       ignored
//   dataset NAME                     a fresh store with tests/sparql/datasets/NAME.trig;
//                                    `dataset demo` is the demo graph the program carries
//                                    (shell/demo/demo.trig, the file itself)
//   data                             a fresh store with the TriG that follows, up to a
//   ...                              line "----"
//   ----
//   union on|off                     the default graph is the union of all graphs (or not)
//   restart                          close and reopen the store
//   query rowsort|nosort|ask|graph|explain|analyze
//   SPARQL text ...                  up to a line "----"
//   ----
//   expected ...                     up to a blank line or the end of the file
//   statement error
//   SPARQL text ...
//   ----
//   a part of the expected message (e.g. "1:25: expected")
//   prologue                         PREFIX/BASE lines put before each expression below
//   ...                              (up to a line "----")
//   ----
//   expressions                      one line each, up to a blank line: an expression, a
//   EXPR<TAB>VALUE                   tab, its value; run as SELECT (EXPR AS ?x) {}
//   algebra                          the query's translation to the SPARQL algebra (§18.2)
//   SPARQL text ...                  after the prologue, up to a line "----"; expected: its
//   ----                             SSE (ParsedQuery::algebra_string), written over lines
//   (project ...                     up to a blank line, joined by single spaces
//   aggregates                       one line each: an aggregate of ?x, a tab, the VALUES
//   AGG<TAB>VALUES<TAB>VALUE         of ?x, a tab, its value; run as
//                                    SELECT (AGG AS ?x) { VALUES ?x { VALUES } }
//
// A VALUE is a term in N-Triples syntax (`^^xsd:NAME` short for the XSD datatype NAME) or
// `error` for an expression that raises one (the variable stays unbound). Lines starting
// with '#' inside these blocks are comments.
//
// Expected rows: a header of the variables ("?x\t?y"), then one line a row, tab-separated
// terms in N-Triples syntax, UNDEF for unbound. rowsort compares the rows sorted, nosort in
// order; ask expects "true" or "false"; graph expects N-Triples lines (compared sorted);
// explain expects lines each of which must occur in the plan, or "<REGEX>:pattern" matched
// against the whole plan; analyze the same of the plan with each operator's rows and opens
// (EXPLAIN ANALYZE) after the query has run: for ASK, until its answer.
#include <algorithm>
#include <catch2/catch.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>

#include "annals/load.hpp"
#include "annals/query.hpp"
#include "annals/store.hpp"
#include "../support/temp_dir.hpp"

#ifndef ANNALS_SOURCE_DIR
#error "ANNALS_SOURCE_DIR must name the source tree"
#endif
#ifndef ANNALS_DEMO_TRIG
#error "ANNALS_DEMO_TRIG must name the demo graph the program embeds"
#endif

namespace annals::testing {

namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(ANNALS_SOURCE_DIR) / "tests" / "sparql";

// The file of a named dataset: the demo graph is the one compiled into the program, so that
// the tests ask their questions of what `annals demo` loads.
fs::path dataset_path(const std::string& name) {
  if (name == "demo") return ANNALS_DEMO_TRIG;
  return kRoot / "datasets" / (name + ".trig");
}

struct Reader {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  bool done() const { return pos >= lines.size(); }
  // Lines up to (not including) a line "----", which is consumed.
  std::string block(std::size_t& start_line) {
    start_line = pos + 1;
    std::string text;
    while (!done() && lines[pos] != "----") text += lines[pos++] + "\n";
    if (!done()) ++pos;
    return text;
  }
  // Lines up to a blank line or the end.
  std::vector<std::string> expected() {
    std::vector<std::string> out;
    while (!done() && !lines[pos].empty()) out.push_back(lines[pos++]);
    return out;
  }
};

std::string term_text(const std::optional<Term>& t) { return t ? to_ntriples(*t) : "UNDEF"; }

class FileRun {
 public:
  explicit FileRun(fs::path file) : file_(std::move(file)) {}

  void run() {
    std::ifstream in(file_);
    REQUIRE(in);
    Reader r;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      r.lines.push_back(line);
    }
    while (!r.done()) {
      std::string line = r.lines[r.pos++];
      if (line.empty() || line[0] == '#') continue;
      std::istringstream words(line);
      std::string cmd, arg;
      words >> cmd >> arg;
      const std::string where = file_.filename().string() + ":" + std::to_string(r.pos);
      INFO(where);
      if (cmd == "dataset") {
        fresh_store();
        load_file(dataset_path(arg).string());
      } else if (cmd == "data") {
        fresh_store();
        std::size_t at;
        std::string text = r.block(at);
        std::string path = *dir_ / "data.trig";
        std::ofstream(path) << text;
        load_file(path);
      } else if (cmd == "union") {
        union_ = arg == "on";
      } else if (cmd == "restart") {
        store_.reset();
        open_store();
      } else if (cmd == "query") {
        std::size_t at;
        std::string text = r.block(at);
        check_query(arg, text, r.expected(), where);
      } else if (cmd == "prologue") {
        std::size_t at;
        prologue_ = r.block(at);
      } else if (cmd == "algebra") {
        std::size_t at;
        std::string text = prologue_ + r.block(at);
        check_algebra(text, r.expected());
      } else if (cmd == "expressions" || cmd == "aggregates") {
        check_values(r, cmd == "aggregates");
      } else if (cmd == "statement" && arg == "error") {
        std::size_t at;
        std::string text = r.block(at);
        auto expected = r.expected();
        check_error(text, expected.empty() ? "" : expected[0]);
      } else {
        FAIL("unknown directive '" << line << "'");
      }
    }
  }

 private:
  void fresh_store() {
    store_.reset();
    dir_ = std::make_unique<TempDir>();
    open_store();
  }
  void open_store() {
    REQUIRE(dir_);
    auto s = Store::open(*dir_ / "store");
    REQUIRE(s.is_ok());
    store_ = std::make_unique<Store>(std::move(*s));
  }
  void load_file(const std::string& path) {
    REQUIRE(store_);
    auto r = load_files(*store_, {path});
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
  }

  Result<Solutions> run_query(const ParsedQuery& q, ReadTxn& txn, bool profile) {
    QueryOptions o;
    o.union_default_graph = union_;
    o.profile = profile;
    return execute(txn, q, o);
  }

  // A query started on its own read view (which the solutions need while they run); the
  // test fails here if the text does not parse or the query does not start.
  struct Running {
    std::unique_ptr<ReadTxn> txn;
    std::optional<Solutions> solutions;
  };
  Running start(const std::string& text, bool profile = false) {
    REQUIRE(store_);
    auto q = parse_query(text);
    INFO(q.status().to_string());
    REQUIRE(q.is_ok());
    auto txn = store_->read();
    REQUIRE(txn.is_ok());
    Running run{std::make_unique<ReadTxn>(std::move(*txn)), std::nullopt};
    auto sol = run_query(*q, *run.txn, profile);
    INFO(sol.status().to_string());
    REQUIRE(sol.is_ok());
    run.solutions.emplace(std::move(*sol));
    return run;
  }

  void check_query(const std::string& mode, const std::string& text,
                   std::vector<std::string> expected, const std::string& where) {
    INFO(where);
    Running run = start(text, mode == "analyze");
    auto& sol = run.solutions;
    std::vector<std::string> actual;
    if (mode == "analyze") {
      if (sol->kind() == QueryKind::kAsk) {
        REQUIRE(sol->boolean().is_ok());
      } else {
        std::vector<std::optional<Term>> row;
        for (;;) {
          auto more = sol->next(row);
          REQUIRE(more.is_ok());
          if (!*more) break;
        }
      }
    }
    if (mode == "explain" || mode == "analyze") {
      std::string plan = sol->plan(mode == "analyze");
      INFO("plan:\n" << plan);
      for (const auto& e : expected) {
        if (e.starts_with("<REGEX>:")) {
          CHECK(std::regex_search(plan, std::regex(e.substr(8))));
        } else {
          CHECK(plan.find(e) != std::string::npos);
        }
      }
      return;
    }
    if (mode == "ask") {
      auto b = sol->boolean();
      REQUIRE(b.is_ok());
      actual.push_back(*b ? "true" : "false");
    } else if (mode == "graph") {
      Triple t;
      for (;;) {
        auto more = sol->next(t);
        INFO(more.status().to_string());
        REQUIRE(more.is_ok());
        if (!*more) break;
        actual.push_back(to_ntriples(t.subject) + " " + to_ntriples(t.predicate) + " " +
                         to_ntriples(t.object) + " .");
      }
      std::sort(actual.begin(), actual.end());
      std::sort(expected.begin(), expected.end());
    } else {
      std::string header;
      for (const auto& v : sol->variables()) header += (header.empty() ? "?" : "\t?") + v;
      std::vector<std::optional<Term>> row;
      for (;;) {
        auto more = sol->next(row);
        INFO(more.status().to_string());
        REQUIRE(more.is_ok());
        if (!*more) break;
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "\t" : "") + term_text(row[i]);
        actual.push_back(line);
      }
      if (mode == "rowsort") {
        std::sort(actual.begin(), actual.end());
        if (!expected.empty()) std::sort(expected.begin() + 1, expected.end());
      } else {
        REQUIRE(mode == "nosort");
      }
      actual.insert(actual.begin(), header);
    }
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& l : v) s += l + "\n";
      return s;
    };
    CHECK(join(actual) == join(expected));
  }

  void check_algebra(const std::string& text, const std::vector<std::string>& expected) {
    auto q = parse_query(text);
    INFO(text << q.status().to_string());
    REQUIRE(q.is_ok());
    auto algebra = q->algebra_string();
    INFO(algebra.status().to_string());
    REQUIRE(algebra.is_ok());
    std::string joined;
    for (const auto& line : expected) joined += (joined.empty() ? "" : " ") + line;
    CHECK(*algebra == joined);
  }

  // An `expressions` or `aggregates` block: each line's value against the expected one.
  void check_values(Reader& r, bool aggregates) {
    REQUIRE(store_);
    const std::size_t fields = aggregates ? 3 : 2;
    for (; !r.done() && !r.lines[r.pos].empty(); ++r.pos) {
      const std::string& line = r.lines[r.pos];
      if (line[0] == '#') continue;
      INFO(file_.filename().string() << ":" << r.pos + 1 << ": " << line);
      std::vector<std::string> cells;
      for (std::size_t from = 0;;) {
        std::size_t tab = line.find('\t', from);
        cells.push_back(line.substr(from, tab - from));
        if (tab == std::string::npos) break;
        from = tab + 1;
      }
      REQUIRE(cells.size() == fields);
      std::string text = prologue_ + "SELECT (" + cells[0] + " AS ?x) {";
      text += aggregates ? " VALUES ?x { " + cells[1] + " } }" : "}";
      Running run = start(text);
      std::vector<std::optional<Term>> row;
      auto more = run.solutions->next(row);
      INFO(more.status().to_string());
      REQUIRE(more.is_ok());
      REQUIRE(*more);
      CHECK((row[0] ? to_ntriples(*row[0]) : "error") == expand_xsd(cells.back()));
    }
  }

  // `^^xsd:NAME` written out as N-Triples has it.
  static std::string expand_xsd(std::string value) {
    static const std::regex kShort(R"(\^\^xsd:([A-Za-z]+))");
    return std::regex_replace(value, kShort, "^^<http://www.w3.org/2001/XMLSchema#$1>");
  }

  void check_error(const std::string& text, const std::string& expected) {
    auto q = parse_query(text);
    std::string message;
    if (!q.is_ok()) {
      message = q.status().to_string();
    } else {
      REQUIRE(store_);
      auto txn = store_->read();
      REQUIRE(txn.is_ok());
      auto sol = run_query(*q, *txn, false);
      if (!sol.is_ok()) {
        message = sol.status().to_string();
      } else {
        std::vector<std::optional<Term>> row;
        for (;;) {
          auto more = sol->next(row);
          if (!more.is_ok()) {
            message = more.status().to_string();
            break;
          }
          if (!*more) break;
        }
      }
    }
    INFO("message: " << message);
    REQUIRE(!message.empty());
    CHECK(message.find(expected) != std::string::npos);
  }

  fs::path file_;
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<Store> store_;
  bool union_ = false;
  std::string prologue_;
};

struct FileInvoker : Catch::ITestInvoker {
  explicit FileInvoker(fs::path p) : path(std::move(p)) {}
  void invoke() const override { FileRun(path).run(); }
  fs::path path;
};

// Registers one test case per file when the test program starts.
const int kRegistered = [] {
  static std::deque<std::string> names;
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(kRoot, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(kRoot))
      if (e.is_regular_file() && e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    names.push_back("sparql file " + fs::relative(f, kRoot).string());
    Catch::AutoReg(new FileInvoker(f), Catch::SourceLineInfo(__FILE__, __LINE__), "",
                   Catch::NameAndTags(names.back(), "[sparql-file]"));
  }
  return static_cast<int>(files.size());
}();

}  // namespace

}  // namespace annals::testing
