// The parse state of a SPARQL query: the stacks the grammar's actions push to and pop from
// (terms and variables, expressions, paths, groups being built, subqueries) and the checks
// that need the place in the text. It satisfies syntax::TermBuilder, so the terminals shared
// with Turtle decode straight into it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "annals/status.hpp"
#include "annals/term.hpp"
#include "ast/ast.hpp"
#include "ast/update.hpp"

namespace annals::query::grammar {

// How deeply groups, brackets, collections and paths may nest: deep enough for any query a
// person or a program writes, shallow enough that the recursive descent cannot exhaust the
// stack (a test nests 100,000 parentheses).
inline constexpr int kMaxDepth = 256;

// How high a query's tree may grow (ast::Expr::height, ast::GroupPattern::height): long
// chains (`1+1+...`, thousands of OPTIONALs, BINDs or triple patterns in one group, a path of
// thousands of steps) nest no brackets, yet every later stage walks them recursively. Refused
// at parse time with a clear error instead of exhausting the stack or the planner's time.
inline constexpr std::uint32_t kMaxHeight = 1000;

// Thrown by actions with the place already worked out; parse_query turns it into a Status.
struct QueryError {
  std::string message;
  Position where;
};

// The subject being described in a property list, innermost last.
struct Frame {
  ast::Node subject;
  ast::Node predicate;
  std::optional<ast::Path> path;     // set when the verb is a property path
  ast::Node object;                  // the last object, for '~' and '{|'
  std::optional<ast::Node> reifier;  // a '~' reifier not yet taken by an annotation block
};

// A group graph pattern being built.
struct OpenGroup {
  ast::GroupPattern group;
  int bgp = -1;  // the id of the basic graph pattern triples go to now, -1 before one starts
  bool saved_aggregates_ok = false;
};

// An argument list being read.
struct Call {
  std::size_t mark = 0;  // where its arguments start on the expression stack
  bool distinct = false;
  std::optional<std::string> separator;
};

class Builder {
 public:
  Builder(std::string_view text, std::string base, const std::vector<Prefix>& prefixes);

  // --- syntax::TermBuilder -----------------------------------------------------------------
  Term& push_iri();
  Term& push_literal(std::string_view datatype);
  void push_file_blank(std::string_view label);
  Term& top();
  const std::string* prefix(std::string_view name) const;
  const std::string& base() const { return base_; }
  const std::string& source() const { return source_; }
  std::string_view input_noun() const { return source_; }
  void set_source(std::string name) { source_ = std::move(name); }
  Position error_where;

  // --- places and errors -----------------------------------------------------------------
  const char* here = nullptr;  // the start of the rule whose action is running
  const char* here_end = nullptr;
  std::string_view matched() const { return {here, static_cast<std::size_t>(here_end - here)}; }
  // Throws QueryError at p (a pointer into the text), or at the current rule's start.
  [[noreturn]] void fail_at(const char* p, const std::string& message) const;
  [[noreturn]] void fail(const std::string& message) const { fail_at(here, message); }
  // Where the byte offset lies, with its line as the excerpt.
  Position position_of(std::size_t offset) const;
  std::size_t offset() const { return static_cast<std::size_t>(here - text_.data()); }
  void enter();  // one level deeper; an error past kMaxDepth
  void leave() { --depth_; }

  // --- values: terms and variables --------------------------------------------------------
  void push_var(std::string_view name);
  void push_node(ast::Node n) { values_.push_back(std::move(n)); }
  ast::Node pop_node();
  std::string pop_var();  // the variable on top (the grammar put one there)
  void push_fresh();      // a fresh blank node: a hidden variable in patterns
  ast::Node fresh();
  void triple_term();  // pops o, p, s; pushes <<( s p o )>>

  // --- prologue ----------------------------------------------------------------------------
  void set_prefix(std::string name, std::string iri);
  void set_base(std::string iri) { base_ = std::move(iri); }

  // --- queries -----------------------------------------------------------------------------
  std::vector<ast::Query> queries;  // the query, then the subqueries being read
  ast::Query& query() { return queries.back(); }
  void begin_subquery();
  void end_subquery();  // adds the subquery to the group around it

  // --- expressions -------------------------------------------------------------------------
  std::vector<ast::Expr> exprs;
  std::vector<Call> calls;
  ast::Expr pop_expr();
  // Pushes e with its height worked out from its arguments; an error past kMaxHeight.
  void push_expr(ast::Expr e);
  void check_height(std::uint32_t height) const;
  void unary(const char* op);
  void binary(std::string op);
  void open_call();
  std::vector<ast::Expr> take_args();
  void builtin(std::string_view name);
  void aggregate(std::string_view name);
  void function_call();  // the iri expression under the arguments becomes the callee
  void exists(bool negated);
  bool aggregates_ok = false;  // in SELECT expressions, HAVING and ORDER BY
  int aggregate_depth = 0;
  void begin_aggregate();  // at the aggregate's keyword: is one allowed here?

