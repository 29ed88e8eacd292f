// The Turtle and TriG writers: the exact text for each layout rule, and round trips over the
// W3C suites (every file that parses is written, read back and compared up to blank node
// renaming).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../support/isomorphism.hpp"
#include "../support/w3c_manifest.hpp"
#include "annals/rdf.hpp"

namespace {

using annals::Annotation;
using annals::Prefix;
using annals::Quad;
using annals::RdfFormat;
using annals::RdfWriter;
using annals::Status;
using annals::StatusCode;
using annals::Term;
using annals::WriterOptions;

const std::string kEx = "http://example.org/";
const std::string kXsd(annals::kXsd);

Term ex(const std::string& local) { return Term::iri(kEx + local); }
Term type() { return Term::iri(std::string(annals::kRdfType)); }
Term typed(const std::string& lexical, const std::string& xsd_local) {
  return Term::literal(lexical, kXsd + xsd_local);
}
Quad quad(Term s, Term p, Term o, Term g = {}) {
  return Quad{std::move(s), std::move(p), std::move(o), std::move(g)};
}
WriterOptions with_ex() { return WriterOptions{{Prefix{"ex", kEx}}, ""}; }

// The text RdfWriter gives for quads; every call must succeed.
std::string write(RdfFormat format, const std::vector<Quad>& quads, WriterOptions options = {}) {
  std::ostringstream out;
  RdfWriter writer(out, format, std::move(options));
  for (const Quad& q : quads) {
    Status st = writer.write(q);
    INFO(st.to_string());
    REQUIRE(st.is_ok());
  }
  REQUIRE(writer.finish().is_ok());
  return out.str();
}
std::string turtle(const std::vector<Quad>& quads, WriterOptions options = {}) {
  return write(RdfFormat::kTurtle, quads, std::move(options));
}

std::vector<Quad> parse(const std::string& text, RdfFormat format) {
  std::vector<Quad> quads;
  auto in = annals::Input::from_string(text, "written");
  Status st = annals::parse_rdf(in, annals::ParseOptions(format), [&](const Quad& q) {
    quads.push_back(q);
    return Status::ok();
  });
  INFO(text);
  INFO(st.to_string());
  REQUIRE(st.is_ok());
  return quads;
}

}  // namespace

TEST_CASE("Turtle groups statements by subject and predicate", "[writer][turtle]") {
  std::string text = turtle({quad(ex("s"), ex("p"), ex("o1")), quad(ex("s"), ex("p"), ex("o2")),
                             quad(ex("s"), type(), ex("C")), quad(ex("t"), ex("p"), ex("o1"))},
                            with_ex());
  CHECK(text ==
        "@prefix ex: <http://example.org/> .\n"
        "\n"
        "ex:s ex:p ex:o1, ex:o2 ;\n"
        "    a ex:C .\n"
        "ex:t ex:p ex:o1 .\n");
}

TEST_CASE("Turtle without prefixes writes full IRIs and no header", "[writer][turtle]") {
  CHECK(turtle({quad(ex("s"), ex("p"), Term::blank("b1"))}) ==
        "<http://example.org/s> <http://example.org/p> _:b1 .\n");
  CHECK(turtle({}) == "");
  CHECK(turtle({}, with_ex()) == "@prefix ex: <http://example.org/> .\n");
}

TEST_CASE("Turtle prefixed names: longest namespace, escapes, fallbacks", "[writer][turtle]") {
  WriterOptions options{{Prefix{"ex", kEx}, Prefix{"d", kEx + "deep/"}, Prefix{"", kEx + "e/"}},
                        ""};
  auto object_of = [&](const Term& o) {
    std::string text = turtle({quad(ex("s"), ex("p"), o)}, options);
    std::string line = text.substr(text.rfind("ex:s ex:p ") + 10);
    return line.substr(0, line.size() - 3);  // " .\n"
  };
  CHECK(object_of(ex("deep/x")) == "d:x");
  CHECK(object_of(ex("e/x")) == ":x");
  CHECK(object_of(ex("")) == "ex:");
  CHECK(object_of(ex("a/b")) == "ex:a\\/b");
  CHECK(object_of(ex("a?b=c#d")) == "ex:a\\?b\\=c\\#d");
  CHECK(object_of(ex("-a.b")) == "ex:\\-a.b");
  CHECK(object_of(ex("1a:b")) == "ex:1a:b");
  CHECK(object_of(ex("a%20b")) == "ex:a%20b");
  CHECK(object_of(ex("a%zz")) == "ex:a\\%zz");
  CHECK(object_of(ex("caf\xC3\xA9")) == "ex:caf\xC3\xA9");
  CHECK(object_of(ex("end.")) == "<http://example.org/end.>");
  CHECK(object_of(ex("a[b]")) == "<http://example.org/a[b]>");
  CHECK(object_of(ex("a(b)~")) == "ex:a\\(b\\)\\~");
  CHECK(object_of(Term::iri("urn:other")) == "<urn:other>");
}

