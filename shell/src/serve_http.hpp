// HTTP pieces the endpoint's handlers share: request parameters, media types and content
// negotiation by Accept, the bearer token check, and plain-text error responses.
#pragma once

#include <annals/status.hpp>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "serve.hpp"

namespace annals::cli::serve {

// Parameters of a query string or a form body, in order, percent-decoded ('+' is a space).
// A parameter without '=' has an empty value ("?default").
using Params = std::vector<std::pair<std::string, std::string>>;
// kInvalidInput for a bad percent escape or a value that is not UTF-8.
Result<Params> parse_params(std::string_view text);
std::vector<std::string> param_values(const Params& params, std::string_view name);
bool has_param(const Params& params, std::string_view name);
// nullopt when a parameter's value is an IRI the store takes (absolute, and none of the
// characters annals/iri.hpp's check_iri_chars refuses); else the 400 that says why.
std::optional<Response> refuse_iri_param(std::string_view name, const std::string& value);

// A Content-Type header: the media type (lowercase, no parameters) and its charset parameter
// (lowercase, empty when absent).
struct MediaType {
  std::string type;
  std::string charset;
};
MediaType parse_media_type(std::string_view header);

// The index of the offered media type (listed in the server's order of preference) that the
// Accept header rates highest (SPARQL 1.1 Protocol §2.1.6 leaves the choice to RFC 7231
// §5.3.2: the most specific matching range sets an offer's quality; q=0 refuses it); nullopt
// when none is acceptable. An empty header accepts anything: the first offer.
std::optional<std::size_t> negotiate(std::string_view accept,
                                     std::span<const std::string_view> offered);

bool is_valid_utf8(std::string_view text);

// A response with a plain-text body (the message and a line end).
Response text_response(int status, std::string message);
// 204: done, nothing to say.
Response no_content();
// The HTTP status for a failed Status: 400 bad input, 501 not supported, 503 cancelled or
// timed out, 404 not found, 500 for the store's own failures.
int http_status_for(StatusCode code);
Response error_response(const Status& status);
// 405 with the Allow header.
Response method_not_allowed(std::string_view allow);

// Checks the Authorization header for a write: nullopt when it carries the server's update
// token; else the refusal: 403 on a read-only server or for a wrong token, 401 (with
// WWW-Authenticate) without credentials.
std::optional<Response> check_update_token(const Service& service, const Request& request);

// What is left of --timeout for a request, counted from its arrival (waiting in a queue
// counts): nullopt without a timeout, else at least 1 ms (the server refuses a request whose
// time ran out in the queue before it starts).
std::optional<std::chrono::milliseconds> time_left(const Service& service, const Request& request);

// The absolute IRI of a path on this server, from the Host header ("http://HOST/sparql").
std::string server_iri(const Request& request, std::string_view path);

}  // namespace annals::cli::serve
