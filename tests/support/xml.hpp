// A small XML reader for the W3C SPARQL suites' controlled files: SPARQL XML results (.srx)
// and the few RDF/XML files (data of sparql11/subquery, result sets of sparql10/sort), read
// by read_rdfxml, which knows only the striped subset those files use. Not a general XML
// parser: no DTDs, no entity declarations; namespaces are expanded.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "annals/iri.hpp"
#include "annals/term.hpp"

namespace annals::testing {

inline constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

// An element: its expanded name (namespace IRI + local name), its attributes (unprefixed
// ones by local name, prefixed ones expanded), children and direct character data.
struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<XmlNode> children;
  std::string text;

  std::string attr(const std::string& key) const {
    auto it = attrs.find(key);
    return it == attrs.end() ? std::string() : it->second;
  }
  bool has(const std::string& key) const { return attrs.count(key) != 0; }
  // The local part of the name (after the namespace IRI's last '#' or '/').
  std::string local() const { return name.substr(name.find_last_of("#/") + 1); }
};

class XmlReader {
 public:
  // The document's root element; throws std::runtime_error on input it does not understand.
  static XmlNode parse(std::string_view text) {
    XmlReader r(text);
    r.skip_misc();
    XmlNode root = r.element({{"xml", std::string(kXmlNs)}});
    r.skip_misc();
    if (r.pos_ != text.size()) r.fail("text after the root element");
    return root;
  }

 private:
  using Scope = std::map<std::string, std::string>;  // prefix ("" default) -> namespace IRI

