// The result formats by name and media type, and make_result_writer, which picks a writer.
#include "results/writers.hpp"

namespace annals {

std::optional<ResultFormat> result_format_named(std::string_view name) {
  if (name == "table") return ResultFormat::kTable;
  if (name == "json") return ResultFormat::kJson;
  if (name == "xml") return ResultFormat::kXml;
  if (name == "csv") return ResultFormat::kCsv;
  if (name == "tsv") return ResultFormat::kTsv;
  return std::nullopt;
}

std::string_view result_media_type(ResultFormat format) {
  switch (format) {
    case ResultFormat::kTable:
      return "text/plain";
    case ResultFormat::kJson:
      return "application/sparql-results+json";
    case ResultFormat::kXml:
      return "application/sparql-results+xml";
    case ResultFormat::kCsv:
      return "text/csv";
    case ResultFormat::kTsv:
      return "text/tab-separated-values";
  }
  return "text/plain";
}

std::unique_ptr<ResultWriter> make_result_writer(ResultFormat format, std::ostream& out,
                                                 const ResultWriterOptions& options) {
  switch (format) {
    case ResultFormat::kTable:
      return results::make_table_writer(out, options);
    case ResultFormat::kJson:
      return results::make_json_writer(out);
    case ResultFormat::kXml:
      return results::make_xml_writer(out);
    case ResultFormat::kCsv:
      return results::make_csv_writer(out);
    case ResultFormat::kTsv:
      return results::make_tsv_writer(out);
  }
  return results::make_table_writer(out, options);
}

}  // namespace annals
