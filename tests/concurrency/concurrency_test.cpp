// Many readers and one writer on one store (issue 7): 8 reader threads, each on its own
// ReadTxn, and 2 more on a second Store opened read-only beside the writer, check through
// scans and SPARQL that every snapshot holds a whole number of commits and keeps the
// writer's invariants while one writer thread commits (and sometimes rolls back). Built from
// the store and query libraries only, so that the ThreadSanitizer build stays small
// (`bash .ci/dev tsan`).
//
// The writer's invariants, after commit n (the store's transaction n + 1):
//   - <counter> <value> n, one fact;
//   - <a> <balance> x and <b> <balance> y with x + y = kTotal (value moves between them);
//   - graphs <g1> .. <gn>, each with kPerCommit facts <item> <batch> i;
//   - nothing of a rolled back transaction (<junk>) anywhere.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "../support/temp_dir.hpp"
#include "annals/query.hpp"
#include "annals/store.hpp"

namespace {

using namespace annals;
using annals::testing::TempDir;
using Clock = std::chrono::steady_clock;

constexpr int kReaders = 8;
constexpr int kReadOnlyReaders = 2;
constexpr std::int64_t kTotal = 1000;
constexpr int kPerCommit = 5;
constexpr int kMaxCommits = 300;
const std::string kEx = "http://example.org/c/";

Term iri(const std::string& local) { return Term::iri(kEx + local); }
Term integer(std::int64_t v) { return Term::literal(std::to_string(v), std::string(kXsdInteger)); }

// What readers report; checked on the main thread (Catch2 assertions are not thread-safe).
class Failures {
 public:
  void add(std::string what) {
    std::lock_guard lock(mu_);
    if (list_.size() < 20) list_.push_back(std::move(what));
  }
  std::vector<std::string> list() {
    std::lock_guard lock(mu_);
    return list_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> list_;
};

// How long the threads run: ANNALS_CONCURRENCY_SECONDS, 3 by default.
Clock::duration run_time() {
  const char* env = std::getenv("ANNALS_CONCURRENCY_SECONDS");
  return std::chrono::seconds(env ? std::atoi(env) : 3);
}

// The ids the writer uses, interned once.
struct Ids {
  TermId a, b, balance, counter, value, batch;
};

Ids intern_ids(WriteTxn& w) {
  auto id = [&](const std::string& local) { return w.intern(iri(local)).value(); };
  return Ids{id("a"), id("b"), id("balance"), id("counter"), id("value"), id("batch")};
}

// The writer: commit after commit, each keeping the invariants, until stop or kMaxCommits.
class Writer {
 public:
  explicit Writer(Store& store) : store_(store) {}

  Status setup() {
    auto w = store_.write();
    if (!w) return w.status();
    ids_ = intern_ids(*w);
    if (auto st = put(*w, ids_.a, ids_.balance, a_); !st) return st;
    if (auto st = put(*w, ids_.b, ids_.balance, kTotal - a_); !st) return st;
    if (auto st = put(*w, ids_.counter, ids_.value, 0); !st) return st;
    auto rec = w->commit("setup");
    return rec ? Status::ok() : rec.status();
  }

  Status run(const std::atomic<bool>& stop) {
    for (int n = 1; n <= kMaxCommits && !stop; ++n) {
      if (n % 7 == 0) {
        if (auto st = roll_back_one(); !st) return st;
      }
      if (auto st = commit_one(n); !st) return st;
      commits_ = n;
    }
    return Status::ok();
  }

  int commits() const { return commits_.load(); }

 private:
  Status put(WriteTxn& w, TermId s, TermId p, std::int64_t v) {
    auto o = w.intern(integer(v));
    if (!o) return o.status();
    auto added = w.assert_fact(s, p, *o, kDefaultGraph);
    return added ? Status::ok() : added.status();
  }
  Status drop(WriteTxn& w, TermId s, TermId p, std::int64_t v) {
    auto o = w.intern(integer(v));
    if (!o) return o.status();
    auto gone = w.retract_fact(s, p, *o, kDefaultGraph, {});
    if (!gone) return gone.status();
    return *gone ? Status::ok() : Status::failed("nothing to retract");
  }

