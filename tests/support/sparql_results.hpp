// SPARQL query results as the W3C evaluation tests give them: readers of the SPARQL XML
// (.srx), JSON (.srj) and TSV results formats and of result sets written as RDF with the
// DAWG result-set vocabulary (rs:ResultSet, in .ttl or .rdf files), into one ResultSet.
// Comparing two of them is in result_compare.hpp.
#pragma once

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "annals/term.hpp"
#include "xml.hpp"

namespace annals::testing {

inline constexpr std::string_view kRs = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";
inline constexpr std::string_view kSrxNs = "http://www.w3.org/2005/sparql-results#";
inline constexpr std::string_view kItsNs = "http://www.w3.org/2005/11/its";

// A SELECT's variables and rows (a value per variable, nullopt where unbound), or an ASK's
// boolean.
struct ResultSet {
  bool is_boolean = false;
  bool boolean = false;
  std::vector<std::string> variables;
  std::vector<std::vector<std::optional<Term>>> rows;
  // The rows are in the order the results give them (false for an rs:ResultSet without
  // rs:index, whose solutions have no order).
  bool ordered = true;

  // Sets the value of variable var in row r, adding the variable if it is new.
  void set(std::size_t r, const std::string& var, Term value) {
    auto it = std::find(variables.begin(), variables.end(), var);
    std::size_t col = static_cast<std::size_t>(it - variables.begin());
    if (it == variables.end()) {
      variables.push_back(var);
      for (auto& row : rows) row.resize(variables.size());
    }
    rows[r][col] = std::move(value);
  }
  void add_row() { rows.emplace_back(variables.size()); }
};

// SPARQL Query Results XML Format (and its SPARQL 1.2 <triple> term).
class SrxReader {
 public:
  static ResultSet read(std::string_view text) {
    XmlNode root = XmlReader::parse(text);
    if (root.name != std::string(kSrxNs) + "sparql") throw std::runtime_error("srx: no <sparql>");
    ResultSet rs;
    for (const XmlNode& part : root.children) {
      if (part.local() == "head") {
        for (const XmlNode& v : part.children) {
          if (v.local() == "variable") rs.variables.push_back(v.attr("name"));
        }
      } else if (part.local() == "boolean") {
        rs.is_boolean = true;
        rs.boolean = trim(part.text) == "true";
      } else if (part.local() == "results") {
        for (const XmlNode& result : part.children) {
          rs.add_row();
          for (const XmlNode& b : result.children) {
            if (b.children.size() != 1) throw std::runtime_error("srx: a binding without a value");
            rs.set(rs.rows.size() - 1, b.attr("name"), term(b.children.front()));
          }
        }
      }
    }
    return rs;
  }

 private:
  static std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  }
  static Term term(const XmlNode& n) {
    const std::string kind = n.local();
    if (kind == "uri") return Term::iri(n.text);
    if (kind == "bnode") return Term::blank(trim(n.text));
    if (kind == "literal") {
      std::string lang = n.attr(std::string(kXmlNs) + "lang");
      if (!lang.empty())
        return Term::lang_literal(n.text, lang, n.attr(std::string(kItsNs) + "dir"));
      std::string dt = n.attr("datatype");
      return dt.empty() ? Term::literal(n.text) : Term::literal(n.text, dt);
    }
    if (kind == "triple") {
      Term parts[3];
      for (const XmlNode& p : n.children) {
        int i = p.local() == "subject" ? 0 : p.local() == "predicate" ? 1 : 2;
        if (p.children.size() != 1) throw std::runtime_error("srx: a triple part without a term");
        parts[i] = term(p.children.front());
      }
      return Term::triple_term(parts[0], parts[1], parts[2]);
    }
    throw std::runtime_error("srx: unknown term element <" + kind + ">");
  }
};

