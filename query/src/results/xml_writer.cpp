// SPARQL Query Results XML Format (with the SPARQL 1.2 draft's <triple> and its:dir),
// streamed: the head at start(), each <result> as its row arrives.
//
// The root always declares the ITS namespace and its:version="2.0" (the 1.2 draft's full
// form): a literal with a base direction may come in any row, and the root is written
// before the first one. Namespace-aware SPARQL 1.1 readers ignore the declaration.
#include <ostream>
#include <string>

#include "results/writers.hpp"
#include "syntax/lexical.hpp"

namespace annals::results {

namespace {

constexpr std::string_view kRoot =
    "<?xml version=\"1.0\"?>\n"
    "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\" "
    "xmlns:its=\"http://www.w3.org/2005/11/its\" its:version=\"2.0\">\n";


// Text for element content and attribute values (both quoted with '"'). '&', '<', '>' and
// '"' become entities. CR, and TAB and LF too, become character references: a reader
// would otherwise fold CR LF to LF (§2.11) and, in attributes, white space to spaces
// (§3.3.3). Characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF) and
// bytes that are not UTF-8 become U+FFFD: the document stays well-formed, and the JSON
// format is the one to use when such strings must come through unchanged.
struct Entity {
  char32_t cp;
  std::string_view text;
  bool attribute_only;
};
constexpr Entity kEntities[] = {
    {'&', "&amp;", false},  {'<', "&lt;", false},  {'>', "&gt;", false}, {'"', "&quot;", false},
    {'\r', "&#xD;", false}, {'\t', "&#x9;", true}, {'\n', "&#xA;", true}};

bool append_xml_escape(std::string& out, char32_t cp, bool attribute) {
  for (const Entity& e : kEntities) {
    if (e.cp == cp && (attribute || !e.attribute_only)) {
      out.append(e.text);
      return true;
    }
  }
  if (lex::is_xml_char(cp)) return false;
  out.append(kReplacementUtf8);
  return true;
}

void append_xml_text(std::string& out, std::string_view s, bool attribute) {
  append_escaped(out, s, [attribute](std::string& o, char32_t cp) {
    return append_xml_escape(o, cp, attribute);
  });
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(' ');
  out.append(name);
  out.append("=\"");
  append_xml_text(out, value, true);
  out.push_back('"');
}

void append_element(std::string& out, std::string_view name, std::string_view text) {
  out.append("<").append(name).append(">");
  append_xml_text(out, text, false);
  out.append("</").append(name).append(">");
}

// <uri>, <bnode>, <literal xml:lang=".." its:dir=".."> or <literal datatype="..">, and
// <triple><subject>..</subject><predicate>..</predicate><object>..</object></triple>.
void append_xml_term(std::string& out, const Term& t) {
  switch (t.kind) {
    case TermKind::kIri:
      append_element(out, "uri", t.value);
      return;
    case TermKind::kBlank:
      append_element(out, "bnode", t.value);
      return;
    case TermKind::kLiteral:
      out.append("<literal");
      for_each_literal_member(t, [&out](std::string_view name, std::string_view value) {
        append_attribute(out, name, value);
      });
      out.push_back('>');
      append_xml_text(out, t.value, false);
      out.append("</literal>");
      return;
    case TermKind::kTriple:
      append_triple_term(out, t,
                         {"<triple><subject>", "</subject><predicate>", "</predicate><object>",
                          "</object></triple>"},
                         append_xml_term);
      return;
  }
}

class XmlWriter final : public BufferedWriter {
 public:
  explicit XmlWriter(std::ostream& out) : BufferedWriter(out) {}

  void start(const std::vector<std::string>& variables) override {
    variables_ = variables;
    buf_.assign(kRoot);
    buf_.append("  <head>\n");
    for (const std::string& v : variables) {
      buf_.append("    <variable");
      append_attribute(buf_, "name", v);
      buf_.append("/>\n");
    }
    buf_.append("  </head>\n  <results>\n");
    flush();
  }

  void row(std::span<const std::optional<Term>> values) override {
    buf_.append("    <result>\n");
    for (std::size_t i = 0; i < values.size() && i < variables_.size(); ++i) {
      if (!values[i]) continue;  // an unbound variable has no <binding>
      buf_.append("      <binding");
      append_attribute(buf_, "name", variables_[i]);
      buf_.push_back('>');
      append_xml_term(buf_, *values[i]);
      buf_.append("</binding>\n");
    }
    buf_.append("    </result>\n");
    flush();
  }

  void finish(std::optional<double> /*elapsed_ms*/) override {
    buf_.append("  </results>\n</sparql>\n");
    flush();
  }

  void boolean(bool value) override {
    buf_.assign(kRoot);
    buf_.append("  <head/>\n");
    buf_.append(value ? "  <boolean>true</boolean>\n" : "  <boolean>false</boolean>\n");
    buf_.append("</sparql>\n");
    flush();
  }

 private:
  std::vector<std::string> variables_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_xml_writer(std::ostream& out) {
  return std::make_unique<XmlWriter>(out);
}

}  // namespace annals::results