  Status commit_one(int n) {
    auto w = store_.write();
    if (!w) return w.status();
    const std::int64_t moved = (n * 37) % 200 - 100;
    const std::int64_t next_a = a_ + moved;
    for (auto [s, before, after] :
         {std::tuple{ids_.a, a_, next_a}, std::tuple{ids_.b, kTotal - a_, kTotal - next_a}}) {
      if (before == after) continue;
      if (auto st = drop(*w, s, ids_.balance, before); !st) return st;
      if (auto st = put(*w, s, ids_.balance, after); !st) return st;
    }
    if (auto st = drop(*w, ids_.counter, ids_.value, n - 1); !st) return st;
    if (auto st = put(*w, ids_.counter, ids_.value, n); !st) return st;
    auto g = w->intern(iri("g" + std::to_string(n)));
    auto o = w->intern(integer(n));
    if (!g || !o) return Status::failed("intern");
    for (int i = 0; i < kPerCommit; ++i) {
      auto item = w->intern(iri("item" + std::to_string(n) + "_" + std::to_string(i)));
      if (!item) return item.status();
      if (auto st = w->add_fact(*item, ids_.batch, *o, *g); !st) return st;
    }
    auto rec = w->commit("commit " + std::to_string(n));
    if (!rec) return rec.status();
    a_ = next_a;
    return Status::ok();
  }

  // A transaction that breaks every invariant, then is rolled back.
  Status roll_back_one() {
    auto w = store_.write();
    if (!w) return w.status();
    auto junk = w->intern(iri("junk"));
    if (!junk) return junk.status();
    if (auto st = put(*w, ids_.a, ids_.balance, kTotal * 5); !st) return st;
    if (auto st = put(*w, *junk, ids_.batch, 1); !st) return st;
    w->rollback();
    return Status::ok();
  }

