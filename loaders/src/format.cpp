// Format names and file extensions: how the CLI and LOAD pick a parser.
#include <cctype>

#include "annals/rdf.hpp"
#include "syntax/lexical.hpp"

namespace annals {

namespace {


bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && lex::iequals(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace

std::optional<RdfFormat> rdf_format_from_name(std::string_view name) {
  for (std::string_view n : {"nt", "ntriples", "n-triples"}) {
    if (lex::iequals(name, n)) return RdfFormat::kNTriples;
  }
  for (std::string_view n : {"nq", "nquads", "n-quads"}) {
    if (lex::iequals(name, n)) return RdfFormat::kNQuads;
  }
  for (std::string_view n : {"ttl", "turtle"}) {
    if (lex::iequals(name, n)) return RdfFormat::kTurtle;
  }
  if (lex::iequals(name, "trig")) return RdfFormat::kTriG;
  for (std::string_view n : {"rdfxml", "rdf/xml", "rdf-xml", "rdf"}) {
    if (lex::iequals(name, n)) return RdfFormat::kRdfXml;
  }
  return std::nullopt;
}

std::optional<RdfFormat> input_format_from_name(std::string_view name) {
  if (lex::iequals(name, "csv")) return RdfFormat::kCsv;
  if (lex::iequals(name, "tsv")) return RdfFormat::kTsv;
  if (lex::iequals(name, "jsonl") || lex::iequals(name, "json-lines")) return RdfFormat::kJsonl;
  return rdf_format_from_name(name);
}

std::optional<RdfFormat> input_format_from_path(std::string_view path) {
  std::string_view p = path;
  if (iends_with(p, ".gz")) p.remove_suffix(3);
  if (iends_with(p, ".csv")) return RdfFormat::kCsv;
  if (iends_with(p, ".tsv")) return RdfFormat::kTsv;
  if (iends_with(p, ".jsonl")) return RdfFormat::kJsonl;
  return rdf_format_from_path(path);
}

std::optional<RdfFormat> rdf_format_from_path(std::string_view path) {
  if (iends_with(path, ".gz")) path.remove_suffix(3);
  if (iends_with(path, ".nt")) return RdfFormat::kNTriples;
  if (iends_with(path, ".nq")) return RdfFormat::kNQuads;
  if (iends_with(path, ".ttl")) return RdfFormat::kTurtle;
  if (iends_with(path, ".trig")) return RdfFormat::kTriG;
  if (iends_with(path, ".rdf") || iends_with(path, ".owl")) return RdfFormat::kRdfXml;
  return std::nullopt;
}

std::string_view rdf_format_name(RdfFormat format) {
  switch (format) {
    case RdfFormat::kNTriples: return "ntriples";
    case RdfFormat::kNQuads: return "nquads";
    case RdfFormat::kTurtle: return "turtle";
    case RdfFormat::kTriG: return "trig";
    case RdfFormat::kRdfXml: return "rdfxml";
    case RdfFormat::kCsv: return "csv";
    case RdfFormat::kTsv: return "tsv";
    case RdfFormat::kJsonl: return "jsonl";
  }
  return "?";
}

std::string_view rdf_format_title(RdfFormat format) {
  switch (format) {
    case RdfFormat::kNTriples: return "N-Triples";
    case RdfFormat::kNQuads: return "N-Quads";
    case RdfFormat::kTurtle: return "Turtle";
    case RdfFormat::kTriG: return "TriG";
    case RdfFormat::kRdfXml: return "RDF/XML";
    case RdfFormat::kCsv: return "CSV";
    case RdfFormat::kTsv: return "TSV";
    case RdfFormat::kJsonl: return "JSON lines";
  }
  return "?";
}

std::string_view rdf_format_names() { return "ntriples, nquads, turtle, trig, rdfxml"; }

std::string_view input_format_names() {
  return "ntriples, nquads, turtle, trig, rdfxml, csv, tsv, jsonl";
}

bool rdf_format_is_report(RdfFormat format) {
  return format == RdfFormat::kCsv || format == RdfFormat::kTsv || format == RdfFormat::kJsonl;
}

bool rdf_format_is_line_based(RdfFormat format) {
  return format == RdfFormat::kNTriples || format == RdfFormat::kNQuads;
}

Status rdf_check_skippable(RdfFormat format, std::string_view source) {
  if (rdf_format_is_line_based(format) || rdf_format_is_report(format)) return Status::ok();
  return Status::invalid_input(std::string(source) + ": statements of " +
                               std::string(rdf_format_title(format)) +
                               " span lines, so its errors cannot be skipped; fix the file or "
                               "read it strictly");
}

bool rdf_format_has_graphs(RdfFormat format) {
  return format == RdfFormat::kNQuads || format == RdfFormat::kTriG || rdf_format_is_report(format);
}

}  // namespace annals
