// `POST /purge`: the endpoint's call for WriteTxn::purge, under the update token. Parameters
// graph or entity (an IRI), reason, and dry-run, as a form (application/x-www-form-urlencoded
// or the query string) or as a JSON object. The reason recorded in the transaction log names
// the client's address, so the log says which request erased what.
#include <nlohmann/json.hpp>

#include "serve.hpp"
#include "serve_http.hpp"

namespace annals::cli::serve {

namespace {

// A JSON object's string (or boolean) members as parameters; nullopt if the body is not one.
std::optional<Params> json_params(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  Params out;
  for (const auto& [name, value] : j.items()) {
    if (value.is_string()) out.emplace_back(name, value.get<std::string>());
    if (value.is_boolean()) out.emplace_back(name, value.get<bool>() ? "true" : "false");
  }
  return out;
}

// The request's parameters: the query string's, then the body's.
std::optional<Params> purge_params(const Request& request) {
  auto params = parse_params(request.query_string);
  if (!params) return std::nullopt;
  std::optional<Params> body;
  if (request.content_type.starts_with("application/json")) {
    body = json_params(request.body);
  } else if (auto form = parse_params(request.body)) {
    body = std::move(*form);
  }
  if (!body) return std::nullopt;
  params->insert(params->end(), body->begin(), body->end());
  return std::move(*params);
}

// The selector from exactly one graph or entity parameter.
std::optional<PurgeSelector> selector_of(const Params& params) {
  auto graphs = param_values(params, "graph");
  auto entities = param_values(params, "entity");
  if (graphs.size() + entities.size() != 1) return std::nullopt;
  const bool graph = graphs.size() == 1;
  const std::string& iri = graph ? graphs[0] : entities[0];
  if (iri.empty()) return std::nullopt;
  return PurgeSelector{graph ? PurgeSelector::Kind::kGraph : PurgeSelector::Kind::kEntity,
                       Term::iri(iri)};
}

std::string describe(const PurgeResult& r, bool dry_run) {
  const auto& c = r.counts;
  std::string s = std::string(dry_run ? "would erase " : "erased ") + std::to_string(c.facts) +
                  " facts (" + std::to_string(c.versions) + " versions, " +
                  std::to_string(c.current) + " current) of " + std::to_string(c.quads) + " quads";
  if (!dry_run) s += "\ntransaction " + std::to_string(r.record.number);
  return s;
}

}  // namespace

Response handle_purge(Service& service, const Request& request) {
  if (request.method != "POST") return method_not_allowed("POST");
  if (auto refusal = check_update_token(service, request)) return std::move(*refusal);
  auto params = purge_params(request);
  if (!params) return text_response(400, "the parameters are neither a form nor a JSON object");
  auto selector = selector_of(*params);
  if (!selector) return text_response(400, "a purge takes one parameter graph or entity (an IRI)");
  auto reasons = param_values(*params, "reason");
  if (reasons.size() != 1 || reasons[0].empty()) {
    return text_response(400, "a purge needs one non-empty reason parameter");
  }
  auto dry = param_values(*params, "dry-run");
  const bool dry_run = !dry.empty() && dry[0] != "false" && dry[0] != "0";
  const std::string reason = reasons[0] + " (requested by " + request.client + " over HTTP)";

  std::lock_guard lock(service.writer);
  auto txn = service.store.write();
  if (!txn) return error_response(txn.status());
  auto result = txn->purge(*selector, reason, dry_run);
  if (!result) return error_response(result.status());
  return text_response(200, describe(*result, dry_run));
}

}  // namespace annals::cli::serve
