// HTTP helpers of the endpoint: parameters, media types, content negotiation, the bearer
// token and error responses (serve_http.hpp).
#include "serve_http.hpp"

#include <algorithm>
#include <annals/iri.hpp>
#include <cctype>
#include <cstdint>

namespace annals::cli::serve {

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits at sep, keeping empty parts.
std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return Status::invalid_input("bad percent escape in the parameters: '" +
                                     std::string(s.substr(i, 3)) + "'");
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  if (!is_valid_utf8(out)) return Status::invalid_input("a parameter is not UTF-8");
  return out;
}

// One range of an Accept header: "type/subtype" (either part may be "*") and its quality.
struct AcceptRange {
  std::string type, subtype;
  double q = 1;
};

std::vector<AcceptRange> parse_accept(std::string_view header) {
  std::vector<AcceptRange> ranges;
  for (std::string_view item : split(header, ',')) {
    auto params = split(item, ';');
    std::string media = lowercase(trim(params[0]));
    auto slash = media.find('/');
    if (media.empty() || slash == std::string::npos) continue;
    AcceptRange r{media.substr(0, slash), media.substr(slash + 1), 1};
    for (std::size_t i = 1; i < params.size(); ++i) {
      std::string_view p = trim(params[i]);
      if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
        try {
          r.q = std::stod(std::string(p.substr(2)));
        } catch (...) {
          r.q = 0;  // an unreadable quality refuses rather than guesses
        }
      }
    }
    ranges.push_back(std::move(r));
  }
  return ranges;
}

// The quality the most specific matching range gives a media type; -1 when none matches.
double quality_of(const std::vector<AcceptRange>& ranges, std::string_view media) {
  auto slash = media.find('/');
  std::string_view type = media.substr(0, slash), subtype = media.substr(slash + 1);
  int best_specificity = -1;
  double q = -1;
  for (const auto& r : ranges) {
    int specificity = -1;
    if (r.type == type && r.subtype == subtype) {
      specificity = 2;
    } else if (r.type == type && r.subtype == "*") {
      specificity = 1;
    } else if (r.type == "*" && r.subtype == "*") {
      specificity = 0;
    }
    if (specificity > best_specificity) {
      best_specificity = specificity;
      q = r.q;
    }
  }
  return q;
}

}  // namespace

Result<Params> parse_params(std::string_view text) {
  Params params;
  if (text.empty()) return params;
  for (std::string_view part : split(text, '&')) {
    if (part.empty()) continue;
    auto eq = part.find('=');
    auto name = percent_decode(part.substr(0, eq));
    if (!name) return name.status();
    std::string value;
    if (eq != std::string_view::npos) {
      auto v = percent_decode(part.substr(eq + 1));
      if (!v) return v.status();
      value = std::move(*v);
    }
    params.emplace_back(std::move(*name), std::move(value));
  }
  return params;
}

std::vector<std::string> param_values(const Params& params, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [n, v] : params) {
    if (n == name) values.push_back(v);
  }
  return values;
}

bool has_param(const Params& params, std::string_view name) {
  return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
}

std::optional<Response> refuse_iri_param(std::string_view name, const std::string& value) {
  if (auto st = check_iri_chars(value); !st) {
    return text_response(400, std::string(name) + " needs an absolute IRI: " + st.message());
  }
  if (!iri_has_scheme(value)) {
    return text_response(400, std::string(name) + " needs an absolute IRI, not '" + value + "'");
  }
  return std::nullopt;
}

MediaType parse_media_type(std::string_view header) {
  auto params = split(header, ';');
  MediaType m{lowercase(trim(params[0])), {}};
  for (std::size_t i = 1; i < params.size(); ++i) {
    std::string p = lowercase(trim(params[i]));
    if (p.starts_with("charset=")) {
      std::string_view v = std::string_view(p).substr(8);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      m.charset = std::string(v);
    }
  }
  return m;
}

std::optional<std::size_t> negotiate(std::string_view accept,
                                     std::span<const std::string_view> offered) {
  if (offered.empty()) return std::nullopt;
  if (trim(accept).empty()) return 0;
  auto ranges = parse_accept(accept);
  std::optional<std::size_t> best;
  double best_q = 0;
  for (std::size_t i = 0; i < offered.size(); ++i) {
    double q = quality_of(ranges, offered[i]);
    if (q > best_q) {  // ties keep the server's earlier preference
      best_q = q;
      best = i;
    }
  }
  return best;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      extra = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += extra + 1;
  }
  return true;
}

Response text_response(int status, std::string message) {
  Response r;
  r.status = status;
  r.body = std::move(message);
  if (r.body.empty() || r.body.back() != '\n') r.body += '\n';
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

int http_status_for(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidInput:
      return 400;
    case StatusCode::kNotSupported:
      return 501;
    case StatusCode::kCancelled:
      return 503;
    case StatusCode::kNotFound:
      return 404;
    default:
      return 500;
  }
}

Response error_response(const Status& status) {
  return text_response(http_status_for(status.code()), status.to_string());
}

Response method_not_allowed(std::string_view allow) {
  Response r = text_response(405, "method not allowed here (allowed: " + std::string(allow) + ")");
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

std::optional<Response> check_update_token(const Service& service, const Request& request) {
  const std::string& token = service.options.update_token;
  if (token.empty()) {
    return text_response(403,
                         "this endpoint is read-only (start annals serve with an update token "
                         "to allow writes)");
  }
  std::string_view auth = trim(request.authorization);
  if (auth.empty()) {
    Response r = text_response(401, "writes need the header 'Authorization: Bearer TOKEN'");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"annals\"");
    return r;
  }
  std::string_view given;
  if (auth.size() > 7 && lowercase(auth.substr(0, 7)) == "bearer ") given = trim(auth.substr(7));
  // Compare every byte whatever the first difference, so that timing tells nothing.
  unsigned char diff = given.size() == token.size() ? 0 : 1;
  for (std::size_t i = 0; i < token.size(); ++i) {
    diff |= static_cast<unsigned char>(token[i] ^ (i < given.size() ? given[i] : 0));
  }
  if (diff != 0) return text_response(403, "wrong update token");
  return std::nullopt;
}

std::string server_iri(const Request& request, std::string_view path) {
  std::string host = request.host.empty() ? "localhost" : request.host;
  return "http://" + host + std::string(path);
}

std::optional<std::chrono::milliseconds> time_left(const Service& service, const Request& request) {
  const auto& limit = service.options.timeout;
  if (!limit) return std::nullopt;
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - request.received);
  return std::max(*limit - waited, std::chrono::milliseconds(1));
}

}  // namespace annals::cli::serve
