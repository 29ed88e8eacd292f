// Inside the result writers: one factory per format (make_result_writer in result_format.cpp
// picks among them) and the text helpers they share: walking UTF-8 safely and the Turtle
// short forms that TSV and the table write.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "annals/results.hpp"

namespace annals::results {

std::unique_ptr<ResultWriter> make_json_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_xml_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_csv_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_tsv_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_table_writer(std::ostream& out,
                                                const ResultWriterOptions& options);

// The base of the streaming writers: each call builds its text in buf_ and sends it with
// flush(), so the stream sees a few large writes rather than many small ones.
class BufferedWriter : public ResultWriter {
 protected:
  explicit BufferedWriter(std::ostream& out) : out_(out) {}
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  std::string buf_;

 private:
  std::ostream& out_;
};

// The code point at s[i] and its length in bytes. A byte that does not start valid UTF-8
// comes back as U+FFFD with length 1, so writers never pass on malformed text.
inline constexpr char32_t kReplacement = 0xFFFD;
inline constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";
std::size_t next_code_point(std::string_view s, std::size_t i, char32_t& cp);

// Appends s code point by code point: where escape(out, cp) appends a replacement and
// returns true, that stands; else the code point's own bytes go out (U+FFFD for a
// malformed byte, which escape sees as kReplacement).
template <typename Escape>
void append_escaped(std::string& out, std::string_view s, Escape escape) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = next_code_point(s, i, cp);
    if (!escape(out, cp)) {
      if (cp == kReplacement && n == 1) {
        out.append(kReplacementUtf8);
      } else {
        out.append(s.substr(i, n));
      }
    }
    i += n;
  }
}

// Calls member(name, value) for the parts of a literal beyond its lexical form, named as
// both the JSON and the XML format name them: "xml:lang" and (SPARQL 1.2) "its:dir" for a
// language-tagged string, else "datatype", which xsd:string (a plain literal) leaves out.
template <typename Member>
void for_each_literal_member(const Term& t, Member member) {
  if (t.datatype == kRdfLangString || t.datatype == kRdfDirLangString) {
    member("xml:lang", t.language);
    if (!t.direction.empty()) member("its:dir", t.direction);
  } else if (!t.datatype.empty() && t.datatype != kXsdString) {
    member("datatype", t.datatype);
  }
}

// Appends a triple term as texts[0] subject texts[1] predicate texts[2] object texts[3],
// each part written by append_part(out, part): the one shape of "<<( s p o )>>", JSON's
// {"subject": ...} and XML's <subject>...</subject>.
template <typename AppendPart>
void append_triple_term(std::string& out, const Term& t,
                        const std::array<std::string_view, 4>& texts, AppendPart append_part) {
  out.append(texts[0]);
  if (t.triple) {
    append_part(out, t.triple->subject);
    out.append(texts[1]);
    append_part(out, t.triple->predicate);
    out.append(texts[2]);
    append_part(out, t.triple->object);
  }
  out.append(texts[3]);
}

// Turtle text for a term: IRIs as prefixed names where a prefix fits (longest namespace
// whose remainder is a valid PN_LOCAL, else "<iri>"), bare numbers and booleans, strings
// in canonical N-Triples escaping ("\n", "\t", ...), triple terms as "<<( s p o )>>".
// With no prefixes this is the TSV form of SPARQL 1.1 Results CSV/TSV §3.
void append_turtle(std::string& out, const Term& t, std::span<const Prefix> prefixes);
// display_value (results.hpp): append_turtle, with dates bare.
void append_display(std::string& out, const Term& t, std::span<const Prefix> prefixes);

}  // namespace annals::results
