// N-Triples / N-Quads reader and writer: round trips of every term kind, error positions,
// chunk boundaries (inputs larger than the reader's 1 MiB buffer), files, gzip and stdin-like
// edge cases, format names.
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "annals/rdf.hpp"

using annals::Input;
using annals::ParseOptions;
using annals::Quad;
using annals::RdfFormat;
using annals::RdfWriter;
using annals::Status;
using annals::StatusCode;
using annals::Term;

namespace {

namespace fs = std::filesystem;

struct Parsed {
  Status status;
  std::vector<Quad> quads;
};

Parsed parse(Input& in, RdfFormat format = RdfFormat::kNQuads) {
  Parsed r;
  r.status = annals::parse_rdf(in, ParseOptions(format), [&](const Quad& q) {
    r.quads.push_back(q);
    return Status::ok();
  });
  return r;
}

Parsed parse_text(std::string text, RdfFormat format = RdfFormat::kNQuads) {
  Input in = Input::from_string(std::move(text), "t.nq");
  return parse(in, format);
}

std::string write_all(const std::vector<Quad>& quads, RdfFormat format = RdfFormat::kNQuads) {
  std::ostringstream out;
  RdfWriter w(out, format);
  for (const auto& q : quads) REQUIRE(w.write(q).is_ok());
  REQUIRE(w.finish().is_ok());
  return out.str();
}

// A fresh path under the temp directory, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& suffix) {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("annals_nt_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + suffix);
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  std::string str() const { return path_.string(); }
  void write(const std::string& bytes) const {
    std::ofstream out(path_, std::ios::binary);
    out << bytes;
  }
  void write_gz(const std::string& bytes) const {
    gzFile gz = gzopen(path_.c_str(), "wb");
    REQUIRE(gz != nullptr);
    REQUIRE(gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())) ==
            static_cast<int>(bytes.size()));
    REQUIRE(gzclose(gz) == Z_OK);
  }

 private:
  fs::path path_;
};

Term iri(std::string v) { return Term::iri(std::move(v)); }

Quad quad(Term s, Term p, Term o, Term g = Term{}) {
  return Quad{std::move(s), std::move(p), std::move(o), std::move(g)};
}

// Checks that text fails with a message containing `message` at line:column of "t.nq".
void check_error(const std::string& text, std::uint64_t line, std::uint64_t column,
                 const std::string& message, RdfFormat format = RdfFormat::kNTriples) {
  INFO("input: " << text);
  Parsed r = parse_text(text, format);
  REQUIRE_FALSE(r.status.is_ok());
  CHECK(r.status.code() == StatusCode::kInvalidInput);
  CHECK(r.status.where().source == "t.nq");
  CHECK(r.status.where().line == line);
  CHECK(r.status.where().column == column);
  CHECK_THAT(r.status.message(), Catch::Contains(message));
}

// All code points that need care when written: controls, quotes, backslash, DEL, the
// noncharacters U+FFFE/U+FFFF, and a spread of 2-, 3- and 4-byte UTF-8.
std::string tricky_text() {
  std::string s;
  for (int c = 0; c < 0x20; ++c) s.push_back(static_cast<char>(c));
  s += "\"\\'\x7F plain é € 𝄞 \xEF\xBF\xBE\xEF\xBF\xBF \xEF\xBF\xBD end";
  return s;
}

}  // namespace