TEST_CASE("Turtle literals: bare numbers and booleans only when they read back the same",
          "[writer][turtle]") {
  std::vector<Quad> quads;
  for (const Term& o :
       {typed("1", "integer"), typed("-01", "integer"), typed("abc", "integer"),
        typed("1.5", "decimal"), typed(".5", "decimal"), typed("1.", "decimal"),
        typed("1e3", "double"), typed("1.E-3", "double"), typed("1.5", "double"),
        typed("true", "boolean"), typed("1", "boolean"), typed("2024-01-01", "date")}) {
    quads.push_back(quad(ex("s"), ex("p"), o));
  }
  CHECK(turtle(quads, WriterOptions{{Prefix{"xsd", kXsd}}, ""}) ==
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "\n"
        "<http://example.org/s> <http://example.org/p> 1, -01, \"abc\"^^xsd:integer, 1.5, .5, "
        "\"1.\"^^xsd:decimal, 1e3, 1.E-3, \"1.5\"^^xsd:double, true, \"1\"^^xsd:boolean, "
        "\"2024-01-01\"^^xsd:date .\n");
  CHECK(turtle({quad(ex("s"), ex("p"), typed("x", "date"))}) ==
        "<http://example.org/s> <http://example.org/p> "
        "\"x\"^^<http://www.w3.org/2001/XMLSchema#date> .\n");
}

TEST_CASE("Turtle strings: escapes, long form, language and direction", "[writer][turtle]") {
  auto object_of = [](const Term& o) {
    std::string text = turtle({quad(ex("s"), ex("p"), o)}, with_ex());
    std::string rest = text.substr(text.find("ex:s ex:p ") + 10);
    return rest.substr(0, rest.size() - 3);
  };
  CHECK(object_of(Term::literal("plain")) == "\"plain\"");
  CHECK(object_of(Term::literal("a\"b\\c\td\re")) == "\"a\\\"b\\\\c\\td\\re\"");
  CHECK(object_of(Term::literal("line 1\nline 2")) == "\"\"\"line 1\nline 2\"\"\"");
  CHECK(object_of(Term::literal("say \"hi\"\n")) == "\"\"\"say \"hi\"\n\"\"\"");
  CHECK(object_of(Term::literal("\n\"")) == "\"\"\"\n\\\"\"\"\"");
  CHECK(object_of(Term::literal("\n\"\"\"\"x")) == "\"\"\"\n\"\"\\\"\"x\"\"\"");
  CHECK(object_of(Term::literal("\n\\\r")) == "\"\"\"\n\\\\\\r\"\"\"");
  CHECK(object_of(Term::literal("\n\b\f\x01")) == "\"\"\"\n\\b\\f\\u0001\"\"\"");
  CHECK(object_of(Term::lang_literal("chat", "fr")) == "\"chat\"@fr");
  CHECK(object_of(Term::lang_literal("x", "en-GB")) == "\"x\"@en-GB");
  CHECK(object_of(Term::lang_literal("\xD8\xB3", "ar", "rtl")) == "\"\xD8\xB3\"@ar--rtl");
  CHECK(object_of(Term::lang_literal("two\nlines", "en")) == "\"\"\"two\nlines\"\"\"@en");
}

TEST_CASE("Turtle blank node labels are kept when valid, else made valid", "[writer][turtle]") {
  std::string text = turtle({quad(Term::blank("b.1"), ex("p"), Term::blank("a b")),
                             quad(Term::blank("a b"), ex("p"), Term::blank("u_x")),
                             quad(Term::blank("x."), ex("p"), Term::blank("_1"))},
                            with_ex());
  CHECK(text ==
        "@prefix ex: <http://example.org/> .\n"
        "\n"
        "_:b.1 ex:p _:u_a_20b .\n"
        "_:u_a_20b ex:p _:u_u_5Fx .\n"
        "_:u_x_2E ex:p _:_1 .\n");
}

