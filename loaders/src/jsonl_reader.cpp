// JSON-lines reports: one report a line (its metadata, entities and dated facts) into the
// report's own named graph (loaders/REPORTS.md has the schema). Streaming: one line in memory.
#include <cctype>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "readers.hpp"
#include "report_terms.hpp"
#include "syntax/lexical.hpp"

namespace annals {

namespace {

using json = nlohmann::json;
using report::TimeField;

constexpr std::string_view kDctermsTitle = "http://purl.org/dc/terms/title";
constexpr std::string_view kDctermsIssued = "http://purl.org/dc/terms/issued";
constexpr std::string_view kDctermsPublisher = "http://purl.org/dc/terms/publisher";
constexpr std::string_view kRdfsLabel = "http://www.w3.org/2000/01/rdf-schema#label";
constexpr std::string_view kSkosAltLabel = "http://www.w3.org/2004/02/skos/core#altLabel";
constexpr std::string_view kSchemaUrl = "https://schema.org/url";
constexpr std::string_view kAnnalsQuote = "https://annals.dev/ns#quote";

// A schema error: the field it is about (a path such as "facts[2].o") and what is wrong.
struct SchemaError {
  std::string field;
  std::string message;
};

class JsonlReader {
 public:
  JsonlReader(Input& in, const ParseOptions& options, const FactSink& sink, bool fold)
      : in_(in), options_(options), lines_(in), emit_(sink, fold) {}

  Status run() {
    while (lines_.next(line_)) {
      if (line_.find_first_not_of(" \t") == std::string::npos) continue;
      Status st = report_line();
      if (st) continue;
      if (st.where().line == 0 || !options_.on_skip) return st;
      options_.on_skip(st);
    }
    return lines_.status();
  }

 private:
  Status error(std::size_t offset, std::string message) const {
    return report::error_at(in_.name(), lines_.number(), report::column_of(line_, offset), line_,
                            std::move(message));
  }

  Status report_line() {
    json j;
    try {
      j = json::parse(line_);
    } catch (const json::parse_error& e) {
      return error(token_start(e.byte > 0 ? e.byte - 1 : 0), "bad JSON: " + json_message(e.what()));
    } catch (const json::out_of_range& e) {
      // A number past a double's range ("1e400"): nlohmann names the token but not its place.
      std::string token = quoted_token(e.what());
      return error(number_at(token), "bad JSON: the number " + token +
                                         " is out of range (give it as {\"@value\": \"" + token +
                                         "\", \"@type\": ...})");
    }
    try {
      report(j);
    } catch (const SchemaError& e) {
      emit_.drop();
      return error(offset_of(e.field), e.field + ": " + e.message);
    }
    return emit_.flush();
  }

  // The parser names the last byte it read; the caret goes under the start of that token
  // (a string's opening quote, a word's first letter).
  std::size_t token_start(std::size_t last) const {
    if (last >= line_.size()) return last;
    auto word = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+';
    };
    std::size_t k = last;
    if (line_[k] == '"') {
      while (k > 0 && !(line_[k - 1] == '"' && (k < 2 || line_[k - 2] != '\\'))) --k;
      return k > 0 ? k - 1 : 0;
    }
    while (k > 0 && word(line_[k]) && word(line_[k - 1])) --k;
    return k;
  }

  // nlohmann's message without its "[json.exception...] parse error at line 1, column 5: ".
  static std::string json_message(std::string_view what) {
    auto col = what.find("column ");
    if (col != std::string_view::npos) {
      auto colon = what.find(": ", col);
      if (colon != std::string_view::npos) return std::string(what.substr(colon + 2));
    }
    return std::string(what);
  }

  // The 'token' of nlohmann's "number overflow parsing 'token'".
  static std::string quoted_token(std::string_view what) {
    auto close = what.rfind('\'');
    auto open = close == std::string_view::npos ? close : what.rfind('\'', close - 1);
    if (open == std::string_view::npos) return std::string(what);
    return std::string(what.substr(open + 1, close - open - 1));
  }