// SPARQL 1.1 Query Results JSON Format (and its SPARQL 1.2 "triple" terms).
class SrjReader {
 public:
  // Throws nlohmann::json::exception on bad JSON, std::runtime_error on a bad shape.
  static ResultSet read(std::string_view text) {
    auto doc = nlohmann::json::parse(text);
    ResultSet rs;
    if (doc.contains("head") && doc["head"].contains("vars")) {
      for (const auto& v : doc["head"]["vars"]) rs.variables.push_back(v.get<std::string>());
    }
    if (doc.contains("boolean")) {
      rs.is_boolean = true;
      rs.boolean = doc["boolean"].get<bool>();
      return rs;
    }
    if (!doc.contains("results")) throw std::runtime_error("srj: neither results nor boolean");
    for (const auto& row : doc["results"]["bindings"]) {
      rs.add_row();
      for (const auto& [var, value] : row.items()) rs.set(rs.rows.size() - 1, var, term(value));
    }
    return rs;
  }

 private:
  static Term term(const nlohmann::json& j) {
    const std::string type = j.at("type").get<std::string>();
    if (type == "uri") return Term::iri(j.at("value").get<std::string>());
    if (type == "bnode") return Term::blank(j.at("value").get<std::string>());
    if (type == "triple") {
      const auto& v = j.at("value");
      return Term::triple_term(term(v.at("subject")), term(v.at("predicate")),
                               term(v.at("object")));
    }
    if (type != "literal" && type != "typed-literal") {
      throw std::runtime_error("srj: unknown term type " + type);
    }
    std::string lex = j.at("value").get<std::string>();
    if (j.contains("xml:lang")) {
      return Term::lang_literal(lex, j["xml:lang"].get<std::string>(),
                                j.contains("its:dir") ? j["its:dir"].get<std::string>() : "");
    }
    if (j.contains("datatype")) return Term::literal(lex, j["datatype"].get<std::string>());
    return Term::literal(lex);
  }
};

// SPARQL 1.1 Query Results TSV: a header of ?variables, then a row a line, each term in
// Turtle's syntax (IRIs in <>, literals quoted or as bare numbers and booleans), empty for
// unbound.
class TsvReader {
 public:
  static ResultSet read(std::string_view text) {
    ResultSet rs;
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < text.size();) {
      auto nl = text.find('\n', at);
      std::string line(
          text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at));
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
      at = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    if (lines.empty()) throw std::runtime_error("tsv: no header");
    for (const std::string& v : split(lines[0]))
      rs.variables.push_back(v.substr(v[0] == '?' ? 1 : 0));
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (lines[i].empty() && i + 1 == lines.size()) break;
      auto fields = split(lines[i]);
      if (fields.size() != rs.variables.size())
        throw std::runtime_error("tsv: row " + std::to_string(i) +
                                 " has the wrong number of fields");
      rs.add_row();
      for (std::size_t c = 0; c < fields.size(); ++c) {
        if (!fields[c].empty()) rs.rows.back()[c] = term(fields[c]);
      }
    }
    return rs;
  }

  // One term in the syntax TSV uses (Turtle's, without prefixed names).
  static Term term(std::string_view f) {
    std::size_t at = 0;
    Term t = parse(f, at);
    if (at != f.size()) throw std::runtime_error("tsv: junk after a term: " + std::string(f));
    return t;
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::size_t at = 0;
    for (;;) {
      auto tab = line.find('\t', at);
      out.push_back(line.substr(at, tab == std::string::npos ? std::string::npos : tab - at));
      if (tab == std::string::npos) return out;
      at = tab + 1;
    }
  }
  static void skip_space(std::string_view f, std::size_t& at) {
    while (at < f.size() && f[at] == ' ') ++at;
  }
  static std::string until(std::string_view f, std::size_t& at, char end) {
    auto e = f.find(end, at);
    if (e == std::string_view::npos) throw std::runtime_error("tsv: unterminated term");
    std::string out(f.substr(at, e - at));
    at = e + 1;
    return out;
  }
  static Term parse(std::string_view f, std::size_t& at) {
    skip_space(f, at);
    if (f.substr(at, 3) == "<<(") {
      at += 3;
      Term s = parse(f, at), p = parse(f, at), o = parse(f, at);
      skip_space(f, at);
      if (f.substr(at, 3) != ")>>") throw std::runtime_error("tsv: unterminated triple term");
      at += 3;
      return Term::triple_term(s, p, o);
    }
    if (f[at] == '<') return Term::iri(until(f, ++at, '>'));
    if (f.substr(at, 2) == "_:") {
      std::size_t start = at += 2;
      while (at < f.size() && f[at] != ' ' && f[at] != ')') ++at;
      return Term::blank(std::string(f.substr(start, at - start)));
    }
    if (f[at] == '"') return literal(f, at);
    std::size_t start = at;
    while (at < f.size() && f[at] != ' ' && f[at] != ')') ++at;
    std::string bare(f.substr(start, at - start));
    if (bare == "true" || bare == "false") return Term::literal(bare, std::string(kXsdBoolean));
    if (bare.find_first_of("eE") != std::string::npos)
      return Term::literal(bare, std::string(kXsdDouble));
    if (bare.find('.') != std::string::npos) return Term::literal(bare, std::string(kXsdDecimal));
    if (!bare.empty() && bare.find_first_not_of("+-0123456789") == std::string::npos) {
      return Term::literal(bare, std::string(kXsdInteger));
    }
    throw std::runtime_error("tsv: not a term: " + bare);
  }
  static Term literal(std::string_view f, std::size_t& at) {
    std::string lex;
    for (++at; at < f.size() && f[at] != '"'; ++at) {
      if (f[at] != '\\') {
        lex += f[at];
        continue;
      }
      char c = f[++at];
      lex += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
    }
    if (at++ >= f.size()) throw std::runtime_error("tsv: unterminated literal");
    if (f.substr(at, 2) == "^^") {
      at += 3;
      return Term::literal(lex, until(f, at, '>'));
    }
    if (at < f.size() && f[at] == '@') {
      std::size_t start = ++at;
      while (at < f.size() && f[at] != ' ' && f[at] != ')') ++at;
      std::string tag(f.substr(start, at - start));
      auto dir = tag.find("--");
      if (dir == std::string::npos) return Term::lang_literal(lex, tag);
      return Term::lang_literal(lex, tag.substr(0, dir), tag.substr(dir + 2));
    }
    return Term::literal(lex);
  }
};

