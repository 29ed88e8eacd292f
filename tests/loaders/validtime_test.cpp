// Valid time in files: annals:validFrom / validTo / validIn annotations become the intervals of
// the facts they annotate (Turtle, TriG, and spelled out in N-Triples/N-Quads), bad values are
// errors at their place that commit nothing, and a dump in any format loads back to the same
// facts and dumps the same again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "annals/load.hpp"
#include "../support/temp_dir.hpp"

using namespace annals;
using annals::testing::TempDir;

namespace {

const std::string kPrefixes =
    "@prefix : <http://ex/> .\n"
    "@prefix annals: <https://annals.dev/ns#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";
const std::string kXsdNs = "http://www.w3.org/2001/XMLSchema#";
const std::string kAnnals = "https://annals.dev/ns#";
const std::string kReifies = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies>";

std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir / name;
  std::ofstream(path) << text;
  return path;
}

// N-Triples form with every blank node label replaced by "_:B".
std::string masked(const Term& t) {
  std::string s = to_ntriples(t), out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "_:") != 0) {
      out += s[i++];
      continue;
    }
    out += "_:B";
    for (i += 2; i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])); ++i) {
    }
  }
  return out;
}

// Every current fact: "s p o [g] | interval", sorted, blank node labels masked.
std::vector<std::string> facts(const Store& store) {
  auto read = store.read();
  REQUIRE(read);
  auto c = read->scan(Pattern{});
  REQUIRE(c);
  std::vector<std::string> out;
  for (; c->valid(); c->next()) {
    const FactRow& r = c->row();
    std::string line;
    for (TermId id : {r.s, r.p, r.o}) line += masked(*read->term(id)) + ' ';
    if (r.g != kDefaultGraph) line += masked(*read->term(r.g)) + ' ';
    line += "| " + to_string(r.valid);
    out.push_back(std::move(line));
  }
  REQUIRE(c->status());
  std::sort(out.begin(), out.end());
  return out;
}

std::string dump(const Store& store, RdfFormat format) {
  std::ostringstream out;
  Status st = dump_store(store, out, format);
  INFO(st.to_string());
  REQUIRE(st);
  return out.str();
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The 1-based column of the first occurrence of `what` in line `line` (1-based) of text.
std::uint64_t column_of(const std::string& text, int line, const std::string& what) {
  std::istringstream in(text);
  std::string l;
  for (int i = 0; i < line; ++i) std::getline(in, l);
  auto at = l.find(what);
  REQUIRE(at != std::string::npos);
  return at + 1;
}

const std::string kTimeline = kPrefixes +
    ":ttp :supportedBy :taliban {| annals:validFrom \"2021-08\"^^xsd:gYearMonth |} .\n"
    ":a :p :b {| annals:validFrom \"2020\"^^xsd:gYear ;\n"
    "            annals:validTo \"2021-03-04\"^^xsd:date |} .\n"
    ":a :p :c {| annals:validTo \"2019\"^^xsd:gYear |} .\n"
    ":pk :visited :kabul {| annals:validIn \"2025-04\"^^xsd:gYearMonth |}\n"
    "    {| annals:validIn \"2025-07\"^^xsd:gYearMonth |} , :herat .\n"
    ":x :y :z {| annals:validIn \"2014-03-02\"^^xsd:date |} .\n"
    ":plain :p :o .\n";

}  // namespace

TEST_CASE("annotations give facts their intervals at every precision", "[validtime]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  auto r = load_files(*store, {write_file(dir, "t.ttl", kTimeline)});
  REQUIRE(r);
  CHECK(r->quads_read == 8);
  CHECK(r->facts_added == 8);
  CHECK(facts(*store) == sorted({
      "<http://ex/a> <http://ex/p> <http://ex/b> | [2020, 2021-03-04)",
      "<http://ex/a> <http://ex/p> <http://ex/c> | [-∞, 2019)",
      "<http://ex/pk> <http://ex/visited> <http://ex/herat> | always",
      "<http://ex/pk> <http://ex/visited> <http://ex/kabul> | [2025-04, 2025-05)",
      "<http://ex/pk> <http://ex/visited> <http://ex/kabul> | [2025-07, 2025-08)",
      "<http://ex/plain> <http://ex/p> <http://ex/o> | always",
      "<http://ex/ttp> <http://ex/supportedBy> <http://ex/taliban> | [2021-08, ∞)",
      "<http://ex/x> <http://ex/y> <http://ex/z> | [2014-03-02, 2014-03-03)",
  }));
  // The bounds keep their precision.
  auto read = store->read();
  auto c = read->scan(Pattern{});
  for (; c->valid(); c->next()) {
    if (c->row().valid.from && c->row().valid.to &&
        c->row().valid.from->precision != c->row().valid.to->precision) {
      CHECK(c->row().valid.from->precision == Precision::kYear);
      CHECK(c->row().valid.to->precision == Precision::kDay);
    }
  }
}