  // Where the number token first stands on the line outside strings, else the start (the
  // parser stops at the first number it cannot hold, so an earlier equal token is in a string).
  std::size_t number_at(std::string_view token) const {
    auto number_char = [](char c) {
      return lex::is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    };
    bool in_string = false;
    for (std::size_t i = 0; i < line_.size(); ++i) {
      char c = line_[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (std::string_view(line_).substr(i).starts_with(token) &&
                 (i == 0 || !number_char(line_[i - 1]))) {
        return i;
      }
    }
    return 0;
  }

  // Where a field's top-level key stands on the line (its opening quote), else the start.
  std::size_t offset_of(const std::string& field) const {
    std::string key = "\"" + field.substr(0, field.find_first_of(".[")) + "\"";
    auto at = line_.find(key);
    return at == std::string::npos ? 0 : at;
  }

  [[noreturn]] static void fail(std::string field, std::string message) {
    throw SchemaError{std::move(field), std::move(message)};
  }
  static void check(const Status& st, const std::string& field) {
    if (!st) fail(field, st.message());
  }

  static void only_fields(const json& j, const std::string& where,
                          std::initializer_list<std::string_view> known) {
    if (!j.is_object()) fail(where.empty() ? "report" : where, "expected an object");
    for (const auto& [key, value] : j.items()) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || key == k;
      if (!ok) fail(where.empty() ? key : where + "." + key, "unknown field");
    }
  }
  static const std::string& string_of(const json& j, const std::string& field) {
    if (!j.is_string()) fail(field, "expected a string");
    return j.get_ref<const std::string&>();
  }

  Term iri(const json& j, const std::string& field) const {
    Term t;
    check(terms_.iri(string_of(j, field), t), field);
    return t;
  }

  // An object: a string as in CSV (an IRI, a literal in N-Triples syntax, or plain text); a
  // number (xsd:integer, xsd:decimal, or xsd:double with an exponent); true or false; or
  // {"@id": IRI} and {"@value": v, "@type": IRI | "@language": tag} as in JSON-LD.
  Term value(const json& j, const std::string& field) const {
    Term t;
    if (j.is_string()) {
      check(terms_.object(j.get_ref<const std::string&>(), t), field);
    } else if (j.is_boolean()) {
      t = Term::literal(j.get<bool>() ? "true" : "false", std::string(kXsdBoolean));
    } else if (j.is_number_integer()) {
      t = Term::literal(j.dump(), std::string(kXsdInteger));
    } else if (j.is_number_float()) {
      std::string lexical = j.dump();
      bool exp = lexical.find_first_of("eE") != std::string::npos;
      t = Term::literal(std::move(lexical), std::string(exp ? kXsdDouble : kXsdDecimal));
    } else if (j.is_object() && j.contains("@id")) {
      only_fields(j, field, {"@id"});
      t = iri(j["@id"], field + ".@id");
    } else if (j.is_object() && j.contains("@value")) {
      only_fields(j, field, {"@value", "@type", "@language"});
      const json& v = j["@value"];
      std::string lexical = v.is_string() ? v.get<std::string>() : v.dump();
      if (j.contains("@language")) {
        std::string quoted =
            json(lexical).dump() + "@" + string_of(j["@language"], field + ".@language");
        check(terms_.object(quoted, t), field);
      } else if (j.contains("@type")) {
        t = Term::literal(std::move(lexical), iri(j["@type"], field + ".@type").value);
      } else {
        t = Term::literal(std::move(lexical));
      }
    } else {
      fail(field, "expected a string, number, boolean, {\"@id\": ...} or {\"@value\": ...}");
    }
    return t;
  }

  // A date value: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a year may be a number).
  static std::string date_text(const json& j, const std::string& field) {
    if (j.is_null()) return {};
    if (j.is_number_integer()) return j.dump();
    return string_of(j, field);
  }

  void statement(const Term& s, std::string_view p, const Term& o) {
    emit_.statement(s, Term::iri(std::string(p)), o, graph_);
  }

  void report(const json& j) {
    only_fields(j, "",
                {"prefixes", "id", "title", "published", "publisher", "url", "entities", "facts"});
    if (j.contains("prefixes")) prefixes(j["prefixes"]);
    if (j.size() == 1 && j.contains("prefixes")) return;  // a line of prefixes alone
    if (!j.contains("id")) fail("id", "a report needs an id (the IRI of its named graph)");
    graph_ = iri(j["id"], "id");
    if (j.contains("title")) statement(graph_, kDctermsTitle, value(j["title"], "title"));
    if (j.contains("published")) published(j["published"]);
    if (j.contains("publisher")) {
      statement(graph_, kDctermsPublisher, value(j["publisher"], "publisher"));
    }
    if (j.contains("url")) {
      Term url;
      check(terms_.bare_iri(string_of(j["url"], "url"), url), "url");
      statement(graph_, kSchemaUrl, url);
    }
    if (j.contains("entities")) {
      each(j["entities"], "entities", [&](const json& e, const std::string& f) { entity(e, f); });
    }
    if (j.contains("facts")) {
      each(j["facts"], "facts", [&](const json& e, const std::string& f) { fact(e, f); });
    }
  }

