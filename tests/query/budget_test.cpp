// Query budgets: a hostile query gets a clear error, never a crash or a hang. Long chains
// (operators, OPTIONALs, BINDs, UNIONs, path steps, triple patterns) are refused when parsed;
// queries just under the limit run (nothing recursive exhausts the stack); a catastrophic
// regular expression, a nested closure and planning stop at the timeout; GROUP_CONCAT and
// materialising operators stop at the memory limit.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "../support/query_rows.hpp"
#include "../support/temp_dir.hpp"
#include "annals/query.hpp"
#include "annals/store.hpp"
#include "annals/update.hpp"
#include "exec/operators.hpp"
#include "expr/evaluator.hpp"

namespace {

using annals::testing::TempDir;
using namespace annals;

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Runs a query to its end; the status it stopped with (ok when it finished).
Status run_to_end(const ReadTxn& txn, const std::string& text, const QueryOptions& o) {
  auto q = parse_query(text);
  if (!q) return q.status();
  auto s = execute(txn, *q, o);
  if (!s) return s.status();
  if (s->kind() == QueryKind::kAsk) return s->boolean().status();
  std::vector<std::optional<Term>> row;
  Triple t;
  for (;;) {
    auto more = s->kind() == QueryKind::kSelect ? s->next(row) : s->next(t);
    if (!more) return more.status();
    if (!*more) return Status();
  }
}

// A cycle of n nodes over :e, and `labels` literals of `label_bytes` bytes over :l.
void fill(Store& store, int n, int labels, std::size_t label_bytes) {
  auto w = store.write();
  REQUIRE(w.is_ok());
  auto iri = [&](const std::string& s) { return *w->intern(Term::iri("http://x/" + s)); };
  TermId e = iri("e"), l = iri("l");
  for (int i = 0; i < n; ++i)
    REQUIRE(w->add_fact(iri("n" + std::to_string(i)), e, iri("n" + std::to_string((i + 1) % n)),
                        kDefaultGraph)
                .is_ok());
  for (int i = 0; i < labels; ++i) {
    TermId lit = *w->intern(
        Term::literal(std::to_string(i) + std::string(label_bytes, 'a'), std::string(kXsdString)));
    REQUIRE(w->add_fact(iri("n" + std::to_string(i)), l, lit, kDefaultGraph).is_ok());
  }
  REQUIRE(w->commit("budget test").is_ok());
}

// A store in dir filled as fill() does, and a read view of it.
struct Filled {
  TempDir dir;
  std::optional<Store> store;
  std::optional<ReadTxn> txn;
  Filled(int n, int labels, std::size_t label_bytes) {
    auto s = Store::open(dir / "s");
    REQUIRE(s.is_ok());
    store.emplace(std::move(*s));
    fill(*store, n, labels, label_bytes);
    auto t = store->read();
    REQUIRE(t.is_ok());
    txn.emplace(std::move(*t));
  }
};

}  // namespace