TEST_CASE("Turtle triple terms, nested", "[writer][turtle]") {
  Term inner = Term::triple_term(ex("a"), type(), ex("C"));
  Term outer = Term::triple_term(Term::blank("b"), ex("says"), inner);
  CHECK(turtle({quad(ex("s"), ex("p"), outer)}, with_ex()) ==
        "@prefix ex: <http://example.org/> .\n"
        "\n"
        "ex:s ex:p <<( _:b ex:says <<( ex:a a ex:C )>> )>> .\n");
}

TEST_CASE("Turtle annotations with write(quad, annotations)", "[writer][turtle]") {
  std::ostringstream out;
  RdfWriter w(out, RdfFormat::kTurtle, with_ex());
  std::vector<Annotation> notes{{ex("source"), ex("a")}, {ex("source"), ex("b")},
                                {ex("since"), typed("2020", "integer")}};
  REQUIRE(w.write(quad(ex("s"), ex("p"), ex("o")), notes).is_ok());
  REQUIRE(w.write(quad(ex("s"), ex("p"), ex("o2"))).is_ok());
  REQUIRE(w.write(quad(ex("s"), ex("q"), ex("o3")), {}).is_ok());
  REQUIRE(w.finish().is_ok());
  CHECK(out.str() ==
        "@prefix ex: <http://example.org/> .\n"
        "\n"
        "ex:s ex:p ex:o {| ex:source ex:a, ex:b ; ex:since 2020 |}, ex:o2 ;\n"
        "    ex:q ex:o3 .\n");
  auto back = parse(out.str(), RdfFormat::kTurtle);
  CHECK(back.size() == 7);  // three asserted, the reifier's rdf:reifies and three notes
}

TEST_CASE("Turtle folds a reifier that follows its triple into ~ r {| |}", "[writer][turtle]") {
  Term reifies = Term::iri(std::string(annals::kRdfReifies));
  Term r = Term::blank("r");
  std::vector<Quad> quads{
      quad(ex("s"), ex("p"), ex("o")),
      quad(r, reifies, Term::triple_term(ex("s"), ex("p"), ex("o"))),
      quad(r, ex("source"), ex("a")),
      quad(r, ex("source"), ex("b")),
      quad(Term::blank("r2"), reifies, Term::triple_term(r, ex("source"), ex("b"))),
      quad(r, ex("since"), typed("2020", "integer")),
      quad(ex("s"), ex("p"), ex("o2")),
      // Not about the last triple written: a statement of its own.
      quad(Term::blank("r3"), reifies, Term::triple_term(ex("s"), ex("p"), ex("o"))),
      quad(ex("t"), ex("p"), ex("o")),
  };
  std::string text = turtle(quads, with_ex());
  CHECK(text ==
        "@prefix ex: <http://example.org/> .\n"
        "\n"
        "ex:s ex:p ex:o ~ _:r {| ex:source ex:a, ex:b ~ _:r2 ; ex:since 2020 |}, ex:o2 .\n"
        "_:r3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( ex:s ex:p ex:o )>> .\n"
        "ex:t ex:p ex:o .\n");
  CHECK(annals::testing::Isomorphism::compare(parse(text, RdfFormat::kTurtle), quads) == "");
}

TEST_CASE("Turtle nests reifier chains only so deep", "[writer][turtle]") {
  Term reifies = Term::iri(std::string(annals::kRdfReifies));
  std::vector<Quad> quads{quad(ex("s"), ex("p"), ex("o"))};
  for (int i = 0; i < 20; ++i) {
    const Quad last = quads.back();
    Term r = Term::blank("r" + std::to_string(i));
    quads.push_back(
        quad(r, reifies, Term::triple_term(last.subject, last.predicate, last.object)));
    quads.push_back(quad(r, ex("q"), ex("x")));
  }
  std::string text = turtle(quads, with_ex());
  // At the limit a reifier starts a statement of its own, and folding starts again from there.
  int depth = 0, deepest = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text.compare(i, 2, "{|") == 0) deepest = std::max(deepest, ++depth);
    if (text.compare(i, 2, "|}") == 0) --depth;
  }
  CHECK(deepest == 7);
  CHECK(text.find(" .\n_:r7 <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> "
                  "<<( _:r6 ex:q ex:x )>> ;\n"
                  "    ex:q ex:x ~ _:r8 {| ex:q ex:x ~ _:r9 {|") != std::string::npos);
  CHECK(annals::testing::Isomorphism::compare(parse(text, RdfFormat::kTurtle), quads) == "");
}

