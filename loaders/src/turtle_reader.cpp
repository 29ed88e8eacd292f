// Turtle and TriG reader, RDF 1.1 and 1.2 (https://www.w3.org/TR/rdf12-turtle/,
// https://www.w3.org/TR/rdf12-trig/): a PEGTL grammar over a streaming buffer.
//
// The grammar's structure (statements, predicate-object lists, collections, blank node
// property lists, triple terms, reified triples, annotations, graph blocks) is PEGTL rules;
// the terminals (IRIs, prefixed names, strings, numbers, ...) are custom rules that scan the
// buffer directly and decode into the Builder, which keeps the parse state and hands each
// quad to the sink as soon as it is complete.
//
// Streaming: the buffer (pegtl::buffer_input) is cut ("discarded") after every statement and
// inside long statements after every ',' and ';' and '.' in a graph block, so memory is
// bounded by the longest single token, not by the file. Every construct commits after its
// first token (must<> from there on), so no rule ever backtracks across a cut.
//
// For parse_facts the Builder folds valid-time annotations: a triple waits until its
// annotation blocks are read, the annals:* statements of a block go into the block's
// interval instead of out, and the block's rdf:reifies statement goes out only when the
// block says something else of its reifier.
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <tao/pegtl.hpp>

#include "annals/iri.hpp"
#include "annals/rdf.hpp"
#include "readers.hpp"
#include "syntax/terminals.hpp"
#include "valid_time.hpp"

namespace annals {

namespace {

namespace pegtl = tao::pegtl;

using namespace syntax;  // NOLINT: the shared terminals are this grammar's vocabulary

constexpr std::size_t kReadChunk = std::size_t{64} << 10;
constexpr int kMaxDepth = 1000;
constexpr ValidTime kAlways{};

// Reads from an Input until the request is filled or the input ends: PEGTL takes a short
// read for the end of the input.
struct InputReader {
  Input* in;
  std::size_t operator()(char* buf, std::size_t n) const {
    std::size_t got = 0;
    while (got < n) {
      std::size_t r = in->read(buf + got, n - got);
      if (r == 0) break;
      got += r;
    }
    return got;
  }
};

using Buffer = pegtl::buffer_input<InputReader, pegtl::eol::lf_crlf, std::string, kReadChunk>;

// The input as raise_at sees it, but moved back to where a term began, so that an error found
// once the term is read points at its start. The term is still in the buffer: nothing is
// discarded inside one.
struct InputAt {
  const Buffer& in;
  pegtl::internal::iterator at;

  const char* current() const { return at.data; }
  std::size_t buffer_free_before_current() const {
    return in.buffer_free_before_current() - back();
  }
  std::size_t buffer_occupied() const { return in.buffer_occupied() + back(); }
  std::size_t line() const { return at.line; }
  std::size_t column() const { return at.column; }
  std::size_t byte() const { return at.byte; }
  pegtl::position position() const { return pegtl::position(at, in.source()); }

 private:
  std::size_t back() const { return static_cast<std::size_t>(in.current() - at.data); }
};

// Thrown by the sink side: the sink asked to stop (its Status is kept in the Builder).
struct SinkStopped {};

struct Frame {
  Term subject, predicate, object;
  Term reifier;  // the last '~' reifier not yet taken by an annotation block
  bool has_reifier = false;
  // Folding valid time (parse_facts) only:
  bool pending = false;       // (subject, predicate, object) waits for its annotation blocks
  bool timed = false;         // one of them gave it an interval
  bool block = false;         // this frame is an annotation block's; its subject is the reifier
  bool reifier_said = false;  // the block's rdf:reifies statement is out
  IntervalRule bounds;        // the block's annals statements
};

struct List {
  Term head, last;
  bool empty = true;
};

// The parse state: values of the terms just read, the subjects and predicates being
// described, collections being built, prefixes and base, the current graph.
class Builder {
 public:
  Builder(const ParseOptions& options, const FactSink& sink, bool fold, std::string source)
      : options_(options), sink_(sink), fold_(fold), source_(std::move(source)),
        base_(options.base) {
    quad_.graph = Term::iri({});
  }