TEST_CASE("long chains are refused when parsed, with a clear error", "[budget]") {
  const int n = 20000;
  const std::string t = "?s <http://x/e> ?o . ";
  const std::vector<std::string> queries = {
      "SELECT * WHERE { BIND(1" + repeat(" + 1", n) + " AS ?x) }",
      "SELECT * WHERE { FILTER(true" + repeat(" || true", n) + ") }",
      "SELECT * WHERE { FILTER(true" + repeat(" && true", n) + ") }",
      "SELECT * WHERE { BIND(1" + repeat(" * 1", n) + " AS ?x) }",
      "SELECT * WHERE { BIND(1" + repeat(" < 1 || 1", n) + " AS ?x) }",
      "SELECT * WHERE { " + t + repeat("OPTIONAL { " + t + "} ", n) + "}",
      "SELECT * WHERE { " + t + repeat("MINUS { " + t + "} ", n) + "}",
      "SELECT * WHERE { " + t + repeat("FILTER(?s) ", n) + "}",
      "SELECT * WHERE { { " + t + "}" + repeat(" UNION { " + t + "}", n) + " }",
      "SELECT * WHERE { ?s " + repeat("<http://x/e>/", 2500) + "<http://x/e> ?o }",
      "SELECT * WHERE { ?s " + repeat("<http://x/e>|", 2500) + "<http://x/e> ?o }",
      "SELECT * WHERE { " + repeat(t, 3000) + "}",
      "SELECT * WHERE { ?s ?p ?o " +
          repeat("{ ?s ?p ?o OPTIONAL { ?s ?p ?o } OPTIONAL { ?s ?p ?o } ", 250) +
          repeat("} ", 250) + "}",
  };
  for (const auto& text : queries) {
    INFO(text.substr(0, 120));
    auto q = parse_query(text);
    REQUIRE_FALSE(q.is_ok());
    CHECK(q.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(q.status().message(), Catch::Contains("too large"));
  }
  std::string binds = "SELECT * WHERE { ";
  for (int i = 0; i < n; ++i)
    binds += "BIND(" + std::to_string(i) + " AS ?v" + std::to_string(i) + ") ";
  CHECK_FALSE(parse_query(binds + "}").is_ok());
  // Updates share the grammar and its limits.
  auto u =
      parse_update("DELETE { ?s ?p ?o } WHERE { " + t + repeat("OPTIONAL { " + t + "} ", n) + "}");
  REQUIRE_FALSE(u.is_ok());
  CHECK_THAT(u.status().message(), Catch::Contains("too large"));
  CHECK_FALSE(
      parse_update("INSERT { ?s ?p ?o } WHERE { BIND(1" + repeat(" + 1", n) + " AS ?o) }").is_ok());
}

TEST_CASE("queries just under the limits run", "[budget]") {
  Filled f(10, 0, 0);
  const ReadTxn* txn = &*f.txn;
  const int n = 900;
  const std::string t = "?s <http://x/e> ?o . ";
  auto rows = annals::testing::query_rows(
      *txn, "SELECT ?x WHERE { BIND(1" + repeat(" + 1", n) + " AS ?x) }");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == "\"901\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  CHECK(annals::testing::query_rows(
            *txn, "SELECT * WHERE { " + t + repeat("OPTIONAL { " + t + "} ", n) + "}")
            .size() == 10);
  CHECK(annals::testing::query_rows(
            *txn, "SELECT * WHERE { " + t + repeat("MINUS { ?s <http://x/f> ?o } ", n) + "}")
            .size() == 10);
  CHECK(annals::testing::query_rows(
            *txn, "SELECT * WHERE { { " + t + "}" + repeat(" UNION { " + t + "}", n) + " }")
            .size() == 10 * (n + 1));
  std::string binds = "SELECT ?v" + std::to_string(n) + " WHERE { BIND(0 AS ?v0) ";
  for (int i = 1; i <= n; ++i)
    binds += "BIND(?v" + std::to_string(i - 1) + " + 1 AS ?v" + std::to_string(i) + ") ";
  rows = annals::testing::query_rows(*txn, binds + "}");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == "\"900\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  // 400 steps round a cycle of 10: each node reaches the one 400 further on, itself.
  CHECK(annals::testing::query_rows(
            *txn, "SELECT * WHERE { ?s " + repeat("<http://x/e>/", 399) + "<http://x/e> ?s }")
            .size() == 10);
  CHECK(annals::testing::query_rows(*txn, "SELECT * WHERE { " + repeat(t, 500) + "}").size() == 10);
}