TEST_CASE("other annotations stay statements about their reifier", "[validtime]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  std::string text = kPrefixes +
      ":x :y :z {| annals:validIn \"2014\"^^xsd:gYear ; :source :dw |} .\n"
      ":x :y :w {| :source :un |} .\n"
      ":x :y :v ~ :r1 {| annals:validFrom \"2001-09-11\"^^xsd:date |} .\n"
      ":x :y :u {| :source :ap ; annals:validFrom \"1999\"^^xsd:gYear |} {| :conf 1 |} .\n";
  REQUIRE(load_files(*store, {write_file(dir, "t.ttl", text)}));
  const std::string xy = "<http://ex/x> <http://ex/y> ";
  CHECK(facts(*store) == sorted({
      "<http://ex/r1> " + kReifies + " <<( " + xy + "<http://ex/v> )>> | always",
      xy + "<http://ex/u> | [1999, ∞)",
      xy + "<http://ex/v> | [2001-09-11, ∞)",
      xy + "<http://ex/w> | always",
      xy + "<http://ex/z> | [2014, 2015)",
      "_:B " + kReifies + " <<( " + xy + "<http://ex/u> )>> | always",
      "_:B " + kReifies + " <<( " + xy + "<http://ex/u> )>> | always",
      "_:B " + kReifies + " <<( " + xy + "<http://ex/w> )>> | always",
      "_:B " + kReifies + " <<( " + xy + "<http://ex/z> )>> | always",
      "_:B <http://ex/conf> \"1\"^^<" + kXsdNs + "integer> | always",
      "_:B <http://ex/source> <http://ex/ap> | always",
      "_:B <http://ex/source> <http://ex/dw> | always",
      "_:B <http://ex/source> <http://ex/un> | always",
  }));
}

TEST_CASE("TriG annotations and spelled-out N-Quads give the same facts", "[validtime]") {
  TempDir dir;
  std::string trig = kPrefixes +
      ":g1 { :a :p :b {| annals:validFrom \"2020-01\"^^xsd:gYearMonth |} .\n"
      "      :a :p :b {| annals:validTo \"2020-01\"^^xsd:gYearMonth |} . }\n"
      ":a :p :b .\n";
  const std::string q = "<http://ex/a> <http://ex/p> <http://ex/b>";
  const std::string g = " <http://ex/g1>";
  std::string nq =
      q + g + " .\n" +
      "_:r " + kReifies + " <<( " + q + " )>>" + g + " .\n" +
      "_:r <" + kAnnals + "validFrom> \"2020-01\"^^<" + kXsdNs + "gYearMonth>" + g + " .\n" +
      q + g + " .\n" +
      "_:r2 " + kReifies + " <<( " + q + " )>>" + g + " .\n" +
      "_:r2 <" + kAnnals + "validTo> \"2020-01\"^^<" + kXsdNs + "gYearMonth>" + g + " .\n" +
      q + " .\n";
  auto a = Store::open(dir / "a");
  auto b = Store::open(dir / "b");
  REQUIRE(load_files(*a, {write_file(dir, "t.trig", trig)}));
  REQUIRE(load_files(*b, {write_file(dir, "t.nq", nq)}));
  CHECK(facts(*a) == sorted({
      q + " | always",
      q + g + " | [-∞, 2020-01)",
      q + g + " | [2020-01, ∞)",
  }));
  CHECK(facts(*a) == facts(*b));
}

TEST_CASE("a reifier of another graph or triple is no annotation", "[validtime]") {
  TempDir dir;
  const std::string q = "<http://ex/a> <http://ex/p> <http://ex/b>";
  const std::string from = " <" + kAnnals + "validFrom> \"2020\"^^<" + kXsdNs + "gYear>";
  std::string nq = q + " .\n" +
                   "_:r " + kReifies + " <<( " + q + " )>> <http://ex/g> .\n" +
                   "_:r" + from + " <http://ex/g> .\n" +
                   "_:s " + kReifies + " <<( <http://ex/a> <http://ex/p> <http://ex/c> )>> .\n" +
                   "_:s" + from + " .\n";
  auto store = Store::open(dir / "s");
  REQUIRE(load_files(*store, {write_file(dir, "t.nq", nq)}));
  CHECK(facts(*store).size() == 5);
}

