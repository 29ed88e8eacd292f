// Query results as HTTP responses: choosing the output format (format= parameter or Accept)
// for a query's form, and running a query on its own snapshot with its results streamed into
// the response body, cut at the result limit.
#pragma once

#include <annals/query.hpp>
#include <annals/rdf.hpp>
#include <annals/results.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "serve.hpp"

namespace annals::cli::serve {

// One way to write a response: SPARQL results (SELECT, ASK) or RDF (CONSTRUCT, DESCRIBE, the
// graph store, the service description).
struct OutputFormat {
  std::string_view media_type;
  bool rdf = false;
  ResultFormat results = ResultFormat::kJson;
  RdfFormat graph = RdfFormat::kTurtle;
};

// The format for a query of this form: the format= parameter when given (a name such as
// "json", "csv", "turtle", or a media type), else the Accept header's best choice. On failure
// sets refusal (400 for a format= that does not fit the form, 406 when Accept allows nothing
// the form can be written as) and returns nullopt.
std::optional<OutputFormat> choose_format(QueryKind kind, const std::string& format_param,
                                          std::string_view accept, Response& refusal);

// How a query runs for a response (RDF output shortens IRIs with the query's prefixes, then
// the store's).
struct QueryRun {
  QueryOptions options;
  std::uint64_t max_results = 0;  // 0: no limit
};

// Runs the query on a new snapshot of the store and answers with its results, the first
// piece computed before the status line is chosen (so that an error found early, such as a
// timeout during a sort, still gets its own status: error_response) and the rest streamed.
Response run_query(Service& service, ParsedQuery query, const QueryRun& run,
                   const OutputFormat& format);

// Answers with the current facts of one graph (Term::iri("") for the default graph) on a new
// snapshot, as triples, each with its valid time as an annotation (as `annals dump` writes
// it), streamed as query results are. `format` must be an RDF one.
Response graph_response(Service& service, const Term& graph, const OutputFormat& format);

// The Content-Type header for a format ("; charset=utf-8" after textual types).
std::string content_type_of(const OutputFormat& format);

}  // namespace annals::cli::serve
