// The HTTP endpoint (`annals serve`) inside the shell: its options, a request and a response
// as the handlers see them (plain structs, no Boost types: only serve_server.cpp speaks
// HTTP on sockets), and the handlers each serve_*.cpp file provides.
#pragma once

#include <annals/status.hpp>
#include <annals/store.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace annals::cli::serve {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 7878;  // 0: the system picks a free port
  unsigned threads = 4;       // queries running at once (more on a stall)
  std::size_t queue = 64;     // requests waiting for a query thread (and, apart, for the writer)
  std::optional<std::chrono::milliseconds> timeout;  // per request from arrival; none: no limit
  std::size_t memory_limit = std::size_t{1} << 30;   // bytes a query or update may keep; 0: none
  std::uint64_t max_results = 0;                     // rows (or triples) per query; 0: no limit
  std::size_t max_request_bytes = 1u << 20;          // beyond: 413
  std::string update_token;                          // empty: the endpoint is read-only
  std::optional<bool> union_default_graph;  // --union / --no-union; unset: the store's rule
  bool store_prefixes = true;  // undeclared prefixes resolve through the store's table
  bool allow_load = false;
  bool allow_service = false;
};

// One request, read whole (bodies are bounded by max_request_bytes).
struct Request {
  std::string method;        // "GET", "POST", ...
  std::string path;          // the target up to '?', as sent (no percent-decoding)
  std::string query_string;  // the target after '?', as sent
  std::string content_type, accept, authorization, host;
  std::string client;  // the peer's address ("-" if unknown)
  std::string body;
  // When its header arrived: --timeout counts from here, time waiting in a queue included.
  std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now();
};

// The part of a response body made while it is sent (query results, a graph).
class BodySource {
 public:
  virtual ~BodySource() = default;
  // Appends the next piece (tens of kilobytes) to out. Returns true while more may follow,
  // false after the last piece. A failure after the first piece can only cut the response
  // short: its status line has gone out.
  virtual Result<bool> next(std::string& out) = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::unique_ptr<BodySource> rest;  // the body after `body`, sent chunked; null when whole
};

// What every request shares: the store, the options, the one writer's lock and the flag that
// cancels running queries when shutdown's grace period runs out. Thread-safe.
struct Service {
  Service(Store& s, const ServeOptions& o) : store(s), options(o) {}
  Store& store;
  const ServeOptions& options;
  // Held for a whole update or graph store write: one writer at a time (the server runs
  // writes on its one writer thread; the lock keeps that true for any caller of handle()).
  std::mutex writer;
  std::atomic<bool> cancel{false};
};

// What a request reads unless it says otherwise (cmd_serve.cpp): whether the default graph
// is the union of all graphs (--union / --no-union, else the store's rule), and the
// prefixes its text may use undeclared (the store's, unless --no-store-prefixes).
Result<bool> union_default_graph(const Service& service);
Result<std::vector<Prefix>> undeclared_prefixes(const Service& service);

// Routes a request to its handler (cmd_serve.cpp). Never throws; a failure of the store is
// a 500, bad input a 4xx.
Response handle(Service& service, const Request& request);
// Whether the request is a write with the update token (an update, a Graph Store PUT, POST
// or DELETE, a purge): it runs on the writer's thread, one at a time; everything else
// (refusals of writes included) on the query threads (cmd_serve.cpp).
bool is_write(const Service& service, const Request& request);

// The handlers behind the routes.
Response handle_sparql(Service& service, const Request& request);        // serve_protocol.cpp
Response handle_graph_store(Service& service, const Request& request);   // serve_graph_store.cpp
Response handle_page(const Service& service, const Request& request);    // serve_page.cpp
Response handle_prefixes(Service& service, const Request& request);      // serve_page.cpp
Response service_description(Service& service, const Request& request);  // serve_page.cpp
Response handle_purge(Service& service, const Request& request);         // serve_purge.cpp

// Accepts connections on options.bind:options.port until SIGINT or SIGTERM, printing
// "listening on http://HOST:PORT/" once the socket is bound and an access log line per request
// to stderr. Sockets are served by their own threads; requests run on a pool of
// options.threads query threads and one writer thread (serve_pool.hpp), each behind a queue of
// options.queue (503 when full). On a signal: stops accepting, lets requests in flight finish
// (for a bounded time, then cancels their queries), and returns 0; returns 3 if the address
// cannot be bound (serve_server.cpp).
int run_server(Service& service);

}  // namespace annals::cli::serve
