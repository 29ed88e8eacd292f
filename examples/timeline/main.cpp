// A worked example of embedding Annals: create a store, load dated facts, query them at a
// date with typed rows, roll back one write transaction and commit another, run a SPARQL
// update, and read from several threads at once. README.md "Embedding" quotes it; CI runs it
// against the installed package. Every call returns a Status or Result<T>: nothing throws.
//
// Usage: timeline [STORE_DIR]   (default: a temporary directory, removed at the end)
#include <annals/load.hpp>
#include <annals/query.hpp>
#include <annals/store.hpp>
#include <annals/update.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const char* const kFacts = R"(
@prefix : <https://annals.dev/demo/> .
@prefix annals: <https://annals.dev/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:HamidKarzai :leads :Afghanistan
    {| annals:validFrom "2004-12"^^xsd:gYearMonth ; annals:validTo "2014-09"^^xsd:gYearMonth |} .
:AshrafGhani :leads :Afghanistan
    {| annals:validFrom "2014-09"^^xsd:gYearMonth ; annals:validTo "2021-08-15"^^xsd:date |} .
:Kabul :capitalOf :Afghanistan .
)";

const char* const kWhoLeads = R"(
PREFIX : <https://annals.dev/demo/>
PREFIX annals: <https://annals.dev/ns#>
SELECT ?who ?from WHERE { ?who :leads ?country {| annals:validFrom ?from |} })";

int fail(const std::string& what, const annals::Status& status) {
  std::cerr << "timeline: " << what << ": " << status.to_string() << '\n';
  return 1;
}

// One term as kind, lexical form, datatype or language, and for a date the days it covers.
std::string describe(const std::optional<annals::Term>& t) {
  using annals::TermKind;
  if (!t) return "unbound";
  switch (t->kind) {
    case TermKind::kIri:
      return "iri " + t->value;
    case TermKind::kBlank:
      return "blank " + t->value;
    case TermKind::kTriple:
      return "triple " + annals::to_ntriples(*t);
    case TermKind::kLiteral:
      break;
  }
  std::string out =
      "literal \"" + t->value + "\" " + (t->language.empty() ? t->datatype : "@" + t->language);
  if (auto period = annals::date_period(*t)) out += " covering " + annals::to_string(*period);
  return out;
}

// Who led at a date: a SELECT on a snapshot, row by row. The date and the country go in as
// values (QueryOptions::valid_at and bindings), never spliced into the query's text.
annals::Status who_leads(const annals::Store& store, const std::string& date) {
  auto txn = store.read();  // a consistent snapshot until txn goes away
  if (!txn) return txn.status();
  auto at = annals::parse_date_bound(date);
  if (!at) return annals::Status::invalid_input("not a date: '" + date + "'");
  annals::QueryOptions options;
  options.valid_at = *at;  // as VALID AT "date"
  options.bindings = {{"country", annals::Term::iri("https://annals.dev/demo/Afghanistan")}};
  auto rows = annals::run_query(*txn, kWhoLeads, options);
  if (!rows) return rows.status();
  annals::Row row;
  for (;;) {
    auto more = rows->next(row);
    if (!more) return more.status();
    if (!*more) break;
    std::cout << "at " << date << ": " << describe(row["who"]) << ", from " << describe(row["from"])
              << '\n';
  }
  return annals::Status::ok();
}

