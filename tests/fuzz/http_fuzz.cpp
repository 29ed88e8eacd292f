// libFuzzer harness for the endpoint's request path without sockets: the input is the bytes a
// client sends. Beast parses them with the limits a session sets, the request is routed to
// its handler (serve::handle) as a session does, and the response's streamed body is made
// whole, up to a cap. The endpoint is read-only (no update token) over a small store (the
// demo graph and the tests' people dataset), with a query timeout far below the fuzzer's.
#include <boost/asio/buffer.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_store.hpp"
#include "serve.hpp"
#include "serve_request.hpp"

namespace {

using namespace annals::cli::serve;
namespace http = boost::beast::http;

constexpr std::size_t kMaxBodyBytes = 4u << 20;

ServeOptions make_options() {
  ServeOptions o;
  o.timeout = std::chrono::milliseconds(500);
  o.max_results = 2000;
  o.max_request_bytes = 64u << 10;
  return o;
}

// Reads a request from the bytes as a session does; false when Beast refuses them (the
// session answers 413/431 or closes without reaching a handler).
bool parse(const std::uint8_t* data, std::size_t size, std::size_t limit,
           http::request<http::string_body>& out) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(limit));
  parser.body_limit(limit);
  boost::beast::error_code ec;
  boost::asio::const_buffer rest(data, size);
  while (rest.size() > 0 && !parser.is_done()) {
    const std::size_t used = parser.put(rest, ec);
    rest += used;
    if (ec == http::error::need_more) {
      ec = {};  // the rest of the bytes, or the end of the input, may complete it
    } else if (ec) {
      return false;
    }
    if (used == 0) break;
  }
  if (!parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return false;
  out = parser.release();
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ServeOptions options = make_options();
  static Service service(annals::fuzz::fuzz_store(), options);
  http::request<http::string_body> message;
  if (!parse(data, size, options.max_request_bytes, message)) return 0;
  // handle() promises not to throw: an exception here is a bug, which the fuzzer reports.
  Response response = handle(service, to_request(message, "fuzz"));
  if (response.status < 100 || response.status > 599) {
    std::fprintf(stderr, "status %d out of range\n", response.status);
    std::abort();
  }
  std::string body = std::move(response.body);
  while (response.rest && body.size() < kMaxBodyBytes) {
    auto more = response.rest->next(body);
    if (!more || !*more) break;
  }
  return 0;
}
