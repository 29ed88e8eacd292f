// The endpoint's HTTP server on Boost.Beast/Asio: one io_context run by a few I/O threads, a
// session per connection (keep-alive, timeouts, the request-size limit, streamed chunked
// responses), an access log line per request, and the graceful shutdown on SIGINT or SIGTERM.
// The I/O threads only read and write sockets: each request is handled on a query thread or,
// for a write, on the writer's thread (serve_pool.hpp), and a streamed response makes each
// piece of its results there too, so a slow query never holds up another connection.

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
// clang-format off
#include <utility>
// clang-format on

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "serve.hpp"
#include "serve_http.hpp"
#include "serve_pool.hpp"
#include "serve_request.hpp"

namespace annals::cli::serve {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kIdleTimeout = std::chrono::seconds(30);    // between requests on a connection
constexpr auto kIoTimeout = std::chrono::seconds(60);      // reading a body, writing a piece
constexpr auto kShutdownGrace = std::chrono::seconds(10);  // then running queries are cancelled
constexpr auto kCancelGrace = std::chrono::seconds(3);     // then the server stops regardless
constexpr const char* kTooLarge =
    "the request is larger than this endpoint takes (--max-request-bytes)";
constexpr const char* kServerName = "annals/" ANNALS_VERSION;
// Threads for the sockets alone (requests run elsewhere): two, so that one stuck in a write
// to the terminal's stderr does not stop the other.
constexpr unsigned kIoThreads = 2;
// Query threads started at most when queries wait behind long ones: this many per --threads.
constexpr unsigned kStallFactor = 4;

// "2026-12-02T06:31:02Z 127.0.0.1 GET /sparql 200 1234 3.1ms", written with one call so that
// lines of different threads do not mix.
void log_access(const std::string& client, const std::string& method, const std::string& path,
                int status, std::uint64_t bytes, Clock::time_point started) {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  char tail[96];
  std::snprintf(tail, sizeof tail, " %d %llu %.1fms\n", status,
                static_cast<unsigned long long>(bytes), ms);
  std::string line = std::string(when) + ' ' + client + ' ' + method + ' ' + path + tail;
  std::fwrite(line.data(), 1, line.size(), stderr);
}

class Session;

// The listening socket, the sessions alive and the shutdown sequence.
class Server {
 public:
  explicit Server(Service& service)
      : service_(service),
        acceptor_(net::make_strand(ioc_)),
        signals_(ioc_, SIGINT, SIGTERM),
        timer_(ioc_),
        accept_pause_(acceptor_.get_executor()),
        queries_(service.options.threads, service.options.threads * kStallFactor,
                 service.options.queue),
        writer_(1, 1, service.options.queue) {}

  int run();
  Service& service() { return service_; }
  WorkPool& queries() { return queries_; }
  WorkPool& writer() { return writer_; }
  bool stopping() const { return stopping_.load(); }
  void add(Session* s, std::weak_ptr<Session> w) {
    std::lock_guard lock(mutex_);
    sessions_.emplace(s, std::move(w));
  }
  void remove(Session* s) {
    std::lock_guard lock(mutex_);
    sessions_.erase(s);
  }

 private:
  void accept();
  void begin_shutdown();
  void wait_for_sessions(Clock::time_point grace_end, Clock::time_point hard_end);