TEST_CASE("Turtle refuses named graphs and statements it cannot hold", "[writer][turtle]") {
  std::ostringstream out;
  RdfWriter w(out, RdfFormat::kTurtle);
  CHECK(w.write(quad(ex("s"), ex("p"), ex("o"), ex("g"))).code() == StatusCode::kInvalidInput);
  CHECK(w.write(quad(Term::literal("x"), ex("p"), ex("o"))).code() == StatusCode::kInvalidInput);
  CHECK(w.write(quad(ex("s"), Term::blank("p"), ex("o"))).code() == StatusCode::kInvalidInput);
  // Terms the readers could not give back as they are.
  CHECK(w.write(quad(Term::iri("relative"), ex("p"), ex("o"))).code() ==
        StatusCode::kInvalidInput);
  CHECK(w.write(quad(ex("s"), ex("p"), ex("a b"))).code() == StatusCode::kInvalidInput);
  CHECK(w.write(quad(ex("s"), ex("p"), Term::lang_literal("x", "en gb"))).code() ==
        StatusCode::kInvalidInput);
  CHECK(w.write(quad(ex("s"), ex("p"), Term::lang_literal("x", "en-"))).code() ==
        StatusCode::kInvalidInput);
  CHECK(w.write(quad(ex("s"), ex("p"), Term::lang_literal("x", "abcdefghi"))).code() ==
        StatusCode::kInvalidInput);
  CHECK(w.write(quad(ex("s"), ex("p"), Term::lang_literal("x", "en", "up"))).code() ==
        StatusCode::kInvalidInput);
  CHECK(w.write(quad(ex("s"), ex("p"), Term::triple_term(Term::literal("x"), ex("p"), ex("o"))))
            .code() == StatusCode::kInvalidInput);
  CHECK(w.add_prefix(Prefix{"1x", kEx}).code() == StatusCode::kInvalidInput);
  CHECK(w.add_prefix(Prefix{"x", "relative/"}).code() == StatusCode::kInvalidInput);
  CHECK(w.finish().is_ok());
  CHECK(out.str() == "");

  std::ostringstream out2;
  RdfWriter bad_base(out2, RdfFormat::kTurtle, WriterOptions{{}, "relative/"});
  CHECK(bad_base.write(quad(ex("s"), ex("p"), ex("o"))).code() == StatusCode::kInvalidInput);
  CHECK(bad_base.finish().code() == StatusCode::kInvalidInput);
}

TEST_CASE("Turtle leaves out option prefixes it cannot declare", "[writer][turtle]") {
  WriterOptions options{{Prefix{"a.", kEx}, Prefix{"x", "relative/"}, Prefix{"ok", kEx + "a"},
                         Prefix{"ok", kEx}},
                        ""};
  CHECK(turtle({quad(ex("s"), ex("p"), ex("o"))}, options) ==
        "@prefix ok: <http://example.org/> .\n"
        "\n"
        "ok:s ok:p ok:o .\n");
}

TEST_CASE("Turtle add_prefix mid-stream ends the statement and applies from there on",
          "[writer][turtle]") {
  std::ostringstream out;
  RdfWriter w(out, RdfFormat::kTurtle);
  REQUIRE(w.add_prefix(Prefix{"ex", kEx}).is_ok());  // before anything: joins the header
  REQUIRE(w.write(quad(ex("s"), ex("p"), Term::iri("http://other.org/o"))).is_ok());
  REQUIRE(w.add_prefix(Prefix{"o", "http://other.org/"}).is_ok());
  REQUIRE(w.add_prefix(Prefix{"o", "http://other.org/"}).is_ok());  // no change, no line
  REQUIRE(w.write(quad(ex("s"), ex("p"), Term::iri("http://other.org/o2"))).is_ok());
  REQUIRE(w.finish().is_ok());
  CHECK(out.str() ==
        "@prefix ex: <http://example.org/> .\n"
        "\n"
        "ex:s ex:p <http://other.org/o> .\n"
        "\n"
        "@prefix o: <http://other.org/> .\n"
        "\n"
        "ex:s ex:p o:o2 .\n");
}

