// Turtle / TriG reader: what each construct produces, relative IRIs, prefixes handed to the
// caller, blank node labels, errors with their place, limits, and inputs larger than the
// reader's buffer. Conformance as such is the W3C runner's job (tests/w3c); these pin down
// our own choices.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "annals/rdf.hpp"

using annals::Input;
using annals::ParseOptions;
using annals::Prefix;
using annals::Quad;
using annals::RdfFormat;
using annals::Status;
using annals::StatusCode;
using annals::Term;

namespace {

struct Parsed {
  Status status;
  std::vector<std::string> lines;  // each quad as canonical N-Quads, without " .\n"
  std::vector<Prefix> prefixes;
};

Parsed parse(std::string text, RdfFormat format = RdfFormat::kTurtle, std::string base = {}) {
  Parsed r;
  ParseOptions options(format);
  options.base = std::move(base);
  options.on_prefix = [&](const Prefix& p) { r.prefixes.push_back(p); };
  Input in = Input::from_string(std::move(text), "t.ttl");
  r.status = annals::parse_rdf(in, options, [&](const Quad& q) {
    std::string line = annals::to_ntriples(q.subject) + ' ' + annals::to_ntriples(q.predicate) +
                       ' ' + annals::to_ntriples(q.object);
    if (!q.graph.is_default_graph()) line += ' ' + annals::to_ntriples(q.graph);
    r.lines.push_back(std::move(line));
    return Status::ok();
  });
  return r;
}

const std::string kEx = "@prefix : <http://ex/> .\n";

}  // namespace

TEST_CASE("predicate and object lists, 'a', and bare literals", "[turtle][reader]") {
  auto r = parse(kEx + ":s a :T ; :p :o1, :o2 ; :n 1, -2.5, 1e3, true .");
  REQUIRE(r.status.is_ok());
  CHECK(r.lines == std::vector<std::string>{
                       "<http://ex/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex/T>",
                       "<http://ex/s> <http://ex/p> <http://ex/o1>",
                       "<http://ex/s> <http://ex/p> <http://ex/o2>",
                       "<http://ex/s> <http://ex/n> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                       "<http://ex/s> <http://ex/n> \"-2.5\"^^<http://www.w3.org/2001/XMLSchema#decimal>",
                       "<http://ex/s> <http://ex/n> \"1e3\"^^<http://www.w3.org/2001/XMLSchema#double>",
                       "<http://ex/s> <http://ex/n> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>",
                   });
}