  Store& store_;
  Ids ids_{};
  std::int64_t a_ = 400;
  std::atomic<int> commits_ = 0;  // read by the main thread
};

// One reader's view of one snapshot: what scans and queries say of it.
struct Seen {
  std::int64_t counter = -1, counters = 0, balance_sum = 0, balances = 0, batch_facts = 0;
  friend bool operator==(const Seen&, const Seen&) = default;
  std::string to_string() const {
    return "counter " + std::to_string(counter) + " (" + std::to_string(counters) +
           " facts), balances " + std::to_string(balances) + " summing to " +
           std::to_string(balance_sum) + ", batch facts " + std::to_string(batch_facts);
  }
};

// The integer objects of every fact with this predicate (by IRI local name).
Result<std::vector<std::int64_t>> objects_of(const ReadTxn& txn, const std::string& predicate) {
  auto p = txn.lookup(iri(predicate));
  if (!p) return p.status();
  if (!*p) return Status::failed("no id for " + predicate);
  Pattern pattern;
  pattern.p = **p;
  auto c = txn.scan(pattern);
  if (!c) return c.status();
  std::vector<std::int64_t> out;
  for (; c->valid(); c->next()) {
    auto t = txn.term(c->row().o);
    if (!t) return t.status();
    out.push_back(std::stoll(t->value));
  }
  if (!c->status()) return c->status();
  return out;
}

// The store's state through scans.
Result<Seen> scan_state(const ReadTxn& txn) {
  auto balances = objects_of(txn, "balance");
  auto counters = objects_of(txn, "value");
  auto batch = objects_of(txn, "batch");
  if (!balances) return balances.status();
  if (!counters) return counters.status();
  if (!batch) return batch.status();
  Seen seen;
  for (auto v : *balances) seen.balance_sum += v;
  seen.balances = static_cast<std::int64_t>(balances->size());
  seen.counters = static_cast<std::int64_t>(counters->size());
  if (!counters->empty()) seen.counter = counters->front();
  seen.batch_facts = static_cast<std::int64_t>(batch->size());
  return seen;
}

// The values of the first row of a SELECT, as integers.
Result<std::vector<std::int64_t>> first_row(const ReadTxn& txn, const std::string& text) {
  auto rows = run_query(txn, text);
  if (!rows) return rows.status();
  std::vector<std::optional<Term>> row;
  auto more = rows->next(row);
  if (!more) return more.status();
  if (!*more) return Status::failed("no row for " + text);
  std::vector<std::int64_t> out;
  for (const auto& v : row) out.push_back(v ? std::stoll(v->value) : -1);
  return out;
}

// The same state through SPARQL.
Result<Seen> query_state(const ReadTxn& txn) {
  const std::string prologue = "PREFIX : <" + kEx + ">\n";
  auto balances =
      first_row(txn, prologue + "SELECT (SUM(?v) AS ?sum) (COUNT(?v) AS ?n) { ?x :balance ?v }");
  auto counter = first_row(txn, prologue + "SELECT ?n { :counter :value ?n }");
  auto batch = first_row(txn, prologue +
                                  "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) "
                                  "{ GRAPH ?g { ?item :batch ?i } }");
  if (!balances) return balances.status();
  if (!counter) return counter.status();
  if (!batch) return batch.status();
  Seen seen{(*counter)[0], 1, (*balances)[0], (*balances)[1], (*batch)[0]};
  if ((*batch)[1] != seen.counter) return Status::failed("graphs do not match the counter");
  return seen;
}

// Every check on one snapshot; an empty string when all hold.
std::string check_snapshot(const ReadTxn& txn, TxNumber& last_seen) {
  const TxNumber committed = txn.committed();
  if (committed < last_seen) return "a newer snapshot went back in time";
  last_seen = committed;
  auto before = scan_state(txn);
  if (!before) return "scan: " + before.status().to_string();
  const std::int64_t n = static_cast<std::int64_t>(committed) - 1;
  const Seen want{n, 1, kTotal, 2, n * kPerCommit};
  if (!(*before == want)) {
    return "at transaction " + std::to_string(committed) + " the scans see " + before->to_string() +
           ", want " + want.to_string();
  }
  auto queried = query_state(txn);
  if (!queried) return "query: " + queried.status().to_string();
  if (!(*queried == want)) return "the queries see " + queried->to_string();
  auto junk = txn.lookup(iri("junk"));
  if (!junk || junk->has_value()) return "a rolled back term is visible";
  // The snapshot did not move while the queries ran.
  auto after = scan_state(txn);
  if (!after || !(*after == want) || txn.committed() != committed) {
    return "the snapshot changed while it was read";
  }
  return {};
}

// A reader: snapshot after snapshot until stop; returns how many it checked.
int read_until(const Store& store, const std::atomic<bool>& stop, Failures& failures) {
  int snapshots = 0;
  TxNumber last_seen = 0;
  while (!stop) {
    auto txn = store.read();
    if (!txn) {
      failures.add("read: " + txn.status().to_string());
      return snapshots;
    }
    if (auto err = check_snapshot(*txn, last_seen); !err.empty()) {
      failures.add(err);
      return snapshots;
    }
    ++snapshots;
  }
  return snapshots;
}

}  // namespace

TEST_CASE("8 readers and a writer: every snapshot is whole and consistent", "[concurrency]") {
  TempDir dir;
  auto store = Store::open(dir / "store");
  REQUIRE(store.is_ok());
  Writer writer(*store);
  REQUIRE(writer.setup().is_ok());
  StoreOptions ro;
  ro.read_only = true;
  auto reader_store = Store::open(dir / "store", ro);
  REQUIRE(reader_store.is_ok());

  std::atomic<bool> stop{false};
  Failures failures;
  std::vector<int> snapshots(kReaders + kReadOnlyReaders, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kReaders + kReadOnlyReaders; ++i) {
    const Store* on = i < kReaders ? &*store : &*reader_store;
    threads.emplace_back(
        [&, i, on] { snapshots[static_cast<std::size_t>(i)] = read_until(*on, stop, failures); });
  }
  Status written;
  std::thread writer_thread([&] { written = writer.run(stop); });
  const auto deadline = Clock::now() + run_time();
  while (Clock::now() < deadline && writer.commits() < kMaxCommits) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop = true;
  writer_thread.join();
  for (auto& t : threads) t.join();

  INFO(written.to_string());
  CHECK(written.is_ok());
  for (const auto& f : failures.list()) FAIL_CHECK(f);
  CHECK(writer.commits() > 0);
  int total = 0;
  for (int n : snapshots) {
    CHECK(n > 0);
    total += n;
  }
  std::cout << writer.commits() << " commits; " << total << " snapshots checked by "
            << snapshots.size() << " readers\n";
  // After the writer stops, both stores see its last commit.
  TxNumber last = 0;
  for (const Store* s : {&*store, &*reader_store}) {
    auto txn = s->read();
    REQUIRE(txn.is_ok());
    CHECK(txn->committed() == static_cast<TxNumber>(writer.commits() + 1));
    CHECK(check_snapshot(*txn, last).empty());
  }
}

namespace {

// How many facts of <batch> a snapshot holds.
Result<std::int64_t> batch_facts(const ReadTxn& txn) {
  auto batch = objects_of(txn, "batch");
  if (!batch) return batch.status();
  return static_cast<std::int64_t>(batch->size());
}

}  // namespace

// A transaction that spills in the background (spill_bytes small) and interns more terms
// than its term cache holds, so spills, cache clears and single changes meet the spill
// thread, beside readers that must see none of it until the commit and all of it after;
// then one rolled back with spills in flight.
TEST_CASE("a spilling transaction beside readers: invisible until its commit, then whole",
          "[concurrency]") {
  constexpr std::int64_t kFacts = 20'000;
  TempDir dir;
  StoreOptions options;
  options.spill_bytes = 64 << 10;
  auto store = Store::open(dir / "store", options);
  REQUIRE(store.is_ok());
  {
    auto w = store->write();
    REQUIRE(w.is_ok());
    auto batch = w->intern(iri("batch"));
    REQUIRE(batch.is_ok());
    auto zero = w->intern(integer(0));
    REQUIRE(zero.is_ok());
    REQUIRE(w->assert_fact(*batch, *batch, *zero, kDefaultGraph).is_ok());
    REQUIRE(w->commit("setup").is_ok());
  }
  std::atomic<bool> stop{false};
  Failures failures;
  std::vector<std::thread> readers;
  for (int i = 0; i < 2; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        auto txn = store->read();
        auto n = txn ? batch_facts(*txn) : Result<std::int64_t>(txn.status());
        if (!n) return failures.add("read: " + n.status().to_string());
        if (*n != 1 && *n != kFacts + 1) return failures.add("saw " + std::to_string(*n) + " facts");
      }
    });
  }
  // before: the facts of <batch> committed when the transaction begins.
  auto writer = [&](const std::string& stem, bool commit, std::int64_t before) -> Status {
    auto w = store->write();
    if (!w) return w.status();
    auto batch = w->intern(iri("batch"));
    if (!batch) return batch.status();
    for (std::int64_t i = 0; i < kFacts; ++i) {
      const Term item = iri(stem + std::to_string(i)), value = integer(i * 7919);
      const Term* terms[2] = {&item, &value};
      TermId ids[2];
      if (auto st = w->intern_many(terms, ids); !st) return st;
      if (i % 2500 == 1) {  // a single change resolves what is queued, after the spill
        auto r = w->assert_fact(ids[0], *batch, ids[1], kDefaultGraph);
        if (!r) return r.status();
      } else if (auto st = w->add_fact(ids[0], *batch, ids[1], kDefaultGraph); !st) {
        return st;
      }
      if (i == kFacts / 2) {
        auto own = w->read_own();
        if (!own) return own.status();
        auto n = batch_facts(*own);
        if (!n) return n.status();
        if (*n != before + i + 1) {
          return Status::failed("its own view holds " + std::to_string(*n));
        }
      }
    }
    if (!commit) {
      w->rollback();
      return Status::ok();
    }
    auto rec = w->commit("spilled");
    return rec ? Status::ok() : rec.status();
  };
  const Status committed = writer("spilled", true, 1);
  const Status rolled_back = writer("junk", false, kFacts + 1);
  stop = true;
  for (auto& t : readers) t.join();

  INFO(committed.to_string() << " / " << rolled_back.to_string());
  CHECK(committed.is_ok());
  CHECK(rolled_back.is_ok());
  for (const auto& f : failures.list()) FAIL_CHECK(f);
  auto txn = store->read();
  REQUIRE(txn.is_ok());
  auto n = batch_facts(*txn);
  REQUIRE(n.is_ok());
  // (The rolled back transaction's dictionary terms stay until `compact`: FORMAT.md.)
  CHECK(*n == kFacts + 1);
}
