// Writing query results: the SPARQL 1.1 Query Results JSON, XML, CSV and TSV formats, and an
// aligned table for people at a terminal. Writers stream: each row goes out as it comes
// (the table keeps the rows it needs to size its columns).
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "annals/term.hpp"

namespace annals {

enum class ResultFormat : std::uint8_t { kTable, kJson, kXml, kCsv, kTsv };

// "table", "json", "xml", "csv", "tsv" -> the format; nullopt for another name.
std::optional<ResultFormat> result_format_named(std::string_view name);
// The media type of a format ("application/sparql-results+json", ...; "text/plain" for the table).
std::string_view result_media_type(ResultFormat format);

struct ResultWriterOptions {
  // The table shows IRIs under these prefixes as prefixed names.
  std::vector<Prefix> prefixes;
  // The table cuts wider values with an ellipsis (characters on screen).
  std::size_t max_column_width = 50;
  // The table's whole width on screen (a terminal's columns; 0: no limit). A wider table
  // narrows its widest columns first, down to a few characters each, then hides columns from
  // the middle behind a "…" column, and its footer says how many it shows.
  std::size_t max_width = 0;
  // The table ends with "N rows" (and the time, when the caller gives it to finish()) ...
  bool footer = true;
  // ... written here instead when set (a program piping the table keeps it out of the data).
  std::ostream* footer_stream = nullptr;
};

// The results of one query: a SELECT's variables and rows, or an ASK's boolean.
class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  // SELECT: the variables, without '?', before any row.
  virtual void start(const std::vector<std::string>& variables) = 0;
  // One solution: a value per variable, nullopt where unbound.
  virtual void row(std::span<const std::optional<Term>> values) = 0;
  // After the last row; elapsed_ms (when known) goes in the table's footer.
  virtual void finish(std::optional<double> elapsed_ms = std::nullopt) = 0;
  // ASK: the whole result (no start/row/finish).
  virtual void boolean(bool value) = 0;
};

// A value as the table shows it to people, and the REPL's views with it: IRIs as prefixed
// names where a prefix fits, numbers and booleans bare, dates (xsd:date, xsd:gYear,
// xsd:gYearMonth) as their text ("2025-04"), other literals as Turtle ("text"@en).
std::string display_value(const Term& value, std::span<const Prefix> prefixes);

std::unique_ptr<ResultWriter> make_result_writer(ResultFormat format, std::ostream& out,
                                                 const ResultWriterOptions& options = {});

}  // namespace annals
