// SPARQL 1.1 Update over the protocol (§2.2): one request is one transaction, under the
// update token and the writer's lock.
#pragma once

#include <string>

#include "serve.hpp"
#include "serve_http.hpp"

namespace annals::cli::serve {

// Whether this build runs SPARQL Update (the service description lists it when the endpoint
// also has an update token).
bool update_available();

// Runs an update text (from a POST) with its parameters (using-graph-uri,
// using-named-graph-uri). 204 on success; 401/403 without the token; 400 for a syntax error.
Response run_update_request(Service& service, const Request& request, const std::string& text,
                            const Params& params);

}  // namespace annals::cli::serve