TEST_CASE("a catastrophic regular expression stops at the timeout", "[budget]") {
  Filled f(3, 3, 40);
  const ReadTxn* txn = &*f.txn;
  QueryOptions o;
  o.timeout = std::chrono::milliseconds(200);
  const std::string evil = "\"" + std::string(40, 'a') + "!\"";
  // The matcher is exponential on these: without a stop each would run for days.
  for (const std::string& text : std::vector<std::string>{
           "SELECT * WHERE { ?s <http://x/l> ?l FILTER(REGEX(CONCAT(?l, \"!\"), \"(a+)+$\")) }",
           "SELECT * WHERE { BIND(REGEX(" + evil + ", \"(a+)+$\") AS ?x) }",
           "SELECT * WHERE { ?s <http://x/l> ?l BIND(REPLACE(CONCAT(?l, \"!\"), \"(a+)+$\", \"\") "
           "AS "
           "?x) }"}) {
    INFO(text);
    auto t0 = std::chrono::steady_clock::now();
    Status st = run_to_end(*txn, text, o);
    CHECK(st.code() == StatusCode::kCancelled);
    // A hang, not a speed: the bound is far above the timeout.
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));
  }
}

TEST_CASE("a nested closure over a cycle stops at the timeout", "[budget]") {
  Filled f(2000, 0, 0);
  const ReadTxn* txn = &*f.txn;
  QueryOptions o;
  o.timeout = std::chrono::milliseconds(200);
  auto t0 = std::chrono::steady_clock::now();
  Status st = run_to_end(*txn, "SELECT (COUNT(*) AS ?c) WHERE { ?s (<http://x/e>*)* ?o }", o);
  CHECK(st.code() == StatusCode::kCancelled);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));
}

TEST_CASE("GROUP_CONCAT and materialising operators stop at the memory limit", "[budget]") {
  Filled f(2000, 200, 4096);
  const ReadTxn* txn = &*f.txn;
  QueryOptions o;
  o.memory_limit = std::size_t{32} << 20;
  // 200 x 200 labels of 4 KB: 160 MB of text in one string.
  Status st = run_to_end(
      *txn, "SELECT (GROUP_CONCAT(?l) AS ?g) WHERE { ?a <http://x/l> ?l . ?b <http://x/l> ?m }", o);
  CHECK(st.code() == StatusCode::kCancelled);
  CHECK_THAT(st.message(), Catch::Contains("memory limit"));
  // Four million rows sorted: far more than 32 MB of ids.
  st = run_to_end(
      *txn, "SELECT ?a ?b WHERE { ?a <http://x/e> ?x . ?b <http://x/e> ?y } ORDER BY ?b ?a", o);
  CHECK(st.code() == StatusCode::kCancelled);
  CHECK_THAT(st.message(), Catch::Contains("memory limit"));
  // Strings that double with each BIND.
  std::string doubling = "SELECT ?v20 WHERE { BIND(\"" + std::string(1024, 'x') + "\" AS ?v0) ";
  for (int i = 1; i <= 20; ++i)
    doubling += "BIND(CONCAT(?v" + std::to_string(i - 1) + ", ?v" + std::to_string(i - 1) +
                ") AS ?v" + std::to_string(i) + ") ";
  st = run_to_end(*txn, doubling + "}", o);
  CHECK(st.code() == StatusCode::kCancelled);
  // The same queries under the default limit would be fine on a small store: the limit is
  // what stops them, and a query that fits runs.
  CHECK(
      run_to_end(*txn, "SELECT (GROUP_CONCAT(?l) AS ?g) WHERE { ?a <http://x/l> ?l }", o).is_ok());
}

TEST_CASE("a path with both ends free gives its first rows without walking every start",
          "[budget]") {
  // Walked from every one of the 2000 nodes of the cycle, each closure is the whole cycle: 4
  // million rows, far more than 4 MB. ASK and LIMIT need the first start's walk only.
  Filled f(2000, 0, 0);
  const ReadTxn* txn = &*f.txn;
  QueryOptions o;
  o.memory_limit = std::size_t{4} << 20;
  for (const std::string& text : std::vector<std::string>{
           "ASK { ?s <http://x/e>* ?o }", "ASK { ?s <http://x/e>+ ?o }",
           "ASK { ?s <http://x/e>?/<http://x/e>* ?o }",
           "SELECT * WHERE { ?s (<http://x/e>|^<http://x/e>)* ?o } LIMIT 10",
           "SELECT * WHERE { GRAPH ?g { ?s <http://x/e>* ?o } } LIMIT 10"}) {
    INFO(text);
    CHECK(run_to_end(*txn, text, o).is_ok());
  }
  // Kept whole (to be sorted), the same rows are more than the limit.
  Status st = run_to_end(*txn, "SELECT * WHERE { ?s <http://x/e>* ?o } ORDER BY ?o", o);
  CHECK(st.code() == StatusCode::kCancelled);
}