  Service& service_;
  // Declared before the io_context, so that they outlive the sessions its pending handlers
  // still hold when it is destroyed (each session removes itself from the map).
  std::mutex mutex_;
  std::map<Session*, std::weak_ptr<Session>> sessions_;
  std::atomic<bool> stopping_{false};
  net::io_context ioc_;
  tcp::acceptor acceptor_;  // on a strand: accepting and closing never run at once
  net::signal_set signals_;
  net::steady_timer timer_;
  net::steady_timer accept_pause_;  // on the acceptor's strand
  // Last, so that they stop first: their waiting tasks hold sessions, whose sockets need the
  // io_context.
  WorkPool queries_, writer_;
};

// One connection: reads requests one after the other and writes each response, all on the
// connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto remote = stream_.socket().remote_endpoint(ec);
    client_ = ec ? "-" : remote.address().to_string();
  }
  ~Session() { server_.remove(this); }

  void start() {
    server_.add(this, weak_from_this());
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  // On shutdown: a connection waiting for its next request is closed; one in the middle of
  // a request finishes it and then closes.
  void stop_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->stream_.close();
    });
  }

 private:
  void read_header() {
    busy_ = false;
    if (server_.stopping()) return close();
    parser_.emplace();
    const auto limit = server_.service().options.max_request_bytes;
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limit, UINT32_MAX)));
    parser_->body_limit(limit);
    stream_.expires_after(kIdleTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec == http::error::header_limit) return refuse(431, "the request's header is too large");
    // Beast checks a Content-Length against the body limit with the header.
    if (ec == http::error::body_limit) return refuse(413, kTooLarge);
    // RFC 9112 §6.3: Content-Length with Transfer-Encoding, or Content-Lengths that differ,
    // leave the body's end in doubt (request smuggling): 400, then close.
    if (ec == http::error::bad_content_length || ec == http::error::bad_transfer_encoding) {
      return refuse(400, "the request's length is in doubt: " + ec.message() +
                             " (RFC 9112 section 6.3)");
    }
    if (ec) return close();
    busy_ = true;
    started_ = Clock::now();
    auto& req = parser_->get();
    const auto length = parser_->content_length();
    if (length && *length > server_.service().options.max_request_bytes) {
      return refuse(413, kTooLarge);
    }
    stream_.expires_after(kIoTimeout);
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                     req.version());
      http::async_write(stream_, *cont,
                        [self = shared_from_this(), cont](beast::error_code e, std::size_t) {
                          if (e) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) {
      return refuse(413, kTooLarge);
    }
    if (ec) return close();
    auto& req = parser_->get();
    Request request = to_request(req, client_);
    request.received = started_;
    method_ = request.method;
    path_ = request.path;
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    const bool write = is_write(server_.service(), request);
    WorkPool& pool = write ? server_.writer() : server_.queries();
    auto task = [self = shared_from_this(), request = std::move(request)] { self->run(request); };
    if (!pool.try_submit(std::move(task))) {
      Response busy = text_response(
          503, std::string("the endpoint is busy: ") +
                   std::to_string(server_.service().options.queue) +
                   (write ? " writes wait for the writer already" : " requests wait already") +
                   "; try again shortly");
      busy.headers.emplace_back("Retry-After", "1");
      respond(std::move(busy));
    }
  }

  // On a query or the writer's thread: handles the request (HTTP/1.0, which has no chunked
  // encoding, gets its whole body made here), then responds on the connection's strand.
  void run(const Request& request) {
    Response r;
    const auto& limit = server_.service().options.timeout;
    if (limit && Clock::now() - request.received >= *limit) {
      r = text_response(503,
                        "the request waited past --timeout before it could run; nothing "
                        "was done");
    } else {
      try {
        r = handle(server_.service(), request);
        if (r.rest && version_ < 11) {
          for (bool more = true; more;) {
            auto next = r.rest->next(r.body);
            if (!next) {
              r = error_response(next.status());
              break;
            }
            more = *next;
          }
          r.rest.reset();
        }
      } catch (const std::exception& e) {
        r = text_response(500, std::string("internal error: ") + e.what());
      }
    }
    auto done = std::make_shared<Response>(std::move(r));
    net::post(stream_.get_executor(),
              [self = shared_from_this(), done] { self->respond(std::move(*done)); });
  }

  // Answers a request that cannot be read whole, then closes the connection.
  void refuse(int status, std::string message) {
    busy_ = true;
    if (method_.empty() && parser_) method_ = std::string(parser_->get().method_string());
    if (path_.empty() && parser_) {
      const std::string target(parser_->get().target());
      path_ = target.substr(0, target.find('?'));
    }
    keep_alive_ = false;
    draining_ = true;
    version_ = 11;
    respond(text_response(status, std::move(message)));
  }

  // After refusing a request whose body was not read: stops sending and reads (and drops)
  // what the client still sends for a little while before closing, so that closing with
  // unread data does not reset the connection before the client has read the refusal.
  void drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    drain_buffer_.resize(16 * 1024);
    drain_more();
  }

  void drain_more() {
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code e, std::size_t) {
                              if (e) return self->close();
                              self->drain_more();
                            });
  }

  void set_fields(http::fields& f, const Response& r) {
    f.set(http::field::server, kServerName);
    if (r.status != 204) f.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) f.insert(name, value);
  }

  void respond(Response r) {
    status_ = r.status;
    bytes_ = r.body.size();
    keep_alive_ = keep_alive_ && !server_.stopping();
    stream_.expires_after(kIoTimeout);
    if (!r.rest) {
      auto res = std::make_shared<http::response<http::string_body>>(
          static_cast<http::status>(r.status), version_);
      set_fields(*res, r);
      res->body() = std::move(r.body);
      res->keep_alive(keep_alive_);
      res->prepare_payload();
      http::async_write(stream_, *res,
                        [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                          self->finish(!ec);
                        });
      return;
    }
    rest_ = std::move(r.rest);
    chunk_ = std::move(r.body);
    head_.emplace(static_cast<http::status>(r.status), version_);
    set_fields(*head_, r);
    head_->keep_alive(keep_alive_);
    head_->chunked(true);
    serializer_.emplace(*head_);
    http::async_write_header(stream_, *serializer_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->finish(false);
                               self->write_chunk(true);
                             });
  }

  // Writes chunk_ (when not empty), then makes the next piece; after the last, the final
  // chunk. A piece that fails cuts the response short: the connection closes without the
  // final chunk, so that the client sees the response is incomplete.
  void write_chunk(bool more) {
    if (!chunk_.empty()) {
      bytes_ += chunk_.size();
      stream_.expires_after(kIoTimeout);
      net::async_write(stream_, http::make_chunk(net::buffer(chunk_)),
                       [self = shared_from_this(), more](beast::error_code ec, std::size_t) {
                         if (ec) return self->finish(false);
                         self->chunk_.clear();
                         self->write_chunk(more);
                       });
      return;
    }
    if (more) {
      // The next piece is made on a query thread (it runs the query further), ahead of new
      // requests; the strand does nothing for this connection meanwhile.
      server_.queries().submit_continuation([self = shared_from_this()] {
        auto next = std::make_shared<Result<bool>>(self->rest_->next(self->chunk_));
        net::post(self->stream_.get_executor(), [self, next] { self->on_piece(*next); });
      });
      return;
    }
    net::async_write(
        stream_, http::make_chunk_last(),
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->finish(!ec); });
  }

  void on_piece(const Result<bool>& next) {
    if (!next) {
      std::cerr << "annals serve: " << path_
                << ": response cut short: " << next.status().to_string() << '\n';
      return finish(false);
    }
    // Pieces come in tens of kilobytes; an empty one that is not the last asks for the next.
    write_chunk(*next);
  }

  void finish(bool ok) {
    log_access(client_, method_, path_, status_, bytes_, started_);
    rest_.reset();
    serializer_.reset();
    head_.reset();
    chunk_.clear();
    method_.clear();
    path_.clear();
    if (ok && draining_) return drain();
    if (!ok || !keep_alive_) return close();
    read_header();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Server& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> head_;
  std::optional<http::response_serializer<http::empty_body>> serializer_;
  std::unique_ptr<BodySource> rest_;
  std::string chunk_, drain_buffer_;
  std::string client_, method_, path_;
  Clock::time_point started_ = Clock::now();
  int status_ = 0;
  unsigned version_ = 11;
  std::uint64_t bytes_ = 0;
  bool keep_alive_ = false, busy_ = false, draining_ = false;
};