  // --- values -------------------------------------------------------------------------------
  // The terms just read, as a stack whose slots keep their strings' capacity from one use to
  // the next: after the first statements, reading a term allocates nothing.
  Term& push() {
    if (n_values_ == values_.size()) values_.emplace_back();
    return values_[n_values_++];
  }
  void push(const Term& t) { push() = t; }
  void push(Term&& t) { push() = std::move(t); }
  // A slot cleared for a term of this kind (a literal gets the datatype).
  Term& push_iri() { return push_kind(TermKind::kIri, {}); }
  Term& push_blank() { return push_kind(TermKind::kBlank, {}); }
  Term& push_literal(std::string_view datatype) { return push_kind(TermKind::kLiteral, datatype); }
  // The top term, taken off the stack; the reference holds until the next push.
  Term& take() { return values_[--n_values_]; }
  Term pop() { return std::move(take()); }
  Term& top() { return values_[n_values_ - 1]; }

  Term fresh_blank() { return Term::blank("_" + std::to_string(++fresh_)); }
  void push_fresh_blank() {
    Term& t = push_blank();
    t.value.push_back('_');
    t.value += std::to_string(++fresh_);
  }
  // File labels are kept, except that one starting with '_' gets another: the generated
  // labels ("_1", "_2", ...) never meet a label of the file.
  void push_file_blank(std::string_view label) {
    Term& t = push_blank();
    if (!label.empty() && label[0] == '_') t.value.push_back('_');
    t.value.append(label);
  }

  // --- statements ---------------------------------------------------------------------------
  std::vector<List> lists;
  int depth = 0;

