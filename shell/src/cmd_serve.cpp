// `annals serve`: the SPARQL endpoint's command line (options, the store opened read-only
// unless an update token allows writes) and the routes from paths to handlers.
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli.hpp"
#include "serve.hpp"
#include "serve_http.hpp"

namespace annals::cli {

namespace serve {

Result<bool> union_default_graph(const Service& service) {
  if (service.options.union_default_graph) return *service.options.union_default_graph;
  auto txn = service.store.read();
  if (!txn) return txn.status();
  return txn->union_default_graph();
}

Result<std::vector<Prefix>> undeclared_prefixes(const Service& service) {
  if (!service.options.store_prefixes) return std::vector<Prefix>{};
  auto txn = service.store.read();
  if (!txn) return txn.status();
  return txn->prefixes();
}

Response handle(Service& service, const Request& request) {
  const std::string& path = request.path;
  Response r;
  if (path == "/sparql" || path == "/sparql/") {
    r = handle_sparql(service, request);
  } else if (path == "/rdf-graphs/service") {
    r = handle_graph_store(service, request);
  } else if (path == "/" || path == "/index.html") {
    r = handle_page(service, request);
  } else if (path == "/purge") {
    r = handle_purge(service, request);
  } else if (path == "/prefixes") {
    r = handle_prefixes(service, request);
  } else {
    r = text_response(404, "no such resource: " + path +
                               " (the endpoint is /sparql, the graph store /rdf-graphs/service)");
  }
  if (request.method == "HEAD") {
    r.body.clear();
    r.rest.reset();
  }
  return r;
}

bool is_write(const Service& service, const Request& request) {
  const std::string& path = request.path;
  const std::string& m = request.method;
  bool write = false;
  if (path == "/sparql" || path == "/sparql/") {
    // An update: by its media type, or an update parameter in the URL or a form body.
    if (m == "POST") {
      const std::string type = parse_media_type(request.content_type).type;
      auto has_update = [](std::string_view text) {
        auto params = parse_params(text);
        return params && has_param(*params, "update");
      };
      write = type == "application/sparql-update" || has_update(request.query_string) ||
              (type == "application/x-www-form-urlencoded" && has_update(request.body));
    }
  } else if (path == "/rdf-graphs/service") {
    write = m == "PUT" || m == "POST" || m == "DELETE";
  } else if (path == "/purge") {
    write = m == "POST";
  }
  // Without the token the handler refuses at once: that need not wait for the writer.
  return write && !check_update_token(service, request);
}

}  // namespace serve

namespace {

constexpr std::uint32_t kCatchUpMs = 50;

constexpr const char* kUsage =
    "[--store DIR] [--bind 127.0.0.1] [--port 7878] [--threads N] [--queue N] [--timeout S] "
    "[--max-memory MIB] [--max-results N] [--max-request-bytes N] [--update-token TOKEN] "
    "[--union|--no-union] [--no-store-prefixes] [--allow-load] [--allow-service]";

// Reads the numeric options into o; a usage message and false for a value out of range.
bool read_limits(const po::variables_map& vm, serve::ServeOptions& o) {
  const int port = vm["port"].as<int>();
  if (port < 0 || port > 65535) {
    std::cerr << "annals serve: --port takes 0 to 65535 (0: any free port)\n";
    return false;
  }
  o.port = static_cast<std::uint16_t>(port);
  const int threads = vm["threads"].as<int>();
  if (threads < 1 || threads > 256) {
    std::cerr << "annals serve: --threads takes 1 to 256\n";
    return false;
  }
  o.threads = static_cast<unsigned>(threads);
  const int queue = vm["queue"].as<int>();
  if (queue < 1 || queue > 100000) {
    std::cerr << "annals serve: --queue takes 1 to 100000\n";
    return false;
  }
  o.queue = static_cast<std::size_t>(queue);
  const double timeout = vm["timeout"].as<double>();
  if (timeout < 0) {
    std::cerr << "annals serve: --timeout takes seconds (0: no limit)\n";
    return false;
  }
  if (timeout > 0) o.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
  const double memory = vm["max-memory"].as<double>();
  if (!(memory >= 0) || memory > 1e9) {
    std::cerr << "annals serve: --max-memory takes MiB (0: no limit)\n";
    return false;
  }
  o.memory_limit = static_cast<std::size_t>(memory * 1024 * 1024);
  const auto max_results = vm["max-results"].as<long long>();
  const auto max_bytes = vm["max-request-bytes"].as<long long>();
  if (max_results < 0 || max_bytes < 1024) {
    std::cerr << "annals serve: --max-results takes 0 (no limit) or more rows, "
                 "--max-request-bytes 1024 or more\n";
    return false;
  }
  o.max_results = static_cast<std::uint64_t>(max_results);
  o.max_request_bytes = static_cast<std::size_t>(max_bytes);
  return true;
}

}  // namespace

int cmd_serve(const std::vector<std::string>& args) {
  po::options_description opts("options");
  add_store_option(opts);
  const int default_threads = static_cast<int>(std::max(4u, std::thread::hardware_concurrency()));
  opts.add_options()(
      "bind", po::value<std::string>()->default_value("127.0.0.1"),
      "address to listen on (another than loopback exposes the store to the network)")(
      "port", po::value<int>()->default_value(7878), "port to listen on; 0 picks a free one")(
      "threads", po::value<int>()->default_value(default_threads),
      "query threads: queries run at once (up to 4 times as many when queries wait behind "
      "long ones)")(
      "queue", po::value<int>()->default_value(64),
      "requests that may wait for a query thread, and writes for the writer (beyond: 503)")(
      "timeout", po::value<double>()->default_value(60),
      "stop a query or update this many seconds after it arrived (503); 0: no limit")(
      "max-memory", po::value<double>()->default_value(1024),
      "stop a query or update when what it keeps in memory passes this many MiB (503); 0: no "
      "limit")(
      "max-results", po::value<long long>()->default_value(100000),
      "cut a query's results after this many rows or triples; 0: no limit")(
      "max-request-bytes", po::value<long long>()->default_value(1 << 20),
      "refuse larger requests (413)")(
      "update-token", po::value<std::string>(),
      "allow updates and graph store writes with 'Authorization: Bearer TOKEN' (or "
      "$ANNALS_UPDATE_TOKEN); without one the endpoint is read-only and opens the store "
      "beside a writer")(
      "allow-load", "let SPARQL Update LOAD read files and addresses (refused otherwise)")(
      "allow-service", "let queries use SERVICE (refused otherwise)");
  add_reading_options(opts);  // a request's union-default-graph parameter overrides --union
  po::variables_map vm;
  if (int rc = parse_args("serve", kUsage, opts, {}, args, vm); rc >= 0) return rc;
  serve::ServeOptions o;
  o.bind = vm["bind"].as<std::string>();
  if (!read_limits(vm, o)) return kExitUsage;
  if (vm.count("update-token")) {
    o.update_token = vm["update-token"].as<std::string>();
  } else if (const char* env = std::getenv("ANNALS_UPDATE_TOKEN"); env && *env) {
    o.update_token = env;
  }
  int code = kExitOk;
  const Reading reading = reading_options(vm, code);
  if (code) return code;
  o.union_default_graph = reading.union_default_graph;
  o.store_prefixes = reading.store_prefixes;
  o.allow_load = vm.count("allow-load") > 0;
  o.allow_service = vm.count("allow-service") > 0;

  std::optional<Store> store;
  if (o.update_token.empty()) {
    // Read-only beside a writer process: its commits show within kCatchUpMs, and requests
    // do not each wait to catch up with it (milliseconds, one reader at a time).
    StoreOptions so;
    so.read_only = true;
    so.catch_up_interval_ms = kCatchUpMs;
    auto opened = Store::open(store_path(vm), so);
    if (!opened) return fail_store(opened.status());
    store.emplace(std::move(*opened));
  } else {
    store = open_store(store_path(vm), /*read_only=*/false, code);
    if (!store) return code;
  }
  serve::Service service(*store, o);
  return serve::run_server(service);
}

}  // namespace annals::cli