void Server::accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open()) return;
    if (!ec) std::make_shared<Session>(std::move(socket), *this)->start();
    // Out of file descriptors (EMFILE, ENFILE) or kernel memory, accept fails at once for
    // as long as the connection waits in the backlog: accepting again straight away would
    // spin a core and serve nothing. Pause instead, until sessions have closed some.
    if (ec == net::error::no_descriptors || ec == beast::errc::too_many_files_open_in_system ||
        ec == net::error::no_buffer_space || ec == net::error::no_memory) {
      accept_pause_.expires_after(std::chrono::milliseconds(100));
      accept_pause_.async_wait([this](beast::error_code) {
        if (!stopping_ && acceptor_.is_open()) accept();
      });
      return;
    }
    accept();
  });
}

void Server::begin_shutdown() {
  if (stopping_.exchange(true)) return;
  beast::error_code ec;
  acceptor_.close(ec);
  std::vector<std::shared_ptr<Session>> alive;
  {
    std::lock_guard lock(mutex_);
    for (auto& [s, w] : sessions_) {
      if (auto p = w.lock()) alive.push_back(std::move(p));
    }
  }
  for (auto& s : alive) s->stop_if_idle();
  const auto now = Clock::now();
  wait_for_sessions(now + kShutdownGrace, now + kShutdownGrace + kCancelGrace);
}

// Polls until every session has ended; past the grace period, cancels the running queries;
// past the hard end, stops the worker threads regardless.
void Server::wait_for_sessions(Clock::time_point grace_end, Clock::time_point hard_end) {
  bool empty = false;
  {
    std::lock_guard lock(mutex_);
    empty = sessions_.empty();
  }
  const auto now = Clock::now();
  if (empty || now >= hard_end) {
    ioc_.stop();
    return;
  }
  if (now >= grace_end) service_.cancel.store(true);
  timer_.expires_after(std::chrono::milliseconds(20));
  timer_.async_wait(
      [this, grace_end, hard_end](beast::error_code) { wait_for_sessions(grace_end, hard_end); });
}

int Server::run() {
  beast::error_code ec;
  const auto& o = service_.options;
  auto address = net::ip::make_address(o.bind, ec);
  if (ec) {
    std::cerr << "annals serve: --bind takes an IP address, not '" << o.bind << "'\n";
    return 2;
  }
  tcp::endpoint endpoint(address, o.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << "annals serve: cannot listen on " << o.bind << ':' << o.port << ": "
              << ec.message() << '\n';
    return 3;
  }
  const auto port = acceptor_.local_endpoint().port();
  const std::string host = address.is_v6() ? "[" + o.bind + "]" : o.bind;
  std::cout << "listening on http://" << host << ':' << port << "/" << std::endl;
  signals_.async_wait([this](beast::error_code e, int) {
    if (!e) net::post(acceptor_.get_executor(), [this] { begin_shutdown(); });
  });
  accept();
  std::vector<std::thread> io;
  for (unsigned i = 1; i < kIoThreads; ++i) io.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : io) t.join();
  // While the io_context lives: tasks still waiting hold sessions.
  queries_.stop();
  writer_.stop();
  std::cerr << "annals serve: stopped\n";
  return 0;
}

}  // namespace

int run_server(Service& service) {
  Server server(service);
  return server.run();
}

}  // namespace annals::cli::serve
