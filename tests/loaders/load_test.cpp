// Loading files into a store: one transaction, all or nothing, the same result whether the
// transaction spills to sorted runs or not, and dump gives back what was loaded.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <cctype>
#include <sstream>

#include "annals/load.hpp"
#include "../support/temp_dir.hpp"

using namespace annals;
using annals::testing::TempDir;

namespace {

// Statements with every term kind, blank nodes and triple terms, in several graphs.
std::string sample_nquads(int n) {
  std::ostringstream out;
  for (int i = 0; i < n; ++i) {
    out << "<http://ex/s" << i % 97 << "> <http://ex/p" << i % 7 << "> \"v" << i
        << "\\n\\\"quoted\\\" ü\"@en <http://ex/g" << i % 5 << "> .\n";
    out << "_:b" << i % 50 << " <http://ex/knows> _:b" << (i + 1) % 50 << " .\n";
    out << "<http://ex/s" << i << "> <http://ex/claims> <<( _:b" << i % 50 << " <http://ex/p> \""
        << i << "\"^^<http://www.w3.org/2001/XMLSchema#integer> )>> <http://ex/g1> .\n";
    out << "<http://ex/s" << i << "> <http://ex/on> \"2025-0" << 1 + i % 9
        << "-01\"^^<http://www.w3.org/2001/XMLSchema#date> .\n";
  }
  return out.str();
}

std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir / name;
  std::ofstream(path) << text;
  return path;
}

// The line with every blank node label replaced by "_:B".
std::string mask_blanks(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size();) {
    if (line.compare(i, 2, "_:") == 0) {
      out += "_:B";
      i += 2;
      while (i < line.size() && std::isalnum(static_cast<unsigned char>(line[i]))) ++i;
    } else {
      out += line[i++];
    }
  }
  return out;
}

// The dump's lines, sorted, with blank node labels replaced by their order of appearance in
// a canonical sort (good enough for these files, whose blank nodes are told apart by their
// neighbours' IRIs and literals).
std::vector<std::string> dump_lines(const Store& store) {
  std::ostringstream out;
  REQUIRE(dump_store(store, out, RdfFormat::kNQuads));
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(mask_blanks(line));
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

TEST_CASE("a load gives the same store whether it spills or not", "[loaders][load]") {
  TempDir dir;
  std::string file = write_file(dir, "data.nq", sample_nquads(3000));
  auto whole = Store::open(dir / "whole");
  REQUIRE(whole);
  StoreOptions tiny;
  tiny.spill_bytes = 64 * 1024;  // several spills
  auto spilled = Store::open(dir / "spilled", tiny);
  REQUIRE(spilled);
  auto a = load_files(*whole, {file});
  auto b = load_files(*spilled, {file});
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->quads_read == 12000);
  CHECK(a->facts_added == b->facts_added);
  CHECK(a->tx.number == 1);
  CHECK(b->tx.number == 1);
  auto la = dump_lines(*whole);
  auto lb = dump_lines(*spilled);
  CHECK(la.size() == a->facts_added);
  CHECK(la == lb);
  auto sa = whole->read()->stats();
  auto sb = spilled->read()->stats();
  CHECK(sa->facts == sb->facts);
  CHECK(sa->quads == sb->quads);
  CHECK(sa->terms == sb->terms);
  CHECK(sa->graphs == 5);
}

TEST_CASE("loading the same blank-node-free file again adds nothing", "[loaders][load]") {
  TempDir dir;
  std::string file = write_file(dir, "d.nq",
                                "<http://ex/a> <http://ex/p> \"x\" .\n"
                                "<http://ex/a> <http://ex/p> <http://ex/b> <http://ex/g> .\n");
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto first = load_files(*store, {file});
  REQUIRE(first);
  CHECK(first->facts_added == 2);
  auto second = load_files(*store, {file});
  REQUIRE(second);
  CHECK(second->facts_added == 0);
  CHECK(second->tx.number == 0);
  CHECK(store->read()->log()->size() == 1);
}