// A result set written in RDF with the DAWG result-set vocabulary: an rs:ResultSet with
// rs:resultVariable names and rs:solution nodes, each with rs:binding nodes (rs:variable,
// rs:value) and, when the order matters, an rs:index; or an rs:boolean.
inline ResultSet result_set_from_graph(const std::vector<Quad>& quads) {
  std::map<std::string, std::vector<std::pair<std::string, Term>>> props;  // subject -> (p, o)
  std::string set_node;
  for (const Quad& q : quads) {
    props[to_ntriples(q.subject)].emplace_back(q.predicate.value, q.object);
    if (q.predicate.value == kRdfType && q.object.value == std::string(kRs) + "ResultSet") {
      set_node = to_ntriples(q.subject);
    }
  }
  if (set_node.empty()) throw std::runtime_error("no rs:ResultSet in the result graph");
  auto values = [&](const std::string& node, const std::string& local) {
    std::vector<Term> out;
    for (const auto& [p, o] : props[node]) {
      if (p == std::string(kRs) + local) out.push_back(o);
    }
    return out;
  };
  ResultSet rs;
  for (const Term& b : values(set_node, "boolean")) {
    rs.is_boolean = true;
    rs.boolean = b.value == "true";
  }
  for (const Term& v : values(set_node, "resultVariable")) rs.variables.push_back(v.value);
  std::vector<std::pair<long, std::string>> solutions;  // (index, node)
  rs.ordered = true;
  for (const Term& s : values(set_node, "solution")) {
    auto index = values(to_ntriples(s), "index");
    if (index.empty()) rs.ordered = false;
    solutions.emplace_back(index.empty() ? 0 : std::stol(index.front().value), to_ntriples(s));
  }
  if (rs.ordered) std::stable_sort(solutions.begin(), solutions.end());
  for (const auto& [index, node] : solutions) {
    rs.add_row();
    for (const Term& b : values(node, "binding")) {
      auto var = values(to_ntriples(b), "variable");
      auto value = values(to_ntriples(b), "value");
      if (var.size() != 1 || value.size() != 1)
        throw std::runtime_error("rs:binding without one variable and one value");
      rs.set(rs.rows.size() - 1, var.front().value, value.front());
    }
  }
  return rs;
}

}  // namespace annals::testing
