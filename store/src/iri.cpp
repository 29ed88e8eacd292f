// The characters an IRI may hold (one rule for every layer), and RFC 3986 §5.2: reference
// resolution, with remove_dot_segments (§5.2.4).
#include "annals/iri.hpp"

#include <optional>

namespace annals {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The five components of §3 (Appendix B's regular expression, by hand).
struct Parts {
  std::optional<std::string_view> scheme, authority, query, fragment;
  std::string_view path;
};

Parts split(std::string_view s) {
  Parts p;
  if (iri_has_scheme(s)) {
    auto colon = s.find(':');
    p.scheme = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  }
  if (s.starts_with("//")) {
    s.remove_prefix(2);
    auto end = s.find_first_of("/?#");
    p.authority = s.substr(0, end);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  }
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    p.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  p.path = s;
  return p;
}

// §5.2.4: removes "." and ".." segments.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      auto next = in.find('/', in[0] == '/' ? 1 : 0);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

// §5.2.3: merges a relative path with the base's.
std::string merge(const Parts& base, std::string_view path) {
  if (base.authority && base.path.empty()) return "/" + std::string(path);
  auto slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(path);
  return std::string(base.path.substr(0, slash + 1)) + std::string(path);
}

}  // namespace

Status check_iri_chars(std::string_view iri) {
  for (char c : iri) {
    auto u = static_cast<unsigned char>(c);
    if (!iri_char(u)) return Status::invalid_input("an IRI may not hold " + describe_byte(u));
  }
  return Status::ok();
}

bool valid_absolute_iri(std::string_view iri) { return iri_has_scheme(iri) && check_iri_chars(iri); }

bool iri_has_scheme(std::string_view ref) {
  if (ref.empty() || !is_alpha(ref[0])) return false;
  for (std::size_t i = 1; i < ref.size(); ++i) {
    char c = ref[i];
    if (c == ':') return true;
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

std::string resolve_iri(std::string_view base_iri, std::string_view ref) {
  Parts r = split(ref);
  Parts b = split(base_iri);
  std::optional<std::string_view> scheme, authority, query;
  std::string path;
  if (r.scheme) {
    scheme = r.scheme;
    authority = r.authority;
    path = remove_dot_segments(r.path);
    query = r.query;
  } else {
    scheme = b.scheme;
    if (r.authority) {
      authority = r.authority;
      path = remove_dot_segments(r.path);
      query = r.query;
    } else {
      authority = b.authority;
      if (r.path.empty()) {
        path = std::string(b.path);
        query = r.query ? r.query : b.query;
      } else {
        path = remove_dot_segments(r.path[0] == '/' ? std::string(r.path) : merge(b, r.path));
        query = r.query;
      }
    }
  }
  // §5.3: recomposition.
  std::string out;
  if (scheme) {
    out.append(*scheme);
    out.push_back(':');
  }
  if (authority) {
    out.append("//");
    out.append(*authority);
  }
  out.append(path);
  if (query) {
    out.push_back('?');
    out.append(*query);
  }
  if (r.fragment) {
    out.push_back('#');
    out.append(*r.fragment);
  }
  return out;
}

}  // namespace annals
