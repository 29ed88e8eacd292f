// SPARQL 1.1 Query Results CSV and TSV Formats, streamed a row at a time.
//   CSV (§2): a header of variable names, values as plain strings (IRIs without brackets,
//   a literal's lexical form, "_:label"), RFC 4180 quoting, CRLF line ends. RDF 1.2 triple
//   terms, which the format does not cover, are written in their N-Triples form.
//   TSV (§3): a header of "?name"s, values in Turtle (bare numbers and booleans), LF line ends.
// Neither format has a boolean form; ASK is written as Jena does, a one-column table named
// "_askResult" holding true or false (its CSV/TSV readers take that form back).
#include <ostream>
#include <string>

#include "results/writers.hpp"

namespace annals::results {

namespace {

// RFC 4180 §2.6-2.7: a field holding '"', ',', CR or LF is quoted, with '"' doubled inside.
void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of("\",\r\n") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_csv_term(std::string& out, const Term& t) {
  switch (t.kind) {
    case TermKind::kIri:
    case TermKind::kLiteral:
      append_csv_field(out, t.value);
      return;
    case TermKind::kBlank:
      append_csv_field(out, "_:" + t.value);
      return;
    case TermKind::kTriple:
      append_csv_field(out, to_ntriples(t));
      return;
  }
}

// The two formats differ only in these.
struct Dialect {
  char separator;
  std::string_view line_end;
  std::string_view header_mark;  // before each variable name
  void (*append_value)(std::string& out, const Term& t);
};

constexpr Dialect kCsv{',', "\r\n", "", append_csv_term};
constexpr Dialect kTsv{'\t', "\n", "?",
                       [](std::string& out, const Term& t) { append_turtle(out, t, {}); }};

class SeparatedValuesWriter final : public BufferedWriter {
 public:
  SeparatedValuesWriter(std::ostream& out, const Dialect& dialect)
      : BufferedWriter(out), dialect_(dialect) {}

  void start(const std::vector<std::string>& variables) override {
    columns_ = variables.size();
    for (std::size_t i = 0; i < variables.size(); ++i) {
      if (i > 0) buf_.push_back(dialect_.separator);
      buf_.append(dialect_.header_mark);
      buf_.append(variables[i]);
    }
    buf_.append(dialect_.line_end);
    flush();
  }

  void row(std::span<const std::optional<Term>> values) override {
    for (std::size_t i = 0; i < columns_; ++i) {
      if (i > 0) buf_.push_back(dialect_.separator);
      if (i < values.size() && values[i]) dialect_.append_value(buf_, *values[i]);
    }
    buf_.append(dialect_.line_end);
    flush();
  }

  void finish(std::optional<double> /*elapsed_ms*/) override {}

  void boolean(bool value) override {
    buf_.append(dialect_.header_mark);
    buf_.append("_askResult");
    buf_.append(dialect_.line_end);
    buf_.append(value ? "true" : "false");
    buf_.append(dialect_.line_end);
    flush();
  }

 private:
  const Dialect& dialect_;
  std::size_t columns_ = 0;
};

}  // namespace

std::unique_ptr<ResultWriter> make_csv_writer(std::ostream& out) {
  return std::make_unique<SeparatedValuesWriter>(out, kCsv);
}

std::unique_ptr<ResultWriter> make_tsv_writer(std::ostream& out) {
  return std::make_unique<SeparatedValuesWriter>(out, kTsv);
}

}  // namespace annals::results
