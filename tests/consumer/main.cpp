// An embedder of Annals through the installed public headers only: opens a store, interns two
// IRIs and a literal, asserts a fact, commits, reads it back with a scan and prints it. Then
// reopens the store, dumps it and parses the dump, to touch <annals/load.hpp> and
// <annals/rdf.hpp> too, and parses a query (<annals/query.hpp>). Prints one line per step;
// exits 0 only if every step did what it should.
//
// Usage: app [STORE_DIR]   (default: a new directory under the system's temporary directory,
//                           removed at the end)
#include <annals/load.hpp>
#include <annals/query.hpp>
#include <annals/rdf.hpp>
#include <annals/store.hpp>
#include <annals/term.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

int fail(const std::string& what, const annals::Status& status) {
  std::cerr << "app: " << what << ": " << status.to_string() << '\n';
  return 1;
}

int fail(const std::string& what) {
  std::cerr << "app: " << what << '\n';
  return 1;
}

int run(const std::string& dir) {
  using namespace annals;
  const Term s = Term::iri("http://example.org/consumer/s");
  const Term p = Term::iri("http://example.org/consumer/says");
  const Term o = Term::lang_literal("héllo, \"world\"", "en");
  const std::string want =
      "<http://example.org/consumer/s> <http://example.org/consumer/says> \"héllo, \\\"world\\\"\"@en .";

  {
    auto store = Store::open(dir);
    if (!store) return fail("open", store.status());
    std::cout << "opened " << dir << '\n';

    auto txn = store->write();
    if (!txn) return fail("write", txn.status());
    auto sid = txn->intern(s);
    auto pid = txn->intern(p);
    auto oid = txn->intern(o);
    if (!sid || !pid || !oid) return fail("intern");
    auto added = txn->assert_fact(*sid, *pid, *oid, kDefaultGraph);
    if (!added) return fail("assert_fact", added.status());
    if (!*added) return fail("assert_fact: the fact was already there");
    auto rec = txn->commit("consumer test");
    if (!rec) return fail("commit", rec.status());
    std::cout << "committed transaction " << rec->number << " (+" << rec->facts_added << ")\n";

    auto read = store->read();
    if (!read) return fail("read", read.status());
    auto cursor = read->scan(Pattern{.s = *sid});
    if (!cursor) return fail("scan", cursor.status());
    int rows = 0;
    for (; cursor->valid(); cursor->next()) {
      const FactRow& r = cursor->row();
      auto ts = read->term(r.s);
      auto tp = read->term(r.p);
      auto to = read->term(r.o);
      if (!ts || !tp || !to) return fail("term");
      if (!(*ts == s && *tp == p && *to == o)) return fail("scan returned other terms");
      std::cout << "scan: " << to_ntriples(*ts) << ' ' << to_ntriples(*tp) << ' '
                << to_ntriples(*to) << " .\n";
      ++rows;
    }
    if (!cursor->status().is_ok()) return fail("scan", cursor->status());
    if (rows != 1) return fail("scan returned " + std::to_string(rows) + " rows, want 1");
  }

  // Reopen: the commit is durable. Dump, and parse the dump back.
  auto store = Store::open(dir);
  if (!store) return fail("reopen", store.status());
  std::ostringstream dumped;
  if (auto st = dump_store(*store, dumped, RdfFormat::kNQuads); !st) return fail("dump", st);
  std::cout << "dump: " << dumped.str();
  if (dumped.str() != want + "\n") return fail("dump is not '" + want + "'");

  auto in = Input::from_string(dumped.str(), "dump");
  std::vector<Quad> quads;
  auto st = parse_rdf(in, ParseOptions(RdfFormat::kNQuads), [&](const Quad& q) {
    quads.push_back(q);
    return Status::ok();
  });
  if (!st) return fail("parse", st);
  if (quads.size() != 1 || !(quads[0].subject == s && quads[0].predicate == p &&
                             quads[0].object == o && quads[0].graph.is_default_graph())) {
    return fail("parsing the dump gave other quads");
  }
  std::cout << "parsed: 1 quad\n";

  auto log = store->read();
  if (!log) return fail("read", log.status());
  auto records = log->log();
  if (!records || records->size() != 1 || (*records)[0].description != "consumer test") {
    return fail("log");
  }
  std::cout << "log: 1 transaction\n";

  auto query = annals::parse_query("SELECT ?s { ?s ?p ?o }");
  if (!query || query->variables() != std::vector<std::string>{"s"}) return fail("parse_query");
  std::cout << "query: " << query->to_string() << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc > 2) {
    std::cerr << "usage: app [STORE_DIR]\n";
    return 2;
  }
  if (argc == 2) return run(argv[1]);
  std::string tmpl = (fs::temp_directory_path() / "annals-consumer-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return fail("cannot make a temporary directory");
  int rc = run(tmpl);
  std::error_code ec;
  fs::remove_all(tmpl, ec);
  return rc;
}