TEST_CASE("to_ntriples writes the canonical form of each term kind", "[ntriples][writer]") {
  CHECK(annals::to_ntriples(iri("http://ex/a")) == "<http://ex/a>");
  CHECK(annals::to_ntriples(iri("http://ex/a b>")) == "<http://ex/a\\u0020b\\u003E>");
  CHECK(annals::to_ntriples(Term::blank("b0")) == "_:b0");
  CHECK(annals::to_ntriples(Term::literal("x")) == "\"x\"");
  CHECK(annals::to_ntriples(Term::literal("1", "http://www.w3.org/2001/XMLSchema#integer")) ==
        "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  CHECK(annals::to_ntriples(Term::lang_literal("chat", "EN-gb")) == "\"chat\"@en-gb");
  CHECK(annals::to_ntriples(Term::lang_literal("x", "ar", "rtl")) == "\"x\"@ar--rtl");
  CHECK(annals::to_ntriples(Term::literal("a\"b\\c\nd\re\tf\bg\fh\x01i\x7Fj")) ==
        "\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u007Fj\"");
  CHECK(annals::to_ntriples(Term::literal("\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xBF\xBD")) ==
        "\"\\uFFFE\\uFFFF\xEF\xBF\xBD\"");
  Term inner = Term::triple_term(iri("http://ex/s"), iri("http://ex/p"), Term::literal("o"));
  Term outer = Term::triple_term(Term::blank("x"), iri("http://ex/q"), inner);
  CHECK(annals::to_ntriples(outer) ==
        "<<( _:x <http://ex/q> <<( <http://ex/s> <http://ex/p> \"o\" )>> )>>");
}

TEST_CASE("Term equality compares triple terms by value", "[term]") {
  Term a = Term::triple_term(iri("http://ex/s"), iri("http://ex/p"), Term::literal("o"));
  Term b = Term::triple_term(iri("http://ex/s"), iri("http://ex/p"), Term::literal("o"));
  Term c = Term::triple_term(iri("http://ex/s"), iri("http://ex/p"), Term::literal("O"));
  CHECK(a == b);
  CHECK_FALSE(a == c);
  CHECK_FALSE(Term::lang_literal("x", "en") == Term::lang_literal("x", "en", "ltr"));
  CHECK_FALSE(Term::literal("x") == Term::blank("x"));
  CHECK(Term{} == Term::iri(""));
}

TEST_CASE("every term kind survives write then parse", "[ntriples][roundtrip]") {
  const std::string tricky = tricky_text();
  std::vector<Quad> quads = {
      quad(iri("http://ex/s"), iri("http://ex/p"), iri("http://ex/o")),
      quad(Term::blank("b0"), iri("http://ex/p"), Term::blank("b.1-x_é")),
      quad(iri("http://ex/é/𝄞"), iri("urn:x:p"), Term::literal(tricky)),
      quad(iri("http://ex/s"), iri("http://ex/p"), Term::literal("")),
      quad(iri("http://ex/s"), iri("http://ex/p"),
           Term::literal("12", "http://www.w3.org/2001/XMLSchema#integer")),
      quad(iri("http://ex/s"), iri("http://ex/p"), Term::lang_literal("colour", "en-GB")),
      quad(iri("http://ex/s"), iri("http://ex/p"), Term::lang_literal("مرحبا", "ar", "rtl")),
      quad(iri("http://ex/s"), iri("http://ex/p"), Term::lang_literal("hi", "en", "ltr")),
      quad(iri("http://ex/s"), iri("http://ex/p"),
           Term::triple_term(Term::blank("r"), iri("http://ex/q"),
                             Term::triple_term(iri("http://ex/a"), iri("http://ex/b"),
                                               Term::lang_literal("x", "de", "ltr")))),
      quad(iri("http://ex/s"), iri("http://ex/p"), iri("http://ex/o"), iri("http://ex/g")),
      quad(iri("http://ex/s"), iri("http://ex/p"), Term::literal(tricky), Term::blank("g")),
  };
  std::string text = write_all(quads);
  Parsed r = parse_text(text);
  REQUIRE(r.status.is_ok());
  REQUIRE(r.quads.size() == quads.size());
  for (std::size_t i = 0; i < quads.size(); ++i) {
    // Language tags are written lowercase (canonical form), so compare those apart.
    Quad want = quads[i];
    if (!want.object.language.empty()) {
      for (char& ch : want.object.language) ch = static_cast<char>(std::tolower(ch));
    }
    INFO("statement " << i << ": " << annals::to_ntriples(quads[i].object));
    CHECK(r.quads[i] == want);
  }
  CHECK(write_all(r.quads) == text);  // canonical output is a fixed point
}