TEST_CASE("Turtle base: IRIs under it written relative when they resolve back",
          "[writer][turtle]") {
  WriterOptions options{{}, "http://example.org/dir/doc"};
  std::string text =
      turtle({quad(ex("dir/a"), ex("dir/sub/b"), ex("dir/doc#frag")),
              quad(ex("dir/a"), ex("other"), ex("dir/")),
              quad(ex("dir/a"), ex("dir/x:y"), ex("dir/c?q"))},
             options);
  CHECK(text ==
        "@base <http://example.org/dir/doc> .\n"
        "\n"
        "<a> <sub/b> <doc#frag> ;\n"
        "    <http://example.org/other> <http://example.org/dir/> ;\n"
        "    <http://example.org/dir/x:y> <c?q> .\n");
  std::vector<Quad> back = parse(text, RdfFormat::kTurtle);
  CHECK(back[0].predicate == ex("dir/sub/b"));
  CHECK(back[2].object == ex("dir/c?q"));
}

TEST_CASE("TriG: default graph at the top level, named graphs in blocks", "[writer][trig]") {
  std::string text = write(RdfFormat::kTriG,
                           {quad(ex("s"), ex("p"), ex("o")),
                            quad(ex("s"), ex("p"), ex("o"), ex("g")),
                            quad(ex("s"), ex("q"), ex("o"), ex("g")),
                            quad(ex("t"), ex("q"), ex("o"), ex("g")),
                            quad(ex("s"), ex("p"), ex("o"), Term::blank("g2")),
                            quad(ex("s"), ex("p"), ex("o2")), quad(ex("s"), ex("p"), ex("o3"))},
                           with_ex());
  CHECK(text ==
        "@prefix ex: <http://example.org/> .\n"
        "\n"
        "ex:s ex:p ex:o .\n"
        "\n"
        "ex:g {\n"
        "    ex:s ex:p ex:o ;\n"
        "        ex:q ex:o .\n"
        "    ex:t ex:q ex:o .\n"
        "}\n"
        "\n"
        "_:g2 {\n"
        "    ex:s ex:p ex:o .\n"
        "}\n"
        "\n"
        "ex:s ex:p ex:o2, ex:o3 .\n");
  CHECK(write(RdfFormat::kTriG, {quad(ex("s"), ex("p"), ex("o"), ex("g"))}) ==
        "<http://example.org/g> {\n"
        "    <http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
        "}\n");
}

TEST_CASE("TriG add_prefix closes the open graph block", "[writer][trig]") {
  std::ostringstream out;
  RdfWriter w(out, RdfFormat::kTriG, with_ex());
  REQUIRE(w.write(quad(ex("s"), ex("p"), ex("o"), ex("g"))).is_ok());
  REQUIRE(w.add_prefix(Prefix{"o", "http://other.org/"}).is_ok());
  REQUIRE(w.write(quad(ex("s"), ex("p"), Term::iri("http://other.org/x"), ex("g"))).is_ok());
  REQUIRE(w.finish().is_ok());
  CHECK(out.str() ==
        "@prefix ex: <http://example.org/> .\n"
        "\n"
        "ex:g {\n"
        "    ex:s ex:p ex:o .\n"
        "}\n"
        "\n"
        "@prefix o: <http://other.org/> .\n"
        "\n"
        "ex:g {\n"
        "    ex:s ex:p o:x .\n"
        "}\n");
}

TEST_CASE("Writers report a failed stream as an I/O error", "[writer]") {
  for (RdfFormat format : {RdfFormat::kTurtle, RdfFormat::kTriG}) {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    RdfWriter w(out, format);
    CHECK(w.write(quad(ex("s"), ex("p"), ex("o"))).code() == StatusCode::kIoError);
    CHECK(w.finish().code() == StatusCode::kIoError);
  }
}

namespace {

// Quads drawn from a small vocabulary of awkward terms, so that statements group, reifiers
// follow their triples (and nest), and every escape and fallback is met.
class QuadMaker {
 public:
  explicit QuadMaker(std::uint32_t seed) : rng_(seed) {}

