// SPARQL 1.1 Query Results JSON Format (with the SPARQL 1.2 draft's triple terms and base
// direction), streamed: the head goes out at start(), each binding as its row arrives, one
// binding a line.
#include <ostream>
#include <string>

#include "results/writers.hpp"

namespace annals::results {

namespace {

// RFC 8259 §7: '"', '\' and U+0000..U+001F must be escaped; the short forms where JSON has
// them, \u00XX for the rest. Other text is passed through as UTF-8; a byte that is not
// valid UTF-8 becomes U+FFFD, so the document always parses.
bool append_json_escape(std::string& out, char32_t cp) {
  static constexpr std::string_view kPlain = "\"\\\b\f\n\r\t";
  static constexpr std::string_view kShort = "\"\\bfnrt";
  static constexpr char kHex[] = "0123456789abcdef";
  if (cp >= 0x20 && cp != '"' && cp != '\\') return false;
  out.push_back('\\');
  if (const std::size_t k = kPlain.find(static_cast<char>(cp)); k != std::string_view::npos) {
    out.push_back(kShort[k]);
  } else {
    out.append("u00");
    out.push_back(kHex[cp >> 4]);
    out.push_back(kHex[cp & 0xF]);
  }
  return true;
}

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  append_escaped(out, s, append_json_escape);
  out.push_back('"');
}

void append_member(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(',');
  append_json_string(out, name);
  out.push_back(':');
  append_json_string(out, value);
}

// SPARQL 1.1 Results JSON §3.2.2: {"type": "uri" | "bnode" | "literal", "value": ...}, a
// literal with "xml:lang" or (not for xsd:string) "datatype"; SPARQL 1.2 adds "its:dir" and
// {"type": "triple", "value": {"subject": ..., "predicate": ..., "object": ...}}.
void append_json_term(std::string& out, const Term& t) {
  if (t.is_triple()) {
    append_triple_term(
        out, t,
        {R"({"type":"triple","value":{"subject":)", R"(,"predicate":)", R"(,"object":)", "}}"},
        append_json_term);
    return;
  }
  out.append(R"({"type":)");
  out.append(t.is_iri() ? R"("uri")" : t.is_blank() ? R"("bnode")" : R"("literal")");
  append_member(out, "value", t.value);
  if (t.is_literal()) {
    for_each_literal_member(t, [&out](std::string_view name, std::string_view value) {
      append_member(out, name, value);
    });
  }
  out.push_back('}');
}

class JsonWriter final : public BufferedWriter {
 public:
  explicit JsonWriter(std::ostream& out) : BufferedWriter(out) {}

  void start(const std::vector<std::string>& variables) override {
    variables_ = variables;
    buf_.assign(R"({"head":{"vars":[)");
    for (std::size_t i = 0; i < variables.size(); ++i) {
      if (i > 0) buf_.push_back(',');
      append_json_string(buf_, variables[i]);
    }
    buf_.append("]},\"results\":{\"bindings\":[");
    flush();
  }

  void row(std::span<const std::optional<Term>> values) override {
    buf_.append(rows_ == 0 ? "\n{" : ",\n{");
    bool first = true;
    for (std::size_t i = 0; i < values.size() && i < variables_.size(); ++i) {
      if (!values[i]) continue;  // §3.2.1: an unbound variable is left out of the binding
      if (!first) buf_.push_back(',');
      first = false;
      append_json_string(buf_, variables_[i]);
      buf_.push_back(':');
      append_json_term(buf_, *values[i]);
    }
    buf_.push_back('}');
    ++rows_;
    flush();
  }

  void finish(std::optional<double> /*elapsed_ms*/) override {
    buf_.append(rows_ == 0 ? "]}}\n" : "\n]}}\n");
    flush();
  }

  void boolean(bool value) override {
    buf_.assign(value ? "{\"head\":{},\"boolean\":true}\n" : "{\"head\":{},\"boolean\":false}\n");
    flush();
  }

 private:
  std::vector<std::string> variables_;
  std::size_t rows_ = 0;
};

}  // namespace

std::unique_ptr<ResultWriter> make_json_writer(std::ostream& out) {
  return std::make_unique<JsonWriter>(out);
}

}  // namespace annals::results