TEST_CASE("parsed terms keep what was written", "[ntriples][reader]") {
  Parsed r = parse_text(
      "<http://ex/\\u0053> <http://ex/p> \"a\\u00E9\\U0001D11E\\t\"@en-US .\n"
      "_:a.b <http://ex/p> \"x\"^^<http://www.w3.org/2001/XMLSchema#string> .\n"
      "_:c <http://ex/p> \"2\"  ^^  <http://ex/dt> <http://ex/g> .\n"
      "_:c <http://ex/p> \"y\" @en--ltr _:g.\n");
  REQUIRE(r.status.is_ok());
  REQUIRE(r.quads.size() == 4);
  CHECK(r.quads[0].subject == iri("http://ex/S"));
  CHECK(r.quads[0].object == Term::lang_literal("aé𝄞\t", "en-US"));  // tag as written
  CHECK(r.quads[0].graph.is_default_graph());
  CHECK(r.quads[1].subject == Term::blank("a.b"));
  CHECK(r.quads[1].object == Term::literal("x"));
  CHECK(r.quads[2].object == Term::literal("2", "http://ex/dt"));
  CHECK(r.quads[2].graph == iri("http://ex/g"));
  CHECK(r.quads[3].object == Term::lang_literal("y", "en", "ltr"));
  CHECK(r.quads[3].graph == Term::blank("g"));
}

TEST_CASE("comments, blank lines, CRLF, VERSION and a BOM are accepted", "[ntriples][reader]") {
  Parsed r = parse_text(
      "\xEF\xBB\xBF# comment é\r\n"
      "\r\n"
      "VERSION \"1.2\"\r\n"
      "  \t\n"
      "<http://ex/s> <http://ex/p> <http://ex/o> .# trailing\r\n"
      "<http://ex/s>\t<http://ex/p>\t\"x\"\t.\r"
      "<http://ex/s><http://ex/p>_:o.");
  REQUIRE(r.status.is_ok());
  REQUIRE(r.quads.size() == 3);
  CHECK(r.quads[2].object == Term::blank("o"));
  Parsed bad = parse_text("<http://ex/s> <http://ex/p> <http://ex/o> .\r<http://ex/s> <p> _:o .");
  CHECK(bad.status.where().line == 2);
  CHECK(bad.status.where().column == 15);
}

TEST_CASE("an empty input holds zero quads", "[ntriples][reader]") {
  for (const char* text : {"", "\n\n", "# only a comment", "   "}) {
    Parsed r = parse_text(text);
    CHECK(r.status.is_ok());
    CHECK(r.quads.empty());
  }
  TempFile f(".nt");
  f.write("");
  auto in = Input::open(f.str());
  REQUIRE(in.is_ok());
  Parsed r = parse(*in);
  CHECK(r.status.is_ok());
  CHECK(r.quads.empty());
}

