// The RDF/XML reader's parts (rdfxml_reader.cpp: expat and the events; rdfxml_grammar.cpp:
// attributes, node and property elements, the triples they give): what each open element
// expects, and the Reader that keeps them.
#pragma once

#include <expat.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "annals/rdf.hpp"
#include "valid_time.hpp"
#include "xml_c14n.hpp"

namespace annals::rdfxml {

inline constexpr char kSeparator = '\x1F';  // never in an XML document, so never in a name
inline constexpr std::size_t kMaxDepth = 10'000;
inline constexpr int kMaxTripleTermDepth = 1000;  // as the N-Triples reader

inline bool is_ws(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// An expanded name as expat gives it with triplets on: "ns SEP local SEP prefix",
// "ns SEP local" (default namespace), or "local" (no namespace).
inline XmlLiteral::Name split_name(std::string_view raw) {
  XmlLiteral::Name n;
  const std::size_t a = raw.find(kSeparator);
  if (a == std::string_view::npos) {
    n.local = raw;
    return n;
  }
  n.ns = raw.substr(0, a);
  const std::size_t b = raw.find(kSeparator, a + 1);
  n.local = raw.substr(a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
  if (b != std::string_view::npos) n.prefix = raw.substr(b + 1);
  return n;
}

// What an element holds, by what its parent expects and its attributes say.
enum class Kind : std::uint8_t {
  kRdf,       // rdf:RDF: node elements
  kNode,      // a node element: property elements about its subject
  kProperty,  // a property element (content below)
  kXml,       // an element inside a parseType="Literal" value
  kIgnored,   // inside a parseType="Triple" read without rdf:version 1.2: left out
};
// What a property element holds.
enum class Content : std::uint8_t {
  kOpen,        // not known yet: text (a literal) or one node element
  kObject,      // its node element came: only white space may follow
  kEmpty,       // rdf:resource, rdf:nodeID or property attributes gave the object
  kResource,    // parseType="Resource": property elements about a fresh blank node
  kCollection,  // parseType="Collection": node elements, the items of a list
  kLiteral,     // parseType="Literal" (or an unknown parseType): XML, kept as a literal
  kTriple,      // parseType="Triple": one node element giving one triple, the object
  kIgnored,     // parseType="Triple" without rdf:version 1.2
};

// xml:base, xml:lang, its:dir and rdf:version in scope; a Frame points at the innermost.
struct Scope {
  std::string base, lang, dir;
  bool v12 = false;
};

struct Frame {
  Kind kind = Kind::kNode;
  Content content = Content::kOpen;
  bool pushed_scope = false;
  bool capture = false;   // kNode in a parseType="Triple": its triples make the triple term
  bool annotated = false;
  bool filled = false;    // kProperty kTriple: its node element came
  int captured = 0;       // kProperty kTriple: the triples its node element gave
  std::size_t scope = 0;
  std::uint64_t li = 0;   // kNode, kResource: the last rdf:li number
  Term subject;           // kNode: the subject; kProperty: the subject it is about
  Term predicate, object;  // kProperty; object is the fresh node of kResource
  Term reifier;           // kProperty with an annotation
  Term list;              // kCollection: the last list node so far (empty before the first)
  std::string reify;      // kProperty: rdf:ID's IRI, whose reification to write
  std::string datatype;   // kProperty: rdf:datatype
  std::string text;       // kProperty: the text so far
};

// The attributes of one element, sorted by role. Pointers into expat's attribute array.
struct Attributes {
  const char* id = nullptr;
  const char* node_id = nullptr;
  const char* about = nullptr;
  const char* resource = nullptr;
  const char* parse_type = nullptr;
  const char* datatype = nullptr;
  const char* annotation = nullptr;
  const char* annotation_node_id = nullptr;
  std::string_view forbidden;  // the first attribute no element may have, or empty
  std::vector<std::pair<std::string, const char*>> properties;  // property attributes
};

class Reader {
 public:
  Reader(Input& in, const ParseOptions& options, const FactSink& sink, bool fold)
      : in_(in), options_(options), sink_(sink) {
    if (fold) fold_.emplace(sink);
    quad_.graph = Term::iri({});
    scopes_.push_back(Scope{options.base, {}, {}, false});
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  ~Reader() {
    if (parser_) XML_ParserFree(parser_);
  }

  Status run();

 private:
  // --- expat's callbacks --------------------------------------------------------------------
  static void on_start(void* self, const XML_Char* name, const XML_Char** attrs) {
    static_cast<Reader*>(self)->start_element(name, attrs);
  }
  static void on_end(void* self, const XML_Char* name) {
    static_cast<Reader*>(self)->end_element(name);
  }
  static void on_text(void* self, const XML_Char* s, int len) {
    static_cast<Reader*>(self)->text(std::string_view(s, static_cast<std::size_t>(len)));
  }
  static void on_pi(void* self, const XML_Char* target, const XML_Char* data) {
    static_cast<Reader*>(self)->processing_instruction(target, data);
  }
  static void on_ns_start(void* self, const XML_Char* prefix, const XML_Char* uri) {
    static_cast<Reader*>(self)->namespace_declared(prefix ? prefix : "", uri ? uri : "");
  }
  static int on_external_entity(XML_Parser, const XML_Char*, const XML_Char*, const XML_Char*,
                                const XML_Char*) {
    return XML_STATUS_ERROR;  // never read: expat reports it as an error
  }
  static void on_entity_declared(void* self, const XML_Char* name, int, const XML_Char*, int,
                                 const XML_Char*, const XML_Char*, const XML_Char*,
                                 const XML_Char*) {
    static_cast<Reader*>(self)->fail(std::string("entity '") + name +
                                     "' refused: this build's expat cannot limit entity expansion");
  }
  static void on_skipped_entity(void* self, const XML_Char* name, int) {
    static_cast<Reader*>(self)->fail(std::string("entity '") + name +
                                     "' is not declared in the document");
  }

  // --- errors -------------------------------------------------------------------------------
  Position here() const;
  // Stops the parse with kInvalidInput at the current event; the first error wins.
  void fail(std::string message) {
    if (!error_.is_ok()) return;
    error_ = Status::invalid_input(std::move(message), here());
    XML_StopParser(parser_, XML_FALSE);
  }
  bool failed() const { return !error_.is_ok(); }

  // --- events -------------------------------------------------------------------------------
  void start_element(const char* name, const char** attrs);
  void end_element(const char* name);
  void text(std::string_view s);
  void processing_instruction(const char* target, const char* data);
  void namespace_declared(const char* prefix, const char* uri);

  Frame& push_frame(Kind kind);
  bool read_attributes(const char** attrs, Attributes& a);
  void rdf_element(const Attributes& a);
  void node_element(const XmlLiteral::Name& name, const Attributes& a);
  void property_element(const XmlLiteral::Name& name, const Attributes& a);
  void property_attributes(std::size_t at, const Term& subject, const Attributes& a);
  void literal_element(const char* name, const char** attrs);
  void end_property(Frame& f);

  // --- terms --------------------------------------------------------------------------------
  const Scope& scope() const { return scopes_[frames_[depth_ - 1].scope]; }
  bool resolve(std::string_view ref, std::string& out);
  bool valid_name_iri(const std::string& iri);
  bool rdf_id(const char* id, std::string& iri);
  bool node_id(const char* id, Term& out);
  Term fresh() { return Term::blank("_" + std::to_string(++fresh_)); }
  Term literal(std::string_view value, const std::string& datatype) const;
  // The frame whose subject a property element in frames_[at] is about.
  Term& about(std::size_t at) {
    Frame& f = frames_[at];
    return f.kind == Kind::kNode ? f.subject : f.object;
  }

  // --- triples ------------------------------------------------------------------------------
  void emit(const Term& s, const Term& p, const Term& o);
  // A triple about the subject of frames_[at]: into the triple term being read when that
  // frame is a parseType="Triple" node, else out.
  void emit_about(std::size_t at, const Term& s, const Term& p, const Term& o);
  // The property element f's triple (f.subject f.predicate f.object), its reification
  // (rdf:ID) and its reifier's rdf:reifies statement (rdf:annotation).
  void emit_property(std::size_t at);

  Input& in_;
  const ParseOptions& options_;
  const FactSink& sink_;
  std::optional<StatementFolder> fold_;
  XML_Parser parser_ = nullptr;
  Status error_;
  Quad quad_;
  std::vector<Frame> frames_;  // frames_[0, depth_) are open; the rest keep their capacity
  std::size_t depth_ = 0;
  std::vector<Scope> scopes_;
  std::unordered_set<std::string> ids_;  // rdf:ID IRIs given so far
  std::uint64_t fresh_ = 0;
  int triple_depth_ = 0;
  bool root_seen_ = false;
  Attributes attributes_;  // the current element's, reused
  XmlLiteral literal_;
  std::vector<XmlLiteral::Attribute> literal_attrs_;
};

}  // namespace annals::rdfxml
