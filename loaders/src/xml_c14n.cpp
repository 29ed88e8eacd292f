// Exclusive XML Canonicalization of a literal's content, and canonical escaping.
#include "xml_c14n.hpp"

#include <algorithm>

#include "syntax/lexical.hpp"

namespace annals {

namespace {

// The reference canonical XML writes for cp, or empty when cp stands for itself.
std::string_view reference(char32_t cp, bool attribute) {
  switch (cp) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return attribute ? "" : "&gt;";
    case '"': return attribute ? "&quot;" : "";
    case '\t': return attribute ? "&#x9;" : "";
    case '\n': return attribute ? "&#xA;" : "";
    case '\r': return "&#xD;";
    default: return "";
  }
}

}  // namespace

bool append_xml_escaped(std::string& out, std::string_view s, bool attribute) {
  const std::size_t was = out.size();
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = static_cast<unsigned char>(s[i]);
    std::size_t n = 1;
    if (cp >= 0x80) n = static_cast<std::size_t>(lex::decode_utf8(s.data() + i, s.size() - i, cp));
    if (n == 0 || !lex::is_xml_char(cp)) {
      out.resize(was);
      return false;
    }
    if (std::string_view ref = reference(cp, attribute); !ref.empty()) {
      out.append(ref);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return true;
}

void XmlLiteral::clear() {
  out_.clear();
  open_.clear();
  rendered_.clear();
  rendered_at_.clear();
}

// Adds prefix = uri to the start tag's declarations unless the nearest enclosing element of
// the literal that declared prefix declared the same (no declaration at all counts as the
// empty default namespace). "xml" is bound by XML itself and never declared.
void XmlLiteral::declare(std::string_view prefix, std::string_view uri) {
  if (prefix == "xml") return;
  for (const XmlNamespace& p : pending_) {
    if (p.prefix == prefix) return;
  }
  auto in_scope = std::find_if(rendered_.rbegin(), rendered_.rend(),
                               [&](const XmlNamespace& r) { return r.prefix == prefix; });
  std::string_view current = in_scope == rendered_.rend() ? "" : std::string_view(in_scope->uri);
  if (current == uri && (in_scope != rendered_.rend() || prefix.empty())) return;
  pending_.push_back({std::string(prefix), std::string(uri)});
}

void XmlLiteral::append_name(const Name& n) {
  if (!n.prefix.empty()) out_.append(n.prefix).push_back(':');
  out_.append(n.local);
}

void XmlLiteral::start(const Name& element, std::vector<Attribute>& attributes) {
  pending_.clear();
  declare(element.prefix, element.ns);
  for (const Attribute& a : attributes) {
    if (!a.name.ns.empty()) declare(a.name.prefix, a.name.ns);
  }
  std::sort(pending_.begin(), pending_.end(),
            [](const XmlNamespace& a, const XmlNamespace& b) { return a.prefix < b.prefix; });
  std::sort(attributes.begin(), attributes.end(), [](const Attribute& a, const Attribute& b) {
    return a.name.ns != b.name.ns ? a.name.ns < b.name.ns : a.name.local < b.name.local;
  });
  out_.push_back('<');
  const std::size_t name_at = out_.size();
  append_name(element);
  open_.emplace_back(out_, name_at, out_.size() - name_at);
  rendered_at_.push_back(rendered_.size());
  for (XmlNamespace& p : pending_) {
    out_.append(p.prefix.empty() ? " xmlns" : " xmlns:").append(p.prefix).append("=\"");
    append_xml_escaped(out_, p.uri, true);
    out_.push_back('"');
    rendered_.push_back(std::move(p));
  }
  for (const Attribute& a : attributes) {
    out_.push_back(' ');
    append_name(a.name);
    out_.append("=\"");
    append_xml_escaped(out_, a.value, true);  // the parser gave well-formed XML characters
    out_.push_back('"');
  }
  out_.push_back('>');
}

void XmlLiteral::end() {
  out_.append("</").append(open_.back()).push_back('>');
  open_.pop_back();
  rendered_.resize(rendered_at_.back());
  rendered_at_.pop_back();
}

void XmlLiteral::text(std::string_view s) { append_xml_escaped(out_, s, false); }

void XmlLiteral::processing_instruction(std::string_view target, std::string_view data) {
  out_.append("<?").append(target);
  if (!data.empty()) out_.append(" ").append(data);
  out_.append("?>");
}

}  // namespace annals
