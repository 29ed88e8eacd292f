// The SPARQL 1.1 Protocol at /sparql: a query by GET or POST (form-encoded or direct), its
// dataset from default-graph-uri / named-graph-uri, the union default graph by flag or
// parameter; an update by POST under the update token; GET without a query is the service
// description.
#include <annals/query.hpp>
#include <variant>

#include "serve.hpp"
#include "serve_http.hpp"
#include "serve_results.hpp"
#include "serve_update.hpp"

namespace annals::cli::serve {

namespace {

// What a request asks for once its encoding is undone: a query or an update text, and the
// parameters that go with it (the URL's, and a form body's).
struct Operation {
  Params params;
  std::vector<std::string> queries, updates;
};

// Reads the operation out of a GET or POST (SPARQL 1.1 Protocol §2.1 and §2.2); a refusal
// (4xx) on failure.
std::variant<Operation, Response> read_operation(const Request& request) {
  auto url = parse_params(request.query_string);
  if (!url) return error_response(url.status());
  Operation op{std::move(*url), {}, {}};
  if (request.method == "POST") {
    MediaType media = parse_media_type(request.content_type);
    if (!media.charset.empty() && media.charset != "utf-8") {
      return text_response(415, "a request body must be UTF-8, not " + media.charset);
    }
    if (!is_valid_utf8(request.body)) return text_response(400, "the request body is not UTF-8");
    if (media.type == "application/x-www-form-urlencoded") {
      auto form = parse_params(request.body);
      if (!form) return error_response(form.status());
      op.params.insert(op.params.end(), form->begin(), form->end());
    } else if (media.type == "application/sparql-query") {
      op.queries.push_back(request.body);
    } else if (media.type == "application/sparql-update") {
      op.updates.push_back(request.body);
    } else {
      return text_response(415,
                           "POST takes application/x-www-form-urlencoded, "
                           "application/sparql-query or application/sparql-update, not '" +
                               (media.type.empty() ? "(none)" : media.type) + "'");
    }
  }
  for (auto& q : param_values(op.params, "query")) op.queries.push_back(std::move(q));
  for (auto& u : param_values(op.params, "update")) op.updates.push_back(std::move(u));
  return op;
}

// The one value of an optional parameter given at most once; refusal when repeated.
std::optional<std::string> single_param(const Params& params, std::string_view name,
                                        std::optional<Response>& refusal) {
  auto values = param_values(params, name);
  if (values.size() > 1)
    refusal = text_response(400, "the parameter " + std::string(name) + " may be given once only");
  if (values.empty()) return std::nullopt;
  return values[0];
}

// IRIs of a dataset parameter: each must be absolute.
std::optional<std::vector<Term>> graph_iris(const Params& params, std::string_view name,
                                            std::optional<Response>& refusal) {
  std::vector<Term> graphs;
  for (auto& v : param_values(params, name)) {
    if ((refusal = refuse_iri_param(name, v))) return std::nullopt;
    graphs.push_back(Term::iri(std::move(v)));
  }
  return graphs;
}

// QueryOptions from the service's settings and the request's parameters.
std::optional<QueryOptions> query_options(Service& service, const Request& request,
                                          const Params& params, std::optional<Response>& refusal) {
  QueryOptions qo;
  qo.timeout = time_left(service, request);
  qo.cancel = &service.cancel;
  qo.memory_limit = service.options.memory_limit;
  qo.union_default_graph = service.options.union_default_graph;
  if (auto u = single_param(params, "union-default-graph", refusal)) {
    if (*u == "" || *u == "true" || *u == "1") {
      qo.union_default_graph = true;
    } else if (*u == "false" || *u == "0") {
      qo.union_default_graph = false;
    } else {
      refusal = text_response(400, "union-default-graph takes true or false, not '" + *u + "'");
    }
  }
  auto defaults = graph_iris(params, "default-graph-uri", refusal);
  auto named = graph_iris(params, "named-graph-uri", refusal);
  if (refusal) return std::nullopt;
  if (!defaults->empty() || !named->empty()) {
    qo.dataset = QueryOptions::Dataset{std::move(*defaults), std::move(*named)};
  }
  return qo;
}

Response run_query_request(Service& service, const Request& request, const Operation& op) {
  QueryParseOptions po;
  po.base = server_iri(request, "/sparql");
  auto prefixes = undeclared_prefixes(service);
  if (!prefixes) return error_response(prefixes.status());
  po.prefixes = std::move(*prefixes);
  auto parsed = parse_query(op.queries[0], po);
  if (!parsed) return error_response(parsed.status());
  std::optional<Response> refusal;
  auto format_param = single_param(op.params, "format", refusal);
  auto qo = query_options(service, request, op.params, refusal);
  if (refusal) return std::move(*refusal);
  Response refused;
  auto format = choose_format(parsed->kind(), format_param.value_or(""), request.accept, refused);
  if (!format) return refused;
  QueryRun run;
  run.options = std::move(*qo);
  run.max_results = service.options.max_results;
  Response r = run_query(service, std::move(*parsed), run, *format);
  // The engine refuses SERVICE itself (kNotSupported, 501); without --allow-service the
  // endpoint says that it is its policy (403), as for LOAD.
  if (r.status == 501 && !service.options.allow_service && r.body.starts_with("SERVICE")) {
    return text_response(403, "SERVICE is refused by this endpoint (annals serve --allow-service)");
  }
  return r;
}

}  // namespace

Response handle_sparql(Service& service, const Request& request) {
  if (request.method != "GET" && request.method != "POST") return method_not_allowed("GET, POST");
  auto read = read_operation(request);
  if (auto* refusal = std::get_if<Response>(&read)) return std::move(*refusal);
  auto& op = std::get<Operation>(read);
  if (op.queries.size() + op.updates.size() > 1) {
    return text_response(400, "a request carries one query or one update, not several");
  }
  if (!op.updates.empty()) {
    if (request.method != "POST") {
      return text_response(400, "an update goes by POST (SPARQL 1.1 Protocol §2.2), not GET");
    }
    return run_update_request(service, request, op.updates[0], op.params);
  }
  if (op.queries.empty()) {
    if (request.method == "GET") return service_description(service, request);
    return text_response(400, "the request has no query or update parameter");
  }
  return run_query_request(service, request, op);
}

}  // namespace annals::cli::serve