TEST_CASE("an update's WHERE keeps the query budget", "[budget]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  fill(*store, 2000, 0, 0);
  auto u = parse_update("INSERT { ?s <http://x/r> ?o } WHERE { ?s (<http://x/e>*)* ?o }");
  REQUIRE(u.is_ok());
  UpdateOptions o;
  o.timeout = std::chrono::milliseconds(200);
  auto r = update_store(*store, *u, o);
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kCancelled);
  auto txn = store->read();
  REQUIRE(txn.is_ok());
  CHECK(annals::testing::query_rows(*txn, "SELECT * WHERE { ?s <http://x/r> ?o }").empty());
}

namespace {

using annals::query::exec::Batch;
using annals::query::exec::ExecError;
using annals::query::exec::Operator;
using annals::query::exec::RunContext;

// Gives its rows, then cancels the run as it reports the end: whatever stops the run after
// that is a check of the operator above it.
class CancelAtEnd final : public Operator {
 public:
  CancelAtEnd(RunContext& ctx, std::vector<annals::query::exec::Id> ids, std::atomic<bool>& cancel)
      : Operator(ctx), ids_(std::move(ids)), cancel_(cancel) {}
  std::string describe() const override { return "CancelAtEnd"; }

 protected:
  void do_open(std::span<const annals::query::exec::Id>) override { pos_ = 0; }
  bool do_next(Batch& out) override {
    while (pos_ < ids_.size() && !out.full()) out.add(std::span(&ids_[pos_++], 1));
    if (out.empty()) cancel_ = true;
    return !out.empty();
  }

 private:
  std::vector<annals::query::exec::Id> ids_;
  std::atomic<bool>& cancel_;
  std::size_t pos_ = 0;
};

}  // namespace

TEST_CASE("a sort checks the budget while it compares, not only between batches", "[budget]") {
  // Cancelled right after its input ends, the sort of 20,000 rows (some 280,000 comparisons)
  // must stop inside its own work: open() throws. Without the check in its comparisons it
  // would finish the sort first (a long sort once ran 14 s past a 0.5 s timeout).
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store.is_ok());
  auto txn = store->read();
  REQUIRE(txn.is_ok());
  annals::query::exec::TermPool pool(*txn);
  annals::query::expr::Context ectx;
  ectx.pool = &pool;
  annals::query::expr::Evaluator evaluator(std::move(ectx));
  RunContext ctx;
  ctx.pool = &pool;
  ctx.evaluator = &evaluator;
  ctx.width = 1;
  std::atomic<bool> cancel{false};
  ctx.budget.cancel = &cancel;
  std::vector<annals::query::exec::Id> ids;
  for (int i = 0; i < 20000; ++i)
    ids.push_back(pool.intern(Term::literal(std::to_string((i * 7919) % 20000),
                                            std::string(annals::kXsdInteger))));
  std::vector<annals::query::algebra::SortKey> order(1);
  order[0].expr = annals::query::algebra::Expr::variable(0);
  auto sort = annals::query::exec::make_order_by(
      ctx, std::make_unique<CancelAtEnd>(ctx, ids, cancel), &order, std::nullopt);
  const std::vector<annals::query::exec::Id> seed(1, annals::query::exec::kUnbound);
  try {
    sort->open(seed);
    FAIL("the sort ran to its end after the run was cancelled");
  } catch (const ExecError& e) {
    CHECK(e.status.code() == StatusCode::kCancelled);
  }
}
