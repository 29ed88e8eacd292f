// SPARQL 1.1 Update over the protocol (serve_update.hpp): the token first, then the request
// parsed, LOAD refused by policy unless --allow-load, the protocol's dataset
// (using-graph-uri, using-named-graph-uri) handed on, and the whole request run as one
// transaction while holding the writer's lock.
#include "serve_update.hpp"

#include <algorithm>
#include <annals/update.hpp>

#include "cli.hpp"

namespace annals::cli::serve {

namespace {

// The protocol's dataset for the request's WHERE clauses; a refusal for an IRI that is not
// absolute.
std::optional<QueryOptions::Dataset> update_dataset(const Params& params,
                                                    std::optional<Response>& refusal) {
  QueryOptions::Dataset dataset;
  for (auto [name, graphs] : {std::pair{"using-graph-uri", &dataset.default_graphs},
                              std::pair{"using-named-graph-uri", &dataset.named_graphs}}) {
    for (auto& v : param_values(params, name)) {
      if ((refusal = refuse_iri_param(name, v))) return std::nullopt;
      graphs->push_back(Term::iri(std::move(v)));
    }
  }
  if (dataset.default_graphs.empty() && dataset.named_graphs.empty()) return std::nullopt;
  return dataset;
}

// LOAD for the endpoint: it may name any file the server can read, so a bad one is reported
// by its place alone, never by its words (neither the offending line nor a message that
// quotes it, as "relative IRI not allowed: <...>" would).
Result<std::uint64_t> load_quietly(WriteTxn& txn, const LoadRequest& request) {
  auto n = load_local(txn, request);
  if (n || n.status().code() != StatusCode::kInvalidInput) return n;
  Position where = n.status().where();
  where.excerpt.clear();
  where.excerpt_caret = 0;
  return Status::invalid_input("LOAD <" + request.source + ">: not valid input at this place",
                               std::move(where));
}

}  // namespace

bool update_available() { return true; }

Response run_update_request(Service& service, const Request& request, const std::string& text,
                            const Params& params) {
  if (auto refusal = check_update_token(service, request)) return std::move(*refusal);
  QueryParseOptions po;
  po.base = server_iri(request, "/sparql");
  auto prefixes = undeclared_prefixes(service);
  if (!prefixes) return error_response(prefixes.status());
  po.prefixes = std::move(*prefixes);
  auto parsed = parse_update(text, po);
  if (!parsed) return error_response(parsed.status());
  const auto ops = parsed->operations();
  if (!service.options.allow_load && std::count(ops.begin(), ops.end(), UpdateKind::kLoad) > 0) {
    return text_response(403, "LOAD is refused by this endpoint (annals serve --allow-load)");
  }
  UpdateOptions uo;
  uo.union_default_graph = service.options.union_default_graph;
  uo.timeout = time_left(service, request);
  uo.cancel = &service.cancel;
  uo.memory_limit = service.options.memory_limit;
  uo.allow_load = service.options.allow_load;
  if (uo.allow_load) uo.load = load_quietly;
  std::optional<Response> refusal;
  uo.dataset = update_dataset(params, refusal);
  if (refusal) return std::move(*refusal);

  std::lock_guard lock(service.writer);
  auto result = update_store(service.store, *parsed, uo);
  if (!result) {
    // kFailed here is a request that cannot apply (CREATE of a graph that holds facts, a
    // LOAD source that cannot be read): the client's doing, not the server's (400, not 500).
    const Status& st = result.status();
    if (st.code() == StatusCode::kFailed) return text_response(400, st.to_string());
    return error_response(st);
  }
  std::string summary = result->describe();
  if (result->transaction.number != 0) {
    summary += "\ntransaction " + std::to_string(result->transaction.number);
  }
  return text_response(200, summary.empty() ? "nothing to do" : summary);
}

}  // namespace annals::cli::serve