  template <typename F>
  static void each(const json& list, const std::string& field, F&& f) {
    if (!list.is_array()) fail(field, "expected an array");
    for (std::size_t i = 0; i < list.size(); ++i) f(list[i], field + "[" + std::to_string(i) + "]");
  }

  void prefixes(const json& j) {
    if (!j.is_object()) fail("prefixes", "expected an object of prefix names and IRIs");
    for (const auto& [name, iri] : j.items()) {
      Prefix p{name, string_of(iri, "prefixes." + name)};
      check(terms_.declare(p), "prefixes." + name);
      if (options_.on_prefix) options_.on_prefix(p);
    }
  }

  void published(const json& j) {
    std::string text = date_text(j, "published");
    auto date = parse_date_bound(text);
    if (!date) fail("published", "bad date '" + text + "': expected YYYY, YYYY-MM or YYYY-MM-DD");
    statement(graph_, kDctermsIssued,
              Term::literal(text, std::string(datatype_for(date->precision))));
  }

  void entity(const json& e, const std::string& field) {
    only_fields(e, field, {"id", "type", "label", "aliases"});
    if (!e.contains("id")) fail(field + ".id", "an entity needs an id");
    Term id = iri(e["id"], field + ".id");
    if (e.contains("type")) {
      const json& types = e["type"];
      if (types.is_array()) {
        each(types, field + ".type",
             [&](const json& t, const std::string& f) { statement(id, kRdfType, iri(t, f)); });
      } else {
        statement(id, kRdfType, iri(types, field + ".type"));
      }
    }
    if (e.contains("label")) statement(id, kRdfsLabel, label(e["label"], field + ".label"));
    if (e.contains("aliases")) {
      each(e["aliases"], field + ".aliases",
           [&](const json& a, const std::string& f) { statement(id, kSkosAltLabel, label(a, f)); });
    }
  }

  // A label is text: a string is a plain literal even when it looks like an IRI.
  Term label(const json& j, const std::string& field) const {
    if (j.is_string()) return Term::literal(j.get<std::string>());
    return value(j, field);
  }

  void fact(const json& f, const std::string& field) {
    only_fields(f, field, {"s", "p", "o", "from", "to", "in", "quote"});
    for (const char* k : {"s", "p", "o"}) {
      if (!f.contains(k)) fail(field + "." + k, "a fact needs s, p and o");
    }
    quad_.subject = iri(f["s"], field + ".s");
    quad_.predicate = iri(f["p"], field + ".p");
    quad_.object = value(f["o"], field + ".o");
    quad_.graph = graph_;
    auto text = [&](const char* k) {
      return f.contains(k) ? date_text(f[k], field + "." + k) : std::string();
    };
    std::string from = text("from"), to = text("to"), in = text("in");
    ValidTime valid;
    TimeField which = TimeField::kFrom;
    if (auto st = report::read_interval(from, to, in, valid, which); !st) {
      fail(field + (which == TimeField::kFrom ? ".from"
                    : which == TimeField::kTo ? ".to"
                                              : ".in"),
           st.message());
    }
    std::optional<Term> quote;
    if (f.contains("quote")) quote = label(f["quote"], field + ".quote");
    emit_.fact(quad_, valid, kAnnalsQuote, quote ? &*quote : nullptr);
  }

  Input& in_;
  const ParseOptions& options_;
  report::LineReader lines_;
  report::FactEmitter emit_;
  report::TermSyntax terms_;
  std::string line_;
  Term graph_;
  Quad quad_;
};

}  // namespace

Status parse_jsonl(Input& in, const ParseOptions& options, const FactSink& sink, bool fold) {
  JsonlReader reader(in, options, sink, fold);
  return reader.run();
}

}  // namespace annals