TEST_CASE("a bad statement anywhere loads nothing, spilled or not", "[loaders][load]") {
  TempDir dir;
  std::string good = write_file(dir, "good.nq", sample_nquads(2000));
  std::string bad = write_file(dir, "bad.nq", sample_nquads(2000) + "<http://ex/a> <http://ex/p> \"open .\n");
  for (std::size_t spill : {std::size_t{256} << 20, std::size_t{64} << 10}) {
    INFO("spill bytes " << spill);
    StoreOptions o;
    o.spill_bytes = spill;
    auto store = Store::open(dir / ("s" + std::to_string(spill)), o);
    REQUIRE(store);
    auto r = load_files(*store, {good, bad});
    REQUIRE_FALSE(r);
    CHECK(r.status().code() == StatusCode::kInvalidInput);
    CHECK(r.status().where().source == bad);
    CHECK(r.status().where().line == 8001);
    CHECK(dump_lines(*store).empty());
    CHECK(store->read()->stats()->facts == 0);
    // The store works on after the failure, and the next load is transaction 1 or 2.
    auto ok = load_files(*store, {good});
    REQUIRE(ok);
    CHECK(dump_lines(*store).size() == ok->facts_added);
  }
}

TEST_CASE("files whose format cannot be told are refused before anything happens", "[loaders][load]") {
  TempDir dir;
  std::string file = write_file(dir, "data.txt", "<http://ex/a> <http://ex/p> \"x\" .\n");
  auto store = Store::open(dir / "s");
  auto r = load_files(*store, {file});
  REQUIRE_FALSE(r);
  CHECK_THAT(r.status().message(), Catch::Contains("--format"));
  LoadOptions o;
  o.format = RdfFormat::kNTriples;
  CHECK(load_files(*store, {file}, o));
  auto missing = load_files(*store, {dir / "none.nq"});
  REQUIRE_FALSE(missing);
  CHECK(missing.status().code() == StatusCode::kNotFound);
}

TEST_CASE("Turtle and TriG load like the same N-Quads", "[loaders][load]") {
  TempDir dir;
  std::string ttl = write_file(dir, "a.ttl",
                               "@prefix ex: <http://ex/> .\n@base <http://base/> .\n"
                               "ex:s ex:p \"x\", 1 ; ex:q <rel> .\n"
                               "ex:s ex:r [ ex:k ex:v ] .\n");
  std::string trig = write_file(dir, "b.trig",
                                "PREFIX ex: <http://ex/>\nex:g { ex:s ex:p ex:o {| ex:src ex:doc |} }\n");
  std::string nq = write_file(
      dir, "c.nq",
      "<http://ex/s> <http://ex/p> \"x\" .\n"
      "<http://ex/s> <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
      "<http://ex/s> <http://ex/q> <http://base/rel> .\n"
      "<http://ex/s> <http://ex/r> _:k .\n_:k <http://ex/k> <http://ex/v> .\n"
      "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n"
      "_:r <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> "
      "<<( <http://ex/s> <http://ex/p> <http://ex/o> )>> <http://ex/g> .\n"
      "_:r <http://ex/src> <http://ex/doc> <http://ex/g> .\n");
  auto a = Store::open(dir / "a");
  auto b = Store::open(dir / "b");
  REQUIRE(load_files(*a, {ttl, trig}));
  REQUIRE(load_files(*b, {nq}));
  CHECK(dump_lines(*a) == dump_lines(*b));
}

TEST_CASE("the files' prefixes join the store's, first binding wins", "[loaders][load]") {
  TempDir dir;
  std::string one = write_file(dir, "one.ttl", "@prefix ex: <http://ex/> .\n@prefix : <http://e/> .\nex:a :p ex:b .\n");
  std::string two = write_file(dir, "two.ttl",
                               "@prefix ex: <http://other/> .\n@prefix e2: <http://e/> .\n"
                               "@prefix dc: <http://purl.org/dc/terms/> .\nex:a dc:title \"t\" .\n");
  std::string bad = write_file(dir, "bad.ttl", "@prefix zz: <http://zz/> .\nzz:a zz:b .\n");
  auto store = Store::open(dir / "s");
  auto r1 = load_files(*store, {one});
  REQUIRE(r1);
  CHECK(r1->prefixes_added == std::vector<Prefix>{{"ex", "http://ex/"}, {"", "http://e/"}});
  auto r2 = load_files(*store, {two});
  REQUIRE(r2);
  CHECK(r2->prefixes_added == std::vector<Prefix>{{"dc", "http://purl.org/dc/terms/"}});
  // A failed load binds nothing.
  REQUIRE_FALSE(load_files(*store, {bad}));
  CHECK(*store->read()->prefixes() == std::vector<Prefix>{{"", "http://e/"},
                                                          {"dc", "http://purl.org/dc/terms/"},
                                                          {"ex", "http://ex/"}});
  // Loading facts the store has already still records new prefixes, without a transaction.
  std::string again = write_file(dir, "again.ttl", "@prefix x: <http://ex/> .\n@prefix y: <http://y/> .\nx:a <http://e/p> x:b .\n");
  auto r3 = load_files(*store, {again});
  REQUIRE(r3);
  CHECK(r3->tx.number == 0);
  CHECK(store->read()->prefixes()->size() == 4);
}