TEST_CASE("syntax errors carry line and column", "[ntriples][errors]") {
  const std::string ok = "<http://ex/s> <http://ex/p> <http://ex/o> .\n";
  check_error(ok + "<http://ex/s> <http://ex/p> <http://ex/o>\n", 2, 42,
              "expected '.' at end of statement");
  check_error(ok + "<http://ex/s> <http://ex/p> \"abc .\n", 2, 29, "unterminated string literal");
  check_error("<http://ex/s> <http://ex/p> \"a\\qb\" .", 1, 31, "invalid escape '\\q'");
  check_error("<http://ex/s> <foo> <http://ex/o> .", 1, 15, "relative IRI not allowed: <foo>");
  check_error("<http://ex/s> <http://ex/p> <http://ex/o", 1, 29, "unexpected end of file in IRI");
  check_error("<http://ex/s> <http://ex/p> <http://ex/o\n.", 1, 29,
              "unexpected end of line in IRI");
  check_error("<http://ex/a b> <http://ex/p> <http://ex/o> .", 1, 13, "invalid character in IRI");
  check_error("<<( <http://ex/a> <http://ex/b> <http://ex/c> )>> <http://ex/p> <http://ex/o> .", 1,
              1, "triple term not allowed as subject");
  check_error("<http://ex/s> <http://ex/p> << <http://ex/a> <http://ex/b> <http://ex/c> >> .", 1,
              29, "expected '<<('");
  check_error("<http://ex/s> <http://ex/p> <<( \"x\" <http://ex/b> <http://ex/c> )>> .", 1, 33,
              "literal not allowed as subject");
  check_error("<http://ex/s> <http://ex/p> <<( <http://ex/a> <http://ex/b> <http://ex/c> .", 1, 75,
              "expected ')>>'");
  check_error("_:b <http://ex/p> <http://ex/o> <http://ex/g> .", 1, 33,
              "graph label not allowed in N-Triples");
  check_error("<http://ex/s> <http://ex/p> \"x\"@en--up .", 1, 32, "invalid base direction");
  check_error("<http://ex/s> <http://ex/p> \"x\"@toolongtag .", 1, 32, "invalid language tag");
  check_error(
      "<http://ex/s> <http://ex/p> \"x\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      "langString> .",
      1, 34, "needs a language tag");
  check_error("<http://ex/s> <http://ex/p> \"\\uD800\" .", 1, 30, "surrogate");
  check_error("<http://ex/s> <http://ex/p> \"\\U00110000\" .", 1, 30, "beyond U+10FFFF");
  check_error("<http://ex/s> <http://ex/p> <http://ex/o> . <http://ex/x>", 1, 45,
              "expected end of line after '.'");
  check_error("_:b <http://ex/p> <http://ex/o> \"g\" .", 1, 33,
              "literal not allowed as graph label", RdfFormat::kNQuads);
  check_error("_::b <http://ex/p> <http://ex/o> .", 1, 1, "invalid blank node label");
  check_error("_:a. <http://ex/p> <http://ex/o> .", 1, 4, "expected a predicate");
  check_error("@prefix ex: <http://ex/> .", 1, 1, "expected a subject");
}

TEST_CASE("columns count characters and invalid UTF-8 is an error", "[ntriples][errors]") {
  // "é€𝄞" is three characters in 2 + 3 + 4 bytes; the bad escape follows them.
  check_error("<http://ex/s> <http://ex/p> \"é€𝄞\\z\" .", 1, 33, "invalid escape '\\z'");
  check_error("<http://ex/s> <http://ex/p> \"a\xC3\x28\" .", 1, 31, "invalid UTF-8");
  check_error("<http://ex/s> <http://ex/p> \"\xC0\xAF\" .", 1, 30, "invalid UTF-8");  // overlong
  check_error("<http://ex/s> <http://ex/p> \"\xED\xA0\x80\" .", 1, 30,
              "invalid UTF-8");  // surrogate
  check_error("<http://ex/s\xFF> <http://ex/p> <http://ex/o> .", 1, 13, "invalid UTF-8");
  check_error("# \xE2\x82 truncated\n", 1, 3, "invalid UTF-8");
}

TEST_CASE("a truncated last statement is an error", "[ntriples][errors]") {
  const std::string ok = "<http://ex/s> <http://ex/p> <http://ex/o> .\n";
  Parsed r = parse_text(ok + ok + "<http://ex/s> <http://ex/p> \"x\"");
  CHECK(r.quads.size() == 2);  // quads before the error were handed on
  CHECK(r.status.code() == StatusCode::kInvalidInput);
  CHECK(r.status.where().line == 3);
  CHECK(r.status.where().column == 32);
  CHECK(r.status.message() == "expected '.' at end of statement");
  // The last line may end without '\n' when it is complete.
  Parsed last = parse_text(ok + "<http://ex/s> <http://ex/p> \"x\" .");
  CHECK(last.status.is_ok());
  CHECK(last.quads.size() == 2);
}

TEST_CASE("a sink error stops the parse", "[ntriples][reader]") {
  const std::string ok = "<http://ex/s> <http://ex/p> <http://ex/o> .\n";
  Input in = Input::from_string(ok + ok + ok);
  int seen = 0;
  Status st = annals::parse_rdf(in, ParseOptions(), [&](const Quad&) {
    return ++seen == 2 ? Status::failed("enough") : Status::ok();
  });
  CHECK(seen == 2);
  CHECK(st.code() == StatusCode::kFailed);
  CHECK(st.message() == "enough");
}

