// The report formats (loaders/REPORTS.md): dated-event CSV and TSV, JSON-lines reports, their
// errors with file:line:column, idempotent loads and LoadOptions::replace_graphs.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "../support/temp_dir.hpp"
#include "annals/load.hpp"

using namespace annals;
using annals::testing::TempDir;

namespace {

const std::string kEx = "https://annals.dev/demo/";

struct Fact {
  std::string quad;  // "s p o g" in N-Triples
  std::string valid;
  friend bool operator==(const Fact&, const Fact&) = default;
};

struct Parsed {
  Status status;
  std::vector<Fact> facts;
};

std::string nquad(const Quad& q) {
  std::string s =
      to_ntriples(q.subject) + " " + to_ntriples(q.predicate) + " " + to_ntriples(q.object);
  if (!q.graph.is_default_graph()) s += " " + to_ntriples(q.graph);
  return s;
}

Parsed parse(const std::string& text, RdfFormat format, std::string name = "t",
             std::vector<Status>* skipped = nullptr) {
  Parsed p;
  Input in = Input::from_string(text, std::move(name));
  ParseOptions o(format);
  if (skipped) o.on_skip = [skipped](const Status& st) { skipped->push_back(st); };
  p.status = parse_facts(in, o, [&](const Quad& q, const ValidTime& v) {
    p.facts.push_back({nquad(q), to_string(v)});
    return Status::ok();
  });
  return p;
}

// The place and message of a parse that must fail: "name:line:column: message".
std::string error_of(const std::string& text, RdfFormat format) {
  Parsed p = parse(text, format);
  REQUIRE_FALSE(p.status);
  const Position& w = p.status.where();
  return w.source + ":" + std::to_string(w.line) + ":" + std::to_string(w.column) + ": " +
         p.status.message();
}

struct BadInput {
  std::string text;
  RdfFormat format;
  std::string error;  // how error_of's answer starts
};

void check_errors(const std::vector<BadInput>& cases) {
  for (const BadInput& c : cases) {
    INFO(c.text);
    CHECK(error_of(c.text, c.format).starts_with(c.error));
  }
}

std::string ex(const std::string& local) { return "<" + kEx + local + ">"; }

const std::string kCsvHead =
    "# prefix : <" + kEx + ">\nsubject,predicate,object,from,to,in,source,note\n";

}  // namespace