TEST_CASE("bad valid times are errors at the value's place and commit nothing", "[validtime]") {
  struct Case {
    std::string line;   // the statement, on line 4 after the prefixes
    std::string value;  // where the error points
    std::string message;
  };
  const std::vector<Case> cases = {
      {":a :p :b {| annals:validIn \"2025-13\"^^xsd:gYearMonth |} .", "\"2025-13\"",
       "\"2025-13\"^^xsd:gYearMonth is not a valid xsd:gYearMonth"},
      {":a :p :b {| annals:validFrom \"2025-02-30\"^^xsd:date |} .", "\"2025-02-30\"",
       "not a valid xsd:date"},
      {":a :p :b {| annals:validFrom \"2025\"^^xsd:gYear ; annals:validTo \"2024\"^^xsd:gYear |} .",
       "\"2024\"", "annals:validTo 2024 is not after annals:validFrom 2025"},
      {":a :p :b {| annals:validTo \"2025-01\"^^xsd:gYearMonth ; "
       "annals:validFrom \"2025\"^^xsd:gYear |} .",
       "\"2025\"", "is not after"},
      {":a :p :b {| annals:validFrom \"2025-01-01T00:00:00Z\"^^xsd:dateTime |} .", "\"2025-01-01T",
       "annals:validFrom needs an xsd:gYear, xsd:gYearMonth or xsd:date literal, not "
       "\"2025-01-01T00:00:00Z\"^^xsd:dateTime"},
      {":a :p :b {| annals:validFrom \"2025\" |} .", "\"2025\"", "literal, not \"2025\""},
      {":a :p :b {| annals:validTo :later |} .", ":later", "not <http://ex/later>"},
      {":a :p :b {| annals:validIn \"2025\"^^xsd:gYear ; annals:validTo \"2027\"^^xsd:gYear |} .",
       "\"2027\"", "annals:validIn cannot be combined with annals:validFrom or annals:validTo"},
      {":a :p :b {| annals:validFrom \"2025\"^^xsd:gYear, \"2026\"^^xsd:gYear |} .", "\"2026\"",
       "annals:validFrom is given twice in one annotation"},
      {":a :p :b {| annals:validIn \"2025\"^^xsd:gYear {| :source :x |} |} .", "{| :source",
       "cannot be annotated"},
  };
  for (const Case& c : cases) {
    INFO(c.line);
    TempDir dir;
    auto store = Store::open(dir / "s");
    std::string good = write_file(dir, "good.ttl", kTimeline);
    std::string text = kPrefixes + c.line + "\n";
    auto r = load_files(*store, {good, write_file(dir, "bad.ttl", text)});
    REQUIRE_FALSE(r);
    INFO(r.status().to_string());
    CHECK(r.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(r.status().message(), Catch::Contains(c.message));
    CHECK(r.status().where().source == dir / "bad.ttl");
    CHECK(r.status().where().line == 4);
    CHECK(r.status().where().column == column_of(text, 4, c.value));
    CHECK(store->read()->stats()->facts == 0);
  }
}

TEST_CASE("bad spelled-out valid times in N-Quads are errors at the value", "[validtime]") {
  TempDir dir;
  const std::string q = "<http://ex/a> <http://ex/p> <http://ex/b>";
  std::string nq = q + " .\n" +
                   "_:r " + kReifies + " <<( " + q + " )>> .\n" +
                   "_:r <" + kAnnals + "validFrom> \"2025-13\"^^<" + kXsdNs + "gYearMonth> .\n";
  auto store = Store::open(dir / "s");
  std::string path = write_file(dir, "t.nq", nq);
  auto r = load_files(*store, {path});
  REQUIRE_FALSE(r);
  CHECK_THAT(r.status().message(), Catch::Contains("not a valid xsd:gYearMonth"));
  CHECK(r.status().where().line == 3);
  CHECK(r.status().where().column == column_of(nq, 3, "\"2025-13\""));
  CHECK(store->read()->stats()->facts == 0);

  // Skipping bad statements leaves out the bad value and the fact it annotates.
  LoadOptions o;
  std::vector<Status> skipped;
  o.on_skip = [&](const Status& st) { skipped.push_back(st); };
  auto s = load_files(*store, {path}, o);
  REQUIRE(s);
  CHECK(s->skipped == 1);
  CHECK(store->read()->stats()->facts == 0);
}

TEST_CASE("annals statements outside annotations are ordinary triples", "[validtime]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  std::string text = kPrefixes +
      "<< :a :p :b >> annals:validFrom \"2020\"^^xsd:gYear .\n"
      ":r annals:validFrom \"not checked\" .\n";
  REQUIRE(load_files(*store, {write_file(dir, "t.ttl", text)}));
  CHECK(facts(*store).size() == 3);
}

TEST_CASE("parse_facts hands on each fact with its interval", "[validtime]") {
  Input in = Input::from_string(kTimeline, "t.ttl");
  std::vector<std::string> got;
  auto sink = [&](const Quad& q, const ValidTime& v) {
    got.push_back(q.object.value + " " + to_string(v));
    return Status::ok();
  };
  Status st = parse_facts(in, ParseOptions(RdfFormat::kTurtle), sink);
  REQUIRE(st);
  CHECK(got == std::vector<std::string>{
      "http://ex/taliban [2021-08, ∞)", "http://ex/b [2020, 2021-03-04)",
      "http://ex/c [-∞, 2019)",
      "http://ex/kabul [2025-04, 2025-05)", "http://ex/kabul [2025-07, 2025-08)",
      "http://ex/herat always", "http://ex/z [2014-03-02, 2014-03-03)", "http://ex/o always"});
  // parse_rdf keeps the annotations as they are written.
  Input again = Input::from_string(kTimeline, "t.ttl");
  std::size_t quads = 0;
  REQUIRE(parse_rdf(again, ParseOptions(RdfFormat::kTurtle), [&](const Quad&) {
    ++quads;
    return Status::ok();
  }));
  CHECK(quads == 7 + 6 + 7);  // the triples, a reifier per block, the annals statements
}

TEST_CASE("dump writes every fact with its interval; dump, load, dump is the same",
          "[validtime]") {
  const std::string quads = kTimeline +
      ":a :p :b .\n"
      ":a :p :b {| annals:validFrom \"1990-05-06\"^^xsd:date ;\n"
      "            annals:validTo \"1991-05\"^^xsd:gYearMonth |} .\n"
      ":a :p :b {| annals:validFrom \"2020-01\"^^xsd:gYearMonth ;\n"
      "            annals:validTo \"2020-02\"^^xsd:gYearMonth |} .\n"
      ":x :y :z {| :source :dw |} .\n";
  const std::string graphs = quads +
      ":g { :a :p :b {| annals:validIn \"1066\"^^xsd:gYear |} . :a :p :b . }\n"
      "GRAPH :h { :s :p \"x\" {| annals:validTo \"2000\"^^xsd:gYear |} }\n";
  for (RdfFormat f :
       {RdfFormat::kNTriples, RdfFormat::kNQuads, RdfFormat::kTurtle, RdfFormat::kTriG}) {
    INFO(rdf_format_name(f));
    TempDir dir;
    auto a = Store::open(dir / "a");
    bool has_graphs = rdf_format_has_graphs(f);
    REQUIRE(load_files(*a, {write_file(dir, has_graphs ? "src.trig" : "src.ttl",
                                       has_graphs ? graphs : quads)}));
    std::string first = dump(*a, f);
    CHECK(first.find("1990-05-06") != std::string::npos);
    std::string name = "dump." + std::string(f == RdfFormat::kNTriples  ? "nt"
                                              : f == RdfFormat::kNQuads ? "nq"
                                              : f == RdfFormat::kTurtle ? "ttl"
                                                                        : "trig");
    auto b = Store::open(dir / "b");
    auto r = load_files(*b, {write_file(dir, name, first)});
    INFO(first);
    REQUIRE(r);
    CHECK(facts(*a) == facts(*b));
    CHECK(dump(*b, f) == first);
  }
}

TEST_CASE("Turtle dumps say intervals as annotations with the annals: prefix", "[validtime]") {
  TempDir dir;
  auto store = Store::open(dir / "s");
  REQUIRE(load_files(*store, {write_file(dir, "t.ttl", kTimeline)}));
  std::string out = dump(*store, RdfFormat::kTurtle);
  CHECK_THAT(out, Catch::Contains("@prefix annals: <https://annals.dev/ns#> ."));
  CHECK_THAT(out, Catch::Contains(
      ":visited :kabul {| annals:validIn \"2025-04\"^^xsd:gYearMonth |}"));
  CHECK_THAT(out, Catch::Contains(
      "{| annals:validFrom \"2020\"^^xsd:gYear ; annals:validTo \"2021-03-04\"^^xsd:date |}"));
  CHECK_THAT(out, Catch::Contains("{| annals:validIn \"2014-03-02\"^^xsd:date |}"));
  CHECK_THAT(out, Catch::Contains(":plain :p :o ."));
  std::string nt = dump(*store, RdfFormat::kNTriples);
  CHECK_THAT(nt, Catch::Contains("_:r4 " + kReifies + " <<( <http://ex/pk>"));
  CHECK_THAT(nt, Catch::Contains("_:r4 <" + kAnnals + "validIn> \"2025-04\"^^<" + kXsdNs +
                                 "gYearMonth> ."));
}
