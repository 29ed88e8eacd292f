// Comparing SPARQL results as the W3C evaluation tests require: SELECT results as multisets
// of solutions equal up to a consistent renaming of blank nodes (SPARQL 1.1 Query §2.4 / the
// DAWG test rules), and, for a query with ORDER BY, in the same order for its sort keys;
// ASK results by their boolean; CSV text line by line up to the labels of blank nodes.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sparql_results.hpp"

namespace annals::testing {

struct CompareOptions {
  // The rows must come in the same order for these variables (the query's ORDER BY keys):
  // rows that tie on them may come in any order.
  std::vector<std::string> order_keys;
  bool ordered = false;
  // Numeric literals of the same datatype compare by value ("1.0e6" = "1.0E6", "3.0" =
  // "3"): results computed by the query (sums, casts, ROUND) are written in canonical form,
  // while the suites' expected files often are not, and the TSV format writes numbers in
  // Turtle's short forms. The reference runners (Jena's) compare numbers by value too.
  bool numbers_by_value = false;
  // mf:LaxCardinality (SELECT REDUCED): the same distinct rows, each at most as often as
  // expected.
  bool lax_cardinality = false;
};

class ResultCompare {
 public:
  // Empty when actual matches expected, else what differs.
  static std::string compare(const ResultSet& expected, const ResultSet& actual,
                             const CompareOptions& options = {}) {
    if (expected.is_boolean || actual.is_boolean) {
      if (expected.is_boolean != actual.is_boolean) return "a boolean and a result set";
      if (expected.boolean == actual.boolean) return "";
      return std::string("expected ") + (expected.boolean ? "true" : "false") + ", got " +
             (actual.boolean ? "true" : "false");
    }
    std::set<std::string> ev(expected.variables.begin(), expected.variables.end());
    std::set<std::string> av(actual.variables.begin(), actual.variables.end());
    if (ev != av) {
      return "different variables: expected " + join(expected.variables) + ", got " +
             join(actual.variables);
    }
    if (options.lax_cardinality) {
      if (actual.rows.size() > expected.rows.size()) {
        return "more rows than expected: " + std::to_string(actual.rows.size());
      }
      ResultCompare c(distinct(expected), distinct(actual), options);
      return c.run();
    }
    ResultCompare c(expected, actual, options);
    return c.run();
  }

  // The value of a numeric literal of a known numeric datatype with a valid lexical form.
  static std::optional<double> numeric_value(const Term& t) {
    if (!t.is_literal() || !is_numeric(t.datatype) || t.value.empty()) return std::nullopt;
    const std::string& v = t.value;
    const bool floating = t.datatype.ends_with("#double") || t.datatype.ends_with("#float");
    if (floating && (v == "INF" || v == "+INF" || v == "-INF" || v == "NaN")) {
      return std::strtod(v == "NaN" ? "nan" : v.substr(v[0] == '-' ? 0 : v[0] == '+').c_str(),
                         nullptr);
    }
    const bool integral = !floating && !t.datatype.ends_with("#decimal");
    const char* allowed = floating   ? "+-.0123456789eE"
                          : integral ? "+-0123456789"
                                     : "+-.0123456789";
    if (v.find_first_not_of(allowed) != std::string::npos) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(v.c_str(), &end);
    if (end != v.c_str() + v.size()) return std::nullopt;
    return d;
  }

  // A term as text, blank nodes as "_:" when masked, numbers by value when asked.
  static std::string render(const Term& t, bool mask_blanks, bool numbers_by_value) {
    if (t.is_blank() && mask_blanks) return "_:";
    if (t.is_triple()) {
      return "<<( " + render(t.triple->subject, mask_blanks, numbers_by_value) + ' ' +
             render(t.triple->predicate, mask_blanks, numbers_by_value) + ' ' +
             render(t.triple->object, mask_blanks, numbers_by_value) + " )>>";
    }
    if (auto value = numbers_by_value ? numeric_value(t) : std::nullopt) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", *value);
      return std::string(buf) + "^^<" + t.datatype + ">";
    }
    return to_ntriples(t);
  }