  // The subject being described, innermost last; frames are reused like value slots.
  Frame& frame() { return frames_[n_frames_ - 1]; }
  void begin_subject(const Term& s) {
    if (n_frames_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[n_frames_++];
    f.subject = s;
    f.has_reifier = f.pending = f.block = false;
  }
  void end_subject() { --n_frames_; }

  void emit(const Term& s, const Term& p, const Term& o, const ValidTime& valid = kAlways) {
    quad_.subject = s;
    quad_.predicate = p;
    quad_.object = o;
    sink_status_ = sink_(quad_, valid);
    if (!sink_status_.is_ok()) {
      // The sink refusing the statement itself (a quad the output format cannot hold, say)
      // is the statement's error: give it the place the parse has reached.
      if (sink_status_.code() == StatusCode::kInvalidInput && sink_status_.where().line == 0 && input) {
        sink_status_ = Status::invalid_input(
            sink_status_.message(), Position{source_, input->line(), input->column(), {}, 0});
      }
      throw SinkStopped{};
    }
  }

  // object in a predicate-object list: the triple (subject, predicate, object); when
  // folding, it waits for its annotations (end_annotations), and an annals statement of a
  // block goes into the block's interval. False for a bad annals value (error() says why).
  bool object(const Term& o) {
    Frame& f = frame();
    f.object = o;
    f.has_reifier = false;
    if (!fold_) {
      emit(f.subject, f.predicate, o);
      return true;
    }
    f.pending = f.timed = false;
    if (f.block) {
      if (auto bound = time_bound_of(f.predicate)) {
        Status st = f.bounds.add(*bound, o);
        if (!st) error_ = st.message();
        return st.is_ok();
      }
      say_reifier();
    }
    f.pending = true;
    return true;
  }
  // After an object's annotations: a triple that no block gave an interval is valid always.
  void end_annotations() {
    Frame& f = frame();
    if (f.pending && !f.timed) emit(f.subject, f.predicate, f.object);
    f.pending = false;
  }
  // "~ r" after an object: r reifies the triple just read. False if that triple was an annals
  // statement, which is no triple to reify.
  bool reifier(Term r) {
    if (!check_annotatable()) return false;
    Frame& f = frame();
    emit(r, reifies_, Term::triple_term(f.subject, f.predicate, f.object));
    f.reifier = std::move(r);
    f.has_reifier = true;
    return true;
  }
  // "{|" after an object: the annotations describe the last reifier, or a fresh one. False
  // as for reifier().
  bool begin_annotation() {
    if (!check_annotatable()) return false;
    Frame& f = frame();
    Term r;
    const bool named = f.has_reifier;
    if (named) {
      r = std::move(f.reifier);
      f.has_reifier = false;
    } else {
      r = fresh_blank();
      if (!fold_) emit(r, reifies_, Term::triple_term(f.subject, f.predicate, f.object));
    }
    begin_subject(std::move(r));
    Frame& block = frame();
    block.block = fold_;
    block.reifier_said = named;
    block.bounds.clear();
    return true;
  }
  // "|}": a block with an interval hands on the triple it annotates, with that interval.
  void end_annotation() {
    if (fold_ && !frame().bounds.empty()) {
      Frame& annotated = frames_[n_frames_ - 2];
      emit(annotated.subject, annotated.predicate, annotated.object, frame().bounds.interval());
      annotated.timed = true;
    }
    end_subject();
  }
  // "<< s p o ~ r >>": the values are s, p, o and r; leaves r.
  void reified_triple() {
    Term r = pop(), o = pop(), p = pop(), s = pop();
    emit(r, reifies_, Term::triple_term(std::move(s), std::move(p), std::move(o)));
    push(std::move(r));
  }
  void triple_term() {
    Term o = pop(), p = pop(), s = pop();
    push(Term::triple_term(std::move(s), std::move(p), std::move(o)));
  }

  void list_item() {
    Term item = pop();
    List& l = lists.back();
    Term node = fresh_blank();
    if (l.empty) {
      l.head = node;
      l.empty = false;
    } else {
      emit(l.last, rest_, node);
    }
    emit(node, first_, item);
    l.last = std::move(node);
  }
  void end_list() {
    List l = std::move(lists.back());
    lists.pop_back();
    if (l.empty) {
      push(nil_);
    } else {
      emit(l.last, rest_, nil_);
      push(std::move(l.head));
    }
  }

  void set_graph(Term g) { quad_.graph = std::move(g); }
  void default_graph() { quad_.graph = Term::iri({}); }

  // --- directives ---------------------------------------------------------------------------
  void set_prefix(std::string name, std::string iri) {
    if (options_.on_prefix) options_.on_prefix(Prefix{name, iri});
    prefixes_[std::move(name)] = std::move(iri);
  }
  const std::string* prefix(std::string_view name) const {
    auto it = prefixes_.find(name);
    return it == prefixes_.end() ? nullptr : &it->second;
  }
  const std::string& base() const { return base_; }
  void set_base(std::string b) { base_ = std::move(b); }

  // --- errors -------------------------------------------------------------------------------
  const std::string& error() const { return error_; }
  const std::string& source() const { return source_; }
  std::string_view input_noun() const { return "file"; }
  const Status& sink_status() const { return sink_status_; }
  // The place of the error being raised, taken while the buffer still holds its line.
  Position error_where;
  const Buffer* input = nullptr;  // for the place of a statement the sink refuses

 private:
  const ParseOptions& options_;
  const FactSink& sink_;
  const bool fold_;
  std::string error_;  // why object(), reifier() or begin_annotation() refused
  std::string source_;
  std::string base_;
  // Looked up by string_view: a prefixed name is checked without copying its prefix.
  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> prefixes_;
  Quad quad_;
  Status sink_status_;
  std::uint64_t fresh_ = 0;
  const Term reifies_ = Term::iri(std::string(kRdfReifies));
  const Term first_ = Term::iri(std::string(kRdfFirst));
  const Term rest_ = Term::iri(std::string(kRdfRest));
  const Term nil_ = Term::iri(std::string(kRdfNil));
  std::vector<Term> values_;
  std::size_t n_values_ = 0;
  std::vector<Frame> frames_;
  std::size_t n_frames_ = 0;

  // The rdf:reifies statement of the annotation block being read, once.
  void say_reifier() {
    Frame& block = frame();
    if (block.reifier_said) return;
    block.reifier_said = true;
    const Frame& annotated = frames_[n_frames_ - 2];
    emit(block.subject, reifies_,
         Term::triple_term(annotated.subject, annotated.predicate, annotated.object));
  }
  // When folding, an annals statement of a block is no triple, so it cannot be annotated.
  bool check_annotatable() {
    const Frame& f = frame();
    if (!fold_ || !f.block || f.pending) return true;
    error_ = "an annals:validFrom, validTo or validIn statement cannot be annotated";
    return false;
  }

  Term& push_kind(TermKind kind, std::string_view datatype) {
    Term& t = push();
    t.kind = kind;
    t.value.clear();
    t.datatype.assign(datatype);
    t.language.clear();
    t.direction.clear();
    t.triple.reset();
    return t;
  }
};

// --- grammar --------------------------------------------------------------------------------
using pegtl::at;
using pegtl::discard;
using pegtl::eof;
using pegtl::must;
using pegtl::one;
using pegtl::opt;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::success;
using pegtl::two;
using pegtl::until;

struct iri : sor<iriref, pname> {};
struct anon : seq<one<'['>, ws, one<']'>> {};
struct blank_node : sor<blank_label, anon> {};
struct datatype : iri {};
struct rdf_literal : seq<string_literal, opt<ws, sor<lang_dir, seq<two<'^'>, ws, must<datatype>>>>> {};
struct boolean_literal : sor<kw_true, kw_false> {};
struct literal : sor<rdf_literal, numeric, boolean_literal> {};
struct verb : sor<kw_a, iri> {};

struct object;
struct pred_obj_list;

struct collection_open : one<'('> {};
struct collection_item : seq<object> {};
struct collection_close : one<')'> {};
struct collection : seq<collection_open, ws, star<collection_item, ws>, must<collection_close>> {};

struct plist_open : one<'['> {};
struct plist_close : one<']'> {};
struct plist : seq<plist_open, ws, must<pred_obj_list>, ws, must<plist_close>> {};
struct plist_object : plist {};

struct tt_open : pegtl::string<'<', '<', '('> {};
struct tt_close : pegtl::string<')', '>', '>'> {};
struct triple_term;
struct tt_subject : sor<iri, blank_node> {};
struct tt_object : sor<iri, blank_node, literal, triple_term> {};
struct triple_term : seq<tt_open, ws, must<tt_subject>, ws, must<verb>, ws, must<tt_object>, ws,
                         must<tt_close>> {};

struct rt_open : two<'<'> {};
struct rt_close : two<'>'> {};
struct reified_triple;
struct rt_subject : sor<iri, blank_node, reified_triple> {};
struct rt_object : sor<iri, blank_node, literal, triple_term, reified_triple> {};
struct rt_reifier_id : sor<iri, blank_node> {};
struct rt_fresh_reifier : success {};
struct rt_reifier : sor<seq<one<'~'>, ws, sor<rt_reifier_id, rt_fresh_reifier>>, rt_fresh_reifier> {};
struct reified_triple : seq<rt_open, ws, must<rt_subject>, ws, must<verb>, ws, must<rt_object>, ws,
                            rt_reifier, ws, must<rt_close>> {};

struct object : sor<iri, blank_node, collection, plist_object, literal, triple_term,
                    reified_triple> {};

// annotation ::= (reifier | annotationBlock)*
struct reifier_id : sor<iri, blank_node> {};
struct reifier_fresh : success {};
struct reifier : seq<one<'~'>, ws, sor<reifier_id, reifier_fresh>> {};
struct annotation_open : pegtl::string<'{', '|'> {};
struct annotation_close : pegtl::string<'|', '}'> {};
struct annotation_block : seq<annotation_open, ws, must<pred_obj_list>, ws, must<annotation_close>> {};
struct annotation : star<sor<reifier, annotation_block>, ws> {};

struct predicate : verb {};
struct list_object : object {};
struct object_list : seq<list_object, ws, annotation,
                         star<one<','>, ws, discard, must<list_object>, ws, annotation>> {};
struct pred_obj_list : seq<predicate, ws, must<object_list>,
                           star<one<';'>, ws, discard, opt<predicate, ws, must<object_list>>>> {};

// triples ::= subject predicateObjectList | blankNodePropertyList predicateObjectList?
//           | reifiedTriple predicateObjectList?
struct subject : sor<iri, blank_node, collection> {};
struct plist_subject : plist {};
struct reified_subject : reified_triple {};
struct triples : sor<seq<subject, ws, must<pred_obj_list>>,
                     seq<plist_subject, ws, opt<pred_obj_list>>,
                     seq<reified_subject, ws, opt<pred_obj_list>>> {};
struct dot : one<'.'> {};

struct prefix_iri : iriref {};
struct base_iri : iriref {};
struct prefix_id : seq<kw_prefix, ws, must<prefix_name>, ws, must<prefix_iri>, ws, must<dot>> {};
struct base_directive : seq<kw_base, ws, must<base_iri>, ws, must<dot>> {};
struct version_directive : seq<kw_version, ws, must<version_string>, ws, must<dot>> {};
struct sparql_prefix : seq<kw_sparql_prefix, ws, must<prefix_name>, ws, must<prefix_iri>> {};
struct sparql_base : seq<kw_sparql_base, ws, must<base_iri>> {};
struct sparql_version : seq<kw_sparql_version, ws, must<version_string>> {};
struct directive : sor<prefix_id, base_directive, version_directive, sparql_prefix, sparql_base,
                       sparql_version> {};

// Turtle: turtleDoc ::= statement*, statement ::= directive | triples '.'
struct turtle_triples : seq<triples, ws, must<dot>> {};
struct turtle_statement : sor<directive, turtle_triples> {};
struct turtle_doc : seq<bom, ws, until<eof, must<turtle_statement>, ws, discard>> {};

// TriG.
struct graph_close : one<'}'> {};
struct block_end : sor<seq<triples, ws>, at<graph_close>> {};
struct triples_block : seq<triples, ws, star<dot, ws, discard, must<block_end>>> {};
struct graph_body : seq<ws, opt<triples_block>, ws, must<graph_close>> {};
struct default_graph_open : one<'{'> {};
struct default_graph : seq<default_graph_open, graph_body> {};
struct graph_name : sor<iri, blank_node> {};
struct named_graph_open : one<'{'> {};
struct graph_keyword_block : seq<kw_graph, ws, must<graph_name>, ws, must<named_graph_open>, graph_body> {};
// labelOrSubject ( wrappedGraph | predicateObjectList '.' )
struct label_or_subject : sor<iri, blank_node> {};
struct los_subject : success {};
struct los_triples : seq<los_subject, pred_obj_list> {};
struct graph_or_triples : sor<seq<named_graph_open, graph_body>, seq<los_triples, ws, must<dot>>> {};
struct triples_or_graph : seq<label_or_subject, ws, must<graph_or_triples>> {};
struct trig_block : sor<default_graph, graph_keyword_block, triples_or_graph, turtle_triples> {};
struct trig_statement : sor<directive, trig_block> {};
struct trig_doc : seq<bom, ws, until<eof, must<trig_statement>, ws, discard>> {};

// --- what "expected ..." says when a must<> fails --------------------------------------------
template <typename Rule>
inline constexpr const char* kExpected = nullptr;
template <> inline constexpr const char* kExpected<turtle_statement> = "a triple or a directive";
template <> inline constexpr const char* kExpected<trig_statement> = "a triple, a graph or a directive";
template <> inline constexpr const char* kExpected<dot> = "'.' to end the statement";
template <> inline constexpr const char* kExpected<pred_obj_list> = "a predicate";
template <> inline constexpr const char* kExpected<object_list> = "an object";
template <> inline constexpr const char* kExpected<list_object> = "an object";
template <> inline constexpr const char* kExpected<datatype> = "a datatype IRI after '^^'";
template <> inline constexpr const char* kExpected<collection_close> = "an object or ')' to close the collection";
template <> inline constexpr const char* kExpected<plist_close> = "';' or ']' to close the blank node";
template <> inline constexpr const char* kExpected<tt_subject> = "an IRI or blank node as the triple term's subject";
template <> inline constexpr const char* kExpected<tt_object> = "an IRI, blank node, literal or triple term as the triple term's object";
template <> inline constexpr const char* kExpected<tt_close> = "')>>' to close the triple term";
template <> inline constexpr const char* kExpected<verb> = "a predicate";
template <> inline constexpr const char* kExpected<rt_subject> = "an IRI, blank node or reified triple as the subject";
template <> inline constexpr const char* kExpected<rt_object> = "an object (not a collection or '[ ... ]') in the reified triple";
template <> inline constexpr const char* kExpected<rt_close> = "'>>' to close the reified triple";
template <> inline constexpr const char* kExpected<annotation_close> = "'|}' to close the annotation";
template <> inline constexpr const char* kExpected<prefix_name> = "a prefix name ending in ':'";
template <> inline constexpr const char* kExpected<prefix_iri> = "an IRI in <...>";
template <> inline constexpr const char* kExpected<base_iri> = "an IRI in <...>";
template <> inline constexpr const char* kExpected<version_string> = "a version string";
template <> inline constexpr const char* kExpected<graph_close> = "'.' or '}' to close the graph";
template <> inline constexpr const char* kExpected<block_end> = "a triple or '}'";
template <> inline constexpr const char* kExpected<graph_name> = "an IRI or blank node naming the graph";
template <> inline constexpr const char* kExpected<named_graph_open> = "'{' to open the graph";
template <> inline constexpr const char* kExpected<graph_or_triples> = "'{' or a predicate";

template <typename Rule>
struct control : pegtl::normal<Rule> {
  template <typename In, typename... States>
  [[noreturn]] static void raise(const In& in, Builder& b, States&&...) {
    const char* what = kExpected<Rule>;
    raise_at(in, b, what ? std::string("expected ") + what : "syntax error");
  }
};

// --- actions ------------------------------------------------------------------------------------
template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <typename In>
void enter(const In& in, Builder& b) {
  if (++b.depth > kMaxDepth) raise_at(in, b, "nested too deeply");
}

// Raises the Builder's error at the start of what the action matched.
template <typename ActionInput>
[[noreturn]] void raise_builder_error(const ActionInput& ai, Builder& b) {
  raise_at(InputAt{ai.input(), ai.iterator()}, b, b.error());
}

template <> struct action<anon> {
  static void apply0(Builder& b) { b.push_fresh_blank(); }
};
template <> struct action<datatype> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    const Term& dt = b.take();
    if (dt.value == kRdfLangString || dt.value == kRdfDirLangString) {
      raise_at(ai.input(), b, "datatype <" + dt.value + "> needs a language tag");
    }
    b.top().datatype = dt.value;
  }
};
template <> struct action<kw_true> {
  static void apply0(Builder& b) { b.push_literal(kXsdBoolean).value = "true"; }
};
template <> struct action<kw_false> {
  static void apply0(Builder& b) { b.push_literal(kXsdBoolean).value = "false"; }
};
template <> struct action<kw_a> {
  static void apply0(Builder& b) { b.push_iri().value = kRdfType; }
};

template <> struct action<collection_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    enter(ai.input(), b);
    b.lists.emplace_back();
  }
};
template <> struct action<collection_item> {
  static void apply0(Builder& b) { b.list_item(); }
};
template <> struct action<collection_close> {
  static void apply0(Builder& b) {
    --b.depth;
    b.end_list();
  }
};