TEST_CASE("CSV: cells, quoting, literals, intervals and sources", "[reports]") {
  Parsed p =
      parse(kCsvHead +
                ":a,:p,:b,2021-08,,,:g1,\n"
                ":a, :p , \"text, with \"\"quotes\"\"\nand a line end\" ,2014,2016,,,\n"
                ":a,:p,\"\"\"5\"\"^^<http://www.w3.org/2001/XMLSchema#integer>\",,,2025-04,,\n"
                ":a,:p,\"\"\"Kabul\"\"@en\",,,,,\n"
                "# a comment between rows\n"
                "\n"
                ":a,:p,plain: text,,,,,\n",
            RdfFormat::kCsv);
  REQUIRE(p.status);
  REQUIRE(p.facts.size() == 5);
  CHECK(p.facts[0].quad == ex("a") + " " + ex("p") + " " + ex("b") + " " + ex("g1"));
  CHECK(p.facts[0].valid == "[2021-08, ∞)");
  CHECK(p.facts[1].quad ==
        ex("a") + " " + ex("p") + " \"text, with \\\"quotes\\\"\\nand a line end\"");
  CHECK(p.facts[1].valid == "[2014, 2016)");
  CHECK(p.facts[2].quad ==
        ex("a") + " " + ex("p") + " \"5\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  CHECK(p.facts[2].valid == "[2025-04, 2025-05)");
  CHECK(p.facts[3].quad == ex("a") + " " + ex("p") + " \"Kabul\"@en");
  CHECK(p.facts[4].quad == ex("a") + " " + ex("p") + " \"plain: text\"");
  CHECK(p.facts[4].valid == "always");
}

TEST_CASE("CSV: a note goes on the fact's reifier, named the same every time", "[reports]") {
  std::string text = kCsvHead + ":a,:p,:b,,,2025,:g,seen twice\n";
  Parsed p = parse(text, RdfFormat::kCsv);
  REQUIRE(p.status);
  REQUIRE(p.facts.size() == 3);
  CHECK(p.facts[0].valid == "[2025, 2026)");
  const std::string& reifies = p.facts[1].quad;
  CHECK(reifies.starts_with("<https://annals.dev/.well-known/genid/"));
  CHECK(reifies.find("<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( " + ex("a")) !=
        std::string::npos);
  CHECK(p.facts[2].quad.ends_with("<http://www.w3.org/2000/01/rdf-schema#comment> \"seen twice\" " +
                                  ex("g")));
  CHECK(parse(text, RdfFormat::kCsv).facts == p.facts);
  // Another interval is another fact, with a reifier of its own.
  Parsed other = parse(kCsvHead + ":a,:p,:b,,,2024,:g,seen twice\n", RdfFormat::kCsv);
  CHECK(other.facts[1].quad.substr(0, 80) != reifies.substr(0, 80));
}

TEST_CASE("TSV: tabs, escapes, columns in any order", "[reports]") {
  Parsed p = parse(
      "# prefix ex: <http://ex/>\nobject\tsubject\tpredicate\tto\n"
      "line\\none\\tand a tab \\\\ back\tex:s\tex:p\t2020-01-15\n",
      RdfFormat::kTsv);
  REQUIRE(p.status);
  REQUIRE(p.facts.size() == 1);
  CHECK(p.facts[0].quad == "<http://ex/s> <http://ex/p> \"line\\none\\tand a tab \\\\ back\"");
  CHECK(p.facts[0].valid == "[-∞, 2020-01-15)");
}

TEST_CASE("CSV/TSV errors name file:line:column of the cell", "[reports]") {
  check_errors({
      {"subject,predicate,object,colour\n", RdfFormat::kCsv, "t:1:26: unknown column 'colour'"},
      {"subject,object\n", RdfFormat::kCsv, "t:1:1: the header has no 'predicate'"},
      {"subject,predicate,object,subject\n", RdfFormat::kCsv, "t:1:26: column"},
      {"# only a comment\n", RdfFormat::kCsv, "t:2:1: expected a header row"},
      {kCsvHead + ":a,:p,:b,2025-13,,,,\n", RdfFormat::kCsv, "t:3:10: bad date '2025-13'"},
      {kCsvHead + ":a,:p,:b,2025,2025,,,\n", RdfFormat::kCsv,
       "t:3:15: the end '2025' is not after the start"},
      {kCsvHead + ":a,:p,:b,2025,,2025,,\n", RdfFormat::kCsv, "t:3:16: 'in' names a whole period"},
      {kCsvHead + "zz:a,:p,:b,,,,,\n", RdfFormat::kCsv, "t:3:1: unknown prefix 'zz:'"},
      {kCsvHead + ":a,_:b,:b,,,,,\n", RdfFormat::kCsv, "t:3:4: blank nodes"},
      {kCsvHead + ":a,<rel>,:b,,,,,\n", RdfFormat::kCsv, "t:3:4: relative IRI"},
      {kCsvHead + ":a,<http://e/p q>,:b,,,,,\n", RdfFormat::kCsv,
       "t:3:4: an IRI may not hold a space"},
      {kCsvHead + ":a\\>b,:p,:b,,,,,\n", RdfFormat::kCsv,
       "t:3:1: the local name of ':a\\>b' holds a character no IRI may hold"},
      {kCsvHead + "https://x.org/a,:p,:b,,,,,\n", RdfFormat::kCsv,
       "t:3:1: write an IRI in angle brackets: <https://x.org/a>"},
      {kCsvHead + ":a,:p,:b,,,,,,\n", RdfFormat::kCsv,
       "t:3:15: this row has 9 cells; the header has 8"},
      {kCsvHead + ":a,:p,\"open\n\n", RdfFormat::kCsv, "t:3:7: a quoted cell is not closed"},
      {kCsvHead + ":a,:p,\"x\"y,,,,,\n", RdfFormat::kCsv, "t:3:10: expected ','"},
      {kCsvHead + ":a,:p,\"\"\"x\"\"@\",,,,,\n", RdfFormat::kCsv, "t:3:7: bad language tag"},
      // Found by fuzz_csv: a subtag past 8 characters loaded, and the N-Quads dump then held a
      // tag the N-Quads reader refuses. Every reader takes one rule (lex::valid_language_tag).
      {kCsvHead + ":a,:p,\"\"\"x\"\"@HHHHHHHHHHHHHHHHHHHHps\",,,,,\n", RdfFormat::kCsv,
       "t:3:7: bad language tag"},
      {kCsvHead + ":a,:p,\"\"\"x\"\"@en-abcdefghi\",,,,,\n", RdfFormat::kCsv,
       "t:3:7: bad language tag"},
      {"subject\tpredicate\tobject\n<http://a>\t<http://p>\t\"x\"@1en\n", RdfFormat::kTsv,
       "t:2:23: bad language tag"},
      {"# prefix : nothing\n", RdfFormat::kCsv, "t:1:10: expected '# prefix NAME: <IRI>'"},
      {"subject\tpredicate\tobject\n<http://a>\tx\ty\n", RdfFormat::kTsv,
       "t:2:12: expected an IRI"},
      // Found by fuzz_csv: bytes that are not UTF-8 became an IRI no reader takes back.
      {kCsvHead + ":a,:p\x90\x8a,:b,,,,,\n", RdfFormat::kCsv, "t:3:6: invalid UTF-8"},
      {kCsvHead + ":a,:p,\"x\n\xC0\xAF\",,,,,\n", RdfFormat::kCsv, "t:4:1: invalid UTF-8"},
      {"subject\tpredicate\tobject\n<http://a>\t<http://p>\t\xED\xA0\x80\n", RdfFormat::kTsv,
       "t:2:23: invalid UTF-8"},
  });
}

TEST_CASE("CSV with on_skip: a bad row is reported and the rest read", "[reports]") {
  std::vector<Status> skipped;
  Parsed p = parse(kCsvHead +
                       ":a,:p,:b,,,,,\n:a,:p,:c,20x,,,,\n:a,:p,:d,,,,,\n:a,:p,\"e\"x,,,,,\n"
                       ":a,:p,:f,,,,,\n:a,:p,\"open\n",
                   RdfFormat::kCsv, "t", &skipped);
  REQUIRE(p.status);
  CHECK(p.facts.size() == 3);
  REQUIRE(skipped.size() == 3);
  CHECK(skipped[0].where().line == 4);
  CHECK(skipped[1].where().line == 6);
  CHECK(skipped[2].where().line == 8);
}

TEST_CASE("JSON lines: a report's metadata, entities and facts in its graph", "[reports]") {
  std::string text =
      "{\"prefixes\": {\"\": \"" + kEx +
      "\", \"org\": \"https://annals.dev/org/\"}}\n"
      "\n"
      "{\"id\": \":r1\", \"title\": \"T\", \"published\": \"2025-04-21\", \"publisher\": "
      "\"org:DW\", "
      "\"url\": \"https://example.org/a\", \"entities\": [{\"id\": \":K\", \"type\": [\":City\"], "
      "\"label\": {\"@value\": \"Kabul\", \"@language\": \"en\"}, \"aliases\": [\"Kābul\"]}], "
      "\"facts\": [{\"s\": \":P\", \"p\": \":visited\", \"o\": \":K\", \"in\": \"2025-04\", "
      "\"quote\": \"arrived\"}, {\"s\": \":K\", \"p\": \":pop\", \"o\": 4601789, \"from\": 2020}, "
      "{\"s\": \":K\", \"p\": \":area\", \"o\": 1028.5}, {\"s\": \":K\", \"p\": \":ok\", \"o\": "
      "true}, "
      "{\"s\": \":K\", \"p\": \":on\", \"o\": {\"@value\": \"2025-01-01\", \"@type\": "
      "\"<http://www.w3.org/2001/XMLSchema#date>\"}}, {\"s\": \":K\", \"p\": \":same\", \"o\": "
      "{\"@id\": \"<http://ex/K>\"}}]}\n";
  Parsed p = parse(text, RdfFormat::kJsonl);
  REQUIRE(p.status);
  std::set<std::string> quads;
  for (const Fact& f : p.facts) quads.insert(f.quad + " | " + f.valid);
  const std::string g = " " + ex("r1") + " | always";
  CHECK(quads.contains(ex("r1") + " <http://purl.org/dc/terms/title> \"T\"" + g));
  CHECK(quads.contains(
      ex("r1") +
      " <http://purl.org/dc/terms/issued> \"2025-04-21\"^^<http://www.w3.org/2001/XMLSchema#date>" +
      g));
  CHECK(quads.contains(ex("r1") +
                       " <http://purl.org/dc/terms/publisher> <https://annals.dev/org/DW>" + g));
  CHECK(quads.contains(ex("r1") + " <https://schema.org/url> <https://example.org/a>" + g));
  CHECK(quads.contains(ex("K") + " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " +
                       ex("City") + g));
  CHECK(quads.contains(ex("K") + " <http://www.w3.org/2000/01/rdf-schema#label> \"Kabul\"@en" + g));
  CHECK(quads.contains(ex("K") + " <http://www.w3.org/2004/02/skos/core#altLabel> \"Kābul\"" + g));
  CHECK(quads.contains(ex("P") + " " + ex("visited") + " " + ex("K") + " " + ex("r1") +
                       " | [2025-04, 2025-05)"));
  CHECK(quads.contains(ex("K") + " " + ex("pop") +
                       " \"4601789\"^^<http://www.w3.org/2001/XMLSchema#integer> " + ex("r1") +
                       " | [2020, ∞)"));
  CHECK(quads.contains(ex("K") + " " + ex("area") +
                       " \"1028.5\"^^<http://www.w3.org/2001/XMLSchema#decimal>" + g));
  CHECK(quads.contains(ex("K") + " " + ex("ok") +
                       " \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>" + g));
  CHECK(quads.contains(ex("K") + " " + ex("on") +
                       " \"2025-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>" + g));
  CHECK(quads.contains(ex("K") + " " + ex("same") + " <http://ex/K>" + g));
  bool quoted = false;
  for (const std::string& q : quads)
    quoted = quoted || q.find("<https://annals.dev/ns#quote> \"arrived\"") != std::string::npos;
  CHECK(quoted);
  CHECK(p.facts.size() == 15);
}

TEST_CASE("JSON lines errors name the report's line and the field", "[reports]") {
  const std::string id = "{\"id\": \"<http://g>\", ";
  check_errors({
      {"{\"id\": \"<http://g>\"}\n{\"id\": ", RdfFormat::kJsonl, "t:2:8: bad JSON: "},
      {"{\"id\": \"<http://g>\" \"title\": 1}\n", RdfFormat::kJsonl,
       "t:1:21: bad JSON: syntax error while parsing object - unexpected string literal"},
      {"{\"id\": truth}\n", RdfFormat::kJsonl, "t:1:8: bad JSON"},
      {"[1]\n", RdfFormat::kJsonl, "t:1:1: report: expected an object"},
      {"{\"title\": \"x\"}\n", RdfFormat::kJsonl, "t:1:1: id: a report needs an id"},
      {id + "\"titel\": \"x\"}\n", RdfFormat::kJsonl, "t:1:22: titel: unknown field"},
      {id + "\"facts\": [{\"s\": \"<http://a>\", \"p\": \"<http://b>\"}]}\n", RdfFormat::kJsonl,
       "t:1:22: facts[0].o: a fact needs s, p and o"},
      {id + "\"facts\": [{\"s\": \"x:a\", \"p\": \"<http://b>\", \"o\": 1}]}\n", RdfFormat::kJsonl,
       "t:1:22: facts[0].s: unknown prefix 'x:'"},
      {id + "\"facts\": [{\"s\": \"<http://a>\", \"p\": \"<http://b>\", \"o\": [1]}]}\n",
       RdfFormat::kJsonl, "t:1:22: facts[0].o: expected a string"},
      {id + "\"published\": \"April\"}\n", RdfFormat::kJsonl, "t:1:22: published: bad date"},
      {id + "\"entities\": [{\"type\": \"<http://T>\"}]}\n", RdfFormat::kJsonl,
       "t:1:22: entities[0].id: an entity needs an id"},
      // "lex"^^<x:a\u0000b> would share its dictionary form with "b\u0000lex"^^<x:a>.
      {id + "\"facts\": [{\"s\": \"<http://a>\", \"p\": \"<http://b>\", \"o\": {\"@value\": "
            "\"lex\", \"@type\": \"<x:a\\u0000b>\"}}]}\n",
       RdfFormat::kJsonl, "t:1:22: facts[0].o.@type: an IRI may not hold byte 0x00"},
      // A number past a double's range is an error at its place (not an abort); the same
      // text in a string before it is not that place.
      {id + "\"title\": \"-1e400\", \"facts\": [{\"s\": \"<http://a>\", \"p\": \"<http://b>\", "
            "\"o\": -1e400}]}\n",
       RdfFormat::kJsonl, "t:1:95: bad JSON: the number -1e400 is out of range"},
      {id + "\"facts\": [{\"s\": \"<http://a>\", \"p\": \"<http://b>\", \"o\": {\"@value\": "
            "\"x\", \"@language\": \"HHHHHHHHHHHHHHHHHHHHps\"}}]}\n",
       RdfFormat::kJsonl, "t:1:22: facts[0].o: bad language tag"},
  });
}

TEST_CASE("JSON lines with on_skip: a bad report is left out whole", "[reports]") {
  std::vector<Status> skipped;
  Parsed p = parse(
      "{\"id\": \"<http://g>\", \"title\": \"x\", \"facts\": [{\"s\": 1}]}\n"
      "{\"id\": \"<http://g2>\", \"title\": \"y\"}\n",
      RdfFormat::kJsonl, "t", &skipped);
  REQUIRE(p.status);
  REQUIRE(p.facts.size() == 1);
  CHECK(p.facts[0].quad.ends_with("\"y\" <http://g2>"));
  CHECK(skipped.size() == 1);
}

TEST_CASE("parse_rdf spells a report's intervals out, and parse_facts folds them back",
          "[reports]") {
  std::string text = kCsvHead + ":a,:p,:b,2021-08,2022,,:g,a note\n:a,:p,:c,,,,,\n";
  Input in = Input::from_string(text, "t.csv");
  std::string nq;
  REQUIRE(parse_rdf(in, ParseOptions(RdfFormat::kCsv), [&](const Quad& q) {
    nq += nquad(q) + " .\n";
    return Status::ok();
  }));
  CHECK(nq.find("<https://annals.dev/ns#validFrom> \"2021-08\"") != std::string::npos);
  Parsed back = parse(nq, RdfFormat::kNQuads);
  REQUIRE(back.status);
  CHECK(back.facts == parse(text, RdfFormat::kCsv).facts);
}

TEST_CASE("report formats by name and extension; writers refuse them", "[reports]") {
  CHECK(input_format_from_path("a/b.CSV") == RdfFormat::kCsv);
  CHECK(input_format_from_path("b.tsv.gz") == RdfFormat::kTsv);
  CHECK(input_format_from_path("b.jsonl") == RdfFormat::kJsonl);
  CHECK(input_format_from_path("b.nq") == RdfFormat::kNQuads);
  CHECK_FALSE(rdf_format_from_path("b.csv"));
  CHECK(input_format_from_name("JSONL") == RdfFormat::kJsonl);
  CHECK_FALSE(rdf_format_from_name("csv"));
  std::ostringstream out;
  RdfWriter w(out, RdfFormat::kCsv);
  Quad q;
  q.subject = Term::iri("http://a");
  q.predicate = Term::iri("http://b");
  q.object = Term::iri("http://c");
  CHECK_FALSE(w.write(q));
}

namespace {

std::multiset<std::string> current_facts(const Store& store, std::optional<TxNumber> as_of = {},
                                         std::vector<FactId>* ids = nullptr) {
  auto read = store.read();
  REQUIRE(read);
  auto c =
      read->scan(Pattern{}, TimeScope{.valid = {}, .as_of = as_of}, ScanOptions{.fact_ids = true});
  REQUIRE(c);
  std::multiset<std::string> out;
  for (; c->valid(); c->next()) {
    const FactRow& r = c->row();
    Quad q;
    q.subject = *read->term(r.s);
    q.predicate = *read->term(r.p);
    q.object = *read->term(r.o);
    if (r.g != kDefaultGraph) q.graph = *read->term(r.g);
    out.insert(nquad(q) + " | " + to_string(r.valid));
    if (ids) ids->push_back(r.id);
  }
  REQUIRE(c->status());
  return out;
}

Result<LoadResult> load_text(Store& store, const std::string& text, RdfFormat f,
                             bool replace = false) {
  LoadOptions o;
  o.format = f;
  o.replace_graphs = replace;
  return load_input(store, Input::from_string(text, "r"), o);
}

}  // namespace

TEST_CASE("a report loaded twice leaves the store as it was", "[reports]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  std::string csv = kCsvHead + ":a,:p,:b,2021,,,:g,note\n:a,:p,:b,2022,,,:g,\n";
  std::string jsonl =
      "{\"id\": \"<http://g>\", \"title\": \"T\", \"facts\": [{\"s\": \"<http://a>\", "
      "\"p\": \"<http://b>\", \"o\": \"c\", \"from\": \"2020\", \"quote\": \"q\"}]}\n";
  auto first = load_text(*store, csv, RdfFormat::kCsv);
  REQUIRE(first);
  REQUIRE(load_text(*store, jsonl, RdfFormat::kJsonl));
  auto before = current_facts(*store);
  CHECK(before.size() == 8);
  auto again = load_text(*store, csv, RdfFormat::kCsv);
  REQUIRE(again);
  CHECK(again->facts_added == 0);
  CHECK(again->tx.number == 0);
  REQUIRE(load_text(*store, jsonl, RdfFormat::kJsonl));
  CHECK(current_facts(*store) == before);
}

TEST_CASE("replace_graphs: a revised report replaces its graph; AS OF sees the old one",
          "[reports]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  auto v1 = load_text(*store,
                      "<http://a> <http://p> <http://b> <http://g> .\n"
                      "<http://a> <http://p> <http://c> <http://g> .\n"
                      "<http://a> <http://p> <http://d> <http://other> .\n"
                      "<http://a> <http://p> <http://e> .\n",
                      RdfFormat::kNQuads);
  REQUIRE(v1);
  std::vector<FactId> ids_before;
  auto old_facts = current_facts(*store, {}, &ids_before);
  std::string v2 =
      "subject,predicate,object,source\n<http://a>,<http://p>,<http://b>,<http://g>\n"
      "<http://a>,<http://p>,<http://new>,<http://g>\n";
  auto r = load_text(*store, v2, RdfFormat::kCsv, true);
  REQUIRE(r);
  CHECK(r->facts_added == 1);
  CHECK(r->facts_retracted == 1);
  std::vector<FactId> ids_after;
  auto now = current_facts(*store, {}, &ids_after);
  CHECK(now.size() == 4);
  CHECK(now.contains("<http://a> <http://p> <http://new> <http://g> | always"));
  CHECK_FALSE(now.contains("<http://a> <http://p> <http://c> <http://g> | always"));
  CHECK(now.contains("<http://a> <http://p> <http://d> <http://other> | always"));
  CHECK(now.contains("<http://a> <http://p> <http://e> | always"));
  // The fact that stayed kept its id.
  std::set<FactId> before_set(ids_before.begin(), ids_before.end());
  std::size_t kept = 0;
  for (FactId id : ids_after) kept += before_set.contains(id) ? 1 : 0;
  CHECK(kept == 3);
  CHECK(current_facts(*store, v1->tx.number) == old_facts);
  // The same revision again changes nothing.
  auto same = load_text(*store, v2, RdfFormat::kCsv, true);
  REQUIRE(same);
  CHECK(same->tx.number == 0);
  // An N-Triples file replaces the default graph.
  auto nt = load_text(*store, "<http://a> <http://p> <http://f> .\n", RdfFormat::kNTriples, true);
  REQUIRE(nt);
  CHECK(nt->facts_retracted == 1);
  CHECK(current_facts(*store).contains("<http://a> <http://p> <http://f> | always"));
  CHECK_FALSE(current_facts(*store).contains("<http://a> <http://p> <http://e> | always"));
}

TEST_CASE("a failed report load changes nothing", "[reports]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(store);
  REQUIRE(load_text(*store, "<http://a> <http://p> <http://b> <http://g> .\n", RdfFormat::kNQuads));
  auto before = current_facts(*store);
  auto bad = load_text(
      *store, "subject,predicate,object,source\n<http://a>,<http://p>,<http://c>,<http://g>\nx\n",
      RdfFormat::kCsv, true);
  REQUIRE_FALSE(bad);
  CHECK(bad.status().where().line == 3);
  CHECK(current_facts(*store) == before);
}