TEST_CASE("the given base resolves relative IRIs of Turtle files", "[loaders][load]") {
  TempDir dir;
  std::string ttl = write_file(dir, "rel.ttl", "<a> <p> <b> .\n");
  auto store = Store::open(dir / "s");
  auto strict = load_files(*store, {ttl});
  REQUIRE_FALSE(strict);
  CHECK(strict.status().where().line == 1);
  LoadOptions o;
  o.base = "http://ex/dir/";
  REQUIRE(load_files(*store, {ttl}, o));
  CHECK(dump_lines(*store) ==
        std::vector<std::string>{"<http://ex/dir/a> <http://ex/dir/p> <http://ex/dir/b> ."});
}

TEST_CASE("skipping bad statements of line-based files", "[loaders][load]") {
  TempDir dir;
  std::string nt = write_file(dir, "some.nt",
                              "<http://ex/a> <http://ex/p> <http://ex/b> .\n"
                              "<http://ex/a> <http://ex/p> oops .\n"
                              "<http://ex/a> <http://ex/p> \"c\" .\n"
                              "<http://ex/a> <http://ex/p> \"unterminated .\n");
  std::string ttl = write_file(dir, "t.ttl", "<http://ex/a> <http://ex/p> <http://ex/b> .\n");
  auto store = Store::open(dir / "s");
  std::vector<Status> skipped;
  LoadOptions o;
  o.on_skip = [&](const Status& st) { skipped.push_back(st); };
  auto refused = load_files(*store, {nt, ttl}, o);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.status().message(), Catch::Contains("cannot be skipped"));
  CHECK(skipped.empty());
  CHECK(store->read()->stats()->facts == 0);

  auto r = load_files(*store, {nt}, o);
  REQUIRE(r);
  CHECK(r->skipped == 2);
  CHECK(r->quads_read == 2);
  REQUIRE(skipped.size() == 2);
  CHECK(skipped[0].where().line == 2);
  CHECK(skipped[0].where().column == 29);
  CHECK(skipped[1].where().line == 4);
  CHECK(dump_lines(*store).size() == 2);
}

TEST_CASE("dump writes every format, and refuses graphs where the format has none", "[loaders][load]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(load_files(*store, {write_file(dir, "g.nq", sample_nquads(20))}));
  for (RdfFormat f : {RdfFormat::kNTriples, RdfFormat::kTurtle}) {
    std::ostringstream out;
    Status st = dump_store(*store, out, f);
    CHECK(st.code() == StatusCode::kInvalidInput);
    CHECK_THAT(st.message(), Catch::Contains("named graphs"));
  }
}