 private:
  using Row = std::vector<std::optional<Term>>;

  ResultCompare(const ResultSet& e, const ResultSet& a, const CompareOptions& o)
      : expected_(e.rows), options_(o), variables_(e.variables) {
    // actual's columns in expected's order
    for (const Row& row : a.rows) {
      Row r(variables_.size());
      for (std::size_t c = 0; c < variables_.size(); ++c) {
        auto at = std::find(a.variables.begin(), a.variables.end(), variables_[c]);
        r[c] = row[static_cast<std::size_t>(at - a.variables.begin())];
      }
      actual_.push_back(std::move(r));
    }
  }

  // The rows once each (rows equal as terms, blank node labels included).
  static ResultSet distinct(const ResultSet& rs) {
    ResultSet out = rs;
    out.rows.clear();
    std::set<std::string> seen;
    for (const Row& row : rs.rows) {
      std::string key;
      for (const auto& v : row) key += (v ? to_ntriples(*v) : "UNDEF") + "  ";
      if (seen.insert(key).second) out.rows.push_back(row);
    }
    return out;
  }

  static bool is_numeric(const std::string& dt) {
    static const std::set<std::string> kTypes = {"integer",
                                                 "decimal",
                                                 "double",
                                                 "float",
                                                 "long",
                                                 "int",
                                                 "short",
                                                 "byte",
                                                 "nonNegativeInteger",
                                                 "positiveInteger",
                                                 "nonPositiveInteger",
                                                 "negativeInteger",
                                                 "unsignedLong",
                                                 "unsignedInt",
                                                 "unsignedShort",
                                                 "unsignedByte"};
    return dt.starts_with(kXsd) && kTypes.count(dt.substr(kXsd.size()));
  }
  static std::string join(const std::vector<std::string>& v) {
    std::string out = "(";
    for (const auto& s : v) out += (out.size() > 1 ? " ?" : "?") + s;
    return out + ")";
  }