TEST_CASE("blank node property lists and collections get fresh blank nodes", "[turtle][reader]") {
  auto r = parse(kEx + ":s :p [ :q 1 ] ; :l ( :a ) .");
  REQUIRE(r.status.is_ok());
  REQUIRE(r.lines.size() == 5);
  // A blank node's own statements come first: its object is whole only after them.
  CHECK(r.lines[0] == "_:_1 <http://ex/q> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  CHECK(r.lines[1] == "<http://ex/s> <http://ex/p> _:_1");
  CHECK(r.lines[2] == "_:_2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://ex/a>");
  CHECK(r.lines[3] == "_:_2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
                      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>");
  CHECK(r.lines[4] == "<http://ex/s> <http://ex/l> _:_2");
}

TEST_CASE("file labels never meet the reader's fresh blank nodes", "[turtle][reader]") {
  // Fresh nodes are "_N"; a file label starting with '_' gets one more '_' in front.
  auto r = parse(kEx + "_:_1 :p [] . _:b :p _:__x .");
  REQUIRE(r.status.is_ok());
  REQUIRE(r.lines.size() == 2);
  CHECK(r.lines[0] == "_:__1 <http://ex/p> _:_1");
  CHECK(r.lines[1] == "_:b <http://ex/p> _:___x");
}

TEST_CASE("relative IRIs resolve against @base, BASE and the given base", "[turtle][reader]") {
  SECTION("no base: a relative IRI is an error with its place") {
    auto r = parse("<a> <b> <c> .");
    CHECK(r.status.code() == StatusCode::kInvalidInput);
    CHECK(r.status.where().line == 1);
    CHECK(r.status.where().column == 1);
  }
  SECTION("the caller's base, then the file's own") {
    auto r = parse("<a> <p> <../c> .\n@base <http://other/x/> .\n<a> <p> <#f> .\n"
                   "BASE <sub/>\n<a> <p> <?q> .",
                   RdfFormat::kTurtle, "http://ex/dir/doc");
    REQUIRE(r.status.is_ok());
    CHECK(r.lines == std::vector<std::string>{
                         "<http://ex/dir/a> <http://ex/dir/p> <http://ex/c>",
                         "<http://other/x/a> <http://other/x/p> <http://other/x/#f>",
                         "<http://other/x/sub/a> <http://other/x/sub/p> <http://other/x/sub/?q>",
                     });
  }
  SECTION("prefix IRIs resolve too, and reach the caller resolved") {
    auto r = parse("@base <http://ex/a/> .\n@prefix p: <ns#> .\nPREFIX q: <http://q/>\np:s q:p p:o .");
    REQUIRE(r.status.is_ok());
    CHECK(r.lines == std::vector<std::string>{"<http://ex/a/ns#s> <http://q/p> <http://ex/a/ns#o>"});
    CHECK(r.prefixes == std::vector<Prefix>{{"p", "http://ex/a/ns#"}, {"q", "http://q/"}});
  }
}

TEST_CASE("RDF 1.2: triple terms, reifiers, annotations, VERSION", "[turtle][reader]") {
  const std::string reifies = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies>";
  SECTION("annotation with a named reifier") {
    auto r = parse("VERSION \"1.2\"\n" + kEx + ":s :p :o ~ :r {| :src :doc |} .");
    REQUIRE(r.status.is_ok());
    CHECK(r.lines == std::vector<std::string>{
                         "<http://ex/s> <http://ex/p> <http://ex/o>",
                         "<http://ex/r> " + reifies + " <<( <http://ex/s> <http://ex/p> <http://ex/o> )>>",
                         "<http://ex/r> <http://ex/src> <http://ex/doc>",
                     });
  }
  SECTION("reified triple as subject, triple term as object") {
    auto r = parse(kEx + "<< :a :b :c >> :q <<( :d :e :f )>> .");
    REQUIRE(r.status.is_ok());
    CHECK(r.lines == std::vector<std::string>{
                         "_:_1 " + reifies + " <<( <http://ex/a> <http://ex/b> <http://ex/c> )>>",
                         "_:_1 <http://ex/q> <<( <http://ex/d> <http://ex/e> <http://ex/f> )>>",
                     });
  }
  SECTION("directional language tags") {
    auto r = parse(kEx + ":s :p \"x\"@ar--rtl .");
    REQUIRE(r.status.is_ok());
    CHECK(r.lines == std::vector<std::string>{"<http://ex/s> <http://ex/p> \"x\"@ar--rtl"});
  }
}

TEST_CASE("TriG: graph blocks, GRAPH keyword, default graph", "[trig][reader]") {
  auto r = parse(kEx + ":a :p :b .\n:g { :s :p :o }\nGRAPH :h { :s :p :o2 . }\n{ :d :p :e }",
                 RdfFormat::kTriG);
  REQUIRE(r.status.is_ok());
  CHECK(r.lines == std::vector<std::string>{
                       "<http://ex/a> <http://ex/p> <http://ex/b>",
                       "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g>",
                       "<http://ex/s> <http://ex/p> <http://ex/o2> <http://ex/h>",
                       "<http://ex/d> <http://ex/p> <http://ex/e>",
                   });
  SECTION("a graph block is not Turtle") {
    auto t = parse(kEx + ":g { :s :p :o }");
    CHECK(t.status.code() == StatusCode::kInvalidInput);
  }
}

TEST_CASE("syntax errors name the place and show the line with a caret", "[turtle][errors]") {
  auto r = parse(kEx + ":s :p :o .\n:s :p \"unterminated .\n");
  REQUIRE(r.status.code() == StatusCode::kInvalidInput);
  CHECK(r.status.where().source == "t.ttl");
  CHECK(r.status.where().line == 3);
  CHECK(r.status.where().column >= 7);
  CHECK_FALSE(r.status.where().excerpt.empty());
  std::string text = r.status.to_string();
  CHECK(text.rfind("t.ttl:3:", 0) == 0);
  CHECK(text.find('^') != std::string::npos);
  // Quads before the error reached the sink: the caller decides about rolling back.
  CHECK(r.lines.size() == 1);

  SECTION("an undeclared prefix") {
    auto u = parse(kEx + "\n  nope:s :p :o .");
    REQUIRE(u.status.code() == StatusCode::kInvalidInput);
    CHECK(u.status.where().line == 3);
    CHECK(u.status.message().find("nope") != std::string::npos);
  }
  SECTION("columns count characters, not bytes") {
    auto u = parse(kEx + ":s :p \"\xC3\xA9\xC3\xA9\" :x .");
    REQUIRE(u.status.code() == StatusCode::kInvalidInput);
    CHECK(u.status.where().line == 2);
    CHECK(u.status.where().column == 12);
  }
}

TEST_CASE("nesting deeper than the limit is an error, not a crash", "[turtle][errors]") {
  std::string deep = kEx + ":s :p ";
  for (int i = 0; i < 5000; ++i) deep += "[ :p ";
  deep += ":o";
  for (int i = 0; i < 5000; ++i) deep += " ]";
  deep += " .";
  auto r = parse(deep);
  CHECK(r.status.code() == StatusCode::kInvalidInput);
  CHECK(r.status.where().line == 2);
}

TEST_CASE("a sink error stops the Turtle parse; a refused statement gets its place", "[turtle][reader]") {
  Input in = Input::from_string(kEx + ":s :p :o1, :o2, :o3 .", "t.ttl");
  int seen = 0;
  Status st = annals::parse_rdf(in, ParseOptions(RdfFormat::kTurtle), [&](const Quad&) {
    return ++seen == 2 ? Status::failed("enough") : Status::ok();
  });
  CHECK(seen == 2);
  CHECK(st.code() == StatusCode::kFailed);
  CHECK(st.message() == "enough");

  Input in2 = Input::from_string(kEx + ":s :p :o1 .\n:s :p :o2 .", "t.ttl");
  Status refused = annals::parse_rdf(in2, ParseOptions(RdfFormat::kTurtle), [&](const Quad& q) {
    return q.object.value == "http://ex/o2" ? Status::invalid_input("not this one") : Status::ok();
  });
  CHECK(refused.code() == StatusCode::kInvalidInput);
  CHECK(refused.message() == "not this one");
  CHECK(refused.where().line == 3);
}

TEST_CASE("inputs far larger than the buffer stream through", "[turtle][chunks]") {
  // About 20 MB of statements and one 3 MB literal: the reader refills its 64 KiB window.
  std::string text = kEx;
  const std::string big(3'000'000, 'x');
  for (int i = 0; i < 200'000; ++i) {
    text += ":s" + std::to_string(i) + " :p \"value " + std::to_string(i) + "\" ; :q :o" +
            std::to_string(i % 7) + ", [ :r " + std::to_string(i) + " ] .\n";
    if (i == 100'000) text += ":big :p \"\"\"" + big + "\"\"\" .\n";
  }
  Input in = Input::from_string(std::move(text), "big.ttl");
  std::uint64_t n = 0;
  std::size_t longest = 0;
  Status st = annals::parse_rdf(in, ParseOptions(RdfFormat::kTurtle), [&](const Quad& q) {
    ++n;
    longest = std::max(longest, q.object.value.size());
    return Status::ok();
  });
  REQUIRE(st.is_ok());
  CHECK(n == 200'000 * 4 + 1);
  CHECK(longest == big.size());
}

TEST_CASE("an input of known size is read whole, one of unknown size in chunks", "[turtle][chunks]") {
  // The reader sizes its buffer by content_size() when it is known (a string, a plain file)
  // and streams through its window otherwise (stdin, a stream, gzip): both read alike.
  std::string text = kEx;
  for (int i = 0; i < 5'000; ++i) text += ":s" + std::to_string(i) + " :p \"v\" , :o .\n";
  CHECK(Input::from_string(text).content_size() == text.size());
  std::istringstream stream(text);
  Input streamed = Input::from_stream(stream, "s.ttl");
  CHECK(streamed.content_size() == 0);
  std::uint64_t n = 0;
  Status st = annals::parse_rdf(streamed, ParseOptions(RdfFormat::kTurtle), [&](const Quad&) {
    ++n;
    return Status::ok();
  });
  REQUIRE(st.is_ok());
  CHECK(n == 10'000);
  CHECK(parse(text).lines.size() == 10'000);
}

TEST_CASE("errors of Turtle cannot be skipped: asking is refused before reading", "[turtle][reader]") {
  ParseOptions options(RdfFormat::kTurtle);
  int skipped = 0, quads = 0;
  options.on_skip = [&](const Status&) { ++skipped; };
  Input in = Input::from_string(kEx + ":s :p :o .", "t.ttl");
  Status st = annals::parse_rdf(in, options, [&](const Quad&) {
    ++quads;
    return Status::ok();
  });
  CHECK(st.code() == StatusCode::kInvalidInput);
  CHECK_THAT(st.message(), Catch::Contains("cannot be skipped"));
  CHECK(quads == 0);
  CHECK(skipped == 0);
}

TEST_CASE("a Turtle file parses as TriG", "[trig][reader]") {
  auto as_turtle = parse(kEx + ":s :p :o ; :q ( 1 2 ) .");
  auto as_trig = parse(kEx + ":s :p :o ; :q ( 1 2 ) .", RdfFormat::kTriG);
  REQUIRE(as_turtle.status.is_ok());
  REQUIRE(as_trig.status.is_ok());
  CHECK(as_turtle.lines == as_trig.lines);
}