  // --- paths -------------------------------------------------------------------------------
  std::vector<ast::Path> paths;
  std::vector<std::size_t> path_marks;
  void path_link();  // the IRI on the value stack becomes a link
  void path_wrap(ast::Path::Kind kind);
  void path_join(ast::Path::Kind kind);  // sequence or alternative of the top two
  void path_negated();

  // --- triples -----------------------------------------------------------------------------
  bool in_template = false;  // CONSTRUCT templates: blank nodes stay blank nodes
  std::vector<ast::TriplePattern>* template_out = nullptr;
  Frame& frame() { return frames_.back(); }
  void begin_subject(ast::Node s);
  void end_subject() { frames_.pop_back(); }
  void verb_path();
  void verb_var();
  void object(ast::Node o);
  void reifier(ast::Node r);
  void begin_annotation();
  void reified_triple();  // pops r, o, p, s; emits r rdf:reifies <<( s p o )>>; pushes r
  void begin_list() { lists_.emplace_back(); }
  void list_item();
  void end_list();

  // --- groups ------------------------------------------------------------------------------
  std::vector<OpenGroup> groups;
  std::vector<ast::GroupPattern> done;  // closed groups, waiting for the rule around them
  std::vector<std::size_t> union_marks;
  void open_group();
  void close_group();
  ast::GroupPattern pop_done();
  void add(ast::Element e);  // to the innermost open group

  // --- pending parts of clauses ---------------------------------------------------------
  bool order_desc = false;                         // ASC/DESC of the ORDER BY condition being read
  std::optional<std::string> group_as;             // GROUP BY (expr AS ?var)
  std::vector<bool> service_silent;                // SERVICE SILENT, innermost last
  std::optional<DateBound> time_first, time_last;  // VALID AT / DURING

  // --- VALUES ------------------------------------------------------------------------------
  ast::InlineData data;
  std::vector<std::optional<ast::Node>> row;
  std::size_t data_at = 0;
  void data_var(std::string name);
  void end_row();

  // --- update (actions_update.cpp) -------------------------------------------------------------
  ast::Update update;
  ast::UpdateOperation& operation() { return update.operations.back(); }
  void begin_operation(UpdateKind kind);
  // A QuadPattern / QuadData block: its triples go to `out` as quads (GRAPH sets the graph).
  void begin_quads(std::vector<ast::QuadPattern>& out);
  void begin_quads_graph();  // the graph name is on the value stack
  void end_quads_graph();
  void end_quads();
  void graph_target(ast::GraphTarget::Kind kind);  // adds a target to the operation

 private:
  std::string_view text_;
  std::string source_ = "query";
  std::string base_;
  std::unordered_map<std::string, std::string> prefixes_;
  std::vector<ast::Node> values_;
  std::vector<Frame> frames_;
  struct List {
    ast::Node head, last;
    bool empty = true;
  };
  std::vector<List> lists_;
  int depth_ = 0;
  std::uint64_t fresh_ = 0;
  int bgp_counter_ = 0;
  // Blank node labels of patterns and the basic graph pattern each belongs to (§4.1.4: one
  // label may not be used in two).
  std::unordered_map<std::string, int> blank_bgp_;

  void emit(ast::Node s, const Frame& f, ast::Node o);
  // Update: the triples of the block being read, and where the current GRAPH's start.
  std::vector<ast::TriplePattern> quad_triples_;
  std::vector<ast::QuadPattern>* quads_out_ = nullptr;
  std::optional<ast::Node> quad_graph_;
  std::size_t quad_graph_mark_ = 0;
  std::size_t targets_ = 0;  // graph targets the current operation has so far
  // INSERT DATA's blank node labels and the operation they belong to: such a label stands
  // for one blank node, so it may not be shared with another operation (SPARQL 1.1 Update
  // §19.6, syntax-update-54). A template's labels are fresh for each solution anyway.
  std::unordered_map<std::string, std::size_t> template_labels_;
  void template_label(const std::string& name);
  void move_quads(std::size_t from, const std::optional<ast::Node>& graph);

  void emit(ast::Node s, ast::Node p, ast::Node o);
  void emit_pattern(ast::TriplePattern t);
  int current_bgp();
};

}  // namespace annals::query::grammar