template <> struct action<plist_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    enter(ai.input(), b);
    b.begin_subject(b.fresh_blank());
  }
};
template <> struct action<plist_close> {
  static void apply0(Builder& b) { --b.depth; }
};
// As an object, [ ... ] is its blank node; as a subject the frame stays for the statement.
template <> struct action<plist_object> {
  static void apply0(Builder& b) {
    b.push(b.frame().subject);
    b.end_subject();
  }
};

template <> struct action<tt_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) { enter(ai.input(), b); }
};
template <> struct action<triple_term> {
  static void apply0(Builder& b) {
    --b.depth;
    b.triple_term();
  }
};
template <> struct action<rt_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) { enter(ai.input(), b); }
};
template <> struct action<rt_fresh_reifier> {
  static void apply0(Builder& b) { b.push_fresh_blank(); }
};
template <> struct action<reified_triple> {
  static void apply0(Builder& b) {
    --b.depth;
    b.reified_triple();
  }
};
template <> struct action<reified_subject> {
  static void apply0(Builder& b) {
    --b.depth;
    b.reified_triple();
    b.begin_subject(b.take());
  }
};

template <> struct action<reifier_id> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    if (!b.reifier(b.pop())) raise_builder_error(ai, b);
  }
};
template <> struct action<reifier_fresh> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    if (!b.reifier(b.fresh_blank())) raise_builder_error(ai, b);
  }
};
template <> struct action<annotation_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    enter(ai.input(), b);
    if (!b.begin_annotation()) raise_builder_error(ai, b);
  }
};
template <> struct action<annotation_block> {
  static void apply0(Builder& b) {
    --b.depth;
    b.end_annotation();
  }
};
template <> struct action<annotation> {
  static void apply0(Builder& b) { b.end_annotations(); }
};

