// The writers' one rule for name tokens and bare literals (syntax/names.hpp): the edge cases
// of PN_LOCAL, PN_PREFIX and BLANK_NODE_LABEL, and a round trip through the Turtle reader
// (whose terminals the SPARQL grammar shares) for every local name the rule lets through.
#include "syntax/names.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "annals/rdf.hpp"

namespace {

using annals::Term;
using annals::lex::append_pn_local;
using annals::lex::is_bare_literal;
using annals::lex::is_blank_node_label;
using annals::lex::is_pn_local;
using annals::lex::is_pn_prefix;

const std::string kEx = "http://example.org/";

// The object IRI the Turtle reader makes of "ex:" + written.
std::string read_back(const std::string& written) {
  const std::string text = "@prefix ex: <" + kEx + "> .\nex:s ex:p ex:" + written + " .\n";
  auto in = annals::Input::from_string(text, "names");
  std::vector<annals::Quad> quads;
  annals::Status st = annals::parse_rdf(in, annals::ParseOptions(annals::RdfFormat::kTurtle),
                                        [&](const annals::Quad& q) {
                                          quads.push_back(q);
                                          return annals::Status::ok();
                                        });
  INFO(text << st.to_string());
  REQUIRE(st.is_ok());
  REQUIRE(quads.size() == 1);
  return quads[0].object.value;
}

struct LocalCase {
  std::string local;
  bool plain;           // is_pn_local: written as it is
  const char* escaped;  // append_pn_local's form; nullptr: none
};

const std::vector<LocalCase> kLocals = {
    {"", true, ""},
    {"a", true, "a"},
    {"a.b", true, "a.b"},
    {"a..b", true, "a..b"},
    {"a.", false, nullptr},  // a trailing '.' ends the statement
    {"a.b.", false, nullptr},
    {".a", false, "\\.a"},  // '.' first only escaped
    {"-a", false, "\\-a"},  // '-' first only escaped
    {"a-", true, "a-"},
    {"1a", true, "1a"},  // digits may come first (Turtle 1.1, SPARQL 1.1)
    {"2025", true, "2025"},
    {":a:", true, ":a:"},  // ':' anywhere
    {"_x", true, "_x"},
    {"a%41", true, "a%41"},  // PERCENT stays as it is
    {"%41a", true, "%41a"},
    {"a%4", false, "a\\%4"},
    {"a%zz", false, "a\\%zz"},
    {"a/b", false, "a\\/b"},
    {"a#b?c=d", false, "a\\#b\\?c\\=d"},
    {"a~b", false, "a\\~b"},
    {"(x)", false, "\\(x\\)"},
    {"a b", false, nullptr},
    {"a\"b", false, nullptr},
    {"caf\u00E9", true, "caf\u00E9"},          // PN_CHARS_BASE
    {"\u00E9t\u00E9", true, "\u00E9t\u00E9"},  // non-ASCII first
    {"a\u00B7b", true, "a\u00B7b"},            // PN_CHARS, not first
    {"\u00B7a", false, nullptr},
    {"a\u00D7b", false, nullptr},        // left out of PN_CHARS_BASE
    {"a\u0301", true, "a\u0301"},        // a combining mark after a letter
    {"\u203Fa", false, nullptr},         // PN_CHARS, not first
    {"\U00010000", true, "\U00010000"},  // beyond the BMP
    {"a\xC3", false, nullptr},           // malformed UTF-8
};

}  // namespace

TEST_CASE("PN_LOCAL: which local names stand as they are and which need escapes", "[syntax]") {
  for (const LocalCase& c : kLocals) {
    INFO("local '" << c.local << "'");
    CHECK(is_pn_local(c.local) == c.plain);
    std::string out = "ex:";
    const bool written = append_pn_local(out, c.local);
    CHECK(written == (c.escaped != nullptr));
    CHECK(out == "ex:" + std::string(written ? c.escaped : ""));  // out unchanged when refused
  }
}

TEST_CASE("PN_LOCAL: what the rule writes, the Turtle reader reads back", "[syntax]") {
  for (const LocalCase& c : kLocals) {
    INFO("local '" << c.local << "'");
    std::string out;
    if (append_pn_local(out, c.local)) CHECK(read_back(out) == kEx + c.local);
    if (is_pn_local(c.local)) CHECK(read_back(c.local) == kEx + c.local);
  }
}

TEST_CASE("PN_PREFIX and BLANK_NODE_LABEL", "[syntax]") {
  CHECK(is_pn_prefix(""));
  CHECK(is_pn_prefix("ex"));
  CHECK(is_pn_prefix("e.x-1"));
  CHECK(is_pn_prefix("\u00E9x"));
  CHECK_FALSE(is_pn_prefix("ex."));
  CHECK_FALSE(is_pn_prefix("_x"));  // PN_CHARS_BASE first: no '_', no digit
  CHECK_FALSE(is_pn_prefix("1x"));
  CHECK_FALSE(is_pn_prefix("e x"));

  CHECK(is_blank_node_label("b1"));
  CHECK(is_blank_node_label("1b"));
  CHECK(is_blank_node_label("_x"));
  CHECK(is_blank_node_label("x.y"));
  CHECK_FALSE(is_blank_node_label(""));
  CHECK_FALSE(is_blank_node_label("-x"));
  CHECK_FALSE(is_blank_node_label("x."));
  CHECK_FALSE(is_blank_node_label("x:y"));
}

TEST_CASE("Bare literals: the numerals and booleans that read back as themselves", "[syntax]") {
  const std::string xsd(annals::kXsd);
  auto lit = [&](const char* value, const char* type) { return Term::literal(value, xsd + type); };
  CHECK(is_bare_literal(lit("1", "integer")));
  CHECK(is_bare_literal(lit("-1", "integer")));
  CHECK(is_bare_literal(lit("+01", "integer")));
  CHECK_FALSE(is_bare_literal(lit("1.0", "integer")));
  CHECK_FALSE(is_bare_literal(lit("", "integer")));
  CHECK_FALSE(is_bare_literal(lit("+", "integer")));

  CHECK(is_bare_literal(lit("1.5", "decimal")));
  CHECK(is_bare_literal(lit(".5", "decimal")));
  CHECK(is_bare_literal(lit("-0.5", "decimal")));
  CHECK_FALSE(is_bare_literal(lit("1.", "decimal")));  // "1." would end the statement
  CHECK_FALSE(is_bare_literal(lit("1", "decimal")));   // read back as an integer

  CHECK(is_bare_literal(lit("1e5", "double")));
  CHECK(is_bare_literal(lit("1.5E-3", "double")));
  CHECK(is_bare_literal(lit(".5e1", "double")));
  CHECK(is_bare_literal(lit("1.e2", "double")));
  CHECK_FALSE(is_bare_literal(lit("e5", "double")));
  CHECK_FALSE(is_bare_literal(lit("1e", "double")));
  CHECK_FALSE(is_bare_literal(lit("1.5", "double")));
  CHECK_FALSE(is_bare_literal(lit("INF", "double")));

  CHECK(is_bare_literal(lit("true", "boolean")));
  CHECK(is_bare_literal(lit("false", "boolean")));
  CHECK_FALSE(is_bare_literal(lit("TRUE", "boolean")));
  CHECK_FALSE(is_bare_literal(lit("1", "boolean")));

  CHECK_FALSE(is_bare_literal(Term::literal("1")));  // xsd:string
  CHECK_FALSE(is_bare_literal(Term::iri("1")));
}
