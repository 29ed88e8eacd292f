// The SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graphs/service (indirect graph
// identification: ?graph=IRI or ?default). GET and HEAD read the graph's current triples in
// the negotiated RDF format; PUT replaces, POST merges, DELETE retracts, each one
// transaction under the update token. Retracting keeps history: a query AS OF an earlier
// transaction still sees the old graph.
#include <annals/iri.hpp>
#include <annals/query.hpp>
#include <annals/rdf.hpp>
#include <map>
#include <set>
#include <tuple>
#include <variant>

#include "serve.hpp"
#include "serve_http.hpp"
#include "serve_results.hpp"

namespace annals::cli::serve {

namespace {

struct GraphTarget {
  bool is_default = false;
  std::string iri;  // when not the default graph
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
  if (!iri_has_scheme(graphs[0])) {
    return text_response(400, "graph= needs an absolute IRI, not '" + graphs[0] + "'");
  }
  return GraphTarget{false, graphs[0]};
}

std::string describe(const GraphTarget& g) {
  return g.is_default ? "the default graph" : "<" + g.iri + ">";
}

// The graph's id in a view of the store; nullopt when the store has never seen its name.
Result<std::optional<TermId>> graph_id(const ReadTxn& txn, const GraphTarget& g) {
  if (g.is_default) return std::optional<TermId>(kDefaultGraph);
  return txn.lookup(Term::iri(g.iri));
}

// The graph's current facts in a view (all of them: a graph is small next to a request's
// bounded body, and a PUT compares them with the new content).
Result<std::vector<FactRow>> current_facts(const ReadTxn& txn, const GraphTarget& g) {
  std::vector<FactRow> rows;
  auto id = graph_id(txn, g);
  if (!id) return id.status();
  if (!*id) return rows;
  Pattern pattern;
  pattern.g = **id;
  auto cursor = txn.scan(pattern);
  if (!cursor) return cursor.status();
  for (; cursor->valid(); cursor->next()) rows.push_back(cursor->row());
  if (Status st = cursor->status(); !st) return st;
  return rows;
}

Response get_graph(Service& service, const Request& request, const GraphTarget& g,
                   const Params& params) {
  auto txn = service.store.read();
  if (!txn) return error_response(txn.status());
  if (!g.is_default) {
    auto id = graph_id(*txn, g);
    if (!id) return error_response(id.status());
    bool found = false;
    if (*id) {
      Pattern pattern;
      pattern.g = **id;
      auto cursor = txn->scan(pattern);
      if (!cursor) return error_response(cursor.status());
      found = cursor->valid();
    }
    if (!found) return text_response(404, "the store holds no graph " + describe(g));
  }
  Response refused;
  auto format_values = param_values(params, "format");
  auto format = choose_format(QueryKind::kConstruct, format_values.empty() ? "" : format_values[0],
                              request.accept, refused);
  if (!format) return refused;
  std::string text = g.is_default ? "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
                                  : "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH " +
                                        to_ntriples(Term::iri(g.iri)) + " { ?s ?p ?o } }";
  auto query = parse_query(text);
  if (!query) return error_response(query.status());
  QueryRun run;
  run.options.cancel = &service.cancel;
  return run_query(service, std::move(*query), run, *format);
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

// Puts a parsed term into the write transaction: the request's blank node labels each get a
// fresh blank node (as loaders scope labels to a file), triple terms their parts.
class TermInterner {
 public:
  explicit TermInterner(WriteTxn& txn) : txn_(txn) {}

  Result<TermId> intern(const Term& t) {
    if (t.is_blank()) {
      auto it = blanks_.find(t.value);
      if (it != blanks_.end()) return it->second;
      auto id = txn_.fresh_blank();
      if (!id) return id;
      blanks_.emplace(t.value, *id);
      return id;
    }
    if (t.is_triple()) {
      auto s = intern(t.triple->subject);
      if (!s) return s;
      auto p = intern(t.triple->predicate);
      if (!p) return p;
      auto o = intern(t.triple->object);
      if (!o) return o;
      return txn_.intern_triple(*s, *p, *o);
    }
    return txn_.intern(t);
  }

 private:
  WriteTxn& txn_;
  std::map<std::string, TermId> blanks_;
};

struct ParsedFact {
  Quad quad;
  ValidTime valid;
};

using FactKey =
    std::tuple<TermId, TermId, TermId, std::optional<DateBound>, std::optional<DateBound>>;

// PUT (replace) and POST (merge): the body's triples, with the valid time of their
// annotations, become the graph's facts in one transaction.
Response write_graph(Service& service, const Request& request, const GraphTarget& g, bool replace) {
  MediaType media = parse_media_type(request.content_type);
  auto format = body_format(media.type);
  if (!format) {
    return text_response(415, "a graph comes as text/turtle or application/n-triples, not '" +
                                  (media.type.empty() ? "(none)" : media.type) + "'");
  }
  if (!media.charset.empty() && media.charset != "utf-8") {
    return text_response(415, "a request body must be UTF-8, not " + media.charset);
  }
  std::vector<ParsedFact> facts;
  Input in = Input::from_string(request.body, "request");
  ParseOptions po(*format);
  po.base = g.is_default ? server_iri(request, "/rdf-graphs/service") : g.iri;
  Status parsed = parse_facts(in, po, [&](const Quad& q, const ValidTime& v) {
    facts.push_back({q, v});
    return Status::ok();
  });
  if (!parsed) return error_response(parsed);

  std::lock_guard lock(service.writer);
  auto txn = service.store.write();
  if (!txn) return error_response(txn.status());
  auto old = current_facts(txn->base(), g);
  if (!old) return error_response(old.status());
  TermInterner terms(*txn);
  auto gid = g.is_default ? Result<TermId>(kDefaultGraph) : terms.intern(Term::iri(g.iri));
  if (!gid) return error_response(gid.status());
  std::set<FactKey> kept;
  for (const auto& f : facts) {
    auto s = terms.intern(f.quad.subject);
    auto p = s ? terms.intern(f.quad.predicate) : s;
    auto o = p ? terms.intern(f.quad.object) : p;
    if (!o) return error_response(o.status());
    auto added = txn->assert_fact(*s, *p, *o, *gid, f.valid);
    if (!added) return error_response(added.status());
    kept.emplace(*s, *p, *o, f.valid.from, f.valid.to);
  }
  if (replace) {
    for (const auto& row : *old) {
      if (kept.count({row.s, row.p, row.o, row.valid.from, row.valid.to})) continue;
      auto gone = txn->retract_fact(row.s, row.p, row.o, row.g, row.valid);
      if (!gone) return error_response(gone.status());
    }
  }
  auto committed =
      txn->commit(std::string("graph store ") + (replace ? "PUT " : "POST ") + describe(g));
  if (!committed) return error_response(committed.status());
  if (old->empty() && !facts.empty() && !g.is_default) {
    return text_response(201, "created " + describe(g));
  }
  return no_content();
}

Response delete_graph(Service& service, const GraphTarget& g) {
  std::lock_guard lock(service.writer);
  auto txn = service.store.write();
  if (!txn) return error_response(txn.status());
  auto old = current_facts(txn->base(), g);
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
