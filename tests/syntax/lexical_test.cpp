// The one language-tag rule (syntax/lexical.hpp) that the readers, the writers and STRLANG
// share: its edges, and the N-Triples and Turtle readers agreeing with it tag by tag.
#include "syntax/lexical.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "annals/rdf.hpp"

namespace {

using annals::lex::valid_direction;
using annals::lex::valid_language_tag;

// Whether the reader of this format takes "x"@tag as an object.
bool reader_takes(annals::RdfFormat format, const std::string& tag) {
  const std::string text = "<http://a> <http://p> \"x\"@" + tag + " .\n";
  auto in = annals::Input::from_string(text, "tag");
  annals::Status st = annals::parse_rdf(in, annals::ParseOptions(format),
                                        [](const annals::Quad&) { return annals::Status::ok(); });
  return st.is_ok();
}

}  // namespace

TEST_CASE("language tags: [a-zA-Z]{1,8} ('-' [a-zA-Z0-9]{1,8})*", "[syntax]") {
  for (const char* tag : {"en", "EN", "en-GB", "de-1996", "zh-Hant-TW", "abcdefgh",
                          "x-abcdefgh-12345678", "sgn-BE-FR"}) {
    INFO(tag);
    CHECK(valid_language_tag(tag));
    CHECK(reader_takes(annals::RdfFormat::kNTriples, tag));
    CHECK(reader_takes(annals::RdfFormat::kTurtle, tag));
  }
  for (const char* tag : {"abcdefghi", "en-abcdefghi", "HHHHHHHHHHHHHHHHHHHHps", "1en", "en-",
                          "en--x", "-en", "e_n", "en-G B"}) {
    INFO(tag);
    CHECK_FALSE(valid_language_tag(tag));
    CHECK_FALSE(reader_takes(annals::RdfFormat::kNTriples, tag));
    CHECK_FALSE(reader_takes(annals::RdfFormat::kTurtle, tag));
  }
  CHECK_FALSE(valid_language_tag(""));
}

TEST_CASE("base directions are ltr and rtl only", "[syntax]") {
  CHECK(valid_direction("ltr"));
  CHECK(valid_direction("rtl"));
  CHECK_FALSE(valid_direction("LTR"));
  CHECK_FALSE(valid_direction(""));
  CHECK_FALSE(valid_direction("up"));
  CHECK(reader_takes(annals::RdfFormat::kNTriples, "ar--rtl"));
  CHECK_FALSE(reader_takes(annals::RdfFormat::kNTriples, "ar--up"));
}