// A write transaction: intern terms, assert a dated fact, then commit or roll back.
annals::Status write_leader(annals::Store& store, const std::string& who, const char* since,
                            bool keep) {
  auto txn = store.write();  // the one write transaction of the store
  if (!txn) return txn.status();
  auto s = txn->intern(annals::Term::iri("https://annals.dev/demo/" + who));
  auto p = txn->intern(annals::Term::iri("https://annals.dev/demo/leads"));
  auto o = txn->intern(annals::Term::iri("https://annals.dev/demo/Afghanistan"));
  if (!s || !p || !o) return annals::Status::failed("intern");
  const annals::ValidTime valid{annals::parse_date_bound(since), std::nullopt};
  if (auto added = txn->assert_fact(*s, *p, *o, annals::kDefaultGraph, valid); !added) {
    return added.status();
  }
  if (!keep) {
    txn->rollback();  // as if nothing happened; destroying txn uncommitted does the same
    std::cout << "rolled back " << who << '\n';
    return annals::Status::ok();
  }
  auto record = txn->commit("add " + who);  // visible to new snapshots all at once
  if (!record) return record.status();
  std::cout << "committed transaction " << record->number << ": " << record->description << '\n';
  return annals::Status::ok();
}

// A SPARQL update, in one write transaction committed whole (or not at all): Kabul's fact
// loaded without a date gets one (a delete retracts, so AS OF still sees the old fact).
annals::Status date_the_capital(annals::Store& store) {
  auto request = annals::parse_update(R"(
    PREFIX : <https://annals.dev/demo/>
    PREFIX annals: <https://annals.dev/ns#>
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    DELETE DATA { :Kabul :capitalOf :Afghanistan } ;
    INSERT DATA { :Kabul :capitalOf :Afghanistan {| annals:validFrom "1776"^^xsd:gYear |} })");
  if (!request) return request.status();
  auto result = annals::update_store(store, *request);
  if (!result) return result.status();
  std::cout << "update committed transaction " << result->transaction.number << ": +"
            << result->added << " -" << result->retracted << '\n';
  return annals::Status::ok();
}

// Readers in parallel: each thread its own snapshot and query; a Store is shared freely.
annals::Status count_in_threads(const annals::Store& store, int threads) {
  std::vector<std::string> counts(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    pool.emplace_back([&store, &out = counts[i]] {
      auto txn = store.read();
      if (!txn) return;
      auto rows = annals::run_query(*txn, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
      std::vector<std::optional<annals::Term>> row;
      if (rows && rows->next(row).is_ok() && row[0]) out = row[0]->value;
    });
  }
  for (auto& t : pool) t.join();
  for (const auto& c : counts) {
    if (c != counts[0] || c.empty()) return annals::Status::failed("threads disagree");
  }
  std::cout << threads << " threads each counted " << counts[0] << " facts\n";
  return annals::Status::ok();
}

int run(const std::string& dir) {
  auto store = annals::Store::open(dir);  // creates the store if missing
  if (!store) return fail("open", store.status());

  std::istringstream text(kFacts);  // any std::istream; load_files takes paths
  annals::LoadOptions load;
  load.format = annals::RdfFormat::kTurtle;
  auto loaded = annals::load_input(*store, annals::Input::from_stream(text, "facts.ttl"), load);
  if (!loaded) return fail("load", loaded.status());
  std::cout << "loaded " << loaded->facts_added << " facts in transaction " << loaded->tx.number
            << '\n';

  for (const char* date : {"2010", "2021-08"}) {
    if (auto st = who_leads(*store, date); !st) return fail("query", st);
  }
  if (auto st = write_leader(*store, "Nobody", "2021-08-15", false); !st) return fail("write", st);
  if (auto st = write_leader(*store, "Taliban", "2021-08-15", true); !st) return fail("write", st);
  if (auto st = who_leads(*store, "2025"); !st) return fail("query", st);
  if (auto st = date_the_capital(*store); !st) return fail("update", st);
  if (auto st = count_in_threads(*store, 4); !st) return fail("threads", st);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc > 2) {
    std::cerr << "usage: timeline [STORE_DIR]\n";
    return 2;
  }
  if (argc == 2) return run(argv[1]);
  std::string dir = (fs::temp_directory_path() / "annals-timeline-XXXXXX").string();
  if (!mkdtemp(dir.data())) return 1;
  int rc = run(dir + "/store");
  std::error_code ec;
  fs::remove_all(dir, ec);
  return rc;
}