template <> struct action<predicate> {
  static void apply0(Builder& b) { b.frame().predicate = b.take(); }
};
template <> struct action<list_object> {
  template <typename ActionInput>
  static void apply(const ActionInput& ai, Builder& b) {
    if (!b.object(b.take())) raise_builder_error(ai, b);
  }
};
template <> struct action<subject> {
  static void apply0(Builder& b) { b.begin_subject(b.take()); }
};
template <> struct action<triples> {
  static void apply0(Builder& b) { b.end_subject(); }
};

template <> struct action<prefix_id> {
  static void apply0(Builder& b) { set_prefix(b); }
  static void set_prefix(Builder& b) {
    Term iri = b.pop(), name = b.pop();
    b.set_prefix(std::move(name.value), std::move(iri.value));
  }
};
template <> struct action<sparql_prefix> : action<prefix_id> {};
template <> struct action<base_directive> {
  static void apply0(Builder& b) { b.set_base(b.pop().value); }
};
template <> struct action<sparql_base> : action<base_directive> {};
template <> struct action<version_string> {
  static void apply0(Builder& b) { b.pop(); }  // every version is read as RDF 1.2
};

template <> struct action<default_graph_open> {
  static void apply0(Builder& b) { b.default_graph(); }
};
template <> struct action<named_graph_open> {
  static void apply0(Builder& b) { b.set_graph(b.pop()); }
};
template <> struct action<graph_close> {
  static void apply0(Builder& b) { b.default_graph(); }
};
template <> struct action<los_subject> {
  static void apply0(Builder& b) { b.begin_subject(b.take()); }
};
template <> struct action<los_triples> {
  static void apply0(Builder& b) { b.end_subject(); }
};