TEST_CASE("long literals and lines larger than the buffer", "[ntriples][chunks]") {
  std::string big;
  big.reserve(3 << 20);
  while (big.size() < (3u << 20)) big += "abc \"\\\n\t é€𝄞 ";
  std::vector<Quad> quads = {
      quad(iri("http://ex/s"), iri("http://ex/p"), Term::literal(big)),
      quad(iri("http://ex/s"), iri("http://ex/p"), Term::literal(std::string(1 << 20, 'x'))),
      quad(iri("http://ex/" + std::string(1 << 20, 'i')), iri("http://ex/p"), Term::literal("")),
  };
  std::string text = write_all(quads);
  Parsed r = parse_text(text);
  REQUIRE(r.status.is_ok());
  REQUIRE(r.quads.size() == 3);
  CHECK(r.quads[0].object.value == big);
  CHECK(r.quads == quads);
}

TEST_CASE("chunk boundaries inside tokens do not matter", "[ntriples][chunks]") {
  // A statement whose every byte offset is at some point the 1 MiB read boundary: a padding
  // comment before it moves it across the boundary one byte at a time.
  const std::string stmt =
      "_:b\xC3\xA9.x <http://ex/\\u00E9\xE2\x82\xAC> <<( _:s <http://ex/p> "
      "\"\\\"\xF0\x9D\x84\x9E\\U0001D11E\"@ar--rtl )>> _:g .\r\n";
  Parsed want = parse_text(stmt);
  REQUIRE(want.status.is_ok());
  REQUIRE(want.quads.size() == 1);
  const std::size_t chunk = 1 << 20;
  for (std::size_t shift = 0; shift <= stmt.size(); ++shift) {
    std::string pad = "#" + std::string(chunk - stmt.size() - 2 + shift, 'p') + "\n";
    Parsed r = parse_text(pad + stmt + stmt);
    INFO("shift " << shift);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.quads.size() == 2);
    CHECK(r.quads[0] == want.quads[0]);
    CHECK(r.quads[1] == want.quads[0]);
  }
  // An error after the boundary still reports its own line.
  std::string pad = "#" + std::string(chunk, 'p') + "\n";
  Parsed bad = parse_text(pad + stmt + "<http://ex/s> <http://ex/p> \"x\" ,\n");
  CHECK(bad.status.where().line == 3);
  CHECK(bad.status.where().column == 33);
}

TEST_CASE("files, gzip files and strings parse alike", "[ntriples][input]") {
  std::string text;
  for (int i = 0; text.size() < (5u << 20); ++i) {
    text += "<http://ex/s" + std::to_string(i) + "> <http://ex/p" + std::to_string(i % 7) + "> ";
    switch (i % 4) {
      case 0:
        text += "\"value " + std::to_string(i) + " é\"@en";
        break;
      case 1:
        text += "_:b" + std::to_string(i);
        break;
      case 2:
        text += "\"" + std::to_string(i) + "\"^^<http://www.w3.org/2001/XMLSchema#integer>";
        break;
      default:
        text += "<<( _:x <http://ex/q> \"\\u00E9\" )>> <http://ex/g>";
        break;
    }
    text += " .\n";
  }
  Parsed from_string = parse_text(text);
  REQUIRE(from_string.status.is_ok());

  TempFile plain(".nq");
  plain.write(text);
  auto in = Input::open(plain.str());
  REQUIRE(in.is_ok());
  CHECK(in->size() == text.size());
  Parsed from_file = parse(*in);
  REQUIRE(from_file.status.is_ok());
  CHECK(in->bytes_read() == text.size());
  CHECK(from_file.quads == from_string.quads);

  TempFile gz(".nq.gz");
  gz.write_gz(text);
  auto gin = Input::open(gz.str());
  REQUIRE(gin.is_ok());
  Parsed from_gz = parse(*gin);
  REQUIRE(from_gz.status.is_ok());
  CHECK(gin->bytes_read() == fs::file_size(gz.str()));
  CHECK(from_gz.quads == from_string.quads);
}

