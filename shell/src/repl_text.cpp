// The REPL's reading of typed text: where a statement ends (braces and ';' outside strings,
// IRIs and comments), which lines are PREFIX declarations for the session, and the pinned
// temporal clause added to queries that have none.
#include <cctype>

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
  std::string last_word;
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
      std::size_t j = i;
      while (j < text.size() && is_word_char(text[j])) ++j;
      std::string word = upper(text.substr(i, j - i));
      if (last_word == "VALID" && (word == "AT" || word == "DURING")) shape.has_valid = true;
      if (last_word == "AS" && word == "OF") shape.has_as_of = true;
      if (word == "VALUES" && shape.depth == 0) shape.values = i;
      last_word = std::move(word);
      i = j;
      continue;
    }
    last_word.clear();
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

std::string with_pinned_time(const std::string& query, const Settings& settings) {
  const TextShape shape = scan_text(query);
  std::string clause;
  if (!settings.at.empty() && !shape.has_valid && !shape.has_as_of) {
    clause += " VALID AT \"" + settings.at + '"';
  }
  if (!settings.as_of.empty() && !shape.has_as_of) {
    const bool number = settings.as_of.find_first_not_of("0123456789") == std::string::npos;
    clause += number ? " AS OF TRANSACTION " + settings.as_of : " AS OF \"" + settings.as_of + '"';
  }
  if (clause.empty()) return query;
  // SPARQL's [2] Query ends in a ValuesClause, and the temporal clause goes before it.
  if (shape.values)
    return query.substr(0, *shape.values) + clause.substr(1) + ' ' + query.substr(*shape.values);
  // On a line of its own: a comment on the query's last line must not swallow it.
  return query + '\n' + clause;
}

Explain strip_explain(std::string& text) {
  std::size_t i = 0;
  // Blanks out the next word if it is `keyword` (any case).
  auto take = [&](std::string_view keyword) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t end = i;
    while (end < text.size() && is_word_char(text[end])) ++end;
    if (upper(std::string_view(text).substr(i, end - i)) != keyword) return false;
    text.replace(i, end - i, end - i, ' ');
    i = end;
    return true;
  };
  if (!take("EXPLAIN")) return Explain::kNo;
  return take("ANALYZE") ? Explain::kAnalyze : Explain::kPlan;
}

Status in_source(const Status& st, const std::string& source, std::uint64_t first) {
  Position where = st.where();
  if (!where.source.empty() && where.source != "query") return st;  // a file's own place
  where.source = source;
  where.line = where.line ? where.line + first - 1 : first;
  return Status(st.code(), st.message(), where);
}

}  // namespace annals::cli::repl
