// A request Beast has read, as the endpoint's handlers see it (serve.hpp's Request). The
// server's sessions and the endpoint's fuzzing harness (tests/fuzz/) both make their
// requests with it, so that the harness reaches the handlers the way a socket does.
#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
// clang-format off
#include <utility>
// clang-format on

#include <boost/beast/http.hpp>
#include <string>
#include <string_view>

#include "serve.hpp"

namespace annals::cli::serve {

// Moves the body out of message. client is the peer's address ("-" if unknown).
inline Request to_request(boost::beast::http::request<boost::beast::http::string_body>& message,
                          std::string client) {
  namespace http = boost::beast::http;
  Request request;
  request.method = std::string(message.method_string());
  const std::string_view target(message.target().data(), message.target().size());
  const auto q = target.find('?');
  request.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) request.query_string = std::string(target.substr(q + 1));
  request.content_type = std::string(message[http::field::content_type]);
  request.accept = std::string(message[http::field::accept]);
  request.authorization = std::string(message[http::field::authorization]);
  request.host = std::string(message[http::field::host]);
  request.body = std::move(message.body());
  request.client = std::move(client);
  return request;
}

}  // namespace annals::cli::serve
