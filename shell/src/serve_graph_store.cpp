// The SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graphs/service (indirect graph
// identification: ?graph=IRI or ?default). GET and HEAD read the graph's current triples in
// the negotiated RDF format, each with its valid time as an annotation (as dumps write it:
// what a GET returns, PUT elsewhere, gives the same graph); PUT replaces, POST merges, DELETE
// retracts, each one transaction under the update token. Retracting keeps history: a query
// AS OF an earlier transaction still sees the old graph.
#include <annals/load.hpp>
#include <annals/query.hpp>
#include <annals/rdf.hpp>
#include <cstdint>
#include <variant>

#include "serve.hpp"
#include "serve_http.hpp"
#include "serve_results.hpp"

namespace annals::cli::serve {

namespace {

struct GraphTarget {
  bool is_default = false;
  std::string iri;  // empty for the default graph (as Term::is_default_graph)
};

// The graph a request names (Graph Store Protocol §4.2: ?graph=IRI or ?default).
std::variant<GraphTarget, Response> read_target(const Request& request, Params& params) {
  auto parsed = parse_params(request.query_string);
  if (!parsed) return error_response(parsed.status());
  params = std::move(*parsed);
  auto graphs = param_values(params, "graph");
  const bool is_default = has_param(params, "default");
  if (graphs.size() + (is_default ? 1 : 0) != 1) {
    return text_response(400, "name one graph: ?graph=IRI or ?default");
  }
  if (is_default) return GraphTarget{true, {}};
  if (auto refusal = refuse_iri_param("graph=", graphs[0])) return std::move(*refusal);
  return GraphTarget{false, graphs[0]};
}

std::string describe(const GraphTarget& g) {
  return g.is_default ? "the default graph" : "<" + g.iri + ">";
}

// The graph's id in a view of the store; nullopt when the store has never seen its name.
Result<std::optional<TermId>> graph_id(const ReadTxn& txn, const GraphTarget& g) {
  return txn.lookup(Term::iri(g.iri));
}

// The graph's current facts in a view, at most `limit` of them (all by default: a DELETE
// retracts them one by one).
Result<std::vector<FactRow>> current_facts(const ReadTxn& txn, const GraphTarget& g,
                                           std::size_t limit = SIZE_MAX) {
  std::vector<FactRow> rows;
  auto id = graph_id(txn, g);
  if (!id) return id.status();
  if (!*id) return rows;
  Pattern pattern;
  pattern.g = **id;
  auto cursor = txn.scan(pattern);
  if (!cursor) return cursor.status();
  for (; cursor->valid() && rows.size() < limit; cursor->next()) rows.push_back(cursor->row());
  if (Status st = cursor->status(); !st) return st;
  return rows;
}

// Whether the graph holds a current fact.
Result<bool> holds_facts(const ReadTxn& txn, const GraphTarget& g) {
  auto first = current_facts(txn, g, 1);
  if (!first) return first.status();
  return !first->empty();
}

Response get_graph(Service& service, const Request& request, const GraphTarget& g,
                   const Params& params) {
  auto txn = service.store.read();
  if (!txn) return error_response(txn.status());
  if (!g.is_default) {
    auto found = holds_facts(*txn, g);
    if (!found) return error_response(found.status());
    if (!*found) return text_response(404, "the store holds no graph " + describe(g));
  }
  Response refused;
  auto format_values = param_values(params, "format");
  auto format = choose_format(QueryKind::kConstruct, format_values.empty() ? "" : format_values[0],
                              request.accept, refused);
  if (!format) return refused;
  return graph_response(service, Term::iri(g.iri), *format);
}

// The format of a request body holding a graph; nullopt for another media type.
std::optional<RdfFormat> body_format(std::string_view media_type) {
  if (media_type == "text/turtle" || media_type == "application/x-turtle")
    return RdfFormat::kTurtle;
  if (media_type == "application/n-triples" || media_type == "text/plain") {
    return RdfFormat::kNTriples;
  }
  return std::nullopt;
}

// PUT (replace) and POST (merge): the body's triples, with the valid time of their
// annotations, become the graph's facts in one transaction (load_into).
Response write_graph(Service& service, const Request& request, const GraphTarget& g, bool replace) {
  MediaType media = parse_media_type(request.content_type);
  LoadIntoOptions options;
  options.format = body_format(media.type);
  if (!options.format) {
    return text_response(415, "a graph comes as text/turtle or application/n-triples, not '" +
                                  (media.type.empty() ? "(none)" : media.type) + "'");
  }
  if (!media.charset.empty() && media.charset != "utf-8") {
    return text_response(415, "a request body must be UTF-8, not " + media.charset);
  }
  options.base = g.is_default ? server_iri(request, "/rdf-graphs/service") : g.iri;
  options.into_graph = g.iri;
  options.replace_graphs = replace;

  std::lock_guard lock(service.writer);
  auto txn = service.store.write();
  if (!txn) return error_response(txn.status());
  auto base = txn->base();
  if (!base) return error_response(base.status());
  auto existed = holds_facts(*base, g);
  if (!existed) return error_response(existed.status());
  Input body = Input::from_string(request.body, "request");
  auto loaded = load_into(*txn, body, options);
  if (!loaded) return error_response(loaded.status());
  auto committed =
      txn->commit(std::string("graph store ") + (replace ? "PUT " : "POST ") + describe(g));
  if (!committed) return error_response(committed.status());
  if (!*existed && loaded->quads_read > 0 && !g.is_default) {
    return text_response(201, "created " + describe(g));
  }
  return no_content();
}

Response delete_graph(Service& service, const GraphTarget& g) {
  std::lock_guard lock(service.writer);
  auto txn = service.store.write();
  if (!txn) return error_response(txn.status());
  auto base = txn->base();
  if (!base) return error_response(base.status());
  auto old = current_facts(*base, g);
  if (!old) return error_response(old.status());
  if (old->empty() && !g.is_default)
    return text_response(404, "the store holds no graph " + describe(g));
  for (const auto& row : *old) {
    auto gone = txn->retract_fact(row.s, row.p, row.o, row.g, row.valid);
    if (!gone) return error_response(gone.status());
  }
  auto committed = txn->commit("graph store DELETE " + describe(g));
  if (!committed) return error_response(committed.status());
  return no_content();
}

}  // namespace

Response handle_graph_store(Service& service, const Request& request) {
  const std::string& m = request.method;
  if (m != "GET" && m != "HEAD" && m != "PUT" && m != "POST" && m != "DELETE") {
    return method_not_allowed("GET, HEAD, PUT, POST, DELETE");
  }
  Params params;
  auto target = read_target(request, params);
  if (auto* refusal = std::get_if<Response>(&target)) return std::move(*refusal);
  const auto& g = std::get<GraphTarget>(target);
  if (m == "GET" || m == "HEAD") return get_graph(service, request, g, params);
  if (auto refusal = check_update_token(service, request)) return std::move(*refusal);
  if (m == "DELETE") return delete_graph(service, g);
  return write_graph(service, request, g, /*replace=*/m == "PUT");
}

}  // namespace annals::cli::serve
