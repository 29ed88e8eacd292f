// The REPL's reading of typed text: where a statement ends (braces and ';' outside strings,
// IRIs and comments), which lines are PREFIX declarations for the session, and the pinned
// .at / .asof settings read into query options.
#include <cctype>
#include <charconv>

#include "repl.hpp"

namespace annals::cli::repl {

namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == ':' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

// Skips a string starting at text[i] (a quote); returns the index after it. A long string
// ('''…''' or """…""") that does not end sets open.
std::size_t skip_string(std::string_view text, std::size_t i, bool& open) {
  const char q = text[i];
  const bool long_form = text.substr(i, 3) == std::string(3, q);
  std::size_t j = i + (long_form ? 3 : 1);
  while (j < text.size()) {
    if (text[j] == '\\') {
      j += 2;
    } else if (long_form ? text.substr(j, 3) == std::string(3, q) : text[j] == q) {
      return j + (long_form ? 3 : 1);
    } else if (!long_form && text[j] == '\n') {
      return j;  // a short string cannot span lines: the parser will say so
    } else {
      ++j;
    }
  }
  open = long_form;
  return j;
}

// An IRI starts at text[i] ('<') when a '>' closes it before any space; else '<' is "less than".
std::size_t iri_end(std::string_view text, std::size_t i) {
  for (std::size_t j = i + 1; j < text.size(); ++j) {
    if (text[j] == '>') return j + 1;
    if (is_space(text[j]) || text[j] == '<' || text[j] == '"' || text[j] == '{' || text[j] == '}') {
      break;
    }
  }
  return 0;
}

}  // namespace

TextShape scan_text(std::string_view text) {
  TextShape shape;
  std::optional<std::size_t> last_significant;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    last_significant = i;
    if (is_word_char(c) && c != ':') {
      while (i < text.size() && is_word_char(text[i])) ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      i = skip_string(text, i, shape.open_string);
    } else if (std::size_t end = c == '<' ? iri_end(text, i) : 0; end) {
      i = end;
    } else if (c == '?' || c == '$') {
      ++i;
      while (i < text.size() && is_word_char(text[i]) && text[i] != ':') ++i;
    } else {
      if (c == '{') ++shape.depth;
      if (c == '}') --shape.depth;
      ++i;
    }
  }
  if (last_significant && text[*last_significant] == ';') {
    shape.ends_with_semicolon = true;
    shape.semicolon = *last_significant;
  }
  return shape;
}

bool StatementBuffer::add(std::string_view line, std::uint64_t line_no) {
  const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
  if (text_.empty()) {
    if (blank) return false;
    first_line_ = line_no;
    text_.append(line);
    text_ += '\n';
    std::vector<Prefix> ignored;
    const std::size_t start = line.find_first_not_of(" \t");
    if (line[start] == '.' || parse_prefix_lines(text_, ignored)) return true;
  } else if (blank) {
    return !scan_text(text_).open_string;
  } else {
    text_.append(line);
    text_ += '\n';
  }
  TextShape shape = scan_text(text_);
  return shape.depth <= 0 && !shape.open_string && shape.ends_with_semicolon;
}

std::string StatementBuffer::take() {
  std::string out = std::move(text_);
  text_.clear();
  TextShape shape = scan_text(out);
  if (shape.ends_with_semicolon) out[shape.semicolon] = ' ';  // blanked: columns stay
  return out;
}

bool parse_prefix_lines(std::string_view text, std::vector<Prefix>& out) {
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && is_space(text[i])) ++i;
  };
  std::vector<Prefix> found;
  for (skip_space(); i < text.size(); skip_space()) {
    if (text[i] == ';') {
      ++i;
      continue;
    }
    if (upper(text.substr(i, 6)) != "PREFIX" || i + 6 >= text.size() || !is_space(text[i + 6])) {
      return false;
    }
    i += 6;
    skip_space();
    const std::size_t colon = text.find(':', i);
    if (colon == std::string_view::npos) return false;
    std::string name(text.substr(i, colon - i));
    for (char c : name) {
      if (!is_word_char(c) && c != '.') return false;
    }
    i = colon + 1;
    skip_space();
    const std::size_t end = i < text.size() && text[i] == '<' ? iri_end(text, i) : 0;
    if (!end) return false;
    found.push_back({std::move(name), std::string(text.substr(i + 1, end - i - 2))});
    i = end;
  }
  if (found.empty()) return false;
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

std::string unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  return std::string(s);
}

Status pinned_options(const Settings& settings, QueryOptions& out) {
  if (!settings.at.empty()) {
    auto at = parse_date_bound(settings.at);
    if (!at) return Status::invalid_input(".at: '" + settings.at + "' is not a date");
    out.valid_at = *at;
  }
  if (!settings.as_of.empty()) {
    const std::string& s = settings.as_of;
    TxNumber tx = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), tx);
    if (ec == std::errc() && end == s.data() + s.size()) {
      out.as_of = QueryOptions::AsOf{tx, std::nullopt};
    } else if (auto ms = parse_timestamp(s)) {
      out.as_of = QueryOptions::AsOf{std::nullopt, *ms};
    } else {
      return Status::invalid_input(".asof: '" + s + "' is not a transaction or a time");
    }
  }
  return Status::ok();
}

Status in_source(const Status& st, const std::string& source, std::uint64_t first) {
  Position where = st.where();
  if (!where.source.empty() && where.source != "query") return st;  // a file's own place
  where.source = source;
  where.line = where.line ? where.line + first - 1 : first;
  return Status(st.code(), st.message(), where);
}

}  // namespace annals::cli::repl
