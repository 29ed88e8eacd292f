// SPARQL 1.1 Update over the protocol (serve_update.hpp).
#include "serve_update.hpp"

namespace annals::cli::serve {

bool update_available() { return false; }

Response run_update_request(Service& service, const Request& request, const std::string& /*text*/,
                            const Params& /*params*/) {
  if (auto refusal = check_update_token(service, request)) return std::move(*refusal);
  return text_response(501, "SPARQL Update is not available in this build yet");
}

}  // namespace annals::cli::serve