  explicit XmlReader(std::string_view text) : s_(text) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("xml at byte " + std::to_string(pos_) + ": " + what);
  }
  bool at(std::string_view t) const { return s_.substr(pos_, t.size()) == t; }
  void skip_to(std::string_view end) {
    auto e = s_.find(end, pos_);
    if (e == std::string_view::npos) fail("missing " + std::string(end));
    pos_ = e + end.size();
  }
  void skip_space() {
    while (pos_ < s_.size() &&
           std::string_view(" \t\r\n").find(s_[pos_]) != std::string_view::npos) {
      ++pos_;
    }
  }
  // Whitespace, comments, processing instructions and a DOCTYPE between elements.
  void skip_misc() {
    for (;;) {
      skip_space();
      if (at("<?"))
        skip_to("?>");
      else if (at("<!--"))
        skip_to("-->");
      else if (at("<!DOCTYPE"))
        skip_to(">");
      else
        return;
    }
  }
  std::string name() {
    std::size_t start = pos_;
    while (pos_ < s_.size() &&
           std::string_view(" \t\r\n/>=").find(s_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    if (pos_ == start) fail("expected a name");
    return std::string(s_.substr(start, pos_ - start));
  }
  static void append_utf8(std::string& out, std::uint32_t c) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  // Character data up to `stop`, with the predefined and numeric references decoded.
  std::string chars(char stop) {
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != stop) {
      if (s_[pos_] != '&') {
        out += s_[pos_++];
        continue;
      }
      auto semi = s_.find(';', pos_);
      if (semi == std::string_view::npos) fail("unterminated reference");
      std::string_view ref = s_.substr(pos_ + 1, semi - pos_ - 1);
      static const std::map<std::string_view, char> kNamed = {
          {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
      if (auto it = kNamed.find(ref); it != kNamed.end()) {
        out += it->second;
      } else if (ref.starts_with("#x")) {
        append_utf8(
            out, static_cast<std::uint32_t>(std::stoul(std::string(ref.substr(2)), nullptr, 16)));
      } else if (ref.starts_with("#")) {
        append_utf8(out, static_cast<std::uint32_t>(std::stoul(std::string(ref.substr(1)))));
      } else {
        fail("unknown reference &" + std::string(ref) + ";");
      }
      pos_ = semi + 1;
    }
    return out;
  }
  static std::string expand(const Scope& scope, const std::string& qname, bool is_attr) {
    auto colon = qname.find(':');
    if (colon == std::string::npos) {
      if (is_attr) return qname;
      auto d = scope.find("");
      return (d == scope.end() ? std::string() : d->second) + qname;
    }
    auto p = scope.find(qname.substr(0, colon));
    if (p == scope.end()) throw std::runtime_error("xml: unbound prefix in " + qname);
    return p->second + qname.substr(colon + 1);
  }

  XmlNode element(Scope scope) {
    if (!at("<")) fail("expected an element");
    ++pos_;
    XmlNode node;
    std::string qname = name();
    std::vector<std::pair<std::string, std::string>> raw;
    for (;;) {
      skip_space();
      if (at("/>") || at(">")) break;
      std::string key = name();
      skip_space();
      if (!at("=")) fail("expected '=' after " + key);
      ++pos_;
      skip_space();
      char quote = pos_ < s_.size() ? s_[pos_] : '\0';
      if (quote != '"' && quote != '\'') fail("expected a quoted value");
      ++pos_;
      std::string value = chars(quote);
      ++pos_;
      if (key == "xmlns")
        scope[""] = value;
      else if (key.starts_with("xmlns:"))
        scope[key.substr(6)] = value;
      else
        raw.emplace_back(key, value);
    }
    node.name = expand(scope, qname, false);
    for (auto& [k, v] : raw) node.attrs[expand(scope, k, true)] = v;
    if (at("/>")) {
      pos_ += 2;
      return node;
    }
    ++pos_;
    for (;;) {
      node.text += chars('<');
      if (at("</")) {
        skip_to(">");
        return node;
      }
      if (at("<![CDATA[")) {
        auto end = s_.find("]]>", pos_);
        if (end == std::string_view::npos) fail("unterminated CDATA");
        node.text += s_.substr(pos_ + 9, end - pos_ - 9);
        pos_ = end + 3;
      } else if (at("<!--") || at("<?")) {
        skip_misc();
      } else if (at("<")) {
        node.children.push_back(element(scope));
      } else {
        fail("unexpected end in <" + qname + ">");
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

// Reads the striped RDF/XML the suites' .rdf files use (RDF/XML §2): node elements with
// rdf:about / rdf:nodeID / rdf:ID (else a fresh blank node) and typed node elements;
// property elements with rdf:resource, rdf:nodeID, rdf:parseType="Resource", a nested node
// element, or a literal with rdf:datatype / xml:lang. Throws std::runtime_error on anything
// else (collections, reification, XML literals, property attributes).
class RdfXmlReader {
 public:
  static std::vector<Quad> read(std::string_view text, const std::string& base) {
    RdfXmlReader r(base);
    XmlNode root = XmlReader::parse(text);
    if (root.name == r.rdf("RDF")) {
      for (const XmlNode& n : root.children) r.node(n, "");
    } else {
      r.node(root, "");
    }
    return std::move(r.quads_);
  }

 private:
  explicit RdfXmlReader(std::string base) : base_(std::move(base)) {}
  static std::string rdf(const char* local) { return std::string(kRdf) + local; }
  std::string lang_of(const XmlNode& n, const std::string& inherited) const {
    auto it = n.attrs.find(std::string(kXmlNs) + "lang");
    return it == n.attrs.end() ? inherited : it->second;
  }
  Term fresh() { return Term::blank("x" + std::to_string(++blanks_)); }
  void add(const Term& s, const std::string& p, const Term& o) {
    quads_.push_back(Quad{s, Term::iri(p), o, Term{}});
  }

  Term node(const XmlNode& n, const std::string& lang) {
    for (const auto& [k, v] : n.attrs) {
      if (k != rdf("about") && k != rdf("nodeID") && k != rdf("ID") && !k.starts_with(kXmlNs)) {
        throw std::runtime_error("rdf/xml: property attributes are not supported: " + k);
      }
    }
    Term subject = n.has(rdf("about"))    ? Term::iri(resolve_iri(base_, n.attr(rdf("about"))))
                   : n.has(rdf("ID"))     ? Term::iri(resolve_iri(base_, "#" + n.attr(rdf("ID"))))
                   : n.has(rdf("nodeID")) ? Term::blank("n" + n.attr(rdf("nodeID")))
                                          : fresh();
    if (n.name != rdf("Description")) add(subject, std::string(kRdfType), Term::iri(n.name));
    properties(subject, n, lang_of(n, lang));
    return subject;
  }

  void properties(const Term& subject, const XmlNode& n, const std::string& lang) {
    for (const XmlNode& p : n.children) {
      std::string l = lang_of(p, lang);
      if (p.attr(rdf("parseType")) == "Resource") {
        Term object = fresh();
        add(subject, p.name, object);
        properties(object, p, l);
      } else if (p.has(rdf("resource"))) {
        add(subject, p.name, Term::iri(resolve_iri(base_, p.attr(rdf("resource")))));
      } else if (p.has(rdf("nodeID"))) {
        add(subject, p.name, Term::blank("n" + p.attr(rdf("nodeID"))));
      } else if (!p.children.empty()) {
        add(subject, p.name, node(p.children.front(), l));
      } else if (p.has(rdf("datatype"))) {
        add(subject, p.name, Term::literal(p.text, p.attr(rdf("datatype"))));
      } else if (!l.empty()) {
        add(subject, p.name, Term::lang_literal(p.text, l));
      } else {
        add(subject, p.name, Term::literal(p.text));
      }
    }
  }

  std::string base_;
  std::vector<Quad> quads_;
  int blanks_ = 0;
};

}  // namespace annals::testing