TEST_CASE("Input reports missing files, directories and bad gzip", "[ntriples][input]") {
  auto missing = Input::open("/nonexistent/annals/file.nt");
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK_THAT(missing.status().message(), Catch::Contains("no such file"));

  auto dir = Input::open(fs::temp_directory_path().string());
  REQUIRE_FALSE(dir.is_ok());
  CHECK(dir.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(dir.status().message(), Catch::Contains("is a directory"));

  TempFile gz(".nt.gz");
  gz.write_gz(std::string(100000, '#'));
  std::string bytes;
  {
    std::ifstream f(gz.str(), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(f), {});
  }
  gz.write(bytes.substr(0, bytes.size() / 2));  // truncated stream
  auto in = Input::open(gz.str());
  REQUIRE(in.is_ok());
  Parsed r = parse(*in);
  CHECK_FALSE(r.status.is_ok());

  Input s = Input::from_string("abc", "mem");
  CHECK(s.name() == "mem");
  CHECK(s.size() == 3);
}

TEST_CASE("the writer refuses named graphs in N-Triples", "[ntriples][writer]") {
  std::ostringstream out;
  RdfWriter nt(out, RdfFormat::kNTriples);
  Status st = nt.write(
      quad(iri("http://ex/s"), iri("http://ex/p"), iri("http://ex/o"), iri("http://ex/g")));
  CHECK(st.code() == StatusCode::kInvalidInput);
  CHECK(st.message() == "N-Triples cannot hold a quad in a named graph");
  CHECK(nt.write(quad(iri("http://ex/s"), iri("http://ex/p"), Term::blank("o"))).is_ok());
  CHECK(nt.finish().is_ok());
  CHECK(out.str() == "<http://ex/s> <http://ex/p> _:o .\n");

  std::ostringstream qout;
  RdfWriter nq(qout, RdfFormat::kNQuads);
  CHECK(nq.write(quad(iri("http://ex/s"), iri("http://ex/p"), Term::literal("o"), Term::blank("g")))
            .is_ok());
  CHECK(qout.str() == "<http://ex/s> <http://ex/p> \"o\" _:g .\n");
}

TEST_CASE("format names and extensions", "[ntriples][format]") {
  CHECK(annals::rdf_format_from_name("N-Triples") == RdfFormat::kNTriples);
  CHECK(annals::rdf_format_from_name("nt") == RdfFormat::kNTriples);
  CHECK(annals::rdf_format_from_name("NQUADS") == RdfFormat::kNQuads);
  CHECK(annals::rdf_format_from_name("n-quads") == RdfFormat::kNQuads);
  CHECK(annals::rdf_format_from_name("Turtle") == RdfFormat::kTurtle);
  CHECK(annals::rdf_format_from_name("ttl") == RdfFormat::kTurtle);
  CHECK(annals::rdf_format_from_name("TriG") == RdfFormat::kTriG);
  CHECK_FALSE(annals::rdf_format_from_name("jsonld").has_value());
  CHECK(annals::rdf_format_from_path("a/b.nt") == RdfFormat::kNTriples);
  CHECK(annals::rdf_format_from_path("b.NQ.gz") == RdfFormat::kNQuads);
  CHECK(annals::rdf_format_from_path("b.nt.gz") == RdfFormat::kNTriples);
  CHECK(annals::rdf_format_from_path("b.ttl") == RdfFormat::kTurtle);
  CHECK(annals::rdf_format_from_path("b.trig.gz") == RdfFormat::kTriG);
  CHECK_FALSE(annals::rdf_format_from_path("b.jsonld").has_value());
  CHECK_FALSE(annals::rdf_format_from_path("b.gz").has_value());
  CHECK(annals::rdf_format_name(RdfFormat::kNTriples) == "ntriples");
  CHECK(annals::rdf_format_name(RdfFormat::kNQuads) == "nquads");
  CHECK(annals::rdf_format_name(RdfFormat::kTurtle) == "turtle");
  CHECK(annals::rdf_format_name(RdfFormat::kTriG) == "trig");
}