TEST_CASE("load_into: an input into one graph of an open transaction, replacing it or not",
          "[loaders][load]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  LoadOptions nquads;
  nquads.format = RdfFormat::kNQuads;
  REQUIRE(load_input(*store,
                     Input::from_string("<http://ex/a> <http://ex/p> \"old\" <http://ex/g> .\n"
                                        "<http://ex/a> <http://ex/p> \"kept\" <http://ex/g> .\n"
                                        "<http://ex/a> <http://ex/p> \"other\" <http://ex/h> .\n",
                                        "v1"),
                     nquads));
  auto load = [&](const std::string& text, std::optional<std::string> into, bool replace) {
    auto txn = store->write();
    REQUIRE(txn);
    Input in = Input::from_string(text, "body");
    LoadIntoOptions o;
    o.format = RdfFormat::kTurtle;
    o.base = "http://ex/";
    o.into_graph = std::move(into);
    o.replace_graphs = replace;
    auto r = load_into(*txn, in, o);
    REQUIRE(r);
    REQUIRE(txn->commit("t"));
    return *r;
  };
  auto lines = [&] { return dump_lines(*store); };

  // Merging into <g>: the body's triples join it; relative IRIs resolve against the base.
  auto merged = load(
      "<a> <p> \"new\" {| <https://annals.dev/ns#validFrom> "
      "\"2020\"^^<http://www.w3.org/2001/XMLSchema#gYear> |} .\n",
      "http://ex/g", false);
  CHECK(merged.quads_read == 1);
  CHECK(merged.facts_retracted == 0);

  // Replacing <g>: what the body does not hold ("old", and "new" from 2020) is retracted;
  // <h> is untouched.
  auto replaced = load("<a> <p> \"kept\" .\n", "http://ex/g", true);
  CHECK(replaced.quads_read == 1);
  CHECK(replaced.facts_retracted == 2);
  CHECK(lines() == std::vector<std::string>{
                       "<http://ex/a> <http://ex/p> \"kept\" <http://ex/g> .",
                       "<http://ex/a> <http://ex/p> \"other\" <http://ex/h> ."});

  // An empty body replacing <g> empties it; one replacing the default graph leaves the rest.
  auto emptied = load("", "http://ex/g", true);
  CHECK(emptied.quads_read == 0);
  CHECK(emptied.facts_retracted == 1);
  auto into_default = load("<b> <p> <c> .\n", std::string(), true);
  CHECK(into_default.facts_retracted == 0);
  CHECK(lines() == std::vector<std::string>{
                       "<http://ex/a> <http://ex/p> \"other\" <http://ex/h> .",
                       "<http://ex/b> <http://ex/p> <http://ex/c> ."});

  // Without a format the input is refused; a bad statement names its place.
  auto txn = store->write();
  REQUIRE(txn);
  Input bad = Input::from_string("<a> <p> .\n", "body");
  auto refused = load_into(*txn, bad, LoadIntoOptions{});
  CHECK(refused.status().code() == StatusCode::kInvalidInput);
  Input bad2 = Input::from_string("<a> <p> .\n", "body");
  LoadIntoOptions turtle;
  turtle.format = RdfFormat::kTurtle;
  auto failed = load_into(*txn, bad2, turtle);
  REQUIRE_FALSE(failed);
  CHECK(failed.status().where().source == "body");
  CHECK(failed.status().where().line == 1);
}

TEST_CASE("LoadOptions::graph: triple files into a named graph, quad formats refused",
          "[loaders][load]") {
  TempDir dir;
  std::string nt = write_file(dir, "a.nt", "<http://ex/a> <http://ex/p> \"x\" .\n");
  std::string ttl = write_file(dir, "b.ttl", "<http://ex/b> <http://ex/p> _:n .\n");
  std::string nq = write_file(dir, "c.nq", "<http://ex/c> <http://ex/p> \"z\" <http://ex/h> .\n");
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  LoadOptions o;
  o.graph = "http://ex/g";
  REQUIRE(load_files(*store, {nt, ttl}, o));
  CHECK(dump_lines(*store) ==
        std::vector<std::string>{"<http://ex/a> <http://ex/p> \"x\" <http://ex/g> .",
                                 "<http://ex/b> <http://ex/p> _:B <http://ex/g> ."});

  // A format that names its own graphs, or a graph that is no absolute IRI: refused by the
  // checks, before anything is read.
  auto quads = check_load_files({nt, nq}, o);
  REQUIRE_FALSE(quads);
  CHECK(quads.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(quads.status().message(), Catch::Contains("names its own graphs"));
  for (std::string bad : {"g", "http://ex/a b", "http://ex/a>b"}) {
    o.graph = bad;
    auto r = load_files(*store, {nt}, o);
    REQUIRE_FALSE(r);
    CHECK(r.status().code() == StatusCode::kInvalidInput);
  }

  // Replacing the graph with an empty file empties it.
  o.graph = "http://ex/g";
  o.replace_graphs = true;
  std::string empty = write_file(dir, "e.nt", "");
  auto r = load_files(*store, {empty}, o);
  REQUIRE(r);
  CHECK(r->facts_retracted == 2);
  CHECK(dump_lines(*store).empty());
}
