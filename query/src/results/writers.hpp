// Inside the result writers: one factory per format (make_result_writer in result_format.cpp
// picks among them) and the text helpers they share: walking UTF-8 safely and the Turtle
// short forms that TSV and the table write.
#pragma once

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

// True when the literal's lexical form may be written bare in Turtle and reads back as the
// same literal: xsd:integer, xsd:decimal, xsd:double ([19]-[21]) and xsd:boolean ([133s]).
bool is_bare_literal(const Term& t);

// Turtle text for a term: IRIs as prefixed names where a prefix fits (longest namespace
// whose remainder is a valid PN_LOCAL, else "<iri>"), bare numbers and booleans, strings
// in canonical N-Triples escaping ("\n", "\t", ...), triple terms as "<<( s p o )>>".
// With no prefixes this is the TSV form of SPARQL 1.1 Results CSV/TSV §3.
void append_turtle(std::string& out, const Term& t, std::span<const Prefix> prefixes);

}  // namespace annals::results
