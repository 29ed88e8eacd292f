// Tab completion in the REPL: SPARQL keywords, dot-commands and their arguments, prefixes, and
// after `prefix:` the local names the store holds under that namespace (its predicates, from
// the store's statistics, then the other IRIs, from a query). libedit asks through repl.cpp.
#include <algorithm>
#include <annals/query.hpp>
#include <cctype>
#include <chrono>
#include <set>

#include "repl.hpp"
#include "syntax/names.hpp"

namespace annals::cli::repl {

namespace {

constexpr std::string_view kKeywords[] = {
    "ABS",        "ANALYZE",   "AS",          "ASC",          "ASK",
    "AT",         "AVG",       "BASE",        "BIND",         "BNODE",
    "BOUND",      "BY",        "CEIL",        "COALESCE",     "CONCAT",
    "CONSTRUCT",  "CONTAINS",  "COUNT",       "DATATYPE",     "DAY",
    "DESC",       "DESCRIBE",  "DISTINCT",    "DURING",       "ENCODE_FOR_URI",
    "EXISTS",     "EXPLAIN",   "FALSE",       "FILTER",       "FLOOR",
    "FROM",       "GRAPH",     "GROUP",       "GROUP_CONCAT", "HASLANG",
    "HASLANGDIR", "HAVING",    "HOURS",       "IF",           "IN",
    "IRI",        "ISBLANK",   "ISIRI",       "ISLITERAL",    "ISNUMERIC",
    "ISTRIPLE",   "ISURI",     "LANG",        "LANGDIR",      "LANGMATCHES",
    "LCASE",      "LIMIT",     "MAX",         "MD5",          "MIN",
    "MINUS",      "MINUTES",   "MONTH",       "NAMED",        "NOT",
    "NOW",        "OBJECT",    "OF",          "OFFSET",       "OPTIONAL",
    "ORDER",      "PREDICATE", "PREFIX",      "RAND",         "REDUCED",
    "REGEX",      "REPLACE",   "ROUND",       "SAMETERM",     "SAMPLE",
    "SECONDS",    "SELECT",    "SEPARATOR",   "SERVICE",      "SHA1",
    "SHA256",     "SHA384",    "SHA512",      "STR",          "STRAFTER",
    "STRBEFORE",  "STRDT",     "STRENDS",     "STRLANG",      "STRLANGDIR",
    "STRLEN",     "STRSTARTS", "STRUUID",     "SUBJECT",      "SUBSTR",
    "SUM",        "TIMEZONE",  "TRANSACTION", "TRIPLE",       "TRUE",
    "TZ",         "UCASE",     "UNDEF",       "UNION",        "URI",
    "UUID",       "VALID",     "VALUES",      "VERSION",      "WHERE",
    "YEAR"};

constexpr std::string_view kDotCommands[] = {
    ".asof", ".at",   ".classes", ".describe", ".exit",     ".explain", ".format", ".graphs",
    ".help", ".load", ".maxwidth", ".mode",     ".output",   ".pager",   ".predicates", ".prefixes",
    ".quit", ".read", ".sources",  ".storeprefixes", ".timeline", ".timing",  ".union"};

// The values a dot-command's argument takes, if it takes one of a few.
std::vector<std::string_view> argument_values(std::string_view command) {
  if (command == ".format" || command == ".mode") return {"csv", "json", "table", "tsv", "xml"};
  if (command == ".timing" || command == ".pager" || command == ".storeprefixes") {
    return {"off", "on"};
  }
  if (command == ".union") return {"off", "on", "store"};
  if (command == ".at" || command == ".asof") return {"off"};
  return {};
}

bool starts_with_nocase(std::string_view s, std::string_view start) {
  return s.size() >= start.size() &&
         std::equal(start.begin(), start.end(), s.begin(), [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) ==
                  std::toupper(static_cast<unsigned char>(b));
         });
}

// Whether the text before a word leaves it where a triple pattern has its predicate: after a
// subject that follows '{' or '.', or after ';'. Read from the line alone, as a guess.
bool predicate_position(std::string_view line) {
  std::vector<std::string_view> tokens;
  for (std::size_t i = 0; i < line.size();) {
    const std::size_t end = std::min(line.find_first_of(" \t", i), line.size());
    if (end > i) tokens.push_back(line.substr(i, end - i));
    i = end + 1;
  }
  if (tokens.empty()) return false;
  const std::string_view last = tokens.back();
  if (last.ends_with(';')) return true;
  const bool term = last.starts_with('?') || last.starts_with('$') || last.starts_with('<') ||
                    last.find(':') != std::string_view::npos;
  if (!term || last.ends_with('.') || last.ends_with('{')) return false;
  if (tokens.size() == 1) return true;  // a subject at the start of a continued line
  const std::string_view before = tokens[tokens.size() - 2];
  return before.ends_with('{') || before == ".";
}

std::string sparql_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace

const std::vector<std::string_view>& sparql_keywords() {
  static const std::vector<std::string_view> all(std::begin(kKeywords), std::end(kKeywords));
  return all;
}

std::vector<std::string> matching(std::string_view word, const std::vector<std::string_view>& names,
                                  bool keywords) {
  const bool lower = std::none_of(
      word.begin(), word.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  std::vector<std::string> out;
  for (std::string_view name : names) {
    if (!(keywords ? starts_with_nocase(name, word) : name.starts_with(word))) continue;
    std::string candidate(name);
    if (keywords && lower && !word.empty()) {
      for (char& c : candidate) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    out.push_back(std::move(candidate));
  }
  return out;
}

std::vector<Prefix> Session::known_prefixes() {
  if (!store_prefixes_) {
    store_prefixes_.emplace();
    if (auto txn = store_.read()) {
      if (auto p = txn->prefixes()) store_prefixes_ = std::move(*p);
    }
  }
  std::vector<Prefix> all = settings_.prefixes;
  for (const auto& p : *store_prefixes_) {
    if (std::none_of(all.begin(), all.end(), [&](const Prefix& q) { return q.name == p.name; })) {
      all.push_back(p);
    }
  }
  return all;
}

// The public API lists predicates (the statistics) but not the IRIs of a namespace, so the
// other names come from one query per namespace, with a limit and a time limit (a large
// store answers with what it found in that time), kept for the session.
const LocalNames& Session::names_in(const std::string& ns) {
  if (auto it = names_.find(ns); it != names_.end()) return it->second;
  LocalNames& names = names_[ns];
  std::set<std::string> seen;
  auto add = [&](const std::string& iri, std::vector<std::string>& to) {
    if (iri.starts_with(ns) && lex::is_pn_local(std::string_view(iri).substr(ns.size())) &&
        seen.insert(iri).second) {
      to.push_back(iri.substr(ns.size()));
    }
  };
  auto txn = store_.read();
  if (!txn) return names;
  if (auto stats = txn->stats(false)) {
    for (const auto& p : stats->by_predicate) {
      if (auto t = txn->term(p.predicate); t && t->is_iri()) add(t->value, names.predicates);
    }
  }
  const std::string text =
      "SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } FILTER(isIRI(?x) && "
      "STRSTARTS(STR(?x), " +
      sparql_string(ns) + ")) } LIMIT 5000";
  auto parsed = parse_query(text);
  if (!parsed) return names;
  QueryOptions qo;
  qo.union_default_graph = true;
  qo.timeout = std::chrono::milliseconds(1000);
  qo.cancel = cancel_;
  auto solutions = execute(*txn, *parsed, qo);
  if (!solutions) return names;
  for (std::vector<std::optional<Term>> row;;) {
    auto more = solutions->next(row);
    if (!more || !*more) break;
    if (row[0]) add(row[0]->value, names.others);
  }
  return names;
}

std::vector<std::string> Session::complete_name(std::string_view word, bool predicate) {
  const std::vector<Prefix> prefixes = known_prefixes();
  const std::size_t colon = word.find(':');
  if (colon == std::string_view::npos) {
    std::vector<std::string> out;
    for (const auto& p : prefixes) {
      if (!p.name.empty() && p.name.starts_with(word)) out.push_back(p.name + ':');
    }
    return out;
  }
  const auto p = std::find_if(prefixes.begin(), prefixes.end(),
                              [&](const Prefix& q) { return q.name == word.substr(0, colon); });
  if (p == prefixes.end()) return {};
  const std::string_view local = word.substr(colon + 1);
  const LocalNames& names = names_in(p->iri);
  std::vector<std::string> out;
  auto add = [&](const std::vector<std::string>& from) {
    for (const std::string& name : from) {
      if (name.starts_with(local)) out.push_back(p->name + ':' + name);
    }
  };
  add(names.predicates);
  if (!predicate || out.empty()) add(names.others);
  return out;
}

std::vector<std::string> Session::complete(std::string_view before, std::string_view word) {
  const std::size_t first = before.find_first_not_of(" \t");
  const std::string_view line = first == std::string_view::npos ? "" : before.substr(first);
  if (line.empty() && word.starts_with('.')) {
    return matching(word, {std::begin(kDotCommands), std::end(kDotCommands)}, false);
  }
  const std::string_view command = line.substr(0, line.find_first_of(" \t"));
  const bool argument = line.starts_with('.');
  const bool first_argument =
      argument && command.size() < line.size() &&
      line.find_first_not_of(" \t", command.size()) == std::string_view::npos;
  if (first_argument && !argument_values(command).empty()) {
    return matching(word, argument_values(command), false);
  }
  const bool entity = command == ".describe" || command == ".timeline" || command == ".sources";
  if ((argument && !entity && command != ".explain") || word.starts_with('?') ||
      word.starts_with('$')) {
    return {};
  }
  std::vector<std::string> out;
  if (!entity && word.find(':') == std::string_view::npos) {
    out = matching(word, sparql_keywords(), true);
  }
  for (std::string& name : complete_name(word, !entity && predicate_position(line))) {
    out.push_back(std::move(name));
  }
  return out;
}

}  // namespace annals::cli::repl
