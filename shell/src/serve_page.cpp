// What the endpoint says about itself: the query page at / (shell/assets/query.html,
// compiled in), the store's prefixes for its editor (/prefixes, JSON), and the SPARQL 1.1
// Service Description at GET /sparql without a query.
#include <annals/rdf.hpp>
#include <sstream>

#include "serve.hpp"
#include "serve_http.hpp"
#include "serve_results.hpp"
#include "serve_update.hpp"

namespace annals::cli {
std::string_view query_page();  // generated from shell/assets/query.html
}

namespace annals::cli::serve {

namespace {

constexpr std::string_view kSd = "http://www.w3.org/ns/sparql-service-description#";
constexpr std::string_view kFormats = "http://www.w3.org/ns/formats/";

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

// The description's statements: the service, its languages, formats, features and dataset.
std::vector<Quad> description_quads(const Service& service, const Request& request) {
  const Term self = Term::blank("service"), dataset = Term::blank("dataset"),
             graph = Term::blank("defaultGraph"), none = Term::iri("");
  auto sd = [](std::string_view local) { return Term::iri(std::string(kSd) + std::string(local)); };
  const Term type = Term::iri(std::string(kRdfType));
  std::vector<Quad> quads = {
      {self, type, sd("Service"), none},
      {self, sd("endpoint"), Term::iri(server_iri(request, "/sparql")), none},
      {self, sd("supportedLanguage"), sd("SPARQL11Query"), none},
  };
  if (!service.options.update_token.empty() && update_available()) {
    quads.push_back({self, sd("supportedLanguage"), sd("SPARQL11Update"), none});
  }
  for (std::string_view f : {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                             "SPARQL_Results_TSV", "Turtle", "N-Triples", "N-Quads", "TriG"}) {
    quads.push_back(
        {self, sd("resultFormat"), Term::iri(std::string(kFormats) + std::string(f)), none});
  }
  // The feature says what a request that does not choose reads: the store's rule, or what
  // the server was started with.
  auto on = union_default_graph(service);
  if (on && *on) quads.push_back({self, sd("feature"), sd("UnionDefaultGraph"), none});
  quads.push_back({self, sd("defaultDataset"), dataset, none});
  quads.push_back({dataset, type, sd("Dataset"), none});
  quads.push_back({dataset, sd("defaultGraph"), graph, none});
  quads.push_back({graph, type, sd("Graph"), none});
  return quads;
}

}  // namespace

Response handle_page(const Service& service, const Request& request) {
  if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET, HEAD");
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::string(query_page());
  // The union box starts as a request that does not choose reads (the store's rule, or
  // --union / --no-union).
  auto on = union_default_graph(service);
  if (on && *on) {
    const std::string box = R"(<input id="union" type="checkbox")";
    if (auto at = r.body.find(box); at != std::string::npos) {
      r.body.insert(at + box.size(), " checked");
    }
  }
  return r;
}

Response handle_prefixes(Service& service, const Request& request) {
  if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET, HEAD");
  auto txn = service.store.read();
  if (!txn) return error_response(txn.status());
  auto prefixes = txn->prefixes();
  if (!prefixes) return error_response(prefixes.status());
  Response r;
  r.content_type = "application/json";
  r.body = "{";
  for (const auto& p : *prefixes) {
    if (r.body.size() > 1) r.body += ",";
    r.body += "\n  ";
    append_json_string(r.body, p.name);
    r.body += ": ";
    append_json_string(r.body, p.iri);
  }
  r.body += "\n}\n";
  return r;
}

Response service_description(Service& service, const Request& request) {
  Response refused;
  auto format = choose_format(QueryKind::kConstruct, "", request.accept, refused);
  if (!format) return refused;
  std::ostringstream out;
  WriterOptions wo;
  wo.prefixes = {{"sd", std::string(kSd)}, {"formats", std::string(kFormats)}};
  RdfWriter writer(out, format->graph, wo);
  for (const auto& q : description_quads(service, request)) {
    if (Status st = writer.write(q); !st) return error_response(st);
  }
  if (Status st = writer.finish(); !st) return error_response(st);
  Response r;
  r.content_type = content_type_of(*format);
  r.body = out.str();
  return r;
}

}  // namespace annals::cli::serve