template <typename Grammar>
Status run(Input& input, const ParseOptions& options, const FactSink& sink, bool fold) {
  Builder b(options, sink, fold, input.name());
  // The buffer is allocated whole: it never needs more than all of an input whose size is
  // known, so a small file takes a small one rather than kMaxToken of address space (which
  // the sanitizers' shadow memory pays for on every parse).
  const std::uint64_t whole = input.content_size();
  const std::size_t maximum =
      whole != 0 && whole < kMaxToken ? static_cast<std::size_t>(whole) + 1 : kMaxToken;
  Buffer in(input.name(), maximum, InputReader{&input});
  b.input = &in;
  try {
    pegtl::parse<Grammar, action, control>(in, b);
  } catch (const SinkStopped&) {
    return b.sink_status();
  } catch (const pegtl::parse_error& e) {
    if (!input.status().is_ok()) return input.status();
    return Status::invalid_input(std::string(e.message()), std::move(b.error_where));
  } catch (const std::length_error&) {
    if (!input.status().is_ok()) return input.status();
    Position where{input.name(), in.line(), in.column(), {}, 0};
    return Status::invalid_input("a single token is longer than " +
                                     std::to_string(kMaxToken >> 20) + " MiB",
                                 std::move(where));
  } catch (const std::overflow_error&) {
    // Only a buffer sized by content_size() fills up: the file grew after it was opened.
    if (!input.status().is_ok()) return input.status();
    Position where{input.name(), in.line(), in.column(), {}, 0};
    return Status::invalid_input("the file grew while it was read", std::move(where));
  }
  return input.status();
}

}  // namespace

Status parse_turtle(Input& in, const ParseOptions& options, const FactSink& sink, bool fold) {
  return options.format == RdfFormat::kTriG ? run<trig_doc>(in, options, sink, fold)
                                            : run<turtle_doc>(in, options, sink, fold);
}

}  // namespace annals