  std::string signature(const Row& row, bool keys_only) const {
    std::string out;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (keys_only && std::find(options_.order_keys.begin(), options_.order_keys.end(),
                                 variables_[c]) == options_.order_keys.end()) {
        continue;
      }
      out += row[c] ? render(*row[c], true, options_.numbers_by_value) : "UNDEF";
      out += "  ";
    }
    return out;
  }
  std::string show(const Row& row) const {
    std::string out;
    for (std::size_t c = 0; c < row.size(); ++c) {
      out += " ?" + variables_[c] + "=" + (row[c] ? to_ntriples(*row[c]) : "UNDEF");
    }
    return out;
  }

  std::string run() {
    std::multiset<std::string> es, as;
    for (const Row& r : expected_) es.insert(signature(r, false));
    for (const Row& r : actual_) as.insert(signature(r, false));
    if (es != as) return diff();
    if (options_.ordered) {
      for (std::size_t i = 0; i < expected_.size(); ++i) {
        if (signature(expected_[i], true) != signature(actual_[i], true)) {
          return "the same rows in another order: row " + std::to_string(i + 1) + " expected" +
                 show(expected_[i]) + "\n  got" + show(actual_[i]);
        }
      }
    }
    used_.assign(actual_.size(), false);
    for (const Row& r : actual_) actual_sig_.push_back(signature(r, false));
    if (match(0)) return "";
    std::string out = steps_ > kMaxSteps ? "gave up matching blank nodes"
                                         : "no consistent renaming of blank nodes";
    for (std::size_t i = 0; i < actual_.size() && i < 10; ++i) {
      out += "\n  expected:" + show(expected_[i]) + "\n  got:     " + show(actual_[i]);
    }
    return out;
  }

  std::string diff() const {
    std::string out = "expected " + std::to_string(expected_.size()) + " rows, got " +
                      std::to_string(actual_.size()) + "\n";
    int shown = 0;
    list_unmatched(expected_, actual_, "missing", 10, shown, out);
    list_unmatched(actual_, expected_, "unexpected", 20, shown, out);
    return out;
  }
  // Appends the rows of `rows` that `others` lacks (as multisets), while shown < limit.
  void list_unmatched(const std::vector<Row>& rows, const std::vector<Row>& others,
                      const std::string& label, int limit, int& shown, std::string& out) const {
    std::multiset<std::string> left;
    for (const Row& r : others) left.insert(signature(r, false));
    for (const Row& r : rows) {
      auto it = left.find(signature(r, false));
      if (it != left.end()) {
        left.erase(it);
      } else if (shown++ < limit) {
        out += "  " + label + ":" + show(r) + "\n";
      }
    }
  }

  // Blank node renaming, both ways; false if it contradicts what is fixed already.
  bool bind(const Term& e, const Term& a) {
    if (e.is_triple() && a.is_triple()) {
      return bind(e.triple->subject, a.triple->subject) &&
             bind(e.triple->predicate, a.triple->predicate) &&
             bind(e.triple->object, a.triple->object);
    }
    if (!e.is_blank()) return true;  // equal already (same signature)
    auto f = forward_.find(e.value);
    auto b = backward_.find(a.value);
    if (f != forward_.end() || b != backward_.end()) {
      return f != forward_.end() && b != backward_.end() && f->second == a.value;
    }
    forward_[e.value] = a.value;
    backward_[a.value] = e.value;
    return true;
  }

  // Pairs expected row i and the rows after it with unused actual rows of the same signature
  // (in order, when ordered and the row's position is fixed), backtracking.
  bool match(std::size_t i) {
    if (i == expected_.size()) return true;
    if (++steps_ > kMaxSteps) return false;
    const std::string sig = signature(expected_[i], false);
    // Rows without blank nodes equal to this one are interchangeable: try one of them only.
    const bool blanks = sig.find("_:") != std::string::npos;
    for (std::size_t j = 0; j < actual_.size(); ++j) {
      if (used_[j] || actual_sig_[j] != sig) continue;
      auto saved_f = forward_;
      auto saved_b = backward_;
      bool ok = true;
      for (std::size_t c = 0; ok && c < variables_.size(); ++c) {
        if (expected_[i][c]) ok = bind(*expected_[i][c], *actual_[j][c]);
      }
      if (ok) {
        used_[j] = true;
        if (match(i + 1)) return true;
        used_[j] = false;
      }
      if (!blanks) return false;
      forward_ = std::move(saved_f);
      backward_ = std::move(saved_b);
    }
    return false;
  }

  static constexpr long kMaxSteps = 2'000'000;
  std::vector<Row> expected_, actual_;
  const CompareOptions& options_;
  std::vector<std::string> variables_;
  std::vector<bool> used_;
  std::vector<std::string> actual_sig_;
  std::map<std::string, std::string> forward_, backward_;
  long steps_ = 0;
};

// CSV results compared line by line after turning CRLF into LF and renaming blank node
// labels (_:x) by order of first appearance, since the CSV format keeps no other term kinds
// apart and a blank node's label is the implementation's choice.
inline std::string normalize_csv(const std::string& text) {
  std::string out;
  std::map<std::string, std::string> labels;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "\r\n") == 0) {
      out += '\n';
      i += 2;
    } else if (text.compare(i, 2, "_:") == 0 &&
               (i == 0 || text[i - 1] == ',' || text[i - 1] == '\n')) {
      std::size_t start = i + 2, end = start;
      while (end < text.size() && text[end] != ',' && text[end] != '\n' && text[end] != '\r') ++end;
      auto [it, _] =
          labels.emplace(text.substr(start, end - start), "b" + std::to_string(labels.size()));
      out += "_:" + it->second;
      i = end;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace annals::testing