  std::vector<Quad> make(std::size_t n, bool graphs) {
    std::vector<Quad> out;
    while (out.size() < n) {
      Quad q = quad(resource(), iri(), object(2), graphs ? graph() : Term{});
      out.push_back(q);
      // Reifiers and their statements right after the triple, sometimes one level deeper.
      for (int depth = 0; depth < 3 && pick(3) == 0; ++depth) {
        Term r = pick(4) == 0 ? ex("r" + std::to_string(pick(3)))
                              : Term::blank("r" + std::to_string(pick(5)));
        out.push_back(quad(r, Term::iri(std::string(annals::kRdfReifies)),
                           Term::triple_term(q.subject, q.predicate, q.object), q.graph));
        for (std::size_t k = pick(3); k > 0; --k) {
          q = quad(r, iri(), object(1), q.graph);
          out.push_back(q);
        }
      }
    }
    return out;
  }

 private:
  std::size_t pick(std::size_t n) { return rng_() % n; }
  template <typename T>
  const T& one_of(const std::vector<T>& v) {
    return v[pick(v.size())];
  }

  Term iri() {
    static const std::vector<std::string> kLocal{
        "s",     "p",    "o",         "a.b",       "end.", "x/y",  "-x",  ".x",
        "%41",   "%zz",  "caf\xC3\xA9", "dir/x",   "dir/", "dir/doc#f", "dir/sub/y",
        "a(b)",  "a[b]", "",          "1",         ":x",   "a~b",  "q?r=s"};
    switch (pick(6)) {
      case 0: return Term::iri("http://other.org/" + one_of(kLocal));
      case 1: return Term::iri("urn:x:" + std::to_string(pick(3)));
      default: return ex(one_of(kLocal));
    }
  }
  Term blank() {
    static const std::vector<std::string> kLabels{"b1", "_1", "a.b", "x.", "u_1", "a b", "9",
                                                  "\xC3\xA9t\xC3\xA9", "-x", "b1."};
    return Term::blank(one_of(kLabels));
  }
  Term resource() { return pick(3) == 0 ? blank() : iri(); }
  Term literal() {
    static const std::vector<std::string> kText{
        "", "plain", "a\"b", "line\nbreak", "\n\"", "\"\"\"", "x\"\"\"\"\n", "\\", "tab\t",
        "\r\n", "\n\"\"", "\xE2\x82\xAC", "\x01\x7F", "'''", "\n'\\'"};
    static const std::vector<std::pair<std::string, std::string>> kTyped{
        {"1", "integer"},   {"-05", "integer"},  {"+1", "integer"},     {"abc", "integer"},
        {"1.5", "decimal"}, {".5", "decimal"},   {"1.", "decimal"},     {"-0.0", "decimal"},
        {"1e3", "double"},  {"1.E-3", "double"}, {".5e+1", "double"},   {"NaN", "double"},
        {"true", "boolean"}, {"0", "boolean"},   {"2024-01-01", "date"}, {"x\ny", "string"}};
    switch (pick(4)) {
      case 0: return Term::literal(one_of(kText));
      case 1: {
        const auto& [lexical, type] = one_of(kTyped);
        return typed(lexical, type);
      }
      case 2: return Term::lang_literal(one_of(kText), pick(2) ? "en" : "en-GB");
      default: return Term::lang_literal(one_of(kText), "ar", pick(2) ? "rtl" : "ltr");
    }
  }
  Term object(int depth) {
    switch (pick(depth > 0 ? 5 : 4)) {
      case 0: return iri();
      case 1: return blank();
      case 4: return Term::triple_term(resource(), iri(), object(depth - 1));
      default: return literal();
    }
  }
  Term graph() {
    switch (pick(4)) {
      case 0: return ex("g1");
      case 1: return ex("dir/g2");
      case 2: return Term::blank("g");
      default: return Term{};
    }
  }

  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("Turtle and TriG round trip awkward quads", "[writer]") {
  WriterOptions options{{Prefix{"ex", kEx}, Prefix{"d", kEx + "dir/"},
                         Prefix{"", "http://other.org/"}, Prefix{"xsd", kXsd}},
                        kEx + "dir/doc"};
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    for (RdfFormat format : {RdfFormat::kTurtle, RdfFormat::kTriG}) {
      std::vector<Quad> quads = QuadMaker(seed).make(300, format == RdfFormat::kTriG);
      for (const WriterOptions& o : {WriterOptions{}, options}) {
        std::string text = write(format, quads, o);
        INFO("seed " << seed << "\n" << text);
        CHECK(annals::testing::Isomorphism::compare(parse(text, format), quads) == "");
        CHECK(write(format, quads, o) == text);  // the same bytes every time
      }
    }
  }
}
